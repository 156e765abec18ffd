"""Defects strangers found in resident conversations (session 6): card details typed or an app installed with no
money gone, "is this really the police?" asked about our own number in the middle of a report, a bare digit as
a first message, and the one money-age rule the priority and the 1930 line both read."""
from __future__ import annotations

import itertools
from datetime import timedelta

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
