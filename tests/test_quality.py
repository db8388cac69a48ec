"""Publication checks with the readers' own tools: qpdf, poppler (pdffonts), LibreOffice.

CI installs these tools (.ci/run); on a machine without them the tests are skipped, except under CI.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest
from docx import Document
from pypdf import PdfReader

BRIEFS = ("investor", "sdg")
LANGS = ("en", "zh")


def need(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"{tool} is required in CI")
        pytest.skip(f"{tool} not installed")
    return path


@pytest.fixture(scope="module")
def converted(built, tmp_path_factory):
    """Every DOCX converted to PDF by LibreOffice, as a reader without Word would open it."""
    soffice = need("soffice")
    out = tmp_path_factory.mktemp("lo")
    files = [str(built / f"{b}.{lang}.docx") for b in BRIEFS for lang in LANGS]
    proc = subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", str(out), *files],
                          capture_output=True, text=True, timeout=300,
                          env={**os.environ, "HOME": str(tmp_path_factory.mktemp("lohome"))})
    assert proc.returncode == 0, proc.stderr
    return out


@pytest.mark.parametrize("brief", BRIEFS)
@pytest.mark.parametrize("lang", LANGS)
def test_qpdf_check_passes(built, brief, lang):
    proc = subprocess.run([need("qpdf"), "--check", str(built / f"{brief}.{lang}.pdf")], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.parametrize("brief", BRIEFS)
@pytest.mark.parametrize("lang", LANGS)
def test_pdffonts_lists_only_embedded_fonts(built, brief, lang):
    proc = subprocess.run([need("pdffonts"), str(built / f"{brief}.{lang}.pdf")], capture_output=True, text=True)
    rows = proc.stdout.splitlines()[2:]
    assert rows
    for row in rows:
        emb = row.split()[-5]   # name type encoding emb sub uni object ID
        assert emb == "yes", row


@pytest.mark.slow
@pytest.mark.parametrize("brief", BRIEFS)
@pytest.mark.parametrize("lang", LANGS)
def test_libreoffice_page_count_is_close_to_the_pdf(built, converted, brief, lang):
    ours = len(PdfReader(built / f"{brief}.{lang}.pdf").pages)
    theirs = len(PdfReader(converted / f"{brief}.{lang}.pdf").pages)
    # Both set the body in two columns: Word runs to at most one page more.
    assert ours <= theirs <= ours + 1, (ours, theirs)


@pytest.mark.parametrize("brief", BRIEFS)
def test_word_body_lines_have_a_readable_measure(converted, brief):
    """English body text in the Word file, as LibreOffice sets it, runs in two columns of at most ~75 characters a
    line (one column ran to ~105): each stretch of text between wide gaps of a page's layout is one column's line."""
    import statistics
    text = subprocess.run([need("pdftotext"), "-layout", str(converted / f"{brief}.en.pdf"), "-"],
                          capture_output=True, text=True).stdout
    lines = [seg for ln in text.splitlines() for seg in re.split(r"\s{3,}", ln.strip()) if len(seg) > 30]
    assert len(lines) > 100 and statistics.median(map(len, lines)) <= 60, statistics.median(map(len, lines))


@pytest.mark.parametrize("brief", BRIEFS)
@pytest.mark.parametrize("lang", LANGS)
def test_no_heading_is_stranded_at_a_page_bottom(built, brief, lang):
    headings = {p.text.strip() for p in Document(str(built / f"{brief}.{lang}.docx")).paragraphs
                if p.style.name.startswith("Heading")}
    reader = PdfReader(built / f"{brief}.{lang}.pdf")
    footer = re.compile(r"^(Page \d+ of \d+|第 \d+ 页，共 \d+ 页)")
    for number, page in enumerate(reader.pages[1:], start=2):
        lines = [ln.strip() for ln in (page.extract_text() or "").splitlines() if ln.strip()]
        body = [ln for ln in lines if not footer.match(ln)]
        body = [ln for ln in body if ln != reader.metadata.title]   # the running header
        if body[0] in ("Contents", "目录"):                            # the table of contents lists headings
            continue
        assert body and body[-1] not in headings, (number, body[-1])


def page_emptiness(pdf, tmp_path) -> list[float]:
    """Each page's empty share of the text area, from the rendered page: blank rows of pixels between the last
    content and the footer."""
    import numpy as np
    from PIL import Image
    subprocess.run([need("pdftoppm"), "-png", "-r", "30", str(pdf), str(tmp_path / "p")], check=True)
    shares = []
    for f in sorted(tmp_path.glob("p-*.png"), key=lambda f: int(f.stem.split("-")[-1])):
        a = np.asarray(Image.open(f).convert("L"))
        top, bottom = int(a.shape[0] * 2.2 / 29.7), int(a.shape[0] * (1 - 2.0 / 29.7))
        rows = np.where((a[top:bottom] < 235).any(axis=1))[0]
        shares.append((bottom - top - (rows.max() if len(rows) else 0)) / (bottom - top))
        f.unlink()
    return shares


@pytest.mark.slow
@pytest.mark.parametrize("brief", BRIEFS)
@pytest.mark.parametrize("lang", LANGS)
def test_word_file_strands_no_heading_and_wastes_no_page(built, converted, brief, lang, tmp_path):
    """The DOCX as LibreOffice lays it out: no heading last on a page (keep with next), the notes under their
    heading before the closing page (not after it, as LibreOffice 7 sets Word endnotes), no page but the cover,
    the last before the closing page and the closing page more than about a fifth empty, the colophon kept whole."""
    pdf = converted / f"{brief}.{lang}.pdf"
    headings = [re.sub(r"\s+", "", p.text) for p in Document(str(built / f"{brief}.{lang}.docx")).paragraphs
                if p.style.name.startswith("Heading")]
    pages = [re.sub(r"\s+", "", page) for page in subprocess.run(
        [need("pdftotext"), "-layout", str(pdf), "-"], capture_output=True, text=True).stdout.split("\f")[:-1]]
    lines = subprocess.run([need("pdftotext"), "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
    lasts = [[re.sub(r"\s+", "", ln) for ln in page.splitlines() if ln.strip()][-2]      # above the footer
             for page in lines.split("\f")[:-1]]
    about, edition = {"en": ("Aboutthisbrief", "Edition:"), "zh": ("关于本简报", "版本信息：")}[lang]
    notes_heading = {"en": "Sourcesandnotes", "zh": "资料来源与注释"}[lang]
    closing = next(n for n, page in enumerate(pages) if about in page and edition in page)
    assert closing == len(pages) - 1                                  # the closing page comes last …
    assert any(notes_heading in page and "[1]" in page for page in pages[:closing])   # … after the notes
    for number, last in enumerate(lasts[1:closing], start=2):
        assert not any(last == h or (len(last) > 4 and h.endswith(last)) for h in headings), (number, last)
    shares = page_emptiness(pdf, tmp_path)
    assert all(share <= 0.22 for share in shares[1:closing - 1]), [round(s, 2) for s in shares]


@pytest.mark.parametrize("lang", LANGS)
def test_investor_pdf_is_email_sized(built, lang):
    assert (built / f"investor.{lang}.pdf").stat().st_size <= 1.5 * 1024 * 1024


def test_pdf_metadata(built):
    meta = PdfReader(built / "investor.zh.pdf").metadata
    assert meta.title == "北京未来科学城" and meta.author and meta.subject
    assert "投资" in (meta.get("/Keywords") or "")
    root = PdfReader(built / "investor.zh.pdf").trailer["/Root"]
    assert root["/Lang"] == "zh-CN"


def test_short_docx_has_no_contents_and_opens_without_a_prompt(built):
    """A brief under ten pages has no contents list (Word's navigation pane does that job; the cover lists its
    sections); nothing asks Word to update fields on opening (page numbers in the footer update by themselves)."""
    d = Document(str(built / "investor.en.docx"))
    instr = "".join(t.text for t in d.element.body.iter() if t.tag.endswith("}instrText"))
    assert " TOC " not in f" {instr} " and "PAGEREF" not in instr
    assert not [p for p in d.paragraphs if p.style.name == "TOC Heading"]
    assert d.settings.element.find(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}updateFields") is None
    cp = d.core_properties
    assert cp.title == "Beijing Future Science City" and cp.language == "en-GB" and cp.created.year == 2026


def test_word_file_describes_itself(built):
    """docProps/app.xml names this document and its publisher, not the reference document's "Microsoft
    Macintosh Word, 1 page"; the counts only Word's layout can know are left for Word to write."""
    import zipfile
    app = zipfile.ZipFile(built / "investor.zh.docx").read("docProps/app.xml").decode("utf-8")
    assert "<vt:lpstr>北京未来科学城</vt:lpstr>" in app and "<Company>北京未来科学城投资促进团队</Company>" in app
    assert "Macintosh" not in app and "<Pages>" not in app and "<Words>" not in app


@pytest.mark.parametrize("brief", BRIEFS)
@pytest.mark.parametrize("lang", LANGS)
def test_word_cover_has_no_running_footer(converted, brief, lang):
    """The Word cover, as LibreOffice draws it, carries no running footer (page number), nor header: its own empty
    first-page header and footer (an SDG cover opening with its goals' row showed the running ones)."""
    first = subprocess.run([need("pdftotext"), "-f", "1", "-l", "1", str(converted / f"{brief}.{lang}.pdf"), "-"],
                           capture_output=True, text=True).stdout
    assert not re.search(r"Page 1 of|第 ?1 ?页", first), first[-80:]
