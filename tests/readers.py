"""Read outputs as a reader sees them: PDF text and fonts with pypdf, DOCX text, styles and parts with python-docx."""
from __future__ import annotations

import re
from pathlib import Path

from docx import Document
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


def docx_text(path: Path) -> str:
    """Paragraphs and table cells in document order."""
    parts = []
    for block in Document(str(path)).iter_inner_content():
        if hasattr(block, "rows"):
            parts += [cell.text for row in block.rows for cell in row.cells]
        else:
            parts.append(block.text)
    return "\n".join(parts)


def numbers(text: str) -> set[str]:
    """The figures in a text, normalised (thousands separators removed), for parity checks."""
    return {n.replace(",", "") for n in re.findall(r"\d[\d,]*(?:\.\d+)?", text)}
