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


# -- 1: only asking whether money comes back, no loss told: the golden-hour answer and the report offered, no case ------
@pytest.mark.parametrize("message", [
    "is there any way to get my money back?",
    "kya paisa wapas mil sakta hai?",
    "টাকা কি আবার ফেরত পাওয়া যাবে?",
    "کیا پیسے واپس مل سکتے ہیں؟",
])
def test_a_bare_money_back_question_is_answered_and_the_report_offered(sqlite_resident, message):
    out = sqlite_resident.send(message)
    assert out.case is None and out.intent == "safety_advice"
    assert "1930" in out.texts[-2] and "RBI" in out.texts[-2]  # the golden hour and the bank's zero liability
    assert "1930" in out.texts[-1] and "1" in out.texts[-1]  # the report offered, 1930 said if money has left
    out = sqlite_resident.send("1")
    assert out.flow == "financial_fraud" and out.node == "when"


@pytest.mark.parametrize("message", [
    "mere account se paise kat gaye, wapas milenge kya?",
    "someone took money from my account, can I get my money back?",
    "আমার অ্যাকাউন্ট থেকে টাকা কেটে নিয়েছে, ফেরত পাব কি?",
])
def test_a_loss_told_with_the_money_back_question_stays_urgent(sqlite_resident, message):
    out = sqlite_resident.send(message)
    assert out.case is not None and out.case["priority"] == "urgent" and "1930" in out.texts[0]


def test_the_money_back_question_from_one_who_reported_gets_the_report_status(sqlite_resident):
    out = sqlite_resident.send("kal shaam 4 baje mere account se 7000 kat gaye")
    for _ in range(15):
        if out.node is None:
            break
        out = sqlite_resident.send("1" if out.node == "what_happened" else "SKIP")
    reference = out.incident["reference"]
    out = sqlite_resident.send("paisa wapas milega kya?", minutes=120)
    assert out.intent == "report_status" and reference in out.texts[0]


# -- 6: a scam text pasted in, nothing done: the advice for that scam first, then the check of its link or number -----
@pytest.mark.parametrize("message, advice", [
    ("Your SBI KYC has expired, your account will be blocked today. Update KYC now: http://sbi-kyc-renew.in",
     "update KYC or your account/SIM will be blocked"),
    ("Your parcel is held at our warehouse due to incomplete address. Update here within 24 hrs: http://indiapost-track.co",
     "often phishing"),
])
def test_a_pasted_scam_text_gets_its_advice_before_the_check(sqlite_resident, message, advice):
    out = sqlite_resident.send(message)
    assert out.flow == "suspicious_contact" and out.case is None
    told = said(out)
    assert advice in told and told.index(advice) < told.index("no reports yet")


# -- 4: a loan app's harassment going on, asked about: the advice, then its report offered ---------------------------
@pytest.mark.parametrize("message", [
    "a loan app is morphing my pictures and sending them around, what should I do?",
    "loan app wale meri photo morph kar rahe hain, kya karna chahiye?",
])  # Bengali and Urdu questions so put get "Did you mean" (loan apps / morphed photos) first: left, see README
def test_a_loan_app_morphing_photos_asked_about_gets_the_report_offered(sqlite_resident, message):
    out = sqlite_resident.send(message)
    assert out.case is None
    if out.intent == "safety_advice":  # the advice, then the report offered
        out = sqlite_resident.send("1")
    assert out.flow == "harassment"  # the report, offered or started


def test_how_loan_apps_misuse_photos_in_general_offers_no_report(sqlite_resident):
    out = sqlite_resident.send("how do loan apps misuse photos of borrowers?")
    assert out.intent == "safety_advice" and "reply 1" not in out.texts[-1]


# -- 2: a further debit told after the money report was filed: added to that report, audited, both seen ---------------
def _file_money_report(resident, first):
    out = resident.send(first)
    for _ in range(15):
        if out.node is None:
            break
        out = resident.send("1" if out.node == "what_happened" else "SKIP")
    return out.incident["reference"]


@pytest.mark.parametrize("first, further, amount", [
    ("yesterday 4 pm 3000 was debited from my account by upi", "another 2500 was debited just now", 2500),
    ("kal shaam 5 baje mere account se 6000 kat gaye", "abhi abhi phir se 4000 kat gaye", 4000),
    ("গতকাল বিকেল ৫টায় আমার অ্যাকাউন্ট থেকে ৬০০০ টাকা কেটেছে", "আবার ২০০০ টাকা কেটে গেল এইমাত্র", 2000),
    ("کل شام 5 بجے میرے اکاؤنٹ سے 6000 روپے کٹ گئے", "ابھی ابھی پھر سے 4000 روپے کٹ گئے", 4000),
])
def test_a_further_debit_after_the_report_is_added_to_it(resident, engine, first, further, amount):
    from sqlalchemy import select

    from bot.store.models.cases import AuditEvent, Case
    from bot.store.models.residents import Incident

    reference = _file_money_report(resident, first)
    out = resident.send(further, minutes=90)
    assert "1930" in out.texts[0] and str(amount)[:1] in out.texts[-1]
    with engine.Session() as session:
        incidents = session.scalars(select(Incident)).all()
        assert [i.reference for i in incidents] == [reference]  # no second report
        fields = incidents[0].fields
        assert fields["amount"] != amount and fields["second_loss_amount"] == amount  # the first kept, the new beside it
        assert [loss["amount"] for loss in fields["later_losses"]] == [amount] and fields["latest_loss_at"]
        case = session.scalars(select(Case)).one()
        assert case.priority == "urgent"  # the new debit is within the golden hour
        told = session.scalars(select(AuditEvent).where(AuditEvent.action == "further_debit_told")).one()
        assert told.detail["amount"] == amount and told.case_id == case.id


def test_a_new_loss_with_no_word_of_another_after_a_filed_report_is_its_own_report(sqlite_resident):
    reference = _file_money_report(sqlite_resident, "yesterday 4 pm 3000 was debited from my account by upi")
    out = sqlite_resident.send("my wife's card was used for 9000 ten minutes ago", minutes=90)
    assert out.incident["reference"] != reference
