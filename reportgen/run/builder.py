"""The build stage: ``Builder.build`` runs dataset → brief → templates → Document → writers for one brief.

A ``Builder`` holds what a run loads once (fonts, dataset, templates, writers, the chart cache) and builds any
number of briefs with it; its ``Project`` (core/project.py) says where briefs, templates, themes and data are
looked up.

All outputs of a build are staged and renamed into place together (run/staging.py), so a failed build never
leaves a half-written file, or a new PDF beside an old DOCX, where good ones stood.
"""
from __future__ import annotations

import csv
import io
import os
import time
from datetime import datetime, timezone
from pathlib import Path

from reportgen.brief import definition as briefs
from reportgen.core.errors import DataError, Problem, UsageError
from reportgen.core.project import Project
from reportgen.run.glyphs import check_glyphs
from reportgen.run.staging import Staging


def build_time(epoch: int | None = None) -> datetime:
    """The time a build is dated: ``epoch`` if given, else SOURCE_DATE_EPOCH, else now (to the second)."""
    if epoch is None and os.environ.get("SOURCE_DATE_EPOCH"):
        epoch = int(os.environ["SOURCE_DATE_EPOCH"])
    if epoch is None:
        return datetime.now(timezone.utc).replace(microsecond=0)
    return datetime.fromtimestamp(epoch, tz=timezone.utc)


def date_text(when: datetime, lang: str) -> str:
    """'8 December 2026' / '2026年12月8日', the same on every system (``%-d`` is glibc's, ``%B`` the locale's)."""
    from reportgen.compose.notes import date_text as words
    return words(when.date().isoformat(), lang)


