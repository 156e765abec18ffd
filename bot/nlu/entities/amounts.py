"""The rupee amount a message tells ("Rs 15,000", "dedh lakh", "5 hazar 500"), never a phone, UTR, date, PIN or OTP;
the words around an amount are lang/<code>/words/amounts.yaml's."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from .. import words
from ..normalize import NO_LETTER_AFTER, NO_LETTER_BEFORE
from ..redact import secret_spans
from .devices import imei_matches
from .links import email_matches, url_matches
from .payments import ifsc_matches, upi_matches, utr_matches
from .phones import phone_matches
from .references import reference_spans
from .text import DIGIT_RE, MODIFIERS, NUMBER_WORDS, WORD_END, WORD_START, Span, SpanSet, alternation, prep, valued
from .times import DAY_MONTH_RE, MONTH_DAY_RE

_MAX_AMOUNT = Decimal(10) ** 10  # 1,000 crore
_MONEY_WORDS = words.load("amounts")  # lang/<code>/words/amounts.yaml: the words around an amount


def _money_words(*names: str) -> str:
    """A regex alternation of amounts.yaml's lists ``names`` (as written, longest first)."""
    return words.any_of([phrase for name in names for phrase in _MONEY_WORDS[name]], whole_words=False)


_CUR_PRE = rf"(?:{_money_words('currency_before')})"
_CUR_POST = rf"(?:{_money_words('currency_after')})"
_MULTIPLIERS: dict[str, Decimal] = valued("multipliers")  # "lakh", "हजार", "k"
_MULT = alternation(_MULTIPLIERS, factor=True)  # in IGNORECASE patterns only: factored, found sooner
_NUM = r"\d{1,3}(?:(?:,\d{2})*,\d{3}|(?:,\d{3})+)(?![\d,])|\d+"

_AMOUNT_RE = re.compile(
    rf"""(?:{NO_LETTER_BEFORE}(?P<pre>{_CUR_PRE})\s*|(?<![\w.,/]))
    (?P<num>{_NUM})(?:\.(?P<dec>\d+))?
    (?:\s*(?P<mult>{_MULT}){WORD_END})?
    (?:\s*(?P<post>{_CUR_POST}){NO_LETTER_AFTER})?""",
    re.IGNORECASE | re.VERBOSE,
)
# A number word and a multiplier ("paanch hazar", "पाँच सौ", "پانچ سو"), or one word in Bengali ("পাঁচশো",
# "panchsho", "দেড়শো"); a one- or two-letter Latin multiplier ("k", "cr") only after digits.
_WORD_AMOUNT_RE = re.compile(
    rf"""{WORD_START}(?P<word>{alternation(NUMBER_WORDS, factor=True)})\s*
    (?P<mult>{alternation((w for w in _MULTIPLIERS if len(w) > 2 or not w.isascii()), factor=True)}){WORD_END}
    (?:\s*(?P<post>{_CUR_POST}){NO_LETTER_AFTER})?""",
    re.IGNORECASE | re.VERBOSE,
)
# Words after a number that make it something other than money.
_NON_MONEY_AFTER_RE = re.compile(rf"\s*(?:%|(?:{_money_words('not_money_after')})(?![a-z]))", re.IGNORECASE)
# Words right after an amount that make it what is left, not what was lost: "sirf 300 rupay bache hai", "only 200 left",
# "মাত্র ২০০ টাকা বাকি" (a resident's trial: the balance was recorded as the loss for officers and the bank).
_BALANCE_AFTER_RE = re.compile(rf"\s*(?:{_money_words('balance_after')})(?![a-z])", re.IGNORECASE)
# The balance before the loss: "i had 48000", "pehle 60 hazar the", "48000 before" (amounts.yaml had_*): with a balance
# left told too, the loss is the difference (a resident's trial: "only 200 left, i had 48000" kept 48,000).
_HAD_BEFORE_RE = re.compile(rf"(?<![a-z])(?:{_money_words('had_before')})\W{{0,3}}[₹]?\s*$", re.IGNORECASE)
_HAD_AFTER_RE = re.compile(
    rf"\s*(?:{_money_words('had_after')}){NO_LETTER_AFTER}"
    rf"(?=\s*(?:$|[^\w\s]|(?:{_money_words('had_then', 'and')})(?![a-z])))", re.IGNORECASE)
