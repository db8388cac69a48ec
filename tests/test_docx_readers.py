"""Word files for readers without our fonts: embedded subset fonts, vector charts, data alt text, a filled
contents list. Checked as such a reader would see them: LibreOffice with the system's CJK fonts hidden by a
fontconfig file, its PDF read with pdffonts and pdftotext.
"""
from __future__ import annotations

import io
import os
import re
import subprocess
import uuid
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from fontTools.ttLib import TTFont

from reportgen.core.fonts import FAMILY, LATIN_FAMILY, ensure_fonts, subset_codepoints
from reportgen.writers.docx_fonts import obfuscate, subset
from test_quality import need

HIDE = Path(__file__).parent / "fonts" / "hide-cjk.conf"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def embedded(path: Path) -> dict[str, dict[str, TTFont]]:
    """The fonts a DOCX embeds, de-obfuscated: family → 'Regular' / 'Bold' → font."""
    with zipfile.ZipFile(path) as z:
        table = z.read("word/fontTable.xml").decode()
        rels = dict(re.findall(r'Id="(\w+)"[^>]*Target="([^"]+)"', z.read("word/_rels/fontTable.xml.rels").decode()))
        out: dict[str, dict[str, TTFont]] = {}
        for name, body in re.findall(r'<w:font w:name="([^"]+)">(.*?)</w:font>', table):
            for kind, rid, key in re.findall(r'<w:embed(\w+) r:id="(\w+)" w:fontKey="([^"]+)"', body):
                assert key == key.upper() and uuid.UUID(key)
                out.setdefault(name, {})[kind] = TTFont(io.BytesIO(obfuscate(z.read("word/" + rels[rid]), key)))
    return out


def family(path: Path, base: str = FAMILY) -> str:
    """The family name the DOCX gives its subset of ``base`` (the face, or its Latin copy)."""
    with zipfile.ZipFile(path) as z:
        return re.search(rf'<w:font w:name="([^"]+)"><w:altName w:val="{base}"/>',
                         z.read("word/fontTable.xml").decode()).group(1)


@pytest.fixture(scope="module", params=["no-cjk-font", "cjk-font-installed"])
def hidden(request, built, tmp_path_factory) -> tuple[Path, Path]:
    """The investor DOCX files converted by LibreOffice with CJK fonts hidden, on this machine as it is and on
    one with a Chinese system font (a face added for the test), which the fontconfig file must hide."""
    soffice, fc_list = need("soffice"), need("fc-list")
    tmp = tmp_path_factory.mktemp("hidden")
    conf = tmp / "fonts.conf"
    extra = ""
    if request.param == "cjk-font-installed":
        (tmp / "sysfonts").mkdir()
        chars = {chr(c) for c in subset_codepoints()}   # enough hanzi for fontconfig to count it a Chinese face
        (tmp / "sysfonts" / "cjk.ttf").write_bytes(subset(ensure_fonts().regular, chars, "System CJK Test"))
        extra = f"<dir>{tmp / 'sysfonts'}</dir><cachedir>{tmp / 'fccache'}</cachedir>"
        shown = tmp / "shown.conf"
        shown.write_text(f'<?xml version="1.0"?><fontconfig><include>/etc/fonts/fonts.conf</include>{extra}</fontconfig>')
        listed = subprocess.run([fc_list, ":lang=zh-cn", "family"], capture_output=True, text=True,
                                env={**os.environ, "FONTCONFIG_FILE": str(shown)}).stdout
        assert "System CJK Test" in listed        # without the hiding file, the face is there
    conf.write_text(f'<?xml version="1.0"?><fontconfig><include>{HIDE}</include>{extra}</fontconfig>')
    env = {**os.environ, "FONTCONFIG_FILE": str(conf), "HOME": str(tmp / "home")}
    assert subprocess.run([fc_list, ":lang=zh-cn"], capture_output=True, text=True, env=env).stdout == ""
    files = [str(built / f"investor.{lang}.docx") for lang in ("en", "zh")]   # one run, as one reader's session
    proc = subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", str(tmp), *files],
                          capture_output=True, text=True, timeout=300, env=env)
    assert proc.returncode == 0, proc.stderr
    return tmp / "investor.en.pdf", tmp / "investor.zh.pdf"


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_libreoffice_without_our_fonts_uses_the_embedded_ones(built, hidden, lang):
    pdf = hidden[lang == "zh"]
    rows = subprocess.run([need("pdffonts"), str(pdf)], capture_output=True, text=True).stdout.splitlines()[2:]
    names = {row.split()[0].split("+")[-1] for row in rows}
    # English has no Chinese text: all of it, quotes included, is drawn in the Latin copy
    ours = family(built / f"investor.{lang}.docx", FAMILY if lang == "zh" else LATIN_FAMILY).replace(" ", "")
    assert {f"{ours}-Regular", f"{ours}-Bold"} <= names, names
    # OpenSymbol: LibreOffice's stand-in for the Symbol font of Word's bullet
    assert {n for n in names if not n.startswith(ours + "-")} <= {"OpenSymbol"}, names
    text = subprocess.run([need("pdftotext"), str(pdf), "-"], capture_output=True, text=True).stdout
    assert ("北京未来科学城" in text and "能源谷与生命谷" in text) if lang == "zh" else "Energy Valley" in text


