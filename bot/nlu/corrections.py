"""Corrections inside a report: "amount was 25000 not 2500", "sorry, time was 9 pm", "राशि 25000 थी"."""
from __future__ import annotations

import re

from . import words
from .normalize import normalize

FIELD_WORDS: dict[str, tuple[str, ...]] = words.load("corrections")  # lang/<code>/words/corrections.yaml
_WORD_TO_FIELD = {normalize(word): field for field, words in FIELD_WORDS.items() for word in words}
_WORDS = "|".join(sorted((re.escape(w) for w in _WORD_TO_FIELD), key=len, reverse=True))
_CORRECTION = re.compile(
    rf"^(?:(?:no|sorry|oops|galti|correction|actually|nahi|नहीं)[\s,:.!-]+)*(?:the\s+|my\s+|mera\s+|meri\s+)?"
    rf"(?P<field>{_WORDS})\s*(?:was|is|should be|=|:|tha|thi|hai|था|थी|है)\s+(?P<value>.+?)"
    rf"(?:\s*,?\s*(?:not|nahi|नहीं|na\s+ki)\s+.*)?[\s.!]*$"
)
_CORRECTION_HI = re.compile(
    rf"^(?:(?:galti|sorry|नहीं)[\s,:.!-]+)*(?P<field>{_WORDS})\s+(?P<value>.+?)\s+(?:tha|thi|hai|था|थी|है)"
    rf"(?:\s*,?\s*(?:not|nahi|नहीं)\s+.*)?[\s.!]*$"
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
