"""``build --watch``: rebuild whenever the project's inputs change, as mkdocs serve and quarto preview do.

Every rebuild starts from scratch (data, briefs, templates and themes are read again), so what it shows is
what a fresh build would give. An error is printed and the watch goes on: a half-typed template is normal.
"""
from __future__ import annotations

import time
from pathlib import Path

from reportgen.core.errors import UserError


def watched_paths(project) -> list[Path]:
    """The folders and files a build reads from the user's side (never the built-in ones, never the output)."""
    candidates = [project.root / name for name in ("briefs", "templates", "themes", "assets")]
    candidates += [project.templates, project.reference_doc, project.file]
    if project.file or project.data:
        candidates.append(project.data_dir)
    return sorted({p.resolve() for p in candidates if p and p.exists()})


def watch_and_rebuild(project, rebuild, say, stop_event=None) -> None:
    """Build once, then again after each batch of changes; ``stop_event`` (a threading.Event) ends the watch."""
    from watchfiles import watch

    _attempt(rebuild, say)
    paths = watched_paths(project)
    if not paths:
        say.warn("nothing to watch here: no briefs/, templates/, themes/, assets/ or project data")
        return
    announced = False
    try:
        # an empty yield after each quiet half second: the first one says the watcher is in place
        for changes in watch(*paths, stop_event=stop_event, debounce=300, rust_timeout=500, yield_on_timeout=True):
            if not changes:
                if not announced:
                    say.info("watching " + ", ".join(str(p) for p in paths) + " (Ctrl-C stops)")
                    announced = True
                continue
            names = sorted({Path(p).name for _, p in changes})
            say.info(f"changed: {', '.join(names)}; rebuilding")
            _attempt(rebuild, say)
    except KeyboardInterrupt:
        say.info("stopped watching")


def _attempt(rebuild, say) -> None:
    start = time.perf_counter()
    try:
        rebuild()
    except UserError as exc:
        for p in exc.problems:
            say.error(str(p))
        say.info("not rebuilt; fix the error and save again")
        return
    say.info(f"built in {time.perf_counter() - start:.1f} s")
