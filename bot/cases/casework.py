"""What officers do with a case: claim, reply, transfer, hand back, close, ask the bank to hold money.

Each action is one function over a database session, writes its audit row, and tells the resident
through the outbox when the resident should know. The console calls these; so do the tests.
"""
from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from . import bank_answers, stations
from ..store import outbox
from .cases import record
from . import freeze as freeze_letter
from ..store.models.cases import UNCLAIMED, Case
from ..store.models.residents import Contact, Conversation, Incident, Message
from ..store.models.officers import Officer, OfficerDetails
from ..content.texts import Texts

OUTCOMES = {
    "advice_given": "Advice given",
    "bank_hold_requested": "Bank asked to hold the money",
    "ncrp_filed": "NCRP complaint filed",
    "fir_registered": "FIR registered",
    "referred": "Referred to another unit",
    "not_a_crime": "Not a crime",
    "abusive": "Abusive or prank",
}
NEEDS_NUMBER = {"ncrp_filed", "fir_registered"}
#: The shape of each number (officers' trial, session 20: "abc" was sent to the resident as the NCRP number). An NCRP
#: (cybercrime.gov.in / 1930) acknowledgement is digits only, usually 14; an FIR is its number and year, 123/2026,
#: maybe after the police station's code or name (PS-DWK 123/2026).
NUMBER_SHAPES = {
    "ncrp_filed": (re.compile(r"^\d{10,20}$"), "an NCRP acknowledgement number is digits only, usually 14 "
                   "(like 31512260012345)"),
    "fir_registered": (re.compile(r"^(?:[A-Za-z][A-Za-z0-9 .\-]{0,40}?[ \-/:])?\d{1,6}/(?:19|20)?\d{2}$"),
                       "an FIR number is its number and year, like 123/2026 (the station's code before it is fine: "
                       "PS-DWK 123/2026)"),
}


def checked_number(outcome: str, number: str) -> str:
    """The NCRP or FIR number as the resident will be told it (spaces around "/" and inside an NCRP number's digit
    groups removed), or CaseworkError saying what shape it should have."""
    number = " ".join((number or "").split())
    if outcome not in NUMBER_SHAPES:
        return number
    if not number:
        raise CaseworkError("give the NCRP acknowledgement or FIR number")
    shape, words = NUMBER_SHAPES[outcome]
    tidy = re.sub(r"[\s\-]", "", number) if outcome == "ncrp_filed" else re.sub(r"\s*/\s*", "/", number)
    if not shape.match(tidy):
        raise CaseworkError(f"Not closed: \u201c{number[:40]}\u201d does not look like that number: {words}. "
                            "Nothing was sent to the resident.")
    return tidy


def outcome_told(texts: Texts, case: Case, language: str) -> str:
    """What the officer closed the case with, as the resident is told it (``case_outcome_<outcome>``, with the NCRP or
    FIR number), in ``language``; "" for a case not closed."""
    if not case.outcome:
        return ""
    return texts.get(f"case_outcome_{case.outcome}", language, number=(case.outcome_detail or {}).get("number") or "")


class CaseworkError(ValueError):
    """An action that cannot be done now (the message says why)."""


class NotYourStation(CaseworkError):
    """Another police station's case: its officers or a supervisor act on it (bot/cases/stations.py ``may_act``)."""


def _own_station(session: Session, officer: Officer, case: Case, action: str) -> None:
    if not stations.may_act(session, officer, case, action):
        raise NotYourStation(f"this case is with another police station ({case.station}): its officers or a "
                             "supervisor act on it")


