"""The Word file's boxes and closing parts: the key-messages box, the next step (call to action, contact), the
references and the colophon, written with the same words and order as the PDF's."""
from __future__ import annotations

from docx.shared import Pt

from reportgen import document as m
from reportgen.writers import ooxml
from reportgen.writers.closing import label_sep as sep
from reportgen.writers.docx_styles import rgb as _rgb


def box(writer, d, blocks: list) -> None:
    """Blocks inside a one-cell table shaded with the theme's tile colour, read as one: never split across pages."""
    t = d.add_table(rows=1, cols=1)
    ooxml.row_flag(t.rows[0], "cantSplit")
    cell = t.rows[0].cells[0]
    ooxml.shade(cell, writer.theme.tile)
    first = cell.paragraphs[0]
    for block in blocks:
        writer.block(cell, block)
    if not first.text and len(cell.paragraphs) > 1:
        first._p.getparent().remove(first._p)
    d.add_paragraph()


def _labelled(writer, d, label: str, value: m.Inline | str, size: float | None = None):
    p = writer.para(d)
    p.add_run(ooxml.clean(label + sep(label))).bold = True
    writer.inlines(p, [m.Text(value) if isinstance(value, str) else value])
    if size:
        for r in p.runs:
            r.font.size = Pt(size)
    return p


def write(writer, d, doc: m.Document) -> None:
    """After the body: the notes, then the references (as in the PDF); a fact sheet's next step and colophon come
    with them (a brief's are on its closing page, docx_cover)."""
    back = doc.back
    if back.heading and doc.meta.compact:
        writer.para(d, back.heading, "Heading 1")
        inner = ([m.Paragraph([m.Text(back.call_to_action)])] if back.call_to_action else [])
        box(writer, d, inner + [m.Paragraph([m.Strong(label + sep(label)), value]) for label, value in back.contact])
    writer.notes(d, doc)
    if doc.references:
        writer.para(d, doc.meta.references_heading, "Heading 2")
        for ref in doc.references:
            p = writer.para(d, ref)
            for r in p.runs:
                r.font.size = Pt(8)
    if back.colophon and doc.meta.compact:         # kept whole, on the last page rather than a few lines alone
        writer.para(d, back.colophon_heading, "Heading 2")
        for i, (label, text) in enumerate(back.colophon, 1):
            _labelled(writer, d, label, text, 8).paragraph_format.keep_with_next = i < len(back.colophon)


def tiles(writer, d, b: m.KpiGroup) -> None:
    """KPI tiles three to a row on the tile colour; one note mark after the last tile."""
    per_row = 3
    rows = (len(b.items) + per_row - 1) // per_row
    t = d.add_table(rows=rows, cols=per_row)
    t.autofit = False
    cells = [c for row in t.rows for c in row.cells]
    for cell, k in zip(cells, b.items):
        ooxml.shade(cell, writer.theme.tile)
        p = cell.paragraphs[0]
        run = p.add_run(ooxml.clean(k.value))
        run.bold, run.font.size, run.font.color.rgb = True, Pt(13), _rgb(writer.theme.primary)
        if k.note:
            writer.note_mark(p, k.note)
        label = cell.add_paragraph()
        lr = label.add_run(ooxml.clean(k.label))
        lr.font.size, lr.font.color.rgb = Pt(7.5), _rgb(writer.theme.muted)
    if b.note:
        writer.note_mark(label, b.note)   # one mark for the group, after the last tile
    d.add_paragraph()
