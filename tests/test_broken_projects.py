"""A corpus of broken example projects (tests/broken/<case>/), one per error kind.

Each case is the small valid project in tests/broken/_base with some files replaced; its expected.yaml lists the
exit code and the (code, file:line[:column]) of every error the build must report: no more, no fewer, and never
a traceback or a written file.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import run

CORPUS = Path(__file__).parent / "broken"
CASES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir() and not p.name.startswith("_"))
LINE = re.compile(r"^(?:(?P<loc>\S+?): )?error (?P<code>[a-z-]+):", re.M)


def project(tmp_path: Path, case: str | None) -> Path:
    proj = tmp_path / "project"
    shutil.copytree(CORPUS / "_base", proj)
    if case:
        for f in (CORPUS / case).rglob("*"):
            if f.is_file() and f.name != "expected.yaml":
                dst = proj / f.relative_to(CORPUS / case)
                dst.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(f, dst)
    return proj


def test_the_base_project_builds(tmp_path):
    proj = project(tmp_path, None)
    result = run("build", "mini", "--data", "data", "--out", "out", cwd=proj)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (proj / "out").iterdir()) == [
        "mini.en.claims.csv", "mini.en.docx", "mini.en.pdf", "mini.zh.claims.csv", "mini.zh.docx", "mini.zh.pdf"]


@pytest.mark.parametrize("case", CASES)
def test_broken_project_reports_exactly_its_errors(tmp_path, case):
    expected = yaml.safe_load((CORPUS / case / "expected.yaml").read_text(encoding="utf-8"))
    proj = project(tmp_path, case)
    result = run("build", expected.get("brief", "mini"), "--data", "data", "--out", "out", cwd=proj)
    assert result.exit_code == expected["exit"], result.output
    assert "Traceback" not in result.output
    found = []
    for m in LINE.finditer(result.stderr):
        loc = (m["loc"] or "").replace(str(proj) + "/", "")
        found.append((m["code"], loc))
    want = []
    for code, loc in expected["errors"]:
        parts = loc.split(":")
        match = next((f for f in found if f[0] == code and f[1].split(":")[:len(parts)] == parts), None)
        want.append(match or (code, loc))
    assert sorted(found) == sorted(want), result.stderr
    assert not (proj / "out").exists() or not any((proj / "out").iterdir())


def test_one_broken_brief_stops_neither_the_others_nor_list(tmp_path):
    """``build`` of several briefs (``--all``, or a project's list) builds the others and names the broken one;
    ``list`` lists every other brief. Both end with the broken file's exit code and location."""
    proj = project(tmp_path, None)
    (proj / "briefs" / "bad.yaml").write_text("title: {en: Bad\n", encoding="utf-8")
    (proj / "reportgen.yaml").write_text("briefs: [bad, mini]\ndata: data\n", encoding="utf-8")
    result = run("build", "--lang", "en", "--format", "pdf", "--out", "out", cwd=proj)
    assert result.exit_code == 3, result.output
    assert "bad was not built:" in result.stderr and "briefs/bad.yaml:2:1: error yaml-syntax" in result.stderr
    assert "1 of 2 briefs could not be read (bad); the others are built." in result.stderr
    assert sorted(p.name for p in (proj / "out").iterdir()) == ["mini.en.claims.csv", "mini.en.pdf"]
    listed = run("list", cwd=proj)
    assert listed.exit_code == 3 and "briefs/bad.yaml:2:1: error yaml-syntax" in listed.stderr
    names = [line.split()[0] for line in listed.stdout.splitlines()]
    assert "mini" in names and "investor" in names and "bad" not in names and "Traceback" not in listed.output
