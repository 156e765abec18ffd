"""What a safety question gets: the answer of one topic, "Did you mean" two topics, or the topic menu.

Shared by the engine (Turn._advice) and bench/accuracy.py, so the figures measure what residents see.
A message read as a report never reaches here as a question: it starts its report.
"""
from __future__ import annotations

from dataclasses import dataclass

CLEAR = 50  # the best topic at least this likely (0-100) ...
GAP = 25  # ... and this far ahead of the next: answer it outright
RELATED = 0.25  # "Did you mean" offers a second topic only when it is at least this share of the first


@dataclass(frozen=True)
class TopicReply:
    kind: str  # "answer", "offer", "menu" (no topic fits), "report" (read as a report), "other"
    topics: tuple[str, ...] = ()


ASKED_REPORTS = ("suspicious_contact", "impersonation")  # reports a question may ask about (bot/nlu/classify.py)
REPORTS = ("financial_fraud", "sextortion", "harassment", "account_hacked", "impersonation",
           "suspicious_contact", "lost_phone")


def reply_for(result, knowledge) -> TopicReply:
    """How the engine answers ``result`` (a Classification) as a safety question. A suspicious contact asked
    about as a question ("a buyer says send 1 rupee first to verify, is that right?") gets its topic's answer
    and then the check starts, or "Did you mean" two topics (engine.Turn.route); with no topic, the check."""
    if result.intent in ASKED_REPORTS and result.question:
        reply = _decide(result, knowledge)
        return reply if reply.kind in ("answer", "offer") else TopicReply("report")
    if result.intent != "safety_advice":
        return TopicReply("report" if result.intent in REPORTS else "other")
    return _decide(result, knowledge)


def _decide(result, knowledge) -> TopicReply:
    """The answer of the clear best topic, "Did you mean" the best two, or the menu."""
    ranked = [(topic, score) for topic, score in result.topics if knowledge is not None and topic in knowledge.topics]
    if not ranked:
        return TopicReply("menu")
    best, score = ranked[0]
    following = ranked[1][1] if len(ranked) > 1 else 0
    if score >= CLEAR and score - following >= GAP:
        return TopicReply("answer", (best,))
    offered = [best] + [topic for topic, s in ranked[1:2] if s >= RELATED * score]
    return TopicReply("offer", tuple(offered))
