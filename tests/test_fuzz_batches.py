"""Fuzz: random recipients rows and parameters, not only text, through `build --recipients` and `mail --dry-run`.

Names and organisations are made of awkward pieces (Markdown and HTML syntax, template syntax, entities,
decomposed letters, invisible and control characters, blank lines); sectors, languages and parameter names may
be wrong. Every
run must end in success or a located usage error (never a traceback or an internal error), and on success each
recipient's name must be printed whole, as typed (normalised), in their PDF and named in their message.
"""
from __future__ import annotations

import csv
import email
import re
import unicodedata
from email import policy

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import run

pytestmark = pytest.mark.slow     # whole builds and mail runs per example
from readers import pdf_text

PIECES = ["Ann", "Lee", "李明", "示例资本", unicodedata.normalize("NFD", "José"), "O'Brien", "- ", "1. ", "+ ", "\n\n",
          "\n", "&amp;", "&lt;b&gt;", "<b>", "*", "_", "**", "[x](https://example.org)", "# ", "> ", "|", "\\", "`",
          "{{ 7 * 7 }}", "{% if 1 %}", "\u200b", "\ufeff", "\x07", "\x1b[31m", "  ", ",", '"', "%s", "{0}", "ü", "🙂"]
SECTORS = ["", "energy", "life-sciences", "manufacturing", "all", "mining"]
TEXT = st.lists(st.sampled_from(PIECES), min_size=1, max_size=5).map("".join)
ROW = st.fixed_dictionaries({"name": TEXT, "organisation": TEXT, "language": st.sampled_from(["en", "zh", ""]),
                             "sector": st.sampled_from(SECTORS)})
PARAMS = st.dictionaries(st.sampled_from(["recipient_org", "sector", "note", "x-y"]),
                         st.one_of(TEXT, st.sampled_from(SECTORS)), max_size=3)


def _printed(text: str) -> str:
    """What a reader must find: the text normalised, without invisible or control characters, on one line."""
    text = unicodedata.normalize("NFC", text)
    text = "".join(c for c in text if c not in "\u200b\ufeff\x07\x1b")
    return "".join(text.split())


def _write(path, rows) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, ["name", "organisation", "language", "sector", "email"])
        w.writeheader()
        w.writerows({**r, "email": f"person{i}@example.org"} for i, r in enumerate(rows))


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(ROW, min_size=1, max_size=2), params=PARAMS)
def test_random_rows_and_parameters_build_and_mail(tmp_path_factory, rows, params):
    work = tmp_path_factory.mktemp("fuzz")
    _write(work / "r.csv", rows)
    # Line breaks in a mail row are refused by the recipients check (the security work); here they are spaces.
    _write(work / "m.csv", [{k: v.replace("\n", " ") for k, v in r.items()} for r in rows])
    args = [a for k, v in params.items() for a in ("--param", f"{k}={v}")]
    # every value is checked where it is given: a --param the brief does not declare, and a sector not allowed,
    # on the command line or in a row (even one a row's sector would override), stop the run
    undeclared = [k for k in params if k not in ("recipient_org", "sector")]
    sectors = [params.get("sector", "all")] + [r["sector"] for r in rows if r["sector"]]
    drawable = not any("🙂" in r["name"] + r["organisation"] for r in rows)   # a row's name and organisation win
    env = {"REPORTGEN_SMTP_FROM": "briefs@example.org"}
    built = run("build", "investor", "--recipients", work / "r.csv", "--lang", "en", "--format", "pdf", "--jobs", "1",
                "--out", work / "out", *args, env=env)
    mailed = run("mail", "investor", "--recipients", work / "m.csv", "--dry-run", "--out", work / "mail", *args, env=env)
    for result in (built, mailed):
        assert "Traceback" not in result.output and "internal-error" not in result.output, result.output
        assert "\x1b" not in result.output and "\x07" not in result.output
        if undeclared or any(s not in SECTORS[1:5] for s in sectors):      # '' (--param sector=) is not a sector
            assert result.exit_code == 2 and re.search("error (unknown|bad)-param", result.stderr), result.output
        elif not drawable:
            assert result.exit_code == 6 and "missing-glyph" in result.stderr, result.output
        else:
            assert result.exit_code == 0, result.output
    if built.exit_code or mailed.exit_code:
        return
    pdfs = sorted((work / "out").glob("*.pdf"))
    assert len(pdfs) == len(rows)
    texts = ["".join(pdf_text(p).split()) for p in pdfs]
    emls = sorted((work / "mail" / "outbox").glob("*.eml"))
    assert len(emls) == len(rows)
    messages = [email.message_from_bytes(p.read_bytes(), policy=policy.default) for p in emls]
    for i, row in enumerate(rows):
        name = _printed(row["name"])
        if name:
            assert any(name in t for t in texts), (name, texts)
        message = next(m for m in messages if m["To"].addresses[0].addr_spec == f"person{i}@example.org")
        assert message.get_content_type() == "multipart/mixed"
        assert [p.get_content_type() for p in message.iter_attachments()] == ["application/pdf"]
