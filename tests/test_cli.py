"""The command line: help, listing, overrides, and errors a person can act on."""
from __future__ import annotations

import re
import shutil
import textwrap

from conftest import run
from readers import docx_text, pdf_text


def test_help_explains_the_commands():
    result = run("--help")
    assert result.exit_code == 0
    for cmd in ("build", "check", "facts", "list"):
        assert cmd in result.output
    assert "--param" in run("build", "--help").output
    listed = result.output.split("Commands:")[1].splitlines()
    assert not [line for line in listed if line.endswith("...")], "every command's summary is shown whole"


def test_list_shows_briefs():
    out = run("list").output
    assert "investor" in out and "sdg" in out and "en,zh" in out


def test_build_prints_each_path(tmp_path):
    result = run("build", "investor", "--lang", "en", "--format", "pdf", "--out", tmp_path)
    assert result.exit_code == 0
    assert result.stdout.split() == [str(tmp_path / "investor.en.pdf"), str(tmp_path / "investor.en.claims.csv")]


def test_template_override_changes_one_section_in_both_formats(tmp_path):
    user = tmp_path / "mine" / "investor" / "en"
    user.mkdir(parents=True)
    (user / "policy.md.j2").write_text('{% extends "default:investor/en/policy.md.j2" %}\n'
                                       "{% block body %}Talk to our desk: **Desk 7**, Tuesdays.{% endblock %}\n",
                                       encoding="utf-8")
    result = run("build", "investor", "--lang", "en", "--out", tmp_path / "out", "--templates", tmp_path / "mine")
    assert result.exit_code == 0, result.output
    for text in (pdf_text(tmp_path / "out" / "investor.en.pdf"), docx_text(tmp_path / "out" / "investor.en.docx")):
        assert "Talk to our desk" in text and "Three industry clusters" in text
        assert "Policy and finance support" in text            # the heading block is still the built-in one
        assert "sci-tech finance institutions" not in text      # the body block is replaced
    plain = run("build", "investor", "--lang", "en", "--out", tmp_path / "plain")
    assert "Talk to our desk" not in pdf_text(tmp_path / "plain" / "investor.en.pdf")


