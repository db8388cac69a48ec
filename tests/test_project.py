"""A user's own project: init, data edits that count, project defaults, and the CLI habits (-q, -v, NO_COLOR,
--debug) people rely on."""
from __future__ import annotations

import csv
from pathlib import Path

from click.testing import CliRunner

from conftest import run
from readers import pdf_text
from reportgen.cli import main

FACTS = Path("data/facts/003_f21926bdb71bccc2.part1.csv")


def _edit_fact(project: Path, fact_id: str, **changes) -> None:
    path = project / FACTS
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        if row["id"] == fact_id:
            row.update(changes)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def test_init_makes_a_project_whose_data_edits_reach_the_pdf(tmp_path):
    assert run("init", "fund", cwd=tmp_path).exit_code == 0
    project = tmp_path / "fund"
    assert {p.name for p in project.iterdir()} >= {"reportgen.yaml", "briefs", "themes", "templates", "data"}
    _edit_fact(project, "unh25.a-planned-area", value="171.9", quote="规划面积 171.9 平方公里")
    result = run("build", "--lang", "en", "--format", "pdf", "-v", cwd=project / "briefs")   # found upward
    assert result.exit_code == 0, result.output
    assert f"project {project}" in result.stderr and str(project / "data") in result.stderr
    text = pdf_text(project / "briefs" / "out" / "investor.en.pdf")     # the project's default brief
    assert "171.9 km²" in text          # the shipped dataset says 170.6


def test_check_reads_the_projects_data(tmp_path):
    run("init", "p", cwd=tmp_path)
    project = tmp_path / "p"
    _edit_fact(project, "unh25.a-planned-area", unit="square leagues")
    result = run("check", cwd=project)
    assert result.exit_code == 4
    assert str(project / FACTS) in result.stderr and "square leagues" in result.stderr


def test_import_facts_writes_into_the_project_by_default(tmp_path):
    run("init", "p", cwd=tmp_path)
    project = tmp_path / "p"
    sheet = tmp_path / "003_f21926bdb71bccc2.update.csv"
    rows = list(csv.reader((project / FACTS).open(encoding="utf-8")))
    new = rows[1][:]
    new[0] = "unh25.a-planned-area-copy"
    sheet.write_text("\n".join(",".join(f'"{c}"' for c in r) for r in (rows[0], new)) + "\n", encoding="utf-8")
    assert run("import-facts", sheet, cwd=project).exit_code == 0
    assert (project / "data" / "facts" / "003_f21926bdb71bccc2.csv").is_file() is False
    assert "unh25.a-planned-area-copy" in (project / "data" / "facts" / "003_f21926bdb71bccc2.update.csv").read_text()
    outside = run("import-facts", sheet, cwd=tmp_path)
    assert outside.exit_code == 2 and "reportgen init" in outside.stderr


def test_init_never_overwrites(tmp_path):
    run("init", "p", cwd=tmp_path)
    again = run("init", "p", cwd=tmp_path)
    assert again.exit_code == 2 and "already holds a project" in again.stderr


def test_a_bad_project_setting_is_located(tmp_path):
    run("init", "p", cwd=tmp_path)
    (tmp_path / "p" / "reportgen.yaml").write_text("name: p\nlanguage: [en]\n", encoding="utf-8")
    result = run("list", cwd=tmp_path / "p")
    assert result.exit_code == 3 and "reportgen.yaml:2" in result.stderr and "did you mean 'languages'" in result.stderr


def test_quiet_prints_nothing_on_success_and_errors_still_print(tmp_path):
    quiet = run("build", "investor", "--lang", "en", "--format", "pdf", "--out", tmp_path, "-q")
    assert quiet.exit_code == 0 and quiet.output == ""
    failed = run("build", "nosuch", "-q")
    assert failed.exit_code == 2 and "unknown-brief" in failed.stderr


def test_no_color_turns_colour_off():
    runner = CliRunner()
    coloured = runner.invoke(main, ["build", "nosuch"], color=True)
    plain = runner.invoke(main, ["build", "nosuch"], color=True, env={"NO_COLOR": "1"})
    assert "\x1b[" in coloured.stderr and "\x1b[" not in plain.stderr
    assert plain.stderr.startswith("error unknown-brief:")      # no '<input>:' location


