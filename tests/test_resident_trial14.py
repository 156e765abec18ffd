"""What a stranger acting as residents found in session 13 (/work/lead/briefs/resfix.md), each as a resident or an
officer would notice it: a second debit added to the loss the bank is asked to hold, a bank account never called a
UPI id, "SAME" in the terminal chat as on WhatsApp."""
from __future__ import annotations

import argparse

import pytest

from bot.cli import chat
from bot.conversation import answers
from bot.nlu.entities.amounts import parse_amount
from conftest import Resident
from test_answers_trial import papers, resident_case
from test_golden_hour_trial import walk_to


# -- 1: a second debit is added to the case's amount -----------------------------------------------------------
@pytest.mark.parametrize("message, total", [
    ("₹12,000 went from my account an hour ago then 8,000 more", 20000),      # the trial's words
    ("mere account se ₹12,000 gaye 2 ghante pehle, phir 8,000 aur gaye", 20000),
    ("pehle 5000 kat gaye phir aur 3000", 8000),
    ("my account was debited 15000 and then another 2500 more", 17500),
    ("खाते से 10000 कट गए फिर 4000 और", 14000),
    ("মোট ১২০০০ টাকা কেটে গেছে, তারপর আরও ৮০০০", 20000),
    ("میرے اکاؤنٹ سے 12000 کٹ گئے پھر مزید 8000", 20000),
])
def test_a_later_debit_named_by_more_in_the_first_message_is_added(message, total):
    assert parse_amount(message) == total


@pytest.mark.parametrize("message, amount", [
    ("12000 went. I have 8000 more in savings", 12000),  # money still had, no "then"
    ("5000 gaye aur 200 bache hain", 5000),                 # "aur" as "and", what is left
    ("pehle 1 rupee bheja verify ke liye, phir 25,000 kat gaye", 25000),  # a test debit
])
def test_money_still_had_or_a_test_debit_is_not_added(message, amount):
    assert parse_amount(message) == amount


def test_both_debits_in_the_first_message_reach_the_case_and_the_freeze_request(engine):
    resident = Resident(engine, sender="+919811000141", phone="+919811000141")
    out = resident.send("Rs 12,000 went from my account 20 minutes ago, then 9,000 more")
    assert out.incident["amount"] == 21000
    freeze, _ = papers(engine, resident_case(engine))
    assert "21,000" in freeze


def test_a_debit_told_mid_report_is_in_the_freeze_request_total_and_the_case_view(engine):
    from bot.console import _fields_for_display
    from bot.store.models.residents import Incident

    resident = Resident(engine, sender="+919811000142", phone="+919811000142")
    resident.send("someone took 12000 from my account 30 minutes ago")
    resident.send("SBI")
    out = resident.send("abhi aur 8000 kat gaye")
    assert "8,000" in "\n".join(out.texts)
    freeze, _ = papers(engine, resident_case(engine))
    assert "₹20,000 in all, 2 debits" in freeze
    with engine.Session() as s:
        incident = s.query(Incident).one()
        shown = dict(_fields_for_display(incident))
    assert shown["Total lost"] == "₹20,000 in 2 debits"


# -- 7: a bank account is not a UPI id -------------------------------------------------------------------------
@pytest.mark.parametrize("text, upi, account", [
    ("account 50100234567890 IFSC HDFC0001234", False, True),
    ("khata no 123456789012, ifsc SBIN0001234", False, True),
    ("fraudster99@ybl", True, False),
    ("50100234567890 HDFC0001234 aur fraud@okaxis", True, True),
])
def test_a_bank_account_is_never_flagged_as_upi(text, upi, account):
    flags = answers.target_flags(answers.target_of(text))
    assert flags["target_has_upi"] is upi and flags["target_has_account"] is account


# -- 8: SAME in the terminal chat ------------------------------------------------------------------------------
def test_the_terminal_chat_writes_from_a_number_so_same_is_taken():
    args = argparse.Namespace(phone=None, user=chat.LOCAL_USER)
    assert chat.local_phone(args) == chat.LOCAL_PHONE
    assert chat.local_phone(argparse.Namespace(phone=None, user="+91 98123 45670")) == "+919812345670"
    assert chat.local_phone(argparse.Namespace(phone="none", user=chat.LOCAL_USER)) is None


