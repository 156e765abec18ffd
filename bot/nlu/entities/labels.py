"""Long numbers labelled as something else ("account no 1234...", "UTR: ...", "aadhaar ..."): the label words are
lang/<code>/words/labels.yaml's lists, one list a kind (account, reference, other_number)."""

from __future__ import annotations

import re

from .. import words
from .text import WORD_START, Span

_LABELS = words.load("labels")  # lang/<code>/words/labels.yaml: words that label a long number


def label_words(name: str) -> str:
    """A regex alternation of labels.yaml's list ``name`` (as written, longest first)."""
    return words.any_of(_LABELS[name], whole_words=False)


# A long number explicitly labelled as something else is not a phone: the kinds of label are labels.yaml's lists.
LABEL_KINDS = ("account", "reference", "other_number")
_LABELLED_NUMBER_RE = re.compile(
    rf"{WORD_START}(?:" + "|".join(f"(?P<{kind}>{label_words(kind)})" for kind in LABEL_KINDS) + ")"
    rf"[^\w\n]{{0,3}}(?:(?:{label_words('number_filler')})[^\w\n]{{1,3}}){{0,3}}"
    r"(?P<num>\d[\d -]{7,}\d)",
    re.IGNORECASE,
)


def labelled_spans(t: str, kinds: tuple[str, ...] = LABEL_KINDS) -> list[Span]:
    """Return spans of numbers directly preceded by a label of one of ``kinds`` (account, reference,
    other_number)."""
    return [(m.start("num"), m.end("num")) for m in _LABELLED_NUMBER_RE.finditer(t)
            if any(m.group(kind) for kind in kinds)]
