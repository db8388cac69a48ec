"""Source notes, references and the claims ledger: every printed figure is recorded once, with the note that cites it.

A reader sees one note mark per paragraph, tile group, chart or table, whatever the number of figures in it; the
note is one short line naming each source and the parts it is read from ("UN-Habitat and FSC 2025, §2.1, §5.2"),
and the references list gives each article once, in full (publisher, title, author, date at the document's
precision), sorted. Scope, place and period stand in the text beside the figure; where another source reports a
figure otherwise the brief says so once (``about_data``). The claims ledger keeps the per-figure detail (fact,
locator, quote, article, scope, period, and the sentence or cell it stands in).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from string import ascii_lowercase

from reportgen import document as m
from reportgen.compose import notes
from reportgen.compose.labels import LABELS
from reportgen.compose.numbers import format_fact, plain_number
from reportgen.core.errors import UnknownName
from reportgen.core.langs import local
from reportgen.data.conflicts import differ
from reportgen.data.types import Dataset, Fact
from reportgen.core.placeholders import fill


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
    cited: list[tuple[str, str]] = field(default_factory=list)   # (source, article), in order of first citation
    differing: set[str] = field(default_factory=set)     # printed figures another source gives otherwise
    _numbers: dict[str, int] = field(default_factory=dict)

    def fmt(self, fact: Fact) -> str:
        return format_fact(fact, self.ds.units[fact.unit], self.lang)

    def printed(self, fact: Fact, place: str, text: str | None = None, note: int | None = None,
                context: str = "") -> tuple[str, int]:
        """Format a fact for print (unless ``text`` says how a chart shows it) and record the claim; ``note`` is
        the group's note when the figure stands in a paragraph, tile group, chart or table."""
        text, note = text or self.fmt(fact), note or self.group([fact])
        self.claims.append(Claim(fact.id, text, note, place, context))
        return text, note

    def printed_all(self, facts: list[Fact], place: str, texts: list[str] | None = None,
                    contexts: list[str] | None = None) -> tuple[list[str], int]:
        """Several figures under one note mark: a paragraph, a tile group, a chart or a table."""
        note, n = self.group(facts), len(facts)
        return [self.printed(f, place, t, note, c)[0]
                for f, t, c in zip(facts, texts or [None] * n, contexts or [""] * n)], note

    def in_sentences(self, first: int, markdown: str) -> None:
        """Give the text claims recorded since claim ``first`` the sentences of ``markdown`` they stand in."""
        for claim, sentence in zip(self.claims[first:], sentences_of(markdown)):
            claim.context = sentence

    def cite_text(self, ids: list[str]) -> int:
        """One paragraph's note: its figures (fact ids) and the passages it paraphrases ('p:' ids)."""
        found = [self.ds.passages.get(i[2:]) if i.startswith("p:") else self.ds.facts.get(i.removeprefix("n:"))
                 for i in ids]
        if None in found:                   # written by hand in a template: ⟦ ⟧ are the note marks' own brackets
            raise UnknownName(f"the text has a note mark ⟦{ids[found.index(None)]}⟧ that names no fact",
                              "⟦ and ⟧ mark where a figure's note goes; write other brackets in text")
        items = found
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
        """One short line: each source's short name and the parts it is read from ("UN-Habitat and FSC 2025,
        §2.1, §5.2"), in the order the figures are printed, then which figure is calculated from them. Scope,
        place, period and any other figure a source reports live in the text and the claims ledger."""
        L, by_source, extra = LABELS[self.lang], {}, []
        for f in facts:
            for base in self._originals(f):
                wheres = by_source.setdefault(self.short(base), [])
                where = notes.part(self.ds, base, self.lang)
                if where not in wheres:
                    wheres.append(where)
            derived = fill(L["derived"], value=self.fmt(f)) if f.source == "derived" else ""
            if derived and derived not in extra:      # the computation itself is in the claims ledger
                extra.append(derived)
            if self.conflict(f):
                self.differing.add(f.id)
        parts = [fill(L["short_cite"], source=short, where=L["part_sep"].join(wheres))
                 for short, wheres in by_source.items()]
        return fill(L["sentence"], text=L["source_sep"].join(parts)) + "".join(L["extra_sep"] + e for e in extra)

    def _originals(self, fact: Fact) -> list[Fact]:
        """A derived figure is cited by the sourced figures it is computed from."""
        if fact.source != "derived":
            return [fact]
        return [o for i in fact.derived_from for o in self._originals(self.ds.facts[i])]

    def _article(self, item):
        """The source and article a fact or passage is cited by."""
        src = self.ds.sources[item.source]
        art = self.ds.article_of(item) if isinstance(item, Fact) else src.articles[0]
        return src, art

    def short(self, item) -> str:
        """How a note names a figure's article: its own short name when the file holds several, else the
        source's ("UN-Habitat and FSC 2025"); the references list gives it in full."""
        src, art = self._article(item)
        if (src.id, art.id) not in self.cited:
            self.cited.append((src.id, art.id))
        return (local(art, "short", self.lang) or local(src, "short", self.lang)
                or local(src, "publisher", self.lang))

    def conflict(self, fact: Fact) -> list[Fact]:
        """The other figures reported for what ``fact`` measures that disagree with it (the claims ledger and
        ``reportgen check`` give them; the brief says once that sources differ)."""
        return [self.ds.facts[i] for i in self.ds.conflict_group(fact.id)
                if i != fact.id and differ(self.ds, fact, self.ds.facts[i])]

    def about_data(self) -> str:
        """The one sentence that says sources differ, when they do for a printed figure."""
        n = len(self.differing)
        return fill(LABELS[self.lang]["about_data_text"], n=str(n)) if n else ""

    def references(self) -> list[str]:
        """Each cited article once, in full, sorted by its short name (publisher or author, then year): the
        list the short notes point to."""
        out, letters = [], lettered(self.ds, self.cited, self.lang)
        for sid, aid in self.cited:
            src = self.ds.sources[sid]
            art = next(a for a in src.articles if a.id == aid)
            short = local(art, "short", self.lang) or local(src, "short", self.lang) or local(src, "publisher", self.lang)
            out.append(fill(LABELS[self.lang]["reference"], short=letters.get(short, short),
                            head=notes.head(src, art, self.lang)))
        return sorted(out, key=str.casefold)

    def final_notes(self) -> list[m.Note]:
        """The notes with their articles' short names as ``lettered`` prints them (known once every note is
        written), replaced in one pass so that no new name is renamed again."""
        letters = lettered(self.ds, self.cited, self.lang)
        if not letters:
            return self.notes
        names = re.compile("|".join(re.escape(s) for s in sorted(letters, key=len, reverse=True)))
        return [m.Note(n.number, names.sub(lambda x: letters[x.group()], n.text)) for n in self.notes]

    def cited_publishers(self) -> str:
        """Every publisher the brief cites, once, sorted ("Beijing Business Today; UN-Habitat China Office and
        Beijing Future Science City"): what a colophon's acknowledgements credit, and nothing it does not cite."""
        pubs = sorted({local(self.ds.sources[sid], "publisher", self.lang) for sid, _ in self.cited}, key=str.casefold)
        return LABELS[self.lang]["list_sep"].join(pubs)

    def publishers(self, facts) -> str:
        """The 'Source: …' line of a chart or table: each publisher of the facts it shows, once."""
        L = LABELS[self.lang]
        pubs = sorted({local(self.ds.sources[o.source], "publisher", self.lang) for f in facts if f
                       for o in self._originals(f)})
        return fill(L["source"], sources=L["list_sep"].join(pubs))


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"(])|(?<=[。！？])")
_MARK = re.compile(r"⟦([^⟧]+)⟧")


