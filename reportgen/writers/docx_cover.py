"""The Word file's cover and closing page, composed as the PDF's: a colour field with the title reversed out, the
headline figures on tiles with their year, what the brief holds and the publisher's strip; at the end, the next
step and contact on the colour field, the colophon in two columns and the same strip.

Both are built of tables (a shaded cell is the one colour field Word and LibreOffice both draw the same), in the
theme's type scale (``Theme.sizes``), so nothing floats and nothing depends on the reader's fonts or layout.
"""
from __future__ import annotations

from docx.enum.section import WD_SECTION
from docx.enum.table import WD_ALIGN_VERTICAL, WD_ROW_HEIGHT_RULE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from reportgen import document as m
from reportgen.writers import docx_sections, ooxml
from reportgen.writers.docx_back import grid
from reportgen.writers.closing import display_width, label_sep as sep, split_in_two
from reportgen.writers.docx_styles import rgb as _rgb

WHITE = "#FFFFFF"


def _run(p, text: str, size: float, colour: str, bold: bool = False):
    r = p.add_run(ooxml.clean(text))
    r.font.size, r.font.color.rgb, r.bold = Pt(size), _rgb(colour), bold or None
    return r


def _para(cell, first: bool = False, after: float = 4):
    p = cell.paragraphs[0] if first else cell.add_paragraph()
    p.paragraph_format.space_after, p.paragraph_format.space_before = Pt(after), Pt(0)
    return p


def _field(d, width: float, height_cm: float, theme):
    """A one-cell table on the theme's primary colour, at least ``height_cm`` high, its content at the foot."""
    t = grid(d, 1, [width])
    row = t.rows[0]
    row.height, row.height_rule = Cm(height_cm), WD_ROW_HEIGHT_RULE.AT_LEAST
    ooxml.row_flag(row, "cantSplit")
    cell = row.cells[0]
    ooxml.shade(cell, theme.primary)
    ooxml.cell_margins(cell, top=0.8, bottom=0.8, left=0.7, right=0.7)
    return cell


def _goals(doc: m.Document) -> list[m.Badge]:
    """The SDG goals the brief's headings carry, once each, in order."""
    seen: dict[str, m.Badge] = {}
    for b in doc.blocks:
        if isinstance(b, m.Heading) and b.badge and b.badge.text not in seen:
            seen[b.badge.text] = b.badge
    return list(seen.values())


def _chips(cell, goals: list[m.Badge], size: float) -> None:
    """The goals' numbers as square chips on their colours, each ringed in white (goal 17's navy would vanish on
    a navy field), in a row of small cells at the head of the colour field."""
    chip = 1.05
    first = cell.paragraphs[0].paragraph_format     # a cell opens with a paragraph (LibreOffice puts the running
    first.line_spacing, first.space_after = Pt(1), Pt(0)   # header on a cover whose first cell opens with a table)
    t = cell.add_table(rows=1, cols=len(goals))     # python-docx adds a paragraph after it: the next line's
    t.autofit = False
    row = t.rows[0]
    row.height, row.height_rule = Cm(chip), WD_ROW_HEIGHT_RULE.EXACTLY
    for column in t.columns:
        column.width = Cm(chip)
    for c, g in zip(row.cells, goals):
        c.width = Cm(chip)
        ooxml.shade(c, g.colour)
        ooxml.cell_borders(c, top=(16, WHITE), left=(16, WHITE), bottom=(16, WHITE), right=(16, WHITE))
        ooxml.cell_margins(c, top=0, bottom=0, left=0, right=0)
        c.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
        p = _para(c, first=True, after=0)
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(p, g.text, size, WHITE, bold=True)