def test_each_docx_embeds_its_own_subset_holding_every_character(built):
    """Every character the file shows has a glyph in both weights; the family is named after the subset, so
    two files with different subsets do not mix in one LibreOffice session."""
    families = set()
    for lang in ("en", "zh"):
        path = built / f"investor.{lang}.docx"
        faces = embedded(path)
        assert set(faces) == {family(path)} | ({family(path, LATIN_FAMILY)} if lang == "en" else set())
        with zipfile.ZipFile(path) as z:
            text = "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", z.read("word/document.xml").decode()))
        for name, fonts in faces.items():
            assert set(fonts) == {"Regular", "Bold"}
            for font in fonts.values():
                cmap = font.getBestCmap()
                assert {c for c in text if not c.isspace() and ord(c) not in cmap} == set()
                assert font["name"].getDebugName(1) == name and "glyf" in font
        families.add(family(path))
    assert len(families) == 2
    for path in built.glob("*.docx"):
        assert path.stat().st_size < 1024 * 1024, path   # well under 2 MB, fonts and both chart formats included


def test_docx_names_the_embedded_face_for_chinese(built):
    d = Document(str(built / "investor.zh.docx"))
    rpr = d.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = rpr.find(qn("w:rFonts"))
    assert {fonts.get(qn(f"w:{slot}")) for slot in ("ascii", "hAnsi", "eastAsia", "cs")} == {family(built / "investor.zh.docx")}
    assert rpr.find(qn("w:lang")).get(qn("w:eastAsia")) == "zh-CN"
    settings = d.settings.element
    assert settings.find(qn("w:themeFontLang")).get(qn("w:eastAsia")) == "zh-CN"
    names = [c.tag.replace(W, "") for c in settings]
    assert names.index("embedTrueTypeFonts") < names.index("saveSubsetFonts") < names.index("defaultTabStop")
    assert "updateFields" not in names and "endnotePr" not in names   # no prompt on opening; notes are paragraphs
    with zipfile.ZipFile(built / "investor.zh.docx") as z:
        types = z.read("[Content_Types].xml").decode()
    assert "application/vnd.openxmlformats-officedocument.obfuscatedFont" in types


def _default_fonts(path: Path) -> tuple[str, ...]:
    """The faces the document's default run properties name: ascii, hAnsi, cs, eastAsia."""
    rpr = Document(str(path)).styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    return tuple(rpr.find(qn("w:rFonts")).get(qn(f"w:{slot}")) for slot in ("ascii", "hAnsi", "cs", "eastAsia"))


def _advance(font: TTFont, ch: str) -> float:
    """The character's advance width in em."""
    return font["hmtx"][font.getBestCmap()[ord(ch)]][0] / font["head"].unitsPerEm


