"""Safety questions the thirty-first blind set (and its resident's trial) read as reports or did not understand,
closed by concept (s20-safety, issue 11) and tested here in other words. A caller who claims to be police or a
government agency, asked about with nothing lost and nothing urgent ("is this how real police work?"), gets its topic's
answer first and then the impersonation check, never the report's questions alone; told with money gone it stays the
money report. A payment or recharge that failed with the money deducted gets the bank's or app's reversal path, never
"I did not understand"."""
from __future__ import annotations

import pytest

from tests.test_safety_questions_s18b import _advised, _reply


@pytest.mark.parametrize("message", [
    "someone claiming to be from the ED told me on a call that I must not tell my family and keep my webcam on. "
    "is this how real police work?",
    "ek aadmi khud ko crime branch ka inspector bata ke bola video on rakho, ghar walo ko mat batana. kya sach me "
    "police aisa karti hai?",
    "someone says he is a police officer and my son is arrested, send money for bail. is this really the police?",
    "کل ایک شخص نے خود کو پولیس افسر بتا کر فون کیا، کہا گرفتاری ہوگی، کسی کو مت بتانا۔ کیا یہ واقعی پولیس تھی؟",
])
def test_a_fake_officer_asked_about_gets_the_digital_arrest_advice(resources, message):
    _advised(resources, message, "digital_arrest_fake_police_calls")


def test_a_fake_officer_paid_stays_the_money_report(resources):
    result, reply = _reply(resources, "a man said he is CBI and I sent him 40000 just now. is this real police?")
    assert reply.kind == "report" and result.intent == "financial_fraud" and result.urgent


def test_an_asked_fake_officer_gets_the_advice_then_the_check(sqlite_resident):
    sqlite_resident.send("ek aadmi khud ko crime branch ka inspector bata ke bola video on rakho, ghar walo ko mat "
                         "batana. kya sach me police aisa karti hai?")
    texts = sqlite_resident.texts()
    assert "112" in texts or "digital" in texts.lower() or "डिजिटल" in texts  # the digital-arrest advice
    assert sqlite_resident.last.case is None or sqlite_resident.last.case.get("priority") != "urgent"


@pytest.mark.parametrize("message, said", [
    ("tried to recharge my DTH, it showed failed but the money was debited", "UTR"),
    ("बिजली का बिल भरा, payment failed दिखा लेकिन खाते से पैसे कट गए", "UTR"),
    ("recharge failed hua lekin account se paise kat gaye, kya karun", "UTR"),
])
def test_a_failed_payment_with_money_deducted_gets_the_reversal_path(sqlite_resident, message, said):
    sqlite_resident.send(message)
    texts = sqlite_resident.texts()
    assert said in texts
    assert "did not understand" not in texts.lower()
    assert sqlite_resident.last.case is None


@pytest.mark.parametrize("message", [
    "how can I tell where a tinyurl.com link goes before I tap it?",
    "ये bit.ly वाले लिंक खोलने से पहले कैसे पता करें कि असली है?",
    "cutt.ly ke link safe hote hai kya? kaise check karu",
])
def test_a_shortener_named_is_no_link_to_check(resources, message):
    _advised(resources, message, "phishing_links")


def test_a_shortened_link_itself_is_still_checked(resources):
    result, reply = _reply(resources, "got this bit.ly/3xYzAb link in sms saying your kyc expired")
    assert reply.kind == "report" and result.entities["urls"] == ["bit.ly/3xYzAb"]
