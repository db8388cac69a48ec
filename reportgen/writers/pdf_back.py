"""The PDF's closing parts and boxes: the next step after the body, the references and colophon after the notes,
and the tinted box of key messages. Kept apart from pdf.py so the writer's page machinery stays readable."""
from __future__ import annotations

from reportlab.lib import colors
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from reportgen import document as m
from reportgen.writers.theme import Theme


def _esc(text: str) -> str:
    from reportgen.writers.pdf import esc
    return esc(text)


def boxed(flowables: list, width: float, theme: Theme) -> list:
    """Flowables in one tinted cell with an accent rule on the left: a key-messages box."""
    t = Table([[flowables]], colWidths=[width])
    from reportgen.writers.pdf import REG
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
        inner.append(Paragraph(_esc(back.call_to_action), st.body))
    for label, value in back.contact:
        inner.append(Paragraph(f"<b>{_esc(label + _sep(label))}</b>" + inline([value], theme), st.body))
    return heading(m.Heading(1, back.heading), st) + boxed(inner, _width(st, theme), theme)


def colophon(doc: m.Document, st, theme: Theme, heading) -> list:
    """The references (each source once, in full), then the colophon's labelled small print."""
    out = []
    if doc.references:
        out += heading(m.Heading(2, doc.meta.references_heading), st)
        out += [Paragraph(_esc(r), st.note) for r in doc.references]
    if doc.back.colophon:
        out += heading(m.Heading(2, doc.back.colophon_heading), st)
        out += [Paragraph(f"<b>{_esc(label + _sep(label))}</b>{_esc(text)}", st.small)
                for label, text in doc.back.colophon]
    return out


def _sep(label: str) -> str:
    """The colon after a label: full-width after a Chinese one."""
    return "：" if any(ord(c) > 0x2E80 for c in label) else ": "


def _width(st, theme: Theme) -> float:
    from reportlab.lib.units import cm
    return (theme.page_cm[0] - theme.margin_left_cm - theme.margin_right_cm) * cm
