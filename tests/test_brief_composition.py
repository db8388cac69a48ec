"""Briefs that compose: an ``extends`` brief drops and patches sections by id, sets its audience label, and
declares parameters whose values are checked where they are given (command line, params file, recipients row)."""
from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest
from docx import Document

from readers import docx_paragraphs
from pypdf import PdfReader

from conftest import ROOT, run
from reportgen.brief import definition, parameters
from reportgen.core.errors import BriefError, Problems
from reportgen.core.resources import builtin

PENSION = """\
extends: investor
drop_sections: [talent]
audience_label: {en: For pension funds, zh: 养老基金简报}
"""


def outline(pdf: Path) -> list[str]:
    """The PDF's bookmarks: one per top heading, as a reader's viewer lists them."""
    return [o.title for o in PdfReader(pdf).outline if not isinstance(o, list)]


def cover_lines(pdf: Path) -> list[str]:
    return [line.strip() for line in (PdfReader(pdf).pages[0].extract_text() or "").splitlines()]


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / "briefs" / f"{name}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def load(folder: Path, name: str):
    dirs = [folder / "briefs", builtin("briefs")]
    return definition.load(definition.find(name, dirs), dirs)


@pytest.fixture(scope="module")
def pension(tmp_path_factory) -> Path:
    """The three-line pension-fund brief in an ``init``ed project, and the investor brief it extends, built."""
    root = tmp_path_factory.mktemp("pension")
    assert run("init", "fund", cwd=root).exit_code == 0
    project = root / "fund"
    write(project, "pension-fund", PENSION)
    for brief in ("pension-fund", "investor"):
        result = run("build", brief, "--format", "pdf", cwd=project)
        assert result.exit_code == 0, result.output
    assert run("build", "pension-fund", "--lang", "zh", "--format", "docx", cwd=project).exit_code == 0
    return project / "out"


def test_a_dropped_section_is_absent_and_the_others_stay(pension):
    for lang, heading in (("en", "Talent and growth"), ("zh", "人才与增长")):
        base, variant = outline(pension / f"investor.{lang}.pdf"), outline(pension / f"pension-fund.{lang}.pdf")
        assert heading in base and heading not in variant
        assert variant == [h for h in base if h != heading]


def test_the_audience_label_is_translated_on_the_cover(pension):
    en, zh = cover_lines(pension / "pension-fund.en.pdf"), cover_lines(pension / "pension-fund.zh.pdf")
    assert "For pension funds" in en and "For investors" not in en
    assert "养老基金简报" in zh and "投资者简报" not in zh and "For pension funds" not in "".join(zh)
    assert "投资者简报" in cover_lines(pension / "investor.zh.pdf")       # the shipped audience keeps its label
    word = docx_paragraphs(Document(str(pension / "pension-fund.zh.docx")))
    assert "养老基金简报" in [p.text for p in word[:12]]                     # the Word file's cover says the same
    assert "人才与增长" not in [p.text for p in word if p.style.name == "Heading 1"]


