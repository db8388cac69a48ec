"""A language as data: how it prints numbers, units, qualifiers, dates and locators, its tag, and every fixed
phrase the code itself prints (``assets/locales/<lang>.yaml``).

Stages ask a ``Locale`` instead of comparing language codes, so adding a language is adding its file and its
templates. Dates come from CLDR through Babel (imported only when a date is formatted: ``reportgen --help``
stays light); the patterns are the locale file's, so each language prints dates as its own readers write them.
"""
from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

from reportgen.core.errors import DataError, Problem
from reportgen.core.resources import builtin

if TYPE_CHECKING:      # the file's schema (pydantic) loads with the first locale: chart helpers stay light
    from reportgen.core.locale_file import LocaleFile


def locale_dir() -> Path:
    return builtin("assets", "locales")


def languages() -> tuple[str, ...]:
    """Every language a locale file exists for, sorted: the file names, read without parsing a file."""
    return tuple(sorted(p.stem for p in locale_dir().glob("*.yaml")))


@lru_cache(maxsize=None)
def _load(lang: str) -> LocaleFile:
    from reportgen.core import files as yamlfile
    from reportgen.core.locale_file import LocaleFile
    from reportgen.core.schema import validate
    path = locale_dir() / f"{lang}.yaml"
    if not path.is_file():
        raise DataError([Problem("unknown-language", f"no locale for language {lang!r}", str(path),
                                 hint=f"the languages are {', '.join(languages())}; a new one needs its locale file")])
    return validate(LocaleFile, yamlfile.load(path), path, DataError, "locale file")


class Locale:
    """One language's printing rules and phrases. ``Locale('en').number(38048)`` → '38,048'."""

    def __init__(self, lang: str):
        self.lang = lang
        self.data = _load(lang)
        self.phrases = MappingProxyType(self.data.phrases)      # read-only: templates see it as ``t``

    def __getattr__(self, name: str):
        return getattr(self.data, name)

    # numbers -------------------------------------------------------------------------------------------------
    def digits(self, text: str) -> str:
        """A number written the Python way ('38,048.5') in this language's marks; grouped only from the length
        CLDR groups at (Spanish: 2532,4 but 38.048)."""
        n = self.data.number
        whole = text.split(".")[0].lstrip("-")
        if len(whole.replace(",", "")) < 3 + n.min_grouping:
            text = text.replace(",", "")
        return text.translate({ord(","): n.group, ord("."): n.decimal})

    def number(self, value: float, decimals: int | None = None) -> str:
        """``value`` grouped and with this language's decimal mark: all its digits, or ``decimals`` of them."""
        text = f"{value:,.{decimals}f}" if decimals is not None else f"{value:,.10g}"
        return self.digits(text)

    def qualify(self, qualifier: str, text: str) -> str:
        """'more than 300' / '超过300': a value with its qualifier's words ('range' and 'exact' add none)."""
        from reportgen.core.placeholders import fill
        return fill(self.data.qualifiers.get(qualifier, "{v}"), v=text)

    def unit_form(self, unit, scaled: bool = False) -> str:
        """How this language writes ``unit`` around its number: 'RMB {v}', '{v} yuans', '{v} de yuans' after a
        scale word. A unit it has no words for is an error at the locale file, never another language's words."""
        words = self.data.scaled_unit_words if scaled else {}
        form = words.get(unit.base) or self.data.unit_words.get(unit.base) or getattr(unit, self.lang, "")
        if not form:
            raise DataError([Problem("missing-unit-words", f"no words for the unit {unit.printed!r} (base "
                                     f"{unit.base!r}) in language {self.lang!r}", str(locale_dir() / f"{self.lang}.yaml"),
                                     hint=f"add it under unit_words, e.g. {unit.base}: '{{v}} …'")])
        return form

    # dates ---------------------------------------------------------------------------------------------------
    def date(self, text: str) -> str:
        """'2025' / '2021-06' / '2021-06-05' at that precision and no more: 'June 2021', '2021年6月'."""
        parts = [int(p) for p in text.split("-")]
        kind = ("year", "month", "day")[len(parts) - 1]
        return self._format(date(*(parts + [1, 1])[:3]), getattr(self.data.dates, kind))

    def day(self, when: date) -> str:
        """A full date: the day a brief is issued."""
        return self._format(when, self.data.dates.day)

    def span(self, start: str, end: str) -> str:
        """Two dates as one span: months of one year share it ('January–April 2025', '2025年1—4月')."""
        if start[:4] == end[:4] and len(start) == len(end) == 7:
            d = self.data.dates
            return (self._format(date(int(start[:4]), int(start[5:]), 1), d.span_start) + self.data.range
                    + self._format(date(int(end[:4]), int(end[5:]), 1), d.span_end))
        return f"{self.date(start)}{self.data.range}{self.date(end)}"

    def _format(self, when: date, pattern: str) -> str:
        from babel.dates import format_date
        return format_date(when, pattern, locale=self.data.cldr)
