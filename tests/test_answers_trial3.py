"""A resident's answers and times, from strangers' trials (session 8): an hour with no am or pm is its latest past
occurrence, "aaj" alone is a time not known within today, a priority that falls is explained to the resident, a bank
answer must look like a bank, the freeze request names the bank and renders every debit one way, and an answer kept
at another question never counts as unreadable."""
from __future__ import annotations

from datetime import datetime

import pytest

from conftest import IST, Resident
from test_answers_trial import papers, resident_case


def local(value: str) -> str:
    return datetime.fromisoformat(value).astimezone(IST).strftime("%d %H:%M")


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, 27, hour, minute, tzinfo=IST)


# -- 1. "9 baje" is the latest such hour, not the morning ----------------------------------------------------------
@pytest.mark.parametrize(("now", "said", "left"), [
    (at(22), "9 baje", "27 21:00"),       # at 22:00: an hour ago, not 13 hours ago
    (at(8), "9 baje", "26 21:00"),        # at 08:00: last night, never a time still to come
    (at(10), "9 baje", "27 09:00"),       # at 10:00: this morning
    (at(23), "at 10", "27 22:00"),
    (at(23, 30), "10 bje", "27 22:00"),
    (at(22), "9 o'clock", "27 21:00"),
])
def test_an_hour_with_no_am_or_pm_is_its_latest_past_occurrence(engine, now, said, left):
    resident = Resident(engine, start=now)
    resident.send("money was debited from my account")
    out = resident.send(said)
    assert local(out.incident["money_left_at"]) == left
    assert out.incident["money_left_at_approx"] is True  # the freeze request says "about"


def test_the_hour_of_yesterday_is_its_evening_when_said_with_no_am_or_pm(engine):
    resident = Resident(engine, start=at(8))
    resident.send("kal mere account se paise kat gaye")
    out = resident.send("9 baje")
    assert local(out.incident["money_left_at"]) == "26 21:00"  # 11 hours ago (high), not 23 hours ago
    assert out.case["priority"] == "high"


# -- 2. "aaj" alone: the time within today is not known ------------------------------------------------------------
def test_today_alone_late_at_night_is_a_time_not_known_and_the_hour_is_asked_once(engine):
    resident = Resident(engine, start=at(23))
    resident.send("money was debited from my account")
    out = resident.send("today")
    assert out.node == "when_hour" and out.case["priority"] == "urgent"  # never "11 hours ago"
    assert "hours ago" not in "\n".join(out.texts)
    out = resident.send("don't know")
    assert out.node != "when_hour" and out.case["priority"] == "urgent"  # as "time not known"


def test_today_alone_in_the_morning_is_no_time_still_to_come(engine):
    resident = Resident(engine, start=at(9))
    resident.send("mere account se paise kat gaye")
    out = resident.send("aaj")
    assert out.node == "when_hour" and out.case["priority"] == "urgent"
    assert engine.res.texts.get("time_future", "hi") not in out.texts
    out = resident.send("subah 8 baje")
    assert local(out.incident["money_left_at"]) == "27 08:00" and out.case["priority"] == "high"


# -- 3. a priority that falls is explained ------------------------------------------------------------------------
@pytest.mark.parametrize(("language", "first", "day", "hour"), [
    ("en", "money was debited from my account", "yesterday", "around 8 pm"),
    ("hi", "mere account se paise kat gaye", "kal", "raat 8 baje"),
    ("bn", "আমার অ্যাকাউন্ট থেকে টাকা কেটে নিয়েছে", "গতকাল", "রাত ৮টায়"),
    ("ur", "میرے اکاؤنٹ سے پیسے کٹ گئے", "کل", "رات 8 بجے"),
])
def test_a_resident_whose_priority_falls_is_told_calmly_what_happens_now(engine, language, first, day, hour):
    texts = engine.res.texts
    resident = Resident(engine, start=at(21))
    out = resident.send(first)
    assert out.case["priority"] == "urgent"
    out = resident.send(day)  # it may have been within 24 hours: high, and the hour is asked
    assert out.case["priority"] == "high" and texts.get("priority_fell_high", language) in out.texts
    out = resident.send(hour)  # 25 hours ago: normal, and the resident hears what that means for them
    assert out.case["priority"] == "normal"
    assert texts.get("priority_fell_normal", language) in out.texts
    assert "1930" in texts.get("priority_fell_normal", language)


