"""Defects strangers found playing residents (session 9): "aaj subah" said just after midnight refused as a time still
to come, and an hour that lost the part of the day told before it; a caller still on the line (or a screen-sharing app
installed) with nothing lost put into the money-loss report; sextortion with a demand leaving no case; a friend's
self-harm inside a sextortion or harassment report answered as if the writer were the victim. Every test goes through
the real engine, as a resident would notice it: the replies, the case's priority and the report's fields."""
from __future__ import annotations

from datetime import datetime

import pytest

from test_not_flagged_nineteenth import _openings  # the first words of every golden-hour action
from conftest import IST, Resident

from bot.store.models.cases import Case


def at(hour: int, minute: int = 0, day: int = 27) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=IST)


def local(iso: str) -> str:
    return f"{datetime.fromisoformat(iso).astimezone(IST):%d %H:%M}"


# -- 1. times ---------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("said", ["aaj subah 11 baje", "today at 11 am", "আজ সকাল ১১টায়"])
def test_today_said_just_after_midnight_is_asked_again_kindly_and_yesterday_is_taken(engine, said):
    """A resident's trial found "aaj subah 11 baje" at 00:30 refused. The words say today, and today's 11:00 has not
    come: issue 11 item 6 wants it asked again (never "now", the previous day only when the words say so); the question
    shows how to say yesterday, and "kal subah 11 baje" is then taken."""
    resident = Resident(engine, start=at(0, 30))
    resident.send("money was debited from my account")
    out = resident.send(said)
    assert out.node == "when" and out.texts[-1].count("?") >= 1
    out = resident.send("kal subah 11 baje")
    assert out.node != "when" and local(out.incident["money_left_at"]) == "26 11:00"


def test_a_time_of_today_still_to_come_after_the_night_is_asked_again(engine):
    resident = Resident(engine, start=at(9))
    resident.send("money was debited from my account")
    out = resident.send("aaj shaam 6 baje")
    assert out.node == "when" and any("has not come yet" in text for text in out.texts)


def test_an_hour_after_this_morning_in_the_same_answer_is_this_morning(engine):
    resident = Resident(engine, start=at(23))
    resident.send("money was debited from my account")
    out = resident.send("aaj subah call aaya aur aaj 9 baje paise kat gaye")
    assert local(out.incident["money_left_at"]) == "27 09:00"  # not 21:00, two hours back


# -- 2. a caller still on, or an app installed for one, nothing lost ---------------------------------------------
@pytest.mark.parametrize("message", [
    "I am on a call with customer care, they made me install anydesk",
    "caller ne anydesk install karwaya hai abhi call chal raha hai",
    "someone is on the phone with me right now and I shared my screen with him",
    "someone called me and made me install anydesk, no money has gone yet",
])
def test_a_caller_still_connected_with_nothing_lost_is_a_loss_going_on_not_a_money_report(resident, message):
    out = resident.send(message)
    first = out.texts[0]
    assert "cut the call" in first.lower() or "कॉल काट" in first
    assert "1930" in first
    assert out.case["priority"] == "urgent"
    assert out.flow == "impersonation"  # who they said they were, then "did you send them any money?"
    replies = "\n".join(out.texts)
    for money_question in ("When did the money leave", "How much money was taken", "पैसे आपके खाते से कब कटे",
                           "कितने पैसे गए", "hold the money", "पैसे रुकवाने"):
        assert money_question not in replies
    assert "digital arrest" not in first  # a "customer care" caller is not told about fake police


def test_the_caller_report_goes_on_to_the_money_report_when_money_was_sent(resident):
    resident.send("I am on a call with customer care, they made me install anydesk")
    resident.send("3")  # a bank or company official
    resident.send("just now")
    out = resident.send("1")  # yes, money was sent
    assert out.flow == "financial_fraud" and "1930" in out.texts[0]


def test_a_fake_officer_still_on_the_call_is_still_told_there_is_no_digital_arrest(resident):
    out = resident.send("CBI officer on video call says I am under digital arrest")
    assert out.texts[0].startswith("Cut the call now") and "digital arrest" in out.texts[0]


