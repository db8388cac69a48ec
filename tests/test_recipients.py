"""Recipients files: every row checked before anything is built or sent, every bad row listed as file:line:column."""
from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import ROOT, run
from mailserver import SENDER, Inbox
from readers import pdf_text

HEADER = ["email", "name", "organisation", "language", "sector"]
LONG = "北京未来科学城投资促进" * 6                     # 66 characters, 198 bytes in UTF-8: fine, but its
                                                        # file name must be cut to fit


def write_rows(path: Path, rows, header=HEADER) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)
    return path


BAD_ROWS = [
    ("not-an-address", "Ann Lee", "Org", "en", ""),                 # line 2: address
    ("b@example.org", "", "Org", "en", ""),                         # line 3: no name is fine (Hello, …)
    ("c@example.org", "Cy Ho", "Org", "fr", ""),                    # line 4: language
    ("d@example.org", "Di Wu", "Org", "en", "mining"),              # line 5: sector
    ("e@example.org", "Ed\r\nBcc: victim@example.org", "Org", "en", ""),   # lines 6-7: a line break
    ("f@example.org", "Fay\x07 Fox", "Org", "en", ""),              # line 8: a control character, removed
    ("g@example.org", "李" * 201, LONG, "zh", ""),                  # line 9: a name too long for a cover
    ("h@example.org", "Good Row", "Org", "en", "energy"),           # line 10: fine
]
EXPECTED = ["r.csv:4:4: error bad-language", "r.csv:5:5: error bad-param", "r.csv:9:2: error too-long"]


def test_mail_lists_every_bad_row_and_sends_nothing(smtp, tmp_path):
    inbox = Inbox()
    server = smtp(inbox)
    result = run("mail", "investor", "--recipients", write_rows(tmp_path / "r.csv", BAD_ROWS), "--smtp",
                 f"127.0.0.1:{server.port}", "--from", SENDER, "--out", tmp_path / "out", cwd=tmp_path)
    assert result.exit_code == 2
    for located in EXPECTED + ["r.csv:2:1: error bad-address", "r.csv:6:2: error line-break"]:
        assert located in result.stderr, located
    assert "Traceback" not in result.output and "\r" not in result.stderr and "\x07" not in result.stderr
    assert len([line for line in result.stderr.splitlines() if ": error " in line]) == 5
    assert inbox.messages == [] and not (tmp_path / "out").exists()


def test_build_lists_every_bad_row_and_builds_nothing(tmp_path):
    result = run("build", "investor", "--recipients", write_rows(tmp_path / "r.csv", BAD_ROWS), "--out",
                 tmp_path / "out", cwd=tmp_path)
    assert result.exit_code == 2
    for located in EXPECTED:
        assert located in result.stderr, located
    assert "bad-address" not in result.stderr and "line-break" not in result.stderr   # printed on one line
    assert len([line for line in result.stderr.splitlines() if ": error " in line]) == 3
    assert not (tmp_path / "out").exists()


def test_an_unknown_name_pattern_field_is_a_usage_error(tmp_path):
    rows = write_rows(tmp_path / "r.csv", [("a@example.org", "Ann Lee", "Org", "en", "")])
    result = run("build", "investor", "--recipients", rows, "--name-pattern", "{name.__class__}-{nom}",
                 "--out", tmp_path / "out")
    assert result.exit_code == 2 and "--name-pattern: error bad-name-pattern" in result.stderr
    assert "{nom}" in result.stderr and "Traceback" not in result.output


def test_a_long_name_gets_a_file_name_that_fits(tmp_path):
    rows = write_rows(tmp_path / "r.csv", [("a@example.org", LONG, LONG, "zh", ""), ("b@example.org", LONG, LONG, "zh", "")])
    result = run("build", "investor", "--recipients", rows, "--format", "pdf", "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert len(names) == 4 and all(len(n.encode()) <= 255 for n in names)


def test_file_names_stay_unique_per_language(tmp_path):
    rows = write_rows(tmp_path / "r.csv", [("a@example.org", "Ann Lee", "Org", "", ""),
                                           ("b@example.org", "Ann Lee", "Org", "", "energy")])
    result = run("build", "investor", "--recipients", rows, "--format", "pdf", "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").glob("*.pdf")) == [
        "investor-org-ann-lee-2.en.pdf", "investor-org-ann-lee-2.zh.pdf", "investor-org-ann-lee.en.pdf",
        "investor-org-ann-lee.zh.pdf"]


