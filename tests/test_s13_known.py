"""Session 13 (s13-known): defects left from session 12, as a resident meets them."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from bot.nlu import triage

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=timezone.utc)


# -- gone to the bank to complain is not paying a caller -------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "mummy bank gayi hai shikayat likhwane, fraud call wale ne 25000 uda liye",
    "my uncle is at the bank to get the card blocked, someone posing as police took 15000",
    "बाबा बैंक गए हैं कंप्लेंट करने, ठग ने उनके खाते से 10000 निकाल लिए",
    "আব্বা ব্যাংকে গেছেন অভিযোগ জানাতে, ফোনে পুলিশ সেজে ২০০০০ টাকা নিয়ে নিয়েছে",
    "ابو بینک گئے ہیں شکایت کرنے، جعلی پولیس والے نے 30000 نکال لیے",
])
def test_gone_to_the_bank_to_complain_is_a_loss_not_paying_now(text):
    read = triage.read(text, NOW)
    assert not read.paying_now and read.loss


def test_gone_to_the_bank_to_pay_a_caller_is_still_paying_now():
    assert triage.read("nani bank gayi hai FD tudwa ke paise bhejne, CBI wala phone pe hai", NOW).paying_now


def test_the_resident_gone_to_complain_hears_1930_not_stop_the_payment(sqlite_resident):
    out = sqlite_resident.send("my mother has gone to the bank to lodge a complaint, a fake officer took 40000 from her")
    assert out.flow == "financial_fraud" and "1930" in out.texts[0]
    assert not out.texts[0].startswith("Stop the payment now")


# -- "pass" (near, have) before a vehicle's number is no password --------------------------------------------------
@pytest.mark.parametrize("text, kept", [
    ("bhai ke pass HR26DK8337 number wali scooty hai, uska fake challan aaya", "HR26DK8337"),
    ("mere pass MH 12 AB 1234 wali car thi jiska e-challan link aaya", "MH 12 AB 1234"),
    ("papa ke पास DL3CAF0001 वाली गाड़ी है", "DL3CAF0001"),
    ("pass 22BH4521AA gaadi ka message aaya", "22BH4521AA"),
])
def test_a_vehicle_number_after_pass_is_kept(text, kept):
    from bot.nlu.redact import redact
    done = redact(text)
    assert kept in done.text and "password" not in done.kinds


@pytest.mark.parametrize("text", ["pass: x7#k", "mera pass tha Meera@2020", "pass= GJ05AB1234", "aur pass rohit1988"])
def test_a_password_after_pass_is_still_removed(text):
    from bot.nlu.redact import redact
    assert redact(text).kinds == ("password",)


def test_the_resident_naming_the_car_after_pass_hears_no_password_warning(sqlite_resident):
    out = sqlite_resident.send("humare pass UP14BX7788 wali gaadi hai, uske naam pe challan ka link aaya")
    assert not any("कभी किसी को न बताएँ" in t or "never share" in t for t in out.texts)  # no "I have removed it"
    out = sqlite_resident.send("aur mera pass tha Gaadi@7788")
    assert any("कभी किसी को न बताएँ" in t or "never share" in t for t in out.texts)


# -- a card number followed by another group: the card's own span (``_luhn_part`` returns spans, session 13) -------
def test_a_card_number_and_its_expiry_are_one_redaction():
    from bot.nlu.redact import redact
    done = redact("card 4111-1111-1111-1111 09/28 se paise gaye")
    # one marker; both kinds told (session 18: the resident is told the expiry was removed too)
    assert done.text == "card [REDACTED-CARD] se paise gaye" and done.kinds == ("card", "expiry")


# -- the danger phrases are spelled once a message (session 13), with the same reading --------------------------------
def test_danger_typos_are_spelled_once_a_message_and_still_read(monkeypatch):
    from bot.nlu import near_phrases
    calls = []
    real = near_phrases.spelled

    def counting(phrases, plain, known=frozenset()):
        calls.append(plain)
        return real(phrases, plain, known)

    monkeypatch.setattr(near_phrases, "spelled", counting)
    read = triage.read("meri behen ko koi uthha le gaya, 3 lakh maang rahe hain", NOW)
    assert "kidnap" in read.danger and not read.loss  # a person taken, the ransom no money taken
    assert len(calls) == len(triage.TYPO_TOLERANT)  # one pass over the message for each typo-tolerant class


# -- a remote app on the phone: the first advice says to switch off data and Wi-Fi and uninstall (checked, session 13) --
@pytest.mark.parametrize("text, words", [
    pytest.param("the caller got me to put anydesk on my mobile a few minutes ago", ("mobile data", "Wi-Fi", "uninstall"),
                 marks=pytest.mark.xfail(strict=True, reason="left (session 13): read as money gone 3 minutes ago, "
                                                             "no money named; 'Act now ... 1930' comes first, no app line")),
    ("someone made me install anydesk on my phone just now", ("mobile data", "Wi-Fi", "uninstall")),
    ("usne abhi quicksupport app daalwa diya mere phone me", ("मोबाइल डेटा", "Wi-Fi", "हटा दें")),
])
def test_a_remote_app_first_hears_data_off_and_uninstall(sqlite_resident, text, words):
    first = sqlite_resident.send(text).texts[0]
    assert all(word in first for word in words), first
