"""The Word contents list, written out with page numbers every reader computes.

LibreOffice does not update fields when it opens a file: a TOC field shows whatever result it stores, and the
PAGEREF fields inside a TOC field's result are shown as stored too (tried with 7.4), so no page number written
in advance could be trusted. A PAGEREF field outside a TOC field, though, LibreOffice computes from its own
layout, and Word updates it on opening (updateFields is set). So the contents list is one paragraph per heading
in Word's "TOC n" styles: the heading text as a link to a bookmark on the heading (Word's ``_Toc`` bookmarks),
a dotted tab, and a PAGEREF field to that bookmark. The price: Word's "Update Table" does not apply (there is no
TOC field to rebuild), so headings added later by hand are not listed.
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


def _entry(text: str, index: int, style_id: str, tab_twips: int):
    p = parse_xml(f'<w:p {nsdecls("w")}><w:pPr><w:pStyle w:val="{style_id}"/><w:tabs>'
                  f'<w:tab w:val="right" w:leader="dot" w:pos="{tab_twips}"/></w:tabs></w:pPr></w:p>')
    link = OxmlElement("w:hyperlink")
    link.set(qn("w:anchor"), bookmark_name(index)); link.set(qn("w:history"), "1")
    run = OxmlElement("w:r")
    t = OxmlElement("w:t"); t.set(qn("xml:space"), "preserve"); t.text = clean(text)
    run.append(t)
    tab = OxmlElement("w:r"); tab.append(OxmlElement("w:tab"))
    link.extend([run, tab, *field_runs(f"PAGEREF {bookmark_name(index)} \\h", "")])
    p.append(link)
    return p


def add_contents(body_paragraph, headings: list[tuple[int, str]], style_ids: dict[str, str], tab_twips: int) -> None:
    """Replace ``body_paragraph`` (an empty paragraph) with one entry per heading (level, text) of level ≤ 3, in
    order, with its page number right-aligned at ``tab_twips``; ``bookmark`` marks the headings as they are
    written."""
    for i, (level, text) in enumerate(headings):
        if level <= LEVELS:
            body_paragraph._p.addprevious(_entry(text, i, style_ids[f"TOC {level}"], tab_twips))
    body_paragraph._p.getparent().remove(body_paragraph._p)
