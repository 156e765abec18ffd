"""Entity extraction for cyber-crime helpline messages.

Pure functions, no I/O.  Every public function accepts raw resident text in
English, Hindi (Devanagari) or Hinglish; Devanagari digits are understood
everywhere.  :func:`extract` runs all extractors on one message and returns a
JSON-ready dict.

Internal helpers whose names start with ``_`` take *prepared* text (see
:func:`_prep`) so that :func:`extract` cleans a message only once.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache
from zoneinfo import ZoneInfo

import phonenumbers
from phonenumbers import Leniency, PhoneNumberFormat, PhoneNumberMatcher, PhoneNumberType
from rapidfuzz import fuzz, process

from .. import domains
from . import words
from .normalize import WORD_MARKS, clean, normalize, tokens
from .redact import luhn_ok, secret_spans

__all__ = [
    "BANKS",
    "TimeAnswer",
    "extract",
    "find_accounts",
    "find_bank",
    "find_emails",
    "find_ifsc",
    "find_imeis",
    "find_phones",
    "find_upi_ids",
    "find_urls",
    "find_utrs",
    "parse_amount",
    "parse_phone",
    "parse_time",
    "parse_utr",
    "within_minutes",
]

Span = tuple[int, int]

# Characters that count as part of a word: \w, Devanagari's signs and every script's combining marks (the
# vowel signs of Bengali, the harakat of Urdu), which \w leaves out.
_W = r"\w\u0900-\u0963\u0966-\u097f" + WORD_MARKS
_B = rf"(?<![{_W}])"  # start of a word
_E = rf"(?![{_W}])"  # end of a word


def _prep(text: str) -> str:
    """Return ``clean(text)`` with Devanagari nukta dropped and chandrabindu
    folded to anusvara, so "हज़ार"/"हजार" and "पाँच"/"पांच" look alike."""
    return clean(text).translate({0x093C: None, 0x0901: 0x0902})


def _overlaps(start: int, end: int, spans: list[Span]) -> bool:
    """Return True when [start, end) intersects any of ``spans``."""
    return any(s < end and start < e for s, e in spans)


class _SpanSet:
    """Sorted, merged [start, end) intervals with an O(log n) overlap test."""

    def __init__(self, spans: list[Span]):
        merged: list[list[int]] = []
        for start, end in sorted(spans):
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        self._starts = [s for s, _ in merged]
        self._ends = [e for _, e in merged]

    def overlaps(self, start: int, end: int) -> bool:
        """Return True when [start, end) intersects one of the intervals."""
        i = bisect_right(self._starts, end - 1) - 1
        return i >= 0 and self._ends[i] > start


def _dedupe(items: list[str]) -> list[str]:
    """Return ``items`` without repeats, first occurrence kept."""
    return list(dict.fromkeys(items))


# --------------------------------------------------------------------------
# Number words shared by amounts and times
# --------------------------------------------------------------------------

def _valued(name: str) -> dict[str, Decimal]:
    """{word: value} from lang/<code>/words/<name>.yaml (value -> words) of every pack."""
    return {word: Decimal(value) for value, found in words.load(name).items() for word in found}


_NUMBER_WORDS: dict[str, Decimal] = _valued("numbers")  # "dedh", "डेढ", "five"


def _word_alternation(words) -> str:
    """Return a regex alternation of ``words``, longest first."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


# --------------------------------------------------------------------------
# Phones
# --------------------------------------------------------------------------

_LABELS = words.load("labels")  # lang/<code>/words/labels.yaml: words that label a long number


def _labels(name: str) -> str:
    """A regex alternation of labels.yaml's list ``name`` (as written, longest first)."""
    return words.any_of(_LABELS[name], whole_words=False)


# A long number explicitly labelled as something else is not a phone: the kinds of label are labels.yaml's lists.
_LABEL_KINDS = ("account", "reference", "other_number")
_LABELLED_NUMBER_RE = re.compile(
    rf"{_B}(?:" + "|".join(f"(?P<{kind}>{_labels(kind)})" for kind in _LABEL_KINDS) + ")"
    rf"[^\w\n]{{0,3}}(?:(?:{_labels('number_filler')})[^\w\n]{{1,3}}){{0,3}}"
    r"(?P<num>\d[\d -]{7,}\d)",
    re.IGNORECASE,
)


def _labelled_spans(t: str, kinds: tuple[str, ...] = _LABEL_KINDS) -> list[Span]:
    """Return spans of numbers directly preceded by a label of one of ``kinds`` (account, reference,
    other_number)."""
    return [(m.start("num"), m.end("num")) for m in _LABELLED_NUMBER_RE.finditer(t)
            if any(m.group(kind) for kind in kinds)]


def _is_mobile_with_91(digits: str) -> bool:
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
_DIGIT_RE = re.compile(r"\d")


def _phone_matches(t: str) -> list[tuple[int, int, str]]:
    """Return (start, end, E.164) for phone numbers in prepared text ``t``."""
    if len(_DIGIT_RE.findall(t)) < 7:  # no phone number has fewer digits: skip the costly matcher
        return []
    labelled = _labelled_spans(t) + [(s, e) for s, e, _ in _url_matches(t)]
    found = []
    for m in PhoneNumberMatcher(t, "IN", leniency=Leniency.VALID, max_tries=_PHONE_MAX_TRIES):
        raw_digits = re.sub(r"\D", "", m.raw_string)
        if len(raw_digits) == 12 and m.raw_string.isdigit() and not _is_mobile_with_91(raw_digits):
            continue  # a bare 12-digit run that is not 91+mobile is a UTR
        if _overlaps(m.start, m.end, labelled):
            continue
        found.append((m.start, m.end, phonenumbers.format_number(m.number, PhoneNumberFormat.E164)))
    return found


def find_phones(text: str) -> list[str]:
    """Return phone numbers in ``text`` as E.164 strings ("+919876543210"),
    in order of appearance, without duplicates."""
    return _dedupe([e164 for _, _, e164 in _phone_matches(_prep(text))])


def parse_phone(text: str) -> str | None:
    """Return the first phone number in ``text`` in E.164 form, or None."""
    phones = find_phones(text)
    return phones[0] if phones else None


# --------------------------------------------------------------------------
# E-mails, UPI ids, URLs
# --------------------------------------------------------------------------

_EMAIL_RE = re.compile(
    r"(?<![\w.%+-])[a-z0-9][a-z0-9._%+-]*@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,24}(?![\w-])",
    re.IGNORECASE,
)
_UPI_RE = re.compile(
    r"(?<![\w.-])[a-z0-9._-]{2,}@[a-z]{2,}(?![\w@-]|\.[a-z0-9])",
    re.IGNORECASE,
)

