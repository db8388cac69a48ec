"""Quantities in a Chinese sentence: a number (digits, grouped digits or Chinese numerals), a unit from the
dataset's vocabulary, a qualifier, a range's upper end.

Runs on the analysis copy (``sentences.analysis``): positions are those of the original sentence. What is not a
quantity is left out: a number without a unit (page and list numbers), a year (2024年), an ordinal (第三), a code
(ISO37108, PM2.5, G7), a section number (3.3.1).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import cn2an

from reportgen.extract.sentences import analysis

_NUMBER = (r"(?P<{n}>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+)"
           r"(?:\s?(?P<{n}more>余|多))?(?P<{n}mult>万亿|亿|万)?(?P<{n}more2>余|多)?")
SINGLE = re.compile(r"(?P<up>上)?" + _NUMBER.format(n="a"))
RANGE = re.compile(_NUMBER.format(n="a") + r"\s*(?P<unit1>[^\s\d\-，,。；;、：:（）()]{0,6}?)\s*(?P<sep>-|–|—|~|至|到)\s*"
                   + _NUMBER.format(n="b"))
FRACTION = re.compile(r"(?P<whole>[一二三四五六七八九十百]+)分之(?P<part>[一二三四五六七八九十]+)")
PERCENT_WORDS = re.compile(r"百分之(?P<n>[零一二两三四五六七八九十点]+)")
GRADE = re.compile(r"(?P<n>\d+|[一二三四五六七八九十])?(?P<mult>千|百)?(?P<unit>万亿|亿)级")
FIRST = re.compile(r"(?<!第)首位")
ROMAN = re.compile(r"(?<![A-Za-z])(?P<n>I{1,3}|IV|VI{0,3})\s*(?P<unit>类)")
KINDS = re.compile(r"(?<![一\d])(?P<n>\d+|[两三四五六七八九十]+)\s*大(?:(?P<unit>类)|(?=[\u4e00-\u9fff]))")
_ROMAN_VALUES = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8}
# 每年/日处理 before a quantity make its unit a rate when the vocabulary has one (吨 → 吨/年, 万立方米 → 万立方米/日)
_RATES = ((re.compile(r"每年|年处理|年处置|年产|年均|每年度"), "/年"), (re.compile(r"每天|每日|日处理|日均|日产"), "/日"))

UNIT_ALIASES = {
    "m2": "平方米", "㎡": "平方米", "平米": "平方米", "万m2": "万平方米", "万㎡": "万平方米", "万平米": "万平方米",
    "km2": "平方公里", "m3": "立方米", "万m3": "万立方米", "万m3/日": "万立方米/日", "m3/日": "立方米/日",
    "亿度": "亿千瓦时", "kwh": "千瓦时", "kWh": "千瓦时", "mw": "MW", "吨标煤": "吨标准煤", "万吨标煤": "万吨标准煤",
    "微克每立方米": "微克/立方米",
}
# A lone 一 before these is an article ("打造一个高地", "一批企业"), not a count.
_IDIOM_AFTER_ONE = set("个座张家批次片道场种套条处轮")
# A Chinese numeral after these is part of a name (北七家, 东三旗), of a vague number (几十年, 数百家), or a
# basement floor (负一层).
_NAME_BEFORE = tuple("北南东西几数负")
# Set phrases whose numerals count nothing.
IDIOMS = re.compile(r"百年未有|二次污染|最后一公里|一带一路|十分|家长里短|七家里短|一站式|一体化|一揽子|三生|一张图")
# An era's year with the common-era year after it: 嘉靖十六年（1537年）.
_ERA_YEAR = re.compile(r"\s*[（(]\s*(?:公元)?\s*\d{3,4}\s*年")
_NOT_SPELLINGS = {"度"}          # 360度 is an angle far more often than 度 (kWh) of electricity
PLUS = re.compile(r"(?P<a>\d+)\+(?P<b>\d+)\s*(?=[\u4e00-\u9fff])")
_MULT = {"万": 1e4, "亿": 1e8, "万亿": 1e12}
QUALIFIER_BEFORE = (("不超过", "at_most"), ("不少于", "at_least"), ("不低于", "at_least"), ("超过", "more_than"),
                    ("多于", "more_than"), ("高于", "more_than"), ("突破", "more_than"), ("超", "more_than"),
                    ("逾", "more_than"), ("大约", "about"), ("约", "about"), ("将近", "nearly"), ("接近", "nearly"),
                    ("近", "nearly"), ("不到", "less_than"), ("不足", "less_than"), ("低于", "less_than"),
                    ("少于", "less_than"), ("至少", "at_least"), ("最多", "at_most"))
QUALIFIER_AFTER = (("以上", "more_than"), ("左右", "about"), ("上下", "about"), ("以内", "at_most"),
                   ("以下", "at_most"))


@dataclass
class Quantity:
    start: int                  # where the number (with its qualifier word) starts in the sentence
    end: int                    # where its unit ends
    value: float
    unit: str
    qualifier: str = "exact"
    value_max: float | None = None
    printed: str = ""           # the number as printed when it is not digits (三, 十余, 三分之二)


class Units:
    """The dataset's unit vocabulary with the spellings a text uses for its units."""

    def __init__(self, units: dict):
        self.names = set(units)
        self.bases = {name: u.base for name, u in units.items()}
        self.spellings = {n: n for n in self.names if n not in _NOT_SPELLINGS} | \
            {analysis(n): n for n in self.names if n not in _NOT_SPELLINGS} | \
            {k: v for k, v in UNIT_ALIASES.items() if v in self.names}
        self.longest = max(map(len, self.spellings))

    def at(self, text: str, pos: int) -> tuple[str, int] | None:
        """The unit printed at ``pos`` (spaces inside it allowed: "微克 / 立方米", "万 m²") and where it ends."""
        chars, ends, i = [], [], pos
        while i < len(text) and len(chars) < self.longest and text[i] not in "，。；、,;（()）\n":
            if not text[i].isspace():
                chars.append(text[i])
                ends.append(i + 1)
            elif chars and not re.match(r"\s*[/A-Za-z㎡]", text[i:]) and not chars[-1] in "万/":
                break
            i += 1
        for n in range(len(chars), 0, -1):
            unit = self.spellings.get("".join(chars[:n]))
            if unit and not (unit.isascii() and ends[n - 1] < len(text) and text[ends[n - 1]].isalpha()
                             and text[ends[n - 1]].isascii()):
                return unit, ends[n - 1]
        return None


