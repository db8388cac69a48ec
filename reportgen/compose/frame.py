"""What frames a brief's figures: the cover's value proposition and edition, the SDG badges, and the back matter
(next step, contact, suggested citation, acknowledgements, disclaimer, rights, edition).

Everything comes from the brief's ``publication`` settings or from the facts the brief cites; nothing here is
typed into a template. The edition names the date the data are as of (the latest period among the figures
printed), never the date of the build.
"""
from __future__ import annotations

from reportgen import document as m
from reportgen.brief.definition import Brief
from reportgen.compose.labels import LABELS
from reportgen.core.langs import MONTHS_EN
from reportgen.core.placeholders import fill



def data_as_of(facts, lang: str) -> str:
    """The latest period among the actual (not target) figures printed: 'April 2025' / '2025年4月'."""
    ends = sorted((f.period_end, f.period.split("/")[-1]) for f in facts if f.status == "actual" and f.period_end)
    if not ends:
        return ""
    parts = ends[-1][1].split("-")
    y, mo = parts[0], (int(parts[1]) if len(parts) > 1 else None)
    if lang == "zh":
        return f"{y}年" + (f"{mo}月" if mo else "")
    return f"{MONTHS_EN[mo - 1]} {y}" if mo else y


def edition(brief: Brief, lang: str, facts) -> str:
    """'Data as of April 2025 · Version 1.0': the cover's and the colophon's edition line."""
    L, pub = LABELS[lang], brief.publication
    parts = []
    when = data_as_of(facts, lang)
    if when:
        parts.append(fill(L["data_as_of"], date=when))
    if pub.version:
        parts.append(fill(L["version"], version=pub.version))
    return L["edition_sep"].join(parts)


def goal_badge(ds, goal: int | None) -> m.Badge | None:
    """SDG number on its official colour (assets/data/sdg_goals.yaml, from the UN's SDG guidelines)."""
    if goal is None:
        return None
    return m.Badge(str(goal), ds.sdg_colours[int(goal)])


def back_matter(brief: Brief, lang: str, meta: m.Meta, year: str) -> m.BackMatter:
    """The next step and the colophon, from the brief's settings; an unset contact detail is left out."""
    L, pub = LABELS[lang], brief.publication
    contact: list[tuple[str, m.Inline]] = []
    for key in ("office", "address", "person", "email", "phone", "web"):
        value = pub.contact_item(key, lang)
        if not value:
            continue
        link = {"web": value, "email": f"mailto:{value}"}.get(key)
        contact.append((L[f"contact_{key}"], m.link(value, link) if link else m.Text(value)))
    publisher = pub.text("publisher", lang) or meta.author
    citation = fill(L["citation_text"], publisher=publisher, year=year, title=meta.title, subtitle=meta.subtitle,
                                         version=pub.version or "1").replace(". .", ".").replace("：》", "》")
    parts = (fill(pub.text("rights", lang), year=year, publisher=publisher), pub.text("licence", lang))
    rights = ("" if lang == "zh" else " ").join(x for x in parts if x)     # Chinese sentences join without a space
    colophon = [(L["citation"], citation), (L["acknowledgements"], pub.text("acknowledgements", lang)),
                (L["disclaimer"], pub.text("disclaimer", lang)), (L["rights"], rights), (L["edition"], meta.edition)]
    return m.BackMatter(L["next_steps"] if (pub.text("call_to_action", lang) or contact) else "",
                        pub.text("call_to_action", lang), contact, L["colophon"],
                        [(k, v) for k, v in colophon if v])
