"""The ``reportgen`` command. Heavy libraries are imported inside commands, so ``--help`` stays instant.

User errors print as ``file:line:col: error CODE: message`` with a hint and exit with a code per kind
(2 usage, 3 brief, 4 data, 5 template, 6 render, 7 delivery, 8 the machine, 70 a bug); never a traceback:
``--debug`` adds it and keeps the code.
"""
from __future__ import annotations

import sys
from pathlib import Path

import click

from reportgen.cli.output import NORMAL, VERBOSE, add_verbosity, out as say
from reportgen.core.errors import DataError, DeliveryError, Problem, UsageError, UserError, did_you_mean
from reportgen.core.failures import as_user_error
from reportgen.core.langs import LANGS
from reportgen.core.resources import available
from reportgen.writers import registry

LANG_CHOICES = click.Choice([*LANGS, "all"])
FORMAT_CHOICES = click.Choice([*registry.FORMATS, "all"])


def _given(pairs: tuple[str, ...], params_file: str | None) -> tuple:
    """The parameters given for a run: the ``--params`` file's, then the ``--param`` values, each knowing where it
    was given (``brief.parameters.Given``), to be checked against each brief's declarations."""
    from reportgen.brief import parameters
    out = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"{pair!r} is not KEY=VALUE", param_hint="--param")
        out[key.strip()] = value.strip()
    return parameters.from_file(Path(params_file)) if params_file else None, parameters.on_command_line(out)


class _Group(click.Group):
    def main(self, *args, **kwargs):
        say.level = NORMAL         # a fresh run (tests invoke the command many times in one process)
        return super().main(*args, **kwargs)

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except BrokenPipeError:           # `reportgen list | head`: the reader has what it wanted
            import os
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())   # no error at exit's flush either
            ctx.exit(0)
        except Exception as exc:          # noqa: BLE001 -- every failure is a message and an exit code
            _traceback_if_debug(ctx)
            error = as_user_error(exc)
            for p in error.problems:
                say.error(str(p))
            n, written = len(error.problems), getattr(error, "written", None)
            tail = "." if isinstance(error, DeliveryError) else "; " + (      # delivery: its summary says what went
                f"{len(written)} file(s) were written (listed above)." if written else "nothing was written.")
            click.echo(f"{n} error{'s' if n != 1 else ''}{tail}", err=True)
            ctx.exit(error.exit_code)


def _traceback_if_debug(ctx) -> None:
    if ctx.params.get("debug"):
        import traceback
        traceback.print_exc()


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 110})
@click.option("--debug", is_flag=True, help="Show Python tracebacks for errors (for developers).")
@click.version_option(package_name="reportgen")
def main(debug: bool) -> None:
    """Build sourced investor and SDG briefs about a place as PDF and Word.

    Every figure in a brief comes from the dataset (the shipped one, or your project's), with its source and the quote it was read from.
    Start with `reportgen build investor`; `reportgen list` shows the briefs.
    """


def _complete_briefs(ctx, param, incomplete: str) -> list[str]:
    """Shell completion: the briefs this folder's project (and reportgen) can build."""
    from reportgen.core.project import Project
    return [name for name in available(Project.discover().brief_dirs) if name.startswith(incomplete)]


def _complete_themes(ctx, param, incomplete: str) -> list[str]:
    """Shell completion: the themes this folder's project (and reportgen) has."""
    from reportgen.core.project import Project
    return [name for name in available(Project.discover().theme_dirs) if name.startswith(incomplete)]


def _project(templates, data, reference_doc=None, pdf_engine=None, pdf_standard=None, theme=None):
    """The run's project (found upward from here) with the command line's folders and choices first."""
    from reportgen.core.project import Project
    absolute = lambda p: Path(p).resolve() if p else None    # workers elsewhere must find the same files
    project = Project.discover(templates=absolute(templates), data=absolute(data), reference_doc=absolute(reference_doc),
                               pdf_engine=pdf_engine, pdf_standard=pdf_standard, theme=theme)
    say.detail(f"using {project.describe()}")
    return project


@main.command(short_help="Build briefs as PDF and Word (the main job).")
@click.argument("brief", required=False, shell_complete=_complete_briefs)
@click.option("--lang", type=LANG_CHOICES, default="all", show_default=True, help="Language(s) to build.")
@click.option("--format", "fmt", type=FORMAT_CHOICES, default="all", show_default=True, help="Output format(s).")
@click.option("--out", type=click.Path(file_okay=False), default="out", show_default=True,
              help="Folder for the outputs (created if missing).")
@click.option("--templates", type=click.Path(exists=True, file_okay=False),
              help="Your template folder; its files override the built-in ones.")
