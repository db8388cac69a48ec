"""Theme files: colours, logo, page size and margins (and the Word reference document) that one brief's PDF and DOCX
share. A theme is a YAML file found in `./themes/` first, then among the built-in ones; images load only from
the project's or reportgen's `assets/` folders. The file format is declared once, as ``ThemeFile``.

A theme may ``extends:`` another (built-in or the project's) and change only what differs: two lines make a
house colour. Each file is checked on its own, so an error is told in the file that has it.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, model_validator

from reportgen.core import files as yamlfile
from reportgen.core import confine
from reportgen.core.errors import BriefError, Problem, Problems
from reportgen.core.resources import available, find_parent, find_yaml
from reportgen.core.schema import Schema, validate
from reportgen.writers.registry import engines
from reportgen.writers.theme import PAGE_SIZES, Theme


def _colour(text: str) -> str:
    if not re.fullmatch(r"#[0-9A-Fa-f]{6}", text):
        raise ValueError(f"{text!r} is not a colour; write '#RRGGBB', e.g. '#1F4E79'")
    return text


def _image(name: str) -> str:
    if Path(name).suffix.lower() not in (".svg", ".png"):
        raise ValueError(f"{name!r} is not an image reportgen reads; name an .svg or a .png file")
    return name


Colour = Annotated[str, AfterValidator(_colour)]
Margin = Annotated[float, Field(ge=0.5, le=8)]                               # centimetres
MIN_TEXT_WIDTH_CM = 8.0


class Margins(Schema):
    top: Margin = Theme.margin_top_cm
    bottom: Margin = Theme.margin_bottom_cm
    left: Margin = Theme.margin_left_cm
    right: Margin = Theme.margin_right_cm


class ThemeFile(Schema):
    """The schema of a theme file: every key is optional and falls back to the theme it extends, else to
    reportgen's own look."""
    extends: str | None = None
    primary: Colour = Theme.primary
    accent: Colour = Theme.accent
    text: Colour = Theme.text
    muted: Colour = Theme.muted
    tile: Colour = Theme.tile
    rule: Colour = Theme.rule
    logo: Annotated[str, AfterValidator(_image)] | None = None
    page_size: Literal[tuple(PAGE_SIZES)] = "A4"
    margins_cm: Margins = Margins()
    reference_docx: str | None = None
    pdf_engine: Literal[tuple(engines("pdf"))] | None = None
    body_pt: Annotated[float, Field(ge=8, le=12)] = Theme.body_pt            # the type scale (Theme.sizes)
    type_ratio: Annotated[float, Field(ge=1.1, le=1.5)] = Theme.type_ratio

    @model_validator(mode="after")
    def _room_for_text(self):
        width, height = PAGE_SIZES[self.page_size]
        m = self.margins_cm
        if width - m.left - m.right < MIN_TEXT_WIDTH_CM or height - m.top - m.bottom < MIN_TEXT_WIDTH_CM:
            raise ValueError(f"margins_cm leave less than {MIN_TEXT_WIDTH_CM:g} cm for text on {self.page_size} paper")
        return self


def find(name: str, dirs: list[Path]) -> Path:
    return find_yaml(name, dirs, "theme", BriefError)


LOGO_FORMATS = (".svg", ".png")


def _asset(name: str, asset_dirs: list[Path], path: Path, place: tuple, problems: Problems,
           formats: tuple = ()) -> Path | None:
    """``name`` in the first assets folder that has it, or that has it in another of ``formats`` (a project's
    ``assets/logo.png`` replaces the built-in ``logo.svg``); ``place`` is the (line, column) that names it."""
    names = [name] + [Path(name).with_suffix(s).as_posix() for s in formats if s != Path(name).suffix.lower()]
    for d in asset_dirs:
        for n in names:
            written = d / n
            if confine.lexically_inside(written, d) and written.exists() and not confine.inside(written, d):
                problems.add("outside-project", f"{n!r} is a link that leads outside {d} (to "
                             f"{written.resolve()})", path, *place, hint="copy the file itself into the assets "
                             "folder: links out of a project are not followed")   # not the next folder's logo
                return None
            candidate = written.resolve()
            if candidate.is_relative_to(d.resolve()) and candidate.is_file():
                return candidate
    problems.add("unknown-asset", f"{name!r} is not a file in an assets folder", path, *place,
                 hint=f"put it in {asset_dirs[0]}; paths outside the assets folders are not read")
    return None


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _logo(found: Path, path: Path, place: tuple, problems: Problems) -> dict:
    """An SVG or a PNG, either alone. Beside an SVG, a PNG of the same name in the same folder is Word's picture
    for readers that cannot draw SVG (without one, the Word writer draws it from the SVG); a PNG named alone is
    the logo everywhere (no SVG is looked for: one elsewhere on the search path would be another logo)."""
    svg, png = (None, found) if found.suffix.lower() == ".png" else (found, found.with_suffix(".png"))
    if not (png.resolve().is_relative_to(found.parent) and png.is_file()):
        png = None
    wrong = (_svg_problem(svg) if svg else "") or (
        f"{png.name} is not a PNG image" if png and png.read_bytes()[:len(PNG_SIGNATURE)] != PNG_SIGNATURE else "")
    if wrong:
        problems.add("bad-logo", wrong, path, *place, hint="save the logo again as SVG or PNG, and name that file")
        return {}
    return {"logo_svg": svg, "logo_png": png}


