"""The page design as a reader meets it, measured on the real outputs: a cover and a closing page that fill their
page, a measure a reader can follow, full-width Chinese punctuation, readable contrast and note marks, and a Word
file that opens without a prompt and shows its cover as its thumbnail."""
from __future__ import annotations

import io
import re
import statistics
import subprocess
import zipfile

import numpy as np
import pytest
from PIL import Image

from reportgen.writers import theme_file
from reportgen.core.resources import builtin
from test_publication import OUTPUTS, outs  # noqa: F401 -- outs: the built outputs, a fixture shared with it
from test_quality import need


def page_pictures(pdf, tmp_path, first: int, last: int) -> list[np.ndarray]:
    subprocess.run([need("pdftoppm"), "-png", "-r", "30", "-f", str(first), "-l", str(last), str(pdf),
                    str(tmp_path / "p")], check=True)
    files = sorted(tmp_path.glob("p-*.png"), key=lambda f: int(f.stem.split("-")[-1]))
    pictures = [np.asarray(Image.open(f).convert("L")) for f in files]
    for f in files:
        f.unlink()
    return pictures


def empty_share(page: np.ndarray) -> float:
    """The share of the page's rows of pixels that are blank paper from edge to edge."""
    return float((page >= 250).all(axis=1).mean())


