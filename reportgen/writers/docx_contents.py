"""The Word contents list, written out rather than left for Word to fill.

LibreOffice does not update fields when it opens a file, so a bare TOC field shows its placeholder. Here the
field's result holds one entry per heading: the heading text as a link to a bookmark on the heading (Word's
``_Toc`` bookmarks). Page numbers are left out: only the reader's own layout knows them, and LibreOffice shows a
PAGEREF field's stored result without computing it (tried with 7.4), so any number written here could be wrong.
Word rebuilds the whole field, page numbers included, when it opens the file (updateFields is set).
"""
from __future__ import annotations

from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn

from reportgen.writers.ooxml import clean, field_runs

LEVELS = 3


def bookmark_name(index: int) -> str:
    """The bookmark of the index-th heading (Word names its contents bookmarks ``_Toc`` + digits)."""
    return f"_Toc{100000 + index}"


def bookmark(paragraph, index: int) -> None:
    """Wrap the heading paragraph's content in its contents bookmark."""
    p = paragraph._p
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(20000 + index)); start.set(qn("w:name"), bookmark_name(index))
    end = OxmlElement("w:bookmarkEnd"); end.set(qn("w:id"), str(20000 + index))
    ppr = p.find(qn("w:pPr"))
    ppr.addnext(start) if ppr is not None else p.insert(0, start)
    p.append(end)


def _entry(text: str, index: int, style_id: str):
    p = parse_xml(f'<w:p {nsdecls("w")}><w:pPr><w:pStyle w:val="{style_id}"/></w:pPr></w:p>')
    link = OxmlElement("w:hyperlink")
    link.set(qn("w:anchor"), bookmark_name(index)); link.set(qn("w:history"), "1")
    run = OxmlElement("w:r")
    t = OxmlElement("w:t"); t.set(qn("xml:space"), "preserve"); t.text = clean(text)
    run.append(t)
    link.append(run)
    p.append(link)
    return p


def add_contents(body_paragraph, headings: list[tuple[int, str]], style_ids: dict[str, str]) -> None:
    """Replace ``body_paragraph`` (an empty paragraph) with the contents field: its entries are ``headings``
    (level, text) of level ≤ 3, in order; their bookmarks are added by ``bookmark`` as the headings are written."""
    entries = [(i, level, text) for i, (level, text) in enumerate(headings) if level <= LEVELS]
    paragraphs = [_entry(text, i, style_ids[f"TOC {level}"]) for i, level, text in entries]
    if not paragraphs:
        return
    begin, instr, separate, _, end = field_runs(f'TOC \\o "1-{LEVELS}" \\h \\z \\u', "")
    first, last = paragraphs[0], paragraphs[-1]
    first.find(qn("w:pPr")).addnext(begin)
    begin.addnext(instr)
    instr.addnext(separate)
    last.append(end)
    anchor = body_paragraph._p
    for p in paragraphs:
        anchor.addprevious(p)
    anchor.getparent().remove(anchor)
