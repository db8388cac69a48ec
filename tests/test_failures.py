"""Never a traceback, and a failed build replaces nothing: what goes wrong outside the project's own files.

Each case runs the real CLI and checks what a user would see: the exit code, a located message, and the files
in --out (byte-identical to before when a build fails). Disk-full and read-only cases mount a small tmpfs, and
are skipped with the reason when this machine does not allow mounting.
"""
from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from docx import Document

from conftest import ROOT, run
from readers import docx_paragraphs, docx_text, pdf_text

ENV = {"SOURCE_DATE_EPOCH": "1767225600"}


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())} if folder.exists() else {}


@contextmanager
def tmpfs(where: Path, options: str):
    where.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(where)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({done.stderr.decode().strip() or 'not permitted'})")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def test_a_bad_reference_doc_replaces_nothing(tmp_path):
    out = tmp_path / "out"
    assert run("build", "investor", "--lang", "en", "--out", out, env=ENV).exit_code == 0
    before = files(out)
    (tmp_path / "fake.docx").write_text("not a Word file", encoding="utf-8")
    result = run("build", "investor", "--lang", "en", "--out", out, "--reference-doc", tmp_path / "fake.docx",
                 "--param", "recipient_name=Changed")
    assert result.exit_code == 2, result.output
    assert f"{tmp_path / 'fake.docx'}: error bad-reference-doc:" in result.stderr
    assert files(out) == before


def test_a_reference_doc_without_styles_falls_back_for_the_rest(tmp_path):
    from docx.oxml.ns import qn
    bare = Document()
    styles = bare.styles.element
    for style in list(styles.findall(qn("w:style"))):
        if style.get(qn("w:styleId")) != "Normal":
            styles.remove(style)
    styles.remove(styles.find(qn("w:docDefaults")))
    bare.element.body.remove(bare.element.body.find(qn("w:sectPr")))
    bare.save(tmp_path / "bare.docx")
    result = run("build", "investor", "--lang", "en", "--format", "docx", "--out", tmp_path / "out",
                 "--reference-doc", tmp_path / "bare.docx")
    assert result.exit_code == 0, result.output
    word = Document(str(tmp_path / "out" / "investor.en.docx"))
    headings = [p.text for p in word.paragraphs if p.style.name == "Heading 1"]
    assert "At a glance" in headings and any(p.style.name == "Title" for p in docx_paragraphs(word))   # on the cover
    assert word.sections[0].page_width.cm == pytest.approx(21.0, abs=0.01)


def test_a_failure_in_one_language_replaces_no_language(tmp_path):
    out = tmp_path / "out"
    assert run("build", "investor", "--out", out, env=ENV).exit_code == 0
    before = files(out)
    mine = tmp_path / "mine" / "investor" / "zh"
    mine.mkdir(parents=True)
    (mine / "policy.md.j2").write_text("# 政策\n\n{{ no_such_thing }}\n", encoding="utf-8")
    result = run("build", "investor", "--out", out, "--templates", tmp_path / "mine", "--param", "recipient_name=X")
    assert result.exit_code == 5 and "template-undefined" in result.stderr
    assert files(out) == before            # the English files, built first, were not renamed into place