# Which endings make a link is a reading of residents' text, not a suffix list: these are the endings a
# link may have without "www." or a path; every one is a real top-level domain of the Public Suffix List
# (bot/domains.py, tested). Registered domains are bot/domains.py's alone.
# TLDs accepted on their own ("sbi-update.xyz").
_STRONG_TLDS = frozenset(
    """com net org info biz xyz top online site shop store club live app dev
    io co in ly cc tk ml ga cf gq uk ru cn pk bd np lk ai ws la su pw gd gl
    tv vip bid loan click link website tech cloud icu buzz rest cyou bank
    gov edu mil int news blog mobi asia sg hk au ca de fr nl eu jp kr ph vn
    th ng ke za br mx es""".split()
)
# Word-like TLDs, accepted only with a scheme, "www." or a path, so that a
# missing space after a full stop ("done.it", "paise gaye.help") is no link.
_WEAK_TLDS = frozenset(
    """me to it us my id is am at be do no so win work fun space pro today
    support help services finance money page one world life digital email
    agency center company network online""".split()
)
# Top-level names kept for examples and tests (RFC 2606, RFC 6761): a link in a forwarded sample or a test.
_RESERVED_TLDS = frozenset(("example", "invalid", "test"))
_URL_RE = re.compile(
    r"""(?<![\w@.\-/:])
    (?P<url>
      (?:(?P<scheme>https?|ftp)://)?
      (?P<host>
        (?P<www>www\.)?
        (?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+
        (?P<tld>[a-z]{2,24})
      )
      (?![\w@-])
      (?P<port>:\d{2,5})?
      (?P<path>[/?#][^\s<>"'`]*)?
    )""",
    re.IGNORECASE | re.VERBOSE,
)
_IP_URL_RE = re.compile(
    r"(?<![\w@.\-/])(?P<url>(?P<scheme>https?)://(?P<host>(?:\d{1,3}\.){3}\d{1,3})"
    r"(?P<port>:\d{2,5})?(?P<path>[/?#][^\s<>\"'`]*)?)",
    re.IGNORECASE,
)
_TRAILING_PUNCT = ".,;:!?)]}'\"”’>"


def _email_matches(t: str) -> list[re.Match]:
    """Return e-mail address matches in prepared text ``t``."""
    return list(_EMAIL_RE.finditer(t)) if "@" in t else []


def _upi_matches(t: str) -> list[re.Match]:
    """Return UPI id matches ("name@okaxis") in prepared text ``t``."""
    return list(_UPI_RE.finditer(t)) if "@" in t else []


def find_emails(text: str) -> list[str]:
    """Return lower-cased e-mail addresses in ``text``, in order, deduplicated."""
    return _dedupe([m.group().lower() for m in _email_matches(_prep(text))])


def find_upi_ids(text: str) -> list[str]:
    """Return lower-cased UPI ids ("98765@ybl") in ``text``, in order, deduplicated."""
    return _dedupe([m.group().lower() for m in _upi_matches(_prep(text))])


def _plausible_url(m: re.Match) -> bool:
    """Return True when a URL match has a believable top-level domain."""
    tld = m.group("tld").lower()
    if tld in _STRONG_TLDS or m.group("scheme"):  # "http://..." is a link whatever its ending
        return True
    if tld in _RESERVED_TLDS and "." in m.group("host").rstrip(".")[: -len(tld) - 1]:
        return True  # "sbi-points.example.invalid": the names kept for examples (RFC 2606), as residents' tests write
    explicit = m.group("www") or m.group("path")
    return bool(explicit) and (tld in _WEAK_TLDS or (len(tld) == 2 and domains.is_tld(tld)))


def _format_url(m: re.Match) -> str:
    """Return the URL as written, host (and scheme) lower-cased, trailing
    punctuation removed."""
    scheme = m.group("scheme")
    prefix = f"{scheme.lower()}://" if scheme else ""
    rest = (m.group("port") or "") + (m.group("path") or "")
    url = prefix + m.group("host").lower() + rest
    while url and url[-1] in _TRAILING_PUNCT:
        if url[-1] == ")" and url.count("(") >= url.count(")"):
            break
        url = url[:-1]
    return url


def _url_matches(t: str) -> list[tuple[int, int, str]]:
    """Return (start, end, url) for links in prepared text ``t``."""
    if "." not in t:  # every host has a dot: skip both expressions
        return []
    found = []
    for m in _URL_RE.finditer(t):
        if _plausible_url(m):
            found.append((m.start(), m.end(), _format_url(m)))
    for m in _IP_URL_RE.finditer(t):
        rest = (m.group("port") or "") + (m.group("path") or "")
        url = f"{m.group('scheme').lower()}://{m.group('host')}{rest}".rstrip(_TRAILING_PUNCT)
        found.append((m.start(), m.end(), url))
    found.sort()
    return found


def find_urls(text: str) -> list[str]:
    """Return links in ``text`` ("bit.ly/3xYz", "https://sbi-kyc.in/login") as
    written, host lower-cased, trailing punctuation trimmed; deduplicated."""
    return _dedupe([u for _, _, u in _url_matches(_prep(text))])


# --------------------------------------------------------------------------
# IFSC, UTR, accounts, IMEI
# --------------------------------------------------------------------------

_IFSC_RE = re.compile(r"(?<![a-z0-9])[a-z]{4}0[a-z0-9]{6}(?![a-z0-9])", re.IGNORECASE)

_UTR_LABEL = (
    rf"(?:{_labels('utr_label')})"
    rf"[^\w\n]{{0,3}}(?:(?:{_labels('utr_filler')})[^\w\n]{{1,3}}){{0,3}}"
)
_UTR_12_RE = re.compile(r"(?<!\w)(?<!\d[.,])\d{12}(?!\w|[.,]\d)")
_UTR_GROUPED_RE = re.compile(
    rf"{_B}{_UTR_LABEL}(?P<utr>\d{{4}}[ -]\d{{4}}[ -]\d{{4}})(?![ -]?\d)", re.IGNORECASE
)
_UTR_ALNUM_RE = re.compile(
    rf"{_B}{_UTR_LABEL}(?P<utr>[a-z]{{4}}[a-z0-9]{{12}}(?:[a-z0-9]{{6}})?)(?![a-z0-9])",
    re.IGNORECASE,
)

