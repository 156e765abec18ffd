"""What the resident stranger found in session 11 (/work/lead/resident_report.md items 1, 2, 3, 5): each through the
real engine where a resident would notice it, and the word-level reading behind it in every language it is said in."""

from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal

import pytest
from sqlalchemy import select

from bot.nlu import triage
from bot.nlu.entities.amounts import parse_amount
from bot.nlu.entities.payments import find_accounts, find_ifsc, own_accounts
from bot.nlu.entities.reading import extract
from bot.nlu.entities.times import parse_time
from bot.registry.normalising import identifiers_in
from bot.store.models.registry import Identifier

NOW = datetime(2026, 12, 1, 6, 23, tzinfo=timezone.utc)  # 11:53 IST


# -- 1: a son or daughter who only says or tells something is no child in danger --------------------------------
def test_a_son_who_said_it_is_fraud_is_a_money_report_with_1930_first(resident):
    out = resident.send("yesterday a person called and said my electricity will be cut tonight so i paid 2500 on the link"
                        " he sent then again he asked for 5000 i paid that also then my son said it is fraud so what to do"
                        " now and also my account shows some more money missing i don't know how much")
    said = " ".join(out.texts)
    assert "1930" in out.texts[0] and "1098" not in said and "child" not in said.lower()
    assert out.incident["category"] == "financial_fraud"


@pytest.mark.parametrize("text", [
    "maine link par 2500 bhare phir bete ne bataya ki fraud hai ab kya karun",
    "मैंने लिंक पर 2500 भरे फिर बेटी ने बताया कि फ्रॉड है",
    "I paid 3000 and my daughter told me it was a scam",
    "আমি লিংকে ২৫০০ টাকা দিয়েছি, তারপর ছেলে বলল এটা প্রতারণা",
    "میں نے لنک پر 2500 روپے بھیج دیے، پھر بیٹے نے بتایا کہ یہ فراڈ ہے",
])
def test_a_child_who_tells_of_a_loss_is_not_a_child_at_risk(text):
    read = triage.read(text, NOW)
    assert "child" not in read.danger and not read.child and read.loss


@pytest.mark.parametrize("text", [
    "my son told me a stranger online is asking him to run away from home",
    "a man is asking my daughter for her photos and to keep it a secret",
])
def test_a_child_at_risk_is_still_a_child_at_risk(text):
    assert "child" in triage.read(text, NOW).danger or "child_abuse" in triage.read(text, NOW).danger


# -- 2: the writer's own account is the victim's account and bank, never a suspect's ------------------------------
@pytest.mark.parametrize("text", [
    "my account number is 123456789012 ifsc SBIN0001234 and someone took 9000 from it one hour ago",
    "mera khata 123456789012 hai IFSC SBIN0001234 usme se 9000 kat gaye",
    "मेरा खाता 123456789012 है IFSC SBIN0001234, उसमें से 9000 निकाल लिए",
])
def test_the_writers_own_account_is_no_target_and_names_the_bank(text):
    found = extract(text, NOW)
    assert found["accounts"] == [] and found["ifsc"] == [] and found["bank"] == "State Bank of India"
    assert own_accounts(text) == [("123456789012", "SBIN0001234")]
    assert not [i for i in identifiers_in(text) if "123456789012" in str(i)]


def test_an_account_the_money_went_to_is_still_a_target():
    text = "i sent 9000 to account 123456789012 ifsc SBIN0001234"
    assert find_accounts(text) == ["123456789012"] and find_ifsc(text) == ["SBIN0001234"]


def test_the_own_account_is_not_saved_where_the_money_went_and_the_bank_is_not_asked(resident, engine):
    out = resident.send("my account number is 123456789012 ifsc SBIN0001234 and someone took 9000 from it one hour ago")
    with engine.Session() as s:  # never in the registry of reported scam accounts
        assert not s.scalars(select(Identifier).where(Identifier.value.contains("123456789012"))).all()
    assert "target" not in out.incident and out.incident["bank"] == "State Bank of India"
    assert out.incident["account_last_digits"] == "9012" and "123456789012" not in str(
        [value for key, value in out.incident.items() if key != "initial_message"])
    said = " ".join(out.texts)
    assert "Which bank" not in said and "last 4 digits" not in said


# -- 3: several debits told one after another are summed ----------------------------------------------------------
@pytest.mark.parametrize(("text", "amount"), [
    ("i am getting messages of 10000 debited and again 10000 debited it is happening now", 20000),
    ("5000 kat gaye phir 3000 kat gaye", 8000),
    ("15000 कट गए फिर से 15000 कट गए", 30000),
    ("১০০০০ টাকা কেটে গেছে আবার ৫০০০ টাকা কেটে গেছে", 15000),
    ("10000 debited", 10000),
    ("paid 500 and they asked 5000 more", 500),  # asked for, not taken
])
def test_debits_told_one_after_another_are_summed(text, amount):
    assert parse_amount(text) == Decimal(amount)


@pytest.mark.parametrize(("text", "block"), [
    ("hello madam i got a call from bank that my kyc is pending and they sent link i clicked it and filled my card details"
     " and now i am getting messages of 10000 debited and again 10000 debited it is happening now please stop it",
     "block the card"),
    ("link par card ki details bhari aur abhi 10000 kat gaye phir se 10000 kat gaye, abhi bhi ho raha hai",
     "कार्ड ब्लॉक करवाएँ"),
])
def test_card_details_typed_while_debits_come_hear_1930_then_block_the_card_and_the_sum(resident, text, block):
    out = resident.send(text)
    assert "1930" in out.texts[0] and block in out.texts[0]
    assert out.texts[0].index("1930") < out.texts[0].index(block)
    assert out.incident["amount"] == 20000 and out.incident["details_shared"] is True


# -- 5: an am or pm said is kept ------------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "label"), [
    ("my money was taken by fraud 12000 rupees at 3 pm today", "today 15:00"),
    ("at 3pm today", "today 15:00"),
    ("at 3 p.m. today", "today 15:00"),
    ("aaj dopahar 3 baje", "today 15:00"),
    ("aaj shaam 6 baje", "today 18:00"),
    ("at 9 am today", "today 09:00"),
    ("at 2 pm yesterday", "yesterday 14:00"),
])
def test_am_and_pm_are_kept(text, label):
    assert parse_time(text, NOW).label == label


# -- 9: a thanks mid-report answers no question: asked again kindly, in the resident's language --------------------
@pytest.mark.parametrize(("first", "thanks", "kind"), [
    ("someone took 45000 from my sbi account just now through upi", "thanks", "You are welcome"),
    ("मेरे खाते से अभी 15 मिनट पहले 30000 रुपये कट गए, किसी ने OTP पूछा था", "धन्यवाद", "आपका स्वागत है"),
    ("আমার অ্যাকাউন্ট থেকে এইমাত্র ২০০০০ টাকা কেটে নিয়েছে", "ধন্যবাদ", "আপনাকেও ধন্যবাদ"),
    ("میرے اکاؤنٹ سے ابھی دس منٹ پہلے 25000 روپے نکل گئے", "شکریہ", "آپ کا بھی شکریہ"),
])
def test_a_thanks_mid_report_is_no_answer_and_the_question_is_asked_again(resident, first, thanks, kind):
    asked = resident.send(first).texts[-1]
    out = resident.send(thanks)
    assert kind in out.texts[0] and out.texts[-1] == asked
    assert "thanks" not in str(out.incident.get("target")) and thanks not in str(out.incident.values())
