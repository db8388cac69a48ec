"""Theme files: colours, logo, page size and margins (and the Word reference document) that one brief's PDF and DOCX
share. A theme is a YAML file found in `./themes/` first, then among the built-in ones; images load only from
the project's or reportgen's `assets/` folders.
"""
from __future__ import annotations

from dataclasses import fields
from pathlib import Path

from reportgen.core import files as yamlfile
from reportgen.core.errors import BriefError, Problems, did_you_mean
from reportgen.core.resources import find_yaml
from reportgen.writers.theme import PAGE_SIZES, Theme


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
    raw = yamlfile.load(path, error=BriefError) or {}
    problems = Problems()
    known = {f.name for f in fields(Theme)} | {"logo", "margins_cm"}
    for key in raw:
        if key not in known:
            problems.add("unknown-field", f"unknown theme key {key!r}", path, yamlfile.line_of(raw, key),
                         hint=did_you_mean(key, known))
    values = {k: v for k, v in raw.items() if k in {f.name for f in fields(Theme)}}
    if raw.get("page_size", "A4") not in PAGE_SIZES:
        problems.add("bad-page-size", f"page size {raw.get('page_size')!r}", path, yamlfile.line_of(raw, "page_size"),
                     hint=" or ".join(PAGE_SIZES))
    if "logo" in raw:
        svg = _asset(raw["logo"], asset_dirs, path, yamlfile.line_of(raw, "logo"), problems)
        png = _asset(Path(raw["logo"]).with_suffix(".png").as_posix(), asset_dirs, path,
                     yamlfile.line_of(raw, "logo"), problems)
        values.update(logo_svg=svg, logo_png=png)
    if "reference_docx" in raw:
        values["reference_docx"] = _asset(raw["reference_docx"], asset_dirs, path,
                                          yamlfile.line_of(raw, "reference_docx"), problems)
    margins = raw.get("margins_cm") or {}
    values.update({f"margin_{k}_cm": float(v) for k, v in margins.items()})
    problems.raise_errors(BriefError)
    return Theme(**values)
