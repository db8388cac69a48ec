"""The look shared by both writers: colours and logo, so PDF and DOCX match."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Theme:
    primary: str = "#1F4E79"     # deep blue: headings, table heads
    accent: str = "#2A9D8F"      # teal: rules, note marks
    text: str = "#222222"
    muted: str = "#5F6B76"
    tile: str = "#EEF3F8"        # KPI tiles, zebra rows
    rule: str = "#B8C4CF"
    docx_latin_font: str = "Arial"              # faces Word users have; DOCX files do not embed fonts
    docx_east_asian_font: str = "Microsoft YaHei"
    logo_svg: Path | None = None
    logo_png: Path | None = None
    reference_docx: Path | None = None
