"""The format-neutral document model: what a brief says, not how it looks.

Composition produces a ``Document``; the PDF and DOCX writers each walk it. Like pandoc's AST, the model holds
plain text plus explicit inline nodes, so each writer escapes text its own way and neither ever sees the dataset.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Union


# ── inline nodes ──────────────────────────────────────────────────────────────
@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Strong:
    text: str


@dataclass(frozen=True)
class Link:
    text: str
    url: str


@dataclass(frozen=True)
class NoteRef:
    """A numbered pointer to an entry of ``Document.notes``."""
    number: int


Inline = Union[Text, Strong, Link, NoteRef]


# ── block nodes ───────────────────────────────────────────────────────────────
@dataclass
class Heading:
    level: int
    text: str


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


@dataclass
class KpiGroup:
    items: list[Kpi]


@dataclass
class Figure:
    """A chart drawn once into files: SVG for vector PDF; for Word an SVG with text as outlines and a PNG fallback."""
    svg: Path
    png: Path
    caption: str
    source: str         # "Source: …" line, already worded
    alt: str
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


Block = Union[Heading, Paragraph, BulletList, KpiGroup, Figure, Table]


@dataclass
class Note:
    """An endnote: where a printed figure comes from."""
    number: int
    text: str


@dataclass
class Meta:
    title: str
    subtitle: str
    audience: str
    date: str           # as shown on the cover
    lang: str           # "en" or "zh"
    author: str
    keywords: list[str]
    notes_heading: str
    contents_heading: str
    page_label: str     # "Page {page} of {pages}" pattern for the footer
    running_header: str
    prepared_for: str = ""   # a personalised brief's recipient line on the cover
    compact: bool = False    # no cover page and no contents: the title heads the first page
    created: datetime | None = None   # embedded as the files' creation date (None: the epoch, for tests)


@dataclass
class Document:
    meta: Meta
    blocks: list[Block]
    notes: list[Note]


BLOCK_TYPES = (Heading, Paragraph, BulletList, KpiGroup, Figure, Table)
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