def test_english_latin_text_takes_the_latin_copy_whose_quotes_are_proportional(built):
    """Noto Sans SC's curly quotes are full-width (a wide gap each side in English); the English file names the
    face's Latin copy in the Latin slots and embeds it, with quotes under half an em. The East Asian slot and the
    Chinese file keep the face itself, whose quotes stay full-width."""
    en, zh = built / "investor.en.docx", built / "investor.zh.docx"
    latin, face = family(en, LATIN_FAMILY), family(en)
    assert _default_fonts(en) == (latin, latin, latin, face)
    with zipfile.ZipFile(en) as z:
        assert f'w:ascii="{face}"' not in z.read("word/styles.xml").decode()     # no style left on the wide quotes
    limit = {"Regular": 0.5, "Bold": 0.6}
    for weight, font in embedded(en)[latin].items():
        assert font["name"].getDebugName(1) == latin
        assert max(_advance(font, ch) for ch in "“”") < limit[weight]
    assert _default_fonts(zh) == (family(zh),) * 4 and set(embedded(zh)) == {family(zh)}
    for path in (en, zh):
        for font in embedded(path)[family(path)].values():
            assert _advance(font, "“") == _advance(font, "”") == 1.0
    # § ("§5.2" in every English note): Latin spacing in the Latin copy only
    assert {name: _advance(faces["Regular"], "§") for name, faces in embedded(en).items()} == {latin: 0.585, face: 1.0}


def quote_widths(pdf: Path, font: TTFont, sign: str = "“") -> list[float]:
    """The width in em of each opening quote (or other ``sign``) on the pages, as drawn: a word opening with it
    less the rest of it, at the size its neighbour on the line is set in (the DOCX lays out without kerning:
    widths are advances)."""
    from html import unescape
    xml = subprocess.run([need("pdftotext"), "-bbox", str(pdf), "-"], capture_output=True, text=True).stdout
    words = [(float(x0), y0, float(x1), unescape(w)) for x0, y0, x1, w in
             re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]+)</word>', xml)]
    cmap = font.getBestCmap()
    widths = []
    for (x0, y0, x1, before), (a0, b0, a1, word) in zip(words, words[1:]):
        if word.startswith(sign) and y0 == b0 and len(before) > 3 and all(ord(c) in cmap for c in before + word):
            size = (x1 - x0) / sum(_advance(font, c) for c in before)
            widths.append((a1 - a0) / size - sum(_advance(font, c) for c in word[1:]))
    return widths


@pytest.mark.slow
def test_libreoffice_draws_english_quotes_proportional(built, hidden):
    """On the page LibreOffice lays out, an opening quote takes about half an em (0.475), not a full em, and §
    0.585 em."""
    path = built / "investor.en.docx"
    latin = embedded(path)[family(path, LATIN_FAMILY)]["Regular"]
    for sign, limit in (("“", 0.6), ("§", 0.7)):
        widths = quote_widths(hidden[0], latin, sign)
        assert len(widths) >= 3 and max(widths) < limit, (sign, widths)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_docx_charts_are_svg_with_a_png_fallback_and_data_alt_text(built, lang):
    path = built / f"investor.{lang}.docx"
    d = Document(str(path))
    charts = [s for s in d.inline_shapes if s._inline.docPr.get("descr") != "Logo"]
    assert len(charts) >= 4
    with zipfile.ZipFile(path) as z:
        for shape in d.inline_shapes:
            blip = shape._inline.find(".//" + qn("a:blip"))
            png = d.part.related_parts[blip.get(qn("r:embed"))]
            assert png.content_type == "image/png"
            svg_blip = blip.find(".//{http://schemas.microsoft.com/office/drawing/2016/SVG/main}svgBlip")
            svg = d.part.related_parts[svg_blip.get(R + "embed")]
            assert svg.content_type == "image/svg+xml" and svg.partname in ["/" + n for n in z.namelist()]
            assert b"<svg" in svg.blob and b"<text" not in svg.blob   # glyphs as outlines: any reader's fonts
    from reportgen.core.project import Project
    from reportgen.run.builder import Builder
    doc, _ = Builder(Project(), log=lambda msg: None).compose("investor", lang, {})
    alts = [b.alt for b in doc.blocks if type(b).__name__ == "Figure"]
    assert [s._inline.docPr.get("descr") for s in charts] == alts


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_libreoffice_shows_the_opening_on_page_two(built, hidden, lang):
    """A brief under ten pages has no contents list: the reader meets the key messages right after the cover."""
    text = subprocess.run([need("pdftotext"), "-f", "2", "-l", "2", str(hidden[lang == "zh"]), "-"],
                          capture_output=True, text=True).stdout
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    assert lines[1] in ("Why invest here", "为何投资未来科学城") and "Contents" not in text and "目录" not in text


