"""SMTP: settings, a connection that encrypts before it logs in, and a delivery that knows what it does not know.

Three outcomes matter. *Sent*: the server answered 250 to the message. *Failed*: the server refused it, or the
connection broke before the message's last line went out, so nothing was delivered and trying again is safe.
*Unknown*: the last line went out but no answer came (the connection dropped, or the answer was slower than the
timeout); the server may have delivered it, so it is never sent again unless the user says so. Some failures
concern every message (a refused login, a server without STARTTLS where encryption is required): they raise
``Stop`` at once, with no retry and no further login, so an account is not locked by repeated attempts.
"""
from __future__ import annotations

import os
import smtplib
import ssl
import time
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import parseaddr
from pathlib import Path

from reportgen.core.errors import Problem, Problems, UsageError

_DEFAULT_PORT = {"ssl": 465, "starttls": 587, "auto": 25}
ENV_PREFIX = "REPORTGEN_SMTP_"
_OPTIONS = {"host": "--smtp", "port": "--smtp", "from": "--from", "timeout": "--timeout"}


@dataclass
class Settings:
    host: str = "localhost"
    port: int = 25
    security: str = "auto"          # auto: STARTTLS when offered (required on 587) | starttls | ssl
    user: str = ""
    sender: str = ""                # the From header value; required
    timeout: float = 30.0
    password: str = field(default="", repr=False)   # from the environment or keyring only; never printed

    def describe(self) -> str:
        return f"{self.host}:{self.port} ({self.security}{', as ' + self.user if self.user else ''})"

    @property
    def sender_address(self) -> str:
        return parseaddr(self.sender)[1]


def settings(config: Path | None, smtp: str | None, sender: str | None = None, timeout: float | None = None,
             project_mail: dict | None = None, project_file: Path | None = None) -> Settings:
    """SMTP settings, each place over the ones before it: the project file's ``mail:``, mail.yaml (or
    --config), the REPORTGEN_SMTP_* variables, then --smtp, --from and --timeout. Every place is checked against
    the one schema (``core.mail_settings``) where it is written; a ``UsageError`` lists every problem."""
    from reportgen.core import files as yamlfile
    env = {k[len(ENV_PREFIX):].lower(): v for k, v in os.environ.items() if k.startswith(ENV_PREFIX)}
    password = env.pop("password", "")
    problems, options = Problems(), {"from": sender, "timeout": timeout}
    if smtp:
        host, _, port = smtp.rpartition(":")
        if host and port.isdigit():
            options.update(host=host, port=port)
        else:
            problems.add("bad-smtp", f"--smtp {smtp!r} is not HOST:PORT", "--smtp")
    path = config or (Path("mail.yaml") if Path("mail.yaml").is_file() else None)
    places = [(project_mail, project_file, None),
              (yamlfile.load(path, error=UsageError) if path else None, path, None),
              (env, "", lambda key: f"{ENV_PREFIX}{str(key).upper()}"),
              ({k: v for k, v in options.items() if v is not None}, "", _OPTIONS.get)]
    merged = {}
    for data, where, file_of in places:
        merged.update(_checked(data, where, file_of, problems))
    problems.raise_errors(UsageError)
    s = Settings(**{"port": _DEFAULT_PORT[merged.get("security", "auto")], **merged})
    if not s.sender:
        raise UsageError([Problem("no-sender", "no sender address is set", "--from",
                                  hint="set `from: briefs@your-domain` in mail.yaml, REPORTGEN_SMTP_FROM, or --from ADDR")])
    s.password = password or _keyring(s)
    return s


def _checked(data, where: Path | str | None, file_of, problems: Problems) -> dict:
    """The settings one place sets (a key left blank sets nothing), checked; what does not fit is added to
    ``problems`` where it is written."""
    from reportgen.core.mail_settings import MailSettings
    from reportgen.core.schema import validate
    if data is None:
        return {}
    try:
        return validate(MailSettings, data, str(where or ""), UsageError, "mail settings",
                        file_of).model_dump(exclude_unset=True, exclude_none=True)
    except UsageError as exc:
        problems.items += exc.problems
        return {}


def _keyring(s: Settings) -> str:
    if not s.user:
        return ""
    try:
        import keyring
    except ImportError:
        return ""
    return keyring.get_password("reportgen", f"{s.user}@{s.host}") or ""


class Stop(Exception):
    """A failure that concerns every message: the run stops at once."""

    def __init__(self, code: str, message: str, hint: str = ""):
        super().__init__(message)
        self.problem = Problem(code, message, hint=hint)


def _text(reply) -> str:
    return reply.decode(errors="replace") if isinstance(reply, bytes) else str(reply)


class Unknown(Exception):
    """The message's last line reached the server, but its answer did not reach us."""


class _Tracking:
    """Notes when the end of a message's data (the final ``.`` line) has been handed to the network."""
    data_ended = False

    def send(self, s):
        super().send(s)
        if isinstance(s, bytes) and s.endswith(b"\r\n.\r\n"):
            self.data_ended = True


class _SMTP(_Tracking, smtplib.SMTP):
    pass


class _SMTPSSL(_Tracking, smtplib.SMTP_SSL):
    pass


