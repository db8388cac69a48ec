"""``fill("Page {page} of {pages}", page=1, pages=7)``: named placeholders, and nothing else.

``str.format`` reads attributes and items (``{v.__class__.__mro__}``), so a label, a unit's English form or a
file-name pattern that a user can influence must never reach it. Here a ``{name}`` is replaced by its value as
text, and every other character, braces included, is printed as it stands.
"""
from __future__ import annotations

import re

FIELD = re.compile(r"\{(\w+)\}")


def fields(template: str) -> list[str]:
    """The placeholder names of ``template``, in order."""
    return FIELD.findall(template)


def fill(template: str, **values) -> str:
    """``template`` with each ``{name}`` replaced by ``str(values[name])``; a name without a value stays as typed
    (a user's text is printed, never a traceback; the data and option checks report unknown fields)."""
    return FIELD.sub(lambda m: str(values[m.group(1)]) if m.group(1) in values else m.group(0), template)
