"""The look shared by the writers and the charts, so a brief's PDF and DOCX match (loaded by theme_file.py)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

PAGE_SIZES = {"A4": (21.0, 29.7), "Letter": (21.59, 27.94)}   # width, height in cm
# a chart's colours after the theme's primary and accent, for its third series on: amber, sage, coral, grey
CHART_COLOURS = ("#E9A23B", "#8AB17D", "#E76F51", "#6C757D")

# roles of the type scale, in steps of Theme.type_ratio from the body size
TYPE_STEPS = {"note": -1, "caption": -0.5, "body": 0, "h3": 0.5, "h2": 1.5, "h1": 2.5, "figure": 3.5, "lead": 1,
              "title": 6}


@dataclass(frozen=True)
class Theme:
    primary: str = "#1F4E79"     # headings, table heads
    accent: str = "#1F7A70"      # rules, note marks, the tagline (5.2:1 on white, 4.6:1 on the tile colour)
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
    body_pt: float = 9.5         # the type scale: body size, and the ratio between one step and the next
    type_ratio: float = 1.25
    pdf_engine: str = ""         # the PDF writer for briefs in this theme ("" = the default, see writers/registry.py)

    @property
    def chart_palette(self) -> list[str]:
        """The charts' colours: one series in the primary colour, a second in the accent, then fixed ones."""
        return list(dict.fromkeys(c.upper() for c in (self.primary, self.accent, *CHART_COLOURS)))

    @property
    def sizes(self) -> dict[str, float]:
        """The one type scale every writer sets (Typst, reportlab, Word): each role a number of steps from the body,
        rounded to half a point. With 9.5 pt and 1.25: notes 7.5, captions 8.5, headings 10.5 / 13.5 / 16.5,
        figures on tiles 21, the cover's title 36."""
        return {role: round(self.body_pt * self.type_ratio ** step * 2) / 2 for role, step in TYPE_STEPS.items()}

    @property
    def leading(self) -> float:
        """Body leading in points: generous (1.5 × the body size) for a comfortable read."""
        return round(self.body_pt * 1.5, 1)

    @property
    def page_cm(self) -> tuple[float, float]:
        return PAGE_SIZES[self.page_size]
