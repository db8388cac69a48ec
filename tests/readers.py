"""Read outputs as a reader sees them: PDF text and fonts with pypdf, DOCX text, styles and parts with python-docx."""
from __future__ import annotations

import re
from pathlib import Path

from docx import Document
from docx.oxml.ns import qn
from pypdf import PdfReader


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def pdf_fonts(path: Path) -> dict[str, bool]:
    """Every font any page uses → whether its program is embedded."""
    fonts = {}
    for page in PdfReader(path).pages:
        resources = page.get("/Resources") or {}
        for ref in (resources.get("/Font") or {}).values():
            font = ref.get_object()
            desc = font.get("/FontDescriptor")
            if desc is None and "/DescendantFonts" in font:
                desc = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            desc = desc.get_object() if desc is not None else {}
            fonts[str(font["/BaseFont"])] = any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    return fonts


def _para_text(p) -> str:
    """A paragraph's visible text without note marks (superscript EndnoteReference runs)."""
    out = []
    for run in p._p.iter(qn("w:r")):
        style = run.find(f"{qn('w:rPr')}/{qn('w:rStyle')}")
        if style is not None and style.get(qn("w:val")) == "EndnoteReference":
            continue
        out += [t.text or "" for t in run.iter(qn("w:t"))]
    return "".join(out)


def docx_text(path: Path) -> str:
    """Paragraphs and table cells in document order, as a reader sees them (note marks left out)."""
    parts = []
    for block in Document(str(path)).iter_inner_content():
        if hasattr(block, "rows"):
            parts += [_para_text(p) for row in block.rows for cell in row.cells for p in cell.paragraphs]
        else:
            parts.append(_para_text(block))
    return "\n".join(parts)


def docx_paragraphs(document) -> list:
    """Every paragraph of a Word document's body, those in table cells too (the cover and closing page are
    tables), in order."""
    from docx.text.paragraph import Paragraph
    return [Paragraph(p, document._body) for p in document.element.body.iter(qn("w:p"))]


def numbers(text: str) -> set[str]:
    """The figures in a text, normalised (thousands separators removed), for parity checks."""
    return {n.replace(",", "") for n in re.findall(r"\d[\d,]*(?:\.\d+)?", text)}
