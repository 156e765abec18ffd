"""Escalation to an officer: the case, the resident's request for one, the call-back number.

Part of the turn (``bot.conversation.engine.Turn``, which is made of these parts).
"""
from __future__ import annotations

import re

from sqlalchemy import select

from . import answers, station_routing, states
from ..cases import casefile, cases, sla as alerts
from ..store.models.cases import Case
from ..store.models.residents import Incident
from ..nlu.entities.phones import find_phones
from ..nlu.normalize import to_ascii_digits
from ..cases.priority import higher

NUMBER_RUN = re.compile(r"\+?\d[\d\s().-]*\d")  # a number as typed ("+91 98765-43210")
# What the words around a number typed after "talk to an officer" may read as, for it to be the call-back number
CALLBACK_WORDS = ("unknown", "greeting", "talk_to_officer", "report_status")  # "call me on", "my number"


class Escalation:
    """Escalation to an officer."""

    # -- officer queue --------------------------------------------------------------------
    def escalate(self, incident: Incident | None, priority: str, reason: str) -> Case:
        sla = self.config.sla_minutes.model_dump()
        if self.contact.senior or self.state.of(states.Behalf).for_senior:
            priority = higher(priority, "high")  # DESIGN.md: an elderly resident is high at least
        known = self.open_case()
        before = (known.priority, known.status, known.episode) if known is not None else None
        case, created = cases.escalate(self.session, self.contact, incident, priority, reason, self.now, sla, known)
        self.case = case
        new = self.hold_case(case, created)  # made in this turn: no offer or alert of it can exist yet
        station_routing.route(self, case)  # the station's queue and SLA, before any alert
        self.hooks.escalated(self, case, new)  # a senior's case: offered to their beat officer first
        # the officers' group, within seconds: a case made or raised to urgent (or reopened) now; one urgent before
        # was announced then (or by the scheduler's next pass, which announces every unannounced urgent case)
        changed = created or before != (case.priority, case.status, case.episode)
        if case.priority == "urgent" and changed:
            alerts.announce(self.session, case, self.config, self.now, new=new, actor="bot")  # this turn's
        return case

    def officer_request(self, reason: str) -> None:
        """The resident asks for an officer (``reason``): their open case is named again, or a new one queued; the
        conversation then waits for a call-back number (``officer_callback``)."""
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

    def officer_for_report(self) -> None:
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


states.register(states.Wait("officer_callback", "a phone number to be called back on (else read as a message)", "early",
                            Escalation._officer_callback, menu_digits=True, needs_text=True))
