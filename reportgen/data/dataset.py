"""Loading the dataset: sources, entities, SDG targets, units, facts, derived facts and series, validated.

The record types live in ``data/types.py``, so derive and checks, which this module runs, need not import it.

Facts live in one CSV per source document (``facts/<seed-file-stem>[.part].csv``), read with ``csv`` (pandas,
a third of a second to import, only for a spreadsheet: ``.xlsx``). Validation
collects every problem with its file, row and column; consistency checks (conflicts, part-whole, magnitudes)
produce warnings, never silent fixes.
"""
from __future__ import annotations

import csv
import io
import math
from pathlib import Path

from reportgen.core import confine, files as yamlfile
from reportgen.core.errors import DataError, Problems, did_you_mean
from reportgen.core.schema import records, validate
from reportgen.core.text import read as read_text
from reportgen.data.checks import run_checks
from reportgen.data.derive import derive_all
from reportgen.data.fidelity import validate_fidelity
from reportgen.data.records import (ChecksFile, EntityRecord, InBothLanguages, PassageRecord, ScopeRecord, SdgGoalsFile,
                                   SdgRecord, SeriesColumn, SeriesRecord, SourceRecord, SubjectRecord, UnitRecord)
from reportgen.data.sources import source_of
from reportgen.data.types import (FACT_COLUMNS, ID_PATTERN, OPTIONAL_COLUMNS, PERIOD_PATTERN, QUALIFIERS, STATUSES,
                                  Dataset, Entity, Fact, Passage, Series, Subject, Unit)

def _str(v) -> str:
    return "" if v is None else str(v).strip()


def load(root: Path, extra_facts: list[Path] = (), replaced: list[Path] = ()) -> Dataset:
    """Load and validate everything under ``root`` (the dataset folder); ``extra_facts`` are read after its fact
    files, which they may replace (``replaced``: a file that a sheet being imported will be written over)."""
    confine.check_tree(root, "a dataset file")
    problems = Problems()
    subject = _subject(root / "subject.yaml", problems)
    sources = {r.id: source_of(r, problems, root / "sources.yaml")
               for _, r, _ in _records(root / "sources.yaml", SourceRecord, problems)}
    entities = {}
    for path in sorted((root / "entities").glob("*.yaml")):
        for _, r, raw in _records(path, EntityRecord, problems):
            if r.id in entities:
                problems.add("duplicate-entity", f"entity {r.id!r} is defined twice", path, yamlfile.line_of(raw))
            entities[r.id] = Entity(**r.model_dump())
    for e in entities.values():
        if e.parent and e.parent not in entities:
            problems.add("unknown-entity", f"parent {e.parent!r} of {e.id!r} is not an entity", root / "entities")
    if subject.entity and subject.entity not in entities:
        problems.add("unknown-entity", f"subject entity {subject.entity!r} is not an entity", root / "subject.yaml",
                     hint=did_you_mean(subject.entity, entities))
    sdg = {r.code: r.model_dump() for _, r, _ in _records(root / "sdg_targets.yaml", SdgRecord, problems)}
    units = {str(printed): Unit(str(printed), **r.model_dump())
             for printed, r, _ in _records(root / "units.yaml", UnitRecord, problems, keyed=True)}
    by_file = {s.file.rsplit(".", 1)[0]: s.id for s in sources.values()}
    facts: dict[str, Fact] = {}
    for path in [p for p in sorted((root / "facts").glob("*.csv")) if p not in replaced] + list(extra_facts):
        src = by_file.get(path.name.split(".", 1)[0])
        if src is None:
            problems.add("unknown-source", f"{path.name} does not name a source document", path, hint=(
                "name fact files after the source's file, e.g. 003_f21926bdb71bccc2.csv or ….part2.csv"))
            continue
        for fact in _read_facts(path, src, entities, units, sdg, subject.topics, problems):
            if fact.id in facts:
                other = facts[fact.id]
                problems.add("duplicate-id", f"fact id {fact.id!r} already used at {other.file}:{other.line}",
                             fact.file, fact.line, 1, "give each fact its own id")
            facts[fact.id] = fact
    series = {}
    if (root / "derived.yaml").exists():
        for fact in derive_all(root / "derived.yaml", facts, problems):
            facts[fact.id] = fact
    if (root / "series.yaml").exists():
        series = _load_series(root / "series.yaml", facts, problems)
    ds = Dataset(root, sources, entities, sdg, units, facts, series, problems,
                 scopes={k: raw for k, _, raw in _optional(root / "scopes.yaml", ScopeRecord, problems, True)},
                 locators={k: raw for k, _, raw in _optional(root / "locators.yaml", InBothLanguages, problems, True)},
                 passages={r.id: Passage(r.id, r.source, r.locator, r.quote)
                           for _, r, _ in _optional(root / "passages.yaml", PassageRecord, problems)},
                 sdg_colours=_sdg_colours(root / "sdg_goals.yaml", problems),
                 subject=subject)
    validate_fidelity(ds)
    run_checks(ds, _rules(root / "checks.yaml", problems))
    return ds


