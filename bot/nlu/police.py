"""Does a message ask "is this really the police?" (of a caller, a number or a video call)?

The words are data: ``lang/<code>/words/police_check.yaml`` (lists ``authority``, ``genuine`` and
``phrases``). A message asks when it holds a phrase, or names an authority together with a
"really / genuine / fake" word; matching is on whole words of the normalised text.
"""
from __future__ import annotations

import re
from functools import lru_cache

from . import words
from .normalize import normalize

_ASKS = words.PhraseOrPair("police_check", "authority", "genuine")


@lru_cache(maxsize=1)
def _talk() -> re.Pattern:
    """police_check.yaml's ``talk``: a request to talk to a real officer or person, not this bot ("i want to talk to a
    real officer not a bot", "asli officer se baat karni hai"): its "real" asks for a human, not whether a caller is."""
    return re.compile(words.any_of(words.load("police_check").get("talk", ())))


@lru_cache(maxsize=1)
def _bill_officer() -> tuple[tuple[str, ...], ...]:
    """police_check.yaml's ``utility`` words (an electricity bill, a gas connection) and ``plain_officer`` words (an
    officer with no police word), padded with spaces as ``PhraseOrPair`` reads them."""
    lists = words.load("police_check")
    return tuple(tuple(f" {normalize(p)} " for p in lists.get(key, ())) for key in ("utility", "plain_officer",
                                                                                  "other_officer"))


def _without_bill_officer(norm: str) -> str:
    """``norm`` without an officer who is no police: one of another service named (``other_officer``: "an army officer
    on OLX got transferred", "bank officer"), and a plain "officer" when a bill or utility is named ("call officer
    98XXXXXXXX" in an electricity-disconnection SMS, "officer ki photo wala msg" about a bill: the utility's fake
    officer). Session 19: each read as "is this really the police?", the impersonation report."""
    utility, officer, other = _bill_officer()
    padded = f" {norm} "
    for word in other + (officer if any(word in padded for word in utility) else ()):
        padded = padded.replace(word, " ")
    return padded.strip()


@lru_cache(maxsize=4)  # asked of one message up to three times (classify, its rules, ``route``)
def asks(norm: str) -> bool:
    """True when the normalised message asks whether someone is really the police (a request to talk to a real
    officer is not: ``_talk``; nor a utility's plain "officer": ``_without_bill_officer``)."""
    return _ASKS.said(_without_bill_officer(_talk().sub(" ", norm)))


#: Intents a "really the police?" question takes over: it is then an impersonation report, whose first step
#: answers the question. A money loss, and the other crimes, keep their own report (they come first).
_TAKEN_OVER = frozenset({"unknown", "greeting", "suspicious_contact", "talk_to_officer", "safety_advice",
                         "report_status"})


def route(intent: str, norm: str) -> str:
    """The intent of a message once a "really the police?" question is seen."""
    return "impersonation" if intent in _TAKEN_OVER and asks(norm) else intent
