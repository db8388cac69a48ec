"""Any text survives every writer; interrupted or concurrent builds never leave broken files."""
from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reportgen import document as m
from reportgen.core.fonts import covered_codepoints, ensure_fonts
from reportgen.writers.docx import DocxWriter
from reportgen.writers.pdf import PdfWriter
from reportgen.writers.theme import Theme
from reportgen.writers.typst import TypstWriter
from readers import docx_text, pdf_text

_CONTROL = "".join(map(chr, range(0, 32)))


def _alphabet() -> str:
    """Characters the font draws (Latin, CJK, punctuation, markup characters) plus control characters."""
    cover = covered_codepoints()
    keep = [chr(c) for c in sorted(cover) if (0x21 <= c < 0x7F or 0xC0 <= c < 0x180 or 0x4E00 <= c < 0x4F00
                                               or 0x3001 <= c < 0x3020 or 0xFF01 <= c < 0xFF5F)]
    return "".join(keep) + " \n" + _CONTROL


ALPHABET = _alphabet()
TEXT = st.text(alphabet=ALPHABET, min_size=1, max_size=60)


def _same_glyph() -> dict[int, int]:
    """Characters the font draws with one glyph (〜 and ～): a PDF's text layer may give either back for both,
    so they are compared as one character."""
    from fontTools.ttLib import TTFont
    by_glyph: dict[str, list[int]] = {}
    for code, glyph in TTFont(ensure_fonts().regular)["cmap"].getBestCmap().items():
        by_glyph.setdefault(glyph, []).append(code)
    return {c: min(codes) for codes in by_glyph.values() if len(codes) > 1 for c in codes}


SAME_GLYPH = _same_glyph()


def _visible(text: str) -> str:
    """What a reader must find: control characters are dropped, white space is not compared, characters that
    share a glyph count as one, and the page furniture between ‹ and › (which a text broken over a page break has
    in its middle when read page by page) is left out."""
    text = re.sub("‹[^›]*›", "", text)
    return re.sub(r"\s+", "", re.sub(f"[{re.escape(_CONTROL)}]", "", text)).translate(SAME_GLYPH)


def _doc(texts: list[str], lang: str) -> m.Document:
    """Each text in a paragraph of its own and in a table cell of its own, between « and »."""
    meta = m.Meta("T", "", "", "", lang, "‹A›", [], "Notes", "Contents", "‹{page}/{pages}›", "‹H›")
    inlines = [[m.Text("«"), m.Text(text), m.Text("»")] for text in texts]
    return m.Document(meta, [m.Heading(1, "H1"), *(m.Paragraph(i) for i in inlines),
                             m.Table("T", ["A"], [[i] for i in inlines], "S")], [m.Note(1, "n")])


# Several texts share one document (about five on average), so the 100 examples of the "ci" profile
# (conftest.py) try about as many texts as 500 examples of one text did, in a fraction of the time: the writers'
# fixed cost per document dominates.
TEXTS = st.lists(st.tuples(TEXT, st.booleans()), min_size=1, max_size=8)

_WRITERS = {}


def _writers() -> dict:
    """One writer of each kind for every example (a writer holds no state between documents)."""
    if not _WRITERS:
        _WRITERS.update(pdf=PdfWriter(ensure_fonts(), Theme()), tagged=TypstWriter(ensure_fonts(), Theme()),
                        docx=DocxWriter(Theme(), ensure_fonts()))
    return _WRITERS


@pytest.mark.slow
@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=TEXTS, lang=st.sampled_from(["en", "zh"]))
def test_any_text_survives_both_writers(tmp_path, texts, lang):
    texts = [text.replace(" ", "") * 8 + "1234567890" * 6 if long_word else text    # very long words and numbers
             for text, long_word in texts]
    doc = _doc(texts, lang)
    writers = _writers()
    read = {"pdf": pdf_text, "tagged": pdf_text, "docx": docx_text}
    wants = Counter("«" + _visible(text) + "»" for text in texts)
    for name, writer in writers.items():
        path = tmp_path / f"t-{name}.{'docx' if name == 'docx' else 'pdf'}"
        path.write_bytes(writer.write(doc))
        got = _visible(read[name](path))
        for want, n in wants.items():       # paragraph and table cell: nothing dropped or doubled
            assert got.count(want) == 2 * n, (name, want, got)


def test_interrupted_build_leaves_previous_outputs_intact(tmp_path, monkeypatch):
    from reportgen.run import builder as pipeline
    out = tmp_path / "out"
    builder = pipeline.Builder(pipeline.Project(), log=lambda msg: None)
    builder.build("investor", "en", ["pdf", "docx"], out, {})
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    real_fdopen = pipeline.os.fdopen

    class Interrupting:
        def __init__(self, fh):
            self.fh = fh

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.fh.close()

        def write(self, data):
            self.fh.write(data[: len(data) // 2])
            raise KeyboardInterrupt     # Ctrl-C in the middle of writing

    monkeypatch.setattr(pipeline.os, "fdopen", lambda fd, mode: Interrupting(real_fdopen(fd, mode)))
    with pytest.raises(KeyboardInterrupt):
        builder.build("investor", "en", ["pdf", "docx"], out, {"unused": "changes nothing"})
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before     # no partial or temporary files


@pytest.mark.slow
def test_two_builds_into_one_folder_at_once(tmp_path):
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "reportgen.cli", "build", "investor", "--lang", "en", "--out", str(out)]
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path) for _ in range(2)]
    for p in procs:
        assert p.wait(timeout=300) == 0, p.stderr.read().decode()
    assert sorted(p.name for p in out.iterdir()) == ["investor.en.claims.csv", "investor.en.docx", "investor.en.pdf"]
    assert "Beijing Future Science City" in pdf_text(out / "investor.en.pdf")
    assert "At a glance" in docx_text(out / "investor.en.docx")


def test_unsupported_characters_fail_clearly(tmp_path):
    """Emoji or right-to-left script the embedded font cannot draw: a located error, exit 6, nothing written."""
    from conftest import run
    user = tmp_path / "mine" / "investor" / "en"
    user.mkdir(parents=True)
    (user / "policy.md.j2").write_text("# Policy\n\nשלום 🚀\n", encoding="utf-8")
    result = run("build", "investor", "--lang", "en", "--out", tmp_path / "out", "--templates", tmp_path / "mine")
    assert result.exit_code == 6 and "missing-glyph" in result.stderr and "U+1F680" in result.stderr
    assert "Traceback" not in result.output and not (tmp_path / "out").exists()
