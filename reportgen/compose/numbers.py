"""Numbers and units as each language prints them.

Chinese keeps the source's own units (2368.9亿元, 28万人); English converts to the base unit and scales it to
thousand/million/billion words (RMB 236.89 billion, 280,000). Precision follows the printed value: a figure is
never shown more precisely than its source gave it.
"""
from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Decimal

from typing import TYPE_CHECKING

from reportgen.core.placeholders import fill

if TYPE_CHECKING:   # types only: charts import this module in a helper process that must stay light
    from reportgen.data.types import Fact, Unit

_SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))

EN_QUALIFIER = {"exact": "{v}", "more_than": "more than {v}", "about": "about {v}", "nearly": "nearly {v}",
                "less_than": "less than {v}", "at_least": "at least {v}", "at_most": "up to {v}"}
ZH_QUALIFIER = {"exact": "{v}", "more_than": "超过{v}", "about": "约{v}", "nearly": "近{v}", "less_than": "不足{v}",
                "at_least": "不少于{v}", "at_most": "不超过{v}"}


def significant_digits(value: float) -> int:
    """How many significant digits the printed value carries (2368.9 → 5, 28 → 2, 300 → 3)."""
    d = Decimal(repr(value)).normalize()
    digits = len(d.as_tuple().digits)
    return max(digits, 1 + (int(math.log10(abs(value))) if value and abs(value) >= 1 else 0))


def _round_sig(x: float, sig: int) -> float:
    if x == 0:
        return 0.0
    return round(x, sig - 1 - int(math.floor(math.log10(abs(x)))))


def _plain(x: float, sig: int, sep: str = ",") -> str:
    x = _round_sig(x, sig)
    if x == int(x):
        return f"{int(x):,}".replace(",", sep)
    text = f"{x:,.6f}".rstrip("0").rstrip(".")
    return text.replace(",", sep)


def _en_scaled(x: float, unit: Unit, sig: int) -> tuple[float, str, int]:
    """The base-unit value, its scale word and the digits to keep."""
    x *= unit.factor
    if unit.base == "ha" and unit.factor != 1:   # mu → hectares: keep no more than three digits
        sig = min(sig, 3)
    if unit.scale:
        for size, word in _SCALES:
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
    if lang == "zh":
        suffix = unit.printed
        if fact.value_max is not None:
            lo, hi = (_plain(v, significant_digits(v), sep="") for v in (fact.value, fact.value_max))
            return f"{lo}—{hi}{suffix}"
        v = fact.printed or _plain(fact.value, _readable(fact.value, significant_digits(fact.value)), sep="")
        v += suffix if not fact.printed or unit.printed != "%" else ""
        if fact.printed and any(w in fact.printed for w in "余多近约上超"):   # '千余' already says 'more than'
            return v
        return _zh_as_source(fact, v, suffix) or fill(ZH_QUALIFIER[fact.qualifier], v=v)
    if fact.printed in EN_FRACTIONS:          # the source gives a fraction (约六分之一): print it, not 16.7 %
        return fill(EN_QUALIFIER[fact.qualifier], v=EN_FRACTIONS[fact.printed])
    x, word, sig = _en_scaled(fact.value, unit, significant_digits(fact.value))
    sig = _readable(x, sig)
    if fact.value_max is not None:
        x2, word2, sig2 = _en_scaled(fact.value_max, unit, significant_digits(fact.value_max))
        lo = _plain(x, sig) + (word if word != word2 else "")
        return fill(unit.en, v=f"{lo}–{_plain(x2, sig2)}{word2}")
    return fill(EN_QUALIFIER[fact.qualifier], v=fill(unit.en, v=_plain(x, sig) + word))


EN_FRACTIONS = {"二分之一": "one half", "三分之一": "one third", "四分之一": "one quarter", "五分之一": "one fifth",
                "六分之一": "one sixth", "三分之二": "two thirds", "四分之三": "three quarters"}
_ZH_AFTER = {"more_than": ("余", "多", "以上"), "about": ("左右",)}


