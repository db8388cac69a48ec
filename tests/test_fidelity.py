"""Every claim of every shipped brief, in both languages, read from its claims ledger and checked for what a
machine can check: units and scopes shown where the fact has them, periods no more precise than the source,
the right article cited, and each brief in its reader's language throughout."""
from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from reportgen.compose.notes import head, part
from reportgen.document import texts
from reportgen.run.builder import Builder, Project, claims_csv

BRIEFS = ["investor", "sdg", "investor-energy", "investor-life-sciences", "investor-manufacturing", "factsheet"]
CJK = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]")
LATIN = re.compile(r"[A-Za-z][A-Za-z.]*")
TOOL_WORDS = {"reportgen"}          # the tool names itself in computed notes
CITY = "fsc"                        # the briefs' subject: a figure about another place names the place
_MONTH = re.compile(r"\b\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\w* \d{4}|\d{1,2}月\d{1,2}日")


@pytest.fixture(scope="module")
def built():
    """Each shipped brief in each language: its document and its claims ledger, as `reportgen build` writes it."""
    b = Builder(Project(), log=lambda *a: None)
    b.charts.need = set()
    out = {}
    for name in BRIEFS:
        for lang in ("en", "zh"):
            doc, claims = b.compose(name, lang, {})
            rows = list(csv.DictReader(io.StringIO(claims_csv(claims, b.ds).decode("utf-8"))))
            out[(name, lang)] = (doc, rows)
    return b.ds, out


def _cases():
    return [(n, lang) for n in BRIEFS for lang in ("en", "zh")]


@pytest.mark.parametrize("name,lang", _cases())
def test_units_and_scopes_are_shown_with_every_claim(built, name, lang):
    ds, docs = built
    doc, rows = docs[(name, lang)]
    bad = []
    for r in rows:
        f = ds.facts[r["fact_id"]]
        unit = ds.units[f.unit]
        if r["place"] != "chart" and unit.base not in ("count", "persons", "rank"):
            sign = unit.printed if lang == "zh" else unit.en.replace("{v}", "").strip()
            if sign and sign not in r["printed"] and not f.printed and not (r["place"] == "table" and sign in r["context"]):
                bad.append(("unit", r["fact_id"], r["printed"]))
        if "per_10k" in f.metric and ("10,000" if lang == "en" else "每万") not in r["context"]:
            bad.append(("unit lost", r["fact_id"], r["context"]))
        if f.scope and not any(w.lower() in r["context"].lower() for w in ds.scopes[f.scope]["mentions"][lang]):
            bad.append(("scope", r["fact_id"], r["context"]))
        place = ds.entities.get(f.entity)
        if f.entity != CITY and place and not any(w.lower() in r["context"].lower() for w in place.mentions(lang)):
            bad.append(("place", r["fact_id"], r["context"]))
    assert not bad, bad


@pytest.mark.parametrize("name,lang", _cases())
def test_notes_cite_the_right_article_at_the_precision_the_source_gives(built, name, lang):
    """Each claim's note names its article (short) and the part it is read from; the sentence gives the period
    no more precisely than the source; the references list gives the article in full, dated no more precisely
    than the document."""
    ds, docs = built
    doc, rows = docs[(name, lang)]
    notes_by_number = {str(n.number): n.text for n in doc.notes}
    references = "\n".join(doc.references)
    for r in rows:
        f = ds.facts[r["fact_id"]]
        if f.source == "derived":
            continue
        src, art = ds.sources[f.source], ds.article_of(f)
        assert r["article"] == art.id
        # the short name as the brief letters it (a, b, c… over the articles it cites): the references' own
        sep = "：" if lang == "zh" else ": "
        short = next(x for x in doc.references if f"{sep}{head(src, art, lang)}" in x).split(sep)[0]
        assert short.startswith(getattr(src, f"short_{lang}") or getattr(art, f"short_{lang}")), short
        note = notes_by_number[r["note"]]
        assert f"{short}{'，' if lang == 'zh' else ', '}" in note, (r["fact_id"], note)
        assert part(ds, f, lang) in note, (r["fact_id"], part(ds, f, lang), note)
        assert f"{short}{'：' if lang == 'zh' else ': '}{head(src, art, lang)}" in references, (r["fact_id"], references)
        if f.period_precision in ("none", "year"):
            assert not _MONTH.search(r["context"]), ("a day the source does not give", r["fact_id"], r["context"])


