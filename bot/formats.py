"""Numbers and times as people in India read them: ₹1,50,000 (1.5 lakh), 27-11-2026 10:02 IST.

Grouping comes from Babel's CLDR data for each pack's ``locale`` (en_IN, hi_IN; never hand-written); "lakh"
and "crore" (``lang/<code>/texts/formats.yaml``) are added in words for amounts of a lakh and more, in the
reader's language. Every place residents or officers read an amount or a time uses these: replies, the console,
the freeze request, the CLI.
"""
from __future__ import annotations

from datetime import datetime, tzinfo
from decimal import Decimal

from babel.numbers import format_currency, format_decimal

from .content.packs import Packs

_PACKS = Packs.load()
LOCALES = {code: info.locale for code, info in _PACKS.infos.items()}  # pack.yaml: en_IN, hi_IN
LAKH, CRORE = Decimal(100_000), Decimal(10_000_000)
_WORDS = _PACKS.wording("texts", "formats")  # lang/<code>/texts/formats.yaml
UNIT_WORDS = {code: (_WORDS["lakh"][code], _WORDS["crore"][code]) for code in _PACKS.codes}
DATE_TIME = "%d-%m-%Y %H:%M"


def _locale(language: str) -> str:
    return LOCALES.get(language, "en_IN")


def rupees(value: int | float | Decimal, language: str = "en") -> str:
    """₹1,50,000 (whole rupees), ₹1,234.50 (with paise)."""
    number = Decimal(str(value))
    whole = number == number.to_integral_value()
    return format_currency(number, "INR", locale=_locale(language), format="¤#,##,##0" if whole else None,
                           currency_digits=not whole)


def number(value: int | float | Decimal, language: str = "en") -> str:
    """1,00,000: a plain count in Indian grouping."""
    return format_decimal(Decimal(str(value)), locale=_locale(language))


def in_words(value: int | float | Decimal, language: str = "en") -> str | None:
    """'1.5 lakh', '2 crore', '12.25 लाख' for a lakh and more; None below a lakh (the figure says it all)."""
    number = Decimal(str(value))
    lakh, crore = UNIT_WORDS.get(language, UNIT_WORDS["en"])
    if number >= CRORE:
        unit, word = CRORE, crore
    elif number >= LAKH:
        unit, word = LAKH, lakh
    else:
        return None
    return f"{format_decimal(number / unit, format='#,##0.##', locale=_locale(language))} {word}"


def amount(value: int | float | Decimal | None, language: str = "en", missing: str = "") -> str:
    """₹1,50,000 (1.5 lakh): the figure in Indian grouping, with lakh/crore in words where people read them."""
    if value is None:
        return missing
    words = in_words(value, language)
    shown = rupees(value, language)
    return f"{shown} ({words})" if words else shown


def local_time(at: datetime | None, tz: tzinfo, fmt: str = DATE_TIME, missing: str = "") -> str:
    """``at`` in the unit's time zone, with the zone's label: '27-11-2026 10:02 IST'."""
    if at is None:
        return missing
    local = at.astimezone(tz)
    return f"{local.strftime(fmt)} {local.tzname()}"
