"""Input text that is odd but valid is kept: one place that tidies every text a project feeds in.

Text arrives from YAML, CSV, templates, parameters and recipients files, typed on many keyboards: a name may be
typed decomposed ("Jose" + a combining accent), a file may start with a byte-order mark, a pasted word may hide
zero-width spaces. Those are normalised (NFC) or dropped silently. Control characters are removed with a
warning. Bytes that are not UTF-8 are a located error.
"""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from reportgen.core.errors import CONTROL_CHARS, Problem, UserError

# Zero-width space, word joiner, BOM / zero-width no-break space, soft hyphen: invisible, dropped.
_INVISIBLE = re.compile("[\u200b\u2060\ufeff\u00ad]")
# C0/C1 controls except tab, newline and carriage return (which are white space in every format we read).


def clean(text: str) -> tuple[str, int]:
    """``text`` in NFC without invisible characters or control characters, and how many controls were removed."""
    text = unicodedata.normalize("NFC", _INVISIBLE.sub("", text))
    text, removed = CONTROL_CHARS.subn("", text)
    return text, removed


def one_line(text: str, what: str) -> str:
    """A parameter (a recipient's name) cleaned and on one line: blank lines and line breaks become spaces, so it
    prints whole where a template puts it. Removed control characters are warned about, naming ``what``."""
    text, removed = clean(text)
    if removed:
        _warn(Problem("control-characters", f"{removed} control character(s) removed from {what}",
                      severity="warning"))
    return " ".join(text.split())


def rendered(text: str, where: str) -> str:
    """A template's output cleaned like any input text (its file may hold a BOM or decomposed letters)."""
    text, removed = clean(text)
    if removed:
        _warn(Problem("control-characters", f"{removed} control character(s) removed from the text", where,
                      severity="warning"))
    return text


def read(path: Path, error: type[UserError], warn=None) -> str:
    """A text file's content, cleaned; a file that is not UTF-8 is an error naming the line of the first bad byte.

    Removed control characters are reported to ``warn`` (default: a warning line on standard error)."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise error([Problem("bad-encoding", f"byte 0x{data[exc.start]:02x} is not UTF-8", str(path), line,
                                         column, "save the file as UTF-8 (in Excel: 'CSV UTF-8')")]) from None
    text, removed = clean(text)
    if removed:
        (warn or _warn)(Problem("control-characters", f"{removed} control character(s) removed", str(path),
                     hint="they are invisible and cannot be printed", severity="warning"))
    return text


def _warn(problem: Problem) -> None:
    import sys
    print(str(problem), file=sys.stderr)


LINK_SCHEMES = ("http", "https", "mailto")


def linkable(url: str) -> bool:
    """Whether ``url`` may become a link: http(s) or mailto only, written plainly (``javascript:``, ``file:``,
    ``smb:``… and anything with spaces or control characters around or in its scheme are not)."""
    from urllib.parse import urlsplit
    return url == url.strip() and url.isprintable() and urlsplit(url).scheme.lower() in LINK_SCHEMES
