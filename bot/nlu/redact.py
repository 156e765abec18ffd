"""Redaction of secrets that residents sometimes type into the chat.

OTPs, PINs, CVVs, card expiry dates, passwords and card numbers must never be stored or shown to
staff.  :func:`redact` replaces them with ``[REDACTED-<KIND>]`` markers while
leaving everything a cyber-crime complaint needs (UTRs, phone numbers,
amounts, postal PIN codes, account numbers, IMEIs) untouched.

A Luhn-valid long number, or one of 13-19 digits written like a card (groups of four, or one run right after a
card word: a mistyped card number is still a card), is a card unless its context says otherwise: a label
right before it (account, IMEI, UTR...), an IFSC code right next to it (an
account), or, for a 15-digit number, an IMEI context: the word IMEI or a phone's
box or bill in the message (``lang/<code>/words/redact_context.yaml``), or the
question the resident is answering (``expect="imei"``: the lost-phone flow's
IMEI question). A card word in the message keeps a number a card.

The patterns work on the original text (``\\d`` also matches Devanagari
digits), so offsets returned by :func:`secret_spans` refer to the text given.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from stdnum.in_ import aadhaar

from . import words
from .normalize import WORD_CHARS, normalize

__all__ = ["Redaction", "luhn_ok", "redact", "secret_spans"]

_WORDS = words.load("redact")  # lang/<code>/words/redact.yaml: the words around a secret, every pack's


def _any(name: str) -> str:
    """A regex alternation of one list of redact.yaml, longest first; a space in a phrase is one space."""
    return "|".join(re.escape(w).replace(r"\ ", r"\s") for w in sorted(_WORDS[name], key=len, reverse=True))


# Words that may sit between a keyword and the secret:
# "my otp is 482913", "otp tha 123456", "OTP no. 4829", "otp: 4829".
_FILLER = rf"(?:{_any('filler')})"
_GAP = rf"[^\w\n]{{0,3}}(?:{_FILLER}[^\w\n]{{1,3}}){{0,3}}"
_NOT_WORD_BEFORE = r"(?<![^\W\d_])"  # not preceded by a letter
_NOT_WORD_AFTER = r"(?![^\W\d_])"

# A number followed by a money word is an amount, not a secret.
_MONEY_WORDS = "|".join(re.escape(w) + r"\b" for w in _WORDS["money_after_words"])  # "rs", not "rsvp"
# ... and so is a number followed by a loss verb, a few words between ("I gave OTP, 25000 was debited from my account",
# "otp diya, 20000 mere khate se nikal gaye": officers' trial, session 16): an amount lost is never an OTP
_LOSS_AFTER = rf"(?:[^\w\n]{{1,3}}(?:{_any('loss_between')})){{0,3}}[^\w\n]{{1,3}}(?:{_any('loss_after')})"
_NOT_MONEY_AFTER = rf"(?!\s*(?:{_MONEY_WORDS}|{_any('money_after')})|{_LOSS_AFTER})"
_NOT_MONEY_BEFORE = r"(?<!₹)(?<!₹\s)"  # "OTP, ₹25000 gone": written as money
_OTP_WORD = rf"(?:{_any('otp')}|one[\s-]?time[\s-]?pass(?:word|code))"
# "code" alone is an OTP keyword, except in "pin code", "area code", ...
_CODE_WORD = (
    r"(?<!pin )(?<!pin)(?<!pin-)(?<!postal )(?<!zip )(?<!area )(?<!std )"
    r"(?<!country )(?<!ifsc )(?<!ifsc)(?<!promo )(?<!coupon )(?<!referral )code"
)


def _grouped(lengths: str, group: int = 4) -> str:
    """A secret typed in groups (attacker trial, session 19, F10): "482 913", "48-29-13", "48.29.13", "4829 13",
    "12 34", "1 2 3": digits (any script) split by single spaces or dashes (or dots, in three groups or more, so a
    time "10.30" is not one), ``lengths`` digits in all (a regex count: "{3,7}" is 4 to 8) and the run ending there; a
    date with its year (12-03-2026) is not a secret."""
    return (rf"(?=\d(?:[ .-]?\d){lengths}(?![ .-]?\d))(?!\d{{1,2}}[.-]\d{{1,2}}[.-]\d{{4}}(?!\d))"
            rf"(?:\d{{1,{group}}}(?:[ -]\d{{1,{group}}})+|\d{{1,{group}}}(?:\.\d{{1,{group}}}){{2,}})(?![ .-]?\d)")


_OTP_AFTER_RE = re.compile(
    rf"{_NOT_WORD_BEFORE}(?:{_OTP_WORD}|{_CODE_WORD}){_NOT_WORD_AFTER}"
    rf"{_GAP}(?<!\d){_NOT_MONEY_BEFORE}(?P<secret>{_grouped('{3,7}')}|\d{{4,8}}(?!\d|[.,]\d))"
    rf"{_NOT_MONEY_AFTER}",
    re.IGNORECASE,
)
_OTP_BEFORE_RE = re.compile(
    r"(?<!\d)(?<!\d[.,])(?P<secret>\d{4,8})(?!\d|[.,]\d)"
    rf"[^\w\n]{{0,3}}(?:(?:{_any('before_otp')})[^\w\n]{{1,3}}){{0,2}}"
    rf"{_OTP_WORD}{_NOT_WORD_AFTER}",
    re.IGNORECASE,
)
_PIN_RE = re.compile(
    rf"(?<![^\W\d_])(?:m-?)?(?:{_any('pin')})(?![^\W\d_])"
    rf"(?![\s-]*(?:{_any('pin_code')}|no\.?\s*code))"
    # "4491", or typed a digit at a time ("atm pin 4 4 9 1 hai": a resident's trial, session 12)
    rf"{_GAP}(?<!\d)(?P<secret>{_grouped('{5}')}|{_grouped('{3}')}|(?:\d{{6}}|\d{{4}})(?!\d))",
    re.IGNORECASE,
)
_CVV_RE = re.compile(
    rf"{_NOT_WORD_BEFORE}(?:{_any('cvv')}){_NOT_WORD_AFTER}"
    rf"{_GAP}(?<!\d)(?P<secret>{_grouped('{2,3}', 3)}|\d{{3,4}}(?!\d))",
    re.IGNORECASE,
)
_PASSWORD_RE = re.compile(
    rf"{_NOT_WORD_BEFORE}(?:{_any('password')}){_NOT_WORD_AFTER}"
    # the password may come on the next line after "password is" / "password:" ("my password is\nHunter2"), and is
    # the whole token, a last "!" or "?" included (a "Hunter2Secret!" kept its "!": attacker trial, s19, F10); a
    # sentence's "." or "," after it stays
    rf"(?P<sep>[^\w\n]{{0,3}}(?:(?<=[:=-])[^\S\n]*\n[^\w\n]{{0,3}})?)"
    rf"(?P<conn>(?:{_any('password_then')})(?:[^\w\n]{{1,3}}|[^\S\n]*[:=-]?[^\S\n]*\n[^\w\n]{{0,3}}))?"
    r"(?P<secret>[^\s\"'“”‘’()]+)",
    re.IGNORECASE,
)
_SENTENCE_END = ".,!?;:"  # stripped to read the word; the span keeps "!" and "?" (often a password's own end)
# "pass", "पास" before a password ("aur pass sunita1962"): also "near" / "have" in Hindi and Urdu ("mere pass 5000
# hain") and a bus pass, so only a word that mixes letters and digits is taken as the password after them
_PASS_RE = re.compile(
    rf"{_NOT_WORD_BEFORE}(?:{_any('password_short')}){_NOT_WORD_AFTER}"
    rf"(?P<sep>[^\w\n]{{0,3}})(?:(?:{_any('password_then')})[^\w\n]{{1,3}})?"
    r"(?P<secret>(?=[^\s\"'“”‘’()]*?[^\W\d_])(?=[^\s\"'“”‘’()]*?\d)[^\s\"'“”‘’()]+?)(?=[.,!?;:\"'”’)]*(?:\s|$))",
    re.IGNORECASE,
)
# Tokens a complaint needs, of a shape no one mistakes for a password, after the short word ("pass UP32AB1234 wali
# gaadi": a vehicle's number after "pass" (near), session 13): a vehicle registration number (also "MH 12 AB 1234",
# the BH series "22BH1234AA"), an IFSC, a UPI id or an e-mail, a link. Anything told as "pass: ..." or "pass=..." is
# still a password.
_NOT_SECRET_TOKEN_RE = re.compile(
    r"(?:[A-Z]{2}[ -]?\d{1,2}[ -]?(?:[A-Z]{1,3}[ -]?)?\d{4}|\d{2}[ -]?BH[ -]?\d{4}[ -]?[A-Z]{1,2}"
    r"|[A-Z]{4}0[A-Z0-9]{6}|[\w.-]+@[A-Z][\w.-]*|(?:https?://|www\.)\S+)(?![^\W_])",
    re.IGNORECASE,
)
# Words that follow "password" in ordinary talk and are not the password itself.
_PASSWORD_STOPWORDS = frozenset(_WORDS["not_password"])
# A number then a unit of time after "password" is when it was typed ("entered netbanking id password. 5 mins ago",
# "password 10 minute pehle daala"): a time, not the password (s18-urg, 27th sets)
_TIME_AFTER_RE = re.compile(rf"[^\w\n]{{1,3}}(?:{_any('time_after')})(?!\w)", re.IGNORECASE)
# 13-19 digits, optionally grouped by single spaces or dashes.
_CARD_RE = re.compile(r"(?<![\d+])(?<!\d[ -])(?P<secret>\d(?:[ -]?\d){12,18})(?![ -]?\d)")
# An account / IMEI label right before a long number means it is not a card.
_NOT_CARD_LABEL_RE = re.compile(
    rf"(?:{_any('not_card')})"
    rf"[^\w\n]{{0,3}}(?:(?:{_any('not_card_then')})[^\w\n]{{1,3}}){{0,3}}$",
    re.IGNORECASE,
)

# "card" right before a number keeps it a card whatever else is near.
_CARD_LABEL_RE = re.compile(
    rf"(?:{_any('card')})[^\w\n]{{0,3}}(?:(?:{_any('card_then')})[^\w\n]{{1,3}}){{0,3}}$",
    re.IGNORECASE,
)
# An IFSC code (4 letters, 0, 6 letters or digits) this close to a long number, with no other digit between,
# makes it a bank account: "50100123456706 HDFC0001234", "IFSC SBIN0001234 a/c 001234567890123".
_IFSC_RE = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{4}0[A-Za-z0-9]{6}(?![A-Za-z0-9])")
_IFSC_NEAR = 15
_NOT_WORD_RUN = re.compile(rf"[^{WORD_CHARS}]+")  # any script's vowel signs and other marks are not \w

MARKER = "[REDACTED-"  # how every marker starts: a redacted secret is never an answer (bot/conversation/engine.py)
_MARKERS = {
    "otp": "[REDACTED-OTP]",
    "pin": "[REDACTED-PIN]",
    "cvv": "[REDACTED-CVV]",
    "password": "[REDACTED-PASSWORD]",
    "card": "[REDACTED-CARD]",
    "aadhaar": "[REDACTED-AADHAAR]",
    "expiry": "[REDACTED-EXPIRY]",
    "card+expiry": "[REDACTED-CARD]",  # a card number with its expiry right after it: one marker, both kinds told
}


_MARKER_RE = re.compile(r"\[REDACTED-([A-Z]+)\]")


def shown(text: str, texts, language: str) -> str:
    """``text`` as stored (secrets already redacted) with each marker in the reader's own words (the packs' texts
    ``redacted_<kind>``: "[OTP ہٹا دیا گیا]" in an Urdu chat, not "[REDACTED-OTP]"); a kind with no text stays as
    stored. ``texts``: the project's texts (``texts.has`` / ``texts.get(key, language)``)."""
    def said(match: re.Match) -> str:
        key = f"redacted_{match.group(1).lower()}"
        return texts.get(key, language) if texts.has(key) else match.group(0)
    return _MARKER_RE.sub(said, text or "") if MARKER in (text or "") else text