# Words right before a number that make it a label, not money.
_NON_MONEY_BEFORE_RE = re.compile(
    rf"(?<![a-z])(?:{_money_words('not_money_before')})[\s:.#-]*"
    rf"(?:(?:{_money_words('not_money_filler')})[\s:.#-]+){{0,2}}$",
    re.IGNORECASE,
)
# An account's label right before a number: that number is the account's when a filler word names it so ("account no
# 4521", "a/c ending 1234") or it is as long as one (ID_MIN_DIGITS); a shorter bare number is money ("money gone from my
# account 25000": a resident's trial lost the amount).
_ID_BEFORE_RE = re.compile(
    rf"(?<![a-z])(?:{_money_words('identifier_before')})[\s:.#-]*"
    rf"(?P<filler>(?:(?:{_money_words('identifier_filler')})[\s:.#-]+){{0,2}})$",
    re.IGNORECASE,
)
ID_MIN_DIGITS = 8  # account numbers are 9-18 digits (a few banks' 8); a bare amount of a crore or more is rare
# Words that mark a number as the money lost: English verbs come before the
# amount ("debited Rs 500"), Hindi ones after it ("15000 kat gaye").
_MONEY_CONTEXT_BEFORE_RE = re.compile(
    rf"(?<![a-z])(?:{_money_words('money_before')})"
    rf"\W{{1,3}}(?:(?:{_money_words('money_before_filler')})\W{{1,3}}){{0,2}}[₹]?\s*$",
    re.IGNORECASE,
)
# a `more` word may come between ("8,000 more got debited", "8000 aur kat gaye": a resident's trial, session 20)
_MONEY_CONTEXT_AFTER_RE = re.compile(
    rf"\s*(?:{_money_words('money_after_currency')})?\s*(?:(?:{_money_words('more')})\s+)?"
    rf"(?:(?:{_money_words('money_after_link')})\s+)?(?:{_money_words('money_after')})",
    re.IGNORECASE,
)
_RANGE_RE = re.compile(rf"(?:\s*(?:-|–|{_money_words('range')})\s*\d+(?:\.\d+)?)?")
_AND_RE = re.compile(rf"[\s,]*(?:{_money_words('and')})?[\s,]*", re.IGNORECASE)
# WORD_START, not (?<![a-z]): a month's name ends other words in a script with no capitals ("প্রথমে ২০০০ কাটল", "first
# 2000 went", ends in মে, May: a resident's trial, session 20, read it as the year 2000 and lost the first debit)
_YEAR_BEFORE_RE = re.compile(rf"{WORD_START}(?:{_money_words('year_before')})[\s,]*$", re.IGNORECASE)
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
        _YEAR_BEFORE_RE.search(t, max(0, m.start() - 12), m.start()))


# "saade" / "সাড়ে" / "ساڑھے" right before a number: it and a half; "sawa" / "সোয়া" / "سوا" a quarter more, "paune" /
# "পৌনে" / "پونے" a quarter less (bot/nlu/entities/text.py MODIFIERS).
_MODIFIER_BEFORE_RE = re.compile(rf"{WORD_START}(?P<word>{alternation(MODIFIERS, factor=True) or '(?!)'})\s*$", re.IGNORECASE)


def _modifier_before(t: str, start: int) -> Decimal:
    """What a modifier word right before ``start`` adds to the number ("saade" 0.5, "sawa" 0.25, "paune" -0.25), else 0."""
    m = _MODIFIER_BEFORE_RE.search(t, max(0, start - 16), start)
    return MODIFIERS[m["word"].lower()] if m else Decimal(0)


def _numeric_candidate(t: str, m: re.Match, blocked: SpanSet, phones: SpanSet) -> _AmountCandidate | None:
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
    if _is_negative(t, m.start()) or _BALANCE_AFTER_RE.match(t, m.end()):
        return None
    if not marked:
        if len(raw) > 9 or (raw.startswith("0") and len(raw) > 1):
            return None
        if blocked.overlaps(m.start("num"), m.end("num")):
            return None
        after = _RANGE_RE.match(t, m.end()).end()  # "3-4 din": look past the range
        if (_NON_MONEY_AFTER_RE.match(t, after) or (m.end() < len(t) and (t[m.end()].isalpha() or t[m.end()] == "/"))) \
                and not (value > MAX_COUNT and _times_after(t, m.end())):  # "10000 x 2": the amount, taken twice
            return None
        if _NON_MONEY_BEFORE_RE.search(t, max(0, start - 30), start) or _year_like(t, m):
            return None
        if (label := _ID_BEFORE_RE.search(t, max(0, start - 30), start)) and (label["filler"] or len(raw) >= ID_MIN_DIGITS):
            return None
        if m.group("dec") and t[m.end() : m.end() + 1] == ".":
            return None  # version numbers "1.2.3"
    elif blocked.overlaps(m.start("num"), m.end("num")) and not (m.group("pre") or m.group("post")):
        return None
    elif not (m.group("pre") or m.group("post")) and _NON_MONEY_AFTER_RE.match(t, m.end()) \
            and not (value * mult > MAX_COUNT and _times_after(t, m.end())):  # "10k x 2" is money taken twice
        return None  # "12k followers wala page": a count with a multiplier and no currency, no money
    elif phones.overlaps(m.start("num"), m.end("num")):
        return None
    if mult_word and not m.group("dec") and (more := _modifier_before(t, m.start())):
        value += more  # "sadhe 3 lakh": 3,50,000; "paune 2 lakh": 1,75,000
    return _AmountCandidate(start, end, value * mult, marked, mult)


