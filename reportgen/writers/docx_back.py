"""The Word file's boxes and closing parts: the key-messages box, the next step (call to action, contact), the
references and the colophon, written with the same words and order as the PDF's."""
from __future__ import annotations

from docx.enum.table import WD_ALIGN_VERTICAL
from docx.shared import Cm, Pt

from reportgen import document as m
from reportgen.writers import docx_notes, ooxml
from reportgen.writers.closing import label_sep as sep
from reportgen.writers.docx_styles import rgb as _rgb


def box(writer, d, blocks: list) -> None:
    """Blocks inside a one-cell table shaded with the theme's tile colour, read as one: never split across pages."""
    t = grid(d, 1, [writer.column_width_cm()])
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
    docx_notes.write(writer, d, doc)
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


def grid(d, rows: int, widths_cm: list[float]):
    """A table of fixed column widths (python-docx sizes a new table to the page, not to a text column)."""
    t = d.add_table(rows=rows, cols=len(widths_cm))
    t.autofit = False
    for column, width in zip(t.columns, widths_cm):
        column.width = Cm(width)
        for cell in column.cells:
            cell.width = Cm(width)
    return t


def tiles(writer, d, b: m.KpiGroup) -> None:
    """KPI tiles on the tile colour, as the PDF sets them: in a text column one a row, the figure beside its
    label; on a one-column page three a row, the label under the figure. Rows never split and the group stays
    together; one note mark after the last tile."""
    width, per_row = writer.column_width_cm(), 1 if writer.columns > 1 else 3
    rows = (len(b.items) + per_row - 1) // per_row
    t = grid(d, rows, [width * 0.45, width * 0.55] if per_row == 1 else [width / 3] * 3)
    cells = [c for row in t.rows for c in row.cells]
    for i, k in enumerate(b.items):
        value_cell, label_cell = (cells[2 * i], cells[2 * i + 1]) if per_row == 1 else (cells[i], cells[i])
        p = value_cell.paragraphs[0]
        run = p.add_run(ooxml.clean(k.value))
        run.bold, run.font.size, run.font.color.rgb = True, Pt(13), _rgb(writer.theme.primary)
        if k.note:
            writer.note_mark(p, k.note)
        label = label_cell.paragraphs[0] if per_row == 1 else label_cell.add_paragraph()
        lr = label.add_run(ooxml.clean(k.label))
        lr.font.size, lr.font.color.rgb = Pt(7.5), _rgb(writer.theme.muted)
    if b.note:
        writer.note_mark(label, b.note)   # one mark for the group, after the last tile
    for n, row in enumerate(t.rows):
        ooxml.row_flag(row, "cantSplit")
        for cell in row.cells:
            ooxml.shade(cell, writer.theme.tile)
            if per_row == 1:
                cell.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
                ooxml.cell_borders(cell, bottom=(12, "#FFFFFF"))       # a white rule between tiles
            for para in cell.paragraphs:
                para.paragraph_format.keep_with_next = n < len(t.rows) - 1   # the group kept on one page
    d.add_paragraph()
