"""Where the built-in briefs, templates and dataset live: inside the installed package, or the source tree.

A wheel carries them under ``reportgen/_builtin`` (hatch force-include); a source checkout or editable install
finds them at the repository root.
"""
from __future__ import annotations

import dataclasses
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
    from reportgen.core import confine
    for d in dirs:
        if (d / f"{name}.yaml").is_file():
            return confine.check(d / f"{name}.yaml", d, f"the {what} file")
    known = sorted({p.stem for d in dirs for p in d.glob("*.yaml")})
    raise error([Problem(f"unknown-{what}", f"no {what} named {name!r}",
                                   hint=did_you_mean(name, known) or f"known {what}s: {', '.join(known)}")])


def available(dirs: list[Path]) -> dict[str, Path]:
    """Every ``<name>.yaml`` on a search path by name, each the one a lookup finds (the earliest folder wins)."""
    out = {}
    for d in reversed(dirs):
        out.update({p.stem: p for p in sorted(d.glob("*.yaml"))})
    return dict(sorted(out.items()))


def find_parent(name: str, path: Path, dirs: list[Path], what: str, error: type[UserError],
                at: tuple = (None, None), chain: tuple = ()) -> Path:
    """The file that ``path`` extends when it says ``extends: name``; an unknown name or a cycle is an error
    located ``at`` (the line and column of that ``extends:``). ``chain``: the resolved paths of the files that led
    here, ``path`` last. A file that extends its own name extends the next file of that name on the search path:
    a project's ``themes/investor.yaml`` that says ``extends: investor`` changes the built-in investor theme for
    every brief of the project, as a template override extends ``default:``."""
    def fail(code: str, message: str, hint: str) -> UserError:
        return error([Problem(code, message, str(path), *at, hint=hint)])
    if name != path.stem:
        try:
            parent = find_yaml(name, dirs, what, error)
        except UserError as exc:         # told where the name is written, not as a bare lookup failure
            raise error([dataclasses.replace(p, file=str(path), line=at[0], column=at[1])
                         for p in exc.problems]) from None
    else:
        folders = [d.resolve() for d in dirs]
        start = folders.index(path.parent.resolve()) + 1 if path.parent.resolve() in folders else len(dirs)
        later = [d for d in dirs[start:] if (d / f"{name}.yaml").is_file()]
        if not later:
            raise fail("extends-cycle", f"{what} {name!r} extends itself",
                       f"no other {what} named {name!r} follows on the search path; extend another {what}, or "
                       "give yours a name of its own")
        parent = later[0] / f"{name}.yaml"
    if parent.resolve() in chain:
        names = [p.stem for p in chain] + [name]
        raise fail("extends-cycle", f"{what} {names[0]!r} extends itself: " + " → ".join(names),
                   f"a {what} cannot extend a {what} that extends it; give yours a name of its own")
    return parent
