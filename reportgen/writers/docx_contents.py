"""The Word contents list: one paragraph per heading, in Word's "TOC n" styles, the heading text as a link to a
bookmark on the heading (Word's ``_Toc`` bookmarks).

No page numbers: only a program's own layout knows them, LibreOffice does not update fields when it opens a
file, and asking Word to (``updateFields``) makes it prompt the reader on every opening. The links take a
reader to each section in every program. The price: Word's "Update Table" does not apply (there is no TOC
field to rebuild), so headings added later by hand are not listed.
"""
from __future__ import annotations

from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn

from reportgen.writers.ooxml import clean

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
    """Replace ``body_paragraph`` (an empty paragraph) with one entry per heading (level, text) of level ≤ 3, in
    order; ``bookmark`` marks the headings as they are written."""
    for i, (level, text) in enumerate(headings):
        if level <= LEVELS:
            body_paragraph._p.addprevious(_entry(text, i, style_ids[f"TOC {level}"]))
    body_paragraph._p.getparent().remove(body_paragraph._p)
