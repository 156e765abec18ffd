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
# Money that already left: a loss verb. With money mentioned, it makes a report of money fraud.
LOSS = re.compile(r"(?:\bgone\b|\blost\b|\bstolen\b|\bchori\b|चोरी|\bdebited\b|\bdeducted\b|\bwithdrawn\b|\bpaid\b|\btransferr?ed\b|"
                  r"\bsent\b|\bkat\b|\bkat gaye|\bkat gye|\bkate\b|\bchale gaye|\bchala gaya|\bnikal gaye|"
                  r"\binvested\b|\badvance\b|\bfee li\b|\bnikal liye|\ble liye|\ble liya|\bdalwa diye|\bdalwaye|\bjama karwaye|\bbhej diye|\bbheje\b|"
                  r"\bde diye|\bdiye\b|\bgaye\b|\bja rahe|\bja rhe|\bdebit|\btransactions?\b|\bless\b|"
                  r"कट गए|कट गये|निकल गए|निकल गये|चले गए|भेज दिए|भेजे|जमा किए|जमा किये|ले लिए|कट रहे|गायब)")
# A question about staying safe, not a report of something that happened.
ADVICE = re.compile(r"(?:\bhow (?:to|do i|can i|can we|do we|should)\b|\bwhat should (?:i|one|we) do to\b|"
                    r"\bavoid\b|\bprotect\b|\bprevent\b|\btips?\b|\bsafe(?:ly)?\b|\bsecure\b|"
                    r"\bkaise bache|\bkaise bachein|\bbachne\b|\bsurakshit\b|\bchahiye\b|\bkaise pata\b|"
                    r"बचें|बचाव|बचने|सुरक्षित|चाहिए|कैसे पता)")
# "Is this real?": a resident checking something before any loss.
CHECK = re.compile(r"(?:\breal or fake\b|\bgenuine\b|\blegit\b|\bis this (?:real|true|fake|fraud|safe)\b|"
                   r"\bsahi hai kya\b|\basli hai\b|\bfake hai\b|\bfraud hai\b|\bfraud wale\b|\bscan karu\b|"
                   r"\bdalu kya\b|\bkya ye\b|असली है|फर्जी है|फ्रॉड है|क्या ये|ये क्या था|\bshould i (?:accept|click|scan|pay|reply|open|install))")
MASKED = re.compile(r"\b\d{2,5}x{3,}\d{0,4}\b")
BANKISH = re.compile(r"(?:\bbank\b|\bcard\b|customer care|\bkyc\b|\batm\b|बैंक|कार्ड|कस्टमर केयर)")
AUTHORITY = re.compile(r"(?:police|\bcbi\b|customs|\bed\b|\btrai\b|officer|collector|arrest|पुलिस|अरेस्ट|"
                       r"\bson\b|daughter|\bbeta\b|\bmama\b|relative|uncle|बेटा|रिश्तेदार)")
INTIMATE = re.compile(r"(?:\bnude|\bnaked|\bprivate (?:photo|pic|video)|\bintimate|\bnangi|\bnanga|\bsexy\b|"
                      r"\bporn|अश्लील|नग्न|प्राइवेट फोटो|प्राइवेट वीडियो|निजी फोटो)")
DEMAND = re.compile(r"(?:\bpay\b|\bbhejo\b|\bde do\b|\bdo nahi to\b|\bwarna\b|\bor else\b|\bmaang|"
                    r"\bdemand|\bmore photos|\baur photo|मांग|माँग|वरना)")
# Something that already happened to the resident: not a how-to question.
HAPPENED = re.compile(r"(?:\bgot hacked\b|\bwas hacked\b|\bhas been hacked\b|\bhacked\b|\bhack ho|\bho gaya\b|"
                      r"\bho gya\b|\bpretending\b|\bchanged\b|हो गया|हैक)")
CRIME_INTENTS = {"sextortion", "harassment", "account_hacked", "impersonation", "financial_fraud",
                 "suspicious_contact"}
MONEY = re.compile(r"(?:₹|\brs\b|\bmoney\b|\brupees?\b|\binr\b|paise|paisa|रुपये|पैसे|\bamount\b|\bdebited\b|\bdeducted\b|"
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
                for title in topic.title.values():
                    matcher.add_topic_text(title, topic.id, weight=2.0)
                for answer in topic.answer.values():
                    matcher.add_topic_text(answer, topic.id, weight=0.3)
        return cls(matcher.finish(), config.golden_hour_minutes, config.timezone)

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

    def refine(self, intent: str, norm: str, found: dict[str, Any]) -> str:
        """Two rules the word model cannot learn from short patterns: money that left makes a
        money-fraud report; a how-to-stay-safe question with no loss is a request for advice."""
        money = bool(found.get("amount")) or bool(MONEY.search(norm))
        lost = money and bool(LOSS.search(norm))
        if lost and intent in ("suspicious_contact", "safety_advice", "unknown", "report_status"):
            return "financial_fraud"
        if intent == "harassment" and INTIMATE.search(norm) and (money or DEMAND.search(norm)):
            return "sextortion"  # intimate images with a demand: blackmail (DESIGN.md)
        if lost and intent == "impersonation" and BANKISH.search(norm) and not AUTHORITY.search(norm):
            return "financial_fraud"  # fake bank staff or customer care is money fraud (DESIGN.md)
        identifiers = any(found.get(key) for key in ("phones", "urls", "upi_ids", "emails")) or bool(MASKED.search(norm))
        if not lost and identifiers and intent in ("safety_advice", "unknown", "report_status"):
            return "suspicious_contact"
        if not lost and CHECK.search(norm) and intent in ("safety_advice", "unknown", "financial_fraud"):
            return "suspicious_contact"
        if not lost and not identifiers and intent in CRIME_INTENTS and ADVICE.search(norm) \
                and not HAPPENED.search(norm):
            return "safety_advice"
        return intent

    def classify(self, text: str, now: datetime) -> Classification:
        text = text or ""
        norm = normalize(text)
        match = self.matcher.match(text)
        found = entities.extract(text, now, self.timezone)
        intent = self.refine(match.intent, norm, found)
        return Classification(
            intent=intent,
            score=match.score,
            urgent=self.urgent(norm, intent, found, now),
            language=language_of(text),
            entities=found,
            topics=match.ranked_topics,
        )
