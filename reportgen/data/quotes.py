"""Verify facts against their source documents: each quote occurs verbatim, each value appears in its quote."""
from __future__ import annotations

from pathlib import Path

from reportgen.data.types import Dataset
from reportgen.core.errors import Problems, UserError
from reportgen.data.documents import document_text


def _forms(value: float) -> set[str]:
    if value == int(value):
        n = int(value)
        return {str(n), f"{n:,}"}
    return {repr(value), f"{value:g}"}


_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6}


def _parse_printed(text: str) -> float | None:
    """Read a number printed in words: 三, 十余, 上百, 千亿级, 首位, III, 6+4, 六分之一 (as a percentage)."""
    import cn2an
    text = text.replace(",", "").lstrip("上近约").rstrip("余多级个位")
    if text in ("首", "第一"):
        return 1.0
    if text in _ROMAN:
        return float(_ROMAN[text])
    if text[:1] in "十百千万":
        text = "一" + text
    try:
        if "+" in text:
            return sum(float(part) for part in text.split("+"))
        if "分之" in text:
            whole, part = text.split("分之")
            return float(cn2an.cn2an(part, "smart")) / float(cn2an.cn2an(whole, "smart")) * 100
        return float(cn2an.cn2an(text, "smart"))
    except (ValueError, KeyError, ZeroDivisionError):
        return None


def _close(a: float | None, b: float | None) -> bool:
    return a is not None and b is not None and abs(a - b) <= 0.005 * max(abs(b), 1e-9) + 0.05


def check_sources(ds: Dataset, seeds: Path) -> Problems:
    problems = Problems()
    texts = {}
    for s in ds.sources.values():
        path = seeds / s.file
        if not path.exists():
            problems.add("missing-source-file", f"source {s.id}: {s.file} not found in {seeds}", path)
            continue
        try:
            texts[s.id] = document_text(path)       # a DOCX, PDF or HTML source: the text `extract` quoted
        except UserError as exc:
            problems.items += exc.problems
    from reportgen.data.sources import article_spans
    spans = {sid: article_spans(ds.sources[sid], text, problems, str(ds.root / "sources.yaml"))
             for sid, text in texts.items()}
    for f in ds.facts.values():
        if f.source == "derived" or f.source not in texts:
            continue
        art = ds.article_of(f)
        start, end = spans[f.source].get(art.id, (0, len(texts[f.source])))
        if f.quote in texts[f.source] and f.quote not in texts[f.source][start:end]:
            problems.add("wrong-article", f"{f.id}: the quote is not in article {art.id} ({art.title_en})", f.file,
                         f.line, hint="set the article column to the article the quote comes from")
        if f.quote not in texts[f.source]:
            problems.add("quote-not-found", f"{f.id}: quote does not occur verbatim in {ds.sources[f.source].file}",
                         f.file, f.line, hint="copy the quote from the source text exactly, spaces included")
            continue
        if f.printed:
            if f.printed not in f.quote:
                problems.add("value-not-in-quote", f"{f.id}: printed {f.printed!r} is not in its quote", f.file, f.line)
            elif not any(_close(_parse_printed(f.printed), v) for v in (f.value, f.value_max, f.value * ds.units[f.unit].factor)):
                problems.add("value-mismatch", f"{f.id}: printed {f.printed!r} does not read as {f.value:g}",
                             f.file, f.line)
            continue
        for v in filter(lambda x: x is not None, (f.value, f.value_max)):
            if not any(form in f.quote for form in _forms(v)):
                problems.add("value-not-in-quote", f"{f.id}: value {v:g} does not appear in its quote", f.file, f.line,
                             hint="fix the value, or set 'printed' when the number is written in Chinese numerals")
    return problems
