"""Where the built-in briefs, templates and dataset live: inside the installed package, or the source tree.

A wheel carries them under ``reportgen/_builtin`` (hatch force-include); a source checkout or editable install
finds them at the repository root.
"""
from __future__ import annotations

from pathlib import Path

from reportgen.core.errors import Problem, UserError, did_you_mean

_PKG = Path(__file__).resolve().parent.parent   # the reportgen package


def builtin_root() -> Path:
    packaged = _PKG / "_builtin"
    return packaged if packaged.is_dir() else _PKG.parent


def builtin(*parts: str) -> Path:
    return builtin_root().joinpath(*parts)


def find_yaml(name: str, dirs: list[Path], what: str, error: type[UserError]) -> Path:
    """The first ``<name>.yaml`` on a search path (a brief, a theme); names cannot escape their folders."""
    if not name.replace("-", "").replace("_", "").isalnum():
        raise error([Problem(f"bad-{what}-name", f"{name!r} is not a {what} name",
                                       hint="use letters, digits, '-' and '_' only")])
    for d in dirs:
        if (d / f"{name}.yaml").is_file():
            return d / f"{name}.yaml"
    known = sorted({p.stem for d in dirs for p in d.glob("*.yaml")})
    raise error([Problem(f"unknown-{what}", f"no {what} named {name!r}",
                                   hint=did_you_mean(name, known) or f"known {what}s: {', '.join(known)}")])


def available(dirs: list[Path]) -> dict[str, Path]:
    """Every ``<name>.yaml`` on a search path by name, each the one a lookup finds (the earliest folder wins)."""
    out = {}
    for d in reversed(dirs):
        out.update({p.stem: p for p in sorted(d.glob("*.yaml"))})
    return dict(sorted(out.items()))


def find_parent(name: str, path: Path, dirs: list[Path], what: str, error: type[UserError]) -> Path:
    """The file that ``path`` extends when it says ``extends: name``. A file that extends its own name extends
    the next file of that name on the search path: a project's ``themes/investor.yaml`` that says ``extends:
    investor`` changes the built-in investor theme for every brief of the project, as a template override
    extends ``default:`` (it is a cycle only when no such file follows)."""
    if name != path.stem:
        return find_yaml(name, dirs, what, error)
    folders = [d.resolve() for d in dirs]
    start = folders.index(path.parent.resolve()) + 1 if path.parent.resolve() in folders else len(dirs)
    later = [d for d in dirs[start:] if (d / f"{name}.yaml").is_file()]
    if not later:
        raise error([Problem("extends-cycle", f"{what} {name!r} extends itself", str(path),
                             hint=f"no other {what} named {name!r} follows on the search path; extend another "
                                  f"{what}, or give yours a name of its own")])
    return later[0] / f"{name}.yaml"
