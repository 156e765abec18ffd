"""An answer to a report's question: read, corrected, kept when told out of order, placed; the incident
kept in step.

Part of the turn (``bot.conversation.engine.Turn``, which is made of these parts).
"""
from __future__ import annotations

import re
from typing import Any

from . import answers, golden, station_routing
from .. import formats
from ..cases import incidents, losses, report_fields
from ..cases import stations  # several police stations (README.md, "Several police stations")
from ..content.flows import Flow, Node
from ..nlu import commands, triage
from ..nlu.classify import demands
from ..nlu.corrections import find_correction
from ..nlu.entities import amounts, payments, times
from ..nlu.normalize import normalize, to_ascii_digits
from ..nlu.redact import MARKER as REDACTED

LATE_TIME_WORDS = 5  # a late time alone is short: "abhi abhi", "5 min pehle", "kal raat 9 baje"
BAD_ANSWERS_THEN_UNKNOWN = 2  # any report question (not the menu) answered unreadably twice: not known
SAYS_SKIP = ("bad_time", "time_future", "bad_ack_number")  # these texts already say "if you are not sure, reply 'don't know'"
NUMBER_ANSWERS = ("utr", "ack_number", "imei", "phone", "last_digits")  # a number asked: its own shape, no reference
OUT_OF_ORDER = ("utr", "target", "bank", "imei")  # facts kept when told at another question (a bare number,
# an amount or a time is not: "700001" at the time question is a PIN, never an amount)