def test_debug_shows_the_traceback_and_keeps_the_exit_code():
    result = run("--debug", "build", "nosuch")
    assert result.exit_code == 2 and "Traceback" in result.stderr


def test_reference_doc_writes_a_starter_with_the_writers_styles(tmp_path):
    import docx
    assert run("reference-doc", tmp_path / "ours.docx").exit_code == 0
    styles = {s.name for s in docx.Document(str(tmp_path / "ours.docx")).styles}
    assert {"Title", "Subtitle", "Heading 1", "Heading 2", "Normal", "Caption"} <= styles
    assert run("reference-doc", tmp_path / "ours.docx").exit_code == 2       # never overwrites


def test_watch_rebuilds_once_per_change(tmp_path):
    import os
    import queue
    import subprocess
    import sys
    import threading
    import time
    run("init", "p", cwd=tmp_path)
    project = tmp_path / "p"
    override = project / "templates" / "investor" / "en" / "policy.md.j2"
    override.parent.mkdir(parents=True)
    cmd = [sys.executable, "-m", "reportgen.cli", "build", "investor", "--lang", "en", "--format", "pdf", "--watch"]
    proc = subprocess.Popen(cmd, cwd=project, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in proc.stderr], daemon=True).start()

    def wait_for(word: str, timeout: float = 60) -> list[str]:
        seen, end = [], time.monotonic() + timeout
        while time.monotonic() < end:
            try:
                seen.append(lines.get(timeout=0.5))
            except queue.Empty:
                continue
            if word in seen[-1]:
                return seen
        raise AssertionError(f"no {word!r} within {timeout} s: {seen}")

    try:
        wait_for("watching")
        override.write_text('{% extends "default:investor/en/policy.md.j2" %}'
                            '{% block heading %}# Support for pension funds{% endblock %}', encoding="utf-8")
        seen = wait_for("built in")
        assert sum("changed:" in line for line in seen) == 1 and "policy.md.j2" in "".join(seen)
        assert "Support for pension funds" in pdf_text(project / "out" / "investor.en.pdf")
        override.write_text("{% block heading %", encoding="utf-8")         # an error: shown, the watch goes on
        seen = wait_for("not rebuilt")
        assert any("template-syntax" in line for line in seen) and proc.poll() is None
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_shell_completion_offers_the_projects_briefs_and_themes(tmp_path):
    import os
    import subprocess
    import sys
    run("init", "p", cwd=tmp_path)
    (tmp_path / "p" / "briefs" / "pension-fund.yaml").write_text("extends: investor\n", encoding="utf-8")
    (tmp_path / "p" / "themes" / "pension.yaml").write_text("extends: investor\n", encoding="utf-8")
    script = "import sys; from reportgen.cli import main; sys.argv = ['reportgen']; main()"

    def complete(words: str) -> list[str]:
        env = {**os.environ, "COMP_WORDS": words, "COMP_CWORD": str(len(words.split()) - 1),
               "_REPORTGEN_COMPLETE": "bash_complete"}
        return subprocess.run([sys.executable, "-c", script], cwd=tmp_path / "p", env=env, capture_output=True,
                              text=True).stdout.splitlines()
    assert "plain,pension-fund" in complete("reportgen build pe")
    assert complete("reportgen build investor --theme p") == ["plain,pension"]


def test_theme_option_dresses_a_brief_in_another_theme(tmp_path):
    """--theme wins over the theme the brief names; an unknown one is a usage error with a did-you-mean."""
    from test_themes import OLD, pages, pixels
    result = run("build", "investor", "--lang", "en", "--format", "pdf", "--theme", "sdg", "--out", tmp_path)
    assert result.exit_code == 0, result.output
    drawn = pages(tmp_path / "investor.en.pdf", first=2, last=3)     # page 1 has the logo, in its own blue
    assert sum(pixels(p, "#0B4F6C") for p in drawn) > 1000 and sum(pixels(p, OLD) for p in drawn) == 0
    bad = run("build", "investor", "--theme", "sgd", "--out", tmp_path / "bad")
    assert bad.exit_code == 2 and "did you mean 'sdg'?" in bad.stderr and not (tmp_path / "bad").exists()


