"""Walking a flow (the YAML report flows): starting one, prefilling from the first message, setting fields,
asking a node, following its next, running its actions, ending it.

Part of the turn (``bot.conversation.engine.Turn``, which is made of these parts).
"""
from __future__ import annotations

from typing import Any

from . import answers, golden, states, station_routing
from ..cases import stations  # several police stations (README.md, "Several police stations")
from ..content.flows import Flow, Node
from ..messages import MAX_READ, Reply
from ..store.models.residents import Incident
from ..cases.priority import assess

MAX_STEPS = 200


class FlowWalk:
    """Walking a report flow."""

    # -- flows ----------------------------------------------------------------------------
    @property
    def flow(self) -> Flow:
        return self.res.flows[self.conv.flow_id]

    def leave_flow(self) -> None:
        """Out of the current report: no flow, no question, no wait, no fields, nothing a module kept for it."""
        self.conv.flow_id = self.conv.node_id = None
        self.state.stop()
        self.state.end_report()
        self.conv.incident_id = None
        self.conv.fields = {}
        self.conv.bad_answers = 0

    def pause_flow(self) -> None:
        """The report stays open with no question of it waiting: a feature asks something of its own first (its
        wait, e.g. "for whom?") and walks the flow on (``walk``) once answered."""
        self.conv.node_id = None

    def start_flow(self, flow_id: str, prefill: bool, keep: bool = False, source: str | None = None) -> None:
        """Start report ``flow_id`` (what was told and for whom carried over; ``keep``: the report so far and its
        incident too); ``prefill``: its answers read from the message (or ``source``) first."""
        if flow_id not in self.res.flows:
            return self.officer_request("report")
        carried = {k: v for k, v in self.conv.fields.items()  # for whom, and what was told, across flows
                   if keep or k in self.hooks.carried or k in golden.CARRIED}
        kept = self.state.report_carried(keep)  # what the modules keep (states.GoldenHour, states.Behalf, ...)
        kept.pop(states.PlaceSaid.KEY, None)
        said = self.state.get(states.PlaceSaid)
        remembered = said.text if said else None  # a place said at the menu
        incident_id = self.conv.incident_id if keep else None
        self.leave_flow()
        self.state.end_report(kept)
        flow = self.res.flows[flow_id]
        self.conv.flow_id = flow_id
        if incident_id:
            self.conv.incident_id = incident_id
            incident = self.session.get(Incident, incident_id)
            incident.category, incident.flow_id = flow.intent, flow.id
        self.outcome.intent = self.outcome.intent or flow.intent
        if states.Report.KEY not in kept:  # a handover keeps the report's own
            self.state.put(states.Report(started_at=self.now.isoformat(),
                                         woman_officer_available=self.config.woman_officer_available,
                                         channel_has_phone=bool(self.contact.phone)))  # SAME only then
        fields: dict[str, Any] = dict(carried)
        if prefill:
            source = self.text if source is None else source  # the message that told it (see clarify)
            told = self.triage if source == self.text else golden.read(self, source)
            fields.update(self.prefilled(flow, source))
            fields.update(self.hooks.flow_fields(self, source, fields))  # who it is for ("for my father")
            fields.update(told.facts())
            if "money_left_at" in fields:  # "aaj subah": about 09:00, and the freeze request says "about"
                fields["money_left_at_approx"] = answers.said_roughly(source, self.now, self.config.timezone)
            if told.threat:
                fields["threat"] = True
            if told.live_call:  # "he is still on the call": it is now, never "when did they contact you?"
                fields.setdefault("happened_at", self.now.isoformat())
            if told.no_loss and not told.loss:  # "nothing was lost": the payment question answered
                fields.setdefault("paid", False)
        place = station_routing.place_told(self, source) if prefill else None  # "my pin code is 700016, 25000 went"
        if (place or remembered) and "district" not in fields:
            fields.update(self.place_fields(flow, place[0] if place else remembered, required=True))
        self.conv.fields = fields
        self._recompute_priority()
        if self.hooks.handled("ask_first", self):  # a registered relative: "for whom?" first (never when urgent)
            return
        if prefill:
            self.say_worked_out(fields)  # "only 200 left, i had 48000": the loss shown as worked out
        self.walk(flow.start)
        if place:  # told at the turn's end which station is theirs (a case made now says "Your request is with")
            self.place_named = place[1]

    def prefilled(self, flow: Flow, source: str, known: Any = (), only: Any = None) -> dict[str, Any]:
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
                               pin_districts=stations.of(self.config).map.pin_districts,
                               fields=self.conv.fields)

    def _recompute_priority(self, before: dict[str, Any] | None = None) -> None:
        fields = dict(self.conv.fields)
        category = self.flow.intent if self.conv.flow_id else "unknown"
        senior = self.contact.senior or self.state.of(states.Behalf).for_senior  # a relative's report for a senior
        fresh = assess(category, fields, self.now, self.config.golden_hour_minutes, senior)
        fields["priority"], fell = golden.settle(fields.get("priority"), fresh, before or fields, fields)
        if fell:  # urgent only because the time was unknown: the case falls in golden.act, audited
            fields["priority_note"] = fell["reason"]
            self.state.change(states.Report, fell=fell)
        self.conv.fields = fields

    def set_fields(self, values: dict[str, Any]) -> None:
        before = self.conv.fields
        fields = dict(before)
        fields.update(values)
        self.conv.fields = fields
        self._recompute_priority(before)
        if self.conv.incident_id:
            self.sync_incident(create=False)

    def lower_priority(self, priority: str, note: str) -> None:
        """The report's priority set lower, with the note officers see, by a rule that allows the fall (golden.py:
        no money was lost after all); not assessed again, the incident kept in step."""
        self.conv.fields = {**self.conv.fields, "priority": priority, "priority_note": note}
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
            actual = self.state.fact(field_name) if field_name in states.FLOW_FACTS else self.conv.fields.get(field_name)
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
                self._run_action(action, submitting="submit" in node.do)
            if node.say:
                first = node_id.startswith("urgent")
                self.say_text(self.simple_or(node.say, node.say_simple), kind="urgent" if first else "normal")
            if node.ask:
                self.conv.node_id = node_id
                self.conv.bad_answers = 0
                self.ask(node)
                return
            if node.start_flow:  # a handover: the report so far (and its incident) goes on in the next flow
                return self.start_flow(node.start_flow, prefill=False, keep=True)
            node_id = self.next_of(node)
        self._end_flow()

    def simple_or(self, text: dict[str, str], simple_text: dict[str, str] | None) -> dict[str, str]:
        """In simple mode, a node's short wording when it has one."""
        return simple_text if simple_text and self.contact.simple_mode else text

    def ask(self, node: Node, again: bool = False) -> None:
        """Ask ``node``'s question; ``again`` after an answer it could not read: its ``ask_again`` when it has one
        (the question without the comfort said the first time)."""
        text = node.ask_again if again and node.ask_again and not self.contact.simple_mode else \
            self.simple_or(node.ask, node.ask_simple)
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
        incident = self.session.get(Incident, self.conv.incident_id) if self.conv.incident_id else None
        if incident is not None:
            self.outcome.incident = self.incident_json(incident)
        self.outcome.flow = self.conv.flow_id
        self.conv.flow_id = self.conv.node_id = None
        self.conv.incident_id = None
        self.conv.fields = {}
        self.state.end_report()
        if incident is not None and incident.reference:  # a stray "thanks" or "no" next: a kind closing, no new report
            self.state.wait("after_report", states.Filed(incident.reference))
        else:
            self.state.wait("menu")
        self.say("flow_finished")

    def _run_action(self, action: str, submitting: bool = False) -> None:
        """``submitting``: the node submits the report too (``do: [create_incident, submit]``): an incident made here
        is inserted already submitted, one statement instead of an INSERT and an UPDATE (issue 17)."""
        if action == "create_incident":
            self.sync_incident(create=True, submitted=submitting)
        elif action == "submit":
            if self.conv.fields.get("report_state") == golden.COLLECTING:
                self.set_fields({"report_state": "details complete"})
            incident = self.sync_incident(create=True, submitted=True)
            if incident.status != "submitted":
                incident.status, incident.submitted_at = "submitted", self.now
        elif action == "escalate":
            incident = self.sync_incident(create=True)
            priority = self.conv.fields.get("priority", "normal")
            reason = "golden_hour" if priority == "urgent" else "report"
            self.escalate(incident, priority, reason)
        elif action == "officer_request":
            self.officer_request("report")
        elif action == "check_registry":
            self.check_registry()
        if action in ("submit", "escalate"):
            self.record_identifiers()
