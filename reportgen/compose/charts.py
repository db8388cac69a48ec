"""Charts: a small request dict → SVG (vector, for PDF), and for Word an SVG with its text drawn as outlines plus
a PNG fallback, cached by a hash of the request.

matplotlib is imported only when a chart is missing from the cache, so a rebuild with unchanged data never
pays its ~0.6 s import. One style for every chart: the brief's font, no chart junk, and the colours of the brief's
theme, which come in the request (``palette``), so a changed colour is a new cache key and the chart is redrawn.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
from functools import lru_cache
from pathlib import Path

from reportgen.compose import numbers
from reportgen.core import locale
from reportgen.compose.numbers import chart_label
from reportgen.core.fonts import FontSet

WIDTH_CM, HEIGHT_CM = 16.0, 5.0
# name → (file suffix, savefig options, rcParams while saving). Word draws an SVG's text with whatever fonts the
# reader has, so its copy has the glyphs as outlines: it prints the same everywhere (the data is in the alt text).
FORMATS = {
    "svg": (".svg", {"metadata": {"Date": None}}, {}),
    "png": (".png", {"dpi": 200, "metadata": {"Software": None}}, {}),
    "svg-outlined": (".outlined.svg", {"metadata": {"Date": None}}, {"svg.fonttype": "path"}),
}


@lru_cache(maxsize=None)
def drawing_code_hash() -> str:
    """What draws a chart: this module, the number formatting its labels use (the code and the locale files), and
    matplotlib's version. Any change to them gives new cache keys, so a stale drawing is never served and no
    version needs bumping by hand."""
    from importlib.metadata import version
    digest = hashlib.sha256(version("matplotlib").encode())
    for module_file in (__file__, numbers.__file__, locale.__file__, *sorted(locale.locale_dir().glob("*.yaml"))):
        digest.update(Path(module_file).read_bytes())
    return digest.hexdigest()


class Background:
    """Helper processes that import matplotlib while the main process loads data and composes, then draw the
    charts the brief asks for (shared out in turn): a first build overlaps the import and the drawing with
    other work instead of adding them up."""

    def __init__(self, fonts: FontSet, processes: int = 1):
        import multiprocessing
        import threading
        # fork is quick; with other threads running (a test process), a fresh interpreter is the safe choice
        # fork is quick where it exists (not on Windows); with other threads running (a test process), or where
        # there is no fork, a fresh interpreter is the safe choice
        fork = "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1
        ctx = multiprocessing.get_context("fork" if fork else "spawn")
        self.helpers = []
        for _ in range(processes):
            conn, child = ctx.Pipe()
            proc = ctx.Process(target=_serve, args=(child, fonts), daemon=True)
            proc.start()
            self.helpers.append([conn, proc, 0])
        self.turn = 0

    def draw(self, request: dict, targets: list) -> None:
        helper = self.helpers[self.turn % len(self.helpers)]
        self.turn += 1
        helper[0].send((request, targets))
        helper[2] += 1

    def close(self) -> None:
        """Stop the helpers now: every chart asked for has been waited for, so nothing is lost."""
        for conn, proc, _ in self.helpers:
            conn.close()
            proc.terminate()
        for _, proc, _ in self.helpers:
            proc.join(timeout=2)

    def wait(self) -> None:
        """Block until every chart sent so far is on disk; a drawing error is raised here."""
        for helper in self.helpers:
            while helper[2]:
                ok, error = helper[0].recv()
                helper[2] -= 1
                if not ok:
                    raise RuntimeError(f"chart drawing failed: {error}")


def _serve(conn, fonts: FontSet) -> None:
    import multiprocessing
    _setup(fonts)
    parent = multiprocessing.parent_process()
    while True:
        try:
            if not conn.poll(1.0):
                if parent is not None and not parent.is_alive():     # killed (SIGKILL): no orphan stays
                    return
                continue
            request, targets = conn.recv()
        except EOFError:
            return
        try:
            render(request, fonts, targets)
            conn.send((True, ""))
        except Exception as exc:   # reported to the main process, which raises it
            conn.send((False, f"{type(exc).__name__}: {exc}"))


class ChartCache:
    """Draws charts into ``folder`` (here, or in a ``Background`` process); counts hits for the benchmarks."""

    def __init__(self, folder: Path, fonts: FontSet, background: Background | None = None):
        self.folder = folder
        self.fonts = fonts
        self.background = background
        self.hits = 0
        self.misses = 0
        self.need = set(FORMATS)      # the formats the writers of this run use (a PDF-only run skips Word's)

    def __call__(self, request: dict) -> tuple[Path, Path, Path]:
        """The chart's SVG, PNG and outlined SVG paths; the files exist once ``wait()`` returns."""
        # the drawing code, the prepared fonts (their folder is named by their recipe) and the request
        identity = [drawing_code_hash(), self.fonts.regular.parent.name, request]
        key = hashlib.sha256(json.dumps(identity, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:20]
        paths = {fmt: self.folder / f"{key}{suffix}" for fmt, (suffix, _, _) in FORMATS.items()}
        wanted = [(paths[fmt], kw, rc) for fmt, (_, kw, rc) in FORMATS.items()
                  if fmt in self.need and not paths[fmt].exists()]
        if not wanted:
            self.hits += 1
            return paths["svg"], paths["png"], paths["svg-outlined"]
        self.misses += 1
        self._check_glyphs(request)
        self.folder.mkdir(parents=True, exist_ok=True)
        if self.background:
            self.background.draw(request, wanted)
        else:
            render(request, self.fonts, wanted)
        return paths["svg"], paths["png"], paths["svg-outlined"]

    def wait(self) -> None:
        if self.background:
            self.background.wait()

    @staticmethod
    def _check_glyphs(request: dict) -> None:
        from reportgen.core.errors import Problem, RenderError
        from reportgen.core.fonts import missing_glyphs
        missing = missing_glyphs("".join(request["rows"] + request["columns"] + [request["axis"]]))
        if missing:
            raise RenderError([Problem("missing-glyph", "a chart label has characters the font cannot draw: "
                                               + " ".join(f"{c} (U+{ord(c):04X})" for c in sorted(missing)),
                                               "series.yaml", hint="use plain characters, e.g. CO2 for CO₂")])


_READY = False

# The one chart style, over matplotlib's own defaults. Every chart is drawn in it whatever style is in force in the
# process: a ``matplotlibrc`` in the current folder or in MPLCONFIGDIR changes no chart, so the cache, whose key
# covers this module's code (``drawing_code_hash``) and so this style, never holds a chart drawn otherwise.
STYLE = {
    "font.size": 8, "axes.unicode_minus": False, "svg.fonttype": "none", "svg.hashsalt": "reportgen",
    "axes.spines.top": False, "axes.spines.right": False, "axes.edgecolor": "#888888",
    "axes.labelcolor": "#333333", "xtick.color": "#333333", "ytick.color": "#333333", "axes.titlesize": 9,
}


def _setup(fonts: FontSet) -> None:
    """matplotlib with our fonts, once per process."""
    global _READY
    if _READY:
        return
    import matplotlib
    matplotlib.use("Agg")
    from matplotlib import font_manager
    for p in (fonts.regular, fonts.bold):
        font_manager.fontManager.addfont(str(p))
    _READY = True


def render(request: dict, fonts: FontSet, targets: list) -> None:
    """Draw one chart, in ``STYLE`` alone, and save it to each (path, savefig options, rcParams) target,
    atomically."""
    _setup(fonts)
    import matplotlib.pyplot as plt
    with plt.style.context(["default", {**STYLE, "font.family": [fonts.family]}]):   # "default": no rc file
        _draw(request, targets)


def _draw(request: dict, targets: list) -> None:
    import matplotlib.pyplot as plt
    fig = _figure(request)
    # Lay the figure out once, then keep that layout: the constrained layout starts each save from where the last
    # one left it, so a PNG saved after an SVG came out a hair apart from one saved first, and a chart drawn where
    # only its missing copies were asked for differed from one drawn whole (Word files differed between workers).
    fig.canvas.draw()
    fig.set_layout_engine("none")
    for path, kw, rc in targets:
        tmp = path.with_name(f"{path.stem}.{os.getpid()}.tmp{path.suffix}")   # unique per process
        with plt.rc_context(rc):
            fig.savefig(tmp, **kw)
        if path.suffix == ".svg":
            tmp.write_text(stable_clip_ids(tmp.read_text(encoding="utf-8")), encoding="utf-8")
        tmp.replace(path)
    plt.close(fig)


_CLIP_ID = re.compile(r'(?<=id=")p[0-9a-f]{10}(?=")|(?<=url\(#)p[0-9a-f]{10}(?=\))')


def stable_clip_ids(svg: str) -> str:
    """matplotlib names clip paths by a hash of their box, whose last digits depend on what the figure saved
    before (a PNG, or nothing): numbered in order of appearance instead, a chart's SVG has the same bytes
    wherever and in whatever order it is drawn."""
    names: dict[str, str] = {}
    return _CLIP_ID.sub(lambda m: names.setdefault(m.group(), f"clip{len(names) + 1}"), svg)


_FORMULA = re.compile(r"\b(CO|SO|NO)2\b")


def _formulas(label: str) -> str:
    """SO2 → SO₂ as mathtext in the chart's own font (the font has no ₂); any other "$" stays a dollar sign."""
    if not _FORMULA.search(label):
        return label
    return _FORMULA.sub(r"$\\mathregular{\1_2}$", label.replace("$", r"\$"))


_LOWER_BOUNDS = ("more_than", "at_least")


def _lower_bounds(bars, qualifiers: list[str], colour: str) -> None:
    """A bar for 'more than 500' is drawn as a lower bound, outlined and hatched, not as a solid bar that claims
    the value: its label ('500+') says the rest."""
    for bar, q in zip(bars, qualifiers):
        if q in _LOWER_BOUNDS:
            bar.set(facecolor="white", edgecolor=colour, hatch="////", linewidth=0.8)


def _figure(req: dict):
    import matplotlib.pyplot as plt
    rows, cols, values, kind = req["rows"], req["columns"], req["values"], req["kind"]
    rows, cols = [_formulas(r) for r in rows], [_formulas(c) for c in cols]
    quals, palette = req["qualifiers"], req["palette"]
    if len(rows) == 1 and len(cols) > 1 and kind in ("bar", "grouped"):   # one series over time: bars per column
        rows, cols, values, quals, kind = cols, rows, [[v] for v in values[0]], [[q] for q in quals[0]], "bar"
    # a chart is as tall as its data needs: three horizontal bars or two columns do not fill a quarter page
    height = min(HEIGHT_CM, 1.6 + 0.65 * len(rows)) if kind == "barh" else HEIGHT_CM if len(rows) > 2 else 3.8
    fig, ax = plt.subplots(figsize=(WIDTH_CM / 2.54, height / 2.54), layout="constrained")
    label = lambda v, q="exact": chart_label(v, req["lang"], q, req.get("decimals"))
    if kind == "line":
        for i, (name, row, qrow) in enumerate(zip(rows, values, quals)):
            pts = [(c, v, q) for c, v, q in zip(cols, row, qrow) if v is not None]
            ax.plot([p[0] for p in pts], [p[1] for p in pts], marker="o", color=palette[i % len(palette)], label=name)
            for x, y, q in pts:
                ax.annotate(label(y, q), (x, y), textcoords="offset points", xytext=(0, 5), ha="center", fontsize=7)
        if len(rows) > 1:
            ax.legend(frameon=False)
    elif kind == "barh":
        vals = [r[0] or 0 for r in values]
        bars = ax.barh(rows[::-1], vals[::-1], color=palette[0])
        _lower_bounds(bars, [q[0] for q in quals][::-1], palette[0])
        ax.bar_label(bars, labels=[label(v, q[0]) for v, q in zip(vals, quals)][::-1], padding=3, fontsize=7)
        ax.spines["left"].set_visible(False)
        ax.tick_params(axis="y", length=0)
    else:
        n = len(cols) if kind == "grouped" else 1
        width = 0.8 / n
        for j in range(n):
            xs = [i + (j - (n - 1) / 2) * width for i in range(len(rows))]
            present = [(x, r[j], q[j]) for x, r, q in zip(xs, values, quals) if r[j] is not None]
            bars = ax.bar([p[0] for p in present], [p[1] for p in present], width * 0.92,
                          color=palette[j % len(palette)], label=cols[j] if n > 1 else None)
            _lower_bounds(bars, [p[2] for p in present], palette[j % len(palette)])
            ax.bar_label(bars, labels=[label(p[1], p[2]) for p in present], padding=2, fontsize=7)
        ax.set_xticks(range(len(rows)), rows)
        if n > 1:
            ax.legend(frameon=False, ncols=n)
    if kind == "barh":
        ax.set_xlabel(_formulas(req["axis"]))
    elif req["axis"]:   # the unit reads across, above the axis (a turned label is hard to read, Chinese never turns)
        ax.set_title(_formulas(req["axis"]), loc="left", fontsize=8, color="#333333", pad=6)
    from matplotlib.ticker import FuncFormatter
    (ax.xaxis if kind == "barh" else ax.yaxis).set_major_formatter(
        FuncFormatter(lambda v, _: chart_label(v, req["lang"])))     # ticks: as precise as they need
    ax.margins(y=0.15) if kind != "barh" else ax.margins(x=0.15)
    ax.grid(axis="x" if kind == "barh" else "y", color="#DDDDDD", linewidth=0.6)
    ax.set_axisbelow(True)
    return fig
