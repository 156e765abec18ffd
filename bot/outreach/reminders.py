"""Opt-in safety tips: who gets them, STOP and START, and the next tip of each resident.

- A subscription exists only with consent (taken on a visit, recorded with who took it and when).
- ``STOP`` or ``बंद करें`` as the whole message stops tips and campaign messages at once (messages already
  queued but not sent are cancelled) and is confirmed in the same reply; ``START`` resumes a stopped
  subscription. "he won't stop calling me" is a report, never a STOP: only the whole message counts.
- Each tip is one knowledge topic's ``tip`` in the resident's language; no topic is sent twice until every
  topic with a tip has been sent (then a new round starts).
- ``send_due`` queues the tips that are due, paced (bot/outreach/pacing.py) and never during quiet hours.
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ..store import outbox
from ..cases.cases import held_by_officer, record
from ..config import Config
from ..content.i18n import pick
from ..content.knowledge import Knowledge
from ..store.models.residents import Contact
from ..store.models.operations import Outbox
from ..store.models.outreach import ReminderSubscription
from ..nlu import words
from ..nlu.commands import whole_message
from .pacing import PROACTIVE_KINDS, Slots, _clock
from ..content.texts import Texts

if TYPE_CHECKING:  # the engine's Turn; imported only for type hints (no import cycle)
    from ..conversation.engine import Turn
    from ..conversation.hooks import Hooks

STOP_WORDS = frozenset(words.load("commands")["stop"])  # lang/<code>/words/commands.yaml
START_WORDS = frozenset(words.load("commands")["start"])


def keyword(text: str) -> str | None:
    """'stop' or 'start' when the WHOLE message is one of those words, else None."""
    return whole_message(text, {"stop": STOP_WORDS, "start": START_WORDS})


# -- when -------------------------------------------------------------------------------------
def _add_month(day: date) -> date:
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def next_due(after: datetime, frequency: str, config: Config) -> datetime:
    """One week (or month) after ``after``, at ``reminders.send_time`` in the unit's time zone."""
    local = after.astimezone(config.tz).date()
    day = local + timedelta(days=7) if frequency == "weekly" else _add_month(local)
    return datetime.combine(day, _clock(config.reminders.send_time), config.tz)


# -- consent ----------------------------------------------------------------------------------
def subscription(session: Session, contact_id: int) -> ReminderSubscription | None:
    return session.scalar(select(ReminderSubscription).where(ReminderSubscription.contact_id == contact_id))


def subscribe(session: Session, contact: Contact, actor: str, now: datetime, config: Config,
              frequency: str | None = None) -> ReminderSubscription:
    """Record consent (who took it, when) and schedule the first tip one period from now."""
    frequency = frequency or config.reminders.frequency
    sub = subscription(session, contact.id)
    if sub is None:
        sub = ReminderSubscription(contact_id=contact.id, sent_topics=[], rounds=0)
        session.add(sub)
    sub.active, sub.frequency, sub.consent_by, sub.consent_at = True, frequency, actor, now
    sub.stopped_at, sub.next_due_at, sub.updated_at = None, next_due(now, frequency, config), now
    session.flush()
    record(session, None, actor, "reminders_consent", now, contact=contact.id, frequency=frequency)
    return sub


def opted_in(session: Session) -> select:
    """Contact ids that may receive proactive messages (an active subscription)."""
    return select(ReminderSubscription.contact_id).where(ReminderSubscription.active.is_(True))


def cancel_queued(session: Session, contact_id: int, now: datetime) -> int:
    """Tips and campaign messages queued for this contact but not sent yet: never sent."""
    result = session.execute(
        update(Outbox).where(Outbox.contact_id == contact_id, Outbox.status == "pending",
                             Outbox.kind.in_(("reminder", "campaign")))
        .values(status="cancelled", error="the resident sent STOP", updated_at=now)
        .execution_options(synchronize_session=False))
    return result.rowcount or 0


