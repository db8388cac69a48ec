"""Benchmark: reportgen against the route a user would script instead, as ratios measured in one run.

The reference route (``route`` below) is the plain Python script a user would write: draw three matplotlib
charts, then compile a four-page A4 brief (six KPIs, a 10 x 4 table, the three charts, prose) with Typst from
PyPI. ``python benchmarks/reference_route.py --route OUT.pdf`` runs it alone.

``python benchmarks/reference_route.py [--runs 5] [--batch 200]`` (after ``pip install .``) times, each as a
whole process and interleaved with the reference route so the machine's drift hits both alike:

- the English PDF with warm caches (``reportgen build investor --lang en --format pdf``);
- all four outputs with warm caches (``reportgen build investor``);
- the marginal cost of one more personalised brief (PDF + Word) in a batch (in one process, median);
- ``reportgen --help``;
- the first build on an empty cache (fonts prepared, charts drawn: ``reportgen build investor``);
- memory over the batch (resident size at three points and the peak).

It prints medians and each figure's ratio to the reference route; it asserts nothing.
"""
from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

KPIS = [("Planned area", "170.6 km²"), ("Revenue 2024", "RMB 236.9 bn"), ("Firms", "1,200"),
        ("R&D staff", "52,000"), ("Patents", "18,400"), ("Green space", "42 %")]
SERIES = {
    "revenue": (["Energy", "Life sciences", "Manufacturing", "Digital", "Services"], [92.4, 61.8, 48.3, 21.7, 12.7]),
    "growth": (["2019", "2020", "2021", "2022", "2023", "2024"], [118.0, 131.5, 158.2, 181.9, 207.4, 236.9]),
    "zones": (["East", "West", "South", "North"], [44.3, 62.5, 33.1, 30.7]),
}
PROSE = ("Future Science City hosts laboratories, pilot plants and the headquarters of research-led firms along the "
         "Wenyu River. Its planners set aside land for energy, life sciences and advanced manufacturing, and the "
         "district reports its revenue, staff and patents each year. ")


def route(out: Path) -> None:
    """The reference route: what a user would script to get a four-page brief with three charts."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import typst

    work = out.parent
    for i, (name, (labels, values)) in enumerate(SERIES.items()):
        fig, ax = plt.subplots(figsize=(16 / 2.54, 5 / 2.54), layout="constrained")
        if i == 1:
            ax.plot(labels, values, marker="o")
        elif i == 0:
            ax.barh(labels[::-1], values[::-1])
        else:
            ax.bar(labels, values)
        ax.spines[["top", "right"]].set_visible(False)
        fig.savefig(work / f"{name}.svg")
        plt.close(fig)
    kpis = ", ".join(f"[#text(size: 16pt, weight: \"bold\")[{v}] \\ {k}]" for k, v in KPIS)
    rows = ", ".join(f"[Indicator {r + 1}], [{100 + 7 * r}], [{110 + 9 * r}], [{4 + r % 5}.{r}%]" for r in range(10))
    sections = []
    for s in range(8):
        chart = list(SERIES)[s % 3] if s < 3 else None
        sections.append(f"= Section {s + 1}\n\n{PROSE * 4}\n\n{PROSE * 3}\n\n"
                        + (f'#figure(image("{chart}.svg", width: 100%), caption: [Chart {s + 1}])\n\n' if chart
                           else ""))
    source = f"""#set page(paper: "a4", margin: 2cm, footer: context align(center)[#counter(page).display()])
#set text(size: 10pt)
#set par(justify: true)
#align(center, text(size: 24pt, weight: "bold")[Beijing Future Science City])
#grid(columns: 3, gutter: 12pt, {kpis})
{sections[0]}
#table(columns: 4, [*Indicator*], [*2023*], [*2024*], [*Change*], {rows})
{"".join(sections[1:])}"""
    (work / "brief.typ").write_text(source, encoding="utf-8")
    out.write_bytes(typst.compile(str(work / "brief.typ"), format="pdf"))


def whole(cmd: list[str], env: dict, before=None) -> float:
    if before:
        before()
    start = time.perf_counter()
    subprocess.run(cmd, check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--route", type=Path, help="only run the reference route, writing this PDF")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--batch", type=int, default=200, help="briefs in the batch (the issue's memory figure: 2000)")
    a = ap.parse_args()
    if a.route:
        return route(a.route.resolve())
    tmp = Path(tempfile.mkdtemp(prefix="rg-ratios-"))
    env = {**os.environ, "REPORTGEN_CACHE": str(tmp / "cache")}
    os.environ["REPORTGEN_CACHE"] = env["REPORTGEN_CACHE"]
    rg = [sys.executable, "-m", "reportgen.cli"]
    ref = [sys.executable, __file__, "--route", str(tmp / "ref" / "brief.pdf")]
    (tmp / "ref").mkdir()
    empty = lambda: shutil.rmtree(tmp / "cache", ignore_errors=True)
    four = [*rg, "build", "investor", "--out", str(tmp / "four")]
    first = [whole(four, env, empty)]                     # also warms the caches for what follows
    cases = {"English PDF, warm": [*rg, "build", "investor", "--lang", "en", "--format", "pdf", "--out",
                                   str(tmp / "en")],
             "all four outputs, warm": four, "--help": [*rg, "--help"]}
    for cmd in cases.values():
        whole(cmd, env)
    times = {"reference route": [], **{k: [] for k in cases}}
    for _ in range(a.runs):                                # interleaved: drift hits every figure alike
        times["reference route"].append(whole(ref, env))
        for name, cmd in cases.items():
            times[name].append(whole(cmd, env))
    for _ in range(2):                                     # the first build twice more, on an emptied cache
        first.append(whole(four, env, empty))
    whole(four, env)
    from build import batch                                # benchmarks/build.py: the same batch, its figures
    b = batch(a.batch, tmp / "batch")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    marginal = b["median s per brief (PDF+DOCX)"]
    med = {k: statistics.median(v) for k, v in times.items()}
    base = med["reference route"]
    pages = len(re.findall(rb"/Type\s*/Page\b(?!s)", (tmp / "ref" / "brief.pdf").read_bytes()))
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}; medians of {a.runs} runs, interleaved")
    print(f"reference route (3 matplotlib charts + a {pages}-page Typst brief, whole process): {base:.3f} s")
    print("| figure | time | ratio to the reference route |")
    print("|---|---|---|")
    for name in cases:
        print(f"| {name} | {med[name]:.3f} s | {med[name] / base:.2f}× |")
    print(f"| batch, marginal personalised brief (PDF + Word, {a.batch} briefs) | {marginal * 1000:.0f} ms | "
          f"{marginal / base:.3f}× |")
    print(f"| first build on an empty cache (fonts, charts; 4 outputs) | {statistics.median(first):.1f} s | "
          f"{statistics.median(first) / base:.1f}× |")
    print("| memory over the batch | " + ", ".join(f"{mb:.0f} MB at {k.removeprefix('rss MB at ')}"
                                                  for k, mb in b.items() if k.startswith("rss")) + f"; peak {peak:.0f} MB | |")
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
