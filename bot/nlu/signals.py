"""Phrases that make a message urgent by themselves: a loss going on now, or a threat to life."""
from __future__ import annotations

import re

from .normalize import normalize

ONGOING = (
    "still on the line", "still on call", "still on the call", "on call right now", "on the phone right now",
    "on video call now", "video call right now", "on call right now", "on a call right now", "call pe hai abhi", "on a video call now", "video call par hai", "video call pe hai", "abhi bhi call",
    "abhi bhi video call", "call chal rahi", "call chal raha", "abhi call pe", "abhi call par", "call pe hai abhi",
    "installed anydesk", "install anydesk", "anydesk install", "anydesk download", "teamviewer install",
    "screen share chal", "screen sharing on", "sharing my screen", "screen share kar raha", "screen share kar rahe",
    "money is going", "money is still going", "paise kat rahe", "paise ja rahe", "पैसे कट रहे", "पैसे जा रहे",
    "अभी भी कॉल", "कॉल पर है", "वीडियो कॉल पर", "digital arrest abhi", "under digital arrest now",
    "paise ja rhe", "paise kat rhe", "ja rhe h", "call abhi bhi chalu", "abhi bhi chalu", "still on whatsapp",
    "still on skype", "still on video", "on skype call", "leaving for the bank now", "going to the bank now",
    "bank ja rahe", "bhejne ja rahe", "bhejne ja rahi", "transfer karne ja", "bahar nahi jaane de",
    "not letting me go", "not letting me disconnect", "won't let me cut the call", "call katne nahi", "asking me to transfer now",
    "keep asking for money on call", "just entered my card", "just typed my", "abhi details daal di",
)
LIFE_THREAT = (
    "kill me", "kill myself", "kill him", "kill her", "kill my", "will kill", "threatening to kill", "murder",
    "suicide", "end my life", "khudkushi", "aatmhatya", "maar dalunga", "maar dalenge", "maar denge", "jaan se maar",
    "jaan ka khatra", "जान से मार", "मार डालेंगे", "मार डालूंगा", "आत्महत्या", "जान का ख़तरा", "जान का खतरा",
    "jaan de dega", "jaan de degi", "jaan de dunga", "jaan de dungi", "जान दे देगा", "जान दे देगी", "जान दे दूंगा",
    "जान दे दूँगा", "uthaa lega", "utha lega", "उठा लेगा", "उठा ले जाएगा", "has a knife", "with a knife", "gun",
    "kidnap", "kidnapped", "अपहरण", "child in danger", "my child is in danger", "bachche ko khatra",
    "bacche ko khatra", "बच्चे को ख़तरा", "बच्चे को खतरा", "acid attack", "attack me", "come to my house and",
)
THREAT = ("threat", "threatening", "dhamki", "धमकी", "blackmail", "ब्लैकमेल")

_ONGOING_RE = re.compile("|".join(re.escape(normalize(p)) for p in ONGOING))
_LIFE_RE = re.compile("|".join(re.escape(normalize(p)) for p in LIFE_THREAT))
_MENACE = re.compile(r"(?:nahi chhodunga|नहीं छोड़ूंगा|नहीं छोडूंगा|won'?t leave you|will get you|i am alone|अकेली हूँ|akeli hu)")
_THREAT_RE = re.compile(r"\b(?:" + "|".join(re.escape(normalize(p)) for p in THREAT) + r")")


# Two things together make "going on now": a moment word, and money leaving / a live call / a person nearby.
_NOW = re.compile(r"(?:\bright now\b|\bjust now\b|\bat the moment\b|\bstill\b|\bevery few minutes\b|\bcontinuously\b|"
                  r"\babhi\b|\babhi bhi\b|\blagatar\b|\bwon'?t let\b|\bnot letting\b|\bcut mat\b|\bkar rakha\b|"
                  r"\bmaking (?:him|her|me)\b|अभी|लगातार)")
_MONEY_GOING = re.compile(r"(?:money (?:is )?going|going out of my account|\bdebits?\b.*\b(?:coming|again)|"
                          r"paise (?:ja|kat) r|पैसे (?:जा|कट) रहे|\bdebit sms\b)")
_LIVE_CALL = re.compile(r"(?:\bon (?:a |an )?(?:skype |whatsapp |zoom )?(?:video )?call\b|\bvideo call (?:pe|par|me)\b|"
                        r"\bcall (?:pe|par) (?:hai|hain|he)\b|वीडियो कॉल पर|कॉल पर)")
_AUTHORITY_CALL = re.compile(r"(?:digital arrest|\bpolice\b|\bcbi\b|\bcustoms\b|\bed\b|\bnarcotics\b|\binspector\b|"
                             r"\barrest|\bfir\b|डिजिटल अरेस्ट|पुलिस|गिरफ्तार)")
_NEARBY = re.compile(r"(?:outside (?:my|our) (?:house|home|flat|door|gate)|following me|ghar ke bahar|"
                     r"घर के बाहर|पीछा कर|peecha kar|coming to my (?:house|home|flat))")
_CHILD = re.compile(r"(?:\b\d{1,2} ?(?:year|yr|saal|साल)s?(?: old)?\b|\bdaughter\b|\bson\b|\bchild\b|\bkid\b|"
                    r"\bbeti\b|\bbachch?[aie]\b|बेटी|बेटा|बच्च)")
_CHILD_AT_RISK = re.compile(r"(?:\bmeet (?:him|her|a stranger)|\bleft home\b|\bmissing\b|\bnot answering\b|"
                            r"\bghar se chal|\blapata\b|लापता|घर से चल|मिलने गई|मिलने गया)")


def ongoing(normalised: str) -> bool:
    """A loss going on now: a listed phrase, money still leaving, or a live call from 'police'."""
    if _ONGOING_RE.search(normalised):
        return True
    if _MONEY_GOING.search(normalised) and _NOW.search(normalised):
        return True
    return bool(_LIVE_CALL.search(normalised) and _AUTHORITY_CALL.search(normalised) and _NOW.search(normalised))


def life_threat(normalised: str) -> bool:
    """A threat to life, someone menacing close by now, or a child at risk now."""
    if _LIFE_RE.search(normalised):
        return True
    now = _NOW.search(normalised)
    if now and _NEARBY.search(normalised) and (_THREAT_RE.search(normalised) or _MENACE.search(normalised)):
        return True
    return bool(now and _CHILD.search(normalised) and _CHILD_AT_RISK.search(normalised))


def threat(normalised: str) -> bool:
    return bool(_THREAT_RE.search(normalised))
