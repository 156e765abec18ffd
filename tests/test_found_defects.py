"""Defects strangers found, each through the real engine (a resident chatting with it), each failing before its fix."""
from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from bot.store.models.cases import CaseNote
from bot.nlu.entities.times import parse_time
from conftest import IST, Resident


def _notes(engine) -> list[str]:
    with engine.Session() as s:
        return [note.text for note in s.scalars(select(CaseNote).order_by(CaseNote.id))]


# 1. A phone number typed after "talk to an officer" is the number to call back, not a number to check.
def test_a_number_typed_after_asking_for_an_officer_is_kept_as_the_call_back_number(resident, engine):
    resident.send("hello")  # the language question ("1" before it is no answer: tests/test_resident_trial.py)
    resident.send("1")  # English
    resident.send("6")  # talk to an officer
    out = resident.send("9876543210")
    said = "\n".join(out.texts)
    assert "no reports yet" not in said and out.incident is None  # not a "check this number" request
    assert "+919876543210" in said and "call you back" in said
    assert out.intent == "talk_to_officer" and out.case["status"] == "waiting"
    assert any("+919876543210" in note for note in _notes(engine))  # the officer sees it on the case
    out = resident.send("please call me on 98765 43211")
    assert "+919876543211" in "\n".join(out.texts)


def test_a_number_asked_about_after_asking_for_an_officer_is_still_checked(resident):
    resident.send("hello")
    resident.send("1")
    resident.send("officer")
    out = resident.send("is 9876543210 a fraud number?")
    assert "call you back" not in "\n".join(out.texts)
    assert out.flow == "suspicious_contact"


# 2. "last monday" said on a Monday is a week ago; "monday" alone on a Monday is today.
MONDAY = datetime(2026, 11, 30, 18, 0, tzinfo=IST)  # a Monday evening


@pytest.mark.parametrize("said, day", [
    ("last monday", "2026-11-23"),
    ("pichle somvar", "2026-11-23"),
    ("पिछले सोमवार", "2026-11-23"),
    ("monday", "today"),
    ("somvar ko", "today"),
    ("last sunday", "yesterday"),
])
def test_last_monday_said_on_a_monday_is_a_week_ago(engine, said, day):
    resident = Resident(engine, start=MONDAY)
    resident.send("hello")
    resident.send("1")  # English
    resident.send("1")  # report money fraud: "when did the money leave?"
    out = resident.send(said)
    assert out.incident["money_left_at_label"].startswith(day)
    if day == "2026-11-23":
        assert out.incident["priority"] == "normal"  # a week old: not the golden hour


@pytest.mark.parametrize("said", ["গত সোমবার", "پچھلے پیر کو", "previous monday"])
def test_last_monday_in_bengali_and_urdu_said_on_a_monday_is_a_week_ago(said):
    answer = parse_time(said, MONDAY)
    assert answer.label == "2026-11-23"


# 3. A yes, "ok" or "haan" at the bank question is no bank: asked again kindly, then noted as not known.
def _at_the_bank_question(resident):
    resident.send("hello")
    resident.send("1")  # English
    resident.send("1")  # report money fraud
    for answer in ("yesterday 9pm", "1", "5000"):
        out = resident.send(answer)
    assert out.node == "bank"
    return out


@pytest.mark.parametrize("first, second", [("haan", "yes"), ("ok", "haan"), ("yes", "ok")])
def test_a_yes_at_the_bank_question_is_asked_again_then_noted_as_not_known(resident, resources, first, second):
    _at_the_bank_question(resident)
    out = resident.send(first)
    assert out.node == "bank" and "bank" not in {k for k, v in out.incident.items() if v}
    assert resources.texts.get("bad_bank", "en") in out.texts
    out = resident.send(second)
    assert resources.texts.get("noted_not_known", "en") in out.texts
    assert out.node != "bank" and out.incident["bank"] is None


def test_a_bank_named_at_the_bank_question_is_still_kept(resident):
    _at_the_bank_question(resident)
    out = resident.send("Punjab National Bank")
    assert out.incident["bank"] == "Punjab National Bank" and out.node != "bank"


# 4. "No" to "have you called 1930?" (the acknowledgement question) in Bengali, Urdu and Hindi is read as no,
# with what follows a no in English: the next question, nothing kept as the acknowledgement number.
def _at_the_1930_question(resident, first: str):
    out = resident.send(first)
    for _ in range(20):
        if out.node == "ack_1930":
            return out
        out = resident.send("1" if out.node == "what_happened" else "skip")
    raise AssertionError(f"never asked for the 1930 acknowledgement (at {out.node})")


