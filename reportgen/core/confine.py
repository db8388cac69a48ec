"""A project reaches nothing outside itself: decided on real paths, for its folders and for each file read.

A folder of a project (``templates``, ``assets``, ``themes``, ``briefs``, the dataset, ``out``) may itself be a
symlink, and so may any folder or file under it. Checking a file against its folder *after* resolving the folder
would let ``templates -> ..`` through, so both are resolved and compared with the project's real root: a folder
or file whose real path leaves it is refused, never followed. Paths given on the command line (``--templates``,
``--data``, an ``--out`` elsewhere) are the user's own choice and are not confined.
"""
from __future__ import annotations

import os
from pathlib import Path

from reportgen.core.errors import BriefError, Problem, UserError


def inside(path: Path, folder: Path) -> bool:
    """Whether ``path``'s real path lies in ``folder``'s real path (both resolved, symlinks and ``..`` alike)."""
    root, real = os.path.realpath(folder), os.path.realpath(path)
    return os.path.commonpath([root, real]) == root


def lexically_inside(path: Path, folder: Path) -> bool:
    """Whether ``path``, as written (made absolute, ``..`` folded, no link followed), lies in ``folder``."""
    root, written = os.path.abspath(folder), os.path.abspath(path)
    return os.path.commonpath([root, written]) == root


def check(path: Path, root: Path, what: str, error: type[UserError] = BriefError) -> Path:
    """``path`` if its real path stays in ``root``; otherwise a located ``outside-project`` error."""
    if inside(path, root):
        return path
    raise error([Problem("outside-project",
                         f"{what} {path.name!r} is a link that leads outside {root} (to {os.path.realpath(path)})",
                         str(path), hint="copy what it points to into the project: links out of a project are "
                                         "not followed, neither for reading nor for writing")])


def check_tree(folder: Path, what: str, error: type[UserError] = BriefError) -> None:
    """Every link under ``folder`` (to a file or a folder, at any depth) must stay in it: a dataset's
    ``facts/x.csv -> ~/private.csv`` is refused before anything is read."""
    for top, dirs, names in os.walk(folder):
        for name in dirs + names:
            path = Path(top) / name
            if path.is_symlink():
                check(path, folder, what, error)
