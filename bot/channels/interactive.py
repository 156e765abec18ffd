"""WhatsApp quick-reply buttons and list pickers (Twilio Content API) for menus and choice questions.

An elderly resident taps instead of typing a digit. Each question the engine asks with choices has a key
(``Reply.question``: "menu", "language", "yesno", "<flow>.<node>"); for each key and language
``python -m bot whatsapp sync-content`` creates one content with Twilio's Content API and stores its SID
(table ``whatsapp_content``) with a hash of its texts, so a changed label makes it stale (numbered text is
sent until the next sync). The content's body is the variable ``{{1}}``: the whole answer (the 1930 line
first) travels as that variable, so one content serves every wording of the question.

- **quick reply** (``twilio/quick-reply``): yes/no and at most 3 choices whose labels fit 20 characters
  in every language;
- **list picker** (``twilio/list-picker``): at most 10 choices whose labels fit 24 characters;
- otherwise numbered text, as before (and wherever the content is not synced or ``whatsapp.interactive``
  is false). The lengths are checked at start-up (``plan``) and the fall-backs logged.

Every button's id is the choice's number, so the tapped reply (``ButtonPayload`` / ``ListId`` in the
webhook's form) is read exactly as the typed digit. An interactive message cannot travel in TwiML: an
answer with one is queued in the outbox (in order, the action first) and sent once the webhook has answered.
"""
from __future__ import annotations

import hashlib
import json
import logging
import re
import threading
import time
import weakref
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..store import outbox
from ..messages import Outcome, Reply
from ..store.models.operations import Outbox, WhatsAppContent
from ..content.packs import Packs
from . import joining

log = logging.getLogger("bot.channels.whatsapp")
CHANNEL = "whatsapp"
QUICK_REPLY, LIST_PICKER = "twilio/quick-reply", "twilio/list-picker"
QUICK_MAX, QUICK_LABEL = 3, 20
LIST_MAX, LIST_LABEL = 10, 24
BODY_MAX = 1024  # characters of a content's body
BODY = "{{1}}"
_NUMBERED = re.compile(r"^\s*\d{1,2}\.\s+")
LIST_BUTTON = Packs.load().wording("texts", "channels")["list_button"]  # {language: "Choose"}


@dataclass(frozen=True)
class Spec:
    """One content to create: a question's buttons in one language."""

    question: str
    language: str
    kind: str
    labels: tuple[str, ...]  # what the button or list item shows
    descriptions: tuple[str, ...] = ()  # a list item's full wording (72 characters)

    @property
    def text_hash(self) -> str:
        data = json.dumps([self.kind, self.labels, self.descriptions, LIST_BUTTON.get(self.language, LIST_BUTTON["en"])],
                          ensure_ascii=False)
        return hashlib.sha256(data.encode("utf-8")).hexdigest()

    def request(self) -> dict:
        """The Content API's create request (ContentCreateRequest's JSON)."""
        if self.kind == QUICK_REPLY:
            types = {QUICK_REPLY: {"body": BODY, "actions": [
                {"type": "QUICK_REPLY", "title": label, "id": str(i)} for i, label in enumerate(self.labels, 1)]}}
        else:
            types = {LIST_PICKER: {"body": BODY, "button": LIST_BUTTON.get(self.language, LIST_BUTTON["en"]),
                                   "items": [{"item": label, "id": str(i), "description": (description or label)[:72]}
                                             for i, (label, description) in
                                             enumerate(zip(self.labels, self.descriptions or self.labels), 1)]}}
        return {"friendly_name": f"cs_{self.question}_{self.language}"[:64].replace(".", "_"),
                "language": self.language, "variables": {"1": "Your question"}, "types": types}


@dataclass
class Plan:
    specs: dict[tuple[str, str], Spec] = field(default_factory=dict)  # (question, language) -> spec
    numbered: dict[str, str] = field(default_factory=dict)  # question -> why it stays numbered text


