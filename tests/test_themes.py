"""Themes: one that extends another and changes a colour, the colour reaching charts, tiles, headings and the Word
table style in all three writers; a logo given as PNG or SVG alone; a Word reference document's fonts and colours
winning over the theme's. Checked on the built files, as a reader would see them (pixels, images, styles)."""
from __future__ import annotations

import io
import re
import subprocess
import zipfile
from pathlib import Path

import numpy as np
import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from PIL import Image

from conftest import run
from test_quality import need

FUND, OLD = "#7A1F5C", "#1F4E79"        # the variant's primary; the investor theme's (and the old charts')
GREEN = "#00A550"                       # the test logos' colour: in no theme
EPOCH = {"SOURCE_DATE_EPOCH": "1767225600"}


def pixels(image: Image.Image, hex_: str, tolerance: int = 6) -> int:
    """How many pixels of ``image`` have the colour ``hex_`` (give or take ``tolerance`` per channel)."""
    want = np.array([int(hex_[i:i + 2], 16) for i in (1, 3, 5)])
    rgba = np.asarray(image.convert("RGBA"), dtype=int)
    return int(((np.abs(rgba[..., :3] - want) <= tolerance).all(axis=-1) & (rgba[..., 3] > 200)).sum())


def pages(pdf: Path, first: int = 1, last: int = 99) -> list[Image.Image]:
    out = pdf.parent / f"{pdf.stem}-pages"
    out.mkdir(exist_ok=True)
    subprocess.run([need("pdftoppm"), "-f", str(first), "-l", str(last), "-r", "40", "-png", str(pdf),
                    str(out / "p")], check=True)
    return [Image.open(p) for p in sorted(out.glob("p-*.png"))]


def logo_png(path: Path) -> bytes:
    buf = io.BytesIO()
    img = Image.new("RGBA", (300, 100), (0, 0, 0, 0))
    img.paste(Image.new("RGBA", (280, 80), GREEN), (10, 10))
    img.save(buf, format="PNG")
    path.write_bytes(buf.getvalue())
    return buf.getvalue()


@pytest.fixture(scope="module")
def fund(tmp_path_factory) -> Path:
    """A variant of the investor brief: a theme of two lines and a PNG-only logo, built by all three writers."""
    root = tmp_path_factory.mktemp("fund")
    for sub in ("themes", "briefs", "assets"):
        (root / sub).mkdir()
    (root / "themes" / "fund.yaml").write_text(f'extends: investor\nprimary: "{FUND}"\nlogo: fund.png\n')
    (root / "briefs" / "fund.yaml").write_text("extends: investor\ntheme: fund\n")
    logo_png(root / "assets" / "fund.png")
    for args in (("--out", "out"), ("--format", "pdf", "--pdf-engine", "reportlab", "--out", "reportlab")):
        result = run("build", "fund", "--lang", "en", *args, cwd=root, env=EPOCH)
        assert result.exit_code == 0, result.output
    return root


@pytest.mark.parametrize("pdf", ["out/fund.en.pdf", "reportlab/fund.en.pdf"])
def test_charts_tiles_and_headings_take_the_themes_primary_in_both_pdf_engines(fund, tmp_path, pdf):
    """Everything the investor brief draws in its primary colour (chart bars, tile figures, headings, table heads)
    is drawn in the variant's, and nothing is left in the old one."""
    engine = ["--pdf-engine", "reportlab"] if pdf.startswith("reportlab") else []
    assert run("build", "investor", "--lang", "en", "--format", "pdf", *engine, "--out", tmp_path, env=EPOCH).exit_code == 0
    before = sum(pixels(p, OLD) for p in pages(tmp_path / "investor.en.pdf", first=2))
    after = pages(fund / pdf)
    assert sum(pixels(p, OLD) for p in after) == 0
    assert sum(pixels(p, FUND) for p in after[1:]) >= 0.9 * before > 1000


def test_word_charts_headings_and_table_style_take_the_themes_colours(fund):
    d = Document(str(fund / "out" / "fund.en.docx"))
    charts = [s for s in d.inline_shapes if s._inline.docPr.get("descr") != "Logo"]
    assert len(charts) >= 4
    for shape in charts:
        png = d.part.related_parts[shape._inline.find(".//" + qn("a:blip")).get(qn("r:embed"))].blob
        chart = Image.open(io.BytesIO(png))
        assert pixels(chart, FUND) > 500 and pixels(chart, OLD) == 0
    for name in ("Title", "Heading 1", "Heading 2"):
        assert str(d.styles[name].font.color.rgb) == FUND[1:]
    table = d.styles["Light List Accent 1"].element.xml
    assert f'w:fill="{FUND[1:]}"' in table and "accent1" not in table     # the header row, as in the PDF


