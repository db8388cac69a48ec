"""The dataset's YAML files, declared once: subject, sources, entities, SDG targets, units, series, passages,
scopes, locators and the SDG goals' colours.

Each record is checked against its schema as it loads (core/schema.py): a record that does not fit is reported
at its file, line and column and left out, so one run lists every mistake. Fact rows (CSV) are checked in
dataset.py, where each column's vocabulary lives.
"""
from __future__ import annotations

import math
from typing import Annotated, Literal

from pydantic import AfterValidator, Field

from reportgen.core.langs import LANGS
from reportgen.core.schema import Schema

Text = Annotated[str, Field(min_length=1)]


def _finite(value: float) -> float:
    if not math.isfinite(value) or value <= 0:
        raise ValueError(f"{value!r} is not a positive, finite number")
    return value


class ArticleRecord(Schema):
    """One article of a source document: what a note cites (title, author, date, where it begins)."""
    id: Text
    title_en: Text
    title_zh: Text
    author_en: str = ""
    author_zh: str = ""
    date: str = ""          # no more precise than the file gives it: YYYY, YYYY-MM, YYYY-MM-DD or ""
    locator_en: str = ""
    locator_zh: str = ""
    begins: str = ""        # the text the article starts with (checked against the file)
    short_en: str = ""      # how a short note names the article when the file holds several
    short_zh: str = ""


class SourceRecord(Schema):
    """One source document (``sources.yaml``)."""
    id: Text
    file: Text
    kind: str = ""
    publisher_en: str = ""
    publisher_zh: str = ""
    title_en: Text
    title_zh: Text
    date: str = ""          # no more precise than the document gives it; "" when it gives none
    date_note: str = ""
    short_en: str = ""      # how a short note names the source; the references list gives it in full
    short_zh: str = ""
    articles: list[ArticleRecord] = []


class EntityRecord(Schema):
    """A place or body facts belong to (``entities/*.yaml``)."""
    id: Text
    kind: str = ""
    name_en: Text
    name_zh: Text
    parent: str = ""
    same_as: str = ""       # another id of the same place or body
    mentions_en: str = ""   # other names a sentence may use for it, '; '-separated
    mentions_zh: str = ""


class SubjectRecord(Schema):
    """What the dataset is about (``subject.yaml``): its place, the default publisher, the topic vocabulary."""
    entity: Text
    publisher: dict[str, str] = {}      # per language
    topics: list[Text]


class SdgRecord(Schema):
    """An SDG goal or target (``sdg_targets.yaml``)."""
    code: Text
    title_en: Text
    title_zh: str = ""


def _one_v(value: str) -> str:
    from reportgen.core.placeholders import fields
    if fields(value) != ["v"]:
        raise ValueError(f"{value!r} must hold {{v}} once and no other field, e.g. 'RMB {{v}}'")
    return value


class UnitRecord(Schema):
    """A unit as printed in the sources (``units.yaml``, keyed by the printed unit)."""
    base: Text
    factor: Annotated[float, AfterValidator(_finite)]
    en: Annotated[str, AfterValidator(_one_v)]      # filled by core.placeholders.fill
    scale: bool = False


class SeriesColumn(Schema):
    key: str
    en: str
    zh: str


class SeriesRow(Schema):
    en: str = ""
    zh: str = ""
    facts: list[str | None]


class SeriesRecord(Schema):
    """Rows × columns of fact ids behind a chart or a table (``series.yaml``)."""
    id: Text
    title_en: str = ""
    title_zh: str = ""
    columns: list[SeriesColumn | str] = Field(min_length=1)
    rows: list[SeriesRow] = Field(min_length=1)


class DerivedRecord(Schema):
    """A figure computed from facts (``derived.yaml``): a formula, its input fact ids, and how to label it."""
    id: Text
    formula: Text                            # one of derive.FORMULAS, checked there with a did-you-mean
    inputs: dict[str, str | list[str]]
    metric: Text
    label_en: Text
    label_zh: Text
    period: str | None = None
    qualifier: str = "about"
    unit: str | None = None
    digits: Annotated[int, Field(ge=0, le=6)] = 1
    entity: str | None = None
    status: str | None = None
    topics: list[str] | None = None
    sdg: list[str] | None = None
    note: str = ""


class MagnitudeRule(Schema):
    """A plausible range for values of one base unit and kind of metric (``metric``, a regular expression), or
    a ratio: a ``smaller`` metric may not exceed ``max_ratio`` × a ``larger`` one of the same entity."""
    base: str = ""
    metric: str = ""
    min: float = float("-inf")
    max: float = float("inf")
    except_: list[str] = Field(default=[], alias="except")
    smaller: str = ""
    larger: str = ""
    max_ratio: float = 1.0
    why: str = ""


class ChecksFile(Schema):
    """The consistency rules (``checks.yaml``): warnings only."""
    part_whole: list[str] = []
    additive_bases: list[str] = []
    not_additive: list[str] = []
    related_metrics: list[list[str]] = []
    magnitude: list[MagnitudeRule] = []


class PassageRecord(Schema):
    """One entry of ``passages.yaml``: a sentence of a source that a brief paraphrases, cited like a figure."""
    id: Text
    source: Text
    locator: Text
    quote: Text


class InBothLanguages(Schema):
    """An entry of ``locators.yaml`` (a locator part), or the words of a scope: English and Chinese."""
    en: Text
    zh: Text


class ScopeRecord(InBothLanguages):
    """An entry of ``scopes.yaml``: what a figure counts, and the words a sentence printing it must use."""
    mentions: dict[Literal[LANGS], list[Text]] = {}


Colour = Annotated[str, Field(pattern=r"^#[0-9A-Fa-f]{6}$")]


class SdgGoalsFile(Schema):
    """``sdg_goals.yaml``: each goal's official colour, and where the colours come from."""
    source: Text
    url: str = ""
    goals: dict[Annotated[int, Field(ge=1, le=17)], Colour]
