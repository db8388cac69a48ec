"""Derived figures: computed from facts, never typed in, and marked with their inputs.

Each entry of ``derived.yaml`` names a formula and its input facts; the result is a ``Fact`` whose source is
``derived`` and whose quote spells out the computation, so a reader of the claims ledger can redo it.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from reportgen.core import files as yamlfile
from reportgen.data.dataset import Fact
from reportgen.core.errors import Problems, did_you_mean

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
    for item in yamlfile.load(path) or []:
        line = yamlfile.line_of(item)
        formula = item.get("formula")
        if formula not in FORMULAS:
            problems.add("bad-formula", f"unknown formula {formula!r}", path, line, hint=did_you_mean(formula, FORMULAS))
            continue
        names, fn = FORMULAS[formula]
        inputs = item.get("inputs") or {}
        ids = [i for n in names for i in (inputs.get(n) if isinstance(inputs.get(n), list) else [inputs.get(n)])]
        unknown = [i for i in ids if i not in facts]
        if unknown:
            problems.add("unknown-fact", f"derived {item.get('id')!r} uses unknown fact(s) {', '.join(map(str, unknown))}",
                         path, line, hint=did_you_mean(unknown[0], facts))
            continue
        if formula == "sum":
            value = sum(facts[i].value for i in ids)
        else:
            value = fn({n: facts[inputs[n]].value for n in names})
        first = facts[ids[0]]
        unit = item.get("unit") or ("%" if formula in ("growth", "share") else first.unit)
        digits = int(item.get("digits", 1))
        values = {n: facts[inputs[n]].value for n in names} if formula != "sum" else {}
        expr = EXPRESSIONS[formula].format(parts=" + ".join(f"{facts[i].value:g}" for i in ids), **values)
        out.append(replace(
            first, id=item["id"], entity=item.get("entity", first.entity), metric=item["metric"],
            value=round(value, digits), value_max=None, unit=unit, qualifier=item.get("qualifier", "about"),
            status=item.get("status", first.status), period=str(item.get("period", first.period)),
            label_en=item["label_en"], label_zh=item["label_zh"],
            topics=tuple(item.get("topics", first.topics)), sdg=tuple(str(s) for s in item.get("sdg", first.sdg)),
            source="derived", locator="computed from " + ", ".join(ids), quote=f"{expr} = {round(value, digits):g}{'%' if unit == '%' else ' ' + unit}",
            printed="", note=item.get("note", ""), derived_from=tuple(ids), file=str(path), line=line))
    return out
