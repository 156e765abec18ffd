"""Session 19, the residents' trial findings left from session 18 (s19-res): each tested by concept in other words and in
every language where it applies, whole conversations through the real engine."""
from __future__ import annotations

from datetime import datetime

import pytest

from conftest import IST, NOW, Resident

AFTERNOON = NOW.replace(hour=16)  # a resident writing at 16:00 IST: an afternoon clock is earlier today


def said(out) -> str:
    return "\n".join(out.texts)


# -- 5: a clock taken back at once and told again: the second one is the time ----------------------------------------
@pytest.mark.parametrize("message, hour, minute", [
    ("aaj 3 baje, nahi nahi 2:20 baje mere account se 4000 kat gaye", 14, 20),
    ("11 baje... sorry 10:40 pe 6000 nikal gaye account se", 10, 40),
    ("at 4, no wait 3:50, 9000 left my account", 15, 50),
    ("আজ ৩টায়, না না ২:২০ এ আমার অ্যাকাউন্ট থেকে ৪০০০ টাকা কেটেছে", 14, 20),
    ("آج 3 بجے، نہیں نہیں 2:20 بجے میرے اکاؤنٹ سے 4000 روپے کٹ گئے", 14, 20),
])
def test_a_corrected_clock_wins(sqlite_engine, message, hour, minute):
    out = Resident(sqlite_engine, start=AFTERNOON).send(message)
    left = datetime.fromisoformat(out.incident["money_left_at"]).astimezone(IST)
    assert (left.hour, left.minute) == (hour, minute)


def test_a_sorry_with_no_second_clock_keeps_the_first(sqlite_engine):
    out = Resident(sqlite_engine, start=AFTERNOON).send("sorry to trouble you, at 3 pm 5000 was debited from my account")
    left = datetime.fromisoformat(out.incident["money_left_at"]).astimezone(IST)
    assert (left.hour, left.minute) == (15, 0)


# -- 7: a relative, friend, boss or official asking money on a new number: their advice, not the fake-police words ----
@pytest.mark.parametrize("first, no", [
    ("someone put my brother's photo on a new whatsapp number and is asking me to send money", "2"),
    ("boss ki DP laga ke kisi naye number se Amazon gift card maang rahe hain", "2"),
    ("দাদার ছবি দিয়ে নতুন নম্বর থেকে কেউ টাকা চাইছে", "2"),
    ("کوئی میرے بھائی کی تصویر لگا کر نئے نمبر سے پیسے مانگ رہا ہے", "2"),
])
def test_a_fake_relative_or_boss_not_paid_gets_the_call_back_advice(sqlite_resident, first, no):
    out = sqlite_resident.send(first)
    assert out.flow == "impersonation" and out.incident.get("claimed_to_be") == "relative"
    for _ in range(4):  # the questions before "did you send money?"
        if out.node == "paid":
            break
        out = sqlite_resident.send("2" if out.node == "live" else "yesterday" if out.node == "when" else "SKIP")
    assert out.node == "paid"
    reply = said(sqlite_resident.send(no))
    assert not any(police in reply for police in ("Real police", "असली पुलिस", "আসল পুলিশ", "اصلی پولیس"))
    assert any(word in reply for word in ("number you already had", "पुराने नंबर", "আগে থেকে থাকা নম্বরে", "پہلے سے آپ کے پاس"))
