"""Figures that disagree: found across the whole dataset and reported, never resolved silently.

Each finding names every value with its source and locator; the ``check`` command adds what each brief prints.
The facts of a finding form a conflict group, so the note of whichever one a brief prints names the others.

Kinds:
- ``conflict``: the same metric, entity, status and period with different values;
- ``near-period``: the same metric and entity a month or two apart with different values (March vs "now" in April);
- ``part-whole``: a part larger than its whole, for every additive unit (counts, people, areas, money);
- ``same-entity``: one metric stored under two ids of one place or body (entities linked by ``same_as``);
- ``related``: metrics that checks.yaml declares to measure one thing, with different values;
- ``magnitude``: a value implausible for its kind (ranges per metric) or next to a related figure (ratios).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from reportgen.core.errors import Problem

KINDS = ("conflict", "near-period", "part-whole", "same-entity", "related", "magnitude")
HINT = ("each brief prints the figure it names (a fact id, or the latest value for entity:metric), and that "
        "figure's source note names the other value(s); check which is right before a brief prints both")


@dataclass
class Finding:
    kind: str
    facts: list            # the Fact objects involved
    message: str
    hint: str = HINT

    def problem(self, prints: str = "") -> Problem:
        first = self.facts[0]
        text = self.message + (f"; {prints}" if prints else "")
        return Problem(self.kind, text, first.file, first.line, hint=self.hint, severity="warning")


def listing(ds, facts) -> str:
    """'a = 148184 人 (unh25 §5.2, 2025-03); b = …': every value with its source, locator and period."""
    return "; ".join(f"{f.id} = {f.value:g} {f.unit} ({f.source} {f.locator}, {f.period or 'no period'})"
                     for f in facts)


def base(ds, f) -> float:
    return f.value * ds.units[f.unit].factor


def _day(period: str) -> dt.date | None:
    end = period.split("/")[-1] if period else ""
    parts = end.split("-")
    if not parts[0]:
        return None
    y, mo = int(parts[0]), int(parts[1]) if len(parts) > 1 else 12
    d = int(parts[2]) if len(parts) > 2 else (dt.date(y + mo // 12, mo % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(y, mo, d)


def differ(ds, a, b) -> bool:
    """Different values; a half-percent allowance only for rounding between two units (2025 亩 vs 135 公顷)."""
    va, vb = base(ds, a), base(ds, b)
    slack = 0.005 if a.unit != b.unit else 1e-9
    return abs(va - vb) > slack * max(abs(va), abs(vb)) or a.qualifier != b.qualifier


def near_period(ds, groups: dict, max_days: int = 62) -> list[Finding]:
    """Same entity, metric and status, periods a month or two apart (not equal), values that differ."""
    out = []
    for (entity, metric, status), facts in groups.items():
        dated = sorted((f for f in facts if _day(f.period)), key=lambda f: _day(f.period))
        for a, b in zip(dated, dated[1:]):
            gap = (_day(b.period) - _day(a.period)).days
            if 0 < gap <= max_days and differ(ds, a, b):
                out.append(Finding("near-period", [a, b], f"{entity}/{metric} differs {gap} days apart: "
                                   f"{listing(ds, [a, b])}"))
    return out


def _ancestors(ds, entity: str):
    seen = set()
    while entity in ds.entities and ds.entities[entity].parent and entity not in seen:
        seen.add(entity)
        entity = ds.entities[entity].parent
        yield entity


def _comparable(a, b) -> bool:
    """Periods close enough to compare a part with its whole: within a year, or either undated."""
    da, db = _day(a.period), _day(b.period)
    return da is None or db is None or abs((da - db).days) <= 400


def part_larger_than_whole(ds, groups: dict, bases: set, not_additive: list) -> list[Finding]:
    """A part's figure above its whole's: a zone's count above the city's, or a fact above its ``part_of``.
    Only additive figures: a unit in ``bases`` and a metric naming none of ``not_additive`` (per capita, …)."""
    out = []
    for f in ds.facts.values():
        if f.source == "derived" or ds.units[f.unit].base not in bases or any(w in f.metric for w in not_additive):
            continue
        wholes = [ds.facts[f.part_of]] if f.part_of in ds.facts else []
        for anc in _ancestors(ds, f.entity):
            wholes += [w for w in groups.get((anc, f.metric, f.status), []) if _comparable(f, w)]
        for w in wholes:
            if ds.units[w.unit].base == ds.units[f.unit].base and base(ds, f) > base(ds, w) * 1.001:
                out.append(Finding("part-whole", [f, w], f"{f.metric}: the part {f.entity} is larger than its "
                                   f"whole {w.entity}: {listing(ds, [f, w])}",
                                   "check the scopes: the part may count more kinds of things than the whole"))
    return out


def same_entity(ds, groups: dict) -> list[Finding]:
    """A metric stored under two ids of one place or body (``same_as``), with different values."""
    out = []
    for e in ds.entities.values():
        if not e.same_as:
            continue
        for (entity, metric, status), facts in groups.items():
            if entity != e.id:
                continue
            others = [g for g in groups.get((e.same_as, metric, status), []) if any(differ(ds, f, g) for f in facts)]
            if others:
                out.append(Finding("same-entity", facts + others, f"{metric} is stored under two ids of one body, "
                                   f"{e.id} and {e.same_as}: {listing(ds, facts + others)}",
                                   f"keep one id ({e.same_as}) and one row per period; " + HINT))
    return out


def related(ds, groups: dict, pairs: list) -> list[Finding]:
    """Metrics declared in checks.yaml to measure one thing (75 national research platforms vs 46 national
    innovation platforms), for the same entity, with different values."""
    out = []
    for m1, m2 in pairs:
        for (entity, metric, status), facts in groups.items():
            if metric != m1:
                continue
            others = [g for g in groups.get((entity, m2, status), []) if any(differ(ds, f, g) for f in facts)]
            if others:
                out.append(Finding("related", facts + others, f"{entity}: {m1} and {m2} measure one thing and "
                                   f"differ: {listing(ds, facts + others)}"))
    return out


def magnitudes(ds, rules: list) -> list[Finding]:
    """Ranges per kind of figure (a metric pattern and a base unit), and ratios between related figures of one
    entity (an annual NO2 reduction cannot exceed a hundredth of the CO2 reduction)."""
    out = []
    for rule in rules:
        if rule.get("larger"):
            out += _ratios(ds, rule)
            continue
        pattern = re.compile(rule.get("metric", ""))
        for f in ds.facts.values():
            if ds.units[f.unit].base != rule["base"] or not pattern.search(f.metric) \
                    or any(w in f.metric for w in rule.get("except", [])):
                continue
            v = base(ds, f)
            if v < rule.get("min", float("-inf")) or v > rule.get("max", float("inf")):
                out.append(Finding("magnitude", [f], f"{f.id} = {f.value:g} {f.unit} looks wrong for its kind: "
                                   f"{rule['why']}", "check the source; say so in the fact's note"))
    return out


def _ratios(ds, rule: dict) -> list[Finding]:
    small, large = re.compile(rule["smaller"]), re.compile(rule["larger"])
    out = []
    for f in ds.facts.values():
        if not small.search(f.metric):
            continue
        for g in ds.facts.values():
            if g.entity == f.entity and large.search(g.metric) and base(ds, f) > rule["max_ratio"] * base(ds, g):
                out.append(Finding("magnitude", [f, g], f"{f.id} = {f.value:g} {f.unit} is implausible next to "
                                   f"{g.id} = {g.value:g} {g.unit} from the same {f.entity}: {rule['why']}",
                                   "check the source; say so in the fact's note"))
    return out
