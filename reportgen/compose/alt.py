"""Alt text for a chart that tells its data, not its caption: what a sighted reader takes from the bars.

"Bar chart: Revenue of the three leading industries, 2024; RMB billion — Advanced energy 253.237, …". It is
built from the same request the chart is drawn from, with the same value labels, so the words cannot say
other numbers than the picture; both writers use it (the PDF's /Alt, the DOCX picture's description).
"""
from __future__ import annotations

from reportgen.compose.numbers import chart_label
from reportgen.core.locale import Locale
from reportgen.core.placeholders import fill


def alt_text(request: dict, title: str) -> str:
    """The chart's kind, title and unit, then every value it shows with its row (and column) name."""
    w = Locale(request["lang"]).chart_words
    rows, cols, values, quals = request["rows"], request["columns"], request["values"], request["qualifiers"]
    kind = request["kind"]
    if len(rows) == 1 and len(cols) > 1 and kind in ("bar", "grouped"):   # as the chart: one bar per column
        rows, cols, values, quals, kind = cols, rows, [[v] for v in values[0]], [[q] for q in quals[0]], "bar"

    def item(name: str, value, qualifier: str) -> str:
        shown = w["none"] if value is None else chart_label(value, request["lang"], qualifier, request.get("decimals"))
        return fill(w["item"], name=name, value=shown)

    if len(cols) == 1:
        data = w["sep"].join(item(r, v[0], q[0]) for r, v, q in zip(rows, values, quals))
    else:
        data = w["group_sep"].join(fill(w["group"], name=r, items=w["sep"].join(
            item(c, x, qx) for c, x, qx in zip(cols, v, q))) for r, v, q in zip(rows, values, quals))
    axis = request["axis"]
    unit = fill(w["axis"], axis=axis) if axis and axis not in title else ""   # said once, if the title lacks it
    return fill(w["head"], kind=w[kind], title=title, axis=unit, data=data)
