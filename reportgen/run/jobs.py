"""A batch's unit of work: a ``Job`` (one brief in one language, with its parameters), the ``Worker`` that
builds jobs with one ``Builder`` per process, and the ``Outcome`` of each job (the paths written, or the problems
that stopped it, so one bad brief does not stop the others). Shared by local runs, worker pools and Dask
(run/remote.py)."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from reportgen.core.errors import UserError


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
    """What one job did: the paths it wrote, or the error class and problems that stopped it."""
    job: Job
    paths: tuple[str, ...] = ()
    error: type | None = None          # a UserError subclass: it gives the exit code
    problems: tuple = ()

    def raise_error(self) -> None:
        if self.error:
            raise self.error(list(self.problems))


@dataclass
class Worker:
    """Builds jobs with one Builder, made on first use (in each process)."""
    project: object
    background_charts: bool = False
    log: object = None            # where the Builder tells its timings (``-v``); None: nowhere
    _builder: object = field(default=None, repr=False)

    def close(self) -> None:
        if self._builder is not None:
            self._builder.close()

    def __call__(self, job: Job, stage=None) -> Outcome:
        if self._builder is None:
            from reportgen.run.builder import Builder
            self._builder = Builder(self.project, log=self.log or (lambda msg: None),
                                    background_charts=self.background_charts)
        try:
            paths = self._builder.build(job.brief, job.lang, list(job.formats), Path(job.out), dict(job.params),
                                        job.stem, job.epoch, stage)
        except UserError as exc:
            return Outcome(job, error=type(exc), problems=tuple(exc.problems))
        return Outcome(job, tuple(str(p) for p in paths))
