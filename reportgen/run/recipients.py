"""Recipients files (CSV): every row is checked before anything is built or sent, and every problem is listed.

A row is checked for what would otherwise stop a batch half-way, or, worse, succeed wrongly: the address (when
mailing), the language and sector, the name, characters that could add mail headers (CR, LF) or that the font
cannot draw, and the length of the file names its brief gets. Problems are located as file:line:column, the
line being where the row starts in the file and the column the field's position in the header.
"""
from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from reportgen.core.errors import Problem, Problems, UsageError
from reportgen.core.placeholders import fields, fill

COLUMNS = ("email", "name", "organisation", "language", "sector")
PATTERN_FIELDS = ("brief", "lang", "row") + COLUMNS
NAME_MAX_CHARS = 200          # a name or organisation longer than this cannot be a cover line
FILE_NAME_MAX_BYTES = 255     # the usual file-system limit, for the longest file a row gets (<stem>.claims.csv)
_LONGEST_SUFFIX = ".claims.csv"


@dataclass(frozen=True)
class Recipient:
    line: int                 # where the row starts in the file
    cells: dict               # the known columns, '' when absent
    email: str                # normalised; '' when not mailing
    stems: dict               # language → file name stem, unique in this file


def slug(text: str) -> str:
    """A file-name-safe form of a name: letters (any script), digits and '-'."""
    import re
    return re.sub(r"[^\w]+", "-", text, flags=re.UNICODE).strip("-_").lower() or "x"


def check_pattern(pattern: str) -> None:
    unknown = [f for f in fields(pattern) if f not in PATTERN_FIELDS]
    if unknown:
        raise UsageError([Problem("bad-name-pattern", f"--name-pattern {pattern!r} has unknown field(s) "
                                          + ", ".join(f"{{{f}}}" for f in unknown), "--name-pattern",
                                          hint="fields: " + ", ".join(f"{{{f}}}" for f in PATTERN_FIELDS))])


def _rows(path: Path, required: tuple[str, ...]) -> tuple[list[str], list[tuple[int, dict]]]:
    """The header and (line, row) pairs of a UTF-8 CSV file, text NFC-normalised."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UsageError([Problem("not-utf8", "the recipients file is not UTF-8 text", str(path),
                                          data[:exc.start].count(b"\n") + 1,
                                          hint="save it as CSV UTF-8")]) from None
    reader = csv.DictReader(io.StringIO(unicodedata.normalize("NFC", text), newline=""))
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


def _check_characters(cells: dict, at, problems: Problems) -> None:
    from reportgen.core.fonts import missing_glyphs
    for column, value in cells.items():
        if "\r" in value or "\n" in value:
            problems.add("line-break", f"{column} {value!r} has a line break", *at(column),
                         hint="a recipients field is one line: a line break could add headers to a message")
        elif any(unicodedata.category(ch) == "Cc" for ch in value):
            problems.add("control-character", f"{column} {value!r} has a control character", *at(column),
                         hint="remove the invisible character")
        elif column in ("name", "organisation"):
            missing = missing_glyphs(value)
            if missing:
                problems.add("missing-glyph", f"{column} has characters the font cannot draw: " + " ".join(
                    f"U+{ord(c):04X}" for c in sorted(missing)), *at(column), hint="use plain characters")
            if len(value) > NAME_MAX_CHARS:
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
    from reportgen.brief.definition import SECTORS
    check_pattern(pattern)
    header, rows = _rows(path, ("email",) if mailing else ("name",))
    problems, out, used = Problems(), [], set()
    for number, (line, cells) in enumerate(rows, start=1):
        def at(column, line=line):
            return str(path), line, (header.index(column) + 1) if column in header else None
        before = len(problems.items)
        _check_characters(cells, at, problems)
        email = _check_address(cells["email"], at, problems) if mailing else ""
        if not cells["name"].strip():
            problems.add("missing-name", "the row has no name", *at("name"), hint="every brief is prepared for someone")
        langs = [cells["language"]] if cells["language"] else default_langs
        for lang in langs:
            if lang not in brief.languages:
                problems.add("bad-language", f"language {lang!r}", *at("language"),
                             hint=f"brief {brief.name!r} has {', '.join(brief.languages)}")
        if cells["sector"] and cells["sector"] not in SECTORS:
            problems.add("bad-sector", f"sector {cells['sector']!r}", *at("sector"), hint=f"one of {', '.join(SECTORS)}")
        if len(problems.items) > before:
            continue
        stems = {lang: _stem(pattern, brief.name, lang, number, cells, used) for lang in langs}
        for stem in stems.values():
            if len((stem + _LONGEST_SUFFIX).encode("utf-8")) > FILE_NAME_MAX_BYTES:
                problems.add("file-name-too-long", f"the file name {stem}{_LONGEST_SUFFIX} is over "
                             f"{FILE_NAME_MAX_BYTES} bytes", *at("name"),
                             hint="shorten the name or organisation, or use a shorter --name-pattern")
        out.append(Recipient(line, cells, email, stems))
    problems.raise_errors(UsageError)
    return out


def _stem(pattern: str, brief: str, lang: str, number: int, cells: dict, used: set) -> str:
    """The row's file name stem for ``lang``, never one an earlier row got (``-2``, ``-3``… are added)."""
    base = slug(fill(pattern, brief=brief, lang=lang, row=number, **cells))
    suffix = "" if "{lang}" in pattern else f".{lang}"
    stem, n = base + suffix, 2
    while stem in used:
        stem, n = f"{base}-{n}{suffix}", n + 1
    used.add(stem)
    return stem
