"""The face's Latin copy ("Noto Sans SC Latin"): proportional quotes and Latin spacing for English text, read
from the prepared font and from the reportlab PDF as a reader's viewer draws it (the Word file's checks are in
test_docx_readers)."""
from __future__ import annotations

import subprocess

from fontTools.ttLib import TTFont

from conftest import run
from reportgen.core.fonts import BEARING, LATIN_FAMILY, QUOTES, RESPACED, ensure_fonts
from test_docx_readers import _advance, quote_widths
from test_quality import need


def test_the_latin_copy_changes_only_the_quotes_and_the_signs_it_respaces():
    """Quotes under half an em (bold: 0.58), §, ×, · … with side bearings of BEARING em; every other glyph and
    code point as in the face, so Chinese in an English file looks as it does elsewhere."""
    fonts = ensure_fonts()
    for weight, plain, copy in (("Regular", fonts.regular, fonts.latin_regular),
                                ("Bold", fonts.bold, fonts.latin_bold)):
        plain, copy = TTFont(plain), TTFont(copy)
        assert copy["name"].getDebugName(1) == LATIN_FAMILY and copy["name"].getDebugName(2) == weight
        assert all(_advance(plain, ch) == 1.0 and _advance(copy, ch) < {"Regular": 0.5, "Bold": 0.6}[weight]
                   for ch in QUOTES)
        # glyph names differ between the two (they follow the cmap): compare glyphs by their ids
        old = {cp: plain.getGlyphID(g) for cp, g in plain.getBestCmap().items()}
        new = {cp: copy.getGlyphID(g) for cp, g in copy.getBestCmap().items()}
        assert {cp for cp in old if old[cp] != new[cp]} == {ord(ch) for ch in QUOTES}
        before, after = plain.getGlyphOrder(), copy.getGlyphOrder()
        changed = {new[ord(ch)] for ch in RESPACED}
        bearing = BEARING * copy["head"].unitsPerEm
        for gid in changed:
            glyph = copy["glyf"][after[gid]]
            glyph.recalcBounds(copy["glyf"])
            assert copy["hmtx"][after[gid]] == (glyph.xMax + bearing, glyph.xMin) and glyph.xMin == bearing
            assert copy["hmtx"][after[gid]][0] < plain["hmtx"][before[gid]][0] == copy["head"].unitsPerEm
        assert all(plain["hmtx"][before[gid]] == copy["hmtx"][after[gid]]
                   for gid in range(len(before)) if gid not in changed)

def test_reportlab_sets_english_in_the_latin_copy_and_chinese_in_the_face(tmp_path):
    """The reportlab engine's English PDF draws its paragraphs in the Latin copy: an opening quote measured on the
    page is about half an em; the Chinese PDF does not use the copy."""
    for lang in ("en", "zh"):
        result = run("build", "investor", "--lang", lang, "--format", "pdf", "--pdf-engine", "reportlab",
                     "--out", tmp_path)
        assert result.exit_code == 0, result.output
    listed = {lang: subprocess.run([need("pdffonts"), str(tmp_path / f"investor.{lang}.pdf")], capture_output=True,
                                   text=True).stdout for lang in ("en", "zh")}
    assert "NotoSansSCLatin-Regular" in listed["en"] and "NotoSansSCLatin" not in listed["zh"]
    widths = quote_widths(tmp_path / "investor.en.pdf", TTFont(ensure_fonts().latin_regular))
    assert len(widths) >= 3 and max(widths) < 0.6, widths


def test_typst_sets_english_in_the_latin_copy(built):
    """The default PDF: English text in the Latin copy (its quotes were proportional before, through ``pwid``; §
    was a full em), Chinese in the face. Typst kerns, so the measure is looser than for the other two."""
    listed = {lang: subprocess.run([need("pdffonts"), str(built / f"investor.{lang}.pdf")], capture_output=True,
                                   text=True).stdout for lang in ("en", "zh")}
    assert "NotoSansSCLatin-Regular" in listed["en"] and "NotoSansSCLatin" not in listed["zh"]
    latin = TTFont(ensure_fonts().latin_regular)
    for sign in "“§":
        widths = quote_widths(built / "investor.en.pdf", latin, sign)
        assert len(widths) >= 3 and max(widths) < 0.7, (sign, widths)
