"""A number the resident called is no money (a maintainer's trial, session 18: "maine 112 pe call kiya tha ... paise
kat gaye" recorded ₹112 as the loss and skipped the amount question; the officer's card and the bank's freeze request
would have said ₹112). 112, 100, 181 ... are a helpline beside a call word, in every pack; written as money, or with no
call word, they stay amounts."""
from __future__ import annotations

import pytest

from conftest import Resident
from bot.nlu.entities import amounts


@pytest.mark.parametrize("text", [
    "I called 112 first, they told me to write here. money got debited from my account",
    "100 number par phone lagaya tha, unhone yahan bataya. khate se paise nikal gaye",
    "मैंने 181 पर कॉल किया था, उन्होंने यहाँ लिखने को कहा। खाते से पैसे कट गए",
    "১০০-তে ফোন করেছিলাম, ওরা এখানে লিখতে বলল। অ্যাকাউন্ট থেকে টাকা কেটে গেছে",
    "میں نے ۱۱۲ پر کال کی تھی، انہوں نے یہاں لکھنے کو کہا۔ اکاؤنٹ سے پیسے کٹ گئے",
])
def test_a_called_number_is_not_the_loss_and_the_amount_is_still_asked(sqlite_engine, text):
    resident = Resident(sqlite_engine, sender="+919800018001", phone="+919800018001")
    out = resident.send(text)
    assert out.incident is not None and out.incident.get("amount") is None, out.incident
    out = resident.send("10 min")  # the time of loss; the report then asks how much (not skipped as told)
    assert out.incident.get("amount") is None
    assert "25000" in out.texts[-1] and "1.5" in out.texts[-1], out.texts


@pytest.mark.parametrize("text, amount", [
    ("called 100 and then 5000 gone", 5000),
    ("181 pe call kiya, 3000 gaye", 3000),
    ("mere account se 112 kat gaye", 112),       # no call word: money
    ("Rs 112 cut from my account", 112),          # a currency: money
    ("usne call karke 100 maange", 100),          # the call word is his, before other words: money
    ("112 rupaye pe call kiya?", 112),
])
def test_a_dialled_number_is_money_only_when_said_as_money(text, amount):
    assert amounts.parse_amount(text) == amount
