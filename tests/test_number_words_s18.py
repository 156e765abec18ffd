"""English tens and units said as two words are one number (a resident's trial, session 18: "around twenty five
thousand" was stored as ₹5,000 with no confirmation, "seventy five hundred" as ₹500)."""
from __future__ import annotations

import pytest

from conftest import Resident
from bot.nlu.entities.amounts import parse_amount


@pytest.mark.parametrize("text, amount", [
    ("thirty two thousand debited", 32000),
    ("sixty-eight thousand gone", 68000),
    ("eighty one hundred rupees taken", 8100),
    ("forty thousand went", 40000),               # a tens word alone stays itself
    ("one lakh fifty thousand gone", 150000),
])
def test_tens_and_units_in_words_are_one_number(text, amount):
    assert parse_amount(text) == amount


def test_a_loss_said_in_words_is_recorded_whole(sqlite_engine):
    resident = Resident(sqlite_engine, sender="+919800018101", phone="+919800018101")
    out = resident.send("about fifty three thousand got debited from my account 10 minutes ago")
    assert out.incident["amount"] == 53000 and out.case["priority"] == "urgent"
