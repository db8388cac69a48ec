"""Commands that bring a new document into the dataset: ``extract`` (a review sheet of its quantities) and
``sources add`` (its record in sources.yaml). Their libraries are imported inside the commands."""
from __future__ import annotations

from pathlib import Path

import click

from reportgen.cli import _project, main
from reportgen.cli.output import out as say
from reportgen.core.errors import DataError, Problem, UsageError

_SHEETS = (".csv", ".xlsx")


def _dataset(data):
    from reportgen.data import dataset
    project = _project(None, data)
    ds = dataset.load(project.data_dir)
    ds.problems.raise_errors(DataError)
    return project, ds


@main.command(short_help="Read documents into a review sheet of quoted quantities, matched against the dataset.")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("-o", "--out", "sheet", type=click.Path(dir_okay=False),
              help="The review sheet, .csv or .xlsx [default: <first file's name>.review.csv].")
@click.option("--source", "source_id", metavar="ID",
              help="The dataset's source the documents are (default: the source with the file's name).")
@click.option("--data", type=click.Path(exists=True, file_okay=False), help="Dataset folder (default: the project's).")
def extract(files, sheet, source_id, data):
    """Read FILES (.txt, .md, .html, .docx, or .pdf with a text layer; Chinese, simplified or traditional, and
    English) and write one row per quantity: value, unit, qualifier, status, period, the sentence quoted verbatim
    with its locator, a suggested label and entity, and how it compares with the dataset (match: same, update,
    conflict or new; matched; related).

    Review the sheet (keep, correct, give ids, metrics and labels), then `reportgen import-facts SHEET`; rows
    marked `same` are left out there, the dataset holds them already.
    """
    from reportgen.extract.pipeline import extract as rows_of
    from reportgen.extract.sheet import write
    paths = [Path(f) for f in files]
    target = Path(sheet) if sheet else Path(paths[0].name.rsplit(".", 1)[0] + ".review.csv")
    if target.suffix.lower() not in _SHEETS:
        raise UsageError([Problem("bad-sheet-name", f"--out: {target.name} is neither .csv nor .xlsx", str(target))])
    _, ds = _dataset(data)
    rows = rows_of(paths, ds, source_id, lambda p: say.warn(str(p)))
    write(rows, target)
    counts = {kind: sum(r["match"] == kind for r in rows) for kind in ("same", "update", "conflict", "new")}
    say.info(f"{len(rows)} quantities from {len(paths)} document(s): "
             + ", ".join(f"{n} {kind}" for kind, n in counts.items()))
    say.result(target)


@main.group(short_help="Register source documents in the dataset.")
def sources():
    """The dataset's source documents (sources.yaml)."""


@sources.command(name="add", short_help="Register a document in sources.yaml.")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--title", required=True, help="Its title, as the document prints it.")
@click.option("--title-en", default="", help="Its title in English (default: --title).")
@click.option("--publisher", required=True, help="Who published it, as the document names them.")
@click.option("--publisher-en", default="", help="The publisher in English (default: --publisher).")
@click.option("--date", default="", help="Its date, no more precise than it gives: YYYY, YYYY-MM or YYYY-MM-DD.")
@click.option("--kind", default="report", show_default=True, help="news, report, bulletin, …")
@click.option("--id", "sid", help="Its id (default: from the file's name).")
@click.option("--data", type=click.Path(exists=True, file_okay=False), help="Dataset folder (default: the project's).")
def sources_add(file, title, title_en, publisher, publisher_en, date, kind, sid, data):
    """Add FILE to the dataset's sources.yaml, with one article per heading when it holds several. Its facts
    then go into facts/<file name>….csv (see `reportgen extract` and `import-facts`), and `reportgen check
    --sources FOLDER` verifies their quotes against it, in the folder that holds it."""
    from reportgen.extract import register
    project, ds = _dataset(data)
    if not data and not project.file:
        raise UsageError([Problem("no-project", "sources add needs a dataset to write to", hint=(
            "run it inside a project (`reportgen init DIR` makes one) or name the folder with --data"))])
    rec = register.record(Path(file), ds, sid, title, title_en, publisher, publisher_en, date, kind)
    register.append(project.data_dir / "sources.yaml", rec)
    articles = len(rec.get("articles", []))
    say.info(f"source {rec['id']} added to {project.data_dir / 'sources.yaml'}"
             + (f" with {articles} articles (by their headings: check their titles)" if articles else ""))
    say.result(rec["id"])
