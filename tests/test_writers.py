"""Both writers handle every node of the document model, keep any text intact, and write reproducible files."""
from __future__ import annotations

import dataclasses
import hashlib

import pytest
from docx import Document as open_docx

from conftest import run
from reportgen import document as m
from reportgen.compose.charts import ChartCache
from reportgen.core.fonts import ensure_fonts
from reportgen.writers.docx import DocxWriter
from reportgen.writers.pdf import PdfWriter
from reportgen.writers.theme import Theme
from reportgen.writers.typst import TypstWriter
from readers import docx_text, pdf_text


@pytest.fixture(scope="module")
def every_node(tmp_path_factory) -> m.Document:
    """A document holding one of each node type, text full of markup characters."""
    fonts = ensure_fonts()
    svg, png, outlined = ChartCache(tmp_path_factory.mktemp("charts"), fonts)(
        {"kind": "bar", "lang": "en", "rows": ["A", "B"], "columns": ["x"], "values": [[1.5], [2.5]],
         "qualifiers": [["exact"], ["more_than"]], "axis": "units", "palette": Theme().chart_palette})
    tricky = "AT&T <b>not bold</b> a < b & c > d"
    inlines = [m.Text(tricky), m.Strong("strong"), m.Link("a link", "https://example.org/?a=1&b=2"), m.NoteRef(1)]
    blocks = [m.Heading(1, "Heading & <one>"), m.Paragraph(inlines), m.BulletList([inlines, [m.Text("second")]]),
              m.KpiGroup([m.Kpi("RMB 1 billion", "Label & co", 1)]),
              m.Figure(svg, png, "Figure 1. A chart", "Source: test.", "alt text", [1], outlined_svg=outlined),
              m.Table("Table 1. A table", ["Indicator", "2023"], [[[m.Text("row & <x>")], [m.Text("5%"), m.NoteRef(1)]]],
                      "Source: test.", [1]),
              m.Box([m.Heading(2, "Goal", m.Badge("11", "#FD9D24")), m.Paragraph([m.Text("boxed & <x>")])])]
    meta = m.Meta("Title & <T>", "Sub", "Audience", "1 January 2026", "en", "Author", ["k"], "Notes", "Contents",
                  "Page {page} of {pages}", "Header", tagline="Tagline & <t>", edition="Data as of April 2025",
                  references_heading="References")
    back = m.BackMatter("Next steps", "Call us & <c>", [("Web", m.Link("https://example.org", "https://example.org"))],
                        "About", [("Disclaimer", "Our own & <d>")])
    return m.Document(meta, blocks, [m.Note(1, "A note with <angle> & ampersand")], ["Ref & <r>"], back=back,
                      cover=[m.KpiGroup([m.Kpi("RMB 2 billion", "Cover tile & <c>", 0)], 1)])


def test_every_node_type_has_a_method_in_both_writers(every_node):
    used = {type(i) for b in every_node.blocks if isinstance(b, m.Paragraph) for i in b.inlines}
    assert used == set(m.INLINE_TYPES) and {type(b) for b in every_node.blocks} == set(m.BLOCK_TYPES)
    for node in m.BLOCK_TYPES:
        for writer in (PdfWriter, DocxWriter):
            assert callable(getattr(writer, "_" + node.__name__.lower(), None)), (writer.__name__, node.__name__)


def test_both_writers_write_every_node_and_keep_text(every_node, tmp_path):
    fonts, theme = ensure_fonts(), Theme()
    pdf, tagged = tmp_path / "t.pdf", tmp_path / "tagged.pdf"
    pdf.write_bytes(PdfWriter(fonts, theme).write(every_node))
    tagged.write_bytes(TypstWriter(fonts, theme).write(every_node))
    docx = tmp_path / "t.docx"
    docx.write_bytes(DocxWriter(theme, ensure_fonts()).write(every_node))
    for text in (pdf_text(pdf).replace("\n", " "), pdf_text(tagged).replace("\n", " "),
                 docx_text(docx).replace("\n", " ")):
        assert "AT&T <b>not bold</b> a < b & c > d" in text
        assert "row & <x>" in text and "A note with <angle> & ampersand" in text
        assert text.count("AT&T") == 2          # paragraph and bullet, nothing dropped or doubled
        for part in ("Tagline & <t>", "Cover tile & <c>", "Data as of April 2025", "boxed & <x>", "Call us & <c>", "https://example.org",
                     "Ref & <r>", "Our own & <d>", "Next steps"):
            assert part in text, part           # opening, box and back matter in both formats
    d = open_docx(str(docx))
    # cover: field, tiles, sections, strip; body: tiles, table, box; closing: field, colophon, strip
    assert len(d.inline_shapes) == 1 and len(d.tables) == 10