@dataclass
class Casework:
    texts: Texts

    # -- telling the resident -------------------------------------------------------------
    def _tell(self, session: Session, case: Case, key: str, now: datetime, author: str, text: str | None = None,
              outbox_key: str | None = None, **values) -> Message:
        contact = session.get(Contact, case.contact_id)
        body = text if text is not None else self.texts.get(key, contact.language, **values)
        return tell_resident(session, case, contact, body, now, author, key=outbox_key)

    @staticmethod
    def _actor(officer: Officer) -> str:
        return f"officer:{officer.id}"

    # -- actions --------------------------------------------------------------------------
    def claim(self, session: Session, case_id: int, officer: Officer, now: datetime) -> bool:
        """Atomically take a waiting case: of two officers clicking at once, exactly one gets it. The audit row
        keeps the station that held the case when it was claimed (the station figures credit that one)."""
        case = session.get(Case, case_id)
        if case is not None:
            _own_station(session, officer, case, "claim")
        result = session.execute(
            update(Case).where(Case.id == case_id, Case.status.in_(UNCLAIMED))
            .values(status="claimed", claimed_by=self._actor(officer), claimed_at=now)
            .execution_options(synchronize_session=False))
        if result.rowcount != 1:
            return False
        case = session.get(Case, case_id)
        session.refresh(case)
        record(session, case, self._actor(officer), "claimed", now, station=case.station)
        self._tell(session, case, "officer_joined", now, "bot", officer=officer.display_name)
        return True

    def _held(self, session: Session, case_id: int, officer: Officer) -> Case:
        """The case, if ``officer`` holds it, or it is claimed and ``officer`` may take it back (a supervisor). The
        holder is checked again in the row's own UPDATE (``still_held``), which waits for a takeover writing it at
        the same moment: a reply that loses that race is refused naming the new holder, never sent after the
        resident was told another officer took over (officers' stranger trial, session 19)."""
        case = session.get(Case, case_id)
        if case is None:
            raise CaseworkError("no such case")
        if case.status == "claimed" and not still_held(session, case, case.claimed_by):
            session.refresh(case)
        if case.status != "claimed" or not (case.claimed_by == self._actor(officer)
                                            or may_override(session, officer, case)):
            holder = officer_of(session, case.claimed_by) if case.status == "claimed" else None
            if holder is not None:  # e.g. a supervisor took it over: the officer is told who, not "claim it"
                raise CaseworkError(f"{with_role(holder)} holds this case now: nothing was sent to the resident")
            raise CaseworkError("claim the case first: nobody holds it now")
        return case

    def reply(self, session: Session, case_id: int, officer: Officer, text: str, now: datetime,
              form_id: str | None = None) -> Message:
        """Send ``text`` to the resident. ``form_id`` is the one-time token of the case page's form it came from: the
        same form posted again (back and resubmit, a double click, a replayed request) sends nothing and raises
        ``AlreadySent``; its outbox row is stored under that token, so two posts at the same moment send once too."""
        text = (text or "").strip()
        if not text:
            raise CaseworkError("the reply is empty")
        key = form_key(case_id, form_id)
        if key is not None and outbox.queued_under(session, key) is not None:
            raise AlreadySent(ALREADY_SENT)
        case = self._held(session, case_id, officer)
        message = self._tell(session, case, "", now, self._actor(officer), text=text[:4000], outbox_key=key)
        if key is not None and outbox.queued_under(session, key).message_id != message.id:
            raise AlreadySent(ALREADY_SENT)  # a post of the same form committed first: this one is rolled back
        case.officer_replied_at = case.officer_replied_at or now
        record(session, case, self._actor(officer), "replied", now, message_id=message.id)
        return message

    def canned(self, session: Session, case_id: int, officer: Officer, reply_id: str, now: datetime,
               canned: list, form_id: str | None = None) -> Message:
        contact = session.get(Contact, session.get(Case, case_id).contact_id)
        for item in canned:
            if item.id == reply_id:
                text = item.text.get(contact.language) or item.text["en"]
                return self.reply(session, case_id, officer, text, now, form_id=form_id)
        raise CaseworkError("no such canned reply")

    def transfer(self, session: Session, case_id: int, officer: Officer, to: Officer, now: datetime) -> Case:
        case = self._held(session, case_id, officer)
        if not to.active:
            raise CaseworkError(f"{to.username} is disabled")
        before = case.claimed_by
        case.claimed_by, case.claimed_at, case.officer_replied_at = self._actor(to), now, None
        mine = before == self._actor(officer)
        record(session, case, self._actor(officer), "transferred" if mine else "reassigned", now,  # names, not ids
               **({} if mine else {"from": named(officer_of(session, before), before)}), to=named(to))
        self._tell(session, case, "officer_transferred", now, "bot", officer=to.display_name)
        return case

    def transfer_station(self, session: Session, case_id: int, officer: Officer, station_id: str, now: datetime,
                         config) -> Case:
        """Give the case to another police station (audited); the resident is told which station now helps.

        A claimed case goes back to the queue, now the new station's; the bot never routes it away again."""
        case = session.get(Case, case_id)
        if case is None or case.status == "closed":
            raise CaseworkError("no open case with that number")
        _own_station(session, officer, case, "transfer_station")
        if case.status == "claimed" and case.claimed_by != self._actor(officer) \
                and not stations.oversees(session, officer, case):
            raise CaseworkError("another officer holds this case")
        directory = stations.of(config)
        if station_id not in directory.by_id:
            raise CaseworkError("choose a police station")
        if station_id == case.station:
            raise CaseworkError("the case is with that station already")
        if case.status == "claimed":
            case.status, case.claimed_by = "waiting", None
        stations.assign(session, case, station_id, "officer", self._actor(officer), now,
                        directory.sla_minutes(station_id), action="station_transferred")
        contact = session.get(Contact, case.contact_id)
        contact.station = station_id
        self._tell(session, case, "station_transferred", now, "bot", station=directory.name(station_id, contact.language))
        return case

    def hand_back(self, session: Session, case_id: int, officer: Officer, now: datetime,
                  sla_minutes: dict[str, int] | None = None) -> Case:
        """The chat goes back to the bot (``returned``). An urgent case nobody holds now is under the SLA clock again
        (``sla_minutes``, the case's station's): a new waiting episode, announced to the officers as handed back and
        breached to supervisors like any unclaimed urgent case (officers' stranger trial, session 13: a golden-hour
        money case handed back was never alerted again)."""
        case = self._held(session, case_id, officer)
        case.status = "returned"  # claimed_by stays as history; "held by" is shown for claimed cases only
        urgent = case.priority == "urgent" and sla_minutes is not None
        if urgent:
            case.episode = (case.episode or 0) + 1
            case.sla_due_at = now + timedelta(minutes=sla_minutes["urgent"])
        record(session, case, self._actor(officer), "handed_back", now,
               **({"sla_due_in_minutes": sla_minutes["urgent"]} if urgent else {}))
        if urgent:  # back in the officers' queue: the resident is told that, once (an officer's trial, session 15: "back
            from .sla import mark_resident_told  # with the assistant" then "an officer will write" was two states)

            mark_resident_told(session, case, now)  # the SLA pass does not tell them "an officer will write" again
        self._tell(session, case, "handed_back_queue" if urgent else "handed_back", now, "bot")
        return case

    def close(self, session: Session, case_id: int, officer: Officer, outcome: str, now: datetime,
              number: str = "", note: str = "", hold_bank: str = "", hold_sent_to: str = "") -> Case:
        """Close with ``outcome``. "Bank asked to hold the money" needs a freeze request recorded as sent: given here
        (``hold_bank``, ``hold_sent_to``) it is recorded with the close; with neither, refused (session 19: the
        figures could not tell a request never sent from a bank that held nothing)."""
        case = session.get(Case, case_id)
        if case is None or case.status == "closed":
            raise CaseworkError("no open case with that number")
        _own_station(session, officer, case, "close")
        if case.status == "claimed" and case.claimed_by != self._actor(officer) \
                and not (may_override(session, officer, case) or stations.oversees(session, officer, case)):
            raise CaseworkError(override_refused(session, officer, case, "close"))
        if outcome not in OUTCOMES:
            raise CaseworkError("choose an outcome")
        number = checked_number(outcome, number)
        if outcome == "bank_hold_requested" and not bank_answers.of_case(session, case.id):  # none sent, none
            # answered
            if not (hold_bank.strip() and hold_sent_to.strip()):
                raise CaseworkError("Not closed: no freeze request is recorded as sent on this case, and no bank's answer. Give the bank and "
                                    "where you sent it in the close form, or record it on the freeze request page.")
            bank_answers.record_sent(session, case, hold_bank.strip()[:80], hold_sent_to, "at close",
                                     self._actor(officer), now)
        case.status, case.closed_at, case.outcome = "closed", now, outcome
        case.outcome_detail = {"number": number.strip()[:64], "note": note.strip()[:500]}
        record(session, case, self._actor(officer), "closed", now, outcome=outcome, **case.outcome_detail)
        incident = session.get(Incident, case.incident_id) if case.incident_id else None
        reference = incident.reference if incident else f"#{case.id}"
        if incident is not None:  # the report's questions end with the case: none of them is asked again
            for conv in session.scalars(select(Conversation).where(Conversation.incident_id == incident.id)):
                conv.flow_id = conv.node_id = None  # no question of it is asked again; the rest ends on its next turn
                conv.pending = {**(conv.pending or {}), Conversation.CLOSED_MARK: reference}
            if (incident.fields or {}).get("report_state") == "collecting details":  # `cases --all` said "closed
                # (collecting details)": no question is asked any more
                incident.fields = {**incident.fields, "report_state": "questions ended when the case was closed"}
        contact = session.get(Contact, case.contact_id)
        self._tell(session, case, "case_closed", now, "bot", reference=reference,
                   outcome=outcome_told(self.texts, case, contact.language))
        return case

    def freeze(self, session: Session, case_id: int, officer: Officer, now: datetime, config,
               flow=None) -> "freeze_letter.FreezeRequest":
        """The request for the bank's nodal officer, built from the incident and signed by ``officer`` (audited)."""
        case = session.get(Case, case_id)
        incident = session.get(Incident, case.incident_id) if case and case.incident_id else None
        if incident is None or incident.category != "financial_fraud":
            raise CaseworkError("a bank freeze request needs a money-fraud report")
        contact = session.get(Contact, case.contact_id)
        record(session, case, self._actor(officer), "freeze_request_viewed", now)
        signed_by = signer_office(session, officer, case, config)
        return freeze_letter.build(incident, contact, officer, session.get(OfficerDetails, officer.id), config, now,
                                   flow, signed_by)

    def freeze_sent(self, session: Session, case_id: int, officer: Officer, sent_to: str, now: datetime,
                    bank: str = "", how: str = "text", config=None, as_it_is: bool = False) -> None:
        """Record where the request went (the bank's row of bot/cases/bank_answers.py, and the audit log). A request
        lacking what a nodal officer needs (``freeze_letter.missing_facts``) is recorded only ``as_it_is`` (the
        officer confirmed), the facts it lacked audited with it."""
        case = session.get(Case, case_id)
        if case is None:
            raise CaseworkError("no such case")
        if not sent_to.strip():
            raise CaseworkError("say where the request was sent (bank and e-mail or portal)")
        incident = session.get(Incident, case.incident_id) if case.incident_id else None
        missing = freeze_letter.missing_facts(incident, config) if incident is not None and config else []
        if missing and not as_it_is:
            raise CaseworkError("Not recorded: this freeze request has no " + "; no ".join(missing) + ". Ask the resident, or tick "
                "\u201cSent as it is\u201d if you did send it.")
        try:
            bank_answers.record_sent(session, case, bank or sent_to.split(",")[0], sent_to, how,
                                     self._actor(officer), now, **({"lacking": missing} if missing else {}))
        except bank_answers.BankAnswerError as exc:
            raise CaseworkError(str(exc)) from None


