"""Session 19, the second residents' trial (s19-res2, /work/lead/found-resident.md): each finding tested by concept in
other words than the trial's and in every language where it applies, whole conversations through the real engine."""
from __future__ import annotations

import pytest

from conftest import Resident


def said(out) -> str:
    return "\n".join(out.texts)


STALKING_MENU = ("stalking", "पीछा", "পিছু", "پیچھا")
NOT_YOUR_FAULT = ("this is not your fault", "आपकी कोई ग़लती नहीं", "আপনার কোনো দোষ নেই", "آپ کی کوئی غلطی نہیں")


# -- S1-1: self-harm said as TAKING the means at hand (swallowing, drinking) in Latin-letter Hindi and English: 112 and
# Tele-MANAS 14416 first, an urgent case, the resident's own language ------------------------------------------------
@pytest.mark.parametrize("message, language", [
    ("ghar me chuhe marne wali dawai rakhi hai, aaj wahi kha lungi", "hi"),
    ("chuha maar dawai pee ke mar jaungi", "hi"),
    ("ab bas, jahar kha lunga raat ko", "hi"),
    ("zeher pi lungi main kal subah", "hi"),
    ("saari goliyan ek saath kha lunga aaj", "hi"),
    ("I am going to swallow all the blood pressure tablets in the house", "en"),
    ("tonight I will swallow all my pills, I cannot go on", "en"),
    ("सारी गोलियाँ खा लूँगी आज रात", "hi"),
    ("sob tablet kheye nebo aaj ratre", "bn"),
    ("ساری گولیاں کھا لوں گی آج", "ur"),
])
def test_self_harm_by_taking_the_means_gets_112_and_14416_first(sqlite_engine, message, language):
    out = Resident(sqlite_engine).send(message)
    first = out.texts[0]
    assert "112" in first and "14416" in first
    assert out.case and out.case["priority"] == "urgent"
    assert out.language == language


@pytest.mark.parametrize("message", [
    "i have tablets ready for the online class, is this app safe?",
    "dawai kha lunga to theek ho jaunga, bank ka OTP kisi ne maanga",
    "maine khana kha liya, ab pani pi lunga",
])
def test_tablets_and_medicine_taken_in_daily_life_are_no_self_harm(sqlite_engine, message):
    out = Resident(sqlite_engine).send(message)
    assert "14416" not in said(out)


# -- S2-2: self-harm that is caught goes to the danger report (where are you?) in every language, never the
# harassment flow's "not your fault, keep every message" and its stalking menu ----------------------------------------
@pytest.mark.parametrize("message", [
    "I have kept a noose ready in the bathroom, this is the last night",
    "main neend ki goliyan le aaya hun, aaj sab khatam",
    "मैंने रस्सी ख़रीद ली है, आज रात सब ख़त्म कर दूँगा",
    "मेरे पास नींद की गोलियाँ रखी हैं, आज सब खा लूँगी",
    "I have sleeping pills with me and tonight I will take them all",
    "main fanda bana ke rakha hai, aaj raat latak jaunga",
    "আমি বিষ কিনে এনেছি, আর বাঁচতে চাই না",
    "میں نے رسی خرید لی ہے، اب جینا نہیں",
])
def test_self_harm_caught_goes_to_the_danger_report_not_harassment(sqlite_engine, message):
    resident = Resident(sqlite_engine)
    out = resident.send(message)
    assert "14416" in out.texts[0]
    assert out.flow == "danger"
    reply = said(out)
    assert not any(word in reply for word in STALKING_MENU + NOT_YOUR_FAULT)


def test_harassment_with_a_wish_to_die_keeps_the_harassment_report_and_says_14416(sqlite_engine):
    out = Resident(sqlite_engine).send("a man keeps threatening me on instagram every night, I feel like I want to die")
    assert "14416" in out.texts[0] and out.case and out.case["priority"] == "urgent"


# -- S2-3: the unit's own configured number asked about (config official_contacts): "yes, that is ours", never the
# digital-arrest topic, never a report recorded against it nor offered --------------------------------------------
OURS = ("that is our number", "हमारा ही नंबर", "আমাদেরই নম্বর", "ہمارا ہی نمبر")


