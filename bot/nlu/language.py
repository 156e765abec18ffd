"""The language a message is written in: its script, else the romanised words of every pack.

A message in a script other than Latin gets the pack that declares the script (pack.yaml ``scripts``; packs sharing
one: the offered first, bot/content/packs.py ``Packs.by_script``), so Devanagari is Hindi only while no offered
Marathi pack claims it, and a new pack's script needs no code. A message in Latin letters is matched against each
pack's ``romanised`` words (lang/<code>/words/language.yaml): a pack whose words are at least ``MIN_WORDS`` of the message's words and at least ``MIN_SHARE`` of them is a
reading; the reading with the most words wins, a tie going to the offered packs in their order, then the others
alphabetically. A pack the unit does not offer must count ``MARGIN`` words more than any offered pack (or it is
the best offered reading, else English): romanised Urdu
and romanised Hindi share most of their words (both lists hold them), so "mere account se paise nikal gaye" stays
Hindi, and only a message with two words Hindi lacks ("shukriya janab ...", "meherbani ...") is Urdu. No reading:
English.
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
    if not found:
        return DEFAULT
    order = [code for code in offered if code in found] + sorted(code for code in found if code not in offered)
    best = max(order, key=lambda code: (found[code], -order.index(code)))
    if best in offered or found[best] >= max((every.get(code, 0) for code in offered), default=0) + MARGIN:
        return best
    mine = [code for code in order if code in offered]  # not clear enough: the best offered reading, else English
    return max(mine, key=lambda code: (found[code], -order.index(code))) if mine else DEFAULT
