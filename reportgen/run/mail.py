"""Email delivery: each person's own brief attached to a message, sent once, with an outbox journal.

A run has four steps, and nothing is sent unless the first three succeed for every message: every input is
checked (recipients rows, addresses, subject, settings; see ``run/recipients.py``), then every PDF is built
from its merged parameters (never reused from an earlier build, so Bob never gets the brief built for Alice),
then every message is composed from the mail templates, and only then are the messages sent. The journal (``run/outbox.py``) skips what was delivered before and holds back what
may have been (``unknown``) until the user asks for it again with ``--resend-unknown``.
"""
from __future__ import annotations

import time
import unicodedata
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from reportgen.compose import frame
from reportgen.core.errors import Problem, Problems
from reportgen.run.outbox import Entry, Outbox
from reportgen.run.smtp import Sender, Settings, Stop, deliver

WARN_BYTES = 10 * 1024 * 1024


def check_addresses(addresses: list[str], where: str, problems: Problems) -> list[str]:
    """Normalised addresses; each bad one is added to ``problems``, located at the option it came from."""
    from email_validator import EmailNotValidError, validate_email
    out = []
    for a in addresses:
        try:
            if any(unicodedata.category(ch) == "Cc" for ch in a):
                raise EmailNotValidError("it has a line break or control character")
            out.append(validate_email(a, check_deliverability=False).normalized)
        except EmailNotValidError as exc:
            problems.add("bad-address", f"{a!r}: {exc}", where, hint="fix the address and run again")
    return out


def check_subject(subject: str | None, problems: Problems) -> None:
    if subject and any(unicodedata.category(ch) == "Cc" for ch in subject):
        problems.add("line-break", f"the subject {subject!r} has a line break or control character", "--subject",
                     hint="a subject is one line: a line break could add headers to the message")


def compose(env, lang: str, sender: str, msg_spec: "Message", copies: dict, subject: str | None, context: dict,
            pdf: Path) -> EmailMessage:
    """A message with a plain-text and an HTML body and the brief attached as application/pdf."""
    from reportgen.compose.templating import render
    ctx = {**context, "filename": msg_spec.attachment}
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = ", ".join(msg_spec.to)
    for header in ("Cc", "Bcc"):               # smtplib sends to Bcc addresses and drops the header
        if copies.get(header.lower()):
            msg[header] = ", ".join(copies[header.lower()])
    rendered = render(env, f"mail/{lang}/subject.txt.j2", ctx)
    msg["Subject"] = subject or " ".join(rendered.split())      # a template's line breaks are not headers
    msg["Date"] = formatdate(localtime=True)
    msg["Message-ID"] = msg_spec.message_id
    msg.set_content(render(env, f"mail/{lang}/body.txt.j2", ctx))
    msg.add_alternative(render(env, f"mail/{lang}/body.html.j2", ctx), subtype="html")
    # a name beyond ASCII goes as RFC 2231 (filename*=utf-8''…); mail programs that do not read that take the
    # Content-Type's plain ASCII name instead of showing "ATT00001"
    plain = {} if msg_spec.attachment.isascii() else {"params": {"name": ascii_name(msg_spec.attachment)}}
    msg.add_attachment(pdf.read_bytes(), maintype="application", subtype="pdf", filename=msg_spec.attachment,
                       **plain)
    return msg


def ascii_name(name: str) -> str:
    """``investor-示例资本-李明.zh.pdf`` → ``investor.zh.pdf``: the characters beyond ASCII left out, tidily."""
    import re
    plain = re.sub(r"-+(?=\.)|^-+", "", re.sub(r"[^A-Za-z0-9._-]+", "-", name))
    plain = re.sub(r"-{2,}", "-", plain)
    return plain if plain[:1].isalnum() else "brief" + plain


@dataclass
class Message:
    """One message: addressees, language, merged brief parameters, and the PDF's file stem and attached name."""
    to: list[str]
    lang: str
    params: dict
    stem: str
    attachment: str
    key: str = ""
    message_id: str = ""


@dataclass
class Request:
    """What the command asks for, beyond the messages."""
    brief: object                       # the loaded Brief
    copies: dict                        # {"cc": [...], "bcc": [...]}
    subject: str | None
    out: Path
    dry_run: bool = False
    resend_unknown: bool = False
    rate: float | None = None
    retries: int = 3
    backoff: float = 2.0


@dataclass
class Report:
    """What a run did, for the summary; ``stopped`` is the problem that ended it early."""
    sent: list[Message] = field(default_factory=list)
    already: list[Message] = field(default_factory=list)
    failed: list[tuple[Message, str]] = field(default_factory=list)
    refused: list[tuple[Message, dict]] = field(default_factory=list)   # sent, but some addressees refused
    unknown: list[tuple[Message, str]] = field(default_factory=list)
    held: list[Entry] = field(default_factory=list)       # unknown since an earlier run, not sent again
    files: list[Path] = field(default_factory=list)      # the .eml files of a dry run
    stopped: Problem | None = None


