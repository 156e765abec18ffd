"""Households registered on a visit: the form's checks, the welcome, the reply, and the beat officer.

An officer visiting an elderly resident registers the household (console, or a CSV of paper visits):
the resident's contact is created or linked and marked senior (simple mode on), consents are recorded
with who took them and when (audit rows), and a welcome goes out at once in the resident's language,
naming the beat officer and asking for any digit back. On WhatsApp the resident has not written first,
so the welcome is the approved template (``elderly.welcome_template``) sent through the outbox.

A senior's case (or one a relative files for them) is offered to their beat officer first: other
officers cannot claim it for ``elderly.beat_officer_minutes`` (urgent cases excepted: anyone, at once),
then the offer lapses and the normal queue takes over (``lapse_offers``, a scheduler job).
"""
from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..cases import officers as officer_accounts
from .. import edge
from ..conversation import states
from ..store import outbox
from . import pacing, reminders
from ..cases import stations
from ..cases.cases import record
from .. import channel_registry as channels
from ..config import Config
from ..store.models.cases import UNCLAIMED, Case
from ..store.models.outreach import CaseOffer, Household
from ..store.models.residents import Contact, Conversation, Message
from ..store.models.officers import Officer
from ..store.models.operations import Outbox
from ..nlu import names, words
from ..nlu.commands import clean
from ..privacy import mask
from ..content.texts import Texts, render

if TYPE_CHECKING:
    from ..conversation.engine import Turn
    from ..conversation.hooks import Hooks

_ANSWERS = words.load("answers")  # lang/<code>/words/answers.yaml: yes/no in every pack ("haan", "হ্যাঁ", "ہاں")
# a form field's yes/no: a checkbox or CSV value (true/on/1, false/off/0/empty), or a yes/no word of any pack
# (not its reply digits: "2" answers a numbered question, not a form field)
YES = {"true", "1", "on"} | {w for w in _ANSWERS["yes"] if not w.isdigit()}
NO = {"false", "0", "", "off"} | {w for w in _ANSWERS["no"] if not w.isdigit()}


class VisitError(ValueError):
    """A visit that cannot be registered; ``problems`` maps each form field to what is wrong."""

    def __init__(self, problems: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in problems.items()))
        self.problems = problems


@dataclass
class Visit:
    """What the officer writes down on a visit (form fields or one CSV row), before any checks."""

    resident_name: str = ""
    channel: str = field(default_factory=channels.default_outreach)  # the first registered outreach channel
    number: str = ""
    language: str = ""  # empty: the unit's default language (config.default_language), set by `check`
    birth_year: str = ""
    senior: bool = False
    address: str = ""
    pin: str = ""
    district: str = ""
    station: str = ""
    beat_officer: str = ""  # username
    family_name: str = ""
    family_relation: str = ""
    family_channel: str = field(default_factory=channels.default_outreach)
    family_number: str = ""
    family_consent: bool = False
    reminders_consent: bool = False
    frequency: str = ""


def sender_for(channel: str, number: str) -> str:
    """The contact's sender id as its channel identifies residents (bot/channel_registry.py): E.164 for
    WhatsApp (10-digit Indian numbers accepted), a chat id for Telegram."""
    return channels.identify(channel, number)


def yes(value: str | bool | None) -> bool:
    if isinstance(value, bool):
        return value
    cleaned = (value or "").strip().lower()
    if cleaned in YES:
        return True
    if cleaned in NO:
        return False
    raise ValueError(f"{value!r} is not yes or no")


@dataclass
class Checked:
    """A visit after its checks: normalised values, ready to write."""

    visit: Visit
    sender: str
    birth_year: int | None
    senior: bool
    pin: str | None
    district: str | None
    beat_officer: Officer
    family_sender: str | None
    frequency: str
    contact: Contact | None