def test_a_changed_colour_draws_the_chart_again(tmp_path):
    from reportgen.compose.charts import ChartCache
    from reportgen.core.fonts import ensure_fonts
    request = {"kind": "bar", "lang": "en", "rows": ["A", "B"], "columns": ["x"], "values": [[1.0], [2.0]],
               "qualifiers": [["exact"], ["exact"]], "axis": "units", "palette": [OLD]}
    cache = ChartCache(tmp_path, ensure_fonts())
    first = cache(request)[0]
    second = cache({**request, "palette": [FUND]})[0]
    assert first != second and cache.misses == 2
    assert OLD.lower() in first.read_text() and FUND.lower() in second.read_text().lower()


@pytest.mark.parametrize("pdf", ["out/fund.en.pdf", "reportlab/fund.en.pdf"])
def test_a_png_logo_alone_is_on_the_pdf_cover(fund, pdf):
    listing = subprocess.run([need("pdfimages"), "-f", "1", "-l", "1", "-list", str(fund / pdf)],
                             capture_output=True, text=True, check=True).stdout
    assert re.search(r"^\s+1\s+\d+\s+image\s+300\s+100\s", listing, re.M), listing
    assert pixels(pages(fund / pdf, last=1)[0], GREEN, tolerance=12) > 500


def test_a_png_logo_alone_is_on_the_word_cover(fund):
    d = Document(str(fund / "out" / "fund.en.docx"))
    logo = next(s for s in d.inline_shapes if s._inline.docPr.get("descr") == "Logo")
    blip = logo._inline.find(".//" + qn("a:blip"))
    assert d.part.related_parts[blip.get(qn("r:embed"))].blob == (fund / "assets" / "fund.png").read_bytes()


def test_an_svg_logo_alone_is_drawn_in_all_three_writers(tmp_path):
    """Word needs a PNG beside an SVG (and LibreOffice shows only the PNG): one is drawn from the SVG."""
    for sub in ("themes", "briefs", "assets"):
        (tmp_path / sub).mkdir()
    (tmp_path / "assets" / "mark.svg").write_text(
        f'<svg xmlns="http://www.w3.org/2000/svg" width="300" height="100" viewBox="0 0 300 100">'
        f'<rect x="10" y="10" width="280" height="80" fill="{GREEN}"/></svg>')
    (tmp_path / "themes" / "mark.yaml").write_text("extends: investor\nlogo: mark.svg\n")
    (tmp_path / "briefs" / "mark.yaml").write_text("extends: factsheet\nlayout: report\ntheme: mark\n")
    for args in (("--out", "out"), ("--format", "pdf", "--pdf-engine", "reportlab", "--out", "reportlab")):
        assert run("build", "mark", "--lang", "en", *args, cwd=tmp_path).exit_code == 0
    for pdf in ("out/mark.en.pdf", "reportlab/mark.en.pdf"):
        assert pixels(pages(tmp_path / pdf, last=1)[0], GREEN, tolerance=12) > 500, pdf
    d = Document(str(tmp_path / "out" / "mark.en.docx"))
    logo = next(s for s in d.inline_shapes if s._inline.docPr.get("descr") == "Logo")
    blip = logo._inline.find(".//" + qn("a:blip"))
    png = Image.open(io.BytesIO(d.part.related_parts[blip.get(qn("r:embed"))].blob))
    assert png.format == "PNG" and png.width >= 400 and pixels(png, GREEN) > 0.5 * png.width * png.height
    svg = blip.find(".//{http://schemas.microsoft.com/office/drawing/2016/SVG/main}svgBlip")
    assert GREEN.encode() in d.part.related_parts[svg.get(qn("r:embed"))].blob


def test_a_logo_that_is_not_an_image_is_located(tmp_path):
    (tmp_path / "themes").mkdir()
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "fund.png").write_text("not a picture")
    (tmp_path / "themes" / "investor.yaml").write_text('primary: "#7A1F5C"\nlogo: fund.png\n')
    result = run("build", "investor", "--lang", "en", "--out", "out", cwd=tmp_path)
    assert result.exit_code == 3 and "investor.yaml:2:1: error bad-logo" in result.stderr
    for svg, says in (('<svg xmlns="http://www.w3.org/2000/svg"><rect', "is not an SVG image"),
                      ("<html><body/></html>", "it is a <html> document"),
                      ('<svg xmlns="http://www.w3.org/2000/svg"><rect width="9" height="9"/></svg>', "has no size")):
        (tmp_path / "assets" / "mark.svg").write_text(svg)
        (tmp_path / "themes" / "investor.yaml").write_text("logo: mark.svg\n")
        for fmt in ("pdf", "docx"):       # told at the theme's line, whichever writer would have met it first
            result = run("build", "investor", "--lang", "en", "--format", fmt, "--out", "out", cwd=tmp_path)
            assert result.exit_code == 3 and "investor.yaml:1:1: error bad-logo" in result.stderr and says in result.stderr
    (tmp_path / "themes" / "investor.yaml").write_text("logo: fund.gif\n")
    result = run("build", "investor", "--lang", "en", "--out", "out", cwd=tmp_path)
    assert result.exit_code == 3 and re.search(r"investor\.yaml:1(:\d+)?: error bad-value", result.stderr)
    assert "an .svg or a .png" in result.stderr


