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


@pytest.mark.parametrize("brief", BRIEFS)
@pytest.mark.parametrize("lang", LANGS)
def test_libreoffice_page_count_is_close_to_the_pdf(built, converted, brief, lang):
    ours = len(PdfReader(built / f"{brief}.{lang}.pdf").pages)
    theirs = len(PdfReader(converted / f"{brief}.{lang}.pdf").pages)
    # The Typst PDF sets a little tighter than Word's styles (9 pages against LibreOffice's 11 for the SDG
    # brief): a quarter of the pages apart at most, one page for short briefs.
    assert abs(ours - theirs) <= max(1, round(ours / 4)), (ours, theirs)


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


@pytest.mark.parametrize("lang", LANGS)
def test_investor_pdf_is_email_sized(built, lang):
    assert (built / f"investor.{lang}.pdf").stat().st_size <= 1.5 * 1024 * 1024


def test_pdf_metadata(built):
    meta = PdfReader(built / "investor.zh.pdf").metadata
    assert meta.title == "北京未来科学城" and meta.author and meta.subject
    assert "投资" in (meta.get("/Keywords") or "")
    root = PdfReader(built / "investor.zh.pdf").trailer["/Root"]
    assert root["/Lang"] == "zh-CN"


def test_short_docx_has_no_contents_and_its_fields_update_on_open(built):
    """A brief under ten pages has no contents list (Word's navigation pane does that job); its page fields
    still update when the file opens."""
    d = Document(str(built / "investor.en.docx"))
    instr = "".join(t.text for t in d.element.body.iter() if t.tag.endswith("}instrText"))
    assert "TOC" not in instr and "Contents" not in [p.text for p in d.paragraphs]
    assert d.settings.element.find(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}updateFields") is not None
    cp = d.core_properties
    assert cp.title == "Beijing Future Science City" and cp.language == "en-GB" and cp.created.year == 2026
