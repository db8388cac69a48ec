"""How much of the dataset `reportgen extract` finds again in the seed documents it was typed from.

For each seed: of the numeric facts the dataset holds from it, the share found (a row with the same value, range
and unit whose sentence holds the fact's quote, or lies inside it) and the share matched to the fact's own id;
then how many rows the extraction gave, and how many of those no fact accounts for (for a reader to judge as
noise or as figures the dataset left out: --other lists them). "by-label" is the share matched to its own id
without the facts' quotes, as for a new document: by entity, label, period and value alone. Last, how often the
rows matched to a fact say what the fact says of its status, period, qualifier and entity.

    python benchmarks/extract_recall.py [SEEDS_FOLDER] [--missed] [--other]
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

from reportgen.core.resources import builtin
from reportgen.data import dataset
from reportgen.extract.match import Matcher, _close, _key
from reportgen.extract.pipeline import extract


def main(argv: list[str]) -> None:
    seeds = Path(next((a for a in argv if not a.startswith("--")), Path(__file__).resolve().parents[1].parent / "shared" / "seeds"))
    if not seeds.is_dir():
        sys.exit(f"no seeds folder at {seeds}: name it, e.g. python benchmarks/extract_recall.py ../shared/seeds")
    ds = dataset.load(builtin("assets", "data"))
    total, agree = [0, 0, 0, 0], {"status": 0, "period": 0, "qualifier": 0, "entity": 0, "rows": 0}
    print(f"{'seed':<34} {'facts':>5} {'found':>7} {'matched':>8} {'by-label':>8} {'rows':>5} {'other':>6} {'secs':>5}")
    for source in sorted(ds.sources.values(), key=lambda s: s.file):
        facts = [f for f in ds.facts.values() if f.source == source.id]
        start = time.perf_counter()
        rows = extract([seeds / source.file], ds, source.id, lambda p: None)
        secs = time.perf_counter() - start
        blind = extract([seeds / source.file], ds, source.id, lambda p: None, Matcher(ds, by_quote=False))
        by_label = sum(any(f.id in r["matched"].split(";") for r in blind) for f in facts)
        found, matched, missed = 0, 0, []
        for f in facts:
            key = _key(f.quote)
            same = [r for r in rows if r["unit"] == f.unit and _close(r["value"], f.value)
                    and (r["value_max"] is None) == (f.value_max is None)
                    and (f.value_max is None or _close(r["value_max"], f.value_max))
                    and (key in _key(r["quote"]) or _key(r["quote"]) in key)]
            found += bool(same)
            matched += any(f.id in r["matched"].split(";") for r in rows)
            if not same:
                missed.append(f)
        other = sum(1 for r in rows if not r["matched"])
        for r in (r for r in rows if r["match"] == "same"):       # what the row says against what the fact says
            fact = ds.facts[r["matched"].split(";")[0]]
            agree["rows"] += 1
            for field in ("status", "period", "qualifier", "entity"):
                agree[field] += r[field] == getattr(fact, field)
        total = [total[0] + len(facts), total[1] + found, total[2] + matched, total[3] + by_label]
        print(f"{source.file:<34} {len(facts):>5} {found / len(facts):>7.1%} {matched / len(facts):>8.1%} "
              f"{by_label / len(facts):>8.1%} {len(rows):>5} {other:>6} {secs:>5.1f}")
        if "--missed" in argv:
            for f in missed:
                print(f"    missed {f.id}: {f.value:g} {f.unit} ({f.qualifier}) in {f.quote!r}")
        if "--other" in argv:
            for r in rows:
                if not r["matched"]:
                    print(f"    other {r['value']:g} {r['unit']} {r['qualifier']} {r['status']} {r['period']}: "
                          f"{r['label_zh'] or r['label_en']} | {r['quote'][:60]}")
    print(f"{'all':<34} {total[0]:>5} {total[1] / total[0]:>7.1%} {total[2] / total[0]:>8.1%} "
          f"{total[3] / total[0]:>8.1%}")
    print(f"of {agree['rows']} rows matched to their fact, the fact's own value agrees on: " + ", ".join(
        f"{field} {agree[field] / agree['rows']:.1%}" for field in ("status", "period", "qualifier", "entity")))


if __name__ == "__main__":
    main(sys.argv[1:])
