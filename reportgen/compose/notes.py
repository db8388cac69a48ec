"""How a note words where a figure stands, in the reader's language: the locator translated, the statistical
scope and place it covers, its period at the precision the source gives, and each article in full for the
references list.

Everything here comes from the fact and its article, never from free text, so a note cannot claim a month the
source does not print or carry a section title in the other language.
"""
from __future__ import annotations

from reportgen.compose.labels import LABELS
from reportgen.core.langs import local
from reportgen.data.locators import translate
from reportgen.core.placeholders import fill

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
        return L["when_sep"] + fill(L["period_span"], span=span_text(period, lang))
    key = {4: "period_year", 7: "period_month"}.get(len(period), "period_day")
    return L["when_sep"] + fill(L[key], date=date_text(period, lang))


def head(src, art, lang: str) -> str:
    """Publisher, article title, author and date at the document's precision: an article in full."""
    L = LABELS[lang]
    author, publisher = local(art, "author", lang), local(src, "publisher", lang)
    byline = fill(L["byline"], author=author) if author and author != publisher else ""
    date = date_text(art.date, lang) if art.date else L["no_date"]
    return fill(L["head"], publisher=publisher, title=local(art, "title", lang), byline=byline, date=date)


def coverage(ds, fact, lang: str, besides: str = CITY) -> str:
    """'; scope: enterprises above designated size; refers to: East zone (Energy Valley)' when the fact says so
    (the place unless it is ``besides`` or the locator names it already)."""
    L = LABELS[lang]
    out = fill(L["scope"], scope=ds.scopes[fact.scope][lang]) if getattr(fact, "scope", "") else ""
    entity = ds.entities.get(getattr(fact, "entity", ""))
    if entity and entity.id != besides:
        place = local(entity, "name", lang)
        if place.split(" (")[0].split("（")[0] not in translate(fact.locator, lang, ds.locators):
            out += fill(L["covers"], place=place)
    return out


def where(ds, item, lang: str, besides: str = CITY) -> str:
    """Locator, scope, place and period of a fact (or of a passage, which has no scope or place)."""
    return translate(item.locator, lang, ds.locators) + coverage(ds, item, lang, besides) + when_text(item.period, lang)


def formula(ds, fact, lang: str) -> str:
    """A derived figure's computation, its result's unit in the reader's language."""
    if lang == "en" and fact.quote.endswith(" " + fact.unit):
        return fact.quote[:-len(fact.unit)] + ds.units[fact.unit].en.replace("{v}", "").strip()
    return fact.quote


def period_of(ds, fact, lang: str) -> str:
    """The figure's date for a template's sentence, at the source's precision: its period ('2024', 'March 2025',
    '2025年1—4月'), else its article's date, else '' (the source gives none)."""
    if "/" in fact.period:
        return span_text(fact.period, lang)
    when = fact.period or ds.article_of(fact).date
    return date_text(when, lang) if when else ""
