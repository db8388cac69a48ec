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
    short_en: str = ""         # how a short note names the article when its file holds several
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
    short_en: str = ""         # how a short note names the source ("UN-Habitat and FSC 2025")
    short_zh: str = ""
    articles: tuple[Article, ...] = field(default=())


def precision(date: str) -> str:
    """How precisely a date or period is known: 'none', 'year', 'month' or 'day' (a span: its end's)."""
    end = (date or "").split("/")[-1]
    m = _DATE.match(end)
    if not m:
        return "none"
    return PRECISIONS[1 + sum(1 for g in m.groups()[1:] if g)]


def source_of(record, problems: Problems, path: Path) -> Source:
    """A checked ``sources.yaml`` record as a Source; without ``articles`` it is one article with the source's
    title and date."""
    data = record.model_dump()
    if data["date"] and not _DATE.match(data["date"]):
        problems.add("bad-date", f"source {record.id}: date {data['date']!r} is not YYYY, YYYY-MM or YYYY-MM-DD",
                     path, hint="write only as much of the date as the document gives")
    articles = tuple(Article(**a) for a in data.pop("articles"))
    return Source(**data, articles=articles or (Article(f"{record.id}.whole", record.title_en, record.title_zh,
                                                        date=record.date),))


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
