"""Charts: a small request dict → SVG (vector, for PDF) and PNG (for Word), cached by a hash of the request.

matplotlib is imported only when a chart is missing from the cache, so a rebuild with unchanged data never
pays its ~0.6 s import. One style for every chart: the brief's font, a muted palette, no chart junk.
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from .fonts import FontSet
from .numbers import chart_label

PALETTE = ["#1F4E79", "#2A9D8F", "#E9A23B", "#8AB17D", "#E76F51", "#6C757D"]
WIDTH_CM, HEIGHT_CM = 16.0, 7.0
_STYLE_VERSION = "2"


class ChartCache:
    """Draws charts into ``folder``; counts hits so benchmarks can report them."""

    def __init__(self, folder: Path, fonts: FontSet):
        self.folder = folder
        self.fonts = fonts
        self.hits = 0
        self.misses = 0
        self.need = {"svg", "png"}     # SVG for the PDF writer, PNG for the DOCX writer; a PDF-only run skips PNG
        self._mpl_ready = False

    def __call__(self, request: dict) -> tuple[Path, Path]:
        key = hashlib.sha256(json.dumps([_STYLE_VERSION, request], sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:20]
        svg, png = self.folder / f"{key}.svg", self.folder / f"{key}.png"
        wanted = [(path, kw) for path, kw, fmt in ((svg, {"metadata": {"Date": None}}, "svg"),
                                                   (png, {"dpi": 200, "metadata": {"Software": None}}, "png"))
                  if fmt in self.need and not path.exists()]
        if not wanted:
            self.hits += 1
            return svg, png
        self.misses += 1
        self._check_glyphs(request)
        self.folder.mkdir(parents=True, exist_ok=True)
        fig = self._draw(request)
        for path, kw in wanted:
            tmp = path.with_name(f"{path.stem}.{os.getpid()}.tmp{path.suffix}")   # unique per process
            fig.savefig(tmp, **kw)
            tmp.replace(path)
        import matplotlib.pyplot as plt
        plt.close(fig)
        return svg, png

    @staticmethod
    def _check_glyphs(request: dict) -> None:
        from .errors import Problem, UserError
        from .fonts import missing_glyphs
        missing = missing_glyphs("".join(request["rows"] + request["columns"] + [request["axis"]]))
        if missing:
            raise UserError("render", [Problem("missing-glyph", "a chart label has characters the font cannot draw: "
                                               + " ".join(f"{c} (U+{ord(c):04X})" for c in sorted(missing)),
                                               "series.yaml", hint="use plain characters, e.g. CO2 for CO₂")])

    def _setup(self):
        import matplotlib
        matplotlib.use("Agg")
        from matplotlib import font_manager, rcParams
        for p in (self.fonts.regular, self.fonts.bold):
            font_manager.fontManager.addfont(str(p))
        rcParams.update({
            "font.family": [self.fonts.family], "font.size": 8, "axes.unicode_minus": False,
            "svg.fonttype": "none", "svg.hashsalt": "reportgen", "axes.spines.top": False,
            "axes.spines.right": False, "axes.edgecolor": "#888888", "axes.labelcolor": "#333333",
            "xtick.color": "#333333", "ytick.color": "#333333", "axes.titlesize": 9,
        })
        self._mpl_ready = True

    def _draw(self, req: dict):
        if not self._mpl_ready:
            self._setup()
        import matplotlib.pyplot as plt
        fig, ax = plt.subplots(figsize=(WIDTH_CM / 2.54, HEIGHT_CM / 2.54), layout="constrained")
        rows, cols, values, kind = req["rows"], req["columns"], req["values"], req["kind"]
        quals = req["qualifiers"]
        if len(rows) == 1 and len(cols) > 1 and kind in ("bar", "grouped"):   # one series over time: bars per column
            rows, cols, values, quals, kind = cols, rows, [[v] for v in values[0]], [[q] for q in quals[0]], "bar"
        label = lambda v, q="exact": chart_label(v, req["lang"], q)
        if kind == "line":
            for i, (name, row, qrow) in enumerate(zip(rows, values, quals)):
                pts = [(c, v, q) for c, v, q in zip(cols, row, qrow) if v is not None]
                ax.plot([p[0] for p in pts], [p[1] for p in pts], marker="o", color=PALETTE[i % len(PALETTE)], label=name)
                for x, y, q in pts:
                    ax.annotate(label(y, q), (x, y), textcoords="offset points", xytext=(0, 5), ha="center", fontsize=7)
            if len(rows) > 1:
                ax.legend(frameon=False)
        elif kind == "barh":
            vals = [r[0] or 0 for r in values]
            bars = ax.barh(rows[::-1], vals[::-1], color=PALETTE[0])
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
                              color=PALETTE[j % len(PALETTE)], label=cols[j] if n > 1 else None)
                ax.bar_label(bars, labels=[label(p[1], p[2]) for p in present], padding=2, fontsize=7)
            ax.set_xticks(range(len(rows)), rows)
            if n > 1:
                ax.legend(frameon=False, ncols=n)
        ax.set_ylabel(req["axis"]) if kind != "barh" else ax.set_xlabel(req["axis"])
        from matplotlib.ticker import FuncFormatter
        (ax.xaxis if kind == "barh" else ax.yaxis).set_major_formatter(FuncFormatter(lambda v, _: label(v)))
        ax.margins(y=0.15) if kind != "barh" else ax.margins(x=0.15)
        ax.grid(axis="x" if kind == "barh" else "y", color="#DDDDDD", linewidth=0.6)
        ax.set_axisbelow(True)
        return fig
