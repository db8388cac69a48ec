"""Regenerate the shipped design assets: our logo (SVG + PNG) and the reference.docx Word styles come from.

Run once after changing the design: `python scripts/make_assets.py`. The outputs are committed in assets/.
"""
from __future__ import annotations

import io
from pathlib import Path

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.patches import Circle, Wedge

ASSETS = Path(__file__).resolve().parent.parent / "assets"
BLUE, TEAL, GOLD = "#1F4E79", "#2A9D8F", "#E9A23B"


def logo() -> None:
    """A mark of our own: a city disc, a rising arc (growth) and a small sun (energy), with the FSC letters."""
    plt.rcParams["svg.hashsalt"] = "reportgen-logo"
    fig = plt.figure(figsize=(3.2, 1.0))
    ax = fig.add_axes([0, 0, 1, 1])
    ax.set_xlim(0, 3.2); ax.set_ylim(0, 1); ax.set_aspect("equal"); ax.axis("off")
    ax.add_patch(Circle((0.5, 0.5), 0.44, color=BLUE))
    ax.add_patch(Wedge((0.5, 0.5), 0.34, 200, 340, width=0.07, color="white"))
    ax.add_patch(Wedge((0.5, 0.5), 0.22, 200, 340, width=0.06, color=TEAL))
    ax.add_patch(Circle((0.5, 0.62), 0.09, color=GOLD))
    ax.text(1.08, 0.5, "FSC", fontsize=30, fontweight="bold", color=BLUE, va="center", family="DejaVu Sans")
    ax.text(2.2, 0.5, "BRIEFS", fontsize=13, color=TEAL, va="center", family="DejaVu Sans")
    fig.savefig(ASSETS / "logo.svg", transparent=True, metadata={"Date": None})
    fig.savefig(ASSETS / "logo.png", dpi=300, transparent=True, metadata={"Software": None})
    plt.close(fig)


def reference_docx() -> None:
    """Our Word styles (python-docx's template restyled with the theme), page size and margins: users pass
    their own with --reference-doc to restyle every DOCX (like pandoc)."""
    from docx import Document
    from docx.shared import Cm, Pt, RGBColor
    from reportgen.writers.docx import ensure_endnote_styles
    from reportgen.writers.theme import Theme
    theme = Theme()
    rgb = lambda h: RGBColor.from_string(h.lstrip("#").upper())
    d = Document()
    normal = d.styles["Normal"]
    normal.font.size, normal.font.color.rgb = Pt(10), rgb(theme.text)
    normal.paragraph_format.space_after, normal.paragraph_format.line_spacing = Pt(6), 1.2
    for name, size in (("Title", 26), ("Heading 1", 15), ("Heading 2", 12), ("Heading 3", 10.5)):
        s = d.styles[name]
        s.font.size, s.font.color.rgb, s.font.bold = Pt(size), rgb(theme.primary), True
        s.paragraph_format.keep_with_next = True
    cap = d.styles["Caption"]
    cap.font.size, cap.font.italic, cap.font.bold, cap.font.color.rgb = Pt(8.5), False, True, rgb(theme.text)
    ensure_endnote_styles(d, theme)
    sec = d.sections[0]
    sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
    sec.left_margin = sec.right_margin = Cm(2)
    sec.top_margin, sec.bottom_margin = Cm(2.2), Cm(2)
    body = d.element.body
    for child in list(body):
        if not child.tag.endswith("sectPr"):
            body.remove(child)
    buf = io.BytesIO()
    d.save(buf)
    (ASSETS / "reference.docx").write_bytes(buf.getvalue())


if __name__ == "__main__":
    logo()
    reference_docx()
    print("wrote", ", ".join(p.name for p in sorted(ASSETS.glob("*.*"))))