def test_an_unknown_column_is_located_with_a_did_you_mean_and_nothing_is_built_or_sent(smtp, tmp_path):
    inbox = Inbox()
    server = smtp(inbox)
    write_rows(tmp_path / "r.csv", [("a@example.org", "Ann Lee", "Alpha Fund", "en", "energy", "")],
               header=["Email", "name", "organization", "language", "sector", "recipient_name"])
    mailed = run("mail", "investor", "--recipients", "r.csv", "--smtp", f"127.0.0.1:{server.port}", "--from", SENDER,
                 "--out", tmp_path / "out", cwd=tmp_path)
    built = run("build", "investor", "--recipients", "r.csv", "--out", tmp_path / "out", cwd=tmp_path)
    unknown = ["r.csv:1:1: error unknown-column: unknown column 'Email'",
               "r.csv:1:3: error unknown-column: unknown column 'organization'",
               "r.csv:1:6: error unknown-column: unknown column 'recipient_name'"]
    lacking = "r.csv:1: error bad-recipients: the recipients file lacks column(s) ['email']"    # to mail, only
    for result, expected in ((mailed, [lacking] + unknown), (built, unknown)):
        assert result.exit_code == 2, result.output
        assert [line for line in result.stderr.splitlines() if ": error " in line] == expected
        assert "did you mean 'email'?" in result.stderr and "did you mean 'organisation'?" in result.stderr
        assert "the column 'name' fills recipient_name" in result.stderr
    assert inbox.messages == [] and not (tmp_path / "out").exists()


def test_a_column_named_like_a_declared_parameter_sets_it_for_its_row(tmp_path):
    (tmp_path / "reportgen.yaml").write_text(f"name: p\ndata: {ROOT / 'assets' / 'data'}\n", encoding="utf-8")
    (tmp_path / "briefs").mkdir()
    (tmp_path / "briefs" / "regional.yaml").write_text(
        "extends: investor\nparameters: {region: {allowed: [north, south], default: north}}\n", encoding="utf-8")
    override = tmp_path / "templates" / "investor" / "en" / "beijing.md.j2"
    override.parent.mkdir(parents=True)
    override.write_text('{% extends "default:investor/en/beijing.md.j2" %}{% block heading %}'
                        "# Beijing for {{ params.region }} investors{% endblock %}\n", encoding="utf-8")
    header = ["email", "name", "organisation", "language", "sector", "region"]
    bad = write_rows(tmp_path / "bad.csv", [("a@example.org", "Ann Lee", "Org", "en", "", "sout")], header)
    refused = run("build", "regional", "--recipients", bad, "--out", tmp_path / "out", cwd=tmp_path)
    assert refused.exit_code == 2 and "bad.csv:2:6: error bad-param: 'sout' is not one of north, south" in \
        refused.stderr and "did you mean 'south'?" in refused.stderr
    rows = write_rows(tmp_path / "r.csv", [("a@example.org", "Ann Lee", "Org", "en", "energy", "south"),
                                           ("b@example.org", "Bo Li", "Org", "en", "", "")], header)
    result = run("build", "regional", "--recipients", rows, "--format", "pdf", "--name-pattern", "{region}-{name}",
                 "--out", tmp_path / "out", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    ann, bo = pdf_text(tmp_path / "out" / "south-ann-lee.en.pdf"), pdf_text(tmp_path / "out" / "bo-li.en.pdf")
    assert "Beijing for south investors" in ann and "Beijing for north investors" in bo     # empty: the default
    energy = "Advanced energy: the Energy Valley"                    # the sector column picks Ann's variant
    assert energy in ann and energy not in bo and "Prepared for Ann Lee, Org" in ann


_cell = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40) | \
    st.sampled_from(["", "en", "zh", "energy", "all", "Ann Lee", "李明", "a@example.org", "x\ny", "😀"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(_cell, _cell, _cell, _cell, _cell), min_size=1, max_size=6))