class ReportAnswers:
    """Answers to a report's questions."""

    # -- answers --------------------------------------------------------------------------
    def answer_report(self, media_kept: int) -> None:
        """The message read as the answer to the report's current question (``media_kept``: files this message
        kept): a place, a correction, a reference, a file, "is this the police?", then the node's ``expect``;
        an answer not read is asked again, twice not read is noted as not known."""
        node = self.flow.nodes[self.conv.node_id]
        if node.ask and node.save and node.save in self.conv.fields:  # told meanwhile: to the officer who held the
            # case (``report_fields.told_in_chat``) or corrected by an officer: kept, never asked again; the next
            # open question is asked ("hello? is anyone there" after a hand back is no bad answer to it); "what now,
            # will I get my money back?" is answered first
            self._advice_asked()
            return self.walk(self.next_of(node))
        if node.expect != "district" and self.norm and not self._district_corrected():
            # where they are, told mid-report: never this question's
            placed = station_routing.place_said(self)  # answer ("I live near BBD Bagh" is no bank); routed, told,
            if placed is not None:  # written into the report's district when the case's station agrees
                if placed:
                    self._note_place()
                return self.ask(node)
        if self._correction():
            return
        # ours at any question but a free text; another shape not where a number is asked (a UTR, 1930's number)
        reference = incidents.asked_reference(self.text, self.config.reference_prefix,
                                              quoted=node.expect not in NUMBER_ANSWERS)
        if reference and node.expect not in ("text", "target"):
            self.tell_status(reference)
            return self.ask(node)
        if commands.asks_status(self.text):  # "STATUS" mid-report is no bank (a resident's trial, session 17)
            self.tell_status(None)
            return self.ask(node, again=True)
        if node.expect == "media":
            return self.media_answer(node, media_kept)
        if not self.norm:  # a file while we wait for words: keep it, ask again
            if not self.hooks.handled("on_media", self, media_kept, True):  # a voice note in a report
                self.say("media_outside_flow" if media_kept else "media_refused", limit=self.config.max_evidence_mb)
            return self.ask(node)
        if self.police_question(node):
            return
        if self._called_1930_told(node):
            return
        if commands.is_thanks(self.text) and not node.flow_by_choice:  # "thanks" answers no question (a resident's
            # trial, session 11: kept as where the money went): asked again kindly; twice, noted as not known
            self.conv.bad_answers += 1
            if node.optional and self.conv.bad_answers >= BAD_ANSWERS_THEN_UNKNOWN:
                return self._not_known(node, told=True)
            self.say("thanks_mid_report")  # the question itself says SKIP where one may skip
            return self.ask(node, again=True)
        paged = self.hooks.first("choice_answer", self, node)  # simple mode: a digit of the page shown, or "4. More"
        if paged == "more":
            return self.ask(node)
        parsed = answers.parse(node, paged or self.text, self.answer_context())
        if parsed.ok and node.flow_by_choice:
            return self.start_flow(parsed.value, prefill=False)
        if parsed.ok and node.expect != "text" and REDACTED in str(parsed.value):
            return self.ask(node)  # "PIN 700016" was a secret (warned above): never an answer, asked again
        if parsed.ok and self._remark_as_target(node, parsed):
            parsed = answers.Parsed.bad("bad_target")  # asked once again; told again, noted as not known
        if parsed.ok:
            self.conv.bad_answers = 0
            values = {**self.told_besides(node), **self.told_with(node), node.save: parsed.value, **parsed.extra}
            self.set_fields(values)
            self.say_worked_out(values)
            return self.walk(self.next_of(node))
        if parsed.skipped or (node.expect == "yesno" and commands.is_skip(self.text)):
            if node.flow_by_choice:  # the menu: there is no "not known" here
                self.say("required_field")
                return self.ask(node)
            besides = self.told_besides(node)  # "It went to a UPI id fraudkumar@ybl" at the last-4 question moves
            if besides:  # on ("UPI" gives no card) and keeps where the money went (officers' trial, session 17)
                self.set_fields(besides)
            return self._not_known(node, told=not node.optional)
        if self._urgent_interrupt() or self._what_to_do(node) or self._question_asked(node):
            return
        kept = self.keep_told_out_of_order(node)  # another question's answer, or where the money went: kept there
        # a message kept out as a secret (warned above) answers no question however often asked, and is no try: never
        # kept as written as the bank or the place (a resident's trial, session 12: the bank "पासवर्ड
        # [REDACTED-PASSWORD] है" after one re-ask), never "not known" for it; the hint and the question again
        secret = REDACTED in self.text
        if not kept and not secret:  # what was kept was read: it never counts toward "I could not read that"
            self.conv.bad_answers += 1
        if node.expect == "district" and not kept and answers.said_no(self.text):
            return self._not_known(node, told=True)  # "nahi" is no place (a resident's trial, session 12): not known
        if node.expect == "district" and not kept and not secret and (
                self.conv.bad_answers >= BAD_ANSWERS_THEN_UNKNOWN
                or (node.optional and len(answers.letters(self.text)) >= 3)):
            return self._place_as_written(node)  # a bare "2" is no place: asked once again
        if node.expect == "bank" and not kept and not secret and self.conv.bad_answers >= BAD_ANSWERS_THEN_UNKNOWN \
                and answers.bank_as_told(self.text):
            return self._bank_as_told(node)
        if self.conv.bad_answers >= BAD_ANSWERS_THEN_UNKNOWN and not node.flow_by_choice and not kept and not secret:
            return self._not_known(node, told=True)  # a resident is never looped: noted as not known
        if kept:
            self.say("noted_out_of_order")
        elif self.conv.bad_answers >= 3:
            self.say("too_many_tries" if node.optional and node.expect != "yesno" else "too_many_tries_required")
        else:
            self.say(parsed.error or "bad_text",  # bad_district names a few of the unit's districts
                     district_examples=", ".join(self.config.districts[:4]) or "South, West")
            if node.optional and parsed.error not in SAYS_SKIP and not self._question_says_skip(node):
                self.say("skip_hint")  # SKIP said once: the hint only where the question asked again does not say it
        self.ask(node, again=True)

    def _called_1930_told(self, node: Node) -> bool:
        """"I already called 1930" (no other number) at another question: noted as 1930 called, its number not known,
        and the question asked again; the 1930 number question is then not asked (flows/financial_fraud.yaml; a
        resident's trial, session 13: "1930" was kept as the account's last 4 digits and 1930 asked about again)."""
        if node.expect == "ack_number" or not answers.called_1930(self.text) \
                or re.search(r"\d", to_ascii_digits(self.text).replace("1930", "")):
            return False
        self.set_fields({"called_1930": True})
        self.say("noted_out_of_order")
        self.ask(node, again=True)
        return True

    def _question_says_skip(self, node: Node) -> bool:
        """Whether ``node``'s question, as asked again, tells the resident they may reply SKIP (officers' trial,
        session 13: "…or SKIP. (Reply SKIP if you do not know.) …Reply SKIP if you prefer." at the last 4 digits)."""
        text = node.ask_again if node.ask_again and not self.contact.simple_mode else \
            self.simple_or(node.ask, node.ask_simple)
        return bool(text) and "SKIP" in self.texts.render(text, self.lang, **self.fields_for_text())

    def say_worked_out(self, values: dict[str, Any]) -> None:
        """An amount worked out from the balances told ("only 200 left, i had 48000": 47,800) is shown with them, so
        the resident can correct it."""
        if values.get("amount_balance_before") is None or values.get("amount") is None:
            return
        shown = {key: formats.amount(values[field], self.lang) for key, field in
                 (("amount", "amount"), ("before", "amount_balance_before"), ("left", "amount_balance_left"))}
        self.say("amount_from_balances", **shown)

    def _district_corrected(self) -> bool:
        """"my district is North" mid-report: a correction of the district ("I have noted the district: North"),
        not a place said alone (a PIN code said, "my pin code is 110017", stays a place)."""
        found = find_correction(self.text, set(self.flow.field_nodes()))
        return found is not None and found[0] == "district" and not stations.pins_said(self.text)

    def keep_told_out_of_order(self, node: Node) -> bool:
        """An answer to another question of this report given here (the UTR, or where the money went, sent at
        the last-4 question; "haan bank ko bata diya" at "your name?"): kept where it belongs, so that question is
        never asked."""
        found = {**self.prefilled(self.flow, self.text, known=self.conv.fields, only=OUT_OF_ORDER),
                 **self.told_besides(node), **self._answers_another(node), **self._demand_told(node)}
        if found:
            self.set_fields(found)
        return bool(found)

    def keep_every_utr(self, later_before: int) -> None:
        """Every UTR of this message kept in the report (after the turn; officers' trial, session 16: a reading keeps
        the first, so a further debit's "UTR 6111..." or a second UTR in one message was on no freeze request and
        found by no search): added to ``utr`` (one list, comma separated, as an officer edits it), and those told
        with a further debit this turn recorded (``later_losses`` longer than ``later_before``) kept beside it; told
        before any further debit, they are the first debit's; told later with no debit, ``utrs_unplaced`` (the
        request's UTR row lists them, no debit claims them)."""
        if not self.conv.flow_id or not self.conv.incident_id or self.conv.flow_id not in self.res.flows \
                or "utr" not in self.flow.field_nodes():
            return
        fields = self.conv.fields
        elsewhere = str([fields.get(n.save) for n in self.flow.nodes.values() if n.expect == "target" and n.save])
        told = [u for u in payments.find_utrs(self.text) if u not in elsewhere]  # a bare number kept as where the
        if not told:  # money went (an account) is no UTR
            return
        known = losses.utrs_of(fields.get("utr"))
        values: dict[str, Any] = {}
        if any(u not in known for u in told):
            values["utr"] = ", ".join(dict.fromkeys([*known, *told]))
        later = list(fields.get("later_losses") or [])
        placed = amounts.utrs_by_debit(self.text)  # several debits in this message, each UTR beside its own
        told_now = [answers.whole(part) for part in amounts.debits_in(self.text)]
        if placed and len(later) == later_before and told_now and fields.get("amount_debits") == told_now:
            values["amount_debit_utrs"] = placed  # the report's own debits, told together in this message
        elif placed and len(later) - later_before == len(placed) and all(isinstance(item, dict) for item in later):
            for number, utrs in enumerate(placed, start=later_before):
                later[number] = {**later[number], "utrs": utrs}
            values["later_losses"] = later
        elif len(later) > later_before and isinstance(later[-1], dict) and not later[-1].get("utrs"):
            later[-1] = {**later[-1], "utrs": told}  # the debit this message told: its own UTRs beside it
            values["later_losses"] = later
        elif later:  # told after a further debit, with no debit of its own: whose it is is not known (on the
            values["utrs_unplaced"] = list(dict.fromkeys([*(fields.get("utrs_unplaced") or []), *told]))  # list only)
        if values:
            self.set_fields(values)

    def _answers_another(self, node: Node | None, text: str | None = None, every: bool = False,
                         unknown_too: bool = False) -> dict[str, Any]:
        """The answer to another question not answered yet, told here: its ``about`` words are in the message and
        that question reads it ("haan bank ko bata diya": yes to "have you told your bank?"). With ``every``, each
        such question's answer, not only the first; with ``unknown_too``, a question noted "not known" (SKIP, an
        answer that was none) too: an answer told later is better information."""
        text = self.text if text is None else text
        padded = f" {normalize(text)} "
        found: dict[str, Any] = {}
        for other in self.flow.nodes.values():
            answered = other.save in self.conv.fields and not (unknown_too and self.conv.fields[other.save] is None)
            if other is node or not (other.about and other.save) or answered or other.save in found:
                continue
            if any(f" {normalize(word)} " in padded for word in other.about):
                parsed = answers.parse(other, text, self.answer_context())
                if parsed.ok:
                    found.update({other.save: parsed.value, **parsed.extra})
                    if not every:
                        return found
        return found

    def told_in_hold(self) -> dict[str, Any]:
        """A message written while an officer holds the chat, read as the report reads a message told at another
        of its questions (``keep_told_out_of_order``: the answers its words point at, each sentence on its own — "I
        called 1930, the number is 31012261201234. My account ends 4417" —, what a first message may fill; the UTR,
        where the money went, the amount and the bank are ``report_fields.told_in_chat``'s) and kept in the report
        (the incident too), never asked again after a hand back. Nothing is
        said: the officer reads the message. Returns the report's fields kept (new ones only); {} when the resident
        is in no report of this case's or the message was kept out as a secret (officers' stranger trial, session
        13: the 1930 number and the account's last digits told to the officer never reached the freeze request)."""
        if not self.conv.flow_id or not self.norm or REDACTED in self.text \
                or self.conv.flow_id not in self.res.flows:
            return {}
        node = self.flow.nodes.get(self.conv.node_id or "")
        found: dict[str, Any] = {}
        for sentence in triage.sentences_of(self.text):
            found.update(self._answers_another(None, sentence, every=True, unknown_too=True))  # the question waiting
            # too: the resident writes to the officer, so only the words that name a question's answer point at it;
            # one noted "not known" too (session 19: "don't know" to the bot, then the digits to the officer)
            for clause in triage.clauses_of(sentence):  # "mera naam Suresh Yadav hai, account ke aakhri 4 ank 5566
                found.update({key: value for key, value in  # hain": two facts a comma joins, each its own
                              self._answers_another(None, clause, every=True, unknown_too=True).items()
                              if key not in found})
        times_asked = tuple(n.save for n in self.flow.nodes.values() if n.expect == "time" and n.save)
        # a time said to the officer ("I called 1930 at 5") is no answer to "when did the money leave?"
        found.update({key: value for key, value in self.told_with(node).items()
                      if key not in found and not key.startswith(times_asked or ("\0",))})
        fields = set(self.flow.field_nodes()) - set(report_fields.ENTITIES)  # the entities: report_fields.told_in_chat
        kept = {key: value for key, value in found.items() if value is not None and self.conv.fields.get(key) != value
                and key not in report_fields.ENTITIES and not key.startswith("target_")}
        if not any(key in fields for key in kept):
            return {}
        self.set_fields(kept)
        return {key: value for key, value in kept.items() if key in fields}

    def _demand_told(self, node: Node) -> dict[str, Any]:
        """A demand for money and its amount told at another question ("paise maang raha hai 20000" at "is anyone in
        danger?", a resident's trial: read as not known, the amount lost): kept where the flow keeps a demanded amount
        (a node's ``prefill_as``, sextortion's ``amount_demanded``), never as money lost."""
        kept = next((n for n in self.flow.nodes.values() if n.prefill_as and n.expect == "amount"), None)
        if kept is None or kept is node or kept.prefill_as in self.conv.fields or not demands(self.norm):
            return {}
        parsed = answers.parse(kept, self.text, self.answer_context(), prefill=True)
        return {kept.prefill_as: parsed.value} if parsed.ok and parsed.value else {}

    def told_with(self, node: Node | None) -> dict[str, Any]:
        """Every other question of the report an answer also answers, as a form fills every slot a message fills
        ("through upi, 10 minutes ago" at "when?": the method too, never asked again): the report's questions that
        may be filled from a first message, not answered yet, read the same way; an amount only when named as money
        ("HDFC 4321" at the last digits is no amount), and nothing from a word or two ("1", "yes 2"). Where the money
        went is ``told_besides``'s (never the resident's own number), and a question kept as another field when
        filled from a first message (sextortion's demand) is only asked."""
        if len(self.norm.split()) < 3:
            return {}
        kinds = {n.expect for n in self.flow.nodes.values()} - {"target"} - (
            set() if amounts.said_as_money(self.text) else {"amount"})
        told = self.prefilled(self.flow, self.text, only=kinds,
                              known={**self.conv.fields, **({node.save: None} if node is not None else {})})
        return {key: value for key, value in told.items()
                if key not in {n.prefill_as for n in self.flow.nodes.values() if n.prefill_as}}

    def told_besides(self, node: Node | None) -> dict[str, Any]:
        """Where the money went, told in an answer to another question (an officer's trial: "paise account
        50100234567890 IFSC HDFC0001234 me gaye, aur UPI id fraudster99@ybl" at the last-4 question was dropped):
        every UPI id, account and IFSC, link and e-mail, and a phone number told with one of them (not the resident's
        own or the unit's, none at a phone question), added to where the money went, whichever question was asked."""
        target = next((n for n in self.flow.nodes.values() if n.expect == "target" and n.save), None)
        if target is None or (node is not None and node.save == target.save) or REDACTED in self.text:
            return {}
        found = answers.target_of(self.text)
        own = {self.contact.phone, *(value for _, value in self.official_numbers())}  # never the resident's or ours
        phones = [p for p in found.pop("phones", []) if p not in own]
        if phones and found and (node is None or node.expect != "phone"):  # a number alone at "your name?" is more likely their own
            found["phones"] = phones
        if not found:
            return {}
        known = self.conv.fields.get(target.save)
        merged = answers.merge_target(known, found)
        if merged == known:
            return {}  # nothing new: told again
        return {target.save: merged, **answers.target_flags(merged)}

    def _remark_as_target(self, node: Node, parsed) -> bool:
        """A remark at "where did the money go?", no identifier in it: it names a helpline ("I have not called 1930
        yet") or answers another question ("bank ko bata diya"): never the beneficiary described on a bank's freeze
        request (officers' trial, session 17)."""
        if node.expect != "target" or not isinstance(parsed.value, dict) or set(parsed.value) != {"description"}:
            return False
        return amounts.names_helpline(self.text) or bool(self._answers_another(node))

    def _not_known(self, node: Node, told: bool) -> None:
        """Don't know / SKIP (or a second answer that cannot be read) at any question: noted as not known
        (None; a node that routes on it takes its default branch) and the report goes on."""
        self.conv.bad_answers = 0
        if told:
            self.say("noted_not_known")
        if node.save:
            # a time not known, however the resident got there (SKIP, or two answers that were no time: "UPI",
            # "25000"), is "don't know": for a loss that is the golden hour's "cannot say when" (a resident's trial:
            # the menu's loss noted "not known" that way stayed normal, with no case and no 1930 alert)
            self.set_fields({node.save: None, **({f"{node.save}_unknown": True} if node.expect == "time" else {})})
        return self.walk(self.next_of(node))

    def _note_place(self) -> None:
        """A place said at another question, written into the report's district answer as the district question
        would read it (a locality clears an earlier PIN code, so district and PIN never disagree)."""
        found = self.place_fields(self.flow, self.text)
        if found:
            self.set_fields(found)

    def place_fields(self, flow: Flow, text: str, required: bool = False) -> dict[str, Any]:
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

    def _bank_as_told(self, node: Node) -> None:
        """A bank the packs do not name, told again after being asked once ("Mahila Sahakari", a small local bank):
        kept as the resident wrote it (a number or a phone number never is: that is "not known")."""
        self.set_fields({node.save: self.text.strip()[:answers.BANK_AS_TOLD_MAX]})
        self.conv.bad_answers = 0
        self.walk(self.next_of(node))

    def _urgent_interrupt(self) -> bool:
        """A golden-hour loss told in the middle of another question starts the money-fraud report."""
        result = self.classify()
        if not result.urgent or result.intent != "financial_fraud" or self.conv.flow_id == "financial_fraud":
            return False
        self.outcome.intent = "financial_fraud"
        self.start_flow("financial_fraud", prefill=True)
        return True

    def _what_to_do(self, node: Node) -> bool:
        """"what should we do" or "will I get my money back?" at a question: the advice for what is going on (a call
        still on: cut it; once the report holds the 1930 acknowledgement, no "call 1930 now"), how money comes back,
        never "I could not read the time"; then the question again."""
        if not self._advice_asked():
            return False
        self.ask(node)
        return True

    def _question_asked(self, node: Node) -> bool:
        """A clear safety question typed at a question it does not answer ("what is sim swap fraud?" at the IMEI
        question, "how do I report a scam call number?" at the time question; a resident's trial, session 19: noted as
        "not known" in a report the resident never meant to answer so): its topic's answer when the understanding finds
        one topic, nothing urgent told, never counted as a bad answer; then the report's question again. An answer the
        question reads (a time, a bank) is taken before this is asked."""
        if self.triage.urgent or self.triage.loss:
            return False
        result = self.classify()
        if result.intent != "safety_advice" or not result.question:
            return False
        reply = self.answer_topic(result)  # its answer said (advice.py) when there is exactly one topic
        if reply.kind != "answer":
            return False
        self.ask(node, again=True)
        return True

    def _advice_asked(self) -> bool:
        """The advice ``_what_to_do`` gives, said when the message asks it; False (nothing said) when it does not."""
        money_back = answers.asks_money_back(self.text) and self.conv.fields.get("money_lost")
        if not (answers.asks_what_to_do(self.text) or money_back):
            return False
        if money_back:
            self.say("money_back_report")
        connection = golden.connection(self, self.conv.fields)
        self.say(connection[1] if connection else
                 "what_to_do_report_called" if self.conv.fields.get("ack_1930") or self.conv.fields.get("called_1930")
                 else "what_to_do_report")
        return True

    def _time_corrected(self) -> tuple[str, str] | None:
        """"not at 2 pm but at 12:30", "2 baje nahi, 12:30 baje" at a later question: a clock denied beside another
        corrects the time told before (the report's first time question answered), as "time was 12:30" does; at a
        time question it is that question's answer."""
        current = self.flow.nodes[self.conv.node_id]
        if current.expect == "time":
            return None
        told = [name for name, node in self.flow.field_nodes().items()
                if node.expect == "time" and not node.hour_of and name in self.conv.fields]
        if not told:
            return None
        if times.corrects_clock(self.text) and self.conv.fields.get(told[0]):
            return told[0], self.text
        # a time alone given as this question's answer ("abhi abhi" at the bank question, a resident's trial, session
        # 17: kept as the bank's name): the loss's time, told late; its urgency follows (the golden hour). A time ALONE:
        # a sentence with a day in it ("kal se pareshan hun, maine kuch share nahi kiya" at the UTR question) tells
        # something else, and moved an urgent loss to "yesterday" (session 19, the lead's trial)
        if len(self.text.split()) <= LATE_TIME_WORDS and not current.flow_by_choice \
                and not answers.parse(current, self.text, self.answer_context()).ok \
                and (late := answers.parse(self.flow.field_nodes()[told[0]], self.text, self.answer_context())).ok \
                and late.value is not None and not self.keeps_something_else(current):
            return told[0], self.text
        return None

    def keeps_something_else(self, node: Node) -> bool:
        """Whether the message answers another question of the report than a time (without keeping it)."""
        return bool(self.prefilled(self.flow, self.text, known=self.conv.fields, only=OUT_OF_ORDER)
                    or self.told_besides(node) or self._answers_another(node))

    def _correction(self) -> bool:
        """'amount was 25000 not 2500': update an earlier answer and ask the current question again."""
        found = find_correction(self.text, set(self.flow.field_nodes())) or self._time_corrected()
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
        values = {field_name: parsed.value, **parsed.extra}
        if self.conv.fields.get(f"{field_name}_by") and f"{field_name}_by" not in values:
            values.update({f"{field_name}_by": None, f"{field_name}_day_only": False})  # a day only, now the time
        self.set_fields(values)
        current = self.flow.nodes[self.conv.node_id]
        self.ask(current)
        return True
