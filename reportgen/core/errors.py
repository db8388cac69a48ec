"""Errors as data: every user-facing problem has a code, a location and a hint.

A run collects all the problems it can find before it stops (like frictionless' reports), and the CLI turns
them into ``file:line:column: error CODE: message`` lines and an exit code per kind, never a traceback.
"""
from __future__ import annotations

from dataclasses import dataclass, field

# Exit codes per kind of failure (documented in the README).
EXIT_CODES = {"usage": 2, "brief": 3, "data": 4, "template": 5, "render": 6, "delivery": 7, "system": 8,
              "internal": 70}


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
        parts = [self.file or "<input>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def __str__(self) -> str:
        """One line (and a hint); control characters from user text are shown escaped, never sent raw."""
        from reportgen.core.text import shown
        text = f"{self.location}: {self.severity} {self.code}: {self.message}"
        return shown(text) + (f"\n    hint: {shown(self.hint)}" if self.hint else "")


class UserError(Exception):
    """One or more problems the user can fix; ``kind`` picks the exit code."""

    def __init__(self, kind: str, problems: list[Problem]):
        self.kind = kind
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))

    @property
    def exit_code(self) -> int:
        return EXIT_CODES[self.kind]


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

    def raise_errors(self, kind: str) -> None:
        if self.errors:
            raise UserError(kind, self.errors)


def did_you_mean(name: str, known) -> str:
    """A hint naming the closest known name, or ''."""
    import difflib
    close = difflib.get_close_matches(str(name), [str(k) for k in known], n=1, cutoff=0.6)
    return f"did you mean {close[0]!r}?" if close else ""
