"""The turn's dispatch: what a message is read as, in order (commands, the features' hook, what the
conversation waits for, the report being answered, a place, a secret, the menu, free text), and the routes
from an intent.

Part of the turn (``bot.conversation.engine.Turn``, which is made of these parts): each part is one job; they share
the turn's state (``self``: conversation, contact, replies) and call each other only through public methods with a
docstring (docs/architecture.md, "The turn's parts"; ``python -m bot.cli.tools.part_calls`` lists any private
name used across parts, tests/test_engine_parts.py holds it at none).
"""
from __future__ import annotations

import re

from . import answers, clarify, menu_words, station_routing, states
from ..cases import incidents
from ..cases import stations  # several police stations (README.md, "Several police stations")
from ..messages import Reply
from ..nlu import commands, first_message, helpline, triage
from ..nlu.classify import Classification, asks_of_helpline
from ..nlu.normalize import to_ascii_digits
from ..nlu.topics import ASKED_REPORTS, told_topic

# The intents the engine answers itself (flows/_system.yaml declares them, bot/content/catalogue.py checks each has a
# handler here); the menus, the report flows and the intent list are derived from the flow files.
# what "I already called 1930, they gave me a number, what now?" is read as by the understanding: the advice after 1930
AFTER_1930_AS = ("report_status", "safety_advice", "suspicious_contact", "unknown", "greeting")
MENU_HANDLED = ("safety_advice", "report_status", "talk_to_officer")  # see _menu_action
SYSTEM_HANDLED = (*MENU_HANDLED, "greeting", "unknown")  # see _free_text
# A question for the helpline's number is answered at once when read as one of these (a report keeps its flow)
HELPLINE_ASKED_AS = ("safety_advice", "unknown", "greeting")
BARE_CODE = re.compile(r"\d{6}")  # a bare 6-digit number: a PIN code or an OTP, never a report (see _bare_number)
MENU_DIGIT = re.compile(r"\d{1,2}")  # what a menu's choice looks like: from a resident who saw no menu, no answer
SECRET_TOPIC = "otp_pin_never_share"  # the answer to a secret said alone ("PIN 700016", "meri pin 700016 hai")