_ACCOUNT_WORD = rf"(?:{_labels('account_near')})"
_ACCOUNT_NEAR_RE = re.compile(
    rf"{_B}{_ACCOUNT_WORD}[^\d\n]{{0,30}}?(?<!\d)(?P<num>\d{{9,18}})(?!\d)", re.IGNORECASE
)
_LONG_NUMBER_RE = re.compile(r"(?<!\w)(?<!\d[.,])\d{9,18}(?!\w|[.,]\d)")
_IMEI_RE = re.compile(r"(?<![\d+])(?<!\d[ -])(?P<num>\d(?:[ -]?\d){14})(?![ -]?\d)")


def _ifsc_matches(t: str) -> list[re.Match]:
    """Return IFSC code matches in prepared text ``t``."""
    return list(_IFSC_RE.finditer(t)) if "0" in t else []


def find_ifsc(text: str) -> list[str]:
    """Return upper-cased IFSC codes ("SBIN0001234") in ``text``, deduplicated."""
    return _dedupe([m.group().upper() for m in _ifsc_matches(_prep(text))])


def _utr_matches(t: str) -> list[tuple[int, int, str]]:
    """Return (start, end, utr) for UPI/IMPS (12 digits) and NEFT/RTGS UTRs."""
    if not _DIGIT_RE.search(t):  # every UTR has a digit
        return []
    found = []
    utr_labelled = _labelled_spans(t, ("reference",))
    not_utr = _labelled_spans(t, ("account", "other_number"))
    not_utr += [(s, e) for s, e, _ in _url_matches(t)] + [m.span() for m in _upi_matches(t)]
    not_utr += [m.span() for m in _email_matches(t)]
    for m in _UTR_12_RE.finditer(t):
        if _overlaps(m.start(), m.end(), not_utr):
            continue
        if _is_mobile_with_91(m.group()) and not _overlaps(m.start(), m.end(), utr_labelled):
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
    return _dedupe([u for _, _, u in _utr_matches(_prep(text))])


def parse_utr(text: str) -> str | None:
    """Return the first UTR in ``text`` (a bare answer), or None."""
    utrs = find_utrs(text)
    return utrs[0] if utrs else None


def _account_matches(t: str, phone_spans: list[Span], has_ifsc: bool) -> list[tuple[int, int, str]]:
    """Return (start, end, digits) for bank account numbers in prepared text ``t``."""
    if not _DIGIT_RE.search(t):
        return []
    found = {}
    tight = _labelled_spans(t, ("account",))
    not_account = _labelled_spans(t, ("reference", "other_number"))
    for m in _ACCOUNT_NEAR_RE.finditer(t):
        start, end = m.span("num")
        if _overlaps(start, end, not_account):
            continue
        if _overlaps(start, end, phone_spans) and not _overlaps(start, end, tight):
            continue
        found[start] = (start, end, m.group("num"))
    if has_ifsc:
        for m in _LONG_NUMBER_RE.finditer(t):
            start, end = m.span()
            if start in found or _overlaps(start, end, phone_spans + not_account):
                continue
            found[start] = (start, end, m.group())
    return sorted(found.values())


def find_accounts(text: str) -> list[str]:
    """Return bank account numbers (9-18 digits) mentioned next to a word like
    account / a/c / khata / खाता, or anywhere when an IFSC code is present."""
    t = _prep(text)
    phones = [(s, e) for s, e, _ in _phone_matches(t)]
    return _dedupe([a for _, _, a in _account_matches(t, phones, bool(_IFSC_RE.search(t)))])


def _imei_matches(t: str) -> list[tuple[int, int, str]]:
    """Return (start, end, digits) for Luhn-valid 15-digit numbers."""
    if len(_DIGIT_RE.findall(t)) < 15:
        return []
    found = []
    for m in _IMEI_RE.finditer(t):
        digits = re.sub(r"\D", "", m.group("num"))
        if luhn_ok(digits):
            found.append((m.start(), m.end(), digits))
    return found


def find_imeis(text: str) -> list[str]:
    """Return 15-digit IMEI numbers (Luhn-valid) in ``text``, digits only."""
    return _dedupe([i for _, _, i in _imei_matches(_prep(text))])


# --------------------------------------------------------------------------
# Banks and wallets
# --------------------------------------------------------------------------

#: Canonical bank / wallet name -> aliases in every language (matched on normalised tokens): data in
#: lang/<code>/words/banks.yaml, shared with every form that asks for a bank.
BANKS: dict[str, tuple[str, ...]] = words.load("banks")

_FUZZY_MIN_LEN = 6
_MAX_ALIAS_TOKENS = 5
_FUZZY_CUTOFF = 88.0
# A window can match an alias with a typo only if its first word is near the alias's first word (a typo of
# "state" in "sate bank of india", "statebank" run together): words this far from every first word skip the
# typo matcher, which is most words of most messages (remembered per word).
_FIRST_WORD_CUTOFF = 60.0


@lru_cache(maxsize=1)
def _bank_alias_index() -> tuple[dict[tuple[str, ...], str], dict[int, dict[str, str]]]:
    """Return (exact token-tuple -> bank, {token count: {alias text: bank}} for
    fuzzy matching of aliases of at least ``_FUZZY_MIN_LEN`` characters)."""
    exact: dict[tuple[str, ...], str] = {}
    fuzzy: dict[int, dict[str, str]] = {}

    for bank, aliases in BANKS.items():
        for alias in aliases + (bank,):
            toks = tuple(tokens(_prep(alias)))
            if not toks:
                continue
            exact.setdefault(toks, bank)
            text = " ".join(toks)
            if len(text) >= _FUZZY_MIN_LEN and text.isascii() and all(len(w) > 2 or w == "of" for w in toks):
                fuzzy.setdefault(len(toks), {})[text] = bank
    return exact, fuzzy


def _bank_exact_at(toks: list[str], i: int) -> str | None:
    """Return the bank whose longest alias starts exactly at token ``i``."""
    exact, _ = _bank_alias_index()
    for n in range(min(_MAX_ALIAS_TOKENS, len(toks) - i), 0, -1):
        bank = exact.get(tuple(toks[i : i + n]))
        if bank:
            return bank
    return None


@lru_cache(maxsize=1)
def _fuzzy_first_words() -> tuple[str, ...]:
    _, fuzzy = _bank_alias_index()
    return tuple(sorted({alias.split()[0] for aliases in fuzzy.values() for alias in aliases}))


@lru_cache(maxsize=50000)
def _may_start_alias(word: str) -> bool:
    """False when ``word`` is too far from the first word of every typo-matched alias to start one."""
    return process.extractOne(word, _fuzzy_first_words(), scorer=fuzz.ratio,
                              score_cutoff=_FIRST_WORD_CUTOFF) is not None


