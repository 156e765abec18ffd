"""UPI ids, IFSC codes, UTR / RRN references and bank account numbers: where the money went."""

from __future__ import annotations

import re

from .labels import label_words, labelled_spans
from .links import email_matches, url_matches
from .phones import is_mobile_with_91, phone_matches
from .text import DIGIT_RE, WORD_START, Span, dedupe, overlaps, prep

_UPI_RE = re.compile(
    r"(?<![\w.-])[a-z0-9._-]{2,}@[a-z]{2,}(?![\w@-]|\.[a-z0-9])",
    re.IGNORECASE,
)


def upi_matches(t: str) -> list[re.Match]:
    """Return UPI id matches ("name@okaxis") in prepared text ``t``."""
    return list(_UPI_RE.finditer(t)) if "@" in t else []


def find_upi_ids(text: str) -> list[str]:
    """Return lower-cased UPI ids ("98765@ybl") in ``text``, in order, deduplicated."""
    return dedupe([m.group().lower() for m in upi_matches(prep(text))])


IFSC_RE = re.compile(r"(?<![a-z0-9])[a-z]{4}0[a-z0-9]{6}(?![a-z0-9])", re.IGNORECASE)

_UTR_LABEL = (
    rf"(?:{label_words('utr_label')})"
    rf"[^\w\n]{{0,3}}(?:(?:{label_words('utr_filler')})[^\w\n]{{1,3}}){{0,3}}"
)
_UTR_12_RE = re.compile(r"(?<!\w)(?<!\d[.,])\d{12}(?!\w|[.,]\d)")
_UTR_GROUPED_RE = re.compile(
    rf"{WORD_START}{_UTR_LABEL}(?P<utr>\d{{4}}[ -]\d{{4}}[ -]\d{{4}})(?![ -]?\d)", re.IGNORECASE
)
_UTR_ALNUM_RE = re.compile(
    rf"{WORD_START}{_UTR_LABEL}(?P<utr>[a-z]{{4}}[a-z0-9]{{12}}(?:[a-z0-9]{{6}})?)(?![a-z0-9])",
    re.IGNORECASE,
)

_ACCOUNT_WORD = rf"(?:{label_words('account_near')})"
_ACCOUNT_NEAR_RE = re.compile(
    rf"{WORD_START}{_ACCOUNT_WORD}[^\d\n]{{0,30}}?(?<!\d)(?P<num>\d{{9,18}})(?!\d)", re.IGNORECASE
)
_LONG_NUMBER_RE = re.compile(r"(?<!\w)(?<!\d[.,])\d{9,18}(?!\w|[.,]\d)")
# The writer's own account: a number right after "my account (number is)", "mera khata", and the IFSC told with it
_OWN_ACCOUNT_RE = re.compile(
    rf"{WORD_START}(?:{label_words('own_account')})[^\w\n]{{0,3}}(?:(?:{label_words('number_filler')})[^\w\n]{{1,3}}){{0,3}}"
    rf"(?P<num>\d{{9,18}})(?!\d)(?:(?:[^\w\n]{{1,3}}(?:ifsc|{label_words('number_filler')})){{0,3}}[^\w\n]{{1,3}}"
    rf"(?P<ifsc>[a-z]{{4}}0[a-z0-9]{{6}})(?![a-z0-9]))?",
    re.IGNORECASE,
)


def own_account_matches(t: str) -> list[re.Match]:
    """The writer's own accounts in prepared text ``t`` ("my account number is 123456789012 ifsc SBIN0001234"): the
    victim's account and bank, never where the money went (groups num and ifsc)."""
    return list(_OWN_ACCOUNT_RE.finditer(t)) if DIGIT_RE.search(t) else []


def own_accounts(text: str) -> list[tuple[str, str | None]]:
    """(account number, IFSC or None) of the writer's own accounts in ``text``."""
    return [(m["num"], m["ifsc"].upper() if m["ifsc"] else None) for m in own_account_matches(prep(text))]


def ifsc_matches(t: str) -> list[re.Match]:
    """Return IFSC code matches in prepared text ``t``."""
    return list(IFSC_RE.finditer(t)) if "0" in t else []


