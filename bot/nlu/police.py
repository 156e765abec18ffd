"""Does a message ask "is this really the police?" (of a caller, a number or a video call)?

The words are data: ``lang/<code>/words/police_check.yaml`` (lists ``authority``, ``genuine`` and
``phrases``). A message asks when it holds a phrase, or names an authority together with a
"really / genuine / fake" word; matching is on whole words of the normalised text.
"""
from __future__ import annotations

import re
from functools import lru_cache

from . import words

_ASKS = words.PhraseOrPair("police_check", "authority", "genuine")


@lru_cache(maxsize=1)
def _talk() -> re.Pattern:
    """police_check.yaml's ``talk``: a request to talk to a real officer or person, not this bot ("i want to talk to a
    real officer not a bot", "asli officer se baat karni hai"): its "real" asks for a human, not whether a caller is."""
    return re.compile(words.any_of(words.load("police_check").get("talk", ())))


@lru_cache(maxsize=4)  # asked of one message up to three times (classify, its rules, ``route``)
def asks(norm: str) -> bool:
    """True when the normalised message asks whether someone is really the police."""
    return _ASKS.said(_talk().sub(" ", norm))


#: Intents a "really the police?" question takes over: it is then an impersonation report, whose first step
#: answers the question. A money loss, and the other crimes, keep their own report (they come first).
_TAKEN_OVER = frozenset({"unknown", "greeting", "suspicious_contact", "talk_to_officer", "safety_advice",
                         "report_status"})


def route(intent: str, norm: str) -> str:
    """The intent of a message once a "really the police?" question is seen."""
    return "impersonation" if intent in _TAKEN_OVER and asks(norm) else intent
