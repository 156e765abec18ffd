"""Does a message ask for the cyber-crime helpline's number ("what is the cybercrime helpline number", "cyber crime
helpline ka number kya hai")? A resident's trial got "Did you mean" two topics; the answer is one line: 1930, the
portal, 112 in danger (texts ``helpline_numbers``).

The words are data: ``lang/<code>/words/helpline.yaml`` (lists ``number``, ``helpline`` and ``phrases``), matched on
whole words of the normalised text, as bot/nlu/police.py matches "is this really the police?".
"""
from __future__ import annotations

from functools import lru_cache

from . import words
from .normalize import normalize

_LISTS = ("number", "helpline", "phrases")


@lru_cache(maxsize=1)
def _lists() -> dict[str, tuple[str, ...]]:
    loaded = words.load("helpline")
    return {name: tuple(f" {normalize(p)} " for p in loaded.get(name, ())) for name in _LISTS}


@lru_cache(maxsize=4)
def asks(norm: str) -> bool:
    """True when the normalised message asks which number the helpline is."""
    if not norm:
        return False
    padded = f" {norm.replace('?', ' ').replace(',', ' ').replace('.', ' ').replace('।', ' ')} "
    lists = _lists()
    if any(phrase in padded for phrase in lists["phrases"]):
        return True
    return any(n in padded for n in lists["number"]) and any(h in padded for h in lists["helpline"])
