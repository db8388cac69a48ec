"""What every writer's closing and cover share: the colon after a label and the colophon's two columns."""
from __future__ import annotations


def label_sep(label: str) -> str:
    """The colon after a label: full-width after a Chinese one."""
    return "：" if any(ord(c) > 0x2E80 for c in label) else ": "


def split_in_two(lengths: list[int]) -> tuple[int, int]:
    """How many items go in the first of two columns, and in the second, so that both are about as long (the
    colophon's columns; Typst's brief.typ splits them the same way)."""
    half, total, first = sum(lengths) / 2, 0, 0
    for n in lengths:
        if total + n / 2 < half:
            first, total = first + 1, total + n
    return first, len(lengths) - first


def display_width(text: str) -> int:
    """A text's width in Latin characters (a Chinese character counts two): the cover tiles' shares."""
    return sum(2 if ord(c) > 0x2E80 else 1 for c in text)
