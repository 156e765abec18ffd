"""What every extractor shares: a message prepared once (``prep``), the edges of a word in any script, spans
and their overlaps, and the number words amounts and times are written with (lang/<code>/words/numbers.yaml)."""

from __future__ import annotations

import re
from bisect import bisect_right
from decimal import Decimal
from functools import lru_cache

from .. import words
from ..normalize import WORD_CHARS, clean

Span = tuple[int, int]
DIGIT_RE = re.compile(r"\d")

# Characters that count as part of a word: \w and every script's combining marks (the vowel signs of Devanagari and
# Bengali, the harakat of Urdu), which \w leaves out (bot/nlu/normalize.py)
WORD_START = rf"(?<![{WORD_CHARS}])"  # start of a word
WORD_END = rf"(?![{WORD_CHARS}])"  # end of a word


_FOLD = {0x093C: None, 0x0901: 0x0902}  # nukta dropped, chandrabindu as anusvara


def prep(text: str) -> str:
    """Return ``clean(text)`` with Devanagari nukta dropped and chandrabindu
    folded to anusvara, so "हज़ार"/"हजार" and "पाँच"/"पांच" look alike."""
    return _prepped(text) if type(text) is str else clean(text).translate(_FOLD)


@lru_cache(maxsize=64)
def _prepped(text: str) -> str:
    """``prep`` of a ``str``, remembered for the last few texts: one message is prepared by every extractor, and
    its prepared form prepared again by the time parser."""
    return clean(text).translate(_FOLD)


def overlaps(start: int, end: int, spans: list[Span]) -> bool:
    """Return True when [start, end) intersects any of ``spans``."""
    return any(s < end and start < e for s, e in spans)


class SpanSet:
    """Sorted, merged [start, end) intervals with an O(log n) overlap test."""

    def __init__(self, spans: list[Span]):
        merged: list[list[int]] = []
        for start, end in sorted(spans):
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        self._starts = [s for s, _ in merged]
        self._ends = [e for _, e in merged]

    def overlaps(self, start: int, end: int) -> bool:
        """Return True when [start, end) intersects one of the intervals."""
        i = bisect_right(self._starts, end - 1) - 1
        return i >= 0 and self._ends[i] > start


def dedupe(items: list[str]) -> list[str]:
    """Return ``items`` without repeats, first occurrence kept."""
    return list(dict.fromkeys(items))


# --------------------------------------------------------------------------
# Number words shared by amounts and times
# --------------------------------------------------------------------------

PLUS_HALF = "plus_half"  # numbers.yaml's list of the words that add a half to the number after them


def valued(name: str) -> dict[str, Decimal]:
    """{word: value} from lang/<code>/words/<name>.yaml (value -> words) of every pack; a list whose name is not a
    number (numbers.yaml's ``plus_half``, ``plus_quarter``, ``less_quarter``) is not a value. Words are prepared like the text they are found in
    (``prep``: NFKC, Devanagari nukta dropped), lower-cased, so "হাজ়ার" written precomposed still matches."""
    return {prep(word).lower(): Decimal(value) for value, found in words.load(name).items()
            if _is_number(value) for word in found}


def _is_number(value: str) -> bool:
    try:
        Decimal(value)
    except ArithmeticError:
        return False
    return True


NUMBER_WORDS: dict[str, Decimal] = valued("numbers")  # "dedh", "डेढ", "five"
# "saade teen hazar", "সাড়ে তিন হাজার", "ساڑھے چار لاکھ": a word that makes the number after it x.5 (before a
# multiplier: "saade 3 lakh" is 3,50,000).
HALF_MORE: tuple[str, ...] = tuple(dict.fromkeys(prep(word).lower()
                                                  for word in words.load("numbers").get(PLUS_HALF, ())))
# The words that change the number after them, and by how much: "saade teen" 3.5, "sawa do" 2.25, "paune do" 1.75
# (numbers.yaml ``plus_half``, ``plus_quarter``, ``less_quarter``; a resident's trial: "paune do lakh" was 2 lakh).
MODIFIERS: dict[str, Decimal] = {prep(word).lower(): Decimal(delta)
                                 for name, delta in ((PLUS_HALF, "0.5"), ("plus_quarter", "0.25"), ("less_quarter", "-0.25"))
                                 for word in words.load("numbers").get(name, ())}


def alternation(phrases, factor: bool = False, apostrophes: bool = False) -> str:
    """Return a regex alternation of ``phrases``, longest first. ``factor``: their common beginnings written once
    (``words.factored`` for a pattern compiled with IGNORECASE: the same matches at the same places, found sooner);
    ``apostrophes``: an apostrophe in a word may be typed, typographic or left out ("don't", "don’t", "dont")."""
    ordered = sorted(phrases, key=len, reverse=True)
    if not factor:
        found = "|".join(re.escape(w) for w in ordered)
        return found.replace("'", "['’]?") if apostrophes else found
    return words.factored([["['’]?" if apostrophes and char == "'" else re.escape(char) for char in w] for w in ordered],
                          ignorecase=True)
