"""The languages every brief, note and label comes in, spelled once.

Bilingual records keep one field per language (``title_en``, ``title_zh``); ``local`` reads the one a brief needs,
so no module builds attribute names by hand.
"""
from __future__ import annotations

LANGS = ("en", "zh")

# The language tag written into every output (PDF /Lang, DOCX core properties and run language): one per language
TAGS = {"en": "en-GB", "zh": "zh-CN"}


def local(record, field: str, lang: str) -> str:
    """``record.<field>_<lang>``: a bilingual record's field in one language."""
    return getattr(record, f"{field}_{lang}")
