"""Fact lookup for briefs and templates: by id, or the latest value of ``entity:metric[:status]``."""
from __future__ import annotations

from reportgen.core.errors import UnknownName, did_you_mean
from reportgen.data.types import Dataset, Fact


def resolve(ds: Dataset, ref: str) -> Fact:
    """A fact by id, or the latest by ``entity:metric[:status]`` selector (how a brief picks up next month's
    figure); an unknown name raises ``UnknownName`` for the caller to locate."""
    if ":" in ref:
        entity, metric, *rest = ref.split(":")
        fact = ds.latest(entity, metric, rest[0] if rest else "actual")
        if fact is None:
            raise UnknownName(f"no fact for {ref!r}", did_you_mean(metric, {f.metric for f in ds.facts.values()}))
        return fact
    if ref not in ds.facts:
        raise UnknownName(f"unknown fact {ref!r}", did_you_mean(ref, ds.facts))
    return ds.facts[ref]
