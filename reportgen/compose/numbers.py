"""Numbers and units as each language prints them, by its locale (``assets/locales/<lang>.yaml``).

A locale with ``units: source`` keeps the source's own units (2368.9亿元, 28万人); one with ``units: words``
converts to the base unit and scales it to its million/billion words (RMB 236.89 billion, 280,000). Marks,
grouping and qualifier words are the locale's. Precision follows the printed value: a figure is never shown more
precisely than its source gave it.
"""
from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Decimal

from typing import TYPE_CHECKING

from reportgen.core.locale import Locale
from reportgen.core.placeholders import fill

if TYPE_CHECKING:   # types only: charts import this module in a helper process that must stay light
    from reportgen.data.types import Fact, Unit


def significant_digits(value: float) -> int:
    """How many significant digits the printed value carries (2368.9 → 5, 28 → 2, 300 → 3)."""
    d = Decimal(repr(value)).normalize()
    digits = len(d.as_tuple().digits)
    return max(digits, 1 + (int(math.log10(abs(value))) if value and abs(value) >= 1 else 0))


def _round_sig(x: float, sig: int) -> float:
    if x == 0:
        return 0.0
    return round(x, sig - 1 - int(math.floor(math.log10(abs(x)))))


def _plain(x: float, sig: int, loc: Locale | None = None) -> str:
    """``x`` to ``sig`` digits in the locale's marks; without a locale, ungrouped with a decimal point."""
    x = _round_sig(x, sig)
    text = f"{int(x):,}" if x == int(x) else f"{x:,.6f}".rstrip("0").rstrip(".")
    return loc.digits(text) if loc else text.replace(",", "")


def _scaled(x: float, unit: Unit, sig: int, loc: Locale) -> tuple[float, str, int]:
    """The base-unit value, its scale word and the digits to keep."""
    x *= unit.factor
    if unit.base == "ha" and unit.factor != 1:   # mu → hectares: keep no more than three digits
        sig = min(sig, 3)
    if unit.scale:
        for size, word in loc.scales:
            if abs(x) >= size:
                return x / size, f" {word}", sig
    return x, "", sig


def _readable(x: float, sig: int) -> int:
    """At most four significant figures for an amount (RMB 253.2 billion, not 253.237 billion; 2532亿元, not
    2532.37亿元); whole numbers keep every digit, since an exact count matters (38,048 enterprises)."""
    whole = len(str(int(abs(x)))) if abs(x) >= 1 else 1
    return min(sig, max(4, whole))


def format_fact(fact: Fact, unit: Unit, lang: str) -> str:
    """The fact's value as a reader sees it, qualifier included: 'more than 300', '超过300家'."""
    loc = Locale(lang)
    if loc.units == "source":
        return _as_source(fact, unit, loc)
    if fact.printed in loc.fractions:          # the source gives a fraction (约六分之一): print it, not 16.7 %
        return loc.qualify(fact.qualifier, loc.fractions[fact.printed])
    x, word, sig = _scaled(fact.value, unit, significant_digits(fact.value), loc)
    sig = _readable(x, sig)
    if fact.value_max is not None:
        x2, word2, sig2 = _scaled(fact.value_max, unit, significant_digits(fact.value_max), loc)
        lo = _plain(x, sig, loc) + (word if word != word2 else "")
        return fill(loc.unit_form(unit, bool(word2)), v=f"{lo}{loc.range}{_plain(x2, sig2, loc)}{word2}")
    return loc.qualify(fact.qualifier, fill(loc.unit_form(unit, bool(word)), v=_plain(x, sig, loc) + word))


def _as_source(fact: Fact, unit: Unit, loc: Locale) -> str:
    """In the source's own unit, and its own qualifier word where the source puts one: '超过300家', '900多家'."""
    suffix = unit.printed
    if fact.value_max is not None:
        lo, hi = (_plain(v, significant_digits(v), loc) for v in (fact.value, fact.value_max))
        return f"{lo}{loc.range}{hi}{suffix}"
    v = fact.printed or _plain(fact.value, _readable(fact.value, significant_digits(fact.value)), loc)
    v += suffix if not fact.printed or unit.printed != "%" else ""
    if fact.printed and any(w in fact.printed for w in loc.printed_qualifier_chars):   # '千余' says 'more than'
        return v
    return _qualifier_after(fact, v, suffix, loc) or loc.qualify(fact.qualifier, v)


