"""The languages every brief, note and label comes in: one per locale file (``assets/locales/<lang>.yaml``).

Bilingual records keep one field per language (``title_en``, ``title_zh``); ``local`` reads the one a brief needs,
so no module builds attribute names by hand. ``TAGS`` and the Chinese line-breaking characters are read from the
locale files when first asked for (the writers still import them by these names), so importing this module parses
no file.
"""
from __future__ import annotations

from reportgen.core.locale import Locale, languages

LANGS = languages()



def local(record, field: str, lang: str) -> str:
    """``record.<field>_<lang>``: a bilingual record's field in one language."""
    return getattr(record, f"{field}_{lang}")


def __getattr__(name: str):
    """``TAGS``: each language's tag for PDF /Lang and Word; ``ZH_UNIT_CHARS``, ``ZH_CLOSING``: the line breaking
    of zh.yaml (the writers' names for them; they will ask a ``Locale`` once they are moved)."""
    if name not in ("TAGS", "ZH_UNIT_CHARS", "ZH_CLOSING"):        # '__path__' too: asked for while importing
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    if name == "TAGS":
        return {lang: Locale(lang).tag for lang in LANGS}
    breaking = Locale("zh").line_breaking
    return breaking.unit_chars if name == "ZH_UNIT_CHARS" else breaking.closing
