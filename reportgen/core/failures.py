"""Every failure as a message for people: the CLI shows this instead of a traceback.

The user's own mistakes are already ``UserError``s with a location. What remains is the machine (a file system
that refuses a write, memory running out), a broken installation, or a bug in reportgen: each still gets a
message, a hint and a documented exit code (8 for the machine, 70 for a bug; ``--debug`` shows the traceback).
"""
from __future__ import annotations

from reportgen.core.errors import InternalError, MachineError, Problem, UsageError, UserError


def as_user_error(exc: Exception) -> UserError:
    """Any failure as a ``UserError``: the user's own mistakes already are; the rest say what happened."""
    if isinstance(exc, UserError):
        return exc
    if isinstance(exc, ImportError):    # reportgen run by a Python it was not installed into
        return UsageError([Problem("cannot-run", f"reportgen cannot run here: {exc}", hint=(
            "install it with its dependencies (`pip install .` in a virtual environment, as the README says) and "
            "run that environment's reportgen"))])
    if isinstance(exc, OSError):
        return MachineError([Problem("os-error", exc.strerror or str(exc), str(exc.filename or ""),
                                            hint="check the file, its folder's permissions and the free space")])
    if isinstance(exc, MemoryError):
        return MachineError([Problem("out-of-memory", "the machine ran out of memory",
                                            hint="build fewer briefs at once (--jobs 1)")])
    return InternalError([Problem("internal-error", f"{type(exc).__name__}: {exc}",
                                          hint="this is a bug in reportgen: please report it with the output of "
                                               "the same command run with --debug")])