def _qualifier_after(fact: Fact, text: str, unit: str, loc: Locale) -> str:
    """The qualifier in the source's own word when it follows the number: '900多家', '2000余名', '5000套左右',
    '2000人以上' (not '超过900家' where the source says 多)."""
    quote = fact.quote.replace(" ", "")
    number = text[:len(text) - len(unit)] if unit and text.endswith(unit) else text
    after = loc.qualifier_after.get(fact.qualifier)
    for word in after.before_unit if after else ():
        if f"{number}{word}{unit}" in quote or f"{number}{word}" in quote:
            return f"{number}{word}{unit}"
    for word in after.after_unit if after else ():
        if f"{number}{unit}{word}" in quote:
            return f"{number}{unit}{word}"
    return ""


def chart_scale(values: list[float], unit: Unit, lang: str) -> tuple[float, str]:
    """Factor to multiply printed values by, and the axis label, so a chart reads in the brief's units."""
    loc = Locale(lang)
    if loc.units == "source":
        return 1.0, unit.printed
    factor = unit.factor
    biggest = max((abs(v) * factor for v in values), default=0)
    word = ""
    if unit.scale:
        for size, name in loc.scales:
            if biggest >= size:
                factor, word = factor / size, name
                break
    label = loc.unit_form(unit, bool(word)).replace("{v}", word).strip()
    return factor, " ".join(label.split())


_CHART_MARKS = {"more_than": "{v}+", "at_least": "{v}+", "about": "≈{v}", "nearly": "≈{v}", "less_than": "<{v}",
                "at_most": "≤{v}"}


def plain_number(value: float) -> str:
    """A value as its source gives it, with no unit or qualifier: 3, 881, 6.88."""
    return _plain(value, significant_digits(value))


def chart_decimals(values: list[float]) -> int:
    """One precision for every label of a chart, the coarsest its figures carry (at most one decimal, none once
    the largest has four digits): 799.3 beside 910 prints 799 / 910, never 910.0, a decimal the source lacks."""
    if not values or max(abs(v) for v in values) >= 1000:
        return 0
    return min(1, *(max(0, -Decimal(repr(v)).normalize().as_tuple().exponent) for v in values))


def chart_label(value: float, lang: str, qualifier: str = "exact", decimals: int | None = None) -> str:
    """A value as a chart prints it on its bar or point (in the chart's axis unit), marked when not exact;
    rounded half up at the chart's precision (48.25 → 48.3, as a reader rounds, not to the even 48.2)."""
    loc = Locale(lang)
    if decimals is None:
        text = loc.number(value)
    else:
        rounded = Decimal(repr(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
        text = loc.digits(f"{rounded:,}")
    return fill(_CHART_MARKS.get(qualifier, "{v}"), v=text)


_NUMBER = re.compile(r"^(\D*?)(\d[\d,.]*)(.*)$")


def split_unit(text: str, lang: str, qualifier: str) -> tuple[str, str]:
    """A printed figure as (number with its qualifier, unit): 'more than RMB 14.12 billion' → ('more than
    14.12', 'RMB billion'); '900多家' → ('900多', '家'). A table prints the unit once per row, in a column of its
    own, when a row's figures share it. ('', text) when the text holds no single number to split off."""
    loc = Locale(lang)
    wrapper = loc.qualifiers.get(qualifier, "{v}")
    head, _, tail = wrapper.partition("{v}")
    if not (text.startswith(head) and text.endswith(tail)):        # the source's own word: '900多家'
        head = tail = ""
    inner = text[len(head):len(text) - len(tail)]
    match = _NUMBER.match(inner)
    if not match or _NUMBER.match(match.group(3)):
        return "", text
    before, number, after = match.groups()
    for word in loc.near_number:          # words that belong with the number, not the unit (900多家)
        if after.startswith(word):
            number, after = number + word, after[len(word):]
        elif after.endswith(word):
            number, after = number + word, after[:-len(word)]
    return head + number + tail, " ".join(f"{before} {after}".split())
