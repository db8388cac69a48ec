"""``reportgen mail``: the options, the checks that come before anything is sent, and the summary after.

The work itself is in ``run/mail.py`` (build and send), ``run/smtp.py`` and ``run/outbox.py``.
"""
from __future__ import annotations

import sys
from pathlib import Path

import click

from reportgen.cli import _complete_briefs, _given, _project, main
from reportgen.cli.output import NORMAL, out as say
from reportgen.core.errors import DeliveryError, Problem, Problems, RenderError, UsageError, UserError
from reportgen.core.langs import LANGS


@main.command(short_help="Email BRIEF as a PDF, to addresses or one per recipient.")
@click.argument("brief", shell_complete=_complete_briefs)
@click.option("--to", "to", multiple=True, metavar="ADDR", help="Recipient address (repeatable).")
@click.option("--cc", multiple=True, metavar="ADDR", help="Copy to (repeatable).")
@click.option("--bcc", multiple=True, metavar="ADDR", help="Blind copy to (repeatable); not shown to the others.")
@click.option("--recipients", type=click.Path(exists=True, dir_okay=False),
              help="CSV with email, name, organisation, language, sector: one personalised brief and message per row.")
@click.option("--lang", type=click.Choice(LANGS), default="en", show_default=True,
              help="Language of brief and message (a recipients row's language wins).")
@click.option("--subject", help="Subject line (default: from the mail/<lang>/subject.txt.j2 template).")
@click.option("--param", "params", multiple=True, metavar="KEY=VALUE", help="A brief parameter (repeatable).")
@click.option("--params", "params_file", type=click.Path(exists=True, dir_okay=False),
              help="A YAML file of parameters (--param and a recipients row win over it).")
@click.option("--out", type=click.Path(file_okay=False), default="out", show_default=True,
              help="Folder for the briefs, the outbox journal (outbox.sqlite) and --dry-run messages.")
@click.option("--templates", type=click.Path(exists=True, file_okay=False), help="Your template folder.")
@click.option("--smtp", "smtp_server", metavar="HOST:PORT",
              help="SMTP server, overriding mail.yaml and REPORTGEN_SMTP_HOST/PORT.")
@click.option("--from", "sender", metavar="ADDR", help="Sender address, overriding mail.yaml and REPORTGEN_SMTP_FROM.")
@click.option("--config", type=click.Path(exists=True, dir_okay=False), help="SMTP settings file (default ./mail.yaml).")
@click.option("--dry-run", is_flag=True, help="Write .eml files to OUT/outbox/ instead of sending.")
@click.option("--rate", type=click.FloatRange(min=0.1), help="At most this many messages per minute.")
@click.option("--retries", type=click.IntRange(0), default=3, show_default=True, help="Retries of a transient failure.")
@click.option("--backoff", type=click.FloatRange(min=0), default=2.0, show_default=True,
              help="Seconds before the first retry; doubled for each further one.")
@click.option("--timeout", type=click.FloatRange(min=0.1),
              help="Seconds to wait for the server at each step (default: the settings' timeout, else 30).")
@click.option("--resend-unknown", is_flag=True,
              help="Send again the messages whose fate is unknown (the server may have them already).")
@click.option("--mark-unknown-sent", is_flag=True,
              help="Record the messages of unknown fate as delivered (after checking that they arrived).")
def mail(brief, to, cc, bcc, recipients, lang, subject, params, params_file, out, templates, smtp_server, sender,
         config, dry_run, rate, retries, backoff, timeout, resend_unknown, mark_unknown_sent):
    """Email BRIEF as a PDF attachment: to --to addresses, or one personalised message per --recipients row.

    Everything is checked, and every PDF built, before the first message goes out. The outbox journal in OUT
    remembers each message's fate: running the same command again sends only what was not delivered, and holds
    back what may have been (see --resend-unknown). The SMTP password comes from REPORTGEN_SMTP_PASSWORD or
    the system keyring, never from a file.
    """
    from reportgen.run import mail as m
    project = _project(templates, None)
    project.check_out(Path(out))
    for path, what in ((params_file, "the --params file"), (recipients, "the --recipients file"),
                       (config, "the --config file")):
        project.check_given(path, what)
    req = m.Request(_load_brief(project, brief), {}, subject, Path(out), dry_run, resend_unknown, rate, retries,
                    backoff)
    from reportgen.run.outbox import exclusive
    if mark_unknown_sent:
        with exclusive(req.out):
            return _settle_unknown(req.out)
    problems = Problems()
    m.check_subject(subject, problems)
    req.copies = {"cc": m.check_addresses(list(cc), "--cc", problems),
                  "bcc": m.check_addresses(list(bcc), "--bcc", problems)}
    given = _given(params, params_file)
    messages = _mail_messages(req.brief, to, recipients, lang, given, problems)
    settings = None
    try:
        from reportgen.run import smtp
        settings = smtp.settings(Path(config) if config else None, smtp_server, sender, timeout,
                                 project.settings.get("mail"), project.file)
    except UserError as exc:
        problems.items += exc.problems
    problems.raise_errors(UsageError)
    with exclusive(req.out):        # one run per outbox: from the first PDF built to the last message sent
        report = m.run(messages, req, settings, project, _progress, say.warn)
    _mail_summary(report, req, settings)


