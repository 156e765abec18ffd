"""What a safety question gets: the answer of one topic, "Did you mean" two topics, or the topic menu.

Shared by the engine (Turn.advise) and bench/accuracy.py, so the figures measure what residents see.
A message read as a report never reaches here as a question: it starts its report.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..content import catalogue
from . import words
from .normalize import tokens

CLEAR = 50  # the best topic at least this likely (0-100) ...
GAP = 25  # ... and this far ahead of the next: answer it outright
RELATED = 0.25  # "Did you mean" offers a second topic only when it is at least this share of the first ...
UNSHARED = 0.5  # ... and this share when it shares no subject word with the question (session 8: an Urdu question on
# fake police video calls was offered sextortion beside the digital-arrest answer)


SUBJECT_TOPICS = 3  # a word in at most this many topics' titles, patterns and answers names a subject
SUBJECT_PREFIX = 5  # words compared by their first letters: "hacked"/"hacking", "स्मार्टफोन"/"स्मार्ट"
SUBJECT_MIN = 4  # shorter words ("kya", "the", "और") name no subject
SUBJECT_LOOK = 6  # the linear model's likeliest topics a shared subject may raise
SUBJECT_WEIGHT = 0.5  # each shared subject word adds this share of a topic's probability (--cv: 0.5 and 1.0 alike)


_STOPWORDS = frozenset(words.load("stopwords")["stopwords"])  # "میری", "আমার": no subject, however rare in answers


def _stems(text: str) -> set[str]:
    return {word[:SUBJECT_PREFIX] for word in tokens(text)
            if len(word) >= SUBJECT_MIN and not word.isdigit() and word not in _STOPWORDS}


class Subjects:
    """What each knowledge topic is about: the words of its title, patterns and answer that few other topics use
    ("ceir", "anydesk", "matrimonial", "बच्चों"). Among the model's likeliest topics, one that shares the question's
    subject is raised, so the answer and "Did you mean" lean to topics on what was asked. (Offering a second topic
    only when it shares a word cost 1.1 points on --cv: the subject words miss many spellings.)"""

    def __init__(self, knowledge):
        words_of = {topic.id: set().union(*(_stems(text) for text in
                                             (*topic.title.values(), *topic.patterns, *topic.answer.values())))
                    for topic in knowledge.topics.values()}
        spread = Counter(word for words in words_of.values() for word in words)
        self.words = {topic: frozenset(w for w in words if spread[w] <= SUBJECT_TOPICS) for topic, words in words_of.items()}

    def sharing(self, text: str, topics) -> tuple[str, ...]:
        """Those of ``topics`` the question names something of (one of their subject words)."""
        stems = _stems(text)
        return tuple(topic for topic in topics if stems & self.words.get(topic, frozenset()))

    def order(self, text: str, ranked: list[tuple[str, int]]) -> tuple[tuple[str, int], ...]:
        """The three likeliest topics, those that share the question's subject raised: each shared word adds
        SUBJECT_WEIGHT of the model's probability, up to three (bench/accuracy.py --cv decided the weight)."""
        stems = _stems(text)
        empty = frozenset()
        return tuple(sorted(ranked, key=lambda pair: -pair[1] * (
            1 + SUBJECT_WEIGHT * min(len(stems & self.words.get(pair[0], empty)), 3))))[:3]


@dataclass(frozen=True)
class TopicReply:
    kind: str  # "answer", "offer", "menu" (no topic fits), "report" (read as a report), "other"
    topics: tuple[str, ...] = ()


ASKED_REPORTS = ("suspicious_contact", "impersonation")
TO_CHECK = ("urls", "phones", "upi_ids", "emails")  # found in the message: the check must run  # reports a question may ask about (bot/nlu/classify.py)
# The report intents (a clarifying question chooses between them; a safety question read as one is a report): the
# shipped flows' ``report: true`` ones, as the flow files declare them (bot/content/catalogue.py)
REPORTS = catalogue.reports()


def reply_for(result, knowledge) -> TopicReply:
    """How the engine answers ``result`` (a Classification) as a safety question. A suspicious contact asked
    about as a question ("a buyer says send 1 rupee first to verify, is that right?") gets its topic's answer
    and then the check starts, or "Did you mean" two topics (engine.Turn.route); with no topic, the check."""
    if result.intent in ASKED_REPORTS and result.question:
        reply = _decide(result, knowledge)
        if reply.kind == "offer" and any(result.entities.get(key) for key in TO_CHECK):
            return TopicReply("report")  # a link or number is checked at once, never held behind "Did you mean"
        return reply if reply.kind in ("answer", "offer") else TopicReply("report")
    if result.intent != "safety_advice":
        return TopicReply("report" if result.intent in REPORTS else "other")
    return _decide(result, knowledge)


LINK_TOPIC = "phishing_links"  # the advice on a link received, when a pasted text's link is all that tells its topic


def told_topic(result, knowledge, installed: bool, unpaid: bool = False) -> str | None:
    """The topic whose advice comes before the check of a suspicious contact told, not asked: a scam message
    forwarded with a number or link in it ("You have won Rs 25 lakh in KBC ... 9876543210") or an app told
    installed or opened ("ye PM Kisan APK papa ko aaya, unhone install kar liya"), when one topic clearly fits (a
    resident's pass: only "no reports yet" was said, while an asked KYC forward got its advice and Chakshu), or a
    demand told with nothing paid (``unpaid``: "bijli kat jayegi bill bharo bola, maine kuch nahi bheja": a resident's
    trial, s15, got only "send the number")."""
    if result.intent != "suspicious_contact" or result.question:
        return None
    if not (installed or unpaid or any(result.entities.get(key) for key in TO_CHECK)):
        return None
    reply = _decide(result, knowledge)
    if reply.kind == "answer":
        return reply.topics[0]
    # a link in a pasted text ("Your parcel is held ... update here: http://..."), the phishing-link topic ahead by GAP
    # though not CLEAR: its advice before the link's check (a resident's trial, session 18: only "no reports yet")
    ranked = [(topic, score) for topic, score in result.topics if knowledge is not None and topic in knowledge.topics]
    if result.entities.get("urls") and ranked and ranked[0][0] == LINK_TOPIC \
            and ranked[0][1] - (ranked[1][1] if len(ranked) > 1 else 0) >= GAP:
        return LINK_TOPIC
    return None


def _decide(result, knowledge) -> TopicReply:
    """The answer of the clear best topic, "Did you mean" the best two, or the menu."""
    ranked = [(topic, score) for topic, score in result.topics if knowledge is not None and topic in knowledge.topics]
    if not ranked:
        return TopicReply("menu")
    best, score = ranked[0]
    following = ranked[1][1] if len(ranked) > 1 else 0
    if score >= CLEAR and score - following >= GAP:
        return TopicReply("answer", (best,))
    offered = [best] + [topic for topic, s in ranked[1:2]
                        if s >= (RELATED if topic in result.subject_topics else UNSHARED) * score]
    return TopicReply("offer", tuple(offered))