def test_any_rows_are_either_accepted_with_safe_names_or_refused_with_located_problems(tmp_path, rows):
    from reportgen.brief import definition as briefs
    from reportgen.core.errors import UserError
    from reportgen.core.resources import builtin
    from reportgen.run import recipients
    path = write_rows(tmp_path / "fuzz.csv", rows)
    brief = briefs.load(builtin("briefs", "investor.yaml"), [builtin("briefs")])
    try:
        people = recipients.read(path, brief, ["en"], mailing=True)
    except UserError as exc:
        assert exc.problems and all(p.file == str(path) and p.line for p in exc.problems)
        assert not any("\r" in str(p) or "\n" in p.message for p in exc.problems)
        return
    stems = [stem for p in people for stem in p.stems.values()]
    assert len(set(stems)) == len(stems)
    for stem in stems:
        assert "/" not in stem and stem not in (".", "..") and len((stem + ".claims.csv").encode()) <= 255
    for person in people:
        assert not re.search(r"[\r\n]", "".join(person.cells.values())) and "@" in person.email


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(["a@example.org", "b@example.org"]),
                          st.text(st.characters(codec="gb2312"), min_size=1, max_size=12),
                          st.text(st.characters(codec="gb2312"), max_size=12),
                          st.sampled_from(["", "en", "zh"]), st.sampled_from(["", "energy", "manufacturing"])),
                min_size=1, max_size=2),
       st.dictionaries(st.sampled_from(["recipient_org", "sector", "extra"]), st.sampled_from(["", "all", "Org"]),
                       max_size=2))
@pytest.mark.slow
def test_random_rows_and_parameters_through_build_and_a_mail_dry_run(tmp_path_factory, rows, params):
    folder = tmp_path_factory.mktemp("dry")
    args = [f"--param={k}={v}" for k, v in params.items()] + ["--recipients", write_rows(folder / "r.csv", rows)]
    built = run("build", "investor", "--format", "pdf", "--lang", "en", "--out", folder / "built", *args)
    mailed = run("mail", "investor", "--from", SENDER, "--out", folder / "out", "--dry-run", *args)
    for result in (built, mailed):
        assert result.exit_code in (0, 2), result.output
        if result.exit_code:
            assert re.search(r"^(\S+|command line: --param \S+): error [a-z-]+: ", result.stderr, re.M)
            assert "Traceback" not in result.output
    if any("\n" in "".join(r) or "\r" in "".join(r) for r in rows):
        assert mailed.exit_code == 2 and "error line-break" in mailed.stderr     # a mail header stays one line
    if mailed.exit_code == 0:
        assert len(list((folder / "out" / "outbox").glob("*.eml"))) == len(rows)
    if built.exit_code == 0:
        assert len(list((folder / "built").glob("*.pdf"))) == len(rows)     # a row's language wins over --lang


def _mail_dry(tmp_path, csv_path):
    return run("mail", "investor", "--recipients", csv_path, "--dry-run", "--from", SENDER, "--out", tmp_path / "out")


def test_a_row_with_more_fields_than_the_header_is_refused(tmp_path):
    """An unquoted comma ("Example, Inc.") used to shift the fields silently; a stray column was ignored."""
    path = tmp_path / "r.csv"
    path.write_text("email,name,organisation,language,sector\n"
                    "a@example.org,Ann Lee,Org,en,energy\n"
                    "b@example.org,Bo Yi,Example, Inc.,en,energy\n", encoding="utf-8")
    result = _mail_dry(tmp_path, path)
    assert result.exit_code == 2, result.output
    assert f"{path}:3:6: error extra-fields: the row has 6 fields, the header 5: 'energy' left over" in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_repeated_row_is_refused_also_in_another_letter_case(tmp_path):
    path = write_rows(tmp_path / "r.csv", [("a@example.org", "Ann Lee", "Org", "en", "energy"),
                                           ("b@example.org", "Bo Yi", "Org", "en", "energy"),
                                           ("A@Example.ORG", "Ann  Lee", "Org", "en", "energy"),
                                           ("a@example.org", "Ann Lee", "Org", "en", "life-sciences")])
    result = _mail_dry(tmp_path, path)
    assert result.exit_code == 2, result.output
    assert re.findall(r"r\.csv:\d+:\d+: error duplicate-row: this row repeats line \d+", result.stderr) == [
        f"{path.name}:4:1: error duplicate-row: this row repeats line 2"]      # another sector is another brief
    assert not (tmp_path / "out").exists()


