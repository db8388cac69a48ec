"""End to end: `reportgen build` on the shipped dataset, outputs opened as a reader would."""
from __future__ import annotations

import csv
import re
import zipfile

import pytest
from docx import Document
from docx.oxml.ns import qn

from reportgen.compose.numbers import format_fact, plain_number, split_unit
from readers import docx_paragraphs, docx_text, numbers, pdf_fonts, pdf_text

BRIEFS = ("investor", "sdg")
LANGS = ("en", "zh")


def flat(text: str, lang: str) -> str:
    """Lines joined; the extractor marks a hyphen that ends a line of a column as soft (U+00AD)."""
    return text.replace("\xad", "-").replace("\n", "" if lang == "zh" else " ")


@pytest.mark.parametrize("brief", BRIEFS)
def test_build_writes_every_language_and_format(built, brief):
    for lang in LANGS:
        for ext in ("pdf", "docx", "claims.csv"):
            path = built / f"{brief}.{lang}.{ext}"
            assert path.is_file() and path.stat().st_size > 1000, path


@pytest.mark.parametrize("lang,expected", [("en", ["170.6 km²", "RMB 430.1 billion", "RMB 109.8 billion"]),
                                           ("zh", ["170.6平方公里", "4301亿元", "1098亿元"])])
def test_headline_figures_in_each_language_format(built, lang, expected):
    text = flat(pdf_text(built / f"investor.{lang}.pdf"), lang)
    for figure in expected:
        assert figure in text


@pytest.mark.parametrize("brief", BRIEFS)
@pytest.mark.parametrize("lang", LANGS)
def test_every_claim_is_printed_in_both_formats(built, dataset, brief, lang):
    """Parity: every figure of the claims ledger appears in the PDF and in the DOCX, as the dataset formats it."""
    pdf = flat(pdf_text(built / f"{brief}.{lang}.pdf"), lang).replace(" ", "")
    docx = docx_text(built / f"{brief}.{lang}.docx").replace("\n", "").replace(" ", "")
    rows = list(csv.DictReader(open(built / f"{brief}.{lang}.claims.csv", encoding="utf-8")))
    assert len(rows) >= 30
    for row in rows:
        fact = dataset.facts[row["fact_id"]]
        printed = row["printed"].replace(" ", "")
        assert printed in pdf, row
        if row["place"] == "chart":      # in Word the chart is a picture of the same drawing
            continue
        # as the dataset formats it, or the bare number of a sentence that words the rest ('among the top 3'), or
        # in a table whose row gives the unit once in its own column, the figure without it
        formatted = format_fact(fact, dataset.units[fact.unit], lang)
        table_cell = split_unit(formatted, lang, fact.qualifier)[0] if row["place"] == "table" else None
        assert row["printed"] in (formatted, plain_number(fact.value), table_cell)
        assert printed in docx, row


@pytest.mark.parametrize("brief", BRIEFS)
@pytest.mark.parametrize("lang", LANGS)
def test_docx_numbers_are_a_subset_of_pdf_numbers(built, brief, lang):
    pdf = numbers(pdf_text(built / f"{brief}.{lang}.pdf"))
    docx = numbers(docx_text(built / f"{brief}.{lang}.docx"))
    assert docx - pdf <= {"1"}, docx - pdf   # "1": the placeholder of Word's page fields


@pytest.mark.parametrize("brief", BRIEFS)
@pytest.mark.parametrize("lang", LANGS)
def test_every_pdf_font_is_embedded(built, brief, lang):
    fonts = pdf_fonts(built / f"{brief}.{lang}.pdf")
    assert fonts and all(fonts.values()), fonts
    assert not any(name.lstrip("/") in ("Helvetica", "Times-Roman", "Courier") for name in fonts)
    assert any("NotoSansSC" in name for name in fonts)


def test_chinese_pdf_text_is_chinese(built):
    text = pdf_text(built / "investor.zh.pdf")
    assert "北京未来科学城" in text and "能源谷与生命谷" in text
    assert "\ufffd" not in text


@pytest.mark.parametrize("brief", BRIEFS)
@pytest.mark.parametrize("lang", LANGS)
def test_docx_uses_word_structures(built, brief, lang):
    d = Document(str(built / f"{brief}.{lang}.docx"))
    styles = {p.style.name for p in docx_paragraphs(d)}
    assert {"Title", "Heading 1", "Caption"} <= styles
    assert len(d.inline_shapes) >= 5            # logo + at least four charts, as pictures
    for shape in d.inline_shapes:
        assert shape._inline.docPr.get("descr")   # alt text
    assert d.tables and any(t.style is not None and t.style.name == "Light List Accent 1" for t in d.tables) \
        or brief == "investor"
    fonts = d.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:rFonts"))
    latin = "Noto Sans SC Latin" if lang == "en" else "Noto Sans SC"    # English: the copy with Latin quotes
    assert re.fullmatch(r"Noto Sans SC [0-9A-F]{6}", fonts.get(qn("w:eastAsia")))
    assert re.fullmatch(latin + r" [0-9A-F]{6}", fonts.get(qn("w:ascii")))
    lang_el = d.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:lang"))
    assert lang_el.get(qn("w:eastAsia")) == "zh-CN"
    with zipfile.ZipFile(built / f"{brief}.{lang}.docx") as z:
        footer = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("word/footer"))
    assert "PAGE" in footer and "NUMPAGES" in footer


