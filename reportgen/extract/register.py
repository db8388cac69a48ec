"""``reportgen sources add``: a new document registered in ``sources.yaml``, so its facts can be imported and cited.

The record is appended as YAML text (the file's comments stay). Where the document holds several articles, each
found by its heading, each becomes an article whose ``begins`` is its heading, for ``check --sources`` to verify
and for a reviewer to complete (author, date, English title).
"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

import yaml

from reportgen.core.errors import DataError, Problem, UsageError
from reportgen.data import documents

_NUMBERED = re.compile(r"^\s*(?:#+\s*)?\d+(?:\.\d+)+\s")


def source_id(path: Path, taken) -> str:
    """An id from the file's name (lowercase letters, digits, '-'), made unique among ``taken``."""
    stem = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-")
    base = stem[:24].strip("-") or "src-" + hashlib.sha256(path.name.encode("utf-8")).hexdigest()[:8]
    out, n = base, 2
    while out in taken:
        out, n = f"{base}-{n}", n + 1
    return out


def record(path: Path, ds, sid: str | None, title: str, title_en: str, publisher: str, publisher_en: str,
           date: str, kind: str) -> dict:
    """The ``sources.yaml`` record of the document at ``path``, checked against the dataset's."""
    if any(s.file == path.name for s in ds.sources.values()):
        raise UsageError([Problem("exists", f"a source already has the file name {path.name!r}", str(path),
                                  hint="rename the file, or edit its record in sources.yaml")])
    if sid and sid in ds.sources:
        raise UsageError([Problem("exists", f"--id: a source {sid!r} exists already", hint="choose another id")])
    if sid and not re.fullmatch(r"[a-z0-9][a-z0-9-]*", sid):
        raise UsageError([Problem("bad-id", f"--id: {sid!r} is not lowercase letters, digits and '-'")])
    if date and not re.fullmatch(r"\d{4}(?:-\d{2}(?:-\d{2})?)?", date):
        raise UsageError([Problem("bad-date", f"--date: {date!r} is not YYYY, YYYY-MM or YYYY-MM-DD",
                                  hint="write only as much of the date as the document gives")])
    if not title.strip() or not publisher.strip():
        raise UsageError([Problem("missing-field", "--title and --publisher must not be empty")])
    sid = sid or source_id(path, ds.sources)
    doc = documents.read(path)
    rec = {"id": sid, "file": path.name, "kind": kind, "publisher_en": publisher_en or publisher,
           "publisher_zh": publisher, "title_en": title_en or title, "title_zh": title, "date": date}
    headings = [h.lstrip("#").strip() for h in doc.headings if not _NUMBERED.match(h)]
    if len(headings) > 1:
        rec["articles"] = [{"id": f"{sid}.a{n}", "title_en": h, "title_zh": h, "date": date, "begins": h}
                           for n, h in enumerate(headings, 1)]
    return rec


def append(sources_file: Path, rec: dict) -> None:
    """``rec`` added at the end of ``sources.yaml``, written whole or not at all."""
    from reportgen.run.staging import atomic_write
    if not sources_file.exists():
        raise DataError([Problem("missing-file", "the dataset has no sources.yaml", str(sources_file))])
    text = sources_file.read_text(encoding="utf-8")
    added = yaml.safe_dump([rec], allow_unicode=True, sort_keys=False, width=110)
    atomic_write(sources_file, (text.rstrip("\n") + "\n" + added).encode("utf-8"))
