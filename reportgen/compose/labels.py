"""Words the code itself prints (captions, notes, footer), per language. Templates word everything else.

``LABELS`` is read-only (templates see it as ``t``): a template in one brief of a batch must not be able to
change what every later brief prints. Its ``{placeholders}`` are filled with ``core.placeholders.fill``.
"""
from __future__ import annotations

import re
from types import MappingProxyType

_LABELS = {
    "en": {
        "short_cite": "{source}, {where}",
        "where": "{locator}, {when}",
        "sentence": "{text}.",
        "source_sep": ". ",
        "reference": "{short}: {publisher}, “{title}” ({date}).",
        "derived": "Calculated from the figures cited: {formula}.",
        "conflict": "Sources differ: this brief prints {value}; also reported: {others}.",
        "references": "References",
        "next_steps": "Next steps",
        "colophon": "About this brief",
        "contact_office": "Office",
        "contact_address": "Address",
        "contact_web": "Web",
        "contact_email": "E-mail",
        "contact_phone": "Phone",
        "contact_person": "Contact",
        "citation": "Suggested citation",
        "acknowledgements": "Acknowledgements",
        "disclaimer": "Disclaimer",
        "rights": "Copyright and licence",
        "edition": "Edition",
        "data_as_of": "Data as of {date}",
        "version": "Version {version}",
        "edition_sep": " · ",
        "citation_text": "{publisher} ({year}). {title}. {subtitle}. Version {version}.",
        "partners": "In partnership with {partners}",
        "figure": "Figure {n}. {title}",
        "table": "Table {n}. {title}",
        "source": "Source: {sources}.",
        "list_sep": "; ",
        "indicator": "Indicator",
        "notes": "Sources and notes",
        "contents": "Contents",
        "prepared_for": "Prepared for {who}",
        "page": "Page {page} of {pages}",
        "author": "Beijing Future Science City investment promotion team",
        "audience_investor": "For investors",
        "audience_sdg": "For international partners",
        "keywords_investor": "Beijing Future Science City, Changping, investment, energy, life sciences",
        "keywords_sdg": "Beijing Future Science City, SDG 11, sustainable cities, UN-Habitat",
    },
    "zh": {
        "short_cite": "{source}，{where}",
        "where": "{locator}，{when}",
        "sentence": "{text}。",
        "source_sep": "。",
        "reference": "{short}：{publisher}：《{title}》（{date}）。",
        "derived": "据所引数据计算：{formula}。",
        "conflict": "来源数据不一致：本简报采用 {value}；另有报道：{others}。",
        "references": "参考文献",
        "next_steps": "下一步",
        "colophon": "关于本简报",
        "contact_office": "机构",
        "contact_address": "地址",
        "contact_web": "网址",
        "contact_email": "电子邮件",
        "contact_phone": "电话",
        "contact_person": "联系人",
        "citation": "建议引用格式",
        "acknowledgements": "致谢",
        "disclaimer": "免责声明",
        "rights": "版权与许可",
        "edition": "版本信息",
        "data_as_of": "数据截至{date}",
        "version": "第{version}版",
        "edition_sep": " · ",
        "citation_text": "{publisher}（{year}）。《{title}：{subtitle}》，第{version}版。",
        "partners": "合作伙伴：{partners}",
        "figure": "图{n}　{title}",
        "table": "表{n}　{title}",
        "source": "资料来源：{sources}。",
        "list_sep": "；",
        "indicator": "指标",
        "notes": "资料来源与注释",
        "contents": "目录",
        "prepared_for": "呈送：{who}",
        "page": "第 {page} 页，共 {pages} 页",
        "author": "北京未来科学城投资促进团队",
        "audience_investor": "投资者简报",
        "audience_sdg": "国际合作伙伴简报",
        "keywords_investor": "北京未来科学城, 昌平, 投资, 能源, 医药健康",
        "keywords_sdg": "北京未来科学城, 可持续发展目标11, 可持续城市, 联合国人居署",
    },
}

LABELS = MappingProxyType({lang: MappingProxyType(words) for lang, words in _LABELS.items()})

_MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
_P = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def _one(p: str, lang: str) -> str:
    y, mo, d = _P.match(p).groups()
    if lang == "zh":
        return f"{y}年" + (f"{int(mo)}月" if mo else "") + (f"{int(d)}日" if d else "")
    if d:
        return f"{int(d)} {_MONTHS[int(mo) - 1]} {y}"
    return f"{_MONTHS[int(mo) - 1]} {y}" if mo else y


def period_text(period: str, lang: str) -> str:
    """'2024-12-31' → 'as of 31 Dec 2024' / '截至2024年12月31日'; '2025-01/2025-04' → 'Jan 2025–Apr 2025'."""
    if "/" in period:
        a, b = period.split("/")
        span = f"{_one(a, lang)}—{_one(b, lang)}" if lang == "zh" else f"{_one(a, lang)}–{_one(b, lang)}"
        return f"数据期间：{span}" if lang == "zh" else f"period {span}"
    if period.count("-") == 2:
        return f"数据截至{_one(period, lang)}" if lang == "zh" else f"as of {_one(period, lang)}"
    return f"数据年份：{_one(period, lang)}" if lang == "zh" else f"figure for {_one(period, lang)}"