def test_sdg_brief_has_the_appendix_table_and_targets(built):
    d = Document(str(built / "sdg.en.docx"))
    level = lambda n: [p.text for p in d.paragraphs if p.style.name == f"Heading {n}"]
    for goal in ("SDG 11:", "SDG 7", "SDG 9", "SDG 10", "SDG 17"):
        assert any(goal in h for h in level(1)), goal          # after the goal's coloured number
    for target in ("SDG 11.1", "SDG 11.2", "SDG 11.3", "SDG 11.4", "SDG 11.5", "SDG 11.6", "SDG 11.7", "SDG 11.a"):
        assert any(target in h for h in level(2)), target      # SDG 11's targets stand under it, as Heading 2
    table = max(d.tables, key=lambda t: len(t.rows))
    assert [c.text for c in table.rows[0].cells] == ["Indicator", "Unit", "2022", "2023"]
    energy = next(r for r in table.rows if r.cells[0].text == "Advanced energy revenue")
    assert [c.text for c in energy.cells[1:]] == ["RMB billion", "236.9", "230.7"]     # the unit said once
    fills = {c._tc.tcPr.find(qn("w:shd")).get(qn("w:fill")) for c in table.rows[0].cells}
    assert fills == {"0B4F6C"}            # the header shaded in the SDG theme's primary, for LibreOffice too
    assert all(run.bold is False for run in energy.cells[0].paragraphs[0].runs)    # row labels plain, as in the PDF
    assert len(table.rows) >= 15
    assert not any(r.cells[0].text.startswith(("Affordable housing supply", "Road network density")) for r in table.rows)  # in the text
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None


def test_pdf_has_outline_for_every_top_heading(built):
    from pypdf import PdfReader
    reader = PdfReader(built / "investor.en.pdf")
    titles = [o.title for o in reader.outline if not isinstance(o, list)]
    d = Document(str(built / "investor.en.docx"))
    headings = [p.text for p in docx_paragraphs(d) if p.style.name == "Heading 1"]
    assert titles == headings


def test_every_note_names_a_source(built):
    text = flat(pdf_text(built / "investor.en.pdf"), "en")
    notes = text[text.rindex("Sources and notes"):]
    assert "UN-Habitat and FSC 2025" in notes and "Economic Daily" in notes     # short form …
    assert "UN-Habitat China Office and Beijing Future Science City" in notes  # … pointing to the references


@pytest.mark.parametrize("brief", BRIEFS)
def test_note_marks_number_in_reading_order(built, brief):
    """The first mark of each note appears in ascending order through the document (as a reader meets them)."""
    import re
    text = pdf_text(built / f"{brief}.en.pdf")
    body = text[:text.rindex("Sources and notes")]
    # a chart floats to the top or bottom of a page with its source line: its mark is read where the chart lands
    body = "\n".join(line for line in body.splitlines() if not line.startswith("Source: "))
    seen = []
    for n in map(int, re.findall(r"\[(\d+)\]", body)):
        if n not in seen:
            seen.append(n)
    assert seen == sorted(seen) and seen[0] == 1


NOTES_HEADING = {"en": "Sources and notes", "zh": "资料来源与注释"}


@pytest.mark.parametrize("brief", BRIEFS)
@pytest.mark.parametrize("lang", LANGS)
def test_docx_notes_are_paragraphs_under_their_heading_linked_both_ways(built, brief, lang):
    """The notes are numbered paragraphs right under their heading (not Word endnotes, which LibreOffice sets
    after the closing page), in order; every mark links to its note's bookmark, and each note links back to
    its first mark."""
    d = Document(str(built / f"{brief}.{lang}.docx"))
    with zipfile.ZipFile(built / f"{brief}.{lang}.docx") as z:
        assert "word/endnotes.xml" not in z.namelist()
    body = d.element.body
    paras = list(body.iter(qn("w:p")))

    def text(p) -> str:
        return "".join(t.text or "" for t in p.iter(qn("w:t")))
    heading = next(i for i, p in enumerate(paras) if text(p) == NOTES_HEADING[lang])
    notes = [p for p in paras[heading + 1:] if p.find(qn("w:pPr") + "/" + qn("w:pStyle")) is not None
             and p.find(qn("w:pPr") + "/" + qn("w:pStyle")).get(qn("w:val")) == "EndnoteText"]
    assert paras[heading + 1] is notes[0] and len(notes) >= 10
    numbers = [int(re.match(r"\[(\d+)\]", text(p)).group(1)) for p in notes]
    assert numbers == list(range(1, len(notes) + 1))
    bookmarks = {b.get(qn("w:name")) for b in body.iter(qn("w:bookmarkStart"))}
    marks = [h for h in body.iter(qn("w:hyperlink")) if (h.get(qn("w:anchor")) or "").startswith("_Note")]
    assert {h.get(qn("w:anchor")) for h in marks} == {f"_Note{n}" for n in numbers} <= bookmarks
    assert all(h.get(qn("w:tooltip")).endswith(h.get(qn("w:anchor"))[5:]) for h in marks)   # "Note 3"
    for p in notes:
        back = p.find(qn("w:hyperlink"))
        assert back.get(qn("w:anchor")) in bookmarks and back.get(qn("w:anchor")).startswith("_RefNote")
    if lang == "en":
        assert "UN-Habitat and FSC 2025" in "\n".join(map(text, notes))                                     # short form …
        assert "UN-Habitat China Office and Beijing Future Science City" in docx_text(built / f"{brief}.en.docx")
