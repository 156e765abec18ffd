"""The golden hour by the message's own clock, missed by the twenty-fifth blind sets (session 16), in other words: with
several debits told the newest decides ("one at 9 and again at 9:40, it is 10:05 now"); the time now said with a part of
the day ("abhi raat ke 1:10") or in Bengali's "৬টা ৪০" form. A single debit still dates by its own time."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from bot.nlu import triage
from bot.nlu.entities import times

NOW = datetime(2026, 11, 27, 4, 30, tzinfo=timezone.utc)  # 10:00 in India

NEWEST_DEBIT = {
    "en": "two debits from my savings, 5000 at 7:10 and again 8000 at 9:20. it is 9:45 now",
    "hi-latn": "pehle 8 baje 3000 kate, fir se 9:15 pe 7000 kat gaye, abhi 9:40 hua hai",
    "hi": "सुबह 7 बजे 2000 कटे, फिर से 9:10 पर 5000 कटे, अभी 9:35 हुआ है",
}
NOW_WITH_PART_OF_DAY = {
    "hi-latn": "raat 12:45 pe 9000 chale gaye, abhi raat ke 1:10 ho rahe hai",
    "bn": "রাত ৯টা ১০-এ ৮০০০ টাকা কেটে গেছে, এখন ৯টা ৩৫",
}


@pytest.mark.parametrize("style", NEWEST_DEBIT)
def test_the_newest_of_several_debits_decides_the_golden_hour(style):
    got = triage.read(NEWEST_DEBIT[style], NOW)
    assert got.loss and got.age == "golden" and got.urgent, got


@pytest.mark.parametrize("style", NOW_WITH_PART_OF_DAY)
def test_the_time_now_said_with_a_part_of_the_day_is_the_messages_clock(style):
    assert times.told_now_gap(NOW_WITH_PART_OF_DAY[style]) == timedelta(minutes=25)


def test_one_debit_still_dates_by_its_own_time():
    assert times.told_now_gap("5000 kate 7:10 pe, bank gaya 9:20 pe, abhi 9:45 hai") == timedelta(minutes=155)
    assert triage.read("5000 kate 7:10 pe, bank gaya 9:20 pe, abhi 9:45 hai", NOW).age == "day"
