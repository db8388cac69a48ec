"""When a quantity holds and whether it has happened: its period and its status, read from its sentence.

The period is the last time expression before the quantity in its sentence, at the precision the text gives it
(2023; 2024-01/2024-06 for 上半年; 2025-03; 截至2024年底 → 2024-12-31). The status is ``actual`` unless the
sentence, up to the end of the quantity's clause, speaks of the future: 预计/有望 (forecast), 目标/力争/到2035年
(target), 将/计划/规划/拟 (plan), and their English words.
"""
from __future__ import annotations

import calendar
import re

_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m} | \
          {m.lower(): i for i, m in enumerate(calendar.month_abbr) if m}
_HALVES = {"上半年": ("01", "06"), "下半年": ("07", "12"), "一季度": ("01", "03"), "第一季度": ("01", "03"),
           "二季度": ("04", "06"), "第二季度": ("04", "06"), "三季度": ("07", "09"), "第三季度": ("07", "09"),
           "四季度": ("10", "12"), "第四季度": ("10", "12"), "前三季度": ("01", "09")}


def _end_of_month(year: str, month: str) -> str:
    return f"{year}-{int(month):02d}-{calendar.monthrange(int(year), int(month))[1]:02d}"


_RULES = [   # (pattern, period from the match): the more precise first; positions are checked for overlap
    (r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(?:底|末)", lambda m: _end_of_month(m[1], m[2])),
    (r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日", lambda m: f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}"),
    (r"(\d{4})\s*年\s*(\d{1,2})\s*[-—–~至到]\s*(\d{1,2})\s*月", lambda m: f"{m[1]}-{int(m[2]):02d}/{m[1]}-{int(m[3]):02d}"),
    (r"(\d{4})\s*年\s*(\d{1,2})\s*月", lambda m: f"{m[1]}-{int(m[2]):02d}"),
    (r"(\d{4})\s*年\s*(" + "|".join(sorted(_HALVES, key=len, reverse=True)) + ")",
     lambda m: f"{m[1]}-{_HALVES[m[2]][0]}/{m[1]}-{_HALVES[m[2]][1]}"),
    (r"(\d{4})\s*年\s*(?:年\s*)?(?:底|末)", lambda m: f"{m[1]}-12-31"),
    (r"(\d{4})\s*[-—–~至到]\s*(\d{4})\s*年", lambda m: f"{m[1]}/{m[2]}"),
    (r"(?<![\d.])(\d{4})\s*年(?!\s*[-—–~至到]\s*\d)", lambda m: m[1]),
    (r"十四五", lambda m: "2021/2025"),
    (r"十五五", lambda m: "2026/2030"),
    (r"(?i)end of (\d{4})", lambda m: f"{m[1]}-12-31"),
    (r"(?i)(first|second) half of (\d{4})",
     lambda m: f"{m[2]}-01/{m[2]}-06" if m[1].lower() == "first" else f"{m[2]}-07/{m[2]}-12"),
    (r"(?i)\b(" + "|".join(_MONTHS) + r")\.?\s+(\d{4})\b", lambda m: f"{m[2]}-{_MONTHS[m[1].lower()]:02d}"),
    (r"\b(\d{4})\s*[-–]\s*(\d{4})\b", lambda m: f"{m[1]}/{m[2]}"),
    (r"(?i)\b(?:in|by|since|during|of|for|until|as of)\s+(\d{4})\b", lambda m: m[1]),
]
_RULES = [(re.compile(p), f) for p, f in _RULES]


def periods(text: str) -> list[tuple[int, int, str]]:
    """Every time expression of ``text`` (its analysis copy) as (start, end, period), in order."""
    out: list[tuple[int, int, str]] = []
    for pattern, period in _RULES:
        for m in pattern.finditer(text):
            if 1900 <= int(re.search(r"\d{4}", m.group() + "2000")[0]) <= 2100 and \
                    not any(a < m.end() and m.start() < b for a, b, _ in out):
                out.append((m.start(), m.end(), period(m)))
    return sorted(out)


def period_at(found: list[tuple[int, int, str]], pos: int) -> str:
    """The period a quantity at ``pos`` is stated for: the last time expression before it."""
    before = [p for a, b, p in found if b <= pos]
    return before[-1] if before else ""


_STATUS = (
    ("forecast", re.compile(r"预计|有望|预期|(?i:\bexpected\b|\bforecast|\bprojected\b|\blikely to\b)")),
    ("target", re.compile(r"目标|力争|争取|到\s*\d{4}\s*年|(?i:\btargets?\b|\baims? to\b|\bby \d{4}\b)")),
    ("plan", re.compile(r"将|计划|规划|拟|(?i:\bwill\b|\bplan(?:s|ned)?\b|\bto be\b)")),
)


def status(text: str, end: int) -> str:
    """``actual``, or what the sentence up to the end of the quantity's clause says of the future."""
    clause_end = re.search(r"[，,；;。]|$", text[end:]).start() + end
    head = text[:clause_end]
    for name, pattern in _STATUS:
        if pattern.search(head):
            return name
    return "actual"