def test_a_brief_without_chinese_builds_its_languages_with_a_note(tmp_path):
    """A project's languages that a brief lacks are noted; without them, a brief is built in those it declares."""
    (tmp_path / "reportgen.yaml").write_text("name: p\nlanguages: [en, zh]\n", encoding="utf-8")
    shutil.copytree(ROOT / "assets" / "data", tmp_path / "data")      # a project has its own dataset
    (tmp_path / "briefs").mkdir()
    (tmp_path / "briefs" / "english.yaml").write_text("extends: investor\nlanguages: [en]\n", encoding="utf-8")
    result = run("build", "english", "--out", "out", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert "note: 'english' has no zh version; building en" in result.stderr
    assert sorted(files(tmp_path / "out")) == ["english.en.claims.csv", "english.en.docx", "english.en.pdf"]
    assert "nothing was written" not in result.output


def test_a_read_only_out_is_a_message(tmp_path):
    with tmpfs(tmp_path / "ro", "ro,size=1m") as ro:
        result = run("build", "investor", "--lang", "en", "--out", ro / "out")
    assert result.exit_code == 8, result.output
    assert f"{ro / 'out'}" in result.stderr and "error cannot-write" in result.stderr
    assert "Read-only file system" in result.stderr and "Traceback" not in result.output


@pytest.mark.parametrize("command", [["build", "investor", "--lang", "en"],
                                     ["mail", "investor", "--to", "a@example.org", "--from", "b@example.org",
                                      "--smtp", "127.0.0.1:1", "--lang", "en"]])
def test_an_out_under_a_file_is_a_located_message_also_as_root(tmp_path, command):
    """Root ignores permission bits, so a folder nobody may create is one under a file."""
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    result = run(*command, "--out", tmp_path / "afile" / "out")
    assert result.exit_code == 8, result.output
    assert f"{tmp_path / 'afile' / 'out'}" in result.stderr and "Not a directory" in result.stderr
    assert "Traceback" not in result.output and (tmp_path / "afile").read_text(encoding="utf-8") == "x"


def test_mail_into_an_outbox_the_user_may_not_write_is_a_located_message(tmp_path):
    """An earlier run's outbox, now read-only to this user (run as nobody through setpriv, root or not)."""
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("setpriv is not installed")
    shared = Path(tempfile.mkdtemp(prefix="reportgen-ro-"))      # tmp_path's parents are private to this user
    try:
        shared.chmod(0o755)
        out = shared / "out"
        assert run("mail", "investor", "--to", "a@example.org", "--from", "b@example.org", "--dry-run",
                   "--lang", "en", "--out", out).exit_code == 0
        before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
        for p in [out, *out.rglob("*")]:
            p.chmod(0o555 if p.is_dir() else 0o444)
        as_nobody = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]
        if subprocess.run([*as_nobody, sys.executable, "-c", ""], capture_output=True).returncode != 0:
            pytest.skip("cannot run as another user here")
        done = subprocess.run([*as_nobody, sys.executable, "-m", "reportgen", "mail", "investor", "--to",
                               "a@example.org", "--from", "b@example.org", "--smtp", "127.0.0.1:1", "--lang", "en",
                               "--out", str(out)], capture_output=True, text=True, cwd=shared,
                              env={**os.environ, "HOME": str(shared)}, timeout=60)
        assert done.returncode == 8, done.stderr
        assert f"{out / 'outbox.lock'}: error outbox-unusable" in done.stderr and "Permission denied" in done.stderr
        assert "Traceback" not in done.stderr + done.stdout
        assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    finally:
        for p in [shared, *shared.rglob("*")]:
            p.chmod(0o755 if p.is_dir() else 0o644)
        shutil.rmtree(shared)


def test_a_full_disk_replaces_nothing(tmp_path):
    with tmpfs(tmp_path / "small", "size=480k") as small:
        out = small / "out"
        first = run("build", "investor", "--lang", "en", "--out", out, env=ENV)
        assert first.exit_code == 0, first.output
        before = files(out)
        result = run("build", "investor", "--lang", "en", "--out", out, "--param", "recipient_name=Ms Fuller")
        after = files(out)
        hidden = [p.name for p in out.iterdir() if p.name.startswith(".")]
    assert result.exit_code == 8, result.output
    assert "error cannot-write" in result.stderr and "No space left on device" in result.stderr
    assert after == before and hidden == []


def _recipients(path: Path, names: list[str]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["name", "organisation", "language"])
        w.writerows([(n, "Org", "en") for n in names])
    return path


def test_an_unknown_name_pattern_field_is_a_usage_error(tmp_path):
    rows = _recipients(tmp_path / "r.csv", ["Ann"])
    result = run("build", "investor", "--recipients", rows, "--name-pattern", "{brief}-{nmae}", "--out", tmp_path / "o")
    assert result.exit_code == 2 and "bad-name-pattern" in result.stderr and "did you mean 'name'?" in result.stderr
    assert not (tmp_path / "o").exists()


def test_names_too_long_for_the_file_system_are_shortened_and_kept_apart(tmp_path):
    long = "张" * 90          # 270 bytes of UTF-8
    rows = _recipients(tmp_path / "r.csv", [long + "a", long + "b"])
    result = run("build", "investor", "--recipients", rows, "--format", "pdf", "--out", tmp_path / "o", "--jobs", "1")
    assert result.exit_code == 0, result.output
    pdfs = sorted((tmp_path / "o").glob("*.pdf"))
    assert len(pdfs) == 2 and all(len(p.name.encode()) <= 255 for p in pdfs)
    printed = ["".join(pdf_text(p).split()) for p in pdfs]        # a long name wraps over lines
    assert sorted(n for text in printed for n in (long + "a", long + "b") if n in text) == [long + "a", long + "b"]


@pytest.mark.slow
def test_an_unreachable_dask_scheduler_is_a_message_within_seconds(tmp_path):
    pytest.importorskip("distributed")
    rows = _recipients(tmp_path / "r.csv", ["Ann", "Bo"])
    start = time.monotonic()
    result = run("build", "investor", "--recipients", rows, "--out", tmp_path / "o", "--executor", "dask://127.0.0.1:9")
    assert time.monotonic() - start < 20
    assert result.exit_code == 8 and "error no-scheduler" in result.stderr, result.output


