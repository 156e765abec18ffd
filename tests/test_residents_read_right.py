"""Facts residents told that the report read wrong, found by strangers playing residents and left open in session 10
(issues 11 and 13): a case reference read as a phone number; a stolen phone's IMEI and "stolen" in the first message
asked again; a method, a time and an amount in one answer only partly kept; a corrected time losing to the one it
corrects; Bengali hours with their counting ending ("১২ টা", "সাড়ে ৪টে") not read; and a stray "thanks" or "no"
after a report opening a new one. Every test goes through the real engine, as a resident would notice it: the replies,
the question asked next and the report's fields."""
from __future__ import annotations

from datetime import datetime

import pytest

from conftest import IST, Resident

from bot.nlu.entities import phones, times
from bot.store.models.residents import Incident

IMEI = "356938035643809"  # Luhn-valid


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, 27, hour, minute, tzinfo=IST)


def local(iso: str) -> str:
    return f"{datetime.fromisoformat(iso).astimezone(IST):%H:%M}"


def incidents(engine) -> list[Incident]:
    from sqlalchemy import select
    with engine.Session() as session:
        return list(session.scalars(select(Incident)))


# -- 1. a case reference is a reference, never a phone ------------------------------------------------------------------
@pytest.mark.parametrize("said, reply", [
    ("DCC-2026-000123", "I could not find a complaint DCC-2026-000123"),
    ("my reference is dcc/2026/000123, any update?", "I could not find a complaint DCC/2026/000123"),
    ("मेरा रेफरेंस DCC-2026-000123 है", "शिकायत DCC-2026-000123 नहीं मिली"),
])
def test_a_quoted_reference_is_a_status_question_never_a_phone_number(resident, said, reply):
    out = resident.send(said)
    assert out.intent == "report_status" and out.flow is None and out.case is None
    assert any(reply in t for t in out.texts)
    assert not any("+912026000123" in t or "no reports yet" in t for t in out.texts)


def test_our_own_reference_quoted_later_gives_its_status(resident):
    reference = file_lost_phone(resident, "my phone was lost")
    spoken = reference.lower().replace("-", " ")  # "cs 261127 7kq3", as read out over the phone
    out = resident.send(f"what is the status of {spoken}")
    assert out.intent == "report_status" and any(reference in t and "Lost or stolen phone" in t for t in out.texts)


@pytest.mark.parametrize("text, phone", [
    ("call from 98765-43210", "+919876543210"), ("+91-98765-43210 keeps calling", "+919876543210"),
    ("mob-98765-43210 called me", "+919876543210"), ("DCC-2026-000123", None), ("CS-261127-7KQ3", None),
])
def test_phone_numbers_with_hyphens_are_still_phones_and_references_are_not(text, phone):
    assert phones.parse_phone(text) == phone


# -- 2. a stolen phone told with its IMEI -------------------------------------------------------------------------------
@pytest.mark.parametrize("first, then", [
    (f"my phone was stolen from the bus, IMEI {IMEI}", "yesterday"),
    (f"मेरा फोन बस में चोरी हो गया, IMEI {IMEI}", "kal"),
    (f"আমার ফোন বাসে চুরি হয়ে গেছে, IMEI {IMEI}", "গতকাল"),
])
def test_a_stolen_phone_told_with_its_imei_is_never_asked_stolen_or_lost_nor_the_imei(resident, engine, first, then):
    out = resident.send(first)
    assert out.flow == "lost_phone" and out.node == "when"  # not "Was it stolen?"
    resident.send(then)
    for answer in ("bus", "skip", "skip", "South"):  # where, the number, the model, the district: no IMEI question
        out = resident.send(answer)
        assert out.node != "imei"
    resident.send("same")
    (incident,) = incidents(engine)
    assert incident.fields["stolen"] is True and incident.fields["imei"] == IMEI


@pytest.mark.parametrize("first, answer, stolen", [
    ("my phone was lost", None, False), ("mera phone kho gaya", None, False),
    ("my phone is not with me since morning", "it was stolen", True),
    ("mera phone nahi mil raha", "chori ho gaya", True),
])
def test_stolen_or_lost_is_read_in_its_own_words(resident, first, answer, stolen):
    out = resident.send(first)
    if answer is not None:
        assert out.node == "stolen"
        out = resident.send(answer)
    assert out.flow == "lost_phone" and out.node == "when"
    reference = file_lost_phone(resident, None)
    assert reference and resident.last.incident["stolen"] is stolen


def test_lost_and_stolen_both_said_is_asked(resident):
    out = resident.send("i lost my phone, maybe someone stole it")
    assert out.flow == "lost_phone" and out.node == "stolen"


# -- 3. every slot one answer fills -------------------------------------------------------------------------------------
@pytest.mark.parametrize("first, answer", [
    ("someone took 5000 rupees from my account", "through upi, 10 minutes ago"),
    ("mere khate se 5000 kat gaye", "upi se, 10 minute pehle"),
])
def test_method_and_time_in_one_answer_are_both_kept_and_the_method_never_asked(engine, first, answer):
    resident = Resident(engine, start=at(11))
    resident.send(first)
    out = resident.send(answer)
    assert out.node == "bank"
    assert out.incident["method"] == "upi" and local(out.incident["money_left_at"]) == "10:51"
    asked = [resident.send(reply).node for reply in ("SBI", "skip", "skip", "skip")]
    assert "what_happened_after" not in asked


