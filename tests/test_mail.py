"""Email delivery against a real SMTP server on loopback (aiosmtpd), including failures and re-runs."""
from __future__ import annotations

import csv
import email
import io
import re
import socket
import sqlite3
from email import policy

import pytest
from aiosmtpd.controller import Controller
from pypdf import PdfReader

from conftest import run


class Inbox:
    """An SMTP handler that keeps what it receives, and can refuse or stop on cue."""

    def __init__(self, refuse_first: int = 0, stop_after: int | None = None):
        self.messages: list[email.message.EmailMessage] = []
        self.refuse_first, self.stop_after, self.calls = refuse_first, stop_after, 0

    async def handle_DATA(self, server, session, envelope):
        self.calls += 1
        if self.calls <= self.refuse_first:
            return "451 4.3.0 try again later"
        if self.stop_after is not None and len(self.messages) >= self.stop_after:
            return "421 4.3.2 shutting down"
        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp():
    servers = []

    def start(inbox: Inbox, port: int | None = None):
        c = Controller(inbox, hostname="127.0.0.1", port=port or free_port())
        c.start()
        servers.append(c)
        return c
    yield start
    for c in servers:
        try:
            c.stop()
        except Exception:   # already stopped by the test
            pass


def attachment(msg):
    parts = [p for p in msg.iter_attachments()]
    assert len(parts) == 1 and parts[0].get_content_type() == "application/pdf"
    return parts[0]


def recipients_file(path, n=5):
    rows = [("a@example.org", "Ms Chen", "Example Capital", "en", "energy"),
            ("b@example.org", "李明", "示例资本", "zh", "life-sciences"),
            ("c@example.org", "Mr Park", "Example Capital", "en", ""),
            ("d@example.org", "Dr Ito", "Sample Partners", "en", "manufacturing"),
            ("e@example.org", "Ms Diaz", "Ejemplo Fondos", "en", "")][:n]
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["email", "name", "organisation", "language", "sector"])
        w.writerows(rows)
    return path


def test_one_message_with_the_brief_attached(smtp, tmp_path):
    inbox = Inbox()
    server = smtp(inbox)
    result = run("mail", "investor", "--to", "a@example.org", "--smtp", f"127.0.0.1:{server.port}",
                 "--out", tmp_path)
    assert result.exit_code == 0, result.output
    assert len(inbox.messages) == 1
    msg = inbox.messages[0]
    assert msg["To"] == "a@example.org" and msg["Message-ID"] and msg["Date"]
    assert "Beijing Future Science City" in msg["Subject"]
    assert "Please find attached" in msg.get_body(("plain",)).get_content()
    assert "<strong>Beijing Future Science City</strong>" in msg.get_body(("html",)).get_content()
    pdf = attachment(msg).get_content()
    assert "At a glance" in PdfReader(io.BytesIO(pdf)).pages[1].extract_text()     # no contents page


def test_mail_merge_sends_once_and_reruns_send_nothing(smtp, tmp_path):
    inbox = Inbox()
    server = smtp(inbox)
    args = ["mail", "investor", "--recipients", recipients_file(tmp_path / "r.csv"), "--smtp",
            f"127.0.0.1:{server.port}", "--out", tmp_path / "out"]
    first = run(*args)
    assert first.exit_code == 0, first.output
    assert sorted(m["To"] for m in inbox.messages) == [f"{c}@example.org" for c in "abcde"]
    chinese = next(m for m in inbox.messages if m["To"] == "b@example.org")
    assert "李明：您好" in chinese.get_body(("plain",)).get_content()
    name = attachment(chinese).get_filename()
    assert name.endswith(".zh.pdf")
    dear = next(m for m in inbox.messages if m["To"] == "d@example.org")
    text = PdfReader(io.BytesIO(attachment(dear).get_content())).pages[0].extract_text()
    assert "Prepared for Dr Ito, Sample Partners" in text
    again = run(*args)
    assert again.exit_code == 0 and len(inbox.messages) == 5
    assert "0 sent, 5 already sent before, 0 failed" in again.stderr


