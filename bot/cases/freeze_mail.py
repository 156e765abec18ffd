"""The freeze request by e-mail to a bank's nodal address (config ``banks``), with the PDF attached.

SMTP comes from the environment only: SMTP_HOST (unset: no e-mail, the console offers text and PDF),
SMTP_PORT (587), SMTP_USERNAME / SMTP_PASSWORD (optional), SMTP_FROM (the unit's address), SMTP_SECURITY
(starttls, the default; ssl; or none for a relay on the same machine).
"""
from __future__ import annotations

import os
import smtplib
import ssl
from dataclasses import dataclass
from datetime import datetime
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from .freeze import FreezeRequest


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    sender: str
    username: str = ""
    password: str = ""
    security: str = "starttls"

    @classmethod
    def from_env(cls, environ=os.environ) -> "SmtpSettings | None":
        host = environ.get("SMTP_HOST", "").strip()
        sender = environ.get("SMTP_FROM", "").strip()
        if not host or not sender:
            return None
        security = environ.get("SMTP_SECURITY", "starttls").strip().lower()
        if security not in ("starttls", "ssl", "none"):
            raise ValueError("SMTP_SECURITY must be starttls, ssl or none")
        return cls(host, int(environ.get("SMTP_PORT", "465" if security == "ssl" else "587")), sender,
                   environ.get("SMTP_USERNAME", ""), environ.get("SMTP_PASSWORD", ""), security)


class MailError(RuntimeError):
    """The mail server refused or could not be reached (the message says which, without secrets)."""


def compose(request: FreezeRequest, to: str, pdf: bytes, sender: str, now: datetime,
            reply_to: str | None = None) -> EmailMessage:
    """The e-mail (RFC 5322 through the email package's SMTP policy: CRLF, headers folded only where needed).
    ``now`` is aware, in the unit's zone: the Date header carries its offset (+0530), never -0000."""
    message = EmailMessage(policy=policy.SMTP)
    message["Subject"] = request.subject
    message["From"] = sender
    message["To"] = to
    if reply_to:
        message["Reply-To"] = reply_to
    message["Date"] = format_datetime(now)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    message.set_content(request.text(subject=False))  # the Subject is the header, not repeated in the body
    message.add_attachment(pdf, maintype="application", subtype="pdf",
                           filename=f"freeze-request-{request.reference}.pdf")
    return message


def send(settings: SmtpSettings, message: EmailMessage, timeout: float = 20) -> str:
    """Hand the message to the SMTP server; returns its Message-ID."""
    try:
        if settings.security == "ssl":
            server = smtplib.SMTP_SSL(settings.host, settings.port, timeout=timeout,
                                      context=ssl.create_default_context())
        else:
            server = smtplib.SMTP(settings.host, settings.port, timeout=timeout)
        with server:
            if settings.security == "starttls":
                server.starttls(context=ssl.create_default_context())
            if settings.username:
                server.login(settings.username, settings.password)
            server.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        raise MailError(f"the mail server {settings.host}:{settings.port} refused or was not reachable: "
                        f"{type(exc).__name__}") from exc
    return message["Message-ID"]
