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
    ("bn", "দেড় লাখ", 150000),
    ("ur", "ڈھائی ہزار", 2500),
    ("hi", "ढाई हजार", 2500),
    ("bn", "panchsho taka", 500),
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
    ("আমার অ্যাকাউন্ট থেকে এইমাত্র আড়াই হাজার টাকা কেটে গেছে", 2500),
    ("میرے اکاؤنٹ سے ابھی ابھی ڈیڑھ لاکھ روپے کٹ گئے", 150000),
    ("मेरे खाते से अभी पाँच सौ रुपये कट गए", 500),
])
def test_a_first_message_with_the_amount_in_words_keeps_it(engine, text, amount):
    out = Resident(engine).send(text)
    assert out.flow == "financial_fraud"
    assert _incident(engine).amount == amount


# -- the words around amounts and numbers, and the rules' words, in Bengali and Urdu ---------------------------------

@pytest.mark.parametrize("text", [
    "৫ শতাংশ সুদে লোন দেবে বলছে",  # per cent
    "৩ বছর ধরে এই নম্বর ব্যবহার করছি",  # years
    "৫ বার ফোন করেছে",  # times
    "জানুয়ারি ২০২৪ থেকে",  # a year
    "5 فیصد سود پر قرض",
    "بینک سے 3 بار فون آیا",
    "جنوری 2024 سے",
    "4 لوگوں نے فون کیا",
])
def test_counts_years_and_per_cent_in_bengali_and_urdu_are_no_amount(text):
    assert parse_amount(text) is None


@pytest.mark.parametrize("text", ["আমার অ্যাকাউন্ট নম্বর 9876543210", "میرا اکاؤنٹ نمبر 9876543210 ہے"])
def test_an_account_number_labelled_in_bengali_or_urdu_is_not_a_phone(text):
    from bot.nlu.entities.phones import find_phones

    assert find_phones(text) == []


def test_an_urdu_loss_after_a_fake_bank_call_is_a_report_not_a_question(resources):
    reading = resources.classifier.classify("بینک منیجر بن کر فون کیا پھر پیسے کٹ گئے", NOW)
    assert reading.intent == "financial_fraud" and not reading.question and reading.urgent


def test_every_listed_word_is_written_as_messages_are_read():
    """A word stored in another Unicode form than NFKC (a precomposed Bengali ড়) would never match a message."""
    import unicodedata
    from pathlib import Path

    import yaml

    for path in sorted(Path(__file__).resolve().parent.parent.glob("lang/*/words/*.yaml")):
        for name, phrases in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).items():
            odd = [p for p in phrases or () if unicodedata.normalize("NFKC", p) != p]
            assert not odd, f"{path}: {name}: {odd}"


# -- a message's script picks the pack that declares it (pack.yaml scripts) ----------------------------------------

@pytest.mark.parametrize("text, language", [
    ("আমার অ্যাকাউন্ট থেকে টাকা কেটে গেছে", "bn"),
    ("میرے اکاؤنٹ سے پیسے کٹ گئے", "ur"),
    ("मेरे खाते से पैसे कट गए", "hi"),
])
def test_the_classifier_names_the_language_of_a_messages_script(resources, text, language):
    assert resources.classifier.classify(text, NOW).language == language


def test_a_marathi_pack_claims_devanagari_without_code(tmp_path):
    """A throwaway Marathi pack (a copy of Hindi's) offered in config.yaml gets the Devanagari messages; offered after
    Hindi it does not."""
    import yaml
    from test_language_packs import COPY, ROOT, add_marathi_copy, engine_for, project_copy

    root = project_copy(tmp_path)
    add_marathi_copy(root, ["marathi", "मराठी"])  # its own names: two offered packs may not claim one name
    config = yaml.safe_load((ROOT / "config.yaml").read_text(encoding="utf-8"))
    config["languages"] = ["en", COPY, "hi"]

    def with_mr(value):  # the unit's own texts in config.yaml get a Marathi line (Hindi's, for the test)
        if isinstance(value, dict):
            value = {key: with_mr(item) for key, item in value.items()}
            if "en" in value and "hi" in value and isinstance(value["hi"], str):
                value[COPY] = value["hi"]
            return value
        return [with_mr(item) for item in value] if isinstance(value, list) else value

    (root / "config.yaml").write_text(yaml.safe_dump(with_mr(config), allow_unicode=True), encoding="utf-8")
    engine = engine_for(root, tmp_path)
    try:
        reading = engine.res.classifier.classify("माझ्या खात्यातून पैसे गेले", NOW)
        assert reading.language == COPY
        out = Resident(engine, channel="local", sender="marathi", phone=None).send("मेरे खाते से पैसे कट गए")
        assert out.language == COPY
    finally:
        engine.Session.kw["bind"].dispose()


# -- times in Bengali and Urdu; "kal" is yesterday or tomorrow -----------------------------------------------------

@pytest.mark.parametrize("text, label", [
    ("এইমাত্র", "just now"),
    ("এখনই", "just now"),
    ("আধ ঘণ্টা আগে", "30 minutes ago"),
    ("গতকাল", "yesterday"),
    ("কাল", "yesterday"),
    ("কাল টাকা কেটে গেছে", "yesterday"),
    ("পরশু", "2026-11-28"),
    ("ابھی ابھی", "just now"),
    ("آدھا گھنٹہ پہلے", "30 minutes ago"),
    ("آدھ گھنٹہ پہلے", "30 minutes ago"),
    ("کل", "yesterday"),
    ("پرسوں", "2026-11-28"),
    ("دو گھنٹے پہلے", "2 hours ago"),
    ("kal 5000 kat gaye ab kya hoga", "yesterday"),  # the "hoga" is of now
    ("کل 5000 روپے کٹ گئے اب کیا ہو گا", "yesterday"),
])
def test_bengali_and_urdu_times(text, label):
    from bot.nlu.entities.times import parse_time

    assert parse_time(text, NOW).label == label


@pytest.mark.parametrize("text", [
    "ابھی 20000 روپے کٹ گئے، بینک کل کھلے گا",
    "abhi 20000 kat gaye, bank kal subah khulega",
    "अभी 20000 कट गए, बैंक कल खुलेगा",
    "এইমাত্র ২০০০০ টাকা কেটে গেছে, ব্যাংক কাল খুলবে",
    "کل رقم 50000 روپے ابھی کٹ گئی",  # کل رقم: the total amount, no day
])
def test_a_loss_just_now_with_tomorrow_or_a_total_in_it_stays_in_the_golden_hour(resources, text):
    reading = resources.classifier.classify(text, NOW)
    assert reading.intent == "financial_fraud" and reading.urgent
