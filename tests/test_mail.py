"""Email delivery against a real SMTP server on loopback (aiosmtpd): the right PDF to each person, once."""
from __future__ import annotations

import email
import re
import sqlite3
from email import policy

import pytest

from conftest import ROOT, run
from mailserver import SENDER, Inbox, attached_text, attachment, recipients_file


def mail(server, *args):
    return run("mail", "investor", "--smtp", f"127.0.0.1:{server.port}", "--from", SENDER, *args)


def test_one_message_with_the_brief_attached_and_a_blind_copy(smtp, tmp_path):
    inbox = Inbox()
    result = mail(smtp(inbox), "--to", "a@example.org", "--bcc", "archive@example.org", "--out", tmp_path)
    assert result.exit_code == 0, result.output
    assert len(inbox.messages) == 1
    msg = inbox.messages[0]
    assert msg["To"] == "a@example.org" and msg["From"] == SENDER and msg["Message-ID"] and msg["Date"]
    assert msg["Bcc"] is None and sorted(inbox.envelopes[0]) == ["a@example.org", "archive@example.org"]
    assert "Beijing Future Science City" in msg["Subject"]
    assert "Please find attached" in msg.get_body(("plain",)).get_content()
    assert "<strong>Beijing Future Science City</strong>" in msg.get_body(("html",)).get_content()
    assert attachment(msg).get_filename() == "investor.en.pdf"
    assert "At a glance" in attached_text(msg)


def test_each_person_gets_the_pdf_built_for_them(smtp, tmp_path):
    out = tmp_path / "out"
    stale = run("build", "investor", "--lang", "en", "--format", "pdf", "--param", "recipient_name=Alice Stale",
                "--out", out)                                  # a newer PDF for someone else is never reused
    assert stale.exit_code == 0, stale.output
    inbox = Inbox()
    server = smtp(inbox)
    rows = [("alice@example.org", "Alice Wong", "Alpha Fund", "en", "energy"),
            ("bob@example.org", "Bob Smith", "Beta Capital", "en", "manufacturing")]
    result = mail(server, "--recipients", recipients_file(tmp_path / "r.csv", rows=rows), "--out", out)
    assert result.exit_code == 0, result.output
    by_address = {m["To"]: attached_text(m) for m in inbox.messages}
    assert "Prepared for Alice Wong, Alpha Fund" in by_address["alice@example.org"]
    assert "Prepared for Bob Smith, Beta Capital" in by_address["bob@example.org"]
    assert "Bob" not in by_address["alice@example.org"] and "Alice" not in by_address["bob@example.org"]
    assert "Advanced energy: the Energy Valley" in by_address["alice@example.org"]
    assert "Advanced energy: the Energy Valley" not in by_address["bob@example.org"]
    single = mail(server, "--to", "bob@example.org", "--param", "recipient_name=Bob Smith", "--out", out)
    assert single.exit_code == 0, single.output
    assert "Prepared for Bob Smith" in attached_text(inbox.messages[-1])
    assert "Alice" not in attached_text(inbox.messages[-1])


def test_a_changed_parameter_is_a_new_message_with_its_own_pdf(smtp, tmp_path):
    inbox = Inbox()
    server = smtp(inbox)
    energy, life = "Advanced energy: the Energy Valley", "Pharma and health: the Life Valley"   # sector sections
    for sector, heading, other in (("energy", energy, life), ("life-sciences", life, energy)):
        result = mail(server, "--to", "a@example.org", "--param", f"sector={sector}", "--out", tmp_path)
        assert result.exit_code == 0, result.output
        text = attached_text(inbox.messages[-1])
        assert heading in text and other not in text, sector
    again = mail(server, "--to", "a@example.org", "--param", "sector=energy", "--out", tmp_path)
    assert again.exit_code == 0 and len(inbox.messages) == 2
    assert "0 sent, 1 already sent before" in again.stderr


