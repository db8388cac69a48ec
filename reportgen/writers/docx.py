"""Document → DOCX with python-docx, using Word's own styles from a replaceable reference.docx.

Word files do not carry our embedded font, so they name faces readers have (the theme's Latin and East Asian
fonts); the PDF is the pixel-exact version.

Headings are Heading 1–3, captions Caption, bullets List Bullet, tables a named table style with repeating
header rows; page numbers are fields Word updates; Chinese gets the East Asian font slot and zh-CN.
"""
from __future__ import annotations

from datetime import datetime

from docx import Document as new_docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from reportgen import document as m
from reportgen.writers import ooxml
from reportgen.core.langs import TAGS
from reportgen.writers.theme import Theme

TABLE_STYLE = "Light List Accent 1"


def _rgb(hex_: str) -> RGBColor:
    return RGBColor.from_string(hex_.lstrip("#").upper())


class DocxWriter:
    def __init__(self, theme: Theme):
        self.theme = theme

    def write(self, doc: m.Document) -> bytes:
        d = new_docx(str(self.theme.reference_docx)) if self.theme.reference_docx else new_docx()
        body = d.element.body
        for child in list(body):
            if child.tag != qn("w:sectPr"):
                body.remove(child)
        self._styles(d, doc.meta.lang)
        self._page(d, doc.meta)
        self._cover(d, doc.meta)
        if sum(isinstance(b, m.Heading) and b.level == 1 for b in doc.blocks) > 4 and not doc.meta.compact:
            self._contents(d, doc.meta)
        self._endnotes = ooxml.endnotes_part(d)
        self._note_text = {n.number: n.text for n in doc.notes}
        self._noted: set[int] = set()
        for block in doc.blocks:
            self.block(d, block)
        self._notes(d, doc)
        cp = d.core_properties
        cp.title, cp.author, cp.subject = doc.meta.title, doc.meta.author, doc.meta.subtitle
        cp.keywords, cp.language = ", ".join(doc.meta.keywords), TAGS[doc.meta.lang]
        cp.created = cp.modified = doc.meta.created or datetime(1970, 1, 1)
        cp.last_modified_by, cp.revision, cp.comments = doc.meta.author, 1, ""
        ooxml.update_fields_on_open(d)
        return ooxml.save_reproducible(d)

    # ── styles and page ──
    def _styles(self, d, lang: str) -> None:
        latin, east = self.theme.docx_latin_font, self.theme.docx_east_asian_font
        defaults = d.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
        ooxml.set_fonts(defaults, latin, east)
        ooxml.set_language(defaults, lang)
        for style in d.styles:
            if style.element.rPr is not None and style.element.rPr.find(qn("w:rFonts")) is not None:
                ooxml.set_fonts(style.element, latin, east)
        ensure_endnote_styles(d, self.theme)
        # style ids resolved once: python-docx's by-name lookup scans every style on each paragraph
        self._style = {n: d.styles[n].style_id for n in ("Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3",
                                                           "Caption", "List Bullet", "TOC Heading")}

    def _page(self, d, meta: m.Meta) -> None:
        """Page geometry from the theme (as the PDF has it); header and footer text."""
        sec = d.sections[0]
        t = self.theme
        sec.page_width, sec.page_height = Cm(t.page_cm[0]), Cm(t.page_cm[1])
        sec.top_margin, sec.bottom_margin = Cm(t.margin_top_cm), Cm(t.margin_bottom_cm)
        sec.left_margin, sec.right_margin = Cm(t.margin_left_cm), Cm(t.margin_right_cm)
        sec.different_first_page_header_footer = not meta.compact
        head = sec.header.paragraphs[0]
        head.text = ooxml.clean(meta.running_header)
        head.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        foot = sec.footer.paragraphs[0]
        before, _, rest = meta.page_label.partition("{page}")
        middle, _, after = rest.partition("{pages}")
        foot.add_run(before)
        ooxml.add_field(foot, "PAGE")
        foot.add_run(middle)
        ooxml.add_field(foot, "NUMPAGES")
        foot.add_run(after)
        for p in (head, foot):
            for r in p.runs:
                r.font.size = Pt(7.5)
                r.font.color.rgb = _rgb(self.theme.muted)

    def _cover(self, d, meta: m.Meta) -> None:
        if self.theme.logo_png and not meta.compact:
            d.add_picture(str(self.theme.logo_png), width=Cm(4.2))
            self._alt(d, "Logo")
        self.para(d, meta.title, "Title")
        if meta.subtitle:
            self.para(d, meta.subtitle, "Subtitle")
        for line in (meta.prepared_for, meta.audience, meta.date):
            if line:
                d.add_paragraph().add_run(ooxml.clean(line)).font.color.rgb = _rgb(self.theme.muted)
        if not meta.compact:
            d.add_page_break()

    def para(self, d, text: str = "", style: str | None = None):
        """A paragraph in a named style (None: Normal), set by style id."""
        p = d.add_paragraph(ooxml.clean(text))
        if style:
            p._p.style = self._style[style]
        return p

    def _contents(self, d, meta: m.Meta) -> None:
        """A TOC field: Word fills it in when the file is opened (updateFields is set)."""
        self.para(d, meta.contents_heading, "TOC Heading")
        ooxml.add_field(d.add_paragraph(), 'TOC \\o "1-3" \\h \\z \\u', "…")
        d.add_page_break()

    @staticmethod
    def _alt(d, text: str) -> None:
        inline = d.inline_shapes[-1]._inline
        inline.docPr.set("descr", ooxml.clean(text))
        inline.docPr.set("title", ooxml.clean(text))

    # ── inlines ──
    def inlines(self, p, items: list[m.Inline]) -> None:
        for it in items:
            if isinstance(it, m.Text):
                p.add_run(ooxml.clean(it.text))
            elif isinstance(it, m.Strong):
                p.add_run(ooxml.clean(it.text)).bold = True
            elif isinstance(it, m.Link):
                ooxml.add_hyperlink(p, it.text, it.url, self.theme.primary)
            elif isinstance(it, m.NoteRef):
                self.note_mark(p, it.number)
            else:
                raise TypeError(f"DOCX writer cannot write inline {type(it).__name__}")

    def note_mark(self, p, number: int) -> None:
        """The first mention of a note creates the Word endnote; later ones refer back to it."""
        if number in self._noted:
            ooxml.add_note_reference(p, number)
        else:
            self._noted.add(number)
            ooxml.add_endnote(p, self._endnotes, number, self._note_text[number])

    # ── one method per block type ──
    def block(self, d, b: m.Block) -> None:
        method = getattr(self, "_" + type(b).__name__.lower(), None)
        if method is None:
            raise TypeError(f"DOCX writer cannot write block {type(b).__name__}")
        method(d, b)

    def _heading(self, d, b: m.Heading) -> None:
        self.para(d, b.text, f"Heading {min(b.level, 3)}")

    def _paragraph(self, d, b: m.Paragraph) -> None:
        self.inlines(self.para(d), b.inlines)

    def _bulletlist(self, d, b: m.BulletList) -> None:
        for item in b.items:
            self.inlines(self.para(d, style="List Bullet"), item)

    def _kpigroup(self, d, b: m.KpiGroup) -> None:
        per_row = 3
        rows = (len(b.items) + per_row - 1) // per_row
        t = d.add_table(rows=rows, cols=per_row)
        t.autofit = False
        cells = [c for row in t.rows for c in row.cells]
        for cell, k in zip(cells, b.items):
            ooxml.shade(cell, self.theme.tile)
            p = cell.paragraphs[0]
            run = p.add_run(ooxml.clean(k.value))
            run.bold, run.font.size, run.font.color.rgb = True, Pt(13), _rgb(self.theme.primary)
            self.note_mark(p, k.note)
            label = cell.add_paragraph()
            lr = label.add_run(ooxml.clean(k.label))
            lr.font.size, lr.font.color.rgb = Pt(7.5), _rgb(self.theme.muted)
        d.add_paragraph()

    def _figure(self, d, b: m.Figure) -> None:
        self.para(d, b.caption, "Caption").paragraph_format.keep_with_next = True
        d.add_picture(str(b.png), width=Cm(b.width_cm))
        self._alt(d, b.alt)
        d.paragraphs[-1].paragraph_format.keep_with_next = True
        src = self.para(d)
        run = src.add_run(ooxml.clean(b.source))
        run.font.size, run.font.color.rgb = Pt(7.5), _rgb(self.theme.muted)
        for n in b.notes:
            self.note_mark(src, n)

    def _table(self, d, b: m.Table) -> None:
        self.para(d, b.caption, "Caption").paragraph_format.keep_with_next = True
        t = d.add_table(rows=1 + len(b.rows), cols=len(b.header))
        t.style = d.styles[TABLE_STYLE]
        rows = t.rows
        ooxml.repeat_header(rows[0])
        for cell, text in zip(rows[0].cells, b.header):
            cell.paragraphs[0].add_run(ooxml.clean(text)).bold = True
        for row, cells in zip(rows[1:], b.rows):
            for cell, content in zip(row.cells, cells):
                p = cell.paragraphs[0]
                p.paragraph_format.space_after = Pt(0)
                self.inlines(p, content)
                for r in p.runs:
                    r.font.size = Pt(8.5)
        src = self.para(d)
        run = src.add_run(ooxml.clean(b.source))
        run.font.size, run.font.color.rgb = Pt(7.5), _rgb(self.theme.muted)

    def _notes(self, d, doc: m.Document) -> None:
        """Word places the endnotes after the last paragraph: under this heading, as in the PDF."""
        self.para(d, doc.meta.notes_heading, "Heading 1")


def ensure_endnote_styles(d, theme: Theme) -> None:
    """The endnote styles Word uses, added when a reference document lacks them."""
    from docx.enum.style import WD_STYLE_TYPE
    names = {s.name for s in d.styles}
    if "Endnote Text" not in names:
        text = d.styles.add_style("Endnote Text", WD_STYLE_TYPE.PARAGRAPH)
        text.base_style, text.font.size = d.styles["Normal"], Pt(8)
        text.paragraph_format.space_after = Pt(2)
    if "Endnote Reference" not in names:
        ref = d.styles.add_style("Endnote Reference", WD_STYLE_TYPE.CHARACTER)
        ref.font.superscript, ref.font.color.rgb = True, _rgb(theme.accent)
