"""Consistency checks over the whole dataset: reported as warnings, never silently resolved.

- conflicts: the same metric for the same entity, status and period with different values;
- part-whole: zone figures that add up to more than the city's total (metrics listed in checks.yaml);
- magnitudes: values outside a plausible range for their base unit (rules in checks.yaml).
"""
from __future__ import annotations

from collections import defaultdict

from reportgen.data.dataset import Dataset, Fact


def base_value(ds: Dataset, fact: Fact) -> float:
    return fact.value * ds.units[fact.unit].factor


def _effective_period(ds: Dataset, f: Fact) -> str:
    return f.period or f"as of {ds._source_date(f)}"


def run_checks(ds: Dataset, rules: dict) -> None:
    _conflicts(ds)
    _part_whole(ds, rules.get("part_whole", []))
    _magnitudes(ds, rules.get("magnitude", []))


def _conflicts(ds: Dataset) -> None:
    groups = defaultdict(list)
    for f in ds.facts.values():
        if f.source != "derived":
            groups[(f.entity, f.metric, f.status, _effective_period(ds, f))].append(f)
    for (entity, metric, status, period), facts in sorted(groups.items()):
        values = {(round(base_value(ds, f), 6), f.qualifier) for f in facts}
        if len(values) > 1 and not _same(ds, facts):
            ds.conflicts.append([f.id for f in facts])
            listing = "; ".join(f"{f.id} = {f.value:g} {f.unit} ({f.qualifier}, {f.source} {f.locator})" for f in facts)
            ds.problems.add("conflict", f"{entity}/{metric} ({status}, {period}) has {len(values)} values: {listing}",
                            facts[0].file, facts[0].line, severity="warning",
                            hint="briefs print the first-listed value and say so in its source note")


def _same(ds: Dataset, facts: list[Fact]) -> bool:
    """Equal within rounding (2025 亩 and 135 公顷 are one area) and with the same qualifier."""
    vals = [base_value(ds, f) for f in facts]
    return len({f.qualifier for f in facts}) == 1 and max(vals) - min(vals) <= 0.005 * max(abs(v) for v in vals)


def _part_whole(ds: Dataset, metrics: list) -> None:
    children = defaultdict(list)
    for e in ds.entities.values():
        children[e.parent].append(e.id)
    for metric in metrics:
        for parent, kids in children.items():
            total = ds.latest(parent, metric, "plan") or ds.latest(parent, metric, "actual")
            if not total:
                continue
            parts = [p for k in kids for p in [ds.latest(k, metric, total.status)] if p]
            if len(parts) < 2:
                continue
            summed = sum(base_value(ds, p) for p in parts)
            whole = base_value(ds, total)
            if summed > whole * 1.001:
                ds.problems.add("part-whole", f"{metric}: parts {', '.join(p.id for p in parts)} add up to {summed:g}, "
                                f"more than {total.id} = {whole:g}", total.file, total.line, severity="warning",
                                hint="check the zones' figures or whether they overlap")


def _magnitudes(ds: Dataset, rules: list) -> None:
    for rule in rules:
        for f in ds.facts.values():
            if ds.units[f.unit].base != rule["base"] or any(w in f.metric for w in rule.get("except", [])):
                continue
            v = base_value(ds, f)
            if v < rule.get("min", float("-inf")) or v > rule.get("max", float("inf")):
                ds.problems.add("magnitude", f"{f.id} = {f.value:g} {f.unit} looks wrong for its unit: {rule['why']}",
                                f.file, f.line, severity="warning", hint="check the source; note it in the fact's note")