def test_templates_copy_takes_one_file_or_one_block_and_list_marks_stale_copies(tmp_path):
    import os
    run("init", "p", cwd=tmp_path)
    project = tmp_path / "p"
    one = run("templates", "copy", "investor/en/policy.md.j2", cwd=project)
    assert one.exit_code == 0, one.output
    copied = sorted(p.relative_to(project / "templates") for p in (project / "templates").rglob("*.j2"))
    assert copied == [Path("investor/en/policy.md.j2")]
    block = run("templates", "copy", "investor/en/location.md.j2", "--block", "heading", cwd=project)
    assert block.exit_code == 0, block.output
    stub = (project / "templates" / "investor" / "en" / "location.md.j2").read_text(encoding="utf-8")
    assert stub.startswith('{% extends "default:investor/en/location.md.j2" %}') and "block body" not in stub
    assert run("build", "investor", "--lang", "en", "--format", "pdf", cwd=project).exit_code == 0
    bad = run("templates", "copy", "investor/en/policy.md.j2", "--block", "hedding", cwd=project)
    assert bad.exit_code == 2 and "did you mean 'heading'" in bad.stderr
    os.utime(project / "templates" / "investor" / "en" / "policy.md.j2", (0, 0))     # a copy from long ago
    listing = run("templates", "list", "investor", cwd=project).stdout
    policy = [line for line in listing.splitlines() if "policy.md.j2" in line and str(project) in line]
    assert policy and "older than the built-in" in policy[0]
    assert "older" not in next(line for line in listing.splitlines() if "location.md.j2" in line and str(project) in line)


def test_check_reports_a_rejected_unit_without_composing_briefs(tmp_path):
    run("init", "p", cwd=tmp_path)
    units = tmp_path / "p" / "data" / "units.yaml"
    units.write_text(units.read_text(encoding="utf-8").replace("factor:", "factr:", 1), encoding="utf-8")
    result = run("check", cwd=tmp_path / "p")
    assert result.exit_code == 4 and "units.yaml" in result.stderr and "internal-error" not in result.stderr


NEWER = [  # a later figure for a metric the shipped briefs name in key messages, tiles and text (the old has no period)
    dict(id="unh25.c-national-key-labs-2025", entity="fsc", metric="national_key_labs_count", value="23",
         unit="个", qualifier="exact", status="actual", period="2025-12", label_en="National key laboratories",
         label_zh="全国重点实验室", topics="innovation", sdg="9", locator="§5.2", quote="23个全国重点实验室"),
    dict(id="unh25.c-energy-valley-talent-2025", entity="fsc-east", metric="talent_pool", value="2.2", unit="万人",
         qualifier="exact", status="actual", period="2025-06", label_en="Energy-related talent in the Energy Valley",
         label_zh="“能源谷”汇聚相关人才", topics="talent;energy", sdg="9", locator="para 13", quote="相关人才2.2万人"),
]


def test_a_newer_figure_replaces_the_old_one_wherever_a_brief_names_its_metric(tmp_path):
    """Key messages, tiles and text name a metric by entity:metric where they mean the current figure, so a newer
    fact is printed everywhere and the old one nowhere beside it (sentences that name a year keep their fact)."""
    run("init", "p", cwd=tmp_path)
    project = tmp_path / "p"
    header = next(csv.reader((project / FACTS).open(encoding="utf-8")))
    with (project / FACTS).open("a", encoding="utf-8", newline="") as fh:
        csv.DictWriter(fh, fieldnames=header, lineterminator="\n").writerows(NEWER)
    result = run("build", "investor-energy", "--lang", "en", "--format", "pdf", "--out", project / "out", cwd=project)
    assert result.exit_code == 0, result.output
    text = " ".join(pdf_text(project / "out" / "investor-energy.en.pdf").split())    # lines of a column joined
    assert "In June 2025 the valley counted 22,000 professionals in related fields" in text     # key message
    assert "15,000" not in text and "undated feature counts" not in text
    claims = list(csv.DictReader((project / "out" / "investor-energy.en.claims.csv").open(encoding="utf-8")))
    printed = [c["fact_id"] for c in claims]
    assert printed.count("unh25.c-energy-valley-talent-2025") == 1        # said once, not tiled again
    assert "unh25.c-national-key-labs-2025" in printed                    # the innovation sentence
    assert not {"ev21.energy-valley-talent", "unh25.c-national-key-labs"} & set(printed)
    assert "23 national key laboratories" in text and "17 national key laboratories" not in text
