"""Session 20, a residents' trial (s20-res): each finding tested by concept in other words than the trial's, in every
language where it applies, whole conversations through the real engine."""
from __future__ import annotations

import pytest

from conftest import Resident


# -- 1: two debits told one after the other in one message ("first A then B more", "A kata, uske baad B aur"): the
# report keeps the total lost, and each debit for the bank ------------------------------------------------------------
@pytest.mark.parametrize("message, total, parts", [
    ("someone took 3,000 from my account first and after that 4,500 more got debited", 7500, [3000, 4500]),
    ("my account: 6000 was debited, then another 1500", 7500, [6000, 1500]),
    ("khate se pehle 3000 kate, uske baad 4500 aur kat gaye", 7500, [3000, 4500]),
    ("खाते से पहले 6000 कटे, उसके बाद 1500 और", 7500, [6000, 1500]),
    ("অ্যাকাউন্ট থেকে প্রথমে ৩০০০ কাটল, এরপর আরও ৪৫০০ কাটল", 7500, [3000, 4500]),
    ("account theke prothome 6000 katlo tarpor aro 1500", 7500, [6000, 1500]),
    ("اکاؤنٹ سے پہلے 3000 کٹے، اس کے بعد 4500 اور کٹ گئے", 7500, [3000, 4500]),
])
def test_two_debits_in_one_message_keep_the_total_and_each_part(sqlite_engine, message, total, parts):
    out = Resident(sqlite_engine).send(message)
    assert out.incident["amount"] == total
    assert out.incident.get("amount_debits") == parts


def test_more_money_asked_for_after_a_debit_is_not_a_second_debit(sqlite_engine):
    out = Resident(sqlite_engine).send("account se 7000 kat gaye, fir usne 3000 aur maange")
    assert out.incident["amount"] == 7000 and not out.incident.get("amount_debits")


# -- 2: a stranger only SAYS he sent money by mistake and the resident asks whether to return it: a question with no
# loss, no urgent case, no money report (Devanagari and Urdu script still go wrong: see the session report) ----------------------------------------------------------------------------
@pytest.mark.parametrize("message", [
    "ek aadmi keh raha hai galti se 2000 bhej diye, wapas kar du kya?",
    "a stranger claims he sent me 1500 by mistake, should i send it back?",
    "একজন বলছে ভুল করে টাকা পাঠিয়েছে, ফেরত দেব?",
])
def test_a_claimed_payment_by_mistake_is_no_urgent_case(sqlite_engine, message):
    out = Resident(sqlite_engine).send(message)
    assert out.flow != "financial_fraud"
    assert not (out.case and out.case.get("priority") == "urgent")
