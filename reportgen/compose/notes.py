"""How a note words where a figure stands, in the reader's language: the part of the document it is read from,
its period at the precision the source gives (for a template's sentence), and
each article in full for the references list.

Everything here comes from the fact and its article, never from free text, so a note cannot claim a month the
source does not print or carry a section title in the other language.
"""
from __future__ import annotations

import re

from reportgen.compose.labels import LABELS
from reportgen.compose.markdown import smart_quotes
from reportgen.core.langs import MONTHS_EN, local
from reportgen.data.locators import translate
from reportgen.core.placeholders import fill

def date_text(date: str, lang: str) -> str:
    """'2025' → '2025' / '2025年'; '2021-06' → 'June 2021' / '2021年6月'; a day likewise; no more precise."""
    y, mo, d = (date.split("-") + [None, None])[:3]
    if lang == "zh":
        return f"{y}年" + (f"{int(mo)}月" if mo else "") + (f"{int(d)}日" if d else "")
    if d:
        return f"{int(d)} {MONTHS_EN[int(mo) - 1]} {y}"
    return f"{MONTHS_EN[int(mo) - 1]} {y}" if mo else y


def span_text(period: str, lang: str) -> str:
    """'2025-01/2025-04' → 'January–April 2025' / '2025年1—4月'; across years both dates in full."""
    a, b = period.split("/")
    if a[:4] == b[:4] and len(a) == len(b) == 7:
        if lang == "zh":
            return f"{a[:4]}年{int(a[5:])}—{int(b[5:])}月"
        return f"{MONTHS_EN[int(a[5:]) - 1]}–{date_text(b, lang)}"
    return f"{date_text(a, lang)}{'—' if lang == 'zh' else '–'}{date_text(b, lang)}"


def head(src, art, lang: str) -> str:
    """Publisher, article title, author and date at the document's precision: an article in full."""
    L = LABELS[lang]
    author, publisher = local(art, "author", lang), local(src, "publisher", lang)
    byline = fill(L["byline"], author=author) if author and author != publisher else ""
    date = date_text(art.date, lang) if art.date else L["no_date"]
    return fill(L["head"], publisher=publisher, title=smart_quotes(local(art, "title", lang)), byline=byline, date=date)


def part(ds, item, lang: str) -> str:
    """The part of its document a note names for a figure: the locator's first part, without a list item's
    number ("§3.5.3", "para 9", "Appendix", "§6.3"); the claims ledger keeps the whole locator."""
    return translate(re.sub(r" \(\d+\)$", "", item.locator.split(", ")[0]), lang, ds.locators)


def period_of(ds, fact, lang: str) -> str:
    """The figure's date for a template's sentence, at the source's precision: its period ('2024', 'March 2025',
    '2025年1—4月'), else its article's date, else '' (the source gives none)."""
    if "/" in fact.period:
        return span_text(fact.period, lang)
    when = fact.period or ds.article_of(fact).date
    return date_text(when, lang) if when else ""
