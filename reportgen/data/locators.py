"""Locators in the reader's language: "§2.2, East zone" → "第2.2节，东区".

Numbered parts (sections, paragraphs, pages, figure captions, footnotes) and the title are translated by rule; every other part is
looked up in ``locators.yaml``, and a part found in neither is a data problem, so no note can mix languages.
"""
from __future__ import annotations

import re

_RULES = (
    (re.compile(r"^§([\d.]+)$"), "§{0}", "第{0}节"),
    (re.compile(r"^para (\d+)$"), "para {0}", "第{0}段"),
    (re.compile(r"^fig\. (\d+) caption$"), "fig. {0} caption", "图{0}说明"),
    (re.compile(r"^footnote (\d+)$"), "footnote {0}", "脚注{0}"),
    (re.compile(r"^p\. (\d+)$"), "p. {0}", "第{0}页"),
    (re.compile(r"^title$"), "title", "标题"),
)
SEPARATOR = {"en": ", ", "zh": "，"}


def parts(locator: str) -> list[str]:
    return [p.strip() for p in locator.split(", ") if p.strip()]


def translate_part(part: str, lang: str, glossary: dict) -> str | None:
    for pattern, en, zh in _RULES:
        m = pattern.match(part)
        if m:
            return (zh if lang == "zh" else en).format(*m.groups())
    entry = glossary.get(part)
    return entry[lang] if entry else None


def unknown_parts(locator: str, glossary: dict) -> list[str]:
    """The parts of a locator that neither a rule nor the glossary can put into both languages."""
    return [p for p in parts(locator) if translate_part(p, "zh", glossary) is None]


def translate(locator: str, lang: str, glossary: dict) -> str:
    return SEPARATOR[lang].join(translate_part(p, lang, glossary) or p for p in parts(locator))
