"""Derived figures: computed from facts, never typed in, and marked with their inputs.

Each entry of ``derived.yaml`` names a formula and its input facts; the result is a ``Fact`` whose source is
``derived`` and whose quote spells out the computation, so a reader of the claims ledger can redo it.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from reportgen.core import files as yamlfile
from reportgen.data.types import Fact
from reportgen.core.errors import Problems, did_you_mean
from reportgen.core.schema import records
from reportgen.data.records import DerivedRecord

# formula name → (input names, function); ``sum`` adds any number of parts, so it has no fixed inputs
FORMULAS = {
    # a baseline from a current value and the percentage decline since then: now / (1 - decline/100)
    "baseline_from_decline": (("current", "decline"), lambda i: i["current"] / (1 - i["decline"] / 100)),
    # growth in percent between two values of the same unit
    "growth": (("old", "new"), lambda i: (i["new"] / i["old"] - 1) * 100),
    # part as a percentage of whole
    "share": (("part", "whole"), lambda i: i["part"] / i["whole"] * 100),
    # difference new - old in the inputs' unit
    "change": (("old", "new"), lambda i: i["new"] - i["old"]),
    # sum of parts in the inputs' unit
    "sum": (("parts",), None),
}
# How each computation is spelled out for readers (notes) and in the claims ledger.
EXPRESSIONS = {
    "baseline_from_decline": "{current:g} / (1 − {decline:g}%)",
    "growth": "({new:g} / {old:g} − 1) × 100%",
    "share": "{part:g} / {whole:g} × 100%",
    "change": "{new:g} − {old:g}",
    "sum": "{parts}",
}


def derive_all(path: Path, facts: dict[str, Fact], problems: Problems) -> list[Fact]:
    out = []
    for _, item, raw in records(DerivedRecord, yamlfile.load(path), path, problems):
        line = yamlfile.line_of(raw)
        if item.formula not in FORMULAS:
            problems.add("bad-formula", f"unknown formula {item.formula!r}", path, line,
                         hint=did_you_mean(item.formula, FORMULAS))
            continue
        names, fn = FORMULAS[item.formula]
        inputs = item.inputs
        ids = [i for n in names for i in (inputs.get(n) if isinstance(inputs.get(n), list) else [inputs.get(n)])]
        unknown = [i for i in ids if i not in facts]
        if unknown:
            problems.add("unknown-fact", f"derived {item.id!r} uses unknown fact(s) {', '.join(map(str, unknown))}",
                         path, line, hint=did_you_mean(unknown[0], facts) or f"inputs: {', '.join(names)}")
            continue
        try:
            value = sum(facts[i].value for i in ids) if item.formula == "sum" else \
                fn({n: facts[inputs[n]].value for n in names})
        except ZeroDivisionError:
            problems.add("bad-derived", f"derived {item.id!r} divides by zero", path, line,
                         hint="check its input facts' values")
            continue
        out.append(_fact(item, ids, value, facts, path, line))
    return out


def _fact(item, ids: list[str], value: float, facts: dict[str, Fact], path: Path, line) -> Fact:
    """The derived ``Fact``: its quote spells out the computation, so a reader of the ledger can redo it."""
    first = facts[ids[0]]
    unit = item.unit or ("%" if item.formula in ("growth", "share") else first.unit)
    names = FORMULAS[item.formula][0]
    values = {n: facts[item.inputs[n]].value for n in names} if item.formula != "sum" else {}
    expr = EXPRESSIONS[item.formula].format(parts=" + ".join(f"{facts[i].value:g}" for i in ids), **values)
    rounded = round(value, item.digits)
    return replace(
        first, id=item.id, entity=item.entity or first.entity, metric=item.metric, value=rounded, value_max=None,
        unit=unit, qualifier=item.qualifier, status=item.status or first.status,
        period=item.period if item.period is not None else first.period, label_en=item.label_en,
        label_zh=item.label_zh, topics=tuple(item.topics if item.topics is not None else first.topics),
        sdg=tuple(item.sdg if item.sdg is not None else first.sdg), source="derived",
        locator="computed from " + ", ".join(ids), quote=f"{expr} = {rounded:g}{'%' if unit == '%' else ' ' + unit}",
        printed="", note=item.note, derived_from=tuple(ids), file=str(path), line=line)
