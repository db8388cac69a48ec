"""Audiences: sector variants, personalised briefs, the fact sheet, themes and batches."""
from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

from conftest import run
from readers import _para_text, docx_paragraphs, docx_text, pdf_text


def headings(path) -> list[str]:
    """The Word outline's Heading 1s, those in table cells too (the closing page's "Next steps" is on its colour
    field)."""
    return [p.text for p in docx_paragraphs(Document(str(path))) if p.style.name == "Heading 1"]


def section_text(path, heading: str) -> str:
    """The paragraphs under one Heading 1, up to the next, boxes (table cells) included."""
    out, inside = [], False
    for p in docx_paragraphs(Document(str(path))):
        if p.style.name == "Heading 1":
            inside = p.text == heading
        elif inside:
            out.append(_para_text(p))          # note numbers differ between variants; the words must not
    return re.sub(r"(Figure|Table) \d+", r"\1 N", "\n".join(out))   # numbering follows the sections before


@pytest.fixture(scope="module")
def variants(shipped):
    """The investor brief and its sector variants, built once for the session (conftest.py)."""
    return shipped


@pytest.mark.parametrize("brief,lead", [("investor-energy", "Advanced energy: the Energy Valley"),
                                        ("investor-life-sciences", "Pharma and health: the Life Valley"),
                                        ("investor-manufacturing", "Advanced manufacturing")])
def test_sector_variant_leads_with_its_sector_and_shares_the_rest(variants, brief, lead):
    """The variant's own section follows the opening, the shared sections follow in the same order, and a
    shared section leaves out what the variant has said already: no sentence of the brief is printed twice."""
    base, variant = headings(variants / "investor.en.docx"), headings(variants / f"{brief}.en.docx")
    assert variant[:2] == base[:2] == ["Why invest here", "At a glance"]    # the opening stays first
    assert variant[2] == lead and lead not in base
    dropped = {"investor-energy": ["Investment opportunities in Beijing"]}.get(brief, [])   # its drop_sections
    assert variant[3:] == [h for h in base[2:] if h not in dropped]
    said = [s for h in variant[:variant.index("Sources and notes")]
            for s in re.split(r"(?<=[.!?])\s+", re.sub(r"\[\d+\]|\d+$", "", section_text(variants / f"{brief}.en.docx", h)))
            if len(s) > 30]
    assert len(said) == len(set(said)), [s for s in said if said.count(s) > 1]


def test_a_sector_variant_opens_with_its_own_why_invest(variants):
    """The energy variant's key messages are about energy, not the city-wide ones. (The section under the heading,
    not the cover's list of sections that names it too.)"""
    energy, city = (section_text(variants / f"{brief}.en.docx", "Why invest here") for brief in ("investor-energy",
                                                                                                 "investor"))
    assert len(energy) > 200 and len(city) > 200          # the key messages, read from their box
    assert "Energy Valley" in energy and "energy" in energy.lower() and energy != city
    assert "Science City Top-100" not in energy


def test_energy_variant_charts_energy_first(variants):
    d = Document(str(variants / "investor-energy.en.docx"))
    captions = [p.text for p in d.paragraphs if p.style.name == "Caption"]
    assert captions[0].startswith("Figure 1. Advanced energy")
    main = [p.text for p in Document(str(variants / "investor.en.docx")).paragraphs if p.style.name == "Caption"]
    assert main[0].startswith("Figure 1. Each of the three clusters")


def test_personalised_brief_names_its_recipient(tmp_path):
    result = run("build", "investor", "--lang", "zh", "--out", tmp_path, "--param", "recipient_name=李明",
                 "--param", "recipient_org=示例资本")
    assert result.exit_code == 0, result.output
    pdf, docx = (Path(p) for p in result.stdout.split() if p.endswith((".pdf", ".docx")))
    assert pdf.name.startswith("investor.zh.") and pdf.stem != "investor.zh"      # the parameters name the files
    for text in (pdf_text(pdf), docx_text(docx)):
        assert "呈送：李明, 示例资本" in text and "李明：您好" in text


def test_recipient_names_are_text_not_markup(tmp_path):
    name = "**Li** <Ming> [x](y) a_b_c"
    result = run("build", "investor", "--lang", "en", "--out", tmp_path, "--param", f"recipient_name={name}")
    assert result.exit_code == 0, result.output
    for text in (pdf_text(next(tmp_path.glob("investor.en.*.pdf"))), docx_text(next(tmp_path.glob("investor.en.*.docx")))):
        assert f"Dear {name}," in text.replace("\n", " ")