def _word_candidate(t: str, m: re.Match) -> _AmountCandidate:
    """Return the candidate for "paanch hazar" / "dedh lakh" / "saade teen sau" style amounts."""
    mult = _MULTIPLIERS[m.group("mult").lower()]
    value = (NUMBER_WORDS[m.group("word").lower()] + _modifier_before(t, m.start())) * mult
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


# India's helpline numbers are called, not lost: "maine 1930 pe call kar diya, unhone ek number diya" recorded a loss of
# 1930 (a resident's trial, session 15), "maine 112 pe call kiya tha ... paise kat gaye" one of 112 (a maintainer's
# trial, session 18). The numbers are data (amounts.yaml): ``helpline_numbers`` (1930, 14416...) are a helpline however
# they are said; ``dialled_numbers`` (112, 100, 181...) only beside a call word ("112 pe call kiya", "called 100", "১১২-তে
# ফোন"), being amounts as often. One written as money (a currency before or after it: "Rs 1930", "112 rupaye") stays an
# amount.
_NUMBER_END = r"(?!\w|[.,]\d)"
_CALL_WORD = rf"(?:{_money_words('call_words')})"
_HELPLINE_RE = re.compile(
    rf"(?<![\w.,/])(?P<always>{_money_words('helpline_numbers')}){_NUMBER_END}"
    rf"|{NO_LETTER_BEFORE}{_CALL_WORD}\s+(?:(?:{_money_words('call_link')})\s+){{0,3}}"
    rf"(?P<after_call>{_money_words('dialled_numbers')}){_NUMBER_END}"
    rf"|(?<![\w.,/])(?P<before_call>{_money_words('dialled_numbers')}){_NUMBER_END}"
    rf"(?=(?:-\S+)?(?:\s+(?:{_money_words('call_link')}))*\s*{_CALL_WORD})", re.IGNORECASE)
_CUR_BEFORE_RE = re.compile(rf"(?:{_CUR_PRE})\s*$", re.IGNORECASE)
_CUR_AFTER_RE = re.compile(rf"\s*(?:{_CUR_POST}){NO_LETTER_AFTER}", re.IGNORECASE)


def _helpline_spans(t: str) -> list[Span]:
    """Where prepared text ``t`` names a helpline number, not money (no currency beside it)."""
    spans = [m.span(m.lastgroup) for m in _HELPLINE_RE.finditer(t)]
    return [(start, end) for start, end in spans
            if not _CUR_BEFORE_RE.search(t, 0, start) and not _CUR_AFTER_RE.match(t, end)]


def names_helpline(text: str) -> bool:
    """Whether ``text`` names a helpline number (1930, 14416...) not written as money: "I have not called 1930 yet"."""
    return bool(_helpline_spans(prep(text)))


def _amount_blocked_spans(t: str, phone_spans: list[Span]) -> SpanSet:
    """Return spans where digits belong to something other than money."""
    spans = list(phone_spans)
    spans += [(s, e) for s, e, _ in utr_matches(t)]
    spans += [(s, e) for s, e, _ in imei_matches(t)]
    spans += [(s, e) for s, e, _ in url_matches(t)]
    spans += reference_spans(t)
    spans += [m.span() for m in email_matches(t)]
    spans += [m.span() for m in upi_matches(t)]
    spans += [m.span() for m in ifsc_matches(t)]
    spans += [m.span() for m in _DATE_SPANS_RE.finditer(t)]
    spans += [m.span() for m in DAY_MONTH_RE.finditer(t)]
    spans += [m.span() for m in MONTH_DAY_RE.finditer(t)]
    spans += [(s, e) for s, e, _ in secret_spans(t)]
    spans += [m.span() for m in _DIGIT_BLOB_RE.finditer(t) if not _counted_blob(t, m)]
    spans += _helpline_spans(t)
    return SpanSet(spans)


