"""Document → PDF with reportlab: cover, KPI tiles, outline, TOC, vector charts, endnotes with links.

Traps handled here (see shared notes): every face is a registered TTF (no unembedded Helvetica: initialFontName
and the TOC style name our font), text is sanitised then escaped for reportlab's mini-markup, Chinese uses
wordWrap='CJK' with no line starting with closing punctuation (``pdf_kinsoku``), and ``invariant=1`` with the build's own timestamp makes the bytes reproducible.
"""
from __future__ import annotations

import io
import re
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (BaseDocTemplate, CondPageBreak, Frame, NextPageTemplate, PageBreak, PageTemplate,
                                Paragraph, Spacer, Table, TableStyle)
from reportlab.pdfgen.canvas import Canvas

from reportgen import document as m
from reportgen.core.fonts import FontSet
from reportgen.core.langs import TAGS
from reportgen.writers import pdf_back, pdf_cover, pdf_kinsoku
from reportgen.writers.pdf_back import BOLD, LATIN_BOLD, LATIN_REG, REG, esc
from reportgen.writers.theme import Theme
from reportgen.core.placeholders import fill

CONTENTS_FROM_PAGES = 12     # a contents page only for a report of a dozen pages or more


@lru_cache(maxsize=1)
def _register(fonts: FontSet) -> None:
    from svglib.fonts import register_font
    pdfmetrics.registerFont(TTFont(REG, str(fonts.regular)))
    pdfmetrics.registerFont(TTFont(BOLD, str(fonts.bold)))
    # Map the charts' SVG font family onto the registered faces (or svglib drops the hanzi), then declare the
    # family last: <b> in paragraphs works only through this mapping.
    register_font(fonts.family, str(fonts.regular), rlgFontName=REG)
    register_font(fonts.family, str(fonts.bold), weight="bold", rlgFontName=BOLD)
    pdfmetrics.registerFontFamily(REG, normal=REG, bold=BOLD, italic=REG, boldItalic=BOLD)
    # English paragraphs: the face's Latin copy, whose curly quotes are proportional (core.fonts)
    pdfmetrics.registerFont(TTFont(LATIN_REG, str(fonts.latin_regular)))
    pdfmetrics.registerFont(TTFont(LATIN_BOLD, str(fonts.latin_bold)))
    pdfmetrics.registerFontFamily(LATIN_REG, normal=LATIN_REG, bold=LATIN_BOLD, italic=LATIN_REG,
                                  boldItalic=LATIN_BOLD)
    # A drawing starts from reportlab's default state, whose Helvetica would be referenced (unembedded).
    from reportlab.graphics import shapes
    shapes.STATE_DEFAULTS["fontName"] = REG
    pdf_kinsoku.install()


@lru_cache(maxsize=64)
def _drawing(svg: Path, width: float):
    """SVG (a chart or the logo) → reportlab Drawing scaled to ``width``; cached in memory and in the cache folder."""
    from reportgen.writers.drawings import load_svg
    d = load_svg(svg)
    s = width / d.width
    d.scale(s, s)
    d.width, d.height = d.width * s, d.height * s
    return d


