"""Source notes in the reader's language: the article cited, its date and the figure's period at the precision
the source gives, the locator translated, and the statistical scope and place the figure covers.

Everything here comes from the fact and its article, never from free text, so a note cannot claim a month the
source does not print or carry a section title in the other language.
"""
from __future__ import annotations

from reportgen.compose.labels import LABELS
from reportgen.data.locators import translate

_MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
CITY = "fsc"        # the brief's subject: figures for other places name the place in their note


def date_text(date: str, lang: str) -> str:
    """'2025' → '2025' / '2025年'; '2021-06' → 'Jun 2021' / '2021年6月'; a day likewise; no more precise."""
    y, mo, d = (date.split("-") + [None, None])[:3]
    if lang == "zh":
        return f"{y}年" + (f"{int(mo)}月" if mo else "") + (f"{int(d)}日" if d else "")
    if d:
        return f"{int(d)} {_MONTHS[int(mo) - 1]} {y}"
    return f"{_MONTHS[int(mo) - 1]} {y}" if mo else y


def when_text(period: str, article_date: str, lang: str) -> str:
    """The figure's period as the source states it; with none, the article's date (or that it has none)."""
    L = LABELS[lang]
    if not period:
        return L["at_publication"].format(date=date_text(article_date, lang)) if article_date else L["undated"]
    if "/" in period:
        a, b = (date_text(p, lang) for p in period.split("/"))
        return L["period_span"].format(start=a, end=b)
    key = {4: "period_year", 7: "period_month"}.get(len(period), "period_day")
    return L[key].format(date=date_text(period, lang))


def cite(ds, fact, lang: str) -> str:
    """Publisher, article, author and date, locator: where in which article the figure stands."""
    L = LABELS[lang]
    src, art = ds.sources[fact.source], ds.article_of(fact)
    title = getattr(art, f"title_{lang}")
    author = getattr(art, f"author_{lang}")
    publisher = getattr(src, f"publisher_{lang}")
    byline = L["byline"].format(author=author) if author and author != publisher else ""
    date = date_text(art.date, lang) if art.date else L["no_date"]
    return L["cite"].format(publisher=publisher, title=title, byline=byline, date=date,
                            locator=translate(fact.locator, lang, ds.locators))


def coverage(ds, fact, lang: str) -> str:
    """'; scope: enterprises above designated size; covers: East zone (Energy Valley)' when the fact says so."""
    L = LABELS[lang]
    out = ""
    if fact.scope:
        out += L["scope"].format(scope=ds.scopes[fact.scope][lang])
    if fact.entity != CITY and fact.entity in ds.entities:
        out += L["covers"].format(place=getattr(ds.entities[fact.entity], f"name_{lang}"))
    return out


def describe(ds, fact, lang: str, fmt) -> str:
    """The whole note for one printed fact; ``fmt`` formats another fact's value as the brief prints it."""
    L = LABELS[lang]
    if fact.source == "derived":
        inputs = [describe(ds, ds.facts[i], lang, fmt).rstrip("。.") for i in fact.derived_from]
        formula = fact.quote
        if lang == "en" and formula.endswith(" " + fact.unit):      # the result's unit in English too
            formula = formula[:-len(fact.unit)] + ds.units[fact.unit].en.replace("{v}", "").strip()
        return L["derived"].format(formula=formula, inputs=L["list_sep"].join(inputs))
    text = L["note"].format(cite=cite(ds, fact, lang), coverage=coverage(ds, fact, lang),
                            when=when_text(fact.period, ds.article_of(fact).date, lang))
    others = [ds.facts[i] for i in ds.conflict_group(fact.id) if i != fact.id]
    if others:
        text += " " + L["conflict"].format(value=fmt(fact), others=L["list_sep"].join(
            f"{fmt(o)} ({cite(ds, o, lang)}; {when_text(o.period, ds.article_of(o).date, lang)})" for o in others))
    return text