def _bank_fuzzy_at(toks: list[str], i: int) -> str | None:
    """Return the bank whose alias (longest first) matches the tokens starting
    at ``i`` with a small typo ("sate bank of india", "canra bank")."""
    if not _may_start_alias(toks[i]):
        return None
    _, fuzzy = _bank_alias_index()
    for n in sorted(fuzzy, reverse=True):
        if len(toks) - i < n:
            continue
        window = " ".join(toks[i : i + n])
        if len(window) < _FUZZY_MIN_LEN:
            continue
        bank = _fuzzy_bank(window, n)
        if bank:
            return bank
    return None


@lru_cache(maxsize=50000)
def _fuzzy_bank(window: str, n: int) -> str | None:
    """The bank an n-word window names with a small typo, remembered per window."""
    _, fuzzy = _bank_alias_index()
    hit = process.extractOne(window, fuzzy[n].keys(), scorer=fuzz.ratio, score_cutoff=_FUZZY_CUTOFF)
    return fuzzy[n][hit[0]] if hit else None


def _address_spans(t: str) -> list[Span]:
    """Return spans of links, e-mail addresses and UPI ids (merged)."""
    spans = [(s, e) for s, e, _ in _url_matches(t)]
    spans += [m.span() for m in _email_matches(t)] + [m.span() for m in _upi_matches(t)]
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _find_bank(t: str) -> str | None:
    """Return the canonical bank/wallet name mentioned first in prepared text
    ``t``: exact aliases (whole tokens) win over typo matches at the same place.
    Links, e-mail addresses and UPI ids are ignored ("sbi-kyc.top" is a
    phishing site, "x@paytm" the receiver's wallet, not the resident's bank)."""
    for start, end in sorted(_address_spans(t), reverse=True):
        t = t[:start] + " " + t[end:]
    toks = tokens(t)
    for i in range(len(toks)):
        bank = _bank_exact_at(toks, i) or _bank_fuzzy_at(toks, i)
        if bank:
            return bank
    return None


def find_bank(text: str) -> str | None:
    """Return the canonical name of the first bank or wallet mentioned in
    ``text`` ("State Bank of India", "PhonePe", ...), or None."""
    return _find_bank(_prep(text))


# --------------------------------------------------------------------------
# Amounts
# --------------------------------------------------------------------------

_MAX_AMOUNT = Decimal(10) ** 10  # 1,000 crore
_MONEY_WORDS = words.load("amounts")  # lang/<code>/words/amounts.yaml: the words around an amount


def _money_words(*names: str) -> str:
    """A regex alternation of amounts.yaml's lists ``names`` (as written, longest first)."""
    return words.any_of([phrase for name in names for phrase in _MONEY_WORDS[name]], whole_words=False)


_CUR_PRE = rf"(?:{_money_words('currency_before')})"
_CUR_POST = rf"(?:{_money_words('currency_after')})"
_MULTIPLIERS: dict[str, Decimal] = _valued("multipliers")  # "lakh", "हजार", "k"
_MULT = _word_alternation(_MULTIPLIERS)
_NUM = r"\d{1,3}(?:(?:,\d{2})*,\d{3}|(?:,\d{3})+)(?![\d,])|\d+"

_AMOUNT_RE = re.compile(
    rf"""(?:(?<![a-z\u0900-\u097f])(?P<pre>{_CUR_PRE})\s*|(?<![\w.,/]))
    (?P<num>{_NUM})(?:\.(?P<dec>\d+))?
    (?:\s*(?P<mult>{_MULT})(?![a-z\u0900-\u097f]))?
    (?:\s*(?P<post>{_CUR_POST})(?![a-z\u0900-\u097f]))?""",
    re.IGNORECASE | re.VERBOSE,
)
_WORD_AMOUNT_RE = re.compile(
    rf"""{_B}(?P<word>{_word_alternation(_NUMBER_WORDS)})\s+
    (?P<mult>{_word_alternation(w for w in _MULTIPLIERS if len(w) > 2)})(?![a-z\u0900-\u097f])
    (?:\s*(?P<post>{_CUR_POST})(?![a-z\u0900-\u097f]))?""",
    re.IGNORECASE | re.VERBOSE,
)
# Words after a number that make it something other than money.
_NON_MONEY_AFTER_RE = re.compile(rf"\s*(?:%|(?:{_money_words('not_money_after')})(?![a-z]))", re.IGNORECASE)
# Words right before a number that make it a label, not money.
_NON_MONEY_BEFORE_RE = re.compile(
    rf"(?<![a-z])(?:{_money_words('not_money_before')})[\s:.#-]*"
    rf"(?:(?:{_money_words('not_money_filler')})[\s:.#-]+){{0,2}}$",
    re.IGNORECASE,
)
# Words that mark a number as the money lost: English verbs come before the
# amount ("debited Rs 500"), Hindi ones after it ("15000 kat gaye").
_MONEY_CONTEXT_BEFORE_RE = re.compile(
    rf"(?<![a-z])(?:{_money_words('money_before')})"
    rf"\W{{1,3}}(?:(?:{_money_words('money_before_filler')})\W{{1,3}}){{0,2}}[₹]?\s*$",
    re.IGNORECASE,
)
_MONEY_CONTEXT_AFTER_RE = re.compile(
    rf"\s*(?:{_money_words('money_after_currency')})?\s*(?:(?:{_money_words('money_after_link')})\s+)?"
    rf"(?:{_money_words('money_after')})",
    re.IGNORECASE,
)
_RANGE_RE = re.compile(rf"(?:\s*(?:-|–|{_money_words('range')})\s*\d+(?:\.\d+)?)?")
_AND_RE = re.compile(rf"[\s,]*(?:{_money_words('and')})?[\s,]*", re.IGNORECASE)
_YEAR_BEFORE_RE = re.compile(rf"(?<![a-z])(?:{_money_words('year_before')})[\s,]*$", re.IGNORECASE)
_DIGIT_BLOB_RE = re.compile(r"\d(?:[ -]?\d){12,}")  # card / long reference numbers
_DATE_SPANS_RE = re.compile(
    r"(?<!\d)\d{4}-\d{1,2}-\d{1,2}(?!\d)|(?<!\d)\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}(?!\d)"
    r"|(?<!\d)\d{1,2}:\d{2}(?::\d{2})?(?!\d)",
)


@dataclass(frozen=True)
class _AmountCandidate:
    """One number found in the text and how money-like it looks."""

    start: int
    end: int
    value: Decimal
    marked: bool  # currency sign / word or multiplier present
    mult: Decimal  # multiplier (1 when none)


