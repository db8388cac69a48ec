"""What a quantity counts and whose it is: a label from the words around it, the entity the text names, and the
items of an enumeration ("先进能源、医药健康、先进制造三大产业收入分别达到…") tied one to each value.

Labels are suggestions for the reviewer, cut from the sentence: for a counter (个, 家, 项, 人…) the noun after
it ("99个重点项目" → 重点项目, with the verb before: 筛选确定重点项目); for a measure, the words before it
("高新技术企业总收入3.4万亿元" → 高新技术企业总收入).
"""
from __future__ import annotations

import re

from reportgen.extract.context import periods
from reportgen.extract.english import COUNTED

_DELIM = "，,；;：:。！？!?（）()“”\"、\t"
_LEADING = re.compile(r"^(?:截至|截止|到|至|在|其中|同时|目前|此外|另外|全年|当年|累计|共计|总计|共|已|并|且|和|及|与|"
                      r"其|该|这|为|今年|去年|明年|\s)+")
_TRAILING = re.compile(r"(?:达到了?|达|为|是|约|大约|超过|超|逾|近|将近|接近|共|累计|有|已有|已|实现|完成|突破|"
                       r"增长了?|增加了?|提升至|提高到|提高至|降至|下降了?|降低了?|减少了?|到|至|占|约占|高达|"
                       r"不到|不足|低于|多于|高于|至少|最多|不超过|不少于|了|的|\s)+$")
_FOLLOWING = re.compile(r"^[\u4e00-\u9fffA-Za-z·\-]{1,12}")
_COUNTER_BASES = {"count", "persons", "visits"}
_EN_SKIP = re.compile(r"(?i)\b(?:reached|reach|was|were|is|are|of|to|about|around|approximately|nearly|over|more than|"
                      r"at least|some|totalled|totaled|total|had|has|have|with|by|rose|grew|fell|the|a|an|in|and)\b")


def _clause_before(a: str, pos: int, floor: int) -> str:
    start = max((a.rfind(c, 0, pos) for c in _DELIM), default=-1) + 1
    return a[max(start, floor):pos]


def _strip_times(text: str) -> str:
    for start, end, _ in reversed(periods(text)):
        text = text[:start] + text[end:]
    return text


def label_zh(a: str, start: int, end: int, floor: int, base: str) -> str:
    """The label of the quantity at ``a[start:end]`` (``floor``: where the previous quantity ended)."""
    before = _TRAILING.sub("", _LEADING.sub("", _strip_times(_clause_before(a, start, floor)).strip()))
    before = _LEADING.sub("", before)[-16:]
    if base in _COUNTER_BASES:
        after = _FOLLOWING.match(a[end:].lstrip())
        if after and not re.match(r"^(?:以上|左右|上下|以内|以下)", after.group()):
            noun = re.split(r"分别|达到|实现|增长|的|和|与|及|在|是|为|将|已|均|共|等|达", after.group())[0]
            return (before + noun) if noun else before
    return before


def label_en(text: str, start: int, end: int, floor: int) -> str:
    """The English label: the words before the number in its clause, and the noun it counts ("2,400 enterprises")."""
    clause = re.split(r"[;:()]|,\s|\.\s", text[floor:start])[-1]
    before = " ".join(_EN_SKIP.sub(" ", clause).split()[-6:])
    noun = re.search(r"[A-Za-z]+$", text[start:end])
    counted = noun.group() if noun and noun.group().lower() in COUNTED else ""
    after = "" if before or counted else " ".join(re.split(r"[,;.]", text[end:])[0].split()[:5])
    return " ".join(w for w in (before, counted, after) if w)


def enumeration(a: str, spans: list[tuple[int, int]]) -> dict[int, str]:
    """Labels for the values of an enumeration: "A、B、C三大产业收入分别…x、y、z" → {index of x: A产业收入, …}.
    The items are the last list of as many names before 分别, in ``a`` (the sentence and the text before it)."""
    out: dict[int, str] = {}
    i = 0
    while i < len(spans):
        run = [i]
        while run[-1] + 1 < len(spans) and re.fullmatch(r"\s*(?:、|和|及|与|以及|,|，)\s*",
                                                         a[spans[run[-1]][1]:spans[run[-1] + 1][0]]):
            run.append(run[-1] + 1)
        head = a[:spans[i][0]]
        if len(run) > 1 and "分别" in head[-30:]:
            for k, item in zip(run, _items(head[:head.rfind("分别")], len(run))):
                out[k] = item
        i = run[-1] + 1
    return out


def _items(text: str, n: int) -> list[str]:
    """The last list of exactly ``n`` names ("先进能源、医药健康和先进制造") in ``text``, each with what the text
    says of them all ("三大产业收入" → 产业收入)."""
    for m in reversed(list(re.finditer(r"[\u4e00-\u9fffA-Za-z0-9]+(?:(?:、|和|及|与)[\u4e00-\u9fffA-Za-z0-9]+)+",
                                       text))):
        parts = re.split(r"、|和|及|与", m.group())
        if len(parts) != n:
            continue
        first = re.split(r"[在对为将是的]|发展|聚焦|围绕|包括|涵盖|形成了?|推动|培育|打造|建设|布局|拥有|涉及|分为",
                         parts[0])[-1]
        last = re.match(r"(.*?)(?:[一二三四五六七八九十两\d]+[大个项类家种])(.*)", parts[-1])
        common = (last.group(2) if last else "") + re.split(r"[，,；;。]", text[m.end():])[0]
        common = _TRAILING.sub("", common)
        return [item + common for item in (first, *parts[1:-1], last.group(1) if last else parts[-1])]
    return []


class Entities:
    """The dataset's entities as a text names them: names, mentions, and a name without the name of a place it
    lies in ("Future Science City" for "Beijing Future Science City", its parent's parent being Beijing)."""

    def __init__(self, entities: dict):
        names: dict[str, str] = {}
        for e in entities.values():
            for lang in ("zh", "en"):
                outer = _ancestor_names(e, entities, lang)
                for name in e.mentions(lang):
                    names.setdefault(name, e.id)
                    short = re.sub(rf"^(?:{outer})\s*", "", name) if outer else name
                    if len(short) >= 3 and short != name:
                        names.setdefault(short, e.id)
        self.names = names
        words = sorted((n for n in names if len(n) >= 2), key=len, reverse=True)
        self.pattern = re.compile("|".join(map(re.escape, words))) if words else None

    def without_name(self, label: str) -> str:
        """``label`` without the entity name it starts with (the entity has its own column)."""
        m = self.pattern.match(label) if self.pattern else None
        return label[m.end():] if m and m.end() < len(label) else label

    def mentioned(self, text: str) -> list[tuple[int, str]]:
        """(position, entity id) of each name in ``text``, longest name first where names overlap."""
        return [(m.start(), self.names[m.group()]) for m in self.pattern.finditer(text)] if self.pattern else []


def _ancestor_names(entity, entities: dict, lang: str) -> str:
    """A regex alternation of every name of the places ``entity`` lies in, longest first ('' when none)."""
    names, seen, parent = [], {entity.id}, entities.get(entity.parent)
    while parent is not None and parent.id not in seen:
        seen.add(parent.id)
        names += parent.mentions(lang)
        parent = entities.get(parent.parent)
    return "|".join(re.escape(n) for n in sorted(set(names), key=len, reverse=True))