@pytest.mark.parametrize("name", BRIEFS)
def test_english_briefs_carry_no_chinese(built, name):
    ds, docs = built
    doc, _ = docs[(name, "en")]
    found = [t for t in list(texts(doc)) + [n.text for n in doc.notes] if CJK.search(t)]
    assert not found, found[:5]


@pytest.mark.parametrize("name", BRIEFS)
def test_chinese_briefs_use_no_english_beyond_the_sources(built, name, seeds):
    ds, docs = built
    doc, _ = docs[(name, "zh")]
    corpus = " ".join((Path(seeds) / s.file).read_text(encoding="utf-8") for s in ds.sources.values())
    shown = [re.sub(r"\{\w+\}|^#[0-9A-Fa-f]{6}$", "", t)        # not {page} placeholders or colour codes
             for t in list(texts(doc)) + [n.text for n in doc.notes]]
    words = {w.rstrip(".") for t in shown for w in LATIN.findall(t)}
    foreign = sorted(w for w in words - TOOL_WORDS if w and w not in corpus)
    assert not foreign, foreign


# ── conflicts: each class that `reportgen check --sources` reports ──

def _warnings(result, code):
    return [line for line in result.stderr.splitlines() if f"warning {code}:" in line]


@pytest.fixture(scope="module")
def checked(seeds):
    from conftest import run
    return run("check", "-v", "--sources", seeds)


def test_near_period_difference_is_reported_with_both_values_and_what_briefs_print(checked):
    [line] = [w for w in _warnings(checked, "near-period") if "social_insurance_payers" in w]
    assert "148184" in line and "147905" in line and "2025-03" in line and "2025-04" in line
    assert "investor (en) prints 147,905" in line


def test_a_count_larger_than_its_whole_is_reported(checked):
    lines = [w for w in _warnings(checked, "part-whole") if "energy_enterprises_count" in w]
    assert any("750" in w and "300" in w and "fsc-east" in w for w in lines)


def test_one_metric_under_two_ids_of_one_body_is_reported(checked):
    [line] = _warnings(checked, "same-entity")
    assert "global-energy-transition-forum" in line and "global-energy-transition-conf" in line
    assert "= 4 年" in line and "= 6 年" in line


def test_magnitudes_are_judged_by_kind_and_against_related_figures(checked):
    lines = _warnings(checked, "magnitude")
    assert any("no2" in w and "co2" in w and "26 万吨" in w and "6 万吨" in w for w in lines)


def test_a_brief_printing_two_figures_that_disagree_is_reported(seeds, tmp_path):
    """The SDG brief explains 75 vs 46 platforms in one sentence; without it, check warns."""
    from conftest import run
    from reportgen.core.resources import builtin
    shipped = builtin("templates", "sdg", "en", "indicators.md.j2").read_text(encoding="utf-8")
    silent = tmp_path / "sdg" / "en" / "indicators.md.j2"
    silent.parent.mkdir(parents=True)
    silent.write_text(shipped[:shipped.index(" The appendix lists")] + "\n{% endblock %}\n", encoding="utf-8")
    lines = _warnings(run("check", "-v", "--sources", seeds, "--templates", tmp_path), "brief-disagrees")
    assert any("sdg (en)" in w and "46" in w for w in lines), lines


def test_a_sentence_naming_both_figures_is_the_word_the_reader_needs(checked):
    assert not _warnings(checked, "brief-disagrees")
    [line] = [w for w in _warnings(checked, "related") if "national_research_platforms_count" in w]
    assert "sdg (en) prints 75 (unh25.c-national-research-platforms) and 46" in line


def test_the_hint_says_what_briefs_really_print(checked):
    assert "first-listed" not in checked.stderr
    assert "each brief prints the figure it names" in checked.stderr


def test_sources_that_differ_are_said_once_and_not_in_the_notes(built):
    """147,905 payers (April 2025) against 148,184 (March): the brief says once that sources differ, in its
    colophon; no note repeats it."""
    ds, docs = built
    doc, rows = docs[("investor", "en")]
    assert any(r["fact_id"] == "unh25.c-social-insurance-payers-2025-04" for r in rows)
    about = dict(doc.back.colophon)["About the data"]
    assert about.startswith("For some figures the sources give different numbers") and "claims ledger" not in about
    assert not any("differ" in n.text or "148,184" in n.text for n in doc.notes)


