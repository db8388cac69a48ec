"""Small WordprocessingML helpers python-docx has no API for: fields, hyperlinks, East Asian fonts, shading.

Kept apart from the writer (as python-docx separates proxies from XML) so the writer reads as what it writes.
"""
from __future__ import annotations

import io
import re
import zipfile

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement, parse_xml
from docx.shared import RGBColor
from docx.oxml.ns import nsdecls, qn

from reportgen.core.langs import TAGS

_BAD = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def clean(text: str) -> str:
    """Strip what XML cannot hold (C0 controls, lone surrogates); Word text is never HTML-escaped."""
    return _BAD.sub("", text)


def field_runs(instruction: str, result: str, style_id: str | None = None) -> list:
    """A complex field's five runs: begin / instrText / separate / result / end (PAGE, NUMPAGES, TOC …)."""
    runs = []
    for tag, value in (("fldChar", "begin"), ("instrText", f" {instruction} "), ("fldChar", "separate"),
                       ("t", result), ("fldChar", "end")):
        run = styled_run(style_id) if style_id else OxmlElement("w:r")
        child = OxmlElement(f"w:{tag}")
        if tag == "fldChar":
            child.set(qn("w:fldCharType"), value)
        else:
            child.set(qn("xml:space"), "preserve"); child.text = value
        run.append(child)
        runs.append(run)
    return runs


def add_field(paragraph, instruction: str, placeholder: str = "1") -> None:
    paragraph._p.extend(field_runs(instruction, placeholder))


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


SVG_BLIP_EXT = "{96DAC541-7B7A-43D3-8B79-37D633B846F1}"
_ASVG = "http://schemas.microsoft.com/office/drawing/2016/SVG/main"


def add_picture(document, png, svg, width_cm: float, alt: str) -> None:
    """A picture in its own paragraph: the PNG (a path, or its bytes), with the SVG (when given) as the vector
    version Word draws; ``alt`` is its description (Word's alt text)."""
    from docx.shared import Cm
    document.add_picture(picture_source(png), width=Cm(width_cm))
    inline = document.inline_shapes[-1]._inline
    if svg:
        add_svg(inline, svg.read_bytes(), document.part)
    inline.docPr.set("descr", clean(alt))


def add_svg(inline, svg: bytes, document_part) -> None:
    """Give a picture its vector version: the SVG as a part, named by the blip's ``asvg:svgBlip`` extension
    (Word 2016+ draws it; older Word and LibreOffice 7.4 draw the PNG, which stays in ``a:blip``)."""
    package = document_part.package
    part = Part(package.next_partname("/word/media/image%d.svg"), "image/svg+xml", svg, package)
    r_id = document_part.relate_to(part, RT.IMAGE)
    blip = inline.find(".//" + qn("a:blip"))
    blip.append(parse_xml(f'<a:extLst {nsdecls("a", "r")}><a:ext uri="{SVG_BLIP_EXT}">'
                          f'<asvg:svgBlip xmlns:asvg="{_ASVG}" r:embed="{r_id}"/></a:ext></a:extLst>'))


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
        if attr.lower().endswith("theme"):        # asciiTheme, hAnsiTheme, eastAsiaTheme and cstheme
            del fonts.attrib[attr]
    for slot, family in (("w:ascii", latin), ("w:hAnsi", latin), ("w:eastAsia", east_asian), ("w:cs", latin)):
        fonts.set(qn(slot), family)


def named_latin_face(style) -> str | None:
    """The Latin face a style names (``w:ascii``), unless it takes one of Word's theme fonts (+Headings, +Body):
    ``w:asciiTheme`` overrides ``w:ascii`` (ECMA-376 §17.3.2.26), and LibreOffice writes both on saving."""
    rpr = style.find(qn("w:rPr"))
    fonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
    if fonts is None or fonts.get(qn("w:asciiTheme")) is not None:
        return None
    return fonts.get(qn("w:ascii"))


_THEME_ATTRS = {"w:themeColor": ("w:themeShade", "w:themeTint"), "w:themeFill": ("w:themeFillShade", "w:themeFillTint")}


def _set_colour(el, value_attr: str, theme_attr: str, colour: str) -> None:
    """``colour`` as the element's plain colour, its link to Word's document theme removed (Word would draw the
    theme's colour over the plain one, LibreOffice the plain one: both now draw ``colour``)."""
    el.set(qn(value_attr), colour.lstrip("#").upper())
    for attr in (theme_attr, *_THEME_ATTRS[theme_attr]):
        el.attrib.pop(qn(attr), None)