def test_a_theme_inherits_what_it_does_not_change(tmp_path):
    from reportgen.core.project import Project
    from reportgen.writers import theme_file
    (tmp_path / "themes").mkdir()
    (tmp_path / "themes" / "wide.yaml").write_text("extends: sdg\nmargins_cm: {left: 3.0}\n")
    (tmp_path / "themes" / "wider.yaml").write_text('extends: wide\naccent: "#C9A227"\n')
    project = Project.discover(tmp_path)
    sdg = theme_file.load(theme_file.find("sdg", project.theme_dirs), project.asset_dirs, project.theme_dirs)
    wider = theme_file.load(tmp_path / "themes" / "wider.yaml", project.asset_dirs, project.theme_dirs)
    assert (wider.accent, wider.margin_left_cm) == ("#C9A227", 3.0)
    assert (wider.primary, wider.margin_right_cm, wider.logo_svg) == (sdg.primary, sdg.margin_right_cm, sdg.logo_svg)
    assert wider.chart_palette[:2] == [sdg.primary, "#C9A227"]


def test_theme_extends_errors_name_the_place_and_the_closest_theme(tmp_path):
    (tmp_path / "themes").mkdir()
    (tmp_path / "briefs").mkdir()
    (tmp_path / "themes" / "a.yaml").write_text('primary: "#7A1F5C"\nextends: b\n')
    (tmp_path / "themes" / "b.yaml").write_text("extends: a\n")
    (tmp_path / "themes" / "typo.yaml").write_text("extends: investr\n")
    (tmp_path / "themes" / "own.yaml").write_text("extends: own\n")     # no other theme named 'own' follows
    for theme, place, code, says in (("a", "b.yaml:1:1", "extends-cycle", "a → b → a"),
                                     ("typo", "typo.yaml:1:1", "unknown-theme", "did you mean 'investor'?"),
                                     ("own", "own.yaml:1:1", "extends-cycle", "no other theme named 'own' follows")):
        (tmp_path / "briefs" / "x.yaml").write_text(f"extends: factsheet\ntheme: {theme}\n")
        result = run("build", "x", "--lang", "en", "--out", "out", cwd=tmp_path)
        assert result.exit_code == 3 and f"{place}: error {code}" in result.stderr and says in result.stderr
        assert "Traceback" not in result.output and not (tmp_path / "out").exists()
    (tmp_path / "briefs" / "x.yaml").unlink()
    result = run("check", cwd=tmp_path)             # every theme is read, whether a brief names it or not
    assert result.exit_code != 0
    for place, code in (("b.yaml:1:1", "extends-cycle"), ("typo.yaml:1:1", "unknown-theme"),
                        ("own.yaml:1:1", "extends-cycle")):
        assert f"{place}: error {code}" in result.stderr


def test_a_project_theme_that_extends_its_own_name_changes_the_built_in_one(tmp_path):
    """themes/investor.yaml saying `extends: investor` starts from the built-in investor theme (the next one of
    that name on the search path), so one colour changes for every investor brief of the project."""
    (tmp_path / "themes").mkdir()
    (tmp_path / "themes" / "investor.yaml").write_text('extends: investor\nprimary: "#7A1F5C"\n')
    from reportgen.core.project import Project
    from reportgen.core.resources import builtin
    from reportgen.writers import theme_file
    project = Project.discover(tmp_path)
    built_in = theme_file.load(builtin("assets", "themes", "investor.yaml"), project.asset_dirs)
    own = theme_file.load(theme_file.find("investor", project.theme_dirs), project.asset_dirs, project.theme_dirs)
    assert own.primary == "#7A1F5C" and own.primary != built_in.primary
    assert (own.accent, own.logo_svg, own.reference_docx) == (built_in.accent, built_in.logo_svg,
                                                               built_in.reference_docx)