def test_a_nameless_row_does_not_take_the_plain_briefs_file_name(tmp_path):
    from reportgen.brief import definition as briefs
    from reportgen.core.resources import builtin
    from reportgen.run import recipients
    path = write_rows(tmp_path / "r.csv", [("a@example.org", "", "", "en", ""), ("b@example.org", "", "", "en", "")])
    investor = briefs.load(briefs.find("investor", [builtin("briefs")]), [builtin("briefs")])
    stems = [r.stems["en"] for r in recipients.read(path, investor, ["en"], mailing=True)]
    assert stems == ["investor-row1.en", "investor-row2.en"]


def test_an_emoji_in_a_recipients_row_is_found_before_anything_is_built(tmp_path):
    path = write_rows(tmp_path / "r.csv", [("a@example.org", "Ann Lee", "Org", "en", ""),
                                           ("b@example.org", "Bo 🙂 Yi", "Org", "en", "")])
    result = _mail_dry(tmp_path, path)
    assert result.exit_code == 6, result.output
    assert f"{path}:3:2: error missing-glyph: the font has no glyph for: 🙂 (U+1F642)" in result.stderr
    assert not (tmp_path / "out").exists()


def test_an_emoji_in_a_recipients_row_stops_build_and_mail_before_any_pdf(smtp, tmp_path):
    """Found with its file:line by ``build`` and a real ``mail`` too, not only ``--dry-run``: no PDF, no message."""
    path = write_rows(tmp_path / "r.csv", [("a@example.org", "Ann Lee", "Org", "en", ""),
                                           ("b@example.org", "Bo Yi", "Org 🙂", "en", "")])
    inbox = Inbox()
    server = smtp(inbox)
    for command in (["build", "investor"],
                    ["mail", "investor", "--smtp", f"127.0.0.1:{server.port}", "--from", SENDER]):
        out = tmp_path / command[0]
        result = run(*command, "--recipients", path, "--out", out, cwd=tmp_path)
        assert result.exit_code == 6, (command, result.output)
        assert f"{path}:3:3: error missing-glyph: the font has no glyph for: 🙂 (U+1F642)" in result.stderr
        assert "Traceback" not in result.output
        assert not out.exists() or not any(out.iterdir()), sorted(out.rglob("*"))
    assert inbox.messages == []


def test_a_recipients_file_from_excel_with_a_bom_and_crlf_is_read_and_latin_1_is_located(tmp_path):
    """Excel's 'CSV UTF-8' starts with a byte-order mark and ends lines with CRLF: read as written. A Latin-1
    file is an error at its first byte that is not UTF-8, not a name with a replacement character."""
    excel = tmp_path / "excel.csv"
    excel.write_bytes("\ufeffemail,name,organisation,language,sector\r\na@example.org,José Lee,Org,en,energy\r\n"
                      .encode("utf-8"))
    from reportgen.brief import definition as briefs
    from reportgen.core.resources import builtin
    from reportgen.run import recipients
    investor = briefs.load(briefs.find("investor", [builtin("briefs")]), [builtin("briefs")])
    [row] = recipients.read(excel, investor, ["en"], mailing=True)
    assert row.stems["en"] == "investor-org-josé-lee.en" and "\r" not in repr(row)
    latin = tmp_path / "latin.csv"
    latin.write_bytes("email,name,organisation,language,sector\na@example.org,José Lee,Org,en,energy\n"
                      .encode("latin-1"))
    result = _mail_dry(tmp_path, latin)
    assert result.exit_code == 2, result.output
    assert f"{latin}:2:18: error bad-encoding: byte 0xe9 is not UTF-8" in result.stderr
    assert not (tmp_path / "out").exists()
