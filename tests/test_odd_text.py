"""Text that is odd but valid is kept: decomposed letters, invisible characters, a BOM, Markdown or HTML syntax
in a name; control characters are removed with a warning and never reach the terminal raw."""
from __future__ import annotations

import csv
import unicodedata
from pathlib import Path

from conftest import run
from readers import docx_text, pdf_text


def _flat(text: str) -> str:
    return "".join(text.split())


def _build(tmp_path, *args, cwd=None):
    result = run("build", "investor", "--lang", "en", "--out", tmp_path / "out", *args, cwd=cwd)
    assert result.exit_code == 0, result.output
    written = [Path(p) for p in result.stdout.split()]          # named with the parameters' hash when any are given
    return result, *(next(p for p in written if p.suffix == suffix) for suffix in (".pdf", ".docx"))


def test_a_decomposed_name_is_normalised_and_printed(tmp_path):
    decomposed = unicodedata.normalize("NFD", "José Núñez")
    assert decomposed != "José Núñez"
    _, pdf, docx = _build(tmp_path, "--param", f"recipient_name={decomposed}")
    assert "Dear José Núñez," in pdf_text(pdf) and "Dear José Núñez," in docx_text(docx)


def test_invisible_characters_and_a_bom_are_dropped(tmp_path):
    mine = tmp_path / "mine" / "investor" / "en"
    mine.mkdir(parents=True)
    (mine / "policy.md.j2").write_bytes("\ufeff# Pol\u200bicy\n\nSup\u2060port for every\u00ad one.\n".encode())
    _, pdf, docx = _build(tmp_path, "--templates", tmp_path / "mine", "--param", "recipient_name=A\u200bnn")
    for text in (pdf_text(pdf), docx_text(docx)):
        assert "Support for every one." in text and "Dear Ann," in text and "Policy" in text
        assert not {"\u200b", "\ufeff", "\u2060"} & set(text)


def test_a_brief_file_with_a_bom_loads(tmp_path):
    (tmp_path / "briefs").mkdir()
    (tmp_path / "briefs" / "bom.yaml").write_bytes("\ufeffextends: investor\nlanguages: [en]\n".encode())
    result = run("build", "bom", "--out", "out", cwd=tmp_path)
    assert result.exit_code == 0, result.output


def test_control_characters_are_removed_with_a_warning_never_echoed_raw(tmp_path):
    result, pdf, _ = _build(tmp_path, "--param", "recipient_name=Ann\x1b[31m Lee\x07")
    assert "warning control-characters" in result.stderr and "parameter recipient_name" in result.stderr
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "Dear Ann[31m Lee," in pdf_text(pdf)


def test_a_control_character_in_an_error_is_shown_escaped(tmp_path):
    result = run("build", "invest\x1b[2Jor", "--out", tmp_path / "out")
    assert result.exit_code == 2 and "\x1b" not in result.output and "\\x1b[2J" in result.stderr


def test_a_name_with_blank_lines_and_list_syntax_prints_literally_and_whole(tmp_path):
    name = "Ann\n\n- Bob\n1. Cy + Dee"
    with open(tmp_path / "r.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["name", "organisation", "language"])
        w.writerow([name, "Lee &amp; Co <b>", "en"])
    result = run("build", "investor", "--recipients", tmp_path / "r.csv", "--out", tmp_path / "out", "--jobs", "1")
    assert result.exit_code == 0, result.output
    pdf, docx = sorted((tmp_path / "out").glob("*.pdf"))[0], sorted((tmp_path / "out").glob("*.docx"))[0]
    for text in (pdf_text(pdf), docx_text(docx)):
        assert "Dear Ann - Bob 1. Cy + Dee, this brief" in text.replace("\n", " ")
        assert _flat("to Lee &amp; Co <b>:") in _flat(text)


def test_a_missing_glyph_names_the_parameter_it_came_from(tmp_path):
    result = run("build", "investor", "--lang", "en", "--out", tmp_path / "out", "--param", "recipient_name=Ann 🚀")
    assert result.exit_code == 6
    assert "parameter recipient_name: error missing-glyph: the font has no glyph for: 🚀 (U+1F680)" in result.stderr
