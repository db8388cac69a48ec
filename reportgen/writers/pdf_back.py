"""The PDF's text escaping and its parts: KPI tiles, the tinted box of key messages, rules, the next step after
the body, the references and colophon after the notes. Kept apart from pdf.py so the writer's page machinery
stays readable; pdf.py imports from here, never the other way."""
from __future__ import annotations

import html
import re

from reportlab.lib import colors
from reportlab.platypus import Flowable, Image, Paragraph, Spacer, Table, TableStyle

from reportgen import document as m
from reportgen.writers.closing import label_sep
from reportgen.writers.theme import Theme


_BAD = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
REG, BOLD = "RG-NotoSansSC", "RG-NotoSansSC-Bold"
LATIN_REG, LATIN_BOLD = "RG-NotoSansSCLatin", "RG-NotoSansSCLatin-Bold"      # English: proportional quotes
_FORMULA = re.compile(r"\b(CO|SO|NO)2\b")


def picture(png, width: float) -> Image:
    """A PNG (a logo given only as PNG) ``width`` wide, its height in proportion, at the left as a drawing is."""
    from reportlab.lib.utils import ImageReader
    w, h = ImageReader(str(png)).getSize()
    return Image(str(png), width, width * h / w, hAlign="LEFT")


def esc(text: str) -> str:
    """Plain text → reportlab paragraph markup, with nothing dropped or doubled; chemical formulas get their
    subscript (SO2 → SO₂, drawn as a subscript: the CJK face has no ₂ glyph)."""
    return _FORMULA.sub(r"\1<sub>2</sub>", html.escape(_BAD.sub("", text), quote=True).replace("\n", "<br/>"))


def boxed(flowables: list, width: float, theme: Theme) -> list:
    """Flowables in one tinted cell with an accent rule on the left: a key-messages box."""
    t = Table([[flowables]], colWidths=[width])
    t.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), REG), ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor(theme.tile)),
                           ("LINEBEFORE", (0, 0), (0, -1), 3, colors.HexColor(theme.accent)),
                           ("LEFTPADDING", (0, 0), (-1, -1), 12), ("RIGHTPADDING", (0, 0), (-1, -1), 12),
                           ("TOPPADDING", (0, 0), (-1, -1), 8), ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]))
    return [t, Spacer(1, 8)]


def next_step(back: m.BackMatter, st, theme: Theme, inline, heading) -> list:
    """The call to action and the contact lines, boxed, after the body."""
    if not back.heading:
        return []
    inner = []
    if back.call_to_action:
        inner.append(Paragraph(esc(back.call_to_action), st.body))
    for label, value in back.contact:
        inner.append(Paragraph(f"<b>{esc(label + label_sep(label))}</b>" + inline([value], theme), st.body))
    return heading(m.Heading(1, back.heading), st) + boxed(inner, _width(st, theme), theme)


def colophon(doc: m.Document, st, theme: Theme, heading, colophon: bool = True) -> list:
    """The references (each source once, in full), then (unless the closing page carries it) the colophon's
    labelled small print."""
    out = []
    if doc.references:
        out += heading(m.Heading(2, doc.meta.references_heading), st)
        out += [Paragraph(esc(r), st.note) for r in doc.references]
    if doc.back.colophon and colophon:
        out += heading(m.Heading(2, doc.back.colophon_heading), st)
        out += [Paragraph(f"<b>{esc(label + label_sep(label))}</b>{esc(text)}", st.small)
                for label, text in doc.back.colophon]
    return out


def _width(st, theme: Theme) -> float:
    from reportlab.lib.units import cm
    return (theme.page_cm[0] - theme.margin_left_cm - theme.margin_right_cm) * cm


class Rule(Flowable):
    """A horizontal rule in the theme's accent colour (under a cover title)."""

    def __init__(self, width, color, thickness=2):
        super().__init__()
        self.width, self.color, self.thickness = width, color, thickness

    def wrap(self, *_):
        return self.width, self.thickness + 6

    def draw(self):
        self.canv.setStrokeColor(colors.HexColor(self.color))
        self.canv.setLineWidth(self.thickness)
        self.canv.line(0, 3, self.width, 3)


def tiles(b: m.KpiGroup, st, width: float, theme: Theme) -> list:
    """KPI tiles, three to a row, each on the tile colour with an accent rule; one note mark after the last."""
    per_row = 3
    mark = lambda n: (f'<super><font size="6" color="{theme.accent}"><a href="#note-{n}">[{n}]</a>'
                      f'</font></super>' if n else "")   # 6 pt: a mark stays legible beside a 7.5 pt label
    last = len(b.items) - 1
    cells = [[Paragraph(esc(k.value) + mark(k.note), st.kpi_value),
              Paragraph(esc(k.label) + (mark(b.note) if i == last else ""), st.kpi_label)]
             for i, k in enumerate(b.items)]
    rows = [cells[i:i + per_row] for i in range(0, len(cells), per_row)]
    rows[-1] += [""] * (per_row - len(rows[-1]))
    t = Table(rows, colWidths=[width / per_row] * per_row)
    style = [("FONT", (0, 0), (-1, -1), REG), ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 8),
             ("TOPPADDING", (0, 0), (-1, -1), 7), ("BOTTOMPADDING", (0, 0), (-1, -1), 8)]
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            if cell:
                style += [("BACKGROUND", (c, r), (c, r), colors.HexColor(theme.tile)),
                          ("LINEBEFORE", (c, r), (c, r), 2.5, colors.HexColor(theme.accent)),
                          ("LINEAFTER", (c, r), (c, r), 3, colors.white),
                          ("LINEBELOW", (c, r), (c, r), 3, colors.white)]
    t.setStyle(TableStyle(style))
    return [t, Spacer(1, 8)]   # no spacer before: the heading's keepWithNext must reach the tiles


class ShrinkFigure(Flowable):
    """Caption, chart and source line kept together; the chart may shrink (to 70 % of its height) to end a page
    rather than leave it a fifth empty, as a layout artist would scale a figure to fit."""
    MIN_SCALE = 0.7

    def __init__(self, caption: Paragraph, drawing, source: Paragraph):
        super().__init__()
        self.caption, self.drawing, self.source, self.scale = caption, drawing, source, 1.0

    def _gaps(self) -> float:
        return self.caption.style.spaceBefore + self.caption.style.spaceAfter + self.source.style.spaceAfter

    def wrap(self, avail_width, avail_height):
        self.width = avail_width
        fixed = self.caption.wrap(avail_width, avail_height)[1] + self.source.wrap(avail_width, avail_height)[1]
        room = avail_height - fixed - self._gaps()
        self.scale = 1.0 if room >= self.drawing.height else max(self.MIN_SCALE, room / self.drawing.height)
        self.height = fixed + self._gaps() + self.drawing.height * self.scale
        return self.width, self.height

    def draw(self):
        y = self.height - self.caption.style.spaceBefore - self.caption.height
        self.caption.drawOn(self.canv, 0, y)
        y -= self.caption.style.spaceAfter + self.drawing.height * self.scale
        self.canv.saveState()
        self.canv.translate(0, y)
        self.canv.scale(self.scale, self.scale)
        self.drawing.drawOn(self.canv, 0, 0)
        self.canv.restoreState()
        self.source.drawOn(self.canv, 0, y - self.source.height)