def check(session: Session, visit: Visit, config: Config, now: datetime) -> Checked:
    """Every problem of a visit at once (VisitError), or the normalised values."""
    if not visit.language:
        visit = replace(visit, language=config.default_language)
    problems: dict[str, str] = {}
    name = visit.resident_name.strip()
    if not name:
        problems["resident_name"] = "the resident's name is needed"
    elif len(name) > 120:
        problems["resident_name"] = "the name is longer than 120 characters"
    channel = visit.channel.strip().lower()
    sender = ""
    if channel not in channels.names(outreach=True):
        problems["channel"] = " or ".join(c.title for c in channels.channels(outreach=True))
    else:
        try:
            sender = sender_for(channel, visit.number)
        except ValueError as exc:
            problems["number"] = str(exc)
    if visit.language not in config.languages:
        problems["language"] = f"one of {', '.join(config.languages)}"
    birth_year = None
    if visit.birth_year.strip():
        if not visit.birth_year.strip().isdigit() or not 1900 <= int(visit.birth_year) <= now.year:
            problems["birth_year"] = f"a year between 1900 and {now.year}"
        else:
            birth_year = int(visit.birth_year)
    elif not visit.senior:
        problems["birth_year"] = "give the year of birth, or tick 'senior'"
    senior = visit.senior or (birth_year is not None and now.year - birth_year >= config.elderly.senior_age)
    if not visit.address.strip():
        problems["address"] = "the address is needed"
    pin = visit.pin.strip() or None
    if pin and not re.fullmatch(r"[1-9]\d{5}", pin):
        problems["pin"] = "a PIN code has 6 digits"
    district = None
    if visit.district.strip():
        district = names.resolve("districts", visit.district, config.districts)  # "दक्षिण" is South
        if district is None:
            problems["district"] = "not one of this unit's districts"
    if not pin and not visit.district.strip():
        problems.setdefault("pin", "give the PIN code or the district")
    if district is None and pin and "pin" not in problems:  # the district the unit's jurisdictions file gives
        from ..jurisdictions import map_of  # the PIN (session 19: "PIN / district 700016 / —")

        district = map_of(config).pin_districts.get(pin)
    station_id = stations.station_id_of(config, visit.station) if config.stations else None
    if not visit.station.strip() and config.stations:  # no stations configured: the unit's, a name optional
        problems["station"] = "choose the police station"  # (officers' trial, session 16: required, with no list)
    elif config.stations and station_id is None:
        problems["station"] = "not one of this unit's police stations (stations: in config.yaml)"
    officer = officer_accounts.get(session, visit.beat_officer) if visit.beat_officer.strip() else None
    if officer is None or not officer.active:
        problems["beat_officer"] = "choose an active officer"
    elif station_id is not None and stations.stations_of(session, officer.id) and \
            station_id not in stations.stations_of(session, officer.id):  # no station read: nothing to belong to
        problems["beat_officer"] = "this officer does not belong to that police station"
    family_sender = None
    if visit.family_number.strip():
        try:
            family_sender = sender_for(visit.family_channel.strip().lower() or channels.default_outreach(),
                                       visit.family_number)
        except ValueError as exc:
            problems["family_number"] = str(exc)
        if not visit.family_consent:
            problems["family_consent"] = "a family contact is kept only with the resident's consent"
        if family_sender and family_sender == sender:
            problems["family_number"] = "the family contact's number is the resident's own"
    elif visit.family_name.strip() and visit.family_consent:
        problems["family_number"] = "the family contact's number is needed"
    frequency = visit.frequency.strip() or config.reminders.frequency
    if frequency not in ("weekly", "monthly"):
        problems["frequency"] = "weekly or monthly"
    contact = None
    if sender:
        contact = session.scalar(select(Contact).where(Contact.channel == channel, Contact.sender == sender))
        if contact is not None:
            existing = session.scalar(select(Household).where(Household.contact_id == contact.id))
            if existing is not None:
                problems["number"] = f"already registered (household #{existing.id}, {existing.resident_name})"
    if problems:
        raise VisitError(problems)
    return Checked(visit, sender, birth_year, senior, pin, district, officer, family_sender, frequency, contact)


def _contact(session: Session, channel: str, sender: str, now: datetime, language: str) -> Contact:
    contact = Contact(channel=channel, sender=sender, created_at=now, last_seen_at=now, language=language,
                      phone=sender if channels.phone_ids(channel) else None)
    session.add(contact)
    session.flush()
    session.add(Conversation(contact_id=contact.id, fields={}, pending={}, updated_at=now))
    return contact