def test_a_long_document_gets_its_contents_written_out(tmp_path):
    """Past the threshold, the contents list arrives filled (LibreOffice does not update fields)."""
    from reportgen import document as m
    from reportgen.writers.docx import CONTENTS_FROM_HEADINGS, DocxWriter
    from reportgen.writers.theme import Theme
    heads = [f"Section {i}" for i in range(CONTENTS_FROM_HEADINGS + 1)]
    meta = m.Meta("T", "S", "A", "d", "en", "Au", [], "Notes", "Contents", "Page {page} of {pages}", "H")
    doc = m.Document(meta, [b for h in heads for b in (m.Heading(1, h), m.Paragraph([m.Text("x")]))], [])
    path = tmp_path / "long.docx"
    path.write_bytes(DocxWriter(Theme(), ensure_fonts()).write(doc))
    paragraphs = Document(str(path)).paragraphs
    texts = [p.text for p in paragraphs]
    start = next(i for i, p in enumerate(paragraphs) if p.style.name == "TOC Heading") + 1   # the cover lists them too
    assert [t.split("\t")[0] for t in texts[start:start + len(heads)]] == heads     # one entry per heading


def test_a_word_made_reference_keeps_one_style_per_id(tmp_path):
    """Word names its built-in styles in lower case ("toc 1", "endnote text"): they are found, not added again
    under a clashing id."""
    from docx.enum.style import WD_STYLE_TYPE
    from reportgen.writers.docx_styles import apply_styles
    from reportgen.writers.theme import Theme
    d = Document()
    for name in ("toc 1", "toc 2", "toc 3", "endnote text", "endnote reference"):
        d.styles.add_style(name, WD_STYLE_TYPE.CHARACTER if name.endswith("reference") else WD_STYLE_TYPE.PARAGRAPH)
    ids = apply_styles(d, ensure_fonts(), "en", Theme())
    all_ids = [s.style_id.lower() for s in d.styles]
    assert len(all_ids) == len(set(all_ids))
    assert ids["TOC 1"] == "toc1"


def test_sdg_cover_chips_are_boxes_of_their_goal_colour(built):
    """The SDG cover's goals are square cells on their official colours, ringed in white (17's navy on the navy
    field is still a box), not shaded runs that shrink to the text."""
    d = Document(str(built / "sdg.en.docx"))
    field = d.tables[0].rows[0].cells[0]
    chips = field.tables[0].rows[0].cells
    assert [c.text for c in chips] == ["11", "7", "9", "10", "17"]
    for c in chips:
        tcpr = c._tc.tcPr
        assert tcpr.find(qn("w:shd")).get(qn("w:fill")) not in (None, "auto")
        assert all(b.get(qn("w:color")) == "FFFFFF" for b in tcpr.find(qn("w:tcBorders")))


def test_chinese_takes_no_automatic_space_before_digits(built):
    """No space is added between Chinese and digits or Latin letters ("2024年", as the text has it): the
    document's default paragraph properties turn off autoSpaceDE and autoSpaceDN (Word honours them)."""
    d = Document(str(built / "investor.zh.docx"))
    ppr = d.styles.element.find(qn("w:docDefaults")).find(qn("w:pPrDefault")).find(qn("w:pPr"))
    assert {ppr.find(qn(f"w:{n}")).get(qn("w:val")) for n in ("autoSpaceDE", "autoSpaceDN")} == {"0"}
    assert "2024年" in "".join(t.text or "" for t in d.element.body.iter(qn("w:t")))