# -- STOP / START inside a conversation ---------------------------------------------------------
def handle(turn: "Turn", word: str) -> bool:
    """STOP or START, answered in this same request. False when START has nothing to resume (it then
    keeps its older meaning, the menu)."""
    session, contact, now = turn.session, turn.contact, turn.now
    sub = subscription(session, contact.id)
    actor = f"contact:{contact.id}"
    if word == "start":
        if sub is None or sub.active:
            return False
        sub.active, sub.stopped_at, sub.updated_at = True, None, now
        sub.next_due_at = next_due(now, sub.frequency, turn.config)
        record(session, None, actor, "reminders_resumed", now, contact=contact.id)
        turn.say("reminders_started", frequency=turn.texts.get(f"frequency_{sub.frequency}", turn.lang))
    else:
        if sub is not None and sub.active:
            sub.active, sub.stopped_at, sub.updated_at = False, now, now
            record(session, None, actor, "reminders_stopped", now, contact=contact.id)
        cancelled = cancel_queued(session, contact.id, now)
        if sub is None and not cancelled:
            turn.say("reminders_not_subscribed")
        else:
            turn.say("reminders_stopped")
    held = held_by_officer(session, contact.id)
    if held is not None:  # an officer holds the chat: the message is theirs to read too
        turn.file_under(held)
    elif turn.conv.flow_id and turn.conv.node_id:  # in the middle of a report: ask the question again
        turn.ask(turn.flow.nodes[turn.conv.node_id])
    return True  # the engine marks a message a feature answered processed


# -- the tips -----------------------------------------------------------------------------------
def topic_order(knowledge: Knowledge, contact_id: int) -> list[str]:
    """Topics with a tip, in an order of this contact's own (so a street does not get the same tip at once)."""
    topics = sorted(t for t, topic in knowledge.topics.items() if topic.tip)
    if not topics:
        return []
    shift = contact_id % len(topics)
    return topics[shift:] + topics[:shift]


def next_topic(sub: ReminderSubscription, knowledge: Knowledge) -> tuple[str | None, bool]:
    """The next topic not sent in this round, and whether a new round starts with it."""
    order = topic_order(knowledge, sub.contact_id)
    sent = set(sub.sent_topics or [])
    for topic in order:
        if topic not in sent:
            return topic, False
    return (order[0], True) if order else (None, False)


def tip_text(texts: Texts, knowledge: Knowledge, topic_id: str, language: str) -> str:
    return texts.get("reminder_tip", language, tip=pick(knowledge.topics[topic_id].tip, language))


@dataclass
class TipReport:
    queued: list[int] = field(default_factory=list)  # outbox row ids
    waiting: int = 0  # due but not queued this time (quiet hours, or the pace)


def send_due(session: Session, config: Config, texts: Texts, knowledge: Knowledge | None, now: datetime,
             slots: Slots, limit: int = 500) -> TipReport:
    """Queue the tips that are due, each at its paced slot; nothing during quiet hours."""
    report = TipReport()
    if knowledge is None:
        return report
    due = session.scalars(select(ReminderSubscription).where(
        ReminderSubscription.active.is_(True), ReminderSubscription.next_due_at <= now)
        .order_by(ReminderSubscription.next_due_at, ReminderSubscription.id).limit(limit)).all()
    for sub in due:
        contact = session.get(Contact, sub.contact_id)
        at = slots.take(contact.channel)
        if at is None:
            report.waiting += 1
            continue
        topic, new_round = next_topic(sub, knowledge)
        if topic is None:
            break
        if new_round:
            sub.sent_topics, sub.rounds = [], sub.rounds + 1
        rows = outbox.enqueue(session, channel=contact.channel, recipient=contact.sender,
                              text=tip_text(texts, knowledge, topic, contact.language),
                              key=f"reminder:{sub.id}:{sub.rounds}:{topic}", now=now, due=at, kind="reminder",
                              contact_id=contact.id, language=contact.language, sender=contact.via)
        sub.sent_topics = [*(sub.sent_topics or []), topic]
        sub.last_sent_at, sub.updated_at = now, now
        sub.next_due_at = next_due(now, sub.frequency, config)
        report.queued += [row.id for row in rows]
    return report


__all__ = ["PROACTIVE_KINDS", "STOP_WORDS", "START_WORDS", "keyword", "handle", "subscribe", "send_due"]


def _said(turn: "Turn") -> bool:
    word = keyword(turn.text)
    return bool(word) and handle(turn, word)


def plug_in(hooks: "Hooks") -> None:
    """STOP / START as the whole message, honoured before anything else of the turn."""
    hooks.on_message.append(_said)
