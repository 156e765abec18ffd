"""Safety advice: a knowledge answer, "Did you mean" topics and the knowledge menu.

Part of the turn (``bot.conversation.engine.Turn``, which is made of these parts).
"""
from __future__ import annotations

from . import answers, menu_words
from ..messages import Reply
from ..nlu import commands
from ..nlu.classify import Classification, own_harm_offer
from ..nlu.topics import TopicReply, reply_for as topic_reply
from . import states
from .clarify import MAX_KEPT
from .states import Clarify, KbChoice


class Advice:
    """Safety advice and the knowledge menu."""

    # -- knowledge ------------------------------------------------------------------------
    def advise(self, result: Classification) -> None:
        """The answer to a safety question: one topic's answer, "Did you mean" with one or two, else the knowledge menu
        (the decision bench/accuracy.py measures)."""
        reply = self.answer_topic(result)
        if reply.kind == "answer":
            self.outcome.intent = "safety_advice"
            topic = self.res.knowledge.topics.get(reply.topics[0])
            offer = result.offer or own_harm_offer(result, self.norm, topic.intent if topic else None)
            if offer and self.res.catalogue.report_flows.get(offer) in self.res.flows:
                return self.offer_report(offer)
            self.say("flow_finished")
            return
        if reply.kind == "offer":
            return self.offer_topics(list(reply.topics), comfort=result.happened)
        self.knowledge_menu()

    def answer_topic(self, result: Classification) -> TopicReply:
        """What the knowledge gives ``result`` (the same decision bench/accuracy.py measures): its topic's answer said
        now when there is one (with the comfort line when the message told of a harm done to the writer); the caller
        decides what an offer or no answer leads to."""
        reply = topic_reply(result, self.res.knowledge)
        if reply.kind == "answer":
            self.replies.append(Reply(self.res.knowledge.answer(reply.topics[0], self.lang, comfort=result.happened)))
        return reply

    def offer_report(self, intent: str) -> None:
        """After the advice on a harm going on that was asked about ("he threatens to share my pics, what do I do?"):
        one line offering its report; "1" starts it filled in from the message (the "which report?" wait, one report
        offered), anything else is read as a new message."""
        self.state.wait("clarify", Clarify([intent], self.text[:MAX_KEPT]))
        self.say("report_offer_money" if intent == "financial_fraud" else "report_offer")  # money: 1930 if it left

    def offer_topics(self, topics: list[str], comfort: bool = False) -> None:
        """"Did you mean": ``topics`` numbered, the last line "none of these"; waits at ``kb_choice`` (with ``comfort``
        when the message told of a harm done to the writer: the chosen topic's comfort comes first)."""
        knowledge = self.res.knowledge
        lines = [f"{i}. {knowledge.title(t, self.lang)}" for i, t in enumerate(topics, 1)]
        lines.append(f"{len(topics) + 1}. {self.texts.get('none_of_these', self.lang)}")
        self.state.wait("kb_choice", KbChoice(topics, comfort))
        self.replies.append(Reply("\n".join([self.texts.get("did_you_mean", self.lang), *lines]), choices=lines))

    def _kb_choice(self) -> bool:
        offered = self.state.get(KbChoice)
        topics = offered.topics if offered else []
        comfort = bool(offered and offered.comfort)
        place = answers.ordinal(self.text)  # "the second one": its number (session 16)
        cleaned = str(place) if place is not None else commands.clean(self.text)
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
            self.replies.append(Reply(self.res.knowledge.answer(topics[index], self.lang, comfort=comfort)))
            self.say("flow_finished")
        elif index == len(topics):
            self.officer_request("talk_to_officer")
        else:
            self.state.wait("kb_choice", KbChoice(topics, comfort))
            self.say("bad_choice")
        return True

    def knowledge_menu(self) -> None:
        """The safety menu: the most asked topics (three in simple mode), or help when the unit has no knowledge base."""
        knowledge = self.res.knowledge
        if knowledge is None:
            self.say("help")
            return
        topics = list(knowledge.topics)
        popular = [t for t in ("otp_pin_never_share", "golden_hour_call_1930", "digital_arrest_fake_police_calls",
                               "phishing_links", "upi_collect_request_qr_code", "sextortion_dos_donts")
                   if t in knowledge.topics] or topics[:6]
        self.offer_topics(popular[:3 if self.contact.simple_mode else 6])


states.register(states.Wait("kb_choice", "a digit of the topics offered, the last one: none of these", "late",
                            Advice._kb_choice, menu_digits=True))