def _candidates(t: str, phone_spans: list[Span]) -> list[_AmountCandidate]:
    """Every number of prepared text ``t`` that may be money (not a balance left), compounds joined."""
    blocked = _amount_blocked_spans(t, phone_spans)
    phones = SpanSet(phone_spans)
    cands = [c for m in _AMOUNT_RE.finditer(t) if (c := _numeric_candidate(t, m, blocked, phones))]
    cands += [_word_candidate(t, m) for m in _WORD_AMOUNT_RE.finditer(t) if not _BALANCE_AFTER_RE.match(t, m.end())]
    cands.sort(key=lambda c: c.start)
    cands = [c for c in _merge_compounds(cands, t) if Decimal(0) < c.value <= _MAX_AMOUNT]
    return [c for c in cands if not _a_count(t, c, cands)]


def _a_count(t: str, c: _AmountCandidate, cands: list[_AmountCandidate]) -> bool:
    """A bare small number before a `count_unit` word ("3 debit hue 10000, 25000 aur 4999", "2 transactions of 9999")
    counts the debits, beside a larger amount it is never one (a resident's trial, session 17, recorded ₹3)."""
    if c.marked or c.value > MAX_COUNT:
        return False
    if any(other.end <= c.start and other.value > MAX_COUNT and _times_after(t, other.end) for other in cands):
        return True  # "10k x 2": the 2 counts the debits of 10k (a resident's trial, session 18, recorded ₹2)
    return bool(_UNIT_AFTER_RE.match(t, c.end)) and any(other.value > c.value for other in cands)


def _left(t: str) -> Decimal | None:
    """The first balance left in prepared text ``t`` ("only 200 left", "sirf 300 rupay bache", "dedh hazar bache")."""
    found = [(m.start(), Decimal(m["num"].replace(",", "") + ("." + m["dec"] if m["dec"] else ""))
              * _MULTIPLIERS.get((m["mult"] or "").lower(), Decimal(1)))
             for m in _AMOUNT_RE.finditer(t) if _BALANCE_AFTER_RE.match(t, m.end())]
    found += [(m.start(), NUMBER_WORDS[m["word"].lower()] * _MULTIPLIERS[m["mult"].lower()])
              for m in _WORD_AMOUNT_RE.finditer(t) if _BALANCE_AFTER_RE.match(t, m.end())]
    return min(found)[1] if found else None


def _balances(t: str, cands: list[_AmountCandidate]) -> tuple[Decimal, Decimal] | None:
    """(the balance before, the balance left) when ``t`` tells both and the first is the larger."""
    left = _left(t)
    if left is None:
        return None
    had = [c.value for c in cands if _HAD_BEFORE_RE.search(t, max(0, c.start - 20), c.start) or _HAD_AFTER_RE.match(t, c.end)]
    return (max(had), left) if had and max(had) > left else None


def balances(text: str) -> tuple[Decimal, Decimal] | None:
    """(balance before, balance left) told in ``text`` ("only 200 left, i had 48000": 48000, 200), else None; the loss
    :func:`parse_amount` returns is then their difference."""
    t = prep(text)
    return _balances(t, _candidates(t, [(s, e) for s, e, _ in phone_matches(t)]))


def amount_in(t: str, phone_spans: list[Span]) -> Decimal | None:
    """Return the money amount in prepared text ``t`` (see :func:`parse_amount`)."""
    if not DIGIT_RE.search(t) and not _WORD_AMOUNT_RE.search(t):
        return None
    cands = _candidates(t, phone_spans)
    if not cands:
        return None
    if told := _balances(t, cands):  # "only 200 left, i had 48000": 47,800 went
        return _quantize(told[0] - told[1])
    # Most money-like first: next to a loss verb, then with a currency marker;
    # among equals the largest (a test debit of Re 1 is not the loss).
    return _quantize(sum(_debit_values(t, cands), Decimal(0)))  # "2 transactions of 9999 each": 19,998


def _debit_values(t: str, cands: list[_AmountCandidate]) -> list[Decimal]:
    """Each debit prepared text ``t`` tells (no balance told): the amounts listed after a count of as many debits
    ("3 debit hue 10000, 25000 aur 4999") or each at its own clock time ("10:05 pe 5000, 10:20 pe 8000, 10:41 pe 2000
    kata"), else the most money-like amount (next to a loss verb, then with a currency marker; among equals the
    largest: a test debit of Re 1 is not the loss), with the debits told one after another around it, each as many
    times as it was taken."""
    return [c.value for c in _debit_candidates(t, cands)]


