"""Keep personal data out of logs."""
from __future__ import annotations

import re


def mask(identifier: str | None) -> str:
    """'+919876543210' -> '+91******3210': enough to tell two apart, not enough to call."""
    if not identifier:
        return "-"
    text = str(identifier)
    if len(text) <= 4:
        return "*" * len(text)
    keep_start = 3 if text.startswith("+") else 0
    return text[:keep_start] + "*" * (len(text) - keep_start - 4) + text[-4:]


_NUMBER = re.compile(r"\+\d{8,15}\b|(?<!\d)\d{10,15}(?!\d)")


def mask_numbers(text: str) -> str:
    """'Invalid To Phone Number: +919812345678' -> '... +91******5678' (see ``mask``)."""
    return _NUMBER.sub(lambda m: mask(m.group()), text)
