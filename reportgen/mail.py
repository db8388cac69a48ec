"""Email delivery: a brief attached to a message, sent over SMTP, with an outbox journal so nothing goes twice.

Messages are composed with the standard library (``email.message.EmailMessage``: MIME parts, RFC 2231 file
names, Message-ID, Date); bodies come from the templates `mail/<lang>/{subject.txt,body.txt,body.html}.j2`,
overridable like every other template. The outbox (SQLite, in the output folder) records each message's state,
so a run that stopped (crash, server down) can be repeated: it sends what is not yet delivered and nothing else.
"""
from __future__ import annotations

import hashlib
import os
import smtplib
import sqlite3
import ssl
import time
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from .errors import Problem, UserError

WARN_BYTES = 10 * 1024 * 1024


@dataclass
class Settings:
    host: str = "localhost"
    port: int = 25
    security: str = "none"          # none | starttls | ssl
    user: str = ""
    sender: str = "briefs@localhost"
    password: str = field(default="", repr=False)   # from the environment or keyring only; never printed

    def describe(self) -> str:
        return f"{self.host}:{self.port} ({self.security}{', as ' + self.user if self.user else ''})"


def settings(config: Path | None, smtp: str | None) -> Settings:
    """SMTP settings: config file (mail.yaml), then REPORTGEN_SMTP_* variables, then --smtp HOST:PORT."""
    from . import yamlfile
    s = Settings()
    path = config or (Path("mail.yaml") if Path("mail.yaml").is_file() else None)
    raw = (yamlfile.load(path, kind="usage") or {}) if path else {}
    if "password" in raw:
        raise UserError("usage", [Problem("password-in-file", "a password must not be stored in a file", str(path),
                                          yamlfile.line_of(raw, "password"),
                                          hint="set REPORTGEN_SMTP_PASSWORD or store it in the system keyring")])
    env = {k[len("REPORTGEN_SMTP_"):].lower(): v for k, v in os.environ.items() if k.startswith("REPORTGEN_SMTP_")}
    for key, value in {**raw, **env}.items():
        key = {"from": "sender"}.get(key, key)
        if key in ("host", "security", "user", "sender"):
            setattr(s, key, str(value))
        elif key == "port":
            s.port = int(value)
    if "port" not in raw and "port" not in env:
        s.port = {"ssl": 465, "starttls": 587}.get(s.security, 25)
    if smtp:
        host, _, port = smtp.rpartition(":")
        if not host or not port.isdigit():
            raise UserError("usage", [Problem("bad-smtp", f"--smtp {smtp!r} is not HOST:PORT")])
        s.host, s.port = host, int(port)
    if s.security not in ("none", "starttls", "ssl"):
        raise UserError("usage", [Problem("bad-security", f"security {s.security!r}", hint="none, starttls or ssl")])
    s.password = env.get("password", "") or _keyring(s)
    return s


def _keyring(s: Settings) -> str:
    if not s.user:
        return ""
    try:
        import keyring
    except ImportError:
        return ""
    return keyring.get_password("reportgen", f"{s.user}@{s.host}") or ""


def check_addresses(addresses: list[str], where: str = "") -> list[str]:
    """Normalised addresses; every invalid one is reported before anything is sent."""
    from email_validator import EmailNotValidError, validate_email
    out, problems = [], []
    for a in addresses:
        try:
            out.append(validate_email(a, check_deliverability=False).normalized)
        except EmailNotValidError as exc:
            problems.append(Problem("bad-address", f"{a!r}: {exc}", where, hint="fix the address and run again"))
    if problems:
        raise UserError("usage", problems)
    return out


def compose(env, lang: str, sender: str, to: list[str], cc: list[str], subject: str | None, context: dict,
            pdf: Path, message_id: str) -> EmailMessage:
    """A message with a plain-text and an HTML body and the brief attached as application/pdf."""
    from .templating import render
    ctx = {**context, "filename": pdf.name}
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = ", ".join(to)
    if cc:
        msg["Cc"] = ", ".join(cc)
    msg["Subject"] = subject or render(env, f"mail/{lang}/subject.txt.j2", ctx).strip()
    msg["Date"] = formatdate(localtime=True)
    msg["Message-ID"] = message_id
    msg.set_content(render(env, f"mail/{lang}/body.txt.j2", ctx))
    msg.add_alternative(render(env, f"mail/{lang}/body.html.j2", ctx), subtype="html")
    msg.add_attachment(pdf.read_bytes(), maintype="application", subtype="pdf", filename=pdf.name)
    return msg


class Outbox:
    """The journal: one row per message, keyed by what the message is (brief, language, addressees, params)."""

    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(path, isolation_level=None)   # autocommit: every state change is durable
        self.db.execute("""create table if not exists messages (
            key text primary key, recipients text, message_id text, state text, attempts integer default 0,
            last_error text default '', updated real)""")

    @staticmethod
    def key(*parts) -> str:
        return hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()[:24]

    def get(self, key: str) -> tuple[str, str] | None:
        row = self.db.execute("select state, message_id from messages where key = ?", (key,)).fetchone()
        return tuple(row) if row else None

    def pending(self, key: str, recipients: str, message_id: str) -> None:
        self.db.execute("insert or ignore into messages (key, recipients, message_id, state, updated) "
                        "values (?, ?, ?, 'pending', ?)", (key, recipients, message_id, time.time()))

    def mark(self, key: str, state: str, attempts: int, error: str = "") -> None:
        self.db.execute("update messages set state = ?, attempts = attempts + ?, last_error = ?, updated = ? "
                        "where key = ?", (state, attempts, error[:500], time.time(), key))


class Sender:
    """One SMTP connection, opened when first needed and again after a failure."""

    def __init__(self, s: Settings, timeout: float = 30):
        self.s, self.timeout, self.conn = s, timeout, None

    def _connect(self):
        s = self.s
        if s.security == "ssl":
            conn = smtplib.SMTP_SSL(s.host, s.port, timeout=self.timeout, context=ssl.create_default_context())
        else:
            conn = smtplib.SMTP(s.host, s.port, timeout=self.timeout)
            if s.security == "starttls":
                conn.starttls(context=ssl.create_default_context())
        if s.user:
            conn.login(s.user, s.password)
        return conn

    def send(self, msg: EmailMessage) -> None:
        if self.conn is None:
            self.conn = self._connect()
        try:
            self.conn.send_message(msg)
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        if self.conn is not None:
            try:
                self.conn.quit()
            except (smtplib.SMTPException, OSError):
                pass
            self.conn = None


def transient(exc: BaseException) -> bool:
    """Worth retrying: the connection failed, or the server answered 4xx."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(400 <= code < 500 for code, _ in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPResponseException):
        return 400 <= exc.smtp_code < 500
    return isinstance(exc, (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError, OSError))


def deliver(sender: Sender, msg: EmailMessage, retries: int, backoff: float) -> tuple[bool, str, int]:
    """Send with retries (exponential backoff) on transient failures; returns (sent, error, attempts)."""
    for attempt in range(1, retries + 2):
        try:
            sender.send(msg)
            return True, "", attempt
        except (smtplib.SMTPException, OSError) as exc:
            error = f"{type(exc).__name__}: {exc}"
            if not transient(exc) or attempt > retries:
                return False, error, attempt
            time.sleep(backoff * 2 ** (attempt - 1))
    return False, "retries exhausted", retries + 1


def new_message_id(sender: str) -> str:
    return make_msgid(domain=sender.rpartition("@")[2] or "localhost")