def page_count(pdf) -> int:
    info = subprocess.run([need("pdfinfo"), str(pdf)], capture_output=True, text=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


@pytest.mark.parametrize("brief,lang", OUTPUTS)
def test_cover_and_closing_page_fill_their_page(outs, brief, lang, tmp_path):
    """The cover (colour field, figure tiles, sections, publisher's strip) and the last page (the closing panel
    under the notes, or a page of its own) leave at most a quarter of the page blank."""
    pdf = outs / f"{brief}.{lang}.pdf"
    n = page_count(pdf)
    cover, last = page_pictures(pdf, tmp_path, 1, 1)[0], page_pictures(pdf, tmp_path, n, n)[0]
    assert empty_share(cover) <= 0.25, empty_share(cover)
    assert empty_share(last) <= 0.25, empty_share(last)


def raw_pages(pdf) -> list[str]:
    """Each page's lines as they are drawn: a column's lines one by one."""
    return subprocess.run([need("pdftotext"), "-raw", str(pdf), "-"], capture_output=True,
                          text=True).stdout.split("\f")[:-1]


@pytest.mark.parametrize("brief", ["investor", "sdg", "investor-energy"])
def test_english_body_lines_are_a_comfortable_measure(outs, brief):
    """The median line of running text (pages between the cover and the last; notes left out) is 45–75
    characters long: two columns, not one line across the page (it was 90 in one column)."""
    lines = [line for page in raw_pages(outs / f"{brief}.en.pdf")[1:-1] for line in page.splitlines()
             if len(line.split()) >= 4 and not line.lstrip().startswith("[")]
    assert 45 <= statistics.median(map(len, lines)) <= 75


def words(pdf) -> list[tuple[float, float, float, float, str]]:
    """Every word pdftotext finds, with its box (xMin, yMin, xMax, yMax)."""
    xml = subprocess.run([need("pdftotext"), "-bbox", str(pdf), "-"], capture_output=True, text=True).stdout
    return [(float(a), float(b), float(c), float(d), w) for a, b, c, d, w in re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', xml)]


@pytest.mark.parametrize("brief", ["investor", "sdg"])
def test_chinese_punctuation_keeps_its_full_width(outs, brief):
    """No full-width mark is narrowed (Typst, left to itself, narrowed 43 marks of the investor brief, so that
    half- and full-width marks sat side by side). Where text follows a mark in the same word, the word of Chinese
    characters and marks is as wide as its characters' ems (a narrowed mark makes it shorter); where it follows as
    another word, that word never starts inside the mark's em."""
    found = words(outs / f"{brief}.zh.pdf")
    inside = [w for w in found if re.fullmatch(r"[\u3000-\u303f\u4e00-\u9fff\uff01-\uff5e]+", w[4])
              and re.search("[，。；：、]", w[4][:-1])]
    between = [(a, b) for a, b in zip(found, found[1:]) if a[1] == b[1] and a[4][-1:] in "，。；：、"]
    assert len(inside) + len(between) > 20
    assert not [w[4] for w in inside if w[2] - w[0] < len(w[4]) * (w[3] - w[1]) - 0.5]   # the box is an em high
    assert not [(a[4], b[4]) for a, b in between if b[0] < a[2] - 0.5]


@pytest.mark.parametrize("brief,lang", [("investor", "en"), ("sdg", "zh")])
def test_note_marks_are_at_least_six_points(outs, brief, lang):
    heights = [d - b for a, b, c, d, w in words(outs / f"{brief}.{lang}.pdf") if re.fullmatch(r"\[\d+\]", w)]
    assert len(heights) > 10 and min(heights) >= 5.9, min(heights)


def contrast(a: str, b: str) -> float:
    """The WCAG 2 contrast ratio of two colours."""
    def luminance(colour):
        c = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        c = [x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4 for x in c]
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.mark.parametrize("name", ["investor", "sdg"])
def test_every_text_colour_reads_at_four_and_a_half_to_one(name):
    """Text is set in the primary (headings), accent (tagline, note marks), text and muted colours, on white and on
    the tile colour; white is set on the primary (cover, closing page): all at least 4.5:1 (WCAG AA)."""
    theme = theme_file.load(builtin("assets", "themes", f"{name}.yaml"), [builtin("assets")])
    for ink in (theme.primary, theme.accent, theme.text, theme.muted):
        for paper in ("#FFFFFF", theme.tile):
            assert contrast(ink, paper) >= 4.5, (ink, paper)
    assert contrast("#FFFFFF", theme.primary) >= 4.5


def test_one_type_scale_for_every_writer():
    """The sizes come from the theme's body size and ratio: notes 7.5, captions 8.5, headings 10.5 / 13.5 /
    16.5 at 9.5 pt and 1.25, and a theme that sets 10 pt moves them all."""
    from reportgen.writers.theme import Theme
    sizes = Theme().sizes
    assert (sizes["note"], sizes["caption"], sizes["body"], sizes["h3"], sizes["h2"], sizes["h1"]) == \
        (7.5, 8.5, 9.5, 10.5, 13.5, 16.5)
    assert all(Theme(body_pt=10).sizes[role] >= size for role, size in sizes.items())
    assert Theme(body_pt=10).sizes["h1"] > sizes["h1"]


@pytest.mark.parametrize("brief,lang", [("investor", "en"), ("sdg", "zh")])
def test_word_opens_without_a_prompt_and_shows_its_cover_as_thumbnail(outs, brief, lang):
    with zipfile.ZipFile(outs / f"{brief}.{lang}.docx") as z:
        settings = z.read("word/settings.xml").decode()
        thumbnail = Image.open(io.BytesIO(z.read("docProps/thumbnail.jpeg"))).convert("L")
        rels = z.read("_rels/.rels").decode()
    assert "updateFields" not in settings          # Word would ask to update the fields on every opening
    assert "metadata/thumbnail" in rels and thumbnail.width > 100
    top = np.asarray(thumbnail)[: thumbnail.height // 3]
    assert top.mean() < 120, "the thumbnail shows the cover's colour field"


def test_word_cover_and_closing_page_in_libreoffice(outs, tmp_path):
    """LibreOffice draws the Word cover's colour field and tiles on the first page and the closing page (next
    step, colophon) filling its page. (Converts with LibreOffice: a few seconds.)"""
    soffice = need("soffice")
    subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
                    str(outs / "investor.en.docx")], check=True, capture_output=True, timeout=180)
    pdf = tmp_path / "investor.en.pdf"
    cover = page_pictures(pdf, tmp_path, 1, 1)[0]
    assert empty_share(cover) <= 0.25 and cover[: cover.shape[0] // 2].mean() < 170
    text = subprocess.run([need("pdftotext"), str(pdf), "-"], capture_output=True, text=True).stdout.split("\f")
    closing = next(i for i, page in enumerate(text) if "Next steps" in page)
    assert "About this brief" in text[closing] and "Suggested citation" in text[closing]
    page = page_pictures(pdf, tmp_path, closing + 1, closing + 1)[0]
    drawn = np.where((page < 250).any(axis=1))[0]
    assert drawn.max() > 0.85 * page.shape[0], "the publisher's strip comes to the foot of the page"
    assert drawn.min() < 0.1 * page.shape[0] and empty_share(page) <= 0.4     # from the top (text has gaps)