def _optional(path: Path, model, problems: Problems, keyed: bool = False) -> list:
    """The records of a data file the dataset may do without (none when it is absent), each checked."""
    return records(model, yamlfile.load(path), path, problems, keyed) if path.exists() else []


def _sdg_colours(path: Path, problems: Problems) -> dict[int, str]:
    if not path.exists():
        return {}
    try:
        return dict(validate(SdgGoalsFile, yamlfile.load(path) or {}, path, DataError, "SDG goals file").goals)
    except DataError as exc:
        problems.items += exc.problems
        return {}


def _subject(path: Path, problems: Problems) -> Subject:
    """The dataset's subject (an empty one, with the problem reported, when the file is missing or wrong)."""
    if not path.exists():
        problems.add("missing-file", f"the dataset has no {path.name}", path, hint="see assets/data for its shape")
        return Subject()
    try:
        r = validate(SubjectRecord, yamlfile.load(path) or {}, path, DataError, "subject file")
    except DataError as exc:
        problems.items += exc.problems
        return Subject()
    return Subject(r.entity, dict(r.publisher), frozenset(r.topics))


def _rules(path: Path, problems: Problems) -> dict:
    """The consistency rules of ``checks.yaml`` (none when it is absent or does not fit its schema)."""
    if not path.exists():
        return {}
    try:
        return validate(ChecksFile, yamlfile.load(path) or {}, path, DataError, "checks file").model_dump(by_alias=True)
    except DataError as exc:
        problems.items += exc.problems
        return {}


def _records(path: Path, model, problems: Problems, keyed: bool = False) -> list:
    """A YAML data file's records that fit ``model`` (a file that cannot be parsed stops the load at once)."""
    if not path.exists():
        problems.add("missing-file", f"the dataset has no {path.name}", path, hint="see assets/data for its shape")
        return []
    return records(model, yamlfile.load(path), path, problems, keyed)


