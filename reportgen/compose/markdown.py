"""The templates' small Markdown → document blocks.

Templates write headings, paragraphs, ``- `` bullets, ``**bold**`` and ``[links](url)``; every figure a template
prints through ``fact()`` carries a ``⟦fact-id⟧`` marker, which becomes a note mark here through ``cite``.
"""
from __future__ import annotations

import re
from typing import Callable

from markdown_it import MarkdownIt

from reportgen import document as m

MARK = re.compile(r"⟦([^⟧]+)⟧")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#!|{}])")
_md = MarkdownIt("commonmark")


def md_escape(text: str) -> str:
    """A parameter (a recipient's name) as literal text in the templates' Markdown."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def marked(text: str, fact_id: str) -> str:
    """A printed figure with the marker that ``to_blocks`` turns into its note mark."""
    return f"{text}⟦{fact_id}⟧"


def to_blocks(markdown: str, cite: Callable[[str], int]) -> list[m.Block]:
    """Parse Markdown into blocks; ``cite(fact_id)`` records a printed figure and returns its note number."""
    out: list[m.Block] = []
    tokens = _md.parse(markdown)
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.type == "heading_open":
            out.append(m.Heading(int(tok.tag[1]), "".join(
                MARK.sub("", c.content) for c in tokens[i + 1].children if c.type == "text")))
            i += 3
        elif tok.type == "paragraph_open" and tok.level == 0:
            out.append(m.Paragraph(_inlines(tokens[i + 1].children, cite)))
            i += 3
        elif tok.type == "bullet_list_open":
            i = _bullets(tokens, i, cite, out)
        else:
            i += 1
    return out


def _bullets(tokens, i: int, cite, out: list[m.Block]) -> int:
    """Append one (possibly nested) bullet list as a flat list of items; return the index after it."""
    items, depth = [], 0
    while True:
        t = tokens[i]
        depth += t.nesting if t.type.endswith(("list_open", "list_close")) else 0
        if t.type == "inline":
            items.append(_inlines(t.children, cite))
        i += 1
        if depth == 0:
            break
    out.append(m.BulletList(items))
    return i


def _inlines(children, cite) -> list[m.Inline]:
    out: list[m.Inline] = []
    strong, link = False, None
    for tok in children or []:
        if tok.type in ("strong_open", "strong_close"):
            strong = tok.type == "strong_open"
        elif tok.type == "link_open":
            link = (tok.attrs.get("href", ""), [])
        elif tok.type == "link_close":
            out.append(m.Link("".join(link[1]), str(link[0])))
            link = None
        elif tok.type in ("text", "code_inline", "softbreak", "hardbreak"):
            content = " " if tok.type.endswith("break") else tok.content
            if link is not None:
                link[1].append(MARK.sub("", content))
                continue
            for n, part in enumerate(MARK.split(content)):
                if n % 2:
                    out.append(m.NoteRef(cite(part)))
                elif part:
                    out.append(m.Strong(part) if strong else m.Text(part))
    return out
