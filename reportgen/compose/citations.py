"""Source notes and the claims ledger: every printed figure is recorded once, with the note that cites it.

Notes are worded here, in the brief's language: source, locator, period, and any disagreement between sources.
Facts whose descriptions are identical share one note.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from reportgen import document as m
from reportgen.compose.labels import LABELS, period_text
from reportgen.compose.numbers import format_fact
from reportgen.core.langs import local
from reportgen.data.dataset import Dataset, Fact
from reportgen.core.placeholders import fill


@dataclass
class Claim:
    """One printed figure: what the claims ledger lists."""
    fact_id: str
    text: str
    note: int
    place: str          # "text", "kpi", "table" or "chart" (a chart's label; a picture in Word)


@dataclass
class Citations:
    ds: Dataset
    lang: str
    notes: list[m.Note] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    _numbers: dict[str, int] = field(default_factory=dict)

    def fmt(self, fact: Fact) -> str:
        return format_fact(fact, self.ds.units[fact.unit], self.lang)

    def printed(self, fact: Fact, place: str, text: str | None = None) -> tuple[str, int]:
        """Format a fact for print (unless ``text`` says how a chart shows it) and record the claim."""
        text, note = text or self.fmt(fact), self.note_for(fact)
        self.claims.append(Claim(fact.id, text, note, place))
        return text, note

    def note_for(self, fact: Fact) -> int:
        """The number of the note describing ``fact``; facts with the same description share one note."""
        text = self.describe(fact)
        if text not in self._numbers:
            self._numbers[text] = len(self.notes) + 1
            self.notes.append(m.Note(len(self.notes) + 1, text))
        return self._numbers[text]

    def describe(self, fact: Fact) -> str:
        """Where a figure comes from, in the brief's language: source, locator, period, and any disagreement."""
        L = LABELS[self.lang]
        if fact.source == "derived":
            inputs = [self.describe(self.ds.facts[i]).rstrip("。.") for i in fact.derived_from]
            return fill(L["derived"], formula=fact.quote, inputs=L["list_sep"].join(inputs))
        src = self.ds.sources[fact.source]
        when = period_text(fact.period, self.lang) if fact.period else fill(L["as_of"], date=src.date)
        text = fill(L["note"], publisher=local(src, "publisher", self.lang), title=local(src, "title", self.lang),
                    date=src.date, locator=fact.locator, when=when)
        others = [self.ds.facts[i] for i in self.ds.conflict_group(fact.id) if i != fact.id]
        if others:
            text += " " + fill(L["conflict"], value=self.fmt(fact), others=L["list_sep"].join(
                f"{self.fmt(o)} ({local(self.ds.sources[o.source], 'publisher', self.lang)}, {o.locator})"
                for o in others))
        return text

    def publishers(self, facts) -> str:
        """The 'Source: …' line of a chart or table: each publisher of the facts it shows, once."""
        L = LABELS[self.lang]
        pubs = sorted({local(self.ds.sources[f.source], "publisher", self.lang) for f in facts
                       if f and f.source != "derived"})
        return fill(L["source"], sources=L["list_sep"].join(pubs))