def number(text: str) -> float | None:
    """Digits (1,200.5) or Chinese numerals (三, 十, 两千, 一百二十) as a number."""
    if text[0].isdigit():
        return float(text.replace(",", ""))
    text = text.replace("两", "二").replace("〇", "零")
    if text[0] in "十百千":
        text = "一" + text
    try:
        return float(cn2an.cn2an(text, "normal"))
    except (ValueError, KeyError):
        return None


def find(sentence: str, units: Units) -> list[Quantity]:
    """Every quantity of ``sentence`` (its analysis copy), in order."""
    found: list[Quantity] = []
    taken: list[tuple[int, int]] = []

    def add(q: Quantity):
        if not any(a < q.end and q.start < b for a, b in taken):
            found.append(q)
            taken.append((q.start, q.end))

    for m in IDIOMS.finditer(sentence):
        taken.append((m.start(), m.end()))
    for m in FRACTION.finditer(sentence):
        whole, part = number(m["whole"]), number(m["part"])
        if whole and part is not None:
            share = part / whole * 100           # 三分之二 → about 66.7 %
            add(_qualified(sentence, Quantity(m.start(), m.end(), round(share, 1), "%",
                                              "exact" if share == round(share, 1) else "about", printed=m.group())))
    for m in PERCENT_WORDS.finditer(sentence):
        value = number(m["n"].split("点")[0])
        if value is not None:
            add(_qualified(sentence, Quantity(m.start(), m.end(), value, "%", printed=m.group())))
    for m in GRADE.finditer(sentence):
        base = number(m["n"]) if m["n"] else 1.0
        unit = m["unit"] + "元"
        if base is not None and unit in units.names:
            value = base * {"千": 1000, "百": 100, None: 1}[m["mult"]]
            add(Quantity(m.start(), m.end(), value, unit, "about", printed=m.group()))
    for m in FIRST.finditer(sentence):
        if "位" in units.names:
            add(Quantity(m.start(), m.end(), 1.0, "位", printed=m.group()))
    for m in ROMAN.finditer(sentence):
        if m["unit"] in units.names:
            add(Quantity(m.start(), m.end(), float(_ROMAN_VALUES[m["n"]]), m["unit"], printed=m["n"]))
    for m in KINDS.finditer(sentence):       # 三大产业, 4大类: a count of kinds
        value, unit = number(m["n"]), m["unit"] or "个"
        if value is not None and unit in units.names and not _FIGURE.search(sentence[:m.start()]):
            add(Quantity(m.start(), m.end(), value, unit, printed="" if m["n"].isdigit() else m["n"]))
    for m in PLUS.finditer(sentence):        # (6+4项): one count printed as its parts
        unit = units.at(sentence, m.end())
        if unit:
            add(Quantity(m.start(), unit[1], float(int(m["a"]) + int(m["b"])), unit[0], printed=m.group().strip()))
    for m in RANGE.finditer(sentence):
        q = _range(sentence, m, units)
        if q:
            add(q)
    for m in SINGLE.finditer(sentence):
        q = _single(sentence, m, units)
        if q:
            add(q)
    return sorted(found, key=lambda q: q.start)


def _end(m: re.Match, n: str) -> int:
    """Where number ``n`` of a match ends, with its 余/多 and its multiplier."""
    return max(m.end(g) for g in (n, n + "more", n + "mult", n + "more2") if m.start(g) >= 0)


