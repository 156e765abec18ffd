"""Session 18, a stranger playing a resident (s18-trial): the defects found, each tested by concept in other words
and a second language, through the real engine."""
from __future__ import annotations

import pytest

from fakes import clock, make_app, telegram_fake, twilio_fake  # noqa: F401 (fixtures)


def assert_urgent_with_1930_first(out):
    assert "1930" in out.texts[0]
    assert out.case is not None and out.case["priority"] == "urgent"


# -- F4: an earlier loss and a further debit just now: the newest debit decides the golden hour ------------------
@pytest.mark.parametrize("message", [
    "last week I lost 4000, and another 2500 was debited 5 min ago",
    "teen din pehle 7000 kate the, aaj fir se 1500 kat gaye abhi abhi",
    "গত সপ্তাহে ৪০০০ টাকা গেছে, আজ আবার ২০০০ টাকা কেটে নিল এইমাত্র",
    "gotokal 6000 taka geche, aaj abar 2000 taka kete nilo ekhuni",
])
def test_a_further_debit_just_now_after_an_old_loss_is_urgent(resident, message):
    assert_urgent_with_1930_first(resident.send(message))


def test_two_old_debits_stay_old(resident):
    out = resident.send("last month I lost 4000, and another 2500 was debited last week")
    assert out.case is None or out.case["priority"] != "urgent"


# -- F1/F10: a question that only mentions money opens no urgent loss case ---------------------------------------
@pytest.mark.parametrize("message", [
    "should I make an advance payment of 2000 for a sofa I saw on instagram?",
    "furniture ke liye 3000 advance pay karna chahiye kya",
    "ফার্নিচারের জন্য অগ্রিম পেমেন্ট করব কি?",
    "bhai 20 hazar ka loan chahiye urgent, kaunsa app sahi hai",
    "I need a loan of 30000 quickly, suggest an app",
    "amar 15000 takar loan lagbe, kon app bhalo?",
])
def test_a_payment_or_loan_asked_about_is_no_urgent_loss(resident, message):
    out = resident.send(message)
    assert out.case is None or out.case["priority"] != "urgent"
    assert not out.texts[0].startswith(("Act now", "Call 1930"))


def test_a_loss_told_with_should_i_pay_more_stays_a_loss(resident):
    out = resident.send("20 minute pehle 5000 kat gaye, ab wo 2000 aur maang rahe, dena chahiye kya?")
    assert out.case is not None and out.case["priority"] == "urgent"


# -- F15: a child at risk who says they will die gets Tele-MANAS 14416 beside 112 and 1098 --------------------------
@pytest.mark.parametrize("message", [
    "meri beti 14 saal ki hai, koi uski photo se dhamka raha hai, wo bol rahi hai ki wo mar jayegi",
    "my son is 15, someone is blackmailing him over his photos, he says that he will die",
    "amar meye 14 bochor, keu or chobi diye blackmail korche, o bolche o more jabe",
])
def test_a_child_who_says_they_will_die_gets_tele_manas_too(resident, message):
    out = resident.send(message)
    said = "\n".join(out.texts)
    assert "112" in out.texts[0] and "1098" in said and "14416" in said
    assert out.case is not None and out.case["priority"] == "urgent"


@pytest.mark.parametrize("text", ["he says the money will die down soon", "dukandar bol raha hai ki battery mar jayegi"])
def test_things_that_die_are_no_self_harm(text):
    from datetime import datetime, timezone

    from bot.nlu import triage
    assert "self_harm_other" not in triage.read(text, datetime(2026, 12, 2, 7, 40, tzinfo=timezone.utc)).danger


# -- F20: the time money was last seen in the account is not when it left: unknown, so urgent -----------------------
@pytest.mark.parametrize("message", [
    "papa ke account mein balance zero ho gaya, kal raat tak 45000 the",
    "dad's account is empty now, there was 30000 in it in the morning",
    "বাবার অ্যাকাউন্টে এখন ০ টাকা, সকালে ৩০০০০ টাকা ছিল",
])
def test_money_last_seen_at_a_time_leaves_the_loss_time_unknown_and_urgent(resident, message):
    assert_urgent_with_1930_first(resident.send(message))


def test_a_debit_with_its_own_time_beside_the_balance_keeps_its_time(resident):
    out = resident.send("2 din pehle 5000 kat gaye the, tab account mein 20000 the")
    assert out.case is None or out.case["priority"] != "urgent"


# -- F5: a corrected time with its hour, at the hour question, is taken whole: the hour is not asked again ----------
@pytest.mark.parametrize("first, correction", [
    ("kal mere account se 9000 ki thagi hui", "maaf kijiye kal nahi, aaj subah 7 baje"),
    ("someone took 8000 from my account yesterday", "sorry, not yesterday, it was today at 7 am"),
])
def test_a_corrected_time_with_the_hour_is_not_asked_for_its_hour_again(resident, first, correction):
    out = resident.send(first)
    assert out.node == "when_hour"
    out = resident.send(correction)
    assert out.node != "when_hour"
    assert out.incident["money_left_at_day_only"] is False and out.incident["money_left_at_label"] == "today 07:00"


# -- F19: debits listed with "then" and a day word after the last: every debit kept ----------------------------------
@pytest.mark.parametrize("text, debits", [
    ("I sent 1500 then 3000 then 12000 today to the trading app", [1500, 3000, 12000]),
    ("maine pehle 2000 phir 4000 phir 10000 bheje kal", [2000, 4000, 10000]),
])
def test_debits_listed_then_dated_are_each_kept(text, debits):
    from decimal import Decimal

    from bot.nlu.entities.amounts import debits_in, parse_amount
    assert debits_in(text) == [Decimal(d) for d in debits]
    assert parse_amount(text) == sum(debits)


def test_debits_listed_then_dated_reach_the_report(resident):
    out = resident.send("trading group, I sent 1500 then 3000 then 12000 yesterday")
    assert int(out.incident["amount"]) == 16500


# -- F11: more money asked to release or withdraw what was paid: "do not pay" said, in the resident's language -------
@pytest.mark.parametrize("message, words", [
    ("two months ago I put 1 lakh in a crypto app, now they want 25000 as withdrawal fee", "same scam asking again"),
    ("pichle mahine trading app mein 80000 lagaye the, ab paise nikalne ke liye 15000 tax maang rahe hain", "ठगी की अगली माँग"),
    ("গত মাসে একটা অ্যাপে ৫০০০০ টাকা দিয়েছিলাম, এখন টাকা তুলতে হলে আরও ১০০০০ দিতে হবে বলছে", "একই প্রতারণার"),
])
def test_a_fee_to_release_money_is_told_not_to_be_paid(resident, message, words):
    out = resident.send(message)
    assert any(words in text for text in out.texts)


# -- F3: a case reference in right-to-left text is kept whole, left to right (web chat and console) ----------------
def test_a_case_reference_is_an_isolate_in_rtl_text():
    import re

    from bot.conversation.tel_links import REFERENCE_PATTERN, tel_links
    html = str(tel_links("مہربانی سے DCC-261130-9XQ2 بتائیں یا 1930 پر کال کریں"))
    assert '<bdi dir="ltr" class="ref">DCC-261130-9XQ2</bdi>' in html and 'href="tel:1930"' in html
    assert re.search(REFERENCE_PATTERN, "AB-12-CD 1930") is None  # no reference, nothing isolated


def test_the_chat_page_serves_the_reference_pattern(make_app):
    body = make_app(DATABASE_URL=None).test_client().get("/").get_data(as_text=True)
    assert 'name="ref-pattern"' in body