def _quantize(value: Decimal) -> Decimal:
    """Return ``value`` as an integer Decimal, or with exactly 2 decimals."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _is_negative(t: str, start: int) -> bool:
    """Return True when a minus sign (not a range or "/-") precedes ``start``."""
    j = start - 1
    while j >= 0 and t[j] == " ":
        j -= 1
    return j >= 0 and t[j] in "-−" and (j == 0 or not t[j - 1].isalnum() and t[j - 1] != "/")


def _year_like(t: str, m: re.Match) -> bool:
    """Return True when a plain 4-digit number 1950-2099 reads as a year."""
    num = m.group("num")
    return len(num) == 4 and 1950 <= int(num) <= 2099 and bool(
        _YEAR_BEFORE_RE.search(t[max(0, m.start() - 12):m.start()]))


def _numeric_candidate(t: str, m: re.Match, blocked: _SpanSet, phones: _SpanSet) -> _AmountCandidate | None:
    """Return the candidate for a digit match, or None if it is not money."""
    raw = m.group("num").replace(",", "")
    try:
        value = Decimal(raw + ("." + m.group("dec") if m.group("dec") else ""))
    except InvalidOperation:
        return None
    mult_word = (m.group("mult") or "").lower()
    mult = _MULTIPLIERS.get(mult_word, Decimal(1))
    marked = bool(m.group("pre") or m.group("post") or mult_word)
    start, end = m.start("num"), m.end()
    if _is_negative(t, m.start()):
        return None
    if not marked:
        if len(raw) > 9 or (raw.startswith("0") and len(raw) > 1):
            return None
        if blocked.overlaps(m.start("num"), m.end("num")):
            return None
        after = _RANGE_RE.match(t, m.end()).end()  # "3-4 din": look past the range
        if _NON_MONEY_AFTER_RE.match(t, after) or (m.end() < len(t) and (t[m.end()].isalpha() or t[m.end()] == "/")):
            return None
        if _NON_MONEY_BEFORE_RE.search(t, max(0, start - 30), start) or _year_like(t, m):
            return None
        if m.group("dec") and t[m.end() : m.end() + 1] == ".":
            return None  # version numbers "1.2.3"
    elif blocked.overlaps(m.start("num"), m.end("num")) and not (m.group("pre") or m.group("post")):
        return None
    elif phones.overlaps(m.start("num"), m.end("num")):
        return None
    return _AmountCandidate(start, end, value * mult, marked, mult)


def _word_candidate(m: re.Match) -> _AmountCandidate:
    """Return the candidate for "paanch hazar" / "dedh lakh" style amounts."""
    mult = _MULTIPLIERS[m.group("mult").lower()]
    value = _NUMBER_WORDS[m.group("word").lower()] * mult
    return _AmountCandidate(m.start(), m.end(), value, True, mult)


def _merge_compounds(cands: list[_AmountCandidate], t: str) -> list[_AmountCandidate]:
    """Join "1 lakh 50 hazar" / "5 hazar 500" into one candidate."""
    merged: list[_AmountCandidate] = []
    for c in cands:
        prev = merged[-1] if merged else None
        if (
            prev is not None
            and prev.mult > 1
            and c.value < prev.mult
            and (c.mult < prev.mult)
            and _AND_RE.fullmatch(t[prev.end : c.start])
        ):
            merged[-1] = _AmountCandidate(prev.start, c.end, prev.value + c.value, True, c.mult)
        else:
            merged.append(c)
    return merged


def _amount_blocked_spans(t: str, phone_spans: list[Span]) -> _SpanSet:
    """Return spans where digits belong to something other than money."""
    spans = list(phone_spans)
    spans += [(s, e) for s, e, _ in _utr_matches(t)]
    spans += [(s, e) for s, e, _ in _imei_matches(t)]
    spans += [(s, e) for s, e, _ in _url_matches(t)]
    spans += [m.span() for m in _email_matches(t)]
    spans += [m.span() for m in _upi_matches(t)]
    spans += [m.span() for m in _ifsc_matches(t)]
    spans += [m.span() for m in _DATE_SPANS_RE.finditer(t)]
    spans += [m.span() for m in _DAY_MONTH_RE.finditer(t)]
    spans += [m.span() for m in _MONTH_DAY_RE.finditer(t)]
    spans += [(s, e) for s, e, _ in secret_spans(t)]
    spans += [m.span() for m in _DIGIT_BLOB_RE.finditer(t)]
    return _SpanSet(spans)


def _amount(t: str, phone_spans: list[Span]) -> Decimal | None:
    """Return the money amount in prepared text ``t`` (see :func:`parse_amount`)."""
    if not _DIGIT_RE.search(t) and not _WORD_AMOUNT_RE.search(t):
        return None
    blocked = _amount_blocked_spans(t, phone_spans)
    phones = _SpanSet(phone_spans)
    cands = [c for m in _AMOUNT_RE.finditer(t) if (c := _numeric_candidate(t, m, blocked, phones))]
    cands += [_word_candidate(m) for m in _WORD_AMOUNT_RE.finditer(t)]
    cands.sort(key=lambda c: c.start)
    cands = [c for c in _merge_compounds(cands, t) if Decimal(0) < c.value <= _MAX_AMOUNT]
    if not cands:
        return None
    # Most money-like first: next to a loss verb, then with a currency marker;
    # among equals the largest (a test debit of Re 1 is not the loss).
    chosen = max(cands, key=lambda c: (2 if _in_money_context(t, c) else int(c.marked), c.value, -c.start))
    return _quantize(chosen.value)


def _in_money_context(t: str, c: _AmountCandidate) -> bool:
    """Return True when a loss verb sits right before or after the candidate
    ("debited Rs 500", "15000 kat gaye")."""
    return bool(
        _MONEY_CONTEXT_BEFORE_RE.search(t, max(0, c.start - 20), c.start)
        or _MONEY_CONTEXT_AFTER_RE.match(t, c.end, min(len(t), c.end + 20))
    )


def parse_amount(text: str) -> Decimal | None:
    """Return the rupee amount in ``text`` as a Decimal (at most 2 decimal
    places), or None when there is none or it is zero, negative or absurd
    (over 1,000 crore).  Phone numbers, UTRs, account numbers, years, dates,
    times, PIN codes and OTPs are never taken for an amount."""
    t = _prep(text)
    return _amount(t, [(s, e) for s, e, _ in _phone_matches(t)])


# --------------------------------------------------------------------------
# Times
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class TimeAnswer:
    """When something happened, as understood from a resident's words.

    ``at`` is an aware UTC datetime (None when unknown), ``unknown`` is True when
    the resident said they do not know, ``approx`` is True when the time is a
    guess at day or part-of-day resolution, ``label`` is a short English
    description ("just now", "10 minutes ago", "yesterday 21:00"). ``future`` is True
    when the words name a time still to come ("today 10 am" said at 03:45): then
    ``at`` is None, and the resident is asked again rather than read as "now".
    """

    at: datetime | None
    unknown: bool
    approx: bool
    label: str
    future: bool = False


_TIME = words.load("time")  # lang/<code>/words/time.yaml: months, weekdays, parts of the day, days back, units
_MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
                "november", "december")
_MONTHS: dict[str, int] = {_prep(name): number for number, month in enumerate(_MONTH_NAMES, 1)
                           for name in _TIME[month]}
_MONTH = _word_alternation(_MONTHS)


def _listed(*names: str) -> list[str]:
    """The phrases of time.yaml's lists ``names`` in every pack, prepared and lower-cased like the text read."""
    return list(dict.fromkeys(_prep(phrase).lower() for name in names for phrase in _TIME.get(name, ())))