def test_a_comma_in_an_unquoted_flow_map_is_caught(data_copy):
    from reportgen.data import dataset as ds_mod
    path = data_copy / "series.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace('"R&D staff per 10,000 employees"',
                                                             "R&D staff per 10,000 employees"), encoding="utf-8")
    ds = ds_mod.load(data_copy)
    assert any(p.code == "unknown-field" and "000 employees" in p.message for p in ds.problems.errors)


def test_a_quote_outside_its_article_is_caught(data_copy, seeds):
    from reportgen.data import dataset as ds_mod
    from reportgen.data.quotes import check_sources
    path = data_copy / "facts" / "002_41e0bd28c136a3b5.csv"
    text = path.read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if line.startswith("ed23.zgc-unicorns,"))
    path.write_text(text.replace(row, row.replace("ed23.innovation-hub", "ed23.investment")), encoding="utf-8")
    found = check_sources(ds_mod.load(data_copy), seeds)
    assert [p.code for p in found.errors] == ["wrong-article"]


def test_a_source_without_a_month_is_never_dated_to_a_day(built):
    ds, docs = built
    assert ds.sources["unh25"].date == "2025"
    for doc, _ in docs.values():
        shown = [n.text for n in doc.notes] + doc.references
        assert not any("30 June 2025" in t or "2025年6月30日" in t or "2025-06-30" in t for t in shown)
        assert any("Sustainable Development Practices: Innovations and Achievements” (2025)" in t
                   or "创新与成就》（2025年）" in t for t in doc.references)


_ZH_FLAWS = {
    "达 with a qualifier (达超过, 达约)": re.compile(r"达(超过|约|近|不足)"),
    "a daily rate said twice (每天…吨/日)": re.compile(r"(每天|每日|日均|日产)[^，。；：]{0,12}/日"),
    "a yearly rate said twice (每年…/年)": re.compile(r"(每年|年均)[^，。；：]{0,12}/年"),
    "two qualifiers (超过…余, 约…左右)": re.compile(r"超过[\d.]+[^，。；\d]{0,4}(余|多|以上)|约[\d.]+[^，。；\d]{0,4}左右"),
    "a space after Chinese punctuation": re.compile(r"[。，；：、] "),
}


@pytest.mark.parametrize("name", BRIEFS)
def test_chinese_wording_has_no_known_flaws(built, name):
    ds, docs = built
    doc, rows = docs[(name, "zh")]
    found = [(flaw, t) for t in texts(doc) for flaw, pattern in _ZH_FLAWS.items() if pattern.search(t)]
    assert not found, found[:5]
    for r in rows:                      # '余' or '多' in the source is printed as the source words it
        f = ds.facts[r["fact_id"]]
        if f.qualifier == "more_than" and re.search(r"\d(余|多)", f.quote.replace(" ", "")) and not f.printed:
            assert "超过" not in r["printed"], (r["fact_id"], r["printed"], f.quote)


def test_a_part_larger_than_the_fact_it_is_part_of_is_reported(data_copy):
    from reportgen.data import dataset as ds_mod
    path = data_copy / "facts" / "000_240fb0bda7d8a6d1.csv"
    text = path.read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if line.startswith("ev21.energy-valley-senior-title-talent,"))
    path.write_text(text.replace(row, row.replace(",2000,", ",20000,", 1)), encoding="utf-8")
    found = [p.message for p in ds_mod.load(data_copy).problems.warnings if p.code == "part-whole"]
    assert any("ev21.energy-valley-senior-title-talent = 20000" in m and "ev21.energy-valley-talent" in m
               for m in found), found


def test_every_fact_has_a_note_in_each_language_without_the_other(built, seeds):
    """Not only the printed ones: any fact a new brief might print has a clean note in both languages."""
    from reportgen.compose.citations import Citations
    ds, _ = built
    corpus = " ".join((Path(seeds) / s.file).read_text(encoding="utf-8") for s in ds.sources.values())
    for lang in ("en", "zh"):
        cite = Citations(ds, lang)
        for f in ds.facts.values():
            text = cite.note_text([f])
            if lang == "en":
                assert not CJK.search(text), (f.id, text)
            else:
                foreign = {w.rstrip(".") for w in LATIN.findall(text)} - TOOL_WORDS
                assert all(w in corpus for w in foreign), (f.id, text)
        assert not CJK.search(" ".join(cite.references())) or lang == "zh"