def test_amount_method_and_time_in_one_answer(engine):
    resident = Resident(engine, start=at(11))
    resident.send("mere khate se paise kat gaye")
    out = resident.send("upi se 5000 rupaye gaye, 10 minute pehle")
    assert out.node == "bank"
    assert out.incident["amount"] == 5000 and out.incident["method"] == "upi"


def test_a_bare_number_said_at_another_question_is_no_amount(engine):
    resident = Resident(engine, start=at(11))
    resident.send("money was debited from my account through upi")
    resident.send("10 minutes ago")
    resident.send("don't know")  # the amount
    out = resident.send("State Bank ending 4321")
    assert out.incident["amount"] is None and out.incident["bank"]


# -- 4. a corrected time wins -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("told, corrected", [
    ("today 2 pm", "not at 2 pm but at 12:30"),
    ("aaj 2 baje", "2 baje nahi, 12:30 baje"),
    ("আজ দুপুর ২টায়", "২টায় নয়, সাড়ে ১২টায়"),
])
def test_a_corrected_time_at_the_next_question_replaces_the_time(engine, told, corrected):
    resident = Resident(engine, start=at(14, 20))
    resident.send("money was debited from my account")
    out = resident.send(told)
    assert local(out.incident["money_left_at"]) == "14:00"
    asked = out.node
    out = resident.send(corrected)
    assert local(out.incident["money_left_at"]) == "12:30" and out.node == asked


def test_a_corrected_time_at_the_time_question_is_the_answer(engine):
    resident = Resident(engine, start=at(14, 20))
    resident.send("money was debited from my account")
    out = resident.send("not at 2 pm but at 12:30")
    assert local(out.incident["money_left_at"]) == "12:30"


# -- 5. Bengali hours with their counting ending, and Urdu's ------------------------------------------------------------
@pytest.mark.parametrize("first, said, hour", [
    ("আমার অ্যাকাউন্ট থেকে টাকা কেটে গেছে", "১২ টা", "12:00"),
    ("আমার অ্যাকাউন্ট থেকে টাকা কেটে গেছে", "12 টা", "12:00"),
    ("আমার অ্যাকাউন্ট থেকে টাকা কেটে গেছে", "সাড়ে ৪টে", "16:30"),
    ("আমার অ্যাকাউন্ট থেকে টাকা কেটে গেছে", "দুপুর ২টা বাজে", "14:00"),
    ("میرے اکاؤنٹ سے پیسے کٹ گئے", "12 بجے", "12:00"),
])
def test_an_hour_with_its_ending_is_read_as_the_time(engine, first, said, hour):
    resident = Resident(engine, start=at(17))
    resident.send(first)
    out = resident.send(said)
    assert out.node != "when" and local(out.incident["money_left_at"]) == hour


@pytest.mark.parametrize("story", [
    "২টো ট্রানজেকশনে ৫০০০ টাকা কেটে গেছে",  # two transactions
    "মোবাইলে একটা 'বিদ্যুৎ বিল আপডেট' অ্যাপ ইনস্টল করেছিলাম",  # একটা is "a"
    "Rs.4,999 debited, সঙ্গে সঙ্গে আরো একটা। মিনিট পনেরো হবে।",  # one more: the used Bengali sets' urgent messages
    "একটা বাজে অ্যাপ ইনস্টল করেছি",  # a bad app (বাজে)
])
def test_the_counting_ending_in_a_story_is_no_clock(story):
    told = times.parse_time(story, at(17))
    assert told is None or ":" not in (told.label or "")  # no clock read ("today 01:00")
    assert times.parse_time("আজ ২টা মেসেজ এসেছে", at(17)).label == "today"  # two messages, no 2 o'clock


# -- 6. a stray closing word after a report is filed ---------------------------------------------------------------------
def file_lost_phone(resident: Resident, first: str | None) -> str:
    """A lost-phone report filed to the end; its reference."""
    if first is not None:
        resident.send(first)
    for answer in ("yesterday", "bus", "skip", "skip", "skip", "South", "same"):
        out = resident.send(answer)
    assert out.flow == "lost_phone" and out.node is None and out.incident
    return out.incident["reference"]


@pytest.mark.parametrize("first, closings, reply", [
    ("my phone was lost", ["thanks", "no", "ok"], "Your report {} is with the police"),
    ("mera phone kho gaya", ["shukriya", "nahi", "धन्यवाद"], "आपकी शिकायत {} पुलिस के पास है"),
    ("আমার ফোন হারিয়ে গেছে", ["ধন্যবাদ", "না"], "আপনার অভিযোগ {} পুলিশের কাছে আছে"),
    ("میرا فون کھو گیا", ["شکریہ", "نہیں"], "آپ کی شکایت {} پولیس کے پاس ہے"),
])
def test_a_closing_word_after_a_report_gets_a_kind_closing_not_a_new_report(resident, engine, first, closings, reply):
    reference = file_lost_phone(resident, first)
    for closing in closings:
        out = resident.send(closing)
        assert out.flow is None and out.node is None and len(out.texts) == 1
        assert out.texts[0].startswith(reply.format(reference))
    assert len(incidents(engine)) == 1
    out = resident.send("1")  # the menu's digits still start what they say
    assert out.flow == "financial_fraud"


def test_a_new_story_after_a_report_is_read_as_a_new_message(resident):
    file_lost_phone(resident, "my phone was lost")
    out = resident.send("someone hacked my instagram account")
    assert out.flow == "account_hacked"