def register(session: Session, checked: Checked, actor: str, now: datetime, config: Config, texts: Texts, *,
             source: str = "visit", consent_by: str | None = None, consent_at: datetime | None = None,
             import_key: str | None = None, welcome: bool = True, welcome_at: datetime | None = None) -> Household:
    """Write the household, link its contact (senior, simple mode, language), record consents, queue the welcome."""
    visit = checked.visit
    channel = visit.channel.strip().lower()
    contact = checked.contact or _contact(session, channel, checked.sender, now, visit.language)
    contact.language, contact.language_chosen = visit.language, True
    contact.display_name = contact.display_name or visit.resident_name.strip()[:120]
    if checked.senior:
        contact.senior = contact.simple_mode = True
    consent_by, consent_at = consent_by or actor, consent_at or now
    household = Household(
        contact_id=contact.id, resident_name=visit.resident_name.strip()[:120], channel=channel,
        sender=checked.sender, language=visit.language, birth_year=checked.birth_year, senior=checked.senior,
        address=visit.address.strip()[:300], pin=checked.pin, district=checked.district,
        station=(stations.station_id_of(config, visit.station) or visit.station.strip())[:80], beat_officer_id=checked.beat_officer.id,
        family_name=visit.family_name.strip()[:120] or None, family_relation=visit.family_relation.strip()[:40] or None,
        family_channel=(visit.family_channel.strip().lower() or channels.default_outreach())
        if checked.family_sender else None,
        family_sender=checked.family_sender, family_consent=bool(checked.family_sender and visit.family_consent),
        reminders_consent=visit.reminders_consent, consent_by=consent_by, consent_at=consent_at,
        registered_by=actor, registered_at=now, source=source, import_key=import_key)
    session.add(household)
    session.flush()
    if config.stations:  # the household belongs to its station: the welcome and later messages leave from its number
        contact.station = stations.station_id_of(config, household.station)
        contact.via = contact.via or stations.station_sender(config, contact.station, channel)
    record(session, None, actor, "household_registered", now, household=household.id, source=source,
           senior=checked.senior, station=household.station, beat_officer=checked.beat_officer.username,
           reminders_consent=household.reminders_consent, family_consent=household.family_consent,
           consent_by=consent_by, consent_at=consent_at.isoformat())
    if visit.reminders_consent:
        reminders.subscribe(session, contact, consent_by, consent_at if source == "visit" else now, config,
                            checked.frequency)
    conv = session.scalar(select(Conversation).where(Conversation.contact_id == contact.id))
    if conv is not None:
        states.migrate(conv)
        state = states.ConversationState(conv)
        if not conv.flow_id and state.waiting in (None, "menu", "after_report", "language"):
            state.wait("welcome_reply")  # the digit the resident sends back is thanked, not read as a menu choice
    if welcome:
        row = send_welcome(session, household, contact, checked.beat_officer, config, texts, now, welcome_at)
        household.welcome_outbox_id = row.id if row is not None else None
    return household


def welcome_values(household: Household, officer: Officer, config: Config) -> dict[str, str]:
    return {**config.placeholders(household.language), "resident": household.resident_name,
            "officer": officer.display_name}


def send_welcome(session: Session, household: Household, contact: Contact, officer: Officer, config: Config,
                 texts: Texts, now: datetime, due: datetime | None = None) -> Outbox | None:
    """The welcome, through the outbox: on WhatsApp as the approved template (the resident has not written)."""
    values = welcome_values(household, officer, config)
    if config.stations and contact.station and contact.via:  # sent from its station's own number: the welcome
        values["unit"] = stations.of(config).name(contact.station, household.language)  # names that station
        # (session 19: it named the District Cyber Cell from Park Street's number, whose replies name the station)
    text = texts.get("household_welcome", household.language, resident=household.resident_name,
                     officer=officer.display_name, **({"unit": values["unit"]} if contact.via else {}))
    template_sid, variables = None, None
    if channels.templates(household.channel):  # writing first needs an approved template (WhatsApp)
        template = config.elderly.welcome_template
        if template.content_sid:
            template_sid = template.content_sid
            variables = {key: render(value, values) for key, value in template.variables.items()}
        elif config.whatsapp.template_content_sid:
            template_sid = config.whatsapp.template_content_sid
            variables = {key: render(value, values) for key, value in config.whatsapp.template_variables.items()}
    rows = outbox.enqueue(session, channel=household.channel, recipient=household.sender, text=text,
                          key=f"household:{household.id}:welcome", now=now, due=due, kind="welcome",
                          contact_id=contact.id, language=household.language, template_sid=template_sid,
                          template_variables=variables, sender=contact.via)
    session.add(Message(contact_id=contact.id, channel=contact.channel, direction="out", author="bot", text=text,
                        status="queued", created_at=now))
    return rows[0] if rows else None


