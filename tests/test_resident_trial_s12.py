"""What a stranger acting as residents found on session 11's main (session 12, /work/lead/trial_resident.md), each as
a resident would notice it: a live fake-officer call in Urdu and romanised Hindi told to cut the call, a kidnapping
with a typo sent to 112, secrets typed with spaces or after "pass" kept out, a secret never kept as an answer."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.store.models.residents import Incident, Message
from bot.nlu.redact import redact
from conftest import Resident, first_action

CUT_THE_CALL = ("ابھی کال کاٹ دیں", "अभी कॉल काट दें", "Cut the call now")
LOSS = "someone took 20000 from my account 10 minutes ago"


def _stored(engine) -> str:
    with engine.Session() as s:
        return "\n".join(s.scalars(select(Message.text).where(Message.direction == "in")).all())


def _fields(engine) -> dict:
    with engine.Session() as s:
        return s.scalars(select(Incident)).one().fields


# -- D3, D4: a parent kept on a call now, in Urdu and romanised Hindi ---------------------------------------
@pytest.mark.parametrize("message", [
    "ابو کو ڈیجیٹل اریسٹ کر رکھا ہے ویڈیو کال پر",
    "میرے ابو کو کوئی ویڈیو کال پر رکھے ہوئے ہے کہتا ہے سی بی آئی سے ہے، دو گھنٹے سے",
    "میرے والد کو کسی نے فون پر روکا ہوا ہے، پولیس والا بن کے پیسے مانگ رہا ہے",
    "مجھے ایک کال آئی کہ آپ کے نام پر پارسل میں منشیات ملی ہیں، ابھی کال جاری ہے",
    "Mujhe ek call aaya ki mere naam pe FIR hai aur Skype pe aane ko bola, abhi Skype pe hun",
    "पापा को फोन पर रोका हुआ है, पुलिस वाला बनकर पैसे मांग रहा है",
])
def test_a_live_fake_officer_call_in_urdu_or_romanised_hindi_is_told_to_cut_the_call_with_an_urgent_case(
        sqlite_resident, message):
    out = sqlite_resident.send(message)
    assert first_action(out.texts[0]).startswith(CUT_THE_CALL), out.texts[0]
    assert out.case["priority"] == "urgent"


def test_a_father_held_on_a_bengali_video_call_is_told_to_cut_the_call_not_sent_to_112_first(sqlite_resident):
    out = sqlite_resident.send("বাবাকে দুই ঘণ্টা ধরে ভিডিও কলে আটকে রেখেছে, বলছে সিবিআই থেকে")
    assert out.texts[0].startswith("এখনই কলটি কেটে দিন") and out.case["priority"] == "urgent"


# -- D4: a kidnapping with a typo is danger, its ransom no loss ---------------------------------------------
def test_a_kidnapping_with_a_typo_gets_112_first_and_the_ransom_is_no_loss(sqlite_resident):
    out = sqlite_resident.send("Sir mera beta ko koi uthha le gaya hai, phone karke 2 lakh maang rahe")
    assert "112" in out.texts[0] and "1930" not in out.texts[0]
    assert out.flow != "financial_fraud" and out.case["priority"] == "urgent"


def test_a_phone_taken_with_the_same_typo_is_no_kidnapping(sqlite_resident):
    out = sqlite_resident.send("kal mera phone koi uthha le gaya bus me")
    assert "112" not in out.texts[0]


# -- D1: secrets typed with spaces, after "pass", an Aadhaar, a card's expiry ------------------------------
def test_a_spaced_pin_a_pass_and_an_aadhaar_are_warned_and_never_stored(engine, resources):
    resident = Resident(engine)
    resident.send(LOSS)
    warnings = [resources.texts.get(key, lang) for key in ("secret_warning", "secret_warning_expiry")  # the expiry
                for lang in ("hi", "en")]  # named when it was removed (session 18)
    for message, secret in (("atm pin 4 4 9 1 hai", "4 4 9 1"), ("mera login id rk1960 aur pass sunita1962", "sunita1962"),
                            ("mera aadhaar 2345 6789 0123 hai", "2345 6789 0123"),
                            ("card 4111 1111 1111 1111 exp 09/28", "09/28")):
        out = resident.send(message)
        assert any(warning in t for warning in warnings for t in out.texts), message
        assert secret not in _stored(engine) and secret not in str(_fields(engine)), message
    assert redact("mere pass 5000 rupees hain").kinds == ()  # "pass" for "paas" (have): an amount, no password


# -- D2: a secret is never the answer to the open question --------------------------------------------------
def test_a_password_at_the_bank_question_after_a_re_ask_is_never_the_bank(engine):
    resident = Resident(engine)
    asked = resident.send(LOSS)
    assert asked.node == "bank"
    resident.send("hmm")  # not read: asked again
    out = resident.send("पासवर्ड mypass123 है")
    assert out.node == "bank" and "bank" not in _fields(engine) and "REDACTED" not in str(_fields(engine))
    resident.send("SBI")
    assert _fields(engine)["bank"] == "State Bank of India"


# -- D5: someone gone to the bank to pay a caller: stop them now, never "when did the money leave?" --------------
@pytest.mark.parametrize("message, stop", [
    ("Dad has gone to the bank to transfer money to a caller who says he is police", "Stop the payment now"),
    ("papa bank gaye hain FD todne, koi CBI wala bol raha tha", "अभी भुगतान रुकवाएँ"),
    ("ابا جان بینک گئے ہیں پیسے بھیجنے، فون پر کوئی پولیس والا کہہ رہا تھا", "ابھی ادائیگی رکوائیں"),
])
def test_someone_gone_to_the_bank_to_pay_a_caller_is_told_to_stop_it_not_asked_when_money_left(
        sqlite_resident, resources, message, stop):
    out = sqlite_resident.send(message)
    assert first_action(out.texts[0]).startswith(stop) and out.case["priority"] == "urgent"
    asked = {resources.texts.get(key, lang) for key in ("action_money_urgent",) for lang in ("en", "hi", "ur")}
    assert out.flow != "financial_fraud" and not any(a in t for a in asked for t in out.texts)


# -- D8: a don't-know said with what is not known -------------------------------------------------------------
def test_dont_know_said_with_what_is_not_known_is_taken_as_not_known(sqlite_resident):
    sqlite_resident.send(LOSS)
    asked = sqlite_resident.send("SBI")  # the bank: next question
    out = sqlite_resident.send("i dont have it")
    assert out.node != asked.node
    out2 = sqlite_resident.send("dont no")
    assert out2.node != out.node


# -- D6: a corrected time updates the label officers read (the priority stays: tests/test_golden_hour.py) -------
def test_a_time_corrected_to_hours_ago_updates_its_label(sqlite_resident):
    sqlite_resident.send("Rs 25000 debited from my HDFC account 10 min ago, i did not do it")
    out = sqlite_resident.send("sorry it was actually 3 hours ago not 10 min")
    assert out.incident["money_left_at_label"] == "3 hours ago"
    assert any("corrected the time" in t for t in out.texts)


def test_nahi_at_the_district_question_is_no_place(sqlite_resident, resources):
    out = sqlite_resident.send(LOSS)
    for answer in ("SBI", "skip", "skip", "skip", "skip", "skip", "skip"):
        if out.node == "district":
            break
        out = sqlite_resident.send(answer)
    assert out.node == "district"
    out = sqlite_resident.send("nahi")
    assert out.node != "district" and "district_as_written" not in (out.incident or {})