def _label(line: str) -> str:
    return _NUMBERED.sub("", line).strip()


Labels = list[tuple[str, str]]  # (button or list item, full wording)


def questions(resources) -> dict[str, dict[str, Labels]]:
    """{question key: {language: [(short label, full wording)]}} for every question asked with choices."""
    from ..conversation.engine import menu_choices

    texts, languages = resources.texts, list(resources.config.languages)

    def menu(lang: str) -> Labels:
        full = [_label(line) for line in menu_choices(texts, lang)]
        short = texts.get("menu_buttons", lang).splitlines() if texts.has("menu_buttons") else full
        return list(zip(short, full)) if len(short) == len(full) else [(f, f) for f in full]

    found: dict[str, dict[str, Labels]] = {
        "menu": {lang: menu(lang) for lang in languages},
        "language": {lang: [(texts.packs.infos[code].name,) * 2 for code in languages] for lang in languages},
        "yesno": {lang: [(texts.get(k, lang), texts.get(k, lang)) for k in ("word_yes", "word_no")] for lang in languages},
    }
    for flow in resources.flows.values():
        for node_id, node in flow.nodes.items():
            if node.expect == "choice":
                found[f"{flow.id}.{node_id}"] = {
                    lang: [(texts.render(c.button or c.label, lang), texts.render(c.label, lang)) for c in node.choices]
                    for lang in languages}
    return found


def plan(resources) -> Plan:
    """Which questions become buttons or a list (labels checked in every language), which stay numbered."""
    result = Plan()
    for question, by_language in questions(resources).items():
        count = max(len(labels) for labels in by_language.values())
        longest = max(len(short) for labels in by_language.values() for short, _full in labels)
        if count <= QUICK_MAX and longest <= QUICK_LABEL:
            kind = QUICK_REPLY
        elif count <= LIST_MAX and longest <= LIST_LABEL:
            kind = LIST_PICKER
        else:
            result.numbered[question] = (f"{count} choices, longest label {longest} characters "
                                         f"(buttons: {QUICK_MAX} of {QUICK_LABEL}, list: {LIST_MAX} of {LIST_LABEL})")
            continue
        for language, labels in by_language.items():
            result.specs[(question, language)] = Spec(question, language, kind, tuple(s for s, _f in labels),
                                                      tuple(f for _s, f in labels))
    return result


def current_plan(owner) -> Plan:
    """The plan of this process (``owner``: the runtime or the engine), made (and its fall-backs logged)
    once, at start-up."""
    engine = owner if hasattr(owner, "res") else owner.engine
    found = getattr(engine, "_whatsapp_plan", None)
    if found is None:
        found = engine._whatsapp_plan = plan(engine.res)
        for question, why in sorted(found.numbered.items()):
            log.warning("whatsapp: question %s stays numbered text: %s", question, why)
    return found


# -- creating the contents ---------------------------------------------------------------------
@dataclass
class SyncReport:
    created: list[str] = field(default_factory=list)
    refreshed: list[str] = field(default_factory=list)
    unchanged: int = 0
    numbered: dict[str, str] = field(default_factory=dict)


def sync(session: Session, client, found: Plan, now: datetime) -> SyncReport:
    """Create the content of every question and language that has none or whose texts changed."""
    from twilio.rest.content.v1.content import ContentList

    report = SyncReport(numbered=dict(found.numbered))
    for (question, language), spec in sorted(found.specs.items()):
        row = session.scalar(select(WhatsAppContent).where(WhatsAppContent.question == question,
                                                           WhatsAppContent.language == language))
        if row is not None and row.text_hash == spec.text_hash and row.kind == spec.kind:
            report.unchanged += 1
            continue
        created = client.content.v1.contents.create(ContentList.ContentCreateRequest(spec.request()))
        name = f"{question} ({language})"
        if row is None:
            session.add(WhatsAppContent(question=question, language=language, kind=spec.kind,
                                        text_hash=spec.text_hash, content_sid=created.sid, updated_at=now))
            report.created.append(name)
        else:
            old = row.content_sid
            row.kind, row.text_hash, row.content_sid, row.updated_at = spec.kind, spec.text_hash, created.sid, now
            report.refreshed.append(name)
            try:  # the old content is no longer used
                client.content.v1.contents(old).delete()
            except Exception as exc:  # noqa: BLE001 (a leftover content does no harm)
                log.warning("whatsapp: could not delete the old content of %s: %s", name, type(exc).__name__)
        session.flush()
    forget_synced()
    return report


