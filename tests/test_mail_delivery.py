"""Never twice, never in clear: unknown fates, timeouts, a killed run, refused logins and STARTTLS, against a real
SMTP server on loopback."""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from conftest import ROOT, run
from mailserver import SENDER, Inbox, Logins, recipients_file


def mail(port, *args):
    return run("mail", "investor", "--smtp", f"127.0.0.1:{port}", "--from", SENDER, *args)


def states(out) -> list[str]:
    return sorted(r[0] for r in sqlite3.connect(out / "outbox.sqlite").execute("select state from messages"))


def test_a_server_that_stores_then_hangs_up_leaves_the_fate_unknown_and_nothing_is_resent(smtp, tmp_path):
    inbox = Inbox(drop_after_storing=True)
    server = smtp(inbox)
    args = ["--recipients", recipients_file(tmp_path / "r.csv", 2), "--out", tmp_path, "--backoff", "0.01"]
    first = mail(server.port, *args)
    assert first.exit_code == 7
    assert "0 sent, 0 already sent before, 0 failed, 2 unknown" in first.stderr
    assert "unknown whether investor-example-capital-ms-chen.en.pdf reached a@example.org" in first.stderr
    assert len(inbox.messages) == 2 and states(tmp_path) == ["unknown", "unknown"]     # stored once, no retry
    inbox.drop_after_storing = False
    second = mail(server.port, *args)
    assert second.exit_code == 7, second.output             # nothing delivered: not a success
    assert "held back, fate unknown since an earlier run" in second.stderr and "--resend-unknown" in second.stderr
    assert "error held-back: 2 message(s) of unknown fate held back, not sent" in second.stderr
    assert len(inbox.messages) == 2
    third = mail(server.port, *args, "--resend-unknown")
    assert third.exit_code == 0, third.output
    assert len(inbox.messages) == 4 and states(tmp_path) == ["sent", "sent"]
    ids = [m["Message-ID"] for m in inbox.messages]
    assert ids[:2] == ids[2:]                            # the same Message-ID, so a receiver can tell


def test_a_reply_slower_than_the_timeout_is_unknown(smtp, tmp_path):
    inbox = Inbox(delay=3)
    server = smtp(inbox)
    started = time.monotonic()
    result = mail(server.port, "--to", "a@example.org", "--out", tmp_path, "--timeout", "1", "--backoff", "0.01")
    assert result.exit_code == 7 and "1 unknown" in result.stderr
    assert time.monotonic() - started < 30
    assert len(inbox.messages) == 1 and states(tmp_path) == ["unknown"]
    settle = run("mail", "investor", "--out", tmp_path, "--mark-unknown-sent")
    assert settle.exit_code == 0 and "recorded as delivered: investor.en.pdf to a@example.org" in settle.output
    assert states(tmp_path) == ["sent"]


def test_a_run_killed_mid_send_leaves_the_fate_unknown(smtp, tmp_path):
    inbox = Inbox(delay=20)
    server = smtp(inbox)
    command = [sys.executable, "-m", "reportgen", "mail", "investor", "--to", "a@example.org", "--smtp",
               f"127.0.0.1:{server.port}", "--from", SENDER, "--out", str(tmp_path)]
    proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    deadline = time.monotonic() + 120
    while not inbox.messages and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.1)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert len(inbox.messages) == 1
    inbox.delay = 0
    again = mail(server.port, "--to", "a@example.org", "--out", tmp_path)
    assert again.exit_code == 7, again.output
    assert "held back, fate unknown since an earlier run: investor.en.pdf to a@example.org" in again.stderr
    assert len(inbox.messages) == 1 and states(tmp_path) == ["unknown"]


def test_starttls_is_used_and_the_password_goes_only_over_it(smtp, tls, tmp_path, monkeypatch):
    monkeypatch.setenv("REPORTGEN_SMTP_USER", "briefs")
    monkeypatch.setenv("REPORTGEN_SMTP_PASSWORD", "s3cret")
    inbox, logins = Inbox(), Logins()
    server = smtp(inbox, tls_context=tls, authenticator=logins, auth_require_tls=True)
    result = mail(server.port, "--recipients", recipients_file(tmp_path / "r.csv", 2), "--out", tmp_path)
    assert result.exit_code == 0, result.output
    assert inbox.tls == [True, True] and logins.attempts == 1         # one connection, one login
    plain_logins = Logins()
    plain = smtp(Inbox(), authenticator=plain_logins, auth_require_tls=False)   # would take a password in clear
    refused = mail(plain.port, "--to", "a@example.org", "--out", tmp_path / "plain")
    assert refused.exit_code == 7 and "error plain-login" in refused.stderr and plain_logins.attempts == 0
    assert "s3cret" not in refused.output


