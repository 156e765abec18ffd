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


DETAILS_PUT_IN = {
    "hi": "अभी अभी एक वेबसाइट पर कार्ड की सारी डिटेल्स डाली, अभी तक कुछ कटा नहीं",
    "hi-latn": "abhi abhi ek link pe card ki saari detail daal di, paise nahi kate",
    "bn-latn": "ekhuni ekta link e amar card er details diye diyechi",
}
SENT_AT_THE_CALLERS_WORD = {
    "hi-latn": "CBI wale ne 40000 bhijwa liye, bola refund ho jayega, 20 minute hue hai",
    "ur": "پولیس والا بن کر ۳۰ ہزار بھجوا لیے، ابھی آدھا گھنٹہ ہوا",
}


@pytest.mark.parametrize("style", DETAILS_PUT_IN)
def test_card_details_just_put_in_on_a_link_are_urgent(style):
    got = triage.read(DETAILS_PUT_IN[style], NOW)
    assert got.details_typed and got.urgent and not got.loss


def test_card_details_put_in_a_week_ago_are_not_urgent():
    assert not triage.read("کل ایک لنک پر کارڈ کی ساری تفصیل ڈال دی تھی، پچھلے ہفتے کی بات ہے", NOW).urgent


@pytest.mark.parametrize("style", SENT_AT_THE_CALLERS_WORD)
def test_money_a_caller_made_the_writer_send_minutes_ago_is_golden(style):
    got = triage.read(SENT_AT_THE_CALLERS_WORD[style], NOW)
    assert got.loss and got.age == "golden"


def test_after_a_sim_went_dead_the_finding_out_dates_no_loss():
    got = triage.read("my sim stopped working in the morning, at 6 pm i saw 90000 gone from my account", NOW)
    assert got.loss and got.age == "unknown" and got.urgent
    told = triage.read("No network since noon. 80,000 transferred at 3 pm, I saw the SMS at 6 pm", NOW)
    assert told.loss and told.age == "day"  # the loss's own time still dates it
