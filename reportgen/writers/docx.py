"""Document → DOCX with python-docx, using Word's own styles from a replaceable reference.docx.

The file carries its fonts (``docx_fonts``): subsets of the same Noto Sans SC the PDF embeds, named in every font
slot with the zh-CN East Asian language (in English, the Latin slots name its Latin copy, whose quotes are
proportional), so a reader without our fonts sees what the PDF shows. Charts are SVG
with a PNG fallback, described by the data alt text.

Headings are Heading 1–3, captions Caption, bullets List Bullet, tables a named table style with repeating
header rows; the contents list is written out in full; page numbers (footer and contents) are fields.
"""
from __future__ import annotations

import re

from docx.enum.section import WD_SECTION
from docx.shared import Pt

from reportgen import document as m
from reportgen.core.fonts import FontSet
from reportgen.writers import (docx_back, docx_contents, docx_cover, docx_fonts, docx_notes, docx_sections, docx_styles,
                               docx_tables, ooxml)
from reportgen.writers.docx_styles import rgb as _rgb
from reportgen.writers.theme import Theme

_FORMULA = re.compile(r"(?<=\b(?:CO|SO|NO))(2)\b")
CONTENTS_FROM_HEADINGS = 20     # sections of a long report (about ten pages or more)
LOGO_WIDTH_CM = 4.2


def _logo_png(theme: Theme, fonts: FontSet):
    """The logo's PNG (a path, or bytes): the theme's, else drawn once from its SVG, since Word wants a PNG beside
    an SVG and LibreOffice shows only the PNG."""
    if theme.logo_svg and not theme.logo_png:
        from reportgen.writers.typst import svg_to_png
        return svg_to_png(theme.logo_svg, fonts, LOGO_WIDTH_CM)
    return theme.logo_png