def _debit_candidates(t: str, cands: list[_AmountCandidate]) -> list[_AmountCandidate]:
    """:func:`_debit_values` as the numbers found (one repeated for "5000 do baar")."""
    if run := _counted_run(t, cands) or _timed_run(t, cands):
        return list(run)
    chosen = max(cands, key=lambda c: (2 if _in_money_context(t, c) else int(c.marked), c.value, -c.start))
    # "2,000 then 8,000 more" (at the amount question, no loss verb): the `more` names the list of debits too
    told = _debits_told(t, cands, chosen) if _in_money_context(t, chosen) or _more_beside(t, chosen) else [chosen]
    return [c for c in told for _ in range(_times_taken(t, c))]


def utrs_by_debit(text: str) -> list[list[str]]:
    """The UTRs of each debit ``text`` tells, when it tells several debits each in its own place ("10000 debited UTR
    4123..01, then 10000 debited UTR 4123..02"): each UTR goes with the debit told before it (one told before every
    debit, with the first; as many listed after the last debit as there are debits, one each in order); [] when it tells fewer than two debits, one debit twice ("5000 do baar") or no UTR (an
    officers' trial, session 17: a freeze request put every UTR on the first debit)."""
    t = prep(text)
    if not DIGIT_RE.search(t):
        return []
    cands = _candidates(t, [(s, e) for s, e, _ in phone_matches(t)])
    if len(cands) < 2 or _balances(t, cands):
        return []
    told = _debit_candidates(t, cands)
    starts = [c.start for c in told]
    if len(told) < 2 or len(set(starts)) < len(starts):
        return []
    placed: list[list[str]] = [[] for _ in told]
    utrs = utr_matches(t)
    if utrs and all(start > starts[-1] for start, _end, _utr in utrs):  # listed after every debit: one each in
        return [[utr] for _start, _end, utr in utrs] if len(utrs) == len(told) else []  # order, else whose is unknown
    for start, _end, utr in utrs:
        before = [i for i, at in enumerate(starts) if at < start]
        placed[before[-1] if before else 0].append(utr)
    return placed if utrs else []


def debits_in(text: str) -> list[Decimal]:
    """The debits ``text`` tells one by one when it tells more than one ("pehle 10000 fir 10000 fir 5000 kat gaye":
    10,000, 10,000, 5,000; "5000 do baar": 5,000, 5,000), else []; :func:`parse_amount` is their sum."""
    t = prep(text)
    if not DIGIT_RE.search(t) and not _WORD_AMOUNT_RE.search(t):
        return []
    cands = _candidates(t, [(s, e) for s, e, _ in phone_matches(t)])
    if not cands or _balances(t, cands):
        return []
    found = [_quantize(v) for v in _debit_values(t, cands)]
    return found if len(found) > 1 else []


TEST_DEBIT_SHARE = 100  # "pehle 1 rupee bheja verify ke liye, phir 25,000 kat gaye": a debit under a hundredth of the
# largest is a test, not a second loss
_AGAIN_RE = re.compile(rf"(?<![a-z])(?:{_money_words('again')})(?![a-z])", re.IGNORECASE)
_MORE_AFTER_RE = re.compile(rf"\s*{_CUR_POST}?\s*(?:{_money_words('more')})(?![a-z])", re.IGNORECASE)  # "8,000 more"
_MORE_BEFORE_RE = re.compile(rf"(?<![a-z])(?:{_money_words('more')})\s*{_CUR_PRE}?\s*$", re.IGNORECASE)  # "aur 8000"


_AGAIN_BEFORE_RE = re.compile(
    rf"(?<![a-z])(?:{_money_words('again')})\s*(?:(?:{_money_words('more')})\s*)?{_CUR_PRE}?\s*$", re.IGNORECASE)


def _added_after(t: str, c: _AmountCandidate) -> bool:
    """A later debit named by a `more` word beside it ("then 8,000 more") or by an `again` word right before it that
    ends the list ("10000 gaye aur fir 5000", "debited 10000, after that 5000": a resident's trial, session 20)."""
    return _more_beside(t, c) or bool(_AGAIN_BEFORE_RE.search(t, max(0, c.start - 25), c.start)
                                      and _LIST_END_RE.match(t, c.end)) and not _asked(t, c)


# session 20: "fir usne 2000 aur maange", "then he wants 8000 more": more asked for, not more lost (amounts.yaml asked_after)
_ASKED_AFTER_RE = re.compile(
    rf"\s*{_CUR_POST}?\s*(?:(?:{_money_words('more')})\s*)?(?:{_money_words('asked_after')})", re.IGNORECASE)

