"""The dataset: sourced, checked against its documents, consistent, and exported per contract."""
from __future__ import annotations

import json
import re
import shutil

import pytest

from conftest import run
from reportgen.data import dataset as ds_mod
from reportgen.data.quotes import check_sources

QUALIFIER_WORDS = {
    "more_than": ("余", "超", "以上", "多", "逾", "大于", "高于"),
    "about": ("约", "左右", "近", "上百", "上千", "级", "分之"),
    "nearly": ("近", "接近"),
    "less_than": ("小于", "不足", "低于", "以下", "以内"),
    "at_least": ("不少于", "至少", "以上", "≥", "大于等于", "不低于"),
    "at_most": ("不超过", "最多", "以内", "前"),
    "range": ("-", "—", "–", "至", "到", "~", "～"),
}
UNIT_ALIASES = {"平方米": ("m²", "㎡", "m2"), "立方米": ("m³", "m3"), "公里": ("km",), "千米": ("km",),
                "%": ("%", "％", "百分", "比例", "比重", "占比", "率")}


def _sample(dataset, per_source: int = 14):
    """A fixed sample across all five documents: every k-th fact of each source."""
    out = []
    for src in dataset.sources:
        facts = sorted((f for f in dataset.facts.values() if f.source == src), key=lambda f: f.id)
        step = max(1, len(facts) // per_source)
        out += facts[::step][:per_source]
    return out


def test_dataset_is_large_and_valid(dataset):
    assert len(dataset.facts) >= 400
    assert not dataset.problems.errors
    assert {f.source for f in dataset.facts.values()} >= set(dataset.sources)


def test_sampled_facts_agree_with_their_documents(dataset, seeds):
    sample = _sample(dataset)
    assert len(sample) >= 60 and len({f.source for f in sample}) == 5
    texts = {s.id: (seeds / s.file).read_text(encoding="utf-8") for s in dataset.sources.values()}
    for f in sample:
        text, quote = texts[f.source], f.quote
        assert quote in text, f.id
        squote = quote.replace(" ", "")
        # the value, as printed
        shown = f.printed or (f"{f.value:g}" if f.value != int(f.value) else str(int(f.value)))
        assert shown in quote or f"{int(f.value):,}" in quote, f.id
        # the unit, as printed (counters such as 个 may be implied)
        unit = f.unit.replace(" ", "")
        if dataset.units[f.unit].base != "count" and not f.printed:
            stem = unit.lstrip("万亿")
            assert unit in squote or stem in squote or any(a in squote for a in UNIT_ALIASES.get(stem, ())), f.id
        # the qualifier's word
        if f.qualifier != "exact":
            assert any(w in squote for w in QUALIFIER_WORDS[f.qualifier]), (f.id, f.qualifier, quote)
        # the period's year is in the quote or in the text just before it (a table header, a dateline)
        if f.period and f.status == "actual":
            years = set(re.findall(r"\d{4}", f.period))
            window = text[max(0, text.index(quote) - 1500): text.index(quote) + len(quote)]
            assert any(y in window for y in years) or f.period.startswith(dataset.sources[f.source].date[:4]), f.id


def test_check_with_sources_passes_and_lists_conflicts(seeds):
    result = run("check", "-v", "--sources", seeds)
    assert result.exit_code == 0, result.output
    assert "0 errors" in result.output
    assert "warning conflict" in result.stderr and "green_building" in result.stderr


def test_tampered_quote_and_value_are_caught(data_copy, seeds):
    path = data_copy / "facts" / "000_240fb0bda7d8a6d1.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("170.6,", "171.6,", 1), encoding="utf-8")
    ds = ds_mod.load(data_copy)
    problems = check_sources(ds, seeds)
    assert [p.code for p in problems.errors] == ["value-not-in-quote"]
    assert problems.errors[0].file.endswith("000_240fb0bda7d8a6d1.csv") and problems.errors[0].line


def test_derived_figures_are_computed_from_their_inputs(dataset):
    pm = dataset.facts["derived.pm25-2013"]
    now, fall = dataset.facts["unh25.c-pm25-2024"].value, dataset.facts["unh25.c-pm25-decline-2013-2024"].value
    assert pm.value == pytest.approx(now / (1 - fall / 100), abs=0.05)
    assert pm.source == "derived" and pm.derived_from == ("unh25.c-pm25-2024", "unh25.c-pm25-decline-2013-2024")


def test_part_whole_check_flags_zones_larger_than_the_city(data_copy):
    path = data_copy / "facts" / "003_f21926bdb71bccc2.part1.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",44.3,", ",94.3,", 1), encoding="utf-8")
    ds = ds_mod.load(data_copy)
    assert any(p.code == "part-whole" and "planned_area" in p.message for p in ds.problems.warnings)


def test_latest_value_wins_when_a_new_period_is_added(data_copy, dataset):
    """The update workflow: add next period's figure in a new row; `entity:metric` now prints it."""
    path = data_copy / "facts" / "003_f21926bdb71bccc2.part3.csv"
    row = ("unh25.c-app-leading-talents-2024,fsc,leading_talents_count,1800,,人,exact,actual,2024,Leading talents,领军人才数量,"
           "talent,9,\"Appendix, 2035 indicator table\",\"领军人才数量（人）\t1487\t1700\",,test row,,,\n")
    path.write_text(path.read_text(encoding="utf-8") + row, encoding="utf-8")
    ds = ds_mod.load(data_copy)
    assert ds.latest("fsc", "leading_talents_count").id == "unh25.c-app-leading-talents-2024"
    assert dataset.latest("fsc", "leading_talents_count").id == "unh25.c-app-leading-talents-2023"


def test_bad_rows_are_reported_with_file_row_and_column(data_copy):
    path = data_copy / "facts" / "004_6464a7168a21d760.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[1] = lines[1].replace(",exact,", ",roughly,", 1)
    lines[2] = lines[2].replace(",2021,", ",2021-13,", 1)
    path.write_text("".join(lines), encoding="utf-8")
    ds = ds_mod.load(data_copy)
    found = {(p.code, p.line) for p in ds.problems.errors}
    assert found == {("bad-qualifier", 2), ("bad-period", 3)}
    assert all(p.column for p in ds.problems.errors)


def test_facts_json_follows_the_contract(seeds):
    result = run("facts", "--format", "json")
    facts = json.loads(result.stdout)
    assert isinstance(facts, list) and len(facts) >= 400
    for f in facts:
        assert {"id", "entity", "metric", "value", "unit", "qualifier", "period", "label", "sdg", "topics",
                "source"} <= set(f)
        assert set(f["label"]) == {"en", "zh"} and {"id", "file", "locator", "quote"} <= set(f["source"])
        if f["source"]["id"] != "derived":
            assert (seeds / f["source"]["file"]).is_file()


def test_facts_filters_and_csv():
    sdg = json.loads(run("facts", "--sdg", "11.6").stdout)
    assert sdg and all("11.6" in f["sdg"] for f in sdg)
    energy = json.loads(run("facts", "--topic", "energy", "--entity", "fsc-east").stdout)
    assert energy and all(f["entity"] == "fsc-east" and "energy" in f["topics"] for f in energy)
    csv_out = run("facts", "--format", "csv").stdout.splitlines()
    assert csv_out[0].startswith("id,entity,metric,value") and len(csv_out) > 400


def test_loading_is_fast(dataset):
    import time
    from reportgen.core.resources import builtin
    start = time.perf_counter()
    ds_mod.load(builtin("assets", "data"))
    assert time.perf_counter() - start < 1.5   # the benchmark reports the real figure; this guards regressions


def test_import_from_a_spreadsheet(data_copy, tmp_path):
    """Facts kept in XLSX with the same columns are validated like the CSVs and added to the dataset."""
    import pandas as pd
    src = data_copy / "facts" / "004_6464a7168a21d760.csv"
    df = pd.read_csv(src, dtype=str, keep_default_na=False)
    xlsx = tmp_path / "004_6464a7168a21d760.extra.xlsx"
    df.assign(id=df["id"] + "-x").to_excel(xlsx, index=False)
    result = run("import-facts", xlsx, "--data", data_copy)
    assert result.exit_code == 0, result.output
    ds = ds_mod.load(data_copy)
    assert not ds.problems.errors and f"{df['id'][0]}-x" in ds.facts
    bad = tmp_path / "004_6464a7168a21d760.bad.xlsx"
    df.assign(id=df["id"] + "-y", unit="gazillions").to_excel(bad, index=False)
    result = run("import-facts", bad, "--data", data_copy)
    assert result.exit_code == 4 and "unknown-unit" in result.stderr
    assert not (data_copy / "facts" / "004_6464a7168a21d760.bad.csv").exists()


def test_a_spreadsheet_cell_reading_none_or_na_stays_text(data_copy, tmp_path):
    """pandas reads "None", "NA", "null", "n/a" as missing by default; a fact's note or label is words."""
    import pandas as pd
    df = pd.read_csv(data_copy / "facts" / "004_6464a7168a21d760.csv", dtype=str, keep_default_na=False).head(4)
    words = ["None", "NA", "null", "n/a"]
    xlsx = tmp_path / "004_6464a7168a21d760.words.xlsx"
    df.assign(id=df["id"] + "-w", note=words).to_excel(xlsx, index=False)
    result = run("import-facts", xlsx, "--data", data_copy)
    assert result.exit_code == 0, result.output
    ds = ds_mod.load(data_copy)
    assert [ds.facts[f"{i}-w"].note for i in df["id"]] == words


def test_a_field_over_the_csv_limit_is_a_located_problem(data_copy):
    import csv
    path = data_copy / "facts" / "004_6464a7168a21d760.csv"
    rows = list(csv.reader(path.open(encoding="utf-8", newline="")))
    rows[2][rows[0].index("note")] = "x" * 140_000
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    result = run("check", "--data", data_copy)
    assert result.exit_code == 4, result.output
    assert f"{path}:3: error bad-csv: field larger than field limit (131072)" in result.stderr
    assert "Traceback" not in result.output and "internal-error" not in result.output


def test_passages_scopes_locators_and_goals_have_schemas(data_copy):
    """Four data files were read without a schema: a passage without a locator stopped the run as a bug (70)."""
    passages = data_copy / "passages.yaml"
    passages.write_text(passages.read_text(encoding="utf-8").replace("  locator: §1.1\n", "", 1), encoding="utf-8")
    goals = data_copy / "sdg_goals.yaml"
    goals.write_text(goals.read_text(encoding="utf-8").replace('1: "#E5243B"', '1: "red"'), encoding="utf-8")
    locators = data_copy / "locators.yaml"
    locators.write_text(locators.read_text(encoding="utf-8") + "Extra part: {en: Extra part}\n", encoding="utf-8")
    result = run("check", "--data", data_copy)
    assert result.exit_code == 4, result.output
    assert f"{passages}:4:3: error missing-field:" in result.stderr and "locator" in result.stderr
    assert f"{goals}:" in result.stderr and f"{locators}:" in result.stderr and "'zh'" in result.stderr
    assert "internal-error" not in result.output