def replace_theme_colours(element, slots: dict[str, str]) -> None:
    """Every colour below ``element`` taken from one of Word's theme ``slots`` ("accent1") → the given colour."""
    for el in element.iter():
        for theme_attr, value_attr in (("w:themeColor", "w:val" if el.tag == qn("w:color") else "w:color"),
                                       ("w:themeFill", "w:fill")):
            slot = el.get(qn(theme_attr))
            if slot in slots:
                _set_colour(el, value_attr, theme_attr, slots[slot])


# CT_PPrBase's children after w:autoSpaceDN, in schema order (ECMA-376 §17.3.1.26)
_AFTER_AUTOSPACE = tuple(qn(f"w:{n}") for n in (
    "bidi adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc textDirection "
    "textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange").split())


def no_auto_space(ppr) -> None:
    """No space added between Chinese and Latin letters (``autoSpaceDE``) or digits (``autoSpaceDN``): LibreOffice
    adds one by default ("2024 年"), which the text and the PDF do not have."""
    for name in ("autoSpaceDE", "autoSpaceDN"):
        old = ppr.find(qn(f"w:{name}"))
        if old is not None:
            ppr.remove(old)
        el = OxmlElement(f"w:{name}"); el.set(qn("w:val"), "0")
        following = next((c for c in ppr if c.tag in _AFTER_AUTOSPACE), None)
        following.addprevious(el) if following is not None else ppr.append(el)


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


def cell_margins(cell, **cm: float) -> None:
    """A cell's inner margins in centimetres (top, bottom, left, right)."""
    tcpr = cell._tc.get_or_add_tcPr()
    mar = OxmlElement("w:tcMar")
    for side in ("top", "left", "bottom", "right"):
        if side in cm:
            el = OxmlElement(f"w:{side}"); el.set(qn("w:w"), str(round(cm[side] * 567))); el.set(qn("w:type"), "dxa")
            mar.append(el)
    tcpr.append(mar)


def _borders(tag: str, names: tuple[str, ...], sides: dict) -> OxmlElement:
    """A borders element: side=(width in eighths of a point, colour) for the sides named, none for the others."""
    borders = OxmlElement(tag)
    for side in names:
        el = OxmlElement(f"w:{side}")
        if side in sides:
            size, colour = sides[side]
            el.set(qn("w:val"), "single"); el.set(qn("w:sz"), str(size)); el.set(qn("w:color"), colour.lstrip("#"))
        else:
            el.set(qn("w:val"), "nil")
        borders.append(el)
    return borders


def cell_borders(cell, **sides: tuple[int, str]) -> None:
    """A cell's borders (top, left, bottom, right); sides not named have none."""
    cell._tc.get_or_add_tcPr().append(_borders("w:tcBorders", ("top", "left", "bottom", "right"), sides))


def table_borders(table, **sides: tuple[int, str]) -> None:
    """A table's own borders (top, left, bottom, right, insideH, insideV); the sides not named have none, whatever
    the table style draws (LibreOffice draws a style's grid)."""
    tblpr = table._tbl.tblPr
    old = tblpr.find(qn("w:tblBorders"))
    if old is not None:
        tblpr.remove(old)
    borders = _borders("w:tblBorders", ("top", "left", "bottom", "right", "insideH", "insideV"), sides)
    look = tblpr.find(qn("w:tblLook"))
    look.addprevious(borders) if look is not None else tblpr.append(borders)


def add_thumbnail(document, jpeg: bytes) -> None:
    """``docProps/thumbnail.jpeg``: the picture a file browser and Word's open dialogue show for the file (the
    reference document's own, a blank page, is replaced)."""
    package = document.part.package
    for part in package.iter_parts():
        if part.partname == "/docProps/thumbnail.jpeg":
            part._blob = jpeg
            return
    package.relate_to(Part(PackURI("/docProps/thumbnail.jpeg"), "image/jpeg", jpeg, package), RT.THUMBNAIL)


def picture_source(png):
    """A picture given as a path or as bytes, as python-docx takes it."""
    return io.BytesIO(png) if isinstance(png, bytes) else str(png)


def shaded_run(paragraph, text: str, fill: str) -> None:
    """A run in white on a coloured ground: an SDG number on its goal's colour."""
    run = paragraph.add_run(clean(text))
    rpr = run._r.get_or_add_rPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear"); shd.set(qn("w:color"), "auto"); shd.set(qn("w:fill"), fill.lstrip("#"))
    rpr.append(shd)
    run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)


