"""Words the code itself prints (captions, notes, footer), per language: each locale file's ``phrases``
(``assets/locales/<lang>.yaml``). Templates word everything else.

``LABELS[lang]`` is read-only (templates see it as ``t``): a template in one brief of a batch must not be able to
change what every later brief prints. Its ``{placeholders}`` are filled with ``core.placeholders.fill``.
"""
from __future__ import annotations

from collections.abc import Mapping

from reportgen.core.langs import LANGS
from reportgen.core.locale import Locale


class _Labels(Mapping):
    """Language → its phrases, read from its locale file when first asked for."""

    def __getitem__(self, lang: str):
        return Locale(lang).phrases

    def __iter__(self):
        return iter(LANGS)

    def __len__(self) -> int:
        return len(LANGS)


LABELS = _Labels()