def signer_office(session: Session, officer: Officer, case: Case, config) -> str | None:
    """The office a freeze request is signed from: the case's police station when the officer is one of its, else
    the officer's own station, else (an officer of no station: the cyber cell, a unit supervisor) None, the unit
    (session 19: a unit supervisor signed as a station a bank calling it would not find her at)."""
    own = stations.stations_of(session, officer.id)
    station = case.station if case.station in own else (own[0] if own else None)
    return stations.of(config).name(station) if station else None


def still_held(session: Session, case: Case, holder: str | None, to: str | None = None) -> bool:
    """Whether ``case`` is still claimed by ``holder``, checked in an UPDATE of its row (it waits for another
    transaction writing the row and reads what that one committed), handing it ``to`` another actor when given: of
    a reply and a takeover at the same moment, one sees the other's holder."""
    result = session.execute(
        update(Case).where(Case.id == case.id, Case.status == "claimed", Case.claimed_by == holder)
        .values(claimed_by=to or holder).execution_options(synchronize_session=False))
    return result.rowcount == 1


#: what an officer who posts the same reply form again is told (nothing is sent the second time)
ALREADY_SENT = ("Already sent: this reply went to the resident when the form was first posted; posting the same "
                "form again sent nothing.")
_FORM_ID = re.compile(r"[A-Za-z0-9_-]{16,64}")


