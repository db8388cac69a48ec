"""Source notes, references and the claims ledger: every printed figure is recorded once, with the note that cites it.

A reader sees one note mark per paragraph, tile group, chart or table, whatever the number of figures in it; the
note names each source in short form ("UN-Habitat and FSC 2025, §5.2; figure for 2024") and the references list
gives each source once, in full. The claims ledger keeps the per-figure detail (fact, locator, quote).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from reportgen import document as m
from reportgen.compose.labels import LABELS, period_text
from reportgen.compose.numbers import format_fact, plain_number
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


@dataclass(frozen=True)
class Passage:
    """A sentence of a source that a brief paraphrases in words (a lesson for other cities), cited like a
    figure: by source and locator."""
    id: str
    source: str
    locator: str
    quote: str
    period: str = ""
    status: str = "actual"


def load_passages(ds: Dataset) -> dict[str, Passage]:
    from reportgen.core import files as yamlfile
    path = ds.root / "passages.yaml"
    rows = (yamlfile.load(path) or []) if path.exists() else []
    return {r["id"]: Passage(r["id"], r["source"], str(r["locator"]), r["quote"]) for r in rows}


@dataclass
class Citations:
    ds: Dataset
    lang: str
    notes: list[m.Note] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    cited_sources: list[str] = field(default_factory=list)     # in order of first citation
    _numbers: dict[str, int] = field(default_factory=dict)

    def fmt(self, fact: Fact) -> str:
        return format_fact(fact, self.ds.units[fact.unit], self.lang)

    def printed(self, fact: Fact, place: str, text: str | None = None, note: int | None = None) -> tuple[str, int]:
        """Format a fact for print (unless ``text`` says how a chart shows it) and record the claim; ``note`` is
        the group's note when the figure stands in a paragraph, tile group, chart or table."""
        text, note = text or self.fmt(fact), note or self.group([fact])
        self.claims.append(Claim(fact.id, text, note, place))
        return text, note

    def printed_all(self, facts: list[Fact], place: str, texts: list[str] | None = None) -> tuple[list[str], int]:
        """Several figures under one note mark: a paragraph, a tile group, a chart or a table."""
        note = self.group(facts)
        return [self.printed(f, place, t, note)[0] for f, t in zip(facts, texts or [None] * len(facts))], note

    def cite_text(self, ids: list[str]) -> int:
        """One paragraph's note: its figures (fact ids) and the passages it paraphrases ('p:' ids)."""
        passages = load_passages(self.ds) if any(i.startswith("p:") for i in ids) else {}
        items = [passages[i[2:]] if i.startswith("p:") else self.ds.facts[i.removeprefix("n:")] for i in ids]
        note = self.group(items)
        for i, f in zip(ids, items):
            if isinstance(f, Fact):       # 'n:' marks a bare number, printed without qualifier or unit
                self.printed(f, "text", plain_number(f.value) if i.startswith("n:") else None, note)
        return note

    def group(self, facts: list[Fact]) -> int:
        """The number of the one note citing ``facts``; identical notes share a number."""
        text = self.note_text(facts)
        if text not in self._numbers:
            self._numbers[text] = len(self.notes) + 1
            self.notes.append(m.Note(len(self.notes) + 1, text))
        return self._numbers[text]

    def note_text(self, facts: list[Fact]) -> str:
        """Short citations grouped by source, in the order the figures are printed, then any disagreement."""
        L, by_source, extra = LABELS[self.lang], {}, []
        for f in facts:
            for base in self._originals(f):
                by_source.setdefault(base.source, [])
                where = self._where(base)
                if where not in by_source[base.source]:
                    by_source[base.source].append(where)
            if f.source == "derived" and f.quote not in extra:
                extra.append(fill(L["derived"], formula=f.quote))
            conflict = self.conflict(f)
            if conflict and conflict not in extra:
                extra.append(conflict)
        parts = [fill(L["short_cite"], source=self.short(src), where=L["list_sep"].join(wheres))
                 for src, wheres in by_source.items()]
        return fill(L["sentence"], text=L["source_sep"].join(parts)) + "".join(" " + e for e in extra)

    def _originals(self, fact: Fact) -> list[Fact]:
        """A derived figure is cited by the sourced figures it is computed from."""
        if fact.source != "derived":
            return [fact]
        return [o for i in fact.derived_from for o in self._originals(self.ds.facts[i])]

    def _where(self, fact: Fact) -> str:
        when = period_text(fact.period, self.lang) if fact.period else ""
        return fill(LABELS[self.lang]["where"], locator=fact.locator, when=when).rstrip(" ,;，；")

    def short(self, source_id: str) -> str:
        if source_id not in self.cited_sources:
            self.cited_sources.append(source_id)
        src = self.ds.sources[source_id]
        return local(src, "short", self.lang) or local(src, "publisher", self.lang)

    def conflict(self, fact: Fact) -> str:
        """'Sources differ: …' when another source gives another value for the same figure."""
        L = LABELS[self.lang]
        others = [self.ds.facts[i] for i in self.ds.conflict_group(fact.id) if i != fact.id]
        if not others:
            return ""
        return fill(L["conflict"], value=self.fmt(fact), others=L["list_sep"].join(
            f"{self.fmt(o)} ({self.short(o.source)}, {o.locator})" for o in others))

    def references(self) -> list[str]:
        """Each cited source once, in full: the list the short notes point to."""
        L = LABELS[self.lang]
        out = []
        for sid in self.cited_sources:
            src = self.ds.sources[sid]
            out.append(fill(L["reference"], short=self.short(sid), publisher=local(src, "publisher", self.lang),
                                             title=local(src, "title", self.lang), date=src.date))
        return out

    def publishers(self, facts) -> str:
        """The 'Source: …' line of a chart or table: each publisher of the facts it shows, once."""
        L = LABELS[self.lang]
        pubs = sorted({local(self.ds.sources[o.source], "publisher", self.lang) for f in facts if f
                       for o in self._originals(f)})
        return fill(L["source"], sources=L["list_sep"].join(pubs))
