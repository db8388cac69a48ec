"""Source notes and the claims ledger: every printed figure is recorded once, with the note that cites it.

Notes are worded by ``compose.notes``, in the brief's language: article, locator, scope, place, period, and any
disagreement between sources. Facts whose descriptions are identical share one note; an article is cited in full
in the first note that names it, by its short title after. Each claim also records what the reader sees around
the figure (its sentence, KPI label, or table and chart row), for the ledger.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from reportgen import document as m
from reportgen.compose import notes
from reportgen.compose.labels import LABELS
from reportgen.compose.numbers import format_fact
from reportgen.core.langs import local
from reportgen.data.dataset import Dataset, Fact


@dataclass
class Claim:
    """One printed figure: what the claims ledger lists."""
    fact_id: str
    text: str
    note: int
    place: str          # "text", "kpi", "table" or "chart" (a chart's label; a picture in Word)
    context: str = ""   # what the reader sees around it: its sentence, KPI label, or table/chart row and title


@dataclass
class Citations:
    ds: Dataset
    lang: str
    notes: list[m.Note] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    _numbers: dict[str, int] = field(default_factory=dict)
    _cited: set = field(default_factory=set)         # articles whose full title a note has printed

    def fmt(self, fact: Fact) -> str:
        return format_fact(fact, self.ds.units[fact.unit], self.lang)

    def printed(self, fact: Fact, place: str, text: str | None = None, context: str = "") -> tuple[str, int]:
        """Format a fact for print (unless ``text`` says how a chart shows it) and record the claim."""
        text, note = text or self.fmt(fact), self.note_for(fact)
        self.claims.append(Claim(fact.id, text, note, place, context))
        return text, note

    def in_sentences(self, first: int, blocks: list) -> None:
        """Give the text claims recorded since claim ``first`` the sentences their note marks stand in."""
        marks = []
        for block in blocks:
            for inlines in (block.items if isinstance(block, m.BulletList) else
                            [block.inlines] if isinstance(block, m.Paragraph) else []):
                marks += sentences_of(inlines)
        for claim, sentence in zip(self.claims[first:], marks):
            claim.context = sentence

    def note_for(self, fact: Fact) -> int:
        """The number of the note describing ``fact``; facts with the same description share one note."""
        text = self.describe(fact)
        if text not in self._numbers:
            self._numbers[text] = len(self.notes) + 1
            self.notes.append(m.Note(len(self.notes) + 1, notes.shorten(self.ds, text, self.lang, self._cited)))
        return self._numbers[text]

    def describe(self, fact: Fact) -> str:
        """Where a figure comes from, in the brief's language (see ``compose.notes``)."""
        return notes.describe(self.ds, fact, self.lang, self.fmt)

    def publishers(self, facts) -> str:
        """The 'Source: …' line of a chart or table: each publisher of the facts it shows, once."""
        L = LABELS[self.lang]
        pubs = sorted({local(self.ds.sources[f.source], "publisher", self.lang) for f in facts
                       if f and f.source != "derived"})
        return L["source"].format(sources=L["list_sep"].join(pubs))


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"(])|(?<=[。！？])")


def sentences_of(inlines: list) -> list[str]:
    """The sentence each note mark of a paragraph stands in, in order."""
    plain, marks = "", []
    for node in inlines:
        if isinstance(node, m.NoteRef):
            marks.append(len(plain))
        else:
            plain += node.text
    return [sentence_at(plain, at) for at in marks]


def sentence_at(text: str, at: int) -> str:
    """The sentence of ``text`` that contains position ``at`` (where a note mark stands)."""
    start = 0
    for end in _SENTENCE_END.finditer(text):
        if end.end() > at:
            return text[start:end.start()].strip()
        start = end.end()
    return text[start:].strip()