class _Styles:
    def __init__(self, theme: Theme, lang: str):
        wrap = "CJK" if lang == "zh" else None
        reg, bold = (REG, BOLD) if lang == "zh" else (LATIN_REG, LATIN_BOLD)   # English: proportional quotes
        base = dict(fontName=reg, wordWrap=wrap, textColor=colors.HexColor(theme.text))
        sz = theme.sizes                      # the type scale every writer shares
        self.body = ParagraphStyle("body", fontSize=sz["body"], leading=theme.leading, spaceAfter=6, **base)
        self.bullet = ParagraphStyle("bullet", parent=self.body, leftIndent=12, bulletIndent=2, spaceAfter=3,
                                     bulletFontName=reg, bulletColor=colors.HexColor(theme.accent))
        self.h = {lvl: ParagraphStyle(f"h{lvl}", fontName=bold, wordWrap=wrap, keepWithNext=1,
                                      textColor=colors.HexColor(theme.primary), fontSize=size, leading=size * 1.3,
                                      spaceBefore=before, spaceAfter=5)
                  for lvl, size, before in ((1, sz["h1"], 12), (2, sz["h2"], 9), (3, sz["h3"], 7))}
        self.caption = ParagraphStyle("caption", parent=self.body, fontName=bold, fontSize=sz["caption"], leading=12,
                                      spaceBefore=4, spaceAfter=1, keepWithNext=1)
        self.table_caption = ParagraphStyle("tcaption", parent=self.caption, keepWithNext=0)
        self.source = ParagraphStyle("source", parent=self.body, fontSize=sz["note"], leading=10,
                                     textColor=colors.HexColor(theme.muted), spaceAfter=10)
        self.note = ParagraphStyle("note", parent=self.body, fontSize=sz["note"], leading=10.5, leftIndent=14,
                                   firstLineIndent=-14, spaceAfter=2.5)
        self.kpi_value = ParagraphStyle("kpiv", fontName=bold, fontSize=sz["h2"], leading=16, wordWrap=wrap,
                                        textColor=colors.HexColor(theme.primary))
        self.kpi_label = ParagraphStyle("kpil", fontName=reg, fontSize=sz["note"], leading=9.5, wordWrap=wrap,
                                        textColor=colors.HexColor(theme.muted))
        self.cell = ParagraphStyle("cell", parent=self.body, fontSize=sz["caption"] - 0.5, leading=10.5, spaceAfter=0)
        self.cell_head = ParagraphStyle("cellh", parent=self.cell, fontName=bold, textColor=colors.white)
        self.cell_num = ParagraphStyle("celln", parent=self.cell, alignment=TA_RIGHT)
        self.cell_head_num = ParagraphStyle("cellhn", parent=self.cell_head, alignment=TA_RIGHT)
        self.cover_title = ParagraphStyle("ct", fontName=bold, fontSize=26, leading=34, wordWrap=wrap,
                                          textColor=colors.HexColor(theme.primary), spaceAfter=10)
        self.cover_meta = ParagraphStyle("cm", fontName=reg, fontSize=10, leading=15, wordWrap=wrap,
                                         textColor=colors.HexColor(theme.muted))
        self.sheet_title = ParagraphStyle("st", parent=self.cover_title, fontSize=18, leading=23, spaceAfter=2)
        self.small = ParagraphStyle("small", parent=self.body, fontSize=sz["note"] + 0.5, leading=11.5, spaceAfter=4)


def _inline(items: list[m.Inline], theme: Theme) -> str:
    out = []
    for it in items:
        if isinstance(it, m.Text):
            out.append(esc(it.text))
        elif isinstance(it, m.Strong):
            out.append(f"<b>{esc(it.text)}</b>")
        elif isinstance(it, m.Link):
            out.append(f'<a href="{esc(it.url)}" color="{theme.primary}"><u>{esc(it.text)}</u></a>')
        elif isinstance(it, m.NoteRef):
            out.append(f'<super><a href="#note-{it.number}" color="{theme.accent}">[{it.number}]</a></super>')
        else:
            raise TypeError(f"PDF writer cannot write inline {type(it).__name__}")
    return "".join(out)


class _Doc(BaseDocTemplate):
    """Records each heading as an outline entry and in ``toc_entries`` (level, text, page, key)."""
    toc_entries: list

    def beforeDocument(self):
        self._heading_no = 0
        self._outline_level = -1
        self.toc_entries.clear()

    def afterFlowable(self, flowable):
        level = getattr(flowable, "_outline_level", None)
        if level is None:
            return
        self._heading_no += 1
        key = f"h{self._heading_no}"
        text = getattr(flowable, "_outline_text", None) or flowable.getPlainText()
        self.canv.bookmarkPage(key)
        # outlines cannot skip levels (a '##' first would be refused): step down at most one at a time
        self._outline_level = min(level - 1, self._outline_level + 1)
        self.canv.addOutlineEntry(text, key, level=self._outline_level, closed=False)
        self.toc_entries.append((self._outline_level, text, self.page, key))


def _stamp(canvas: Canvas, when) -> None:
    """Date the file by the build's time, not the clock of whichever process writes it."""
    import hashlib
    import time
    pdf = canvas._doc
    t = float(when.timestamp() if when else 0)
    stamp = pdf._timeStamp
    stamp.t, stamp.lt = t, time.gmtime(t)
    stamp.YMDhms, stamp.dhh, stamp.dmm, stamp.tzname = tuple(stamp.lt)[:6], 0, 0, "UTC"
    # the file ID's digest starts from the timestamp too (as reportlab's PDFDocument seeds it)
    pdf.signature = hashlib.md5(b"a reportlab document", usedforsecurity=False)
    pdf.signature.update(ascii(t).encode())


