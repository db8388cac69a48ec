"""KPI tiles, figures and tables: the parts of a section that show figures rather than sentences.

Each printed value is recorded through ``Citations``, so tiles, chart labels and table cells appear in the
claims ledger like the figures in the text.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from reportgen import document as m
from reportgen.brief.definition import Brief
from reportgen.compose.alt import alt_text
from reportgen.compose.citations import Citations
from reportgen.compose.frame import data_as_of
from reportgen.compose.labels import LABELS
from reportgen.compose.lookup import resolve
from reportgen.compose.markdown import smart_quotes
from reportgen.compose.numbers import chart_decimals, chart_label, chart_scale, split_unit
from reportgen.core.langs import local
from reportgen.core.placeholders import fill


@dataclass
class Exhibits:
    cite: Citations
    brief: Brief
    draw_chart: object            # callable(chart_request) -> (svg, png, outlined svg)
    palette: list = field(default_factory=list)   # the charts' colours (the theme's), in each chart request
    figures: int = 0
    tables: int = 0

    @property
    def lang(self) -> str:
        return self.cite.lang

    def said(self) -> set[str]:
        """The facts the brief has printed so far, anywhere (cover, tiles, text, charts, tables)."""
        return {c.fact_id for c in self.cite.claims}

    def kpis(self, refs: list[str]) -> m.KpiGroup:
        """Tiles under one note mark, after the last tile (a mark beside a bare count would read as a digit);
        a figure the brief has already printed is not tiled again."""
        said = self.said()
        facts = [f for f in (resolve(self.cite.ds, ref) for ref in refs) if f.id not in said]
        if not facts:
            return None
        labels = [smart_quotes(f.label(self.lang)) for f in facts]
        texts, note = self.cite.printed_all(facts, "kpi", contexts=labels)
        return m.KpiGroup([m.Kpi(t, label, 0, data_as_of([f], self.lang)) for t, label, f in zip(texts, labels, facts)],
                          note)

    def figure(self, chart_id: str) -> m.Figure | None:
        """A chart without the rows the brief has already printed, in an earlier chart, a tile or the text
        (None when nothing new is left)."""
        ds, spec, said = self.cite.ds, self.brief.charts[chart_id], self.said()
        series = ds.series[spec.series]
        rows = [r for r in series.rows if not all(i in said for i in r["facts"] if i)]
        if not rows:
            return None
        cells = [[ds.facts[i] if i else None for i in row["facts"]] for row in rows]
        request = self.chart_request(spec, rows, series.columns, cells)
        title = smart_quotes(spec.title.get(self.lang) or local(series, "title", self.lang))
        shown = [(f, chart_label(v, self.lang, f.qualifier, request["decimals"]),
                  _where(title, row[self.lang], col[self.lang]))
                 for row, fs, vals in zip(rows, cells, request["values"])
                 for f, v, col in zip(fs, vals, series.columns) if f]
        note = self.cite.printed_all([f for f, _, _ in shown], "chart", [t for _, t, _ in shown],
                                     [w for _, _, w in shown])[1]
        svg, png, outlined = self.draw_chart(request)
        self.figures += 1
        return m.Figure(svg, png, fill(LABELS[self.lang]["figure"], n=self.figures, title=title),
                        self.cite.publishers(f for r in cells for f in r), alt_text(request, title), [note],
                        outlined_svg=outlined)

    def chart_request(self, spec, rows, columns, cells) -> dict:
        """Everything a chart needs, and nothing else: the chart cache hashes exactly this."""
        unit_fact = next(f for r in cells for f in r if f)
        unit = self.cite.ds.units[unit_fact.unit]
        factor, axis = chart_scale([f.value for r in cells for f in r if f], unit, self.lang)
        values = [[round(f.value * factor, 6) if f else None for f in r] for r in cells]
        return {
            "kind": spec.kind, "lang": self.lang,
            "rows": [r[self.lang] for r in rows],
            "columns": [c[self.lang] for c in columns],
            "values": values, "decimals": chart_decimals([v for r in values for v in r if v is not None]),
            "qualifiers": [[f.qualifier if f else "exact" for f in r] for r in cells],
            "axis": axis, "palette": list(self.palette),
        }

    def table(self, series_id: str) -> m.Table | None:
        """A series as a table: a row per indicator, its unit once in a column of its own where the row's
        figures share it (else each cell keeps its unit), and one note for every figure. A row whose figures
        the text or a chart has given is left out (each series in a chart or a table, not both); None when no
        row is left."""
        ds, L = self.cite.ds, LABELS[self.lang]
        series, said = ds.series[series_id], self.said()
        title = local(series, "title", self.lang)
        kept = [r for r in series.rows if not any(i in said for i in r["facts"] if i)]
        if not kept:
            return None
        labels, units, texts, cells = [], [], {}, []
        for r in kept:
            facts = [ds.facts[f] for f in r["facts"] if f]
            full = [self.cite.fmt(f) for f in facts]
            parts = [split_unit(text, self.lang, f.qualifier) for text, f in zip(full, facts)]
            shared = {unit for _, unit in parts}
            unit = shared.pop() if len(shared) == 1 and all(number for number, _ in parts) else ""
            texts.update({f.id: number if unit else text for f, text, (number, _) in zip(facts, full, parts)})
            labels.append(r[self.lang].removesuffix(f"（{unit}）"))          # the unit said once: 研究型大学（所）
            units.append(unit)
            named = fill(L["with_unit"], label=labels[-1], unit=unit) if unit else labels[-1]   # the ledger keeps it
            cells += [(ds.facts[i], _where(title, named, c[self.lang])) for i, c in zip(r["facts"], series.columns) if i]
        facts = [f for f, _ in cells]
        printed, note = self.cite.printed_all(facts, "table", [texts[f.id] for f in facts], [w for _, w in cells])
        printed = dict(zip((f.id for f in facts), printed))
        rows = [[[m.Text(label)], [m.Text(unit)]] + [[m.Text(printed[fid] if fid else "–")] for fid in row["facts"]]
                for row, label, unit in zip(kept, labels, units)]
        self.tables += 1
        return m.Table(fill(L["table"], n=self.tables, title=title),
                       [L["indicator"], L["unit"]] + [c[self.lang] for c in series.columns], rows,
                       self.cite.publishers(facts), [note])


def _where(title: str, row: str, column: str) -> str:
    """A chart's or table's cell as the ledger names it: 'title: row, column'."""
    return f"{title}: {row}, {column}"