def _svg_problem(svg: Path) -> str:
    """Why ``svg`` cannot be drawn as a logo ('' if it can): it must be XML with an <svg> root and a size. Checked
    here, so that a broken logo is told at the theme's line rather than by whichever writer meets it first."""
    import xml.etree.ElementTree as ET     # expat: no external entities, and (2.4+) no entity-expansion bombs
    try:
        root = ET.parse(svg).getroot()
    except ET.ParseError as exc:
        return f"{svg.name} is not an SVG image ({exc})"
    if root.tag.rsplit("}", 1)[-1] != "svg":
        return f"{svg.name} is not an SVG image (it is a <{root.tag.rsplit('}', 1)[-1]}> document)"
    if not root.get("viewBox") and not (root.get("width") and root.get("height")):
        return f"{svg.name} has no size: give its <svg> a viewBox, or a width and a height"
    for node in root.iter():
        href = node.get("href") or node.get("{http://www.w3.org/1999/xlink}href") or ""
        if href and not href.startswith(("#", "data:")):
            return (f"{svg.name} refers to another file ({href!r}); no writer follows references out of a logo: "
                    "embed the picture (a data: URI) or draw it in the SVG")
    return ""


def _raw(path: Path, theme_dirs: list[Path], chain: tuple = ()) -> tuple[dict, dict]:
    """The theme's YAML over the themes it extends (``margins_cm`` merges margin by margin), and for each key the
    file it came from. An unknown parent or a cycle is located at the ``extends:`` that names it."""
    raw = yamlfile.load(path, error=BriefError)
    raw = yamlfile.LineDict() if raw is None else raw
    spec = validate(ThemeFile, raw, path, BriefError, "theme")
    if spec.extends is None:
        return raw, {key: path for key in raw}
    chain += (path.resolve(),)
    parent_path = find_parent(spec.extends, path, theme_dirs, "theme", BriefError,
                              yamlfile.position(raw, ("extends",)), chain)
    parent, origin = _raw(parent_path, theme_dirs, chain)
    origin.update({key: path for key in raw})
    return yamlfile.inherit(parent, raw, {"margins_cm": 0}), origin


def load(path: Path, asset_dirs: list[Path], theme_dirs: list[Path] | None = None) -> Theme:
    """The theme at ``path``, with what it extends looked up on ``theme_dirs`` (default: its own folder)."""
    raw, origin = _raw(path, theme_dirs or [path.parent])
    spec = validate(ThemeFile, raw, path, BriefError, "theme", file_of=lambda key: origin.get(key, path))
    problems = Problems()
    values = spec.model_dump(exclude={"extends", "logo", "margins_cm", "reference_docx"})
    values.update({f"margin_{k}_cm": v for k, v in spec.margins_cm.model_dump().items()})
    values["pdf_engine"] = spec.pdf_engine or ""
    if spec.logo:
        place = yamlfile.position(raw, ("logo",))
        found = _asset(spec.logo, asset_dirs, origin["logo"], place, problems, LOGO_FORMATS)
        values.update(_logo(found, origin["logo"], place, problems) if found else {})
    if spec.reference_docx:
        values["reference_docx"] = _asset(spec.reference_docx, asset_dirs, origin["reference_docx"],
                                          yamlfile.position(raw, ("reference_docx",)), problems)
    problems.raise_errors(BriefError)
    return Theme(**values)


def check_all(theme_dirs: list[Path], asset_dirs: list[Path]) -> list[Problem]:
    """The problems of every theme on the search path, each loaded as a build would load it (``reportgen check``
    reads them all, so a theme no build has used yet is checked too)."""
    out: list[Problem] = []
    for path in available(theme_dirs).values():
        try:
            load(path, asset_dirs, theme_dirs)
        except BriefError as exc:      # a parent's problem is told once, not once per theme extending it
            out += [p for p in exc.problems if p not in out]
    return out
