"""Commands that set up a user's own project: ``init`` and ``reference-doc``."""
from __future__ import annotations

import shutil
from pathlib import Path

import click

from reportgen.cli import main
from reportgen.cli.output import out as say
from reportgen.core.errors import Problem, UsageError
from reportgen.core.project import PROJECT_FILE
from reportgen.core.resources import builtin

_PROJECT_YAML = """\
# A reportgen project. Commands run in this folder or below it use its briefs/, themes/, templates/ and data/
# before the built-in ones (`reportgen build -v` says which project and dataset a run uses).
name: {name}
briefs: [investor]      # what `reportgen build` builds when no brief is named
languages: [en, zh]
data: data              # this project's copy of the dataset: edit it, then run `reportgen check`
# mail:                 # SMTP settings (host, port, sender...); the password never goes in a file
"""

_READMES = {
    "briefs": "Brief definitions (YAML). A file here with a built-in brief's name replaces it; `extends: investor`\n"
              "starts from a built-in brief. `reportgen list` shows every brief this project can build.\n",
    "themes": "Themes (YAML): colours, logo, page size, margins, Word reference document. `extends: investor` starts\n"
              "from a built-in theme and changes only what you write (`primary: \"#7A1F5C\"`). Name one in a brief with\n"
              "`theme: NAME`. Logos (an SVG or a PNG) and reference documents go in assets/.\n",
    "templates": "Template overrides. Put only the files you change here, under the same path as the built-in one\n"
                 "(`reportgen templates list BRIEF` shows the paths); everything else stays built-in and keeps\n"
                 "getting fixes. `{% extends \"default:investor/en/policy.md.j2\" %}` changes one block only.\n",
    "assets": "Images (logos) and Word reference documents that themes name.\n",
}


@main.command(short_help="Make a working project in FOLDER, with a copy of the dataset.")
@click.argument("folder", type=click.Path(file_okay=False))
def init(folder):
    """Make a working project in FOLDER: reportgen.yaml, briefs/, themes/, templates/, assets/ and a copy of
    the dataset in data/ (so your edits to it are what your briefs print)."""
    root = Path(folder)
    if (root / PROJECT_FILE).exists() or (root / "data").exists():
        raise UsageError([Problem("exists", f"{root} already holds a project", str(root),
                                  hint="choose an empty or new folder; nothing is overwritten")])
    root.mkdir(parents=True, exist_ok=True)
    (root / PROJECT_FILE).write_text(_PROJECT_YAML.format(name=root.resolve().name), encoding="utf-8")
    for sub, text in _READMES.items():
        (root / sub).mkdir(exist_ok=True)
        (root / sub / "README.md").write_text(text, encoding="utf-8")
    shutil.copytree(builtin("assets", "data"), root / "data")
    say.info(f"made a project in {root}: {PROJECT_FILE}, briefs/, themes/, templates/, assets/, data/")
    say.info(f"next: cd {root} && reportgen build")


@main.command(name="reference-doc", short_help="Write a starter Word reference document to FILE.")
@click.argument("file", type=click.Path(dir_okay=False))
def reference_doc(file):
    """Write a starter Word reference document to FILE: every style the Word output uses. Change the styles in
    Word (fonts, sizes, colours, spacing: what a style sets wins over the theme; Chinese text keeps the embedded
    face), then build with `--reference-doc FILE` or a theme's `reference_docx`."""
    target = Path(file)
    if target.suffix.lower() != ".docx":
        raise UsageError([Problem("bad-reference-doc", f"{target.name} is not a .docx file name", str(target))])
    if target.exists():
        raise UsageError([Problem("exists", f"{target} already exists", str(target), hint="nothing is overwritten")])
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(builtin("assets", "reference.docx"), target)
    say.info(f"wrote {target}: edit its styles in Word, then `reportgen build BRIEF --reference-doc {target}`")
