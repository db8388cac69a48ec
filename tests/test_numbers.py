"""Numbers and units per language: the rules a reader relies on."""
from __future__ import annotations

import pytest

from reportgen.data.types import Fact, Unit
from reportgen.compose.numbers import chart_label, format_fact, significant_digits, split_unit


def unit(printed, base, factor, en, scale=False):
    return Unit(printed, base, factor, en, scale)


YI = unit("亿元", "CNY", 1e8, "RMB {v}", True)
WANREN = unit("万人", "persons", 1e4, "{v}", True)
KM2 = unit("平方公里", "km2", 1, "{v} km²")
MU = unit("亩", "ha", 0.0666667, "{v} ha")
REN = unit("人", "persons", 1, "{v}", True)
WANM2 = unit("万平方米", "m2", 1e4, "{v} m²", True)


def fact(value, u, qualifier="exact", value_max=None, printed=""):
    return Fact("t.x", "fsc", "m", value, value_max, u.printed, qualifier, "actual", "", "", "", (), (), "s", "", "",
                printed)


@pytest.mark.parametrize("f,u,en,zh", [
    (fact(2368.9, YI), YI, "RMB 236.9 billion", "2369亿元"),       # four significant figures in both languages
    (fact(406.84, WANM2), WANM2, "4.068 million m²", "406.8万平方米"),
    (fact(28, WANREN, "about"), WANREN, "about 280,000", "约28万人"),
    (fact(170.6, KM2), KM2, "170.6 km²", "170.6平方公里"),
    (fact(400, MU, "range", 600), MU, "26.7–40 ha", "400—600亩"),
    (fact(300, REN, "more_than"), REN, "more than 300", "超过300人"),
    (fact(1000, REN, "more_than", printed="千余"), REN, "more than 1,000", "千余人"),
])
def test_format_fact(f, u, en, zh):
    assert format_fact(f, u, "en") == en
    assert format_fact(f, u, "zh") == zh


def test_precision_follows_the_source():
    assert significant_digits(2368.9) == 5 and significant_digits(28) == 2 and significant_digits(0.85) == 2


def test_chart_labels_mark_inexact_values():
    assert chart_label(500, "en", "more_than") == "500+"
    assert chart_label(12345.5, "en") == "12,345.5" and chart_label(12345.5, "zh") == "12345.5"


@pytest.mark.parametrize("text,lang,qualifier,parts", [
    ("more than RMB 14.12 billion", "en", "more_than", ("more than 14.12", "RMB billion")),
    ("5.28 km/km²", "en", "exact", ("5.28", "km/km²")),
    ("1,487", "en", "exact", ("1,487", "")),
    ("26.7–40 ha", "en", "range", ("", "26.7–40 ha")),          # two numbers: left whole
    ("900多家", "zh", "more_than", ("900多", "家")),             # the source's own word stays with the number
    ("约28万人", "zh", "about", ("约28", "万人")),
])
def test_split_unit_for_a_table_unit_column(text, lang, qualifier, parts):
    assert split_unit(text, lang, qualifier) == parts
