"""Document → the JSON data that ``brief.typ`` lays out.

Typst markup is code, so the brief's text never becomes markup: every string travels as a JSON value and the
template places it as a value. Two things are prepared here because only Python knows them: the first mark of
each note becomes the target of the note's link back, and in Chinese a number is glued to its unit
("4301亿元"), which Typst's line breaker would otherwise split.
"""
from __future__ import annotations

import re

from reportgen import document as m
from reportgen.core.langs import ZH_CLOSING, ZH_UNIT_CHARS
from reportgen.writers.theme import Theme

# a number with its unit and any closing marks after it: one part, never broken (closing marks never start a line)
_GLUED = re.compile(rf"(\d[\d,.]*\s?[{ZH_UNIT_CHARS}]{{1,5}}[{ZH_CLOSING}]*)")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")   # no glyph, no meaning


def parts(text: str, lang: str) -> list[str]:
    """``text`` split so that odd items are a number with its Chinese unit (kept on one line by the template)."""
    return _GLUED.split(text) if lang == "zh" else [text]


class _Marks:
    """Note marks in reading order; the first mark of each note is the one its note links back to."""

    def __init__(self):
        self.seen: set[int] = set()

    def __call__(self, number: int) -> dict:
        anchor = number not in self.seen
        self.seen.add(number)
        return {"t": "note", "n": number, "anchor": anchor, "lead": None, "trail": None}


def _glue_marks(out: list[dict]) -> None:
    """Chinese: the character (or number with its unit) before a note mark, and closing punctuation after it,
    move into the mark, which the template boxes with them: a mark never starts a line (Typst may break between
    a hanzi and "["), and a line never starts with the "，" after a mark."""
    for i, item in enumerate(out):
        if item["t"] != "note":
            continue
        _lead(out[i - 1] if i else None, item)
        after = out[i + 1] if i + 1 < len(out) and out[i + 1]["t"] in ("text", "strong") else None
        if after and after["parts"][0][:1] in tuple(ZH_CLOSING):
            first = after["parts"][0]
            n = len(first) - len(first.lstrip(ZH_CLOSING))
            item["trail"], after["parts"][0] = {"t": after["t"], "parts": [first[:n]]}, first[n:]


def _joined(items: list[m.Inline]) -> list[m.Inline]:
    """Neighbouring runs of plain (or of bold) text as one run, so a number, its unit and the punctuation
    after it are seen together whatever pieces composition made of them."""
    out: list[m.Inline] = []
    for it in items:
        if out and type(it) is type(out[-1]) and isinstance(it, (m.Text, m.Strong)):
            out[-1] = type(it)(out[-1].text + it.text)
        else:
            out.append(it)
    return out


def _lead(prev_item: dict | None, mark: dict) -> None:
    if prev_item is None or prev_item["t"] not in ("text", "strong"):
        return
    prev = prev_item["parts"]
    last = prev[-1]                             # a plain part (the odd ones are numbers with their units)
    keep = len(last.rstrip(ZH_CLOSING))
    if keep:                                    # the last character, with the punctuation after it
        lead, prev[-1] = last[keep - 1:], last[:keep - 1]
    elif len(prev) > 1:                         # a number with its unit, and any punctuation after it
        lead = prev[-2] + last
        del prev[-2:]
    else:
        lead, prev[-1] = last, ""
    mark["lead"] = {"t": prev_item["t"], "parts": [lead]}


