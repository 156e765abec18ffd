"""Does a message ask "is this really the police?" (of a caller, a number or a video call)?

The words are data: ``lang/<code>/words/police_check.yaml`` (lists ``authority``, ``genuine`` and
``phrases``). A message asks when it holds a phrase, or names an authority together with a
"really / genuine / fake" word; matching is on whole words of the normalised text.
"""
from __future__ import annotations

from functools import lru_cache

from . import words
from .normalize import normalize


@lru_cache(maxsize=1)
def _lists() -> dict[str, tuple[str, ...]]:
    loaded = words.load("police_check")
    return {name: tuple(f" {normalize(p)} " for p in loaded.get(name, ())) for name in ("authority", "genuine",
                                                                                         "phrases")}


@lru_cache(maxsize=4)  # asked of one message up to three times (classify, its rules, ``route``)
def asks(norm: str) -> bool:
    """True when the normalised message asks whether someone is really the police."""
    if not norm:
        return False
    padded = f" {norm.replace('?', ' ').replace(',', ' ').replace('.', ' ')} "
    lists = _lists()
    if any(phrase in padded for phrase in lists["phrases"]):
        return True
    return any(a in padded for a in lists["authority"]) and any(g in padded for g in lists["genuine"])


#: Intents a "really the police?" question takes over: it is then an impersonation report, whose first step
#: answers the question. A money loss, and the other crimes, keep their own report (they come first).
_TAKEN_OVER = frozenset({"unknown", "greeting", "suspicious_contact", "talk_to_officer", "safety_advice",
                         "report_status"})


def route(intent: str, norm: str) -> str:
    """The intent of a message once a "really the police?" question is seen."""
    return "impersonation" if intent in _TAKEN_OVER and asks(norm) else intent
