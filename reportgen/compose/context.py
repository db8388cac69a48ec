"""What a template sees: the brief's language and parameters, and helpers that print sourced figures.

Templates never get the dataset itself: ``fact()`` returns the formatted figure with a marker that becomes its
note mark, so a template cannot print a number without its source.
"""
from __future__ import annotations

from reportgen.compose import notes
from reportgen.compose.citations import Citations
from reportgen.compose.numbers import plain_number
from reportgen.core.errors import UnknownName, did_you_mean
from reportgen.compose.labels import LABELS
from reportgen.compose.lookup import resolve
from reportgen.compose.markdown import marked, md_escape
from reportgen.core.langs import local


def template_context(cite: Citations, params: dict) -> dict:
    ds, lang = cite.ds, cite.lang

    def fact(ref: str) -> str:
        f = resolve(ds, ref)
        return marked(cite.fmt(f), f.id)

    def number(ref: str) -> str:
        """The bare number, without qualifier or unit, for a sentence that words them ('among the top 3')."""
        f = resolve(ds, ref)
        return marked(plain_number(f.value), "n:" + f.id)

    def passage(pid: str) -> str:
        """A note marker for a passage the sentence paraphrases (assets/data/passages.yaml)."""
        if pid not in ds.passages:
            raise UnknownName(f"unknown passage {pid!r}", did_you_mean(pid, ds.passages))
        return marked("", "p:" + pid)

    def facts(topic: str | None = None, sdg: str | None = None, entity: str | None = None) -> list[str]:
        return [f.id for f in ds.facts.values()
                if (topic is None or topic in f.topics) and (sdg is None or sdg in f.sdg)
                and (entity is None or f.entity == entity) and f.source != "derived"]

    def said(ref: str) -> bool:
        """Whether the brief has already printed this figure (a tile, an earlier section's text or exhibit): a
        template leaves out a sentence that would say it again, so a figure is said once in every variant."""
        return resolve(ds, ref).id in {c.fact_id for c in cite.claims}

    return {
        "lang": lang, "said": said, "params": {k: md_escape(v) if isinstance(v, str) else v for k, v in params.items()},
        "fact": fact, "facts": facts, "number": number, "passage": passage,
        "label": lambda ref: resolve(ds, ref).label(lang),
        "entity": lambda eid: local(_entity(ds, eid), "name", lang),
        # a figure's period, statistical scope and place, from the fact itself (never typed in a template)
        "period": lambda ref: notes.period_of(ds, resolve(ds, ref), lang),
        "scope": lambda ref: ds.scopes[resolve(ds, ref).scope][lang],
        "place": lambda ref: local(ds.entities[resolve(ds, ref).entity], "name", lang),
        "sdg_title": lambda code: ds.sdg_targets[str(code)][f"title_{lang}"],
        "t": LABELS[lang],
    }


def _entity(ds, eid: str):
    """An entity by id; an unknown one is the template's error, with a did-you-mean (a fact id given by mistake
    names the fact's place)."""
    if eid not in ds.entities:
        raise UnknownName(f"unknown entity {eid!r}", did_you_mean(eid, ds.entities) or
                          ("entity() takes an entity id; place(id) names a fact's place" if eid in ds.facts else ""))
    return ds.entities[eid]
