"""Document → tagged PDF with Typst: PDF/UA-1 by default (and PDF/A-2a with it, for archives, on request).

The layout lives in ``brief.typ``, a fixed Typst program; the brief itself reaches it only as JSON data
(``typst_data.py``), so no user string is ever parsed as Typst markup. Typst tags what it lays out: headings
(H1…H3), paragraphs, lists, figures with their alt text, tables with header cells, links, and the running
header and footer as artifacts; it writes /Lang, the document title (shown by viewers) and the XMP PDF/UA
identifier, and refuses to write a file that breaks the standard (a glyph the font lacks, an image without alt).

Fonts: only the prepared Noto Sans SC, and for English its Latin copy (the same face with proportional quotes
and Latin spacing for § · ×, see ``core.fonts``), passed by folder with system fonts ignored, so the output does
not depend on the machine. One compiler per set of font folders keeps them loaded for a batch.
"""
from __future__ import annotations

import dataclasses
import json
import os
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

from reportgen import document as m
from reportgen.core.errors import Problem, RenderError
from reportgen.core.fonts import FontSet
from reportgen.writers.theme import Theme
from reportgen.writers.typst_data import payload

# --pdf-standard → the standards Typst checks and declares
STANDARDS = {"ua-1": ["ua-1"], "ua-1+a-2a": ["ua-1", "a-2a"]}
_PAGE = re.compile(rb"/Type\s*/Page\b(?!s)")
CONTENTS_FROM_PAGES = 12     # as the reportlab writer: a contents page only for a report of a dozen pages or more


@lru_cache(maxsize=4)
def _compiler(font_dirs: tuple[Path, ...], pid: int):
    """One per process: a compiler made before a fork would hang in the child (its worker threads stay behind)."""
    import typst
    return typst.Compiler(font_paths=[str(d) for d in font_dirs], ignore_system_fonts=True)


def _font_dirs(fonts: FontSet) -> tuple[Path, ...]:
    return fonts.regular.parent, fonts.latin_regular.parent


@lru_cache(maxsize=1)
def _program() -> bytes:
    return (resources.files("reportgen.writers") / "brief.typ").read_bytes()


_PICTURE = b'#set page(width: auto, height: auto, margin: 0pt, fill: none)\n' \
           b'#image(bytes(sys.inputs.svg), format: "svg", width: float(sys.inputs.width) * 1cm)\n'


def svg_to_png(svg: Path, fonts: FontSet, width_cm: float, ppi: float = 300) -> bytes:
    """An SVG drawn as a PNG ``width_cm`` wide by the same renderer that draws it in the PDF: Word's picture of a
    logo given only as SVG (Word needs a PNG beside an SVG, and LibreOffice shows only the PNG)."""
    compiler = _compiler(_font_dirs(fonts), os.getpid())
    try:
        return compiler.compile(input=_PICTURE, format="png", ppi=ppi,
                                sys_inputs={"svg": svg.read_text(encoding="utf-8"), "width": str(width_cm)})
    except Exception as exc:    # typst.TypstError: an SVG its renderer cannot draw
        raise RenderError([Problem("bad-logo", f"the SVG cannot be drawn: {getattr(exc, 'message', exc)}",
                                   str(svg), hint="give the logo as PNG, or save the SVG again")]) from None


def _logo(theme: Theme) -> dict | None:
    """The cover's logo as data: an SVG's text, else a PNG's bytes as numbers (Typst's ``bytes`` takes an array;
    JSON has no bytes)."""
    if theme.logo_svg:
        return {"format": "svg", "data": theme.logo_svg.read_text(encoding="utf-8")}
    if theme.logo_png:
        return {"format": "png", "data": list(theme.logo_png.read_bytes())}
    return None


class TypstWriter:
    def __init__(self, fonts: FontSet, theme: Theme, standard: str = "ua-1"):
        self.fonts, self.theme = fonts, theme
        self.standards = STANDARDS[standard]
        self.logo = _logo(theme)

    def write(self, doc: m.Document) -> bytes:
        """Render to bytes; a contents page is added only to a long report (the bookmarks serve a brief)."""
        plain = self._render(doc, contents=False)
        if doc.meta.compact or len(_PAGE.findall(plain)) < CONTENTS_FROM_PAGES:
            return plain
        return self._render(doc, contents=True)

    def cover_png(self, doc: m.Document, ppi: float = 24) -> bytes:
        """The cover alone as a small PNG (the rest of the brief is not laid out, and of its blocks only the
        headings, which the cover lists, are passed: a Word-only build has drawn no SVG charts): the Word file's
        thumbnail."""
        headings = [b for b in doc.blocks if isinstance(b, m.Heading)]
        return self._render(dataclasses.replace(doc, blocks=headings), contents=False, png_ppi=ppi)

    def _render(self, doc: m.Document, contents: bool, png_ppi: float | None = None) -> bytes:
        data = payload(doc, self.theme, self.fonts.text_family(doc.meta.lang), self.logo, contents)
        compiler = _compiler(_font_dirs(self.fonts), os.getpid())
        inputs = {"doc": json.dumps(data, ensure_ascii=False)} | ({"cover_only": "1"} if png_ppi else {})
        try:
            if png_ppi:
                return compiler.compile(input=_program(), format="png", ppi=png_ppi, sys_inputs=inputs)
            return compiler.compile(input=_program(), format="pdf", pdf_standards=self.standards,
                                    sys_inputs=inputs, timestamp=doc.meta.created or 0)
        except Exception as exc:    # typst.TypstError: a standard the document cannot meet, or a layout error
            message = getattr(exc, "message", str(exc))
            raise RenderError([Problem("pdf-standard", f"Typst could not write the PDF: {message}",
                                       hint="; ".join(getattr(exc, "hints", None) or [])
                                       or "run again with --debug, and report the brief that failed")]) from None
