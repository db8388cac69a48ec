"""KPI tiles, figures and tables: the parts of a section that show figures rather than sentences.

Each printed value is recorded through ``Citations``, so tiles, chart labels and table cells appear in the
claims ledger like the figures in the text.
"""
from __future__ import annotations

from dataclasses import dataclass

from reportgen import document as m
from reportgen.brief.definition import Brief
from reportgen.compose.citations import Citations
from reportgen.compose.labels import LABELS
from reportgen.compose.lookup import resolve
from reportgen.compose.numbers import chart_label, chart_scale
from reportgen.core.langs import local
from reportgen.core.placeholders import fill


@dataclass
class Exhibits:
    cite: Citations
    brief: Brief
    draw_chart: object            # callable(chart_request) -> (svg, png, outlined svg)
    figures: int = 0
    tables: int = 0

    @property
    def lang(self) -> str:
        return self.cite.lang

    def kpis(self, refs: list[str]) -> m.KpiGroup:
        items = []
        for ref in refs:
            f = resolve(self.cite.ds, ref)
            text, note = self.cite.printed(f, "kpi")
            items.append(m.Kpi(text, f.label(self.lang), note))
        return m.KpiGroup(items)

    def figure(self, chart_id: str) -> m.Figure:
        ds, spec = self.cite.ds, self.brief.charts[chart_id]
        series = ds.series[spec.series]
        cells = [[ds.facts[i] if i else None for i in row["facts"]] for row in series.rows]
        request = self.chart_request(spec, series, cells)
        notes = sorted({self.cite.printed(f, "chart", chart_label(v, self.lang, f.qualifier))[1]
                        for row, vals in zip(cells, request["values"]) for f, v in zip(row, vals) if f})
        svg, png, outlined = self.draw_chart(request)
        self.figures += 1
        title = spec.title.get(self.lang) or local(series, "title", self.lang)
        return m.Figure(svg, png, fill(LABELS[self.lang]["figure"], n=self.figures, title=title),
                        self.cite.publishers(f for r in cells for f in r), title, notes, outlined_svg=outlined)

    def chart_request(self, spec, series, cells) -> dict:
        """Everything a chart needs, and nothing else: the chart cache hashes exactly this."""
        unit_fact = next(f for r in cells for f in r if f)
        unit = self.cite.ds.units[unit_fact.unit]
        factor, axis = chart_scale([f.value for r in cells for f in r if f], unit, self.lang)
        return {
            "kind": spec.kind, "lang": self.lang,
            "rows": [r[self.lang] for r in series.rows],
            "columns": [c[self.lang] for c in series.columns],
            "values": [[round(f.value * factor, 6) if f else None for f in r] for r in cells],
            "qualifiers": [[f.qualifier if f else "exact" for f in r] for r in cells],
            "axis": axis,
        }

    def table(self, series_id: str) -> m.Table:
        ds, L = self.cite.ds, LABELS[self.lang]
        series = ds.series[series_id]
        rows, notes = [], set()
        for row in series.rows:
            cells = [[m.Text(row[self.lang])]]
            for fid in row["facts"]:
                if not fid:
                    cells.append([m.Text("–")])
                    continue
                text, note = self.cite.printed(ds.facts[fid], "table")
                notes.add(note)
                cells.append([m.Text(text), m.NoteRef(note)])
            rows.append(cells)
        self.tables += 1
        return m.Table(fill(L["table"], n=self.tables, title=local(series, "title", self.lang)),
                       [L["indicator"]] + [c[self.lang] for c in series.columns], rows,
                       self.cite.publishers(ds.facts[f] for r in series.rows for f in r["facts"] if f), sorted(notes))
