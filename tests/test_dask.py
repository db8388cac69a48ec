"""A batch run on a (local) Dask cluster writes the same files as the local process pool, byte for byte, even
when its workers prepare their own fonts and charts (as other machines would)."""
from __future__ import annotations

import csv
import os
import subprocess
import sys

import pytest

from conftest import run

pytestmark = pytest.mark.slow     # a Dask cluster: a minute


def test_dask_cluster_builds_the_same_files_as_the_local_pool(tmp_path, monkeypatch):
    distributed = pytest.importorskip("distributed")
    with open(tmp_path / "r.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["name", "organisation", "language", "sector"])
        w.writerows([("Ms Chen", "Example Capital", "en", "energy"), ("李明", "示例资本", "zh", ""),
                     ("Dr Ito", "Sample Partners", "en", "life-sciences"), ("Mr Park", "Example Capital", "zh", "")])
    env = {"SOURCE_DATE_EPOCH": "1767225600"}
    args = ["build", "investor", "--recipients", tmp_path / "r.csv"]
    local = run(*args, "--out", tmp_path / "local", "--jobs", "2", env=env)
    assert local.exit_code == 0, local.output
    # The workers' machine prepared its fonts at another time, without SOURCE_DATE_EPOCH, and has no charts yet.
    other = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    other["REPORTGEN_CACHE"] = str(tmp_path / "another-machine")
    subprocess.run([sys.executable, "-c", "from reportgen.core.fonts import ensure_fonts; ensure_fonts()"], env=other,
                   check=True, capture_output=True)
    monkeypatch.setenv("REPORTGEN_CACHE", other["REPORTGEN_CACHE"])
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        remote = run(*args, "--out", tmp_path / "dask", "--executor", f"dask://{cluster.scheduler_address}", env=env)
    assert remote.exit_code == 0, remote.output
    assert "dask://" in remote.stderr
    files = lambda d: {p.name: p.read_bytes() for p in sorted(d.iterdir())}
    differ = {name: _members_that_differ(tmp_path / "dask" / name, tmp_path / "local" / name)
              for name, data in files(tmp_path / "dask").items() if files(tmp_path / "local").get(name) != data}
    assert not differ, differ
    assert len(files(tmp_path / "local")) == 12
    assert list((tmp_path / "another-machine" / "charts").iterdir())      # the workers drew their own charts


def test_unknown_executor_is_a_usage_error(tmp_path):
    (tmp_path / "r.csv").write_text("name\nA\nB\n", encoding="utf-8")
    result = run("build", "investor", "--recipients", tmp_path / "r.csv", "--out", tmp_path, "--executor", "spark://x")
    assert result.exit_code == 2 and "bad-executor" in result.stderr


def _members_that_differ(a, b) -> list[str]:
    """For a failure message: the parts of two files (zip members of a DOCX) that differ."""
    import zipfile
    if a.suffix != ".docx":
        return [a.name]
    with zipfile.ZipFile(a) as za, zipfile.ZipFile(b) as zb:
        return [n for n in za.namelist() if n not in zb.namelist() or za.read(n) != zb.read(n)]


def test_a_cluster_without_workers_is_a_message_not_a_hang(tmp_path, monkeypatch):
    """The scheduler waits for a worker forever; the batch waits NO_WORKER_S, then stops with a message (as when
    the only worker died)."""
    distributed = pytest.importorskip("distributed")
    from reportgen.run import remote
    monkeypatch.setattr(remote, "NO_WORKER_S", 2)
    (tmp_path / "r.csv").write_text("name\nA\nB\n", encoding="utf-8")
    with distributed.LocalCluster(n_workers=0, processes=False, dashboard_address=None) as cluster:
        result = run("build", "investor", "--recipients", tmp_path / "r.csv", "--lang", "en", "--format", "pdf",
                     "--out", tmp_path / "out", "--executor", f"dask://{cluster.scheduler_address}")
    assert result.exit_code == 8, result.output
    assert "error no-worker: the Dask cluster at" in result.stderr and "has had no worker for 2 s" in result.stderr
    assert "Traceback" not in result.output
