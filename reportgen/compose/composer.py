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
from reportgen.compose.labels import LABELS, period_text
from reportgen.core.placeholders import fill

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


@dataclass
class Composer:
    ds: Dataset
    brief: Brief
    lang: str
    params: dict
    draw_chart: object            # callable(chart_request) -> (svg, png)
    notes: list[m.Note] = field(default_factory=list)
    _note_keys: dict = field(default_factory=dict)
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
        """Where a figure comes from, in the brief's language: source, locator, period, and any disagreement."""
        L = LABELS[self.lang]
        if fact.source == "derived":
            inputs = [self.describe(self.ds.facts[i]).rstrip("。.") for i in fact.derived_from]
            return fill(L["derived"], formula=fact.quote, inputs=L["list_sep"].join(inputs))
        src = self.ds.sources[fact.source]
        when = period_text(fact.period, self.lang) if fact.period else fill(L["as_of"], date=src.date)
        text = fill(L["note"], publisher=getattr(src, f"publisher_{self.lang}"), title=getattr(src, f"title_{self.lang}"),
                                date=src.date, locator=fact.locator, when=when)
        others = [self.ds.facts[i] for i in self.ds.conflict_group(fact.id) if i != fact.id]
        if others:
            text += " " + fill(L["conflict"], value=self.fmt(fact), others=L["list_sep"].join(
                f"{self.fmt(o)} ({getattr(self.ds.sources[o.source], f'publisher_{self.lang}')}, {o.locator})"
                for o in others))
        return text

    def note_for(self, fact: Fact) -> int:
        """The number of the note describing ``fact``; facts with the same description share one note."""
        text = self.describe(fact)
        if text not in self._note_keys:
            self._note_keys[text] = len(self.notes) + 1
            self.notes.append(m.Note(len(self.notes) + 1, text))
        return self._note_keys[text]

    def fmt(self, fact: Fact) -> str:
        return format_fact(fact, self.ds.units[fact.unit], self.lang)

    def printed(self, fact: Fact, place: str, text: str | None = None) -> tuple[str, int]:
        """Format a fact for print (unless ``text`` says how a chart shows it) and record the claim."""
        text, note = text or self.fmt(fact), self.note_for(fact)
        self.claims.append(Claim(fact.id, text, note, place))
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
            "sdg_title": lambda code: self.ds.sdg_targets[str(code)][f"title_{self.lang}"],
            "t": LABELS[self.lang],
        }

    # ── markdown → blocks ──
    def inlines(self, children) -> list[m.Inline]:
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
            text, note = self.printed(f, "kpi")
            items.append(m.Kpi(text, f.label(self.lang), note))
        return m.KpiGroup(items)

    def figure(self, chart_id: str) -> m.Figure:
        spec = self.brief.charts[chart_id]
        series = self.ds.series[spec.series]
        L = LABELS[self.lang]
        cells = [[self.ds.facts[i] if i else None for i in row["facts"]] for row in series.rows]
        request = self.chart_request(spec, series, cells)
        notes = sorted({self.printed(f, "chart", chart_label(v, self.lang, f.qualifier))[1]
                        for row, vals in zip(cells, request["values"]) for f, v in zip(row, vals) if f})
        svg, png = self.draw_chart(request)
        self.figures += 1
        title = spec.title.get(self.lang) or getattr(series, f"title_{self.lang}")
        pubs = sorted({getattr(self.ds.sources[f.source], f"publisher_{self.lang}") for r in cells for f in r
                       if f and f.source != "derived"})
        return m.Figure(svg, png, fill(L["figure"], n=self.figures, title=title),
                        fill(L["source"], sources=L["list_sep"].join(pubs)), title, notes)

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
        for row in series.rows:
            cells = [[m.Text(row[self.lang])]]
            for fid in row["facts"]:
                if not fid:
                    cells.append([m.Text("–")])
                    continue
                text, note = self.printed(self.ds.facts[fid], "table")
                notes.add(note)
                cells.append([m.Text(text), m.NoteRef(note)])
            rows.append(cells)
        self.tables += 1
        pubs = sorted({getattr(self.ds.sources[self.ds.facts[f].source], f"publisher_{self.lang}")
                       for r in series.rows for f in r["facts"] if f and self.ds.facts[f].source != "derived"})
        return m.Table(fill(L["table"], n=self.tables, title=getattr(series, f"title_{self.lang}")),
                       [L["indicator"]] + [c[self.lang] for c in series.columns], rows,
                       fill(L["source"], sources=L["list_sep"].join(pubs)), sorted(notes))


def _prepared_for(params: dict, L: dict) -> str:
    """'Prepared for Ms Li, Example Capital' on the cover of a personalised brief."""
    who = ", ".join(str(params[k]) for k in ("recipient_name", "recipient_org") if params.get(k))
    return fill(L["prepared_for"], who=who) if who else ""


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