def _zh_as_source(fact: Fact, text: str, unit: str) -> str:
    """The qualifier in the source's own word when it follows the number: '900多家', '2000余名', '5000套左右',
    '2000人以上' (not '超过900家' where the source says 多)."""
    quote = fact.quote.replace(" ", "")
    number = text[:len(text) - len(unit)] if unit and text.endswith(unit) else text
    for word in _ZH_AFTER.get(fact.qualifier, ()):
        if word == "余" or word == "多":
            if f"{number}{word}{unit}" in quote or f"{number}{word}" in quote:
                return f"{number}{word}{unit}"
        elif f"{number}{unit}{word}" in quote:
            return f"{number}{unit}{word}"
    return ""


def chart_scale(values: list[float], unit: Unit, lang: str) -> tuple[float, str]:
    """Factor to multiply printed values by, and the axis label, so a chart reads in the brief's units."""
    if lang == "zh":
        return 1.0, unit.printed
    factor = unit.factor
    biggest = max((abs(v) * factor for v in values), default=0)
    word = ""
    if unit.scale:
        for size, name in _SCALES:
            if biggest >= size:
                factor, word = factor / size, name
                break
    label = unit.en.replace("{v}", word).strip()
    return factor, " ".join(label.split())


_CHART_MARKS = {"more_than": "{v}+", "at_least": "{v}+", "about": "≈{v}", "nearly": "≈{v}", "less_than": "<{v}",
                "at_most": "≤{v}"}


def plain_number(value: float) -> str:
    """A value as its source gives it, with no unit or qualifier: 3, 881, 6.88."""
    return _plain(value, significant_digits(value), sep="")


def chart_decimals(values: list[float]) -> int:
    """One precision for every label of a chart, the coarsest its figures carry (at most one decimal, none once
    the largest has four digits): 799.3 beside 910 prints 799 / 910, never 910.0, a decimal the source lacks."""
    if not values or max(abs(v) for v in values) >= 1000:
        return 0
    return min(1, *(max(0, -Decimal(repr(v)).normalize().as_tuple().exponent) for v in values))


def chart_label(value: float, lang: str, qualifier: str = "exact", decimals: int | None = None) -> str:
    """A value as a chart prints it on its bar or point (in the chart's axis unit), marked when not exact;
    rounded half up at the chart's precision (48.25 → 48.3, as a reader rounds, not to the even 48.2)."""
    if decimals is None:
        text = f"{value:,.10g}" if lang == "en" else f"{value:.10g}"
    else:
        rounded = Decimal(repr(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
        text = f"{rounded:,}" if lang == "en" else f"{rounded}"
    return fill(_CHART_MARKS.get(qualifier, "{v}"), v=text)


_NUMBER = re.compile(r"^(\D*?)(\d[\d,.]*)(.*)$")
_ZH_NEAR_NUMBER = ("余", "多", "左右", "以上")     # words that belong with the number, not the unit


def split_unit(text: str, lang: str, qualifier: str) -> tuple[str, str]:
    """A printed figure as (number with its qualifier, unit): 'more than RMB 14.12 billion' → ('more than
    14.12', 'RMB billion'); '900多家' → ('900多', '家'). A table prints the unit once per row, in a column of its
    own, when a row's figures share it. ('', text) when the text holds no single number to split off."""
    wrapper = (EN_QUALIFIER if lang == "en" else ZH_QUALIFIER).get(qualifier, "{v}")
    head, _, tail = wrapper.partition("{v}")
    if not (text.startswith(head) and text.endswith(tail)):        # the source's own word: '900多家'
        head = tail = ""
    inner = text[len(head):len(text) - len(tail)]
    match = _NUMBER.match(inner)
    if not match or _NUMBER.match(match.group(3)):
        return "", text
    before, number, after = match.groups()
    for word in _ZH_NEAR_NUMBER if lang == "zh" else ():
        if after.startswith(word):
            number, after = number + word, after[len(word):]
        elif after.endswith(word):
            number, after = number + word, after[:-len(word)]
    return head + number + tail, " ".join(f"{before} {after}".split())