@dataclass(frozen=True)
class Redaction:
    """Result of :func:`redact`: the safe text and the kinds of secret removed."""

    text: str
    kinds: tuple[str, ...]


def luhn_ok(digits: str) -> bool:
    """Return True when the digit string passes the Luhn checksum."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def _digits(s: str) -> str:
    """Return the decimal digits of ``s`` as ASCII."""
    return "".join(str(int(c)) for c in s if c.isdecimal())


PHONE_FLOWS = frozenset({"lost_phone"})  # reports about a phone: a 15-digit Luhn number with no card word is an IMEI


@lru_cache(maxsize=1)
def _context_words() -> dict[str, tuple[str, ...]]:
    return {name: tuple(f" {normalize(p)} " for p in phrases) for name, phrases in words.load("redact_context").items()}


def _says(padded: str, name: str) -> bool:
    return any(phrase in padded for phrase in _context_words().get(name, ()))


def _imei_context(text: str, expect: str | None, flow: str | None = None) -> bool:
    """Whether a 15-digit number in ``text`` is a phone's IMEI: the IMEI question, any question of a report
    about a phone (the lost-phone flow), the word IMEI, or a phone with its box or bill, and no card word."""
    padded = " " + _NOT_WORD_RUN.sub(" ", normalize(text)) + " "
    if _says(padded, "card"):
        return False
    return expect == "imei" or flow in PHONE_FLOWS or _says(padded, "imei") or (_says(padded, "phone") and _says(padded, "box_or_bill"))


def _next_to_ifsc(text: str, start: int, end: int) -> bool:
    for m in _IFSC_RE.finditer(text, max(0, start - _IFSC_NEAR - 11), end + _IFSC_NEAR + 11):
        gap = text[end:m.start()] if m.start() >= end else text[m.end():start]
        if len(gap) <= _IFSC_NEAR and not any(ch.isdecimal() for ch in gap):
            return True
    return False


def _card_shaped(secret: str, labelled: bool) -> bool:
    """Whether a run of 13-19 digits is written the way a card is: in groups of four (the last group shorter,
    "4539 1488 0343 6468", "4539-1488-0343-64"), as 4-6-5 (American Express), or, right after a card word, as one
    run ("card no 5500005555555558"). Such a number is a card whether its Luhn check passes or not: a one-digit
    typo leaves the real number among a handful of candidates (an attacker's trial, session 13)."""
    groups = re.split(r"[ -]", secret)
    if len(groups) == 1:
        return labelled
    if not labelled and all(g.endswith("00") for g in groups):
        return False  # round numbers side by side are amounts: "4 transaction hue 5000 5000 5000 2000"
    lengths = [len(g) for g in groups]
    return lengths == [4, 6, 5] or (all(n == 4 for n in lengths[:-1]) and 1 <= lengths[-1] <= 4)


_MONTH_THEN_YEAR = re.compile(r"\s?/\s?\d")


def _card_part(m: re.Match, labelled: bool) -> tuple[int, int] | None:
    """The (start, end) in the text of the card number a run of digits holds: the run itself, or its first groups when a separated group follows
    the card ("4111-1111-1111-1111 09/28": the expiry's month read on); None when there is none. A Luhn-valid
    number is a card as written; one that fails Luhn only when written like a card (``_card_shaped``)."""
    secret, start = m.group("secret"), m.start("secret")
    ends = [len(secret)] + [i for i in range(len(secret) - 1, 0, -1) if secret[i] in " -"]
    if len(ends) > 1 and _MONTH_THEN_YEAR.match(m.string, m.end("secret")):
        ends = ends[1:]  # the last group is an expiry's month ("... 144 09/27"), never part of the number
    for valid in (luhn_ok, None):
        for end in ends:
            digits = _digits(secret[:end])
            if not 13 <= len(digits) <= 19 or digits.startswith("00"):
                continue
            if luhn_ok(digits) if valid else _card_shaped(secret[:end], labelled):
                return start, start + end
    return None


def _card_spans(text: str, expect: str | None = None, flow: str | None = None) -> list[tuple[int, int, str]]:
    """Return (start, end, "card") for 13-19 digit card numbers (not an account or an IMEI): Luhn-valid ones, and
    ones written like a card (``_card_shaped``) whether Luhn passes or not."""
    spans = []
    imei_context: bool | None = None
    for run in _CARD_RE.finditer(text):
        labelled = bool(_CARD_LABEL_RE.search(text, max(0, run.start() - 40), run.start()))
        part = _card_part(run, labelled)
        if part is None:
            continue
        start, end = part
        digits = _digits(text[start:end])
        if _NOT_CARD_LABEL_RE.search(text, max(0, start - 40), start):
            continue
        if labelled:
            spans.append(_card_span(text, start, end))
            continue
        if _next_to_ifsc(text, start, end):
            continue  # an account number with its IFSC
        if len(digits) == 14 and expect == "ack_number":
            continue  # the 14-digit number 1930 or cybercrime.gov.in gave, at its own question
        if len(digits) == 15:
            imei_context = _imei_context(text, expect, flow) if imei_context is None else imei_context
            if imei_context:
                continue  # a phone's IMEI
        spans.append(_card_span(text, start, end))
    return spans


def _card_span(text: str, start: int, end: int) -> tuple[int, int, str]:
    """The card number at ``start:end`` with its expiry when one follows at once: kind "card+expiry" then, so the
    resident is told the expiry was removed too (a resident's trial, session 18); one marker covers both."""
    with_expiry = _expiry_end(text, end)
    return start, with_expiry, "card+expiry" if with_expiry > end else "card"


# A card's expiry (MM/YY or MM/YYYY) right after its number, with or without an expiry word: kept out with the number
# ([REDACTED-CARD] covers both). Alone it is no secret; beside a card number (and a CVV) it is what a card-not-present
# payment asks for, and a complaint needs neither (the bank finds the card from the account).
_EXPIRY_RE = re.compile(
    rf"[^\w\n]{{0,3}}(?:(?:{_any('expiry')})[^\w\n]{{0,3}})?(?:0[1-9]|1[0-2])\s?[/-]\s?(?:\d{{4}}|\d{{2}})(?!\d)",
    re.IGNORECASE,
)


# An expiry told anywhere after an expiry word ("exp 08/29", "valid thru 08/29", "expiry 8/29", "एक्सपायरी 08/29 है"):
# the date is masked by itself ([REDACTED-EXPIRY]), as a CVV is. A date with no expiry word is left (a loss's date).
_EXPIRY_WORD_RE = re.compile(
    rf"{_NOT_WORD_BEFORE}(?:{_any('expiry')}){_NOT_WORD_AFTER}{_GAP}(?<!\d)"
    r"(?P<secret>(?:0?[1-9]|1[0-2])\s?[/.-]\s?(?:\d{4}|\d{2})(?![\d/.-]\d))",
    re.IGNORECASE,
)


def _expiry_end(text: str, end: int) -> int:
    """Where a card number ending at ``end`` ends with its expiry, when one follows it at once."""
    m = _EXPIRY_RE.match(text, end)
    return m.end() if m else end


def _pattern_spans(pattern: re.Pattern, kind: str, text: str) -> list[tuple[int, int, str]]:
    """Return (start, end, kind) for every ``secret`` group of ``pattern``."""
    return [(m.start("secret"), m.end("secret"), kind) for m in pattern.finditer(text)]


def _plain_word(word: str) -> bool:
    """A word of letters with no capital: "safety", "محفوظ", "নিরাপদ" (scripts without case count as plain; their
    vowel signs are letters here), not "Abc", "abc123"."""
    return any(ch.isalpha() for ch in word) and word == word.lower() and all(
        ch.isalpha() or unicodedata.category(ch).startswith("M") for ch in word)


def _password_spans(text: str) -> list[tuple[int, int, str]]:
    """Return (start, end, "password") for the word following a password keyword."""
    spans = []
    for m in _PASSWORD_RE.finditer(text):
        secret = m.group("secret").rstrip(_SENTENCE_END)  # the word as read; the span keeps what follows it
        if not secret or secret.lower() in _PASSWORD_STOPWORDS:
            continue
        told = m.group("conn") or any(ch in m.group("sep") for ch in ":=-")
        if not told and secret.isdigit() and _TIME_AFTER_RE.match(text, m.start("secret") + len(secret)):
            continue  # "password. 5 mins ago": when it was typed; "password: 4455 mins" is still told
        if not told and _plain_word(secret):
            continue  # "password safety", "password manager": a plain word, not a password being told
        spans.append((m.start("secret"), m.start("secret") + len(m.group("secret").rstrip(".,;:")), "password"))
    for m in _PASS_RE.finditer(text):
        shape = _NOT_SECRET_TOKEN_RE.match(text, m.start("secret"))
        if shape is not None and shape.end() >= m.end("secret") and not any(ch in m.group("sep") for ch in ":="):
            continue  # "pass UP32AB1234 wali gaadi": a vehicle's number near ("pass"), not a password
        spans.append((m.start("secret"), m.end("secret"), "password"))
    return spans


# A 12-digit number (also as 4-4-4) that is a valid Aadhaar (Verhoeff check digit, python-stdnum) in a message that
# names Aadhaar: a resident pasting a form or KYC details. UTRs are 12 digits too, so the word must be there.
_AADHAAR_WORD_RE = re.compile(rf"{_NOT_WORD_BEFORE}(?:{_any('aadhaar')}){_NOT_WORD_AFTER}", re.IGNORECASE)
_TWELVE_RE = re.compile(r"(?<![\d])\d{4}[ -]?\d{4}[ -]?\d{4}(?![\d])")


def _aadhaar_spans(text: str) -> list[tuple[int, int, str]]:
    if not _AADHAAR_WORD_RE.search(text):
        return []
    return [(m.start(), m.end(), "aadhaar") for m in _TWELVE_RE.finditer(text)
            if aadhaar.is_valid(m.group()) or _AADHAAR_LABEL_RE.search(text, max(0, m.start() - 40), m.start())]


# The Aadhaar word right before a 12-digit number ("mera aadhaar 2345 6789 0123 hai"): that number is the Aadhaar as
# typed, a digit mistyped or not (the check digit fails on a typo, the number is still the resident's)
_AADHAAR_LABEL_RE = re.compile(
    rf"{_NOT_WORD_BEFORE}(?:{_any('aadhaar')}){_NOT_WORD_AFTER}"
    rf"[^\w\n]{{0,3}}(?:(?:{_any('filler')}|{_any('not_card_then')})[^\w\n]{{1,3}}){{0,3}}$",
    re.IGNORECASE,
)


def secret_spans(text: str, expect: str | None = None, flow: str | None = None) -> list[tuple[int, int, str]]:
    """Return sorted, non-overlapping (start, end, kind) spans of secrets in ``text``.

    ``kind`` is one of "otp", "pin", "cvv", "password", "card", "aadhaar", "expiry", "card+expiry" (a card number
    with its expiry right after it). ``expect`` is the kind of answer the
    conversation waits for (a flow node's ``expect``), when known: ``"imei"`` makes a 15-digit number an IMEI;
    so does ``flow``, the report the conversation is in, when it is about a phone (PHONE_FLOWS).
    """
    if not isinstance(text, str) or not text:
        return []
    found = (
        _card_spans(text, expect, flow)
        + _pattern_spans(_OTP_AFTER_RE, "otp", text)
        + _pattern_spans(_OTP_BEFORE_RE, "otp", text)
        + _pattern_spans(_PIN_RE, "pin", text)
        + _pattern_spans(_CVV_RE, "cvv", text)
        + _pattern_spans(_EXPIRY_WORD_RE, "expiry", text)
        + _password_spans(text)
        + _aadhaar_spans(text)
    )
    found.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    merged: list[tuple[int, int, str]] = []
    for span in found:
        if merged and span[0] < merged[-1][1]:
            continue  # overlaps an earlier (or longer) secret
        merged.append(span)
    return merged


def redact(text: str, expect: str | None = None, flow: str | None = None) -> Redaction:
    """Return ``text`` with secrets replaced by ``[REDACTED-<KIND>]`` markers,
    and the kinds redacted in order of first appearance.  Never raises.

    ``expect``, ``flow``: the answer the conversation waits for and its report, if any (see :func:`secret_spans`)."""
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    try:
        spans = secret_spans(text, expect, flow)
    except Exception:  # pragma: no cover - defensive: redaction must not crash
        return Redaction(text=text, kinds=())
    if not spans:
        return Redaction(text=text, kinds=())
    parts, kinds, pos = [], [], 0
    for start, end, kind in spans:
        parts.append(text[pos:start])
        parts.append(_MARKERS[kind])
        for told in kind.split("+"):  # "card+expiry": both kinds
            if told not in kinds:
                kinds.append(told)
        pos = end
    parts.append(text[pos:])
    return Redaction(text="".join(parts), kinds=tuple(kinds))