_FIGURE = re.compile(r"(?:图|表|Fig\.?|Table)\s*$")


def _not_a_number(s: str, m: re.Match) -> bool:
    """An ordinal (第三), a code (ISO37108, PM2.5), a section number (3.3.1), a decimal's tail."""
    before, raw = s[:m.start("a")], m["a"]
    return (before.endswith(("第", ".")) or bool(re.search(r"[A-Za-z_]$|\d\.$", before)) or bool(_FIGURE.search(before))
            or (not raw[0].isdigit() and before.endswith(_NAME_BEFORE))
            or (raw[0].isdigit() and bool(re.match(r"\.\d", s[m.end("a"):m.end("a") + 2]))))


def _valued(s: str, m: re.Match, value: float, unit_pos: int, mult: str, units: Units):
    """The unit after a number, with a 万/亿 that the unit does not hold multiplied into the value, and made a
    rate when its clause says 每年 or 日处理."""
    unit = units.at(s, unit_pos)
    if not unit:
        return None
    name, end = unit
    clause = re.split(r"[，,；;。]", s[:m.start()])[-1]
    rate = next((r for pattern, r in _RATES if pattern.search(clause)), "")
    for candidate in (mult + name + rate, mult + name, name + rate) if rate else (mult + name,):
        if candidate in units.names:
            return candidate, end, 1.0 if candidate.startswith(mult) else _MULT.get(mult, 1.0)
    return name, end, _MULT.get(mult, 1.0)


def _range(s: str, m: re.Match, units: Units) -> Quantity | None:
    """"400-600个", "95%-100%", "5年到10年", "10至20万元": a low and a high end of one unit."""
    low, high = number(m["a"]), number(m["b"])
    if _not_a_number(s, m) or low is None or high is None or high <= low or m["a"][0].isdigit() != m["b"][0].isdigit():
        return None
    got = _valued(s, m, high, _end(m, "b"), m["bmult"] or m["amult"] or "", units)
    if not got:
        return None
    name, end, factor = got
    if m["unit1"] and (units.at(s, m.start("unit1")) or ("",))[0] not in (name, name.lstrip("万亿")):
        return None
    if name == "年" and 1900 <= low <= 2100:
        return None             # 2021-2025年: a span of years, which context.py reads as a period
    printed = "" if m["a"][0].isdigit() else s[m.start("a"):_end(m, "b")]
    return Quantity(m.start("a"), end, round(low * factor, 6), name, "range", round(high * factor, 6), printed)


def _single(s: str, m: re.Match, units: Units) -> Quantity | None:
    raw = m["a"]
    value = number(raw)
    if _not_a_number(s, m) or value is None:
        return None
    got = _valued(s, m, value, _end(m, "a"), m["amult"] or "", units)
    if not got:
        return None
    name, end, factor = got
    if name == "年" and value == int(value) and 1000 <= value <= 2100 and "," not in raw:
        return None             # a year, not a duration
    if s[end:end + 1] == "制" or (name == "年" and _ERA_YEAR.match(s[end:])):
        return None             # 11人制足球场: a kind, not a count; 嘉靖十六年（1537年）: a date
    if not raw[0].isdigit():
        before = s[:m.start("a")]
        if raw == "一" and (name in _IDIOM_AFTER_ONE or before.endswith(("统", "唯", "之", "每", "逐", "同", "单"))):
            return None
    printed = "" if raw[0].isdigit() else s[m.start():_end(m, "a")]
    more = m["amore"] or m["amore2"]
    up = bool(m["up"]) and not raw[0].isdigit()         # 上百, 上千: "some hundreds"
    q = Quantity(m.start() if up else m.start("a"), end, round(value * factor, 6), name,
                 "about" if up else "more_than" if more else "exact", None, printed if up else printed.lstrip("上"))
    return _qualified(s, q) if q.qualifier == "exact" else q


def _scaled(name: str, value: float, mult: str, units: Units) -> tuple[str | None, float]:
    """``1.2万`` before a unit: the unit that holds the multiplier (万人), or the value multiplied out."""
    if mult + name in units.names:
        return mult + name, value
    return name, round(value * _MULT[mult], 6)


def _qualified(s: str, q: Quantity) -> Quantity:
    """The qualifier written around the number: 约, 近, 超过 before it; 以上, 左右 after its unit."""
    head = s[:q.start].rstrip()
    for word, qualifier in QUALIFIER_BEFORE:
        if head.endswith(word) or head.endswith(word + "达"):
            q.start, q.qualifier = len(head) - len(word), qualifier
            return q
    tail = s[q.end:].lstrip()
    for word, qualifier in QUALIFIER_AFTER:
        if tail.startswith(word):
            q.qualifier = qualifier
            q.end = len(s) - len(tail) + len(word)
            return q
    return q
