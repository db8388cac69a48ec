"""Benchmark: how long building briefs takes, whole-process and in-process, and what a batch costs per brief;
the PDF figures for each PDF engine (Typst, the default, and reportlab).

Run: `python benchmarks/build.py [--runs 5] [--batch 200]` after `pip install .`. Prints medians; asserts nothing.
Cold runs start a new process each time (fonts prepared, chart cache emptied first unless noted).
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def whole_process(args: list[str], runs: int, env: dict, before=None) -> float:
    times = []
    for _ in range(runs):
        if before:
            before()
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "reportgen.cli", *args], check=True, env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def in_process_split(out: Path) -> dict:
    """Where one build of all four outputs spends its time, in this process (charts drawn fresh)."""
    t = {}
    start = time.perf_counter()
    from reportgen.run import builder as pipeline
    t["imports (reportgen, pandas)"] = time.perf_counter() - start
    start = time.perf_counter()
    builder = pipeline.Builder(pipeline.Project(), log=lambda m: None)
    t["data load + fonts + templates"] = time.perf_counter() - start
    docs = {}
    start = time.perf_counter()
    for lang in ("en", "zh"):
        docs[lang] = builder.compose("investor", lang, {})
    builder.charts.wait()
    t["compose incl. charts (2 languages)"] = time.perf_counter() - start
    t["  of which charts drawn"] = builder.charts.misses
    theme = builder.brief("investor").theme
    from reportgen.writers.registry import engines
    for engine in engines("pdf"):
        builder.writer("pdf", theme, engine).write(docs["en"][0])     # first use: imports, fonts loaded
        start = time.perf_counter()
        for lang, (doc, _) in docs.items():
            builder.writer("pdf", theme, engine).write(doc)
        t[f"PDF write (2), {engine}"] = time.perf_counter() - start
    start = time.perf_counter()
    for lang, (doc, _) in docs.items():
        builder.writer("docx", theme).write(doc)
    t["DOCX write (2)"] = time.perf_counter() - start
    return t


def rss_mb() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def batch(n: int, out: Path) -> dict:
    """n personalised investor briefs (PDF + DOCX, English) in one process: marginal cost and memory."""
    from reportgen.run import builder as pipeline
    builder = pipeline.Builder(pipeline.Project(), log=lambda m: None)
    builder.build("investor", "en", ["pdf", "docx"], out, {"recipient_name": "warm-up"}, "warmup")
    hits_before = builder.charts.hits
    times, memory = [], {}
    for i in range(1, n + 1):
        start = time.perf_counter()
        builder.build("investor", "en", ["pdf", "docx"], out,
                      {"recipient_name": f"Recipient {i}", "recipient_org": f"Org {i % 17}"}, f"r{i}")
        times.append(time.perf_counter() - start)
        if i in (20, n // 2, n):     # three points tell a plateau (caches warming) from steady growth
            memory[i] = rss_mb()
    return {"median s per brief (PDF+DOCX)": statistics.median(times), "mean": statistics.mean(times),
            **{f"rss MB at brief {i}": mb for i, mb in sorted(memory.items())},
            "chart cache hits": builder.charts.hits - hits_before, "chart draws": builder.charts.misses}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--batch", type=int, default=200)
    a = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="rg-bench-"))
    env = {**os.environ, "REPORTGEN_CACHE": str(tmp / "cache")}
    os.environ["REPORTGEN_CACHE"] = env["REPORTGEN_CACHE"]
    charts = tmp / "cache" / "charts"
    clear = lambda: shutil.rmtree(charts, ignore_errors=True)
    whole_process(["--help"], 1, env)
    from reportgen.core.fonts import ensure_fonts
    start = time.perf_counter()
    ensure_fonts(log=lambda m: None)
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    print(f"font preparation (once per machine): {time.perf_counter() - start:.1f} s")
    print(f"reportgen --help: {whole_process(['--help'], a.runs, env):.3f} s")
    from reportgen.writers.registry import engines
    for engine in engines("pdf"):
        one = ["build", "investor", "--lang", "en", "--format", "pdf", "--pdf-engine", engine, "--out", str(tmp / "o1")]
        print(f"build investor --lang en --format pdf --pdf-engine {engine}: "
              f"{whole_process(one, a.runs, env, clear):.3f} s cold charts, "
              f"{whole_process(one, a.runs, env):.3f} s cached charts")
    four = ["build", "investor", "--out", str(tmp / "o4")]
    print(f"build investor (4 outputs): {whole_process(four, a.runs, env, clear):.3f} s cold charts, "
          f"{whole_process(four, a.runs, env):.3f} s cached charts")
    clear()
    print("in-process split, one build of all four outputs:")
    for k, v in in_process_split(tmp / "split").items():
        print(f"  {k}: {v:.3f} s" if isinstance(v, float) else f"  {k}: {v}")
    print(f"batch of {a.batch} personalised investor briefs in one process:")
    for k, v in batch(a.batch, tmp / "batch").items():
        print(f"  {k}: {v:.3f}" if isinstance(v, float) else f"  {k}: {v}")
    rows = tmp / "r.csv"
    rows.write_text("name,organisation,language\n" + "".join(f"R{i},Org {i},en\n" for i in range(a.batch)))
    for jobs in (1, os.cpu_count() or 1):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "reportgen.cli", "build", "investor", "--recipients", str(rows),
                        "--out", str(tmp / f"cli{jobs}"), "--lang", "en", "--jobs", str(jobs)], check=True, env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        took = time.perf_counter() - start
        print(f"reportgen build --recipients ({a.batch} rows, --jobs {jobs}): {took:.1f} s whole process, "
              f"{took / a.batch * 1000:.0f} ms per brief")
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