# -- answering with one ------------------------------------------------------------------------
CONTENTS_SECONDS = 30.0  # how long a process trusts its copy of the synced contents (sync-content's output)
_contents: weakref.WeakKeyDictionary[Any, tuple[float, dict[tuple[str, str], tuple[str, str]]]] = \
    weakref.WeakKeyDictionary()  # per database engine
_contents_lock = threading.Lock()


def _synced(session: Session) -> dict[tuple[str, str], tuple[str, str]]:
    """(question, language) -> (content sid, text hash) of every synced content: the whole (small) table, read
    once every CONTENTS_SECONDS per database engine rather than once a message (issue 17). ``sync`` in this process
    forgets the copy at once; another process's sync-content is seen within CONTENTS_SECONDS."""
    key = session.get_bind()
    now = time.monotonic()
    with _contents_lock:
        found = _contents.get(key)
    if found is not None and found[0] > now:
        return found[1]
    rows = {(row.question, row.language): (row.content_sid, row.text_hash)
            for row in session.scalars(select(WhatsAppContent))}
    with _contents_lock:
        _contents[key] = (now + CONTENTS_SECONDS, rows)
    return rows


def forget_synced() -> None:
    with _contents_lock:
        _contents.clear()


def content_sid(session: Session, found: Plan, question: str | None, language: str) -> str | None:
    """The synced content for this question and language, if its texts are still the current ones."""
    spec = found.specs.get((question, language)) if question else None
    if spec is None:
        return None
    row = _synced(session).get((question, language))
    return row[0] if row is not None and row[1] == spec.text_hash else None


def may_have_buttons(found: Plan, outcome: Outcome) -> bool:
    """Whether the question this answer ends with has buttons in the plan at all (no database needed): an
    answer that cannot have any never opens a transaction to look for synced contents (issue 17)."""
    joined = joining.join(outcome.replies, CHANNEL)
    asking = joined[-1] if joined else None
    return bool(asking and asking.question and (asking.question, outcome.language) in found.specs)


def queue_answer(session: Session, found: Plan, sender: str, outcome: Outcome, contact_id: int | None,
                 key: Callable[[int], str], now: datetime) -> list[Outbox]:
    """Queue an answer whose question has buttons in the outbox (plain parts first, the buttons last) under
    the keys ``key(0)``, ``key(1)``…; no rows when numbered text will do (no buttons for it, or none
    synced). A key seen before is a no-op (its row is returned)."""
    joined = joining.join(outcome.replies, CHANNEL)
    asking: Reply | None = joined[-1] if joined else None
    sid = content_sid(session, found, asking.question if asking else None, outcome.language)
    if sid is None:
        return []
    plain = [reply.text for reply in joined[:-1]]
    body_parts = outbox.split_text(asking.text, BODY_MAX)
    plain += body_parts[:-1]
    common = dict(channel=CHANNEL, recipient=sender, now=now, contact_id=contact_id,
                  message_id=outcome.message_id, language=outcome.language)
    rows: list[Outbox] = []
    for index, text in enumerate(plain):
        rows += outbox.enqueue(session, text=text, key=key(index), **common)
    rows += outbox.enqueue(session, text=body_parts[-1], key=key(len(plain)), template_sid=sid,
                           template_variables={"1": body_parts[-1]}, **common)
    return rows
