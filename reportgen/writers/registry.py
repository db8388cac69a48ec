"""Writers by name, as Sphinx has builders and pandoc writers: each declares the format it serves, the file
suffix it writes and the chart files it wants, in this one place.

A format may be served by more than one engine (``pdf``: Typst, tagged PDF/UA-1, by default; or reportlab);
the engine is picked by ``--pdf-engine``, else the brief's ``pdf_engine``, else its theme's, else the default.
Writer modules are imported only when a writer is made, so ``--help`` and a DOCX-only build never load
reportlab or Typst.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from reportgen.core.errors import Problem, UsageError, did_you_mean


def _typst(theme, fonts, options):
    from reportgen.writers.typst import TypstWriter
    return TypstWriter(fonts, theme, options.get("pdf_standard") or "ua-1")


def _reportlab(theme, fonts, options):
    from reportgen.writers.pdf import PdfWriter
    return PdfWriter(fonts, theme)


def _docx(theme, fonts, options):
    from reportgen.writers.docx import DocxWriter
    return DocxWriter(theme, fonts)


@dataclass(frozen=True)
class WriterInfo:
    name: str
    format: str                  # what --format names
    suffix: str                  # the file it writes: <brief>.<lang><suffix>
    charts: tuple[str, ...]      # chart files it embeds ("svg", "png", "svg-outlined"): a run draws only those
    make: Callable               # (theme, fonts, options) -> an object with write(Document) -> bytes

    def create(self, theme, fonts, options: dict | None = None):
        return self.make(theme, fonts, options or {})


WRITERS = {w.name: w for w in (
    WriterInfo("typst", "pdf", ".pdf", ("svg",), _typst),
    WriterInfo("reportlab", "pdf", ".pdf", ("svg",), _reportlab),
    WriterInfo("docx", "docx", ".docx", ("png", "svg-outlined"), _docx),
)}
DEFAULTS = {"pdf": "typst", "docx": "docx"}     # format → its default engine
FORMATS = tuple(DEFAULTS)
PDF_STANDARDS = ("ua-1", "ua-1+a-2a")           # Typst's: accessible; accessible and archival (PDF/A-2a)


def engines(fmt: str) -> list[str]:
    """The writers that serve ``fmt``, the default first."""
    return sorted((w.name for w in WRITERS.values() if w.format == fmt), key=lambda n: n != DEFAULTS[fmt])


def choose(fmt: str, engine: str | None = None) -> WriterInfo:
    """The writer for ``fmt``: ``engine`` if it serves that format (formats with one writer ignore it)."""
    names = engines(fmt)
    if not engine or len(names) == 1:
        return WRITERS[DEFAULTS[fmt]]
    if engine not in names:
        raise UsageError([Problem("bad-engine", f"{engine!r} does not write {fmt}",
                                   hint=did_you_mean(engine, names) or f"one of {', '.join(names)}")])
    return WRITERS[engine]