def _numbered_canvas(meta: m.Meta, theme: Theme, page: tuple[float, float], left: float, right: float, top: float,
                     toc: list | None):
    class NumberedCanvas(Canvas):
        """Draws 'Page X of Y' once the total is known (kept page states, drawn in save), and the table of
        contents on the page reserved for it: one layout pass, since every heading's page is known by then."""

        def __init__(self, *a, **kw):
            super().__init__(*a, **kw)
            self._states = []
            _stamp(self, meta.created)

        def showPage(self):
            self._states.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._states)
            for state in self._states:
                self.__dict__.update(state)
                if meta.compact or 1 < self._pageNumber < total:     # not on the cover nor the closing page
                    self.setFont(REG, 7.5)
                    self.setFillColor(colors.HexColor(theme.muted))
                    self.drawString(left, 1.2 * cm, fill(meta.page_label, page=self._pageNumber, pages=total))
                    self.drawRightString(page[0] - right, page[1] - 1.2 * cm, meta.running_header)
                    self.setStrokeColor(colors.HexColor(theme.rule))
                    self.setLineWidth(0.4)
                    self.line(left, page[1] - 1.35 * cm, page[0] - right, page[1] - 1.35 * cm)
                if toc is not None and self._pageNumber == 2:
                    self._contents()
                super().showPage()
            super().save()

        def _contents(self):
            y = page[1] - top - 15
            self.setFont(BOLD, 15)
            self.setFillColor(colors.HexColor(theme.primary))
            self.drawString(left, y, meta.contents_heading)
            y -= 28
            right_x = page[0] - right
            for level, text, number, key in toc:
                if level > 1:
                    continue
                size = 10 if level == 0 else 9
                x = left + 14 * level
                self.setFont(REG, size)
                self.setFillColor(colors.HexColor(theme.text))
                self.drawString(x, y, text)
                self.drawRightString(right_x, y, str(number))
                start = x + pdfmetrics.stringWidth(text, REG, size) + 6
                end = right_x - pdfmetrics.stringWidth(str(number), REG, size) - 6
                dots = int((end - start) / pdfmetrics.stringWidth(" .", REG, size))
                if dots > 0:
                    self.setFillColor(colors.HexColor(theme.rule))
                    self.drawRightString(end, y, " ." * dots)
                self.linkAbsolute(text, key, Rect=(x, y - 3, right_x, y + size), name=f"toc-{key}")
                y -= 18 if level == 0 else 15
    return NumberedCanvas


