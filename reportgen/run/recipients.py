"""Recipients files (CSV): every row is checked before anything is built or sent, and every problem is listed.

The columns are declared once, here: the fixed ones (``COLUMNS``) and one for each parameter the brief declares
(``columns``), which a row's cell sets (an empty cell leaves its default). Any other column is an error at its
place in the header, with the closest known column: a misspelt ``organization`` would otherwise be ignored, and a
mail-merge go out without the organisation.

A row is checked for what would otherwise stop a batch half-way, or, worse, succeed wrongly: the address, and
line breaks that could add mail headers (when mailing), the language and the parameters, and the length of the name and
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

from reportgen.core.errors import Problem, Problems, RenderError, UsageError, did_you_mean
from reportgen.core.placeholders import fields, fill

COLUMNS = ("email", "name", "organisation", "language", "sector")   # sector: for a brief that declares it
OWN_COLUMNS = ("email", "language")     # the row's own; every other column fills a brief parameter
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


def columns(brief) -> tuple[str, ...]:
    """The columns a recipients file for ``brief`` may have: the fixed ones, and its declared parameters (but
    recipient_name and recipient_org, which ``name`` and ``organisation`` fill)."""
    from reportgen.brief.parameters import ROW_KEYS
    return COLUMNS + tuple(p for p in brief.parameters if p not in ROW_KEYS.values() and p not in COLUMNS)


def check_pattern(pattern: str, known: tuple[str, ...]) -> None:
    """The file-name pattern's fields are ``{brief}``, ``{lang}``, ``{row}`` and the ``known`` columns."""
    allowed = ("brief", "lang", "row") + known
    unknown = [f for f in fields(pattern) if f not in allowed]
    if unknown:
        close = did_you_mean(unknown[0], allowed)
        listed = "fields: " + ", ".join(f"{{{f}}}" for f in allowed)
        raise UsageError([Problem("bad-name-pattern", f"--name-pattern {pattern!r} has unknown field(s) "
                                  + ", ".join(f"{{{f}}}" for f in unknown), "--name-pattern",
                                  hint=f"{close} {listed}" if close else listed)])


def _check_header(header: list[str], known: tuple[str, ...], required: tuple[str, ...], path: Path) -> None:
    """Every column named once and known, and the ``required`` ones there; else a ``UsageError`` at line 1."""
    from reportgen.brief.parameters import ROW_KEYS
    problems, listed = Problems(), f"columns: {', '.join(known)}"
    missing = [c for c in required if c not in header]
    if missing:
        problems.add("bad-recipients", f"the recipients file lacks column(s) {missing}", path, 1, hint=listed)
    filled_by = {param: column for column, param in ROW_KEYS.items()}
    for number, column in enumerate(header, start=1):
        if column in header[:number - 1]:
            problems.add("duplicate-column", f"column {column!r} appears twice", path, 1, number,
                         hint="keep one of them")
        elif not column.strip():
            problems.add("unknown-column", f"column {number} has no name", path, 1, number,
                         hint=f"name it or delete it; {listed}")
        elif column not in known:
            hint = (f"the column {filled_by[column]!r} fills {column}" if column in filled_by else
                    did_you_mean(column, known) or listed)
            problems.add("unknown-column", f"unknown column {column!r}", path, 1, number, hint=hint)
    problems.raise_errors(UsageError)


def _rows(path: Path, known: tuple[str, ...], required: tuple[str, ...]) -> tuple[list[str], list[tuple[int, dict]]]:
    """The header and (line, row) pairs of a UTF-8 CSV file, its text tidied (``core.text.read``); the header is
    checked first."""
    from reportgen.core.text import read as read_text
    reader = csv.DictReader(io.StringIO(read_text(path, UsageError).removeprefix("\ufeff"), newline=""))
    header = reader.fieldnames or []
    _check_header(header, known, required, path)
    rows = []
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return header, rows
        except csv.Error as exc:
            raise UsageError([Problem("bad-csv", str(exc), str(path), start)]) from None
        if None in row:        # more fields than the header: an unquoted comma split a field, or a stray column
            raise UsageError([Problem("extra-fields", f"the row has {len(header) + len(row[None])} fields, the "
                                      f"header {len(header)}: {', '.join(map(repr, row[None]))} left over",
                                      str(path), start, len(header) + 1,
                                      hint='put a field that holds a comma in double quotes: "Example, Inc."')])
        rows.append((start, {c: (row.get(c) or "") for c in known}))