def _dying(jobs):
    """A worker's task that kills its process on the job for 'Kill' (as the OOM killer or `kill -9` would)."""
    import os
    from reportgen.run import remote
    if any("kill" in (job.stem or "") for job in jobs):
        time.sleep(1.0)          # let the others finish first
        os._exit(9)
    return remote._real_run_chunk(jobs)


def test_a_worker_killed_mid_batch_fails_cleanly_listing_what_was_built(tmp_path, monkeypatch):
    from reportgen.run import remote
    monkeypatch.setattr(remote, "_real_run_chunk", remote._run_chunk, raising=False)
    monkeypatch.setattr(remote, "_run_chunk", _dying)      # worker processes are forked with it
    monkeypatch.setattr(remote, "START_METHOD", "fork")    # even after Typst ran here: these workers use reportlab
    rows = _recipients(tmp_path / "r.csv", ["Ann", "Bo", "Kill", "Cy"])
    result = run("build", "investor", "--recipients", rows, "--format", "pdf", "--pdf-engine", "reportlab",
                 "--out", tmp_path / "o", "--jobs", "2")
    assert result.exit_code == 8 and "error worker-lost" in result.stderr, result.output
    listed = [Path(line) for line in result.stdout.splitlines() if line.strip()]
    assert listed and all(p.exists() for p in listed) and not any("kill" in p.name for p in listed)
    assert "file(s) were written (listed above)" in result.stderr
    assert sorted(p.name for p in (tmp_path / "o").iterdir()) == sorted(p.name for p in listed)   # nothing staged left


def test_a_fake_spreadsheet_is_a_data_error(tmp_path, data_copy):
    fake = tmp_path / "003_f21926bdb71bccc2.new.xlsx"
    fake.write_text("id,value\n", encoding="utf-8")
    result = run("import-facts", fake, "--data", data_copy)
    assert result.exit_code == 4 and f"{fake}: error bad-sheet:" in result.stderr
    assert not (data_copy / "facts" / "003_f21926bdb71bccc2.new.csv").exists()


def test_a_non_numeric_smtp_port_is_a_usage_error(tmp_path):
    (tmp_path / "mail.yaml").write_text("host: localhost\nport: twenty-five\n", encoding="utf-8")
    result = run("mail", "investor", "--to", "a@example.org", "--dry-run", "--out", "o", cwd=tmp_path)
    assert result.exit_code == 2 and "mail.yaml:2:1: error bad-port:" in result.stderr, result.output


@pytest.mark.parametrize("expression", ['"ab" * 10**9', "[1, 2] * 10**8", "2 ** 100000000", "range(10**9) | list",
                                        '"x" | center(10**9)', '"ab" | indent(10**9, first=True)', '"%1000000000s" | format(1)',
                                        '"{:>1000000000}".format(1)', '"{:>{}}".format(1, 10**9)'])
def test_template_expressions_cannot_allocate_gigabytes(tmp_path, expression):
    mine = tmp_path / "mine" / "investor" / "en"
    mine.mkdir(parents=True)
    (mine / "policy.md.j2").write_text(f"# Policy\n\n{{{{ {expression} }}}}\n", encoding="utf-8")
    start = time.monotonic()
    result = run("build", "investor", "--lang", "en", "--out", tmp_path / "o", "--templates", tmp_path / "mine")
    assert time.monotonic() - start < 30
    assert result.exit_code == 5 and f"{mine / 'policy.md.j2'}:3: error template-" in result.stderr, result.output


def _running(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie waiting for a parent to reap it does not)."""
    try:
        state = Path(f"/proc/{pid}/status").read_text().split("State:")[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def test_a_killed_build_leaves_no_chart_helper_running(tmp_path):
    """The chart helper processes outlive a SIGKILLed parent no longer: each sees its parent gone and stops."""
    import sys
    script = ("import time; from reportgen.compose.charts import Background; from reportgen.core.fonts import "
              "ensure_fonts; b = Background(ensure_fonts()); print(b.helpers[0][1].pid, flush=True); time.sleep(120)")
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    helper = int(proc.stdout.readline())
    assert _running(helper)
    proc.kill()
    proc.wait()
    deadline = time.monotonic() + 30
    while _running(helper) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _running(helper)


def test_a_rerun_removes_what_a_killed_build_staged(tmp_path):
    import sys
    shutil.copytree(Path(__file__).parent / "broken" / "_base", tmp_path / "p")
    out = tmp_path / "p" / "out"
    out.mkdir()
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    stale = out / f".mini.en.pdf.{int(gone.stdout)}.k2j4x9.part"          # what a SIGKILLed build leaves
    stale.write_bytes(b"%PDF-half")
    result = run("build", "mini", "--lang", "en", "--format", "pdf", "--data", "data", "--out", "out",
                 cwd=tmp_path / "p")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["mini.en.claims.csv", "mini.en.pdf"]
