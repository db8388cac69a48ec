"""Where a run finds its briefs, templates, themes, assets and data: a search path, the user's first.

Lookup order: folders named on the command line, then the project, then what ships with reportgen. A project
is the folder holding ``reportgen.yaml``, found upward from the current folder as git finds its repository; it
keeps its own copy of the dataset (``data/``), so edits there are what its briefs print. Outside a project the
current folder still lends its ``briefs/``, ``templates/``, ``themes/`` and ``assets/``, and the data is the
shipped dataset.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from reportgen.core import files
from reportgen.core.errors import BriefError, Problems, did_you_mean
from reportgen.core.langs import LANGS
from reportgen.core.resources import builtin

PROJECT_FILE = "reportgen.yaml"
# The project file's keys: what each means is in the README's "Your own project"
PROJECT_KEYS = {"name": str, "briefs": list, "languages": list, "data": str, "mail": dict}


def find_root(start: Path) -> Path | None:
    """The nearest folder, from ``start`` upward, that holds a project file."""
    for folder in (start, *start.parents):
        if (folder / PROJECT_FILE).is_file():
            return folder
    return None


def read_settings(path: Path) -> dict:
    """The project file's settings, checked: unknown keys and wrong types are located errors."""
    raw = files.load(path, error=BriefError) or {}
    problems = Problems()
    if not isinstance(raw, dict):
        problems.add("bad-project", "a project file is a mapping of settings", path, 1)
        raw = {}
    for key, value in raw.items():
        if key not in PROJECT_KEYS:
            problems.add("unknown-field", f"unknown project setting {key!r}", path, files.line_of(raw, key),
                         hint=did_you_mean(key, PROJECT_KEYS) or f"known: {', '.join(PROJECT_KEYS)}")
        elif not isinstance(value, PROJECT_KEYS[key]):
            problems.add("bad-type", f"{key!r} must be a {PROJECT_KEYS[key].__name__}", path,
                         files.line_of(raw, key))
        elif key == "languages" and not set(value) <= set(LANGS):
            problems.add("bad-language", f"languages {value!r}", path, files.line_of(raw, key),
                         hint=f"known: {', '.join(LANGS)}")
    problems.raise_errors(BriefError)
    return dict(raw)


@dataclass
class Project:
    """The search paths of one run. ``discover`` finds the project around the current folder."""
    templates: Path | None = None
    data: Path | None = None
    reference_doc: Path | None = None
    root: Path = field(default_factory=Path.cwd)
    settings: dict = field(default_factory=dict)
    file: Path | None = None

    @classmethod
    def discover(cls, start: Path | None = None, **flags) -> "Project":
        start = (start or Path.cwd()).resolve()
        root = find_root(start)
        if root is None:
            return cls(root=start, **flags)
        return cls(root=root, settings=read_settings(root / PROJECT_FILE), file=root / PROJECT_FILE, **flags)

    def _local_first(self, folder: str, *builtin_parts: str) -> list[Path]:
        local = self.root / folder
        return ([local] if local.is_dir() else []) + [builtin(*builtin_parts)]

    @property
    def brief_dirs(self) -> list[Path]:
        return self._local_first("briefs", "briefs")

    @property
    def template_dirs(self) -> list[Path]:
        shipped = builtin("templates")
        return [p for p in (self.templates, self.root / "templates")
                if p and p.is_dir() and p.resolve() != shipped.resolve()] + [shipped]

    @property
    def theme_dirs(self) -> list[Path]:
        return self._local_first("themes", "assets", "themes")

    @property
    def asset_dirs(self) -> list[Path]:
        return self._local_first("assets", "assets")

    @property
    def data_dir(self) -> Path:
        if self.data:
            return self.data
        if self.file:
            return self.root / self.settings.get("data", "data")
        return builtin("assets", "data")

    def describe(self) -> str:
        """One line for the user: which project and which dataset this run uses."""
        where = f"project {self.root} ({PROJECT_FILE})" if self.file else "no project (built-in briefs and data)"
        data = "the shipped dataset" if self.data_dir == builtin("assets", "data") else str(self.data_dir)
        return f"{where}; dataset: {data}"
