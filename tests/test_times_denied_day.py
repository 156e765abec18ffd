"""A day said with a negation is never the day meant (a resident's trial, session 17, S2-1): "sorry not kal, aaj subah
5 baje" was dated yesterday 05:00 and the case lowered, the day taken back ("not kal") winning over the day told
("aaj"). Devanagari "कल नहीं, आज" was read right (time.yaml's denied_after); "not X" (denied_before) now is too."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from bot.nlu.entities.times import parse_time
from bot.store.models.residents import Incident

IST = timezone(timedelta(hours=5, minutes=30))
NOW = datetime(2026, 12, 2, 10, 34, tzinfo=IST)


@pytest.mark.parametrize("text, day, hour", [
    # other words than the trial's: "not" before the day taken back, the day told before or after it
    ("no no, not yesterday, it was today 6 am", 0, 6),
    ("it was this morning 7 am not last night", 0, 7),
    ("not kal raat, aaj subah 8 baje", 0, 8),
    ("aaj subah 4 baje, not kal", 0, 4),
    ("na ki kal, aaj subah 7 baje", 0, 7),
    ("not today, yesterday 9 pm", 1, 21),
    ("not today but yesterday evening 6 pm", 1, 18),
    ("not day before yesterday, yesterday 10 pm", 1, 22),
    # the day taken back after it, in the other packs and with English days
    ("yesterday nahi, today 5 am", 0, 5),
    ("কাল না, আজ সকাল ৫টা", 0, 5),
    ("গতকাল নয়, আজ সকাল ৬টায়", 0, 6),
    ("کل نہیں، آج صبح 5 بجے", 0, 5),
    ("kal nahin, aaj subah 6 baje", 0, 6),
])
def test_a_day_taken_back_is_not_the_day_meant(text, day, hour):
    answer = parse_time(text, NOW.astimezone(timezone.utc))
    local = answer.at.astimezone(IST)
    assert (local.date(), local.hour) == ((NOW - timedelta(days=day)).date(), hour), text


@pytest.mark.parametrize("text, day", [
    ("yesterday 9 pm, I could not sleep after", 1),       # a "not" that takes back no day
    ("kal raat 9 baje gaye, aaj bank band hai", 1),       # the first day said stays when none is taken back
    ("not sure, maybe yesterday 9 pm", 1),
])
def test_no_day_taken_back_where_none_is(text, day):
    assert parse_time(text, NOW.astimezone(timezone.utc)).at.astimezone(IST).date() == (NOW - timedelta(days=day)).date()


@pytest.mark.parametrize("first, fix, hour", [
    ("kal shaam 5 baje mere account se 20000 kat gaye", "sorry not kal, aaj subah 5 baje", 5),
    ("last night 9 pm 20000 gone from my account", "sorry not last night, today morning 5 am", 5),
    ("20000 debited at 9 pm yesterday", "sorry, it was today 9 am, not yesterday", 9),
])
def test_a_corrected_day_is_today_and_keeps_the_case_high(resident, first, fix, hour):
    resident.send(first)
    before = resident.last.incident["priority"]
    out = resident.send(fix)
    with resident.engine.Session() as s:
        at = s.query(Incident).one().money_left_at
    at = (at if at.tzinfo else at.replace(tzinfo=timezone.utc)).astimezone(IST)
    assert (at.date(), at.hour) == (resident.clock.date(), hour)
    assert out.incident["priority"] == before != "normal"
    assert "more than a day ago" not in "\n".join(out.texts)