def test_parameters_merge_in_order_defaults_file_option_row(tmp_path):
    from reportgen.brief import parameters
    declared = {**parameters.BUILTIN, "sector": parameters.Parameter(allowed=["all", "energy", "manufacturing"],
                                                                     default="all"),
                "pages": parameters.Parameter(type="integer", default=1), "b": parameters.Parameter(type="integer")}
    (tmp_path / "p.yaml").write_text("sector: energy\nb: 2\n", encoding="utf-8")
    row = parameters.from_row({"name": "Ms Chen", "organisation": "", "sector": "manufacturing"}, lambda c: ("r", 1, 1))
    merged = parameters.merge(declared, parameters.from_file(tmp_path / "p.yaml"),
                              parameters.on_command_line({"b": "3"}), row)
    assert merged == {"sector": "manufacturing", "pages": 1, "b": 3, "recipient_name": "Ms Chen", "recipient_org": ""}
    assert parameters.digest(merged) == parameters.digest(dict(reversed(list(merged.items()))))
    assert parameters.digest(merged) != parameters.digest({**merged, "sector": "energy"})


def test_mail_merge_sends_once_and_reruns_send_nothing(smtp, tmp_path):
    inbox = Inbox()
    server = smtp(inbox)
    args = ["--recipients", recipients_file(tmp_path / "r.csv"), "--out", tmp_path / "out"]
    first = mail(server, *args)
    assert first.exit_code == 0, first.output
    assert "Sending 5 messages" in first.stderr                      # the progress bar's label
    assert sorted(m["To"] for m in inbox.messages) == [f"{c}@example.org" for c in "abcde"]
    chinese = next(m for m in inbox.messages if m["To"] == "b@example.org")
    assert "李明：您好" in chinese.get_body(("plain",)).get_content()
    assert attachment(chinese).get_filename().endswith(".zh.pdf")
    assert "Prepared for Dr Ito, Sample Partners" in attached_text(next(m for m in inbox.messages
                                                                        if m["To"] == "d@example.org"))
    again = mail(server, *args)
    assert again.exit_code == 0 and len(inbox.messages) == 5
    assert "0 sent, 5 already sent before, 0 failed, 0 unknown" in again.stderr


def test_server_refusing_mid_batch_then_rerun_completes_without_duplicates(smtp, tmp_path):
    from mailserver import free_port
    port = free_port()
    first_inbox = Inbox(stop_after=2)
    server = smtp(first_inbox, port)
    args = ["--recipients", recipients_file(tmp_path / "r.csv"), "--out", tmp_path / "out", "--retries", "1",
            "--backoff", "0.01"]
    first = mail(server, *args)
    assert first.exit_code == 7                      # delivery failures are reported with their own exit code
    assert "2 sent, 0 already sent before, 3 failed, 0 unknown" in first.stderr
    server.stop()
    second_inbox = Inbox()
    second = mail(smtp(second_inbox, port), *args)
    assert second.exit_code == 0, second.output
    delivered = [m["To"] for m in first_inbox.messages + second_inbox.messages]
    assert sorted(delivered) == [f"{c}@example.org" for c in "abcde"]    # each once
    db = sqlite3.connect(tmp_path / "out" / "outbox.sqlite")
    assert db.execute("select count(*) from messages where state = 'sent'").fetchone()[0] == 5


def test_transient_refusal_is_retried(smtp, tmp_path):
    inbox = Inbox(refuse_first=2)
    result = mail(smtp(inbox), "--to", "a@example.org", "--out", tmp_path, "--backoff", "0.01")
    assert result.exit_code == 0, result.output
    assert len(inbox.messages) == 1 and inbox.calls == 3
    db = sqlite3.connect(tmp_path / "outbox.sqlite")
    assert db.execute("select state, attempts from messages").fetchone() == ("sent", 3)


def test_dry_run_writes_eml_files_that_parse_back(tmp_path):
    result = run("mail", "investor", "--recipients", recipients_file(tmp_path / "r.csv", 2), "--out", tmp_path / "out",
                 "--dry-run", "--from", "Briefs <briefs@example.org>")
    assert result.exit_code == 0, result.output
    emls = sorted((tmp_path / "out" / "outbox").glob("*.eml"))
    assert len(emls) == 2
    for eml in emls:
        msg = email.message_from_bytes(eml.read_bytes(), policy=policy.default)
        assert msg["From"] == "Briefs <briefs@example.org>"
        part = attachment(msg)
        assert part.get_content() == (tmp_path / "out" / part.get_filename()).read_bytes()
    raw = b"".join(e.read_bytes() for e in emls)
    assert re.search(rb"filename\*(0\*)?=utf-8''investor-%E7%A4%BA", raw)   # RFC 2231 for the Chinese file name
    assert b'Content-Type: application/pdf; name="investor.zh.pdf"' in raw     # and a plain name beside it
    assert not (tmp_path / "out" / "outbox.sqlite").exists()


