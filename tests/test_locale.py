"""Issue 24: a language is data. Each locale file (assets/locales/<lang>.yaml) says how its language prints
numbers, qualifiers, dates and locators; the stages ask a ``Locale`` instead of comparing language codes."""
from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from reportgen.core.errors import DataError
from reportgen.core.langs import LANGS, TAGS
from reportgen.core.locale import Locale, _load
from reportgen.compose.numbers import chart_label, format_fact


@pytest.mark.parametrize("lang, grouped, decimal, more", [("en", "38,048", "1,234.5", "more than 300"),
                                                          ("zh", "38048", "1234.5", "超过300")])
def test_numbers_and_qualifiers_as_the_language_prints_them(lang, grouped, decimal, more):
    loc = Locale(lang)
    assert (loc.number(38048), loc.number(1234.5, 1), loc.qualify("more_than", "300")) == (grouped, decimal, more)


@pytest.mark.parametrize("lang, year, month, day, span, across", [
    ("en", "2025", "June 2021", "5 June 2021", "January–April 2025", "November 2024–February 2025"),
    ("zh", "2025年", "2021年6月", "2021年6月5日", "2025年1—4月", "2024年11月—2025年2月")])
def test_dates_come_from_cldr_at_the_sources_precision(lang, year, month, day, span, across):
    loc = Locale(lang)
    assert [loc.date("2025"), loc.date("2021-06"), loc.date("2021-06-05")] == [year, month, day]
    assert [loc.span("2025-01", "2025-04"), loc.span("2024-11", "2025-02")] == [span, across]


def test_every_language_has_a_tag_and_the_same_phrases():
    assert TAGS == {"en": "en-GB", "es": "es-ES", "fr": "fr-FR", "zh": "zh-CN"} and LANGS == ("en", "es", "fr", "zh")
    keys = {lang: (set(Locale(lang).phrases), set(Locale(lang).chart_words)) for lang in LANGS}
    assert all(k == keys["en"] for k in keys.values())       # a phrase one language lacks would fail mid-build
    with pytest.raises(TypeError):
        Locale("en").phrases["notes"] = "changed"             # templates see them as ``t``: read-only


def test_a_figure_follows_its_locale(dataset):
    fact = dataset.facts["unh25.c-revenue-2024"]
    unit = dataset.units[fact.unit]
    assert format_fact(fact, unit, "en").startswith(("RMB", "more than RMB", "about RMB"))
    assert format_fact(fact, unit, "zh").endswith("亿元")
    assert (chart_label(2532.4, "en", "more_than", 1), chart_label(2532.4, "zh", "more_than", 1)) == \
        ("2,532.4+", "2532.4+")


def test_a_mistake_in_a_locale_file_is_told_where_it_is(tmp_path, monkeypatch):
    source = Path(__file__).resolve().parent.parent / "assets" / "locales" / "en.yaml"
    (tmp_path / "xx.yaml").write_text(source.read_text(encoding="utf-8").replace("units: words", "units: wrods"),
                                      encoding="utf-8")
    monkeypatch.setattr("reportgen.core.locale.locale_dir", lambda: tmp_path)
    _load.cache_clear()
    try:
        with pytest.raises(DataError) as err:
            Locale("xx")
        assert "xx.yaml:6:" in str(err.value.problems[0]) and "units" in str(err.value.problems[0])
        with pytest.raises(DataError, match="no locale for language 'yy'"):
            Locale("yy")
    finally:
        _load.cache_clear()


@pytest.mark.parametrize("lang, area, revenue, dated", [
    ("fr", "170,6\u00a0km²", "plus de 253,2 milliards de yuans", "janvier–avril 2025"),
    ("es", "170,6\u00a0km²", "más de 253,2 miles de millones de yuanes", "enero–abril de 2025")])
def test_french_and_spanish_are_data_only(lang, area, revenue, dated, dataset):
    """Two languages added as locale files, with no code change: marks from CLDR, units in their words."""
    from babel.numbers import get_decimal_symbol, get_group_symbol
    loc = Locale(lang)
    assert loc.number(170.6) == "170,6"
    assert (loc.data.number.decimal, loc.data.number.group) == (get_decimal_symbol(loc.cldr), get_group_symbol(loc.cldr))
    fact = dataset.facts["unh25.a-planned-area"]
    assert format_fact(fact, dataset.units[fact.unit], lang) == area
    unit = dataset.units["亿元"]
    revenue_fact = dataclasses.replace(fact, value=2532.37, unit="亿元", qualifier="more_than")
    assert format_fact(revenue_fact, unit, lang) == revenue
    assert loc.span("2025-01", "2025-04") == dated
    assert all(format_fact(f, dataset.units[f.unit], lang) for f in dataset.facts.values())   # every unit has words


def test_four_digit_numbers_stay_ungrouped_in_spanish_and_grouped_in_french():
    assert [Locale("es").number(2532.4), Locale("es").number(38048)] == ["2532,4", "38.048"]
    assert Locale("fr").number(2532.4) == "2\u202f532,4"