class Sender:
    """One SMTP connection, opened when first needed and again after a failure."""

    def __init__(self, s: Settings):
        self.s, self.conn = s, None

    def _connect(self):
        try:
            return self._open()
        except (smtplib.SMTPConnectError, smtplib.SMTPServerDisconnected, OSError) as exc:
            raise Unreachable(f"{self.s.host}:{self.s.port}: {getattr(exc, 'strerror', None) or exc}") from None

    def _open(self):
        s, context = self.s, ssl.create_default_context()
        try:
            if s.security == "ssl":
                return self._login(_SMTPSSL(s.host, s.port, timeout=s.timeout, context=context), True)
            conn = _SMTP(s.host, s.port, timeout=s.timeout)
            conn.ehlo()
            if conn.has_extn("starttls"):
                conn.starttls(context=context)
                conn.ehlo()
                return self._login(conn, True)
        except ssl.SSLError as exc:
            raise Stop("tls-failed", f"TLS with {s.host}:{s.port} failed: {exc}",
                       "the server's certificate must be valid for its name") from None
        if s.security == "starttls" or s.port == 587:
            conn.close()
            raise Stop("no-starttls", f"{s.host}:{s.port} does not offer STARTTLS, which this connection requires",
                       "check the server and port (587 always uses STARTTLS; 465 is security: ssl)")
        return self._login(conn, False)

    def _login(self, conn, encrypted: bool):
        s = self.s
        if not s.user:
            return conn
        if not encrypted:
            conn.close()
            raise Stop("plain-login", f"{s.host}:{s.port} offers no encryption; the password is never sent in clear",
                       "use a server or port with STARTTLS (587) or SSL (465)")
        offered = conn.esmtp_features.get("auth", "").upper().split()
        mechanism = next((m for m in ("PLAIN", "LOGIN") if m in offered), None)
        if mechanism is None:
            conn.close()
            raise Stop("no-auth", f"{s.host}:{s.port} offers no PLAIN or LOGIN authentication",
                       "remove `user` from the settings if the server needs no login")
        conn.user, conn.password = s.user, s.password
        try:                                    # one attempt, one mechanism: a refused login is not repeated
            conn.auth(mechanism, getattr(conn, f"auth_{mechanism.lower()}"))
        except (smtplib.SMTPException, OSError) as exc:
            conn.close()
            detail = f"{exc.smtp_code} {_text(exc.smtp_error)}" if isinstance(exc, smtplib.SMTPResponseException) \
                else f"{type(exc).__name__}: {exc}"
            raise Stop("login-refused", f"{s.host} refused the login of {s.user!r}: {detail}",
                       "check the user and REPORTGEN_SMTP_PASSWORD (or the keyring); nothing more was tried") from None
        return conn

    def send(self, msg: EmailMessage) -> dict:
        """Send ``msg``; returns the addressees the server refused (others were accepted)."""
        if self.conn is None:
            self.conn = self._connect()
        self.conn.data_ended = False
        try:
            return self.conn.send_message(msg)
        except smtplib.SMTPResponseException:
            self.close()
            raise                                   # an answer came: the server refused the message
        except (smtplib.SMTPException, OSError) as exc:
            ended = self.conn.data_ended
            self.close()
            if ended:
                raise Unknown(f"{type(exc).__name__}: {exc or 'no answer'}") from None
            raise

    def close(self) -> None:
        if self.conn is not None:
            try:
                self.conn.quit()
            except (smtplib.SMTPException, OSError):
                self.conn.close()
            self.conn = None


def transient(exc: BaseException) -> bool:
    """Worth retrying: the connection failed before the message was complete, or the server answered 4xx."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(400 <= code < 500 for code, _ in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPResponseException):
        return 400 <= exc.smtp_code < 500
    return isinstance(exc, (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError, OSError))


@dataclass
class Result:
    state: str               # sent | failed | unknown
    error: str
    attempts: int
    refused: dict = field(default_factory=dict)    # of a sent message: addressee → the server's refusal


class Unreachable(OSError):
    """No connection to the server at all: every later message would fail the same way."""


def deliver(sender: Sender, msg: EmailMessage, retries: int, backoff: float) -> Result:
    """Send with retries (exponential backoff) on transient failures. ``Stop`` passes through; an unknown fate
    is never retried."""
    for attempt in range(1, retries + 2):
        try:
            refused = {a: f"{code} {_text(reply)}" for a, (code, reply) in sender.send(msg).items()}
            return Result("sent", "refused: " + "; ".join(f"{a} ({r})" for a, r in refused.items()) if refused
                          else "", attempt, refused)
        except Unknown as exc:
            return Result("unknown", str(exc), attempt)
        except (smtplib.SMTPException, OSError) as exc:
            error = f"{type(exc).__name__}: {exc}"
            if isinstance(exc, Unreachable) and attempt > retries:    # the server is down: stop, do not go on
                raise Stop("server-unreachable", f"cannot connect to the mail server: {exc}",
                           "check the host and port, or that the server runs; the messages not tried go out "
                           "when the same command is run again") from None
            if not transient(exc) or attempt > retries:
                return Result("failed", error, attempt)
            time.sleep(backoff * 2 ** (attempt - 1))
    return Result("failed", "retries exhausted", retries + 1)
