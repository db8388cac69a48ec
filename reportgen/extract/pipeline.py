"""From documents to review rows: each quantity of each sentence, with its quote, locator, label, entity, status
and period, matched against the dataset."""
from __future__ import annotations

from pathlib import Path

from reportgen.core.errors import DataError, Problem
from reportgen.data.types import FACT_COLUMNS, OPTIONAL_COLUMNS
from reportgen.data import documents
from reportgen.extract import context, english, labels, quantities, sentences, tables
from reportgen.extract.match import Matcher

REVIEW_COLUMNS = ["match", "matched", "related", "document"]
COLUMNS = FACT_COLUMNS + OPTIONAL_COLUMNS + REVIEW_COLUMNS


def source_for(ds, path: Path, source_id: str | None):
    """The dataset's record of the document: the one ``--source`` names, or the one with the file's name."""
    if source_id:
        if source_id not in ds.sources:
            from reportgen.core.errors import UsageError, did_you_mean
            raise UsageError([Problem("unknown-source", f"--source: no source {source_id!r} in the dataset",
                                      hint=did_you_mean(source_id, ds.sources) or
                                      "register the document with `reportgen sources add FILE …`")])
        return ds.sources[source_id]
    return next((s for s in ds.sources.values() if s.file == path.name), None)


def extract(paths: list[Path], ds, source_id: str | None, warn, matcher: Matcher | None = None) -> list[dict]:
    """Rows for every quantity in ``paths``; an unreadable document stops the run, an empty one is a warning, and
    no row at all is an error."""
    units, entities, matcher = quantities.Units(ds.units), labels.Entities(ds.entities), matcher or Matcher(ds)
    rows: list[dict] = []
    for path in paths:
        doc = documents.read(path)
        source = source_for(ds, path, source_id)
        if source is None:
            warn(Problem("unregistered-source", "the document is not in the dataset's sources", str(path),
                         hint="register it with `reportgen sources add` before importing its rows", severity="warning"))
        found = list(_rows(doc, source, units, entities))
        if not found and len(paths) > 1:
            warn(Problem("no-quantities", "no quantity with a unit found in the document", str(path),
                         severity="warning"))
        for n, row in enumerate(found, len(rows) + 1):
            matcher.match(row)
            if not row["id"] and source:
                row["id"] = f"{source.id}.q{n}"      # a suggestion, unique in the sheet: the reviewer names it
        rows += found
    if not rows:
        raise DataError([Problem("no-quantities", f"no quantity found in {len(paths)} document(s)", str(paths[0]),
                                 hint="a quantity is a number with a unit (亿元, 家, %, km² …); is the text there?")])
    return rows


def _rows(doc: documents.Document, source, units, entities):
    articles = source.articles if source and len(source.articles) > 1 else ()
    article, last_entity, years = "", "", None
    for block in doc.blocks:
        article = next((a.id for a in articles if a.begins and a.begins in block.text), article)
        if block.heading:
            continue
        a = sentences.analysis(block.text)
        mentions = entities.mentioned(a)
        if "\t" in a:
            years = tables.header_years(a) or years
            table = tables.row_quantities(a, units, years)
            for q, period, label in table:
                yield _row(doc, block, block.text, q, "actual", period, label, "", (mentions or [(0, last_entity)])[0][1],
                           article)
            if table:
                continue
        else:
            years = None
        near, carried = list(dict.fromkeys(e for _, e in mentions)), ""     # a paragraph's bodies; its last period
        for s0, s1 in sentences.spans(block.text):
            quote, an = block.text[s0:s1], a[s0:s1]
            zh = sentences.is_chinese(an)
            found = quantities.find(an, units) if zh else english.find(an, units)
            times = context.periods(an)
            enum = labels.enumeration(a[:s0] + an, [(s0 + q.start, s0 + q.end) for q in found])
            floor = 0
            for i, q in enumerate(found):
                base = units.bases.get(q.unit, "")
                # the sentence's first body named before the number, else in it, else in the paragraph
                entity = next(iter([e for p, e in mentions if s0 <= p < s0 + q.start] +
                                   [e for p, e in mentions if s0 <= p < s1] +
                                   [e for p, e in mentions if p < s0 + q.start]), last_entity)
                label_en = "" if zh else labels.label_en(quote, q.start, q.end, floor)
                label_zh = entities.without_name(
                    enum.get(i) or (labels.label_zh(an, q.start, q.end, floor, base) if zh else ""))
                row = _row(doc, block, quote, q, context.status(an, q.end),
                           context.period_at(times, q.start) or carried, label_zh, label_en, entity, article)
                yield row | {"_near": near}
                floor = q.end
            carried = times[-1][2] if times else carried
            last_entity = ([e for p, e in mentions if p < s1] or [last_entity])[-1]



def _row(doc, block, quote: str, q, status: str, period: str, label_zh: str, label_en: str, entity: str,
         article: str) -> dict:
    return {"id": "", "entity": entity, "metric": "", "value": q.value, "value_max": q.value_max, "unit": q.unit,
            "qualifier": q.qualifier, "status": status, "period": period, "label_en": label_en, "label_zh": label_zh,
            "topics": "", "sdg": "", "locator": block.locator, "quote": quote, "printed": q.printed, "note": "",
            "article": article, "scope": "", "part_of": "", "match": "", "matched": "", "related": "",
            "document": doc.path.name}
