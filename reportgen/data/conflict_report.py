"""What each brief prints of the figures that disagree: added to every conflict warning by ``reportgen check``.

A brief that prints two figures of one finding (75 national platforms in one section, 46 in a table) gets a
warning of its own: the notes name both values, but the text should say why they differ, or print one.
"""
from __future__ import annotations

from reportgen.core.errors import Problem
from reportgen.data.conflicts import KINDS


def without_findings(problems: list[Problem]) -> list[Problem]:
    """The load's problems less its conflict warnings, which ``brief_usage`` gives again with what briefs print."""
    return [p for p in problems if p.severity == "error" or p.code not in KINDS]


def brief_usage(findings: list, printed: dict[str, list]) -> list[Problem]:
    """``printed``: brief and language → the claims it prints. One warning per finding, naming what each brief
    prints, then one per brief that prints two of the finding's figures and no sentence of it names both (a
    sentence that does is the word a reader needs: "the appendix lists 46 … where §5.2 counts 75")."""
    out = []
    for finding in findings:
        ids = [f.id for f in finding.facts]
        uses, both = [], []
        for brief, claims in sorted(printed.items()):
            shown = {}
            for c in claims:
                shown.setdefault(c.fact_id, c.text)
            mine = [i for i in ids if i in shown]
            if mine:
                uses.append(f"{brief} prints " + " and ".join(f"{shown[i]} ({i})" for i in mine))
            if len(mine) > 1 and not _explained(claims, mine):
                first = finding.facts[0]
                both.append(Problem("brief-disagrees", f"{brief} prints figures that disagree ({finding.kind}) and "
                                    "no sentence names both: " + "; ".join(f"{shown[i]} ({i})" for i in mine),
                                    first.file, first.line, severity="warning",
                                    hint="say in one sentence why they differ (scope, period), or print one of them"))
        out.append(finding.problem("; ".join(uses) if uses else "no shipped brief prints them"))
        out += both
    return out


def _explained(claims: list, ids: list[str]) -> bool:
    """Whether one sentence of the text prints two of ``ids``."""
    sentences: dict[str, set] = {}
    for c in claims:
        if c.place == "text" and c.fact_id in ids:
            sentences.setdefault(c.context, set()).add(c.fact_id)
    return any(len(found) > 1 for found in sentences.values())
