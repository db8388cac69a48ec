"""Brief definitions: YAML in ``briefs/`` that selects facts and charts and names the templates that word them."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import yamlfile
from .errors import Problems, UserError, Problem, did_you_mean

LANGS = ("en", "zh")
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


def find(name: str, dirs: list[Path]) -> Path:
    """The brief file for ``name``, first match on the search path; names cannot escape their folders."""
    if not name.replace("-", "").replace("_", "").isalnum():
        raise UserError("usage", [Problem("bad-brief-name", f"{name!r} is not a brief name",
                                          hint="use letters, digits, '-' and '_' only")])
    for d in dirs:
        if (d / f"{name}.yaml").exists():
            return d / f"{name}.yaml"
    known = sorted({p.stem for d in dirs for p in d.glob("*.yaml")})
    raise UserError("usage", [Problem("unknown-brief", f"no brief named {name!r}", "",
                                      hint=did_you_mean(name, known) or f"known briefs: {', '.join(known)}")])


def available(dirs: list[Path]) -> dict[str, Path]:
    out = {}
    for d in reversed(dirs):
        for p in sorted(d.glob("*.yaml")):
            out[p.stem] = p
    return dict(sorted(out.items()))


def load(path: Path) -> Brief:
    raw = yamlfile.load(path, kind="brief")
    problems = Problems()
    if not isinstance(raw, dict):
        raise UserError("brief", [Problem("bad-brief", "a brief must be a mapping", str(path), 1)])
    for key in ("audience", "title", "sections"):
        if key not in raw:
            problems.add("missing-field", f"brief lacks {key!r}", path, yamlfile.line_of(raw),
                         hint="see briefs/investor.yaml for the shape")
    for key in raw:
        if key not in ("audience", "templates", "title", "subtitle", "languages", "sections", "charts", "params"):
            problems.add("unknown-field", f"unknown key {key!r}", path, yamlfile.line_of(raw, key),
                         hint=did_you_mean(key, ["audience", "templates", "title", "subtitle", "languages",
                                                 "sections", "charts", "params"]))
    problems.raise_errors("brief")
    charts = {}
    for cid, c in (raw.get("charts") or {}).items():
        if c.get("kind", "bar") not in CHART_KINDS:
            problems.add("bad-chart", f"chart {cid!r}: kind {c.get('kind')!r}", path, yamlfile.line_of(c, "kind"),
                         hint=f"one of {', '.join(CHART_KINDS)}")
        charts[cid] = ChartSpec(cid, c.get("series", ""), c.get("kind", "bar"), c.get("title") or {},
                                yamlfile.line_of(raw["charts"], cid))
    sections = []
    for s in raw.get("sections") or []:
        for cid in s.get("charts", []):
            if cid not in charts:
                problems.add("unknown-chart", f"section {s.get('id')!r} uses undefined chart {cid!r}", path,
                             yamlfile.line_of(s, "charts"), hint=did_you_mean(cid, charts))
        sections.append(Section(s["id"], s.get("template", s["id"]), list(s.get("kpis", [])), list(s.get("charts", [])),
                                list(s.get("tables", [])), yamlfile.line_of(s)))
    langs = list(raw.get("languages") or LANGS)
    for lang in langs:
        if lang not in LANGS:
            problems.add("bad-language", f"language {lang!r} not supported", path, yamlfile.line_of(raw, "languages"),
                         hint="en or zh")
    problems.raise_errors("brief")
    return Brief(path.stem, path, raw["audience"], raw.get("templates", raw["audience"]), raw["title"],
                 raw.get("subtitle") or {}, langs, sections, charts, dict(raw.get("params") or {}))
