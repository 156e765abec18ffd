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

from ..content.datafile import read_yaml, validate

LANG_DIR = Path(__file__).resolve().parent.parent.parent / "lang"


class WordFile(RootModel[dict[str, list[str]]]):
    @field_validator("root")
    @classmethod
    def _phrases(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        for name, phrases in value.items():
            for phrase in phrases:
                if not isinstance(phrase, str) or not phrase.strip():
                    raise ValueError(f"{name}: every phrase must be non-empty text")
        return value


def by_language(name: str, root: Path | None = None) -> dict[str, dict[str, tuple[str, ...]]]:
    """{language: {list name: phrases}} for ``lang/*/words/<name>.yaml``."""
    return _load(name, str(root or LANG_DIR))


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


def any_of(phrases, whole_words: bool = True, factor: bool = False) -> str:
    """A regex alternation of ``phrases`` (longest first), spaces as any run of spaces; with ``whole_words`` a
    Latin phrase matches whole words only (a phrase in another script is taken as written: its vowel signs are
    not word letters to regex, so a boundary there would cut words). A ``*`` at a phrase's end lets its last word
    go on ("loot*": "looted"), at its start lets its first word begin earlier ("*transfer*": "autotransfers").
    ``factor``: common beginnings written once (``factored``), for a pattern compiled without IGNORECASE."""
    def pieces(phrase: str) -> list[str]:
        word = phrase.strip("*")
        core: list[str] = []
        for index, part in enumerate(word.split()):
            core.extend(([r"\s+"] if index else []) + [re.escape(char) for char in part])
        edge = r"\b" if whole_words and word.isascii() else ""
        head = r"\w*" if phrase.startswith("*") else edge
        tail = r"\w*" if phrase.endswith("*") else edge
        if head == r"\b" and core:
            core[0] = head + core[0]  # a word's edge and its first character: one piece, grouped by the character
        elif head:
            core.insert(0, head)
        return core + ([tail] if tail else [])
    ordered = [pieces(p) for p in sorted(set(phrases), key=len, reverse=True)]
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
            from .normalize import normalize
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
