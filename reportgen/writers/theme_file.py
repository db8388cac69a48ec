"""Theme files: colours, logo, page size and margins (and the Word reference document) that one brief's PDF and DOCX
share. A theme is a YAML file found in `./themes/` first, then among the built-in ones; images load only from
the project's or reportgen's `assets/` folders. The file format is declared once, as ``ThemeFile``.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, model_validator

from reportgen.core import files as yamlfile
from reportgen.core.errors import BriefError, Problems
from reportgen.core.resources import find_yaml
from reportgen.core.schema import Schema, validate
from reportgen.writers.registry import engines
from reportgen.writers.theme import PAGE_SIZES, Theme


def _colour(text: str) -> str:
    if not re.fullmatch(r"#[0-9A-Fa-f]{6}", text):
        raise ValueError(f"{text!r} is not a colour; write '#RRGGBB', e.g. '#1F4E79'")
    return text


Colour = Annotated[str, AfterValidator(_colour)]
Margin = Annotated[float, Field(ge=0.5, le=8)]                               # centimetres
MIN_TEXT_WIDTH_CM = 8.0


class Margins(Schema):
    top: Margin = Theme.margin_top_cm
    bottom: Margin = Theme.margin_bottom_cm
    left: Margin = Theme.margin_left_cm
    right: Margin = Theme.margin_right_cm


class ThemeFile(Schema):
    """The schema of a theme file: every key is optional and falls back to reportgen's own look."""
    primary: Colour = Theme.primary
    accent: Colour = Theme.accent
    text: Colour = Theme.text
    muted: Colour = Theme.muted
    tile: Colour = Theme.tile
    rule: Colour = Theme.rule
    logo: str | None = None
    page_size: Literal[tuple(PAGE_SIZES)] = "A4"
    margins_cm: Margins = Margins()
    reference_docx: str | None = None
    pdf_engine: Literal[tuple(engines("pdf"))] | None = None

    @model_validator(mode="after")
    def _room_for_text(self):
        width, height = PAGE_SIZES[self.page_size]
        m = self.margins_cm
        if width - m.left - m.right < MIN_TEXT_WIDTH_CM or height - m.top - m.bottom < MIN_TEXT_WIDTH_CM:
            raise ValueError(f"margins_cm leave less than {MIN_TEXT_WIDTH_CM:g} cm for text on {self.page_size} paper")
        return self


def find(name: str, dirs: list[Path]) -> Path:
    return find_yaml(name, dirs, "theme", BriefError)


def _asset(name: str, asset_dirs: list[Path], path: Path, line, problems: Problems) -> Path | None:
    for d in asset_dirs:
        candidate = (d / name).resolve()
        if candidate.is_relative_to(d.resolve()) and candidate.is_file():
            return candidate
    problems.add("unknown-asset", f"{name!r} is not a file in an assets folder", path, line,
                 hint=f"put it in {asset_dirs[0]}; paths outside the assets folders are not read")
    return None


def load(path: Path, asset_dirs: list[Path]) -> Theme:
    raw = yamlfile.load(path, error=BriefError)
    spec = validate(ThemeFile, raw if raw is not None else {}, path, BriefError, "theme")
    problems = Problems()
    values = spec.model_dump(exclude={"logo", "margins_cm", "reference_docx"})
    values.update({f"margin_{k}_cm": v for k, v in spec.margins_cm.model_dump().items()})
    values["pdf_engine"] = spec.pdf_engine or ""
    if spec.logo:
        line = yamlfile.line_of(raw, "logo")
        values.update(logo_svg=_asset(spec.logo, asset_dirs, path, line, problems),
                      logo_png=_asset(Path(spec.logo).with_suffix(".png").as_posix(), asset_dirs, path, line, problems))
    if spec.reference_docx:
        values["reference_docx"] = _asset(spec.reference_docx, asset_dirs, path,
                                          yamlfile.line_of(raw, "reference_docx"), problems)
    problems.raise_errors(BriefError)
    return Theme(**values)