class Builder:
    """Holds what is loaded once per run (dataset, fonts, chart cache, briefs, templates, writers) and builds."""

    def __init__(self, project: Project, log=print, background_charts: bool = False):
        """``background_charts``: start a helper process that readies matplotlib while data loads (for a single
        interactive build, where a chart may need drawing; batches draw their few charts once, in process)."""
        from reportgen.compose.charts import Background, ChartCache
        from reportgen.core.fonts import cache_dir, ensure_fonts
        self.project, self.log = project, log
        self.fonts = ensure_fonts(log=lambda msg: log(msg))
        if background_charts:
            import numpy  # noqa: F401 -- imported once, before the fork, it is shared with the helper
        self.background = Background(self.fonts) if background_charts else None   # first: it overlaps the rest
        from reportgen.data import dataset
        from reportgen.compose.templating import environment
        started = time.perf_counter()
        self.ds = dataset.load(project.data_dir)
        self.ds.problems.raise_errors(DataError)
        log(f"dataset loaded in {time.perf_counter() - started:.2f} s")
        self.charts = ChartCache(cache_dir() / "charts", self.fonts, self.background)
        self.env = environment(project.template_dirs)
        self._briefs: dict = {}
        self._writers: dict = {}
        self._themes: dict = {}
        self._frozen = False

    def brief(self, name: str):
        if name not in self._briefs:
            self._briefs[name] = briefs.load(briefs.find(name, self.project.brief_dirs), self.project.brief_dirs)
        return self._briefs[name]

    def theme(self, name: str):
        if name not in self._themes:
            import dataclasses
            from reportgen.writers import theme_file as themes
            theme = themes.load(themes.find(name, self.project.theme_dirs), self.project.asset_dirs,
                                self.project.theme_dirs)
            if self.project.reference_doc:
                theme = dataclasses.replace(theme, reference_docx=self.project.reference_doc)
            self._themes[name] = theme
        return self._themes[name]

    def theme_of(self, brief) -> str:
        """The theme a brief is built in: ``--theme`` if given, else the one the brief names."""
        return self.project.theme or brief.theme

    def writer_info(self, fmt: str, theme_name: str, engine: str = ""):
        """The registry's writer for ``fmt``: the --pdf-engine flag's, else the brief's (``engine``), else the
        theme's, else the format's default."""
        from reportgen.writers import registry
        return registry.choose(fmt, self.project.pdf_engine or engine or self.theme(theme_name).pdf_engine)

    def writer(self, fmt: str, theme_name: str, engine: str = ""):
        """One writer per engine and theme, made once per run."""
        info = self.writer_info(fmt, theme_name, engine)
        key = (info.name, theme_name)
        if key not in self._writers:
            self._writers[key] = info.create(self.theme(theme_name), self.fonts,
                                             {"pdf_standard": self.project.pdf_standard})
        return self._writers[key]

    def compose(self, name: str, lang: str, params: dict, epoch: int | None = None):
        """``params``: the merged parameters (``brief.parameters.merge``), brief defaults included."""
        from reportgen.compose.composer import compose
        b = self.brief(name)
        if lang not in b.languages:
            raise UsageError([Problem("bad-language", f"brief {name!r} has no {lang!r} version", str(b.path),
                                              hint=f"languages: {', '.join(b.languages)}")])
        when = build_time(epoch)
        doc, claims = compose(self.ds, b, lang, params, self.env, self.charts, date_text(when, lang),
                              self.theme(self.theme_of(b)).chart_palette)
        doc.meta.created = when
        check_glyphs(doc, b, lang, params, self.env, self.ds)
        return doc, claims

    def build(self, name: str, lang: str, formats: list[str], out: Path, params: dict,
              stem: str | None = None, epoch: int | None = None, stage: Staging | None = None) -> list[Path]:
        """Write one brief in one language; ``stem`` names the files (default ``<brief>.<lang>``); ``epoch`` dates
        it (a batch dates every brief alike, wherever it runs). The outputs are renamed into place when all are
        written, or, given a ``stage``, when its owner commits it (one build of several languages)."""
        if stage is None:
            with Staging() as own:
                return self.build(name, lang, formats, out, params, stem, epoch, own)
        b = self.brief(name)
        theme = self.theme_of(b)
        chosen = {fmt: self.writer_info(fmt, theme, b.pdf_engine) for fmt in formats}
        self.charts.need = {chart for info in chosen.values() for chart in info.charts}
        started = time.perf_counter()
        doc, claims = self.compose(name, lang, params, epoch)
        timings = [f"composed in {time.perf_counter() - started:.2f} s"]
        writers = {fmt: self.writer(fmt, theme, b.pdf_engine) for fmt in formats}   # overlaps chart drawing
        self.charts.wait()
        stem = stem or f"{name}.{lang}"
        written = []
        for fmt in formats:
            written.append(out / f"{stem}{chosen[fmt].suffix}")
            started = time.perf_counter()
            stage.write(written[-1], writers[fmt].write(doc))
            timings.append(f"{fmt} in {time.perf_counter() - started:.2f} s")
        self.log(f"{stem}: " + ", ".join(timings))
        written.append(out / f"{stem}.claims.csv")
        stage.write(written[-1], claims_csv(claims, self.ds))
        self._release()
        return written

    def close(self) -> None:
        if self.background:
            self.background.close()

    def _release(self) -> None:
        """Free each brief's documents now: python-docx objects form reference cycles that the collector would
        otherwise leave for long (memory grew ~0.8 MB per brief). What was loaded once is frozen first, so the
        collection after each brief scans only that brief's objects (~3 ms)."""
        import gc
        if not self._frozen:
            gc.collect()
            gc.freeze()
            self._frozen = True
        gc.collect()


def claims_csv(claims, ds) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["fact_id", "printed", "place", "note", "source_id", "source_file", "locator", "quote", "article",
                "scope", "period", "context"])
    for c in claims:
        f = ds.facts[c.fact_id]
        src = ds.sources.get(f.source)
        art = ds.article_of(f)
        w.writerow([c.fact_id, c.text, c.place, c.note, f.source, src.file if src else "", f.locator, f.quote,
                    art.id if art else "", f.scope, f.period, c.context])
    return buf.getvalue().encode("utf-8")
