"""What travels in and out of the engine: plain data, no SDK types."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

MAX_READ = 2000  # characters of one message the engine reads; all of it is stored (up to MAX_TEXT)
# Characters of one resident's message that are stored. Above WhatsApp's (65,536) and Telegram's (4,096) own limits,
# so a real message is never cut; a longer one is forged or broken. The web chat refuses it (413, a kind reply);
# WhatsApp and Telegram cannot be refused: the first MAX_TEXT are kept, marked cut, and the resident is told.
MAX_TEXT = 100_000


@dataclass(frozen=True)
class Media:
    """A file a resident sent. ``data`` holds the bytes when the channel already fetched them."""

    content_type: str
    data: bytes | None = None
    url: str | None = None
    provider_ref: str | None = None  # e.g. Telegram file_id
    filename: str | None = None


@dataclass(frozen=True)
class Inbound:
    """One message from a resident, as every channel hands it to the engine."""

    channel: str
    sender: str
    text: str = ""
    media: tuple[Media, ...] = ()
    provider_id: str | None = None  # the provider's message id: the dedupe key
    received_at: datetime = field(default_factory=lambda: datetime.now(timezone.utc))
    display_name: str | None = None
    phone: str | None = None  # E.164, when the channel knows it (WhatsApp, a shared Telegram contact)
    via: str | None = None  # the station number (WhatsApp) or station bot (Telegram) written to; None: the common one
    cut_from: int | None = None  # the text was longer than MAX_TEXT: its length before it was cut (bot/edge.py)


@dataclass
class Reply:
    """One message to send. ``choices`` lets a channel show a menu as buttons or a keyboard."""

    text: str
    choices: list[str] = field(default_factory=list)
    kind: str = "normal"  # urgent, welcome, warning, notice, normal: the order they are sent in
    question: str | None = None  # which question the choices answer ("menu", "yesno", "<flow>.<node>")

    ORDER = {"urgent": 0, "welcome": 1, "warning": 2, "notice": 2, "normal": 3}  # notice: which station


@dataclass
class Outcome:
    """What the engine decided for one inbound message."""

    replies: list[Reply] = field(default_factory=list)
    intent: str | None = None
    flow: str | None = None
    node: str | None = None
    language: str = "en"
    incident: dict[str, Any] | None = None
    case: dict[str, Any] | None = None
    duplicate: bool = False
    silent: bool = False  # an officer holds the chat: the bot says nothing
    message_id: int | None = None
    contact_id: int | None = None  # whose message it was (set for a message handled now)
    # (an earlier answer to this chat still waiting in the outbox, texts held by the 24-hour window): read at the
    # end of the turn, in its transaction, when the channel asked (Engine.handle(chat_state=True)); None otherwise
    chat_state: tuple[bool, bool] | None = None

    @property
    def texts(self) -> list[str]:
        return [reply.text for reply in self.replies]

    def as_json(self, text: str) -> dict[str, Any]:
        return {
            "in": text,
            "replies": self.texts,
            "intent": self.intent,
            "flow": self.flow,
            "node": self.node,
            "language": self.language,
            "incident": self.incident,
            "case": self.case,
        }
