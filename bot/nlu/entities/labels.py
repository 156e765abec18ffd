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


# A long number an IFSC follows ("sent to 1234567890 ifsc SBIN0001234", "ac no 1234567890 ifsc code sbin0001234") is
# the account that IFSC names, however the number is introduced: labelled an account (never a phone)
_IFSC_AFTER_RE = re.compile(
    r"(?<![\w.])(?P<num>\d{9,18})(?!\d)"
    rf"(?:[^\w\n]{{1,3}}(?:{label_words('ifsc_label')}|{label_words('number_filler')})){{0,3}}[^\w\n]{{1,3}}"
    r"[a-z]{4}0[a-z0-9]{6}(?![a-z0-9])",
    re.IGNORECASE,
)


_MOBILE = re.compile(r"[6-9]\d{9}")  # an Indian mobile number, unlabelled: a phone even with an IFSC after it


def labelled_spans(t: str, kinds: tuple[str, ...] = LABEL_KINDS) -> list[Span]:
    """Return spans of numbers directly preceded by a label of one of ``kinds`` (account, reference,
    other_number); an account also where an IFSC follows the number."""
    spans = [(m.start("num"), m.end("num")) for m in _LABELLED_NUMBER_RE.finditer(t)
             if any(m.group(kind) for kind in kinds)]
    if "account" in kinds and "0" in t:  # every IFSC has its fifth character 0
        spans += [m.span("num") for m in _IFSC_AFTER_RE.finditer(t)
                  if m.span("num") not in spans and not _MOBILE.fullmatch(m["num"])]  # "call 9876543210 ifsc ...": a phone
    return spans