def test_the_reference_documents_fonts_and_colours_win_and_chinese_stays_embedded(tmp_path):
    """The issue's round trip: write the starter, change Heading 1's font (and Heading 2's colour) as Word would
    store them, build with it; the DOCX's styles carry them, the rest keep the theme's, the CJK face stays."""
    from test_docx_readers import embedded, family
    ref = tmp_path / "house.docx"
    assert run("reference-doc", ref).exit_code == 0
    d = Document(str(ref))
    d.styles["Heading 1"].font.name = "Georgia"
    d.styles["Heading 1"].font.size = Pt(18)
    d.styles["Heading 2"].font.color.rgb = RGBColor(0x00, 0x80, 0x00)
    d.save(str(ref))
    assert run("build", "investor", "--lang", "zh", "--format", "docx", "--reference-doc", ref, "--out", tmp_path
               ).exit_code == 0
    out = tmp_path / "investor.zh.docx"
    styles = Document(str(out)).styles
    face = family(out)
    fonts = styles["Heading 1"].element.rPr.find(qn("w:rFonts"))
    assert (fonts.get(qn("w:ascii")), fonts.get(qn("w:hAnsi")), fonts.get(qn("w:eastAsia"))) == ("Georgia", "Georgia", face)
    assert not [a for a in fonts.attrib if a.lower().endswith("theme")]      # Word would draw its theme font
    assert styles["Heading 1"].font.size == Pt(18)
    assert str(styles["Heading 2"].font.color.rgb) == "008000"
    assert str(styles["Heading 3"].font.color.rgb) == OLD[1:]               # the theme's, where the reference has none
    assert styles["Heading 3"].element.rPr.find(qn("w:rFonts")) is None        # no face of its own: the default's
    defaults = styles.element.find(qn("w:docDefaults") + "/" + qn("w:rPrDefault") + "/" + qn("w:rPr") + "/" + qn("w:rFonts"))
    assert {defaults.get(qn(f"w:{s}")) for s in ("ascii", "hAnsi", "eastAsia", "cs")} == {face}
    assert {name: set(faces) for name, faces in embedded(out).items()} == {face: {"Regular", "Bold"}}
    with zipfile.ZipFile(out) as z:
        assert "Georgia" in z.read("word/styles.xml").decode()
    # the same reference named by a theme
    for sub in ("themes", "briefs", "assets"):
        (tmp_path / sub).mkdir()
    ref.rename(tmp_path / "assets" / "house.docx")
    (tmp_path / "themes" / "house.yaml").write_text(f'extends: investor\nprimary: "{FUND}"\nreference_docx: house.docx\n')
    (tmp_path / "briefs" / "house.yaml").write_text("extends: factsheet\ntheme: house\n")
    assert run("build", "house", "--lang", "en", "--format", "docx", "--out", "out", cwd=tmp_path).exit_code == 0
    styles = Document(str(tmp_path / "out" / "house.en.docx")).styles
    assert styles["Heading 1"].font.name == "Georgia" and str(styles["Heading 2"].font.color.rgb) == "008000"
    assert str(styles["Heading 3"].font.color.rgb) == FUND[1:]


@pytest.mark.slow
def test_a_reference_saved_by_libreoffice_keeps_the_embedded_face(tmp_path):
    """LibreOffice writes Word's theme fonts out by name beside the theme attribute (Normal gets w:ascii="Cambria"
    with w:asciiTheme="minorHAnsi"): that face is the theme's, not one the user chose, so the embedded face stays;
    LibreOffice's automatic colour likewise leaves the colour to the theme."""
    from test_docx_readers import LATIN_FAMILY, family
    assert run("reference-doc", tmp_path / "starter.docx").exit_code == 0
    subprocess.run([need("soffice"), "--headless", "--convert-to", "docx:MS Word 2007 XML", "--outdir",
                    str(tmp_path / "lo"), str(tmp_path / "starter.docx")], check=True, capture_output=True, timeout=120)
    saved = tmp_path / "lo" / "starter.docx"
    assert re.search(r'<w:style [^>]*w:styleId="Normal".*?w:ascii="\w+"[^>]*w:asciiTheme=', zipfile.ZipFile(saved)
                     .read("word/styles.xml").decode(), re.S)
    assert run("build", "factsheet", "--lang", "en", "--format", "docx", "--reference-doc", saved, "--out", tmp_path
               ).exit_code == 0
    out = tmp_path / "factsheet.en.docx"
    normal = Document(str(out)).styles["Normal"]
    fonts = normal.element.rPr.find(qn("w:rFonts"))
    latin = family(out, LATIN_FAMILY)     # English: the Latin slots take the face's Latin copy
    assert [fonts.get(qn(f"w:{s}")) for s in ("ascii", "hAnsi", "eastAsia", "cs")] == [latin, latin, family(out), latin]
    assert str(normal.font.color.rgb) == "222222"
