"""Brief definitions: YAML in ``briefs/`` that selects facts and charts and names the templates that word them."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from reportgen.core import files as yamlfile
from reportgen.core.errors import BriefError, Problem, Problems, UsageError, did_you_mean
from reportgen.core.langs import LANGS
from reportgen.core.resources import find_yaml

CHART_KINDS = ("bar", "barh", "grouped", "line")


@dataclass
class ChartSpec:
    id: str
    series: str
    kind: str
    title: dict
    line: int | None = None


@dataclass
class Section:
    id: str
    template: str
    kpis: list[str] = field(default_factory=list)
    charts: list[str] = field(default_factory=list)
    tables: list[str] = field(default_factory=list)
    sector: str = "all"      # a section only for one sector's variant, where it leads
    line: int | None = None


@dataclass
class Brief:
    name: str
    path: Path
    audience: str
    templates: str
    title: dict
    subtitle: dict
    languages: list[str]
    sections: list[Section]
    charts: dict[str, ChartSpec]
    params: dict
    theme: str = "investor"
    layout: str = "report"   # "compact": no cover page or contents (a one-page fact sheet)


def find(name: str, dirs: list[Path]) -> Path:
    return find_yaml(name, dirs, "brief", UsageError)


def available(dirs: list[Path]) -> dict[str, Path]:
    out = {}
    for d in reversed(dirs):
        for p in sorted(d.glob("*.yaml")):
            out[p.stem] = p
    return dict(sorted(out.items()))


KEYS = ("audience", "templates", "theme", "layout", "extends", "title", "subtitle", "languages", "sections", "charts",
        "params")
SECTORS = ("all", "energy", "life-sciences", "manufacturing")
LAYOUTS = ("report", "compact")


def _raw(path: Path, dirs: list[Path], seen: tuple = ()) -> tuple[dict, dict]:
    """The brief's YAML merged over the brief it extends, and for each top-level key the file it came from."""
    raw = yamlfile.load(path, error=BriefError)
    if not isinstance(raw, dict):
        raise BriefError([Problem("bad-brief", "a brief must be a mapping", str(path), 1)])
    if "extends" not in raw:
        return raw, {k: path for k in raw}
    parent_name = raw["extends"]
    if parent_name in seen:
        raise BriefError([Problem("extends-cycle", f"{parent_name!r} extends itself", str(path),
                                          yamlfile.line_of(raw, "extends"))])
    parent, origin = _raw(find(parent_name, dirs), dirs, seen + (path.stem,))
    merged = dict(parent)
    for key, value in raw.items():
        if key == "params":
            merged[key] = {**(parent.get("params") or {}), **(value or {})}
        elif key != "extends":
            merged[key] = value
        origin[key] = path
    return merged, origin


def load(path: Path, dirs: list[Path] | None = None) -> Brief:
    raw, origin = _raw(path, dirs or [path.parent])
    problems = Problems()
    for key in ("audience", "title", "sections"):
        if key not in raw:
            problems.add("missing-field", f"brief lacks {key!r}", path, yamlfile.line_of(raw),
                         hint="see briefs/investor.yaml for the shape")
    for key in raw:
        if key not in KEYS:
            problems.add("unknown-field", f"unknown key {key!r}", origin[key], yamlfile.line_of(raw, key),
                         hint=did_you_mean(key, KEYS))
    if raw.get("layout", "report") not in LAYOUTS:
        problems.add("bad-layout", f"layout {raw['layout']!r}", origin["layout"], yamlfile.line_of(raw, "layout"),
                     hint=" or ".join(LAYOUTS))
    problems.raise_errors(BriefError)
    charts = {}
    for cid, c in (raw.get("charts") or {}).items():
        if c.get("kind", "bar") not in CHART_KINDS:
            problems.add("bad-chart", f"chart {cid!r}: kind {c.get('kind')!r}", origin["charts"],
                         yamlfile.line_of(c, "kind"), hint=f"one of {', '.join(CHART_KINDS)}")
        charts[cid] = ChartSpec(cid, c.get("series", ""), c.get("kind", "bar"), c.get("title") or {},
                                yamlfile.line_of(raw["charts"], cid))
    sections = []
    for s in raw.get("sections") or []:
        for cid in s.get("charts", []):
            if cid not in charts:
                problems.add("unknown-chart", f"section {s.get('id')!r} uses undefined chart {cid!r}",
                             origin["sections"], yamlfile.line_of(s, "charts"), hint=did_you_mean(cid, charts))
        if s.get("sector", "all") not in SECTORS:
            problems.add("bad-sector", f"section {s.get('id')!r}: sector {s.get('sector')!r}", origin["sections"],
                         yamlfile.line_of(s, "sector"), hint=f"one of {', '.join(SECTORS)}")
        sections.append(Section(s["id"], s.get("template", s["id"]), list(s.get("kpis", [])), list(s.get("charts", [])),
                                list(s.get("tables", [])), s.get("sector", "all"), yamlfile.line_of(s)))
    langs = list(raw.get("languages") or LANGS)
    for lang in langs:
        if lang not in LANGS:
            problems.add("bad-language", f"language {lang!r} not supported", origin["languages"],
                         yamlfile.line_of(raw, "languages"), hint="en or zh")
    problems.raise_errors(BriefError)
    return Brief(path.stem, path, raw["audience"], raw.get("templates", raw["audience"]), raw["title"],
                 raw.get("subtitle") or {}, langs, sections, charts, dict(raw.get("params") or {}),
                 raw.get("theme", raw["audience"]), raw.get("layout", "report"))


def select_sections(brief: Brief, sector: str) -> list[Section]:
    """The sections a sector variant shows: the first section, then the sector's own, then the shared ones."""
    if sector not in SECTORS:
        raise UsageError([Problem("bad-sector", f"sector {sector!r} is not known", str(brief.path),
                                          hint=did_you_mean(sector, SECTORS) or f"one of {', '.join(SECTORS)}")])
    shared = [s for s in brief.sections if s.sector == "all"]
    own = [s for s in brief.sections if s.sector == sector and sector != "all"]
    return shared[:1] + own + shared[1:]
