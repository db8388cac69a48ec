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


def brief_usage(findings: list, printed: dict[str, dict[str, str]]) -> list[Problem]:
    """``printed``: brief and language → {fact id: the value as printed}. One warning per finding, naming what
    each brief prints, then one per brief that prints two of the finding's figures."""
    out = []
    for finding in findings:
        ids = [f.id for f in finding.facts]
        uses, both = [], []
        for brief, shown in sorted(printed.items()):
            mine = [i for i in ids if i in shown]
            if mine:
                uses.append(f"{brief} prints " + " and ".join(f"{shown[i]} ({i})" for i in mine))
            if len(mine) > 1:
                first = finding.facts[0]
                both.append(Problem("brief-disagrees", f"{brief} prints figures that disagree ({finding.kind}): "
                                    + "; ".join(f"{shown[i]} ({i})" for i in mine), first.file, first.line,
                                    hint="say in the text why they differ (scope, period), or print one of them",
                                    severity="warning"))
        out.append(finding.problem("; ".join(uses) if uses else "no shipped brief prints them"))
        out += both
    return out
