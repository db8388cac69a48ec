"""Batches: many briefs in one run (every brief × language, or one personalised brief per recipient).

A batch is a list of ``Job``s run through an executor: in this process, or spread over worker processes that
each load the dataset, fonts and writers once and build many briefs with them. Results come back as an
``Outcome`` per job (the paths written, or the problems that stopped it), so one bad brief does not stop the
others and the CLI can show progress and a summary.
"""
from __future__ import annotations

import re

from reportgen.core.errors import Problem, UsageError
from reportgen.run.jobs import Job, Worker


BRIEFS_PER_WORKER = 8     # starting a worker process (imports, fonts, data) costs about as much as 8 briefs take


def processes_for(n_jobs: int, most: int) -> int:
    """The worker processes worth starting for ``n_jobs`` briefs, at most ``most``: this process alone until each
    worker would build ``BRIEFS_PER_WORKER`` briefs (five briefs took 2.9 s over two workers, 1.0–2.0 s here,
    with 40 % more CPU)."""
    return max(1, min(most, n_jobs // BRIEFS_PER_WORKER))


def check_executor(executor: str) -> None:
    """A usage error, before anything is built, for an executor that is neither local nor dask://HOST:PORT."""
    if executor != "local" and not re.fullmatch(r"dask://\S+", executor):
        raise UsageError([Problem("bad-executor", f"unknown executor {executor!r}", hint="local, or dask://HOST:PORT")])


def build_together(jobs: list[Job], project, log=None) -> list[str]:
    """Build ``jobs`` (one brief's languages) in this process and rename their outputs into place only when all
    succeeded: a failure in one language replaces nothing. ``log`` gets the timings."""
    from reportgen.run.staging import Staging
    clear_stale(jobs)
    worker = Worker(project, background_charts=True, log=log)      # one brief: overlap the chart work
    try:
        with Staging() as stage:
            for job in jobs:
                worker(job, stage).raise_error()        # nothing is renamed into place
            return [str(p) for p in stage.commit()]
    finally:
        worker.close()


def clear_stale(jobs: list[Job]) -> None:
    """Staged files that a killed run left in the jobs' output folders (its process is gone) are removed."""
    from pathlib import Path
    from reportgen.run.staging import clear_orphans
    for folder in {Path(job.out) for job in jobs}:
        if folder.is_dir():
            clear_orphans(folder)


def run(jobs: list[Job], project, processes: int = 1, executor: str = "local"):
    """Yield each job's ``Outcome``, in job order.

    ``executor`` is "local" (this machine: ``processes`` > 1 spreads jobs over worker processes) or
    "dask://HOST:PORT" (a Dask cluster's workers, each keeping its own Builder; needs reportgen[dask]).
    """
    check_executor(executor)
    clear_stale(jobs)
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


def jobs_for(brief, langs: list[str], formats: tuple[str, ...], out, given: tuple, epoch: int | None,
             people: list | None = None) -> list[Job]:
    """The jobs for one brief: one per language (``<brief>.<lang>``, plus the parameters that differ from the
    brief's defaults: ``investor.en.sector-energy``), or, with ``people`` (checked recipients), one per person and language, named by their stems.
    ``given`` is the params file's and the ``--param`` values (``brief.parameters.Given``, or None); each job's
    parameters are checked against the brief's declarations and merged once, with the declared defaults below
    them and a person's row above."""
    from reportgen.brief import parameters
    from reportgen.run.staging import fit_name
    merge = lambda *layers: tuple(sorted(parameters.merge(brief.parameters, *layers, brief=f"brief {brief.name!r}")
                                         .items()))
    if people is None:     # parameters off their defaults are in the name: variants never overwrite each other
        merged = merge(*given)
        tag = parameters.readable(dict(merged), brief.parameters)
        return [Job(brief.name, lang, formats, str(out), merged, fit_name(f"{brief.name}.{lang}.{tag}") if tag else None,
                     epoch) for lang in langs]
    return [Job(brief.name, lang, formats, str(out), merge(*given, p.given), stem, epoch)
            for p in people for lang, stem in p.stems.items()]