# -- 3. sextortion with a demand: a case from the first message --------------------------------------------------------
@pytest.mark.parametrize("message", [
    "meri girlfriend ke saath video call record karke blackmail kar raha hai, 20000 maang raha hai",
    "someone is threatening to leak my private photos unless I pay 10000",
])
def test_sextortion_with_a_demand_opens_a_high_case_at_once_with_its_reference(resident, engine, message):
    out = resident.send(message)
    assert out.flow == "sextortion" and out.case["priority"] == "high"
    assert out.incident["reference"] in out.texts[0]
    with engine.Session() as session:
        assert session.query(Case).count() == 1
    out = resident.send("2")  # no one in danger: the same case, not a second one
    assert out.case["priority"] == "high"
    with engine.Session() as session:
        assert session.query(Case).count() == 1


# -- 6. someone else's self-harm: about them, never "you" ---------------------------------------------------------------
@pytest.mark.parametrize("message, about_them, about_you", [
    ("my friend is being blackmailed with her private photos and she says she will kill herself",
     "They are not alone", "You are not alone"),
    ("meri behen ko koi blackmail kar raha hai uski photo se, wo suicide karne ki baat kar rahi hai",
     "वे अकेले नहीं हैं", "आप अकेले नहीं हैं"),
])
def test_a_friends_self_harm_in_a_sextortion_report_speaks_of_them(resident, message, about_them, about_you):
    out = resident.send(message)
    replies = "\n".join(out.texts)
    assert "14416" in out.texts[0] and "112" in out.texts[0]
    assert out.case["priority"] == "urgent"
    # about them: the comfort of the sextortion report, or (read as the danger report, session 15's retrained model)
    # the action for someone else's self-harm; never "you are not alone" said to the writer
    other = resident.engine.res.texts.get("action_danger_self_harm_other", out.language).split(",")[0]
    assert (about_them in replies or other in replies) and about_you not in replies


# -- 5. romanised Hindi / Urdu answered in the pack's own script: how to change it, in the letters they wrote ------------
def test_a_romanised_first_message_answered_in_devanagari_says_how_to_change_it_in_latin_letters(resident):
    out = resident.send("mere account se paise kat gaye")
    assert out.language == "hi" and "1930" in out.texts[0]
    hint = next(text for text in out.texts if "LANGUAGE" in text)
    assert hint.isascii() and "English" in hint  # readable by one who writes Hindi in Latin letters
    out = resident.send("LANGUAGE")
    assert "1" in out.texts[-1] and "English" in out.texts[-1]  # the language menu, as before


def test_a_first_message_in_devanagari_gets_no_romanised_hint(resident):
    out = resident.send("मेरे खाते से पैसे कट गए")  # written in the pack's script: the language is chosen
    assert out.language == "hi" and not any("Jawab Hindi" in text for text in out.texts)


def test_a_bill_scam_text_with_nothing_lost_is_a_check_not_a_money_report(engine):
    """A resident's trial (session 9, on integ): "connection will be cut tonight" read as money cut ("bill" a money
    word, "cut" a loss word) opened a high money-fraud case with "tonight" as the loss's time and 1930 first. The
    triage reads futures and what-ifs: with no loss read there, a money word beside a loss word is none."""
    resident = Resident(engine, start=at(20))
    out = resident.send("electricity bill not paid message says connection will be cut tonight call this number")
    assert out.flow != "financial_fraud" and out.case is None
    # no 1930 as an action; the topic's advice may name it for later ("if money is cut, call 1930", session 15)
    assert not any(text.startswith(opening) for text in out.texts for opening in _openings())
    assert out.intent == "suspicious_contact"


def test_a_friend_who_lost_money_and_speaks_of_suicide_gets_the_danger_report_not_the_writers_money_report(engine):
    """A resident's trial (session 9, on integ): the first reply was right (112, Tele-MANAS, KIRAN for the friend),
    then "I am sorry this happened ... When did the money leave your account?" as if the writer had lost it."""
    resident = Resident(engine, start=at(20))
    out = resident.send("my friend lost all his money in an online game and says he wants to kill himself")
    assert "14416" in out.texts[0] and out.case["priority"] == "urgent"
    assert out.flow != "financial_fraud"
    assert not any("When did the money leave your account" in text for text in out.texts)
