"""Does a message ask for the cyber-crime helpline's number ("what is the cybercrime helpline number", "cyber crime
helpline ka number kya hai")? A resident's trial got "Did you mean" two topics; the answer is one line: 1930, the
portal, 112 in danger (texts ``helpline_numbers``).

The words are data: ``lang/<code>/words/helpline.yaml`` (lists ``number``, ``helpline`` and ``phrases``), matched on
whole words of the normalised text as bot/nlu/police.py's "is this really the police?" is (``words.PhraseOrPair``).
"""
from __future__ import annotations

from functools import lru_cache

from . import words

_ASKS = words.PhraseOrPair("helpline", "number", "helpline")


@lru_cache(maxsize=4)
def asks(norm: str) -> bool:
    """True when the normalised message asks which number the helpline is."""
    return _ASKS.said(norm)
