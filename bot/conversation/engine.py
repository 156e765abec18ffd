"""The conversation engine: ``Engine.handle(Inbound) -> Outcome``.

Pure logic over a database: no HTTP, no Flask, no provider SDK. Every inbound message is stored
first (keyed by the provider's id, so a redelivery is a no-op that returns the same replies), then
handled in one transaction; an exception in a flow is logged with the conversation id and answered
with an apology and the menu, and the stored message is kept, in a case officers see (``Engine._apologise``:
urgent, with the golden hour's action first, when the message's triage reads it urgent).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Callable, NamedTuple

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased, sessionmaker
from sqlalchemy.orm.attributes import flag_modified, set_committed_value

from . import clarify, golden, station_routing
from .. import edge
from ..cases import casefile, cases, incidents, report_fields, sla as alerts
from ..cases.priority import higher
from ..nlu import commands, domains, names, triage
from . import hooks as feature_hooks, states  # the features' named points; the one state machine
from .. import formats  # numbers written as the resident reads them
from .. import logs, metrics  # operations: log context and counters (README.md, "Deployment and operations")
from ..config import ROOT, Config, load_config
from ..content.catalogue import Catalogue
from ..store import outbox
from ..store.db import add_later, collect_later, dialect_insert, in_constants, make_engine, make_sessionmaker, \
    upgrade_when_free, write_later
from ..content.flows import Flow, load_flows
from ..content.knowledge import Knowledge
from ..content.packs import english_name
from ..messages import Inbound, MAX_READ, MAX_TEXT, Media, Outcome, Reply
from ..store.models.cases import Case
from ..store.models.residents import Contact, Conversation, Evidence, Incident, Message
from ..store.models.outreach import Household
from ..store.models.base import utcnow
from ..nlu.classify import Classification, Classifier
from ..nlu.normalize import normalize
from ..nlu.redact import redact
from ..content.packs import Packs
from .states import ConversationState, Wait
from ..content.texts import Texts
from .dispatch import Dispatch, MENU_DIGIT, MENU_HANDLED, SYSTEM_HANDLED
from .language_choice import LanguageChoice, first_language
from .advice import Advice
from .status_lookup import StatusLookup
from .escalation import Escalation
from .flow_walk import FlowWalk
from .report_answers import ReportAnswers
from .turn_media import TurnMedia
from .registry_check import RegistryCheck

log = logging.getLogger(__name__)

LAST_SEEN_STEP = timedelta(minutes=5)  # contacts.last_seen_at (read only by retention, in days) moves in steps
# messages a flood kept unread (status ``throttled``): read with the resident's first message after it (Turn.catch_up)
HELD_FOR = timedelta(days=1)  # older ones are left as they are (an officer reads them in the case's chat)
HELD_READ = 500  # at most this many are read at once (a minute of flood at 30 a minute is 30)
# a message of the same sender stored this long before their new one and still unhandled (its worker died): handled
# before the new one (Engine.handle's ``stalled``); a live worker handles its own within a second
STALLED_AFTER = timedelta(seconds=5)
# a WhatsApp answer given in the webhook's response (TwiML) is stored as IN_RESPONSE, and counts as given ("replied")
# only once the response was handed to the connection (bot/channels/whatsapp.py): a worker killed after the turn
# committed but before the TwiML went out left an answer marked given that nobody received (attacker trial, session
# 19, F1); what is still IN_RESPONSE after the grace is sent through the outbox (recovery.sweep_unsent_responses)
IN_RESPONSE = "in_response"
ANSWERED_IN_RESPONSE = ("whatsapp",)  # the channels whose answer travels in the webhook's response


def reply_status(channel: str) -> str:
    return IN_RESPONSE if channel in ANSWERED_IN_RESPONSE else "replied"


ORPHAN_AFTER = timedelta(seconds=30)  # a message still unhandled this long after it was stored: the sweep handles it


class Stored(NamedTuple):
    """A message stored (or found stored, unhandled): its row, its conversation and the text kept (redacted)."""

    message_id: int
    conversation_id: int
    text: str
    stalled_seen: bool = False  # an older message of this sender's was found stored and never handled


@dataclass(frozen=True)
class ReadAhead:
    """What a message's stored text says, read before the turn's write transaction (issue 17: on SQLite every
    writer queues for one lock, so work that depends only on the text and the time is done before it, by the
    worker's thread alone). Both are pure functions of ``text`` and ``now``, so the turn's answers are those it
    would have read itself; the turn uses them only when its own text and time are these."""

    text: str  # the stored (redacted) text, cut at MAX_READ as the turn reads it
    now: datetime
    triage: triage.Triage
    classified: Classification | None  # None: not read ahead (a menu digit, a command, nothing written)

    def fits(self, text: str, now: datetime) -> bool:
        return self.text == text and self.now == now


@dataclass
class Resources:
    """Everything loaded and validated at start-up."""

    config: Config
    flows: dict[str, Flow]
    texts: Texts
    knowledge: Knowledge | None
    classifier: Classifier
    catalogue: Catalogue  # intents, report flows and menus, as the flow files declare them


def load_resources(config: Config | None = None, root: Path = ROOT) -> Resources:
    config = config or load_config()
    languages = list(config.languages)
    packs = Packs.load(root / "lang", offered=languages)
    packs.check_offered(languages)
    packs.check_words(languages)
    packs.log_drafts()
    packs.log_shared_scripts()
    commands.check_language_names(packs)  # "हिंदी" picks one pack, and each pack's menu name is understood
    flows = load_flows(root / "flows", languages, packs)
    texts = Texts.load(root / "texts", languages, config.placeholders, packs)
    catalogue = Catalogue.load(root, flows, packs, SYSTEM_HANDLED, MENU_HANDLED)
    texts.define(catalogue.texts, f"{root / 'flows'} (menu places)")
    clarify.check(texts, flows, catalogue)  # every report the clarifying question may offer has its wording
    knowledge_dir = root / "knowledge"
    knowledge = (Knowledge.load(knowledge_dir, languages, config.allowed_link_hosts, packs)
                 if any(knowledge_dir.glob("*.yaml")) else None)
    classifier = Classifier.build(root / "intents", knowledge, config)
    domains.warm()  # the Public Suffix List's lookup, built now rather than at a worker's first link
    names.check("banks", languages, root=packs.root)
    names.check("districts", languages, config.districts, root=packs.root)  # the unit's districts, in every language
    return Resources(config, flows, texts, knowledge, classifier, catalogue)


def _insert_new(dialect: str):
    """``INSERT INTO messages … ON CONFLICT (channel, provider_id) DO NOTHING RETURNING id`` for ``dialect``
    (built once each, executed with the row as parameters): the id of the new row, or no row when this
    provider message was stored before."""
    table = Message.__table__  # the table, not the entity: a Core statement skips the ORM's bulk path
    return dialect_insert(dialect, table).on_conflict_do_nothing(index_elements=["channel", "provider_id"]) \
        .returning(table.c.id)


_INSERT_NEW = {name: _insert_new(name) for name in ("sqlite", "postgresql")}
# statements of every message, built once (building one costs about as much as running it: issue 17)
# Core statements on the tables where no object is needed (the ORM's per-statement work cost more than SQLite)
_contacts, _conversations, _messages = Contact.__table__, Conversation.__table__, Message.__table__
_STALLED = (select(_messages.c.id).where(  # the sender's message stored, never handled, its worker gone (STALLED_AFTER)
    _messages.c.contact_id == _contacts.c.id, _messages.c.direction == "in",
    in_constants(_messages.c.status, ("received", "reclaimed")), _messages.c.created_at <= bindparam("stalled_by"))
    .correlate(_contacts).exists())
_CONTACT_AND_CONVERSATION = (select(_contacts.c.id, _conversations.c.id, _conversations.c.flow_id,
                                    _conversations.c.node_id, _STALLED)
                             .outerjoin(_conversations, _conversations.c.contact_id == _contacts.c.id)
                             .where(_contacts.c.channel == bindparam("channel"),
                                    _contacts.c.sender == bindparam("sender")))
_CLAIM = (update(_messages).where(_messages.c.id == bindparam("message_id"),
                                  in_constants(_messages.c.status, ("received", "reclaimed")))
          .values(status="processed"))
# a turn's replies, audit and alert rows go out at its end, one executemany a table (issue 17; on PostgreSQL one
# statement for all: db.write_later): through the entity, the ORM's bulk path cost more than the INSERT, and on
# SQLite the ORM inserted audit rows one by one; the turn's pending changes are flushed just before (SQLAlchemy
# autoflushes before a Core statement too), once a turn
_INSERT_CONTACT = insert(_contacts).returning(_contacts.c.id)
_INSERT_CONVERSATION = insert(_conversations).returning(_conversations.c.id)


class Engine:
    def __init__(self, resources: Resources, Session: sessionmaker[Session], clock: Callable[[], datetime] = utcnow):
        self.res = resources
        self.config = resources.config
        self.Session = Session
        self.clock = clock
        self.hooks = feature_hooks.load()  # the elderly residents' features, by name (bot/conversation/hooks.py)

    @classmethod
    def from_config(cls, config: Config | None = None, database_url: str | None = None,
                    clock: Callable[[], datetime] = utcnow, migrate: bool = True) -> "Engine":
        resources = load_resources(config)
        db = make_engine(database_url or resources.config.database_url())
        if migrate:
            upgrade_when_free(db)  # a busy SQLite at start: the worker starts anyway, answering as in an outage
        return cls(resources, make_sessionmaker(db), clock)

    # -- the one entry point --------------------------------------------------------------
    def warm_up(self) -> None:
        """Compile what the understanding compiles on first use (the triage's word classes, the entities' patterns,
        the model's features), so the first resident a new worker serves is not the one who waits (about half a
        second; a maintainer's trial measured a second for the first message). Reads; stores nothing."""
        now = datetime.now(timezone.utc)
        for text in ("mere account se abhi 5000 kat gaye, caller abhi line par hai",
                     "someone took 2,000 from my account 10 minutes ago, is 9812345678 really the police?"):
            self.res.classifier.classify(text, now)

    def handle(self, inbound: Inbound, chat_state: Callable[[], datetime] | None = None,
               stalled: Callable[[], Any] | None = None) -> Outcome:
        """Store, then handle, one inbound message. ``chat_state`` (the channel's clock): also read this chat's
        outbox state (``outbox.chat_state``) at the end of the turn, in the turn's own transaction, into
        ``Outcome.chat_state`` (the WhatsApp webhook's look after the turn, without a transaction of its own:
        issue 17). ``stalled``: called between the two when the store step saw an earlier message of this sender
        stored ``STALLED_AFTER`` before and never handled (its worker was killed): the channel handles and answers
        it first (bot/channels/recovery.py ``handle_stalled``), so the resident's messages are answered in order."""
        inbound = edge.clean_inbound(inbound)  # no NUL, no field longer than its column
        try:
            stored = self._store_inbound(inbound)
        except Exception:  # the database itself failed: nothing else can be done here
            log.exception("could not store an inbound %s message", inbound.channel)
            raise
        if isinstance(stored, Outcome):
            return stored
        message_id, conversation_id, text, stalled_seen = stored
        if stalled_seen and stalled is not None:
            stalled()
        logs.bind(conversation_id=conversation_id, message_id=message_id)
        metrics.count_message(inbound.channel, "in")
        try:
            ahead = self.read_ahead(text, inbound.received_at)  # outside any transaction: no writer waits for it
        except Exception:  # a reading that fails here fails again in the turn, which apologises and files it
            log.exception("could not read a %s message ahead of its turn", inbound.channel)
            ahead = None
        return self._handle_stored(inbound, message_id, conversation_id, chat_state, ahead)

    def read_ahead(self, text: str, now: datetime) -> ReadAhead:
        """The triage and, for a message with words in it, the classification of a stored ``text`` at ``now``
        (``ReadAhead``), for the turn to take. A menu digit or a whole-message command is not classified ahead:
        most turns never ask for it (a short text's classification costs 0.1-0.3 ms; a long one's 0.5-1.5 ms, and
        those the turns ask for: bench/README.md, session 10)."""
        text = text[:MAX_READ]
        cleaned = commands.clean(text)
        wordy = bool(cleaned) and not MENU_DIGIT.fullmatch(cleaned) and commands.command(text) is None
        read = golden.read_text(self.config, text, now)
        classifier = self.res.classifier
        same = (classifier.timezone, classifier.golden_minutes) == (self.config.timezone,
                                                                    self.config.golden_hour_minutes)
        return ReadAhead(text, now, read,
                         classifier.classify(text, now, read=read if same else None) if wordy else None)

    def _handle_stored(self, inbound: Inbound, message_id: int, conversation_id: int,
                       chat_state: Callable[[], datetime] | None = None, ahead: ReadAhead | None = None) -> Outcome:
        """Handle a stored message once: the handling transaction first claims it (received -> processed), so
        a redelivery, the orphan sweep and the first worker never all answer it; whoever loses the claim
        waits for the winner's transaction and returns its replies."""
        try:
            with self.Session.begin() as session:
                # the claim writes the usual end state at once (a path that sets none, STOP or START, ends
                # processed); nobody sees it before this transaction commits, so no second UPDATE is needed
                # Core statements on the session's connection: nothing is pending to flush, and the session's own
                # execute costs ~20 µs more a statement (issue 17)
                claimed = session.connection().execute(_CLAIM, {"message_id": message_id}).rowcount == 1
                if not claimed:
                    return self._replay(session, session.get(Message, message_id))
                # the chat's outbox state comes with a statement the turn runs anyway (Turn.chat_state: one
                # statement less): on SQLite with the turn's load, on PostgreSQL with the writes at its end
                sqlite = session.get_bind().dialect.name == "sqlite"
                chat = outbox.chat_state_params(inbound.channel, inbound.sender, message_id, chat_state()) \
                    if chat_state is not None and sqlite else None
                turn = Turn(self, session, inbound, message_id, ahead, chat,
                            chat_at_end=chat_state if not sqlite else None)
                outcome = turn.run()
                write_later(session)  # nothing, unless a row was kept after the turn's end wrote them
                outcome.message_id, outcome.contact_id = message_id, turn.contact.id
                if chat_state is not None:  # PostgreSQL: after the replies are written, before the commit (issue 17)
                    outcome.chat_state = turn.chat_state if turn.chat_state is not None else outbox.chat_state(
                        session, inbound.channel, inbound.sender, message_id, chat_state())
        except Exception as exc:
            log.exception("conversation %s failed on message %s", conversation_id, message_id)
            outcome = self._apologise(inbound, message_id, exc)
        case_id = outcome.case["id"] if outcome.case else None
        logs.bind(case_id=case_id)
        metrics.count_message(inbound.channel, "out", len(outcome.replies))
        log.info("message handled", extra={"channel": inbound.channel, "replies": len(outcome.replies)})
        return outcome

    def handle_orphan(self, message_id: int) -> Outcome | None:
        """Handle a message that was stored and never handled (its worker died): None if it was handled
        meanwhile. The Inbound is rebuilt from the row (text already redacted; files as references)."""
        with self.Session() as session:
            message = session.get(Message, message_id)
            if message is None or message.status not in ("received", "reclaimed"):
                return None
            contact = session.get(Contact, message.contact_id)
            conversation_id = session.scalar(select(Conversation.id).where(Conversation.contact_id == contact.id))
            files = tuple(Media(content_type=item.get("content_type") or "application/octet-stream",
                                provider_ref=item.get("ref"), filename=item.get("filename"))
                          for item in (message.media or {}).get("items", []))
            inbound = Inbound(channel=message.channel, sender=contact.sender, text=message.text, media=files,
                              provider_id=message.provider_id, received_at=message.created_at)
        outcome = self._handle_stored(inbound, message_id, conversation_id)
        return None if outcome.duplicate else outcome

    def _store_inbound(self, inbound: Inbound) -> Stored | Outcome:
        """Store the message before anything else; a redelivery returns what was answered the first time.

        Two workers may store at once (the same redelivered message, or a new resident's first two
        messages): the loser of the unique constraint simply tries again and then finds the winner's row.
        """
        db = self.Session.kw["bind"]
        for attempt in range(3):
            try:
                # a transaction on a connection, no ORM session: its statements are Core ones (a session is made
                # on the same connection only for a redelivery, ``_store_once``): ~0.1 ms a message (issue 17)
                with db.begin() as connection:
                    return self._store_once(connection, inbound)
            except IntegrityError:
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def _store_once(self, connection: Connection, inbound: Inbound) -> Stored | Outcome:
        """Three statements for a message of a known resident (issue 17): the contact with its conversation,
        then one ``INSERT … ON CONFLICT DO NOTHING RETURNING id`` that is the dedupe too (no row back: the
        provider id was stored before, and only then is that row read, by a session on the same connection and
        transaction)."""
        now = inbound.received_at
        found = connection.execute(_CONTACT_AND_CONVERSATION,
                                {"channel": inbound.channel, "sender": inbound.sender[:64],
                                 "stalled_by": now - STALLED_AFTER}).first()
        contact_id, conversation_id, flow_id, node_id, stalled = found if found is not None \
            else (None, None, None, None, False)
        redaction = redact(inbound.text or "", expect=self._expecting(flow_id, node_id),
                           flow=flow_id)  # an IMEI question, or any in a report about a phone, keeps IMEIs
        if contact_id is None:
            # a new resident's contact and conversation: one INSERT … RETURNING id each, on the tables (no ORM
            # flush); the contact in the language its first message's letters tell, as the turn would set it
            language, chosen = self._language_at_insert(redaction.text)
            contact_id = connection.scalar(_INSERT_CONTACT, dict(
                channel=inbound.channel, sender=inbound.sender[:64], created_at=now, last_seen_at=now,
                display_name=(inbound.display_name or None), phone=inbound.phone, language=language,
                language_chosen=chosen))
        if conversation_id is None:
            conversation_id = connection.scalar(_INSERT_CONVERSATION,
                                             dict(contact_id=contact_id, fields={}, pending={}, updated_at=now))
        row = dict(
            contact_id=contact_id, channel=inbound.channel, direction="in",
            provider_id=(inbound.provider_id or None), author="resident", text=redaction.text,
            redacted=",".join(redaction.kinds) or None, created_at=now, status="received",
            media={"items": [{"content_type": m.content_type, "ref": m.provider_ref or m.url,
                              "filename": m.filename} for m in inbound.media]} if inbound.media else {},
        )
        if inbound.cut_from:  # longer than MAX_TEXT: the start is kept, the length it had is noted (bot/edge.py)
            row["media"] = {**row["media"], "cut_from": inbound.cut_from}
        message_id = connection.scalar(_INSERT_NEW[connection.dialect.name], row)
        if message_id is not None:
            return Stored(message_id, conversation_id, redaction.text, bool(stalled))
        with self.Session(bind=connection) as session:  # joins the connection's transaction, commits nothing
            return self._stored_before(session, inbound, contact_id, now)

    def _stored_before(self, session: Session, inbound: Inbound, contact_id: int, now: datetime) -> Stored | Outcome:
        """A message whose provider id was stored before (a redelivery): handled now when it never was, else what
        was answered the first time."""
        existing = session.scalar(select(Message).where(
            Message.channel == inbound.channel, Message.provider_id == inbound.provider_id))
        if existing.contact_id != contact_id:  # another resident's message id: never their replies (session 6)
            log.error("a %s message id already taken by another resident; not handled", inbound.channel)
            return Outcome(duplicate=True, language=self.config.default_language)
        if self._orphaned(session, existing, now):  # stored, then its worker died: handle it now
            conversation_id = session.scalar(
                select(Conversation.id).where(Conversation.contact_id == existing.contact_id))
            return Stored(existing.id, conversation_id, existing.text)
        return self._replay(session, existing)

    def _language_at_insert(self, text: str) -> tuple[str, bool]:
        """The (language, chosen) a new resident's contact is written in: what their first message's turn sets from
        its letters alone (``language_choice.first_language``), else the unit's default and not chosen. One
        ``UPDATE contacts`` fewer in a non-English first message's turn (issue 17); ``Turn`` reads such a contact as
        it was before its first turn (``Turn._language_written``), so the turn decides as it always did."""
        default = (self.config.default_language, False)
        return first_language(text[:MAX_READ], self.res.texts.packs) or default

    def language_written_at_insert(self, contact: Contact, message: Message) -> tuple[str, bool] | None:
        """The (language, chosen) the store wrote ``contact`` in with ``message``, its first (``_language_at_insert``),
        when that is not the default; None for any other contact or message."""
        if contact.created_at != message.created_at:
            return None
        written = self._language_at_insert(message.text)
        default = (self.config.default_language, False)
        return written if written != default and (contact.language, contact.language_chosen) == written else None

    def _expecting(self, flow_id: str | None, node_id: str | None) -> str | None:
        """The kind of answer the conversation waits for (its current node's ``expect``), if any."""
        flow = self.res.flows.get(flow_id or "")
        node = flow.nodes.get(node_id or "") if flow else None
        return node.expect if node else None

    @staticmethod
    def _orphaned(session: Session, message: Message, now: datetime) -> bool:
        """A message stored but not handled yet: the redelivery that finds it tries to handle it (the claim
        in ``_handle_stored`` waits for a worker still handling it), so it is answered, not swallowed."""
        return message.status in ("received", "reclaimed")

    def _replay(self, session: Session, message: Message) -> Outcome:
        replies = session.scalars(select(Message).where(Message.reply_to_id == message.id).order_by(Message.id))
        contact = session.get(Contact, message.contact_id)
        return Outcome(replies=[Reply(m.text) for m in replies], duplicate=True, language=contact.language,
                       message_id=message.id)

    FAILED_NOTE = ("The bot could not handle this message (an error on our side, not the resident's) and "
                   "apologised; the resident was told an officer can see it. Read the message in the chat and "
                   "write to them.")

    def _apologise(self, inbound: Inbound, message_id: int, exc: Exception) -> Outcome:
        """A turn that raised was rolled back: in a fresh transaction the message is marked ``failed`` and put in
        a case officers see (the resident's open case, else a new one: urgent, and announced, when the message's
        triage reads a danger, a call still on or money just gone, else normal), the resident gets the golden
        hour's action first when urgent, then the apology and the menu; counted (``metrics.count_failed_turn``)
        and logged with no personal data (README.md, "Reliability")."""
        now = inbound.received_at
        with self.Session.begin() as session:
            message = session.get(Message, message_id)
            contact = session.get(Contact, message.contact_id)
            message.status = "failed"
            message.error = type(exc).__name__[:200]
            if self.language_written_at_insert(contact, message):  # as the store would have written it before
                contact.language, contact.language_chosen = self.config.default_language, False
            conv = session.scalar(select(Conversation).where(Conversation.contact_id == contact.id))
            if conv is not None:  # start clean: the answers so far stay in the incident, if any
                conv.flow_id = conv.node_id = None
                states.migrate(conv)
                ConversationState(conv).stop()
            texts = self.res.texts
            # the language the message is written in, when none was chosen (the turn that would have set it raised)
            lang = contact.language if contact.language_chosen else texts.packs.by_script(message.text) or contact.language
            try:
                read = triage.read(message.text[:MAX_READ], now, self.config.timezone,
                                   self.config.golden_hour_minutes)
            except Exception:  # the reading itself raised (it may be what failed the turn): the case is kept
                log.exception("could not read a failed message's urgency")
                read = None
            urgent = read is not None and read.urgent
            actions = golden.crash_lines(texts, lang, read) if urgent else []
            priority = "urgent" if urgent else "normal"
            if contact.senior:
                priority = higher(priority, "high")  # DESIGN.md: an elderly resident is high at least
            reason = "danger" if urgent and read.danger else "golden_hour" if urgent else "bot_error"
            case, created = cases.escalate(session, contact, None, priority, reason, now,
                                           self.config.sla_minutes.model_dump())
            message.case_id = case.id  # the message in the case's chat: "an officer can see it" is true
            casefile.add_note(session, case, "bot", self.FAILED_NOTE, now)
            if case.priority == "urgent":
                alerts.announce(session, case, self.config, now, new=created, actor="bot")
            menu_key = "menu_simple" if contact.simple_mode else "menu"
            replies = [*([Reply("\n\n".join(actions), kind="urgent")] if actions else []),
                       Reply(texts.get("error_apology", lang)),
                       Reply(texts.get(menu_key, lang), choices=menu_choices(texts, lang, menu_key))]
            for reply in replies:
                session.add(Message(contact_id=contact.id, channel=contact.channel, direction="out", author="bot",
                                    reply_to_id=message_id, text=reply.text, status=reply_status(contact.channel),
                                    created_at=self.clock()))
            session.flush()
            outcome = Outcome(replies=replies, language=lang, message_id=message_id, contact_id=contact.id,
                              case={"id": case.id, "priority": case.priority, "status": case.status})
        metrics.count_failed_turn(inbound.channel, urgent)
        log.error("turn failed: apologised, message in case %s", case.id, extra={
            "channel": inbound.channel, "error": type(exc).__name__, "urgent": urgent, "case_id": case.id})
        return outcome


def menu_choices(texts: Texts, language: str, key: str = "menu") -> list[str]:
    lines = texts.get(key, language).splitlines()
    return [line for line in lines if line[:1].isdigit()]


def _turn_load(chat: bool = False):
    """One statement (issue 17), built once: the message, its contact, the conversation (locked: one resident's
    messages never interleave), the conversation's incident (held by the turn, so ``session.get`` finds it), the
    resident's latest open case, their household (an elderly resident's, when registered), whether households name
    them their family contact (``Turn.family_contact``), how many messages they sent since ``since`` (floods), whether they wrote before (first contact) and whether files they sent wait for a
    report (evidence with no incident). Bound parameters ``message_id``, ``since`` and ``until``. ``chat``: and the
    chat's outbox state (``outbox.CHAT_STATE_COLUMNS``, with ``outbox.chat_state_params``), used on SQLite only: there
    the turn's transaction holds the database's one write lock from its first statement, so what the load reads of
    the outbox is what the end of the turn would read (the turn queues no row this look counts: its own answers are
    left out by ``message_id``, and a row queued but not yet tried never holds an answer back). On PostgreSQL the load
    may wait for the conversation's row lock, and its subqueries then see the database as it was before the wait
    (READ COMMITTED): an answer another worker queued meanwhile could be missed, so there the look stays a statement
    of its own at the end of the turn."""
    message_id, since, until = bindparam("message_id"), bindparam("since"), bindparam("until")
    # received in the minute up to this message: a message kept in the spool during an outage and replayed after the
    # resident's newer ones (higher id, earlier time) does not count them (an attacker's trial, session 5)
    recent = (select(func.count()).select_from(Message).where(
        Message.contact_id == Contact.id, Message.direction == "in", Message.created_at > since,
        Message.created_at <= until, Message.id <= message_id).correlate(Contact).scalar_subquery())
    earlier_message = aliased(Message)
    earlier = (select(earlier_message.id).where(
        earlier_message.contact_id == Contact.id, earlier_message.direction == "in",
        earlier_message.id != message_id).correlate(Contact).exists())
    loose = (select(Evidence.id).where(Evidence.contact_id == Contact.id, Evidence.incident_id.is_(None))
             .correlate(Contact).exists())
    held_message = aliased(Message)  # kept unread during a flood (Turn.catch_up), within HELD_FOR
    held = (select(held_message.id).where(
        held_message.contact_id == Contact.id, held_message.created_at > bindparam("held_since"),
        held_message.status == "throttled", held_message.id < message_id).correlate(Contact).exists())
    family = aliased(Household)  # households naming this resident their family contact (bot/outreach/behalf.py)
    relative = (select(family.id).where(
        family.family_channel == Contact.channel, family.family_sender == Contact.sender,
        family.family_consent.is_(True)).correlate(Contact).exists())
    open_case = aliased(Case)
    latest_open = (select(open_case.id).where(open_case.contact_id == Contact.id, in_constants(open_case.status, cases.OPEN))
                   .order_by(open_case.created_at.desc(), open_case.id.desc()).limit(1)
                   .correlate(Contact).scalar_subquery())
    return (select(Message, Contact, Conversation, Incident, Case, Household, recent, earlier, loose, held, relative,
                   *(outbox.CHAT_STATE_COLUMNS if chat else ()))
            .join(Contact, Contact.id == Message.contact_id).join(Conversation, Conversation.contact_id == Contact.id)
            .outerjoin(Incident, Incident.id == Conversation.incident_id)
            .outerjoin(Case, Case.id == latest_open)
            .outerjoin(Household, Household.contact_id == Contact.id)
            .where(Message.id == message_id).with_for_update(of=Conversation)
            .execution_options(populate_existing=True))


_TURN_LOAD = _turn_load()
_TURN_LOAD_WITH_CHAT = _turn_load(chat=True)  # the WhatsApp webhook's turn on SQLite


class Turn(Dispatch, LanguageChoice, Advice, StatusLookup, Escalation, FlowWalk, ReportAnswers, TurnMedia, RegistryCheck):
    """The handling of one inbound message, inside one transaction.

    Made of parts of one job each (each a module of bot/conversation): the dispatch (``dispatch.py``), the
    language (``language_choice.py``), advice (``advice.py``), status look-ups (``status_lookup.py``),
    escalation (``escalation.py``), walking a flow (``flow_walk.py``), a report's answers (``report_answers.py``),
    media (``turn_media.py``) and the registry's check (``registry_check.py``). What stays here is the turn
    itself (``run``, loading, replies, the finish) and the helpers every part uses (``say``, ``menu``, ``classify``,
    ``open_case``, ``hold_case``, ``sync_incident``, ``incident_json``...). A part calls another only through its
    public methods (docs/architecture.md, "The turn's parts"). Features use only the public
    names (``say``, ``menu``, ``route``, ``escalate``, ``start_flow``, ``set_fields``, ``walk``, ``ask``...) at
    the points of bot/conversation/hooks.py."""

    def __init__(self, engine: Engine, session: Session, inbound: Inbound, message_id: int,
                 ahead: ReadAhead | None = None, chat: dict[str, Any] | None = None,
                 chat_at_end: Callable[[], datetime] | None = None):
        self.engine = engine
        self.res = engine.res
        self.config = engine.config
        self.texts = engine.res.texts
        self.session = session
        collect_later(session)  # its audit and alert rows and replies go out together at its end (``_finish``)
        self.inbound = inbound
        self.now = inbound.received_at
        row = session.execute(
            _TURN_LOAD_WITH_CHAT if chat else _TURN_LOAD,
            {**(chat or {}), "message_id": message_id, "since": self.now - timedelta(minutes=1), "until": self.now,
             "held_since": self.now - HELD_FOR}).one()
        (self.message, self.contact, self.conv, self._incident, case, self.household, self._recent,
         self._earlier, self._loose_evidence, self._flood_held, self._relative) = row[:11]
        # the chat's outbox state (behind, held) when ``chat`` asked for it with the load (``_turn_load``), else None
        self.chat_state: tuple[bool, bool] | None = (bool(row[11]), bool(row[12])) if chat else None
        self._chat_at_end = chat_at_end  # PostgreSQL: read with the writes at the turn's end (``_finish``), the clock
        states.migrate(self.conv)  # a conversation stored by an earlier version: its wait read once, moved
        self.state = ConversationState(self.conv)  # what the conversation waits for (bot/conversation/states.py)
        self.hooks = engine.hooks
        self._open_cases: list[Case] = [case] if case is not None else []  # escalate reuses an open case: one
        self._made_cases: set[int] = set()  # cases made in this turn
        self.text = self.message.text[:MAX_READ]  # already redacted
        # a new resident's contact the store wrote in the language of this, their first message: read as it was
        # before (the default, not chosen) with no change to write, so the turn decides as it always did; the
        # store's values are written back only where the turn ends elsewhere (``_settle_language``)
        self._language_written = engine.language_written_at_insert(self.contact, self.message)
        if self._language_written is not None:
            set_committed_value(self.contact, "language", self.config.default_language)
            set_committed_value(self.contact, "language_chosen", False)
        self.norm = normalize(self.text)
        self.replies: list[Reply] = []
        self.outcome = Outcome()
        self.classified: Classification | None = None  # set when the turn first asks (``classify``)
        ahead = ahead if ahead is not None and ahead.fits(self.text, self.now) else None  # read before the turn
        self._classified_ahead = ahead.classified if ahead is not None else None
        self.case: Case | None = None
        self.language_told = False  # the first message tells its language (bot/nlu/first_message.py)
        self.place_named: str | None = None  # the station of a place a report's first message named
        self.station_told: str | None = None  # the police station the resident was told helps them (station_routing.py)
        self.answered_station = station_routing.answered_station(self)  # where the report's answers point, at the start
        # what the message says about loss, time, connection, danger
        self.triage = ahead.triage if ahead is not None else golden.read(self)

    # -- helpers --------------------------------------------------------------------------
    @property
    def lang(self) -> str:
        return self.contact.language

    def say(self, key: str, kind: str = "normal", choices: list[str] | None = None, **values) -> None:
        self.replies.append(Reply(self.texts.get(key, self.lang, **values), choices=choices or [], kind=kind))

    def say_text(self, text: dict[str, str], kind: str = "normal", choices: list[str] | None = None) -> None:
        values = {**self.fields_for_text(), **({"case": self.case.id} if self.case else {})}
        self.replies.append(Reply(self.texts.render(text, self.lang, **values), choices=choices or [], kind=kind))

    def say_as_written(self, text: str, choices: list[str] | None = None, kind: str = "normal") -> None:
        """Say ``text`` as it stands: a feature's reply put together from texts already in the resident's language
        (a question and its numbered lines)."""
        self.replies.append(Reply(text, choices=choices or [], kind=kind))

    def romanised_reader(self) -> bool:
        """The message is written in Latin letters (romanised Hindi, Bengali or Urdu) while the chat's language is a
        pack in another script: what must be read at once is said in Latin letters too (the language hint's names,
        the golden-hour action's lead line: a resident's trial, s15, got "Call 1930 now" in Devanagari alone)."""
        return bool(self.norm) and any(char.isascii() and char.isalpha() for char in self.text) \
            and not self.texts.packs.by_script(self.text) and self.texts.packs.infos[self.lang].scripts[0] != "Latin"

    def say_first(self, text: str, kind: str = "normal") -> None:
        """Say ``text`` before every reply of the turn so far (the golden hour's action comes first)."""
        self.replies.insert(0, Reply(text, kind=kind))

    def read_as(self, intent: str | None) -> None:
        """What the message was read as: the intent the turn's outcome reports."""
        self.outcome.intent = intent

    def assume_loss(self) -> triage.Triage:
        """The understanding read a money loss in words no loss phrase holds: the turn's triage takes it as told
        (``triage.assume_loss``), so the triage step routes it like any loss. Returns the triage."""
        self.triage = triage.assume_loss(self.triage)
        return self.triage

    PREFERENCES = ("simple_mode",)  # the contact's settings a feature may change (set_preference)

    def set_preference(self, name: str, value: Any) -> None:
        """Set one of the resident's own settings (``PREFERENCES``: simple mode on or off), kept on the contact."""
        if name not in self.PREFERENCES:
            raise KeyError(f"{name!r} is not a resident's preference ({', '.join(self.PREFERENCES)})")
        setattr(self.contact, name, value)

    def file_under(self, case: Case) -> None:
        """This message belongs to ``case`` (an officer holds the chat: the message is theirs to read too)."""
        self.message.case_id = case.id

    def about_case(self, case: Case | None) -> None:
        """The case this turn is about: its number in the replies (``{case}``) and the outcome (None: no case, e.g.
        one an officer closed)."""
        self.case = case

    def fields_for_text(self) -> dict[str, Any]:
        values = {key: value for key, value in self.conv.fields.items() if isinstance(value, (str, int, float))}
        if self.conv.incident_id:
            incident = self.session.get(Incident, self.conv.incident_id)
            values["reference"] = incident.reference
        return values

    def family_contact(self) -> bool:
        """Whether households name this resident their family contact, with the senior's consent (read with the
        turn's first statement: a feature that asks "for whom?" looks them up only then; no resident's turn writes a
        household)."""
        return bool(self._relative)

    def open_cases(self) -> list[Case]:
        """The resident's open case (cases.escalate reuses one, so there is at most one), newest first, read with
        the turn's first statement; a case escalated in this turn is added by ``escalate`` (the only way
        to cases.escalate)."""
        return [case for case in self._open_cases if case.status in cases.OPEN]

    def open_case(self) -> Case | None:
        """What cases.open_case would answer, without asking the database again."""
        found = self.open_cases()
        return found[0] if found else None

    def hold_case(self, case: Case, created: bool) -> bool:
        """A case ``escalate`` made (``created``) or reused: a new one heads the turn's open cases, so ``open_case``
        answers it without asking the database again. True when the case was made in this turn (no offer or
        alert of it can exist yet)."""
        if created:
            self._open_cases.insert(0, case)
            self._made_cases.add(case.id)
        return case.id in self._made_cases

    def sync_incident(self, create: bool, submitted: bool = False) -> Incident | None:
        """The report's incident row brought up to date with its fields (made when ``create``; made already
        submitted when ``submitted``, see ``incidents.sync``)."""
        made = self.conv.incident_id is None
        incident = incidents.sync(self.session, self.conv, self.contact, self.flow.intent, self.flow.id, self.now,
                                  self.config.reference_prefix, self.config.tz, create,
                                  self.state.of(states.Report).started_at, stored_files=self._loose_evidence,
                                  submitted=submitted)
        if made and self.conv.incident_id is not None:  # made here: nothing to look up in the registry the first time
            self.state.change(states.RegistryChecks, no_identifiers_yet=True)
        if incident is not None:  # held by the turn: the session keeps an unchanged row only while someone does
            self._incident = incident
        return incident

    def menu(self) -> None:
        self.state.wait("menu")
        if self.contact.simple_mode:  # at most four choices (bot/outreach/simple.py)
            return self.say("menu_simple", choices=menu_choices(self.texts, self.lang, "menu_simple"))
        self.say("menu", choices=menu_choices(self.texts, self.lang))
        self.replies[-1].question = "menu"  # WhatsApp: a list picker (bot/channels/interactive.py)

    def classify(self) -> Classification:
        if self.classified is None:
            self.classified = self._classified_ahead or self.res.classifier.classify(self.text, self.now)
        return self.classified

    # -- the turn -------------------------------------------------------------------------
    def run(self) -> Outcome:
        first_contact = not self.contact.language_chosen and self.state.waiting is None and not self.conv.flow_id \
            and not self._has_earlier_message()
        if self.now - self.contact.last_seen_at >= LAST_SEEN_STEP:  # kept to LAST_SEEN_STEP: one write fewer
            self.contact.last_seen_at = self.now
        if self.inbound.display_name and not self.contact.display_name:
            self.contact.display_name = self.inbound.display_name[:120]
        if self.inbound.phone and not self.contact.phone:  # e.g. a Telegram resident shared their number
            self.contact.phone = self.inbound.phone[:20]

        if self.hooks.handled("on_message", self):  # STOP / START as the whole message: honoured at once
            self.message.status = "processed"
            return self._finish()

        held = next((case for case in self.open_cases() if case.status == "claimed"), None)  # an officer holds it
        if held is not None:
            self.message.case_id = held.id
            self.keep_media()
            # to the report: what the report's questions read in it (when the resident's report is this case's),
            # then the entities the freeze request uses; one audit row
            kept = self.told_in_hold() if self.conv.incident_id and self.conv.incident_id == held.incident_id else {}
            report_fields.told_in_chat(self.session, held, self.text, self.now, self.config.timezone, kept=kept)
            self.message.status = "processed"
            self.outcome.silent = True
            self.replies = []
            return self._finish()

        if self._flooding():
            return self._finish()
        if self._flood_held:  # the pace dropped: what the flood kept unread is read now, with this message
            self.catch_up()
        if first_contact:
            self.language_from_first_message()
        else:
            self.language_of_later_message()  # a resident who changes script mid-chat: answered in the new one
        self._settle_language()
        if self.message.redacted:  # after a first message's language is picked: in the language of the turn's other
            # replies ("mere account se ... maine otp 556677 bata diya" got it in English, the rest in Hindi)
            # the expiry named when it was removed too (a resident's trial, session 18)
            key = "secret_warning_expiry" if "expiry" in self.message.redacted.split(",") else "secret_warning"
            self.replies.append(Reply(self.texts.get(key, self.written_in()), kind="warning"))
        if (self.message.media or {}).get("cut_from"):  # too long to keep whole (bot/edge.py): only its start is kept
            self.say("text_cut", limit=formats.number(MAX_TEXT, self.lang))
        elif len(self.message.text) > MAX_READ:
            self.say("too_long")

        later_before = len(self.conv.fields.get("later_losses") or [])
        if not golden.route(self, first_contact):  # triage first: a loss, a live call, a danger
            self.dispatch(first_contact)
        golden.act(self)  # the action first, and the urgent case at once
        self.keep_every_utr(later_before)  # every UTR told, each further debit's beside it

        if first_contact:
            self.replies.append(Reply(station_routing.welcome(self), kind="welcome"))  # names a station's own number
            self.replies.append(Reply(self.texts.get("privacy", self.lang), kind="welcome"))
            others = [self.texts.packs.infos[code].name for code in self.config.languages if code != self.lang]
            if self.state.waiting != "language" and not self.contact.language_chosen and others:
                # told by a message in Latin letters ("mere paise kat gaye"): the answer is in the pack's own script,
                # which a resident who writes romanised Hindi or Urdu may not read; how to change it is said in the
                # letters they wrote in (a resident's trial, session 9)
                latin = self.language_told and self.norm and not self.texts.packs.by_script(self.text)
                hint = "language_hint_romanised" if latin else "language_hint"
                if latin and self.romanised_reader():
                    # answered in another script to one who wrote in Latin letters: the languages named in Latin
                    # letters too (CLDR's English names), as the rest of the hint is
                    others = [english_name(code) for code in self.config.languages if code != self.lang]
                self.replies.append(Reply(self.texts.get(hint, self.lang, languages=", ".join(others)),
                                          kind="welcome"))
        # the claim wrote "processed" and the turn's load read it back; setting it again would still make the row
        # dirty for the flush (SQLAlchemy marks a set attribute even when the value is the same)
        if self.message.status != "processed":
            self.message.status = "processed"
        return self._finish()

    def _flooding(self) -> bool:
        """More than ``flood_per_minute`` messages in a minute: keep them all, answer once, then wait. An urgent
        message (money just left, a live call, a danger: the triage, text only) is handled at once all the same, 1930
        or 112 first and its urgent case (an attacker's trial, session 10: "mere account se abhi 50000 kat gaye" as
        the 33rd message of a minute got no reply and no case)."""
        limit = self.config.flood_per_minute
        recent = self._recent
        if recent <= limit or self.triage.urgent:
            return False
        self.keep_media()
        self.message.status = "throttled"
        self.replies = [] if recent > limit + 1 else [Reply(self.texts.get("slow_down", self.lang))]
        self.outcome.silent = not self.replies
        return True


    def catch_up(self) -> None:
        """The first message after a flood: the messages it kept unread (``throttled``, at most ``HELD_READ`` of the
        last ``HELD_FOR``) are marked read, their count told, and when this message tells no loss, call or danger
        but a held one does, the held one is read together with it (its words first), so the triage acts on it:
        1930/112 first, the report and its case, as if it had come alone."""
        held = self.session.execute(
            select(Message.id, Message.text).where(
                Message.contact_id == self.contact.id, Message.direction == "in", Message.status == "throttled",
                Message.created_at > self.now - HELD_FOR, Message.id < self.message.id)
            .order_by(Message.id.desc()).limit(HELD_READ)).all()
        if not held:
            return
        self.session.execute(update(_messages).where(_messages.c.id.in_([row.id for row in held]))
                             .values(status="processed"))
        self.say("flood_caught_up", count=formats.number(len(held), self.lang))
        if golden.tells(self.triage) or commands.command(self.text):
            return
        for row in reversed(held):  # the first one that tells something, in the order they were sent
            told = golden.read(self, row.text)
            if golden.tells(told):
                self.text = f"{row.text[:MAX_READ // 2]}\n{self.text}"[:MAX_READ]
                self.norm = normalize(self.text)
                self.triage = golden.read(self)
                self.classified = None
                return

    def _settle_language(self) -> None:
        """The contact's language as the row holds it, once the turn has decided (``Turn.__init__``): the store's
        values when the turn chose the same (no UPDATE), else the turn's are written."""
        written, self._language_written = self._language_written, None
        if written is None:
            return
        if (self.contact.language, self.contact.language_chosen) == written:
            set_committed_value(self.contact, "language", written[0])
            set_committed_value(self.contact, "language_chosen", written[1])
        else:
            flag_modified(self.contact, "language")
            flag_modified(self.contact, "language_chosen")

    def _has_earlier_message(self) -> bool:
        return bool(self._earlier)  # read with the turn's first statement


    # -- result ---------------------------------------------------------------------------
    def incident_json(self, incident: Incident | None) -> dict[str, Any] | None:
        """An incident as the outcome shows it (reference, category, priority, status and its fields); None for none."""
        if incident is None:
            return None
        return {"reference": incident.reference, "category": incident.category, "priority": incident.priority,
                "status": incident.status, **incident.fields}

    def _finish(self) -> Outcome:
        self._settle_language()  # a turn that ended before its language step (STOP, a flood): the row as the turn has it
        station_routing.route(self)  # which station: the number written to, or the PIN code / locality given
        if self.place_named:  # a report's first message named the place and no case holds it yet
            station_routing.tell_area(self, self.place_named)
        outcome = self.outcome
        replies = self.hooks.replies(self, self.replies)  # simple mode: no links unless asked
        outcome.replies = sorted(replies, key=lambda reply: Reply.ORDER.get(reply.kind, 3))
        outcome.language = self.lang
        if self.conv.flow_id:
            outcome.flow = self.conv.flow_id
            outcome.node = self.conv.node_id
            incident = self.session.get(Incident, self.conv.incident_id) if self.conv.incident_id else None
            outcome.incident = self.incident_json(incident) or {
                "reference": None, "category": self.flow.intent,
                "priority": self.conv.fields.get("priority"), "status": "collecting",
                **incidents.public_fields(self.conv.fields)}
        if outcome.intent is None and self.classified is not None:
            outcome.intent = self.classified.intent
        case = self.case or self.open_case()
        if case is not None:
            outcome.case = {"id": case.id, "priority": case.priority, "status": case.status}
        self.conv.updated_at = self.now
        if self.conv.incident_id:  # the report the resident is still in: its last activity is this turn's
            held = self.session.get(Incident, self.conv.incident_id)  # in the session already (above, or synced)
            # moved with a change of its own, else in LAST_SEEN_STEP steps (retention reads it in days): a turn that
            # only asks or answers a question writes no incident (issue 17: statements a message)
            if held is not None and (self.session.is_modified(held)
                                     or self.now - held.updated_at >= LAST_SEEN_STEP):
                held.updated_at = self.now
        collect_later(self.session)  # (the turn collects from its start: Turn.__init__)
        for reply in outcome.replies:  # their ids are never needed here (the ORM would insert one by one)
            add_later(self.session, _messages, dict(
                contact_id=self.contact.id, channel=self.contact.channel, direction="out", author="bot",
                reply_to_id=self.message.id, text=reply.text, status=reply_status(self.contact.channel),
                created_at=self.now,
                media={}, provider_id=None, case_id=None, redacted=None, error=None))
        # PostgreSQL: the chat's outbox state (the WhatsApp webhook's look) answered by the same statement; it reads
        # only the outbox, which these writes never touch (db.write_later)
        look = None if self._chat_at_end is None else (outbox.CHAT_STATE_COLUMNS, outbox.chat_state_params(
            self.inbound.channel, self.inbound.sender, self.message.id, self._chat_at_end()))
        row = write_later(self.session, then=look)
        if row is not None:
            self.chat_state = (bool(row[0]), bool(row[1]))
        return outcome


# -- the system waits of the conversation core (bot/conversation/states.py): the parts register the waits they
# answer (language, status_ref, kb_choice, officer_callback), features theirs (households, behalf) ----
for _wait in (
        Wait("menu", "a digit of the main menu, or any message", "menu", menu_digits=True),
        Wait("clarify", "a digit (or yes/no) of the reports offered", "late", clarify.answer)):
    states.register(_wait)
