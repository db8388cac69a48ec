"""A batch's unit of work: a ``Job`` (one brief in one language, with its parameters) and the ``Worker`` that
builds jobs with one ``Builder`` per process. Shared by local runs, worker pools and Dask (run/remote.py)."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Job:
    brief: str
    lang: str
    formats: tuple[str, ...]
    out: str
    params: tuple = ()          # (key, value) pairs, hashable and picklable
    stem: str | None = None
    epoch: int | None = None    # the batch's build time, the same for every job


@dataclass
class Worker:
    """Builds jobs with one Builder, made on first use (in each process)."""
    project: object
    background_charts: bool = False
    _builder: object = field(default=None, repr=False)

    def close(self) -> None:
        if self._builder is not None:
            self._builder.close()

    def __call__(self, job: Job, stage=None) -> list[str]:
        if self._builder is None:
            from reportgen.run.builder import Builder
            self._builder = Builder(self.project, log=lambda msg: None, background_charts=self.background_charts)
        paths = self._builder.build(job.brief, job.lang, list(job.formats), Path(job.out), dict(job.params), job.stem,
                                    job.epoch, stage)
        return [str(p) for p in paths]
