"""IMEI numbers (15 digits, Luhn-valid): a lost or stolen phone."""

from __future__ import annotations

import re

from ..redact import luhn_ok
from .text import DIGIT_RE, dedupe, prep

_IMEI_RE = re.compile(r"(?<![\d+])(?<!\d[ -])(?P<num>\d(?:[ -]?\d){14})(?![ -]?\d)")


def imei_matches(t: str) -> list[tuple[int, int, str]]:
    """Return (start, end, digits) for Luhn-valid 15-digit numbers."""
    if len(DIGIT_RE.findall(t)) < 15:
        return []
    found = []
    for m in _IMEI_RE.finditer(t):
        digits = re.sub(r"\D", "", m.group("num"))
        if luhn_ok(digits):
            found.append((m.start(), m.end(), digits))
    return found


def find_imeis(text: str) -> list[str]:
    """Return 15-digit IMEI numbers (Luhn-valid) in ``text``, digits only."""
    return dedupe([i for _, _, i in imei_matches(prep(text))])