def test_params_file_and_unknown_sector(tmp_path):
    (tmp_path / "p.yaml").write_text("sector: energy\nrecipient_name: Ms Chen\n", encoding="utf-8")
    result = run("build", "investor", "--lang", "en", "--format", "pdf", "--out", tmp_path, "--params",
                 tmp_path / "p.yaml")
    assert result.exit_code == 0
    text = pdf_text(next(tmp_path.glob("investor.en.*.pdf")))
    assert "Advanced energy: the Energy Valley" in text and "Dear Ms Chen" in text
    bad = run("build", "investor", "--lang", "en", "--out", tmp_path / "x", "--param", "sector=energi")
    assert bad.exit_code == 2 and "did you mean 'energy'" in bad.stderr


def test_fact_sheet_is_one_page(tmp_path):
    assert run("build", "factsheet", "--format", "pdf", "--out", tmp_path).exit_code == 0
    for lang in ("en", "zh"):
        assert len(PdfReader(tmp_path / f"factsheet.{lang}.pdf").pages) == 1


def test_theme_logo_must_come_from_an_assets_folder(tmp_path):
    (tmp_path / "themes").mkdir()
    (tmp_path / "assets").mkdir()
    (tmp_path / "outside.png").write_bytes((Path(__file__).parent.parent / "assets" / "logo.png").read_bytes())
    (tmp_path / "themes" / "investor.yaml").write_text("logo: ../outside.png\n", encoding="utf-8")
    result = run("build", "investor", "--lang", "en", "--out", "out", cwd=tmp_path)
    assert result.exit_code == 3 and "unknown-asset" in result.stderr and "investor.yaml:1" in result.stderr


def test_templates_copy_and_list(tmp_path):
    result = run("templates", "copy", "sdg", "mine", cwd=tmp_path)
    assert result.exit_code == 0 and (tmp_path / "mine" / "sdg" / "zh" / "sdg-11-6.md.j2").is_file()
    listing = run("templates", "list", "sdg", "--templates", tmp_path / "mine").output
    assert f"* {tmp_path / 'mine' / 'sdg' / 'en' / 'intro.md.j2'}" in listing
    assert run("templates", "copy", "sdg", "mine", cwd=tmp_path).exit_code == 2      # never overwrites


def test_recipients_batch_writes_one_brief_per_row(tmp_path):
    rows = [("Ms Chen", "Example Capital", "en", "energy"), ("李明", "示例资本", "zh", "life-sciences"),
            ("Mr Park", "Example Capital", "en", ""), ("Ms Chen", "Example Capital", "en", "energy"),
            ("Dr Ito", "Sample Partners", "", "manufacturing")]
    with open(tmp_path / "r.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["name", "organisation", "language", "sector", "email"])
        w.writerows([r + (f"p{i}@example.org",) for i, r in enumerate(rows)])
    result = run("build", "investor", "--recipients", tmp_path / "r.csv", "--format", "pdf", "--lang", "en",
                 "--out", tmp_path / "out", "--jobs", "2")
    assert result.exit_code == 0, result.output
    pdfs = sorted(p.name for p in (tmp_path / "out").glob("*.pdf"))
    assert pdfs == ["investor-example-capital-mr-park.en.pdf", "investor-example-capital-ms-chen-2.en.pdf",
                    "investor-example-capital-ms-chen.en.pdf", "investor-sample-partners-dr-ito.en.pdf",
                    "investor-示例资本-李明.zh.pdf"]
    assert "5 briefs, 10 files written" in result.stderr
    assert "Dear Dr Ito" in pdf_text(tmp_path / "out" / "investor-sample-partners-dr-ito.en.pdf")
    assert "Advanced manufacturing" in pdf_text(tmp_path / "out" / "investor-sample-partners-dr-ito.en.pdf")


def test_build_all(tmp_path):
    result = run("build", "--all", "--format", "pdf", "--out", tmp_path)
    assert result.exit_code == 0
    names = {p.name for p in tmp_path.glob("*.pdf")}
    assert {"investor.en.pdf", "sdg.zh.pdf", "factsheet.en.pdf", "investor-energy.zh.pdf"} <= names