class _Converter:
    """Blocks and inlines of one document → JSON values, numbering note marks in reading order."""

    def __init__(self, lang: str):
        self.lang, self.marks = lang, _Marks()

    def inlines(self, items: list[m.Inline]) -> list[dict]:
        out: list[dict] = []
        for it in _joined(items):
            if isinstance(it, m.Text):
                out.append({"t": "text", "parts": parts(it.text, self.lang)})
            elif isinstance(it, m.Strong):
                out.append({"t": "strong", "parts": parts(it.text, self.lang)})
            elif isinstance(it, m.Link):
                out.append({"t": "link", "text": it.text, "url": it.url})
            elif isinstance(it, m.NoteRef):
                out.append(self.marks(it.number))
            else:
                raise TypeError(f"Typst writer cannot write inline {type(it).__name__}")
        if self.lang == "zh":
            _glue_marks(out)
        return out

    def block(self, b: m.Block) -> dict:
        inlines = self.inlines
        if isinstance(b, m.Heading):
            badge = {"text": b.badge.text, "colour": b.badge.colour} if b.badge else None
            return {"t": "heading", "level": min(b.level, 3), "text": b.text, "parts": parts(b.text, self.lang),
                    "badge": badge}
        if isinstance(b, m.Box):
            return {"t": "box", "blocks": [self.block(x) for x in b.blocks]}
        if isinstance(b, m.Paragraph):
            return {"t": "paragraph", "inlines": inlines(b.inlines)}
        if isinstance(b, m.BulletList):
            return {"t": "bullets", "items": [inlines(item) for item in b.items]}
        if isinstance(b, m.KpiGroup):
            last = len(b.items) - 1      # the group's one mark, if it has one, follows the last tile's label
            return {"t": "kpis", "items": [
                {"value": inlines([m.Text(k.value)] + ([m.NoteRef(k.note)] if k.note else [])),
                 "label": inlines([m.Text(k.label)] + ([m.NoteRef(b.note)] if b.note and i == last else [])),
                 "year": k.year}
                for i, k in enumerate(b.items)]}
        if isinstance(b, m.Figure):
            return {"t": "figure", "svg": b.svg.read_text(encoding="utf-8"), "caption": b.caption, "alt": b.alt,
                    "source": inlines([m.Text(b.source)] + [m.NoteRef(n) for n in b.notes])}
        if isinstance(b, m.Table):
            return {"t": "table", "caption": b.caption, "header": b.header,
                    "rows": [[inlines(cell) for cell in row] for row in b.rows],
                    "source": inlines([m.Text(b.source)] + [m.NoteRef(n) for n in b.notes])}
        raise TypeError(f"Typst writer cannot write block {type(b).__name__}")


def payload(doc: m.Document, theme: Theme, font: str, logo: dict | None, contents: bool) -> dict:
    """Everything ``brief.typ`` needs, as plain JSON-ready values; ``logo`` is {format, data} (typst.py)."""
    meta, back, convert = doc.meta, doc.back, _Converter(doc.meta.lang)
    cover = [convert.block(b) for b in doc.cover]       # the headline figures, first in reading order
    blocks = [convert.block(b) for b in doc.blocks]
    contact = [{"label": label, "value": convert.inlines([value])} for label, value in back.contact]
    return _clean({
        "meta": {"title": meta.title, "subtitle": meta.subtitle, "audience": meta.audience, "date": meta.date,
                 "lang": meta.lang, "author": meta.author, "keywords": meta.keywords,
                 "notes_heading": meta.notes_heading, "contents_heading": meta.contents_heading,
                 "page_label": meta.page_label, "running_header": meta.running_header,
                 "prepared_for": meta.prepared_for, "compact": meta.compact, "tagline": meta.tagline,
                 "edition": meta.edition, "partners": meta.partners, "references_heading": meta.references_heading,
                 "created": list(meta.created.utctimetuple()[:6]) if meta.created else None},
        "theme": {"primary": theme.primary, "accent": theme.accent, "text": theme.text, "muted": theme.muted,
                  "tile": theme.tile, "rule": theme.rule, "font": font, "sizes": theme.sizes,
                  "leading": theme.leading,
                  "page_w": theme.page_cm[0], "page_h": theme.page_cm[1],
                  "margin_top": theme.margin_top_cm, "margin_bottom": theme.margin_bottom_cm,
                  "margin_left": theme.margin_left_cm, "margin_right": theme.margin_right_cm},
        "logo": logo,
        "contents": contents,
        "cover": cover,
        "blocks": blocks,
        "notes": [{"number": n.number, "text": parts(n.text, meta.lang), "back": n.number in convert.marks.seen}
                  for n in doc.notes],
        "references": [parts(r, meta.lang) for r in doc.references],
        "back": {"heading": back.heading, "call": back.call_to_action, "contact": contact,
                 "colophon_heading": back.colophon_heading,
                 "colophon": [{"label": label, "text": parts(text, meta.lang)} for label, text in back.colophon]},
    })


def _clean(value):
    """Control characters dropped from every string (they have no glyph, and PDF/UA refuses a missing glyph)."""
    if isinstance(value, str):
        return _CONTROL.sub("", value)
    if isinstance(value, list):
        return [_clean(v) for v in value]
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    return value
