"""The Word file's frame: the reference document, styles, page, running header/footer and core properties.

What a reference document defines for a style wins; the theme fills in the rest:
- Fonts: the embedded face stands in every slot the reference leaves to Word's theme fonts, with the zh-CN East
  Asian language, so neither Word nor LibreOffice falls back to a Japanese face for Chinese text; in English the
  Latin slots take its Latin copy, whose quotes are proportional. A Latin face a style names itself (Heading 1
  in Georgia) is kept for Latin text; Chinese stays in the embedded face.
- Colours: a style's own colour wins; one left unset, or taken from Word's document theme (its "Accent 1"), gets
  the theme's colour for that style's role (headings and title primary, text in the text colour), and the table
  style's accent colours become the theme's primary and accent, as in the PDF.
"""
from __future__ import annotations

from datetime import datetime

from docx import Document as new_docx
from docx.enum.dml import MSO_COLOR_TYPE
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from reportgen import document as m
from reportgen.core.errors import Problem, UsageError
from reportgen.core.fonts import FontSet
from reportgen.core.langs import TAGS
from reportgen.writers import ooxml
from reportgen.writers.theme import Theme

TABLE_STYLE = "Light List Accent 1"
TOC_STYLES = ("TOC 1", "TOC 2", "TOC 3")
NOTE_STYLES = ("Endnote Text", "Endnote Reference")     # the notes' paragraphs and marks (not Word endnotes)
STYLE_NAMES = ("Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "Caption", "List Bullet", "TOC Heading")
# style → the theme colour its text takes when the reference document gives it none of its own
ROLES = {"normal": "text", "title": "primary", "subtitle": "text", "heading 1": "primary", "heading 2": "primary",
         "heading 3": "primary", "caption": "text", "endnote reference": "accent"}
# Word document-theme colours → the theme's (in borders and shading of the styles above and the table style)
THEME_SLOTS = {"accent1": "primary", "accent2": "accent"}


def rgb(hex_: str) -> RGBColor:
    return RGBColor.from_string(hex_.lstrip("#").upper())


def open_reference(theme: Theme):
    """The theme's reference document (python-docx's own when none) with its body emptied: its styles, page
    setup, headers and footers stay, as with pandoc's --reference-doc. A file that is not a Word document is a
    located error; one that lacks section properties or styles gets Word's defaults for what it lacks."""
    try:
        d = new_docx(str(theme.reference_docx)) if theme.reference_docx else new_docx()
    except Exception as exc:      # noqa: BLE001 -- zip, XML and package errors alike: the file is not usable
        raise UsageError([Problem("bad-reference-doc", f"not a Word document (.docx): {exc}",
                                  str(theme.reference_docx), hint="give a .docx saved by Word or LibreOffice; its "
                                  "styles are used, and missing ones fall back to Word's defaults")]) from None
    body = d.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    body.get_or_add_sectPr()
    return d


def _borrow_styles(d, names) -> None:
    """Give ``d`` the styles among ``names`` that it lacks, copied from python-docx's default template (with the
    styles they are based on or linked to): a reference document's own styles win, the rest are Word's."""
    import copy
    have = {s.name for s in d.styles}
    missing = [n for n in names if n not in have]
    template = new_docx().styles if missing else None
    by_id = {s.style_id: s for s in template} if missing else {}
    while missing:
        style = template[missing.pop()]
        if style.name in have:
            continue
        d.styles.element.append(copy.deepcopy(style.element))
        have.add(style.name)
        for ref in ("w:basedOn", "w:link", "w:next"):
            child = style.element.find(qn(ref))
            if child is not None and child.get(qn("w:val")) in by_id:
                missing.append(by_id[child.get(qn("w:val"))].name)


def _paragraph_defaults(d):
    """The document's default paragraph properties (``w:docDefaults/w:pPrDefault/w:pPr``), added when missing."""
    defaults = _run_defaults(d).getparent()
    ppr_default = defaults.find(qn("w:pPrDefault"))
    if ppr_default is None:
        ppr_default = OxmlElement("w:pPrDefault")
        defaults.find(qn("w:rPrDefault")).addnext(ppr_default)
    if ppr_default.find(qn("w:pPr")) is None:
        ppr_default.append(OxmlElement("w:pPr"))
    return ppr_default.find(qn("w:pPr"))


def _run_defaults(d):
    """The document's default run properties (``w:docDefaults/w:rPrDefault``), added when a reference lacks them."""
    styles = d.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    if defaults.find(qn("w:rPrDefault")) is None:
        defaults.insert(0, OxmlElement("w:rPrDefault"))
    return defaults.find(qn("w:rPrDefault"))


def core_properties(d, meta: m.Meta) -> None:
    cp = d.core_properties
    cp.title, cp.author, cp.subject = meta.title, meta.author, meta.subtitle
    cp.keywords, cp.language = ", ".join(meta.keywords), TAGS[meta.lang]
    cp.created = cp.modified = meta.created or datetime(1970, 1, 1)
    cp.last_modified_by, cp.revision, cp.comments = meta.author, 1, ""


def apply_styles(d, fonts: FontSet, lang: str, theme: Theme) -> dict[str, str]:
    """Set the faces and language on the defaults and on every style that names a font; return the style ids of
    the styles the writer uses (python-docx's by-name lookup scans every style on each paragraph). Latin text
    takes the face's Latin copy in English (its quotes are proportional), the face itself in Chinese."""
    _borrow_styles(d, ("Normal", *STYLE_NAMES, TABLE_STYLE))
    family = fonts.family
    latin = fonts.text_family(lang)
    defaults = _run_defaults(d)
    ooxml.set_fonts(defaults, latin, family)
    ooxml.set_language(defaults, lang)
    ooxml.set_theme_font_lang(d, lang)
    ooxml.no_auto_space(_paragraph_defaults(d))
    ooxml.no_auto_space(d.styles["Normal"].element.get_or_add_pPr())   # Word's own Normal may turn it back on
    for style in d.styles:
        if style.element.rPr is not None and style.element.rPr.find(qn("w:rFonts")) is not None:
            named = ooxml.named_latin_face(style.element)     # naming the face itself leaves it to us
            ooxml.set_fonts(style.element, named if named not in (None, family) else latin, family)
    ids = style_ids(d)
    if not {"endnote text", "endnote reference", "toc 1", "toc 2", "toc 3"} <= ids.keys():   # a user's reference
        ensure_endnote_styles(d, theme)
        ensure_toc_styles(d)
        ids = style_ids(d)
    apply_colours(d, theme)
    return {n: ids[n.lower()] for n in (*STYLE_NAMES, *TOC_STYLES, *NOTE_STYLES)}


def apply_colours(d, theme: Theme) -> None:
    """The theme's colours where the reference document leaves a style's colour to the theme (module doc)."""
    slots = {slot: getattr(theme, role) for slot, role in THEME_SLOTS.items()}
    for style in d.styles:
        name = style.name.lower()
        if name in ROLES and style.font.color.type != MSO_COLOR_TYPE.RGB:   # none, automatic or Word's theme's
            style.font.color.rgb = rgb(getattr(theme, ROLES[name]))
        if name in ROLES or name == TABLE_STYLE.lower():
            ooxml.replace_theme_colours(style.element, slots)


def style_ids(d) -> dict[str, str]:
    """Style name in lower case → style id. Word writes its built-in names in lower case ("toc 1", "endnote
    text"), python-docx's template and ``add_style`` capitalised: both must be found, or a style is added twice."""
    return {s.name.lower(): s.style_id for s in d.styles}


def ensure_toc_styles(d) -> None:
    """Word's contents-entry styles, added when a reference document lacks them."""
    names = style_ids(d)
    for level, name in enumerate(TOC_STYLES, start=1):
        if name.lower() not in names:
            style = d.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = d.styles["Normal"]
            style.paragraph_format.left_indent = Cm(0.5 * (level - 1))
            style.paragraph_format.space_after = Pt(2)


def ensure_endnote_styles(d, theme: Theme) -> None:
    """Word's endnote styles, which the notes' paragraphs and marks take, added when a reference document lacks
    them."""
    names = style_ids(d)
    if "endnote text" not in names:
        text = d.styles.add_style("Endnote Text", WD_STYLE_TYPE.PARAGRAPH)
        text.base_style, text.font.size = d.styles["Normal"], Pt(7.5)
        pf = text.paragraph_format   # the PDF's note style: 7.5 pt on 10.5 pt lines
        pf.line_spacing, pf.line_spacing_rule, pf.space_after = Pt(10.5), WD_LINE_SPACING.AT_LEAST, Pt(2.5)
    if "endnote reference" not in names:
        ref = d.styles.add_style("Endnote Reference", WD_STYLE_TYPE.CHARACTER)
        ref.font.superscript, ref.font.color.rgb = True, rgb(theme.accent)


def page_setup(d, theme: Theme, meta: m.Meta) -> None:
    """Page geometry from the theme (as the PDF has it); header and footer text."""
    sec = d.sections[0]
    sec.page_width, sec.page_height = Cm(theme.page_cm[0]), Cm(theme.page_cm[1])
    sec.top_margin, sec.bottom_margin = Cm(theme.margin_top_cm), Cm(theme.margin_bottom_cm)
    sec.left_margin, sec.right_margin = Cm(theme.margin_left_cm), Cm(theme.margin_right_cm)
    sec.different_first_page_header_footer = not meta.compact
    if not meta.compact:     # the cover's own empty header and footer (LibreOffice repeats the running ones else)
        sec.first_page_header.is_linked_to_previous = False
        sec.first_page_footer.is_linked_to_previous = False
    head = sec.header.paragraphs[0]
    head.text = ooxml.clean(meta.running_header)
    head.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    foot = sec.footer.paragraphs[0]
    before, _, rest = meta.page_label.partition("{page}")
    middle, _, after = rest.partition("{pages}")
    foot.add_run(before)
    ooxml.add_field(foot, "PAGE")
    foot.add_run(middle)
    ooxml.add_field(foot, "NUMPAGES")
    foot.add_run(after)
    for p in (head, foot):
        for r in p.runs:
            r.font.size = Pt(7.5)
            r.font.color.rgb = rgb(theme.muted)