def sentences_of(markdown: str) -> list[str]:
    """The sentence each printed figure of a template's text stands in, in reading order (headings and passage
    marks skipped), as plain text."""
    out = []
    for line in markdown.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        line = re.sub(r"^[-*] ", "", line).replace("**", "")
        plain, marks = "", []
        for n, part in enumerate(_MARK.split(line)):
            if n % 2 == 0:
                plain += part
            elif not part.startswith("p:"):
                marks.append(len(plain))
        out += [sentence_at(plain, at) for at in marks]
    return out


def sentence_at(text: str, at: int) -> str:
    """The sentence of ``text`` that contains position ``at`` (where a figure ends)."""
    start = 0
    for end in _SENTENCE_END.finditer(text):
        if end.end() > at:
            return text[start:end.start()].strip()
        start = end.end()
    return text[start:].strip()


def lettered(ds: Dataset, cited: list[tuple[str, str]], lang: str) -> dict[str, str]:
    """The articles' short names as a brief prints them: a source's articles are lettered a, b, c… over the ones
    the brief cites (``cited``), in the source's order, and a lone one goes by the source's own short name (the
    dataset's "2023a"/"2023d" letter the whole file, so a brief citing two of them would skip letters)."""
    out = {}
    for sid in dict.fromkeys(s for s, _ in cited):
        src = ds.sources[sid]
        arts = [local(a, "short", lang) for a in src.articles if (sid, a.id) in cited and local(a, "short", lang)]
        base = local(src, "short", lang)
        for k, short in enumerate(arts if base else []):
            out[short] = base if len(arts) == 1 else base + ascii_lowercase[k]
    return out
