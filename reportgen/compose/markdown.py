"""The templates' small Markdown → document blocks.

Templates write headings, paragraphs, ``- `` bullets, ``**bold**`` and ``[links](url)``; every figure a template
prints through ``fact()`` carries a ``⟦fact-id⟧`` marker. The markers of one paragraph or bullet become one note
mark at its end, through ``cite``: a reader sees one mark per paragraph, not one per figure.
"""
from __future__ import annotations

import re
from typing import Callable

from markdown_it import MarkdownIt

from reportgen import document as m

MARK = re.compile(r"⟦([^⟧]+)⟧")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#!|{}&+\-.=)~])")   # and what starts a list or an entity
# typographic quotes and apostrophes come from the text, not the engine: “city’s”, never "city's"
_md = MarkdownIt("commonmark", {"typographer": True, "quotes": "“”‘’"}).enable("smartquotes")
_FULL_STOPS = "。！？；：，、"
_SPACE_AFTER_FULL_STOP = re.compile(rf"(?<=[{_FULL_STOPS}])[ \t]+")


_QUOTES = ((re.compile(r"(?<=\w)'"), "’"), (re.compile(r"'(?=\w)"), "‘"), (re.compile(r"'"), "’"),
           (re.compile(r'"(?=\w)'), "“"), (re.compile(r'"'), "”"))


def smart_quotes(text: str) -> str:
    """Typographic quotes and apostrophes in a plain text that is not Markdown (a brief's settings: the cover
    line, the disclaimer): the city’s, “science + city”."""
    for pattern, mark in _QUOTES:
        text = pattern.sub(mark, text)
    return text


def typeset(text: str) -> str:
    """Running text as a reader should see it: no space after a full-width stop or comma (“规模。2024年”).
    (Subscripts such as PM₂.₅ need the writers' help: the face has no subscript digits.)"""
    return _SPACE_AFTER_FULL_STOP.sub("", text)


def md_escape(text: str) -> str:
    """A parameter (a recipient's name) as literal text in the templates' Markdown."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def marked(text: str, fact_id: str) -> str:
    """A printed figure with the marker that ``to_blocks`` turns into its note mark."""
    return f"{text}⟦{fact_id}⟧"


def to_blocks(markdown: str, cite: Callable[[list[str]], int], one_mark: bool = False) -> list[m.Block]:
    """Parse Markdown into blocks; ``cite(fact_ids)`` records a paragraph's figures and returns its note number.
    With ``one_mark`` the whole text carries one mark, after its last paragraph or item (a section's text)."""
    out: list[m.Block] = []
    cited: list[str] | None = [] if one_mark else None
    tokens = _md.parse(markdown)
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.type == "heading_open":
            out.append(m.Heading(int(tok.tag[1]), typeset("".join(
                MARK.sub("", c.content) for c in tokens[i + 1].children if c.type == "text"))))
            i += 3
        elif tok.type == "paragraph_open" and tok.level == 0:
            out.append(m.Paragraph(_inlines(tokens[i + 1].children, cite, cited)))
            i += 3
        elif tok.type == "bullet_list_open":
            i = _bullets(tokens, i, cite, out, cited)
        else:
            i += 1
    last = next((b for b in reversed(out) if isinstance(b, (m.Paragraph, m.BulletList))), None)
    if cited and last is not None:
        (last.inlines if isinstance(last, m.Paragraph) else last.items[-1]).append(m.NoteRef(cite(cited)))
    return out


def _bullets(tokens, i: int, cite, out: list[m.Block], collect: list | None = None) -> int:
    """Append one (possibly nested) bullet list as a flat list of items; return the index after it. A list
    carries one note mark, after its last item: its note cites every item's figures in order."""
    items, depth, cited = [], 0, ([] if collect is None else collect)
    while True:
        t = tokens[i]
        depth += t.nesting if t.type.endswith(("list_open", "list_close")) else 0
        if t.type == "inline":
            items.append(_inlines(t.children, cite, collect=cited))
        i += 1
        if depth == 0:
            break
    if cited and collect is None:
        items[-1].append(m.NoteRef(cite(cited)))
    out.append(m.BulletList(items))
    return i


def _inlines(children, cite, collect=None) -> list[m.Inline]:
    """A paragraph's inlines, its note mark at the end; ``collect`` instead gathers the fact ids (a list's)."""
    out: list[m.Inline] = []
    cited: list[str] = []
    strong, link = False, None
    for tok in children or []:
        if tok.type in ("strong_open", "strong_close"):
            strong = tok.type == "strong_open"
        elif tok.type == "link_open":
            link = (tok.attrs.get("href", ""), [])
        elif tok.type == "link_close":
            out.append(m.link("".join(link[1]), str(link[0])))     # http(s) and mailto only
            link = None
        elif tok.type in ("text", "code_inline", "softbreak", "hardbreak"):
            content = " " if tok.type.endswith("break") else typeset(tok.content)
            if link is not None:
                link[1].append(MARK.sub("", content))
                continue
            for n, part in enumerate(MARK.split(content)):
                if n % 2:
                    cited.append(part)
                elif part:      # text around a figure's marker stays one run ("超过50%" + "。": one line-break unit)
                    if out and hasattr(out[-1], "text") and out[-1].text[-1:] in _FULL_STOPS:
                        part = part.lstrip(" ")          # “**规模。** 2024年”: no space after a bold lead's 。
                    kind = m.Strong if strong else m.Text
                    if out and type(out[-1]) is kind:
                        out[-1] = kind(out[-1].text + part)
                    else:
                        out.append(kind(part))
    if cited and collect is not None:
        collect.extend(cited)
    elif cited:
        out.append(m.NoteRef(cite(cited)))
    return out
