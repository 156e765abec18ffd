"""When something happened ("10 min pehle", "kal raat 9 baje", "yesterday 9pm", "pata nahi"), relative to now, in
the unit's zone; the words are lang/<code>/words/time.yaml's."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal
from functools import lru_cache
from zoneinfo import ZoneInfo

from .. import words
from .text import DIGIT_RE, MODIFIERS, NUMBER_WORDS, WORD_END, WORD_START, alternation, prep


@dataclass(frozen=True)
class TimeAnswer:
    """When something happened, as understood from a resident's words.

    ``at`` is an aware UTC datetime (None when unknown), ``unknown`` is True when
    the resident said they do not know, ``approx`` is True when the time is a
    guess at day or part-of-day resolution, ``label`` is a short English
    description ("just now", "10 minutes ago", "yesterday 21:00"). ``future`` is True
    when the words name a time still to come ("today 10 am" said at 03:45): then
    ``at`` is None, and the resident is asked again rather than read as "now".
    ``by`` is the latest moment the words allow when they name a day and no time of
    it ("kal", "yesterday", "গতকাল": ``at`` is that day's noon, ``by`` its end, never
    after now): money that left "yesterday" may have left within the last 24 hours; likewise a part of the day
    of a past day with no hour ("kal raat": ``at`` 21:00, ``by`` the night's end, ``PERIOD_ENDS``).
    """

    at: datetime | None
    unknown: bool
    approx: bool
    label: str
    future: bool = False
    by: datetime | None = None


def _alternation(phrases, apostrophes: bool = False) -> str:
    """``alternation`` factored: every pattern here is compiled with IGNORECASE (the same matches, found sooner)."""
    return alternation(phrases, factor=True, apostrophes=apostrophes)


_TIME = words.load("time")  # lang/<code>/words/time.yaml: months, weekdays, parts of the day, days back, units
_MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
                "november", "december")
_MONTHS: dict[str, int] = {prep(name): number for number, month in enumerate(_MONTH_NAMES, 1)
                           for name in _TIME[month]}
_MONTH = _alternation(_MONTHS)


def _listed(*names: str) -> list[str]:
    """The phrases of time.yaml's lists ``names`` in every pack, prepared and lower-cased like the text read."""
    return list(dict.fromkeys(prep(phrase).lower() for name in names for phrase in _TIME.get(name, ())))


def _said(*names: str) -> str:
    """A regex alternation of time.yaml's lists ``names`` (longest first); an apostrophe in a phrase may be
    typed, typographic or left out ("don't", "don’t", "dont")."""
    return _alternation(_listed(*names), apostrophes=True) or "(?!)"

_ISO_DATE_RE = re.compile(r"(?<!\d)(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?!\d)")
_DMY_RE = re.compile(r"(?<![\d/.-])(?P<d>\d{1,2})(?P<sep>[/.-])(?P<m>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})(?![\d/])")
DAY_MONTH_RE = re.compile(
    rf"(?<!\d)(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s*(?:of\s+)?(?P<mon>{_MONTH}){WORD_END}\.?(?:,?\s*(?P<y>\d{{4}})(?!\d))?",
    re.IGNORECASE,
)
MONTH_DAY_RE = re.compile(
    rf"{WORD_START}(?P<mon>{_MONTH}){WORD_END}\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?!\d)(?:,?\s*(?P<y>\d{{4}})(?!\d))?",
    re.IGNORECASE,
)

# A past day of the month with no month ("on 12th", "on 2nd of this month", "12 tarikh ko", "১২ তারিখে"): this
# month's, or last month's when that day is still to come; a month alone ("in January", "जनवरी में"): the middle of
# its latest past month; a year alone ("in 2022", "2022 me"): its middle (time.yaml date_before / date_after /
# day_of_month / month_alone_not). An old loss, not one of the golden hour.
_DATE_BEFORE = _said("date_before")
_DATE_AFTER = _said("date_after")
_DAY_OF_MONTH_RE = re.compile(
    rf"{WORD_START}(?:(?:{_DATE_BEFORE})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)(?:\s+of\s+(?:{_said('this_month')}))?{WORD_END}"
    rf"|(?P<d2>\d{{1,2}})(?:(?:st|nd|rd|th)\s+of\s+(?:{_said('this_month')})|\s*(?:{_said('day_of_month')})){WORD_END})",
    re.IGNORECASE)
_MONTH_ALONE_NOT = frozenset(_listed("month_alone_not"))
_MONTH_ALONE_RE = re.compile(
    rf"{WORD_START}(?:(?:{_DATE_BEFORE})\s+(?P<a>{_MONTH})|(?P<b>{_MONTH})\s+(?:{_DATE_AFTER})){WORD_END}", re.IGNORECASE)
_YEAR = r"19[5-9]\d|20(?!00)\d\d"  # not 2000, an amount far more often ("2000 me diye")
_YEAR_ALONE_RE = re.compile(
    rf"{WORD_START}(?:(?:{_DATE_BEFORE})\s+(?P<a>{_YEAR})|(?P<b>{_YEAR})\s+(?:{_DATE_AFTER})){WORD_END}",
    re.IGNORECASE)


def _find_loose_date(t: str, today: date) -> date | None:
    """A day within a past day of the month, a month or a year said alone (never after ``today``), else None."""
    digits = DIGIT_RE.search(t) is not None  # a day of the month and a year have digits; a month alone need not
    if digits and (m := _DAY_OF_MONTH_RE.search(t)):
        d = int(m["d"] or m["d2"])
        day = _safe_date(today.year, today.month, d)
        if day is None or day > today:
            last = today.replace(day=1) - timedelta(days=1)
            day = _safe_date(last.year, last.month, d)
        if day is not None:
            return day
    if (m := _MONTH_ALONE_RE.search(t)) and (m["b"] is None or m["b"].lower() not in _MONTH_ALONE_NOT):
        month = _MONTHS[(m["a"] or m["b"]).lower()]
        year = today.year if month <= today.month else today.year - 1
        return min(date(year, month, 15), today)
    if digits and (m := _YEAR_ALONE_RE.search(t)):
        year = int(m["a"] or m["b"])
        if year < today.year:
            return date(year, 7, 1)
    return None


_AMPM = r"(?P<ampm>a\.?\s?m\.?|p\.?\s?m\.?)(?![a-z])"
_CLOCK_RES = (
    re.compile(rf"(?<![\d.:])(?P<h>\d{{1,2}}):(?P<mi>\d{{2}})(?!\d)(?:\s*{_AMPM})?", re.IGNORECASE),
    re.compile(rf"(?<![\d.:,])(?P<h>\d{{1,2}})(?:\.(?P<mi>\d{{2}}))?\s*{_AMPM}", re.IGNORECASE),
    re.compile(rf"(?<![\d.:,])(?P<h>\d{{1,2}})\s*(?P<baje>{_said('oclock')})", re.IGNORECASE),
)
# "around 7", "at about 7", "7 ke aas paas": an hour with no o'clock, am or pm, said roughly, read as "7 baje" is. Before
# the hour (time.yaml ``about``) only when nothing but punctuation, the end, or a part of the day or a day word follows
# within three words ("around 7 lakh", "about 7 people" are no time); ``about_after`` after it.
_DAYTIME_WORDS = _alternation([prep(w).lower() for name in ("morning", "afternoon", "evening", "night", "yesterday", "today",
                                                          "day_before_yesterday") for w in _TIME[name]])
_ABOUT_CLOCK_RES = (
    re.compile(rf"{WORD_START}(?:{_said('about', 'at_hour')})\s+(?:at\s+)?(?P<h>\d{{1,2}})(?::(?P<mi>\d{{2}}))?(?![\d:])(?![.,]\d)"
               rf"(?=\s*(?:$|[^\w\s])|(?:\s+\S+){{0,2}}\s+(?:{_DAYTIME_WORDS}){WORD_END})", re.IGNORECASE),
    re.compile(rf"(?<![\d.:,])(?P<h>\d{{1,2}})(?::(?P<mi>\d{{2}}))?\s*(?:{_said('about_after')}){WORD_END}", re.IGNORECASE),
)
_NOON_RE = re.compile(rf"{WORD_START}(?:{_said('noon')}){WORD_END}", re.IGNORECASE)
# An hour said in words, with a half or a quarter: "saade nau baje" (9:30), "dhai baje" (2:30), "sawa nau baje" (9:15),
# "paune das baje" (9:45), "das baje", "সাড়ে দশটায়"
# is written with its own ending, so only the words of time.yaml's oclock after a number word (numbers.yaml)
_WORD_CLOCK_RE = re.compile(
    rf"{WORD_START}(?:(?P<half>{_alternation(MODIFIERS) or '(?!)'})\s+)?(?P<n>{_alternation(NUMBER_WORDS)}|\d{{1,2}})"
    rf"\s*(?P<baje>{_said('oclock')}){WORD_END}", re.IGNORECASE)
# What every match of _WORD_CLOCK_RE holds, searched first: about a fifth of the cost, and rarely found ("baje")
_OCLOCK_RE = re.compile(rf"(?:{_said('oclock')}){WORD_END}", re.IGNORECASE)
# An hour with its counting ending (time.yaml's hour_ending: "১২ টা", "৪টে", "বারোটা"). The ending also counts things
# ("২টা মেসেজ", "আরো একটা।", and একটা is "a"), so it is a clock only after a half or a quarter ("সাড়ে ৪টে"), in digits
# before time.yaml's after_ending ("২টা বাজে"; বাজে is also "bad": "একটা বাজে অ্যাপ" is no clock), or said as the time
# itself: at the message's start or after a day or a part of the day, with nothing after it but the clause's end
# ("১২ টা", "আজ ১২ টা"); never a count in a story.
_ENDING_CLOCK_RE = re.compile(
    rf"{WORD_START}(?:(?P<half>{_alternation(MODIFIERS) or '(?!)'})\s*)?(?P<n>{_alternation(NUMBER_WORDS)}|\d{{1,2}})"
    rf"\s*(?:{_said('hour_ending')}){WORD_END}(?:(?P<baje>\s*(?:{_said('after_ending')}){WORD_END})"
    r"|(?P<alone>(?=\s*(?:$|[,;!?\n\u0964\u06d4\u060c\u061b]|\.(?!\d)))))?",
    re.IGNORECASE)
_TIME_SAID_BEFORE_RE = re.compile(rf"(?:^|(?:{_DAYTIME_WORDS}){WORD_END})\W*$", re.IGNORECASE)  # "", "আজ ", "দুপুর "
_ENDING_RE = re.compile(rf"(?:{_said('hour_ending')}){WORD_END}", re.IGNORECASE)  # searched first, as _OCLOCK_RE

_PERIODS = {period: (hour, _alternation(_TIME[period]))
            for period, hour in (("morning", 9), ("afternoon", 14), ("evening", 18), ("night", 21))}
# The hour each part of the day ends ("subah" is read as 09:00 but may be 11:30): a loss said only by its part of
# the day keeps that end as the latest it can be (``TimeAnswer.by``), so "kal raat" is never "old" on a guess of 21:00
PERIOD_ENDS = {"morning": 12, "afternoon": 17, "evening": 21, "night": 24}
# The hour each part of the day begins: said while it has begun but before its usual hour ("aaj subah" at 07:05, a
# resident's trial, session 17: read as 09:00 and refused as still to come), it means earlier in it, by now at the latest
PERIOD_STARTS = {"morning": 4, "afternoon": 12, "evening": 16, "night": 19}
_PERIOD_RES = {
    name: re.compile(rf"{WORD_START}(?:{words}){WORD_END}", re.IGNORECASE) for name, (_, words) in _PERIODS.items()
}

_DAY_WORDS = [(back, re.compile(rf"{WORD_START}(?:{_alternation(_TIME[name])}){WORD_END}", re.IGNORECASE))
              for back, name in ((2, "day_before_yesterday"), (1, "yesterday"), (0, "today"))]
# "kal" / "कल" / "کل" / "কাল" is yesterday or tomorrow: in a clause said in the future ("bank kal khulega",
# "بینک کل کھلے گا") it is tomorrow, no time of a loss; "کل رقم" / "کل ملا کر" (the total) is no day at all.
_TWO_WAY_RE = re.compile(rf"{WORD_START}(?:{_said('yesterday_or_tomorrow')}){WORD_END}", re.IGNORECASE)
_FUTURE_RE = re.compile(
    rf"{WORD_START}(?:{_said('future')}){WORD_END}|(?:{_said('future_ending')}){WORD_END}", re.IGNORECASE)
_NOT_A_DAY_RE = re.compile(rf"{WORD_START}(?:{_said('not_a_day')}){WORD_END}", re.IGNORECASE)
# A clause ends at punctuation (also the danda, Urdu's full stop, the Arabic comma and semicolon; not a clock's ":"
# or a decimal point) or at a word of now ("kal 5000 kat gaye ab kya hoga": the "hoga" is of now, not of "kal").
_CLAUSE_END_RE = re.compile(
    rf"[,;!?\n\u0964\u06d4\u060c\u061b]|\.(?!\d)|{WORD_START}(?:{_said('clock_now_before')}){WORD_END}", re.IGNORECASE)


_NEAR_KAL_RE = re.compile(r"(?:\s+\S+){1,4}")  # the four words after "kal"
# A clock denied beside another ("12 noon not 2 pm", "not 2 pm, 12 noon", "2 baje nahi, 12 baje tha"): time.yaml's
# denied_before stands before the clock denied (to its clause's end), denied_after after it (from its clause's start)
_DENIED_BEFORE_RE = re.compile(rf"{WORD_START}(?:{_said('denied_before')}){WORD_END}", re.IGNORECASE)
_DENIED_AFTER_RE = re.compile(rf"{WORD_START}(?:{_said('denied_after')}){WORD_END}", re.IGNORECASE)
# "not at 2 pm but at 12:30": a denied_until word ends the denied clock's span before its clause ends (time.yaml)
_DENIED_UNTIL_RE = re.compile(rf"{_CLAUSE_END_RE.pattern}|{WORD_START}(?:{_said('denied_until')}){WORD_END}", re.IGNORECASE)


# A greeting that names a part of the day ("Good evening. ... 1,80,000 has been withdrawn", "सुप्रभात"): time.yaml's
# greeting, no time of anything
_GREETING_RE = re.compile(rf"{WORD_START}(?:{_said('greeting')}){WORD_END}", re.IGNORECASE)


# A clock taken back and told again ("aaj 2 baje, nahi nahi 1:30", "10 baje... sorry 9:30", "at 3, no wait 2:45"): a
# word of time.yaml ``corrected`` with a clock ending at most CORRECTED_NEAR words before it and another starting at
# most CORRECTED_NEAR words after it
_CORRECTED_RE = re.compile(rf"{WORD_START}(?:{_said('corrected')}){WORD_END}", re.IGNORECASE)
CORRECTED_NEAR = 2


def _clocks_in(t: str) -> list[tuple[int, int, _Clock]]:
    """Every time of day said in ``t``: (start, end, clock)."""
    found = []
    for pattern in (*_CLOCK_RES, *_ABOUT_CLOCK_RES, _WORD_CLOCK_RE, _ENDING_CLOCK_RE):
        for m in pattern.finditer(t):
            said = _find_clock(m.group(0))
            if said is not None:
                found.append((m.start(), m.end(), said))
    return found


def _without_corrected(t: str) -> str:
    """``t`` with a clock taken back at once by a word of correcting and another clock blanked: the second is the time
    (a resident's trial, session 18: "aaj 2 baje, nahi nahi 1:30" kept 14:00)."""
    for m in reversed(list(_CORRECTED_RE.finditer(t))):
        clocks = _clocks_in(t)
        before = [c for c in clocks if c[1] <= m.start() and len(t[c[1]:m.start()].split()) <= CORRECTED_NEAR]
        after = [c for c in clocks if c[0] >= m.end() and len(t[m.end():c[0]].split()) <= CORRECTED_NEAR]
        if before and after:
            denied = max(before, key=lambda c: c[0])[2]
            told = min(after, key=lambda c: c[0])[2]
            if not _same_clock(denied, told):
                t = _without_clock(t, denied)
    return t


def _without_denied(t: str) -> str:
    """``t`` with a clock the resident denies blanked when another clock is said beside it: the corrected (kept) time
    wins, as "amount was 25000 not 2500" keeps 25000 (a stranger's trial, session 10: "sorry it was 12 noon not 2 pm"
    kept 14:00); a clock taken back by a word of correcting too (``_without_corrected``)."""
    t = _without_corrected(t)
    spans = []
    for m in _DENIED_BEFORE_RE.finditer(t):
        end = _DENIED_UNTIL_RE.search(t, m.end())
        spans.append((m.start(), end.start() if end else len(t)))
    for m in _DENIED_AFTER_RE.finditer(t):
        start = max((end.end() for end in _CLAUSE_END_RE.finditer(t, 0, m.start())), default=0)
        spans.append((start, m.end()))
    for start, stop in sorted(spans, reverse=True):
        kept = t[:start] + " " * (stop - start) + t[stop:]
        denied = _find_clock(t[start:stop])
        if denied and _find_clock(kept):
            t = _without_clock(kept, denied)
    return t


def _same_clock(a: _Clock, b: _Clock) -> bool:
    """The same time of day as said: "3 baje" and "3 pm" are one clock (an hour with no am/pm is read on the 12-hour
    dial)."""
    return (a.hour % 12, a.minute) == (b.hour % 12, b.minute)


def _without_clock(t: str, denied: _Clock) -> str:
    """``t`` with the denied clock blanked wherever else it is said, while another clock stays: "aaj 3 baje 20000 kat
    gaye, 3 baje nahi 3:30 baje" is 15:30, not the 15:00 told first and then taken back (a resident's trial, s15)."""
    for pattern in (*_CLOCK_RES, *_ABOUT_CLOCK_RES, _WORD_CLOCK_RE, _ENDING_CLOCK_RE):
        for m in reversed(list(pattern.finditer(t))):
            said = _find_clock(m.group(0))
            if said is None or not _same_clock(said, denied):
                continue
            kept = t[:m.start()] + " " * (m.end() - m.start()) + t[m.end():]
            left = _find_clock(kept)
            if left is not None and not _same_clock(left, denied):
                t = kept
    return t


# after a day word: its part of the day ("aaj subah"), then spaces and a pause ("...", ",") before a word that takes it back
_DAY_THEN_RE = re.compile(rf"(?:\s*(?:{'|'.join(words_ for _, words_ in _PERIODS.values())}){WORD_END})?[\s.…,]*",
                          re.IGNORECASE)


# "not kal", "not last night", "na ki kal": time.yaml's denied_before right before a day word (a resident's trial,
# session 17: "sorry not kal, aaj subah 5 baje" was dated yesterday 05:00, the day taken back winning over "aaj")
_DENIED_BEFORE_DAY_RE = re.compile(rf"{WORD_START}(?:{_said('denied_before')})\s+$", re.IGNORECASE)


def _without_denied_day(t: str) -> str:
    """``t`` with a day said and at once taken back blanked ("ek din pehle nahi, aaj", "not yesterday, today":
    time.yaml's denied_after right after a day word or an "N days ago", or its denied_before right before it) when
    another day is named beside it: the day kept is the one told, as the clock kept is (``_without_denied``)."""
    said = [m for _, rx in _DAY_WORDS for m in rx.finditer(t)] + list(_RELATIVE_RE.finditer(t))
    for m in sorted(said, key=lambda m: m.start(), reverse=True):
        # the day, its part of the day and a pause may come before the taking back ("aaj subah... nahi nahi, kal subah")
        end = _DAY_THEN_RE.match(t, m.end()).end()
        if _DENIED_AFTER_RE.match(t, end):
            start = m.start()
        elif before := _DENIED_BEFORE_DAY_RE.search(t, max(0, m.start() - 20), m.start()):
            start = before.start()  # "not kal shaam, aaj subah": the "not", the day and its part of the day
        else:
            continue
        kept = t[:start] + " " * (end - start) + t[end:]
        if _RELATIVE_RE.search(kept) or any(rx.search(kept) for _, rx in _DAY_WORDS):
            t = kept
    return t


def undenied(text: str) -> str:
    """``text`` as the time is read from it (``prep``, lower case): a clock or a day the resident takes back and
    corrects beside it ("2 baje nahi, 12 baje", "ek din pehle nahi, aaj") blanked. The triage reads a loss's age from
    these words too (bot/nlu/triage.py), so a day taken back dates nothing there either."""
    return _without_today_named(_without_denied_day(_without_denied(_with_ago_said(prep(text).lower()))))


def _without_today_named(t: str) -> str:
    """``t`` with today named by its weekday blanked ("aaj shukravar hai", "noticed today (Friday)", "আজ বৃহস্পতিবার"):
    it tells what day it is now, no time of anything (``_TODAY_IS_RE``)."""
    return _TODAY_IS_RE.sub(lambda m: " " * len(m.group(0)), t)


def corrects_clock(text: str) -> bool:
    """Whether ``text`` denies a clock and says another beside it ("not at 2 pm but at 12:30", "2 baje nahi, 12:30
    baje"): a correction of a time told before, whatever question it answers."""
    t = prep(text).lower()
    return _without_denied(t) != t


def _without_tomorrow(t: str) -> str:
    """``t`` with each clause that says "kal" and then a verb in the future ("bank kal subah khulega") blanked from the
    "kal" on: that is tomorrow, and its day, part of day or clock is no time of a loss."""
    for m in reversed(list(_TWO_WAY_RE.finditer(t))):
        end = _CLAUSE_END_RE.search(t, m.end())
        stop = end.start() if end else len(t)
        near = _NEAR_KAL_RE.match(t, m.end())  # the future verb close by: "kal raat ko sofa becha, bola paise
        # milenge, scan kiya to 15000 gaye" is yesterday (its "milenge" is far off, in what the buyer said)
        if _FUTURE_RE.search(t, m.end(), min(stop, near.end() if near else stop)):
            t = t[:m.start()] + " " * (stop - m.start()) + t[stop:]
    return t


_WEEKDAYS = [_alternation(_TIME[day])
             for day in ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")]
_WEEKDAY_RES = [re.compile(rf"{WORD_START}(?:{w}){WORD_END}", re.IGNORECASE) for w in _WEEKDAYS]
# any weekday at all: found by one search where a message names none (most), before the seven in their order
_ANY_WEEKDAY_RE = re.compile(rf"{WORD_START}(?:{'|'.join(_WEEKDAYS)}){WORD_END}", re.IGNORECASE)
# "last monday", "pichle somvar": said on that very weekday, a week ago (never today)
_LAST_WEEKDAY_RES = [re.compile(rf"{WORD_START}(?:{_said('last_weekday')})\s+(?:{w}){WORD_END}", re.IGNORECASE)
                     for w in _WEEKDAYS]
# "this was on Friday", "shukravar ko hua", "جمعہ کو": today's weekday named as a day (time.yaml weekday_on before it,
# weekday_on_after after it), not as today ("today is Friday" is blanked first): the last one, a week ago
_ON_WEEKDAY_RES = [re.compile(rf"{WORD_START}(?:(?:{_said('weekday_on')})\s+(?:{w})|(?:{w})\s+(?:{_said('weekday_on_after')})){WORD_END}",
                              re.IGNORECASE) for w in _WEEKDAYS]

_UNKNOWN_RE = re.compile(rf"{WORD_START}(?:{_said('unknown')}){WORD_END}", re.IGNORECASE)
_JUST_NOW_RE = re.compile(
    rf"{WORD_START}(?:{_said('just_now')}){WORD_END}(?!\s*(?:{_said('not_now')}){WORD_END})|^\W*(?:{_said('now_alone')})\W*$",
    re.IGNORECASE,
)
_WHILE_AGO_RE = re.compile(rf"{WORD_START}(?:{_said('while_ago')})", re.IGNORECASE)

_UNITS = {unit: (length, _alternation(_TIME[unit + "s"]))
          for unit, length in (("minute", timedelta(minutes=1)), ("hour", timedelta(hours=1)),
                               ("day", timedelta(days=1)), ("week", timedelta(weeks=1)), ("month", timedelta(days=30)))}
_UNIT_OF = {prep(word): unit for unit in _UNITS for word in _TIME[unit + "s"]}
_AGO = _said("ago")
_FEW = frozenset(_listed("few"))  # "a few minutes": 3
_COUPLE = frozenset(_listed("couple"))  # "a couple of hours": 2
_QTY = rf"\d+(?:\.\d+)?|{_alternation(NUMBER_WORDS)}|{_said('few', 'couple')}"
_ABOUT = _said("about")
# "half an hour ago": an article between a number word and its unit, never after digits ("grandma sent 35000 an hour
# ago" is one hour ago, not 35000 hours: the amount is no number of hours)
_ARTICLE = r"(?:(?<!\d)\s*(?:an|a)\s+|\s*)"
_RELATIVE_RE = re.compile(
    rf"{WORD_START}(?:(?:{_ABOUT})\s+)?"
    # "one and half hour ago": the half may come before the unit too
    rf"(?P<qty>{_QTY})(?:\s+(?P<half_before>{_said('and_a_half')}){WORD_END})?{_ARTICLE}"
    rf"(?P<unit>{_alternation(_UNIT_OF)}){WORD_END}"
    rf"(?:\s+(?P<half>{_said('and_a_half')}){WORD_END})?\s*(?P<ago>{_AGO}){WORD_END}",
    re.IGNORECASE,
)
_BARE_RELATIVE_RE = re.compile(
    rf"\s*(?:(?:{_ABOUT})\s+)?"
    rf"(?P<qty>{_QTY}){_ARTICLE}(?P<unit>{_alternation(_UNIT_OF)})[\s.!]*",
    re.IGNORECASE,
)
# "in the last 10 minutes", "pichle aadhe ghante me", "पिछले आधे घंटे में", "within the last hour":
# the loss began at most that long ago; the far end of the window is taken (the cautious reading).
_WITHIN_RE = re.compile(
    rf"{WORD_START}(?:{_said('within')})\s+"
    rf"(?:(?P<qty>{_QTY})\s*)?(?P<unit>{_alternation(_UNIT_OF)}){WORD_END}",
    re.IGNORECASE,
)
# "1 hour 20 minutes ago", "2 ghante 10 minute pehle", "1 घंटे 20 मिनट पहले": the hours said just before a
# "N minutes ago" belong to it (time.yaml ``and``: "1 hour and 20 minutes")
_HOURS_BEFORE_RE = re.compile(
    rf"{WORD_START}(?P<qty>{_QTY})\s*(?P<unit>{_alternation(_TIME['hours'])}){WORD_END}\s*(?:(?:{_said('and')})\s+)?$",
    re.IGNORECASE,
)
# "more than an hour ago", "1 ghanta se zyada ho gaya", "১ ঘণ্টার বেশি": past the time said, not at it (time.yaml
# ``more_than``, just before the number or just after the unit and its "ago")
_MORE_BEFORE_RE = re.compile(rf"{WORD_START}(?:{_said('more_than_before')})\s*$", re.IGNORECASE)
_MORE_AFTER_RE = re.compile(rf"^\s*(?:(?:{_AGO}){WORD_END}\s*)?(?:{_said('more_than_after')}){WORD_END}", re.IGNORECASE)
_LAST_PERIOD_RE = re.compile(
    rf"{WORD_START}(?:(?P<week>{_said('last_week')})|(?P<month>{_said('last_month')})){WORD_END}",
    re.IGNORECASE,
)

# How long ago said before its length, with no "ago" after it ("its been around 3 hours", "it has been 2 hours now"):
# time.yaml ``ago_before``; read as "around 3 hours ago" (``_with_ago_said``).
_SPAN = (rf"(?:(?:{_ABOUT})\s+)?(?:{_QTY})(?:\s+(?:{_said('and_a_half')}){WORD_END})?{_ARTICLE}"
         rf"(?:{_alternation(_UNIT_OF)}){WORD_END}(?:\s+(?:{_said('and_a_half')}){WORD_END})?")
_NOT_AGO = rf"(?!\s*(?:{_AGO}){WORD_END})"
_AGO_BEFORE_RE = re.compile(rf"{WORD_START}(?:{_said('ago_before')})\s+(?P<span>{_SPAN}){_NOT_AGO}", re.IGNORECASE)
# A length of time taken back and told again ("one hour back... actually more, 1.5 hours", "40 minute pehle... nahi,
# 2 ghante", "৪০ মিনিট আগে টাকা পাঠালাম... না, ২ ঘণ্টা"): an "N units ago" (up to four words after it), a pause, a word of time.yaml ``corrected``, up to two words ("more"), then a length
# with no "ago" of its own: the second is the time (``_with_ago_said``).
_CORRECTED_SPAN_RE = re.compile(
    rf"{WORD_START}{re.sub(r'[(][?]P<[a-z_]+>', '(?:', _RELATIVE_RE.pattern.removeprefix(WORD_START))}"
    rf"(?P<between>(?:\s+[^\s.…,;!?]+){{0,4}})(?:\s*[.…,;!-][\s.…,;!-]*|\s+)(?:{_said('corrected')}){WORD_END}(?:[\s,]+[^\W\d]+){{0,2}}?[\s,.:-]+(?P<span>{_SPAN}){_NOT_AGO}",
    re.IGNORECASE)

# The word "ago" written after a length that means it (``_with_ago_said``): English's when time.yaml lists it, else
# the first listed. Read once here: building the list prepares every phrase again (~1.5 ms a message in a profile).
_AGO_WORD = "ago" if "ago" in _listed("ago") else next(iter(_listed("ago")), "ago")


def _with_ago_said(t: str) -> str:
    """``t`` (prepared, lower case) with a length of time that means "ago" though no "ago" follows it written with one:
    "its been around 3 hours" is "around 3 hours ago"; a length taken back and told again ("one hour back... actually
    more, 1.5 hours") keeps only the second, as "1.5 hours ago". A session-18 concept (s18-flags): such losses were
    read with no time at all, urgent."""
    t = _CORRECTED_SPAN_RE.sub(lambda m: " " * (m.start("between") - m.start()) + m["between"] + " "
                               + " " * (m.start("span") - m.end("between")) + m["span"] + " " + _AGO_WORD, t)
    return _AGO_BEFORE_RE.sub(lambda m: m["span"] + " " + _AGO_WORD, t)


@dataclass(frozen=True)
class _Clock:
    """A time of day as written: hour, minute, and whether am/pm fixed it."""

    hour: int
    minute: int
    fixed: bool  # True for 24-hour or am/pm times, False for "3 baje"


def _find_clock(t: str) -> _Clock | None:
    """Return the first time of day ("9pm", "21:30", "3 baje") in ``t``."""
    best: tuple[int, _Clock] | None = None
    for pattern in (*_CLOCK_RES, *_ABOUT_CLOCK_RES) if DIGIT_RE.search(t) else ():  # each has an hour in digits
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
        # by where the hour is: "at 3 pm" is 15:00, not the "at 3" said roughly that starts before it (a resident's
        # trial, session 11: "at 3 pm today" kept 03:00); at the same hour the first pattern (am/pm) wins
        if best is None or m.start("h") < best[0]:
            best = (m.start("h"), _Clock(hour, minute, fixed))
    said = [m for m in (_WORD_CLOCK_RE.search(t) if _OCLOCK_RE.search(t) else None,
                        *(_ENDING_CLOCK_RE.finditer(t) if _ENDING_RE.search(t) else ())) if m]
    for m in said:  # "saade nau baje": 9:30, not the "nau"-less 9:00 of a period
        if (best is not None and m.start() > best[0]) or ("alone" in m.groupdict() and not (
                m["half"] or (m["baje"] and m["n"].isdigit())
                or (m["alone"] is not None and _TIME_SAID_BEFORE_RE.search(t, 0, m.start())))):
            continue
        value = (Decimal(m["n"]) if m["n"].isdigit() else NUMBER_WORDS[m["n"].lower()]) + (
            MODIFIERS[m["half"].lower()] if m["half"] else 0)
        hour, minute = int(value), int((value - int(value)) * 60)
        if 1 <= hour <= 12 and value == value.quantize(Decimal("0.25")):
            best = (m.start(), _Clock(hour, minute, False))
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
    if not DIGIT_RE.search(t):  # every date written has a digit
        return None
    if m := _ISO_DATE_RE.search(t):
        if d := _safe_date(int(m["y"]), int(m["m"]), int(m["d"])):
            return d
    if m := _DMY_RE.search(t):
        year = int(m["y"]) + (2000 if len(m["y"]) == 2 else 0)
        if d := _safe_date(year, int(m["m"]), int(m["d"])):
            return d
    for rx in (DAY_MONTH_RE, MONTH_DAY_RE):
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
        if any(not _NOT_A_DAY_RE.match(t, m.start()) for m in rx.finditer(t)):
            return offset, True
    for weekday, rx in enumerate(_WEEKDAY_RES if _ANY_WEEKDAY_RE.search(t) else ()):
        if rx.search(t):
            back = (today.weekday() - weekday) % 7
            return (back or (7 if _LAST_WEEKDAY_RES[weekday].search(t) or _ON_WEEKDAY_RES[weekday].search(t) else 0)), True
    return None


def _quantity(word: str) -> Decimal:
    """Return the number meant by a digit string or number word."""
    word = word.lower()
    if word[0].isdigit():
        return Decimal(word)
    if word in _FEW or word in _COUPLE:
        return Decimal(3) if word in _FEW else Decimal(2)
    return NUMBER_WORDS.get(word, Decimal(1))


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
    half = m.groupdict().get("half") or m.groupdict().get("half_before")  # "an hour and a half back", "one and half hour ago"
    delta = step * float(qty) + (step / 2 if half else timedelta())
    approx = unit in ("day", "week", "month") or not qty_word[0].isdigit() and qty_word in _FEW | _COUPLE
    if unit in ("minute", "hour") and (qty != qty.to_integral_value() or half):
        minutes = int(delta.total_seconds() // 60)
        return delta, f"{minutes} minutes ago", approx
    return delta, f"{_plural(qty, unit)} ago", approx


def _combine(day: date, clock: _Clock | None, period: str | None,
             now_local: datetime | None = None) -> tuple[datetime, bool, bool]:
    """Return (naive local datetime, has time of day, approx) for a day plus an
    optional clock time and part of day ("kal raat 2 baje" is 02:00 the next day). An hour with no am, pm or part of
    the day ("9 baje", "at 10") is, given ``now_local``, its latest occurrence on ``day`` not after now (at 22:00 "9
    baje" is 21:00, at 10:00 it is 09:00; when both are still to come, the later one, which the caller takes on the day
    before: at 08:00 "9 baje" is last night's 21:00). The more recent reading is the cautious one: it never makes a
    loss older, so never lowers its priority on a guess (README.md, "Golden hour"). Without ``now_local``, 1-6 is read
    as the afternoon and 7-12 as the morning."""
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
        elif period is None and now_local is not None:
            approx = True
            readings = sorted(datetime.combine(day, time(h % 24, clock.minute)) for h in {hour % 12, hour % 12 + 12})
            past = [at for at in readings if at <= now_local.replace(tzinfo=None) + FUTURE_SLACK]
            return (past or readings)[-1], True, approx
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
        rel = _relative_in(t)
        if rel and _UNIT_OF[rel["unit"].lower()] == "day":
            rel_days = int(_quantity(rel["qty"]))
            day = today - timedelta(days=rel_days)
            explicit = True
        elif loose := _find_loose_date(t, today):  # "withdrawal on 12th, we found out today": the 12th
            day, explicit = loose, True
        elif found := _find_day_offset(t, today):
            day, explicit = today - timedelta(days=found[0]), found[1]
    clock, period = _find_clock(t), _find_period(t)
    if day is None and clock is None and period is None:
        return None
    if day is None:
        day = today
    naive, has_time, approx = _combine(day, clock, period, now_local)
    local = naive.replace(tzinfo=now_local.tzinfo)
    if clock is None and period is not None and local.date() == today and local > now_local \
            and now_local.hour >= PERIOD_STARTS[period]:
        local, approx = now_local, True  # "aaj subah" at 07:05: earlier this morning, not 09:00 still to come
    if local > now_local and not explicit:  # "raat 9 baje" said in the morning: last night. A day said ("aaj subah 11
        # baje" at 00:30) is kept: a time still to come, asked again (issue 11 item 6: the previous day only when the
        # words say so)
        local -= timedelta(days=1)
    if rel_days is not None and not has_time:
        days = "day" if rel_days == 1 else "days"
        return TimeAnswer(now_local - timedelta(days=rel_days), False, True, f"{rel_days} {days} ago")
    label = _day_label(local.date(), today)
    if has_time:
        label += f" {local:%H:%M}"
        if clock is None and local.date() < today:  # a past day's part, no hour: "kal raat" may be as late as the
            # night's end (its ``by``); today's ("aaj subah") is read as before
            end = datetime.combine(local.date(), time(0, 0), tzinfo=now_local.tzinfo) + timedelta(hours=PERIOD_ENDS[period])
            return TimeAnswer(local, False, approx, label, by=min(end - timedelta(seconds=1), now_local))
        return TimeAnswer(local, False, approx, label)
    end = datetime.combine(local.date() + timedelta(days=1), time(0, 0), tzinfo=now_local.tzinfo) - timedelta(seconds=1)
    # a day, no time of it: "kal"; "aaj" said before noon is no later than now (never "that time has not come yet")
    at = min(local, now_local) if local.date() == today else local
    return TimeAnswer(at, False, approx, label, by=min(end, now_local))


@lru_cache(maxsize=16)
def _relative_in(t: str) -> re.Match | None:
    """The first "N units ago" of ``t``: looked for by the relative reading and, when that finds none of its
    own, again by the dated one ("2 din pehle"): once a text."""
    return _RELATIVE_RE.search(t)


def _relative_answer(t: str, now_local: datetime) -> TimeAnswer | None:
    """Return a TimeAnswer for "10 min pehle", "an hour ago", "last week"...
    (units smaller than a day, or weeks/months), else None."""
    m = _relative_in(t) or _BARE_RELATIVE_RE.fullmatch(t)
    if m and _UNIT_OF[m["unit"].lower()] != "day":
        delta, label, approx = _relative_delta(m)
        hours = _HOURS_BEFORE_RE.search(t[:m.start()]) if _UNIT_OF[m["unit"].lower()] == "minute" else None
        if hours:
            delta += timedelta(hours=float(_quantity(hours["qty"].lower())))
            label = f"{int(delta.total_seconds() // 60)} minutes ago"
        said = (_quantity(m["qty"].lower()), _UNIT_OF[m["unit"].lower()])  # the same time said again: "... approx, 1
        # ghanta se zyada"
        if any(_MORE_BEFORE_RE.search(t[:o.start("qty")]) or _MORE_AFTER_RE.search(t[o.end("unit"):])
               for o in [m, *_RELATIVE_RE.finditer(t)]
               if (_quantity(o["qty"].lower()), _UNIT_OF[o["unit"].lower()]) == said):
            delta += timedelta(minutes=1)  # "more than an hour": past the hour, so past a golden hour of that length
            label = "more than " + label
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
    by = answer.by.astimezone(timezone.utc) if answer.by is not None else None
    if answer.at > now:
        return replace(answer, at=now.astimezone(timezone.utc), approx=True, by=by)
    return replace(answer, at=answer.at.astimezone(timezone.utc), by=by)


# A story told in clauses: punctuation, or a word of time.yaml's ``then`` ("aur", "and then", "phir") that does not
# follow a unit of time ("1 hour and 20 minutes ago" is one time).
_THEN_RE = re.compile(rf"[,;!?\n\u0964\u06d4\u060c\u061b]|\.(?!\d)|{WORD_START}(?:{_said('then')}){WORD_END}", re.IGNORECASE)
_NOTICED_RE = re.compile(rf"{WORD_START}(?:{_said('noticed')}){WORD_END}", re.IGNORECASE)
_UNIT_BEFORE_RE = re.compile(rf"{WORD_START}(?:{_alternation(_UNIT_OF)})\s*$", re.IGNORECASE)


def _clauses(t: str) -> list[tuple[int, int]]:
    """The [start, end) spans of the clauses of prepared text ``t``."""
    spans, start = [], 0
    for m in _THEN_RE.finditer(t):
        if m.group(0)[0].isalpha() and _UNIT_BEFORE_RE.search(t, 0, m.start()):
            continue
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(t)))
    return [(s, e) for s, e in spans if t[s:e].strip()]


def _names_day(t: str, today: date) -> bool:
    """Whether ``t`` says which day (a date, a day word, a weekday, "2 days ago", "last week") or how long ago."""
    return bool(_find_date(t, today) or _find_day_offset(t, today) or _find_loose_date(t, today) or _RELATIVE_RE.search(t) or _WITHIN_RE.search(t)
                or _LAST_PERIOD_RE.search(t) or _WHILE_AGO_RE.search(t) or _JUST_NOW_RE.search(t))


def _focused(t: str, now: datetime, tz: str, focus: Callable[[str], bool]) -> TimeAnswer | None:
    """The time of the first clause of ``t`` that ``focus`` picks (the loss verb's: "kal raat ko call aaya aur aaj subah
    10 baje paise kat gaye" is today 10:00), when it names one. A clause that names only an hour or a part of the day
    takes its day, and a missing part of the day, from the clauses before it, the next day when the hour comes before
    theirs: a story is told in order ("kal raat 11 baje call aaya aur 11:30 pe paise gaye" is 23:30 yesterday; "kal raat
    ko call aaya, subah 10 baje kat gaye" is this morning). None when the clause names no time (the caller reads the
    whole), or when it tells of the loss noticed ("aaj subah dekha": time.yaml ``noticed``)."""
    spans = _clauses(t)
    found = next(((s, e) for s, e in spans if focus(t[s:e])), None)
    if len(spans) < 2 or found is None:
        return None
    start, end = found
    own = parse_time(t[start:end], now, tz)
    if own is None or own.unknown or _NOTICED_RE.search(t, start, end):  # "aaj subah dekha account khali": when it
        return None  # was noticed, not when it left
    zone = ZoneInfo(tz)
    now_local = now.astimezone(zone)
    clause = _without_tomorrow(t[start:end])
    clock, period = _find_clock(clause), _find_period(clause)
    before = parse_time(t[:start], now, tz) if start else None
    if (clock is None and period is None) or before is None or before.at is None:
        return own
    earlier = before.at.astimezone(zone)
    told_part = _find_period(_without_tomorrow(t[:start]))
    same_day = _names_day(clause, now_local.date())
    if same_day:
        # "aaj subah call aaya aur aaj 9 baje paise kate": the hour, with no part of the day of its own, is in the part
        # of the same day told before it (09:00, not 21:00); any other day, or a part of its own, is the clause's
        said = _find_day_offset(clause, now_local.date())
        if clock is None or clock.fixed or period is not None or told_part is None or said is None \
                or now_local.date() - timedelta(days=said[0]) != earlier.date():
            return own
    naive, _has_time, approx = _combine(earlier.date(), clock, period or told_part, now_local)
    local = naive.replace(tzinfo=zone)
    if local < earlier and not same_day:
        local += timedelta(days=1)
    return _to_utc(TimeAnswer(local, False, approx, f"{_day_label(local.date(), now_local.date())} {local:%H:%M}"), now)


def newest_time(text: str, now: datetime, tz: str, focus: Callable[[str], bool]) -> TimeAnswer | None:
    """The newest of the times that two or more clauses ``focus`` picks each name of their own ("2 din pehle 5000 gaye
    the, aaj phir se 3000 gaye abhi abhi", "last week I lost 4000, and another 2500 went 5 min ago"): several debits
    told, the newest decides the golden hour. A day with no hour beside a word of just now in its clause ("aaj ...
    abhi abhi") is now; a clause that tells of the loss noticed ("aaj dekha": time.yaml ``noticed``) dates none.
    None when fewer than two clauses name a time."""
    t = _GREETING_RE.sub(" ", undenied(text))
    found: list[TimeAnswer] = []
    for start, end in _clauses(t):
        clause = t[start:end]
        if not focus(clause) or _NOTICED_RE.search(clause):
            continue
        answer = parse_time(clause, now, tz)
        if answer is None or answer.unknown or answer.at is None:
            continue
        if answer.by is not None and now - answer.by <= timedelta(minutes=1) and _JUST_NOW_RE.search(clause):
            answer = replace(answer, at=now, by=None, approx=False, label="just now")
        found.append(answer)
    return max(found, key=lambda answer: answer.at) if len(found) > 1 else None


# "today is Thursday", "noticed today (Tuesday)", "আজ বৃহস্পতিবার": today named by its weekday tells what day it is now
_TODAY_IS_RE = re.compile(rf"{WORD_START}(?:{_alternation(_TIME['today'])})\W*(?:(?:is|hai|he)\s+)?"
                          rf"(?:{'|'.join(_WEEKDAYS)}){WORD_END}", re.IGNORECASE)


def without_noticed_clauses(text: str) -> str:
    """``text`` (prepared, lower case) with every clause that tells a finding out ("at 7 pm I saw", "aaj subah dekha":
    time.yaml ``noticed``) blanked: what is left dates the event, if anything does."""
    t = prep(text or "").lower()
    for start, end in reversed(_clauses(t)):
        if _NOTICED_RE.search(t, start, end):
            t = t[:start] + " " * (end - start) + t[end:]
    return t


def without_noticing(text: str, now: datetime, tz: str = "Asia/Kolkata") -> str:
    """``text`` (prepared, lower case) with what dates the finding out, not the event, blanked when another day is
    named beside it: today named by its weekday ("aaj brihospotibar") and each clause that tells of the loss noticed
    ("I noticed today", "aaj dekha": time.yaml ``noticed``). "Happened on Sunday, I noticed today (Tuesday)" is Sunday."""
    t = _without_today_named(prep(text or "").lower())
    today = now.astimezone(ZoneInfo(tz)).date()
    for start, end in reversed(_clauses(t)):
        if _NOTICED_RE.search(t, start, end) and _names_day(t[start:end], today):
            kept = t[:start] + " " * (end - start) + t[end:]
            if _names_day(kept, today):
                t = kept
    return t


def parse_time(text: str, now: datetime, tz: str = "Asia/Kolkata", focus: Callable[[str], bool] | None = None,
               on_day: date | None = None) -> TimeAnswer | None:
    """``_parse_time``, except that a date at the calendar's edge ("9999-12-31", "0001-01-01": the day after or
    before it does not exist) is no time a loss happened: None, as for a text with nothing time-like (an attacker's
    trial, session 10: the web chat answered 500)."""
    try:
        return _parse_time(text, now, tz, focus, on_day)
    except OverflowError:
        return None


def _parse_time(text: str, now: datetime, tz: str, focus: Callable[[str], bool] | None,
                on_day: date | None) -> TimeAnswer | None:
    """Return when the incident happened according to ``text``, relative to the
    aware datetime ``now``; times without a zone are local to ``tz``.

    Returns a TimeAnswer with ``unknown=True`` when the resident says they do
    not know, ``future=True`` (and no ``at``) when the words name a time still
    to come, and None when the text contains nothing time-like.  ``at`` is
    never in the future. ``focus`` picks the clause whose time counts (the one
    with the loss verb: ``_focused``); ``on_day`` is the day an hour said with no
    day is on ("9 pm", asked after "yesterday").
    """
    zone = ZoneInfo(tz)
    if now.tzinfo is None:
        now = now.replace(tzinfo=zone)  # a naive "now" is read as local time
    text = _GREETING_RE.sub(" ", undenied(text))
    if focus is not None and (told := _focused(text, now, tz, focus)) is not None:
        return told
    t = _without_tomorrow(text)
    now_local = now.astimezone(zone)
    if on_day is not None and not _names_day(t, now_local.date()) and (_find_clock(t) or _find_period(t)):
        naive, _has_time, approx = _combine(on_day, _find_clock(t), _find_period(t), now_local)
        local = naive.replace(tzinfo=zone)
        label = f"{_day_label(local.date(), now_local.date())} {local:%H:%M}"
        return _to_utc(TimeAnswer(local, False, approx or _UNKNOWN_RE.search(t) is not None, label), now)
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


# The time now told as a part of the day or an hour ("its evening now", "ab shaam ho gayi", "abhi dopahar ho gayi",
# "it is 4 pm", "अब 1 बजे हैं", "এখন দুপুর ২টো", "اب شام ہو گئی"): time.yaml's clock_now_before (or time_is: "its"),
# then a part of the day followed by clock_now_after or an hour, or an hour with am/pm or o'clock.
_PART = _alternation([w for period in _PERIODS for w in _TIME[period]])
# the hour in digits or in words, a half or a quarter before it ("ابھی تین بجے ہیں", "এখন সাড়ে ৪টে"), and after an hour
# with its counting ending the word that makes it a clock ("এখন ৩টে বাজে": what _hour_of reads it by)
_HOUR_SAID = (rf"(?:(?:{_alternation(MODIFIERS) or '(?!)'})\s*)?(?:\d{{1,2}}(?:[:.]\d{{2}})?|{_alternation(NUMBER_WORDS)})"
              rf"\s*(?:{_AMPM.replace('?P<ampm>', '')}|(?:{_said('oclock')}){WORD_END}"
              rf"|(?:{_said('hour_ending')})(?:\s*(?:{_said('after_ending')}){WORD_END})?)")
# a part of the day then its hour, joined ("ab shaam ke 7", "abhi shaam ke 7 baj rahe": the hour may stand bare)
_JOINT = _said("part_hour_joint")
_PART_HOUR = rf"(?:(?:{_JOINT})\s+)?{_HOUR_SAID}|(?:{_JOINT})\s+\d{{1,2}}(?![\d:.])"
_NOW_PART_RE = re.compile(
    rf"{WORD_START}(?:(?:{_said('clock_now_before')})\s+(?:(?:{_said('time_is')})\s+)?"
    rf"(?:(?:{_PART}){WORD_END}\s*(?:(?:{_said('clock_now_after')}){WORD_END}|{_PART_HOUR})|{_HOUR_SAID})"
    rf"|(?:{_said('time_is')})\s+(?:{_PART}){WORD_END}"
    # "sent around 2, now evening", "ab shaam.": a part of the day alone after a word of now, the clause ending there
    rf"|(?:{_said('clock_now_before')})\s+(?:{_PART}){WORD_END}(?=\s*(?:$|[,;!?\n\u0964\u06d4]|\.(?!\d))))",
    re.IGNORECASE)


def _hour_of(t: str) -> float | None:
    """The local hour of the first clock time or part of the day in ``t`` ("3 baje" after 12 is read as in _combine)."""
    clock, period = _find_clock(t), _find_period(t)
    if clock is not None:
        naive, _has_time, _approx = _combine(date(2000, 1, 3), clock, period)
        return naive.hour + naive.minute / 60
    return float(_PERIODS[period][0]) if period else None


_CLOCK = r"(\d{1,2})[:.](\d{2})\s*(am|pm)?"  # time.yaml's clock_now_before, clock_time, clock_now_after around it
# The time now as the message tells it: "its 8:05 now", "ab 12:40 hua hai", "it is 3.15 pm now".
_NOW_CLOCK = re.compile(rf"(?:(?:{words.any_of(_TIME['clock_now_before'])})\s+(?:(?:{words.any_of(_TIME['clock_time'])})\s+)?"
                        rf"{_CLOCK}|{_CLOCK}\s*(?:{words.any_of(_TIME['clock_now_after'])})"
                        # "sms at 9.40 now time is 10.05": a "now" with a clock time just after it tells that one (s17-urg)
                        r"(?![^\d.!?,;]{0,20}\d{1,2}[:.]\d\d))", re.IGNORECASE)
# the other clock time: "1:05 pm", or an hour said with time.yaml's o'clock words ("humne 1 baje pay kiya, abhi 1:40 hua")
# or a bare hour with am / pm ("she sent at 7pm, now it is 7.30")
_ANY_CLOCK = re.compile(rf"(?<![\d:.])(?:{_CLOCK}|(\d{{1,2}})\s*(?:{words.any_of(_TIME['oclock'])})(?!\w)"
                        rf"|(\d{{1,2}})\s*(am|pm)(?!\w))", re.IGNORECASE)
# an hour and its minutes said with a joining word ("3 bajke 25", "৩টে বেজে ২৫", "3 بج کر 25"): read as "3:25"
_JOINED_CLOCK = re.compile(rf"(?<![\d:.])(\d{{1,2}})\s*(?:{words.any_of(_TIME.get('clock_joiner', ()))})\s*(\d{{2}})(?!\d)",
                           re.IGNORECASE)
# What every telling of the time now has (both of _NOW_CLOCK's ways hold a _CLOCK): one quick search, so the long
# word alternations are not tried at every place of the many messages that give no clock time (703 of the bench's 708)
_CLOCK_SEEN = re.compile(r"\d[:.]\d\d")


def _clock_minutes(hour: str, minute: str, half: str | None) -> int | None:
    h, m = int(hour), int(minute)
    if h > 23 or m > 59:
        return None
    if half and half.lower() == "pm" and h < 12:
        h += 12
    elif half and half.lower() == "am" and h == 12:
        h = 0
    return h * 60 + m


def _clock_now_gap(text: str, newest: bool = False) -> timedelta | None:
    """How long before the time the message says it is now ("its 8:05 now") the first other clock time it
    names ("noticed at 7:40 pm") lies: a message's own clock, right whatever the server's clock says. None when
    the message does not tell the time now, names no other time, or the gap is over twelve hours. With ``newest``
    (several debits told, "one at 2 pm and again at 4 pm, its 4:25 now") the nearest of the other clock times
    within twelve hours: the newest debit decides the golden hour."""
    text = _JOINED_CLOCK.sub(r"\1:\2", text)
    found = list(_NOW_CLOCK.finditer(text)) if _CLOCK_SEEN.search(text) else []
    if not found:
        return None
    told = found[-1]  # "abhi 12:10 pe (the loss) ... ab 12:40 hua hai (now)": the last telling is the time now
    groups = [g for g in told.groups()]
    now_parts = groups[:3] if groups[0] is not None else groups[3:]
    now_minutes = _clock_minutes(*now_parts)
    if now_minutes is None:
        return None
    gaps: list[int] = []
    for match in _ANY_CLOCK.finditer(text):
        if told.start() <= match.start() < told.end():
            continue
        hour, minute, half, bare, bare_half_hour, bare_half = match.groups()
        then = _clock_minutes(bare, "0", None) if bare is not None \
            else _clock_minutes(bare_half_hour, "0", bare_half) if bare_half_hour is not None \
            else _clock_minutes(hour, minute, half)
        if then is None:
            continue
        gap = (now_minutes - then) % (24 * 60)
        if not (now_parts[2] and half):  # without am/pm on both: the nearer reading of a 12-hour clock
            gap %= 12 * 60
        if not newest:
            return timedelta(minutes=gap) if gap <= 12 * 60 else None
        if gap <= 12 * 60:
            gaps.append(gap)
    return timedelta(minutes=min(gaps)) if gaps else None


def _after_now_clock(t: str, told: re.Match) -> bool:
    """Whether the telling of the hour now ``told`` (``_NOW_PART_RE`` in ``t``) comes after every clock time ``t``
    tells as now (``_NOW_CLOCK``) and is not one of them."""
    clocks = list(_NOW_CLOCK.finditer(t))
    return bool(clocks) and told.start() >= clocks[-1].end()


def told_now_gap(text: str, newest: bool = False) -> timedelta | None:
    """How long ago, by the message's own clock, the other time it names lies: the one reading of "the time now, as
    told in the message" (bot/nlu/triage.py dates a loss by it). A clock time told as now ("its 8:05 now", "ab 12:40
    hua hai") against the first other clock time (``_clock_now_gap``); else a part of the day or an hour told as now
    ("its evening now", "ab shaam ho gayi", "it is 4 pm") against the first other time of day ("subah ki baat hai,
    abhi dopahar ho gayi": five hours). Right whatever the server's clock says. None when the message tells no time
    now, names no other, or the gap is over twelve hours (a part of the day: not between zero and twelve hours)."""
    t = _without_tomorrow(prep(text or "").lower())
    told = list(_NOW_PART_RE.finditer(t))
    clock = _clock_now_gap(text or "", newest)  # ``newest``: several debits told, the nearest clock time decides
    # "sms ka time 8:42 hai, abhi 9 baje hai": an hour told as now after the last clock time read as now tells the time
    # now; the clock time before it ("8:42 hai") is the other time
    if clock is not None and not (told and _after_now_clock(t, told[-1])):
        return clock
    if not told:
        return None
    last = told[-1]
    now_hour = _hour_of(last.group(0))
    then_hour = _hour_of(t[:last.start()] + " " * (last.end() - last.start()) + t[last.end():])
    if now_hour is None or then_hour is None:
        return None
    gap = (now_hour - then_hour) % 24
    if not 0 < gap <= 12:
        # "... will cut the line tonight ... it happened at 9 in the morning, now it is 4 pm": the hour read with the
        # message's first part of the day ("tonight") is past twelve hours; the clause just before the time now
        # ("সকাল ৯টার ঘটনা") gives the other time by itself
        ends = list(_CLAUSE_END_RE.finditer(t, 0, last.start()))
        start = ends[-2].end() if len(ends) > 1 else 0
        near = _hour_of(t[start:last.start()])
        gap = (now_hour - near) % 24 if near is not None else gap
    return timedelta(hours=gap) if 0 < gap <= 12 else None