def read_sheet(path: Path) -> "pd.DataFrame":
    """A sheet of facts as text, cell by cell: a cell reading "None", "NA", "null" or "n/a" is that text (pandas
    would make it missing, and the fact would lose it); only an empty cell is empty."""
    import pandas as pd               # here, not above: only a spreadsheet needs it
    if path.suffix.lower() in (".xlsx", ".xls"):
        return pd.read_excel(path, dtype=str, keep_default_na=False, na_values=[]).fillna("")
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _table(path: Path, problems: Problems) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header and the (line, cells) rows of a CSV or XLSX sheet of facts; what cannot be read is a problem."""
    if path.suffix.lower() in (".xlsx", ".xls"):
        try:
            df = read_sheet(path)
        except Exception as exc:      # noqa: BLE001 -- zip, XML and format errors alike: not a usable sheet
            problems.add("bad-sheet", f"not a readable spreadsheet ({type(exc).__name__})", path,
                         hint="save it from Excel or LibreOffice as .xlsx, or as CSV UTF-8")
            return [], []
        return [str(c) for c in df.columns], [(i + 2, list(r)) for i, r in enumerate(df.itertuples(index=False))]
    lines = csv.reader(io.StringIO(read_text(path, DataError), newline=""))
    try:
        header, rows = next(lines, None), []
        if not header:
            problems.add("empty-file", "the file is empty: it needs a header row", path, 1, 1,
                         f"the header is: {','.join(FACT_COLUMNS)}")
            return [], []
        for cells in lines:
            _row(cells, header, rows, lines.line_num, path, problems)
    except csv.Error as exc:        # a field over the csv module's limit (128 KB), or a quote never closed
        problems.add("bad-csv", f"{exc}; the rest of the file is not read", path, lines.line_num, hint=(
            "a fact's field is one sentence or number: look for a quote (\") that is never closed"))
        return (header or []), rows
    return header, rows


def _row(cells: list[str], header: list[str], rows: list, line: int, path: Path, problems: Problems) -> None:
    """Keep a CSV row that has one field per column (a blank line is skipped, a ragged one is a problem)."""
    if not any(c.strip() for c in cells):
        return
    if len(cells) != len(header):
        problems.add("bad-row", f"{len(cells)} fields for {len(header)} columns", path, line, 1,
                     "quote fields that contain commas, e.g. \"10,000\"")
        return
    rows.append((line, cells))


def _number(text: str) -> float | None:
    """A finite number, or None ('nan' and 'inf' are not figures)."""
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _read_facts(path: Path, source_id: str, entities, units, sdg, topics, problems: Problems) -> list[Fact]:
    header, table = _table(path, problems)
    missing = [c for c in FACT_COLUMNS if c not in header]
    if header and missing:
        problems.add("bad-header", f"missing column(s): {', '.join(missing)}", path, 1, 1,
                     f"the header must be: {','.join(FACT_COLUMNS)}")
    if not header or missing:
        return []
    col = {c: i + 1 for i, c in enumerate(header)}
    facts = [_fact({k: _str(v) for k, v in zip(header, cells)}, path, line, col, source_id, entities, units, sdg,
                   topics, problems) for line, cells in table]
    return [f for f in facts if f is not None]


def _fact(r: dict, path: Path, line: int, col: dict, source_id: str, entities, units, sdg, vocabulary,
          problems: Problems) -> Fact | None:
    """One fact row checked column by column; every problem is added where it is, and None returned for it."""
    def bad(c, code, msg, hint=""):
        problems.add(code, msg, path, line, col.get(c), hint)

    ok = True
    if not ID_PATTERN.match(r["id"]):
        bad("id", "bad-id", f"id {r['id']!r} is not of the form prefix.slug", "lowercase letters, digits, '-' and '.'")
        ok = False
    value = _number(r["value"])
    if value is None:
        bad("value", "bad-value", f"value {r['value']!r} is not a number", "write digits, e.g. 170.6, no units")
        ok = False
    vmax = _number(r["value_max"]) if r["value_max"] else None
    if r["value_max"] and vmax is None:
        bad("value_max", "bad-value", f"value_max {r['value_max']!r} is not a number")
        ok = False
    if r["entity"] not in entities:
        bad("entity", "unknown-entity", f"entity {r['entity']!r} is not defined",
            "add it to a file in entities/ or use an existing id")
        ok = False
    if r["unit"] not in units:
        bad("unit", "unknown-unit", f"unit {r['unit']!r} is not in units.yaml", "add the unit with its base and factor")
        ok = False
    if r["qualifier"] not in QUALIFIERS:
        bad("qualifier", "bad-qualifier", f"qualifier {r['qualifier']!r} unknown", f"one of {', '.join(sorted(QUALIFIERS))}")
        ok = False
    if r["qualifier"] == "range" and vmax is None:
        bad("value_max", "bad-range", "a range needs value_max")
        ok = False
    if r["status"] not in STATUSES:
        bad("status", "bad-status", f"status {r['status']!r} unknown", f"one of {', '.join(sorted(STATUSES))}")
        ok = False
    if r["period"] and not _valid_period(r["period"]):
        bad("period", "bad-period", f"period {r['period']!r} is not a valid date or span",
            "YYYY, YYYY-MM, YYYY-MM-DD or START/END, with real months and days")
        ok = False
    topics = tuple(t for t in r["topics"].split(";") if t)
    for t in topics:
        if t not in vocabulary:
            bad("topics", "unknown-topic", f"topic {t!r} is not in the vocabulary of subject.yaml",
                ", ".join(sorted(vocabulary)))
            ok = False
    sdgs = tuple(s for s in r["sdg"].split(";") if s)
    for s in sdgs:
        if s not in sdg:
            bad("sdg", "unknown-sdg", f"SDG code {s!r} is not in sdg_targets.yaml", "e.g. 11.3, 11.a, 7")
            ok = False
    for c in ("metric", "label_en", "label_zh", "locator", "quote"):
        if not r[c]:
            bad(c, "missing-field", f"{c} is empty")
            ok = False
    if not ok:
        return None
    return Fact(r["id"], r["entity"], r["metric"], value, vmax, r["unit"], r["qualifier"], r["status"],
                r["period"], r["label_en"], r["label_zh"], topics, sdgs, source_id, r["locator"],
                r["quote"], r["printed"], r["note"], (), str(path), line, *(r.get(c, "") for c in OPTIONAL_COLUMNS))


def _valid_period(text: str) -> bool:
    import datetime as dt
    m = PERIOD_PATTERN.match(text)
    if not m:
        return False
    for y, mo, d in ((m.group(1), m.group(2), m.group(3)), (m.group(4), m.group(5), m.group(6))):
        if y is None:
            continue
        try:
            dt.date(int(y), int(mo or 1), int(d or 1))
        except ValueError:
            return False
    return True


def _load_series(path: Path, facts: dict, problems: Problems) -> dict[str, Series]:
    out = {}
    for _, item, raw in _records(path, SeriesRecord, problems):
        columns = [c.model_dump() if isinstance(c, SeriesColumn) else {"key": c, "en": c, "zh": c} for c in item.columns]
        rows = []
        for row, raw_row in zip(item.rows, raw["rows"]):
            ids = row.facts
            for fid in ids:
                if fid and fid not in facts:
                    problems.add("unknown-fact", f"series {item.id!r} uses unknown fact {fid!r}", path,
                                 yamlfile.line_of(raw_row), hint=did_you_mean(fid, facts))
            if len(ids) != len(columns):
                problems.add("bad-series", f"row has {len(ids)} facts for {len(columns)} columns", path,
                             yamlfile.line_of(raw_row))
            units = {facts[i].unit for i in ids if i in facts}
            if len(units) > 1:
                problems.add("bad-series", f"series {item.id!r} mixes units {', '.join(sorted(units))}", path,
                             yamlfile.line_of(raw_row), hint="a chart or table row needs one unit")
            rows.append({"en": row.en, "zh": row.zh, "facts": list(ids)})
        out[item.id] = Series(item.id, item.title_en, item.title_zh, columns, rows, str(path), yamlfile.line_of(raw))
    return out