@pytest.mark.parametrize("same", ["SAME", "this number", "यही नंबर", "এই নম্বর"])
def test_same_at_the_callback_question_on_the_local_channel_is_the_number(engine, same):
    resident = Resident(engine, sender=chat.LOCAL_USER, channel="local", phone=chat.LOCAL_PHONE)
    out = resident.send("someone took 20000 from my account 10 minutes ago")
    for _ in range(20):
        if out.node == "callback" or out.flow is None:
            break
        out = resident.send("SKIP")
    assert out.node == "callback"
    out = resident.send(same)
    assert out.incident.get("callback") == chat.LOCAL_PHONE


# -- 3: "is this really the police?" asked of this chat --------------------------------------------------------
IDENTITY = {"en": "To check it yourself", "hi": "ख़ुद जाँचना चाहें", "bn": "নিজে যাচাই করতে", "ur": "خود جانچنا چاہیں"}


@pytest.mark.parametrize("message", [
    "is this really the police?",                      # the trial's words
    "kya ye sach me police ka number hai?",            # the trial's words
    "Is this an official police number?",
    "ye number police ka hai kya",
    "क्या यह सच में पुलिस है",
    "क्या यह सच में पुलिस का नंबर है?",
    "এটা কি সত্যিই পুলিশের নম্বর?",
    "کیا یہ واقعی پولیس کا نمبر ہے؟",
])
def test_asked_of_this_chat_it_says_who_it_is_and_how_to_check(sqlite_resident, message):
    out = sqlite_resident.send(message)
    said = "\n".join(out.texts)
    assert any(line in said for line in IDENTITY.values()), said
    assert "District Cyber Cell" in said or "ज़िला साइबर सेल" in said or "জেলা" in said or "ضلع" in said
    assert "still on a call" not in said and out.flow != "impersonation"


@pytest.mark.parametrize("message", [
    "a man called me from 9876543210 saying he is from crime branch, is this really the police?",
    "kya ye sach me police ka number hai 9876543210",
])
def test_a_caller_or_a_number_asked_about_is_still_checked_as_a_caller(sqlite_resident, message):
    out = sqlite_resident.send(message)
    assert not any(line in "\n".join(out.texts) for line in IDENTITY.values())


# -- 9: "I already called 1930" at a report question -----------------------------------------------------------
@pytest.mark.parametrize("told", ["I already called 1930", "maine 1930 pe call kar diya hai", "1930 पर कॉल कर दिया"])
def test_1930_called_at_another_question_is_noted_and_not_asked_again(engine, told):
    resident = Resident(engine, sender="+919811000191", phone="+919811000191")
    resident.send("someone took 15000 from my account 30 minutes ago")
    resident.send("HDFC")
    out = resident.send(told)
    assert out.node == "last_digits" and out.incident.get("called_1930") is True
    assert out.incident.get("last_digits") != "1930" and "account_last_digits" not in out.incident
    seen = []
    for _ in range(20):
        out = resident.send("SKIP")
        seen.append(out.node)
        if out.flow is None:
            break
    assert "ack_1930" not in seen and out.flow is None


@pytest.mark.parametrize("told", ["I already called 1930", "haan 1930 par baat kar li", "1930-এ ফোন করেছি"])
def test_1930_called_at_its_number_question_is_taken_as_called_number_not_known(engine, told):
    resident = Resident(engine, sender="+919811000192", phone="+919811000192")
    resident.send("someone took 15000 from my account 30 minutes ago")
    walk_to(resident, "ack_1930", "SKIP", limit=20)
    out = resident.send(told)
    assert out.node == "portal_complaint" and out.incident.get("called_1930") is True
    freeze, _ = papers(engine, resident_case(engine))
    assert "1930 called; number not known" in freeze


def test_1930_not_called_yet_is_no_call(engine):
    resident = Resident(engine, sender="+919811000193", phone="+919811000193")
    resident.send("someone took 15000 from my account 30 minutes ago")
    walk_to(resident, "ack_1930", "SKIP", limit=20)
    out = resident.send("I have not called 1930 yet")
    assert not out.incident.get("called_1930")
