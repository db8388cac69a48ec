"""The dataset's record types: what a loaded dataset holds, with no loading code.

Kept apart from the loader so that every stage (derive, checks, compose) can name a ``Fact`` without importing
the module that reads files, and the loader can run derive and checks without an import circle.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from reportgen.core.errors import Problems
from reportgen.core.langs import local
from reportgen.data.sources import Source, precision

FACT_COLUMNS = ["id", "entity", "metric", "value", "value_max", "unit", "qualifier", "status", "period",
                "label_en", "label_zh", "topics", "sdg", "locator", "quote", "printed", "note"]
# What fidelity needs; optional in a sheet (empty when absent), present in every shipped facts file:
# the article of a multi-article source, the statistical scope (scopes.yaml), the fact this one is part of.
OPTIONAL_COLUMNS = ["article", "scope", "part_of"]
QUALIFIERS = {"exact", "more_than", "about", "nearly", "less_than", "at_least", "at_most", "range"}
STATUSES = {"actual", "target", "plan", "forecast"}
PERIOD_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:/(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?)?$")
ID_PATTERN = re.compile(r"^[a-z0-9]+(\.[a-z0-9-]+)+$")


@dataclass(frozen=True)
class Entity:
    id: str
    kind: str
    name_en: str
    name_zh: str
    parent: str = ""
    same_as: str = ""          # another id for the same place or body (a forum renamed): checked for conflicts
    mentions_en: str = ""      # other names a sentence may use for it, '; '-separated ("Energy Valley; the valley")
    mentions_zh: str = ""

    def mentions(self, lang: str) -> list[str]:
        """Every name that shows a reader this place or body: its name before any bracket, and its mentions."""
        name = re.split(r" ?[（(]", local(self, "name", lang))[0]
        return [name] + [m for m in local(self, "mentions", lang).split("; ") if m]


@dataclass(frozen=True)
class Unit:
    printed: str
    base: str
    factor: float
    en: str
    scale: bool = False


@dataclass(frozen=True)
class Fact:
    id: str
    entity: str
    metric: str
    value: float
    value_max: float | None
    unit: str
    qualifier: str
    status: str
    period: str
    label_en: str
    label_zh: str
    topics: tuple[str, ...]
    sdg: tuple[str, ...]
    source: str
    locator: str
    quote: str
    printed: str = ""
    note: str = ""
    derived_from: tuple[str, ...] = ()
    file: str = ""
    line: int | None = None
    article: str = ""
    scope: str = ""
    part_of: str = ""

    @property
    def period_precision(self) -> str:
        """'none', 'year', 'month' or 'day': how precisely the source states the figure's period."""
        return precision(self.period)

    def label(self, lang: str) -> str:
        return local(self, "label", lang)

    @property
    def period_end(self) -> str:
        """Sortable end of the period ('' when the source gives none)."""
        m = PERIOD_PATTERN.match(self.period or "")
        if not m:
            return ""
        y, mo, d = (m.group(4), m.group(5), m.group(6)) if m.group(4) else (m.group(1), m.group(2), m.group(3))
        return f"{y}-{mo or '12'}-{d or '31'}"


@dataclass
class Series:
    """Rows × columns of fact ids: the data behind a chart or a table."""
    id: str
    title_en: str
    title_zh: str
    columns: list[dict]                   # [{key, en, zh}]
    rows: list[dict]                      # [{en, zh, facts: [id|None per column]}]
    file: str = ""
    line: int | None = None


@dataclass(frozen=True)
class Passage:
    """A sentence of a source that a brief paraphrases in words (a lesson for other cities), cited like a
    figure: by source and locator."""
    id: str
    source: str
    locator: str
    quote: str
    period: str = ""
    status: str = "actual"


@dataclass(frozen=True)
class Subject:
    """What a dataset is about (``subject.yaml``): the place its briefs describe, who issues a brief that names no
    publisher, and the topics its facts are filed under. Kept in data so that no module names a place."""
    entity: str = ""
    publisher: dict[str, str] = field(default_factory=dict)
    topics: frozenset[str] = frozenset()


@dataclass
class Dataset:
    root: Path
    sources: dict[str, Source]
    entities: dict[str, Entity]
    sdg_targets: dict[str, dict]
    units: dict[str, Unit]
    facts: dict[str, Fact]
    series: dict[str, Series]
    problems: Problems = field(default_factory=Problems)
    conflicts: list[list[str]] = field(default_factory=list)
    scopes: dict[str, dict] = field(default_factory=dict)
    locators: dict[str, dict] = field(default_factory=dict)
    passages: dict[str, Passage] = field(default_factory=dict)   # sentences a brief paraphrases
    sdg_colours: dict[int, str] = field(default_factory=dict)    # goal number → its official colour
    findings: list = field(default_factory=list)        # data.conflicts.Finding, one per warning
    subject: Subject = Subject()

    def latest(self, entity: str, metric: str, status: str = "actual") -> Fact | None:
        """The newest fact for an entity and metric: how briefs pick up next month's figure."""
        found = [f for f in self.facts.values() if f.entity == entity and f.metric == metric and f.status == status]
        if not found:
            return None
        return max(found, key=lambda f: (f.period_end or self.source_date(f), f.source != "derived"))

    def source_date(self, fact: Fact) -> str:
        """The date of the document a fact was read from ('' for a derived fact)."""
        src = self.sources.get(fact.source)
        return src.date if src else ""

    def article_of(self, fact: Fact):
        """The article a fact is cited by (its source's only article when the fact names none)."""
        src = self.sources.get(fact.source)
        if src is None:
            return None
        return next((a for a in src.articles if a.id == fact.article), src.articles[0])

    def conflict_group(self, fact_id: str) -> list[str]:
        """Every fact that disagrees with ``fact_id`` in some finding, itself included (not transitively)."""
        found = [i for group in self.conflicts if fact_id in group for i in group]
        return list(dict.fromkeys(found))


