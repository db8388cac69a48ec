"""Batches: many briefs in one run (every brief × language, or one personalised brief per recipient).

A batch is a list of ``Job``s run through an executor: in this process, or spread over worker processes that
each load the dataset, fonts and writers once and build many briefs with them. Results come back as the paths
written, so the CLI can show progress and a summary.
"""
from __future__ import annotations

import csv
import re
from pathlib import Path

from reportgen.core.errors import Problem, UsageError, did_you_mean
from reportgen.run.jobs import Job, Worker


def check_executor(executor: str) -> None:
    """A usage error, before anything is built, for an executor that is neither local nor dask://HOST:PORT."""
    if executor != "local" and not re.fullmatch(r"dask://\S+", executor):
        raise UsageError([Problem("bad-executor", f"unknown executor {executor!r}", hint="local, or dask://HOST:PORT")])


def build_together(jobs: list[Job], project) -> list[str]:
    """Build ``jobs`` (one brief's languages) in this process and rename their outputs into place only when all
    succeeded: a failure in one language replaces nothing."""
    from reportgen.run.staging import Staging
    worker = Worker(project, background_charts=True)      # one brief: overlap the chart work
    try:
        with Staging() as stage:
            for job in jobs:
                worker(job, stage)
            return [str(p) for p in stage.commit()]
    finally:
        worker.close()


def run(jobs: list[Job], project, processes: int = 1, executor: str = "local"):
    """Yield the paths each job wrote, in job order.

    ``executor`` is "local" (this machine: ``processes`` > 1 spreads jobs over worker processes) or
    "dask://HOST:PORT" (a Dask cluster's workers, each keeping its own Builder; needs reportgen[dask]).
    """
    check_executor(executor)
    if executor.startswith("dask://"):
        from reportgen.run.remote import run_dask
        yield from run_dask(jobs, project, executor[len("dask://"):])
    elif processes <= 1 or len(jobs) <= 1:
        worker = Worker(project, background_charts=len(jobs) <= 2)
        try:
            for job in jobs:
                yield worker(job)
        finally:
            worker.close()
    else:
        from reportgen.run.remote import run_pool
        yield from run_pool(jobs, project, processes)


def slug(text: str) -> str:
    """A file-name-safe form of a name: letters (any script), digits and '-'."""
    return re.sub(r"[^\w]+", "-", text, flags=re.UNICODE).strip("-_").lower() or "x"


RECIPIENT_COLUMNS = ("name", "organisation", "language", "sector", "email")


def read_recipients(path: Path, required: tuple[str, ...]) -> list[dict]:
    """The rows of a recipients CSV, after checking it has the ``required`` columns."""
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in required if c not in (reader.fieldnames or [])]
        if missing:
            raise UsageError([Problem("bad-recipients", f"the recipients file lacks column(s) {missing}",
                                              str(path), 1, hint=f"columns: {', '.join(RECIPIENT_COLUMNS)}")])
        return list(reader)


def recipient_params(row: dict, extra: dict) -> dict:
    """Brief parameters for one recipient: their name and organisation, and their sector if given."""
    params = {**extra, "recipient_name": row.get("name", ""), "recipient_org": row.get("organisation", "")}
    if row.get("sector"):
        params["sector"] = row["sector"]
    return params


def unique_stem(stem: str, used: set) -> str:
    """``stem``, or ``stem-2``, ``stem-3``… if this run already wrote one of that name."""
    base, n = stem, 2
    while stem in used:
        stem, n = f"{base}-{n}", n + 1
    used.add(stem)
    return stem


def recipient_stem(pattern: str, brief: str, lang: str, number: int, row: dict) -> str:
    """The file name (without suffixes) of one recipient's brief, short enough for any file system."""
    from reportgen.run.staging import fit_name
    fields = {"brief": brief, "lang": lang, "row": number, **{k: row.get(k, "") for k in RECIPIENT_COLUMNS}}
    try:
        return fit_name(slug(pattern.format(**fields)))
    except (KeyError, IndexError, ValueError, AttributeError) as exc:
        raise UsageError([Problem("bad-name-pattern", f"--name-pattern {pattern!r}: {type(exc).__name__} "
                                          f"{exc}", "--name-pattern", hint="fields: " + ", ".join("{" + k + "}" for k in fields) +
                                          (f"; {did_you_mean(exc.args[0], fields)}" if isinstance(exc, KeyError)
                                           and did_you_mean(exc.args[0], fields) else ""))]) from None


def recipient_jobs(path: Path, brief: str, formats: tuple[str, ...], out: Path, default_langs: list[str],
                   pattern: str, extra: dict, epoch: int | None = None) -> list[Job]:
    """One job per recipient row (and language), with file names from ``pattern`` that never collide."""
    jobs, used = [], set()
    for number, row in enumerate(read_recipients(path, ("name",)), start=2):
        langs = [row["language"]] if row.get("language") else default_langs
        for lang in langs:
            if lang not in ("en", "zh"):
                raise UsageError([Problem("bad-language", f"language {lang!r}", str(path), number,
                                                  hint="en or zh")])
            params = recipient_params(row, extra)
            stem = unique_stem(recipient_stem(pattern, brief, lang, number - 1, row), used)
            jobs.append(Job(brief, lang, formats, str(out), tuple(sorted(params.items())), f"{stem}.{lang}"
                            if "{lang}" not in pattern else stem, epoch))
    return jobs
