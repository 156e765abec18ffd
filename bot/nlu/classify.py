"""How one message is understood: intent, score, urgency, language and entities.

This is what ``python -m bot classify`` prints and what the engine routes free text on.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from . import entities, signals
from .intents import IntentMatcher, load_intents
from .normalize import has_devanagari, normalize, tokens

INTENT_IDS = ("financial_fraud", "sextortion", "harassment", "account_hacked", "impersonation",
              "suspicious_contact", "safety_advice", "lost_phone", "report_status", "talk_to_officer",
              "greeting", "unknown")
LOSS_INTENTS = {"financial_fraud", "impersonation", "sextortion"}
# Romanised Hindi function words: enough of them and the message is Hindi written in Latin letters.
HINGLISH = frozenset("hai hain tha thi mera meri mere mujhe maine mujhse kya kyu kyun kaise nahi nahin kar karo "
                     "kiya kiye gaya gaye gayi ho hua hui se ko ka ki ke aur bhi abhi kal pehle baad wala wale "
                     "paise paisa raha rahe rahi diya diye lekin agar toh bhai beta ji haan kuch koi".split())
MONEY = re.compile(r"(?:₹|\brs\b|\brupees?\b|\binr\b|paise|paisa|रुपये|पैसे|\bamount\b|\bdebited\b|\bdeducted\b|"
                   r"\bkat\b|\bkate\b|\bkaat\b|कट|transfer|bhej|भेज|\bpaid\b|\bsent\b|\bloot|\bgone\b|\blost\b|"
                   r"\btaken\b|\bwithdrawn\b|\bchala gaya\b|\bnikal)")


@dataclass(frozen=True)
class Classification:
    intent: str
    score: int
    urgent: bool
    language: str
    entities: dict[str, Any]
    topics: tuple[tuple[str, int], ...] = field(default=())

    def as_json(self) -> dict[str, Any]:
        return {"intent": self.intent, "score": self.score, "urgent": self.urgent, "language": self.language,
                "entities": self.entities}


def language_of(text: str) -> str:
    """'hi' for Devanagari or romanised Hindi, else 'en'."""
    if has_devanagari(text):
        return "hi"
    words = tokens(normalize(text))
    if not words:
        return "en"
    hinglish = sum(1 for word in words if word in HINGLISH)
    return "hi" if hinglish >= 2 and hinglish / len(words) >= 0.2 else "en"


class Classifier:
    def __init__(self, matcher: IntentMatcher, golden_hour_minutes: int, timezone: str):
        self.matcher = matcher
        self.golden = timedelta(minutes=golden_hour_minutes)
        self.timezone = timezone

    @classmethod
    def build(cls, intents_dir: str | Path, knowledge, config) -> "Classifier":
        matcher = IntentMatcher(threshold=config.intent_threshold)
        load_intents(intents_dir, matcher, INTENT_IDS)
        if knowledge is not None:
            for topic in knowledge.topics.values():
                for pattern in topic.patterns:
                    matcher.add_pattern(pattern, topic.intent, topic.id)
        return cls(matcher.finish(), config.golden_hour_minutes, config.timezone)

    def intent(self, text: str):
        return self.matcher.match(text)

    def urgent(self, norm: str, intent: str, found: dict[str, Any], now: datetime) -> bool:
        """True when the message itself places a loss within the golden hour, or a loss or danger is going on now."""
        if signals.life_threat(norm) or signals.ongoing(norm):
            return True
        if intent not in LOSS_INTENTS and not MONEY.search(norm):
            return False
        if not (MONEY.search(norm) or found.get("amount")):
            return False
        when = found.get("time")
        if not when:
            return False
        return now - datetime.fromisoformat(when) <= self.golden

    def classify(self, text: str, now: datetime) -> Classification:
        text = text or ""
        norm = normalize(text)
        match = self.matcher.match(text)
        found = entities.extract(text, now, self.timezone)
        return Classification(
            intent=match.intent,
            score=match.score,
            urgent=self.urgent(norm, match.intent, found, now),
            language=language_of(text),
            entities=found,
            topics=match.ranked_topics,
        )
