"""Where the built-in briefs, templates and dataset live: inside the installed package, or the source tree.

A wheel carries them under ``reportgen/_builtin`` (hatch force-include); a source checkout or editable install
finds them at the repository root.
"""
from __future__ import annotations

from pathlib import Path

_PKG = Path(__file__).resolve().parent


def builtin_root() -> Path:
    packaged = _PKG / "_builtin"
    return packaged if packaged.is_dir() else _PKG.parent


def builtin(*parts: str) -> Path:
    return builtin_root().joinpath(*parts)