def test_unknown_nodes_are_refused(every_node):
    @dataclasses.dataclass
    class Strange:
        text: str
    doc = dataclasses.replace(every_node, blocks=[Strange("x")])
    with pytest.raises(TypeError):
        PdfWriter(ensure_fonts(), Theme()).write(doc)
    with pytest.raises(TypeError):
        DocxWriter(Theme(), ensure_fonts()).write(doc)
    with pytest.raises(TypeError):
        TypstWriter(ensure_fonts(), Theme()).write(doc)


HOSTILE = ["#set page(width: 1cm)", "$x^2$", "]", "\\", "<label>", "@ref", "// not a comment", "*_bold_*",
           "#{panic()}", "```raw```", "= not a heading", "- not a list", "\"quoted\"", "#sys.inputs"]


def test_typst_writer_places_markup_characters_as_text(every_node, tmp_path):
    """Typst markup is code: text that looks like it must come out as the same text, never run."""
    text = " ".join(HOSTILE)
    meta = dataclasses.replace(every_node.meta, title=text, subtitle=text, running_header=text)
    blocks = [m.Heading(1, text), m.Paragraph([m.Text(text), m.Strong(text), m.Link(text, "https://example.org/]")]),
              m.KpiGroup([m.Kpi(text, text, 1)]), m.Table(text, [text], [[[m.Text(text)]]], text)]
    doc = m.Document(meta, blocks, [m.Note(1, text)])
    pdf = tmp_path / "hostile.pdf"
    pdf.write_bytes(TypstWriter(ensure_fonts(), Theme()).write(doc))
    got = " ".join(pdf_text(pdf).split())
    assert got.count(text) >= 10, got          # title, header, heading, paragraph ×2, link, KPI ×2, table ×3, note


def test_rebuilding_gives_identical_bytes(tmp_path):
    env = {"SOURCE_DATE_EPOCH": "1767225600"}
    digests = []
    for attempt in ("a", "b"):
        out = tmp_path / attempt
        assert run("build", "investor", "--out", out, env=env).exit_code == 0
        digests.append({p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(out.iterdir())})
    assert digests[0] == digests[1] and len(digests[0]) == 6


def test_a_pdf_typst_cannot_write_is_a_render_error_and_an_unknown_engine_a_usage_error():
    """Both were raised as UserError with two arguments, a TypeError that surfaced as an internal error."""
    from reportgen.core.errors import RenderError, UsageError
    from reportgen.writers import registry
    meta = m.Meta("", "S", "A", "d", "en", "Au", [], "Notes", "Contents", "Page {page} of {pages}", "H")
    with pytest.raises(RenderError, match="pdf-standard"):      # PDF/UA-1 wants a title
        TypstWriter(ensure_fonts(), Theme()).write(m.Document(meta, [m.Paragraph([m.Text("x")])], []))
    with pytest.raises(UsageError, match="bad-engine"):
        registry.choose("pdf", "latex")


def test_a_chart_is_the_same_whether_drawn_whole_or_only_its_missing_copies(tmp_path):
    """A run that needs only Word's copies of a chart (its SVG already cached by a PDF-only run) draws the same
    bytes as a run that draws all three: Word files built by different workers are identical."""
    from reportgen.compose.charts import FORMATS, render
    request = {"kind": "grouped", "lang": "en", "rows": ["PCT applications"], "columns": ["2022", "2023"],
               "values": [[500.0, 725.0]], "decimals": 0, "qualifiers": [["more_than", "exact"]], "axis": "",
               "palette": Theme().chart_palette}
    whole = [(tmp_path / f"whole{suffix}", kw, rc) for suffix, kw, rc in FORMATS.values()]
    render(request, ensure_fonts(), whole)
    missing = [(tmp_path / f"part{suffix}", kw, rc) for name, (suffix, kw, rc) in FORMATS.items() if name != "svg"]
    render(request, ensure_fonts(), missing)
    for name, (suffix, _, _) in FORMATS.items():
        if name != "svg":
            assert (tmp_path / f"whole{suffix}").read_bytes() == (tmp_path / f"part{suffix}").read_bytes(), name
