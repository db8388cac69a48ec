"""The Word file's tables: header row repeated on each page and shaded in the theme's primary, figures
right-aligned, the last row kept with the source line under it."""
from __future__ import annotations

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from reportgen import document as m
from reportgen.writers import docx_styles, ooxml
from reportgen.writers.docx_styles import rgb as _rgb


def table(writer, d, b: m.Table) -> None:
    """Drawn as the PDF's: a header row in the primary colour, zebra rows in the tile colour, one rule under the
    last row and no grid. The shading and borders are set directly as well as by the table style (LibreOffice
    applies neither a style's header shading nor its banding, and draws its grid); the first column is not
    emphasised (as in the PDF) and takes ~45 % of the width."""
    writer.para(d, b.caption, "Caption").paragraph_format.keep_with_next = True
    t = d.add_table(rows=1 + len(b.rows), cols=len(b.header))
    t.style = d.styles[docx_styles.TABLE_STYLE]
    t._tbl.tblPr.find(qn("w:tblLook")).set(qn("w:firstColumn"), "0")
    rest = len(b.header) - 1
    widths = [0.45] + [0.55 / rest] * rest if rest else [1.0]
    for column, share in zip(t.columns, widths):
        column.width = Cm(writer.column_width_cm() * share)
        for cell in column.cells:
            cell.width = column.width
    rows = t.rows
    ooxml.row_flag(rows[0], "tblHeader")
    for i, (cell, text) in enumerate(zip(rows[0].cells, b.header)):
        ooxml.shade(cell, writer.theme.primary)
        run = cell.paragraphs[0].add_run(ooxml.clean(text))
        run.bold, run.font.color.rgb = True, _rgb("#FFFFFF")
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT if i else None
    ooxml.table_borders(t, bottom=(6, writer.theme.rule))
    for n, (row, cells) in enumerate(zip(rows[1:], b.rows), 1):
        for i, (cell, content) in enumerate(zip(row.cells, cells)):
            if n % 2 == 0:
                ooxml.shade(cell, writer.theme.tile)
            p = cell.paragraphs[0]
            p.paragraph_format.space_after = Pt(0)
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT if i else None     # figures right-aligned
            writer.inlines(p, content)
            for r in p.runs:
                r.font.size = Pt(8.5)
                if i == 0:          # LibreOffice applies the style's bold first column whatever tblLook says
                    r.font.bold = False
    for row in rows:              # no grid, whatever the style says (LibreOffice draws a style's cell borders)
        for cell in row.cells:
            ooxml.cell_borders(cell, **({"bottom": (6, writer.theme.rule)} if row is rows[-1] else {}))
    for cell in rows[-1].cells:   # the last row stays with the source line under it
        cell.paragraphs[0].paragraph_format.keep_with_next = True
    writer.source_line(d, b.source, b.notes)
