"""Phrases of a word class said with a typo ("koi uthha le gaya" for "utha le gaya"): windows of a message's plain
words as long as each phrase, looked up with one word left out, then rapidfuzz on the few phrases found. A typo is
one word of the phrase off by one letter (doubled, dropped, changed or two swapped), every other word as written:
"nahi bacha" is no typo of "nahi bachega". Only for the few classes where a missed phrase costs a life
(bot/nlu/triage.py: the danger classes)."""
from __future__ import annotations

from functools import lru_cache

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

CUTOFF = 85     # near enough to be looked at word by word (``_one_typo``)
MIN_CHARS = 10  # shorter phrases ("agwa", "bandhak") are too near ordinary words to be guessed at
MIN_WORD = 4    # the word with the typo: a short word ("le", "ko") off by a letter is another word


@lru_cache(maxsize=32)
def _by_gap(phrases: tuple[str, ...]) -> dict[int, dict[tuple[str, ...], tuple[str, ...]]]:
    """The literal phrases (no ``*`` or ``...``) of MIN_CHARS or more, by their number of words, each under every
    key it has with one word left out (the word a typo would be in): a window of the message is looked up by its own
    keys, never compared with every phrase (a message costs a few dict look-ups a window, not a fuzzy scan)."""
    out: dict[int, dict[tuple[str, ...], list[str]]] = {}
    for phrase in phrases:
        if len(phrase) >= MIN_CHARS and "*" not in phrase and "..." not in phrase:
            said = phrase.lower().split()
            keyed = out.setdefault(len(said), {})
            for gap in range(len(said)):
                keyed.setdefault((*said[:gap], "", *said[gap + 1:]), []).append(phrase.lower())
    return {n: {key: tuple(found) for key, found in keyed.items()} for n, keyed in out.items()}


@lru_cache(maxsize=32)
def _vocabulary(phrases: tuple[str, ...]) -> frozenset[str]:
    return frozenset(word for phrase in phrases for word in phrase.lower().split())


@lru_cache(maxsize=32)
def _literal(phrases: tuple[str, ...]) -> frozenset[str]:
    return frozenset(phrase.lower() for phrase in phrases)


def spelled(phrases: tuple[str, ...], plain: str, known: frozenset[str] = frozenset()) -> str:
    """``plain`` (words joined by single spaces) with each run of words that is a phrase of ``phrases`` with a small
    typo written as that phrase: the exact patterns, and what they leave out ("phone ... utha le gaya" is a theft),
    then read it as if it had been spelled right. A word of ``known`` (the packs' other words: "karne" is no typo of
    "marne") is never taken as a typo."""
    literal, vocabulary = _literal(phrases), _vocabulary(phrases)
    for n, keyed in sorted(_by_gap(phrases).items(), reverse=True):
        words = plain.split()
        seen = [0]
        for word in words:  # how many of the words so far are words of a phrase: a window needs n - 1 of them
            seen.append(seen[-1] + (word in vocabulary))
        for i in range(len(words) - n + 1):
            if n > 1 and seen[i + n] - seen[i] < n - 1:
                continue
            said = words[i:i + n]
            window = " ".join(said)
            if len(window) < MIN_CHARS or window in literal:  # said right (a phrase of its own)
                continue
            for gap in range(n):
                candidates = keyed.get((*said[:gap], "", *said[gap + 1:]), ())
                near = (c for c, _score, _index in process.extract(window, candidates, scorer=fuzz.ratio,
                                                                   score_cutoff=CUTOFF, limit=5))
                phrase = next((c for c in near if _one_typo(said, c.split(), known)), None)
                if phrase:
                    words[i:i + n] = phrase.split()
                    break
        plain = " ".join(words)
    return plain


def _one_typo(said: list[str], phrase: list[str], known: frozenset[str]) -> bool:
    """One word of ``phrase`` off by one letter (OSA distance 1, a word of MIN_WORD letters or more, not a word of
    ``known``), the rest the same. Latin letters only: romanised typing is where such typos are made; in Devanagari,
    Urdu or Bengali one letter apart is most often another word ("बनेगा", "बचेगा")."""
    off = [(a, b) for a, b in zip(said, phrase) if a != b]
    return len(off) == 1 and off[0][0].isascii() and min(len(off[0][0]), len(off[0][1])) >= MIN_WORD \
        and off[0][0] not in known \
        and OSA.distance(*off[0]) == 1
