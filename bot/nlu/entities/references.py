"""Case references a resident quotes ("CS-261127-7KQ3", "DCC-2026-000123"): a short prefix of letters, then groups
of digits and letters joined by hyphens or slashes, the first group starting with a digit. Ours are PREFIX-YYMMDD-CODE
(bot/cases/incidents.py reads them exactly); a resident may quote another shape (a number the police or a portal gave,
ours misremembered). A reference is asked about (the status question): never a phone number, an amount or a suspect's
number. A bank's narration ("IMPS/123456789012/...") is no case reference: its prefixes are labels.yaml's
``not_case_reference``."""

from __future__ import annotations

import re

from ..normalize import to_ascii_digits
from .labels import label_words
from .text import Span, prep

_REFERENCE_RE = re.compile(
    rf"(?<![\w/.@-])(?!(?:{label_words('not_case_reference')})[-/])"
    r"(?P<ref>[A-Za-z]{2,5}[-/]\d[0-9A-Za-z]{2,}(?:[-/][0-9A-Za-z]{2,})+)(?![\w/@-]|\.\w)",
    re.IGNORECASE,
)
_MIN_DIGITS = 6  # "CS-261127-7KQ3" has 7, "DCC-2026-000123" 10; "ab-12-cd" is no reference
_MAX_LENGTH = 40  # longer than any real reference (an NCRP acknowledgement has 14 digits): never named back


def reference_matches(t: str) -> list[tuple[int, int, str]]:
    """(start, end, the reference as written, upper case) of every case reference in prepared text ``t``."""
    if "-" not in t and "/" not in t:
        return []
    return [(m.start("ref"), m.end("ref"), m["ref"].upper()) for m in _REFERENCE_RE.finditer(t)
            if sum(ch.isdigit() for ch in m["ref"]) >= _MIN_DIGITS and len(m["ref"]) <= _MAX_LENGTH]


def reference_spans(t: str) -> list[Span]:
    """The spans of case references in prepared text ``t`` (their digits are nothing else)."""
    return [(s, e) for s, e, _ in reference_matches(t)]


def quoted_reference(text: str) -> str | None:
    """The first case reference ``text`` quotes, as written (upper case, its digits as 0-9), or None."""
    found = reference_matches(prep(to_ascii_digits(text)))
    return found[0][2] if found else None
