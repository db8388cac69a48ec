"""Consistency checks over the whole dataset: reported as warnings, never silently resolved.

Same-period conflicts and zones that add up to more than their city are found here; the other kinds of
disagreement (near periods, a part above its whole, one body under two ids, related metrics, implausible
magnitudes) in ``data.conflicts``. Every finding becomes a warning and a conflict group, so the note of a printed
figure names the values it disagrees with.
"""
from __future__ import annotations

from collections import defaultdict

from reportgen.data import conflicts as c
from reportgen.data.types import Dataset, Fact


def base_value(ds: Dataset, fact: Fact) -> float:
    return c.base(ds, fact)


def _effective_period(ds: Dataset, f: Fact) -> str:
    return f.period or f"as of {ds.source_date(f)}"


def run_checks(ds: Dataset, rules: dict) -> None:
    groups = defaultdict(list)
    for f in ds.facts.values():
        if f.source != "derived":
            groups[(f.entity, f.metric, f.status)].append(f)
    bases = set(rules.get("additive_bases", []))
    findings = (_same_period(ds) + _summed_parts(ds, rules.get("part_whole", []))
                + c.near_period(ds, groups) + c.part_larger_than_whole(ds, groups, bases, rules.get("not_additive", [])) + c.same_entity(ds, groups)
                + c.related(ds, groups, rules.get("related_metrics", [])) + c.magnitudes(ds, rules.get("magnitude", [])))
    for finding in findings:
        ds.findings.append(finding)
        ds.problems.items.append(finding.problem())
        if finding.kind != "magnitude" or len(finding.facts) > 1:
            _join(ds, [f.id for f in finding.facts])


def _join(ds: Dataset, ids: list[str]) -> None:
    """Record one finding's facts as a conflict group, so each printed figure's note names the others."""
    if sorted(ids) not in ds.conflicts:
        ds.conflicts.append(sorted(ids))


def _same_period(ds: Dataset) -> list[c.Finding]:
    groups = defaultdict(list)
    for f in ds.facts.values():
        if f.source != "derived":
            groups[(f.entity, f.metric, f.status, _effective_period(ds, f))].append(f)
    out = []
    for (entity, metric, status, period), facts in sorted(groups.items()):
        values = {(round(base_value(ds, f), 6), f.qualifier) for f in facts}
        if len(values) > 1 and not _same(ds, facts):
            out.append(c.Finding("conflict", facts, f"{entity}/{metric} ({status}, {period}) has {len(values)} "
                                 f"values: {c.listing(ds, facts)}"))
    return out


def _same(ds: Dataset, facts: list[Fact]) -> bool:
    """Equal within rounding (2025 亩 and 135 公顷 are one area) and with the same qualifier."""
    vals = [base_value(ds, f) for f in facts]
    return len({f.qualifier for f in facts}) == 1 and max(vals) - min(vals) <= 0.005 * max(abs(v) for v in vals)


def _summed_parts(ds: Dataset, metrics: list) -> list[c.Finding]:
    """Zones that together exceed their city (metrics listed in checks.yaml)."""
    children = defaultdict(list)
    for e in ds.entities.values():
        children[e.parent].append(e.id)
    out = []
    for metric in metrics:
        for parent, kids in children.items():
            total = ds.latest(parent, metric, "plan") or ds.latest(parent, metric, "actual")
            if not total:
                continue
            parts = [p for k in kids for p in [ds.latest(k, metric, total.status)] if p]
            if len(parts) < 2:
                continue
            summed = sum(base_value(ds, p) for p in parts)
            if summed > base_value(ds, total) * 1.001:
                out.append(c.Finding("part-whole", parts + [total], f"{metric}: parts add up to {summed:g}, more "
                                     f"than the whole: {c.listing(ds, parts + [total])}",
                                     "check the zones' figures or whether they overlap"))
    return out
