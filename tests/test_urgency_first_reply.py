"""Issue 11, session 10 (s10-urgency3): the first reply to the fourteenth first-message set's urgent concepts, told in
new sentences: the golden-hour action line comes first (1930 for money, 112 and 1098 for a child) and the case is
urgent."""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("message", [
    "maine abhi 10 min pehle ek bank officer ko 1 lakh RTGS kiya, ab phone band hai",
    "sim band ho gayi achanak aur abhi bank se message aaya 75,000 debit",
    "my mother installed an app for a caller and 30,000 was debited, we don't know the exact time",
])
def test_money_just_gone_or_at_an_unknown_time_gets_1930_first_and_an_urgent_case(resident, message):
    out = resident.send(message)
    assert "1930" in out.texts[0]
    assert out.case["priority"] == "urgent"


@pytest.mark.parametrize("message", [
    "meri beti 14 saal ki school se nahi lauti, phone bhi band hai",
    "my son is 13, a man from an online game is waiting outside his school and he is about to leave with him",
])
def test_a_child_not_back_or_about_to_leave_with_a_stranger_gets_112_and_1098_first(resident, message):
    out = resident.send(message)
    assert "112" in out.texts[0] and "1098" in " ".join(out.texts[:2])
    assert out.case["priority"] == "urgent"