@click.option("--data", type=click.Path(exists=True, file_okay=False), help="A dataset folder to use instead of the shipped one.")
@click.option("--reference-doc", type=click.Path(exists=True, dir_okay=False),
              help="A .docx whose styles the Word output uses (like pandoc's).")
@click.option("--pdf-engine", type=click.Choice(registry.engines("pdf")),
              help="The PDF writer: typst (tagged PDF/UA-1, the default) or reportlab (untagged); overrides "
                   "the brief's and the theme's pdf_engine.")
@click.option("--theme", metavar="NAME", shell_complete=_complete_themes,
              help="Use theme NAME (colours, logo, paper, Word styles) instead of the one the brief names.")
@click.option("--pdf-standard", type=click.Choice(registry.PDF_STANDARDS), default="ua-1", show_default=True,
              help="Typst only: ua-1 (accessible), or ua-1+a-2a (accessible and PDF/A-2a, for archives).")
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
              help="Worker processes for batches; 0 uses every core for a large batch, this process alone for "
                   "one of fewer than 16 briefs.")
@click.option("--executor", default="local", show_default=True, metavar="local|dask://HOST:PORT",
              help="Where batches run: this machine, or a Dask cluster (pip install 'reportgen[dask]').")
@click.option("--watch", is_flag=True,
              help="After building, rebuild on every change to the project's briefs, templates, themes, assets "
                   "or data, until Ctrl-C; errors are shown and the watch goes on.")
def build(brief, lang, fmt, out, templates, data, reference_doc, pdf_engine, theme, pdf_standard, params, params_file,
          all_briefs, recipients, name_pattern, jobs, executor, watch):
    """Build BRIEF (e.g. `investor`, `sdg`) as <brief>.<lang>.pdf/.docx in --out, printing each path.

    Beside each output, <brief>.<lang>.claims.csv lists every printed figure with its fact id, source and quote.
    With --all, every brief is built; with --recipients, one personalised brief per row of a CSV file.
    """
    from reportgen.run import batch
    batch.check_executor(executor)
    project = _project(templates, data, reference_doc, pdf_engine, pdf_standard, theme)
    project.check_out(Path(out))
    for path, what in ((params_file, "the --params file"), (recipients, "the --recipients file"),
                       (reference_doc, "the --reference-doc file")):
        project.check_given(path, what)
    if theme and theme not in (known := list(available(project.theme_dirs))):
        raise UsageError([Problem("unknown-theme", f"--theme: no theme named {theme!r}",
                                  hint=did_you_mean(theme, known) or f"themes: {', '.join(known)}")])
    if executor != "local":      # remote workers need paths that do not depend on their working folder
        out = str(Path(out).resolve())
    given = _given(params, params_file)
    langs = list(project.settings.get("languages") or []) if lang == "all" else [lang]   # []: each brief's own
    formats = registry.FORMATS if fmt == "all" else (fmt,)
    from reportgen.brief import definition as briefs
    from reportgen.core.fonts import ensure_fonts
    from reportgen.run.builder import build_time
    ensure_fonts(log=say.info)          # once, before any worker starts (and before recipients' glyphs are checked)
    epoch = int(build_time().timestamp())       # one date for the whole run, wherever its briefs are built
    load = lambda name: briefs.load(briefs.find(name, project.brief_dirs), project.brief_dirs)
    names = list(available(project.brief_dirs)) if all_briefs else \
        [brief] if brief else list(project.settings.get("briefs") or [])    # or a project's default briefs
    if not names:
        raise UsageError([Problem("no-brief", "name a brief to build, or use --all",
                                  hint="`reportgen list` shows the briefs")])
    todo, unloadable = [], []
    for name in names:
        try:
            b = load(name)
        except UserError as exc:
            if len(names) == 1:
                raise
            unloadable.append((name, exc))      # with --all (or a project's list), the others are still built
            continue
        own = _languages(b, langs or b.languages, lang == "all" or all_briefs)
        people = None
        if recipients:
            from reportgen.brief import parameters
            from reportgen.run import recipients as rows
            parameters.merge(b.parameters, *given, brief=f"brief {b.name!r}")   # usage errors before the rows'
            people = rows.read(Path(recipients), b, own, name_pattern)
        todo += batch.jobs_for(b, own, formats, out, given, epoch, people)
    single = len(todo) <= len(langs or LANGS) and not (all_briefs or recipients)
    if unloadable:
        _report_unloadable(unloadable, len(names), bool(todo))
    if not watch:
        _run_jobs(todo, project, single, jobs, executor, out)
        if unloadable:
            click.get_current_context().exit(unloadable[0][1].exit_code)
        return
    from reportgen.run.watch import watch_and_rebuild
    watch_and_rebuild(project, lambda: _run_jobs(todo, project, single, jobs, executor, out), say)


