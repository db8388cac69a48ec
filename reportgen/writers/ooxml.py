"""Small WordprocessingML helpers python-docx has no API for: fields, hyperlinks, East Asian fonts, shading.

Kept apart from the writer (as python-docx separates proxies from XML) so the writer reads as what it writes.
"""
from __future__ import annotations

import io
import re
import zipfile

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

_BAD = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def clean(text: str) -> str:
    """Strip what XML cannot hold (C0 controls, lone surrogates); Word text is never HTML-escaped."""
    return _BAD.sub("", text)


def add_field(paragraph, instruction: str, placeholder: str = "1") -> None:
    """A complex field (PAGE, NUMPAGES, TOC …): begin / instrText / separate / result / end."""
    def run_with(child):
        r = OxmlElement("w:r")
        r.append(child)
        paragraph._p.append(r)
        return r

    begin = OxmlElement("w:fldChar"); begin.set(qn("w:fldCharType"), "begin")
    instr = OxmlElement("w:instrText"); instr.set(qn("xml:space"), "preserve"); instr.text = f" {instruction} "
    sep = OxmlElement("w:fldChar"); sep.set(qn("w:fldCharType"), "separate")
    text = OxmlElement("w:t"); text.text = placeholder
    end = OxmlElement("w:fldChar"); end.set(qn("w:fldCharType"), "end")
    for child in (begin, instr, sep, text, end):
        run_with(child)


def add_hyperlink(paragraph, text: str, url: str, color: str) -> None:
    r_id = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    run = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    style = OxmlElement("w:rStyle"); style.set(qn("w:val"), "Hyperlink")
    col = OxmlElement("w:color"); col.set(qn("w:val"), color.lstrip("#"))
    u = OxmlElement("w:u"); u.set(qn("w:val"), "single")
    rpr.extend([style, col, u])
    t = OxmlElement("w:t"); t.set(qn("xml:space"), "preserve"); t.text = clean(text)
    run.extend([rpr, t])
    link.append(run)
    paragraph._p.append(link)


def _rpr(parent):
    """The ``w:rPr`` child of a style, docDefaults entry or run, created when missing."""
    rpr = parent.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        parent.append(rpr)
    return rpr


def set_fonts(rpr_parent, latin: str, east_asian: str) -> None:
    """Name the Latin and East Asian faces in all four slots and drop theme fonts, so Word never falls back to
    a Japanese face for Chinese text."""
    rpr = _rpr(rpr_parent)
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in list(fonts.attrib):
        if attr.endswith("Theme"):
            del fonts.attrib[attr]
    for slot, family in (("w:ascii", latin), ("w:hAnsi", latin), ("w:eastAsia", east_asian), ("w:cs", latin)):
        fonts.set(qn(slot), family)


def set_language(rpr_parent, lang: str) -> None:
    rpr = _rpr(rpr_parent)
    el = rpr.find(qn("w:lang"))
    if el is None:
        el = OxmlElement("w:lang")
        rpr.append(el)
    el.set(qn("w:val"), "zh-CN" if lang == "zh" else "en-GB")
    el.set(qn("w:eastAsia"), "zh-CN")


def shade(cell, fill: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear"); shd.set(qn("w:color"), "auto"); shd.set(qn("w:fill"), fill.lstrip("#"))
    tcpr.append(shd)


def repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader"); el.set(qn("w:val"), "true")
    trpr.append(el)


def add_bookmark(paragraph, name: str, bm_id: int) -> None:
    start = OxmlElement("w:bookmarkStart"); start.set(qn("w:id"), str(bm_id)); start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd"); end.set(qn("w:id"), str(bm_id))
    paragraph._p.insert(0, start)
    paragraph._p.append(end)


def add_internal_link(paragraph, text: str, anchor: str, color: str, superscript: bool = True) -> None:
    link = OxmlElement("w:hyperlink"); link.set(qn("w:anchor"), anchor)
    run = OxmlElement("w:r"); rpr = OxmlElement("w:rPr")
    col = OxmlElement("w:color"); col.set(qn("w:val"), color.lstrip("#")); rpr.append(col)
    if superscript:
        va = OxmlElement("w:vertAlign"); va.set(qn("w:val"), "superscript"); rpr.append(va)
    t = OxmlElement("w:t"); t.text = text
    run.extend([rpr, t]); link.append(run)
    paragraph._p.append(link)


def update_fields_on_open(document) -> None:
    settings = document.settings.element
    el = OxmlElement("w:updateFields"); el.set(qn("w:val"), "true")
    compat = settings.find(qn("w:compat"))
    compat.addprevious(el) if compat is not None else settings.append(el)


def fixed_zip(data: bytes) -> bytes:
    """Re-zip with a fixed timestamp and order: python-docx stamps the time into every entry."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in src.namelist():
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            dst.writestr(info, src.read(name))
    return out.getvalue()
