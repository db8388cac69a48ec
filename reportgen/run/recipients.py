"""Recipients files (CSV): every row is checked before anything is built or sent, and every problem is listed.

A row is checked for what would otherwise stop a batch half-way, or, worse, succeed wrongly: the address, and
line breaks that could add mail headers (when mailing), the language and sector, and the length of the name and
organisation. The text is tidied as every input is (``core.text``: NFC, invisible characters dropped, control
characters removed with a warning). File names are cut to what any file system takes (``staging.fit_name``)
and made unique within the file. Problems are located as file:line:column, the
line being where the row starts in the file and the column the field's position in the header.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from reportgen.core.errors import Problem, Problems, UsageError, did_you_mean
from reportgen.core.placeholders import fields, fill

COLUMNS = ("email", "name", "organisation", "language", "sector")
PATTERN_FIELDS = ("brief", "lang", "row") + COLUMNS
NAME_MAX_CHARS = 200          # a name or organisation longer than this cannot be a cover line


@dataclass(frozen=True)
class Recipient:
    line: int                 # where the row starts in the file
    cells: dict               # the known columns, '' when absent
    email: str                # normalised; '' when not mailing
    stems: dict               # language → file name stem, unique in this file
    given: object = None      # the row's brief parameters (``brief.parameters.Given``), checked


def slug(text: str) -> str:
    """A file-name-safe form of a name: letters (any script), digits and '-'."""
    import re
    return re.sub(r"[^\w]+", "-", text, flags=re.UNICODE).strip("-_").lower() or "x"


def check_pattern(pattern: str) -> None:
    unknown = [f for f in fields(pattern) if f not in PATTERN_FIELDS]
    if unknown:
        close = did_you_mean(unknown[0], PATTERN_FIELDS)
        known = "fields: " + ", ".join(f"{{{f}}}" for f in PATTERN_FIELDS)
        raise UsageError([Problem("bad-name-pattern", f"--name-pattern {pattern!r} has unknown field(s) "
                                  + ", ".join(f"{{{f}}}" for f in unknown), "--name-pattern",
                                  hint=f"{close} {known}" if close else known)])


def _rows(path: Path, required: tuple[str, ...]) -> tuple[list[str], list[tuple[int, dict]]]:
    """The header and (line, row) pairs of a UTF-8 CSV file, its text tidied (``core.text.read``)."""
    from reportgen.core.text import read as read_text
    reader = csv.DictReader(io.StringIO(read_text(path, UsageError).removeprefix("\ufeff"), newline=""))
    header = reader.fieldnames or []
    missing = [c for c in required if c not in header]
    if missing:
        raise UsageError([Problem("bad-recipients", f"the recipients file lacks column(s) {missing}",
                                  str(path), 1, hint=f"columns: {', '.join(COLUMNS)}")])
    rows = []
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return header, rows
        except csv.Error as exc:
            raise UsageError([Problem("bad-csv", str(exc), str(path), start)]) from None
        rows.append((start, {c: (row.get(c) or "") for c in COLUMNS}))


def _check_cells(cells: dict, at, mailing: bool, problems: Problems) -> None:
    for column, value in cells.items():
        if mailing and ("\r" in value or "\n" in value):
            problems.add("line-break", f"{column} {value!r} has a line break", *at(column),
                         hint="a recipients field is one line: a line break could add headers to a message")
        elif column in ("name", "organisation") and len(value) > NAME_MAX_CHARS:
            problems.add("too-long", f"{column} has {len(value)} characters", *at(column),
                         hint=f"at most {NAME_MAX_CHARS}")


def _check_address(value: str, at, problems: Problems) -> str:
    from email_validator import EmailNotValidError, validate_email
    if not value.strip():
        problems.add("missing-address", "the row has no email address", *at("email"))
        return ""
    try:
        return validate_email(value.strip(), check_deliverability=False).normalized
    except EmailNotValidError as exc:
        problems.add("bad-address", f"{value!r}: {exc}", *at("email"), hint="fix the address and run again")
        return ""


def read(path: Path, brief, default_langs: list[str], pattern: str = "{brief}-{organisation}-{name}",
         mailing: bool = False) -> list[Recipient]:
    """Every row of a recipients file, checked for ``brief``; a ``UserError`` lists every bad row."""
    from reportgen.brief import parameters
    check_pattern(pattern)
    header, rows = _rows(path, ("email",) if mailing else ("name",))
    problems, out, used = Problems(), [], set()
    for number, (line, cells) in enumerate(rows, start=1):
        def at(column, line=line):
            return str(path), line, (header.index(column) + 1) if column in header else None
        before = len(problems.items)
        _check_cells(cells, at, mailing, problems)
        email = _check_address(cells["email"], at, problems) if mailing else ""
        langs = [cells["language"]] if cells["language"] else default_langs
        for lang in langs:
            if lang not in brief.languages:
                problems.add("bad-language", f"language {lang!r}", *at("language"),
                             hint=f"brief {brief.name!r} has {', '.join(brief.languages)}")
        given = parameters.from_row(cells, at)
        parameters.check(brief.parameters, given, problems, f"brief {brief.name!r}")
        if len(problems.items) > before:
            continue
        out.append(Recipient(line, cells, email, {lang: _stem(pattern, brief.name, lang, number, cells, used)
                                                  for lang in langs}, given))
    problems.raise_errors(UsageError)
    return out


def _stem(pattern: str, brief: str, lang: str, number: int, cells: dict, used: set) -> str:
    """The row's file name stem for ``lang``, short enough for any file system, and never one an earlier row got
    (``-2``, ``-3``… are added)."""
    from reportgen.run.staging import fit_name
    base = fit_name(slug(fill(pattern, brief=brief, lang=lang, row=number, **cells)))
    suffix = "" if "{lang}" in pattern else f".{lang}"
    stem, n = base + suffix, 2
    while stem in used:
        stem, n = f"{base}-{n}{suffix}", n + 1
    used.add(stem)
    return stem