class PdfWriter:
    def __init__(self, fonts: FontSet, theme: Theme):
        self.fonts, self.theme = fonts, theme
        _register(fonts)

    def write(self, doc: m.Document) -> bytes:
        """Render to bytes; a contents page is added only to a long report (in briefs, as in the publications
        of the kind, the bookmarks do that job)."""
        plain = self._render(doc, toc=False)
        if doc.meta.compact or self._page_count(plain) < CONTENTS_FROM_PAGES:
            return plain
        return self._render(doc, toc=True)

    @staticmethod
    def _page_count(data: bytes) -> int:
        return len(re.findall(rb"/Type /Page[^s]", data))

    def _render(self, doc: m.Document, toc: bool) -> bytes:
        theme, meta = self.theme, doc.meta
        st = _Styles(theme, meta.lang)
        page = (theme.page_cm[0] * cm, theme.page_cm[1] * cm)
        left, right = theme.margin_left_cm * cm, theme.margin_right_cm * cm
        width = page[0] - left - right
        buf = io.BytesIO()
        d = _Doc(buf, pagesize=page, leftMargin=left, rightMargin=right, topMargin=theme.margin_top_cm * cm,
                 bottomMargin=theme.margin_bottom_cm * cm,
                 title=meta.title, author=meta.author, subject=meta.subtitle, keywords=meta.keywords,
                 creator="reportgen", producer="reportgen (reportlab)", lang=TAGS[meta.lang],
                 invariant=1, initialFontName=REG)
        d.toc_entries = []
        frame = Frame(d.leftMargin, d.bottomMargin, d.width, d.height, id="main")
        if meta.compact:    # a fact sheet: the title heads the first page
            d.addPageTemplates([PageTemplate("body", [frame])])
            story = self._title_block(doc, st, width)
        else:
            logo = self._logo_drawer()
            field = lambda share: lambda canv, _: pdf_cover.draw_field(canv, theme, share, logo, meta)
            d.addPageTemplates([PageTemplate("cover", [frame], onPage=field(pdf_cover.FIELD)),
                                PageTemplate("body", [frame]),
                                PageTemplate("closing", [frame], onPage=field(pdf_cover.CLOSING_FIELD))])
            tiles = lambda group: pdf_cover.cover_tiles(group, theme, width, self._mark, meta.lang)
            story = pdf_cover.cover(doc, theme, width, frame._height, tiles) + [NextPageTemplate("body"), PageBreak()]
        if toc:   # page 2 is left for the contents, which the canvas draws once all pages are laid out
            story += [Spacer(1, 1), PageBreak()]
        for block in doc.blocks:
            story += self.block(block, st, width)
        if meta.compact:
            story += pdf_back.next_step(doc.back, st, self.theme, _inline, self._heading)
        story += self._notes(doc, st)
        story += pdf_back.colophon(doc, st, self.theme, self._heading, colophon=meta.compact)
        if not meta.compact:        # the closing page: next step, contact and colophon over its colour field
            story += [NextPageTemplate("closing"), PageBreak()]
            story += pdf_cover.closing(doc, theme, width, frame._height,
                                       lambda items, colour: _inline(items, replace(theme, primary=colour)))
        d.build(story, canvasmaker=_numbered_canvas(meta, theme, page, left, right, theme.margin_top_cm * cm,
                                                    d.toc_entries if toc else None))
        return buf.getvalue()

    def _logo_drawer(self):
        """Draws the logo 4.2 cm wide at (x, y) on a canvas (the cover's and closing page's strip), or None."""
        if self.theme.logo_svg:
            drawing = _drawing(self.theme.logo_svg, 3.6 * cm)
            return lambda canv, x, y: drawing.drawOn(canv, x, y)
        if self.theme.logo_png:
            image = pdf_back.picture(self.theme.logo_png, 3.6 * cm)
            return lambda canv, x, y: image.drawOn(canv, x, y)
        return None

    def _mark(self, n: int) -> str:
        return (f'<super><font size="6" color="{self.theme.accent}"><a href="#note-{n}">[{n}]</a></font></super>'
                if n else "")

    def _title_block(self, doc: m.Document, st: _Styles, width: float) -> list:
        meta = doc.meta
        line = " · ".join(x for x in (meta.prepared_for, meta.audience, meta.edition) if x)
        return [Paragraph(esc(meta.title), st.sheet_title), Paragraph(esc(meta.subtitle), st.cover_meta),
                Paragraph(esc(line), st.cover_meta), pdf_back.Rule(width, self.theme.accent, 1.5), Spacer(1, 4)]

    # ── one method per node type ──
    def block(self, b: m.Block, st: _Styles, width: float) -> list:
        method = getattr(self, "_" + type(b).__name__.lower(), None)
        if method is None:
            raise TypeError(f"PDF writer cannot write block {type(b).__name__}")
        return method(b, st, width)

    def _heading(self, b: m.Heading, st, width=0):
        badge = (f'<font backColor="{b.badge.colour}" color="#FFFFFF">&nbsp;{esc(b.badge.text)}&nbsp;</font>&nbsp; '
                 if b.badge else "")
        p = Paragraph(badge + esc(b.text), st.h[min(b.level, 3)])
        p._outline_text = b.text
        p._outline_level = b.level
        return [p]

    def _paragraph(self, b: m.Paragraph, st, width):
        return [Paragraph(_inline(b.inlines, self.theme), st.body)]

    def _bulletlist(self, b: m.BulletList, st, width):
        return [Paragraph(_inline(item, self.theme), st.bullet, bulletText="•") for item in b.items]

    def _kpigroup(self, b: m.KpiGroup, st, width):
        return pdf_back.tiles(b, st, width, self.theme)

    def _figure(self, b: m.Figure, st, width):
        return [pdf_back.ShrinkFigure(Paragraph(esc(b.caption), st.caption), _drawing(b.svg, width),
                                      Paragraph(esc(b.source) + self._refs(b.notes), st.source))]

    def _box(self, b: m.Box, st, width):
        inner = [f for block in b.blocks for f in self.block(block, st, width - 24)]
        return pdf_back.boxed(inner, width, self.theme)

    def _table(self, b: m.Table, st, width):
        # figures right-aligned under their right-aligned column heads; the indicator column reads from the left
        head = [Paragraph(esc(h), st.cell_head if i == 0 else st.cell_head_num) for i, h in enumerate(b.header)]
        body = [[Paragraph(_inline(cell, self.theme), st.cell if i == 0 else st.cell_num) for i, cell in enumerate(row)]
                for row in b.rows]
        first = width * 0.52
        other = (width - first) / max(len(b.header) - 1, 1)
        t = Table([head] + body, colWidths=[first] + [other] * (len(b.header) - 1), repeatRows=1)
        t.setStyle(TableStyle([
            ("FONT", (0, 0), (-1, -1), REG), ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(self.theme.primary)),
            ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor(self.theme.tile)]),
            ("LINEBELOW", (0, -1), (-1, -1), 0.6, colors.HexColor(self.theme.rule)),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]))
        # the caption goes with the table's first rows (a long table splits; it is not pushed whole to a new page)
        return [CondPageBreak(3 * cm), Paragraph(esc(b.caption), st.table_caption), t,
                Paragraph(esc(b.source) + self._refs(b.notes), st.source)]

    def _refs(self, notes: list[int]) -> str:
        return _inline([m.NoteRef(n) for n in notes], self.theme)

    def _notes(self, doc: m.Document, st: _Styles) -> list:
        head = Paragraph(esc(doc.meta.notes_heading), st.h[1])
        head._outline_level = 1
        out = [head]
        for n in doc.notes:
            out.append(Paragraph(f'<a name="note-{n.number}"/>[{n.number}]&nbsp;{esc(n.text)}', st.note))
        return out
