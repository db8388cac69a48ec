"""One picture of every page of a PDF, four pages to a row, for the README's "every page" view.

Usage: python scripts/contact_sheet.py BRIEF.pdf OUT.png. Pages are rendered by poppler's pdftoppm (as a reader's
viewer would draw them) and laid side by side with Pillow; the picture is the same for the same PDF.
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image

COLUMNS, GAP, DPI = 4, 8, 40


def sheet(pdf: Path, out: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-png", "-r", str(DPI), str(pdf), f"{tmp}/p"], check=True)
        pages = [Image.open(p).convert("RGB") for p in sorted(Path(tmp).glob("p-*.png"),
                                                              key=lambda p: int(p.stem.split("-")[-1]))]
        width, height = pages[0].size
        rows = -(-len(pages) // COLUMNS)
        canvas = Image.new("RGB", (COLUMNS * width + (COLUMNS - 1) * GAP, rows * height + (rows - 1) * GAP),
                           "#9AA4AD")
        for i, page in enumerate(pages):
            canvas.paste(page, ((i % COLUMNS) * (width + GAP), (i // COLUMNS) * (height + GAP)))
        canvas.quantize(colors=128).save(out, optimize=True)     # a palette keeps the picture small


if __name__ == "__main__":
    sheet(Path(sys.argv[1]), Path(sys.argv[2]))
