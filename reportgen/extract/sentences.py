"""Sentences cut from a block, and the text the rules read them in.

The rules read an *analysis* copy of each sentence: traditional characters made simplified (OpenCC), full-width
digits and signs made half-width, each character replaced by one character, so that a position found in the copy
is the same position in the original. Quotes are always cut from the original, verbatim.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_END_ZH = re.compile(r"[。！？；!?]+[”’」』）)]*")
_END_EN = re.compile(r"(?<=[a-z0-9%)\]”\"'])[.;](?=\s+[A-Z“\"(\d]|\s*$)")


@lru_cache(maxsize=1)
def _converter():
    import opencc
    return opencc.OpenCC("t2s")


def simplified(text: str) -> str:
    """``text`` in simplified characters, one character for one (a phrase that changes length is converted
    character by character instead)."""
    out = _converter().convert(text)
    if len(out) != len(text):
        out = "".join(c2 if len(c2 := _converter().convert(c)) == 1 else c for c in text)
    return out


_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"


def _narrow(c: str, before: str) -> str:
    if c in _SUPERSCRIPTS and not before.isalpha():
        return "^"              # a footnote mark (¹³2025年), not a digit; m² stays m2
    n = unicodedata.normalize("NFKC", c)
    return n if len(n) == 1 else c


def analysis(text: str) -> str:
    """The copy the rules read: simplified, half-width, same length as ``text``."""
    text = simplified(text)
    return "".join(_narrow(c, text[i - 1] if i else "") for i, c in enumerate(text))


def is_chinese(text: str) -> bool:
    cjk = sum(1 for c in text if "\u4e00" <= c <= "\u9fff")
    return cjk >= max(2, len(text.replace(" ", "")) * 0.2)


def spans(text: str) -> list[tuple[int, int]]:
    """The (start, end) of each sentence of a block, without the space around it or its closing full stop (a table row, its cells
    apart by tabs, is one sentence)."""
    ends = sorted({m.end() for m in _END_ZH.finditer(text)} | {m.end() for m in _END_EN.finditer(text)}
                  | {m.start() for m in re.finditer(r"\n", text)} | {len(text)})
    out, start = [], 0
    for end in ends:
        piece = text[start:end]
        a, b = start + len(piece) - len(piece.lstrip()), start + len(piece.rstrip(" \t\n\u3000。.;；"))
        if b > a:
            out.append((a, b))
        start = end
    return out