def _languages(b, langs: list[str], every: bool) -> list[str]:
    """The languages to build: those asked for, or under ``--lang all`` those of them the brief declares (with a
    note when a project's ``languages`` asks for one it lacks)."""
    if not every:
        return langs
    lacking = [code for code in langs if code not in b.languages]
    if lacking:
        say.info(f"note: {b.name!r} has no {', '.join(lacking)} version; building {', '.join(b.languages)}")
    return [code for code in langs if code in b.languages]


def _run_jobs(todo, project, single: bool, jobs: int, executor: str, out) -> None:
    """Build the jobs, printing each written path; a batch shows a progress bar and a summary, and if it stops
    part-way, the files it did build. One brief's languages are renamed into place together, or not at all."""
    import os
    import time
    from reportgen.run import batch
    if single:
        for path in batch.build_together(todo, project, log=say.detail):
            say.result(path)
        return
    processes = min(jobs, len(todo)) if jobs else batch.processes_for(len(todo), os.cpu_count() or 1)
    start, written, failed = time.perf_counter(), [], []
    try:
        with click.progressbar(length=len(todo), label=f"Building {len(todo)} briefs", file=sys.stderr,
                               hidden=say.level < NORMAL) as bar:
            for outcome in batch.run(todo, project, processes, executor):
                written += outcome.paths
                failed += [outcome] if outcome.error else []
                bar.update(1)
    except UserError as exc:
        exc.written = sorted({*written, *getattr(exc, "written", [])})
        for path in exc.written:
            say.result(path)
        raise
    for path in written:
        say.result(path)
    where = executor if executor != "local" else f"{processes} process{'es' if processes > 1 else ''}"
    say.info(f"{len(todo) - len(failed)} briefs, {len(written)} files written to {out} in "
             f"{time.perf_counter() - start:.1f} s ({where})")
    _report_failed(failed, len(todo))


def _report_unloadable(unloadable: list, total: int, others: bool) -> None:
    """``build --all``: each brief whose definition did not load, with its problems, before the others are
    built (the run then ends with the first one's exit code)."""
    for name, exc in unloadable:
        say.error(f"{name} was not built:")
        for problem in exc.problems:
            say.error(str(problem))
    click.echo(f"{len(unloadable)} of {total} briefs could not be read ({', '.join(n for n, _ in unloadable)})"
               + ("; the others are built." if others else "."), err=True)
    if not others:
        click.get_current_context().exit(unloadable[0][1].exit_code)


def _report_failed(failed: list, total: int) -> None:
    """Each brief of a batch that failed, with its problems; the first failure's exit code ends the run."""
    for outcome in failed:
        say.error(f"{outcome.job.stem or outcome.job.brief + '.' + outcome.job.lang} was not built:")
        for problem in outcome.problems:
            say.error(str(problem))
    if failed:
        click.echo(f"{len(failed)} of {total} briefs failed; the others were written.", err=True)
        click.get_current_context().exit(failed[0].error.exit_code)


@main.command(name="list")
@click.option("--templates", type=click.Path(exists=True, file_okay=False), hidden=True)
def list_(templates):
    """List the briefs: name, audience, languages and title."""
    from reportgen.brief import definition as briefs
    project = _project(templates, None)
    found, broken = {}, []
    for name, path in available(project.brief_dirs).items():
        try:
            found[name] = briefs.load(path, project.brief_dirs)
        except UserError as exc:          # one broken file hides no other brief
            broken.append(exc)
    width = max(map(len, found), default=0)
    for name, b in found.items():
        first = b.languages[0]        # the title in the brief's first language
        title = " — ".join(t for t in (b.title.get(first, ""), b.subtitle.get(first, "")) if t)
        say.result(f"{name:<{width}}  {b.audience:<9} {','.join(b.languages):<6} {title}")
    if broken:
        raise type(broken[0])([p for exc in broken for p in exc.problems])


@main.command(short_help="Validate the dataset, the briefs, their templates and the themes.")
@click.option("--sources", type=click.Path(exists=True, file_okay=False),
              help="Folder of the source documents: also verify every quote and value against them.")