class AlreadySent(CaseworkError):
    """The same reply form was posted again: nothing was sent (``Casework.reply``)."""


def new_form_id() -> str:
    """A one-time token for one rendering of a reply form (the case page's hidden ``form_id``)."""
    return secrets.token_urlsafe(18)


def form_key(case_id: int, form_id: str | None) -> str | None:
    """The outbox key of the reply sent from the form ``form_id`` (None: a post without a token, each one sent; a
    token not of ours is refused rather than taken for none)."""
    if not form_id:
        return None
    if not _FORM_ID.fullmatch(form_id):
        raise CaseworkError("the form was not recognised: reload the case page and send again")
    return f"case:{case_id}:form:{form_id}"


def tell_resident(session: Session, case: Case, contact: Contact, body: str, now: datetime, author: str,
                  kind: str = "officer", key: str | None = None) -> Message:
    """Store the message in the resident's conversation (officers see it in the case's thread, with its delivery)
    and queue it through the outbox."""
    message = Message(contact_id=contact.id, channel=contact.channel, direction="out", author=author,
                      case_id=case.id, text=body, status="queued", created_at=now)
    session.add(message)
    session.flush()
    outbox.enqueue(session, channel=contact.channel, recipient=contact.sender, text=body,
                   key=key or f"case:{case.id}:message:{message.id}", now=now, kind=kind,
                   contact_id=contact.id, message_id=message.id, language=contact.language,
                   sender=stations.sender_of(contact))
    return message


