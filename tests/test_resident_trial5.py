"""What a stranger's resident pass found (session 10, 02:45): money gone at a time not known read as a question
("pata nahi kab, par ... paise gayab"); Urdu self-harm led on to the sextortion advice; a corrected time at the "when"
question not kept; the secret warning in English for romanised Hindi; "2 transactions of 9999 each" kept as 9999.
Every test goes through the real engine, as a resident or an officer would notice it."""
from __future__ import annotations

import pytest


# -- 1. money gone, the time not known ---------------------------------------------------------------------------------
@pytest.mark.parametrize("message", [
    "पता नहीं कब, पर मेरे खाते से सारे पैसे गायब हैं",
    "pata nahi kab, par mere khate se saare paise gayab hain",
    "پتا نہیں کب، لیکن میرے اکاؤنٹ سے سارے پیسے غائب ہیں",
    "কবে জানি না, কিন্তু আমার অ্যাকাউন্ট থেকে সব টাকা উধাও",
    "I don't know when, but all the money is gone from my account",
])
def test_money_gone_at_a_time_not_known_is_urgent_not_a_question(sqlite_resident, message):
    out = sqlite_resident.send(message)
    assert "1930" in out.texts[0]  # the money advice first, no "Did you mean"
    assert out.flow == "financial_fraud" and out.case["priority"] == "urgent"


# -- 2. self-harm with nothing held over the writer ----------------------------------------------------------------------
@pytest.mark.parametrize("message", [
    "میں اب اور نہیں جی سکتا، سب ختم کر دوں گا",
    "मैं अब और नहीं जी सकता, सब खत्म कर दूँगा",
    "main ab aur nahi ji sakta, sab khatam kar dunga",
    "আমি আর বাঁচতে পারছি না, সব শেষ করে দেব",
    "I can't live anymore, I will end everything",
])
def test_self_harm_alone_goes_to_the_danger_report_not_sextortion(sqlite_resident, message):
    out = sqlite_resident.send(message)
    assert "112" in out.texts[0] and "14416" in out.texts[0]
    assert out.flow == "danger" and out.case["priority"] == "urgent"
    assert not any("WhatsApp" in text and "Instagram" in text for text in out.texts)  # no platform menu


@pytest.mark.parametrize("message", ["usne meri nude video bana li hai, main suicide kar lungi",
                                     "he is blackmailing me with my private video, I want to die"])
def test_self_harm_with_photos_held_over_the_writer_stays_sextortion(sqlite_resident, message):
    out = sqlite_resident.send(message)
    assert "14416" in out.texts[0] and out.flow == "sextortion"


# -- 3. a time corrected at the "when" question --------------------------------------------------------------------------
@pytest.mark.parametrize("answer", ["sorry it was 12 noon not 2 pm", "not 2 pm, 12 noon"])
def test_the_corrected_time_wins_over_the_time_denied(sqlite_resident, answer):
    out = sqlite_resident.send("I lost 12000 from my account through UPI, I already called 1930")
    assert out.node == "when"
    out = sqlite_resident.send(answer)
    assert "12:00" in out.incident["money_left_at_label"]


def test_a_time_said_alone_is_kept(sqlite_resident):
    sqlite_resident.send("I lost 12000 from my account through UPI, I already called 1930")
    out = sqlite_resident.send("at 2 pm")
    assert "14:00" in out.incident["money_left_at_label"]


# -- 4. the secret warning in the turn's language ------------------------------------------------------------------------
@pytest.mark.parametrize("message, warning", [
    ("mere account se abhi 12000 kat gaye, maine otp 556677 bata diya tha", "कृपया OTP, PIN, CVV"),
    ("amar account theke ekhuni 12000 kete gelo, ami otp 556677 bole diyechi", "অনুগ্রহ করে OTP, PIN, CVV"),
])
def test_the_secret_warning_is_in_the_language_of_the_other_replies(sqlite_resident, message, warning):
    out = sqlite_resident.send(message)
    assert any(text.startswith(warning) for text in out.texts)
    assert not any("never share an OTP" in text for text in out.texts)
    assert "556677" not in out.incident["initial_message"]


# -- 5. one amount taken a number of times -------------------------------------------------------------------------------
@pytest.mark.parametrize("message, total", [
    ("SIR MY ATM CARD BLOCKED MESSAGE CAME. I CALLED AND GAVE CARD NUMBER. NOW 2 TRANSACTIONS OF 9999 EACH. PLEASE HELP",
     19998),
    ("mere account se do baar 5000 kat gaye", 10000),
    ("mere account se 5000 do baar kat gaye", 10000),
])
def test_an_amount_taken_n_times_is_the_loss_of_them_all(sqlite_resident, message, total):
    out = sqlite_resident.send(message)
    assert out.incident["amount"] == total and out.case["priority"] == "urgent"


def test_an_amount_with_no_count_stays_as_told(sqlite_resident):
    out = sqlite_resident.send("2 baar call aaya, mere account se 5000 kat gaye")
    assert out.incident["amount"] == 5000
