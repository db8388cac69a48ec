"""Locators in the reader's language: "§2.2, East zone" → "第2.2节，东区".

Numbered parts (sections, paragraphs, pages, figure captions, footnotes) and the title are translated by rule; every other part is
looked up in ``locators.yaml``, and a part found in neither is a data problem, so no note can mix languages.
"""
from __future__ import annotations

import re

from reportgen.core.locale import Locale

_RULES = (      # a numbered part, by its name in the locale files' locator_parts
    (re.compile(r"^§([\d.]+)$"), "section"),
    (re.compile(r"^para (\d+)$"), "para"),
    (re.compile(r"^fig\. (\d+) caption$"), "caption"),
    (re.compile(r"^footnote (\d+)$"), "footnote"),
    (re.compile(r"^p\. (\d+)$"), "page"),
    (re.compile(r"^title$"), "title"),
)


def parts(locator: str) -> list[str]:
    return [p.strip() for p in locator.split(", ") if p.strip()]


def translate_part(part: str, lang: str, glossary: dict) -> str | None:
    for pattern, name in _RULES:
        m = pattern.match(part)
        if m:
            return Locale(lang).locator_parts[name].format(*m.groups())
    entry = glossary.get(part)
    return entry.get(lang) if entry else None


def unknown_parts(locator: str, glossary: dict) -> list[str]:
    """The parts of a locator that neither a rule nor the glossary can translate."""
    return [p for p in parts(locator) if p not in glossary and not any(rule.match(p) for rule, _ in _RULES)]


def translate(locator: str, lang: str, glossary: dict) -> str:
    return Locale(lang).locator_sep.join(translate_part(p, lang, glossary) or p for p in parts(locator))