def plan(messages: list[Message], req: Request, s: Settings, outbox: Outbox | None, report: Report) -> list[Message]:
    """Key every message, and return those to send now (not delivered, not of unknown fate unless asked)."""
    from reportgen.brief.parameters import digest
    todo = []
    for msg_spec in messages:
        msg_spec.key = Outbox.key(req.brief.name, msg_spec.lang, ",".join(msg_spec.to), ",".join(req.copies["cc"]),
                                  ",".join(req.copies["bcc"]), digest(msg_spec.params), req.subject or "")
        known = outbox.get(msg_spec.key) if outbox else None
        msg_spec.message_id = known.message_id if known else make_msgid(domain=s.sender_address.rpartition("@")[2])
        if known and known.state == "sent":
            report.already.append(msg_spec)
        elif not (known and known.state == "unknown" and not req.resend_unknown):
            todo.append(msg_spec)
    return todo


def build_all(todo: list[Message], req: Request, project, progress) -> None:
    """Build every message's PDF from its own parameters; if any fails, every problem is raised and nothing sent."""
    from reportgen.run import batch
    from reportgen.run.builder import build_time
    epoch = int(build_time().timestamp())
    jobs = [batch.Job(req.brief.name, m.lang, ("pdf",), str(req.out), tuple(sorted(m.params.items())), m.stem, epoch)
            for m in todo]
    problems, error = [], None
    with progress(len(jobs), f"Building {len(jobs)} briefs") as bar:
        for outcome in batch.run(jobs, project, batch.processes_for(len(jobs), 2)):
            problems += outcome.problems
            error = error or outcome.error
            bar.update(1)
    if error:
        raise error(problems)


def compose_all(todo: list[Message], req: Request, s: Settings, env, warn) -> list[tuple[Message, EmailMessage]]:
    """Every message, composed before the first is sent: a mail template that fails for one fails the run."""
    out = []
    for msg_spec in todo:
        pdf = req.out / f"{msg_spec.stem}.pdf"
        context = {"title": frame.title(req.brief, msg_spec.lang, msg_spec.params), "recipient_name": "", "recipient_org": "",
                   "subtitle": req.brief.subtitle.get(msg_spec.lang, ""), **msg_spec.params}
        out.append((msg_spec, compose(env, msg_spec.lang, s.sender, msg_spec, req.copies, req.subject, context, pdf)))
        if pdf.stat().st_size > WARN_BYTES:
            warn(f"warning: {pdf.name} is {pdf.stat().st_size / 2**20:.1f} MB; many servers refuse over 10 MB")
    return out


def send_all(composed: list[tuple[Message, EmailMessage]], req: Request, s: Settings, outbox: Outbox | None,
             report: Report, progress) -> None:
    """Send (or, on a dry run, write as .eml) each message in turn, journalling its fate."""
    from reportgen.run.staging import atomic_write
    sender = None if req.dry_run else Sender(s)
    last = 0.0
    try:
        with progress(len(composed), f"{'Writing' if req.dry_run else 'Sending'} {len(composed)} messages") as bar:
            for msg_spec, msg in composed:
                if req.dry_run:
                    report.files.append(req.out / "outbox" / f"{msg_spec.stem}.{msg_spec.key[:8]}.eml")
                    atomic_write(report.files[-1], bytes(msg))
                else:
                    if req.rate and last:
                        time.sleep(max(0.0, 60.0 / req.rate - (time.monotonic() - last)))
                    _send_one(sender, msg, msg_spec, req, outbox, report)
                    last = time.monotonic()
                bar.update(1)
    finally:
        if sender:
            sender.close()


def _send_one(sender: Sender, msg: EmailMessage, msg_spec: Message, req: Request, outbox: Outbox,
              report: Report) -> None:
    outbox.sending(msg_spec.key, ", ".join(msg_spec.to), msg_spec.attachment, msg_spec.message_id)
    try:
        result = deliver(sender, msg, req.retries, req.backoff)
    except Stop as exc:
        outbox.mark(msg_spec.key, "failed", 1, str(exc))       # a refused login comes before the message
        report.stopped = exc.problem
        raise
    outbox.mark(msg_spec.key, result.state, result.attempts, result.error)
    if result.refused:
        report.refused.append((msg_spec, result.refused))
    elif result.state == "sent":
        report.sent.append(msg_spec)
    else:
        (report.unknown if result.state == "unknown" else report.failed).append((msg_spec, result.error))


def run(messages: list[Message], req: Request, s: Settings, project, progress, warn) -> Report:
    """Check, build, send. ``progress(length, label)`` is a context manager with ``update(n)``; ``warn(text)``
    prints. The report says what happened, also when a ``Stop`` ended the run early."""
    from reportgen.compose.templating import environment
    outbox = None if req.dry_run else Outbox(req.out / "outbox.sqlite")
    report = Report()
    todo = plan(messages, req, s, outbox, report)
    if outbox:
        resending = {m.key for m in todo}
        report.held = [e for e in outbox.unknown() if e.key not in resending]
    if todo:
        build_all(todo, req, project, progress)
        composed = compose_all(todo, req, s, environment(project.template_dirs), warn)
        try:
            send_all(composed, req, s, outbox, report, progress)
        except Stop:
            pass
    return report
