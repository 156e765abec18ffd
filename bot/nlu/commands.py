"""Keywords that work in any state, but only as the whole message.

"MENU" is a command; "he won't stop calling me" is a report. Matching is on the normalised
message with surrounding punctuation removed, so "Menu!" and "/menu" work and sentences never do.
"""
from __future__ import annotations

import re

from .normalize import normalize

COMMANDS: dict[str, tuple[str, ...]] = {
    "menu": ("menu", "main menu", "menyu", "मेनू", "मेन्यू", "मैन्यू", "start over", "restart", "start", "/start", "/menu"),
    "help": ("help", "madad", "sahayata", "मदद", "सहायता", "/help", "?"),
    "officer": ("officer", "adhikari", "अधिकारी", "talk to officer", "human", "agent", "/officer",
                "police officer", "पुलिस अधिकारी"),
    "language": ("language", "lang", "bhasha", "bhasa", "भाषा", "/language", "english", "hindi", "हिंदी", "हिन्दी"),
}
_LOOKUP = {word: name for name, words in COMMANDS.items() for word in words}
_EDGE_PUNCT = re.compile(r"^[\s.!?,;:'\"()\-]+|[\s.!।?,;:'\"()\-]+$")

SKIP_WORDS = frozenset({
    "skip", "skip it", "skip karo", "skip kar do", "na", "n/a", "none", "nil", "-", "don't know", "dont know",
    "do not know", "i don't know", "i dont know", "not sure", "no idea", "pata nahi", "nahi pata", "pta nhi",
    "pata nhi", "malum nahi", "maloom nahi", "yaad nahi", "पता नहीं", "नहीं पता", "मालूम नहीं", "छोड़ें", "छोड़ो",
    "स्किप", "नहीं है", "nahi hai", "not available", "no",
})
DONE_WORDS = frozenset({"done", "finished", "that's all", "thats all", "bas", "ho gaya", "ho gya", "हो गया", "बस",
                        "no more", "nothing more", "nahi", "no screenshots", "no screenshot", "नहीं"})


def clean(text: str) -> str:
    """Normalised text without surrounding punctuation: what whole-message keywords are matched on."""
    return _EDGE_PUNCT.sub("", normalize(text))


def command(text: str) -> str | None:
    """The command the whole message names (menu, help, officer, language), or None."""
    return _LOOKUP.get(clean(text))


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