@click.option("--data", type=click.Path(exists=True, file_okay=False), help="Dataset folder (default: shipped).")
@click.option("--templates", type=click.Path(exists=True, file_okay=False), help="Your template folder.")
def check(sources, data, templates):
    """Validate the dataset, the briefs, their templates and the themes; exit non-zero on errors.

    Conflicts between sources and implausible magnitudes are warnings: counted on every run, listed with -v.
    """
    from reportgen.data import dataset
    from reportgen.core.errors import Problems
    project = _project(templates, data)
    ds = dataset.load(project.data_dir)
    from reportgen.data.conflict_report import brief_usage, without_findings
    problems, printed = Problems(without_findings(ds.problems.items)), {}
    if sources:
        from reportgen.data.quotes import check_sources
        problems.items += check_sources(ds, Path(sources)).items
    from reportgen.writers import theme_file
    problems.items += theme_file.check_all(project.theme_dirs, project.asset_dirs)
    if not ds.problems.errors:      # briefs are composed only from a dataset that loaded whole
        problems.items += _check_briefs(project, ds, printed) + brief_usage(ds.findings, printed)
    for p in problems.warnings:         # the same dozen on every run: listed when asked for
        say.detail(str(p))
    shown = " (listed with -v)" if problems.warnings and say.level < VERBOSE else ""
    say.info(f"{len(ds.facts)} facts, {len(ds.sources)} sources, {len(ds.series)} series; "
             f"{len(problems.errors)} errors, {len(problems.warnings)} warnings{shown}")
    problems.raise_errors(DataError)


def _check_briefs(project, ds, printed: dict) -> list:
    """Compose every brief in every language without drawing or writing: its problems, and into ``printed`` the
    claims each brief and language prints."""
    from reportgen.brief import definition as briefs, parameters
    from reportgen.compose.composer import compose
    from reportgen.compose.templating import environment
    out = []
    env = environment(project.template_dirs)
    for name, path in available(project.brief_dirs).items():
        try:
            b = briefs.load(path, project.brief_dirs)
            for lang in b.languages:
                _, claims = compose(ds, b, lang, parameters.merge(b.parameters), env, lambda req: (Path("-"),) * 3, "")
                printed[f"{name} ({lang})"] = claims
        except UserError as exc:
            out += exc.problems
    return out


@main.command(short_help="Print the dataset's facts as JSON or CSV.")
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
    unknown = [Problem(f"unknown-{what}", f"--{what}: no {what} {value!r} in the dataset", hint=did_you_mean(
                   value, known) or f"{what}s: {', '.join(sorted(map(str, known))[:12])}…")
               for what, value, known in (("entity", entity, ds.entities), ("topic", topic, ds.subject.topics),
                                          ("sdg", sdg, {c for f in ds.facts.values() for c in f.sdg}))
               if value and value not in known]
    if unknown:                  # an empty list would read as "no facts about it"
        raise UsageError(unknown)
    chosen = [f for f in ds.facts.values() if (not entity or f.entity == entity) and (not topic or topic in f.topics)
              and (not sdg or sdg in f.sdg)]
    sys.stdout.write(facts_json(ds, chosen) if fmt == "json" else facts_csv(ds, chosen))


@main.command(name="import-facts", short_help="Check a CSV or XLSX sheet of facts and add it to the data.")
@click.argument("sheet", type=click.Path(exists=True, dir_okay=False))
@click.option("--data", type=click.Path(exists=True, file_okay=False),
              help="The dataset folder to add the facts to (default: the project's data folder).")
def import_facts(sheet, data):
    """Validate a CSV or XLSX sheet of facts and add it to the dataset as facts/<name>.csv.

    The sheet has the same columns as the dataset's fact files, and its name starts with the source document's
    file name (e.g. 003_f21926bdb71bccc2.2025-update.xlsx). Nothing is written if any row has a problem.
    Importing an edited sheet again updates the rows it holds (by id) and keeps the others; a review sheet's
    rows marked `same` (see `reportgen extract`) are left out. Inside a project (see `reportgen init`) the facts
    go into the project's data folder.
    """
    from reportgen.data import dataset
    from reportgen.data.imports import merged
    from reportgen.run.staging import atomic_write
    project = _project(None, data)
    if not data and not project.file:
        raise UsageError([Problem("no-project", "import-facts needs a dataset to write to", hint=(
            "run it inside a project (`reportgen init DIR` makes one) or name the folder with --data"))])
    sheet, data = Path(sheet), project.data_dir
    say.info(f"adding to the dataset in {data}")
    text, rows, updated, same = merged(sheet, data, dataset.load)
    target = data / "facts" / (sheet.name.rsplit(".", 1)[0] + ".csv")
    if not rows:
        say.info(f"nothing to add: the sheet's {same} row(s) are marked 'same', the dataset holds them already")
        return
    atomic_write(target, text.encode("utf-8"))
    say.info(f"{rows} facts validated and written to {target}" + (f" ({updated} updated)" if updated else "")
             + (f"; {same} row(s) marked 'same' left out: the dataset holds them already" if same else ""))


from reportgen.cli import extract_commands, mail_command, project_commands, template_commands  # noqa: E402,F401 -- they register commands

add_verbosity(main)

if __name__ == "__main__":
    main()
