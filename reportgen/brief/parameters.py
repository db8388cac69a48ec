"""Brief parameters, merged once and in one order: brief defaults < params file < ``--param`` < recipients row.

The merged parameters are part of what an output *is*: they pick the sector variant and print the "Prepared for"
line and the greeting. So every output that depends on them is built from the merged set, and its stable hash
(``digest``) names the output and keys the outbox journal: a PDF built for Alice, or for another sector, is never
taken for Bob's.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping

ROW_KEYS = {"name": "recipient_name", "organisation": "recipient_org", "sector": "sector"}


def from_row(row: Mapping) -> dict:
    """A recipients row's parameters: its name and organisation, and its sector when it names one."""
    out = {"recipient_name": row.get("name") or "", "recipient_org": row.get("organisation") or ""}
    if row.get("sector"):
        out["sector"] = row["sector"]
    return out


def merge(defaults: Mapping, file: Mapping | None = None, cli: Mapping | None = None,
          row: Mapping | None = None) -> dict:
    """The parameters one output is built with; each layer wins over the ones before it."""
    merged: dict = {}
    for layer in (defaults, file, cli, from_row(row) if row is not None else None):
        merged.update(layer or {})
    return merged


def digest(params: Mapping) -> str:
    """A short hash of the merged parameters that is the same on every run and machine."""
    text = json.dumps(sorted((str(k), str(v)) for k, v in params.items()), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]
