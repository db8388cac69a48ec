"""The default PDF is tagged PDF/UA-1: what a screen reader and an accessibility checker read from it.

Without veraPDF at hand, the checks read the PDF's own structures with pypdf: the structure tree (headings,
paragraphs, figures with alt text that tells the data, tables with header cells), the XMP PDF/UA identifier,
/Lang, /MarkInfo and DisplayDocTitle, and page furniture marked as artifacts.
"""
from __future__ import annotations

import csv
import re
import shutil
import subprocess
from collections import Counter

import pytest
from pypdf import PdfReader

from conftest import run

BRIEFS = ("investor", "sdg")
LANGS = ("en", "zh")
CHART_WORDS = {"en": ("Bar chart", "Grouped bar chart", "Line chart"), "zh": ("柱状图", "条形图", "分组柱状图", "折线图")}


def structure(path) -> tuple[Counter, list[dict]]:
    """Every structure element's type, counted, and the elements themselves (as pypdf dictionaries)."""
    counts, elements = Counter(), []

    def walk(node):
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, list):
            for child in node:
                walk(child)
        elif isinstance(node, dict):
            if "/S" in node:
                counts[str(node["/S"])] += 1
                elements.append(node)
            if "/K" in node:
                walk(node["/K"])
    walk(PdfReader(path).trailer["/Root"]["/StructTreeRoot"])
    return counts, elements


def xmp(path) -> str:
    return PdfReader(path).trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")


@pytest.mark.parametrize("brief", BRIEFS)
@pytest.mark.parametrize("lang", LANGS)
def test_default_pdf_is_tagged_pdf_ua(built, brief, lang):
    path = built / f"{brief}.{lang}.pdf"
    root = PdfReader(path).trailer["/Root"]
    assert re.search(r"pdfuaid:part>\s*1\s*<", xmp(path))
    assert str(root["/Lang"]).startswith("zh" if lang == "zh" else "en")
    assert root["/MarkInfo"]["/Marked"] == True                  # noqa: E712 -- a PDF boolean object
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == True    # noqa: E712
    counts, _ = structure(path)
    assert counts["/H1"] >= 5 and counts["/P"] >= 20 and counts["/L"] >= 1 and counts["/LI"] >= 3
    assert counts["/Figure"] >= 3 and counts["/Link"] >= 20          # the SDG brief draws three charts


@pytest.mark.parametrize("brief", BRIEFS)
@pytest.mark.parametrize("lang", LANGS)
def test_every_chart_has_alt_text_that_tells_its_data(built, brief, lang):
    _, elements = structure(built / f"{brief}.{lang}.pdf")
    alts = [str(e["/Alt"]) for e in elements if e["/S"] == "/Figure"]
    assert alts and all(a.startswith(CHART_WORDS[lang]) for a in alts), alts
    with open(built / f"{brief}.{lang}.claims.csv", encoding="utf-8") as fh:
        charted = [row["printed"] for row in csv.DictReader(fh) if row["place"] == "chart"]
    assert charted
    for value in charted:                    # every value a chart shows is said in some figure's alt text
        assert any(f" {value}" in a for a in alts), value


@pytest.mark.parametrize("lang", LANGS)
def test_tables_have_header_cells(built, lang):
    counts, elements = structure(built / f"sdg.{lang}.pdf")
    assert counts["/Table"] >= 1 and counts["/TR"] >= 20
    heads = [e for e in elements if e["/S"] == "/TH"]
    assert len(heads) >= 3                   # Indicator, 2022, 2023
    assert counts["/TD"] >= 40


def test_running_header_and_footer_are_artifacts(built):
    """Page furniture is marked content of type Artifact, so a screen reader skips it."""
    reader = PdfReader(built / "investor.en.pdf")
    for page in reader.pages[1:]:
        stream = page.get_contents().get_data()
        assert stream.count(b"/Artifact") >= 2           # the running header and the footer, at least
    assert "Page 2 of" in reader.pages[1].extract_text()


def test_notes_link_both_ways(built):
    reader = PdfReader(built / "investor.en.pdf")
    index = {page.indirect_reference.idnum: i for i, page in enumerate(reader.pages)}
    notes = next(i for i, page in enumerate(reader.pages) if "Sources and notes" in page.extract_text())
    links = [(i, index[a["/Dest"][0].idnum]) for i, page in enumerate(reader.pages)
             for a in (x.get_object() for x in page.get("/Annots") or []) if "/Dest" in a]
    assert any(source < notes <= target for source, target in links)      # a mark goes to its note
    assert any(target < notes <= source for source, target in links)      # a note goes back to its mark


