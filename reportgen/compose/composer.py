"""Compose: brief definition + dataset + rendered templates → one ``Document``.

The only module that sees all three. Templates word the text in a small Markdown (headings, paragraphs,
bullets, **bold**, [links](url)); each figure a template prints through ``fact()`` carries a marker that becomes a
numbered source note here. Writers get only the finished ``Document``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown_it import MarkdownIt

from reportgen import document as m
from reportgen.brief.definition import Brief
from reportgen.data.dataset import Dataset, Fact
from reportgen.core.errors import Problem, UserError, did_you_mean
from reportgen.compose.numbers import chart_label, chart_scale, format_fact
from reportgen.compose import notes
from reportgen.compose.labels import LABELS

MARK = re.compile(r"⟦([^⟧]+)⟧")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#!|{}])")


def md_escape(text: str) -> str:
    """A parameter (a recipient's name) as literal text in the templates' Markdown."""
    return _MD_SPECIAL.sub(r"\\\1", text)


_md = MarkdownIt("commonmark")


@dataclass
class Claim:
    """One printed figure: what the claims ledger lists."""
    fact_id: str
    text: str
    note: int
    place: str          # "text", "kpi", "table" or "chart" (a chart's label; a picture in Word)
    context: str = ""   # what the reader sees around it: its sentence, KPI label, or table/chart row and title


@dataclass
class Composer:
    ds: Dataset
    brief: Brief
    lang: str
    params: dict
    draw_chart: object            # callable(chart_request) -> (svg, png)
    notes: list[m.Note] = field(default_factory=list)
    _note_keys: dict = field(default_factory=dict)
    _cited: set = field(default_factory=set)         # articles whose full title a note has printed
    claims: list[Claim] = field(default_factory=list)
    figures: int = 0
    tables: int = 0

    # ── facts and notes ──
    def resolve(self, ref: str) -> Fact:
        """A fact by id, or the latest by ``entity:metric[:status]`` selector."""
        if ":" in ref:
            entity, metric, *rest = ref.split(":")
            fact = self.ds.latest(entity, metric, rest[0] if rest else "actual")
            if fact is None:
                raise LookupError(f"no fact for {ref!r}", did_you_mean(metric, {f.metric for f in self.ds.facts.values()}))
            return fact
        if ref not in self.ds.facts:
            raise LookupError(f"unknown fact {ref!r}", did_you_mean(ref, self.ds.facts))
        return self.ds.facts[ref]

    def describe(self, fact: Fact) -> str:
        """Where a figure comes from, in the brief's language (see compose.notes)."""
        return notes.describe(self.ds, fact, self.lang, self.fmt)

    def note_for(self, fact: Fact) -> int:
        """The number of the note describing ``fact``; facts with the same description share one note."""
        text = self.describe(fact)
        if text not in self._note_keys:
            self._note_keys[text] = len(self.notes) + 1
            printed = notes.shorten(self.ds, text, self.lang, self._cited)
            self.notes.append(m.Note(len(self.notes) + 1, printed))
        return self._note_keys[text]

    def fmt(self, fact: Fact) -> str:
        return format_fact(fact, self.ds.units[fact.unit], self.lang)

    def printed(self, fact: Fact, place: str, text: str | None = None, context: str = "") -> tuple[str, int]:
        """Format a fact for print (unless ``text`` says how a chart shows it) and record the claim."""
        text, note = text or self.fmt(fact), self.note_for(fact)
        self.claims.append(Claim(fact.id, text, note, place, context))
        return text, note

    # ── template context ──
    def context(self) -> dict:
        def fact(ref: str) -> str:
            f = self.resolve(ref)
            return f"{self.fmt(f)}⟦{f.id}⟧"

        def facts(topic: str | None = None, sdg: str | None = None, entity: str | None = None) -> list[str]:
            found = [f for f in self.ds.facts.values()
                     if (topic is None or topic in f.topics) and (sdg is None or sdg in f.sdg)
                     and (entity is None or f.entity == entity) and f.source != "derived"]
            return [f.id for f in found]

        return {
            "lang": self.lang, "params": {k: md_escape(v) if isinstance(v, str) else v for k, v in self.params.items()},
            "fact": fact, "facts": facts,
            "label": lambda ref: self.resolve(ref).label(self.lang),
            "entity": lambda eid: getattr(self.ds.entities[eid], f"name_{self.lang}"),
            # a figure's period, statistical scope and place, from the fact itself (never typed in a template)
            "period": lambda ref: notes.period_of(self.ds, self.resolve(ref), self.lang),
            "scope": lambda ref: self.ds.scopes[self.resolve(ref).scope][self.lang],
            "place": lambda ref: getattr(self.ds.entities[self.resolve(ref).entity], f"name_{self.lang}"),
            "sdg_title": lambda code: self.ds.sdg_targets[str(code)][f"title_{self.lang}"],
            "t": LABELS[self.lang],
        }

    # ── markdown → blocks ──
    def inlines(self, children) -> list[m.Inline]:
        """Inline nodes of a paragraph or bullet; each figure's claim records the sentence it stands in."""
        first = len(self.claims)
        out = self._inlines(children)
        plain, marks = "", []
        for node in out:
            if isinstance(node, m.NoteRef):
                marks.append(len(plain))
            else:
                plain += node.text
        for claim, at in zip(self.claims[first:], marks):
            claim.context = sentence_at(plain, at)
        return out

    def _inlines(self, children) -> list[m.Inline]:
        out: list[m.Inline] = []
        strong, link = False, None
        for tok in children or []:
            if tok.type == "strong_open":
                strong = True
            elif tok.type == "strong_close":
                strong = False
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
                for i, part in enumerate(MARK.split(content)):
                    if i % 2:
                        out.append(m.NoteRef(self.printed(self.ds.facts[part], "text")[1]))
                    elif part:
                        out.append(m.Strong(part) if strong else m.Text(part))
        return out

    def blocks(self, markdown: str) -> list[m.Block]:
        out: list[m.Block] = []
        tokens = _md.parse(markdown)
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            if tok.type == "heading_open":
                out.append(m.Heading(int(tok.tag[1]), "".join(
                    MARK.sub("", c.content) for c in tokens[i + 1].children if c.type == "text")))
                i += 3
                continue
            if tok.type == "paragraph_open" and tok.level == 0:
                out.append(m.Paragraph(self.inlines(tokens[i + 1].children)))
                i += 3
                continue
            if tok.type == "bullet_list_open":
                items, depth = [], 0
                while True:
                    t = tokens[i]
                    depth += t.nesting if t.type.endswith(("list_open", "list_close")) else 0
                    if t.type == "inline":
                        items.append(self.inlines(t.children))
                    i += 1
                    if depth == 0:
                        break
                out.append(m.BulletList(items))
                continue
            i += 1
        return out

    # ── KPIs, figures, tables ──
    def kpis(self, refs: list[str]) -> m.KpiGroup:
        items = []
        for ref in refs:
            f = self.resolve(ref)
            text, note = self.printed(f, "kpi", context=f.label(self.lang))
            items.append(m.Kpi(text, f.label(self.lang), note))
        return m.KpiGroup(items)

    def figure(self, chart_id: str) -> m.Figure:
        spec = self.brief.charts[chart_id]
        series = self.ds.series[spec.series]
        L = LABELS[self.lang]
        cells = [[self.ds.facts[i] if i else None for i in row["facts"]] for row in series.rows]
        request = self.chart_request(spec, series, cells)
        title = spec.title.get(self.lang) or getattr(series, f"title_{self.lang}")
        notes = sorted({self.printed(f, "chart", chart_label(v, self.lang, f.qualifier),
                                     f"{title}: {series.rows[r][self.lang]}, {series.columns[k][self.lang]}")[1]
                        for r, (row, vals) in enumerate(zip(cells, request["values"]))
                        for k, (f, v) in enumerate(zip(row, vals)) if f})
        svg, png = self.draw_chart(request)
        self.figures += 1
        pubs = sorted({getattr(self.ds.sources[f.source], f"publisher_{self.lang}") for r in cells for f in r
                       if f and f.source != "derived"})
        return m.Figure(svg, png, L["figure"].format(n=self.figures, title=title),
                        L["source"].format(sources=L["list_sep"].join(pubs)), title, notes)

    def chart_request(self, spec, series, cells) -> dict:
        """Everything a chart needs, and nothing else: the chart cache hashes exactly this."""
        unit_fact = next(f for r in cells for f in r if f)
        unit = self.ds.units[unit_fact.unit]
        factor, axis = chart_scale([f.value for r in cells for f in r if f], unit, self.lang)
        return {
            "kind": spec.kind, "lang": self.lang,
            "rows": [r[self.lang] for r in series.rows],
            "columns": [c[self.lang] for c in series.columns],
            "values": [[round(f.value * factor, 6) if f else None for f in r] for r in cells],
            "qualifiers": [[f.qualifier if f else "exact" for f in r] for r in cells],
            "axis": axis,
        }

    def section(self, section, env, ctx) -> list[m.Block]:
        """One section: heading, KPI tiles, text, charts, tables."""
        from reportgen.compose.templating import render
        # KPI tiles stand under the heading, before the text: compose them first so notes number in reading order
        extra: list[m.Block] = [self.kpis(section.kpis)] if section.kpis else []
        body = self.blocks(render(env, f"{self.brief.templates}/{self.lang}/{section.template}.md.j2", ctx))
        head = 1 if body and isinstance(body[0], m.Heading) else 0
        for sid in [self.brief.charts[c].series for c in section.charts] + section.tables:
            if sid not in self.ds.series:
                raise LookupError(f"unknown series {sid!r}", did_you_mean(sid, self.ds.series))
        return (body[:head] + extra + body[head:] + [self.figure(cid) for cid in section.charts]
                + [self.table(tid) for tid in section.tables])

    def table(self, series_id: str) -> m.Table:
        series = self.ds.series[series_id]
        L = LABELS[self.lang]
        rows, notes = [], set()
        title = getattr(series, f"title_{self.lang}")
        for row in series.rows:
            cells = [[m.Text(row[self.lang])]]
            for fid, col in zip(row["facts"], series.columns):
                if not fid:
                    cells.append([m.Text("–")])
                    continue
                text, note = self.printed(self.ds.facts[fid], "table", context=f"{title}: {row[self.lang]}, {col[self.lang]}")
                notes.add(note)
                cells.append([m.Text(text), m.NoteRef(note)])
            rows.append(cells)
        self.tables += 1
        pubs = sorted({getattr(self.ds.sources[self.ds.facts[f].source], f"publisher_{self.lang}")
                       for r in series.rows for f in r["facts"] if f and self.ds.facts[f].source != "derived"})
        return m.Table(L["table"].format(n=self.tables, title=title),
                       [L["indicator"]] + [c[self.lang] for c in series.columns], rows,
                       L["source"].format(sources=L["list_sep"].join(pubs)), sorted(notes))


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"(])|(?<=[。！？；])")


