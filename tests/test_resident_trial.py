"""Defects strangers found in resident conversations (session 6): card details typed or an app installed with no
money gone, "is this really the police?" asked about our own number in the middle of a report, a bare digit as
a first message, and the one money-age rule the priority and the 1930 line both read."""
from __future__ import annotations

import itertools
from datetime import timedelta

import pytest

from bot.cases import priority
from conftest import NOW


# -- one money-age rule -------------------------------------------------------------------------------
def test_the_priority_and_the_1930_line_read_one_money_age():
    """The case's priority and the 1930 line the resident hears come from priority.money_level: a loss the
    resident hears 'act now' for is urgent, 'within 24 hours' is high, 'not too late' is neither."""
    times = [None, (NOW - timedelta(minutes=20)).isoformat(), (NOW - timedelta(hours=5)).isoformat(),
             (NOW - timedelta(days=3)).isoformat()]
    for left, latest, unknown, age, ongoing in itertools.product(times, times, (None, True, False),
                                                                 (None, "day", "old"), (None, True)):
        fields = {"money_lost": True, "money_left_at": left, "latest_loss_at": latest,
                  "money_left_at_unknown": unknown, "money_left_age": age, "ongoing": ongoing}
        level = priority.money_level(fields, NOW, 60)
        expected = {"urgent": "urgent", "day": "high"}.get(level, "normal")
        assert priority.assess("financial_fraud", fields, NOW, 60) == expected, fields
    assert priority.money_level({"money_lost": True, "money_left_age": "old", "money_left_at_unknown": True},
                                NOW, 60) == "old"  # "two years ago", then SKIP at "when?": not urgent
    assert priority.money_level({"money_lost": True}, NOW, 60) is None  # not asked yet


# -- a bare digit from a resident who saw no menu -------------------------------------------------------
@pytest.mark.parametrize("digit", ["1", "2", "6", "१"])
def test_a_first_message_that_is_a_bare_digit_gets_the_menu_not_a_report(resident, digit):
    """A stranger's first message was "1": they were asked "has money already left?" and the next "1" started a
    money report with an amount of 1. Nobody had shown them a menu, so the digit answers nothing."""
    out = resident.send(digit)
    assert out.flow is None and out.incident is None and out.case is None
    assert out.texts[0].startswith("Namaste") and out.texts[-1].startswith("Please choose your language")
    out = resident.send("1")  # English: now the menu
    assert out.texts[-1].startswith("How can I help you? Reply with a number")
    out = resident.send("1")  # the menu's 1: the money report, nothing taken from the first digit
    assert out.flow == "financial_fraud" and out.node == "when"
    assert "amount" not in out.incident and out.incident.get("initial_message") is None


def test_a_bare_digit_after_the_menu_still_chooses(resident):
    resident.send("hello")
    resident.send("1")  # English
    out = resident.send("3")
    assert out.flow == "suspicious_contact"