def test_pdf_a2_can_be_asked_for(tmp_path):
    result = run("build", "factsheet", "--lang", "en", "--format", "pdf", "--pdf-standard", "ua-1+a-2a",
                 "--out", tmp_path)
    assert result.exit_code == 0, result.output
    meta = xmp(tmp_path / "factsheet.en.pdf")
    assert re.search(r"pdfaid:part>\s*2\s*<", meta) and re.search(r"pdfaid:conformance>\s*A\s*<", meta)
    assert re.search(r"pdfuaid:part>\s*1\s*<", meta)


def line_starts(pdf) -> list[str]:
    """The first word of every printed line, by position: words on one baseline of a page, leftmost first.
    (pdftotext -layout splits a line where Typst tucks a full-width stop under a closing bracket, "）。".)"""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    starts = []
    for page in html.split("<page ")[1:]:
        lines: dict[float, list] = {}
        for x, y, word in re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>',
                                     page):
            lines.setdefault(round(float(y)), []).append((float(x), word))
        starts += [min(words)[1] for words in lines.values()]
    return starts


@pytest.mark.parametrize("brief", BRIEFS)
def test_no_chinese_line_starts_with_closing_punctuation(built, brief):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext not installed")
    starts = line_starts(built / f"{brief}.zh.pdf")
    bad = [w for w in starts if w[0] in "，。、；：！？）》」』】〕％…"]
    assert len(starts) > 100 and not bad, bad


def test_reportlab_engine_gives_the_same_ledger(built, tmp_path):
    result = run("build", "investor", "--pdf-engine", "reportlab", "--format", "pdf", "--out", tmp_path,
                 env={"SOURCE_DATE_EPOCH": "1767225600"})
    assert result.exit_code == 0, result.output
    for lang in LANGS:
        reader = PdfReader(tmp_path / f"investor.{lang}.pdf")
        assert "reportlab" in reader.metadata.producer and "/StructTreeRoot" not in reader.trailer["/Root"]
        assert (tmp_path / f"investor.{lang}.claims.csv").read_bytes() == \
            (built / f"investor.{lang}.claims.csv").read_bytes()


def test_a_brief_or_theme_picks_its_pdf_engine(tmp_path):
    (tmp_path / "briefs").mkdir()
    (tmp_path / "briefs" / "mine.yaml").write_text("extends: factsheet\npdf_engine: reportlab\n")
    (tmp_path / "briefs" / "typo.yaml").write_text("audience: investor\ntitle: {en: T}\npdf_engine: typset\n"
                                                  "sections: [{id: glance}]\n")
    out = tmp_path / "out"
    assert run("build", "mine", "--lang", "en", "--format", "pdf", "--out", out, cwd=tmp_path).exit_code == 0
    assert "reportlab" in PdfReader(out / "mine.en.pdf").metadata.producer
    assert run("build", "mine", "--lang", "en", "--format", "pdf", "--out", out, "--pdf-engine", "typst",
               cwd=tmp_path).exit_code == 0         # the flag wins over the brief
    assert "/StructTreeRoot" in PdfReader(out / "mine.en.pdf").trailer["/Root"]
    (tmp_path / "themes").mkdir()
    (tmp_path / "themes" / "plain.yaml").write_text("pdf_engine: reportlab\n")
    (tmp_path / "briefs" / "themed.yaml").write_text("extends: factsheet\ntheme: plain\n")
    assert run("build", "themed", "--lang", "en", "--format", "pdf", "--out", out, cwd=tmp_path).exit_code == 0
    assert "reportlab" in PdfReader(out / "themed.en.pdf").metadata.producer
    bad = run("build", "typo", "--lang", "en", "--out", out, cwd=tmp_path)
    assert bad.exit_code == 3 and "typo.yaml:3" in bad.output and "typst" in bad.output


def test_a_pdf_typst_cannot_write_is_a_render_error(monkeypatch, tmp_path):
    """Typst refusing a document (here a layout program that fails) is told as a render error, exit code 6."""
    from reportgen.writers import typst as typst_writer
    monkeypatch.setattr(typst_writer, "_program", lambda: b'#panic("no room")')
    result = run("build", "factsheet", "--lang", "en", "--format", "pdf", "--out", tmp_path)
    assert result.exit_code == 6, result.output
    assert "Typst could not write the PDF" in result.output and "internal" not in result.output
