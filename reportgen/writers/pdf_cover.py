"""The reportlab PDF's cover and closing page, carrying what the Typst cover and closing carry, more simply: the
colour field and the publisher's strip are drawn on the page (``cover_page`` / ``closing_page``), the title,
value proposition, headline figures with their year, the brief's sections, the next step, contact and colophon
flow over them in the theme's type scale."""
from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from reportgen import document as m
from reportgen.writers.closing import display_width, label_sep as sep, split_in_two
from reportgen.writers.pdf_back import BOLD, LATIN_BOLD, LATIN_REG, REG, esc
from reportgen.writers.theme import Theme

FIELD = 0.55           # the cover's colour field: the top 55 % of the page (the closing page's: 42 %)
CLOSING_FIELD = 0.42
FOOT_CM = 3.0


class SpaceTo(Flowable):
    """Empty space down to ``y`` below the frame's top (nothing if the story is already past it): puts the cover's
    tiles across the field's edge, the colophon under the closing field."""

    def __init__(self, y: float):
        super().__init__()
        self.y = y

    def wrap(self, avail_width, avail_height):
        used = self._frame_height - avail_height if hasattr(self, "_frame_height") else 0
        self.height = max(0.0, self.y - used)
        return avail_width, self.height

    def draw(self):
        pass


def _frame_aware(flowable: SpaceTo, frame_height: float) -> SpaceTo:
    flowable._frame_height = frame_height
    return flowable


class _Faces:
    """The faces and line breaking of a language, as the body's: Chinese wraps as CJK (with pdf_kinsoku's rules),
    English takes the Latin copy of the face."""

    def __init__(self, lang: str):
        zh = lang == "zh"
        self.reg, self.bold, self.wrap = (REG, BOLD, "CJK") if zh else (LATIN_REG, LATIN_BOLD, None)

    def style(self, name, bold: bool, size, colour, leading=1.25, **kw):
        return ParagraphStyle(name, fontName=self.bold if bold else self.reg, fontSize=size, leading=size * leading,
                              textColor=colors.HexColor(colour), wordWrap=self.wrap, **kw)


def draw_field(canv, theme: Theme, share: float, logo_draw, meta: m.Meta) -> None:
    """The colour field over the top ``share`` of the page, an accent band along its top, and the publisher's
    strip (logo, publisher, edition) at the foot."""
    w, h = canv._pagesize
    canv.saveState()
    canv.setFillColor(colors.HexColor(theme.primary))
    canv.rect(0, h * (1 - share), w, h * share, stroke=0, fill=1)
    canv.setFillColor(colors.HexColor(theme.accent))
    canv.rect(0, h - 0.5 * cm, w, 0.5 * cm, stroke=0, fill=1)
    canv.setFillColor(colors.HexColor(theme.tile))
    canv.rect(0, 0, w, FOOT_CM * cm, stroke=0, fill=1)
    if logo_draw:
        logo_draw(canv, theme.margin_left_cm * cm, 0.9 * cm)
    sz = theme.sizes
    right = w - theme.margin_right_cm * cm
    canv.setFillColor(colors.HexColor(theme.primary))
    canv.setFont(BOLD, sz["body"])
    canv.drawRightString(right, 1.75 * cm, meta.author)
    if meta.edition:
        canv.setFillColor(colors.HexColor(theme.muted))
        canv.setFont(REG, sz["caption"])
        canv.drawRightString(right, 1.2 * cm, meta.edition)
    canv.restoreState()