def _check_cells(cells: dict, at, mailing: bool, problems: Problems, glyphs: Problems) -> None:
    from reportgen.core.fonts import missing_glyphs
    for column, value in cells.items():
        if mailing and ("\r" in value or "\n" in value):
            problems.add("line-break", f"{column} {value!r} has a line break", *at(column),
                         hint="a recipients field is one line: a line break could add headers to a message")
        elif column in ("name", "organisation") and len(value) > NAME_MAX_CHARS:
            problems.add("too-long", f"{column} has {len(value)} characters", *at(column),
                         hint=f"at most {NAME_MAX_CHARS}")
        elif column in ("name", "organisation") and (missing := missing_glyphs(value)):
            glyphs.add("missing-glyph", "the font has no glyph for: " + " ".join(
                f"{c} (U+{ord(c):04X})" for c in sorted(missing)), *at(column),
                hint="the cover prints it: use plain characters (no emoji)")


def _duplicate(cells: dict, email: str, line: int, seen: dict, at, problems: Problems) -> bool:
    """A row that repeats an earlier one (the address in any letter case, every other cell alike) would be built
    and mailed twice: an error at the repeat, naming the first."""
    key = (email.casefold() or cells["email"].casefold(),) + tuple(
        " ".join(v.split()).casefold() for c, v in sorted(cells.items()) if c != "email")
    if key in seen:
        problems.add("duplicate-row", f"this row repeats line {seen[key]}", *at("email" if email else "name"),
                     hint="delete one of them: each row is one brief (and one message)")
        return True
    seen[key] = line
    return False


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
    known = columns(brief)
    check_pattern(pattern, known)
    header, rows = _rows(path, known, ("email",) if mailing else ("name",))
    problems, glyphs, out, used, seen = Problems(), Problems(), [], set(), {}
    for number, (line, cells) in enumerate(rows, start=1):
        def at(column, line=line):
            return str(path), line, (header.index(column) + 1) if column in header else None
        before = len(problems.items) + len(glyphs.items)
        _check_cells(cells, at, mailing, problems, glyphs)
        email = _check_address(cells["email"], at, problems) if mailing else ""
        if _duplicate(cells, email, line, seen, at, problems):
            continue
        langs = [cells["language"]] if cells["language"] else default_langs
        for lang in langs:
            if lang not in brief.languages:
                problems.add("bad-language", f"language {lang!r}", *at("language"),
                             hint=f"brief {brief.name!r} has {', '.join(brief.languages)}")
        given = parameters.from_row({c: v for c, v in cells.items() if c not in OWN_COLUMNS}, at)
        parameters.check(brief.parameters, given, problems, f"brief {brief.name!r}")
        if len(problems.items) + len(glyphs.items) > before:
            continue
        out.append(Recipient(line, cells, email, {lang: _stem(pattern, brief.name, lang, number, cells, used)
                                                  for lang in langs}, given))
    if problems.errors:
        raise UsageError(problems.errors + glyphs.errors)
    glyphs.raise_errors(RenderError)       # every row checked before anything is built, each at its cell
    return out


def _stem(pattern: str, brief: str, lang: str, number: int, cells: dict, used: set) -> str:
    """The row's file name stem for ``lang``, short enough for any file system, and never one an earlier row got
    (``-2``, ``-3``… are added)."""
    from reportgen.run.staging import fit_name
    base = fit_name(slug(fill(pattern, **{**cells, "brief": brief, "lang": lang, "row": number})))
    if base == slug(brief):       # a row with no name or organisation: never the plain brief's own file
        base = f"{base}-row{number}"
    suffix = "" if "{lang}" in pattern else f".{lang}"
    stem, n = base + suffix, 2
    while stem in used:
        stem, n = f"{base}-{n}{suffix}", n + 1
    used.add(stem)
    return stem
