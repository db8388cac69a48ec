"""Brief definitions: YAML in ``briefs/`` that selects facts and charts and names the templates that word them.

The file format is declared once, as the ``BriefFile`` schema (with ``SectionFile`` and ``ChartFile``); a brief
that extends another is checked file by file, then merged and checked as a ``CompleteBrief``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from typing import Any, Literal

from pydantic import Field, model_validator

from reportgen.core import files as yamlfile
from reportgen.core.errors import BriefError, Problem, Problems, UsageError, did_you_mean
from reportgen.core.langs import LANGS
from reportgen.core.resources import find_yaml
from reportgen.core.schema import Schema, validate
from reportgen.brief.publication import Publication
from reportgen.writers.registry import engines

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
    box: bool = False        # set off in a tinted box (key messages)
    leads: bool = False      # stays ahead of a sector variant's own sections (the opening)
    goal: int | None = None  # the SDG whose number and colour mark the section's heading
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
    publication: Publication = field(default_factory=Publication)
    pdf_engine: str = ""     # the PDF writer (writers/registry.py); "" leaves it to the theme, then the default


def find(name: str, dirs: list[Path]) -> Path:
    return find_yaml(name, dirs, "brief", UsageError)


def available(dirs: list[Path]) -> dict[str, Path]:
    out = {}
    for d in reversed(dirs):
        for p in sorted(d.glob("*.yaml")):
            out[p.stem] = p
    return dict(sorted(out.items()))


SECTORS = ("all", "energy", "life-sciences", "manufacturing")
Lang = Literal[LANGS]
Localised = dict[Lang, str]        # {en: …, zh: …}


class SectionFile(Schema):
    """One entry of a brief's ``sections``: worded by ``templates/<templates>/<lang>/<template>.md.j2``."""
    id: str
    template: str | None = None
    kpis: list[str] = []
    charts: list[str] = []
    tables: list[str] = []
    sector: Literal[SECTORS] = "all"
    box: bool = False
    leads: bool = False
    goal: int | None = Field(default=None, ge=1, le=17)


class ChartFile(Schema):
    """One entry of a brief's ``charts``: a series drawn as a chart."""
    series: str
    kind: Literal[CHART_KINDS] = "bar"
    title: Localised = {}


class BriefFile(Schema):
    """The schema of one brief file; a brief that ``extends`` another may leave out what it inherits."""
    extends: str | None = None
    audience: str | None = None
    templates: str | None = None
    theme: str | None = None
    layout: Literal["report", "compact"] = "report"
    title: Localised | None = None
    subtitle: Localised = {}
    languages: list[Lang] = Field(default=list(LANGS), min_length=1)
    sections: list[SectionFile] | None = None
    charts: dict[str, ChartFile] = {}
    params: dict[str, Any] = {}
    publication: Publication = Publication()
    pdf_engine: Literal[tuple(engines("pdf"))] | None = None


class CompleteBrief(BriefFile):
    """A brief after merging what it extends: audience, title and sections are then required."""
    audience: str
    title: Localised
    sections: list[SectionFile] = Field(min_length=1)

    @model_validator(mode="after")
    def _titled_in_each_language(self):
        missing = [lang for lang in self.languages if lang not in self.title]
        if missing:
            raise ValueError(f"title lacks {', '.join(missing)} (languages: {', '.join(self.languages)})")
        return self


def _raw(path: Path, dirs: list[Path], seen: tuple = ()) -> tuple[dict, dict]:
    """The brief's YAML merged over the brief it extends, and for each top-level key the file it came from.

    A brief it extends is checked on its own here; the brief itself is checked once merged, by ``load``."""
    raw = yamlfile.load(path, error=BriefError)
    raw = {} if raw is None else raw
    if seen or not isinstance(raw, dict):
        validate(BriefFile, raw if raw is not None else {}, path, BriefError, "brief")
    if not isinstance(raw.get("extends"), str):      # no parent, or a wrong type that ``load`` reports
        return raw, {k: path for k in raw}
    parent_name = raw["extends"]
    if parent_name in seen + (path.stem,):
        raise BriefError([Problem("extends-cycle", f"{parent_name!r} extends itself", str(path),
                                          yamlfile.line_of(raw, "extends"))])
    parent, origin = _raw(find(parent_name, dirs), dirs, seen + (path.stem,))
    merged = yamlfile.LineDict(parent)
    merged.line, merged.column = raw.line, raw.column
    merged.lines, merged.columns = dict(parent.lines), dict(parent.columns)
    for key, value in raw.items():
        # params and publication merge key by key: a variant changes one setting
        merged[key] = {**(parent.get(key) or {}), **(value or {})} if key in ("params", "publication") else value
        merged.lines[key], merged.columns[key], origin[key] = raw.lines[key], raw.columns[key], path
    return merged, origin


def load(path: Path, dirs: list[Path] | None = None) -> Brief:
    raw, origin = _raw(path, dirs or [path.parent])
    spec = validate(CompleteBrief, raw, path, BriefError, "brief", file_of=lambda key: origin.get(key, path))
    charts = {cid: ChartSpec(cid, c.series, c.kind, dict(c.title), yamlfile.line_of(raw["charts"], cid))
              for cid, c in spec.charts.items()}
    problems = Problems()
    sections = []
    for s, place in zip(spec.sections, raw["sections"]):
        for cid in s.charts:
            if cid not in charts:
                problems.add("unknown-chart", f"section {s.id!r} uses undefined chart {cid!r}",
                             origin["sections"], yamlfile.line_of(place, "charts"), hint=did_you_mean(cid, charts))
        sections.append(Section(s.id, s.template or s.id, list(s.kpis), list(s.charts), list(s.tables), s.sector,
                                s.box, s.leads, s.goal, yamlfile.line_of(place)))
    problems.raise_errors(BriefError)
    return Brief(path.stem, path, spec.audience, spec.templates or spec.audience, dict(spec.title),
                 dict(spec.subtitle), list(spec.languages), sections, charts, dict(spec.params),
                 spec.theme or spec.audience, spec.layout, spec.publication, spec.pdf_engine or "")


def select_sections(brief: Brief, sector: str) -> list[Section]:
    """The sections a sector variant shows: the opening (sections marked ``leads``, else the first), then the
    sector's own, then the shared ones."""
    if sector not in SECTORS:
        raise UsageError([Problem("bad-sector", f"sector {sector!r} is not known", str(brief.path),
                                          hint=did_you_mean(sector, SECTORS) or f"one of {', '.join(SECTORS)}")])
    shared = [s for s in brief.sections if s.sector == "all"]
    own = [s for s in brief.sections if s.sector == sector and sector != "all"]
    lead = [s for s in shared if s.leads] or shared[:1]
    return lead + own + [s for s in shared if s not in lead]
