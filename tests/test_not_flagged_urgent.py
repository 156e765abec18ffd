"""Session 6, issue 11 (branch `flagged`): fewer messages flagged urgent that are not, by concept, with no urgent one
lost. A time the message tells by its own clock in parts of the day, "more than an hour", "not yet", a remote-access
app asked for but not installed, a loss spread over months or already complained of, a call picked up, a grown-up
son or daughter, money "missing", and loss words asked about in general. Every sentence here was written for this
file, apart from the labelled and blind sets; each concept has a message that stays urgent beside it."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from bot.nlu import triage
from bot.nlu.entities import times
from conftest import Resident

NOW = datetime(2026, 11, 27, 4, 30, tzinfo=timezone.utc)  # 10:00 in India


@pytest.mark.parametrize(("text", "hours"), [
    ("paise subah gaye the, ab shaam ho gayi hai", 9),
    ("it happened in the morning and its afternoon now", 5),
    ("dopahar ko kata tha, ab raat ho gayi", 7),
    ("सुबह 8 बजे निकले, अब 2 बजे हैं", 6),
    ("সকালে টাকা গেছে, এখন সন্ধ্যা হয়ে গেছে", 9),
])
def test_the_time_now_told_in_parts_of_the_day_gives_the_age(text, hours):
    assert times.told_now_gap(text) == timedelta(hours=hours)


@pytest.mark.parametrize("text", [
    "abhi subah paise kat gaye",  # "now, this morning": no time now told against an earlier one
    "kal raat call aaya, abhi 20000 kat gaye",
])
def test_a_now_that_is_the_moment_of_the_loss_is_no_clock(text):
    assert times.told_now_gap(text) is None


@pytest.mark.parametrize(("text", "golden"), [
    ("upi se 7,400 gaye, subah ki baat hai, ab shaam ho gayi", False),
    ("a fake buyer took 3,000 from my gpay in the morning, its evening now", False),
    ("mere khate se 12,000 kat gaye, 1 ghante se zyada ho gaya", False),
    ("more than an hour ago 5,000 left my account by upi", False),
    ("my uncle sent 30,000 to a fake lawyer an hour and a half back", False),
    ("mere khate se 12,000 kat gaye, 40 minute pehle", True),  # stays in the golden hour
])
def test_a_loss_past_the_hour_by_the_messages_own_words_is_not_the_golden_hour(text, golden):
    read = triage.read(text, NOW)
    assert read.loss
    assert (read.age == "golden") is golden, read.age


@pytest.mark.parametrize(("text", "urgent"), [
    ("ek aadmi khud ko narcotics officer bata ke call pe 40,000 maang raha hai, maine abhi tak kuch nahi bheja", False),
    ("teamviewer daalne ko bol raha hai bank wala, abhi kiya nahi", False),
    ("the caller from 'amazon' wants me to install quick support, I did not install it", False),
    ("usne anydesk dalwaya aur abhi bhi phone pe hai", True),  # installed, and the caller still there
    ("cbi ka banda video call pe bola arrest hoga, maine koi paisa nahi bheja abhi tak", False),
    ("ED officer video call pe baithne ko bol raha hai, ab bhi call on hai, paise nahi diye abhi tak", True),  # still on
])
def test_not_yet_is_not_now_and_an_app_not_installed_is_not_connected(text, urgent):
    read = triage.read(text, NOW)
    assert read.urgent is urgent, read


@pytest.mark.parametrize("text", [
    "a trading app took 1.2 lakh from me since february, now they want a withdrawal fee",
    "pichhle 3 mahino me ek app ne 80,000 le liye, ab withdraw nahi ho raha",
    "থানায় জিডি করেছিলাম, ২০ হাজার টাকা গেছে, কিছু হল না",
    "बैंक ने 9000 होल्ड कर दिए थे, अब वापस कब मिलेंगे",
])
def test_a_loss_over_months_or_already_complained_of_is_not_the_golden_hour(text):
    read = triage.read(text, NOW)
    assert not read.money_urgent, read


@pytest.mark.parametrize(("text", "danger"), [
    ("raat ko unknown number se call aaya, maine utha liya, ab wo photo ke naam pe 5000 maang raha", ()),
    ("meri beti college me padhti hai, ek ladka usko roz dhamki bhare message karta hai", ()),
    ("my grandson made my upi for me, yesterday night a bank caller and now 6000 is missing", ()),
    ("mere bete ko unhone utha liya hai, 2 lakh maang rahe hain", ("kidnap",)),  # a person taken stays kidnap
    ("meri beti 8th me padhti hai, ek ladka usko roz dhamki bhare message karta hai", ("child",)),
    ("mera 10 saal ka beta school se nahi laut aaya, phone band hai, missing hai", ("child",)),
])
def test_danger_is_read_by_what_is_at_risk(text, danger):
    assert triage.read(text, NOW).danger == danger


@pytest.mark.parametrize(("text", "loss"), [
    ("paise kat jaane ke baad kitne der me 1930 pe batana chahiye?", False),
    ("why do scammers ask for the upi pin when money is deducted from my side", False),
    ("paise kat gaye, kya karu?", True),  # a loss told, then a question: stays a loss
    ("पैसे कटने के बाद क्या करूं, 3000 गए हैं", True),  # an amount: a loss told
])
def test_loss_words_asked_about_in_general_are_no_loss(text, loss):
    assert triage.read(text, NOW).loss is loss


def test_a_held_digital_arrest_with_an_old_payment_stays_urgent(engine):
    text = ("meri behen ko cbi wale subah se video call pe rakhe hue hain, camera on rakhne bola hai, usne 11 baje "
            "50,000 bhej diye the, ab dopahar ho gayi aur aur maang rahe hain")
    out = Resident(engine).send(text)
    assert out.case and out.case["priority"] == "urgent"


def test_nothing_paid_to_a_fake_officer_opens_no_urgent_case(engine):
    out = Resident(engine).send("customs wale ka call aaya tha, gift ke liye 25,000 duty bharo bola, maine abhi tak "
                                "bhara nahi hai")
    assert not (out.case and out.case["priority"] == "urgent"), out.texts[0]
