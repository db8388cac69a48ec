"""What keeps builds quick changes nothing they give: the data kept between runs is checked on load (a record that
does not fit what it describes is read again from the source), YAML read by libyaml says the same as before, and
a small batch is built in this process, the same files as worker processes build."""
from __future__ import annotations

import json

import pytest
import yaml
from fontTools.ttLib import TTFont

from reportgen.core import files, fonts


@pytest.fixture
def fresh_cover():
    fonts.covered_codepoints.cache_clear()
    yield
    fonts.covered_codepoints.cache_clear()


def _record():
    face = fonts.ensure_fonts().regular
    return face, face.parent.with_name(f"{face.parent.name}-cmap.json")


def test_the_code_points_the_face_draws_are_kept_as_data_and_match_its_cmap(fresh_cover):
    face, record = _record()
    record.unlink(missing_ok=True)
    first = fonts.covered_codepoints()
    assert first == frozenset(TTFont(face).getBestCmap()) and record.is_file()
    saved = json.loads(record.read_text(encoding="utf-8"))
    assert saved["face"] == [face.stat().st_size, face.stat().st_mtime_ns]
    fonts.covered_codepoints.cache_clear()
    assert fonts.covered_codepoints() == first        # read back from the record, the same set


@pytest.mark.parametrize("content", ["not json", '{"face": [1, 2], "ranges": [[65, 90]]}', '{"ranges": 7}',
                                     '{"face": "x", "ranges": [["a", "b"]]}'])
def test_a_record_that_does_not_fit_the_face_is_read_again_from_the_face(fresh_cover, content):
    face, record = _record()
    record.write_text(content, encoding="utf-8")
    assert fonts.covered_codepoints() == frozenset(TTFont(face).getBestCmap())
    assert json.loads(record.read_text(encoding="utf-8"))["face"][0] == face.stat().st_size     # written anew


def test_yaml_loads_the_same_with_lines_and_columns_as_the_pure_python_parser(tmp_path):
    from reportgen.core.resources import builtin

    def shape(value):
        if isinstance(value, dict):
            return [(k, value.lines[k], value.columns[k], shape(v)) for k, v in value.items()]
        if isinstance(value, list):
            return [value.places, [shape(v) for v in value]]
        return value
    paths = sorted(builtin("assets").rglob("*.yaml")) + sorted(builtin("briefs").glob("*.yaml"))
    assert len(paths) > 15
    for path in paths:
        text = path.read_text(encoding="utf-8")
        assert shape(files.load(path)) == shape(yaml.load(text, Loader=files._Loader)), path


def test_a_syntax_error_is_told_in_the_pure_python_parsers_words_at_its_place(tmp_path):
    from reportgen.core.errors import DataError
    path = tmp_path / "bad.yaml"
    path.write_text("a: 1\nb: [2, 3\nc: 4\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        files.load(path)
    problem = caught.value.problems[0]
    with pytest.raises(yaml.MarkedYAMLError) as plain:
        yaml.load(path.read_text(encoding="utf-8"), Loader=files._Loader)
    mark = plain.value.problem_mark
    assert (problem.code, problem.line, problem.column) == ("yaml-syntax", mark.line + 1, mark.column + 1)
    assert plain.value.problem in problem.message


def test_a_small_batch_is_built_here_and_gives_the_files_worker_processes_give(tmp_path):
    from conftest import run
    rows = tmp_path / "r.csv"
    rows.write_text("name,organisation,language\nAnn Lee,Example Capital,en\nBo Chen,Sample Fund,en\n", encoding="utf-8")
    env = {"SOURCE_DATE_EPOCH": "1767225600"}
    here = run("build", "investor", "--recipients", rows, "--format", "pdf", "--out", tmp_path / "here", env=env)
    pool = run("build", "investor", "--recipients", rows, "--format", "pdf", "--out", tmp_path / "pool", "--jobs", "2",
               env=env)
    assert here.exit_code == 0 and pool.exit_code == 0, here.output + pool.output
    assert "(1 process)" in here.stderr and "(2 processes)" in pool.stderr
    files = lambda folder: {p.name: p.read_bytes() for p in sorted(folder.iterdir())}
    assert files(tmp_path / "here") == files(tmp_path / "pool") and len(files(tmp_path / "here")) == 4
