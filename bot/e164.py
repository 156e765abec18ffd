"""A phone number as E.164 (``+919876543210``) through phonenumbers: the one helper every package uses.

Callers differ only in how they read a number and how strict they are, so those are the arguments: a number
from a resident or an officer is read in India (``region="IN"``: ``98765 43210`` is Indian); a number a provider
gives (WhatsApp's ``From``, a contact shared on Telegram) carries its country code with or without the ``+``
(``region=None``). ``valid=True`` asks that the number is in a range a real line is given (a form, a search);
otherwise only that its length is possible (a provider's sender, a callback number). The registry's
``normalise_phone`` (bot/registry/normalising.py) says *why* it refuses one and is the one stricter reader.
"""
from __future__ import annotations

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat


WHATSAPP = "whatsapp:"  # how Twilio writes a WhatsApp address: whatsapp:+919812345678


def bare(value: str | None) -> str:
    """A number without Twilio's ``whatsapp:`` in front (any case), stripped: the one place it is taken off."""
    number = (value or "").strip()
    if number.lower().startswith(WHATSAPP):
        number = number[len(WHATSAPP):].strip()
    return number


def whatsapp_address(number: str) -> str:
    """``+919812345678`` as Twilio's WhatsApp address, ``whatsapp:+919812345678`` (given with it: as given)."""
    return WHATSAPP + bare(number)


def e164(value: str | None, region: str | None = "IN", *, valid: bool = False) -> str | None:
    """``value`` as E.164, or None when it is not a phone number (``whatsapp:`` in front is ignored)."""
    number = bare(value)
    if not number:
        return None
    if region is None and not number.startswith("+"):
        number = "+" + number  # a provider's digits start with the country code
    try:
        parsed = phonenumbers.parse(number, region)
    except NumberParseException:
        return None
    if not (phonenumbers.is_valid_number(parsed) if valid else phonenumbers.is_possible_number(parsed)):
        return None
    return phonenumbers.format_number(parsed, PhoneNumberFormat.E164)
