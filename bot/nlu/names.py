"""Names of places and institutions in every configured language: banks, wallets, districts.

One data file per list and language (``lang/<code>/words/banks.yaml``, ``districts.yaml``) maps each
canonical name (the English list name) to the ways residents write it, in Devanagari and romanised Hindi
as well as English. The understanding (bank and district answers, entities) and the forms (the household
form's district list, a household file's district column) read the same files through this module.
"""
from __future__ import annotations

from functools import lru_cache

from rapidfuzz import fuzz, process

from ..content.datafile import DataError
from . import words
from .commands import clean
from .normalize import normalize, tokens

FUZZY_CUTOFF = 90  # a small typo in a longer Latin-script spelling ("gurgoan", "dakshn")


@lru_cache(maxsize=None)
def spellings(name: str) -> dict[str, tuple[str, ...]]:
    """{canonical name: every spelling in every language} for ``lang/*/words/<name>.yaml``."""
    return words.load(name)


def in_language(name: str, canonical: str, language: str) -> str | None:
    """The first spelling of ``canonical`` in ``language``'s pack ('South', 'hi' -> 'दक्षिण'), if any."""
    found = words.by_language(name).get(language, {}).get(canonical, ())
    native = [s for s in found if not s.isascii()] if language != "en" else list(found)
    return (native or list(found) or [None])[0]


@lru_cache(maxsize=None)
def _index(name: str) -> dict[str, str]:
    index: dict[str, str] = {}
    for canonical, phrases in spellings(name).items():
        for phrase in (canonical, *phrases):
            index.setdefault(clean(phrase), canonical)
    return index


def resolve(name: str, text: str, allowed: list[str] | tuple[str, ...] | None = None) -> str | None:
    """The canonical name the whole of ``text`` spells ('गुड़गांव' -> 'Gurugram'), or None.

    ``allowed`` limits the answer to those canonical names (a unit's own districts)."""
    cleaned = clean(text or "")
    if not cleaned:
        return None
    index = _index(name)
    if allowed is not None:
        allowed_set = set(allowed)
        index = {spelling: canonical for spelling, canonical in index.items() if canonical in allowed_set}
        for canonical in allowed:  # a unit's district not in the file still matches itself
            index.setdefault(clean(canonical), canonical)
    if cleaned in index:
        return index[cleaned]
    latin = {spelling: canonical for spelling, canonical in index.items() if spelling.isascii() and len(spelling) >= 5}
    if cleaned.isascii() and len(cleaned) >= 5 and latin:
        hit = process.extractOne(cleaned, latin.keys(), scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
        if hit:
            return latin[hit[0]]
    return None


def spelled(name: str, text: str) -> str | None:
    """The canonical name the whole of ``text`` is, spelled exactly as a list spells one ("South", "दक्षिण"), or
    None: no typo read, for a check that refuses an answer (a place is no beneficiary)."""
    return _index(name).get(clean(text or "")) if clean(text or "") else None


def find_in(name: str, text: str, allowed: list[str] | tuple[str, ...] | None = None) -> str | None:
    """The canonical name whose longest spelling stands as whole words inside ``text`` ("I live in South Delhi"
    -> 'South'), or None. Spellings shorter than four letters are not looked for inside a sentence."""
    padded = f" {' '.join(tokens(text or ''))} "
    index = _index(name)
    if allowed is not None:
        index = {s: c for s, c in index.items() if c in set(allowed)}
        for canonical in allowed:
            index.setdefault(clean(canonical), canonical)
    hits = [spelling for spelling in index if len(spelling) >= 4 and f" {' '.join(tokens(spelling))} " in padded]
    return index[max(hits, key=len)] if hits else None


def label(name: str, canonical: str, languages: list[str] | tuple[str, ...]) -> str:
    """'South · दक्षिण': a canonical name with its spelling in each other language (for forms)."""
    others = [in_language(name, canonical, language) for language in languages if language != "en"]
    return " · ".join([canonical, *[o for o in others if o and normalize(o) != normalize(canonical)]])


def check(name: str, languages: list[str], required: list[str] | tuple[str, ...] = (), source: str = "",
          root=None) -> None:
    """Start-up check: every pack names only canonical names of the English pack, and every ``required``
    name (e.g. config districts) has a spelling in every configured language (packs under ``root``)."""
    packs = words.by_language(name, root)
    canonical = set(packs.get("en", {}))
    for language, lists in packs.items():
        for list_name in lists:
            if list_name not in canonical:
                raise DataError(f"lang/{language}/words/{name}.yaml: {list_name!r} is not a canonical name of "
                                f"lang/en/words/{name}.yaml")
    for required_name in required:
        for language in languages:
            if language != "en" and not packs.get(language, {}).get(required_name):
                raise DataError(f"{source or 'config.yaml'}: {required_name!r} has no {language} spelling in "
                                f"lang/{language}/words/{name}.yaml")
