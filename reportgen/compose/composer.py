"""Compose: brief definition + dataset + rendered templates → one ``Document`` and its claims.

The only stage that sees all three. Each section is its heading, KPI tiles, the template's text, then its charts
and tables; ``Citations`` numbers the notes in reading order. Writers get only the finished ``Document``.
"""
from __future__ import annotations

import re

from reportgen import document as m
from reportgen.brief.definition import Brief, select_sections
from reportgen.compose.citations import Citations, Claim
from reportgen.compose.context import template_context
from reportgen.compose.exhibits import Exhibits
from reportgen.compose import frame
from reportgen.compose.labels import LABELS
from reportgen.compose.markdown import to_blocks
from reportgen.compose.templating import render
from reportgen.core.errors import BriefError, Problem, UnknownName, UserError, did_you_mean
from reportgen.core.text import one_line, rendered
from reportgen.data.types import Dataset
from reportgen.core.placeholders import fill


def compose(ds: Dataset, brief: Brief, lang: str, params: dict, env, draw_chart, date: str,
            palette: list[str] = ()) -> tuple[m.Document, list[Claim]]:
    """Every section's problems are reported at once; the first one's kind decides the exit code. ``palette``:
    the charts' colours, the theme's (run/builder.py); a caller that draws no chart may leave it out."""
    params = {k: one_line(v, f"parameter {k}") if isinstance(v, str) else v for k, v in params.items()}
    cite = Citations(ds, lang)
    exhibits = Exhibits(cite, brief, draw_chart, list(palette))
    ctx = template_context(cite, params)
    blocks: list[m.Block] = []
    problems: list[Problem] = []
    error: type[UserError] | None = None
    try:
        cover = [exhibits.kpis(brief.publication.cover_figures)] if brief.publication.cover_figures else []
    except UnknownName as exc:            # a cover figure the dataset does not have
        cover, error = [], BriefError
        problems.append(Problem("unknown-fact", f"publication: cover_figures: {exc.message}", str(brief.path),
                                hint=exc.hint))
    for section in select_sections(brief, str(params.get("sector", "all"))):
        try:
            blocks += _section(section, brief, lang, env, ctx, exhibits)
        except UserError as exc:
            problems += exc.problems
            error = error or type(exc)
        except UnknownName as exc:        # a fact, series or chart the brief names does not exist
            problems.append(Problem("unknown-fact", exc.message, section.file or str(brief.path), section.line,
                                    hint=exc.hint))
            error = error or BriefError
    if problems:
        raise error(problems)
    meta = _meta(brief, lang, params, date, ds.subject.publisher.get(lang, ""))
    meta.edition = frame.edition(brief, lang, [ds.facts[c.fact_id] for c in cite.claims])
    year = re.search(r"\d{4}", date)           # the year of issue, from the build's date
    back = frame.back_matter(brief, lang, meta, year.group() if year else "", cite.about_data(),
                             cite.cited_publishers())
    return m.Document(meta, blocks, cite.final_notes(), cite.references(), cover=cover, back=back), cite.claims


def _section(section, brief: Brief, lang: str, env, ctx: dict, exhibits: Exhibits) -> list[m.Block]:
    """One section: heading, KPI tiles, text, charts, tables."""
    ds = exhibits.cite.ds
    # KPI tiles stand under the heading, before the text: compose them first so notes number in reading order
    tiles: list[m.Block] = [b for b in [exhibits.kpis(section.kpis)] if b] if section.kpis else []
    name = f"{brief.templates}/{lang}/{section.template}.md.j2"
    text = rendered(render(env, name, ctx), name)
    first = len(exhibits.cite.claims)
    body = to_blocks(text, exhibits.cite.cite_text, one_mark=True)     # one note mark for the section's text
    exhibits.cite.in_sentences(first, text)
    # a greeting may stand before the heading, in its own place; tiles and text follow the heading
    head = next((i + 1 for i, b in enumerate(body) if isinstance(b, m.Heading)), 0)
    if head and section.goal:
        body[head - 1].badge = frame.goal_badge(ds, section.goal)
    for sid in [brief.charts[c].series for c in section.charts] + section.tables:
        if sid not in ds.series:
            raise UnknownName(f"unknown series {sid!r}", did_you_mean(sid, ds.series))
    rest = [m.Box(tiles + body[head:])] if section.box else tiles + body[head:]
    figures = [f for f in (exhibits.figure(cid) for cid in section.charts) if f]
    tables = [t for t in (exhibits.table(tid) for tid in section.tables) if t]
    return body[:head] + rest + figures + tables


def _meta(brief: Brief, lang: str, params: dict, date: str, publisher: str = "") -> m.Meta:
    """``publisher``: the dataset's (subject.yaml), for a brief that names none."""
    L = LABELS[lang]
    # the brief's own label, else the built-in one of a shipped audience; never a bare audience id
    audience = L.get("audience_" + brief.audience, "") if brief.audience_label is None else brief.audience_label[lang]
    keywords = [k.strip() for k in brief.publication.text("keywords", lang).split(",") if k.strip()]
    title = frame.title(brief, lang, params)
    return m.Meta(title=title, subtitle=brief.subtitle.get(lang, ""), audience=audience, date=date,
                  lang=lang, author=brief.publication.text("publisher", lang) or publisher, keywords=keywords,
                  notes_heading=L["notes"],
                  contents_heading=L["contents"], page_label=L["page"], running_header=title,
                  prepared_for=_prepared_for(params, L), compact=brief.layout == "compact",
                  tagline=frame.setting(brief, "tagline", lang), partners=frame.setting(brief, "partners", lang),
                  references_heading=L["references"])


def _prepared_for(params: dict, L: dict) -> str:
    """'Prepared for Ms Li, Example Capital' on the cover of a personalised brief."""
    who = ", ".join(str(params[k]) for k in ("recipient_name", "recipient_org") if params.get(k))
    return fill(L["prepared_for"], who=who) if who else ""