def cover(doc: m.Document, theme: Theme, width: float, frame_height: float, tiles_table) -> list:
    """The cover's flowables, over the field ``draw_field`` draws: audience, title, value proposition, then the
    headline figures (with their year) across the field's edge, then the brief's sections."""
    meta, sz, f = doc.meta, theme.sizes, _Faces(doc.meta.lang)
    page_h = theme.page_cm[1] * cm
    field_bottom = page_h * FIELD - theme.margin_top_cm * cm         # below the frame's top
    white = "#FFFFFF"
    out = [Spacer(1, 0.4 * cm)]
    if meta.audience:
        out.append(Paragraph(esc(meta.audience), f.style("aud", True, sz["caption"], white)))
    out.append(_frame_aware(SpaceTo(field_bottom - 8.6 * cm), frame_height))
    out.append(Paragraph(esc(meta.title), f.style("ct", True, sz["title"] * 0.85, white, 1.15, spaceAfter=12)))
    if meta.subtitle:
        out.append(Paragraph(esc(meta.subtitle), f.style("cs", False, sz["lead"], white, spaceAfter=6)))
    if meta.tagline:
        out.append(Paragraph(esc(meta.tagline), f.style("ctag", True, sz["h3"], white)))
    out.append(_frame_aware(SpaceTo(field_bottom - 1.6 * cm), frame_height))
    if doc.cover:
        out += [tiles_table(doc.cover[0]), Spacer(1, 0.8 * cm)]
    for line in (meta.prepared_for, meta.partners):          # a personalised brief's recipient, the partners
        if line:
            out.append(Paragraph(esc(line), f.style("for", True, sz["h3"], theme.primary, spaceAfter=6)))
    inside = [b.text for b in doc.blocks if isinstance(b, m.Heading) and b.level == 1]
    if inside:
        out.append(Paragraph(esc(meta.contents_heading), f.style("inh", True, sz["caption"], theme.accent,
                                                                        spaceAfter=4)))
        half = (len(inside) + 1) // 2
        item = f.style("in", False, sz["body"], theme.text)
        cols = [[Paragraph(esc(t), item) for t in part] for part in (inside[:half], inside[half:])]
        t = Table([[a, b] for a, b in zip(cols[0], cols[1] + [""] * (len(cols[0]) - len(cols[1])))],
                  colWidths=[width / 2] * 2)
        t.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), REG), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
        out.append(t)
    return out


def cover_tiles(group: m.KpiGroup, theme: Theme, width: float, mark, lang: str) -> Table:
    """The headline figures on white tiles with an accent rule on top, each as wide as its figure needs."""
    sz, f = theme.sizes, _Faces(lang)
    year = f.style("ky", True, sz["caption"], theme.accent)
    value = f.style("kv", True, sz["figure"], theme.primary, 1.15)
    label = f.style("kl", False, sz["caption"], theme.text)
    last = len(group.items) - 1
    cells = [[Paragraph(esc(k.year) or "&nbsp;", year), Paragraph(esc(k.value) + mark(k.note), value),
              Paragraph(esc(k.label) + (mark(group.note) if i == last else ""), label)]
             for i, k in enumerate(group.items)]
    weights = [max(9, display_width(k.value)) for k in group.items]
    t = Table([cells], colWidths=[width * w / sum(weights) for w in weights])
    t.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), REG), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                           ("BACKGROUND", (0, 0), (-1, -1), colors.white),
                           ("BOX", (0, 0), (-1, -1), 0.6, colors.HexColor(theme.rule)),
                           ("LINEAFTER", (0, 0), (-2, -1), 0.6, colors.HexColor(theme.rule)),
                           ("LINEABOVE", (0, 0), (-1, 0), 4, colors.HexColor(theme.accent)),
                           ("LEFTPADDING", (0, 0), (-1, -1), 9), ("TOPPADDING", (0, 0), (-1, -1), 9),
                           ("BOTTOMPADDING", (0, 0), (-1, -1), 10)]))
    return t


def closing(doc: m.Document, theme: Theme, width: float, frame_height: float, inline) -> list:
    """The closing page's flowables: the next step and contact on the field, then the colophon in two columns."""
    back, sz, f = doc.back, theme.sizes, _Faces(doc.meta.lang)
    page_h = theme.page_cm[1] * cm
    white = "#FFFFFF"
    out = [Spacer(1, 0.6 * cm)]
    if back.heading:
        out.append(Paragraph(esc(back.heading), f.style("nh", True, sz["h1"] * 1.4, white, 1.2, spaceAfter=10)))
    if back.call_to_action:
        out.append(Paragraph(esc(back.call_to_action), f.style("nc", False, sz["lead"], white, 1.35, spaceAfter=12)))
    line = f.style("nl", False, sz["body"], white, 1.5)
    for label, value in back.contact:
        out.append(Paragraph(f"<b>{esc(label + sep(label))}</b>" + inline([value], white), line))
    out.append(_frame_aware(SpaceTo(page_h * CLOSING_FIELD - theme.margin_top_cm * cm + 0.9 * cm), frame_height))
    if back.colophon:
        out.append(Paragraph(esc(back.colophon_heading), f.style("ch", True, sz["h2"], theme.primary, spaceAfter=6)))
        small = f.style("cp", False, sz["note"] + 0.5, theme.text, 1.4, spaceAfter=4)
        items = [Paragraph(f"<b>{esc(label + sep(label))}</b>{esc(text)}", small) for label, text in back.colophon]
        first, _ = split_in_two([len(label) + len(text) for label, text in back.colophon])
        t = Table([[items[:first], items[first:]]], colWidths=[width / 2] * 2)
        t.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), REG), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 12)]))
        out.append(t)
    return out

