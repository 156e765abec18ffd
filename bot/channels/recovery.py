"""Messages whose webhook answered without handling them, handled later and answered through the outbox.

Two ways a message can miss its turn: the database was down (the channel kept it in the local spool,
bot/store/spool.py, and told the resident to call 1930/112 if it is urgent), or the worker that stored it died
before handling it (it stays ``received``). ``replay_spool`` and ``sweep_orphans`` hand both to the engine
as usual (triage included: an urgent message still becomes an urgent case) and queue the replies in the
outbox, under the same keys a Telegram redelivery would use, so nothing is queued twice. The web worker
runs them after a response when the spool is not empty, the scheduler on every tick, and both at start-up.
"""
from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import bindparam, select, update

from ..store import outbox
from . import interactive, joining
from .. import channel_registry as channels
from ..conversation.engine import IN_RESPONSE, ORPHAN_AFTER, STALLED_AFTER, Engine
from ..messages import Inbound, Outcome, Reply
from ..store.models.residents import Contact, Message
from ..store.models.operations import Outbox
from ..store.spool import Spool

log = logging.getLogger(__name__)


def reply_key(channel: str, provider_id: str | None, message_id: int | None, index: int) -> str:
    """The outbox key of reply ``index`` to a message: the one bot/channels/telegram.py uses for an update."""
    return f"{channel}:{provider_id or f'message-{message_id}'}:{index}"


def _contact_of(session, message_id: int | None) -> int | None:
    return session.scalar(select(Message.contact_id).where(Message.id == message_id))


def answer_with_buttons(engine: Engine, recipient: str, provider_id: str | None, outcome: Outcome, now: datetime,
                        enabled: bool | None = None) -> bool:
    """On WhatsApp, queue an answer whose question has synced quick-reply buttons or a list picker
    (bot/channels/interactive.py): they cannot travel in TwiML. False (nothing queued) when numbered text
    will do. ``enabled`` defaults to the engine's ``whatsapp.interactive``."""
    if enabled is None:
        enabled = engine.config.whatsapp.interactive
    if not enabled or not outcome.replies or not interactive.may_have_buttons(interactive.current_plan(engine),
                                                                            outcome):
        return False
    with engine.Session.begin() as session:
        return bool(_queue_buttons(session, recipient, provider_id, outcome, now, engine))


_messages = Message.__table__
# a Core statement on the table: the ORM's bulk UPDATE path (synchronize_session, its compile state) cost ~1 ms of
# a WhatsApp webhook's ~20 in a profile, for the same SQL (issue 17, session 20)
_HANDED_OVER = (update(_messages).where(_messages.c.reply_to_id == bindparam("message_id"),
                                        _messages.c.direction == "out", _messages.c.status == IN_RESPONSE)
                .values(status="replied"))


def mark_handed_over(session, message_id: int | None) -> int:
    """The answers to message ``message_id`` waiting as IN_RESPONSE count as given ("replied"): their response was
    handed to the connection, or the outbox carries them. Returns how many rows changed (0: none, or marked by
    someone else first). Runs inside the caller's transaction (an ORM session's or a connection's)."""
    if message_id is None:
        return 0
    return session.execute(_HANDED_OVER, {"message_id": message_id}).rowcount or 0


def _queue_buttons(session, recipient: str, provider_id: str | None, outcome: Outcome, now: datetime,
                   engine: Engine) -> list:
    queued = interactive.queue_answer(
        session, interactive.current_plan(engine), recipient, outcome,
        outcome.contact_id or _contact_of(session, outcome.message_id),
        lambda index: reply_key(interactive.CHANNEL, provider_id, outcome.message_id, index), now)
    if queued:  # the outbox carries this answer, not a response (nothing queued: the response carries it, and marks it)
        mark_handed_over(session, outcome.message_id)
    return queued


