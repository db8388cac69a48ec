"""Characters the font cannot draw, reported where they were typed.

A box in place of a character is a silent defect, so a build fails before writing when any text lacks a glyph.
The message names the file the character came from (a template, a parameter, the brief, a data file), since
that is where the user must change it.
"""
from __future__ import annotations

from reportgen.core.errors import Problem, RenderError


def check_glyphs(doc, brief, lang: str, params: dict, env, ds) -> None:
    """Raise a render error listing each missing character at its origin."""
    from reportgen.core.fonts import missing_glyphs
    from reportgen.document import texts
    missing = missing_glyphs("".join(texts(doc)))
    if not missing:
        return
    places: dict[tuple, list[str]] = {}
    for ch in sorted(missing):
        places.setdefault(_origin(ch, brief, lang, params, env, ds), []).append(f"{ch} (U+{ord(ch):04X})")
    raise RenderError([Problem("missing-glyph", "the font has no glyph for: " + " ".join(chars), file, line,
                                       hint="replace the characters (emoji and right-to-left scripts cannot be "
                                            "printed), or extend the font subset in reportgen/core/fonts.py")
                               for (file, line), chars in places.items()])


def _origin(ch: str, brief, lang: str, params: dict, env, ds) -> tuple[str, int | None]:
    """The first place ``ch`` occurs: a parameter, a section's template, the brief, or a fact's row."""
    for key, value in params.items():
        if ch in str(value):
            return f"parameter {key}", None
    for section in brief.sections:
        try:
            source, filename, _ = env.loader.get_source(env, f"{brief.templates}/{lang}/{section.template}.md.j2")
        except Exception:   # noqa: BLE001 -- a template that cannot be read was reported when it was rendered
            continue
        if ch in source:
            return filename, source.count("\n", 0, source.index(ch)) + 1
    for fact in ds.facts.values():
        if ch in fact.label(lang) or ch in fact.note:
            return fact.file, fact.line
    return str(brief.path), None