def payee_ifsc_matches(t: str) -> list[re.Match]:
    """IFSC code matches in prepared text ``t`` but the writer's own account's ("my account ... ifsc SBIN0001234")."""
    own = [m.span("ifsc") for m in own_account_matches(t) if m["ifsc"]]
    return [m for m in ifsc_matches(t) if m.span() not in own]


def find_ifsc(text: str) -> list[str]:
    """Return upper-cased IFSC codes ("SBIN0001234") in ``text``, deduplicated: the payee's, not the writer's own."""
    return dedupe([m.group().upper() for m in payee_ifsc_matches(prep(text))])


def utr_matches(t: str) -> list[tuple[int, int, str]]:
    """Return (start, end, utr) for UPI/IMPS (12 digits) and NEFT/RTGS UTRs."""
    if not DIGIT_RE.search(t):  # every UTR has a digit
        return []
    found = []
    utr_labelled = labelled_spans(t, ("reference",))
    not_utr = labelled_spans(t, ("account", "other_number"))
    not_utr += [(s, e) for s, e, _ in url_matches(t)] + [m.span() for m in upi_matches(t)]
    not_utr += [m.span() for m in email_matches(t)]
    for m in _UTR_12_RE.finditer(t):
        if overlaps(m.start(), m.end(), not_utr):
            continue
        if is_mobile_with_91(m.group()) and not overlaps(m.start(), m.end(), utr_labelled):
            continue
        found.append((m.start(), m.end(), m.group()))
    for m in _UTR_GROUPED_RE.finditer(t):
        found.append((m.start("utr"), m.end("utr"), re.sub(r"\D", "", m.group("utr"))))
    for m in _UTR_ALNUM_RE.finditer(t):
        value = m.group("utr").upper()
        if any(c.isdigit() for c in value):
            found.append((m.start("utr"), m.end("utr"), value))
    found.sort()
    return found


def find_utrs(text: str) -> list[str]:
    """Return UTR / RRN numbers in ``text``: 12-digit UPI/IMPS references and,
    after the word UTR/ref, 16- or 22-character NEFT/RTGS references."""
    return dedupe([u for _, _, u in utr_matches(prep(text))])


def parse_utr(text: str) -> str | None:
    """Return the first UTR in ``text`` (a bare answer), or None."""
    utrs = find_utrs(text)
    return utrs[0] if utrs else None


def account_matches(t: str, phone_spans: list[Span], has_ifsc: bool) -> list[tuple[int, int, str]]:
    """Return (start, end, digits) for bank account numbers in prepared text ``t``."""
    if not DIGIT_RE.search(t):
        return []
    found = {}
    tight = labelled_spans(t, ("account",))
    not_account = labelled_spans(t, ("reference", "other_number")) + [m.span("num") for m in own_account_matches(t)]
    for m in _ACCOUNT_NEAR_RE.finditer(t):
        start, end = m.span("num")
        if overlaps(start, end, not_account):
            continue
        if overlaps(start, end, phone_spans) and not overlaps(start, end, tight):
            continue
        found[start] = (start, end, m.group("num"))
    if has_ifsc:
        for m in _LONG_NUMBER_RE.finditer(t):
            start, end = m.span()
            if start in found or overlaps(start, end, phone_spans + not_account):
                continue
            found[start] = (start, end, m.group())
    return sorted(found.values())


def utrs_apart_from_accounts(t: str, utrs: list[tuple[int, int, str]],
                             accounts: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The UTRs that are not also read as an account: a long number with an IFSC in the message is the
    beneficiary's account ("ek aur account mein bhi gaya: 123456789012 IFSC SBIN0001234"), not a transaction id,
    unless a word names it a reference ("UTR 412345678901"). A bank holding money on a wrong UTR holds nothing."""
    if not utrs or not accounts:
        return utrs
    account_spans = [(s, e) for s, e, _ in accounts]
    named = labelled_spans(t, ("reference",))
    return [u for u in utrs if not overlaps(u[0], u[1], account_spans) or overlaps(u[0], u[1], named)]


def find_accounts(text: str) -> list[str]:
    """Return bank account numbers (9-18 digits) mentioned next to a word like
    account / a/c / khata / खाता, or anywhere when an IFSC code is present."""
    t = prep(text)
    phones = [(s, e) for s, e, _ in phone_matches(t)]
    return dedupe([a for _, _, a in account_matches(t, phones, bool(payee_ifsc_matches(t)))])
