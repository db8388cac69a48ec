"""The ``reportgen`` command. Heavy libraries are imported inside commands, so ``--help`` stays instant.

User errors print as ``file:line:col: error CODE: message`` with a hint and exit with a code per kind
(2 usage, 3 brief, 4 data, 5 template, 6 render, 7 delivery); ``--debug`` shows the traceback instead.
"""
from __future__ import annotations

import sys
from pathlib import Path

import click

from reportgen.core.errors import EXIT_CODES, Problem, UserError

LANG_CHOICES = click.Choice(["en", "zh", "all"])
FORMAT_CHOICES = click.Choice(["pdf", "docx", "all"])


def _params(pairs: tuple[str, ...]) -> dict:
    out = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"{pair!r} is not KEY=VALUE", param_hint="--param")
        out[key.strip()] = value.strip()
    return out


class _Group(click.Group):
    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except ImportError as exc:        # reportgen run by a Python it was not installed into
            if ctx.params.get("debug"):
                raise
            click.secho(f"reportgen cannot run here: {exc}. Install it with its dependencies (`pip install .` "
                        "in a virtual environment, as the README says) and run that environment's reportgen.",
                        fg="red", err=True)
            ctx.exit(EXIT_CODES["usage"])
        except UserError as exc:
            if ctx.params.get("debug"):
                raise
            for p in exc.problems:
                click.secho(str(p), fg="red", err=True)
            n = len(exc.problems)
            written = "" if exc.kind == "delivery" else "; nothing was written"     # delivery: see the summary
            click.secho(f"{n} error{'s' if n != 1 else ''}{written}.", err=True)
            ctx.exit(exc.exit_code)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show Python tracebacks for errors (for developers).")
@click.version_option(package_name="reportgen")
def main(debug: bool) -> None:
    """Build sourced investor and SDG briefs about Beijing Future Science City as PDF and Word.

    Every figure in a brief comes from the shipped dataset, with its source and the quote it was read from.
    Start with `reportgen build investor`; `reportgen list` shows the briefs.
    """


def _project(templates, data, reference_doc=None):
    from reportgen.run.builder import Project
    absolute = lambda p: Path(p).resolve() if p else None    # workers elsewhere must find the same files
    return Project(templates=absolute(templates), data=absolute(data), reference_doc=absolute(reference_doc))


@main.command()
@click.argument("brief", required=False)
@click.option("--lang", type=LANG_CHOICES, default="all", show_default=True, help="Language(s) to build.")
@click.option("--format", "fmt", type=FORMAT_CHOICES, default="all", show_default=True, help="Output format(s).")
@click.option("--out", type=click.Path(file_okay=False), default="out", show_default=True,
              help="Folder for the outputs (created if missing).")
@click.option("--templates", type=click.Path(exists=True, file_okay=False),
              help="Your template folder; its files override the built-in ones.")
@click.option("--data", type=click.Path(exists=True, file_okay=False), help="A dataset folder to use instead of the shipped one.")
@click.option("--reference-doc", type=click.Path(exists=True, dir_okay=False),
              help="A .docx whose styles the Word output uses (like pandoc's).")
@click.option("--param", "params", multiple=True, metavar="KEY=VALUE",
              help="A brief parameter, e.g. sector=energy or recipient_name=… (repeatable).")
@click.option("--params", "params_file", type=click.Path(exists=True, dir_okay=False),
              help="A YAML file of parameters (--param wins over it).")
@click.option("--all", "all_briefs", is_flag=True, help="Build every brief in every language and format.")
@click.option("--recipients", type=click.Path(exists=True, dir_okay=False),
              help="A CSV (name, organisation, language, sector, email): one personalised brief per row.")
@click.option("--name-pattern", default="{brief}-{organisation}-{name}", show_default=True,
              help="File names for --recipients, from the row's columns, {brief}, {lang} and {row}.")
@click.option("--jobs", type=click.IntRange(0), default=0, show_default=True,
              help="Worker processes for batches; 0 uses every core.")
@click.option("--executor", default="local", show_default=True, metavar="local|dask://HOST:PORT",
              help="Where batches run: this machine, or a Dask cluster (pip install 'reportgen[dask]').")
