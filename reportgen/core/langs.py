"""The languages every brief, note and label comes in, spelled once.

Bilingual records keep one field per language (``title_en``, ``title_zh``); ``local`` reads the one a brief needs,
so no module builds attribute names by hand.
"""
from __future__ import annotations

LANGS = ("en", "zh")

# The language tag written into every output (PDF /Lang, DOCX core properties and run language): one per language
TAGS = {"en": "en-GB", "zh": "zh-CN"}

# Chinese line breaking, for every writer that breaks lines itself: the characters units in the dataset are made
# of (亿元, 万人次, 平方公里, 个百分点, …), never split from the number before them, and the closing punctuation a
# line never starts with
ZH_UNIT_CHARS = "亿万千百元美人次名位平方米公里顷亩立年月日微克升个分点倍兆瓦时度吨标准煤二氧化碳天钟小家项件所座条处场批户套栋台辆种类只棵株届伏张轮周级部门架道片层%％"
ZH_CLOSING = "，。、；：！？）》」』】〕…％%”’〉"


# English month names, spelled here rather than by strftime("%B"), which follows the machine's locale
MONTHS_EN = "January February March April May June July August September October November December".split()


def local(record, field: str, lang: str) -> str:
    """``record.<field>_<lang>``: a bilingual record's field in one language."""
    return getattr(record, f"{field}_{lang}")