def test_a_priority_that_does_not_fall_adds_nothing(engine):
    resident = Resident(engine, start=at(21))
    resident.send("money was debited from my account")
    out = resident.send("10 minutes ago")
    assert out.case["priority"] == "urgent"
    assert not any(text in out.texts for text in (engine.res.texts.get("priority_fell_high", "en"),
                                                  engine.res.texts.get("priority_fell_normal", "en")))


# -- 4. a bank answer must look like a bank ------------------------------------------------------------------------
def at_bank(engine) -> Resident:
    resident = Resident(engine)
    out = resident.send("15000 was debited from my account just now")
    assert out.node == "bank"
    return resident


def test_an_amount_at_the_bank_question_is_asked_again_kindly_and_never_kept_as_the_bank(engine):
    resident = at_bank(engine)
    out = resident.send("15000")
    assert out.node == "bank" and "bank" not in out.incident
    assert out.texts[0] == engine.res.texts.get("bad_bank", "en")
    out = resident.send("15000")  # told again: not known, never "15000"
    assert out.node != "bank" and out.incident.get("bank") is None


def test_a_sentence_is_asked_again_once_then_a_name_is_kept_as_told(engine):
    resident = at_bank(engine)
    out = resident.send("I am very worried please help me")
    assert out.node == "bank" and "bank" not in out.incident
    out = resident.send("Lakshmi Vilas")  # a bank the packs do not list, told again: kept as told
    assert out.node != "bank" and out.incident["bank"] == "Lakshmi Vilas"


@pytest.mark.parametrize(("said", "kept"), [("sbi", "State Bank of India"), ("Mahila Sahakari Bank", "Mahila Sahakari Bank")])
def test_a_bank_is_kept_at_once(engine, said, kept):
    resident = at_bank(engine)
    out = resident.send(said)
    assert out.node != "bank" and out.incident["bank"] == kept


# -- 5. the freeze request names the bank, and a debit is rendered one way --------------------------------------------
@pytest.mark.parametrize(("said", "named"), [("sbi", "State Bank of India"),
                                             ("Mahila Sahakari Bank", "Mahila Sahakari Bank")])
def test_the_freeze_request_is_addressed_to_the_bank_the_resident_named(engine, said, named):
    resident = at_bank(engine)
    for answer in (said, "skip", "skip", "skip", "1", "Ramesh Kumar"):
        resident.send(answer)
    freeze, _ = papers(engine, resident_case(engine))
    assert f"To the Nodal Officer (cyber fraud), {named}," in freeze


def test_every_debit_told_roughly_says_about(engine):
    resident = Resident(engine, start=at(11))
    resident.send("aaj subah 15000 kat gaye mere account se")
    resident.send("aur abhi lagbhag 10 minute pehle 5000 aur gaye")
    freeze, ncrp = papers(engine, resident_case(engine))
    assert "Debit 1" in freeze and "about 27-11-2026 09:00 IST (morning; no exact time told) (first reported)" in freeze
    assert "about 27-11-2026 09:00 IST (morning; no exact time told)" in ncrp


# -- 6. an answer kept at another question is no unreadable answer -----------------------------------------------------
def test_a_utr_kept_at_the_amount_question_does_not_count_as_unreadable(engine):
    resident = Resident(engine)
    out = resident.send("money was debited from my account just now")
    assert out.node == "amount"
    out = resident.send("UTR 412345678901")
    assert out.incident["utr"] == "412345678901" and out.node == "amount"
    assert out.texts[0] == engine.res.texts.get("noted_out_of_order", "en")
    out = resident.send("hmm")  # the first answer it could not read: said so, asked again
    assert out.node == "amount" and out.texts[0] == engine.res.texts.get("bad_amount", "en")
    assert engine.res.texts.get("noted_not_known", "en") not in out.texts
    out = resident.send("hmm")  # the second: not known, and the report goes on
    assert out.node != "amount" and out.texts[0] == engine.res.texts.get("noted_not_known", "en")


# -- a time "not known" however it was reached is the golden hour's "cannot say when" (a resident's trial, 20:40) ------
@pytest.mark.parametrize("answers", [
    ["25000", "15000"],  # two answers that are no time: "noted as not known"
    ["hmm", "?"],
    ["skip"],
])
def test_a_menu_loss_whose_time_ends_not_known_is_urgent_with_its_case_and_1930(engine, answers):
    resident = Resident(engine, start=at(2))
    resident.send("hello")
    resident.send("1")  # English
    out = resident.send("1")  # report money fraud: asked when
    assert out.case is None
    for text in answers:
        out = resident.send(text)
    assert out.case and out.case["priority"] == "urgent"
    assert "1930" in out.texts[0]  # the golden-hour action first, then the next question
