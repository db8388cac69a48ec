"""The review sheet: the fact columns ``import-facts`` reads, then ``match``, ``matched``, ``related`` and
``document`` for the reviewer. CSV (UTF-8) or XLSX by the file's extension, written whole or not at all."""
from __future__ import annotations

import csv
import io
from pathlib import Path

from reportgen.extract.pipeline import COLUMNS


def figure(value) -> str:
    """A number as a person types it: 3400, 0.85, 1.2 (no 1e+06, no 3400.0)."""
    if value is None or value == "":
        return ""
    return f"{value:.6f}".rstrip("0").rstrip(".")


def cells(row: dict) -> list[str]:
    return [figure(row[c]) if c in ("value", "value_max") else str(row[c]) for c in COLUMNS]


def write(rows: list[dict], path: Path) -> None:
    from reportgen.run.staging import atomic_write
    if path.suffix.lower() == ".xlsx":
        from openpyxl import Workbook
        book = Workbook()
        sheet = book.active
        sheet.title = "facts"
        sheet.append(COLUMNS)
        for row in rows:
            sheet.append(cells(row))
        sheet.freeze_panes = "A2"
        buf = io.BytesIO()
        book.save(buf)
        atomic_write(path, buf.getvalue())
        return
    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\n")
    out.writerow(COLUMNS)
    out.writerows(cells(r) for r in rows)
    atomic_write(path, buf.getvalue().encode("utf-8"))
