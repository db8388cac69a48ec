"""Benchmark: time to load and validate the shipped dataset (imports excluded), median of several runs.

Run: `python benchmarks/load_dataset.py` (after `pip install .`). Prints the figures; it asserts nothing.
"""
from __future__ import annotations

import statistics
import time


def main(runs: int = 7) -> None:
    t0 = time.perf_counter()
    from reportgen.data import dataset
    from reportgen.core.resources import builtin
    imports = time.perf_counter() - t0
    root = builtin("assets", "data")
    times, ds = [], None
    for _ in range(runs):
        start = time.perf_counter()
        ds = dataset.load(root)
        times.append(time.perf_counter() - start)
    print(f"facts: {len(ds.facts)}  sources: {len(ds.sources)}  series: {len(ds.series)}  "
          f"warnings: {len(ds.problems.warnings)}")
    print(f"import reportgen.data.dataset: {imports:.3f} s")
    print(f"load + validate + consistency checks: median {statistics.median(times):.3f} s, "
          f"min {min(times):.3f} s over {runs} runs")


if __name__ == "__main__":
    main()
