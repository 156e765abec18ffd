"""Words that used to be written in code now come from every language pack (lang/<code>/words): a Bengali or
Urdu resident's or officer's words work as the English and Hindi ones did."""
from __future__ import annotations

import pytest

from bot.outreach import households
from bot.nlu.commands import command
from bot.nlu.corrections import find_correction

FIELDS = {"amount", "money_left_at", "name", "bank", "district", "callback", "utr"}


@pytest.mark.parametrize("value, expected", [
    ("yes", True), ("haan", True), ("हाँ", True), ("হ্যাঁ", True), ("ہاں", True), ("on", True), ("1", True),
    ("অবশ্যই", True), ("جی سر", True),
    ("no", False), ("nahi", False), ("নাহ", False), ("نہیں", False), ("একদম না", False), ("نہیں جی", False), ("off", False), ("0", False), ("", False),
])
def test_a_visit_forms_yes_or_no_in_any_pack(value, expected):
    assert households.yes(value) is expected


def test_a_reply_digit_is_not_a_forms_yes_or_no():
    with pytest.raises(ValueError):
        households.yes("2")


@pytest.mark.parametrize("text, expected", [
    ("amount was 25000 not 2500", ("amount", "25000")),
    ("galti, rakam 25000 thi", ("amount", "25000")),
    ("राशि 25000 थी", ("amount", "25000")),
    ("رقم 25000 تھی", ("amount", "25000")),
    ("غلطی, رقم 25000 تھی", ("amount", "25000")),
    ("টাকা ছিল 25000", ("amount", "25000")),
    ("name ছিল অর্চনা দাস", ("name", "অর্চনা দাস")),  # a name ending in না is not cut as a "not"
])
def test_a_correction_in_every_pack(text, expected):
    assert find_correction(text, FIELDS) == expected


@pytest.mark.parametrize("text, expected", [
    ("সাহায্য করুন", "help"), ("مدد چاہیے", "help"), ("মেনু দিন", "menu"), ("menu dikhao", "menu"),
    ("ভাষা বদলান", "language"), ("زبان بدلیں", "language"), ("افسر چاہیے", "officer"),
    ("আমার সাহায্য করুন, টাকা কেটে গেছে", None),  # a sentence is never a command
])
def test_a_bengali_or_urdu_command_as_the_whole_message(text, expected):
    assert command(text) == expected
