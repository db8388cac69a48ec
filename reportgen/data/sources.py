"""Sources as readers cite them: documents, the articles inside them, dates as precise as the documents are,
and locators in both languages.

A file of news pages can hold several articles, each with its own title, author and date: a figure is cited by
the article it comes from, never by the file's first article. A date is stored no more precisely than the
document gives it (``2025``, ``2021-06``, ``2021-12-31``, or empty), and printed at that precision.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from reportgen.core import files as yamlfile
from reportgen.core.errors import Problems

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
PRECISIONS = ("none", "year", "month", "day")


@dataclass(frozen=True)
class Article:
    """One article of a source document: what a note cites."""
    id: str
    title_en: str
    title_zh: str
    author_en: str = ""
    author_zh: str = ""
    date: str = ""
    locator_en: str = ""
    locator_zh: str = ""
    begins: str = ""
    short_en: str = ""         # a short title for notes after the first that cites the article in full
    short_zh: str = ""


@dataclass(frozen=True)
class Source:
    id: str
    file: str
    kind: str
    publisher_en: str
    publisher_zh: str
    title_en: str
    title_zh: str
    date: str
    date_note: str = ""
    articles: tuple[Article, ...] = field(default=())


def precision(date: str) -> str:
    """How precisely a date or period is known: 'none', 'year', 'month' or 'day' (a span: its end's)."""
    end = (date or "").split("/")[-1]
    m = _DATE.match(end)
    if not m:
        return "none"
    return PRECISIONS[1 + sum(1 for g in m.groups()[1:] if g)]


def load_sources(path: Path, problems: Problems) -> dict[str, Source]:
    """Read sources.yaml; a source without ``articles`` is one article with the source's title and date."""
    out = {}
    for r in yamlfile.load(path) or []:
        missing = [k for k in ("id", "file", "title_en", "title_zh") if not str(r.get(k) or "").strip()]
        if missing:
            problems.add("missing-field", f"record lacks {', '.join(missing)}", path, yamlfile.line_of(r))
            continue
        date = str(r.get("date") or "")
        if date and not _DATE.match(date):
            problems.add("bad-date", f"source {r['id']}: date {date!r} is not YYYY, YYYY-MM or YYYY-MM-DD", path,
                         yamlfile.line_of(r), hint="write only as much of the date as the document gives")
        articles = tuple(_article(a, problems, path) for a in r.get("articles") or [])
        if not articles:
            articles = (Article(f"{r['id']}.whole", str(r["title_en"]), str(r["title_zh"]), date=date),)
        fields = {k: str(r.get(k) or "") for k in Source.__dataclass_fields__ if k != "articles"}
        out[r["id"]] = Source(**fields, articles=articles)
    return out


def _article(item: dict, problems: Problems, path: Path) -> Article:
    known = set(Article.__dataclass_fields__)
    for key in set(item) - known:
        problems.add("unknown-key", f"article {item.get('id')!r}: unknown key {key!r}", path, yamlfile.line_of(item),
                     hint=f"keys: {', '.join(sorted(known))}")
    return Article(**{k: str(item.get(k) or "") for k in known})


def article_spans(source: Source, text: str, problems: Problems, path: str) -> dict[str, tuple[int, int]]:
    """Where each article lies in its file: from its ``begins`` text to the next article's."""
    starts, pos = [], 0
    for a in source.articles:
        at = text.find(a.begins, pos) if a.begins else pos
        if at < 0:
            problems.add("article-not-found", f"article {a.id}: its opening {a.begins!r} is not in {source.file}",
                         path, hint="copy the article's first words from the file exactly")
            at = pos
        starts.append(at)
        pos = at + 1
    ends = starts[1:] + [len(text)]
    return {a.id: (s, e) for a, s, e in zip(source.articles, starts, ends)}
