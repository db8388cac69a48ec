"""Errors as data: every user-facing problem has a code, a location and a hint.

A run collects all the problems it can find before it stops (like frictionless' reports), and the CLI turns
them into ``file:line:column: error CODE: message`` lines and an exit code per kind, never a traceback.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

# Characters a terminal would act on rather than show: removed from input text, escaped in messages
CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def shown(text: str) -> str:
    """``text`` safe to print on a terminal: control characters appear as escapes (\\x1b), never raw."""
    return CONTROL_CHARS.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)

@dataclass(frozen=True)
class Problem:
    code: str
    message: str
    file: str = ""
    line: int | None = None
    column: int | None = None
    hint: str = ""
    severity: str = "error"   # or "warning"

    @property
    def location(self) -> str:
        """``file:line:column`` as far as known; '' for a problem with no file (a command-line value)."""
        if not self.file:
            return ""
        parts = [self.file]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def __str__(self) -> str:
        """One line (and a hint); control characters from user text are shown escaped, never sent raw."""
        text = f"{self.location + ': ' if self.location else ''}{self.severity} {self.code}: {self.message}"
        return shown(text) + (f"\n    hint: {shown(self.hint)}" if self.hint else "")


class UserError(Exception):
    """One or more problems the user can fix. Each kind of failure is a subclass with its own exit code (as
    pandoc's ``PandocError`` constructors map to exit codes), so the code is known where the error is raised."""
    exit_code = 1
    kind = "error"

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class UsageError(UserError):
    """The command line or its inputs (names, options, recipients, parameters) are wrong."""
    exit_code, kind = 2, "usage"


class BriefError(UserError):
    """A brief definition or theme is wrong."""
    exit_code, kind = 3, "brief"


class DataError(UserError):
    """The dataset does not validate."""
    exit_code, kind = 4, "data"


class TemplateError(UserError):
    """A template does not render."""
    exit_code, kind = 5, "template"


class RenderError(UserError):
    """The document cannot be drawn (a character without a glyph, an unreadable reference document)."""
    exit_code, kind = 6, "render"


class DeliveryError(UserError):
    """Mail could not be delivered."""
    exit_code, kind = 7, "delivery"


class MachineError(UserError):
    """The machine refused: a folder not writable, a full disk, a worker process killed, a scheduler unreachable."""
    exit_code, kind = 8, "machine"


class InternalError(UserError):
    """A bug in reportgen, told as a message (``--debug`` shows the traceback)."""
    exit_code, kind = 70, "internal"


ERROR_TYPES = (UsageError, BriefError, DataError, TemplateError, RenderError, DeliveryError, MachineError,
               InternalError)


class UnknownName(Exception):
    """A name a brief or template uses (a fact, series, chart) that does not exist; the caller locates it."""

    def __init__(self, message: str, hint: str = ""):
        self.message, self.hint = message, hint
        super().__init__(message)


@dataclass
class Problems:
    """A collector: add everything found, then ``raise_errors`` once."""
    items: list[Problem] = field(default_factory=list)

    def add(self, code: str, message: str, file: str = "", line: int | None = None, column: int | None = None,
            hint: str = "", severity: str = "error") -> None:
        self.items.append(Problem(code, message, str(file), line, column, hint, severity))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "warning"]

    def raise_errors(self, error: type[UserError]) -> None:
        if self.errors:
            raise error(self.errors)


def did_you_mean(name: str, known) -> str:
    """A hint naming the closest known name, or ''."""
    import difflib
    close = difflib.get_close_matches(str(name), [str(k) for k in known], n=1, cutoff=0.6)
    return f"did you mean {close[0]!r}?" if close else ""
