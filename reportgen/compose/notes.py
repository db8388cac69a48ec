"""Source notes in the reader's language: the article cited, its date and the figure's period at the precision
the source gives, the locator translated, and the statistical scope and place the figure covers.

Everything here comes from the fact and its article, never from free text, so a note cannot claim a month the
source does not print or carry a section title in the other language.
"""
from __future__ import annotations

from reportgen.compose.labels import LABELS
from reportgen.data.conflicts import differ
from reportgen.data.locators import translate

_MONTHS = ("January February March April May June July August September October November December").split()
CITY = "fsc"        # the brief's subject: figures for other places name the place in their note


def date_text(date: str, lang: str) -> str:
    """'2025' → '2025' / '2025年'; '2021-06' → 'June 2021' / '2021年6月'; a day likewise; no more precise."""
    y, mo, d = (date.split("-") + [None, None])[:3]
    if lang == "zh":
        return f"{y}年" + (f"{int(mo)}月" if mo else "") + (f"{int(d)}日" if d else "")
    if d:
        return f"{int(d)} {_MONTHS[int(mo) - 1]} {y}"
    return f"{_MONTHS[int(mo) - 1]} {y}" if mo else y


def span_text(period: str, lang: str) -> str:
    """'2025-01/2025-04' → 'January–April 2025' / '2025年1—4月'; across years both dates in full."""
    a, b = period.split("/")
    if a[:4] == b[:4] and len(a) == len(b) == 7:
        if lang == "zh":
            return f"{a[:4]}年{int(a[5:])}—{int(b[5:])}月"
        return f"{_MONTHS[int(a[5:]) - 1]}–{date_text(b, lang)}"
    return f"{date_text(a, lang)}{'—' if lang == 'zh' else '–'}{date_text(b, lang)}"


def when_text(period: str, lang: str) -> str:
    """The figure's period as the source states it, after a separator; '' when it states none (the cited
    article's date, or its lack of one, then stands for the figure's)."""
    L = LABELS[lang]
    if not period:
        return ""
    if "/" in period:
        return L["when_sep"] + L["period_span"].format(span=span_text(period, lang))
    key = {4: "period_year", 7: "period_month"}.get(len(period), "period_day")
    return L["when_sep"] + L[key].format(date=date_text(period, lang))


def head(ds, src, art, lang: str) -> str:
    """Publisher, article title, author and date: how a note names an article in full."""
    L = LABELS[lang]
    author, publisher = getattr(art, f"author_{lang}"), getattr(src, f"publisher_{lang}")
    byline = L["byline"].format(author=author) if author and author != publisher else ""
    date = date_text(art.date, lang) if art.date else L["no_date"]
    return L["cite"].format(publisher=publisher, title=getattr(art, f"title_{lang}"), byline=byline, date=date)


def cite(ds, fact, lang: str) -> str:
    """The article in full and the locator: where in which article the figure stands."""
    src = ds.sources[fact.source]
    return LABELS[lang]["list_comma"].join((head(ds, src, ds.article_of(fact), lang),
                                            translate(fact.locator, lang, ds.locators)))


def coverage(ds, fact, lang: str, besides: str = CITY) -> str:
    """'; scope: enterprises above designated size; covers: East zone (Energy Valley)' when the fact says so."""
    L = LABELS[lang]
    out = ""
    if fact.scope:
        out += L["scope"].format(scope=ds.scopes[fact.scope][lang])
    if fact.entity != besides and fact.entity in ds.entities:
        place = getattr(ds.entities[fact.entity], f"name_{lang}")
        if place.split(" (")[0].split("（")[0] not in translate(fact.locator, lang, ds.locators):
            out += L["covers"].format(place=place)      # unless the locator names the place already
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
                            when=when_text(fact.period, lang))
    others = [ds.facts[i] for i in ds.conflict_group(fact.id) if i != fact.id and differ(ds, fact, ds.facts[i])]
    if others:
        text += L["conflict"].format(others=L["list_sep"].join(
            L["other"].format(value=fmt(o), cite=short_cite(ds, o, lang), coverage=coverage(ds, o, lang, fact.entity),
                              when=when_text(o.period, lang)) for o in others))
    return text


def short_cite(ds, fact, lang: str) -> str:
    """Publisher, the article's title when the file holds several, and the locator: enough to find a figure
    named beside another one's full note."""
    src, art = ds.sources[fact.source], ds.article_of(fact)
    if len(src.articles) > 1 or getattr(art, f"short_{lang}"):
        return cite(ds, fact, lang)             # shortened by ``shorten`` once the article was cited in full
    return LABELS[lang]["list_comma"].join((getattr(src, f"publisher_{lang}"), translate(fact.locator, lang,
                                                                                        ds.locators)))


def shorten(ds, text: str, lang: str, cited: set) -> str:
    """A note as printed: an article in full (publisher, title, author, date) the first time the brief cites it,
    by its short title after (``cited`` holds the articles already cited in full), as reference lists do."""
    for src in ds.sources.values():
        for art in src.articles:
            full, short = head(ds, src, art, lang), getattr(art, f"short_{lang}")
            if full not in text:
                continue
            if art.id in cited and short:
                text = text.replace(full, LABELS[lang]["quoted_title"].format(title=short))
            cited.add(art.id)
    return text


def period_of(ds, fact, lang: str) -> str:
    """The figure's date for a template's sentence, at the source's precision: its period ('2024', 'Mar 2025',
    '2025年1月—2025年4月'), else its article's date, else '' (the source gives none)."""
    if "/" in fact.period:
        return span_text(fact.period, lang)
    when = fact.period or ds.article_of(fact).date
    return date_text(when, lang) if when else ""
