"""The format of a locale file (``assets/locales/<lang>.yaml``), checked as it loads: a mistake is told at its
file, line and column. Apart from ``core/locale.py`` so that formatting a number imports no pydantic."""
from __future__ import annotations

from typing import Literal

from reportgen.core.schema import Schema


class _Dates(Schema):
    day: str
    month: str
    year: str
    span_start: str          # a span of months in one year: span_start, the range mark, span_end
    span_end: str


class _After(Schema):
    before_unit: list[str] = []
    after_unit: list[str] = []


class _LineBreaking(Schema):
    unit_chars: str = ""     # never split from the number before them
    closing: str = ""        # a line never starts with one of them


class _Number(Schema):
    decimal: str
    group: str
    min_grouping: int = 1     # CLDR's minimum grouping digits: 2 leaves 4-digit numbers ungrouped (2532,4)


class LocaleFile(Schema):
    """The format of ``assets/locales/<lang>.yaml``."""
    tag: str
    cldr: str
    font: Literal["latin", "cjk"]
    number: _Number
    units: Literal["words", "source"]
    scales: list[tuple[float, str]] = []
    # how the language writes a unit, by the unit's base (units.yaml): '{v} yuans'; after a scale word, the
    # scaled form ('{v} de yuans': 253,2 milliards de yuans). A base not here takes units.yaml's form in this
    # language (its 'en' column for English)
    unit_words: dict[str, str] = {}
    scaled_unit_words: dict[str, str] = {}
    range: str
    sentence_join: str
    qualifiers: dict[str, str]
    fractions: dict[str, str] = {}
    printed_qualifier_chars: str = ""
    qualifier_after: dict[str, _After] = {}
    near_number: list[str] = []
    dates: _Dates
    locator_parts: dict[str, str]
    locator_sep: str
    line_breaking: _LineBreaking = _LineBreaking()
    phrases: dict[str, str]
    chart_words: dict[str, str]
