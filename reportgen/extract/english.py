"""Quantities in an English sentence, given in the dataset's units: "RMB 340 billion" → 3400 亿元, "1.2 million
people" → 120 万人, "2,400 enterprises" → 2400 家, "170.6 square kilometres" → 170.6 平方公里.

The unit is the one of the vocabulary, of the same base, that keeps the number between 1 and 10,000 (as a Chinese
text would print it), so an English and a Chinese report of one figure match.
"""
from __future__ import annotations

import re

from reportgen.extract.quantities import Quantity

_SCALES = {"thousand": 1e3, "million": 1e6, "mn": 1e6, "billion": 1e9, "bn": 1e9, "trillion": 1e12}
_WORDS = {   # English unit → (unit of the vocabulary, factor to it)
    "%": ("%", 1), "percent": ("%", 1), "per cent": ("%", 1), "percentage points": ("个百分点", 1),
    "yuan": ("元", 1), "square kilometres": ("平方公里", 1), "square kilometers": ("平方公里", 1),
    "km²": ("平方公里", 1), "km2": ("平方公里", 1), "sq km": ("平方公里", 1), "square metres": ("平方米", 1),
    "square meters": ("平方米", 1), "m²": ("平方米", 1), "hectares": ("公顷", 1), "kilometres": ("公里", 1),
    "kilometers": ("公里", 1), "km": ("公里", 1), "MW": ("MW", 1), "GW": ("MW", 1000), "kW": ("kW", 1),
    "kWh": ("千瓦时", 1), "tonnes": ("吨", 1), "tons": ("吨", 1), "enterprises": ("家", 1), "companies": ("家", 1),
    "firms": ("家", 1), "businesses": ("家", 1), "projects": ("个", 1), "people": ("人", 1), "persons": ("人", 1),
    "residents": ("人", 1), "employees": ("人", 1), "researchers": ("人", 1), "talents": ("人", 1),
    "years": ("年", 1), "universities": ("所", 1), "schools": ("所", 1), "hospitals": ("所", 1),
    "patents": ("件", 1), "minutes": ("分钟", 1), "hours": ("小时", 1), "days": ("天", 1),
}
COUNTED = {w for w, (unit, _) in _WORDS.items() if unit in ("家", "个", "人", "所", "件")}
_CURRENCY = {"rmb": "元", "cny": "元", "¥": "元", "yuan": "元", "usd": "美元", "us$": "美元", "$": "美元"}
_UNIT_WORDS = "|".join(re.escape(w) for w in sorted(_WORDS, key=len, reverse=True))
_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
PATTERN = re.compile(
    r"(?i)(?P<cur>RMB|CNY|US\$|USD|\$|¥)?\s?(?P<n>" + _NUMBER + r")"
    r"(?:\s?(?:-|–|to|and)\s?(?P<n2>" + _NUMBER + r"))?"
    r"\s?(?P<scale>thousand|million|billion|trillion|mn|bn)?\b\s?(?P<cur2>yuan|RMB|CNY|US dollars|dollars)?"
    r"\s?(?P<unit>" + _UNIT_WORDS + r")?(?![A-Za-z])")
_QUALIFIERS = (("more than", "more_than"), ("over", "more_than"), ("above", "more_than"), ("exceeding", "more_than"),
               ("approximately", "about"), ("about", "about"), ("around", "about"), ("roughly", "about"),
               ("some", "about"), ("nearly", "nearly"), ("almost", "nearly"), ("at least", "at_least"),
               ("up to", "at_most"), ("at most", "at_most"), ("less than", "less_than"), ("fewer than", "less_than"),
               ("under", "less_than"))


def find(sentence: str, units) -> list[Quantity]:
    out = []
    for m in PATTERN.finditer(sentence):
        before = sentence[:m.start("n")]
        if re.search(r"[A-Za-z_.,\d]$|(?:Fig\.?|Figure|Table|page|p\.)\s*$", before) and not m["cur"]:
            continue
        currency = _CURRENCY.get((m["cur"] or m["cur2"] or "").lower().replace("us dollars", "usd")
                                 .replace("dollars", "$"))
        word = _WORDS.get(m["unit"]) or _WORDS.get((m["unit"] or "").lower()) if m["unit"] else None
        if currency:
            unit, factor = currency, 1.0
        elif word:
            unit, factor = word
        else:
            continue
        scale = _SCALES.get((m["scale"] or "").lower(), 1.0) * factor
        low = float(m["n"].replace(",", "")) * scale
        high = float(m["n2"].replace(",", "")) * scale if m["n2"] else None
        if unit == "年" and not m["scale"] and 1000 <= low <= 2100:
            continue
        if high is not None and high <= low:
            continue
        name, divisor = _fitting(unit, max(low, high or 0), units)
        if name is None:
            continue
        q = Quantity(m.start() if m["cur"] else m.start("n"), m.end(), round(low / divisor, 6), name,
                     "range" if high is not None else "exact", round(high / divisor, 6) if high is not None else None)
        head = sentence[:q.start].rstrip().lower()
        qualifier = next((k for w, k in _QUALIFIERS if re.search(r"\b" + w + "$", head)), None)
        if qualifier and high is None:
            q.qualifier, q.start = qualifier, len(head) - len(next(w for w, k in _QUALIFIERS
                                                                    if re.search(r"\b" + w + "$", head)))
        out.append(q)
    return out


def _fitting(unit: str, value: float, units) -> tuple[str | None, float]:
    """The unit of the family of ``unit`` (元: 元, 万元, 亿元, 万亿元) that keeps the value between 1 and 10,000."""
    family = [(f, name) for prefix, f in (("", 1.0), ("万", 1e4), ("亿", 1e8), ("万亿", 1e12))
              if (name := prefix + unit) in units.names]
    if not family:
        return None, 1.0
    fitting = [(f, name) for f, name in family if value / f >= 1] or family[:1]
    f, name = max(fitting)
    return name, f
