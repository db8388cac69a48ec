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
    """Our Word styles (python-docx's template with the PDF's sizes and spacing), page size and margins: users
    pass their own with --reference-doc to restyle every DOCX (like pandoc). It names no colours and no fonts:
    the DOCX writer gives each style its theme's colour and the embedded face where the reference names none."""
    from docx import Document
    from docx.enum.text import WD_LINE_SPACING
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt
    from reportgen.writers.docx_styles import ROLES, ensure_endnote_styles, ensure_toc_styles
    from reportgen.writers.theme import Theme

    def spacing(style, size, leading, before, after):
        """Sizes and spacing as the PDF's styles have them; "at least" the PDF's leading, because the embedded
        face's own line height (1.45 em) times Word's usual multiples sets lines a fifth further apart."""
        style.font.size = Pt(size)
        pf = style.paragraph_format
        pf.line_spacing, pf.line_spacing_rule = Pt(leading), WD_LINE_SPACING.AT_LEAST
        pf.space_before, pf.space_after = Pt(before), Pt(after)

    d = Document()
    spacing(d.styles["Normal"], 9.5, 14.5, 0, 6)
    for name, size, leading, before, after in (("Title", 26, 34, 0, 10), ("Subtitle", 13, 19, 0, 24),
                                               ("Heading 1", 15, 19.5, 12, 5), ("Heading 2", 12, 15.6, 9, 5),
                                               ("Heading 3", 10.5, 13.7, 7, 5)):
        s = d.styles[name]
        spacing(s, size, leading, before, after)
        s.font.bold, s.font.italic = name != "Subtitle", False
        s.paragraph_format.keep_with_next = True
    cap = d.styles["Caption"]
    spacing(cap, 8.5, 12, 4, 1)
    cap.font.italic, cap.font.bold = False, True
    ensure_endnote_styles(d, Theme())
    ensure_toc_styles(d)
    for style in d.styles:       # each brief's theme gives these their colours (docx_styles.ROLES)
        if style.name.lower() in ROLES:
            style.font.color.rgb = None
        fonts = style.element.find(qn("w:rPr") + "/" + qn("w:rFonts"))
        if fonts is not None and not {qn("w:ascii"), qn("w:eastAsia")} & set(fonts.attrib):
            fonts.getparent().remove(fonts)   # Word's theme fonts: a face set here (font.name) then wins
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
