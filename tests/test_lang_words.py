"""Issue 13's understanding words for Bengali and Urdu (and the Hindi they share): amounts said with "and a half"
(সাড়ে / ساڑھے / साढ़े), 1.5 and 2.5 words and hundreds in words, read wherever an amount is read; the words
around amounts and numbers; times; and the script of a message picking its pack from pack.yaml."""
from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from bot.nlu.entities.amounts import parse_amount
from bot.store.models.cases import Case
from bot.store.models.residents import Incident
from conftest import Resident

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=timezone.utc)

SAID = [  # how a resident says an amount, and the rupees meant
    ("সাড়ে তিন হাজার", 3500),
    ("ساڑھے چار لاکھ", 450000),
    ("साढ़े तीन हजार", 3500),
    ("saade teen hazar", 3500),
    ("sadhe 3 lakh", 350000),
    ("সাড়ে ৩ হাজার", 3500),
    ("দেড় হাজার", 1500),
    ("ڈیڑھ لاکھ", 150000),
    ("डेढ़ लाख", 150000),
    ("আড়াই হাজার", 2500),
    ("ڈھائی ہزار", 2500),
    ("ढाई हजार", 2500),
    ("পাঁচশো", 500),
    ("পাঁচশ টাকা", 500),
    ("দেড়শো", 150),
    ("সাড়ে তিনশো", 350),
    ("দুই হাজার পাঁচশো", 2500),
    ("پانچ سو", 500),
    ("ساڑھے تین سو", 350),
    ("पाँच सौ", 500),
    ("paanch sau", 500),
    ("panchsho", 500),
]


@pytest.mark.parametrize("text, amount", SAID)
def test_half_and_hundreds_in_words_are_amounts(text, amount):
    assert parse_amount(text) == amount


@pytest.mark.parametrize("text, amount", [
    ("mere saare 2 lakh chale gaye", 200000),  # "saare" is "all", not "and a half"
    ("৫ শতাংশ সুদে ২০০০০ টাকা কেটে গেছে", 20000),  # শ of শতাংশ (per cent) is no hundred
])
def test_words_that_look_like_half_or_hundred_are_not(text, amount):
    assert parse_amount(text) == amount


def _incident(engine) -> Incident:
    with engine.Session() as s:
        case = s.scalars(select(Case)).one()
        return s.get(Incident, case.incident_id)


LOSS_JUST_NOW = {  # a loss just now with no amount: the report asks how much next
    "bn": "আমার অ্যাকাউন্ট থেকে এইমাত্র টাকা কেটে গেছে",
    "ur": "میرے اکاؤنٹ سے ابھی ابھی پیسے کٹ گئے",
    "hi": "मेरे खाते से अभी पैसे कट गए",
}


@pytest.mark.parametrize("language, answer, amount", [
    ("bn", "সাড়ে তিন হাজার", 3500),
    ("bn", "পাঁচশো টাকা", 500),
    ("ur", "ساڑھے چار لاکھ", 450000),
    ("ur", "پانچ سو روپے", 500),
    ("hi", "साढ़े तीन हजार", 3500),
    ("hi", "paanch sau", 500),
])
def test_the_amount_question_is_answered_in_words(engine, language, answer, amount):
    resident = Resident(engine)
    first = resident.send(LOSS_JUST_NOW[language])
    assert first.language == language and first.flow == "financial_fraud"
    out = resident.send(answer)
    assert out.flow == "financial_fraud"
    assert _incident(engine).amount == amount


@pytest.mark.parametrize("text, amount", [
    ("আমার অ্যাকাউন্ট থেকে এইমাত্র সাড়ে তিন হাজার টাকা কেটে গেছে", 3500),
    ("আমার অ্যাকাউন্ট থেকে এইমাত্র পাঁচশো টাকা কেটে গেছে", 500),
    ("میرے اکاؤنٹ سے ابھی ابھی ساڑھے چار لاکھ روپے کٹ گئے", 450000),
    ("میرے اکاؤنٹ سے ابھی ابھی پانچ سو روپے کٹ گئے", 500),
    ("मेरे खाते से अभी साढ़े तीन हजार रुपये कट गए", 3500),
    ("mere account se abhi saade teen hazar kat gaye", 3500),
])
def test_a_first_message_with_the_amount_in_words_keeps_it(engine, text, amount):
    out = Resident(engine).send(text)
    assert out.flow == "financial_fraud"
    assert _incident(engine).amount == amount