def test_server_stopping_mid_batch_then_rerun_completes_without_duplicates(smtp, tmp_path):
    port = free_port()
    first_inbox = Inbox(stop_after=2)
    server = smtp(first_inbox, port)
    args = ["mail", "investor", "--recipients", recipients_file(tmp_path / "r.csv"), "--smtp", f"127.0.0.1:{port}",
            "--out", tmp_path / "out", "--retries", "1", "--backoff", "0.01"]
    first = run(*args)
    assert first.exit_code == 7                      # delivery failures are reported with their own exit code
    assert "2 sent, 0 already sent before, 3 failed" in first.stderr
    server.stop()
    second_inbox = Inbox()
    smtp(second_inbox, port)
    second = run(*args)
    assert second.exit_code == 0, second.output
    delivered = [m["To"] for m in first_inbox.messages + second_inbox.messages]
    assert sorted(delivered) == [f"{c}@example.org" for c in "abcde"]    # each once
    db = sqlite3.connect(tmp_path / "out" / "outbox.sqlite")
    assert db.execute("select count(*) from messages where state = 'sent'").fetchone()[0] == 5


def test_transient_refusal_is_retried(smtp, tmp_path):
    inbox = Inbox(refuse_first=2)
    server = smtp(inbox)
    result = run("mail", "investor", "--to", "a@example.org", "--smtp", f"127.0.0.1:{server.port}", "--out", tmp_path,
                 "--backoff", "0.01")
    assert result.exit_code == 0, result.output
    assert len(inbox.messages) == 1 and inbox.calls == 3
    db = sqlite3.connect(tmp_path / "outbox.sqlite")
    assert db.execute("select state, attempts from messages").fetchone() == ("sent", 3)


def test_dry_run_writes_eml_files_that_parse_back(tmp_path):
    result = run("mail", "investor", "--recipients", recipients_file(tmp_path / "r.csv", 2), "--out", tmp_path / "out",
                 "--dry-run")
    assert result.exit_code == 0, result.output
    emls = sorted((tmp_path / "out" / "outbox").glob("*.eml"))
    assert len(emls) == 2
    for eml in emls:
        msg = email.message_from_bytes(eml.read_bytes(), policy=policy.default)
        part = attachment(msg)
        pdf = tmp_path / "out" / part.get_filename()
        assert part.get_content() == pdf.read_bytes()
    raw = b"".join(e.read_bytes() for e in emls)
    assert re.search(rb"filename\*(0\*)?=utf-8''investor-%E7%A4%BA", raw)   # RFC 2231 for the Chinese file name
    assert not (tmp_path / "out" / "outbox.sqlite").exists() or \
        sqlite3.connect(tmp_path / "out" / "outbox.sqlite").execute("select count(*) from messages").fetchone()[0] == 0


def test_bad_addresses_are_refused_before_sending(smtp, tmp_path):
    inbox = Inbox()
    server = smtp(inbox)
    path = tmp_path / "r.csv"
    path.write_text("email,name\nok@example.org,A\nnot-an-address,B\n", encoding="utf-8")
    result = run("mail", "investor", "--recipients", path, "--smtp", f"127.0.0.1:{server.port}", "--out", tmp_path)
    assert result.exit_code == 2 and "bad-address" in result.stderr and "not-an-address" in result.stderr
    assert inbox.messages == []


def test_password_never_in_files_or_output(smtp, tmp_path):
    (tmp_path / "mail.yaml").write_text("host: 127.0.0.1\npassword: hunter2\n", encoding="utf-8")
    result = run("mail", "investor", "--to", "a@example.org", "--out", tmp_path / "o", cwd=tmp_path)
    assert result.exit_code == 2 and "password-in-file" in result.stderr and "hunter2" not in result.output