def _said(*names: str) -> str:
    """A regex alternation of time.yaml's lists ``names`` (longest first); an apostrophe in a phrase may be
    typed, typographic or left out ("don't", "don’t", "dont")."""
    return _word_alternation(_listed(*names)).replace("'", "['’]?") or "(?!)"

_ISO_DATE_RE = re.compile(r"(?<!\d)(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?!\d)")
_DMY_RE = re.compile(r"(?<![\d/.-])(?P<d>\d{1,2})(?P<sep>[/.-])(?P<m>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})(?![\d/])")
_DAY_MONTH_RE = re.compile(
    rf"(?<!\d)(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s*(?:of\s+)?(?P<mon>{_MONTH}){_E}\.?(?:,?\s*(?P<y>\d{{4}})(?!\d))?",
    re.IGNORECASE,
)
_MONTH_DAY_RE = re.compile(
    rf"{_B}(?P<mon>{_MONTH}){_E}\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?!\d)(?:,?\s*(?P<y>\d{{4}})(?!\d))?",
    re.IGNORECASE,
)

_AMPM = r"(?P<ampm>a\.?\s?m\.?|p\.?\s?m\.?)(?![a-z])"
_CLOCK_RES = (
    re.compile(rf"(?<![\d.:])(?P<h>\d{{1,2}}):(?P<mi>\d{{2}})(?!\d)(?:\s*{_AMPM})?", re.IGNORECASE),
    re.compile(rf"(?<![\d.:,])(?P<h>\d{{1,2}})(?:\.(?P<mi>\d{{2}}))?\s*{_AMPM}", re.IGNORECASE),
    re.compile(rf"(?<![\d.:,])(?P<h>\d{{1,2}})\s*(?P<baje>{_said('oclock')})", re.IGNORECASE),
)
_NOON_RE = re.compile(rf"{_B}(?:{_said('noon')}){_E}", re.IGNORECASE)

_PERIODS = {period: (hour, _word_alternation(_TIME[period]))
            for period, hour in (("morning", 9), ("afternoon", 14), ("evening", 18), ("night", 21))}
_PERIOD_RES = {
    name: re.compile(rf"{_B}(?:{words}){_E}", re.IGNORECASE) for name, (_, words) in _PERIODS.items()
}

_DAY_WORDS = [(back, re.compile(rf"{_B}(?:{_word_alternation(_TIME[name])}){_E}", re.IGNORECASE))
              for back, name in ((2, "day_before_yesterday"), (1, "yesterday"), (0, "today"))]
