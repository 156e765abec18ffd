"""Structured logs: one JSON object per line, with the request id and the conversation/case ids in context.

Never a phone number, a message's text or a secret: the code logs ids, and this formatter masks what slips
through anyway (numbers of 8+ digits, Telegram bot tokens, and the values of the secret environment variables).

    LOG_FORMAT=json | text     (default: json when standard error is not a terminal, as under systemd or Docker)
    LOG_LEVEL=INFO             (default WARNING for the command line, INFO for the servers)
"""
from __future__ import annotations

import contextvars
import json
import logging
import os
import re
import sys
import traceback
from datetime import datetime, timezone
from typing import Any

from .privacy import mask_numbers

_context: contextvars.ContextVar[dict[str, Any]] = contextvars.ContextVar("log_context", default={})

# the deployment's secrets, and a station's own (TELEGRAM_WEBHOOK_SECRET__<STATION>, bot/channels/settings.py)
SECRET_VARIABLES = ("TWILIO_AUTH_TOKEN", "TELEGRAM_BOT_TOKEN", "TELEGRAM_WEBHOOK_SECRET", "SECRET_KEY",
                    "METRICS_TOKEN", "POSTGRES_PASSWORD", "SMTP_PASSWORD")
_TELEGRAM_TOKEN = re.compile(r"\b\d{6,12}:[A-Za-z0-9_-]{30,}\b")
_URL_PASSWORD = re.compile(r"(://[^:/@\s]+:)[^@\s]+@")
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")  # terminal colours (werkzeug's request lines) never reach a log
# Loggers that would print request URLs (the Telegram token is in the path) or bodies at INFO.
QUIET = ("httpx", "httpcore", "urllib3", "twilio.http_client", "telegram", "apscheduler.executors.default")


def bind(**values: Any) -> None:
    """Add ids (request_id, conversation_id, case_id, message_id...) to every log line of this request/task;
    a None value removes that id (so one message's case never sticks to the next message's lines)."""
    context = dict(_context.get())
    for key, value in values.items():
        if value is None:
            context.pop(key, None)
        else:
            context[key] = value
    _context.set(context)


def clear() -> None:
    _context.set({})


def context() -> dict[str, Any]:
    return dict(_context.get())


class Scrubber:
    """Masks phone numbers, tokens and the deployment's secrets in a log line."""

    def __init__(self, environ=os.environ):
        names = [name for name in environ if name in SECRET_VARIABLES
                 or any(name.startswith(secret + "__") for secret in SECRET_VARIABLES)]
        self.secrets = sorted({v for name in names if len(v := (environ.get(name) or "").strip()) >= 6},
                              key=len, reverse=True)

    def __call__(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, "[secret]")
        text = _ANSI.sub("", text)
        text = _TELEGRAM_TOKEN.sub("[telegram-token]", text)
        text = _URL_PASSWORD.sub(r"\1[secret]@", text)
        return mask_numbers(text)


class JsonFormatter(logging.Formatter):
    """{"ts", "level", "logger", "event", <context ids>, <extra fields>, "exc"} on one line."""

    _RESERVED = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}

    def __init__(self, scrub: Scrubber | None = None):
        super().__init__()
        self.scrub = scrub or Scrubber()

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "event": self.scrub(record.getMessage()),
        }
        line.update(_context.get())
        for key, value in vars(record).items():
            if key not in self._RESERVED and not key.startswith("_"):
                line[key] = self.scrub(value) if isinstance(value, str) else value
        if record.exc_info:
            line["exc"] = self.scrub("".join(traceback.format_exception(*record.exc_info)))
        return json.dumps(line, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """The human-readable form for a terminal, scrubbed the same way."""

    def __init__(self, scrub: Scrubber | None = None):
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")
        self.scrub = scrub or Scrubber()

    def format(self, record: logging.LogRecord) -> str:
        ids = " ".join(f"{k}={v}" for k, v in _context.get().items())
        return self.scrub(super().format(record) + (f" [{ids}]" if ids else ""))


def formatter() -> logging.Formatter:
    """The formatter LOG_FORMAT asks for (gunicorn.conf.py's logconfig_dict uses it for gunicorn's own lines)."""
    fmt = (os.environ.get("LOG_FORMAT") or ("text" if sys.stderr.isatty() else "json")).lower()
    return JsonFormatter() if fmt == "json" else TextFormatter()


def setup(level: str | int | None = None, fmt: str | None = None, stream=None) -> logging.Handler:
    """Configure the root logger once: one handler, JSON or text, scrubbed. Returns the handler."""
    stream = stream or sys.stderr
    fmt = (fmt or os.environ.get("LOG_FORMAT") or ("text" if stream.isatty() else "json")).lower()
    level = level or os.environ.get("LOG_LEVEL") or logging.WARNING
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter() if fmt == "json" else TextFormatter())
    root = logging.getLogger()
    for old in list(root.handlers):
        if getattr(old, "_cyber_sahayak", False):
            root.removeHandler(old)
    handler._cyber_sahayak = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level if isinstance(level, int) else level.upper())
    for name in QUIET:
        logging.getLogger(name).setLevel(logging.WARNING)
    return handler
