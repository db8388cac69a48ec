"""Follows the README's tutorial step by step: its files are written and its commands run as printed."""
from __future__ import annotations

import re
import shlex
from pathlib import Path

from docx import Document
from pypdf import PdfReader

from conftest import ROOT, run
from readers import pdf_text

BLOCK = re.compile(r"```(\w+)(?: file=(\S+))?\n(.*?)```", re.S)


def tutorial() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("## Tutorial")
    return readme[start:readme.index("\n## ", start + 5)]


def test_the_tutorial_works_as_written(tmp_path):
    cwd = tmp_path
    for lang, file, body in BLOCK.findall(tutorial()):
        if file:
            target = cwd / file
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(body, encoding="utf-8")
            continue
        assert lang == "sh"
        for line in body.strip().splitlines():
            for command in line.split("&&"):
                words = shlex.split(command)
                if words[:2] == ["mkdir", "-p"]:
                    (cwd / words[2]).mkdir(parents=True, exist_ok=True)
                elif words[0] == "cd":
                    cwd = cwd / words[1]
                else:
                    assert words[0] == "reportgen", command
                    result = run(*words[1:], cwd=cwd)
                    assert result.exit_code == 0, (command, result.output)
                    last = result.output
    pdf = cwd / "out" / "officials.en.pdf"
    text = pdf_text(pdf)
    assert "Services for residents" in text and "Talent and growth" in text
    assert "Three industry clusters" not in text                      # the sections the brief left out
    box = PdfReader(pdf).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)   # Letter, from the theme
    sec = Document(str(cwd / "out" / "officials.en.docx")).sections[0]
    assert round(sec.page_width.inches, 1) == 8.5 and round(sec.left_margin.cm, 1) == 2.5
    assert "* " + str(cwd / "templates" / "investor" / "en" / "location.md.j2") in last
