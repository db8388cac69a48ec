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
from functools import lru_cache
from typing import Literal

from reportgen.core import confine
from reportgen.core.errors import BriefError
from reportgen.core.langs import LANGS
from reportgen.core.resources import builtin

PROJECT_FILE = "reportgen.yaml"


@lru_cache(maxsize=1)
def project_file_schema():
    """The project file's schema: what each key means is in the README's "Your own project". Declared on first
    use, so that commands which never read a project file do not import pydantic (``--help`` stays instant)."""
    from pydantic import Field
    from reportgen.core.mail_settings import MailSettings
    from reportgen.core.schema import Schema

    class ProjectFile(Schema):
        name: str | None = None
        briefs: list[str] | None = None
        languages: list[Literal[LANGS]] | None = Field(default=None, min_length=1)
        data: str | None = None
        mail: MailSettings | None = None        # SMTP settings, merged with mail.yaml's by run/smtp.py

    return ProjectFile


def find_root(start: Path) -> Path | None:
    """The nearest folder, from ``start`` upward, that holds a project file."""
    for folder in (start, *start.parents):
        if (folder / PROJECT_FILE).is_file():
            return folder
    return None


def read_settings(path: Path) -> dict:
    """The project file's settings, checked against its schema: unknown keys and wrong types are located
    errors."""
    from reportgen.core import files       # here, not above: ``--help`` never parses YAML
    from reportgen.core.schema import validate
    raw = files.load(path, error=BriefError)
    validate(project_file_schema(), raw if raw is not None else {}, path, BriefError, "project file")
    return dict(raw or {})


@dataclass
class Project:
    """The search paths of one run. ``discover`` finds the project around the current folder."""
    templates: Path | None = None
    data: Path | None = None
    reference_doc: Path | None = None
    pdf_engine: str | None = None      # --pdf-engine: wins over the brief's and the theme's choice
    pdf_standard: str | None = None    # --pdf-standard: Typst's PDF/UA-1 (default), or with PDF/A-2a
    theme: str | None = None           # --theme: wins over the theme each brief names
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

    def _own(self, folder: str | Path, what: str) -> Path:
        """The project's ``folder``, refused if it is a link that leads out of the project (core/confine.py)."""
        return confine.check(self.root / folder, self.root, f"the {what} folder")

    def _local_first(self, folder: str, *builtin_parts: str) -> list[Path]:
        local = self.root / folder
        return ([self._own(folder, folder)] if local.is_dir() else []) + [builtin(*builtin_parts)]

    @property
    def brief_dirs(self) -> list[Path]:
        return self._local_first("briefs", "briefs")

    @property
    def template_dirs(self) -> list[Path]:
        shipped = builtin("templates")
        own = self.root / "templates"
        own = self._own("templates", "templates") if own.is_dir() and own.resolve() != shipped.resolve() else None
        return [p for p in (self.templates, own) if p and p.is_dir()] + [shipped]

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
            return self._confined(self.root / self.settings.get("data", "data"), "the dataset folder")
        return builtin("assets", "data")

    def _confined(self, path: Path, what: str) -> Path:
        """A folder written inside the project (the dataset, ``--out``) must stay there once links are followed
        (``out -> ~`` would overwrite files elsewhere); one written as a path elsewhere, in the project file or
        on the command line, is the user's visible choice."""
        return confine.check(path, self.root, what) if confine.lexically_inside(path, self.root) else path

    def check_out(self, out: Path) -> None:
        """``out`` as ``_confined`` says, and, inside the project, no link in it either: a shipped
        ``out/outbox.sqlite -> ~/x`` would be written through."""
        self._confined(Path(out), "the output folder")
        if confine.lexically_inside(out, self.root) and Path(out).is_dir():
            confine.check_tree(Path(out), "a file in the output folder")

    def check_given(self, path: str | Path | None, what: str) -> None:
        """A file named on the command line (``--params``, ``--recipients``, ``--config``, ``--reference-doc``)
        as ``_confined`` says: one in the project is the project's, and a link in it to outside is refused (a
        shipped ``params.yaml -> ~/x`` would print another file's text in the brief)."""
        if path:
            self._confined(Path(path), what)

    def describe(self) -> str:
        """One line for the user: which project and which dataset this run uses."""
        where = f"project {self.root} ({PROJECT_FILE})" if self.file else "no project (built-in briefs and data)"
        data = "the shipped dataset" if self.data_dir == builtin("assets", "data") else str(self.data_dir)
        return f"{where}; dataset: {data}"
