"""What a fact must carry so that a brief cannot misquote it: its article, scope, part-of link and locator.

Checked when the dataset loads, with the file, row and column of each mistake. (Whether each quote lies inside
the article a fact names needs the source texts: ``quotes.check_sources`` does that.)
"""
from __future__ import annotations

from reportgen.core.errors import did_you_mean
from reportgen.data.locators import unknown_parts


def validate_fidelity(ds) -> None:
    for f in ds.facts.values():
        if f.source == "derived":
            continue
        src = ds.sources.get(f.source)
        ids = [a.id for a in src.articles] if src else []
        if f.article and f.article not in ids:
            ds.problems.add("unknown-article", f"{f.id}: article {f.article!r} is not an article of {f.source}",
                            f.file, f.line, hint=did_you_mean(f.article, ids) or f"articles: {', '.join(ids)}")
        elif not f.article and len(ids) > 1:
            ds.problems.add("missing-article", f"{f.id}: {src.file} holds {len(ids)} articles; name the one quoted",
                            f.file, f.line, hint=f"set the article column to one of: {', '.join(ids)}")
        if f.scope and f.scope not in ds.scopes:
            ds.problems.add("unknown-scope", f"{f.id}: scope {f.scope!r} is not in scopes.yaml", f.file, f.line,
                            hint=did_you_mean(f.scope, ds.scopes) or f"scopes: {', '.join(sorted(ds.scopes))}")
        if f.part_of and f.part_of not in ds.facts:
            ds.problems.add("unknown-fact", f"{f.id}: part_of names unknown fact {f.part_of!r}", f.file, f.line,
                            hint=did_you_mean(f.part_of, ds.facts))
        unknown = unknown_parts(f.locator, ds.locators)
        if unknown:
            ds.problems.add("untranslated-locator", f"{f.id}: locator part(s) {', '.join(map(repr, unknown))} have "
                            "no translation", f.file, f.line, hint="add them to locators.yaml with en and zh")