# -- the resident's reply ----------------------------------------------------------------------
def of_contact(session: Session, contact_id: int) -> Household | None:
    return session.scalar(select(Household).where(Household.contact_id == contact_id))


def welcome_reply(turn: "Turn") -> bool:
    """The first message after the welcome: a digit (or a hello, or a voice note) is thanked with the menu.

    Anything else (a real question) goes on as usual; either way the household page shows the reply."""
    turn.state.stop()
    household = of_contact(turn.session, turn.contact.id)
    if household is None:
        return False
    if household.welcome_outbox_id:  # the template carried the welcome: nothing to send after this reply
        row = turn.session.get(Outbox, household.welcome_outbox_id)
        if row is not None and row.held:
            row.held = False
    if not turn.norm and any((m.content_type or "").startswith("audio/") for m in turn.inbound.media):
        return False  # a voice note: answered as one (bot/outreach/voicenotes.py)
    cleaned = clean(turn.text)
    short = not turn.norm or cleaned.isdigit() or len(cleaned) <= 3 or turn.classify().intent == "greeting"
    if not short:
        return False
    officer = turn.session.get(Officer, household.beat_officer_id)
    turn.say("welcome_thanks", resident=household.resident_name, officer=officer.display_name)
    turn.menu()
    return True


states.register(states.Wait("welcome_reply", "anything: a digit, a hello or a voice note is thanked with the menu, "
                            "a real question goes on as usual", "early", welcome_reply))


def plug_in(hooks: "Hooks") -> None:
    """A senior's case is offered to their beat officer first."""
    hooks.on_escalate.append(lambda turn, case, new: offer(
        turn.session, case, turn.contact, turn.state.of(states.Behalf).household_id, turn.config, turn.now,
        own=turn.household, new=new))


def status(session: Session, household: Household, tz) -> dict[str, Any]:
    """What the household page polls: the welcome's delivery and the resident's replies since the visit."""
    row = session.get(Outbox, household.welcome_outbox_id) if household.welcome_outbox_id else None
    replies = session.scalars(select(Message).where(
        Message.contact_id == household.contact_id, Message.direction == "in",
        Message.created_at >= household.registered_at).order_by(Message.id).limit(20)).all()
    return {
        "welcome": row.status if row is not None else "not sent",
        "welcome_error": row.error if row is not None else None,
        "template": bool(row is not None and row.use_template),
        "replied": bool(replies),
        "replies": [{"id": m.id, "text": m.text or "[voice note or file]",
                     "at": m.created_at.astimezone(tz).strftime("%d-%m %H:%M"),
                     "media": [item.get("content_type") for item in (m.media or {}).get("items", [])]}
                    for m in replies],
    }


# -- the beat officer first ----------------------------------------------------------------------
_UNREAD = object()


def household_for(session: Session, contact: Contact, household_id: int | None = None,
                  own: Household | None = _UNREAD) -> Household | None:
    """The senior a conversation is about: the contact's own household (``own`` when the caller read it
    already), or the one a relative reports for (``household_id``, states.Behalf's)."""
    if household_id:
        return session.get(Household, household_id)
    return of_contact(session, contact.id) if own is _UNREAD else own


