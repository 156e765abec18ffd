"""What the resident stranger found (session 11, defects 4, 6 and 8), through the real engine as a resident would
notice it: a scam text received and pasted is a report, not "only a check"; a call still going on is now (never
"when did they contact you?") and "what should we do" mid-question gets the advice; a scam call with nothing lost
gets the advice at once, no money questions."""
from __future__ import annotations

import pytest

from conftest import first_action

REACHED_ASKED = {"en": "Did this number, link or message reach you", "hi": "क्या यह नंबर"}


# -- 4. a scam text received and pasted: a report of a suspicious contact -----------------------------------------------
@pytest.mark.parametrize("message, recorded", [
    ('I got this message: "Congratulations! You have won Rs 25,00,000 in KBC lottery. To claim pay processing fee '
     'Rs 12,500 to UPI kbc.lottery@ybl. Contact Rana Pratap +919876543210"', "I have recorded your report"),
    ("can you check this number +91 98765 43210 he called me saying he is from electricity board",
     "I have recorded your report"),
    ("mujhe ye message aaya hai: aapka bijli connection aaj raat kaat diya jayega, call karein 9876543210",
     "आपकी शिकायत दर्ज कर ली"),
])
def test_a_scam_text_received_is_recorded_as_a_report_not_asked_whether_it_reached_them(sqlite_resident, message,
                                                                                        recorded):
    said = "\n".join(sqlite_resident.send(message).texts)
    assert "reach you" not in said and "आप तक पहुँचा" not in said  # never "did this reach you?"
    assert recorded in said and "check is not counted" not in said
    assert "Chakshu" in said or "चक्षु" in said


def test_a_number_only_to_check_is_still_asked_whether_it_reached_them(sqlite_resident):
    said = "\n".join(sqlite_resident.send("is this number safe 9876543210").texts)
    assert REACHED_ASKED["en"] in said


# -- 6. a call still going on -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("message, when_asked, cut", [
    ("a man is on the phone with my father right now saying he is from cbi and he must transfer money or be arrested "
     "he is still on the call", "When did they contact you?", "Cut the call now"),
    ("mere papa ko koi video call pe police wala bankar dara raha hai digital arrest bol raha hai abhi bhi call pe hai",
     "कब संपर्क किया", "अभी कॉल काट दें"),
])
def test_a_live_call_is_never_asked_when_and_what_to_do_gets_the_advice(sqlite_resident, message, when_asked, cut):
    first = sqlite_resident.send(message)
    said = "\n".join(first.texts)
    assert first_action(said).startswith(cut) and when_asked not in said
    question = first.texts[-1]
    asked = sqlite_resident.send("what should we do" if cut.startswith("Cut") else "ab kya karen")
    again = "\n".join(asked.texts)
    assert again.startswith(cut)  # the advice for a call still on, not "I could not read ..."
    assert "could not read" not in again and "पढ़ नहीं" not in again
    assert asked.texts[-1] == question  # and the question again


def test_what_to_do_with_no_call_on_gets_do_not_pay_and_1930(sqlite_resident):
    sqlite_resident.send("someone called me saying he is from cbi and my aadhaar is used in money laundering")
    out = sqlite_resident.send("what should i do")
    assert "Do not pay anyone" in out.texts[0] and "1930" in out.texts[0]


# -- 8. a scam call with nothing lost: the advice, no money questions ---------------------------------------------------
@pytest.mark.parametrize("message, advice, money_asked", [
    ("nothing was lost but someone is calling me again and again saying he is from customs and a parcel in my name "
     "has drugs", "Chakshu", "Did you send them any money"),
    ("maine kuch nahi khoya, koi police wala bankar call kar raha hai ki mera parcel pakda gaya", "Chakshu",
     "पैसे भेजे"),
])
def test_a_scam_call_with_nothing_lost_hears_the_advice_at_once(sqlite_resident, message, advice, money_asked):
    out = sqlite_resident.send(message)
    said = "\n".join(out.texts)
    assert advice in said or "चक्षु" in said
    for answer in ("2", "SKIP", "SKIP", "SKIP"):
        said += "\n".join(sqlite_resident.send(answer).texts)
    assert money_asked not in said


def test_bengali_nothing_lost_just_a_call_is_never_asked_where_the_money_went(sqlite_resident):
    sqlite_resident.send("আমি কিছুই হারাইনি, শুধু একটা ফোন এসেছিল যে আমার সিম বন্ধ হয়ে যাবে")
    said = "\n".join(sqlite_resident.send("না").texts)
    assert "টাকা কোথায় গেছে" not in said
    assert "Chakshu" in said or "চক্ষু" in said or "sancharsaathi" in said


# -- 11. asked before installing: advice, no case ------------------------------------------------------------------------
@pytest.mark.parametrize("message", ["someone asked me to install anydesk is it safe",
                                     "kisi ne anydesk install karne ko bola, kya ye safe hai"])
def test_a_question_before_installing_a_remote_app_opens_no_case(sqlite_resident, message):
    out = sqlite_resident.send(message)
    assert out.case is None and "top of the officers' queue" not in "\n".join(out.texts)
    assert "AnyDesk" in "\n".join(out.texts) or "anydesk" in "\n".join(out.texts).lower()


# -- 13. advice gaps -----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("message, upi", [
    ("my phone was stolen in the bus today, imei is 356938035643809, it has my paytm and gpay on it", "block UPI"),
    ("mera phone bus me chori ho gaya, usme paytm aur gpay hai", "UPI और वॉलेट ब्लॉक"),
])
def test_a_stolen_phone_hears_to_block_upi_and_wallets_with_ceir(sqlite_resident, message, upi):
    said = "\n".join(sqlite_resident.send(message).texts)
    assert upi in said and "CEIR" in said


@pytest.mark.parametrize("message, comfort", [
    ("someone is blackmailing me with my private video and asking for 10000 otherwise he will send to my family",
     "I am sorry this is happening to you"),
    ("koi mera private video viral karne ki dhamki de raha hai aur 10000 maang raha hai", "हमें दुख है"),
])
def test_sextortion_hears_a_kind_word_before_the_case_number(sqlite_resident, message, comfort):
    out = sqlite_resident.send(message)
    said = "\n".join(out.texts)
    assert out.case is not None and comfort in said
    assert said.index(comfort) < said.index("CS-")


# -- 10. a resident who changes script mid-chat is answered in the new one -----------------------------------------------
def test_a_resident_changing_script_mid_chat_is_answered_in_the_script_they_write(sqlite_resident):
    assert sqlite_resident.send("লটারি জেতার মেসেজ এলে কী করব").language == "bn"
    out = sqlite_resident.send("کیا او ٹی پی کسی کو بتانا محفوظ ہے")
    assert out.language == "ur" and "OTP" in "\n".join(out.texts)
    assert sqlite_resident.send("ऑनलाइन धोखाधड़ी से कैसे बचें").language == "hi"


@pytest.mark.parametrize("answer", ["ok", "लगभग 7", "মেনু", "someone stole it from my bag"])
def test_a_short_answer_or_latin_letters_in_a_bengali_report_keep_bengali(sqlite_resident, answer):
    sqlite_resident.send("আমার ফোন চুরি হয়ে গেছে")
    assert sqlite_resident.send(answer).language == "bn"
