"""Keywords that work in any state, but only as the whole message.

"MENU" is a command; "he won't stop calling me" is a report. The words are in each language pack,
lang/<code>/words/commands.yaml (with STOP/START, simple mode's words and the names of the languages). Matching is on the normalised
message with surrounding punctuation removed, so "Menu!" and "/menu" work and sentences never do.
"""
from __future__ import annotations

import re

from . import words
from .normalize import normalize

_WORDS = words.load("commands")  # lang/<code>/words/commands.yaml, every pack's words merged
_BY_LANGUAGE = words.by_language("commands")
LANGUAGE_NAMES = {name: code for code, lists in _BY_LANGUAGE.items() for name in lists.get("language_names", ())}
LANGUAGE_ANSWERS = {**LANGUAGE_NAMES,
                    **{word: code for code, lists in _BY_LANGUAGE.items() for word in lists.get("language_answers", ())}}
COMMANDS: dict[str, tuple[str, ...]] = {
    "menu": _WORDS["menu"],
    "help": _WORDS["help"],
    "officer": _WORDS["officer"],
    "language": _WORDS["language"] + tuple(LANGUAGE_NAMES),  # "hindi" alone switches to Hindi at once
}
_LOOKUP = {word: name for name, words in COMMANDS.items() for word in words}
_LANGUAGE_REQUEST = frozenset(_WORDS["language_request"])
ASKED_WORDS = 6  # "please reply in urdu only": a request this long at most, not a story that names a language
_EDGE_PUNCT = re.compile(r"^[\s.!?,;:'\"()\-]+|[\s.!।?,;:'\"()\-]+$")

SKIP_WORDS = frozenset(_WORDS["skip"])
DONE_WORDS = frozenset(_WORDS["done"])


def clean(text: str) -> str:
    """Normalised text without surrounding punctuation: what whole-message keywords are matched on."""
    return _EDGE_PUNCT.sub("", normalize(text))


def command(text: str) -> str | None:
    """The command the whole message names (menu, help, officer, language), or None."""
    cleaned = clean(text)
    return _LOOKUP.get(cleaned) or ("language" if _language_asked(cleaned) else None)


def _language_asked(cleaned: str) -> str | None:
    """The pack a short message asks to be spoken in ("urdu mein baat karo", "please reply in bengali"): one
    language name and only request words around it, else None."""
    found = cleaned.split()
    if not 1 < len(found) <= ASKED_WORDS:
        return None
    named = [word for word in found if word in LANGUAGE_NAMES]
    if len(named) != 1 or not all(word in LANGUAGE_NAMES or word in _LANGUAGE_REQUEST for word in found):
        return None
    return LANGUAGE_NAMES[named[0]]


def language_named(text: str, answering: bool = False) -> str | None:
    """The pack a whole message names ("hindi", "हिंदी"; at the language question also "eng"), or None."""
    cleaned = clean(text or "")
    return (LANGUAGE_ANSWERS if answering else LANGUAGE_NAMES).get(cleaned) or _language_asked(cleaned)


def whole_message(text: str, table: dict[str, frozenset[str]]) -> str | None:
    """The name in ``table`` whose words include the whole (cleaned) message, else None."""
    cleaned = clean(text or "")
    for name, words in table.items():
        if cleaned in words:
            return name
    return None


def is_skip(text: str) -> bool:
    return clean(text) in SKIP_WORDS


def is_done(text: str) -> bool:
    cleaned = clean(text)
    return cleaned in DONE_WORDS or cleaned in SKIP_WORDS