def offer(session: Session, case: Case, contact: Contact, household_id: int | None, config: Config,
          now: datetime, own: Household | None = _UNREAD, new: bool = False) -> CaseOffer | None:
    """Offer a senior's case to their beat officer (once per case). ``own``: the contact's household when the caller
    read it already; ``new``: the case was made in this transaction (so it has no offer yet)."""
    household = household_for(session, contact, household_id, own)
    if household is None or not household.senior:
        return None
    if not new and session.scalar(select(CaseOffer.id).where(CaseOffer.case_id == case.id)) is not None:
        return None
    officer = session.get(Officer, household.beat_officer_id)
    if officer is None or not officer.active:
        return None
    minutes = config.elderly.beat_officer_minutes
    item = CaseOffer(case_id=case.id, officer_id=officer.id, household_id=household.id,
                     exclusive=case.priority != "urgent", status="offered", offered_at=now,
                     expires_at=now + timedelta(minutes=minutes))
    session.add(item)
    record(session, case, "bot", "offered_to_beat_officer", now, officer=officer.username, minutes=minutes,
           household=household.id, exclusive=item.exclusive)
    return item


def _offer_of(session: Session, case_id: int) -> CaseOffer | None:
    return session.scalar(select(CaseOffer).where(CaseOffer.case_id == case_id))


def reserved(item: CaseOffer, case: Case, now: datetime) -> bool:
    """Whether only the beat officer (or a supervisor) may claim the case now."""
    return (item.status == "offered" and item.expires_at > now and case.priority != "urgent"
            and case.status in UNCLAIMED)


def reserved_for(session: Session, case_id: int, officer_id: int, now: datetime) -> Officer | None:
    """The beat officer, when ``officer_id`` may not claim the case yet; else None."""
    item = _offer_of(session, case_id)
    case = session.get(Case, case_id)
    if item is None or case is None or item.officer_id == officer_id or not reserved(item, case, now):
        return None
    return session.get(Officer, item.officer_id)


def lapse_offers(session: Session, config: Config, now: datetime) -> list[int]:
    """Offers past their time: the normal queue takes over (audited; the officers' group is told)."""
    lapsed = []
    due = session.scalars(select(CaseOffer).where(CaseOffer.status == "offered", CaseOffer.expires_at <= now)
                          .with_for_update(skip_locked=True)).all()
    for item in due:
        case = session.get(Case, item.case_id)
        item.status, item.lapsed_at = "lapsed", now
        claimed_by_beat = case.claimed_by == f"officer:{item.officer_id}"
        if case.status in UNCLAIMED:
            officer = session.get(Officer, item.officer_id)
            record(session, case, "scheduler", "beat_officer_offer_lapsed", now, officer=officer.username)
            for chat, sender, suffix in stations.of(config).alert_chats(case, everyone=False):
                contact = session.get(Contact, case.contact_id)
                outbox.enqueue(session, channel=config.console.alerts_channel, recipient=chat, key=f"alert:{case.id}:offer-lapsed{suffix}",
                               now=now, kind="alert", sender=sender,
                               text=f"Senior's case #{case.id} ({case.priority}, {contact.channel} "
                                    f"{mask(contact.sender)}): beat officer {officer.display_name} has not claimed "
                                    f"it; any officer may take it now.")
            lapsed.append(case.id)
        elif not claimed_by_beat:
            record(session, case, "scheduler", "beat_officer_offer_closed", now)
    return lapsed


# -- paper visits: CSV import --------------------------------------------------------------------
COLUMNS = ("resident_name", "channel", "number", "language", "birth_year", "senior", "address", "pin", "district",
           "station", "beat_officer", "family_name", "family_relation", "family_number", "family_consent",
           "reminders_consent", "consent_taken_by", "visited_on")
REQUIRED = ("resident_name", "number", "address", "station", "beat_officer", "reminders_consent", "visited_on")


@dataclass
class ImportPlan:
    sha256: str
    rows: int = 0
    new: list[tuple[int, Checked, str, datetime]] = field(default_factory=list)  # line, checked, consent_by, at
    existing: list[tuple[int, str]] = field(default_factory=list)  # already registered: skipped, not an error
    refused: list[tuple[int, str]] = field(default_factory=list)
    error: str | None = None
    applied: int = 0

    @property
    def ok(self) -> bool:
        return self.error is None and not self.refused

    def summary(self) -> str:
        if self.error:
            return f"error: {self.error}"
        return (f"{self.rows} row(s): {len(self.new)} new, {len(self.existing)} already registered, "
                f"{len(self.refused)} refused")


