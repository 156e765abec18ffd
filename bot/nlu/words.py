"""Word lists the understanding needs, kept as data in language packs: ``lang/<code>/words/<name>.yaml``.

Each file maps list names to phrases, for one language (romanised Hindi lives in the ``hi`` pack beside
Devanagari). ``load("triage")`` merges one file name across every pack, so code asks for a list by name
and a new language adds words, not code. A file that is not a mapping of names to lists of non-empty
strings stops start-up naming the file and line.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from pydantic import RootModel, field_validator

from ..content.datafile import PlacedError, read_yaml, validate
from .normalize import normalize, tokens

LANG_DIR = Path(__file__).resolve().parent.parent.parent / "lang"


class WordFile(RootModel[dict[str, list[str]]]):
    @field_validator("root")
    @classmethod
    def _phrases(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        for name, phrases in value.items():
            for index, phrase in enumerate(phrases):
                if not isinstance(phrase, str) or not phrase.strip():
                    raise ValueError(f"{name}: every phrase must be non-empty text")
                problem = phrase_problem(phrase)
                if problem:  # named at the phrase's own line
                    raise PlacedError((name, index), f"{name}: {phrase!r}: {problem}")
        return value


def phrase_problem(phrase: str) -> str | None:
    """What is wrong with a phrase's syntax (``phrase_pieces``), or None: a ``*`` stands only at a word's start or
    end, and a phrase is more than its ``...`` gaps."""
    said = phrase.split()
    if any("*" in word.strip("*") for word in said):
        return "a * may only begin or end a word"
    if all(word == GAP for word in said):
        return f"a phrase needs a word besides {GAP}"
    return None


def by_language(name: str, root: Path | None = None) -> dict[str, dict[str, tuple[str, ...]]]:
    """{language: {list name: phrases}} for ``lang/*/words/<name>.yaml``."""
    return _load(name, str(root or LANG_DIR))


@lru_cache(maxsize=2)
def known_words(root: Path | None = None) -> frozenset[str]:
    """Every word of every pack's word lists (``lang/*/words/*.yaml``), normalised, without a phrase's ``*`` and
    ``...``: with the words the understanding was trained on, what a message must hold one of to be read at all
    (bot/nlu/classify.py ``knows_a_word``)."""
    base = root or LANG_DIR
    found: set[str] = set()
    for name in sorted({path.stem for path in Path(base).glob("*/words/*.yaml")}):
        for phrases in load(name, root).values():
            for phrase in phrases:
                found.update(tokens(normalize(phrase.replace(GAP, " ").replace("*", ""))))
    return frozenset(found)


def load(name: str, root: Path | None = None) -> dict[str, tuple[str, ...]]:
    """{list name: phrases of every language} for ``lang/*/words/<name>.yaml``."""
    merged: dict[str, list[str]] = {}
    for lists in by_language(name, root).values():
        for list_name, phrases in lists.items():
            merged.setdefault(list_name, []).extend(p for p in phrases if p not in merged.get(list_name, ()))
    return {list_name: tuple(phrases) for list_name, phrases in merged.items()}


# One character as a pattern: itself (not a special character) or escaped as re.escape does (a backslash and a
# character that is neither a letter nor a digit: "\\S" or "\\b" is a class or an assertion, not a character)
LITERAL = re.compile(r"[^.^$*+?{}\[\]\\|()]|\\[^A-Za-z0-9]", re.S)
# The first piece of a phrase that can be grouped: a character, or a word's edge and a character ("\\bp")
_HEAD = re.compile(r"(?:\\b)?(" + LITERAL.pattern + ")", re.S)


def _ignorecase_tables():
    """``re``'s own case folding (``_sre.unicode_tolower``) and the letters it takes as the same beyond lower case
    (``re._casefix._EXTRA_CASES``): private names of CPython's ``re``, so used only when present and behaving as
    ``re`` itself does on a few known letters; else None, and IGNORECASE alternations are left unfactored."""
    try:
        from re._casefix import _EXTRA_CASES
        from _sre import unicode_tolower
        for same in ("kK\u212a", "sS\u017f", "i\u0131", "\u03c3\u03c2\u03a3"):  # Kelvin sign, long s, ı, sigmas
            keys = {min((unicode_tolower(ord(c)), *_EXTRA_CASES.get(unicode_tolower(ord(c)), ()))) for c in same}
            if len(keys) != 1 or not all(re.fullmatch(re.escape(c), same[0], re.IGNORECASE) for c in same):
                return None
    except Exception:  # noqa: BLE001 - any change in CPython's internals: the plain alternation, same matches
        return None
    return unicode_tolower, _EXTRA_CASES


_IGNORECASE = _ignorecase_tables()


def ignorecase_key(char: str) -> int:
    """One number for the characters that match the same text under IGNORECASE: a character's lower case
    (as ``re`` folds it) and the others ``re`` takes as the same letter ("i" and the dotless "ı", "s" and "ſ").
    Only when ``_IGNORECASE`` (re's tables) is available."""
    tolower, extra = _IGNORECASE
    lower = tolower(ord(char))
    return min((lower, *extra.get(lower, ())))


def factored(alternatives: list[list[str]], ignorecase: bool = False) -> str:
    """The alternation of ``alternatives`` (each a list of pattern pieces: one character each, as ``re.escape`` writes
    it, or any other self-contained piece), with common leading characters written once: ``paise gaye|paise kate``
    becomes ``paise (?:gaye|kate)``. It matches exactly what the plain alternation matches, at the same places and by
    the same phrase: alternatives are only brought together when no alternative between them could begin at the same
    character (two that start with different characters never match at one place), and any other piece (``\\S*``, a
    gap, the end of a phrase) is kept in its place and keeps later alternatives behind it. For patterns compiled
    without IGNORECASE. Python's ``re`` tries an alternation's phrases one by one at every place, so a list of 1,000
    phrases costs 1,000 tries a word; factored, about one a distinct first character. ``ignorecase``: for a pattern
    compiled with IGNORECASE: first characters that match one text character ("a" and "A") count as one
    (``ignorecase_key``), so no phrase is moved before another that could begin at the same place; without
    ``re``'s tables (``_IGNORECASE`` None: another Python) the plain alternation, which matches the same."""
    if ignorecase and _IGNORECASE is None:
        return "|".join("".join(pieces) for pieces in alternatives)
    return "|".join(_factored(alternatives, ignorecase_key if ignorecase else None))


def _factored(alternatives: list[list[str]], key=None) -> list[str]:
    parts: list[tuple[str | None, list[list[str]]]] = []
    open_at: dict = {}  # first character (its key) -> its group in parts, while later phrases may still join it
    for pieces in alternatives:
        head = pieces[0] if pieces else None
        first = _HEAD.fullmatch(head) if head is not None else None
        if first is None:
            parts.append((None, [pieces]))
            open_at.clear()  # nothing later may move before a phrase that could start anywhere
            continue
        char = first.group(1) if key is None else key(_unescaped(first.group(1)))
        if char in open_at and parts[open_at[char]][0] == head:
            parts[open_at[char]][1].append(pieces[1:])
        else:  # a new group; one that began with the same character another way takes no later phrase
            open_at[char] = len(parts)
            parts.append((head, [pieces[1:]]))
    out = []
    for head, tails in parts:
        if head is None:
            out.append("".join(tails[0]))
        elif len(tails) == 1:
            out.append(head + "".join(tails[0]))
        else:
            inner = _factored(tails, key)
            out.append(head + (inner[0] if len(inner) == 1 else f"(?:{'|'.join(inner)})"))
    return out


def _unescaped(piece: str) -> str:
    """The character a LITERAL piece stands for ("\\." is ".")."""
    return piece[1] if piece.startswith("\\") else piece


GAP = "..."  # a phrase's word "...": up to GAP_WORDS words between ("paise ... kat gaye", triage.yaml's pairs)
GAP_WORDS = 3


def _phrase_words(phrase: str, plain: bool) -> list[tuple[list[str], bool, bool] | None]:
    """A phrase's words as (the word's parts, begins earlier: ``*word``, goes on: ``word*``), None for a ``...``.
    ``plain``: the word as a message's plain words hold it (``normalize``d, apostrophes dropped, split at what is no
    letter: ``tokens``; a word with no letter left is dropped); else as written."""
    found: list[tuple[list[str], bool, bool] | None] = []
    for word in (normalize(phrase).replace("'", "") if plain else phrase).split():
        if word == GAP:
            found.append(None)
            continue
        parts = tokens(word) if plain else [word.strip("*")]
        if parts and parts[0]:
            found.append((parts, word.startswith("*"), word.endswith("*")))
    return found


def phrase_pieces(phrase: str, plain: bool = False, whole_words: bool = True) -> list[str]:
    """The one compiler of a pack's phrase into pattern pieces (each a character, escaped, or one self-contained
    piece: what ``factored`` groups). The syntax, in every word file: words are separated by spaces; ``word*`` lets a
    word go on ("loot*": "looted"), ``*word`` lets it begin earlier ("*transfer*": "autotransfers"); a word ``...``
    allows up to GAP_WORDS words between ("paise ... kat gaye").

    Two kinds of text are matched. ``plain`` (bot/nlu/triage.py): a message's plain words, lower case, joined by
    single spaces; a word goes on with any non-space, and the caller puts the phrase between word edges
    (``(?<!\\S)...(?!\\S)``). Otherwise (``any_of``) a normalised text as it is: any run of spaces between words, a
    word goes on with word letters, and with ``whole_words`` a Latin phrase has word edges (``\\b``; a phrase in
    another script is taken as written: its vowel signs are no word letters to regex, so an edge there would cut
    words)."""
    space, letters = (" ", r"\S*") if plain else (r"\s+", r"\w*")
    gap = r"(?:\S+ ){0,%d}" % GAP_WORDS if plain else r"(?:\S+\s+){0,%d}" % GAP_WORDS
    said = _phrase_words(phrase, plain)
    edge = r"\b" if not plain and whole_words and phrase.strip("*").isascii() else ""
    pieces: list[str] = []
    after_gap = False
    for index, word in enumerate(said):
        if word is None:
            if pieces and not after_gap:
                pieces.append(space)
            pieces.append(gap)
            after_gap = True
            continue
        parts, begins, goes_on = word
        if pieces and not after_gap:
            pieces.append(space)
        after_gap = False
        chars = [piece for i, part in enumerate(parts) for piece in ([space] if i else []) + [re.escape(c) for c in part]]
        if begins:
            chars.insert(0, letters)
        elif index == 0 and edge:
            chars[0] = edge + chars[0]  # a word's edge and its first character: one piece, grouped by the character
        pieces.extend(chars)
        if goes_on:
            pieces.append(letters)
        elif index == len(said) - 1 and edge:
            pieces.append(edge)
    return pieces


def first_word(phrase: str) -> tuple[str, bool] | None:
    """The plain word a phrase's plain pattern (``phrase_pieces(plain=True)``) starts with, and whether it may go on
    (``word*``); None when it may start anywhere (opening with ``...`` or ``*word``, or with no word at all)."""
    said = _phrase_words(phrase, plain=True)
    if not said or said[0] is None or said[0][1]:
        return None
    parts, _begins, goes_on = said[0]
    return parts[0], len(parts) == 1 and goes_on


def any_of(phrases, whole_words: bool = True, factor: bool = False) -> str:
    """A regex alternation of ``phrases`` (longest first) over a normalised text, each compiled by ``phrase_pieces``.
    ``factor``: common beginnings written once (``factored``), for a pattern compiled without IGNORECASE."""
    ordered = [phrase_pieces(p, whole_words=whole_words) for p in sorted(set(phrases), key=len, reverse=True)]
    if factor:  # the same matches, found sooner (``factored``); for patterns compiled without IGNORECASE
        return factored(ordered) or "(?!)"
    return "|".join("".join(p) for p in ordered) or "(?!)"


@lru_cache(maxsize=None)
def _load(name: str, root: str) -> dict[str, dict[str, tuple[str, ...]]]:
    found: dict[str, dict[str, tuple[str, ...]]] = {}
    for path in sorted(Path(root).glob(f"*/words/{name}.yaml")):
        data = validate(WordFile, read_yaml(path)).root
        found[path.parent.parent.name] = {list_name: tuple(phrases) for list_name, phrases in data.items()}
    return found


class PhraseOrPair:
    """Does a normalised message say one thing: one of a word file's ``phrases``, or a word of each of two of its lists,
    whole words ("is this really the police?": police_check.yaml's authority and genuine; "what is the helpline's
    number?": helpline.yaml's number and helpline). The lists are read (and normalised) when first asked."""

    def __init__(self, name: str, first: str, second: str):
        self.name, self.first, self.second = name, first, second
        self._lists: dict[str, tuple[str, ...]] | None = None

    def lists(self) -> dict[str, tuple[str, ...]]:
        if self._lists is None:
            loaded = load(self.name)
            self._lists = {key: tuple(f" {normalize(p)} " for p in loaded.get(key, ()))
                           for key in (self.first, self.second, "phrases")}
        return self._lists

    def said(self, norm: str) -> bool:
        if not norm:
            return False
        padded = f" {re.sub(r'[?,.।]', ' ', norm)} "
        lists = self.lists()
        if any(phrase in padded for phrase in lists["phrases"]):
            return True
        return any(w in padded for w in lists[self.first]) and any(w in padded for w in lists[self.second])