_ASKED_BEFORE_RE = re.compile(  # "then he wants 8000 more", "asking for another 8000"
    rf"(?<![a-z])(?:{_money_words('asked_after')})\s*(?:for\s+)?(?:(?:{_money_words('again', 'more')})\s*)?{_CUR_PRE}?\s*$",
    re.IGNORECASE)


def _more_beside(t: str, c: _AmountCandidate) -> bool:
    """A `more` word (amounts.yaml) right beside the amount: "then 8,000 more", "phir aur 8000 gaye"; not one asked for
    ("2000 aur maange")."""
    return bool(_MORE_AFTER_RE.match(t, c.end) or _MORE_BEFORE_RE.search(t, max(0, c.start - 20), c.start)) \
        and not _asked(t, c)


def _asked(t: str, c: _AmountCandidate) -> bool:
    """Money asked for beside the amount ("2000 aur maange", "wants 8000 more"): no debit."""
    return bool(_ASKED_AFTER_RE.match(t, c.end) or _ASKED_BEFORE_RE.search(t, max(0, c.start - 25), c.start))


def _debits_told(t: str, cands: list[_AmountCandidate], chosen: _AmountCandidate) -> list[_AmountCandidate]:
    """The debits told one after another around ``chosen`` ("10000 debited and again 10000 debited", "5000 kat gaye
    phir 3000 kat gaye"): amounts each beside a loss word with an `again` word (amounts.yaml) between neighbours; a
    later one may be named by a `more` word instead of a loss word ("12,000 went ... then 8,000 more", session 14)."""
    lost = [c for c in cands if (c is chosen or _in_money_context(t, c) or (c.start > chosen.start and _added_after(t, c)))
            and c.value * TEST_DEBIT_SHARE > chosen.value]
    i = lost.index(chosen)
    first = last = i
    while first > 0 and _AGAIN_RE.search(t, lost[first - 1].end, lost[first].start):
        first -= 1
    while last + 1 < len(lost) and _AGAIN_RE.search(t, lost[last].end, lost[last + 1].start):
        last += 1
    told = lost[first:last + 1]
    big = [c for c in cands if c.value * TEST_DEBIT_SHARE > chosen.value and not _had(t, c)]
    if told[0] not in big or told[-1] not in big:
        return told
    first, last = big.index(told[0]), big.index(told[-1])
    while first > 0 and _listed(t, big[first - 1], big[first], last=False):
        first -= 1
        told.insert(0, big[first])
    while last + 1 < len(big) and _listed(t, big[last], big[last + 1], last=True):
        last += 1
        told.append(big[last])
    return told


# session 16, a resident's trial: debits listed with a loss word only once ("pehle 10000 fir 10000 fir 5000 kat gaye",
# "debited 10,000 and 5,000"): between two amounts only `again`/`list_and`/`more` words (amounts.yaml), a currency and
# punctuation; one listed after the loss word must end there (not "paid 5000 then 10000 asked")
_LIST_GAP_RE = re.compile(
    rf"(?:\s|[,;:+&/.-]|{_CUR_POST}|(?:{_money_words('again', 'list_and', 'more')})(?![a-z]))*", re.IGNORECASE)
_THEN_AFTER_RE = re.compile(rf"\s*{_CUR_POST}?\s*,?\s*(?:{_money_words('again')})(?![a-z])", re.IGNORECASE)
_LINK_RE = re.compile(rf"(?<![a-z])(?:{_money_words('again', 'list_and')})(?![a-z])", re.IGNORECASE)
_LIST_END_RE = re.compile(
    rf"\s*{_CUR_POST}?\s*(?:$|[,;.!?]|(?:{_money_words('again', 'list_and', 'more', 'money_after', 'day_after')})(?![a-z]))",
    re.IGNORECASE)


def _had(t: str, c: _AmountCandidate) -> bool:
    """The balance before the loss ("i had 48000"), not a debit; "pehle 10000 fir ..." is a first debit, then more."""
    return bool(_HAD_AFTER_RE.match(t, c.end) or (_HAD_BEFORE_RE.search(t, max(0, c.start - 20), c.start)
                                                  and not _THEN_AFTER_RE.match(t, c.end)))


def _listed(t: str, a: _AmountCandidate, b: _AmountCandidate, last: bool) -> bool:
    """Whether amounts ``a`` and ``b`` (``a`` first) are listed as debits: only linking words between them, and when
    ``b`` is added after the loss word (``last``), the list ends with it."""
    gap = t[a.end:b.start]
    return bool(_LIST_GAP_RE.fullmatch(gap)) and bool(_LINK_RE.search(gap)) and \
        (not last or bool(_LIST_END_RE.match(t, b.end)))


