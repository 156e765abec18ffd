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