def may_override(session: Session, officer: Officer, case: Case) -> bool:
    """May ``officer`` act on a case another officer holds (take over, reassign, hand back, close)?

    The unit's supervisors on any case; a station's supervisor on their stations' cases."""
    return officer.role == "supervisor" or (
        officer.role == "station_supervisor" and case.station in stations.stations_of(session, officer.id))


def override_refused(session: Session, officer: Officer, case: Case, what: str) -> str:
    """Why ``officer`` may not ``what`` ("take over", "close") a case another officer holds, the real reason: a
    station supervisor is refused for the station (session 19: told "only a supervisor may ..."), anyone else for
    their role."""
    if officer.role == "station_supervisor":
        whose = f"{case.station}'s" if case.station else "the unit's (no police station's)"
        own = ", ".join(stations.stations_of(session, officer.id)) or "none"
        return (f"this case is {whose}, not one of your stations' ({own}): a unit supervisor can {what} it")
    return f"another officer holds this case: only they or a supervisor may {what} it"


def named(officer: Officer | None, actor: str | None = None) -> str:
    """An officer as the audit log names them: "SI Meena (meena)" (the actor id only if the account is gone)."""
    return f"{officer.display_name} ({officer.username})" if officer is not None else (actor or "nobody")


ROLE_WORDS = {"supervisor": "supervisor", "station_supervisor": "station supervisor", "officer": "officer"}


def with_role(officer: Officer) -> str:
    """ "Insp Kavita (supervisor)": who holds a case, as an officer who lost it is told."""
    return f"{officer.display_name} ({ROLE_WORDS.get(officer.role, officer.role)})"


def officer_of(session: Session, actor: str | None) -> Officer | None:
    if not actor or not actor.startswith("officer:"):
        return None
    return session.get(Officer, int(actor.split(":", 1)[1]))


def conversation(session: Session, case: Case, limit: int = 500) -> list[Message]:
    return list(session.scalars(select(Message).where(Message.contact_id == case.contact_id)
                                .order_by(Message.created_at, Message.id).limit(limit)))
