"""The Word file's notes: numbered paragraphs under their heading, linked both ways to their marks."""
from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from reportgen import document as m
from reportgen.writers.ooxml import styled_run, clean

# what a note mark's link and a note's link back lead to (read out by screen readers, shown as tooltips)
LABELS = {"en": ("Note {n}", "Back to the text"), "zh": ("注释 {n}", "返回正文")}

# ── notes: numbered paragraphs linked both ways ─────────────────────────────
# Not Word endnotes: LibreOffice (7.4) sets those on a page of their own after everything, the closing page
# included. Paragraphs sit where the writer puts them (under their heading, before the closing page) in every
# program, and internal links take the reader from a mark to its note and back.


def _internal_link(text: str, anchor: str, style_id: str, tooltip: str):
    """A link to a bookmark of this document, its text in a character style, described by ``tooltip``."""
    link = OxmlElement("w:hyperlink")
    link.set(qn("w:anchor"), anchor); link.set(qn("w:tooltip"), tooltip); link.set(qn("w:history"), "1")
    run = styled_run(style_id)
    t = OxmlElement("w:t"); t.set(qn("xml:space"), "preserve"); t.text = clean(text)
    run.append(t)
    link.append(run)
    return link


def _bookmarked(paragraph, elements: list, bookmark_id: int, name: str) -> None:
    start = OxmlElement("w:bookmarkStart"); start.set(qn("w:id"), str(bookmark_id)); start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd"); end.set(qn("w:id"), str(bookmark_id))
    paragraph._p.extend([start, *elements, end])


def note_name(number: int) -> str:
    """The bookmark on a note's paragraph (the marks link to it)."""
    return f"_Note{number}"


def mark_name(number: int) -> str:
    """The bookmark on a note's first mark (the note links back to it)."""
    return f"_RefNote{number}"


def add_note_mark(paragraph, number: int, style_id: str, label: str, first: bool) -> None:
    """A note mark: the note's number in the note-reference style, linking to the note (``label``, "Note 3", says
    where it leads); the first mention is bookmarked for the note's link back."""
    link = _internal_link(str(number), note_name(number), style_id, label)
    if first:
        _bookmarked(paragraph, [link], 10000 + number, mark_name(number))
    else:
        paragraph._p.append(link)


def add_note(paragraph, number: int, text: str, style_id: str, back_label: str | None) -> None:
    """A note's paragraph: bookmarked as the marks' target, "[n]" linking back to the first mark (when
    ``back_label`` is given), then the text."""
    number_text = f"[{number}] "
    head = (_internal_link(number_text, mark_name(number), style_id, back_label) if back_label
            else _run_text(number_text))
    rpr = next(head.iter(qn("w:r"))).get_or_add_rPr()
    baseline = OxmlElement("w:vertAlign"); baseline.set(qn("w:val"), "baseline")    # "[3]" on the line, not raised
    rpr.append(baseline)
    _bookmarked(paragraph, [head], 30000 + number, note_name(number))
    paragraph._p.append(_run_text(text))


def _run_text(text: str):
    run = OxmlElement("w:r")
    t = OxmlElement("w:t"); t.set(qn("xml:space"), "preserve"); t.text = clean(text)
    run.append(t)
    return run


def write(writer, d, doc: m.Document) -> None:
    """The notes under their heading, in the note style: the heading is kept with the first note."""
    writer._heading(d, m.Heading(1, doc.meta.notes_heading))
    back = LABELS[doc.meta.lang][1]
    for note in doc.notes:
        add_note(writer.para(d, style="Endnote Text"), note.number, note.text, writer._style["Endnote Reference"],
                 back if note.number in writer._noted else None)