_APP = ('<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        '<Application>reportgen</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>'
        '<HeadingPairs><vt:vector size="2" baseType="variant"><vt:variant><vt:lpstr>Title</vt:lpstr></vt:variant>'
        '<vt:variant><vt:i4>1</vt:i4></vt:variant></vt:vector></HeadingPairs>'
        '<TitlesOfParts><vt:vector size="1" baseType="lpstr"><vt:lpstr>{title}</vt:lpstr></vt:vector></TitlesOfParts>'
        '<Company>{company}</Company><LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>'
        '<HyperlinksChanged>false</HyperlinksChanged></Properties>')


def app_properties(document, title: str, company: str) -> None:
    """``docProps/app.xml`` describes this document (the reference document's said "Microsoft Macintosh Word,
    1 page"): its title and publisher, and no page, word or line counts, which only Word's layout can know
    (Word writes them again when it saves)."""
    from xml.sax.saxutils import escape
    blob = ("<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
            + _APP.format(title=escape(clean(title)), company=escape(clean(company)))).encode("utf-8")
    for part in document.part.package.iter_parts():
        if part.partname == "/docProps/app.xml":      # a reference document without one gets none
            part._blob = blob


def row_flag(row, name: str) -> None:
    """Turn on a table row's property: ``tblHeader`` (repeated on each page), ``cantSplit`` (kept on one page)."""
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement(f"w:{name}"); el.set(qn("w:val"), "true")
    trpr.append(el)


# CT_Settings' children in the order ECMA-376 Part 1 (§17.15.1) prescribes: Word rejects a settings part whose
# children are out of order, so new settings are inserted at their place.
SETTINGS_ORDER = (
    "writeProtection view zoom removePersonalInformation removeDateAndTime doNotDisplayPageBoundaries "
    "displayBackgroundShape printPostScriptOverText printFractionalCharacterWidth printFormsData embedTrueTypeFonts "
    "embedSystemFonts saveSubsetFonts saveFormsData mirrorMargins alignBordersAndEdges bordersDoNotSurroundHeader "
    "bordersDoNotSurroundFooter gutterAtTop hideSpellingErrors hideGrammaticalErrors activeWritingStyle proofState "
    "formsDesign attachedTemplate linkStyles stylePaneFormatFilter stylePaneSortMethod documentType mailMerge "
    "revisionView trackRevisions doNotTrackMoves doNotTrackFormatting documentProtection autoFormatOverride "
    "styleLockTheme styleLockQFSet defaultTabStop autoHyphenation consecutiveHyphenLimit hyphenationZone "
    "doNotHyphenateCaps showEnvelope summaryLength clickAndTypeStyle defaultTableStyle evenAndOddHeaders "
    "bookFoldRevPrinting bookFoldPrinting bookFoldPrintingSheets drawingGridHorizontalSpacing "
    "drawingGridVerticalSpacing displayHorizontalDrawingGridEvery displayVerticalDrawingGridEvery "
    "doNotUseMarginsForDrawingGridOrigin drawingGridHorizontalOrigin drawingGridVerticalOrigin doNotShadeFormData "
    "noPunctuationKerning characterSpacingControl printTwoOnOne strictFirstAndLastChars noLineBreaksAfter "
    "noLineBreaksBefore savePreviewPicture doNotValidateAgainstSchema saveInvalidXml ignoreMixedContent "
    "alwaysShowPlaceholderText doNotDemarcateInvalidXml saveXmlDataOnly useXSLTWhenSaving saveThroughXslt "
    "showXMLTags alwaysMergeEmptyNamespace updateFields hdrShapeDefaults footnotePr endnotePr compat docVars rsids"
).split()   # then m:mathPr and the rest, all later than anything inserted here


def insert_setting(settings, el) -> None:
    """Insert ``el`` into the settings part before the first child the schema puts after it."""
    rank = {qn(f"w:{n}"): i for i, n in enumerate(SETTINGS_ORDER)}
    mine = rank[el.tag]
    following = next((c for c in settings if rank.get(c.tag, len(rank)) > mine), None)
    following.addprevious(el) if following is not None else settings.append(el)


def set_theme_font_lang(document, lang: str) -> None:
    """The theme's language hint: python-docx's template says ja-JP, which makes Word pick Japanese faces."""
    el = document.settings.element.find(qn("w:themeFontLang"))
    if el is not None:
        el.set(qn("w:val"), TAGS[lang])
        el.set(qn("w:eastAsia"), TAGS["zh"])


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


def styled_run(style_id: str):
    run = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    rs = OxmlElement("w:rStyle"); rs.set(qn("w:val"), style_id)
    rpr.append(rs)
    run.append(rpr)
    return run
