"""Brief definitions: YAML in ``briefs/`` that selects facts and charts and names the templates that word them.

The file format is declared once, as the ``BriefFile`` schema (with ``SectionFile`` and ``ChartFile``); a brief
that extends another is checked file by file, then merged and checked as a ``CompleteBrief``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from typing import Annotated, Literal

from pydantic import Field, ValidationInfo, create_model, field_validator, model_validator
from pydantic.fields import FieldInfo

from reportgen.core import files as yamlfile
from reportgen.core.errors import BriefError, Problem, Problems, UsageError, did_you_mean
from reportgen.core.langs import LANGS
from reportgen.core.resources import find_parent, find_yaml
from reportgen.core.schema import Schema, validate
from reportgen.brief import extends
from reportgen.brief.parameters import BUILTIN, Parameter, ParameterFile
from reportgen.brief.publication import Publication, Text
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
    file: str = ""           # the file ``line`` is in: the brief, the brief it extends, or the one that patched it


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
    parameters: dict[str, Parameter]    # declared, with the built-in recipient_name and recipient_org
    theme: str = "investor"
    layout: str = "report"   # "compact": no cover page or contents (a one-page fact sheet)
    publication: Publication = field(default_factory=Publication)
    pdf_engine: str = ""     # the PDF writer (writers/registry.py); "" leaves it to the theme, then the default
    audience_label: dict | None = None  # the cover's audience line per language; None: the built-in label


def find(name: str, dirs: list[Path]) -> Path:
    return find_yaml(name, dirs, "brief", UsageError)


Lang = Literal[LANGS]
Localised = dict[Lang, str]        # {en: …, zh: …}
# A title or subtitle is a line or two on the cover and in every running header: 100,000 characters of one kept
# Typst laying out pages for minutes
CoverLine = dict[Lang, Annotated[str, Field(max_length=300)]]


class SectionFile(Schema):
    """One entry of a brief's ``sections``: worded by ``templates/<templates>/<lang>/<template>.md.j2``."""
    id: str
    template: str | None = None
    kpis: list[str] = []
    charts: list[str] = []
    tables: list[str] = []
    sector: str = "all"            # one of the values the brief's ``sector`` parameter allows
    box: bool = False
    leads: bool = False
    goal: int | None = Field(default=None, ge=1, le=17)


# An entry of ``patch_sections``: any keys of a section but its id, each replacing the inherited one
SectionPatch = create_model("SectionPatch", __base__=Schema, __doc__="Keys that replace those of one section.",
                            **{name: (f.annotation | None, FieldInfo.merge_field_infos(f, default=None))
                               for name, f in SectionFile.model_fields.items() if name != "id"})


class ChartFile(Schema):
    """One entry of a brief's ``charts``: a series drawn as a chart."""
    series: str
    kind: Literal[CHART_KINDS] = "bar"
    title: Localised = {}


class BriefFile(Schema):
    """The schema of one brief file; a brief that ``extends`` another may leave out what it inherits, drop some
    of its sections and patch others (``brief/extends.py``)."""
    extends: str | None = None
    audience: str | None = None
    templates: str | None = None
    theme: str | None = None
    layout: Literal["report", "compact"] = "report"
    title: CoverLine | None = None
    subtitle: CoverLine = {}
    languages: list[Lang] = Field(default=list(LANGS), min_length=1)
    audience_label: Text | None = None         # after languages: checked against them
    sections: list[SectionFile] | None = None
    drop_sections: list[str] = []
    patch_sections: dict[str, SectionPatch] = {}
    charts: dict[str, ChartFile] = {}
    parameters: dict[str, ParameterFile] = {}
    publication: Publication = Publication()
    pdf_engine: Literal[tuple(engines("pdf"))] | None = None


class CompleteBrief(BriefFile):
    """A brief after merging what it extends: audience, title and sections are then required, and its
    parameters' defaults fit their declarations."""
    audience: str
    title: CoverLine
    sections: list[SectionFile] = Field(min_length=1)
    parameters: dict[str, Parameter] = {}

    @model_validator(mode="before")
    @classmethod
    def _languages_of_the_title(cls, data):
        """A brief that declares no languages is in those its title is given in (every language for one text)."""
        if isinstance(data, dict) and "languages" not in data and isinstance(data.get("title"), dict):
            data = {**data, "languages": [lang for lang in LANGS if lang in data["title"]] or list(LANGS)}
        return data

    @model_validator(mode="after")
    def _titled_in_each_language(self):
        _in_each_language(self.title, self.languages, "title ")
        if self.subtitle:            # one language's cover and Subject would be left without it
            _in_each_language(self.subtitle, self.languages, "subtitle ")
        return self

    @field_validator("audience_label")
    @classmethod
    def _labelled_in_each_language(cls, label, info: ValidationInfo):
        _in_each_language(label, info.data.get("languages", []))
        return label


