"""The conversation engine: ``Engine.handle(Inbound) -> Outcome``.

Pure logic over a database: no HTTP, no Flask, no provider SDK. Every inbound message is stored
first (keyed by the provider's id, so a redelivery is a no-op that returns the same replies), then
handled in one transaction; an exception in a flow is logged with the conversation id and answered
with an apology and the menu, and the stored message is kept.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Callable

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased, sessionmaker

from . import answers, clarify, formats, golden, menu_words
from ..cases import casefile, cases, evidence, incidents
from ..registry import normalising, records
from ..nlu import domains
from . import hooks as feature_hooks, states  # the features' named points; the one state machine
from . import edge
from ..cases import stations  # several police stations (README.md, "Several police stations")
from ..cases import sla as alerts
from .. import logs, metrics  # operations: log context and counters (README.md, "Deployment and operations")
from ..config import ROOT, Config, load_config
from ..content.catalogue import Catalogue
from ..store import outbox
from ..store.db import dialect_insert, make_engine, make_sessionmaker, upgrade
from ..content.flows import Flow, Node, load_flows
from ..content.knowledge import Knowledge
from .messages import Inbound, Media, Outcome, Reply
from ..store.models.cases import Case
from ..store.models.residents import Contact, Conversation, Evidence, Incident, Message
from ..store.models.outreach import Household
from ..store.models.base import utcnow
from ..nlu import commands, first_message, names, police
from ..nlu.classify import Classification, Classifier
from ..nlu.corrections import find_correction
from ..nlu.entities.phones import find_phones
from ..nlu.normalize import normalize, to_ascii_digits
from ..nlu.redact import MARKER as REDACTED, redact
from ..nlu.topics import ASKED_REPORTS
from ..nlu.topics import reply_for as topic_reply
from ..content.packs import Packs
from ..cases.priority import assess, higher
from .states import ConversationState, KbChoice, Wait
from ..content.texts import Texts

log = logging.getLogger(__name__)

MAX_READ = 2000  # characters of one message the engine reads; all of it is stored
# The intents the engine answers itself (flows/_system.yaml declares them, bot/content/catalogue.py checks each has a
# handler here); the menus, the report flows and the intent list are derived from the flow files.
MENU_HANDLED = ("safety_advice", "report_status", "talk_to_officer")  # see _menu_action
SYSTEM_HANDLED = (*MENU_HANDLED, "greeting", "unknown")  # see _free_text
MAX_STEPS = 200
BAD_ANSWERS_THEN_UNKNOWN = 2  # any report question (not the menu) answered unreadably twice: not known
PLACE_SAID = "_place_said"  # a place said at the menu ("my pin code is 700016"), for the next report's district
SAYS_SKIP = ("bad_time", "time_future")  # these texts already say "if you are not sure, reply 'don't know'"
SECRET_TOPIC = "otp_pin_never_share"  # the answer to a secret said alone ("PIN 700016", "meri pin 700016 hai")
OUT_OF_ORDER = ("utr", "target", "bank", "imei")  # facts kept when told at another question (a bare number,
# an amount or a time is not: "700001" at the time question is a PIN, never an amount)
NUMBER_RUN = re.compile(r"\+?\d[\d\s().-]*\d")  # a number as typed ("+91 98765-43210")
# What the words around a number typed after "talk to an officer" may read as, for it to be the call-back number
CALLBACK_WORDS = ("unknown", "greeting", "talk_to_officer", "report_status")  # "call me on", "my number"
LAST_SEEN_STEP = timedelta(minutes=5)  # contacts.last_seen_at (read only by retention, in days) moves in steps
ORPHAN_AFTER = timedelta(seconds=30)  # a message still unhandled this long after it was stored: the sweep handles it


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
    flows = load_flows(root / "flows", languages, packs)
    texts = Texts.load(root / "texts", languages, config.placeholders, packs)
    catalogue = Catalogue.load(root, flows, packs, SYSTEM_HANDLED, MENU_HANDLED)
    texts.define(catalogue.texts, f"{root / 'flows'} (menu places)")
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
_CONTACT_AND_CONVERSATION = (select(_contacts.c.id, _conversations.c.id, _conversations.c.flow_id,
                                    _conversations.c.node_id)
                             .outerjoin(_conversations, _conversations.c.contact_id == _contacts.c.id)
                             .where(_contacts.c.channel == bindparam("channel"),
                                    _contacts.c.sender == bindparam("sender")))
_CLAIM = (update(_messages).where(_messages.c.id == bindparam("message_id"),
                                  _messages.c.status.in_(("received", "reclaimed"))).values(status="processed"))
# a turn's replies, one executemany on the table (issue 17): through the entity, the ORM's bulk path cost more
# than the INSERT; the turn's pending changes are flushed just before it (SQLAlchemy autoflushes before a Core
# statement too), once a turn
_INSERT_REPLIES = insert(_messages)
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
            upgrade(db)
        return cls(resources, make_sessionmaker(db), clock)

    # -- the one entry point --------------------------------------------------------------
    def handle(self, inbound: Inbound, chat_state: Callable[[], datetime] | None = None) -> Outcome:
        """Store, then handle, one inbound message. ``chat_state`` (the channel's clock): also read this chat's
        outbox state (``outbox.chat_state``) at the end of the turn, in the turn's own transaction, into
        ``Outcome.chat_state`` (the WhatsApp webhook's look after the turn, without a transaction of its own:
        issue 17)."""
        inbound = edge.clean_inbound(inbound)  # no NUL, no field longer than its column
        try:
            stored = self._store_inbound(inbound)
        except Exception:  # the database itself failed: nothing else can be done here
            log.exception("could not store an inbound %s message", inbound.channel)
            raise
        if isinstance(stored, Outcome):
            return stored
        message_id, conversation_id = stored
        logs.bind(conversation_id=conversation_id, message_id=message_id)
        metrics.count_message(inbound.channel, "in")
        return self._handle_stored(inbound, message_id, conversation_id, chat_state)

    def _handle_stored(self, inbound: Inbound, message_id: int, conversation_id: int,
                       chat_state: Callable[[], datetime] | None = None) -> Outcome:
        """Handle a stored message once: the handling transaction first claims it (received -> handling), so
        a redelivery, the orphan sweep and the first worker never all answer it; whoever loses the claim
        waits for the winner's transaction and returns its replies."""
        try:
            with self.Session.begin() as session:
                # the claim writes the usual end state at once (a path that sets none, STOP or START, ends
                # processed); nobody sees it before this transaction commits, so no second UPDATE is needed
                claimed = session.execute(_CLAIM, {"message_id": message_id}).rowcount == 1
                if not claimed:
                    return self._replay(session, session.get(Message, message_id))
                turn = Turn(self, session, inbound, message_id)
                outcome = turn.run()
                outcome.message_id, outcome.contact_id = message_id, turn.contact.id
                if chat_state is not None:  # after the replies are written, before the commit (issue 17)
                    outcome.chat_state = outbox.chat_state(session, inbound.channel, inbound.sender, message_id,
                                                           chat_state())
        except Exception as exc:
            log.exception("conversation %s failed on message %s", conversation_id, message_id)
            outcome = self._apologise(message_id, exc)
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

    def _store_inbound(self, inbound: Inbound) -> tuple[int, int] | Outcome:
        """Store the message before anything else; a redelivery returns what was answered the first time.

        Two workers may store at once (the same redelivered message, or a new resident's first two
        messages): the loser of the unique constraint simply tries again and then finds the winner's row.
        """
        for attempt in range(3):
            try:
                with self.Session.begin() as session:
                    return self._store_once(session, inbound)
            except IntegrityError:
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def _store_once(self, session: Session, inbound: Inbound) -> tuple[int, int] | Outcome:
        """Three statements for a message of a known resident (issue 17): the contact with its conversation,
        then one ``INSERT … ON CONFLICT DO NOTHING RETURNING id`` that is the dedupe too (no row back: the
        provider id was stored before, and only then is that row read)."""
        now = inbound.received_at
        found = session.execute(_CONTACT_AND_CONVERSATION,
                                {"channel": inbound.channel, "sender": inbound.sender[:64]}).first()
        contact_id, conversation_id, flow_id, node_id = found if found is not None else (None, None, None, None)
        # a new resident's contact and conversation: one INSERT … RETURNING id each, on the tables (no ORM flush)
        contact_id = contact_id if contact_id is not None else session.scalar(_INSERT_CONTACT, dict(
            channel=inbound.channel, sender=inbound.sender[:64], created_at=now, last_seen_at=now,
            display_name=(inbound.display_name or None), phone=inbound.phone, language=self.config.languages[0]))
        if conversation_id is None:
            conversation_id = session.scalar(_INSERT_CONVERSATION,
                                             dict(contact_id=contact_id, fields={}, pending={}, updated_at=now))
        redaction = redact(inbound.text or "", expect=self._expecting(flow_id, node_id),
                           flow=flow_id)  # an IMEI question, or any in a report about a phone, keeps IMEIs
        row = dict(
            contact_id=contact_id, channel=inbound.channel, direction="in",
            provider_id=(inbound.provider_id or None), author="resident", text=redaction.text,
            redacted=",".join(redaction.kinds) or None, created_at=now, status="received",
            media={"items": [{"content_type": m.content_type, "ref": m.provider_ref or m.url,
                              "filename": m.filename} for m in inbound.media]} if inbound.media else {},
        )
        message_id = session.scalar(_INSERT_NEW[session.get_bind().dialect.name], row)
        if message_id is not None:
            return message_id, conversation_id
        existing = session.scalar(select(Message).where(
            Message.channel == inbound.channel, Message.provider_id == inbound.provider_id))
        if self._orphaned(session, existing, now):  # stored, then its worker died: handle it now
            conversation_id = session.scalar(
                select(Conversation.id).where(Conversation.contact_id == existing.contact_id))
            return existing.id, conversation_id
        return self._replay(session, existing)

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

    def _apologise(self, message_id: int, exc: Exception) -> Outcome:
        with self.Session.begin() as session:
            message = session.get(Message, message_id)
            contact = session.get(Contact, message.contact_id)
            message.status = "failed"
            message.error = type(exc).__name__[:200]
            conv = session.scalar(select(Conversation).where(Conversation.contact_id == contact.id))
            if conv is not None:  # start clean: the answers so far stay in the incident, if any
                conv.flow_id = conv.node_id = None
                states.migrate(conv)
                ConversationState(conv).stop()
            texts = self.res.texts
            menu_key = "menu_simple" if contact.simple_mode else "menu"
            replies = [Reply(texts.get("error_apology", contact.language)),
                       Reply(texts.get(menu_key, contact.language), choices=menu_choices(texts, contact.language,
                                                                                         menu_key))]
            for reply in replies:
                session.add(Message(contact_id=contact.id, channel=contact.channel, direction="out", author="bot",
                                    reply_to_id=message_id, text=reply.text, status="replied",
                                    created_at=self.clock()))
            return Outcome(replies=replies, language=contact.language, message_id=message_id)


BARE_CODE = re.compile(r"\d{6}")  # a bare 6-digit number: a PIN code or an OTP, never a report (see _bare_number)


def menu_choices(texts: Texts, language: str, key: str = "menu") -> list[str]:
    lines = texts.get(key, language).splitlines()
    return [line for line in lines if line[:1].isdigit()]


def _turn_load():
    """One statement (issue 17), built once: the message, its contact, the conversation (locked: one resident's
    messages never interleave), the conversation's incident (held by the turn, so ``session.get`` finds it), the
    resident's latest open case, their household (an elderly resident's, when registered), how many messages they
    sent since ``since`` (floods), whether they wrote before (first contact) and whether files they sent wait for a
    report (evidence with no incident). Bound parameters ``message_id``, ``since`` and ``until``."""
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
    open_case = aliased(Case)
    latest_open = (select(open_case.id).where(open_case.contact_id == Contact.id, open_case.status.in_(cases.OPEN))
                   .order_by(open_case.created_at.desc(), open_case.id.desc()).limit(1)
                   .correlate(Contact).scalar_subquery())
    return (select(Message, Contact, Conversation, Incident, Case, Household, recent, earlier, loose)
            .join(Contact, Contact.id == Message.contact_id).join(Conversation, Conversation.contact_id == Contact.id)
            .outerjoin(Incident, Incident.id == Conversation.incident_id)
            .outerjoin(Case, Case.id == latest_open)
            .outerjoin(Household, Household.contact_id == Contact.id)
            .where(Message.id == message_id).with_for_update(of=Conversation)
            .execution_options(populate_existing=True))


_TURN_LOAD = _turn_load()


class Turn:
    """The handling of one inbound message, inside one transaction."""

    def __init__(self, engine: Engine, session: Session, inbound: Inbound, message_id: int):
        self.engine = engine
        self.res = engine.res
        self.config = engine.config
        self.texts = engine.res.texts
        self.session = session
        self.inbound = inbound
        self.now = inbound.received_at
        (self.message, self.contact, self.conv, self._incident, case, self.household, self._recent,
         self._earlier, self._loose_evidence) = session.execute(
            _TURN_LOAD, {"message_id": message_id, "since": self.now - timedelta(minutes=1), "until": self.now}).one()
        states.migrate(self.conv)  # a conversation stored by an earlier version: its wait read once, moved
        self.state = ConversationState(self.conv)  # what the conversation waits for (bot/conversation/states.py)
        self.hooks = engine.hooks
        self._open_cases: list[Case] = [case] if case is not None else []  # escalate reuses an open case: one
        self._made_cases: set[int] = set()  # cases made in this turn
        self.text = self.message.text[:MAX_READ]  # already redacted
        self.norm = normalize(self.text)
        self.replies: list[Reply] = []
        self.outcome = Outcome()
        self.classified: Classification | None = None
        self.case: Case | None = None
        self.language_told = False  # the first message tells its language (bot/nlu/first_message.py)
        self.place_named: str | None = None  # the station of a place a report's first message named
        self.station_told: str | None = None  # the police station the resident was told helps them (bot/cases/stations.py)
        self.answered_station = stations.answered_station(self)  # where the report's answers point, at the start
        self.triage = golden.read(self)  # what the message says about loss, time, connection, danger

    # -- helpers --------------------------------------------------------------------------
    @property
    def lang(self) -> str:
        return self.contact.language

    def say(self, key: str, kind: str = "normal", choices: list[str] | None = None, **values) -> None:
        self.replies.append(Reply(self.texts.get(key, self.lang, **values), choices=choices or [], kind=kind))

    def say_text(self, text: dict[str, str], kind: str = "normal", choices: list[str] | None = None) -> None:
        values = {**self.fields_for_text(), **({"case": self.case.id} if self.case else {})}
        self.replies.append(Reply(self.texts.render(text, self.lang, **values), choices=choices or [], kind=kind))

    def fields_for_text(self) -> dict[str, Any]:
        values = {key: value for key, value in self.conv.fields.items() if isinstance(value, (str, int, float))}
        if self.conv.incident_id:
            incident = self.session.get(Incident, self.conv.incident_id)
            values["reference"] = incident.reference
        return values

    def open_cases(self) -> list[Case]:
        """The resident's open case (cases.escalate reuses one, so there is at most one), newest first, read with
        the turn's first statement; a case escalated in this turn is added by ``escalate`` (the only way
        to cases.escalate)."""
        return [case for case in self._open_cases if case.status in cases.OPEN]

    def open_case(self) -> Case | None:
        """What cases.open_case would answer, without asking the database again."""
        found = self.open_cases()
        return found[0] if found else None

    def menu(self) -> None:
        self.state.wait("menu")
        if self.contact.simple_mode:  # at most four choices (bot/outreach/simple.py)
            return self.say("menu_simple", choices=menu_choices(self.texts, self.lang, "menu_simple"))
        self.say("menu", choices=menu_choices(self.texts, self.lang))
        self.replies[-1].question = "menu"  # WhatsApp: a list picker (bot/channels/interactive.py)

    def classify(self) -> Classification:
        if self.classified is None:
            self.classified = self.res.classifier.classify(self.text, self.now)
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
        if self.message.redacted:  # before the language is picked: in the language the message is written in
            self.replies.append(Reply(self.texts.get("secret_warning", self._written_in()), kind="warning"))

        if self.hooks.handled("on_message", self):  # STOP / START as the whole message: honoured at once
            return self._finish()

        held = next((case for case in self.open_cases() if case.status == "claimed"), None)  # an officer holds it
        if held is not None:
            self.message.case_id = held.id
            self.keep_media()
            self.message.status = "processed"
            self.outcome.silent = True
            self.replies = []
            return self._finish()

        if self._flooding():
            return self._finish()
        if first_contact:
            self._first_language()
        if len(self.message.text) > MAX_READ:
            self.say("too_long")

        if not golden.route(self, first_contact):  # triage first: a loss, a live call, a danger
            self._dispatch(first_contact)
        golden.act(self)  # the action first, and the urgent case at once

        if first_contact:
            self.replies.append(Reply(stations.welcome(self), kind="welcome"))  # names a station's own number
            self.replies.append(Reply(self.texts.get("privacy", self.lang), kind="welcome"))
            others = [self.texts.packs.infos[code].name for code in self.config.languages if code != self.lang]
            if self.state.waiting != "language" and not self.contact.language_chosen and others:
                self.replies.append(Reply(self.texts.get("language_hint", self.lang, languages=", ".join(others)),
                                          kind="welcome"))
        # the claim wrote "processed" and the turn's load read it back; setting it again would still make the row
        # dirty for the flush (SQLAlchemy marks a set attribute even when the value is the same)
        if self.message.status != "processed":
            self.message.status = "processed"
        return self._finish()

    def _flooding(self) -> bool:
        """More than ``flood_per_minute`` messages in a minute: keep them all, answer once, then wait."""
        limit = self.config.flood_per_minute
        recent = self._recent
        if recent <= limit:
            return False
        self.keep_media()
        self.message.status = "throttled"
        self.replies = [] if recent > limit + 1 else [Reply(self.texts.get("slow_down", self.lang))]
        self.outcome.silent = not self.replies
        return True

    def _written_in(self) -> str:
        """The language to answer in: the resident's chosen one, else the pack the message's script picks."""
        if self.contact.language_chosen:
            return self.lang
        return self.texts.packs.by_script(self.text) or self.lang

    def _first_language(self) -> None:
        """Answer a first message in the language it is written in, when it tells one: a language offered in the
        menu (config.languages), or any shipped pack whose own script or romanised words the message is written in
        (Bengali, Urdu: bot/nlu/language.py says when romanised words are clear enough)."""
        told = first_message.told_language(self.text, self.classify().intent if self.norm else None,
                                           self.texts.packs)
        if told and told in self.texts.packs.codes:
            self.language_told = True
            chosen = self.contact.language_chosen or bool(self.texts.packs.by_script(self.text))
            # written in a pack's own script (Devanagari: hi): chosen; Latin letters tell less. Only a change is
            # set: a set attribute makes the row dirty for the flush even when its value is the same
            if (self.contact.language, self.contact.language_chosen) != (told, chosen):
                self.contact.language, self.contact.language_chosen = told, chosen

    def _has_earlier_message(self) -> bool:
        return bool(self._earlier)  # read with the turn's first statement

    def _dispatch(self, first_contact: bool) -> None:
        media_kept = self.keep_media()
        has_text = bool(self.norm)
        if not has_text and not self.inbound.media:
            if self.text.strip():
                self.say("only_symbols")
            elif not first_contact:
                self.say("empty_message")
            if first_contact:
                self._ask_language()
            return
        command = commands.command(self.text) if has_text else None
        if command:
            return self.command(command)
        if self.hooks.handled("before_dispatch", self):  # simple mode: "0", on/off, LINK
            return
        if self._answered_wait("early"):  # the answer to the welcome, the language, for whom (bot/conversation/states.py)
            return
        if self.conv.flow_id and self.conv.node_id:
            return self._answer(media_kept)
        if not has_text:
            if self.hooks.handled("on_media", self, media_kept, False):  # a voice note: a kind word and the menu
                return
            self.say("media_outside_flow" if media_kept else "media_refused",
                     limit=self.config.max_evidence_mb)
            return
        placed = stations.place_said(self)  # "my pin code is 700016": routed and told, never a report
        if placed is not None:
            self.conv.misunderstood = 0
            kept = {k: v for k, v in self.conv.fields.items() if k != PLACE_SAID}
            self.conv.fields = {**kept, PLACE_SAID: self.text[:120]} if placed else kept  # the next report's
            wait = states.WAITS.get(self.state.waiting or "")
            if wait is not None and wait.reask is not None:  # the status question: asked again
                return wait.reask(self)
            if first_contact and not (self.contact.language_chosen or self.language_told):
                return self._ask_language()
            return self.menu()
        if stations.of(self.config).secret_only(self.text):  # "meri pin 700016 hai": a secret, no place, no report
            return self._secret_only(first_contact)
        if self._answered_wait("late"):  # the status question, "Did you mean", which report
            return
        cleaned = commands.clean(self.text)
        # simple mode's menu of four comes from its hook; both menus are derived from the flow files (bot/content/catalogue.py)
        actions = self.hooks.first("menu_actions", self) or self.res.catalogue.menu_actions
        if BARE_CODE.fullmatch(to_ascii_digits(cleaned)) and cleaned not in actions:
            return self._bare_number(first_contact)  # "700001": a PIN code or an OTP, never a report by itself
        if states.menu_digits(self.state.waiting) and cleaned in actions and not first_contact:
            return self._menu_action(actions[cleaned])
        if states.menu_digits(self.state.waiting) and not first_contact:  # the menu by words: "report money fraud"
            key = "menu_simple" if self.contact.simple_mode else "menu"
            digit = menu_words.digit_for(self.text, [self.texts.get(key, code)
                                                     for code in dict.fromkeys([self.lang, *self.config.languages])])
            if digit in actions:
                return self._menu_action(actions[digit])
        self._free_text(first_contact)

    def _answered_wait(self, stage: str) -> bool:
        """The message read as the answer to what the conversation waits for, when that wait is read at ``stage``
        (bot/conversation/states.py); False when there is none or the message is not its answer (then read as a new message)."""
        wait = states.WAITS.get(self.state.waiting or "")
        if wait is None or wait.stage != stage or wait.handler is None:
            return False
        if (wait.needs_text and not self.norm) or (wait.needs_flow and not self.conv.flow_id):
            return False
        return bool(wait.handler(self))

    def _status_answer(self) -> bool:
        """The answer to "which report?" (the status question): a reference, "don't know" (the latest report) or
        a reference as written; a bare number is read as a new message (a menu digit)."""
        self.state.stop()
        reference = incidents.find_reference(self.text, self.config.reference_prefix)
        if reference:
            self._status(reference)
            return True
        cleaned = commands.clean(self.text)
        if commands.is_skip(self.text) or not any(ch.isdigit() for ch in cleaned):
            self._status(None)  # "don't know": their latest complaint
            return True
        if not cleaned.isdigit():
            self._status(self.text.strip()[:24])
            return True
        return False

    def _secret_only(self, first_contact: bool) -> None:
        """Only a secret with the words of a place around it ("meri pin 700016 hai"): warned above; the answer
        "PIN 700016" gets (never share an OTP or PIN), in the resident's language; no report starts."""
        self.conv.misunderstood = 0
        knowledge = self.res.knowledge
        if knowledge is None or SECRET_TOPIC not in knowledge.topics:  # a unit without that topic: a kind word
            return self._bare_number(first_contact)
        self.outcome.intent = "safety_advice"
        self.replies.append(Reply(knowledge.answer(SECRET_TOPIC, self.lang)))
        if first_contact and not (self.contact.language_chosen or self.language_told):
            return self._ask_language()
        self.say("flow_finished")

    def _bare_number(self, first_contact: bool) -> None:
        """A bare 6-digit number outside a question: it may be a PIN code or an OTP, so it starts nothing; a
        kind word (never share a code) and the menu (or the language question on a first message)."""
        self.conv.misunderstood = 0
        self.say("bare_number")
        if first_contact and not (self.contact.language_chosen or self.language_told):
            return self._ask_language()
        self.menu()

    # -- commands, language, menu ---------------------------------------------------------
    def command(self, command: str) -> None:
        """MENU, HELP, OFFICER or LANGUAGE, said at any point (a feature may send one: simple mode's "0")."""
        self.outcome.intent = {"officer": "talk_to_officer"}.get(command)
        if command == "menu":
            self.leave_flow()
            self.conv.misunderstood = 0
            self.menu()
        elif command == "help":
            self.say("help")
            self.reask_or_menu()
        elif command == "officer":
            if self.conv.flow_id and self.flow.intent != "unknown":
                self._officer_for_report()
            else:
                self.leave_flow()
                self._officer_request("talk_to_officer")
        elif command == "language":
            named = commands.language_named(self.text)
            if named:
                self._set_language(named)
                self.reask_or_menu()
            else:
                self._ask_language()

    def _ask_language(self) -> None:
        self.state.wait("language")
        names = [self.texts.packs.infos[code].name for code in self.config.languages]
        listed = ", ".join(self.texts.get("language_choice", self.lang, number=number, name=name)
                           for number, name in enumerate(names, 1))
        self.say("choose_language", choices=[f"{number}. {name}" for number, name in enumerate(names, 1)],
                 languages=listed)
        self.replies[-1].question = "language"

    def _choose_language(self) -> bool:
        numbers = {str(number): code for number, code in enumerate(self.config.languages, 1)}
        cleaned = commands.clean(self.text)
        chosen = numbers.get(cleaned) or commands.language_named(self.text, answering=True)
        if chosen is None and cleaned.isdigit() and len(cleaned) == 1:
            self._ask_language()  # "3" to a question of two languages: asked again, never read as the menu's 3
            return True
        if chosen is None:
            if self.contact.language_chosen or not self.norm:
                return False
            self.state.stop()  # not a language answer: read it as a message
            return False
        self._set_language(chosen)
        self.state.stop()
        self.reask_or_menu()
        return True

    def _set_language(self, language: str) -> None:
        if language in self.config.languages:
            self.contact.language, self.contact.language_chosen = language, True
        self.say("language_set")

    def reask_or_menu(self) -> None:
        if self.conv.flow_id and self.conv.node_id:
            self.ask(self.flow.nodes[self.conv.node_id])
        else:
            self.menu()

    def _menu_action(self, action: str) -> None:
        self.state.stop()
        self.conv.misunderstood = 0
        self.outcome.intent = action if action in self.res.catalogue.intents else None
        if action == "report_status":
            self.state.wait("status_ref")
            self.say("status_ask")
        elif action == "talk_to_officer":
            self._officer_request("talk_to_officer")
        elif action == "safety_advice":
            self._knowledge_menu()
        else:
            self.start_flow(action, prefill=False)

    # -- free text ------------------------------------------------------------------------
    def _free_text(self, first_contact: bool) -> None:
        result = self.classify()
        intent = result.intent
        self.outcome.intent = intent
        reference = incidents.find_reference(self.text, self.config.reference_prefix)
        if reference:
            self.outcome.intent = "report_status"
            return self._status(reference)
        if first_contact and self.language_told and first_message.only_help(self.text):
            self.say("help")  # a bare plea for help: help and the menu, in its language (issue 16)
            return self.menu()
        if intent in ("unknown", "greeting"):
            if first_contact:
                if self.contact.language_chosen or self.language_told:
                    if first_message.asks_help(self.text):
                        self.say("help")
                    self.menu()
                else:
                    self._ask_language()
                return
            if intent == "greeting":
                self.conv.misunderstood = 0
                return self.menu()
            return self._misunderstood()
        self.conv.misunderstood = 0
        if intent == "report_status":
            return self._status(None)
        if intent == "talk_to_officer":
            return self._officer_request("talk_to_officer")
        if result.clarify and all(self.res.catalogue.report_flows.get(i) in self.res.flows or i == "safety_advice"
                                  for i in result.clarify):
            return clarify.ask(self, result.clarify)  # two readings fit: one short question, never when urgent
        self.route(intent, self.text, result)

    def route(self, intent: str, text: str, result: Classification | None = None) -> None:
        """Start the report of ``intent`` filled in from ``text`` (the message that told it), or answer it
        as a safety question."""
        if intent == "safety_advice":
            return self._advice(result or self.res.classifier.classify(text, self.now))
        if intent in ASKED_REPORTS and result is not None and result.question:
            reply = topic_reply(result, self.res.knowledge)  # "is this genuine?": its topic's answer, then the check
            if reply.kind == "offer":
                return self._offer_topics(list(reply.topics))
            if reply.kind == "answer":
                self.replies.append(Reply(self.res.knowledge.answer(reply.topics[0], self.lang)))
        flow_id = self.res.catalogue.report_flows.get(intent)
        if flow_id in self.res.flows:
            return self.start_flow(flow_id, prefill=True, source=text)
        self._officer_request("report")

    def _misunderstood(self) -> None:
        self.conv.misunderstood += 1
        if self.conv.misunderstood >= 2:
            self.conv.misunderstood = 0
            self.say("not_understood_twice")
            self.escalate(None, "normal", "not_understood")
            self.menu()
        else:
            self.say("not_understood")

    # -- knowledge ------------------------------------------------------------------------
    def _advice(self, result: Classification) -> None:
        reply = topic_reply(result, self.res.knowledge)  # the same decision bench/accuracy.py measures
        if reply.kind == "answer":
            self.outcome.intent = "safety_advice"
            self.replies.append(Reply(self.res.knowledge.answer(reply.topics[0], self.lang)))
            self.say("flow_finished")
            return
        if reply.kind == "offer":
            return self._offer_topics(list(reply.topics))
        self._knowledge_menu()

    def _offer_topics(self, topics: list[str]) -> None:
        knowledge = self.res.knowledge
        lines = [f"{i}. {knowledge.title(t, self.lang)}" for i, t in enumerate(topics, 1)]
        lines.append(f"{len(topics) + 1}. {self.texts.get('none_of_these', self.lang)}")
        self.state.wait("kb_choice", KbChoice(topics))
        self.replies.append(Reply("\n".join([self.texts.get("did_you_mean", self.lang), *lines]), choices=lines))

    def _kb_choice(self) -> bool:
        offered = self.state.get(KbChoice)
        topics = offered.topics if offered else []
        cleaned = commands.clean(self.text)
        named = None if cleaned.isdigit() else menu_words.choice_for(self.text, [
            [self.res.knowledge.topics[t].title.get(code, "") for code in dict.fromkeys([self.lang, "en"])]
            for t in topics if t in self.res.knowledge.topics])  # "upi" for "UPI collect requests and QR codes"
        if not cleaned.isdigit() and named is None:
            # a word no title holds ("ओटीपी" for "OTP या PIN कभी किसी को न बताएं"): the topic it reads as, when that is
            # one of those offered and the message is no report of its own (then it is read as a new message)
            read = self.classify()
            best = read.topics[0][0] if read.topics else None
            if not read.urgent and read.intent in ("safety_advice", "unknown") and best in topics:
                named = topics.index(best)
            else:
                self.state.stop()
                return False
        index = int(cleaned) - 1 if named is None else named
        self.state.stop()
        if 0 <= index < len(topics):
            self.outcome.intent = "safety_advice"
            self.replies.append(Reply(self.res.knowledge.answer(topics[index], self.lang)))
            self.say("flow_finished")
        elif index == len(topics):
            self._officer_request("talk_to_officer")
        else:
            self.state.wait("kb_choice", KbChoice(topics))
            self.say("bad_choice")
        return True

    def _knowledge_menu(self) -> None:
        knowledge = self.res.knowledge
        if knowledge is None:
            self.say("help")
            return
        topics = list(knowledge.topics)
        popular = [t for t in ("otp_pin_never_share", "golden_hour_call_1930", "digital_arrest_fake_police_calls",
                               "phishing_links", "upi_collect_request_qr_code", "sextortion_dos_donts")
                   if t in knowledge.topics] or topics[:6]
        self._offer_topics(popular[:3 if self.contact.simple_mode else 6])

    # -- status ---------------------------------------------------------------------------
    def _status(self, reference: str | None) -> None:
        self.outcome.intent = "report_status"
        found = incidents.status_of(self.session, self.contact, reference)
        if found is None:
            if reference:
                self.say("status_not_found", reference=reference)
            else:
                self.say("status_none")
            return
        incident, case = found
        state = incident.status
        if case is not None and case.status in ("claimed", "closed"):
            state = case.status
        filed = formats.local_time(incident.created_at, self.config.tz)
        flow = self.res.flows.get(incident.flow_id)
        category = self.texts.render(flow.title, self.lang) if flow else incident.category
        self.say("status_found", reference=incident.reference, category=category, filed=filed,
                 state=self.texts.get(f"status_state_{state}", self.lang))

    # -- officer queue --------------------------------------------------------------------
    def escalate(self, incident: Incident | None, priority: str, reason: str) -> Case:
        sla = self.config.sla_minutes.model_dump()
        if self.contact.senior or self.conv.fields.get("_for_senior"):
            priority = higher(priority, "high")  # DESIGN.md: an elderly resident is high at least
        known = self.open_case()
        before = (known.priority, known.status, known.episode) if known is not None else None
        case, created = cases.escalate(self.session, self.contact, incident, priority, reason, self.now, sla, known)
        self.case = case
        if created:
            self._open_cases.insert(0, case)
            self._made_cases.add(case.id)
        new = case.id in self._made_cases  # made in this turn: no offer or alert of it can exist yet
        stations.route(self, case)  # the station's queue and SLA, before any alert
        self.hooks.escalated(self, case, new)  # a senior's case: offered to their beat officer first
        # the officers' group, within seconds: a case made or raised to urgent (or reopened) now; one urgent before
        # was announced then (or by the scheduler's next pass, which announces every unannounced urgent case)
        changed = created or before != (case.priority, case.status, case.episode)
        if case.priority == "urgent" and changed:
            alerts.announce(self.session, case, self.config, self.now, new=new)
        return case

    def _officer_request(self, reason: str) -> None:
        self.outcome.intent = self.outcome.intent or "talk_to_officer"
        existing = self.open_case()
        if existing is not None and existing.status != "returned":
            self.case = existing
            self.say("officer_already_requested", case=self._request_reference(existing))
            self.state.wait("officer_callback")
            return
        priority = "high" if self.contact.senior else "normal"
        case = self.escalate(None, priority, reason)  # a case handed back to the bot goes back in the queue
        self.say("officer_requested", case=self._request_reference(case))
        self.state.wait("officer_callback")  # a number typed next is the one to call back (not one to check)

    def _officer_callback(self) -> bool:
        """The message after "talk to an officer": a phone number typed alone (or with "call me on") is the
        number the officer should call back, kept on the case as a note officers see; anything else, or a
        number asked about ("is 98... a fraud?"), is read as a new message."""
        self.state.stop()
        case = self.open_case()
        phones = find_phones(self.text)
        if case is None or case.status != "waiting" or len(phones) != 1 or not self._only_a_number_given():
            return False
        phone = phones[0]
        self.outcome.intent = "talk_to_officer"
        self.case = case
        casefile.add_note(self.session, case, "bot", f"Call-back number the resident typed: {phone}", self.now)
        self.say("officer_callback_kept", phone=phone)
        self.state.wait("officer_callback")  # "sorry, call 98... instead": kept too
        return True

    def _only_a_number_given(self) -> bool:
        """The message gives a number and asks nothing about it: with the number taken out, no words, or
        words that ask for a call ("call me on", "mera number", "mujhe call karo"), not a report or a question."""
        rest = NUMBER_RUN.sub(" ", to_ascii_digits(self.text))
        if not answers.letters(rest):
            return True
        return self.res.classifier.classify(rest, self.now).intent in CALLBACK_WORDS

    def _request_reference(self, case: Case) -> str:
        """What the resident quotes: the case's report reference (CS-…), else their latest report's, else #<case>."""
        incident_id = case.incident_id or self.session.scalar(
            select(Incident.id).where(Incident.contact_id == self.contact.id).order_by(Incident.id.desc()).limit(1))
        incident = self.session.get(Incident, incident_id) if incident_id else None
        return incident.reference if incident is not None else f"#{case.id}"

    def _officer_for_report(self) -> None:
        """OFFICER in the middle of a report: the report so far goes with the request, at its own priority
        (urgent stays urgent), instead of a fresh normal case with nothing in it."""
        self.outcome.intent = "talk_to_officer"
        incident = self.sync_incident(create=True)
        self.record_identifiers()
        priority = self.conv.fields.get("priority", "normal")
        case = self.escalate(incident, priority, "golden_hour" if priority == "urgent" else "talk_to_officer")
        self.leave_flow()
        self.say("officer_requested", case=self._request_reference(case))
        self.state.wait("officer_callback")

    # -- flows ----------------------------------------------------------------------------
    @property
    def flow(self) -> Flow:
        return self.res.flows[self.conv.flow_id]

    def leave_flow(self) -> None:
        """Out of the current report: no flow, no question, no wait, no fields."""
        self.conv.flow_id = self.conv.node_id = None
        self.state.stop()
        self.conv.incident_id = None
        self.conv.fields = {}
        self.conv.bad_answers = 0

    def start_flow(self, flow_id: str, prefill: bool, keep: bool = False, source: str | None = None) -> None:
        """Start report ``flow_id`` (what was told and for whom carried over; ``keep``: the report so far and its
        incident too); ``prefill``: its answers read from the message (or ``source``) first."""
        if flow_id not in self.res.flows:
            return self._officer_request("report")
        carried = {k: v for k, v in self.conv.fields.items()  # for whom, and what was told, across flows
                   if keep or k in self.hooks.carried or k in golden.CARRIED}
        remembered = carried.pop(PLACE_SAID, None) or self.conv.fields.get(PLACE_SAID)  # said at the menu
        incident_id = self.conv.incident_id if keep else None
        self.leave_flow()
        flow = self.res.flows[flow_id]
        self.conv.flow_id = flow_id
        if incident_id:
            self.conv.incident_id = incident_id
            incident = self.session.get(Incident, incident_id)
            incident.category, incident.flow_id = flow.intent, flow.id
        self.outcome.intent = self.outcome.intent or flow.intent
        fields: dict[str, Any] = {"_started_at": carried.pop("_started_at", self.now.isoformat()),
                                  "_woman_officer_available": self.config.woman_officer_available,
                                  "_channel_has_phone": bool(self.contact.phone), **carried}  # SAME only then
        if prefill:
            source = self.text if source is None else source  # the message that told it (see clarify)
            told = self.triage if source == self.text else golden.read(self, source)
            fields.update(self._prefill(flow, source))
            fields.update(self.hooks.flow_fields(self, source, fields))  # who it is for ("for my father")
            fields.update(told.facts())
            if told.threat:
                fields["threat"] = True
        place = stations.place_told(self, source) if prefill else None  # "my pin code is 700016, 25000 went"
        if (place or remembered) and "district" not in fields:
            fields.update(self._place_fields(flow, place[0] if place else remembered, required=True))
        self.conv.fields = fields
        self._recompute_priority()
        if self.hooks.handled("ask_first", self):  # a registered relative: "for whom?" first (never when urgent)
            return
        self.walk(flow.start)
        if place:  # told at the turn's end which station is theirs (a case made now says "Your request is with")
            self.place_named = place[1]

    def _prefill(self, flow: Flow, source: str, known: Any = (), only: Any = None) -> dict[str, Any]:
        """What ``source`` clearly tells for the flow's prefill questions (those not in ``known``; with ``only``,
        just questions of those kinds)."""
        ctx = self.answer_context()
        found: dict[str, Any] = {}
        for node in flow.nodes.values():
            key = node.prefill_as or node.save
            if not (node.prefill and key) or key in found or key in known \
                    or (only is not None and node.expect not in only):
                continue
            parsed = answers.parse(node, source, ctx, prefill=True)
            if parsed.ok and not (node.expect == "time" and parsed.value is None):
                found[key] = parsed.value
                found.update(parsed.extra)
        if known:
            return found
        if "initial_message" not in found:
            found["initial_message"] = source[:MAX_READ]
        return found

    def answer_context(self) -> answers.Context:
        """What reading an answer needs: now, the zone, the districts and localities, the sender, the language."""
        return answers.Context(now=self.now, timezone=self.config.timezone, districts=self.config.districts,
                               sender_phone=self.contact.phone, language=self.lang,
                               places=stations.of(self.config).map.spelled,  # the unit's localities
                               pin_districts=stations.of(self.config).map.pin_districts)

    def _recompute_priority(self, before: dict[str, Any] | None = None) -> None:
        fields = dict(self.conv.fields)
        category = self.flow.intent if self.conv.flow_id else "unknown"
        senior = self.contact.senior or bool(fields.get("_for_senior"))  # a relative's report for a senior
        fresh = assess(category, fields, self.now, self.config.golden_hour_minutes, senior)
        fields["priority"], fell = golden.settle(fields.get("priority"), fresh, before or fields, fields)
        if fell:  # urgent only because the time was unknown: the case falls in golden.act, audited
            fields["_fell"], fields["priority_note"] = fell, fell["reason"]
        self.conv.fields = fields

    def set_fields(self, values: dict[str, Any]) -> None:
        before = self.conv.fields
        fields = dict(before)
        fields.update(values)
        self.conv.fields = fields
        self._recompute_priority(before)
        if self.conv.incident_id:
            self.sync_incident(create=False)

    def next_of(self, node: Node) -> str | None:
        """The node after ``node``, its switch read from the answers so far."""
        if node.switch:
            value = self.conv.fields.get(node.switch.field)
            key = str(value).lower() if isinstance(value, bool) or value is None else str(value)
            return node.switch.cases.get(key, node.switch.default)
        return node.next

    def _condition_holds(self, node: Node) -> bool:
        for field_name, expected in node.if_.items():
            actual = self.conv.fields.get(field_name)
            if isinstance(expected, list):
                if actual not in expected:
                    return False
            elif actual != expected:
                return False
        return True

    def walk(self, node_id: str | None) -> None:
        flow = self.flow
        steps = 0
        while node_id is not None:
            steps += 1
            if steps > MAX_STEPS:
                raise RuntimeError(f"flow {flow.id} loops at node {node_id}")
            node = flow.nodes[node_id]
            if not self._condition_holds(node):
                node_id = self.next_of(node)
                continue
            if node.set:
                self.set_fields(node.set)
            if node.ask and node.save and node.save in self.conv.fields:
                node_id = self.next_of(node)
                continue
            for action in node.do:
                self._run_action(action)
            if node.say:
                first = node_id.startswith("urgent")
                self.say_text(self._simple_or(node.say, node.say_simple), kind="urgent" if first else "normal")
            if node.ask:
                self.conv.node_id = node_id
                self.conv.bad_answers = 0
                self.ask(node)
                return
            if node.start_flow:  # a handover: the report so far (and its incident) goes on in the next flow
                return self.start_flow(node.start_flow, prefill=False, keep=True)
            node_id = self.next_of(node)
        self._end_flow()

    def _simple_or(self, text: dict[str, str], simple_text: dict[str, str] | None) -> dict[str, str]:
        """In simple mode, a node's short wording when it has one."""
        return simple_text if simple_text and self.contact.simple_mode else text

    def ask(self, node: Node, again: bool = False) -> None:
        """Ask ``node``'s question; ``again`` after an answer it could not read: its ``ask_again`` when it has one
        (the question without the comfort said the first time)."""
        text = node.ask_again if again and node.ask_again and not self.contact.simple_mode else \
            self._simple_or(node.ask, node.ask_simple)
        question = self.texts.render(text, self.lang, **self.fields_for_text())
        choices: list[str] = []
        key = None  # the question, for tap-able WhatsApp buttons (bot/channels/interactive.py)
        if node.expect == "choice":
            paged = self.hooks.first("choice_lines", self, node)  # simple mode: a page of three and "4. More"
            choices = paged or [f"{i}. {self.texts.render(c.label, self.lang)}" for i, c in enumerate(node.choices, 1)]
            key = None if paged else f"{self.flow.id}.{self.conv.node_id}"
            question = "\n".join([question, *choices])
        elif node.expect == "yesno":
            choices = [f"1. {self.texts.get('word_yes', self.lang)}", f"2. {self.texts.get('word_no', self.lang)}"]
            key = "yesno"
        self.replies.append(Reply(question, choices=choices, question=key))

    def _end_flow(self) -> None:
        if self.conv.incident_id:
            self.outcome.incident = self._incident_json(self.session.get(Incident, self.conv.incident_id))
        self.outcome.flow = self.conv.flow_id
        self.conv.flow_id = self.conv.node_id = None
        self.conv.incident_id = None
        self.conv.fields = {}
        self.state.wait("menu")
        self.say("flow_finished")

    def _run_action(self, action: str) -> None:
        if action == "create_incident":
            self.sync_incident(create=True)
        elif action == "submit":
            if self.conv.fields.get("report_state") == golden.COLLECTING:
                self.set_fields({"report_state": "details complete"})
            incident = self.sync_incident(create=True)
            if incident.status != "submitted":
                incident.status, incident.submitted_at = "submitted", self.now
        elif action == "escalate":
            incident = self.sync_incident(create=True)
            priority = self.conv.fields.get("priority", "normal")
            reason = "golden_hour" if priority == "urgent" else "report"
            self.escalate(incident, priority, reason)
        elif action == "officer_request":
            self._officer_request("report")
        elif action == "check_registry":
            self._check_registry()
        if action in ("submit", "escalate"):
            self.record_identifiers()

    # -- the scam-identifier registry -----------------------------------------------------
    def _official(self) -> dict[tuple[str, str], str]:
        return stations.official_contacts(self.config, self.lang)  # the unit's and every station's -> whose

    def _check_registry(self) -> None:
        """Answer for every number, link or id the resident gave: is it ours (which a caller can fake), how
        often was it reported (checks never count). A resident asking "is this really the police?", or
        naming one of our numbers, is first told how to tell (README.md, "Is this really the police?")."""
        fields = self.conv.fields
        other = fields.get("other_side") or fields.get("target")
        parts = [fields.get("initial_message") or ""]
        if isinstance(other, dict):
            parts += [str(v) for values in other.values() for v in (values if isinstance(values, list) else [values])]
        checks = records.check_text(self.session, "\n".join(parts))
        done = set(fields.get("_checked") or [])
        official = self._official()
        asks_police = police.asks(normalize(parts[0])) or police.asks(self.norm)
        police_talk = self.flow.intent == "impersonation" or asks_police
        lines = []
        for check in checks:
            key = f"{check.kind}:{check.value}"
            if key in done:
                continue
            done.add(key)
            if (check.kind, check.value) in official:
                lines.append(self.texts.get("registry_official", self.lang, value=check.value,
                                            unit=official[(check.kind, check.value)]))
                self.set_fields({"official_contact": True})
                asks_police = True
                continue
            if police_talk and check.kind in ("phone", "handle"):
                lines.append(self.texts.get("registry_not_official", self.lang, value=check.value))
            lines.append(self._registry_line(check))
        if asks_police and not fields.get("_police_advice_told"):
            lines.insert(0, self.texts.get("police_check_advice", self.lang, numbers=self._published_numbers()))
            self.set_fields({"_police_advice_told": True})
        if lines:
            self.replies.append(Reply("\n".join(lines)))
            self.set_fields({"_checked": sorted(done)})

    def _registry_line(self, check: records.Check) -> str:
        """What a resident may hear about one identifier: this unit's reports (and other units'), the status
        officers set, or "no reports yet" (checks never count)."""
        status = self.texts.get(f"registry_status_{check.status}", self.lang) \
            if self.texts.has(f"registry_status_{check.status}") else ""
        if check.report_count or check.elsewhere:
            return self.texts.get("registry_reported", self.lang, value=check.value,
                                  count=check.report_count + check.elsewhere, status=status)
        if check.status in ("verified_scam", "sent_for_blocking", "blocked"):
            return self.texts.get("registry_status_only", self.lang, value=check.value, status=status)
        return self.texts.get("registry_unknown", self.lang, value=check.value)

    def _published_numbers(self) -> str:
        """The unit's own numbers (config ``official_contacts``); the emergency number when none is configured."""
        phones = self.config.official_contacts.phones
        return ", ".join(normalising.display_phone(number) for number in phones) or self.config.numbers.emergency

    def record_identifiers(self) -> None:
        """Put the report's numbers, links and ids in the registry; say so when others reported them too."""
        incident = self.session.get(Incident, self.conv.incident_id) if self.conv.incident_id else None
        if incident is None:
            return
        exclude = records.exclusions(self.config.allowed_link_hosts, self.config.official_contacts.phones)
        exclude |= set(self._official())
        first = bool(self.conv.fields.get(incidents.NO_IDENTIFIERS))  # made in this conversation, nothing recorded
        if first and not records.incident_identifiers(incident, exclude):
            return  # it names nothing yet (an urgent first message without a number): nothing to write or look up
        recorded = records.record_incident(self.session, incident, self.now, exclude=exclude, first=first)
        if first:
            self.conv.fields = {k: v for k, v in self.conv.fields.items() if k != incidents.NO_IDENTIFIERS}
        told = set(self.conv.fields.get("_told_others") or [])
        repeat = [r for r in recorded if r.counted and (r.others or r.elsewhere) and f"{r.kind}:{r.value}" not in told]
        if repeat:
            values = ", ".join(r.value for r in repeat[:3])
            self.say("others_reported", value=values)
            self.set_fields({"_told_others": sorted(told | {f"{r.kind}:{r.value}" for r in repeat})})

    def sync_incident(self, create: bool) -> Incident | None:
        """The report's incident row brought up to date with its fields (made when ``create``)."""
        incident = incidents.sync(self.session, self.conv, self.contact, self.flow.intent, self.flow.id, self.now,
                                  self.config.reference_prefix, self.config.tz, create,
                                  stored_files=self._loose_evidence)
        if incident is not None:  # held by the turn: the session keeps an unchanged row only while someone does
            self._incident = incident
        return incident

    # -- answers --------------------------------------------------------------------------
    def _answer(self, media_kept: int) -> None:
        node = self.flow.nodes[self.conv.node_id]
        if node.expect != "district" and self.norm and not self._district_corrected():
            # where they are, told mid-report: never this question's
            placed = stations.place_said(self)  # answer ("I live near BBD Bagh" is no bank); routed, told,
            if placed is not None:  # written into the report's district when the case's station agrees
                if placed:
                    self._note_place()
                return self.ask(node)
        if self._correction():
            return
        reference = incidents.find_reference(self.text, self.config.reference_prefix)
        if reference and node.expect not in ("text", "target"):
            self._status(reference)
            return self.ask(node)
        if node.expect == "media":
            return self._media_answer(node, media_kept)
        if not self.norm:  # a file while we wait for words: keep it, ask again
            if not self.hooks.handled("on_media", self, media_kept, True):  # a voice note in a report
                self.say("media_outside_flow" if media_kept else "media_refused", limit=self.config.max_evidence_mb)
            return self.ask(node)
        paged = self.hooks.first("choice_answer", self, node)  # simple mode: a digit of the page shown, or "4. More"
        if paged == "more":
            return self.ask(node)
        parsed = answers.parse(node, paged or self.text, self.answer_context())
        if parsed.ok and node.flow_by_choice:
            return self.start_flow(parsed.value, prefill=False)
        if parsed.ok and node.expect != "text" and REDACTED in str(parsed.value):
            return self.ask(node)  # "PIN 700016" was a secret (warned above): never an answer, asked again
        if parsed.ok:
            self.conv.bad_answers = 0
            values = {node.save: parsed.value, **parsed.extra}
            self.set_fields(values)
            return self.walk(self.next_of(node))
        if parsed.skipped or (node.expect == "yesno" and commands.is_skip(self.text)):
            if node.flow_by_choice:  # the menu: there is no "not known" here
                self.say("required_field")
                return self.ask(node)
            return self._not_known(node, told=not node.optional)
        if self._urgent_interrupt():
            return
        self.conv.bad_answers += 1
        if node.expect == "district" and (self.conv.bad_answers >= BAD_ANSWERS_THEN_UNKNOWN
                                          or (node.optional and len(answers.letters(self.text)) >= 3)):
            return self._place_as_written(node)  # a bare "2" is no place: asked once again
        kept = self._keep_told_out_of_order()
        if self.conv.bad_answers >= BAD_ANSWERS_THEN_UNKNOWN and not node.flow_by_choice:
            return self._not_known(node, told=True)  # a resident is never looped: noted as not known
        if kept:
            self.say("noted_out_of_order")
        elif self.conv.bad_answers >= 3:
            self.say("too_many_tries" if node.optional and node.expect != "yesno" else "too_many_tries_required")
        else:
            self.say(parsed.error or "bad_text",  # bad_district names a few of the unit's districts
                     district_examples=", ".join(self.config.districts[:4]) or "South, West")
            if node.optional and parsed.error not in SAYS_SKIP:
                self.say("skip_hint")
        self.ask(node, again=True)

    def _district_corrected(self) -> bool:
        """"my district is North" mid-report: a correction of the district ("I have noted the district: North"),
        not a place said alone (a PIN code said, "my pin code is 110017", stays a place)."""
        found = find_correction(self.text, set(self.flow.field_nodes()))
        return found is not None and found[0] == "district" and not stations.pins_said(self.text)

    def _keep_told_out_of_order(self) -> bool:
        """An answer to a later question of this report given here (the UTR, or where the money went, sent at
        the last-4 question): kept where it belongs, so that question is never asked."""
        found = self._prefill(self.flow, self.text, known=self.conv.fields, only=OUT_OF_ORDER)
        if found:
            self.set_fields(found)
        return bool(found)

    def _not_known(self, node: Node, told: bool) -> None:
        """Don't know / SKIP (or a second answer that cannot be read) at any question: noted as not known
        (None; a node that routes on it takes its default branch) and the report goes on."""
        self.conv.bad_answers = 0
        if told:
            self.say("noted_not_known")
        if node.save:
            self.set_fields({node.save: None})
        return self.walk(self.next_of(node))

    def _note_place(self) -> None:
        """A place said at another question, written into the report's district answer as the district question
        would read it (a locality clears an earlier PIN code, so district and PIN never disagree)."""
        found = self._place_fields(self.flow, self.text)
        if found:
            self.set_fields(found)

    def _place_fields(self, flow: Flow, text: str, required: bool = False) -> dict[str, Any]:
        """``text`` as the flow's district question reads it: {district, pin_code} ({} when it reads no place;
        with ``required``, also when that question is optional: danger's "where are you?" stays asked)."""
        node = next((n for n in flow.nodes.values() if n.expect == "district" and n.save), None)
        if node is None or (required and node.optional):
            return {}
        parsed = answers.parse(node, text, self.answer_context())
        return {node.save: parsed.value, "pin_code": None, **parsed.extra} if parsed.ok else {}

    def _place_as_written(self, node: Node) -> None:
        """A place that is none of the unit's districts, PIN codes or localities: not a district (it would route
        nothing and count nowhere), but kept as written for the officer (``<field>_as_written``). An optional
        question (danger: "where are you?") goes straight on with a place name (a bare "2" is asked once again);
        a required one asked it once again first."""
        if node.save and len(answers.letters(self.text)) >= 3:
            self.set_fields({f"{node.save}_as_written": self.text.strip()[:60]})
        self._not_known(node, told=not node.optional)

    def _urgent_interrupt(self) -> bool:
        """A golden-hour loss told in the middle of another question starts the money-fraud report."""
        result = self.classify()
        if not result.urgent or result.intent != "financial_fraud" or self.conv.flow_id == "financial_fraud":
            return False
        self.outcome.intent = "financial_fraud"
        self.start_flow("financial_fraud", prefill=True)
        return True

    def _media_answer(self, node: Node, media_kept: int) -> None:
        if media_kept:
            count = int(self.conv.fields.get("_evidence_count", 0)) + media_kept
            self.set_fields({"_evidence_count": count})
            self.say("media_saved", count=count)
            return
        if self.inbound.media:
            self.say("media_refused", limit=self.config.max_evidence_mb)
            return
        if commands.is_done(self.text):
            return self.walk(self.next_of(node))
        self.say("media_expected")

    def keep_media(self) -> int:
        """Store every acceptable file of this message as evidence; how many were kept."""
        kept = 0
        root = self.config.evidence_path
        for media in self.inbound.media:
            if self.conv.fields.get("child_abuse") and not media.content_type.startswith("audio/"):
                self.say("child_media_refused")  # sexual images of a child are never asked for or kept
                continue
            row = evidence.store(self.session, root, self.config.max_evidence_mb * 1024 * 1024, self.contact.id,
                                 self.conv.incident_id, self.message.id, media, self.now)
            kept += row is not None
        return kept

    def _correction(self) -> bool:
        """'amount was 25000 not 2500': update an earlier answer and ask the current question again."""
        found = find_correction(self.text, set(self.flow.field_nodes()))
        if found is None:
            return False
        field_name, value_text = found
        node = self.flow.field_nodes()[field_name]
        parsed = answers.parse(node, value_text, self.answer_context())
        if not parsed.ok:
            return False
        label_key = f"field_{field_name}" if self.texts.has(f"field_{field_name}") else "field_other"
        key = "corrected" if self.conv.fields.get(field_name) not in (None, "") else "noted_answer"  # the first
        self.say(key, field=self.texts.get(label_key, self.lang), value=parsed.display)
        self.set_fields({field_name: parsed.value, **parsed.extra})
        current = self.flow.nodes[self.conv.node_id]
        self.ask(current)
        return True

    # -- result ---------------------------------------------------------------------------
    def _incident_json(self, incident: Incident | None) -> dict[str, Any] | None:
        if incident is None:
            return None
        return {"reference": incident.reference, "category": incident.category, "priority": incident.priority,
                "status": incident.status, **incident.fields}

    def _finish(self) -> Outcome:
        stations.route(self)  # which station: the number written to, or the PIN code / locality given
        if self.place_named:  # a report's first message named the place and no case holds it yet
            stations.tell_area(self, self.place_named)
        outcome = self.outcome
        replies = self.hooks.replies(self, self.replies)  # simple mode: no links unless asked
        outcome.replies = sorted(replies, key=lambda reply: Reply.ORDER.get(reply.kind, 3))
        outcome.language = self.lang
        if self.conv.flow_id:
            outcome.flow = self.conv.flow_id
            outcome.node = self.conv.node_id
            incident = self.session.get(Incident, self.conv.incident_id) if self.conv.incident_id else None
            outcome.incident = self._incident_json(incident) or {
                "reference": None, "category": self.flow.intent,
                "priority": self.conv.fields.get("priority"), "status": "collecting",
                **incidents.public_fields(self.conv.fields)}
        if outcome.intent is None and self.classified is not None:
            outcome.intent = self.classified.intent
        case = self.case or self.open_case()
        if case is not None:
            outcome.case = {"id": case.id, "priority": case.priority, "status": case.status}
        self.conv.updated_at = self.now
        if outcome.replies:  # one executemany: their ids are never needed here (the ORM would insert one by one)
            self.session.execute(_INSERT_REPLIES, [
                dict(contact_id=self.contact.id, channel=self.contact.channel, direction="out", author="bot",
                     reply_to_id=self.message.id, text=reply.text, status="replied", created_at=self.now,
                     media={}, provider_id=None, case_id=None, redacted=None, error=None)
                for reply in outcome.replies])
        return outcome


# -- the system waits of the conversation core (bot/conversation/states.py; features register theirs: households, behalf) ----
for _wait in (
        Wait("menu", "a digit of the main menu, or any message", "menu", menu_digits=True),
        Wait("language", "a language's number or name (else read as a message)", "early", Turn._choose_language,
             menu_digits=True, needs_text=True),
        Wait("status_ref", "a report's reference, or 'don't know' (a bare number is a menu digit)", "late",
             Turn._status_answer, reask=lambda turn: turn.say("status_ask")),
        Wait("kb_choice", "a digit of the topics offered, the last one: none of these", "late", Turn._kb_choice,
             menu_digits=True),
        Wait("clarify", "a digit (or yes/no) of the reports offered", "late", clarify.answer),
        Wait("officer_callback", "a phone number to be called back on (else read as a message)", "early",
             Turn._officer_callback, menu_digits=True, needs_text=True)):
    states.register(_wait)