def build(brief, lang, fmt, out, templates, data, reference_doc, params, params_file, all_briefs, recipients,
          name_pattern, jobs, executor):
    """Build BRIEF (e.g. `investor`, `sdg`) as <brief>.<lang>.pdf/.docx in --out, printing each path.

    Beside each output, <brief>.<lang>.claims.csv lists every printed figure with its fact id, source and quote.
    With --all, every brief is built; with --recipients, one personalised brief per row of a CSV file.
    """
    import os
    from reportgen.run import batch
    project = _project(templates, data, reference_doc)
    if executor != "local":      # remote workers need paths that do not depend on their working folder
        out = str(Path(out).resolve())
    given = (_params_file(params_file) if params_file else {}, _params(params))
    langs = ["en", "zh"] if lang == "all" else [lang]
    formats = ("pdf", "docx") if fmt == "all" else (fmt,)
    from reportgen.brief import definition as briefs
    from reportgen.run.builder import build_time
    epoch = int(build_time().timestamp())       # one date for the whole run, wherever its briefs are built
    from reportgen.core.fonts import ensure_fonts
    ensure_fonts(log=lambda msg: click.echo(msg, err=True))          # once, before any worker starts
    load = lambda path: briefs.load(path, project.brief_dirs)
    todo = []
    if all_briefs:
        for path in briefs.available(project.brief_dirs).values():
            b = load(path)
            todo += batch.jobs_for(b, [c for c in b.languages if c in langs], formats, out, given, epoch)
    elif brief is None:
        raise UserError("usage", [Problem("no-brief", "name a brief to build, or use --all",
                                          hint="`reportgen list` shows the briefs")])
    elif recipients:
        from reportgen.run import recipients as people
        b = load(briefs.find(brief, project.brief_dirs))
        rows = people.read(Path(recipients), b, [c for c in langs if c in b.languages], name_pattern)
        todo = batch.jobs_for(b, langs, formats, out, given, epoch, rows)
    else:
        todo = batch.jobs_for(load(briefs.find(brief, project.brief_dirs)), langs, formats, out, given, epoch)
    if len(todo) <= len(langs) and not (all_briefs or recipients):
        for outcome in batch.run(todo, project):
            if outcome.problems:
                raise UserError(outcome.kind, list(outcome.problems))
            for path in outcome.paths:
                click.echo(path)
        return
    _build_batch(todo, project, min(jobs or os.cpu_count() or 1, len(todo)), executor, out)


def _build_batch(todo: list, project, processes: int, executor: str, out) -> None:
    """Build every job with a progress bar; list what was written, then each brief that failed and why."""
    import time
    from reportgen.run import batch
    start, written, failed = time.perf_counter(), [], []
    with click.progressbar(length=len(todo), label=f"Building {len(todo)} briefs", file=sys.stderr) as bar:
        for outcome in batch.run(todo, project, processes, executor):
            written += outcome.paths
            failed += [outcome] if outcome.problems else []
            bar.update(1)
    for path in written:
        click.echo(path)
    where = executor if executor != "local" else f"{processes} process{'es' if processes > 1 else ''}"
    click.echo(f"{len(todo) - len(failed)} briefs, {len(written)} files written to {out} in "
               f"{time.perf_counter() - start:.1f} s ({where})", err=True)
    for outcome in failed:
        click.secho(f"{outcome.job.stem or outcome.job.brief + '.' + outcome.job.lang} was not built:", fg="red",
                    err=True)
        for problem in outcome.problems:
            click.secho(str(problem), fg="red", err=True)
    if failed:
        click.echo(f"{len(failed)} of {len(todo)} briefs failed; the others were written.", err=True)
        click.get_current_context().exit(EXIT_CODES[failed[0].kind])


def _params_file(path: str) -> dict:
    from reportgen.core import files as yamlfile
    from reportgen.core.errors import Problem
    data = yamlfile.load(Path(path), kind="usage") or {}
    if not isinstance(data, dict):
        raise UserError("usage", [Problem("bad-params", "a parameters file is a mapping of names to values", path, 1)])
    return {str(k): v for k, v in data.items()}


@main.command(name="list")
@click.option("--templates", type=click.Path(exists=True, file_okay=False), hidden=True)
def list_(templates):
    """List the briefs: name, audience, languages and title."""
    from reportgen.brief import definition as briefs
    project = _project(templates, None)
    found = {name: briefs.load(path, project.brief_dirs) for name, path in briefs.available(project.brief_dirs).items()}
    width = max(map(len, found), default=0)
    for name, b in found.items():
        title = " — ".join(t for t in (b.title.get("en", ""), b.subtitle.get("en", "")) if t)
        click.echo(f"{name:<{width}}  {b.audience:<9} {','.join(b.languages):<6} {title}")


@main.command()
@click.option("--sources", type=click.Path(exists=True, file_okay=False),
              help="Folder of the source documents: also verify every quote and value against them.")
@click.option("--data", type=click.Path(exists=True, file_okay=False), help="Dataset folder (default: shipped).")
@click.option("--templates", type=click.Path(exists=True, file_okay=False), help="Your template folder.")
@click.option("--quiet", is_flag=True, help="Do not list warnings.")
def check(sources, data, templates, quiet):
    """Validate the dataset, the briefs and their templates; exit non-zero on errors.

    Conflicts between sources and implausible magnitudes are listed as warnings.
    """
    from reportgen.brief import definition as briefs
    from reportgen.data import dataset
    from reportgen.core.errors import Problems
    project = _project(templates, data)
    ds = dataset.load(project.data_dir)
    problems = Problems(list(ds.problems.items))
    if sources:
        from reportgen.data.quotes import check_sources
        problems.items += check_sources(ds, Path(sources)).items
    problems.items += _check_briefs(project, ds)
    if not quiet:
        for p in problems.warnings:
            click.secho(str(p), fg="yellow", err=True)
    click.echo(f"{len(ds.facts)} facts, {len(ds.sources)} sources, {len(ds.series)} series; "
               f"{len(problems.errors)} errors, {len(problems.warnings)} warnings")
    problems.raise_errors("data")


