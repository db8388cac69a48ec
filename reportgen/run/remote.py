"""Running a batch's jobs in other processes: a local pool of workers, or a Dask cluster.

Either way, a failure outside the briefs themselves (a worker killed, a scheduler that cannot be reached) ends
the batch cleanly: a located message, the list of what was built before it, and no staged file left behind.
"""
from __future__ import annotations

import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from reportgen.core.errors import MachineError, Problem, UsageError
from reportgen.run.jobs import Job, Outcome, Worker

_WORKER: Worker | None = None


def _init(project) -> None:
    global _WORKER
    _WORKER = Worker(project)


START_METHOD: str | None = None      # None: fork, unless this process has loaded Typst (then a fork server)


def _context():
    """How workers start. A fork is quick and inherits this process's state, but once Typst has run here its
    worker threads would be missing in a forked copy and its first PDF would wait for them forever; then the
    workers come from a fresh fork server. (The CLI never runs Typst before its workers start.) Where neither
    exists (Windows), workers are fresh interpreters (spawn)."""
    import multiprocessing
    import sys
    wanted = START_METHOD or ("forkserver" if "typst" in sys.modules else "fork")
    return multiprocessing.get_context(wanted if wanted in multiprocessing.get_all_start_methods() else "spawn")


def _run_chunk(jobs: list[Job]) -> list[Outcome]:
    return [_WORKER(job) for job in jobs]


class BatchFailed(MachineError):
    """A batch that stopped part-way: ``written`` lists the files of the briefs that were built."""

    def __init__(self, problem: Problem, written: list[str]):
        super().__init__([problem])
        self.written = written


def run_pool(jobs: list[Job], project, processes: int):
    """Yield each job's ``Outcome``, in job order, from ``processes`` worker processes (jobs sent in chunks)."""
    size = max(1, len(jobs) // (processes * 4))
    chunks = [jobs[i:i + size] for i in range(0, len(jobs), size)]
    written: list[str] = []
    with ProcessPoolExecutor(max_workers=processes, initializer=_init, initargs=(project,),
                             mp_context=_context()) as pool:
        futures = [pool.submit(_run_chunk, chunk) for chunk in chunks]
        try:
            for future in futures:
                for outcome in future.result():
                    written += outcome.paths
                    yield outcome
        except BrokenProcessPool:
            done = [p for f in futures if f.done() and not f.exception() for o in f.result() for p in o.paths]
            for folder in {Path(job.out) for job in jobs}:
                from reportgen.run.staging import clear_orphans
                clear_orphans(folder)
            raise BatchFailed(Problem("worker-lost", "a worker process stopped unexpectedly (killed, or out of "
                                      f"memory); {len({*written, *done})} of the batch's files were built",
                                      hint="run the same command again: it rebuilds the batch"),
                              sorted({*written, *done})) from None


_DASK_WORKERS: dict = {}
_DASK_LOCK = threading.Lock()
CONNECT_TIMEOUT_S = 5
NO_WORKER_S = 30          # a batch waits this long for a worker when none is left, then stops


def _dask_build(job: Job, project) -> Outcome:
    """Runs on a Dask worker: one Builder per worker process and project, reused across jobs. A worker runs
    tasks in several threads (``dask worker`` starts one per core), but a Builder, its chart cache and a
    template render's budget are per process: its builds take turns (one at a time per worker process; start
    workers with ``--nthreads 1 --nworkers N`` to use N cores)."""
    with _DASK_LOCK:
        key = repr(project)
        if key not in _DASK_WORKERS:
            _DASK_WORKERS[key] = Worker(project)
        return _DASK_WORKERS[key](job)


def _dask_result(client, future, address: str) -> Outcome:
    """The future's outcome; a worker that died on it, or a cluster left without workers, is a message (the
    scheduler would wait for a worker forever)."""
    import time
    from distributed import KilledWorker
    idle_since = None
    while True:
        try:
            return future.result(timeout=1)
        except KilledWorker:
            raise MachineError([Problem("worker-lost", f"the Dask workers at {address} died building "
                                        f"{future.key!r} (killed, or out of memory)",
                                        hint="check the workers' logs and memory, then run again")]) from None
        except TimeoutError:
            if client.scheduler_info().get("workers"):
                idle_since = None
                continue
            idle_since = idle_since or time.monotonic()
            if time.monotonic() - idle_since > NO_WORKER_S:
                raise MachineError([Problem("no-worker", f"the Dask cluster at {address} has had no worker for "
                                            f"{NO_WORKER_S} s", hint="start a worker (dask worker "
                                            f"{address}) and run again")]) from None


def run_dask(jobs: list[Job], project, address: str):
    try:
        from distributed import Client
    except ImportError:
        raise UsageError([Problem("no-dask", "the Dask executor needs the dask extra",
                                          hint="pip install 'reportgen[dask]'")]) from None
    try:
        client = Client(address, timeout=f"{CONNECT_TIMEOUT_S}s")
    except (OSError, TimeoutError) as exc:
        raise MachineError([Problem("no-scheduler", f"cannot reach the Dask scheduler at {address} "
                                           f"within {CONNECT_TIMEOUT_S} s ({type(exc).__name__})",
                                           hint="start it (dask scheduler) or check the address")]) from None
    with client:
        futures = client.map(_dask_build, jobs, project=project, pure=False)
        for future in futures:
            yield _dask_result(client, future, address)
