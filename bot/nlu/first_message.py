"""The language of a resident's first message, and whether it asks for help.

A first message that asks for help or states a problem is answered at once in the language it was
written in ("HELP money stolen" in English, "madad chahiye mera insta hack ho gaya" and "मदद करो" in
Hindi); the language question is only for a first message that tells nothing (a greeting, a symbol).
A first message of help words only ("please help me", "मदद करो") is a bare request for help: the help
text and the menu, whatever the intent model makes of it. The help words are data:
``lang/<code>/words/help.yaml`` (lists ``asks_help``, ``plea`` and ``filler``).
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..content.packs import Packs
from . import words
from .language import language_of
from .normalize import WORD_CHARS, normalize

QUIET_INTENTS = ("unknown", "greeting")  # intents that say nothing about a problem
_PACKS = Packs.load()  # the shipped language packs (their scripts)


@lru_cache(maxsize=1)
def _help_pattern() -> re.Pattern:
    phrases = sorted({normalize(p) for p in words.load("help").get("asks_help", ())}, key=len, reverse=True)
    alternation = "|".join(re.escape(p) for p in phrases if p)
    return re.compile(rf"(?<![{WORD_CHARS}])(?:{alternation})(?![{WORD_CHARS}])")


def asks_help(text: str) -> bool:
    """Whether the message asks for help or names a wrong done ("help", "madad chahiye", "धोखा")."""
    return bool(_help_pattern().search(normalize(text or "")))


@lru_cache(maxsize=1)
def _plea() -> tuple[frozenset[str], frozenset[str]]:
    """(plea phrases, filler words), normalised."""
    lists = words.load("help")
    return (frozenset(normalize(p) for p in lists.get("plea", ())),
            frozenset(normalize(p) for p in lists.get("filler", ())))


def only_help(text: str) -> bool:
    """Whether the message is a bare plea for help and says nothing else ("please help me", "मदद करो")."""
    pleas, filler = _plea()
    rest = normalize(text or "").split()
    found = False
    while rest:
        for size in (3, 2, 1):
            if " ".join(rest[:size]) in pleas:
                rest, found = rest[size:], True
                break
        else:
            if rest[0] not in filler:
                return False
            rest = rest[1:]
    return found


def written_language(text: str, packs: Packs | None = None) -> tuple[str, bool] | None:
    """The language a message's letters alone tell, and whether its script does (a pack's own script, Devanagari:
    ('hi', True)) or only its romanised words ("amar account theke taka kete geche": ('bn', False)); None for
    English or nothing (those ``told_language`` reads with the intent). A pure function of the text: the store
    writes a brand-new resident's contact in it (bot/conversation/engine.py, issue 17)."""
    packs = packs or _PACKS
    scripted = packs.by_script(text or "")  # a pack's own script (Devanagari: hi) tells the language
    if scripted:
        return scripted, True
    language = language_of(text or "", packs.offered)  # romanised words of every pack (bot/nlu/language.py)
    return (language, False) if language != "en" else None


def told_language(text: str, intent: str | None, packs: Packs | None = None) -> str | None:
    """The language a first message tells: a pack's own script (Devanagari: 'hi'), or a pack's romanised words ("amar
    account theke taka kete geche": 'bn'; bot/nlu/language.py); English that asks for
    help or states a problem (a known intent) is 'en'; None when nothing tells (ask the resident). ``packs``: the
    engine's, which know the offered languages (an offered pack wins a shared script)."""
    packs = packs or _PACKS
    written = written_language(text, packs)
    if written is not None:
        return written[0]
    if asks_help(text) or (intent is not None and intent not in QUIET_INTENTS):
        return "en"
    return None
