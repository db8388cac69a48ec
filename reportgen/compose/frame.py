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
from reportgen.compose.markdown import smart_quotes
from reportgen.core.locale import Locale
from reportgen.core.placeholders import fill

def data_as_of(facts, lang: str) -> str:
    """The latest period among the actual (not target) figures printed: 'April 2025' / '2025年4月'."""
    ends = sorted((f.period_end, f.period.split("/")[-1]) for f in facts if f.status == "actual" and f.period_end)
    if not ends:
        return ""
    return Locale(lang).date("-".join(ends[-1][1].split("-")[:2]))       # to the month, never the day


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


def title(brief: Brief, lang: str, params: dict) -> str:
    """The brief's title, naming the sector when a variant is asked for with ``sector=…`` and the title does not
    name it already ("Beijing Future Science City: advanced energy"): the cover, the PDF's and the Word file's
    title and an e-mail's subject all read it."""
    own, L = brief.title[lang], LABELS[lang]
    sector = L.get(f"sector_{params.get('sector', 'all')}", "")
    if not sector or sector.casefold() in own.casefold():
        return own
    return fill(L["sector_title"], title=own, sector=sector)


def goal_badge(ds, goal: int | None) -> m.Badge | None:
    """SDG number on its official colour (assets/data/sdg_goals.yaml, from the UN's SDG guidelines)."""
    if goal is None:
        return None
    return m.Badge(str(goal), ds.sdg_colours[int(goal)])


def setting(brief: Brief, key: str, lang: str) -> str:
    """A text of the brief's ``publication`` settings, with typographic quotes and apostrophes."""
    return smart_quotes(brief.publication.text(key, lang))


def back_matter(brief: Brief, lang: str, meta: m.Meta, year: str, about_data: str = "",
                sources: str = "") -> m.BackMatter:
    """The next step and the colophon, from the brief's settings; an unset contact detail is left out.
    ``about_data``: the one place the brief says its sources differ (``Citations.about_data``); ``sources``: the
    publishers it cites, which acknowledgements may name as {sources} (``Citations.cited_publishers``)."""
    L, pub = LABELS[lang], brief.publication
    contact: list[tuple[str, m.Inline]] = []
    for key in ("office", "address", "person", "email", "phone", "web"):
        value = pub.contact_item(key, lang)
        if not value:
            continue
        link = {"web": value, "email": f"mailto:{value}"}.get(key)
        contact.append((L[f"contact_{key}"], m.link(value, link) if link else m.Text(value)))
    publisher = setting(brief, "publisher", lang) or meta.author
    citation = fill(L["citation_text"], publisher=publisher, year=year, title=meta.title, subtitle=meta.subtitle,
                                         version=pub.version or "1").replace(". .", ".").replace("：》", "》")
    parts = (fill(setting(brief, "rights", lang), year=year, publisher=publisher), setting(brief, "licence", lang))
    rights = Locale(lang).sentence_join.join(x for x in parts if x)      # Chinese sentences join without a space
    colophon = [(L["about_data"], about_data), (L["citation"], citation),
                (L["acknowledgements"], fill(setting(brief, "acknowledgements", lang), sources=sources)),
                (L["disclaimer"], setting(brief, "disclaimer", lang)), (L["rights"], rights), (L["edition"], meta.edition)]
    return m.BackMatter(L["next_steps"] if (setting(brief, "call_to_action", lang) or contact) else "",
                        setting(brief, "call_to_action", lang), contact, L["colophon"],
                        [(k, v) for k, v in colophon if v])