def _runs(t: str, cands: list[_AmountCandidate], gap: re.Pattern) -> list[list[_AmountCandidate]]:
    """The candidates in runs of two or more whose gaps (the text between neighbours) ``gap`` matches whole."""
    runs: list[list[_AmountCandidate]] = []
    for c in cands:
        if runs and gap.fullmatch(t, runs[-1][-1].end, c.start):
            runs[-1].append(c)
        else:
            runs.append([c])
    return [run for run in runs if len(run) > 1]


# session 17, a resident's trial: a count of debits with as many amounts listed by commas or `list_and` words right
# after (or before) it ("3 debit hue 10000, 25000 aur 4999", "teen transactions: 10000, 25000 and 4999") are those
# debits, each recorded
_COMMA_LIST_RE = re.compile(
    rf"(?:\s|[,;:+&/،-]|{_CUR_POST}|(?:{_money_words('list_and')})(?![a-z]))*", re.IGNORECASE)
_COUNT_NEAR = 30  # the count within this many characters of its list


def _counted_run(t: str, cands: list[_AmountCandidate]) -> list[_AmountCandidate]:
    for m in _COUNT_OF_RE.finditer(t):
        count = _count_of(m)
        for run in _runs(t, cands, _COMMA_LIST_RE):
            near = 0 <= run[0].start - m.end() <= _COUNT_NEAR or 0 <= m.start() - run[-1].end <= _COUNT_NEAR
            if len(run) == count and near:
                return run
    return []


def _counted_blob(t: str, m: re.Match) -> bool:
    """A run of digit groups apart by single spaces with a count of as many debits beside it ("4 baar paise kate 3000
    3000 1500 2000", "3 debits 12000 8000 4500"): amounts side by side, no card or reference number (a resident's trial,
    session 18: no amount was taken; redact.py keeps such round groups as they are)."""
    groups = m.group(0).split(" ")
    if len(groups) < 2 or "-" in m.group(0) or any(g.startswith("0") or len(g) > 7 for g in groups):
        return False
    return any(_count_of(c) == len(groups) and (0 <= m.start() - c.end() <= _COUNT_NEAR
                                               or 0 <= c.start() - m.end() <= _COUNT_NEAR)
               for c in _COUNT_OF_RE.finditer(t))


def _count_of(m: re.Match) -> int:
    """The number a count match (``_COUNT_OF_RE``, ``_COUNT_BEFORE_RE`` ...) says: "4", "teen", "do"."""
    word = m["count"].lower()
    return int(word) if word.isdigit() else int(NUMBER_WORDS.get(word, 0))


# session 17, a resident's trial: debits listed each with its own clock time ("10:05 pe 5000, 10:20 pe 8000, 10:41 pe
# 2000 kata", "5000 at 10:05, 8000 at 10:20 and 2000 at 10:41 were debited"): each gap holds one time (a clock, or an
# hour with `clock_after`, amounts.yaml), with `time_link`, `again`, `list_and` words and punctuation; one more time
# sits before the first or after the last, so every amount has its own
_CLOCK = rf"\d{{1,2}}(?::\d{{2}}\s*(?:(?:{_money_words('clock_after')})(?![a-z]))?|\s*(?:{_money_words('clock_after')})(?![a-z]))"
_TIME_GAP_WORDS = rf"(?:\s|[,;+&،-]|{_CUR_POST}|(?:{_money_words('time_link', 'again', 'list_and')})(?![a-z]))*"
_TIMED_GAP_RE = re.compile(rf"{_TIME_GAP_WORDS}{_CLOCK}{_TIME_GAP_WORDS}", re.IGNORECASE)
_CLOCK_BEFORE_RE = re.compile(rf"(?<!\d){_CLOCK}{_TIME_GAP_WORDS}$", re.IGNORECASE)
_CLOCK_AFTER_RE = re.compile(rf"{_TIME_GAP_WORDS}{_CLOCK}", re.IGNORECASE)


def _timed_run(t: str, cands: list[_AmountCandidate]) -> list[_AmountCandidate]:
    for run in _runs(t, cands, _TIMED_GAP_RE):
        if _CLOCK_BEFORE_RE.search(t, max(0, run[0].start - 30), run[0].start) or _CLOCK_AFTER_RE.match(t, run[-1].end):
            return run
    return []


_COUNT = rf"(?P<count>\d{{1,2}}|{alternation({w: v for w, v in NUMBER_WORDS.items() if v == v.to_integral_value()}, factor=True)})"
_COUNT_BEFORE_RE = re.compile(  # "2 transactions of 9999", "do baar 5000", "2 baar ₹5000"
    rf"{WORD_START}{_COUNT}\s+(?:{_money_words('count_unit')})\s+(?:(?:{_money_words('count_link')})\s+)?{_CUR_PRE}?\s*$",
    re.IGNORECASE)
