"""Phone numbers (phonenumbers, Indian numbers first), never a number labelled as an account or a UTR, nor a link's
digits, nor a case reference's ("DCC-2026-000123")."""

from __future__ import annotations

import re
from functools import lru_cache

import phonenumbers
from phonenumbers import Leniency, PhoneNumberFormat, PhoneNumberMatcher, PhoneNumberType

from .labels import labelled_spans
from .links import url_matches
from .references import reference_spans
from .text import DIGIT_RE, dedupe, overlaps, prep


def is_mobile_with_91(digits: str) -> bool:
    """Return True when a 12-digit string is 91 + a valid Indian mobile number."""
    if len(digits) != 12 or not digits.startswith("91"):
        return False
    try:
        num = phonenumbers.parse("+" + digits, None)
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.is_valid_number(num) and phonenumbers.number_type(num) in (
        PhoneNumberType.MOBILE,
        PhoneNumberType.FIXED_LINE_OR_MOBILE,
    )


# Bound the matcher's work on pathological input (a wall of digits).
_PHONE_MAX_TRIES = 200


@lru_cache(maxsize=128)
def phone_matches(t: str) -> tuple[tuple[int, int, str], ...]:
    """Return (start, end, E.164) for phone numbers in prepared text ``t``. Kept for the last texts: one text is
    read for phones, accounts, amounts and the registry, and the matcher costs ~0.3 ms a text."""
    if len(DIGIT_RE.findall(t)) < 7:  # no phone number has fewer digits: skip the costly matcher
        return ()
    labelled = labelled_spans(t) + [(s, e) for s, e, _ in url_matches(t)] + reference_spans(t)
    found = []
    for m in PhoneNumberMatcher(t, "IN", leniency=Leniency.VALID, max_tries=_PHONE_MAX_TRIES):
        raw_digits = re.sub(r"\D", "", m.raw_string)
        if len(raw_digits) == 12 and m.raw_string.isdigit() and not is_mobile_with_91(raw_digits):
            continue  # a bare 12-digit run that is not 91+mobile is a UTR
        if overlaps(m.start, m.end, labelled):
            continue
        found.append((m.start, m.end, phonenumbers.format_number(m.number, PhoneNumberFormat.E164)))
    return tuple(found)


def find_phones(text: str) -> list[str]:
    """Return phone numbers in ``text`` as E.164 strings ("+919876543210"),
    in order of appearance, without duplicates."""
    return dedupe([e164 for _, _, e164 in phone_matches(prep(text))])


def parse_phone(text: str) -> str | None:
    """Return the first phone number in ``text`` in E.164 form, or None."""
    phones = find_phones(text)
    return phones[0] if phones else None
