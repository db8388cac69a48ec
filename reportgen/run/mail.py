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

from reportgen.core.errors import Problem, UsageError

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
    from reportgen.core import files as yamlfile
    s = Settings()
    path = config or (Path("mail.yaml") if Path("mail.yaml").is_file() else None)
    raw = (yamlfile.load(path, error=UsageError) or {}) if path else {}
    if "password" in raw:
        raise UsageError([Problem("password-in-file", "a password must not be stored in a file", str(path),
                                          yamlfile.line_of(raw, "password"),
                                          hint="set REPORTGEN_SMTP_PASSWORD or store it in the system keyring")])
    env = {k[len("REPORTGEN_SMTP_"):].lower(): v for k, v in os.environ.items() if k.startswith("REPORTGEN_SMTP_")}
    for key, value in {**raw, **env}.items():
        key = {"from": "sender"}.get(key, key)
        if key in ("host", "security", "user", "sender"):
            setattr(s, key, str(value))
        elif key == "port":
            s.port = _port(value, "REPORTGEN_SMTP_PORT" if key in env else str(path), yamlfile.line_of(raw, "port"))
    if "port" not in raw and "port" not in env:
        s.port = {"ssl": 465, "starttls": 587}.get(s.security, 25)
    if smtp:
        host, _, port = smtp.rpartition(":")
        if not host or not port.isdigit():
            raise UsageError([Problem("bad-smtp", f"--smtp {smtp!r} is not HOST:PORT")])
        s.host, s.port = host, int(port)
    if s.security not in ("none", "starttls", "ssl"):
        raise UsageError([Problem("bad-security", f"security {s.security!r}", hint="none, starttls or ssl")])
    s.password = env.get("password", "") or _keyring(s)
    return s


def _port(value, where: str, line: int | None) -> int:
    """A port number from a settings file or variable, or a located error."""
    if not str(value).strip().isdigit() or not 0 < int(value) < 65536:
        raise UsageError([Problem("bad-port", f"port {value!r} is not a number from 1 to 65535", where,
                                          None if where.startswith("REPORTGEN_") else line,
                                          hint="e.g. 587 (STARTTLS), 465 (SSL) or 25")])
    return int(value)


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
        raise UsageError(problems)
    return out


def compose(env, lang: str, sender: str, to: list[str], cc: list[str], subject: str | None, context: dict,
            pdf: Path, message_id: str) -> EmailMessage:
    """A message with a plain-text and an HTML body and the brief attached as application/pdf."""
    from reportgen.compose.templating import render
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


@dataclass
class Message:
    """One message to send: addressees, language, brief parameters, and the recipient row (for its file name)."""
    to: list[str]
    lang: str
    params: dict
    row: dict | None = None


def inputs_mtime(project) -> float:
    """The newest modification time among everything a brief is built from (read once per run)."""
    dirs = project.brief_dirs + project.template_dirs + project.theme_dirs + project.asset_dirs + [project.data_dir]
    return max((p.stat().st_mtime for d in dirs for p in d.rglob("*") if p.is_file()), default=0.0)


def send_briefs(builder, brief: str, messages: list[Message], cc: list[str], subject: str | None, s: Settings,
                out: Path, dry_run: bool, rate: float | None, retries: int, backoff: float, echo) -> tuple[int, int, int]:
    """Build (or reuse) each message's PDF and send it, or write it as .eml on a dry run; the outbox journal
    skips what was delivered before. Returns (sent, already sent, failed); ``echo(text, error)`` reports."""
    from reportgen.run.batch import recipient_stem, unique_stem
    from reportgen.run.staging import atomic_write
    outbox = Outbox(out / "outbox.sqlite")
    sender = None if dry_run else Sender(s)
    newest_input = inputs_mtime(builder.project)
    b = builder.brief(brief)
    sent = skipped = failed = 0
    last, used = 0.0, set()
    try:
        for msg_spec in messages:
            key = Outbox.key(brief, msg_spec.lang, ",".join(msg_spec.to), ",".join(cc), sorted(msg_spec.params.items()),
                             subject or "")
            known = outbox.get(key)
            if known and known[0] == "sent" and not dry_run:
                skipped += 1
                continue
            stem = f"{brief}.{msg_spec.lang}"          # a personalised brief is named for its recipient
            if msg_spec.row is not None:
                stem = unique_stem(recipient_stem("{brief}-{organisation}-{name}", brief, msg_spec.lang, 0,
                                                  msg_spec.row), used) + f".{msg_spec.lang}"
            pdf = out / f"{stem}.pdf"
            if not (pdf.exists() and pdf.stat().st_mtime >= newest_input):
                builder.build(brief, msg_spec.lang, ["pdf"], out, msg_spec.params, stem)
            message_id = known[1] if known else new_message_id(s.sender)
            context = {"title": b.title.get(msg_spec.lang, ""), "subtitle": b.subtitle.get(msg_spec.lang, ""),
                       "recipient_name": "", "recipient_org": "", **msg_spec.params}
            msg = compose(builder.env, msg_spec.lang, s.sender, msg_spec.to, cc, subject, context, pdf, message_id)
            size = pdf.stat().st_size
            if size > WARN_BYTES:
                echo(f"warning: {pdf.name} is {size / 2**20:.1f} MB; many mail servers refuse over 10 MB", True)
            if dry_run:
                eml = out / "outbox" / f"{pdf.stem}.{key[:8]}.eml"
                atomic_write(eml, bytes(msg))
                echo(str(eml), False)
                continue
            outbox.pending(key, ",".join(msg_spec.to), message_id)
            if rate and last:
                time.sleep(max(0.0, 60.0 / rate - (time.monotonic() - last)))
            ok, error, attempts = deliver(sender, msg, retries, backoff)
            last = time.monotonic()
            outbox.mark(key, "sent" if ok else "failed", attempts, error)
            if ok:
                sent += 1
                echo(f"sent {pdf.name} to {', '.join(msg_spec.to)}", False)
            else:
                failed += 1
                echo(f"not sent to {', '.join(msg_spec.to)}: {error}", True)
    finally:
        if sender:
            sender.close()
    return sent, skipped, failed
