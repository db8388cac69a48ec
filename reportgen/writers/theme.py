"""The look shared by the writers and the charts, so a brief's PDF and DOCX match (loaded by theme_file.py)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

PAGE_SIZES = {"A4": (21.0, 29.7), "Letter": (21.59, 27.94)}   # width, height in cm
# a chart's colours after the theme's primary and accent, for its third series on: amber, sage, coral, grey
CHART_COLOURS = ("#E9A23B", "#8AB17D", "#E76F51", "#6C757D")


@dataclass(frozen=True)
class Theme:
    primary: str = "#1F4E79"     # headings, table heads
    accent: str = "#2A9D8F"      # rules, note marks
    text: str = "#222222"
    muted: str = "#5F6B76"
    tile: str = "#EEF3F8"        # KPI tiles, zebra rows
    rule: str = "#B8C4CF"
    page_size: str = "A4"
    margin_top_cm: float = 2.2
    margin_bottom_cm: float = 2.0
    margin_left_cm: float = 2.0
    margin_right_cm: float = 2.0
    logo_svg: Path | None = None
    logo_png: Path | None = None
    reference_docx: Path | None = None
    pdf_engine: str = ""         # the PDF writer for briefs in this theme ("" = the default, see writers/registry.py)

    @property
    def chart_palette(self) -> list[str]:
        """The charts' colours: one series in the primary colour, a second in the accent, then fixed ones."""
        return list(dict.fromkeys(c.upper() for c in (self.primary, self.accent, *CHART_COLOURS)))

    @property
    def page_cm(self) -> tuple[float, float]:
        return PAGE_SIZES[self.page_size]