def _check_briefs(project, ds) -> list:
    """Compose every brief in every language without drawing or writing, collecting problems."""
    from reportgen.brief import definition as briefs
    from reportgen.compose.composer import compose
    from reportgen.compose.templating import environment
    out = []
    env = environment(project.template_dirs)
    for name, path in briefs.available(project.brief_dirs).items():
        try:
            b = briefs.load(path, project.brief_dirs)
            for lang in b.languages:
                compose(ds, b, lang, b.params, env, lambda req: (Path("-"), Path("-")), "")
        except UserError as exc:
            out += exc.problems
    return out


@main.command()
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), default="json", show_default=True)
@click.option("--entity", help="Only facts of this entity id (e.g. fsc, fsc-east).")
@click.option("--topic", help="Only facts with this topic (e.g. energy, housing).")
@click.option("--sdg", help="Only facts mapped to this SDG target (e.g. 11.6, 7).")
@click.option("--data", type=click.Path(exists=True, file_okay=False), help="Dataset folder (default: shipped).")
def facts(fmt, entity, topic, sdg, data):
    """Print the dataset's facts as JSON (an array) or CSV, optionally filtered."""
    from reportgen.data import dataset
    from reportgen.data.export import facts_json, facts_csv
    ds = dataset.load(_project(None, data).data_dir)
    chosen = [f for f in ds.facts.values() if (not entity or f.entity == entity) and (not topic or topic in f.topics)
              and (not sdg or sdg in f.sdg)]
    sys.stdout.write(facts_json(ds, chosen) if fmt == "json" else facts_csv(ds, chosen))


@main.group()
def templates():
    """See and copy the templates that word each brief."""


@templates.command(name="list")
@click.argument("brief")
@click.option("--templates", "user_dir", type=click.Path(exists=True, file_okay=False), help="Your template folder.")
def templates_list(brief, user_dir):
    """For each part of BRIEF, the candidate template files in lookup order; '*' marks the one used."""
    from reportgen.brief import definition as briefs
    from reportgen.compose.templating import candidates
    project = _project(user_dir, None)
    b = briefs.load(briefs.find(brief, project.brief_dirs), project.brief_dirs)
    for lang in b.languages:
        for section in b.sections:
            name = f"{b.templates}/{lang}/{section.template}.md.j2"
            click.echo(f"{lang} {section.id}:")
            found = False
            for path, exists in candidates(project.template_dirs, name):
                mark = "*" if exists and not found else " "
                found = found or exists
                click.echo(f"  {mark} {path}{'' if exists else '  (absent)'}")


@templates.command(name="copy")
@click.argument("audience")
@click.argument("folder", type=click.Path(file_okay=False))
def templates_copy(audience, folder):
    """Copy the built-in templates of AUDIENCE (e.g. investor, sdg) into FOLDER/AUDIENCE to edit them."""
    import shutil
    from reportgen.core.errors import Problem
    from reportgen.core.resources import builtin
    src = builtin("templates", audience)
    if not src.is_dir():
        from reportgen.core.errors import did_you_mean
        known = sorted(p.name for p in builtin("templates").iterdir() if p.is_dir())
        raise UserError("usage", [Problem("unknown-audience", f"no built-in templates for {audience!r}",
                                          hint=did_you_mean(audience, known) or f"known: {', '.join(known)}")])
    dst = Path(folder) / audience
    if dst.exists():
        raise UserError("usage", [Problem("exists", f"{dst} already exists", str(dst),
                                          hint="choose another folder; nothing is overwritten")])
    shutil.copytree(src, dst)
    for path in sorted(dst.rglob("*.j2")):
        click.echo(str(path))


@main.command(name="import-facts")
@click.argument("sheet", type=click.Path(exists=True, dir_okay=False))
@click.option("--data", type=click.Path(exists=True, file_okay=False), required=True,
              help="The dataset folder to add the facts to (e.g. assets/data).")
def import_facts(sheet, data):
    """Validate a CSV or XLSX sheet of facts and add it to the dataset as facts/<name>.csv.

    The sheet has the same columns as the dataset's fact files, and its name starts with the source document's
    file name (e.g. 003_f21926bdb71bccc2.2025-update.xlsx). Nothing is written if any row has a problem.
    """
    import pandas as pd
    from reportgen.data import dataset
    from reportgen.run.builder import atomic_write
    sheet, data = Path(sheet), Path(data)
    ds = dataset.load(data, extra_facts=[sheet])
    ds.problems.raise_errors("data")
    frame = pd.read_excel(sheet, dtype=str).fillna("") if sheet.suffix.lower() in (".xlsx", ".xls") else \
        pd.read_csv(sheet, dtype=str, keep_default_na=False)
    target = data / "facts" / (sheet.name.rsplit(".", 1)[0] + ".csv")
    atomic_write(target, frame[dataset.FACT_COLUMNS].to_csv(index=False, lineterminator="\n").encode("utf-8"))
    click.echo(f"{len(frame)} facts validated and written to {target}")


from reportgen.cli_mail import mail  # noqa: E402 -- registered here, defined beside

main.add_command(mail)

if __name__ == "__main__":
    main()