class Dispatch:
    """The turn's dispatch and routing."""

    def dispatch(self, first_contact: bool) -> None:
        """What the message is read as, in order (commands, the features' hook, the early waits, the report's
        question, a place, a secret, the late waits, menu digits and words, free text). Called by ``run`` after
        triage (golden.py) has not routed the message."""
        media_kept = self.keep_media()
        has_text = bool(self.norm)
        if not has_text and not self.inbound.media:
            if self.text.strip():
                self.say("only_symbols")
            elif not first_contact:
                self.say("empty_message")
            if first_contact:
                self.ask_language()
            return
        command = commands.command(self.text) if has_text else None
        if command:
            return self.command(command)
        if self.hooks.handled("before_dispatch", self):  # simple mode: "0", on/off, LINK
            return
        if self._answered_wait("early"):  # the answer to the welcome, the language, for whom (bot/conversation/states.py)
            return
        if self.conv.flow_id and self.conv.node_id:
            return self.answer_report(media_kept)
        if not has_text:
            if self.hooks.handled("on_media", self, media_kept, False):  # a voice note: a kind word and the menu
                return
            self.say("media_outside_flow" if media_kept else "media_refused",
                     limit=self.config.max_evidence_mb)
            return
        placed = station_routing.place_said(self)  # "my pin code is 700016": routed and told, never a report
        if placed is not None:
            self.conv.misunderstood = 0
            if placed:  # the next report's district
                self.state.put(states.PlaceSaid(self.text[:120]))
            else:
                self.state.drop(states.PlaceSaid)
            wait = states.WAITS.get(self.state.waiting or "")
            if wait is not None and wait.reask is not None:  # the status question: asked again
                return wait.reask(self)
            return self._language_or_menu(first_contact)
        if stations.of(self.config).secret_only(self.text):  # "meri pin 700016 hai": a secret, no place, no report
            return self._secret_only(first_contact)
        if self._answered_wait("late"):  # the status question, "Did you mean", which report
            return
        cleaned = commands.clean(self.text)
        # simple mode's menu of four comes from its hook; both menus are derived from the flow files (bot/content/catalogue.py)
        actions = self.hooks.first("menu_actions", self) or self.res.catalogue.menu_actions
        if BARE_CODE.fullmatch(to_ascii_digits(cleaned)) and cleaned not in actions:
            return self._bare_number(first_contact)  # "700001": a PIN code or an OTP, never a report by itself
        if first_contact and MENU_DIGIT.fullmatch(to_ascii_digits(cleaned)):
            return self._language_or_menu(first_contact)  # "1" before any menu was shown: the welcome, no report
        if states.menu_digits(self.state.waiting) and cleaned in actions and not first_contact:
            return self._menu_action(actions[cleaned])
        if states.menu_digits(self.state.waiting) and not first_contact:  # the menu by words: "report money fraud"
            key = "menu_simple" if self.contact.simple_mode else "menu"
            digit = menu_words.digit_for(self.text, [self.texts.get(key, code)
                                                     for code in dict.fromkeys([self.lang, *self.config.languages])])
            if digit in actions:
                return self._menu_action(actions[digit])
            if answers.bare_yes_or_no(self.text) and self.classify().intent in self.res.catalogue.report_flows:
                # a bare "no" at the menu is no report ("no" was read as a hacked account, an attacker's trial,
                # session 11): pick one of its numbers, shown again
                self.say("bad_choice")
                return self.menu()
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
            return self.ask_language()
        self.say("flow_finished")

    def _bare_number(self, first_contact: bool) -> None:
        """A bare 6-digit number outside a question: it may be a PIN code or an OTP, so it starts nothing; a
        kind word (never share a code) and the menu (or the language question on a first message)."""
        self.conv.misunderstood = 0
        self.say("bare_number")
        self._language_or_menu(first_contact)

    def _language_or_menu(self, first_contact: bool) -> None:
        """The language question on a first message that told no language, else the menu."""
        if first_contact and not (self.contact.language_chosen or self.language_told):
            return self.ask_language()
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
                self.officer_for_report()
            else:
                self.leave_flow()
                self.officer_request("talk_to_officer")
        elif command == "language":
            named = commands.language_named(self.text)
            if named:
                self.set_language(named)
                self.reask_or_menu()
            else:
                self.ask_language()

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
            self.officer_request("talk_to_officer")
        elif action == "safety_advice":
            self.knowledge_menu()
        else:
            self.start_flow(action, prefill=False)

    # -- free text ------------------------------------------------------------------------
    def _free_text(self, first_contact: bool) -> None:
        result = self.classify()
        intent = result.intent
        self.outcome.intent = intent
        reference = incidents.asked_reference(self.text, self.config.reference_prefix)
        if reference:
            self.outcome.intent = "report_status"
            return self.tell_status(reference)
        if self.triage.asks_back and not result.urgent \
                and incidents.status_of(self.session, self.contact, None) is not None:
            return self.tell_status(None)  # "paise wapas milenge?" from one who reported: their report's state
        if self.triage.install_on_call:  # a caller on the line asking for an install, nothing done: cut it, no case
            self.say("install_on_call")
        if intent in AFTER_1930_AS and not result.urgent and answers.called_1930(self.text):
            return self.after_1930()  # "I already called 1930, they gave me a number, what now?": no lookup of ours
        if first_contact and self.language_told and first_message.only_help(self.text):
            self.say("help")  # a bare plea for help: help and the menu, in its language (issue 16)
            return self.menu()
        if intent in HELPLINE_ASKED_AS and not result.urgent and helpline.asks(self.norm):
            self.outcome.intent = "safety_advice"  # "what is the cybercrime helpline number": 1930, the portal, 112
            self.say("helpline_numbers")
            return
        if intent == "unknown" and self.triage.failed_payment and not result.urgent:
            # "recharge failed but money deducted": no crime and no report (classify reads it unknown), but never "I did
            # not understand": the bank's or app's reversal, and 1930 only if someone tricked them (a resident's trial, s20)
            self.outcome.intent = "safety_advice"
            self.say("failed_payment")
            return
        if intent == "greeting" and asks_of_helpline(self.norm):
            self.say("helpline_identity")  # "is this really the police?" of this chat: who we are, how to check it
        if intent in ("unknown", "greeting") and not result.clarify:  # an unsure "unknown" may still ask
            if first_contact:
                if self.contact.language_chosen or self.language_told:
                    if first_message.asks_help(self.text):
                        self.say("help")
                    self.menu()
                else:
                    self.ask_language()
                return
            # "thank you" alone (three sets label it unknown, and the model follows): thanks, not a message misread
            if intent == "greeting" or commands.is_thanks(self.text):
                self.outcome.intent = "greeting"
                self.conv.misunderstood = 0
                return self.menu()
            return self._misunderstood()
        self.conv.misunderstood = 0
        if intent == "report_status":
            return self.tell_status(None)
        if intent == "talk_to_officer":
            return self.officer_request("talk_to_officer")
        if result.clarify and all(self.res.catalogue.report_flows.get(i) in self.res.flows or i == "safety_advice"
                                  for i in result.clarify):
            return clarify.ask(self, result.clarify)  # two readings fit: one short question, never when urgent
        self.route(intent, self.text, result)

    def after_1930(self) -> None:
        """1930 called and its acknowledgement number got, told with no reference of ours and nothing urgent: keep that
        number, complete the complaint on the portal within 24 hours, and the money-fraud report offered here (its
        first question: when the money left, so a recent loss becomes the urgent case; a resident's trial, s15)."""
        self.outcome.intent = "financial_fraud"
        self.say("called_1930_next")
        self.start_flow(self.res.catalogue.report_flows.get("financial_fraud", "financial_fraud"), prefill=True,
                        source=self.text)

    def route(self, intent: str, text: str, result: Classification | None = None) -> None:
        """Start the report of ``intent`` filled in from ``text`` (the message that told it), or answer it
        as a safety question."""
        if intent == "safety_advice":
            return self.advise(result or self.res.classifier.classify(text, self.now))
        # our own number asked about: the check says it is ours (registry_check.py), no scam topic before it
        asks_about_ours = intent == "suspicious_contact" and self.names_only_ours(text)
        if result is not None and not asks_about_ours:
            if intent in ASKED_REPORTS and result.question:
                reply = self.answer_topic(result)  # "is this genuine?": its topic's answer, then the check
                if reply.kind == "offer" and intent != "impersonation":
                    return self.offer_topics(list(reply.topics), comfort=result.happened)
                # "is this really the police?" with a weak topic: the check itself (caller ID and a uniform can be
                # faked, the number looked up), never a "Did you mean" that drops it (s20: s20-safety's asked police)
            else:  # a scam forwarded or an app installed, told: its topic's advice, then the check
                told = told_topic(result, self.res.knowledge,
                                  triage.tells_installed(text) or triage.asks_install(text), triage.tells_unpaid(text))
                if told:
                    self.replies.append(Reply(self.res.knowledge.answer(told, self.lang, comfort=result.happened)))
        flow_id = self.res.catalogue.report_flows.get(intent)
        if flow_id in self.res.flows:
            return self.start_flow(flow_id, prefill=True, source=text)
        self.officer_request("report")

    def _misunderstood(self) -> None:
        self.conv.misunderstood += 1
        if self.conv.misunderstood >= 2:
            self.conv.misunderstood = 0
            self.say("not_understood_twice")
            self.escalate(None, "normal", "not_understood")
            self.menu()
        else:
            self.say("not_understood")