def cover(writer, d, doc: m.Document) -> None:
    theme, meta, sz = writer.theme, doc.meta, writer.theme.sizes
    width = writer.text_width_cm()
    extra = [line for line in (meta.prepared_for, meta.partners) if line]
    # the field as tall as the page allows: a recipient's or partners' line, and the goals' row, take room
    cell = _field(d, width, 12.8 - 0.9 * len(extra) - (1.4 if _goals(doc) else 0), theme)
    cell.vertical_alignment = WD_ALIGN_VERTICAL.BOTTOM
    goals = _goals(doc)
    if goals:                         # the SDG brief's goals on their official colours
        _chips(cell, goals, sz["h2"])
    lead = cell.paragraphs[-1]
    lead.paragraph_format.space_after = Pt(28 if goals else 10)
    lead.paragraph_format.space_before = Pt(10 if goals else 0)
    if meta.audience:
        _run(lead, meta.audience, sz["caption"], WHITE, bold=True)
    title = _para(cell, after=12)
    title._p.style = writer._style["Title"]          # the document's title, as Word knows it
    _run(title, meta.title, sz["title"] * 0.85, WHITE, bold=True)
    if meta.subtitle:
        _run(_para(cell, after=6), meta.subtitle, sz["lead"], WHITE)
    if meta.tagline:
        _run(_para(cell, after=0), meta.tagline, sz["h3"], WHITE, bold=True)
    _gap(d, 8)
    figures = doc.cover[0].items if doc.cover else []
    if figures:
        _tiles(writer, d, doc.cover[0], width)
    for line in extra:                  # a personalised brief's recipient, the partners
        _run(_para_after(d, 10), line, sz["h3"], theme.primary, bold=True)
    inside = [b.text for b in doc.blocks if isinstance(b, m.Heading) and b.level == 1]
    if inside:
        _run(_para_after(d, 10), meta.contents_heading, sz["caption"], theme.accent, bold=True)
        half = (len(inside) + 1) // 2
        t = grid(d, 1, [width / 2, width / 2])
        for c, names in zip(t.rows[0].cells, (inside[:half], inside[half:])):
            ooxml.shade(c, theme.tile)          # a panel: the list reads as one block
            ooxml.cell_margins(c, top=0.3, bottom=0.3, left=0.4, right=0.4)
            for i, name in enumerate(names):
                _run(_para(c, first=i == 0, after=3), name, sz["body"], theme.text)
    _gap(d, 14)
    foot_strip(writer, d, doc, width)


def _gap(d, points: float):
    p = d.add_paragraph()
    p.paragraph_format.space_after, p.paragraph_format.space_before = Pt(0), Pt(0)
    p.paragraph_format.line_spacing = Pt(points)
    return p


def _para_after(d, before: float):
    p = d.add_paragraph()
    p.paragraph_format.space_before, p.paragraph_format.space_after = Pt(before), Pt(4)
    p.paragraph_format.keep_with_next = True
    return p


def _tiles(writer, d, group: m.KpiGroup, width: float) -> None:
    """The headline figures: white tiles with an accent rule on top, each as wide as its figure needs."""
    theme, sz = writer.theme, writer.theme.sizes
    weights = [max(9, display_width(k.value)) for k in group.items]
    t = grid(d, 1, [width * w / sum(weights) for w in weights])
    last = len(group.items) - 1
    for i, (c, k) in enumerate(zip(t.rows[0].cells, group.items)):
        ooxml.cell_borders(c, top=(32, theme.accent), left=(4, theme.rule), right=(4, theme.rule),
                           bottom=(4, theme.rule))
        ooxml.cell_margins(c, top=0.3, bottom=0.3, left=0.3, right=0.3)
        p = _para(c, first=True, after=2)
        _run(p, k.year or " ", sz["caption"], theme.accent, bold=True)
        value = _para(c, after=2)
        _run(value, k.value, sz["figure"], theme.primary, bold=True)
        if k.note:
            writer.note_mark(value, k.note)
        label = _para(c, after=0)
        _run(label, k.label, sz["caption"], theme.text)
        if group.note and i == last:
            writer.note_mark(label, group.note)