def test_a_refused_login_stops_at_once(smtp, tls, tmp_path, monkeypatch):
    monkeypatch.setenv("REPORTGEN_SMTP_USER", "briefs")
    monkeypatch.setenv("REPORTGEN_SMTP_PASSWORD", "wrong")
    inbox, logins = Inbox(), Logins()
    server = smtp(inbox, tls_context=tls, authenticator=logins, auth_require_tls=True)
    started = time.monotonic()
    result = mail(server.port, "--recipients", recipients_file(tmp_path / "r.csv", 3), "--out", tmp_path,
                  "--backoff", "5")
    assert result.exit_code == 7 and "error login-refused" in result.stderr and "'briefs'" in result.stderr
    assert "timed out" not in result.stderr and time.monotonic() - started < 30    # no retry, no backoff
    assert logins.attempts == 1 and inbox.messages == []
    assert "wrong" not in result.output


def test_starttls_is_required_where_it_must_be(smtp, tmp_path, monkeypatch):
    server = smtp(Inbox())
    monkeypatch.setenv("REPORTGEN_SMTP_SECURITY", "starttls")
    result = mail(server.port, "--to", "a@example.org", "--out", tmp_path)
    assert result.exit_code == 7 and "error no-starttls" in result.stderr
    from reportgen.run import smtp as smtp_module

    class NoTls:                        # a server on 587 that offers no STARTTLS
        def __init__(self, *args, **kwargs):
            self.closed = False

        def ehlo(self):
            pass

        def has_extn(self, name):
            return False

        def close(self):
            self.closed = True
    monkeypatch.setattr(smtp_module, "_SMTP", NoTls)
    with pytest.raises(smtp_module.Stop, match="STARTTLS"):
        smtp_module.Sender(smtp_module.Settings(port=587, sender=SENDER))._connect()


def test_line_breaks_in_the_subject_or_an_address_are_refused_before_anything(smtp, tmp_path):
    inbox = Inbox()
    server = smtp(inbox)
    result = mail(server.port, "--to", "a@example.org", "--subject", "Hello\r\nBcc: victim@example.org",
                  "--cc", "b@example.org\nBcc: c@example.org", "--out", tmp_path)
    assert result.exit_code == 2
    assert "--subject: error line-break" in result.stderr and "--cc: error bad-address" in result.stderr
    assert "Traceback" not in result.output and inbox.messages == [] and not list(tmp_path.glob("*.pdf"))


def test_an_addressee_the_server_refuses_is_reported_not_sent(smtp, tmp_path):
    """A Cc or Bcc the server refuses (550 at RCPT) used to be reported "sent" with exit 0: each refused
    addressee is named, the run exits 7, and a rerun does not send the message again to those who have it."""
    inbox = Inbox(refuse_rcpt=("gone@example.org", "hidden@example.org"))
    server = smtp(inbox)
    args = ["--to", "a@example.org", "--cc", "gone@example.org", "--bcc", "hidden@example.org", "--out", tmp_path]
    first = mail(server.port, *args)
    assert first.exit_code == 7, first.output
    for address in ("gone@example.org", "hidden@example.org"):
        assert f"not sent to {address}: the server refused this addressee of investor.en.pdf (550" in first.stderr
    assert "error addressee-refused: 2 addressee(s) refused by the server" in first.stderr
    assert "sent investor.en.pdf to" not in first.stdout
    assert inbox.envelopes == [["a@example.org"]]
    again = mail(server.port, *args)
    assert "1 already sent before" in again.stderr and len(inbox.messages) == 1


def test_a_server_that_is_down_stops_the_run_after_the_first_message(tmp_path):
    """Not retried message by message (hours for a long list): the first message's retries, then one error."""
    from mailserver import free_port
    start = time.monotonic()
    result = mail(free_port(), "--recipients", recipients_file(tmp_path / "r.csv", 3), "--out", tmp_path,
                  "--backoff", "0.01", "--retries", "2")
    assert result.exit_code == 7, result.output
    assert "error server-unreachable: cannot connect to the mail server: 127.0.0.1:" in result.stderr
    assert states(tmp_path) == ["failed"] and time.monotonic() - start < 120
    assert "Traceback" not in result.output
