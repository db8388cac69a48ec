"""The format-neutral document model: what a brief says, not how it looks.

Composition produces a ``Document``; the PDF and DOCX writers each walk it. Like pandoc's AST, the model holds
plain text plus explicit inline nodes, so each writer escapes text its own way and neither ever sees the dataset.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Union

from reportgen.core.text import linkable


# ── inline nodes ──────────────────────────────────────────────────────────────
@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Strong:
    text: str


def link(text: str, url: str) -> "Inline":
    """A link where ``url`` may be one, else its text alone: a reader sees the words, nothing can be opened."""
    return Link(text, url) if linkable(url) else Text(text)


@dataclass(frozen=True)
class Link:
    """A link to a web page or a mail address; no writer ever gets another kind (``link`` makes them)."""
    text: str
    url: str

    def __post_init__(self):
        if not linkable(self.url):
            raise ValueError(f"not a web or mail link: {self.url!r}")


@dataclass(frozen=True)
class NoteRef:
    """A numbered pointer to an entry of ``Document.notes``."""
    number: int


Inline = Union[Text, Strong, Link, NoteRef]


# ── block nodes ───────────────────────────────────────────────────────────────
@dataclass(frozen=True)
class Badge:
    """A goal's number on its official colour beside a heading (SDG 11 on #FD9D24)."""
    text: str
    colour: str


@dataclass
class Heading:
    level: int
    text: str
    badge: Badge | None = None


@dataclass
class Paragraph:
    inlines: list[Inline]


@dataclass
class BulletList:
    items: list[list[Inline]]


@dataclass
class Kpi:
    value: str          # as printed, already formatted for the language
    label: str
    note: int           # number of the note that sources it
    year: str = ""      # the period the figure is for, as printed ("2024", "March 2025"): a cover figure shows it


@dataclass
class KpiGroup:
    items: list[Kpi]
    note: int = 0       # one mark for the group, after the last tile (0: each tile carries its own)


@dataclass
class Figure:
    """A chart drawn once into files: SVG for vector PDF; for Word an SVG with text as outlines and a PNG fallback."""
    svg: Path
    png: Path
    caption: str
    source: str         # "Source: …" line, already worded
    alt: str           # the data in words (compose/alt.py), for screen readers
    notes: list[int]
    width_cm: float = 16.0
    outlined_svg: Path | None = None


@dataclass
class Table:
    caption: str
    header: list[str]
    rows: list[list[list[Inline]]]   # rows → cells → inlines
    source: str
    notes: list[int] = field(default_factory=list)


@dataclass
class Box:
    """Blocks set off in a tinted box: a brief's key messages."""
    blocks: list


Block = Union[Heading, Paragraph, BulletList, KpiGroup, Figure, Table, Box]


@dataclass
class Note:
    """An endnote: where a printed figure comes from."""
    number: int
    text: str


@dataclass
class BackMatter:
    """The closing of a brief, printed by every writer: the next step (after the body) and the colophon (after
    the notes and references). Unset settings are absent, never filled."""
    heading: str = ""                                   # "Next steps"
    call_to_action: str = ""
    contact: list[tuple[str, Inline]] = field(default_factory=list)    # (label, value) pairs
    colophon_heading: str = ""                          # "About this brief"
    colophon: list[tuple[str, str]] = field(default_factory=list)      # suggested citation, disclaimer, © …


@dataclass
class Meta:
    title: str
    subtitle: str
    audience: str
    date: str           # as shown on the cover
    lang: str           # the language: a locale file's name (assets/locales/<lang>.yaml)
    author: str
    keywords: list[str]
    notes_heading: str
    contents_heading: str
    page_label: str     # "Page {page} of {pages}" pattern for the footer
    running_header: str
    prepared_for: str = ""   # a personalised brief's recipient line on the cover
    tagline: str = ""        # the one-line value proposition under the title
    edition: str = ""        # "Data as of April 2025 · Version 1.0" (on the cover and in the colophon)
    partners: str = ""       # "In partnership with …" on the cover
    references_heading: str = ""
    compact: bool = False    # no cover page and no contents: the title heads the first page
    created: datetime | None = None   # embedded as the files' creation date (None: the epoch, for tests)


@dataclass
class Document:
    meta: Meta
    blocks: list[Block]
    notes: list[Note]
    references: list[str] = field(default_factory=list)   # each source once, in full; notes point here
    cover: list = field(default_factory=list)              # headline figures on the cover (a KpiGroup)
    back: BackMatter = field(default_factory=BackMatter)


BLOCK_TYPES = (Heading, Paragraph, BulletList, KpiGroup, Figure, Table, Box)
INLINE_TYPES = (Text, Strong, Link, NoteRef)


def texts(node) -> list[str]:
    """Every piece of text a reader can see in a node (or a whole Document), for glyph and parity checks."""
    from dataclasses import fields, is_dataclass
    if isinstance(node, str):
        return [node]
    if isinstance(node, (list, tuple)):
        return [t for item in node for t in texts(item)]
    if is_dataclass(node):
        return [t for f in fields(node) if not isinstance(getattr(node, f.name), (Path, int, float))
                for t in texts(getattr(node, f.name))]
    return []