def foot_strip(writer, d, doc: m.Document, width: float) -> None:
    """The publisher's strip: logo, publisher and edition on the tile colour."""
    theme, sz, meta = writer.theme, writer.theme.sizes, doc.meta
    t = grid(d, 1, [width * 0.4, width * 0.6])
    row = t.rows[0]
    ooxml.row_flag(row, "cantSplit")
    left, right = row.cells
    for c in (left, right):
        ooxml.shade(c, theme.tile)
        ooxml.cell_margins(c, top=0.5, bottom=0.5, left=0.5, right=0.5)
        c.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
    if writer.logo_png:
        run = _para(left, first=True, after=0).add_run()
        inline = run.add_picture(ooxml.picture_source(writer.logo_png), width=Cm(3.6))._inline
        if theme.logo_svg:          # the vector logo Word draws, beside the PNG LibreOffice shows
            ooxml.add_svg(inline, theme.logo_svg.read_bytes(), d.part)
        inline.docPr.set("descr", "Logo")
    p = _para(right, first=True, after=2)
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _run(p, meta.author, sz["body"], theme.primary, bold=True)
    if meta.edition:
        e = _para(right, after=0)
        e.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _run(e, meta.edition, sz["caption"], theme.muted)


def _colophon_cm(back, first: int, column_cm: float, size_pt: float) -> float:
    """About how tall the colophon's longer column sets (its first ``first`` items, or the rest): its characters
    (a Chinese one two Latin wide, a Latin one 0.55 em) over the column's width at ``size_pt``, in lines of 1.5
    times the size, with a paragraph's space after each item."""
    per_line = column_cm / (size_pt * 0.55 * 2.54 / 72)
    def lines(text: str) -> float:
        return -(-sum(2 if ord(ch) > 0x2E80 else 1 for ch in text) // per_line)
    parts = [back.colophon[:first], back.colophon[first:]]
    return max(sum(lines(label + text) * size_pt * 1.5 * 2.54 / 72 + 0.25 for label, text in part) for part in parts)


def closing(writer, d, doc: m.Document) -> None:
    """The last page, in a one-column section of its own after the notes: the next step and contact on the
    colour field, the colophon in two columns, the publisher's strip."""
    theme, sz, back = writer.theme, writer.theme.sizes, doc.back
    if not (back.heading or back.colophon):
        return
    section = docx_sections.new_section(d, WD_SECTION.NEW_PAGE, 1, 0)
    writer.columns = 1
    section.different_first_page_header_footer = True   # no running header or page number, as on the cover
    width = writer.text_width_cm()
    columns = split_in_two([len(label) + len(text) for label, text in back.colophon])
    if back.heading:   # the field gives up what a long colophon needs, so the strip stays on this page
        tall = _colophon_cm(back, columns[0], width / 2, sz["note"] + 0.5)
        cell = _field(d, width, max(7.0, 11 - max(0.0, tall - 8.5)), theme)
        head = _para(cell, first=True, after=10)
        head._p.style = writer._style["Heading 1"]
        _run(head, back.heading, sz["h1"] * 1.4, WHITE, bold=True)
        if back.call_to_action:
            _run(_para(cell, after=12), back.call_to_action, sz["lead"], WHITE)
        for label, value in back.contact:
            p = _para(cell, after=4)
            _run(p, label + sep(label), sz["body"], WHITE, bold=True)
            if isinstance(value, m.Link):
                ooxml.add_hyperlink(p, value.text, value.url, WHITE)
            else:
                _run(p, value.text, sz["body"], WHITE)
    if back.colophon:
        h = _para_after(d, 16)
        h._p.style = writer._style["Heading 2"]
        h.add_run(ooxml.clean(back.colophon_heading))
        t = grid(d, 1, [width / 2, width / 2])
        ooxml.row_flag(t.rows[0], "cantSplit")
        row = t.rows[0]      # tall enough that the publisher's strip comes to the page's foot
        row.height, row.height_rule = Cm(8.5), WD_ROW_HEIGHT_RULE.AT_LEAST
        items = iter(back.colophon)
        for c, count in zip(t.rows[0].cells, columns):
            ooxml.cell_margins(c, top=0, bottom=0, left=0, right=0.4)
            for i in range(count):
                label, text = next(items)
                p = _para(c, first=i == 0, after=5)
                _run(p, label + sep(label), sz["note"] + 0.5, theme.text, bold=True)
                _run(p, text, sz["note"] + 0.5, theme.text)
    _gap(d, 18)
    foot_strip(writer, d, doc, width)