def test_unknown_fact_in_a_template_names_file_line_and_suggestion(tmp_path):
    user = tmp_path / "mine" / "investor" / "en"
    user.mkdir(parents=True)
    (user / "policy.md.j2").write_text("# Policy\n\nLine two.\n\n{{ fact('unh25.c-revenue-2204') }}\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run("build", "investor", "--lang", "en", "--out", out, "--templates", tmp_path / "mine")
    assert result.exit_code == 5
    assert "policy.md.j2:5" in result.stderr and "did you mean 'unh25.c-revenue-2024'" in result.stderr
    assert "Traceback" not in result.output
    assert not out.exists() or not any(out.iterdir())


def test_failed_build_leaves_earlier_outputs_untouched(tmp_path):
    out = tmp_path / "out"
    assert run("build", "investor", "--lang", "en", "--out", out).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    user = tmp_path / "mine" / "investor" / "en"
    user.mkdir(parents=True)
    (user / "talent.md.j2").write_text("# Talent\n\n{{ undefined_thing }}\n", encoding="utf-8")
    result = run("build", "investor", "--lang", "en", "--out", out, "--templates", tmp_path / "mine")
    assert result.exit_code == 5 and "talent.md.j2:3" in result.stderr
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_bad_brief_yaml_names_the_line(tmp_path):
    (tmp_path / "briefs").mkdir()
    (tmp_path / "briefs" / "broken.yaml").write_text(textwrap.dedent("""\
        audience: investor
        title: {en: A, zh: B}
        sections:
          - id: glance
           kpis: [x]
        """), encoding="utf-8")
    runner_result = run("build", "broken", cwd=tmp_path)
    assert runner_result.exit_code == 3
    assert "broken.yaml:5" in runner_result.stderr and "yaml-syntax" in runner_result.stderr


def test_unknown_brief_suggests_a_name():
    result = run("build", "investr")
    assert result.exit_code == 2 and "did you mean 'investor'" in result.stderr


def test_check_fails_on_bad_data(data_copy):
    path = data_copy / "facts" / "004_6464a7168a21d760.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",万亿元,", ",gazillions,", 1), encoding="utf-8")
    result = run("check", "--data", data_copy)
    assert result.exit_code == 4 and "unknown-unit" in result.stderr and "004_6464a7168a21d760.csv:2:6" in result.stderr


def test_reference_doc_supplies_word_styles(tmp_path):
    """A user's reference.docx restyles the Word output without touching code (as pandoc's --reference-doc)."""
    from docx import Document
    from docx.shared import Pt, RGBColor
    ref = Document()
    ref.styles["Heading 1"].font.size = Pt(21)
    ref.styles["List Bullet"].font.color.rgb = RGBColor(0x88, 0x11, 0x11)
    ref.add_paragraph("this text is dropped; only the styles stay")
    ref.save(tmp_path / "ref.docx")
    result = run("build", "investor", "--lang", "en", "--format", "docx", "--out", tmp_path / "out",
                 "--reference-doc", tmp_path / "ref.docx")
    assert result.exit_code == 0, result.output
    d = Document(str(tmp_path / "out" / "investor.en.docx"))
    assert d.styles["List Bullet"].font.color.rgb == RGBColor(0x88, 0x11, 0x11)
    assert d.styles["Heading 1"].font.size == Pt(21)
    assert "only the styles stay" not in "\n".join(p.text for p in d.paragraphs)


def test_check_is_quiet_by_default_and_lists_warnings_with_v():
    quiet, verbose = run("check"), run("check", "-v")
    assert quiet.exit_code == verbose.exit_code == 0, quiet.output
    counted = re.search(r"0 errors, (\d+) warnings \(listed with -v\)", quiet.stderr)
    assert counted and int(counted.group(1)) > 0 and "warning " not in quiet.stderr
    assert len(re.findall(r"^\S.*: warning [a-z-]+:", verbose.stderr, re.M)) == int(counted.group(1))


def test_a_pipe_closed_early_is_not_an_error():
    import subprocess
    import sys
    proc = subprocess.run(f"{sys.executable} -m reportgen templates list investor | head -1", shell=True,
                          capture_output=True, text=True)
    assert proc.stdout.count("\n") == 1 and proc.stderr == "", proc.stderr


def test_facts_filters_name_what_does_not_exist():
    result = run("facts", "--entity", "fsx")
    assert result.exit_code == 2 and "error unknown-entity: --entity: no entity 'fsx'" in result.stderr
    assert "did you mean 'fsc'?" in result.stderr


def test_verbose_build_tells_its_timings(tmp_path):
    from pathlib import Path
    shutil.copytree(Path(__file__).parent / "broken" / "_base", tmp_path / "p")
    result = run("build", "mini", "--lang", "en", "--format", "pdf", "--data", "data", "--out", "out", "-v",
                 cwd=tmp_path / "p")
    assert result.exit_code == 0, result.output
    assert re.search(r"dataset loaded in \d+\.\d\d s", result.stderr)
    assert re.search(r"mini\.en: composed in \d+\.\d\d s, pdf in \d+\.\d\d s", result.stderr), result.stderr
    quiet = run("build", "mini", "--lang", "en", "--format", "pdf", "--data", "data", "--out", "out", cwd=tmp_path / "p")
    assert "composed in" not in quiet.stderr


def test_the_code_has_no_unix_only_idioms():
    """Windows has no fork start method and no glibc strftime flags: each use must choose by platform."""
    from pathlib import Path
    from reportgen.run.builder import date_text
    from datetime import datetime
    assert date_text(datetime(2026, 1, 5), "en") == "5 January 2026"
    for path in (Path(__file__).parent.parent / "reportgen").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"strftime\(\"[^\"]*%-", text), path
        assert not re.search(r"get_context\(\"fork\"\)", text), path
