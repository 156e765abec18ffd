"""The scam registry in a turn: identifiers a report names are recorded and checked, and the answer says
what the registry knows (and the unit's published numbers).

Part of the turn (``bot.conversation.engine.Turn``, which is made of these parts).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from . import states
from ..registry import normalising, records
from ..cases import stations  # several police stations (README.md, "Several police stations")
from ..messages import Reply
from ..store.models.residents import Incident
from ..nlu import police
from ..nlu import classify, triage
from ..nlu.classify import asks_of_helpline
from ..nlu.normalize import normalize

if TYPE_CHECKING:  # pragma: no cover
    from ..content.flows import Node


class RegistryCheck:
    """The registry's check of a report's identifiers."""

    # -- the scam-identifier registry -----------------------------------------------------
    def official_numbers(self) -> dict[tuple[str, str], str]:
        return stations.official_contacts(self.config, self.lang)  # the unit's and every station's -> whose

    def check_registry(self) -> None:
        """Answer for every number, link or id the resident gave: is it ours (which a caller can fake), how
        often was it reported (checks never count). A resident asking "is this really the police?", or
        naming one of our numbers, is first told how to tell (README.md, "Is this really the police?")."""
        fields = self.conv.fields
        other = fields.get("other_side") or fields.get("target")
        parts = [fields.get("initial_message") or ""]
        if isinstance(other, dict):
            parts += [str(v) for values in other.values() for v in (values if isinstance(values, list) else [values])]
        asks_police = police.asks(normalize(parts[0])) or police.asks(self.norm)
        self._tell_checks("\n".join(parts), asks_police, self.flow.intent == "impersonation" or asks_police)
        if self.names_only_ours("\n".join(parts)):  # "is +91 11 2345 6789 really the police?": our number, said
            self.set_fields({"official_only": True})  # so; nothing recorded or offered as a report against it

    def names_only_ours(self, text: str) -> bool:
        """``text`` names numbers or handles, every one of them the unit's or a station's own (config
        ``official_contacts``): asked about, it is answered "yes, that is ours", never checked as a suspect (a
        resident's trial, session 19: a report was recorded against the cyber cell's own desk number)."""
        found = records.identifiers_in(text, None)
        official = self.official_numbers()
        if not found or not all(pair in official for pair in found):
            return False
        norm = normalize(text)  # a call from it that asked money, a fine or an OTP is a spoofed call: checked as ever
        return not (classify._said(classify.DEMAND, norm) or classify._said(classify.MONEY, norm)
                    or triage._has("secret", triage._plain(text)))

    def _tell_checks(self, text: str, asks_police: bool, police_talk: bool, again: bool = False) -> bool:
        """The registry's answer for each identifier in ``text`` not answered before in this conversation: one of
        ours (said as ours, which a caller can fake; never any other number as police'), or not ours with its
        reports. ``again``: the police advice even when told before. Returns whether one of ours was named."""
        kept = self.state.of(states.RegistryChecks)
        checks = records.check_text(self.session, text)
        done = set(kept.checked)
        official = self.official_numbers()
        ours = False
        lines = []
        for check in checks:
            key = f"{check.kind}:{check.value}"
            if (check.kind, check.value) in official:
                ours = True
            if key in done and not again:
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
        if asks_police and self.names_only_ours(text):
            asks_police = False  # only our own numbers asked about: "yes, ours" first, not "a call cannot prove it"
        if asks_police and (again and not lines or not kept.police_advice_told):
            lines.insert(0, self.texts.get("police_check_advice", self.lang, numbers=self._published_numbers()))
            self.state.change(states.RegistryChecks, police_advice_told=True)
        if lines:
            self.replies.append(Reply("\n".join(lines)))
            self.state.change(states.RegistryChecks, checked=sorted(done))
        return ours

    def police_question(self, node: Node) -> bool:
        """"Is this (number) really the police?" asked in the middle of a report, at a question that does not
        take a number or words to check: answered (our own number is ours, which a caller can fake; any other is
        not ours), then the question again. Our number is never kept as the other side of the report. A report that
        checks its own numbers (impersonation, suspicious contact) reads one at its number question as the answer.
        Asked of this chat with nothing to check ("is this really the police?", a resident's trial, session 17: taken
        as the answer), at any question: who we are and how to check it (``helpline_identity``), the question again."""
        if asks_of_helpline(self.norm) and not records.check_text(self.session, self.text):
            self.say("helpline_identity")
            self.ask(node, again=True)
            return True
        if node.expect == "text" or not police.asks(self.norm):
            return False
        if node.expect == "target" and any("check_registry" in n.do for n in self.flow.nodes.values()):
            return False
        if not self._tell_checks(self.text, asks_police=True, police_talk=True, again=True):
            self.keep_told_out_of_order(node)  # a stranger's number: kept where the report wants it
        self.ask(node, again=True)
        return True

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
        exclude |= set(self.official_numbers())
        first = self.state.of(states.RegistryChecks).no_identifiers_yet  # made in this conversation, nothing recorded
        pairs = records.incident_identifiers(incident, exclude)
        if first and not pairs:
            return  # it names nothing yet (an urgent first message without a number): nothing to write or look up
        recorded = records.record_incident(self.session, incident, self.now, exclude=exclude, first=first, pairs=pairs)
        if first:
            self.state.change(states.RegistryChecks, no_identifiers_yet=False)
        told = set(self.state.of(states.RegistryChecks).told_others)
        repeat = [r for r in recorded if r.counted and (r.others or r.elsewhere) and f"{r.kind}:{r.value}" not in told]
        if repeat:
            values = ", ".join(r.value for r in repeat[:3])
            self.say("others_reported", value=values)
            self.state.change(states.RegistryChecks, told_others=sorted(told | {f"{r.kind}:{r.value}" for r in repeat}))
