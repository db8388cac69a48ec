"""A sheet of facts taken into the dataset by ``import-facts``, as many times as it is edited.

The sheet becomes ``facts/<its name>.csv``. When that file exists, the sheet's rows replace the rows with their
ids, its other rows are kept, and new ids are added: an edited sheet comes back as an update, never as duplicates.
Rows a review sheet marks ``same`` (``reportgen extract``: the fact is already in another file of the dataset)
are left out. Everything is validated before anything is written, and each problem is located at the sheet's own
row (or the kept row's line in the old file).
"""
from __future__ import annotations

import csv
import io
import tempfile
from dataclasses import replace
from pathlib import Path

from reportgen.core.errors import DataError, Problem
from reportgen.data.dataset import read_sheet


def merged(sheet: Path, data: Path, load) -> tuple[str, int, int, int]:
    """The text of ``facts/<sheet>.csv`` after the import, with how many rows it holds, how many were updated and
    how many left out as ``same``; raises the located problems of the whole dataset with the sheet in it.
    ``load`` loads a dataset (``dataset.load``)."""
    from reportgen.data.types import FACT_COLUMNS, OPTIONAL_COLUMNS
    target = data / "facts" / (sheet.name.rsplit(".", 1)[0] + ".csv")
    held = load(data, replaced=[target]).facts
    try:
        new, old = read_sheet(sheet), (read_sheet(target) if target.exists() else None)
    except Exception:             # noqa: BLE001 -- what cannot be read is reported, located, by the loader below
        load(data, extra_facts=[sheet], replaced=[target]).problems.raise_errors(DataError)
        raise
    if any(c not in new.columns for c in FACT_COLUMNS):       # the loader names the missing columns
        load(data, extra_facts=[sheet], replaced=[target]).problems.raise_errors(DataError)
    columns = [c for c in FACT_COLUMNS + OPTIONAL_COLUMNS if c in new.columns]
    held_elsewhere = set(held) - set(old["id"] if old is not None and "id" in old.columns else [])
    rows = [None if r.get("match") == "same" and r["id"] in held_elsewhere else r for r in new.to_dict("records")]
    ids = {r.get("id") for r in rows if r}
    kept = [r for r in (old.to_dict("records") if old is not None else []) if r.get("id") not in ids]
    updated = len(ids & set(old["id"])) if old is not None and "id" in old.columns else 0
    with tempfile.TemporaryDirectory() as tmp:
        trial = Path(tmp) / target.name     # a left-out row is a blank line: each row keeps the sheet's line number
        trial.write_text(_csv(columns, rows + kept), encoding="utf-8")
        problems = load(data, extra_facts=[trial], replaced=[target]).problems
    if problems.errors:
        raise DataError([_located(p, trial, sheet, len(rows)) for p in problems.errors])
    written = [r for r in rows + kept if r]
    return _csv(columns, written), len(written), updated, len(rows) - sum(1 for r in rows if r)


def _csv(columns: list[str], rows: list[dict | None]) -> str:
    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\n")
    out.writerow(columns)
    for r in rows:
        out.writerow([str(r.get(c, "")) for c in columns] if r else [])
    return buf.getvalue()


def _located(p: Problem, trial: Path, sheet: Path, sheet_rows: int) -> Problem:
    """A problem found in the trial file, told at the sheet's row (a kept row of the old file: at the sheet)."""
    if p.file != str(trial):
        return p
    return replace(p, file=str(sheet), line=p.line if p.line is None or p.line <= sheet_rows + 1 else None)
