"""Issue 15's acceptance case, as a new analyst would make it: in an ``init``ed project, a pension-fund brief of
three lines and the agency's colour in a theme of two, with a PNG logo dropped into ``assets/``. Checked on the
built PDF and Word files: the dropped section, the colour in the charts, the translated audience label, the logo."""
from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from PIL import Image

from conftest import ROOT, run
from test_brief_composition import cover_lines, outline
from test_quality import need
from test_tutorial import BLOCK
from test_themes import FUND, GREEN, OLD, logo_png, pages, pixels

def readme_files() -> dict[str, str]:
    """The two files as the README's "Your own project" prints them, so the README and this test cannot part."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("## Your own project")
    return {file: body for _, file, body in BLOCK.findall(readme[start:readme.index("\n## ", start + 5)]) if file}


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("pension")
    assert run("init", "fund", cwd=root).exit_code == 0
    project = root / "fund"
    files = readme_files()
    assert {name: len(body.splitlines()) for name, body in files.items()} == {
        "briefs/pension-fund.yaml": 3, "themes/investor.yaml": 2}
    for name, body in files.items():
        (project / name).write_text(body, encoding="utf-8")
    assert FUND in files["themes/investor.yaml"]
    logo_png(project / "assets" / "logo.png")          # a PNG alone replaces the built-in logo.svg
    result = run("build", "pension-fund", cwd=project)
    assert result.exit_code == 0, result.output
    return project


def test_the_dropped_section_is_gone_in_every_output(project):
    for lang, heading in (("en", "Talent and growth"), ("zh", "人才与增长")):
        headings = outline(project / "out" / f"pension-fund.{lang}.pdf")
        assert len(headings) > 5 and heading not in headings
        word = Document(str(project / "out" / f"pension-fund.{lang}.docx"))
        assert heading not in [p.text for p in word.paragraphs if p.style.name.startswith("Heading")]


def test_the_charts_take_the_agencys_colour(project):
    drawn = pages(project / "out" / "pension-fund.en.pdf")
    assert sum(pixels(page, FUND) for page in drawn) > 5000
    assert sum(pixels(page, OLD) for page in drawn) == 0        # no bar, tile or heading in the built-in blue
    word = Document(str(project / "out" / "pension-fund.en.docx"))
    charts = [s for s in word.inline_shapes if s._inline.docPr.get("descr") != "Logo"]
    assert len(charts) >= 3
    for shape in charts:                 # each chart's bars or lines, not only the headings around them
        png = word.part.related_parts[shape._inline.find(".//" + qn("a:blip")).get(qn("r:embed"))].blob
        chart = Image.open(io.BytesIO(png))
        assert pixels(chart, FUND) > 500 and pixels(chart, OLD) == 0


def test_the_audience_label_is_the_briefs_own_in_each_language(project):
    en, zh = cover_lines(project / "out" / "pension-fund.en.pdf"), cover_lines(project / "out" / "pension-fund.zh.pdf")
    assert "For pension funds" in en and "For investors" not in en
    assert "养老基金简报" in zh and "投资者简报" not in zh


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_png_logo_is_on_both_covers(project, lang):
    pdf = project / "out" / f"pension-fund.{lang}.pdf"
    listing = subprocess.run([need("pdfimages"), "-f", "1", "-l", "1", "-list", str(pdf)],
                             capture_output=True, text=True, check=True).stdout
    assert re.search(r"^\s+1\s+\d+\s+image\s+300\s+100\s", listing, re.M), listing
    assert pixels(pages(pdf, last=1)[0], GREEN, tolerance=12) > 500
    word = Document(str(project / "out" / f"pension-fund.{lang}.docx"))
    logo = next(s for s in word.inline_shapes if s._inline.docPr.get("descr") == "Logo")
    blip = logo._inline.find(".//" + qn("a:blip"))
    assert word.part.related_parts[blip.get(qn("r:embed"))].blob == (project / "assets" / "logo.png").read_bytes()