_WEEKDAYS = [_word_alternation(_TIME[day])
             for day in ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")]
_WEEKDAY_RES = [re.compile(rf"{_B}(?:{w}){_E}", re.IGNORECASE) for w in _WEEKDAYS]

_UNKNOWN_RE = re.compile(rf"{_B}(?:{_said('unknown')}){_E}", re.IGNORECASE)
_JUST_NOW_RE = re.compile(
    rf"{_B}(?:{_said('just_now')}){_E}(?!\s*(?:{_said('not_now')}){_E})|^\W*(?:{_said('now_alone')})\W*$",
    re.IGNORECASE,
)
_WHILE_AGO_RE = re.compile(rf"{_B}(?:{_said('while_ago')})", re.IGNORECASE)

_UNITS = {unit: (length, _word_alternation(_TIME[unit + "s"]))
          for unit, length in (("minute", timedelta(minutes=1)), ("hour", timedelta(hours=1)),
                               ("day", timedelta(days=1)), ("week", timedelta(weeks=1)), ("month", timedelta(days=30)))}
_UNIT_OF = {_prep(word): unit for unit in _UNITS for word in _TIME[unit + "s"]}
_AGO = _said("ago")
_FEW = frozenset(_listed("few"))  # "a few minutes": 3
_COUPLE = frozenset(_listed("couple"))  # "a couple of hours": 2
_QTY = rf"\d+(?:\.\d+)?|{_word_alternation(_NUMBER_WORDS)}|{_said('few', 'couple')}"
_ABOUT = _said("about")
_RELATIVE_RE = re.compile(
    rf"{_B}(?:(?:{_ABOUT})\s+)?"
    rf"(?P<qty>{_QTY})\s*(?:an\s+|a\s+)?(?P<unit>{_word_alternation(_UNIT_OF)}){_E}\s*(?P<ago>{_AGO}){_E}",
    re.IGNORECASE,
)
_BARE_RELATIVE_RE = re.compile(
    rf"\s*(?:(?:{_ABOUT})\s+)?"
    rf"(?P<qty>{_QTY})\s*(?:an\s+|a\s+)?(?P<unit>{_word_alternation(_UNIT_OF)})[\s.!]*",
    re.IGNORECASE,
)
# "in the last 10 minutes", "pichle aadhe ghante me", "पिछले आधे घंटे में", "within the last hour":
# the loss began at most that long ago; the far end of the window is taken (the cautious reading).
_WITHIN_RE = re.compile(
    rf"{_B}(?:{_said('within')})\s+"
    rf"(?:(?P<qty>{_QTY})\s*)?(?P<unit>{_word_alternation(_UNIT_OF)}){_E}",
    re.IGNORECASE,
)
_LAST_PERIOD_RE = re.compile(
    rf"{_B}(?:(?P<week>{_said('last_week')})|(?P<month>{_said('last_month')})){_E}",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class _Clock:
    """A time of day as written: hour, minute, and whether am/pm fixed it."""

    hour: int
    minute: int
    fixed: bool  # True for 24-hour or am/pm times, False for "3 baje"


def _find_clock(t: str) -> _Clock | None:
    """Return the first time of day ("9pm", "21:30", "3 baje") in ``t``."""
    best: tuple[int, _Clock] | None = None
    for pattern in _CLOCK_RES:
        m = pattern.search(t)
        if not m:
            continue
        groups = m.groupdict()
        hour, minute = int(groups["h"]), int(groups.get("mi") or 0)
        ampm = (groups.get("ampm") or "").lower()
        if minute > 59 or hour > 23 or (ampm and not 1 <= hour <= 12):
            continue
        if ampm:
            hour = hour % 12 + (12 if ampm.startswith("p") else 0)
        fixed = bool(ampm) or hour == 0 or hour > 12
        if best is None or m.start() < best[0]:
            best = (m.start(), _Clock(hour, minute, fixed))
    if best:
        return best[1]
    if _NOON_RE.search(t):
        return _Clock(12, 0, True)
    return None


def _find_period(t: str) -> str | None:
    """Return "morning"/"afternoon"/"evening"/"night" if mentioned in ``t``."""
    hits = [(m.start(), name) for name, rx in _PERIOD_RES.items() if (m := rx.search(t))]
    return min(hits)[1] if hits else None


def _safe_date(y: int, m: int, d: int) -> date | None:
    """Return date(y, m, d) or None when it does not exist."""
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _find_date(t: str, today: date) -> date | None:
    """Return an absolute calendar date written in ``t`` (past year assumed
    when the year is missing), or None."""
    if m := _ISO_DATE_RE.search(t):
        if d := _safe_date(int(m["y"]), int(m["m"]), int(m["d"])):
            return d
    if m := _DMY_RE.search(t):
        year = int(m["y"]) + (2000 if len(m["y"]) == 2 else 0)
        if d := _safe_date(year, int(m["m"]), int(m["d"])):
            return d
    for rx in (_DAY_MONTH_RE, _MONTH_DAY_RE):
        if m := rx.search(t):
            month = _MONTHS[m["mon"].lower()]
            if m["y"]:
                if d := _safe_date(int(m["y"]), month, int(m["d"])):
                    return d
                continue
            d = _safe_date(today.year, month, int(m["d"]))
            if d and d > today:
                d = _safe_date(today.year - 1, month, int(m["d"]))
            if d:
                return d
    return None


def _find_day_offset(t: str, today: date) -> tuple[int, bool] | None:
    """Return (days back, explicit) for yesterday/kal/aaj/weekday words."""
    for offset, rx in _DAY_WORDS:
        if rx.search(t):
            return offset, True
    for weekday, rx in enumerate(_WEEKDAY_RES):
        if rx.search(t):
            return (today.weekday() - weekday) % 7, True
    return None


def _quantity(word: str) -> Decimal:
    """Return the number meant by a digit string or number word."""
    word = word.lower()
    if word[0].isdigit():
        return Decimal(word)
    if word in _FEW or word in _COUPLE:
        return Decimal(3) if word in _FEW else Decimal(2)
    return _NUMBER_WORDS.get(word, Decimal(1))


def _plural(n: Decimal, unit: str) -> str:
    """Return "1 hour" / "10 minutes" style text."""
    n = n.normalize()
    text = format(n, "f")
    return f"{text} {unit}" if n == 1 else f"{text} {unit}s"


def _relative_delta(m: re.Match) -> tuple[timedelta, str, bool]:
    """Return (delta, label, approx) for a "10 min pehle" match."""
    qty_word = m["qty"].lower()
    qty = _quantity(qty_word)
    unit = _UNIT_OF[m["unit"].lower()]
    step = _UNITS[unit][0]
    delta = step * float(qty)
    approx = unit in ("day", "week", "month") or not qty_word[0].isdigit() and qty_word in _FEW | _COUPLE
    if unit in ("minute", "hour") and qty != qty.to_integral_value():
        minutes = int(delta.total_seconds() // 60)
        return delta, f"{minutes} minutes ago", approx
    return delta, f"{_plural(qty, unit)} ago", approx


def _combine(day: date, clock: _Clock | None, period: str | None) -> tuple[datetime, bool, bool]:
    """Return (naive local datetime, has time of day, approx) for a day plus an
    optional clock time and part of day ("kal raat 2 baje" is 02:00 the next day)."""
    if clock is None and period is None:
        return datetime.combine(day, time(12, 0)), False, True
    if clock is None:
        return datetime.combine(day, time(_PERIODS[period][0], 0)), True, True
    hour, approx = clock.hour, False
    if not clock.fixed:
        if period == "night":
            if hour == 12 or hour < 5:
                hour = hour % 12
                day = day + timedelta(days=1)
            else:
                hour += 12 if hour < 12 else 0
        elif period in ("afternoon", "evening"):
            hour += 12 if hour < 12 else 0
        elif period is None:
            approx = True  # "3 baje": 1-6 is read as afternoon, 7-12 as morning/noon
            hour += 12 if 1 <= hour <= 6 else 0
    return datetime.combine(day, time(hour % 24, clock.minute)), True, approx


def _day_label(day: date, today: date) -> str:
    """Return "today", "yesterday" or an ISO date."""
    if day == today:
        return "today"
    if day == today - timedelta(days=1):
        return "yesterday"
    return day.isoformat()


def _dated_answer(t: str, now_local: datetime) -> TimeAnswer | None:
    """Return a TimeAnswer built from dates, day words, clock times and parts
    of day in ``t``, or None when there are none."""
    today = now_local.date()
    day = _find_date(t, today)
    explicit = day is not None
    rel_days = None
    if day is None:
        rel = _RELATIVE_RE.search(t)
        if rel and _UNIT_OF[rel["unit"].lower()] == "day":
            rel_days = int(_quantity(rel["qty"]))
            day = today - timedelta(days=rel_days)
            explicit = True
        elif found := _find_day_offset(t, today):
            day, explicit = today - timedelta(days=found[0]), found[1]
    clock, period = _find_clock(t), _find_period(t)
    if day is None and clock is None and period is None:
        return None
    if day is None:
        day = today
    naive, has_time, approx = _combine(day, clock, period)
    local = naive.replace(tzinfo=now_local.tzinfo)
    if local > now_local and not explicit:
        local -= timedelta(days=1)  # "raat 9 baje" said in the morning: last night
    if rel_days is not None and not has_time:
        days = "day" if rel_days == 1 else "days"
        return TimeAnswer(now_local - timedelta(days=rel_days), False, True, f"{rel_days} {days} ago")
    label = _day_label(local.date(), today)
    if has_time:
        label += f" {local:%H:%M}"
    return TimeAnswer(local, False, approx, label)


def _relative_answer(t: str, now_local: datetime) -> TimeAnswer | None:
    """Return a TimeAnswer for "10 min pehle", "an hour ago", "last week"...
    (units smaller than a day, or weeks/months), else None."""
    m = _RELATIVE_RE.search(t) or _BARE_RELATIVE_RE.fullmatch(t)
    if m and _UNIT_OF[m["unit"].lower()] != "day":
        delta, label, approx = _relative_delta(m)
        return TimeAnswer(now_local - delta, False, approx, label)
    if (m := _WITHIN_RE.search(t)) and _UNIT_OF[m["unit"].lower()] in ("minute", "hour"):
        qty = _quantity(m["qty"].lower()) if m["qty"] else Decimal(1)
        delta = _UNITS[_UNIT_OF[m["unit"].lower()]][0] * float(qty)
        minutes = int(delta.total_seconds() // 60)
        return TimeAnswer(now_local - delta, False, True, f"within the last {minutes} minutes")
    if m := _LAST_PERIOD_RE.search(t):
        if m["week"]:
            return TimeAnswer(now_local - timedelta(weeks=1), False, True, "last week")
        return TimeAnswer(now_local - timedelta(days=30), False, True, "last month")
    if _WHILE_AGO_RE.search(t):
        return TimeAnswer(now_local - timedelta(minutes=30), False, True, "a while ago")
    return None


def _bare_days_answer(t: str, now_local: datetime) -> TimeAnswer | None:
    """Return a TimeAnswer for a bare "3 days" answer, else None."""
    m = _BARE_RELATIVE_RE.fullmatch(t)
    if m and _UNIT_OF[m["unit"].lower()] == "day":
        delta, label, _ = _relative_delta(m)
        return TimeAnswer(now_local - delta, False, True, label)
    return None


FUTURE_SLACK = timedelta(minutes=15)  # clocks differ: a time this little ahead is "now, roughly"


def _to_utc(answer: TimeAnswer, now: datetime) -> TimeAnswer:
    """Return ``answer`` with ``at`` in UTC and never later than ``now``; a time clearly still to
    come ("today 10 am" at 03:45) is no time at all but ``future`` (the words said "today", so
    the day before is not taken: the resident is asked)."""
    if answer.at is None:
        return answer
    if answer.at > now + FUTURE_SLACK:
        return TimeAnswer(None, False, True, answer.label, future=True)
    if answer.at > now:
        return replace(answer, at=now.astimezone(timezone.utc), approx=True)
    return replace(answer, at=answer.at.astimezone(timezone.utc))


def parse_time(text: str, now: datetime, tz: str = "Asia/Kolkata") -> TimeAnswer | None:
    """Return when the incident happened according to ``text``, relative to the
    aware datetime ``now``; times without a zone are local to ``tz``.

    Returns a TimeAnswer with ``unknown=True`` when the resident says they do
    not know, ``future=True`` (and no ``at``) when the words name a time still
    to come, and None when the text contains nothing time-like.  ``at`` is
    never in the future.
    """
    zone = ZoneInfo(tz)
    if now.tzinfo is None:
        now = now.replace(tzinfo=zone)  # a naive "now" is read as local time
    t = _prep(text).lower()
    now_local = now.astimezone(zone)
    unsure = _UNKNOWN_RE.search(t) is not None
    answer = (
        _relative_answer(t, now_local)
        or _dated_answer(t, now_local)
        or _bare_days_answer(t, now_local)
    )
    if answer is None and _JUST_NOW_RE.search(t):
        answer = TimeAnswer(now_local, False, False, "just now")
    if answer is None:
        return TimeAnswer(None, True, True, "unknown") if unsure else None
    if unsure:
        answer = replace(answer, approx=True)
    return _to_utc(answer, now)


def within_minutes(answer: TimeAnswer | None, now: datetime, minutes: float) -> bool:
    """Return True when ``answer`` is a known time at most ``minutes`` before ``now``."""
    if answer is None or answer.at is None:
        return False
    return now - answer.at <= timedelta(minutes=minutes)


# --------------------------------------------------------------------------
# Everything at once
# --------------------------------------------------------------------------


def extract(text: str, now: datetime, tz: str = "Asia/Kolkata") -> dict:
    """Return every entity found in ``text`` as a JSON-ready dict with keys
    amount (float), time (UTC ISO-8601), time_label, phones, upi_ids, urls,
    emails, utrs, ifsc, accounts, bank and imeis.  Lists are empty and scalars
    None when absent; "I don't know when" gives time and time_label None here
    (use :func:`parse_time` to tell "unknown" from "not mentioned")."""
    return read(text, now, tz).found


@dataclass(frozen=True)
class Reading:
    """What :func:`read` found: the JSON-ready entities, and the amount and time as parsed (what
    :func:`parse_amount` and :func:`parse_time` give for the whole text), so that a caller needing
    them again (the triage) does not parse the message twice."""

    found: dict
    amount: Decimal | None
    when: "TimeAnswer | None"


def read(text: str, now: datetime, tz: str = "Asia/Kolkata") -> Reading:
    """:func:`extract`, keeping the parsed amount and time."""
    t = _prep(text)
    phone_matches = _phone_matches(t)
    phone_spans = [(s, e) for s, e, _ in phone_matches]
    ifsc = _dedupe([m.group().upper() for m in _ifsc_matches(t)])
    amount = _amount(t, phone_spans)
    when = parse_time(t, now, tz)
    return Reading(amount=amount, when=when, found={
        "amount": float(amount) if amount is not None else None,
        "time": when.at.isoformat() if when and when.at else None,
        "time_label": when.label if when and when.at else None,
        "phones": _dedupe([p for _, _, p in phone_matches]),
        "upi_ids": _dedupe([m.group().lower() for m in _upi_matches(t)]),
        "urls": _dedupe([u for _, _, u in _url_matches(t)]),
        "emails": _dedupe([m.group().lower() for m in _email_matches(t)]),
        "utrs": _dedupe([u for _, _, u in _utr_matches(t)]),
        "ifsc": ifsc,
        "accounts": _dedupe([a for _, _, a in _account_matches(t, phone_spans, bool(ifsc))]),
        "bank": _find_bank(t),
        "imeis": _dedupe([i for _, _, i in _imei_matches(t)]),
    })
