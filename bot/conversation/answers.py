"""Read a resident's answer to a question of a given kind (DESIGN.md's waits): valid, skipped or bad.

Values come back JSON-ready and normalised: amounts in rupees as numbers, times in ISO 8601 (UTC),
phone numbers in E.164.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo
from typing import Any

from rapidfuzz import fuzz, process

from .. import formats
from ..content.flows import Choice, Node
from ..nlu import names, triage, words
from ..nlu.commands import clean, is_skip, says_not_known
from ..nlu.entities import amounts, banks, devices, links, payments, phones, times
from ..nlu.normalize import normalize, to_ascii_digits

MAX_TEXT = 2000

_ANSWERS = words.load("answers")  # lang/<code>/words/answers.yaml, every pack's words merged
YES = frozenset(_ANSWERS["yes"])
NO = frozenset(_ANSWERS["no"])
YES_STARTS = tuple(_ANSWERS["yes_starts"])  # "yes I did", "haan ji bata diya"
NO_STARTS = tuple(_ANSWERS["no_starts"])
SAME_NUMBER = frozenset(_ANSWERS["same_number"])
SAME = frozenset(_ANSWERS["same"]) | SAME_NUMBER  # "same", "wahi", "वही": points back at an answer, names nothing
NOT_IN_NAME = frozenset(_ANSWERS["not_in_name"])  # "bank", "paise", "told": words of the story, not of a name
BANK_WORDS = frozenset(normalize(w) for w in _ANSWERS["bank_words"])  # "bank", "सहकारी": a bank the packs do not list
STOPWORDS = frozenset(words.load("stopwords")["stopwords"])  # "my", "mera": no part of a bank's name
BANK_AS_TOLD_MAX = 60  # characters of a bank kept as the resident wrote it
BANK_WORDS_MAX = 5  # a bank's name has a few words; more is a sentence of the story
# "the second one", "dusra wala", "দ্বিতীয়টা": a numbered choice picked by its place in words (answers.yaml ordinal_*)
_ORDINALS = {normalize(w): place for place, key in enumerate(("ordinal_first", "ordinal_second", "ordinal_third"), 1)
             for w in _ANSWERS[key]}
_YES_NO_WORDS = frozenset(w for w in YES | NO if " " not in w and not w.isdigit())
NAME_WORDS_MAX = 5  # a name has a few words; more is a sentence of the story
ACK_DIGITS = 14  # the acknowledgement number 1930 gives, and the cybercrime.gov.in complaint number: 14 digits
_DIGIT_RUN = re.compile(r"\d(?:[\d \-/]*\d)?")
_ABOUT = re.compile(rf"(?:^|\s)(?:{words.any_of(words.load('time')['about'])})(?:\s|$)", re.I)  # "around", "lagbhag"
_NAME_PREFIX = re.compile(rf"^(?:{words.any_of(_ANSWERS['name_before'])})\s*[:\-]?\s*", re.I)  # "my name is"
_NAME_PREFIX_INSIDE = re.compile(rf"(?:^|\s)(?:{words.any_of(_ANSWERS['name_before'])})\s*[:\-]?\s+", re.I)  # "madam mera
# naam ...": a greeting before it (a resident writing to the officer, session 19)
_NAME_SUFFIX = re.compile(rf"\s*(?:{words.any_of(_ANSWERS['name_after'])})\s*$")  # "... hai"
_PIN = re.compile(r"(?<!\d)([1-9]\d{5})(?!\d)")
_LETTERS = re.compile(r"[^\W\d_]", re.UNICODE)


@dataclass
class Parsed:
    ok: bool
    value: Any = None
    display: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    error: str = ""
    skipped: bool = False

    @classmethod
    def bad(cls, key: str) -> "Parsed":
        return cls(ok=False, error=key)


@dataclass
class Context:
    now: datetime
    timezone: str
    districts: list[str]
    sender_phone: str | None = None
    places: dict[str, str] = field(default_factory=dict)  # the unit's localities (normalised -> as spelled)
    language: str = "en"  # the resident's: how a parsed value is shown back
    pin_districts: dict[str, str] = field(default_factory=dict)  # the unit's jurisdiction file: PIN -> district
    fields: dict[str, Any] = field(default_factory=dict)  # the report's answers so far (an hour's day: ``_hour``)


# Marks between words, never inside one ("e-mail", "a/c" and "a.c." keep theirs): a choice's words are found beside them
_BETWEEN_WORDS = re.compile(r"[,;:!?।()\[\]\"]|\.(?!\w)")


def ordinal(text: str) -> int | None:
    """The place a whole message names ("the second one": 2, "pehla wala": 1, "তৃতীয়টা": 3), else None: at a
    numbered question it picks that number (a resident's trial, session 16: "the second one" was refused)."""
    return _ORDINALS.get(" ".join(_CLAUSE_MARKS.sub(" ", normalize(text)).replace(".", " ").split()))


def _choice(node: Node, text: str, prefill: bool) -> Parsed:
    cleaned = clean(text)
    if not prefill and (place := ordinal(text)) is not None:
        cleaned = str(place)
    if not prefill and cleaned.isdigit():
        index = int(cleaned) - 1
        if 0 <= index < len(node.choices):
            return _chosen(node.choices[index])
        return Parsed.bad("bad_choice")
    padded = f" {_BETWEEN_WORDS.sub(' ', cleaned)} "  # "through upi, 10 minutes ago": "upi" said
    best: tuple[int, Choice] | None = None
    said, options = _choice_words(node)
    for word, choice in said:
        if f" {word} " in padded and (best is None or len(word) > best[0]):
            best = (len(word), choice)
    if best:
        return _chosen(best[1])
    if prefill:
        return Parsed.bad("bad_choice")
    match = process.extractOne(cleaned, options, scorer=fuzz.WRatio, score_cutoff=86)
    if match:
        return _chosen(node.choices[match[2][0]])
    return Parsed.bad("bad_choice")


_CHOICE_WORDS: dict[int, tuple[Node, tuple[tuple[str, Choice], ...], dict[tuple[int, str], str]]] = {}


def _choice_words(node: Node) -> tuple[tuple[tuple[str, Choice], ...], dict[tuple[int, str], str]]:
    """A question's choices as ``_choice`` reads them, normalised once per node (issue 17: a report's first message
    is matched against every question's choices, ~140 words, at ~40 µs a word): (normalised word, its choice) for
    the exact look, and the fuzzy look's options. Nodes are loaded once and never changed."""
    kept = _CHOICE_WORDS.get(id(node))
    if kept is None or kept[0] is not node:
        said = tuple((word, choice) for choice in node.choices
                     for word in map(normalize, [choice.id.replace("_", " "), *choice.words, *choice.label.values()])
                     if word)
        options = {(i, w): normalize(w) for i, c in enumerate(node.choices) for w in [*c.words, *c.label.values()]}
        if len(_CHOICE_WORDS) > 4096:  # flows loaded again and again (tests): the old nodes' entries go
            _CHOICE_WORDS.clear()
        kept = _CHOICE_WORDS[id(node)] = (node, said, options)
    return kept[1], kept[2]


def _chosen(choice: Choice) -> Parsed:
    return Parsed(ok=True, value=choice.id, display=choice.label.get("en", choice.id), extra=dict(choice.set))


_CLAUSE_MARKS = re.compile(r"[,;:!।]")  # "yes, still on the call": a yes and the words after it, as "yes still ..."


def bare_yes_or_no(text: str) -> bool:
    """The whole message is only a yes or a no ("no", "haan", "না"): at a menu it picks nothing."""
    cleaned = clean(text)
    return cleaned in YES or cleaned in NO


def _yesno(text: str) -> Parsed:
    cleaned = clean(text)
    if (place := ordinal(text)) in (1, 2):  # "Reply 1 for yes, 2 for no": "the first one" is yes
        cleaned = str(place)
    opening = " ".join(_CLAUSE_MARKS.sub(" ", cleaned).split()) + " "
    if cleaned in YES or opening.startswith(YES_STARTS):
        return Parsed(ok=True, value=True, display="yes")
    if cleaned in NO or opening.startswith(NO_STARTS):
        return Parsed(ok=True, value=False, display="no")
    return Parsed.bad("bad_yesno")


def _told_yesno(node: Node, text: str, prefill: bool) -> Parsed:
    """A yes/no question answered in its own words (``yes_words``, ``no_words``: "chori ho gaya" at "was it
    stolen?"): yes when only its yes words are said, no when only its no words are; a plain yes or no first (not
    from a first message)."""
    plain = Parsed.bad("bad_yesno") if prefill else _yesno(text)
    if plain.ok or not (node.yes_words and node.no_words):
        return plain
    norm = normalize(text)
    said = [value for value, listed in ((True, node.yes_words), (False, node.no_words)) if _said_words(listed).search(norm)]
    if len(said) != 1:
        return plain  # neither, or both ("lost it, i think someone stole it"): asked
    return Parsed(ok=True, value=said[0], display="yes" if said[0] else "no")


@lru_cache(maxsize=None)
def _said_words(listed: str) -> re.Pattern:
    """The words of answers.yaml's list ``listed``, whole, in a normalised text."""
    return re.compile(words.any_of(normalize(w) for w in _ANSWERS[listed]))


def asks_what_to_do(text: str) -> bool:
    """"what should we do", "ab kya karen", "এখন কী করব" (answers.yaml ``asks_what_to_do``): asked, not an answer."""
    return bool(_said_words("asks_what_to_do").search(normalize(text)))


def called_1930(text: str) -> bool:
    """"I already called 1930", "1930 pe call kar diya" (answers.yaml ``called_1930``), not denied ("not called 1930
    yet": ``called_1930_not``): 1930 was called, whether or not its number is told."""
    norm = normalize(text)
    return bool(_said_words("called_1930").search(norm)) and not _said_words("called_1930_not").search(norm)


def asks_money_back(text: str) -> bool:
    """"will I get my money back?", "paise wapas milenge?" (answers.yaml ``asks_money_back``): asked, not an answer."""
    return bool(_said_words("asks_money_back").search(normalize(text)))


def said_no(text: str) -> bool:
    """A plain no in any pack ("no", "nahi", "না", "نہیں", "nahi kiya") with no number in it: at an optional
    question ("have you called 1930? send its number") it means there is none, as SKIP does."""
    return _yesno(text).value is False and not any(ch.isdigit() for ch in to_ascii_digits(text))


def parse_amount(text: str) -> int | float | None:
    """An amount as a report keeps it (whole rupees as an int)."""
    amount = amounts.parse_amount(text)
    if amount is None:
        return None
    number = float(amount)
    return int(number) if number == int(number) else number


BARE_DIGIT = re.compile(r"\s*\d\s*")  # "1", "2": a menu's choice typed at the amount question, not ₹1 (a resident's trial)


def _amount(text: str, language: str = "en") -> Parsed:
    """An amount; the balance before and after told together ("only 200 left, i had 48000") is the difference, kept
    with both (``amount_balance_before``, ``amount_balance_left``) so the reply can show how it was worked out."""
    number = parse_amount(text)
    if number is None or BARE_DIGIT.fullmatch(to_ascii_digits(text)):
        return Parsed.bad("bad_amount")
    extra: dict[str, Any] = {}
    if told := amounts.balances(text):
        extra = {"amount_balance_before": whole(told[0]), "amount_balance_left": whole(told[1])}
    elif parts := amounts.debits_in(text):  # "pehle 10000 fir 10000 fir 5000 kat gaye": each debit, for the bank
        extra = {"amount_debits": [whole(part) for part in parts]}
    return Parsed(ok=True, value=number, display=formats.amount(number, language), extra=extra)


def whole(value) -> int | float:
    """A number as a report keeps it (whole rupees as an int)."""
    number = float(value)
    return int(number) if number == int(number) else number


DAY = timedelta(hours=24)
HOUR_DECIDES = ("money_left_at",)  # the times whose hour can decide a priority (bot/cases/priority.py money_level)


def roughly(text: str, answer: times.TimeAnswer | None) -> bool:
    """A time said roughly ("aaj subah", "around 9", "shaam ko"): the freeze request must say "about"."""
    return answer is not None and answer.at is not None and (answer.approx or bool(_ABOUT.search(normalize(text))))


def said_roughly(text: str, now: datetime, tz: str) -> bool:
    """Whether the time ``text`` tells is said roughly (a part of the day, "around", "lagbhag")."""
    return roughly(text, times.parse_time(text, now, tz))


def _time(text: str, ctx: Context, field: str) -> Parsed:
    """A time; "don't know" is a valid answer that sets ``<field>_unknown``. The clause with the loss verb tells it
    ("kal raat call aaya, aaj subah 10 baje paise kate": this morning). A day with no time of it ("kal") keeps the
    latest moment it allows (``<field>_by``) and, when that may be within the last 24 hours, ``<field>_day_only``: the
    hour decides the priority, and the money report asks for it once. One said roughly sets ``<field>_approx``."""
    answer = times.parse_time(text, ctx.now, ctx.timezone, focus=triage.tells_loss)
    if answer is not None and answer.future:
        return Parsed.bad("time_future")  # "today 10 am" at 03:45: asked again, never read as "now"
    if answer is None and not is_skip(text):
        return Parsed.bad("bad_time")
    if answer is None or answer.unknown or answer.at is None:
        return Parsed(ok=True, value=None, display="not known", extra={f"{field}_unknown": True})
    extra = {f"{field}_label": answer.label, f"{field}_unknown": False, f"{field}_approx": roughly(text, answer)}
    if answer.by is not None and field in HOUR_DECIDES:  # only then: a time told to the hour adds nothing
        extra.update({f"{field}_by": answer.by.isoformat(), f"{field}_day_only": ctx.now - answer.by <= DAY})
    return Parsed(ok=True, value=answer.at.isoformat(), display=answer.label, extra=extra)


def _hour(text: str, ctx: Context, node: Node) -> Parsed:
    """The hour of a day told before ("kal", then "raat 9 baje", "around 7", "subah"): on that day (the day of the field
    ``node.hour_of``), the field itself rewritten. "Don't know" or SKIP is not known here, and the day told stays."""
    field = node.hour_of or ""
    told = ctx.fields.get(field)
    if not isinstance(told, str) or is_skip(text):
        return Parsed(ok=False, skipped=True)
    day = datetime.fromisoformat(told).astimezone(ZoneInfo(ctx.timezone)).date()
    answer = times.parse_time(text, ctx.now, ctx.timezone, focus=triage.tells_loss, on_day=day)
    if answer is not None and answer.future:
        return Parsed.bad("time_future")
    if answer is None or answer.at is None:
        return Parsed(ok=False, skipped=True) if answer is not None else Parsed.bad("bad_time")
    return Parsed(ok=True, value=answer.label, display=answer.label,
                  extra={field: answer.at.isoformat(), f"{field}_label": answer.label, f"{field}_unknown": False,
                         f"{field}_by": answer.by.isoformat() if answer.by is not None else None,
                         f"{field}_day_only": False, f"{field}_approx": roughly(text, answer)})


def _phone(text: str, ctx: Context) -> Parsed:
    if clean(text) in SAME_NUMBER:
        if ctx.sender_phone:
            return Parsed(ok=True, value=ctx.sender_phone, display=ctx.sender_phone)
        return Parsed.bad("bad_phone_same")  # the web chat has no number to reuse
    phone = phones.parse_phone(text)
    if not phone:
        return Parsed.bad("bad_phone")
    return Parsed(ok=True, value=phone, display=phone)


def _utr(text: str) -> Parsed:
    utr = payments.parse_utr(text)
    return Parsed(ok=True, value=utr, display=utr) if utr else Parsed.bad("bad_utr")


def _bank(text: str, prefill: bool) -> Parsed:
    """A bank or wallet the packs name ("sbi", "एसबीआई"), or one they do not list said as a bank ("Mahila Sahakari
    Bank"). Anything else ("15000", "I am very worried") is asked again kindly once; told again, it is kept as told
    when it may be a bank's name (``bank_as_told``; bot/conversation/report_answers.py), else not known."""
    bank = banks.find_bank(text)
    if bank:
        return Parsed(ok=True, value=bank, display=bank)
    said = set(clean(text).split())
    if prefill or not bank_as_told(text) or not BANK_WORDS & said or not said - BANK_WORDS - STOPWORDS - SAME:
        return Parsed.bad("bad_bank")  # "my bank", "same bank" name none
    return Parsed(ok=True, value=text.strip(), display=text.strip())


def bank_as_told(text: str) -> bool:
    """Whether ``text`` may be a bank's name as a resident writes it: a few words of letters, no number (an amount, a
    phone number or an account is never a bank), no yes or no, no "same", nowhere the money went."""
    cleaned = clean(text)
    return (len(text.strip()) <= BANK_AS_TOLD_MAX and len(cleaned.split()) <= BANK_WORDS_MAX
            and len(_LETTERS.findall(cleaned)) >= 2 and not any(ch.isdigit() for ch in to_ascii_digits(text))
            and not _yesno(text).ok and cleaned not in SAME and not target_of(text))


def target_of(text: str) -> dict[str, list[str]]:
    """Where money went or who the other side is: every identifier found in ``text``."""
    found = {
        "upi_ids": payments.find_upi_ids(text),
        "accounts": payments.find_accounts(text),
        "ifsc": payments.find_ifsc(text),
        "phones": phones.find_phones(text),
        "urls": links.find_urls(text),
        "emails": links.find_emails(text),
    }
    return {key: values for key, values in found.items() if values}


def merge_target(known: Any, found: dict[str, list[str]]) -> dict[str, Any]:
    """Where the money went so far (a dict of identifiers, a description, or nothing) with ``found`` added, each
    identifier once, in the order told."""
    merged: dict[str, Any] = dict(known) if isinstance(known, dict) else {}
    for key, values in found.items():
        merged[key] = list(dict.fromkeys([*(merged.get(key) or []), *values]))
    return merged


def target_flags(target: dict[str, Any]) -> dict[str, bool]:
    """What kinds of place the money went to (the flows branch on them): a UPI id is a UPI id only, a bank account
    (with or without its IFSC) is an account, never said to be UPI (a resident's trial, session 13)."""
    return {"target_has_url": bool(target.get("urls")), "target_has_phone": bool(target.get("phones")),
            "target_has_upi": bool(target.get("upi_ids")), "target_has_account": bool(target.get("accounts"))}


def _target(text: str, prefill: bool) -> Parsed:
    found = target_of(text)
    if found:
        shown = ", ".join(value for values in found.values() for value in values)
        return Parsed(ok=True, value=found, display=shown, extra=target_flags(found))
    cleaned = clean(text)
    if prefill or len(_LETTERS.findall(cleaned)) < 3 or cleaned in SAME or _yesno(text).ok \
            or names.spelled("districts", text):  # "South", "दक्षिण": a place or a direction, asked again (officers'
        return Parsed.bad("bad_target")  # trial, session 16); "SAME", "wahi", "haan" name nowhere the money went
    return Parsed(ok=True, value={"description": text.strip()[:300]}, display=text.strip()[:300])


def _text(text: str) -> Parsed:
    stripped = text.strip()
    if len(_LETTERS.findall(stripped)) < 2 and not any(ch.isdigit() for ch in stripped):
        return Parsed.bad("bad_text")
    return Parsed(ok=True, value=stripped[:MAX_TEXT], display=stripped[:80])


def letters(text: str) -> list[str]:
    """The letters of ``text`` (any script)."""
    return _LETTERS.findall(text or "")


def _name(text: str) -> Parsed:
    """A name: letters, a few words; never a yes or no, a bank, a link or UPI id, or a sentence of the story ("haan
    bank ko bata diya" at "your name?" was kept as the victim's name in the freeze request: an officer's trial)."""
    text = text.strip()
    inside = None if _NAME_PREFIX.match(text) else _NAME_PREFIX_INSIDE.search(text)
    name = _NAME_SUFFIX.sub("", _NAME_PREFIX.sub("", text[inside.end():] if inside else text)).strip(" .,!")
    if not 2 <= len(name) <= 80 or len(_LETTERS.findall(name)) < 2 or any(ch.isdigit() for ch in name):
        return Parsed.bad("bad_name")
    tokens = clean(name).split()
    if len(tokens) > NAME_WORDS_MAX or _yesno(name).ok or (tokens and tokens[0] in _YES_NO_WORDS) \
            or NOT_IN_NAME & set(tokens) or banks.find_bank(name) or clean(name) in SAME or target_of(name):
        return Parsed.bad("bad_name")
    return Parsed(ok=True, value=name, display=name)


def _ack_number(node: Node, text: str) -> Parsed:
    """The number 1930 or cybercrime.gov.in gave: its 14 digits (spaces or dashes between them allowed, a word
    such as "ack" around them). "haan" (yes, I called) or any other number is asked again, never kept."""
    digits = to_ascii_digits(text)
    for run in _DIGIT_RUN.findall(digits):
        number = re.sub(r"\D", "", run)
        if len(number) == ACK_DIGITS:
            return Parsed(ok=True, value=number, display=number)
    for run in re.findall(r"\d+", digits):  # "1930 ack 31122600012345"
        if len(run) == ACK_DIGITS:
            return Parsed(ok=True, value=run, display=run)
    if node.save == "ack_1930" and called_1930(text):  # "I already called 1930", no number: called, number not known
        return Parsed(ok=True, value=None, display="", extra={"called_1930": True})  # (a resident's trial, session 13)
    return Parsed.bad("bad_ack_number")


def _district(text: str, ctx: Context) -> Parsed:
    """A PIN code, one of the unit's districts (any spelling, also inside a sentence: "I live in South Delhi") or
    a locality of the unit's jurisdiction file. Anything else ("yes", a village we do not know) is asked again:
    a district is what routes a report and counts in the figures. A unit with no districts configured takes
    any place name (but never a yes or no)."""
    pin = _PIN.search(to_ascii_digits(text))
    if pin:
        district = ctx.pin_districts.get(pin.group(1))  # the unit's own map, never a guess from postal data
        if district:
            return Parsed(ok=True, value=district, display=f"{district} (PIN {pin.group(1)})",
                          extra={"pin_code": pin.group(1)})
        return Parsed(ok=True, value=f"PIN {pin.group(1)}", display=f"PIN {pin.group(1)}", extra={"pin_code": pin.group(1)})
    cleaned = clean(text)
    allowed = ctx.districts or None  # the unit's own first, then any district of lang/*/words/districts.yaml
    named = (names.resolve("districts", text, allowed) or names.resolve("districts", text)
             or names.find_in("districts", text, allowed) or names.find_in("districts", text))
    if named:
        return Parsed(ok=True, value=named, display=named)
    if ctx.districts:
        choices = {d: normalize(d) for d in ctx.districts}
        match = process.extractOne(cleaned, choices, scorer=fuzz.WRatio, score_cutoff=88)
        if match:
            return Parsed(ok=True, value=match[2], display=match[2])
    padded = f" {cleaned} "
    place = max((key for key in ctx.places if f" {key} " in padded), key=len, default=None)
    if place is not None:
        return Parsed(ok=True, value=ctx.places[place], display=ctx.places[place])
    if not ctx.districts and not ctx.places and 3 <= len(_LETTERS.findall(cleaned)) and len(cleaned) <= 60 \
            and not _yesno(text).ok:
        return Parsed(ok=True, value=text.strip()[:60], display=text.strip()[:60])
    return Parsed.bad("bad_district")


_LAST4 = re.compile(r"(?<!\d)(\d{4})(?!\d)")


def _last_digits(text: str, prefill: bool = False) -> Parsed:
    """Exactly the last four digits of an account or card; a longer number is refused, never kept. From a first
    message, only the last four of the writer's own account told in full ("my account number is 1234...9012")."""
    if prefill:
        own = payments.own_accounts(text)
        return Parsed(ok=True, value=own[0][0][-4:], display=own[0][0][-4:]) if own else Parsed.bad("bad_last_digits")
    digits = to_ascii_digits(text)
    if re.search(r"\d{5,}", digits.replace(" ", "")):
        return Parsed.bad("bad_last_digits")
    match = _LAST4.search(digits)
    if match is None and _said_words("paid_without_card").search(normalize(text)):
        return Parsed(ok=False, skipped=True)  # "UPI diye", "upi se diya": no card or number to give; move on
    return Parsed(ok=True, value=match.group(1), display=match.group(1)) if match else Parsed.bad("bad_last_digits")


def _imei(text: str) -> Parsed:
    imeis = devices.find_imeis(text)
    return Parsed(ok=True, value=imeis[0], display=imeis[0]) if imeis else Parsed.bad("bad_imei")


# How each kind of answer is read: (node, text, context, prefill) -> Parsed.
_READERS = {
    "choice": lambda node, text, ctx, prefill: _choice(node, text, prefill),
    "yesno": lambda node, text, ctx, prefill: _told_yesno(node, text, prefill),
    "amount": lambda node, text, ctx, prefill: _amount(text, ctx.language),
    "time": lambda node, text, ctx, prefill: _hour(text, ctx, node) if node.hour_of else _time(text, ctx, node.save),
    "phone": lambda node, text, ctx, prefill: _phone(text, ctx),
    "utr": lambda node, text, ctx, prefill: _utr(text),
    "bank": lambda node, text, ctx, prefill: _bank(text, prefill),
    "target": lambda node, text, ctx, prefill: _target(text, prefill),
    "name": lambda node, text, ctx, prefill: _name(text),
    "district": lambda node, text, ctx, prefill: _district(text, ctx),
    "imei": lambda node, text, ctx, prefill: _imei(text),
    "last_digits": lambda node, text, ctx, prefill: _last_digits(text, prefill),
    "text": lambda node, text, ctx, prefill: _text(text),
    "ack_number": lambda node, text, ctx, prefill: _ack_number(node, text),
}


def parse(node: Node, text: str, ctx: Context, prefill: bool = False) -> Parsed:
    """Read ``text`` as the answer to ``node``. With ``prefill`` only clear, structured values count
    (the message that started a flow may fill a question, but never with a guess)."""
    if not prefill and node.expect not in ("yesno",) and (says_not_known(text) or node.optional and said_no(text)):
        if node.expect == "time":
            return _hour(text, ctx, node) if node.hour_of else _time(text, ctx, node.save)
        return Parsed(ok=False, skipped=True)
    reader = _READERS.get(node.expect)
    if reader is not None:
        return reader(node, text, ctx, prefill)
    return Parsed.bad("media_expected")