_COUNT_AFTER_RE = re.compile(  # "5000 do baar", "9999 each, 2 times", "5000 rs 3 baar"
    rf"\s*{_CUR_POST}?\s*(?:(?:{_money_words('count_each')})\s*)?,?\s*{_COUNT}\s+(?:{_money_words('count_unit')}){WORD_END}",
    re.IGNORECASE)
_UNIT_AFTER_RE = re.compile(rf"\s+(?:{_money_words('count_unit')}){WORD_END}", re.IGNORECASE)
_COUNT_OF_RE = re.compile(rf"{WORD_START}{_COUNT}\s+(?:{_money_words('count_unit')}){WORD_END}", re.IGNORECASE)
MAX_COUNT = 20  # "2 transactions of 9999 each": up to this many debits of one amount are read as one loss of them all


def _times_taken(t: str, c: _AmountCandidate) -> int:
    """How many times the amount ``c`` was taken, as ``t`` tells it ("2 transactions of 9999 each", "do baar 5000",
    "5000 do baar"); 1 when it tells no count."""
    times = c.value > MAX_COUNT  # a times sign only beside an amount larger than any count ("2 x 3" is no debit)
    if times and _times_after(t, c.end):  # "10k x 2", "10000 into 3"
        return _times_after(t, c.end)
    m = _COUNT_BEFORE_RE.search(t, max(0, c.start - 40), c.start) or _COUNT_AFTER_RE.match(t, c.end) \
        or (_TIMES_BEFORE_RE.search(t, max(0, c.start - 20), c.start) if times else None)  # "2 x 5000"
    if m is None:
        return 1
    count = _count_of(m)
    return count if 1 < count <= MAX_COUNT else 1


# session 18, a resident's trial: one amount times a count ("10k x 2", "2 x 5000": amounts.yaml `count_times`) is that
# many debits of it ("10k x 2" recorded ₹2)
_TIMES = rf"\s*(?:{_money_words('count_times')})\s*"
_TIMES_AFTER_RE = re.compile(rf"{_TIMES}{_COUNT}(?![\d.,:/]*\d)(?!\s*(?:{_MULT}|{_CUR_POST}){WORD_END})", re.IGNORECASE)
_TIMES_BEFORE_RE = re.compile(rf"{WORD_START}{_COUNT}{_TIMES}{_CUR_PRE}?\s*$", re.IGNORECASE)


def _times_after(t: str, end: int) -> int:
    """The count a times sign right after an amount ending at ``end`` gives ("10k x 2": 2), else 0."""
    m = _TIMES_AFTER_RE.match(t, end)
    count = _count_of(m) if m else 0
    return count if 1 < count <= MAX_COUNT else 0


_FURTHER_BEFORE_RE = re.compile(rf"(?<![a-z])(?:{_money_words('again', 'more')})\s*{_CUR_PRE}?\s*$", re.IGNORECASE)


def further_debit(text: str) -> bool:
    """Whether ``text`` names an amount as a further one: an `again` or `more` word (amounts.yaml) right beside it
    ("another 5000 at 11", "aur 3000", "phir se 2000", "8000 more"), no balance; said in the middle of a money-loss
    report it is a further debit with no loss verb needed (a resident's trial, session 16: read as the bank's name)."""
    t = prep(text)
    cands = _candidates(t, [(s, e) for s, e, _ in phone_matches(t)])
    return any(_MORE_AFTER_RE.match(t, c.end) or _FURTHER_BEFORE_RE.search(t, max(0, c.start - 20), c.start)
               for c in cands if not _had(t, c))


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
    (over 1,000 crore). A balance left is not the loss; told with the balance
    before ("only 200 left, i had 48000"), the loss is the difference.  Phone numbers, UTRs, account numbers, years, dates,
    times, PIN codes and OTPs are never taken for an amount."""
    t = prep(text)
    return amount_in(t, [(s, e) for s, e, _ in phone_matches(t)])


def said_as_money(text: str) -> bool:
    """Whether ``text`` names an amount as money: a currency ("Rs 5000", "5000 rupaye"), a multiplier ("5 hazar") or
    a loss verb beside it ("5000 kat gaye"); a bare number ("HDFC 4321", "yes 2") is not (a number said at another
    question is no amount lost)."""
    t = prep(text)
    return any(c.marked or _in_money_context(t, c) for c in _candidates(t, [(s, e) for s, e, _ in phone_matches(t)]))