def answer_later(engine: Engine, channel: str, recipient: str, provider_id: str | None, outcome: Outcome,
                 now: datetime) -> int:
    """Queue ``outcome``'s replies to ``recipient``, joined into as few messages as the channel allows
    (action first, bot/channels/joining.py), on WhatsApp with the question's buttons when it has synced
    ones; returns how many rows it stands for (a key seen before is a no-op)."""
    if channel not in channels.names() or not outcome.replies:  # every registered channel (the web page polls)
        return 0
    with engine.Session.begin() as session:
        if channel == interactive.CHANNEL and engine.config.whatsapp.interactive:
            rows = _queue_buttons(session, recipient, provider_id, outcome, now, engine)
            if rows:
                return len(rows)
        contact_id = _contact_of(session, outcome.message_id)
        sender = session.scalar(select(Contact.via).where(Contact.id == contact_id))  # a station's number or bot
        mark_handed_over(session, outcome.message_id)  # the outbox carries this answer, not a response
        rows = 0
        for index, reply in enumerate(joining.join(outcome.replies, channel)):
            rows += len(outbox.enqueue(session, channel=channel, recipient=recipient, text=reply.text,
                                       key=reply_key(channel, provider_id, outcome.message_id, index), now=now,
                                       choices=reply.choices, contact_id=contact_id, message_id=outcome.message_id,
                                       language=outcome.language, sender=sender))
    return rows


def answered_later(engine: Engine, channel: str, provider_id: str | None) -> bool:
    """Whether the replies to this provider message went through the outbox (replayed or swept, or with
    WhatsApp buttons): a redelivery must then not answer again in its own response."""
    if not provider_id:
        return False
    first = reply_key(channel, provider_id, None, 0)
    with engine.Session() as session:
        return session.scalar(select(Outbox.id).where(
            Outbox.idempotency_key.in_((first, f"{first}#1"))).limit(1)) is not None


def _replay_one(engine: Engine, inbound: Inbound, now: datetime) -> None:
    """Handle one message the spool kept and queue its answer; raises while the database is still down."""
    outcome = engine.handle(inbound)
    if outcome.duplicate:  # redelivered after the outage and handled then: that webhook's answer said it
        return
    answer_later(engine, inbound.channel, inbound.sender, inbound.provider_id, outcome, now)


def replay_spool(engine: Engine, spool: Spool, now: datetime) -> int:
    """Replay what the spool kept during an outage; returns how many messages were handled."""
    return spool.replay(lambda inbound: _replay_one(engine, inbound, now))


def replay_earlier(engine: Engine, spool: Spool, inbound: Inbound, now: datetime) -> int:
    """Before a resident's live message: what the spool still keeps from them, handled first and answered through the
    outbox (so the live answer queues behind it), and returns how many. Their messages are handled in the order
    received, not the live one before an older kept one (an attacker's trial, session 6). Raises while the database
    is still down: the channel then keeps the live message in the spool too, behind the older ones."""
    kept = [earlier for earlier in spool.kept_from(inbound.channel, inbound.sender)
            if earlier.provider_id != inbound.provider_id]  # this very message, redelivered: handled live
    for earlier in kept:
        _replay_one(engine, earlier, now)
    return len(kept)


def handle_stalled(engine: Engine, inbound: Inbound, now: datetime) -> int:
    """The sender's messages stored at least ``engine.STALLED_AFTER`` ago and never handled (their worker died,
    SIGKILL), handled oldest first and answered through the outbox, before their live message (``Engine.handle``
    calls this when its store step saw one): not by the sweep ~30 s later, after newer ones (an attacker's trial,
    session 10). One still in another worker's hands is not taken twice: the engine's claim decides
    (``handle_orphan`` returns None). Returns how many were answered."""
    with engine.Session() as session:
        session.connection(execution_options={"read_only": True})
        rows = list(session.execute(
            select(Message.id, Message.provider_id).join(Contact, Contact.id == Message.contact_id)
            .where(Contact.channel == inbound.channel, Contact.sender == inbound.sender, Message.direction == "in",
                   Message.status.in_(("received", "reclaimed")), Message.created_at <= inbound.received_at - STALLED_AFTER)
            .order_by(Message.id).limit(20)))
    handled = 0
    for message_id, provider_id in rows:
        if inbound.provider_id and provider_id == inbound.provider_id:
            continue  # this very message, redelivered: handled live
        outcome = engine.handle_orphan(message_id)
        if outcome is not None:
            answer_later(engine, inbound.channel, inbound.sender, provider_id, outcome, now)
            handled += 1
    return handled


