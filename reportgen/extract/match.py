"""Each extracted row compared with the dataset: ``same``, ``update``, ``conflict`` or ``new``, with the fact ids
it matched and those a reviewer should look at.

A row whose sentence holds a fact's quote and whose value is that fact's is the fact itself (``same``): the
document was read before. Otherwise the row's metric is the one whose label, for the row's entity and a unit of
the same base, is closest to the row's label: the same period and value is ``same``, the same period and another
value a ``conflict``, a newer period an ``update``. ``related`` names the same metric for other entities or
periods, and the same value under another metric.
"""
from __future__ import annotations

import re
from collections import defaultdict

from reportgen.extract.sentences import analysis

_LABEL_CUTOFF = 0.4


def _key(text: str) -> str:
    return re.sub(r"\s+", "", analysis(text))


def _bigrams(text: str) -> set[str]:
    text = _key(text).lower()
    return {text[i:i + 2] for i in range(len(text) - 1)} or {text}


def similarity(a: str, b: str) -> float:
    """Dice coefficient of the two labels' character pairs (traditional and simplified alike)."""
    x, y = _bigrams(a), _bigrams(b)
    return 2 * len(x & y) / (len(x) + len(y)) if a and b else 0.0


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-6 * max(abs(a), abs(b), 1.0)


def _end(period: str) -> str:
    """The last day a period covers (2025-03 → 2025-03-31), so 2025-03 and 截至3月底 are one period."""
    import calendar
    end = (period or "").split("/")[-1]
    if len(end) == 4:
        return end + "-12-31"
    if len(end) == 7:
        return f"{end}-{calendar.monthrange(int(end[:4]), int(end[5:]))[1]:02d}"
    return end


class Matcher:
    def __init__(self, ds, by_quote: bool = True):
        self.ds, self.by_quote = ds, by_quote        # by_quote=False: as if the document were new (benchmark)
        self.facts = [f for f in ds.facts.values() if f.source != "derived" and f.unit in ds.units]
        self.quote_keys = {f.id: _key(f.quote) for f in self.facts}
        self.by_entity = defaultdict(list)
        for f in self.facts:
            self.by_entity[f.entity].append(f)

    def base(self, unit: str, value: float | None) -> tuple[str, float | None]:
        u = self.ds.units.get(unit)
        return (u.base, None if value is None else value * u.factor) if u else (unit, value)

    def _same_value(self, f, row) -> bool:
        base, value = self.base(row["unit"], row["value"])
        fbase, fvalue = self.base(f.unit, f.value)
        if base != fbase or not _close(value, fvalue):
            return False
        if row["value_max"] is None or f.value_max is None:
            return row["value_max"] is None and f.value_max is None
        return _close(self.base(row["unit"], row["value_max"])[1], self.base(f.unit, f.value_max)[1])

    def match(self, row: dict) -> None:
        """Fill the row's ``match``, ``matched`` and ``related`` (and what a match tells of its entity and metric)."""
        sentence = _key(row["quote"])
        same = [f for f in self.facts if self.by_quote and self._same_value(f, row) and self.quote_keys[f.id]
                and (self.quote_keys[f.id] in sentence or sentence in self.quote_keys[f.id])]
        if same:
            best = max(same, key=lambda f: (f.period == row["period"], f.entity == row["entity"],
                                            similarity(f.label_zh, row["label_zh"]) + similarity(f.label_en, row["label_en"])))
            self._adopt(row, best, "same", [best])
            return
        metric = self._metric(row)
        if metric is not None:
            row["entity"], metric = metric
        if metric is None:
            row["match"] = "new"
            row["related"] = self._related(row, None, [])
            return
        history = [f for f in self.by_entity[row["entity"]] if f.metric == metric and f.status == row["status"]] or \
                  [f for f in self.by_entity[row["entity"]] if f.metric == metric]
        at_period = [f for f in history if _end(f.period) == _end(row["period"])]
        if at_period:
            equal = [f for f in at_period if self._same_value(f, row)]
            self._adopt(row, (equal or at_period)[0], "same" if equal else "conflict", equal or at_period)
        elif row["period"] and all(_end(row["period"]) > _end(f.period) for f in history):
            latest = max(history, key=lambda f: _end(f.period))
            self._adopt(row, latest, "update", [latest])
        else:
            row["match"], row["metric"] = "new", metric
            row["related"] = self._related(row, metric, [])

    def _metric(self, row: dict) -> tuple[str, str] | None:
        """The entity and metric whose label is closest to the row's, among units of the same base: the row's
        entity first, then the other bodies its paragraph names."""
        base = self.base(row["unit"], None)[0]
        scored = [((similarity(f.label_zh, row["label_zh"]) if row["label_zh"] else
                    similarity(f.label_en, row["label_en"])) + (0.1 if entity == row["entity"] else 0.0),
                   entity, f.metric)
                  for entity in dict.fromkeys([row["entity"], *row.get("_near", [])])
                  for f in self.by_entity.get(entity, []) if self.base(f.unit, None)[0] == base]
        best = max(scored, default=(0.0, "", None))
        return (best[1], best[2]) if best[0] >= _LABEL_CUTOFF + (0.1 if best[1] == row["entity"] else 0.0) else None

    def _adopt(self, row: dict, fact, kind: str, matched: list) -> None:
        row["match"], row["matched"] = kind, ";".join(f.id for f in matched)
        for col in ("entity", "metric", "label_en", "label_zh"):
            row[col] = row[col] or getattr(fact, col)
        row["topics"] = row["topics"] or ";".join(fact.topics)
        row["sdg"] = row["sdg"] or ";".join(fact.sdg)
        if kind == "same":
            row["id"] = fact.id
        row["related"] = self._related(row, fact.metric, [f.id for f in matched])

    def _related(self, row: dict, metric: str | None, skip: list[str], most: int = 5) -> str:
        """Facts to look at: the same metric elsewhere or at another time, the same value under another metric."""
        found = [f.id for f in self.facts if metric and f.metric == metric and f.id not in skip]
        found += [f.id for f in self.facts if f.id not in skip and f.id not in found and f.metric != metric
                  and self._same_value(f, row) and row["entity"] in ("", f.entity)]
        return ";".join(found[:most])
