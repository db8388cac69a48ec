"""SMTP settings, declared once: the project file's ``mail:``, ``mail.yaml`` (or ``--config``), the
``REPORTGEN_SMTP_*`` variables and the mail options are each checked against this one schema, where they are
written (file:line:column, the variable or the option), an unknown key with a did-you-mean.

The settings are merged and used by ``run/smtp.py``; they are declared here, in core, because the project file
(core/project.py) checks its ``mail:`` with them, so that any command reading the project catches a typo there.
A ``password`` is a key only to be refused: a password belongs in REPORTGEN_SMTP_PASSWORD or the keyring, never
in a file. The sender is checked as every address is, and kept as a From header value.
"""
from __future__ import annotations

from email.utils import formataddr, parseaddr
from typing import Literal

from pydantic import AliasChoices, Field, field_validator, model_validator

from reportgen.core.schema import REFUSED, Schema, refuse

SECURITY = ("auto", "starttls", "ssl")


class MailSettings(Schema):
    """One place's settings; a key it leaves out is taken from the places before it, or the default."""
    host: str | None = None                         # default localhost
    port: int | None = None                         # default 465 with ssl, 587 with starttls, else 25
    security: Literal[SECURITY] | None = None       # auto: STARTTLS when offered (required on 587) | starttls | ssl
    user: str | None = None                         # logs in when set (the password is never in a file)
    sender: str | None = Field(None, alias="from", validation_alias=AliasChoices("from", "sender"))
    timeout: float | None = Field(None, gt=0)       # seconds to wait for the server at each step; default 30
    password: object = Field(None, json_schema_extra=REFUSED)

    @model_validator(mode="before")
    @classmethod
    def _one_sender(cls, data):
        if isinstance(data, dict) and "from" in data and "sender" in data:
            raise refuse("two-senders", "both 'from' and 'sender' are set; they name the same thing", "keep 'from'")
        return data

    @field_validator("port", mode="before")
    @classmethod
    def _port(cls, value):
        text = str(value).strip()
        if isinstance(value, bool) or not text.isdigit() or not 0 < int(text) < 65536:
            raise refuse("bad-port", f"port {value!r} is not a number from 1 to 65535",
                         "e.g. 587 (STARTTLS), 465 (SSL) or 25")
        return int(text)

    @field_validator("sender")
    @classmethod
    def _sender(cls, value):
        return sender_header(value) if value and value.strip() else None

    @field_validator("password", mode="before")
    @classmethod
    def _password(cls, value):
        raise refuse("password-in-file", "a password must not be stored in a file",
                     "set REPORTGEN_SMTP_PASSWORD or store it in the system keyring")


def sender_header(value: str) -> str:
    """``value`` (an address, or ``Name <address>``) as a From header value, the address checked and normalised
    as every address is; a ``refuse`` error if it is not one."""
    from email_validator import EmailNotValidError, validate_email
    if "\r" in value or "\n" in value:
        raise refuse("line-break", f"the sender {value!r} has a line break",
                     "a sender is one line: a line break could add headers to a message")
    name, address = parseaddr(value)
    try:           # what parseaddr cannot split is checked whole, so the message says what is wrong with it
        address = validate_email(address or value.strip(), check_deliverability=False).normalized
    except EmailNotValidError as exc:
        raise refuse("bad-address", f"sender {value!r}: {exc}", "fix the address and run again") from None
    return formataddr((name, address))
