"""Chinese line breaking in reportlab: no line starts with closing punctuation (，。；：、）％ …), and a number
keeps its unit ("2022年", not "2022 / 年").

reportlab's CJK wrap lets one such character hang at the end of a line, but its list lacks the full-width
，：；！？％ and closing quotes; where two come together ("）；") the second still starts the next line; and it breaks
between a number and the unit after it. So the list is completed, and each of its two line breakers (one for a
paragraph of one run, one for several) is wrapped: when a line would start badly, the line before it is laid
again one character narrower, which carries that character (or the whole number) over to the next line.
"""
from __future__ import annotations

from reportgen.core.langs import ZH_CLOSING, ZH_UNIT_CHARS

_TRIES = 12


def install() -> None:
    """Once per process: complete reportlab's list and wrap its two CJK line breakers."""
    from reportlab.lib import textsplit
    from reportlab.platypus import paragraph
    if getattr(paragraph.cjkFragSplit, "kinsoku", False):
        return
    for module in (textsplit, paragraph):     # each reads its own copy of the list
        module.ALL_CANNOT_START += "".join(c for c in ZH_CLOSING if c not in module.ALL_CANNOT_START)
    paragraph.wordSplit = _kept(paragraph.wordSplit, lambda lines: [text for _, text in lines],
                                lambda args: args[2])
    paragraph.cjkFragSplit = _kept(paragraph.cjkFragSplit,
                                   lambda para: ["".join(w.text for w in line.words) for line in para.lines],
                                   lambda args: max(f.fontSize for f in args[0]))


def bad_start(before: str, line: str) -> bool:
    """A line that starts with closing punctuation, or with the unit of a number that ends the line before."""
    before, line = before.rstrip(), line.lstrip()
    return bool(line) and (line[0] in ZH_CLOSING or
                           (line[0] in ZH_UNIT_CHARS and before[-1:].isdigit()))


def _kept(split, texts, em):
    """``split(text or frags, maxWidths, …)``, narrowing the line before any line that starts badly."""
    def wrapped(content, max_widths, *args, **kw):
        widths = list(max_widths) if isinstance(max_widths, (list, tuple)) else [max_widths]
        for _ in range(_TRIES):
            lines = split(content, widths, *args, **kw)
            t = texts(lines)
            bad = next((i for i in range(1, len(t)) if bad_start(t[i - 1], t[i])), None)
            if bad is None:
                break
            widths += [widths[-1]] * (bad + 1 - len(widths))
            widths[bad - 1] -= em((content, *args))
        return lines
    wrapped.kinsoku = True
    return wrapped
