"""Status look-ups: "what happened to my report?", by reference or the resident's latest case.

Part of the turn (``bot.conversation.engine.Turn``, which is made of these parts).
"""
from __future__ import annotations

from .. import formats
from . import golden, states
from sqlalchemy import select

from ..cases import casework, incidents
from ..store.models.cases import AuditEvent
from ..nlu import commands


class StatusLookup:
    """Status look-ups."""

    def _status_answer(self) -> bool:
        """The answer to "which report?" (the status question): a reference, "don't know" (the latest report) or
        a reference as written; a bare number is read as a new message (a menu digit)."""
        self.state.stop()
        reference = incidents.asked_reference(self.text, self.config.reference_prefix)
        if reference:
            self.tell_status(reference)
            return True
        cleaned = commands.clean(self.text)
        if commands.is_skip(self.text) or not any(ch.isdigit() for ch in cleaned):
            self.tell_status(None)  # "don't know": their latest complaint
            return True
        if not cleaned.isdigit():
            self.tell_status(self.text.strip()[:24])
            return True
        return False

    def _closing_answer(self) -> bool:
        """A message that only closes the chat ("thanks", "no", "nahi", "ধন্যবাদ") after a report was filed: a kind
        closing naming its reference, in the resident's language; anything else is a new message (the menu's digits
        too)."""
        if not commands.is_closing(self.text):
            return False
        self.say("after_report_closing", reference=self.state.of(states.Filed).reference)
        return True

    def _after_close_answer(self) -> bool:
        """The first message after an officer closed the resident's case (``states.end_closed_report``): a closing
        word gets a kind closing; anything else that tells nothing new (no loss, call or danger: those start a report
        as ever) — "hello? did the bank stop the money?" — gets the case's state with what the officer closed it with,
        and how to go on. Once: the next message is read as new."""
        reference = self.state.of(states.Closed).reference
        self.state.stop()
        if commands.is_closing(self.text):
            self.say("after_report_closing", reference=reference)
            return True
        if golden.tells(self.triage) or self.classify().urgent:
            return False
        self.tell_status(reference)
        if self._to_last_officer(reference):
            self.say("after_close_passed")
        self.say("after_close_more")
        return True

    def _to_last_officer(self, reference: str | None) -> bool:
        """A resident writing back about a closed money case ("did the bank hold it?") reaches the officers: the
        message joins the case's thread and the officers' chats (the unit's and the case's station's) are told
        which case, who closed it and how, once per close (audited ``wrote_after_close``). The case stays closed:
        the officer who asked the bank knows the answer (session 19: such a follow-up reached no officer)."""
        found = incidents.status_of(self.session, self.contact, reference)
        incident, case = found if found else (None, None)
        if case is None or case.status != "closed" or incident.category != "financial_fraud":
            return False
        from ..cases import sla
        from ..cases.cases import record

        self.message.case_id = case.id
        closer = casework.officer_of(self.session, next(iter(self.session.scalars(
            select(AuditEvent.actor).where(AuditEvent.case_id == case.id, AuditEvent.action == "closed")
            .order_by(AuditEvent.id.desc()))), None))
        kind = sla.episode_kind(case, f"after_close:{int(case.closed_at.timestamp())}")  # once per close
        if sla._claim(self.session, case, kind, self.now):
            outcome = casework.OUTCOMES.get(case.outcome or "", case.outcome or "")
            who = casework.named(closer) if closer else "an officer"
            sla._alert_officers(self.session, case, self.config, kind,
                                f"Resident wrote after the case was closed ({outcome}, by {who}): please read it "
                                "and answer. " + sla.summary(self.session, case, self.config, self.now), self.now)
            record(self.session, case, "resident", "wrote_after_close", self.now, message_id=self.message.id,
                   closed_by=who)
        return True

    # -- status ---------------------------------------------------------------------------
    def tell_status(self, reference: str | None) -> None:
        """The status of the report ``reference`` (None: the resident's latest), or that none was found."""
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
        told = casework.outcome_told(self.texts, case, self.lang) if state == "closed" else ""
        self.say("status_found", reference=incident.reference, category=category, filed=filed,
                 state=self.texts.get("status_state_closed_outcome", self.lang, outcome=told) if told
                 else self.texts.get(f"status_state_{state}", self.lang))


states.register(states.Wait("status_ref", "a report's reference, or 'don't know' (a bare number is a menu digit)", "late",
                            StatusLookup._status_answer, reask=lambda turn: turn.say("status_ask")))
states.register(states.Wait("after_report", "after a report was filed: a closing word ('thanks', 'no') gets a kind "
                            "closing with its reference; any other message is read as new (the menu's digits too)",
                            "late", StatusLookup._closing_answer, menu_digits=True, needs_text=True))
states.register(states.Wait("after_close", "after an officer closed the resident's case: a closing word gets a kind closing, "
                            "anything telling nothing new the case's state and outcome (once); a loss, call or danger is "
                            "read as new", "late", StatusLookup._after_close_answer, menu_digits=True, needs_text=True))