def test_a_patch_changes_one_section_and_keeps_the_rest(tmp_path):
    write(tmp_path, "patched", """\
        extends: investor
        patch_sections:
          industries: {charts: [cluster-revenue]}
          talent: {kpis: [unh25.c-new-enterprises-2025]}
        """)
    base, patched = load(tmp_path, "investor"), load(tmp_path, "patched")
    changed = {s.id: s for s in patched.sections}
    assert [s.id for s in patched.sections] == [s.id for s in base.sections]
    assert changed["industries"].charts == ["cluster-revenue"] and changed["talent"].kpis == ["unh25.c-new-enterprises-2025"]
    for before in base.sections:
        if before.id not in ("industries", "talent"):
            assert changed[before.id] == before
    result = run("build", "patched", "--lang", "en", "--format", "pdf", "--out", "out", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    text = " ".join((PdfReader(tmp_path / "out" / "patched.en.pdf").pages[i].extract_text() or "")
                    for i in range(len(PdfReader(tmp_path / "out" / "patched.en.pdf").pages))).replace("\n", " ")
    assert "Each of the three clusters earned more than RMB 100 billion" in text
    assert "Advanced energy: industrial output rose" not in text     # the charts the patch left out
    assert "Pharma and health: revenue and industrial output" not in text


def test_the_readme_example_works_as_written(tmp_path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = re.search(r"```yaml file=briefs/pension-fund.yaml\n(.*?)```", readme, re.S).group(1)
    write(tmp_path, "pension-fund", example)
    brief = load(tmp_path, "pension-fund")
    ids = [s.id for s in brief.sections]
    assert "talent" not in ids and "beijing" not in ids and "location" in ids
    assert next(s for s in brief.sections if s.id == "industries").charts == ["cluster-revenue"]
    assert brief.audience_label["zh"] == "养老基金简报"


def test_edits_pass_down_and_sections_still_replace(tmp_path):
    write(tmp_path, "pension-fund", PENSION)
    write(tmp_path, "pension-short", """\
        extends: pension-fund
        drop_sections: [beijing]
        patch_sections: {policy: {box: true}}
        """)
    write(tmp_path, "three", "extends: pension-fund\nsections: [{id: glance}, {id: talent}, {id: location}]\n")
    ids = [s.id for s in load(tmp_path, "pension-short").sections]
    assert "talent" not in ids and "beijing" not in ids and "policy" in ids
    assert next(s for s in load(tmp_path, "pension-short").sections if s.id == "policy").box
    assert [s.id for s in load(tmp_path, "three").sections] == ["glance", "talent", "location"]
    assert load(tmp_path, "pension-short").audience_label == {"en": "For pension funds", "zh": "养老基金简报"}


@pytest.mark.parametrize("text,expected", [
    ("drop_sections: [talnet]\n", ("unknown-section", 2, 17, "did you mean 'talent'?")),
    ("patch_sections:\n  valeys: {box: true}\n", ("unknown-section", 3, 3, "did you mean 'valleys'?")),
    ("patch_sections:\n  valleys: {chart: [pct]}\n", ("unknown-field", 3, 13, "did you mean 'charts'?")),
    ("patch_sections:\n  valleys: {goal: 40}\n", ("bad-value", 3, 13, "")),
    ("drop_sections: [talent]\npatch_sections: {talent: {box: true}}\n", ("bad-value", 3, 18, "")),
    ("patch_sections:\n  valleys: {charts: [pc]}\n", ("unknown-chart", 3, None, "did you mean 'pct'?")),
    ("patch_sections:\n  valleys: {sector: enrgy}\n", ("bad-value", 3, 13, "did you mean 'energy'?")),
    ("audience_label: {en: For pension funds}\n", ("bad-value", 2, 1, "audience_label: lacks zh")),
    ("params: {sector: energy}\n", ("unknown-field", 2, 1, "did you mean 'parameters'?")),
    ("parameters: {sector: {default: enrgy}}\n", ("bad-value", 2, 23, "")),
    ("parameters: {sector: energy}\n", ("bad-type", 2, 14, "any of the keys type, allowed, default")),
])
def test_a_bad_edit_is_located_in_the_child_file(tmp_path, text, expected):
    child = write(tmp_path, "child", "extends: investor\n" + text)
    with pytest.raises(BriefError) as caught:
        load(tmp_path, "child")
    problem = caught.value.problems[0]
    assert len(caught.value.problems) == 1, caught.value.problems
    assert (problem.code, problem.file, problem.line) == (expected[0], str(child), expected[1]), problem
    assert expected[2] is None or problem.column == expected[2], problem
    assert expected[3] in problem.hint + problem.message


def test_an_unknown_section_id_is_a_cli_error_at_the_child_file(tmp_path):
    write(tmp_path, "child", "extends: investor\ndrop_sections: [talent, talnet]\n")
    result = run("build", "child", "--lang", "en", "--out", "out", cwd=tmp_path)
    assert result.exit_code == 3 and "Traceback" not in result.output
    assert "briefs/child.yaml:2:25: error unknown-section: drop_sections: no section 'talnet' to drop" in result.stderr
    assert "hint: did you mean 'talent'?" in result.stderr


def test_a_custom_audience_without_a_label_prints_none(tmp_path):
    write(tmp_path, "funds", "extends: factsheet\naudience: pension-funds\ntemplates: factsheet\n")
    write(tmp_path, "funds-labelled", "extends: funds\naudience_label: Pension funds\n")
    assert load(tmp_path, "funds").audience_label is None
    assert load(tmp_path, "funds-labelled").audience_label == {"en": "Pension funds", "zh": "Pension funds"}
    from reportgen.compose.composer import _meta
    assert _meta(load(tmp_path, "funds"), "zh", {}, "").audience == ""          # never the raw id
    assert _meta(load(tmp_path, "funds-labelled"), "zh", {}, "").audience == "Pension funds"
    assert _meta(load(tmp_path, "factsheet"), "zh", {}, "").audience == "投资者简报"


# --- parameters ---------------------------------------------------------------------------------------------------

def test_a_bad_param_is_blamed_on_the_command_line(tmp_path):
    result = run("build", "investor", "--lang", "en", "--out", tmp_path, "--param", "sector=enrgy")
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert ("command line: --param sector: error bad-param: 'enrgy' is not one of all, energy, life-sciences, "
            "manufacturing\n    hint: did you mean 'energy'?") in result.stderr
    assert "investor.yaml" not in result.stderr and not list(tmp_path.iterdir())
    unknown = run("build", "investor", "--lang", "en", "--out", tmp_path, "--param", "secter=energy")
    assert unknown.exit_code == 2
    assert "command line: --param secter: error unknown-param: brief 'investor' has no parameter 'secter'" in unknown.stderr
    assert "did you mean 'sector'?" in unknown.stderr
    mailed = run("mail", "investor", "--to", "a@example.org", "--from", "b@example.org", "--dry-run", "--out",
                 tmp_path / "mail", "--param", "recipient_nam=Ann")
    assert mailed.exit_code == 2 and "command line: --param recipient_nam: error unknown-param" in mailed.stderr


def test_a_bad_param_in_a_file_or_a_row_is_blamed_on_its_line(tmp_path):
    (tmp_path / "p.yaml").write_text("recipient_name: Ms Chen\nsector: lifesciences\n", encoding="utf-8")
    result = run("build", "investor", "--lang", "en", "--out", tmp_path / "out", "--params", tmp_path / "p.yaml")
    assert result.exit_code == 2
    assert f"{tmp_path / 'p.yaml'}:2:1: error bad-param: 'lifesciences' is not one of" in result.stderr
    assert "did you mean 'life-sciences'?" in result.stderr
    (tmp_path / "r.csv").write_text("name,organisation,language,sector\nAnn,Org,en,energy\nBob,Org,en,enrgy\n",
                                    encoding="utf-8")
    rows = run("build", "investor", "--recipients", tmp_path / "r.csv", "--out", tmp_path / "out")
    assert rows.exit_code == 2 and f"{tmp_path / 'r.csv'}:3:4: error bad-param: 'enrgy'" in rows.stderr
    sdg = run("build", "sdg", "--recipients", tmp_path / "r.csv", "--out", tmp_path / "out")
    assert sdg.exit_code == 2 and f"{tmp_path / 'r.csv'}:2:4: error unknown-param: brief 'sdg' has no parameter " \
                                  "'sector'" in sdg.stderr
    assert not (tmp_path / "out").exists()


def test_declared_types_convert_and_refuse(tmp_path):
    declared = {"pages": parameters.Parameter(type="integer", default=2),
                "draft": parameters.Parameter(type="boolean"),
                "scale": parameters.Parameter(type="number", allowed=[0.5, 1], default=1)}
    given = parameters.on_command_line({"pages": "3", "draft": "yes", "scale": "0.5"})
    assert parameters.merge(declared) == {"pages": 2, "scale": 1.0}        # draft has no default: unset
    assert parameters.merge(declared, given) == {"pages": 3, "draft": True, "scale": 0.5}
    problems = Problems()
    parameters.check(declared, parameters.on_command_line({"pages": "two", "draft": "maybe", "scale": "2"}),
                     problems)
    assert [(p.file, p.message) for p in problems.items] == [
        ("command line: --param pages", "'two' is not a whole number"),
        ("command line: --param draft", "'maybe' is not true or false"),
        ("command line: --param scale", "'2' is not one of 0.5, 1.0")]


@pytest.mark.parametrize("declaration,line,column,message", [
    ("{sector: {allowed: [a, b], default: c}}", 2, 40, "'c' is not one of a, b"),
    ("{pages: {type: integer, default: many}}", 2, 37, "'many' is not a whole number"),
    ("{pages: {type: integr}}", 2, 22, "'integr' is not allowed"),
])
def test_a_bad_declaration_is_located_in_the_brief(tmp_path, declaration, line, column, message):
    path = write(tmp_path, "mine", f"extends: factsheet\nparameters: {declaration}\n")
    with pytest.raises(BriefError) as caught:
        load(tmp_path, "mine")
    problem = caught.value.problems[0]
    assert (problem.file, problem.line, problem.column) == (str(path), line, column), problem
    assert message in problem.message


def test_a_variant_changes_only_the_default(tmp_path):
    energy = load(tmp_path, "investor-energy")
    assert energy.parameters["sector"].default == "energy"
    assert energy.parameters["sector"].allowed == ["all", "energy", "life-sciences", "manufacturing"]
    assert parameters.merge(energy.parameters)["sector"] == "energy"
    assert set(load(tmp_path, "sdg").parameters) == {"recipient_name", "recipient_org"}      # the built-in ones


def test_a_project_brief_that_extends_its_own_name_changes_the_built_in_one(tmp_path):
    """briefs/investor.yaml saying `extends: investor` starts from the built-in investor brief (the next one of
    that name on the search path); a brief that extends its own name with none to follow is an error at the line."""
    (tmp_path / "briefs").mkdir()
    (tmp_path / "briefs" / "investor.yaml").write_text("extends: investor\ndrop_sections: [talent]\n")
    listed = run("list", cwd=tmp_path)
    assert listed.exit_code == 0 and "Beijing Future Science City — Investor brief" in listed.output
    result = run("build", "investor", "--lang", "en", "--format", "pdf", "--out", "out", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    headings = outline(tmp_path / "out" / "investor.en.pdf")
    assert headings and not any("talent" in t.lower() for t in headings)
    (tmp_path / "briefs" / "own.yaml").write_text("title: {en: Own, zh: 自己}\nextends: own\n")
    result = run("build", "own", "--lang", "en", "--out", "out2", cwd=tmp_path)
    assert result.exit_code == 3 and "own.yaml:2:1: error extends-cycle" in result.stderr
    assert "no other brief named 'own' follows" in result.stderr and not (tmp_path / "out2").exists()


def test_output_names_carry_the_parameters_readably():
    """``investor.en.sector-energy``: a person can tell which file is which; values that differ only in white
    space are one output; a value with other characters keeps a short hash so two values never share a name."""
    from reportgen.brief import definition as briefs, parameters
    from reportgen.core.resources import builtin
    from reportgen.run.batch import jobs_for
    dirs = [builtin("briefs")]
    investor = briefs.load(briefs.find("investor", dirs), dirs)
    stems = lambda *pairs: [j.stem for j in jobs_for(investor, ["en"], ("pdf",), "out", (
        parameters.on_command_line(dict(pairs)),), None)]
    assert stems() == [None]                                            # investor.en.pdf
    assert stems(("sector", "all")) == [None]                           # the default is no variant
    assert stems(("sector", "energy")) == stems(("sector", " energy  ")) == ["investor.en.sector-energy"]
    ms_li, ms__li = stems(("recipient_name", "Ms Li"))[0], stems(("recipient_name", "Ms  Li "))[0]
    assert ms_li == ms__li and ms_li.startswith("investor.en.recipient_name-Ms-Li-")
    assert stems(("recipient_name", "Ms-Li"))[0] == "investor.en.recipient_name-Ms-Li"
    assert stems(("recipient_name", "李明"), ("sector", "energy")) == [
        "investor.en.recipient_name-李明.sector-energy"]


def test_a_variant_fixes_its_sector(tmp_path):
    result = run("build", "investor-energy", "--lang", "en", "--out", tmp_path, "--param", "sector=life-sciences")
    assert result.exit_code == 2, result.output
    assert ("command line: --param sector: error bad-param: 'life-sciences': this brief is made for 'energy' only"
            in result.stderr)
    assert not list(tmp_path.iterdir())


def test_note_mark_brackets_in_a_parameter_or_a_template_are_located(tmp_path):
    result = run("build", "investor", "--lang", "en", "--out", tmp_path, "--param", "recipient_name=Ann ⟦x⟧")
    assert result.exit_code == 2 and "command line: --param recipient_name: error bad-param:" in result.stderr
    mine = tmp_path / "mine" / "investor" / "en"
    mine.mkdir(parents=True)
    (mine / "policy.md.j2").write_text("# Policy\n\nSee ⟦bogus⟧ here.\n", encoding="utf-8")
    result = run("build", "investor", "--lang", "en", "--out", tmp_path / "o", "--templates", tmp_path / "mine")
    assert result.exit_code == 3 and "error unknown-fact: the text has a note mark ⟦bogus⟧" in result.stderr
    assert "internal-error" not in result.output


def test_a_parameter_value_of_a_book_length_is_refused():
    """Printed on the cover and in the running header: 100,000 characters kept Typst laying out for minutes."""
    result = run("build", "investor", "--lang", "en", "--out", "never", "--param", "recipient_name=" + "x" * 600)
    assert result.exit_code == 2, result.output
    assert "command line: --param recipient_name: error bad-param:" in result.stderr and "at most 500" in result.stderr