def sentence_at(text: str, at: int) -> str:
    """The sentence of ``text`` that contains position ``at`` (where a note mark stands)."""
    start = 0
    for m_ in _SENTENCE_END.finditer(text):
        if m_.end() > at:
            return text[start:m_.start()].strip()
        start = m_.end()
    return text[start:].strip()


def _prepared_for(params: dict, L: dict) -> str:
    """'Prepared for Ms Li, Example Capital' on the cover of a personalised brief."""
    who = ", ".join(str(params[k]) for k in ("recipient_name", "recipient_org") if params.get(k))
    return L["prepared_for"].format(who=who) if who else ""


def problems_kind(problems: list[Problem]) -> str:
    """The exit-code kind of a list of problems: the first one decides."""
    return "template" if problems[0].code.startswith("template") or problems[0].file.endswith(".j2") else "brief"


def compose(ds: Dataset, brief: Brief, lang: str, params: dict, env, draw_chart, date: str) -> tuple[m.Document, list[Claim]]:
    c = Composer(ds, brief, lang, params, draw_chart)
    ctx = c.context()
    blocks: list[m.Block] = []
    problems: list[Problem] = []
    from reportgen.brief.definition import select_sections
    for section in select_sections(brief, str(params.get("sector", "all"))):
        try:
            blocks += c.section(section, env, ctx)
        except UserError as exc:          # keep going: report every section's problems at once
            problems += exc.problems
        except LookupError as exc:        # a fact, series or chart the brief names does not exist
            problems.append(Problem("unknown-fact", str(exc.args[0]), str(brief.path), section.line,
                                    hint=exc.args[1] if len(exc.args) > 1 else ""))
    if problems:
        raise UserError(problems_kind(problems), problems)
    L = LABELS[lang]
    meta = m.Meta(title=brief.title[lang], subtitle=brief.subtitle.get(lang, ""), audience=L["audience_" + brief.audience]
                  if "audience_" + brief.audience in L else brief.audience, date=date, lang=lang,
                  author=L["author"], keywords=L["keywords_" + brief.audience].split(", ")
                  if "keywords_" + brief.audience in L else [], notes_heading=L["notes"],
                  contents_heading=L["contents"], page_label=L["page"], running_header=brief.title[lang],
                  prepared_for=_prepared_for(params, L), compact=brief.layout == "compact")
    return m.Document(meta, blocks, c.notes), c.claims
