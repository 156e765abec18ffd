"""Phrases of a word class found with a small typo ("koi uthha le gaya" for "utha le gaya"): rapidfuzz over windows
of a message's plain words as long as each phrase. Only for the few classes where a missed phrase costs a life
(bot/nlu/triage.py: the danger classes), and only after the exact pattern found nothing."""
from __future__ import annotations

from functools import lru_cache

from rapidfuzz import fuzz, process

CUTOFF = 90     # one letter doubled, dropped or changed in a phrase of ten letters or more
MIN_CHARS = 10  # shorter phrases ("agwa", "bandhak") are too near ordinary words to be guessed at


@lru_cache(maxsize=32)
def _by_length(phrases: tuple[str, ...]) -> dict[int, tuple[str, ...]]:
    """The literal phrases (no ``*`` or ``...``) of MIN_CHARS or more, by their number of words."""
    out: dict[int, list[str]] = {}
    for phrase in phrases:
        if len(phrase) >= MIN_CHARS and "*" not in phrase and "..." not in phrase:
            out.setdefault(len(phrase.split()), []).append(phrase.lower())
    return {n: tuple(found) for n, found in out.items()}


@lru_cache(maxsize=32)
def _literal(phrases: tuple[str, ...]) -> frozenset[str]:
    return frozenset(phrase.lower() for phrase in phrases)


def spelled(phrases: tuple[str, ...], plain: str) -> str:
    """``plain`` (words joined by single spaces) with each run of words that is a phrase of ``phrases`` with a small
    typo written as that phrase: the exact patterns, and what they leave out ("phone ... utha le gaya" is a theft),
    then read it as if it had been spelled right."""
    for n, choices in sorted(_by_length(phrases).items(), reverse=True):
        words = plain.split()
        for i in range(len(words) - n + 1):
            window = " ".join(words[i:i + n])
            if len(window) < MIN_CHARS or window in _literal(phrases):  # said right (a phrase of its own)
                continue
            hit = process.extractOne(window, choices, scorer=fuzz.ratio, score_cutoff=CUTOFF)
            if hit:
                words[i:i + n] = hit[0].split()
        plain = " ".join(words)
    return plain