@pytest.mark.parametrize("message", [
    "got a call from 011-23456789, is that number genuinely the cyber police?",
    "ye +91 90000 00112 wala number asli police ka hai kya?",
    "9000000112 এটা কি সত্যিই সাইবার সেলের নম্বর?",
    "کیا 01123456789 واقعی پولیس کا نمبر ہے؟",
])
def test_our_own_number_asked_about_is_said_ours_and_nothing_recorded(sqlite_engine, message):
    resident = Resident(sqlite_engine)
    out = resident.send(message)
    reply = said(out)
    assert any(word in reply for word in OURS)
    assert "digital arrest" not in reply.lower() and "डिजिटल अरेस्ट" not in reply
    assert "CS-" not in reply and out.case is None and out.node is None  # no report, none offered: the check ended
    assert "1 " not in out.texts[-1][:40]


def test_a_strangers_number_asked_about_is_still_checked(sqlite_engine):
    out = Resident(sqlite_engine).send("someone from 9812300000 says he is cyber police, is he real?")
    assert not any(word in said(out) for word in OURS)


# -- S2-4: money expected and not received is no loss; another's old loss asked "how to stay safe" is a question -------
@pytest.mark.parametrize("message", [
    "recharge kiya tha, 100 rupaye ka cashback milna tha abhi tak nahi mila",
    "I paid my electricity bill on the app but the 200 cashback has not come",
    "রিচার্জ করেছিলাম, ৫০ টাকার ক্যাশব্যাক আসেনি",
    "بجلی کا بل دیا تھا، 100 روپے کا کیش بیک نہیں آیا",
])
def test_a_cashback_not_received_is_no_loss_and_no_case(sqlite_engine, message):
    resident = Resident(sqlite_engine)
    out = resident.send(message)
    assert out.case is None and out.flow != "financial_fraud"
    assert out.node != "when"  # no "when did the money leave?": nothing left


def test_a_loss_told_beside_a_cashback_stays_urgent(sqlite_engine):
    out = Resident(sqlite_engine).send("cashback ke link par click kiya aur 3000 kat gaye abhi, cashback bhi nahi mila")
    assert out.case and out.case["priority"] == "urgent" and out.flow == "financial_fraud"


@pytest.mark.parametrize("message", [
    "my neighbour lost 8000 in a KYC fraud two years ago, how can I protect myself?",
    "mere bhai ke 15000 pichle saal online gaye the, main kaise bachun?",
])
def test_anothers_old_loss_asked_how_to_stay_safe_is_answered_not_reported(sqlite_engine, message):
    out = Resident(sqlite_engine).send(message)
    assert out.case is None and out.intent == "safety_advice" and out.flow != "financial_fraud"


# -- S2-6: an account held for ransom ("they want money to give it back"): "do not pay" in the first advice ------------
DO_NOT_PAY = ("do not pay", "पैसे न दें", "টাকা দেবেন না", "پیسے نہ دیں")


@pytest.mark.parametrize("message", [
    "someone took over my facebook and is asking 5000 to return it",
    "mera insta hack karke 8000 maang rahe hain wapas dene ke liye",
    "আমার ফেসবুক হ্যাক করে ফেরত দিতে ৫০০০ টাকা চাইছে",
    "میرا فیس بک ہیک کر کے واپس دینے کے لیے 5000 مانگ رہے ہیں",
])
def test_an_account_held_for_ransom_hears_do_not_pay(sqlite_engine, message):
    out = Resident(sqlite_engine).send(message)
    assert any(words in said(out) for words in DO_NOT_PAY)


# -- S2-1: a clear safety question typed inside an open report is answered, never noted as "not known" ----------------
NOT_KNOWN = ("not known", "पता नहीं", "জানা নেই", "معلوم نہیں")


@pytest.mark.parametrize("first, question", [
    ("someone stole my mobile in the market", "how can I identify a sim swap scam?"),
    ("kal bus me mera phone chori ho gaya", "sim swap fraud kya hota hai?"),
])
def test_a_safety_question_inside_a_report_is_answered_and_the_question_asked_again(sqlite_engine, first, question):
    resident = Resident(sqlite_engine)
    out = resident.send(first)
    assert out.flow == "lost_phone" and out.node
    node = out.node
    out = resident.send(question)
    reply = said(out)
    assert out.node == node and out.intent == "safety_advice"
    assert "SIM" in reply and not any(words in reply for words in NOT_KNOWN)
