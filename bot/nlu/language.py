"""The language a message is written in: its script, else the romanised words of every pack.

A message in a script other than Latin gets the pack that declares the script (pack.yaml ``scripts``; packs sharing
one: the offered first, bot/content/packs.py ``Packs.by_script``), so Devanagari is Hindi only while no offered
Marathi pack claims it, and a new pack's script needs no code. A message in Latin letters is matched against each
pack's ``romanised`` words (lang/<code>/words/language.yaml): a pack whose words are at least ``MIN_WORDS`` of the message's words and at least ``MIN_SHARE`` of them is a
reading; the reading with the most words wins only if it counts ``MARGIN`` words more than every pack ahead of it in
the unit's order (config.yaml languages, then the packs not offered, alphabetically), else the best reading ahead of
it wins, else English. Being offered is no advantage over a pack ahead in that order (session 14: with Urdu on the
menu, romanised Hindi with one Urdu-list word more flipped to Urdu): romanised Urdu and romanised Hindi share most
of their words (both lists hold them), so "mere account se paise nikal gaye" stays Hindi, and only a message with
two words Hindi lacks ("shukriya janab ...", "meherbani ...") is Urdu. No reading: English.
"""
from __future__ import annotations

from functools import lru_cache

from ..content.packs import Packs
from . import words
from .normalize import normalize, tokens

MIN_WORDS = 2
MIN_SHARE = 0.2
MARGIN = 2
DEFAULT = "en"  # the language of Latin letters no pack's romanised words claim


@lru_cache(maxsize=1)
def romanised() -> dict[str, frozenset[str]]:
    """{pack: its romanised words} for the packs that list some."""
    return {code: frozenset(normalize(word) for word in lists.get("romanised", ()))
            for code, lists in words.by_language("language").items() if lists.get("romanised")}


def counts(text: str) -> dict[str, int]:
    """{pack: how many of the message's words are its romanised words}."""
    found = tokens(normalize(text))
    return {code: sum(1 for word in found if word in listed) for code, listed in romanised().items()}


def scores(text: str) -> dict[str, int]:
    """``counts`` of the packs that reach the floors (``MIN_WORDS`` words, ``MIN_SHARE`` of the message's)."""
    size = len(tokens(normalize(text)))
    return {code: n for code, n in counts(text).items() if n >= MIN_WORDS and n / size >= MIN_SHARE}


@lru_cache(maxsize=8)
def _shipped(offered: tuple[str, ...]) -> Packs:
    """The shipped packs (lang/), the ``offered`` ones first for a shared script."""
    return Packs.load(offered=offered)


def language_of(text: str, offered: tuple[str, ...] | list[str] = (), packs: Packs | None = None) -> str:
    """The pack a message is written in (its script's pack; romanised words as the module says), else English.
    ``offered``: the languages the unit offers (config.yaml languages), which win ties and a close call; ``packs``:
    the project's packs (default: the shipped ones, the offered first)."""
    scripted = (packs or _shipped(tuple(offered))).by_script(text or "")
    if scripted:
        return scripted
    every = counts(text)
    found = scores(text)
    rank = list(offered) + sorted(code for code in every if code not in offered)  # the unit's order, then the rest
    readings = [code for code in rank if code in found]
    while readings:  # the most words, unless a pack ahead of it in ``rank`` counts within MARGIN of them
        best = max(readings, key=lambda code: (found[code], -rank.index(code)))
        ahead = rank[:rank.index(best)]
        if found[best] >= max((every.get(code, 0) for code in ahead), default=0) + MARGIN or not ahead:
            return best
        readings = [code for code in readings if code in ahead]
    return DEFAULT