@pytest.mark.parametrize("language, first, no", [
    ("en", "I lost 5000 from my account yesterday", "no"),
    ("bn", "আমার অ্যাকাউন্ট থেকে গতকাল ৫০০০ টাকা কেটে গেছে", "না"),
    ("ur", "میرے اکاؤنٹ سے کل 5000 روپے کٹ گئے", "نہیں"),
    ("hi", "मेरे खाते से कल 5000 रुपये कट गए", "नहीं"),
    ("hi", "mere account se kal 5000 rupaye kat gaye", "nahi"),
    ("hi", "mere account se kal 5000 rupaye kat gaye", "nahi kiya"),
])
def test_no_to_the_1930_question_is_read_as_no_in_every_language(resident, resources, language, first, no):
    _at_the_1930_question(resident, first)
    out = resident.send(no)
    assert out.language == language
    assert out.node == "portal_complaint" and out.incident["ack_1930"] is None
    assert resources.texts.get("bad_text", language) not in out.texts


# 5. A live fake-arrest call described in words of its own, without "cut the call": the first reply says to cut
# the call and call 1930, and the case is urgent. Messages written for this test, in English, Hindi, Hinglish.
LIVE_FAKE_ARREST = [
    "officer on video call says I am under arrest, he is still on the line, says transfer 50000 to clear my name",
    "a man in police uniform is on whatsapp video with me, says my aadhaar is in a money laundering case and I "
    "must pay 2 lakh or go to jail",
    "the CBI person has kept me on camera for 3 hours, wants 80000 as security deposit, I can't leave the room",
    "someone claiming to be from customs is on the line saying a parcel in my name has drugs and I have to pay a "
    "fine now",
    "cyber crime officer on video saying a warrant is issued against me, pay 30000 to settle the case",
    "सीबीआई अधिकारी फोन पर है और कह रहा है कि मेरे नाम पर वारंट है, 40000 जमा करो",
    "पुलिस वाले ने वीडियो कॉल पर रोक रखा है, बोल रहा है केस बंद करने के लिए पैसे भेजो",
    "ED officer phone pe hai, bol raha hai mere naam pe warrant hai, abhi 25000 transfer karo",
    "police wala video call pe hai, keh raha hai jail jaoge, paise bhejo case khatam karne ke liye",
]


@pytest.mark.parametrize("message", LIVE_FAKE_ARREST)
def test_a_live_fake_arrest_call_in_other_words_is_cut_first_and_urgent(resident, message):
    out = resident.send(message)
    first = out.texts[0]
    assert ("Cut the call now" in first or "अभी कॉल काट दें" in first) and "1930" in first
    assert out.case is not None and out.case["priority"] == "urgent"


@pytest.mark.parametrize("message", [
    "what is digital arrest? can police arrest on a video call?",
    "police called me yesterday saying I am under arrest, I cut the call",
    "i got a video call from police last week asking money, i blocked him",
    "how do i report a fake cbi call i got yesterday",
    "किसी ने पुलिस बनकर वीडियो कॉल किया, पैसे भेजो बोला, फिर फोन कट गया",
    "the cyber cell wants me on a video call tomorrow to give a statement, is that normal?",
])
def test_a_past_or_general_fake_arrest_message_is_not_a_live_call(message):
    from bot.nlu.triage import read
    assert not read(message, MONDAY).live_call


# 6. A UPI id or phone number in an urgent first message is in the scam registry as soon as the case exists.
@pytest.mark.parametrize("message, kind, value", [
    ("just lost 20000 to fraud@okaxis", "upi", "fraud@okaxis"),
    ("abhi 15000 kat gaye, 9812300001 pe bheje the", "phone", "+919812300001"),
])
def test_an_identifier_in_an_urgent_first_message_is_in_the_registry_at_once(engine, message, kind, value):
    from bot.registry import records
    victim = Resident(engine, sender="+919800000001", phone="+919800000001")
    out = victim.send(message)
    assert out.case["priority"] == "urgent"
    with engine.Session() as s:
        found = records.lookup(s, kind, value)
        assert found is not None and found.report_count == 1
    # a later complaint naming it is told others reported it
    other = Resident(engine, sender="+919800000002", phone="+919800000002")
    out = other.send(f"just lost 5000 to {value.removeprefix('+91')}")
    assert "Others have reported" in "\n".join(out.texts)


def test_a_number_typed_after_officer_in_the_middle_of_a_report_is_the_call_back_number(resident, engine):
    resident.send("hello")
    resident.send("1")
    resident.send("1")  # report money fraud
    resident.send("yesterday 9pm")
    resident.send("officer")
    out = resident.send("+91 98765 43212")
    assert "+919876543212" in "\n".join(out.texts) and out.flow is None
    assert any("+919876543212" in note for note in _notes(engine))
