"""A batch run on a (local) Dask cluster writes the same files as the local process pool."""
from __future__ import annotations

import csv

import pytest

from conftest import run


def test_dask_cluster_builds_the_same_files_as_the_local_pool(tmp_path):
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
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        remote = run(*args, "--out", tmp_path / "dask", "--executor", f"dask://{cluster.scheduler_address}", env=env)
    assert remote.exit_code == 0, remote.output
    assert "dask://" in remote.stderr
    files = lambda d: {p.name: p.read_bytes() for p in sorted(d.iterdir())}
    assert files(tmp_path / "dask") == files(tmp_path / "local")
    assert len(files(tmp_path / "local")) == 12


def test_unknown_executor_is_a_usage_error(tmp_path):
    (tmp_path / "r.csv").write_text("name\nA\nB\n", encoding="utf-8")
    result = run("build", "investor", "--recipients", tmp_path / "r.csv", "--out", tmp_path, "--executor", "spark://x")
    assert result.exit_code == 2 and "bad-executor" in result.stderr
