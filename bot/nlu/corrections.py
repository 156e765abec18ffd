"""Corrections inside a report: "amount was 25000 not 2500", "sorry, time was 9 pm", "राशि 25000 थी"."""
from __future__ import annotations

import re

from . import words
from .normalize import normalize

_LISTS = words.load("corrections")  # lang/<code>/words/corrections.yaml: field -> words, and the words around them
_AROUND = ("opener", "owner", "was", "not", "opener_after", "was_after")
FIELD_WORDS: dict[str, tuple[str, ...]] = {field: found for field, found in _LISTS.items() if field not in _AROUND}
_WORD_TO_FIELD = {normalize(word): field for field, words in FIELD_WORDS.items() for word in words}
_WORDS = "|".join(sorted((re.escape(w) for w in _WORD_TO_FIELD), key=len, reverse=True))


def _said(name: str) -> str:
    return words.any_of((normalize(word) for word in _LISTS[name]), whole_words=False)


# "sorry, the amount was 25000 not 2500": [openers] [owner] field was|=|: value [not ...]
_CORRECTION = re.compile(
    rf"^(?:(?:{_said('opener')})[\s,:.!-]+)*(?:(?:{_said('owner')})\s+)?"
    rf"(?P<field>{_WORDS})\s*(?:{_said('was')}|=|:)\s+(?P<value>.+?)"
    rf"(?:\s*,?\s*(?:{_said('not')})\s+.*)?[\s.!]*$"
)
# "galti, rakam 25000 thi": [openers] field value was [not ...]
_CORRECTION_HI = re.compile(
    rf"^(?:(?:{_said('opener_after')})[\s,:.!-]+)*(?P<field>{_WORDS})\s+(?P<value>.+?)\s+(?:{_said('was_after')})"
    rf"(?:\s*,?\s*(?:{_said('not')})\s+.*)?[\s.!]*$"
)


def find_correction(text: str, fields: set[str]) -> tuple[str, str] | None:
    """(field, new value text) when ``text`` corrects one of ``fields``, else None."""
    norm = normalize(text)
    for pattern in (_CORRECTION, _CORRECTION_HI):
        match = pattern.match(norm)
        if match:
            field = _WORD_TO_FIELD.get(match.group("field"))
            if field in fields:
                return field, match.group("value")
    return None
