"""Defects strangers found playing residents (session 7, issue 11's facts): "kal" alone at "when?", the time of the
loss verb against an earlier clause's, "around 7", paune / sawa / dedh / dhai amounts, the balance before and after,
romanised Hindi answered in English, and an Urdu "what if" offered unrelated topics. Every test goes through the real
engine, as a resident would notice it: the replies, the case's priority and the report's fields."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from conftest import IST, NOW, Resident


def _money_report(resident, language="1"):
    resident.send("hello")
    resident.send(language)  # 1 English, 2 Hindi
    return resident.send("1")  # report money fraud: "when did the money leave?"


def _amount_question(resident):
    _money_report(resident)
    out = resident.send("10 minutes ago")
    assert out.node == "amount"
    return out


# -- paune / sawa / dedh / dhai ---------------------------------------------------------------------------------
@pytest.mark.parametrize("said, rupees", [
    ("paune do lakh", 175000), ("sawa lakh", 125000), ("dedh lakh", 150000), ("dhai hazaar", 2500),
    ("पौने दो लाख", 175000), ("सवा लाख", 125000), ("paune 2 lakh", 175000), ("sawa do lakh", 225000),
    ("paune lakh", 75000), ("পৌনে দুই লাখ", 175000), ("সোয়া লাখ", 125000), ("দেড় লাখ", 150000), ("আড়াই হাজার", 2500),
    ("پونے دو لاکھ", 175000), ("سوا لاکھ", 125000), ("ڈیڑھ لاکھ", 150000), ("ڈھائی ہزار", 2500),
])
def test_a_quarter_less_or_more_is_the_amount_the_report_keeps(resident, said, rupees):
    """A resident's "paune do lakh" (a quarter less than two lakh) was kept as Rs 2,00,000 and "sawa lakh" was
    asked again: the officer and the bank would have had the wrong amount."""
    _amount_question(resident)
    out = resident.send(said)
    assert out.node == "bank" and out.incident["amount"] == rupees


def test_a_first_message_in_romanised_hindi_keeps_paune_do_lakh(resident):
    out = resident.send("mere account se 10 minute pehle paune do lakh kat gaye")
    assert out.incident["amount"] == 175000 and out.case["priority"] == "urgent"


@pytest.mark.parametrize("said, at", [("sawa nau baje", (9, 15)), ("paune das baje", (9, 45))])
def test_a_quarter_hour_said_in_words_is_the_clock_time(resident, said, at):
    _money_report(resident)
    out = resident.send(said)
    left = datetime.fromisoformat(out.incident["money_left_at"]).astimezone(IST)
    assert (left.hour, left.minute) == at


# -- "around 7" ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("said", ["around 7", "at about 7", "7 ke aas paas", "लगभग 7", "تقریباً 7", "৭ নাগাদ"])
def test_around_seven_is_the_last_seven_oclock_like_7_baje(resident, said):
    """"around 7" at "when did the money leave?" (no baje, am or pm) was not read and asked again; it is the most
    recent 7 o'clock as "7 baje" reads it: at 10:00, 07:00 today, three hours ago: high, "banks can often still hold"."""
    _money_report(resident)
    out = resident.send(said)
    left = datetime.fromisoformat(out.incident["money_left_at"]).astimezone(IST)
    assert left == NOW.replace(hour=7, minute=0)
    assert "banks can often still hold" in out.texts[0] and out.incident["priority"] == "high"
    assert out.node == "what_happened"


def test_around_seven_lakh_is_an_amount_not_a_time(resident):
    out = resident.send("mere account se around 7 lakh chale gaye")
    assert out.incident["amount"] == 700000 and out.incident.get("money_left_at") is None
    assert out.case["priority"] == "urgent"  # the time is not said: urgent until it is