def test_the_sender_is_required(tmp_path, monkeypatch):
    monkeypatch.delenv("REPORTGEN_SMTP_FROM", raising=False)
    result = run("mail", "investor", "--to", "a@example.org", "--out", tmp_path, "--dry-run", cwd=tmp_path)
    assert result.exit_code == 2 and "error no-sender" in result.stderr and "REPORTGEN_SMTP_FROM" in result.stderr
    assert not list(tmp_path.glob("*.pdf"))


def test_password_never_in_files_or_output(tmp_path):
    (tmp_path / "mail.yaml").write_text(f"host: 127.0.0.1\nfrom: {SENDER}\npassword: hunter2\n", encoding="utf-8")
    result = run("mail", "investor", "--to", "a@example.org", "--out", tmp_path / "o", cwd=tmp_path)
    assert result.exit_code == 2 and "mail.yaml:3:1: error password-in-file" in result.stderr
    assert "hunter2" not in result.output


def test_smtp_settings_from_the_project_file(smtp, tmp_path):
    inbox = Inbox()
    server = smtp(inbox)
    (tmp_path / "reportgen.yaml").write_text(
        f"name: p\ndata: {ROOT / 'assets' / 'data'}\nmail:\n  host: 127.0.0.1\n  port: {server.port}\n"
        f"  from: {SENDER}\n", encoding="utf-8")
    result = run("mail", "investor", "--to", "a@example.org", "--out", tmp_path / "out", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert [m["From"] for m in inbox.messages] == [SENDER]
    (tmp_path / "reportgen.yaml").write_text("name: p\nmail:\n  host: 127.0.0.1\n  password: hunter2\n",
                                             encoding="utf-8")
    refused = run("mail", "investor", "--to", "a@example.org", "--out", tmp_path / "out", cwd=tmp_path)
    assert refused.exit_code == 3 and "reportgen.yaml:4:3: error password-in-file" in refused.stderr   # a project
    assert "hunter2" not in refused.output                                                  # file error


def test_a_mail_template_failing_for_one_row_sends_nothing(smtp, tmp_path):
    folder = tmp_path / "templates" / "mail" / "en"
    folder.mkdir(parents=True)
    (folder / "subject.txt.j2").write_text("{{ title }}{% if recipient_name == 'Mr Park' %}{{ nope }}{% endif %}\n",
                                           encoding="utf-8")
    inbox = Inbox()
    result = mail(smtp(inbox), "--recipients", recipients_file(tmp_path / "r.csv"), "--out", tmp_path / "out",
                  "--templates", tmp_path / "templates")
    assert result.exit_code == 5 and "subject.txt.j2:1: error template-undefined" in result.stderr
    assert inbox.messages == []


def test_every_mail_settings_problem_is_located_and_nothing_is_sent(smtp, tmp_path, monkeypatch):
    inbox = Inbox()
    server = smtp(inbox)
    (tmp_path / "smtp.yaml").write_text(f"hots: 127.0.0.1\nport: 70000\nsecurity: tls\nfrom: {SENDER}\n"
                                        "timeout: 0\n", encoding="utf-8")
    monkeypatch.setenv("REPORTGEN_SMTP_PROT", str(server.port))
    result = run("mail", "investor", "--to", "a@example.org", "--config", "smtp.yaml", "--from", "briefs@",
                 "--out", tmp_path / "out", cwd=tmp_path)
    assert result.exit_code == 2, result.output
    errors = [line for line in result.stderr.splitlines() if ": error " in line]
    assert errors == ["smtp.yaml:1:1: error unknown-field: unknown key 'hots'",
                      "smtp.yaml:2:1: error bad-port: port 70000 is not a number from 1 to 65535",
                      "smtp.yaml:3:1: error bad-value: security: 'tls' is not allowed",
                      "smtp.yaml:5:1: error bad-value: timeout: 0: input should be greater than 0",
                      "REPORTGEN_SMTP_PROT: error unknown-field: unknown key 'prot'",
                      "--from: error bad-address: sender 'briefs@': There must be something after the @-sign."]
    assert "did you mean 'host'?" in result.stderr and "did you mean 'port'?" in result.stderr
    assert "expected 'auto', 'starttls' or 'ssl'" in result.stderr
    assert inbox.messages == [] and not (tmp_path / "out").exists()


def test_a_typo_in_the_project_files_mail_settings_stops_every_command(tmp_path):
    (tmp_path / "reportgen.yaml").write_text(f"name: p\ndata: {ROOT / 'assets' / 'data'}\nmail:\n"
                                             "  hots: 127.0.0.1\n  from: briefs@example.org\n", encoding="utf-8")
    for command in (["check"], ["list"], ["mail", "investor", "--to", "a@example.org", "--dry-run", "--out", "o"]):
        result = run(*command, cwd=tmp_path)
        assert result.exit_code == 3, (command, result.output)        # the project file's kind, as any key of it
        assert "reportgen.yaml:4:3: error unknown-field: unknown key 'hots' in mail" in result.stderr, command
        assert "did you mean 'host'?" in result.stderr
    assert not (tmp_path / "o").exists()


def test_settings_merge_in_order_project_file_settings_file_environment_options(tmp_path, monkeypatch):
    from reportgen.core import files as yamlfile
    from reportgen.core.errors import UsageError
    from reportgen.run import smtp
    (tmp_path / "reportgen.yaml").write_text("mail:\n  host: project.example.org\n  security: ssl\n  user: u\n",
                                             encoding="utf-8")
    (tmp_path / "mail.yaml").write_text("host: smtp.example.org\nsender: Briefs <briefs@example.org>\ntimeout: 5\n",
                                        encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("REPORTGEN_SMTP_USER", "env-user")
    project_mail = yamlfile.load(tmp_path / "reportgen.yaml")["mail"]
    s = smtp.settings(None, None, project_mail=project_mail, project_file=tmp_path / "reportgen.yaml")
    assert (s.host, s.port, s.security, s.user, s.sender, s.timeout) == (
        "smtp.example.org", 465, "ssl", "env-user", "Briefs <briefs@example.org>", 5.0)
    s = smtp.settings(None, "relay.example.org:2525", "other@example.org", 2.0, project_mail,
                      tmp_path / "reportgen.yaml")
    assert (s.host, s.port, s.sender, s.timeout) == ("relay.example.org", 2525, "other@example.org", 2.0)
    (tmp_path / "mail.yaml").write_text("from: a@example.org\nsender: b@example.org\n", encoding="utf-8")
    with pytest.raises(UsageError) as refused:
        smtp.settings(None, None)
    assert [(p.code, p.location) for p in refused.value.problems] == [("two-senders", "mail.yaml:1:1")]


def test_one_mail_run_per_outbox_at_a_time(tmp_path):
    """A second run into an --out folder that a run is using (here: its lock held) stops before building
    anything: two runs would attach each other's PDFs, and one command started twice would deliver twice."""
    from filelock import FileLock
    out = tmp_path / "out"
    out.mkdir()
    args = ("mail", "investor", "--to", "a@example.org", "--dry-run", "--from", SENDER, "--out", out)
    with FileLock(out / "outbox.lock"):
        result = run(*args)
    assert result.exit_code == 8, result.output
    assert f"{out / 'outbox.lock'}: error already-running" in result.stderr and "Traceback" not in result.output
    assert sorted(p.name for p in out.iterdir()) == ["outbox.lock"]
    assert run(*args).exit_code == 0


def test_a_damaged_outbox_journal_is_a_located_error_and_nothing_is_sent(smtp, tmp_path):
    inbox = Inbox()
    out = tmp_path / "out"
    out.mkdir()
    (out / "outbox.sqlite").write_bytes(b"not a database, " * 100)
    result = mail(smtp(inbox), "--to", "a@example.org", "--out", out)
    assert result.exit_code == 8, result.output
    assert f"{out / 'outbox.sqlite'}: error outbox-unusable" in result.stderr and "Traceback" not in result.output
    assert not inbox.messages and not list(out.glob("*.pdf"))
