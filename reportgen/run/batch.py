"""Batches: many briefs in one run (every brief × language, or one personalised brief per recipient).

A batch is a list of ``Job``s run through an executor: in this process, or spread over worker processes that
each load the dataset, fonts and writers once and build many briefs with them. Results come back as an
``Outcome`` per job (the paths written, or the problems that stopped it), so one bad brief does not stop the
others and the CLI can show progress and a summary.
"""
from __future__ import annotations

import csv
import re
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from reportgen.core.errors import Problem, UserError


@dataclass(frozen=True)
class Job:
    brief: str
    lang: str
    formats: tuple[str, ...]
    out: str
    params: tuple = ()          # (key, value) pairs, hashable and picklable
    stem: str | None = None
    epoch: int | None = None    # the batch's build time, the same for every job


@dataclass(frozen=True)
class Outcome:
    """What one job did: the paths it wrote, or the kind and problems of the error that stopped it."""
    job: Job
    paths: tuple[str, ...] = ()
    kind: str = ""
    problems: tuple = ()


@dataclass
class Worker:
    """Builds jobs with one Builder, made on first use (in each process)."""
    project: object
    background_charts: bool = False
    _builder: object = field(default=None, repr=False)

    def close(self) -> None:
        if self._builder is not None:
            self._builder.close()

    def __call__(self, job: Job) -> Outcome:
        if self._builder is None:
            from reportgen.run.builder import Builder
            self._builder = Builder(self.project, log=lambda msg: None, background_charts=self.background_charts)
        try:
            paths = self._builder.build(job.brief, job.lang, list(job.formats), Path(job.out), dict(job.params),
                                        job.stem, job.epoch)
        except UserError as exc:
            return Outcome(job, kind=exc.kind, problems=tuple(exc.problems))
        return Outcome(job, tuple(str(p) for p in paths))


_WORKER: Worker | None = None


def _init(project) -> None:
    global _WORKER
    _WORKER = Worker(project)


def _run(job: Job) -> Outcome:
    return _WORKER(job)


def run(jobs: list[Job], project, processes: int = 1, executor: str = "local"):
    """Yield each job's ``Outcome``, in job order.

    ``executor`` is "local" (this machine: ``processes`` > 1 spreads jobs over worker processes) or
    "dask://HOST:PORT" (a Dask cluster's workers, each keeping its own Builder; needs reportgen[dask]).
    """
    if executor.startswith("dask://"):
        yield from _run_dask(jobs, project, executor[len("dask://"):])
        return
    if executor != "local":
        raise UserError("usage", [Problem("bad-executor", f"unknown executor {executor!r}",
                                          hint="local, or dask://HOST:PORT")])
    if processes <= 1 or len(jobs) <= 1:
        worker = Worker(project, background_charts=len(jobs) <= 2)   # one brief: overlap the chart work
        try:
            for job in jobs:
                yield worker(job)
        finally:
            worker.close()
        return
    with ProcessPoolExecutor(max_workers=processes, initializer=_init, initargs=(project,)) as pool:
        yield from pool.map(_run, jobs, chunksize=max(1, len(jobs) // (processes * 4)))


_DASK_WORKERS: dict = {}


def _dask_build(job: Job, project) -> Outcome:
    """Runs on a Dask worker: one Builder per worker process and project, reused across jobs."""
    key = repr(project)
    if key not in _DASK_WORKERS:
        _DASK_WORKERS[key] = Worker(project)
    return _DASK_WORKERS[key](job)


def _run_dask(jobs: list[Job], project, address: str):
    try:
        from distributed import Client
    except ImportError:
        raise UserError("usage", [Problem("no-dask", "the Dask executor needs the dask extra",
                                          hint="pip install 'reportgen[dask]'")]) from None
    with Client(address, timeout="30s") as client:
        futures = client.map(_dask_build, jobs, project=project, pure=False)
        for future in futures:
            yield future.result()


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
            raise UserError("usage", [Problem("bad-recipients", f"the recipients file lacks column(s) {missing}",
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
    return slug(pattern.format(brief=brief, lang=lang, row=number, **{k: row.get(k, "") for k in RECIPIENT_COLUMNS}))


def recipient_jobs(path: Path, brief: str, formats: tuple[str, ...], out: Path, default_langs: list[str],
                   pattern: str, extra: dict, epoch: int | None = None) -> list[Job]:
    """One job per recipient row (and language), with file names from ``pattern`` that never collide."""
    jobs, used = [], set()
    for number, row in enumerate(read_recipients(path, ("name",)), start=2):
        langs = [row["language"]] if row.get("language") else default_langs
        for lang in langs:
            if lang not in ("en", "zh"):
                raise UserError("usage", [Problem("bad-language", f"language {lang!r}", str(path), number,
                                                  hint="en or zh")])
            params = recipient_params(row, extra)
            stem = unique_stem(recipient_stem(pattern, brief, lang, number - 1, row), used)
            jobs.append(Job(brief, lang, formats, str(out), tuple(sorted(params.items())), f"{stem}.{lang}"
                            if "{lang}" not in pattern else stem, epoch))
    return jobs
