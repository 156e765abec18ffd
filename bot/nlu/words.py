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


def any_of(phrases, whole_words: bool = True) -> str:
    """A regex alternation of ``phrases`` (longest first), spaces as any run of spaces; with ``whole_words`` a
    Latin phrase matches whole words only (a phrase in another script is taken as written: its vowel signs are
    not word letters to regex, so a boundary there would cut words). A ``*`` at a phrase's end lets its last word
    go on ("loot*": "looted"), at its start lets its first word begin earlier ("*transfer*": "autotransfers")."""
    def one(phrase: str) -> str:
        word = phrase.strip("*")
        core = r"\s+".join(re.escape(part) for part in word.split())
        edge = r"\b" if whole_words and word.isascii() else ""
        head = r"\w*" if phrase.startswith("*") else edge
        tail = r"\w*" if phrase.endswith("*") else edge
        return head + core + tail
    return "|".join(one(p) for p in sorted(set(phrases), key=len, reverse=True)) or "(?!)"


@lru_cache(maxsize=None)
def _load(name: str, root: str) -> dict[str, dict[str, tuple[str, ...]]]:
    found: dict[str, dict[str, tuple[str, ...]]] = {}
    for path in sorted(Path(root).glob(f"*/words/{name}.yaml")):
        data = validate(WordFile, read_yaml(path)).root
        found[path.parent.parent.name] = {list_name: tuple(phrases) for list_name, phrases in data.items()}
    return found
