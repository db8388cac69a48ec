"""Small WordprocessingML helpers python-docx has no API for: fields, hyperlinks, East Asian fonts, shading.

Kept apart from the writer (as python-docx separates proxies from XML) so the writer reads as what it writes.
"""
from __future__ import annotations

import io
import re
import zipfile

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn

from reportgen.core.langs import TAGS

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
    el.set(qn("w:val"), TAGS[lang])
    el.set(qn("w:eastAsia"), TAGS["zh"])


def shade(cell, fill: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear"); shd.set(qn("w:color"), "auto"); shd.set(qn("w:fill"), fill.lstrip("#"))
    tcpr.append(shd)


def repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader"); el.set(qn("w:val"), "true")
    trpr.append(el)


def update_fields_on_open(document) -> None:
    settings = document.settings.element
    el = OxmlElement("w:updateFields"); el.set(qn("w:val"), "true")
    compat = settings.find(qn("w:compat"))
    compat.addprevious(el) if compat is not None else settings.append(el)


def save_reproducible(document) -> bytes:
    """Save with a fixed timestamp on every zip entry (python-docx stamps the current time), in one pass.

    Does what ``OpcPackage.save`` does, with a zip writer of our own instead of re-zipping its output.
    """
    from docx.opc.pkgwriter import PackageWriter

    class FixedDateZip:
        def __init__(self, stream):
            self._zipf = zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED)

        def write(self, pack_uri, blob):
            info = zipfile.ZipInfo(pack_uri.membername, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            self._zipf.writestr(info, blob)

        def close(self):
            self._zipf.close()

    package = document.part.package
    for part in package.parts:
        part.before_marshal()
    out = io.BytesIO()
    writer = FixedDateZip(out)
    PackageWriter._write_content_types_stream(writer, package.parts)
    PackageWriter._write_pkg_rels(writer, package.rels)
    PackageWriter._write_parts(writer, package.parts)
    writer.close()
    return out.getvalue()


# ── endnotes (python-docx has no API: issue #1) ─────────────────────────────
_ENDNOTES = (f'<w:endnotes {nsdecls("w", "r")}>'
             '<w:endnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:endnote>'
             '<w:endnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p>'
             '</w:endnote></w:endnotes>')


def endnotes_part(document):
    """The document's endnotes part, created (with its separators and decimal numbering) when missing."""
    part = document.part
    for rel in part.rels.values():
        if rel.reltype == RT.ENDNOTES:
            return rel.target_part
    notes = XmlPart(PackURI("/word/endnotes.xml"), CT.WML_ENDNOTES, parse_xml(_ENDNOTES), part.package)
    part.relate_to(notes, RT.ENDNOTES)
    settings = document.settings.element
    pr = parse_xml(f'<w:endnotePr {nsdecls("w")}><w:numFmt w:val="decimal"/>'
                   '<w:endnote w:id="-1"/><w:endnote w:id="0"/></w:endnotePr>')
    compat = settings.find(qn("w:compat"))
    compat.addprevious(pr) if compat is not None else settings.append(pr)
    # LibreOffice reads the numbering format from the section, Word from settings: set both.
    sect = document.element.body.find(qn("w:sectPr"))
    refs = [c for c in sect if c.tag in (qn("w:headerReference"), qn("w:footerReference"))]
    sect_pr = parse_xml(f'<w:endnotePr {nsdecls("w")}><w:numFmt w:val="decimal"/></w:endnotePr>')
    refs[-1].addnext(sect_pr) if refs else sect.insert(0, sect_pr)
    return notes


def _styled_run(style_id: str):
    run = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    rs = OxmlElement("w:rStyle"); rs.set(qn("w:val"), style_id)
    rpr.append(rs)
    run.append(rpr)
    return run


def add_endnote(paragraph, notes_part, number: int, text: str) -> None:
    """A real endnote at this point: the reference mark here, the note text in the endnotes part.

    The reference is bookmarked so later mentions of the same note can point back with NOTEREF.
    """
    note = parse_xml(f'<w:endnote {nsdecls("w")} w:id="{number}"><w:p><w:pPr><w:pStyle w:val="EndnoteText"/></w:pPr>'
                     '</w:p></w:endnote>')
    p = note[0]
    mark = _styled_run("EndnoteReference")
    mark.append(OxmlElement("w:endnoteRef"))
    body = OxmlElement("w:r")
    t = OxmlElement("w:t"); t.set(qn("xml:space"), "preserve"); t.text = " " + clean(text)
    body.append(t)
    p.extend([mark, body])
    notes_part.element.append(note)
    ref = _styled_run("EndnoteReference")
    el = OxmlElement("w:endnoteReference"); el.set(qn("w:id"), str(number))
    ref.append(el)
    start = OxmlElement("w:bookmarkStart"); start.set(qn("w:id"), str(10000 + number))
    start.set(qn("w:name"), f"_RefNote{number}")
    end = OxmlElement("w:bookmarkEnd"); end.set(qn("w:id"), str(10000 + number))
    paragraph._p.extend([start, ref, end])


def add_note_reference(paragraph, number: int) -> None:
    """A further mention of an endnote: a NOTEREF field showing the note's number as a note mark."""
    parts = [("begin", None), (None, f" NOTEREF _RefNote{number} \\f \\h "), ("separate", None), (None, None),
             ("end", None)]
    for kind, instr in parts:
        run = _styled_run("EndnoteReference")
        if kind:
            fc = OxmlElement("w:fldChar"); fc.set(qn("w:fldCharType"), kind)
            run.append(fc)
        elif instr:
            it = OxmlElement("w:instrText"); it.set(qn("xml:space"), "preserve"); it.text = instr
            run.append(it)
        else:
            t = OxmlElement("w:t"); t.text = str(number)
            run.append(t)
        paragraph._p.append(run)