def plan_import(session: Session, data: bytes, config: Config, now: datetime) -> ImportPlan:
    """Check every row of a CSV of paper visits; nothing is written."""
    plan = ImportPlan(sha256=hashlib.sha256(data).hexdigest())
    try:
        text = edge.clean(data.decode("utf-8-sig"))  # no NUL reaches the database
    except UnicodeDecodeError:
        plan.error = "the file is not UTF-8 text (save it from the spreadsheet as 'CSV UTF-8')"
        return plan
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED if c not in header]
    unknown = [c for c in header if c not in COLUMNS]
    if missing or unknown:
        plan.error = "; ".join(filter(None, [missing and f"missing column(s): {', '.join(missing)}",
                                             unknown and f"unknown column(s): {', '.join(unknown)}"]))
        return plan
    seen: dict[tuple[str, str], int] = {}
    for row in reader:
        line = reader.line_num
        plan.rows += 1
        values = {k.strip(): (v or "").strip() for k, v in row.items() if k}
        try:
            reminders_ok = yes(values.get("reminders_consent"))
            family_ok = yes(values.get("family_consent", ""))
            senior = yes(values.get("senior", "")) if values.get("senior") else False
        except ValueError as exc:
            plan.refused.append((line, str(exc)))
            continue
        try:
            visited = date.fromisoformat(values.get("visited_on", ""))
        except ValueError:
            plan.refused.append((line, "visited_on: a date like 2026-11-20"))
            continue
        visited_at = datetime.combine(visited, time(12, 0), config.tz)
        if visited_at > now:
            plan.refused.append((line, "visited_on: a date in the future"))
            continue
        visit = Visit(resident_name=values.get("resident_name", ""), channel=values.get("channel") or channels.default_outreach(),
                      number=values.get("number", ""), language=values.get("language") or config.default_language,
                      birth_year=values.get("birth_year", ""), senior=senior, address=values.get("address", ""),
                      pin=values.get("pin", ""), district=values.get("district", ""), station=values.get("station", ""),
                      beat_officer=values.get("beat_officer", ""), family_name=values.get("family_name", ""),
                      family_relation=values.get("family_relation", ""), family_number=values.get("family_number", ""),
                      family_consent=family_ok, reminders_consent=reminders_ok)
        taker = values.get("consent_taken_by") or visit.beat_officer
        taker_account = officer_accounts.get(session, taker) if taker else None
        try:
            checked = check(session, visit, config, now)
        except VisitError as exc:
            if set(exc.problems) == {"number"} and exc.problems["number"].startswith("already registered"):
                plan.existing.append((line, exc.problems["number"]))
            else:
                plan.refused.append((line, str(exc)))
            continue
        if taker_account is None:
            plan.refused.append((line, f"consent_taken_by: no officer named {taker!r}"))
            continue
        key = (visit.channel.strip().lower(), checked.sender)
        if key in seen:
            plan.refused.append((line, f"the same number as row {seen[key]}"))
            continue
        seen[key] = line
        plan.new.append((line, checked, f"officer:{taker_account.id}", visited_at))
    return plan


def apply_import(session: Session, plan: ImportPlan, actor: str, now: datetime, config: Config, texts: Texts,
                 welcome: bool = True) -> ImportPlan:
    """Write every new row, or nothing when any row is refused (the caller's transaction)."""
    if not plan.ok:
        return plan
    times = pacing.spread(now, [c.visit.channel.strip().lower() for _l, c, _b, _a in plan.new], config)
    for (line, checked, consent_by, visited_at), at in zip(plan.new, times):
        register(session, checked, actor, now, config, texts, source="import", consent_by=consent_by,
                             consent_at=visited_at, import_key=f"{plan.sha256[:16]}:{line}",
                             welcome=welcome, welcome_at=at)
        plan.applied += 1
    record(session, None, actor, "households_imported", now, sha256=plan.sha256, rows=plan.rows,
           new=plan.applied, existing=len(plan.existing))
    return plan