def _load_brief(project, name: str):
    from reportgen.brief import definition as briefs
    return briefs.load(briefs.find(name, project.brief_dirs), project.brief_dirs)


def _mail_messages(b, to, recipients, lang, given, problems) -> list:
    """One message per recipients row, or one to the --to addresses; problems are collected, not raised."""
    from reportgen.brief import parameters
    from reportgen.run import mail as m
    from reportgen.run.staging import fit_name
    label = f"brief {b.name!r}"
    try:
        params = parameters.merge(b.parameters, *given, brief=label)    # the --params file and --param values
    except UserError as exc:
        problems.items += exc.problems
        params = None
    if recipients:
        from reportgen.core.fonts import ensure_fonts
        from reportgen.run import recipients as people
        ensure_fonts(log=say.info)
        try:
            rows = people.read(Path(recipients), b, [lang], mailing=True)      # each row's parameters checked
        except RenderError as exc:          # only characters the font lacks: exit 6, as a build says it,
            if problems.errors or params is None:           # unless there are usage errors to tell first
                problems.items += exc.problems
                return []
            raise
        except UserError as exc:
            problems.items += exc.problems
            return []
        if params is None:
            return []
        return [m.Message([r.email], code, parameters.merge(b.parameters, *given, r.given, brief=label), stem,
                          f"{stem}.pdf") for r in rows for code, stem in r.stems.items()]
    if not to:
        problems.add("no-recipient", "say whom to send to", hint="--to ADDR or --recipients FILE")
        return []
    if lang not in b.languages:
        problems.add("bad-language", f"brief {b.name!r} has no {lang!r} version", str(b.path),
                     hint=f"languages: {', '.join(b.languages)}")
    addresses = m.check_addresses(list(to), "--to", problems)
    if params is None:
        return []
    tag = parameters.readable(params, b.parameters)
    stem = fit_name(f"{b.name}.{lang}.{tag}") if tag else f"{b.name}.{lang}"
    return [m.Message(addresses, lang, params, stem, f"{stem}.pdf")]


def _progress(length: int, label: str):
    """A progress bar on stderr for a batch; nothing for a single item."""
    import contextlib
    if length <= 1:
        return contextlib.nullcontext(type("NoBar", (), {"update": lambda self, n: None})())
    return click.progressbar(length=length, label=label, file=sys.stderr, hidden=say.level < NORMAL)


def _settle_unknown(out: Path) -> None:
    from reportgen.run.outbox import Outbox
    for entry in Outbox(out / "outbox.sqlite").settle_unknown():
        say.result(f"recorded as delivered: {entry.label} to {entry.recipients}")


def _mail_summary(report, req, settings) -> None:
    """List what happened to each message, then the counts; exit 7 if anything was not delivered."""
    if req.dry_run:
        for path in report.files:
            say.result(path)
        say.info(f"dry run: {len(report.files)} message(s) written to {req.out / 'outbox'}")
        return
    for msg in report.sent:
        say.result(f"sent {msg.attachment} to {', '.join(msg.to)}")
    for msg, refused in report.refused:
        for address, reply in refused.items():
            say.error(f"not sent to {address}: the server refused this addressee of {msg.attachment} ({reply})")
    for msg, error in report.failed:
        say.error(f"not sent to {', '.join(msg.to)}: {error}")
    for msg, error in report.unknown:
        say.warn(f"unknown whether {msg.attachment} reached {', '.join(msg.to)}: {error}")
    for entry in report.held:
        say.warn(f"held back, fate unknown since an earlier run: {entry.label} to {entry.recipients}")
    if report.held or report.unknown:
        say.warn("The connection was lost after the whole message was handed over and before the server answered: "
                 "it may or may not have been stored. Ask the recipient or check the server, then run again with "
                 "--resend-unknown to send it again, or --mark-unknown-sent if it arrived.")
    journal = req.out / "outbox.sqlite"
    say.info(f"{len(report.sent)} sent, {len(report.already)} already sent before, {len(report.failed)} failed, "
             f"{len(report.unknown)} unknown, {len(report.refused)} with addressees refused, {len(report.held)} "
             f"held back (via {settings.describe()}; journal {journal})")
    if report.stopped:
        raise DeliveryError([report.stopped])
    problems = [Problem(code, message, str(journal), hint=hint) for code, message, hint, count in (
        ("not-delivered", f"{len(report.failed) + len(report.unknown)} message(s) not known to be delivered",
         "run the same command again to retry the failed ones only", len(report.failed) + len(report.unknown)),
        ("addressee-refused", f"{sum(len(r) for _, r in report.refused)} addressee(s) refused by the server",
         "correct those addresses; the others have their message, and a rerun does not send it again",
         len(report.refused)),
        ("held-back", f"{len(report.held)} message(s) of unknown fate held back, not sent",
         "see above: --resend-unknown or --mark-unknown-sent", len(report.held))) if count]
    if problems:
        raise DeliveryError(problems)