def _in_each_language(text, languages: list[str], what: str = "") -> None:
    missing = [lang for lang in languages if isinstance(text, dict) and lang not in text]
    if missing:
        raise ValueError(f"{what}lacks {', '.join(missing)} (languages: {', '.join(languages)})")


def _raw(path: Path, dirs: list[Path], seen: tuple = ()) -> tuple[dict, dict, list[Problem]]:
    """The brief's YAML merged over the brief it extends, for each top-level key the file it came from, and the
    problems of the file itself. A brief it extends is checked on its own here, and raises its problems; the
    brief itself is checked once merged, by ``load``."""
    raw = yamlfile.load(path, error=BriefError)
    raw = {} if raw is None else raw
    try:
        validate(BriefFile, raw, path, BriefError, "brief")
        problems = Problems()
    except BriefError as exc:
        if seen:
            raise
        problems = Problems(exc.problems)
    if not isinstance(raw, dict):                       # a list or text: ``load`` reports it
        return raw, {}, problems.items
    origin = {k: path for k in raw}
    merged = raw
    if isinstance(raw.get("extends"), str):      # else no parent, or a wrong type that ``load`` reports
        chain = seen + (path.resolve(),)
        parent_path = find_parent(raw["extends"], path, dirs, "brief", BriefError,
                                  yamlfile.position(raw, ("extends",)), chain)
        parent, origin, _ = _raw(parent_path, dirs, chain)
        merged = yamlfile.inherit(parent, raw, extends.DEEP)
        origin.update({k: path for k in raw})
    extends.edit_sections(merged, raw, path, problems)
    if seen:
        problems.raise_errors(BriefError)
    return merged, origin, problems.items


def load(path: Path, dirs: list[Path] | None = None) -> Brief:
    raw, origin, problems = _raw(path, dirs or [path.parent])
    try:
        spec = validate(CompleteBrief, raw, path, BriefError, "brief", file_of=lambda key: origin.get(key, path))
    except BriefError as exc:
        raise BriefError(sorted(set(problems + exc.problems), key=lambda p: (p.file, p.line or 0, p.column or 0)))
    if problems:
        raise BriefError(problems)
    charts = {cid: ChartSpec(cid, c.series, c.kind, dict(c.title), yamlfile.line_of(raw["charts"], cid))
              for cid, c in spec.charts.items()}
    declared = {**BUILTIN, **spec.parameters}
    label = spec.audience_label
    return Brief(path.stem, path, spec.audience, spec.templates or spec.audience, dict(spec.title),
                 dict(spec.subtitle), list(spec.languages), _sections(spec, raw, origin.get("sections", path), charts,
                                                                       declared), charts,
                 declared, spec.theme or spec.audience, spec.layout, spec.publication, spec.pdf_engine or "",
                 {lang: label for lang in spec.languages} if isinstance(label, str) else label)


def _sections(spec: CompleteBrief, raw, file: Path, charts: dict, declared: dict) -> list[Section]:
    """The brief's sections, each knowing the file and line it was written at; a chart the brief does not define,
    or a sector its ``sector`` parameter does not allow, is a problem where the section names it."""
    problems, out, default = Problems(), [], str(file)
    sector = declared.get("sector")
    sectors = (sector.allowed or []) if sector else []
    for s, place in zip(spec.sections, raw["sections"]):
        for cid in s.charts:
            if cid not in charts:
                file, line, _ = extends.where(place, "charts", default)
                problems.add("unknown-chart", f"section {s.id!r} uses undefined chart {cid!r}", file, line,
                             hint=did_you_mean(cid, charts))
        if s.sector != "all" and not (sector and sector.allowed is None) and s.sector not in sectors:
            hint = did_you_mean(s.sector, sectors) or (f"allowed: {', '.join(map(str, sectors))}" if sector else
                                                       "declare parameters: {sector: {allowed: [all, …], default: all}}")
            problems.add("bad-value", f"section {s.id!r} is for sector {s.sector!r}, which the brief's sector "
                         "parameter does not allow", *extends.where(place, "sector", default), hint=hint)
        file, line, _ = extends.where(place, None, default)
        out.append(Section(s.id, s.template or s.id, list(s.kpis), list(s.charts), list(s.tables), s.sector,
                           s.box, s.leads, s.goal, line, file))
    problems.raise_errors(BriefError)
    return out


def select_sections(brief: Brief, sector: str) -> list[Section]:
    """The sections a sector variant shows: the opening (sections marked ``leads``, else the first), then the
    sector's own, then the shared ones. ``sector`` has been checked against the brief's ``sector`` parameter."""
    shared = [s for s in brief.sections if s.sector == "all"]
    own = [s for s in brief.sections if s.sector == sector and sector != "all"]
    lead = [s for s in shared if s.leads] or shared[:1]
    return lead + own + [s for s in shared if s not in lead]
