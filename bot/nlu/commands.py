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
_EDGE_PUNCT = re.compile(r"^[\s.!?,;:'\"()\-]+|[\s.!।?,;:'\"()\-]+$")

SKIP_WORDS = frozenset(_WORDS["skip"])
DONE_WORDS = frozenset(_WORDS["done"])


def clean(text: str) -> str:
    """Normalised text without surrounding punctuation: what whole-message keywords are matched on."""
    return _EDGE_PUNCT.sub("", normalize(text))


def command(text: str) -> str | None:
    """The command the whole message names (menu, help, officer, language), or None."""
    return _LOOKUP.get(clean(text))


def language_named(text: str, answering: bool = False) -> str | None:
    """The pack a whole message names ("hindi", "हिंदी"; at the language question also "eng"), or None."""
    return (LANGUAGE_ANSWERS if answering else LANGUAGE_NAMES).get(clean(text or ""))


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
