"""Quantities in a table row: "领军人才数量（人）→1487→1700", the unit in the label's brackets, one value a cell,
each cell's period from the header row above ("2022年度→2023年度"), counted from the right as the cells align."""
from __future__ import annotations

import re

from reportgen.extract.quantities import Quantity, number

_UNIT = re.compile(r"[（(]\s*([^（）()]+?)\s*[)）]\s*$")
_CELL = re.compile(r"^(?P<q>超过|超|约|近|不足)?\s*(?P<v>\d[\d,]*(?:\.\d+)?)\s*(?P<more>余|多)?\s*(?P<u>[^\d\s/（）()]{0,3})$")
_YEAR = re.compile(r"^(\d{4})\s*年?度?$")
_QUALIFIER = {"超过": "more_than", "超": "more_than", "约": "about", "近": "nearly", "不足": "less_than"}


def cells(line: str) -> list[tuple[int, str]]:
    return [(m.start(), m.group()) for m in re.finditer(r"[^\t]+", line)]


def header_years(line: str) -> list[str] | None:
    """The years of a header row ("2022年度\t2023年度"), or None when the row is not one."""
    found = [_YEAR.match(text.strip()) for _, text in cells(line)]
    return [m[1] for m in found] if found and all(found) else None


def row_quantities(line: str, units, years: list[str]) -> list[tuple[Quantity, str, str]]:
    """(quantity, period, label) of each number cell of a row whose label names a unit of the vocabulary."""
    parts = cells(line)
    labels = [(pos, text) for pos, text in parts if not _CELL.match(text.strip()) and not _is_pair(text)]
    unit = next((_unit(m[1], units) for _, text in labels if (m := _UNIT.search(text))), None)
    if not unit:
        return []
    label = "".join(_UNIT.sub("", text).strip() for _, text in labels)
    numbers = [(pos, text) for pos, text in parts if (pos, text) not in labels]
    out = []
    for k, (pos, text) in enumerate(numbers):
        column = len(numbers) - k
        period = years[-column] if years and column <= len(years) else ""
        for start, value_text in _values(pos, text):
            m = _CELL.match(value_text)
            value = number(m["v"])
            qualifier = "more_than" if m["more"] else _QUALIFIER.get(m["q"] or "", "exact")
            out.append((Quantity(start, start + len(value_text), value, unit, qualifier), period, label))
    return out


def _is_pair(text: str) -> bool:
    return bool(re.fullmatch(r"\s*\d+(?:\.\d+)?\s*/\s*\d+(?:\.\d+)?\s*", text))


def _values(pos: int, text: str) -> list[tuple[int, str]]:
    """A cell's values: one, or two written "92.4/56.1"."""
    return [(pos + m.start(), m.group()) for m in re.finditer(r"[^/\s][^/]*?(?=\s*(?:/|$))", text)
            if _CELL.match(m.group())]


def _unit(text: str, units) -> str | None:
    found = units.at(text, 0)
    return found[0] if found and found[1] == len(text) else None
