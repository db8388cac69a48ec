"""A real SMTP server on loopback (aiosmtpd) for the mail tests: it keeps what it receives, and can refuse, stall,
drop the connection after storing a message, speak STARTTLS with a test CA, and check logins."""
from __future__ import annotations

import asyncio
import csv
import email
import io
import socket
from email import policy

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from pypdf import PdfReader

SENDER = "briefs@example.org"


class Inbox:
    """An SMTP handler that keeps what it receives, and can refuse, stop, stall or hang up on cue."""

    def __init__(self, refuse_first: int = 0, stop_after: int | None = None, delay: float = 0.0,
                 drop_after_storing: bool = False, refuse_rcpt: tuple = ()):
        self.refuse_rcpt = set(refuse_rcpt)          # addresses answered "550 no such mailbox"
        self.messages: list[email.message.EmailMessage] = []
        self.envelopes: list[list[str]] = []
        self.tls: list[bool] = []
        self.refuse_first, self.stop_after, self.calls = refuse_first, stop_after, 0
        self.delay, self.drop_after_storing = delay, drop_after_storing

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse_rcpt:
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.calls += 1
        if self.calls <= self.refuse_first:
            return "451 4.3.0 try again later"
        if self.stop_after is not None and len(self.messages) >= self.stop_after:
            return "421 4.3.2 shutting down"
        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        self.envelopes.append(list(envelope.rcpt_tos))
        self.tls.append(session.ssl is not None)
        if self.drop_after_storing:            # stored, then the connection is lost before the answer
            server.transport.abort()
            return "250 OK"
        await asyncio.sleep(self.delay)          # stored, then the answer comes late
        return "250 OK"


class Logins:
    """An authenticator that accepts one user and password and counts every attempt."""

    def __init__(self, user: str = "briefs", password: str = "s3cret"):
        self.user, self.password, self.attempts = user.encode(), password.encode(), 0

    def __call__(self, server, session, envelope, mechanism, auth_data):
        self.attempts += 1
        ok = (auth_data.login, auth_data.password) == (self.user, self.password)
        return AuthResult(success=ok, handled=False)     # aiosmtpd answers 235 or 535


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp():
    """start(inbox, port=None, **controller_options) → a running server; all are stopped after the test."""
    servers = []

    def start(inbox: Inbox, port: int | None = None, **options):
        c = Controller(inbox, hostname="127.0.0.1", port=port or free_port(), **options)
        c.start()
        servers.append(c)
        return c
    yield start
    for c in servers:
        try:
            c.stop()
        except Exception:   # already stopped by the test
            pass


@pytest.fixture
def tls(tmp_path, monkeypatch):
    """A server-side TLS context for 127.0.0.1 from a test CA that the client is made to trust."""
    trustme = pytest.importorskip("trustme")
    ca = trustme.CA()
    ca_file = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    monkeypatch.setenv("SSL_CERT_FILE", str(ca_file))
    import ssl
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(context)
    return context


def attachment(msg):
    parts = list(msg.iter_attachments())
    assert len(parts) == 1 and parts[0].get_content_type() == "application/pdf"
    return parts[0]


def attached_text(msg) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(attachment(msg).get_content())).pages)


def recipients_file(path, n=5, rows=None):
    rows = rows or [("a@example.org", "Ms Chen", "Example Capital", "en", "energy"),
                    ("b@example.org", "李明", "示例资本", "zh", "life-sciences"),
                    ("c@example.org", "Mr Park", "Example Capital", "en", ""),
                    ("d@example.org", "Dr Ito", "Sample Partners", "en", "manufacturing"),
                    ("e@example.org", "Ms Diaz", "Ejemplo Fondos", "en", "")][:n]
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["email", "name", "organisation", "language", "sector"])
        w.writerows(rows)
    return path