def sweep_unsent_responses(engine: Engine, now: datetime, older_than: timedelta = ORPHAN_AFTER,
                           limit: int = 100) -> int:
    """Answers given in a webhook's response (WhatsApp TwiML) still IN_RESPONSE ``older_than`` after they were
    written: the worker died between the turn's commit and handing the response over (attacker trial, session 19,
    F1), and Twilio does not post again. Each is queued once through the outbox (the same keys as any answer sent
    later, so a second sweep or a redelivery's queueing is a no-op) and marked given in the same transaction.
    A worker killed in the instant after the response left but before it was marked gives the resident that
    answer twice: better than never (README.md, "Reliability"). Returns how many messages' answers were queued."""
    with engine.Session() as session:
        session.connection(execution_options={"read_only": True})
        waiting = list(session.scalars(
            select(Message.reply_to_id).where(Message.direction == "out", Message.status == IN_RESPONSE,
                                              Message.created_at < now - older_than)
            .group_by(Message.reply_to_id).order_by(Message.reply_to_id).limit(limit)))
    queued = 0
    for message_id in waiting:
        with engine.Session.begin() as session:
            inbound = session.execute(
                select(Message.channel, Message.provider_id, Message.contact_id, Contact.sender, Contact.via,
                       Contact.language).join(Contact, Contact.id == Message.contact_id)
                .where(Message.id == message_id)).first()
            rows = list(session.execute(select(Message.id, Message.text).where(
                Message.reply_to_id == message_id, Message.direction == "out", Message.status == IN_RESPONSE)
                .order_by(Message.id)))
            if inbound is None or not rows:
                continue
            if mark_handed_over(session, message_id) != len(rows):  # marked meanwhile (the response went out)
                session.rollback()
                continue
            channel, provider_id, contact_id, recipient, via, language = inbound
            for index, reply in enumerate(joining.join([Reply(text) for _, text in rows], channel)):
                outbox.enqueue(session, channel=channel, recipient=recipient, text=reply.text,
                               key=reply_key(channel, provider_id, message_id, index), now=now,
                               contact_id=contact_id, message_id=message_id, language=language or "en", sender=via)
            queued += 1
    if queued:
        log.warning("sweep: the response carrying %s answer(s) never left its worker: sent through the outbox",
                    queued)
    return queued


def sweep_orphans(engine: Engine, now: datetime, older_than: timedelta = ORPHAN_AFTER, limit: int = 100) -> int:
    """Handle messages stored more than ``older_than`` ago and never handled; returns how many were answered."""
    with engine.Session() as session:
        rows = list(session.execute(
            select(Message.id, Message.channel, Message.provider_id, Contact.sender)
            .join(Contact, Contact.id == Message.contact_id)
            .where(Message.direction == "in", Message.status.in_(("received", "reclaimed")),
                   Message.created_at < now - older_than)
            .order_by(Message.id).limit(limit)))
    answered = 0
    for message_id, channel, provider_id, recipient in rows:
        outcome = engine.handle_orphan(message_id)
        if outcome is None:
            continue  # handled meanwhile by a redelivery or another sweep
        answer_later(engine, channel, recipient, provider_id, outcome, now)
        answered += 1
    if answered:
        log.warning("sweep: %s message(s) stored but never handled are now answered", answered)
    return answered

