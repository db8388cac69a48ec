"""The Word file's sections: the one-column cover, the two-column body (as in the PDF), full-width exhibits
between two-column stretches, the one-column closing page. python-docx has no API for columns, nor for ending a
section at a paragraph already written."""
from __future__ import annotations

from docx.enum.section import WD_SECTION
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn

GUTTER_CM = 0.65        # between the body's two columns, as in the PDF


# CT_SectPr's children after w:cols, in schema order (ECMA-376 §17.6.17): w:cols goes before the first present.
_AFTER_COLS = tuple(qn(f"w:{n}") for n in ("formProt", "vAlign", "noEndnote", "titlePg", "textDirection", "bidi",
                                           "rtlGutter", "docGrid", "printerSettings", "sectPrChange"))


def set_columns(sect_pr, count: int, gutter_cm: float) -> None:
    """A section's text columns: ``count`` of equal width, ``gutter_cm`` apart."""
    old = sect_pr.find(qn("w:cols"))
    if old is not None:
        sect_pr.remove(old)
    cols = OxmlElement("w:cols")
    cols.set(qn("w:num"), str(count)); cols.set(qn("w:space"), str(round(gutter_cm * 567)))
    following = next((c for c in sect_pr if c.tag in _AFTER_COLS), None)
    following.addprevious(cols) if following is not None else sect_pr.append(cols)


def new_section(document, start: WD_SECTION, columns: int, gutter_cm: float, before=None):
    """End the current section and begin a new one (``start``: new page or continuous) of ``columns`` columns,
    with the same page, headers and footers (inherited) and no first-page header; ``before`` (a body element, by
    default none) moves into the new section with what follows it. The section's properties go into the
    paragraph that ends the section, so no empty line is added; after a table (which cannot hold them) a
    one-point paragraph holds them. Returns the new section."""
    import copy

    from docx.section import Section
    body = document.element.body
    sentinel = body.sectPr
    host = (before if before is not None else sentinel).getprevious()
    if host is None or host.tag != qn("w:p") or host.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None:
        new = parse_xml(f'<w:p {nsdecls("w")}><w:pPr><w:spacing w:before="0" w:after="0" w:line="20" '
                        'w:lineRule="exact"/><w:rPr><w:sz w:val="2"/></w:rPr></w:pPr></w:p>')
        (before if before is not None else sentinel).addprevious(new)
        host = new
    host.set_sectPr(copy.deepcopy(sentinel))
    for ref in sentinel.findall(qn("w:headerReference")) + sentinel.findall(qn("w:footerReference")):
        sentinel.remove(ref)
    section = Section(sentinel, document.part)
    section.start_type = start
    section.different_first_page_header_footer = False
    set_columns(sentinel, columns, gutter_cm)
    return section


def columns(writer, d, count: int, start=WD_SECTION.CONTINUOUS) -> None:
    """Continue in a new section of ``count`` columns; a heading just written moves with it (it heads what
    follows, so it never ends a column above a full-width exhibit)."""
    last = d.element.body.sectPr.getprevious()
    heading = last is not None and last.tag == qn("w:p") and last.style in {
        writer._style[f"Heading {n}"] for n in (1, 2, 3)}
    new_section(d, start, count, GUTTER_CM, before=last if heading and start == WD_SECTION.CONTINUOUS else None)
    writer.columns = count


def full_width(writer, d, write) -> None:
    """An exhibit (chart, table) across both columns: a one-column section between two-column ones, the text
    above it balanced in its two columns (Word and LibreOffice alike)."""
    if writer.columns == 1:
        write()
        return
    if not _rejoin_last_exhibit(writer, d):
        columns(writer, d, 1)
    write()
    columns(writer, d, 2)


def _rejoin_last_exhibit(writer, d) -> bool:
    """Whether the two-column stretch after the last exhibit is still empty, and so was dropped: this exhibit joins
    the last one's section (an empty two-column section between two exhibits made LibreOffice move the second to
    the next page, leaving the first alone on a page)."""
    body = d.element.body
    last = body.sectPr.getprevious()
    closed = last.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") if last is not None and last.tag == qn("w:p") else None
    cols = closed.find(qn("w:cols")) if closed is not None else None
    if cols is None or cols.get(qn("w:num")) != "1":
        return False
    last.find(qn("w:pPr")).remove(closed)
    set_columns(body.sectPr, 1, GUTTER_CM)
    writer.columns = 1
    return True
