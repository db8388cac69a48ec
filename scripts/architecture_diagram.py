"""Draw docs/architecture.png: the stages of a build and the subpackage each lives in (run after moving code)."""
from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch  # noqa: E402

STAGES = [   # (package, what it does, inputs from a project folder)
    ("data/", "load and validate\nthe dataset; derive\nfigures; check sources", "assets/data/"),
    ("brief/", "brief definitions:\nsections, charts,\nparameters", "briefs/"),
    ("compose/", "sandboxed templates,\nMarkdown → blocks,\nnotes, claims, charts", "templates/"),
    ("document.py", "the format-neutral\nmodel: headings, text,\ntiles, figures, tables", ""),
    ("writers/", "a registry by name;\nPDF and DOCX writers\nread only the model", "themes/,\nreference.docx"),
    ("run/", "builder, batches,\nrecipients, mail", "recipients.csv,\nmail.yaml"),
]


def main() -> None:
    fig, ax = plt.subplots(figsize=(12.4, 3.8), dpi=110)
    ax.set_xlim(0, 12.4)
    ax.set_ylim(0, 3.6)
    ax.axis("off")
    width, gap = 1.75, 0.3
    for i, (pkg, what, inputs) in enumerate(STAGES):
        x = 0.15 + i * (width + gap)
        ax.add_patch(FancyBboxPatch((x, 1.2), width, 1.5, boxstyle="round,pad=0.02,rounding_size=0.08",
                                    facecolor="#EEF3F8", edgecolor="#1F4E79", linewidth=1.2))
        ax.text(x + width / 2, 2.45, pkg, ha="center", va="center", fontsize=11, weight="bold", color="#1F4E79")
        ax.text(x + width / 2, 1.75, what, ha="center", va="center", fontsize=8.2, color="#222222", linespacing=1.4)
        if inputs:
            ax.text(x + width / 2, 3.25, inputs, ha="center", va="center", fontsize=7.6, color="#5F6B76",
                    style="italic")
            ax.add_patch(FancyArrowPatch((x + width / 2, 3.1), (x + width / 2, 2.75), arrowstyle="-|>",
                                         mutation_scale=9, color="#5F6B76", linewidth=0.8))
        if i:
            ax.add_patch(FancyArrowPatch((x - gap, 1.95), (x, 1.95), arrowstyle="-|>", mutation_scale=11,
                                         color="#2A9D8F", linewidth=1.4))
    ax.text(6.2, 0.75, "core/: errors (one type per kind, with its exit code) · files (YAML with line numbers) · "
            "fonts · languages · resources (built-in search path)", ha="center", fontsize=8.4, color="#222222")
    ax.text(6.2, 0.35, "cli.py: thin commands that call run/ — data flows left to right only; no stage imports a "
            "later one (scripts/house_check.py checks it)", ha="center", fontsize=8.4, color="#5F6B76")
    out = Path(__file__).resolve().parent.parent / "docs" / "architecture.png"
    fig.savefig(out, bbox_inches="tight", metadata={"Software": None})
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