class DocxWriter:
    def __init__(self, theme: Theme, fonts: FontSet):
        self.theme, self.fonts, self.logo_png = theme, fonts, _logo_png(theme, fonts)

    def write(self, doc: m.Document) -> bytes:
        d = self._document = docx_styles.open_reference(self.theme)
        self.columns = 1
        self._style = docx_styles.apply_styles(d, self.fonts, doc.meta.lang, self.theme)
        docx_styles.page_setup(d, self.theme, doc.meta)
        self._noted: set[int] = set()
        self._lang = doc.meta.lang
        self._cover(d, doc)
        if not doc.meta.compact:        # a brief's text runs in two columns after its cover, as in the PDF
            docx_sections.columns(self, d, 2, WD_SECTION.NEW_PAGE)
        self._headings = 0
        if sum(isinstance(b, m.Heading) and b.level == 1 for b in doc.blocks) > CONTENTS_FROM_HEADINGS:
            self._contents(d, doc)     # a brief under ten pages has none: the navigation pane does it
        for block in doc.blocks:
            self.block(d, block)
        docx_back.write(self, d, doc)
        if not doc.meta.compact:
            docx_cover.closing(self, d, doc)
        docx_styles.core_properties(d, doc.meta)
        ooxml.app_properties(d, doc.meta.title, doc.meta.author)
        docx_fonts.embed(d, self.fonts, latin=doc.meta.lang != "zh")
        ooxml.add_thumbnail(d, self._thumbnail(doc))
        return ooxml.save_reproducible(d)

    def _thumbnail(self, doc: m.Document) -> bytes:
        """The cover as the PDF shows it (drawn by Typst, the cover alone), as a small JPEG."""
        import io

        from PIL import Image

        from reportgen.writers.typst import TypstWriter
        png = TypstWriter(self.fonts, self.theme).cover_png(doc)
        out = io.BytesIO()
        Image.open(io.BytesIO(png)).convert("RGB").save(out, "JPEG", quality=80, optimize=True)
        return out.getvalue()

    def _cover(self, d, doc: m.Document) -> None:
        """A brief's designed cover (docx_cover); a fact sheet's title block heads its first page."""
        meta = doc.meta
        if not meta.compact:
            docx_cover.cover(self, d, doc)
            return
        self.para(d, meta.title, "Title")
        if meta.subtitle:
            self.para(d, meta.subtitle, "Subtitle")
        for b in doc.cover:         # the headline figures
            self.block(d, b)
        line = " · ".join(x for x in (meta.prepared_for, meta.partners, meta.audience, meta.edition) if x)
        if line:
            d.add_paragraph().add_run(ooxml.clean(line)).font.color.rgb = _rgb(self.theme.muted)

    def para(self, d, text: str = "", style: str | None = None):
        """A paragraph in a named style (None: Normal), set by style id."""
        p = d.add_paragraph(ooxml.clean(text))
        if style:
            p._p.style = self._style[style]
        return p

    def column_width_cm(self) -> float:
        return (self.text_width_cm() - docx_sections.GUTTER_CM * (self.columns - 1)) / self.columns

    def _contents(self, d, doc: m.Document) -> None:
        """The contents list, entries and page-number fields written out (see docx_contents)."""
        self.para(d, doc.meta.contents_heading, "TOC Heading")
        headings = [(b.level, b.text) for b in doc.blocks if isinstance(b, m.Heading)] + [(1, doc.meta.notes_heading)]
        docx_contents.add_contents(d.add_paragraph(), headings, self._style)
        d.add_page_break()

    # ── inlines ──
    def inlines(self, p, items: list[m.Inline]) -> None:
        for it in items:
            if isinstance(it, m.Text):
                for n, part in enumerate(_FORMULA.split(ooxml.clean(it.text))):
                    if part:
                        p.add_run(part).font.subscript = (n % 2 == 1) or None   # SO2 → SO₂ (subscript 2)
            elif isinstance(it, m.Strong):
                p.add_run(ooxml.clean(it.text)).bold = True
            elif isinstance(it, m.Link):
                ooxml.add_hyperlink(p, it.text, it.url, self.theme.primary)
            elif isinstance(it, m.NoteRef):
                self.note_mark(p, it.number)
            else:
                raise TypeError(f"DOCX writer cannot write inline {type(it).__name__}")

    def note_mark(self, p, number: int) -> None:
        """A note's mark, linking to the note; the first mention is the one the note links back to."""
        label = docx_notes.LABELS[self._lang][0].format(n=number)
        docx_notes.add_note_mark(p, number, self._style["Endnote Reference"], label, first=number not in self._noted)
        self._noted.add(number)

    # ── one method per block type ──
    def block(self, d, b: m.Block) -> None:
        method = getattr(self, "_" + type(b).__name__.lower(), None)
        if method is None:
            raise TypeError(f"DOCX writer cannot write block {type(b).__name__}")
        method(d, b)

    def _heading(self, d, b: m.Heading) -> None:
        if b.badge:      # the goal's number on its colour, then the heading's text
            p = self.para(d, style=f"Heading {min(b.level, 3)}")
            ooxml.shaded_run(p, f" {b.badge.text} ", b.badge.colour)
            p.add_run("  " + ooxml.clean(b.text))
        else:
            p = self.para(d, b.text, f"Heading {min(b.level, 3)}")
        docx_contents.bookmark(p, self._headings)
        self._headings += 1

    def _paragraph(self, d, b: m.Paragraph) -> None:
        self.inlines(self.para(d), b.inlines)

    def _bulletlist(self, d, b: m.BulletList) -> None:
        for item in b.items:
            self.inlines(self.para(d, style="List Bullet"), item)

    def _kpigroup(self, d, b: m.KpiGroup) -> None:
        docx_back.tiles(self, d, b)

    def _figure(self, d, b: m.Figure) -> None:
        docx_sections.full_width(self, d, lambda: self._picture(d, b))

    def _picture(self, d, b: m.Figure) -> None:
        self.para(d, b.caption, "Caption").paragraph_format.keep_with_next = True
        ooxml.add_picture(d, b.png, b.outlined_svg, b.width_cm, b.alt or b.caption)
        d.paragraphs[-1].paragraph_format.keep_with_next = True
        self.source_line(d, b.source, b.notes)

    def text_width_cm(self) -> float:
        return self.theme.page_cm[0] - self.theme.margin_left_cm - self.theme.margin_right_cm

    def _table(self, d, b: m.Table) -> None:
        docx_sections.full_width(self, d, lambda: docx_tables.table(self, d, b))

    def source_line(self, d, text: str, notes: list[int]) -> None:
        """The small "Source: …" line under a figure or table, with its note marks."""
        src = self.para(d)
        run = src.add_run(ooxml.clean(text))
        run.font.size, run.font.color.rgb = Pt(7.5), _rgb(self.theme.muted)
        for n in notes:
            self.note_mark(src, n)

    def _box(self, d, b: m.Box) -> None:
        docx_back.box(self, d, b.blocks)
