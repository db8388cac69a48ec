"""Facts as JSON (the documented contract) and CSV, for other tools and for people checking the data."""
from __future__ import annotations

import csv
import io
import json

from reportgen.data.types import Dataset, Fact


def fact_record(ds: Dataset, f: Fact) -> dict:
    unit = ds.units[f.unit]
    src = ds.sources.get(f.source)
    rec = {
        "id": f.id, "entity": f.entity, "metric": f.metric, "value": f.value, "unit": f.unit,
        "qualifier": f.qualifier, "period": f.period or None, "precision": f.period_precision, "status": f.status,
        "label": {"en": f.label_en, "zh": f.label_zh}, "sdg": list(f.sdg), "topics": list(f.topics),
        "source": {"id": f.source, "file": src.file if src else None, "locator": f.locator, "quote": f.quote},
        "base_value": round(f.value * unit.factor, 6), "base_unit": unit.base,
    }
    if f.value_max is not None:
        rec["value_max"] = f.value_max
    if f.derived_from:
        rec["derived_from"] = list(f.derived_from)
    if f.note:
        rec["note"] = f.note
    art = ds.article_of(f)
    if art:
        rec["source"]["article"] = {"id": art.id, "title": {"en": art.title_en, "zh": art.title_zh},
                                    "author": {"en": art.author_en, "zh": art.author_zh}, "date": art.date or None}
    rec.update({k: v for k, v in (("scope", f.scope), ("part_of", f.part_of)) if v})
    return rec


def facts_json(ds: Dataset, facts: list[Fact]) -> str:
    return json.dumps([fact_record(ds, f) for f in facts], ensure_ascii=False, indent=1) + "\n"


def facts_csv(ds: Dataset, facts: list[Fact]) -> str:
    buf = io.StringIO()
    cols = ["id", "entity", "metric", "value", "value_max", "unit", "qualifier", "status", "period", "label_en",
            "label_zh", "topics", "sdg", "source_id", "source_file", "locator", "quote", "base_value", "base_unit"]
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(cols)
    for f in facts:
        r = fact_record(ds, f)
        w.writerow([f.id, f.entity, f.metric, f.value, "" if f.value_max is None else f.value_max, f.unit, f.qualifier,
                    f.status, f.period, f.label_en, f.label_zh, ";".join(f.topics), ";".join(f.sdg), f.source,
                    r["source"]["file"] or "", f.locator, f.quote, r["base_value"], r["base_unit"]])
    return buf.getvalue()
