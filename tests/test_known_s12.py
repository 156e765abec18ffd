"""Defects found in session 11 and left (session 12, s12-known), each where a resident would notice it, through the
real engine, and the word-level reading behind it in every language it is said in."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from bot.nlu import triage
from bot.nlu.entities.reading import extract

NOW = datetime(2026, 12, 1, 6, 23, tzinfo=timezone.utc)  # 11:53 IST
COMFORTED = ("stalking_online_harassment", "morphed_photos_image_abuse", "sextortion_dos_donts", "fake_profile_of_me",
             "doxxing_personal_details")


def _said(out) -> str:
    return "\n".join(out.texts)


def _script(text: str) -> str:
    if any("\u0980" <= ch <= "\u09ff" for ch in text):
        return "bn"
    if any("\u0600" <= ch <= "\u06ff" for ch in text):
        return "ur"
    if any("\u0900" <= ch <= "\u097f" for ch in text):
        return "hi"
    return "en"


# -- 1: comfort is for a resident something happened to, not for one who asks how to stay safe -----------------------
@pytest.mark.parametrize("message, topic", [
    ("how to stay safe from online stalking", "stalking_online_harassment"),
    ("how can i protect my photos from being morphed", "morphed_photos_image_abuse"),
    ("ऑनलाइन पीछा करने वालों से कैसे बचें", "stalking_online_harassment"),
    ("অনলাইনে কেউ যাতে আমার ছবি এডিট করে ছড়াতে না পারে তার জন্য কী করব", "morphed_photos_image_abuse"),
    ("آن لائن پیچھا کرنے والوں سے کیسے بچیں", "stalking_online_harassment"),
])
def test_a_safety_question_gets_the_answer_without_comfort_meant_for_a_victim(sqlite_resident, resources, message, topic):
    out = sqlite_resident.send(message)
    language = _script(message)
    knowledge = resources.knowledge
    if knowledge.title(topic, language) in _said(out) and knowledge.answer(topic, language) not in _said(out):
        out = sqlite_resident.send("1")  # "Did you mean": the resident picks the topic
    said = _said(out)
    assert knowledge.answer(topic, language).splitlines()[0] in said, said
    assert knowledge.topics[topic].comfort[language] not in said
    assert "not your fault" not in said.lower()


@pytest.mark.parametrize("message", [
    "someone morphed my photos and posted them on instagram, what should i do?",
    "my ex is stalking me on instagram from new accounts, how do i stop it?",
])
def test_a_resident_it_happened_to_is_comforted_first(sqlite_resident, resources, message):
    said = _said(sqlite_resident.send(message))
    assert "not your fault" in said.lower() or "You are not alone" in said, said


def test_every_comforted_topic_keeps_its_comfort_in_every_pack_and_gives_it_only_when_asked(resources):
    knowledge = resources.knowledge
    for topic in COMFORTED:
        for language in ("en", "hi", "bn", "ur"):
            comfort = knowledge.topics[topic].comfort[language]
            assert comfort and comfort not in knowledge.answer(topic, language)
            assert knowledge.answer(topic, language, comfort=True).startswith(comfort)


# -- 2: a bank MAY be able to hold money still in the receiving account; no promise ---------------------------------
@pytest.mark.parametrize("message, may", [
    ("someone took 20000 from my account just now", "may be able to hold"),
    ("abhi mere account se 20000 kat gaye", "हो सकता"),
    ("এইমাত্র আমার অ্যাকাউন্ট থেকে ২০০০০ টাকা কেটে নিয়েছে", "হয়তো"),
    ("ابھی میرے اکاؤنٹ سے 20000 روپے نکل گئے", "شاید"),
])
def test_the_golden_hour_action_says_the_bank_may_hold_money_still_in_the_receiving_account(sqlite_resident, message, may):
    first = sqlite_resident.send(message).texts[0]
    assert "1930" in first and may in first, first
    for promise in ("can still stop it", "बैंक अभी पैसे रोक सकते हैं", "ব্যাংক এখনও টাকা আটকাতে পারে",
                    "بینک ابھی بھی انہیں روک سکتے ہیں"):
        assert promise not in first


def test_no_pack_promises_that_banks_can_hold_the_money(resources):
    for language in ("en", "hi", "bn", "ur"):
        for key in ("action_money_urgent", "action_money_day", "action_money_unknown", "priority_fell_high"):
            text = resources.texts.get(key, language, cyber_fraud="1930", portal="cybercrime.gov.in")
            assert "can still stop" not in text and "can often" not in text and "अक्सर" not in text \
                and "অনেক সময়" not in text and "প্রায়ই" not in text and "اکثر" not in text, (language, key)


# -- 3: another debit told casually mid-report joins the total -------------------------------------------------------
@pytest.mark.parametrize("first, then, again, told", [
    ("i paid 2500 on a link", "yesterday evening", "5000 i paid that also", 5000),
    ("maine link par 2500 bhare", "kal shaam", "aur 2000 bhi gaye", 2000),
    ("maine link par 2500 bhare", "kal shaam", "2000 bhi diye", 2000),
    ("আমি লিংকে ২৫০০ টাকা দিয়েছি", "গতকাল সন্ধ্যায়", "২০০০ টাকাও দিয়েছি", 2000),
    ("میں نے لنک پر 2500 روپے بھیجے", "کل شام", "2000 روپے اور دیے", 2000),
])
def test_a_debit_added_casually_mid_report_is_added_to_the_report(sqlite_resident, first, then, again, told):
    sqlite_resident.send(first)
    sqlite_resident.send(then)
    out = sqlite_resident.send(again)
    assert out.incident["amount"] == 2500
    assert out.incident["second_loss_amount"] == told, out.incident
    assert [loss["amount"] for loss in out.incident["later_losses"]] == [told]


def test_a_debit_added_before_the_time_is_asked_is_kept_and_the_time_asked_again(sqlite_resident):
    sqlite_resident.send("i paid 2500 on a link")  # asked when the money left
    out = sqlite_resident.send("5000 i paid that also")
    assert out.incident["amount"] == 2500 and out.incident["second_loss_amount"] == 5000
    assert out.node == "when"  # the first payment's time is still asked for


# -- 4: money given, in the plain verb of giving, is a loss ----------------------------------------------------------
@pytest.mark.parametrize("text", [
    "میں نے اسے 5000 روپے دیے",
    "میں نے روپے دیے",
    "2000 روپے اور دیے",
    "মাছ বিক্রেতাকে ৫০০০ টাকা দিয়েছি",
    "২০০০ টাকাও দিয়েছি",
    "maine use 5000 rupaye diye",
    "मैंने उसे 5000 रुपये दिए",
])
def test_money_given_is_a_loss(text):
    assert triage.read(text, NOW).loss


@pytest.mark.parametrize("text", [
    "usne mujhe 5000 diye", "اس نے مجھے پیسے دیے", "maine paise nahi diye", "5000 diye nahi",
    "पहले 200 रुपये दिए और अब बोल रहे हैं prepaid task के लिए 5000 डालो",  # what a task scam paid the writer
])
def test_money_given_to_the_writer_or_not_given_is_no_loss(text):
    assert not triage.read(text, NOW).loss


def test_urdu_money_given_to_a_fraudster_starts_the_money_report_with_1930_first(sqlite_resident):
    out = sqlite_resident.send("ایک آدمی نے کہا انعام ملے گا، میں نے اسے ابھی 5000 روپے دیے")
    assert "1930" in out.texts[0] and out.incident["category"] == "financial_fraud"


# -- 5: an IFSC after the number names the payee's account, wherever it is in the sentence --------------------------
@pytest.mark.parametrize("text", [
    "sent to a/c 1234567890 ifsc SBIN0001234 yesterday",
    "sent to 1234567890 ifsc SBIN0001234 yesterday",
    "ac no 1234567890 ifsc code sbin0001234, 5000 gone",
    "5000 bheje 1234567890 SBIN0001234 me",
    "खाता संख्या 1234567890 में 5000 भेजे, आईएफएससी SBIN0001234",
    "১২৩৪৫৬৭৮৯০ আইএফএসসি SBIN0001234 এ ৫০০০ টাকা পাঠিয়েছি",
    "1234567890 آئی ایف ایس سی SBIN0001234 میں 5000 بھیجے",
])
def test_an_ifsc_later_in_the_sentence_makes_the_number_the_payees_account(text):
    found = extract(text, NOW)
    assert found["accounts"] == ["1234567890"] and found["ifsc"] == ["SBIN0001234"]
    assert "+911234567890" not in found["phones"]


def test_the_payees_account_and_ifsc_reach_the_report(sqlite_resident):
    out = sqlite_resident.send("i lost 20000 today at 10 am, sent to 1234567890 ifsc SBIN0001234")
    assert out.incident["target"]["accounts"] == ["1234567890"] and out.incident["target"]["ifsc"] == ["SBIN0001234"]
    assert "bank" not in out.incident  # the IFSC names the payee's bank, not the resident's


# -- 6: a child who spent money in an online game: the refund and purchase controls, not a fraud report -------------
@pytest.mark.parametrize("message", [
    "mera beta game me 8000 ka UC khareed liya mere card se",
    "my son bought diamonds in free fire for 3000 with my card",
    "मेरे बेटे ने गेम में मेरे कार्ड से 2000 खर्च कर दिए",
    "আমার ছেলে আমার কার্ড দিয়ে গেমে ৫০০০ টাকার ডায়মন্ড কিনেছে",
    "میرے بیٹے نے گیم میں میرے کارڈ سے 5000 روپے خرچ کر دیے",
])
def test_a_child_spending_in_a_game_gets_the_refund_answer_not_the_fraud_text(sqlite_resident, resources, message):
    out = sqlite_resident.send(message)
    said = _said(out)
    first_line = resources.knowledge.answer("child_in_game_purchases", out.language).splitlines()[0]
    assert out.language == ("hi" if message.startswith("mera") else _script(message))
    assert first_line in said, said
    assert not out.case and not out.incident  # no report, nothing urgent
    assert "1930" not in said.split(first_line)[0]  # no fraud action before the answer


@pytest.mark.parametrize("message", [
    "a stranger in free fire asked my son to pay 3000 from my card and threatened him",
    "game me kisi ne mere bete ko dhamki di aur mere card se 5000 mangwa liye",
])
def test_a_stranger_in_the_game_who_asked_or_threatened_is_a_report(sqlite_resident, message):
    out = sqlite_resident.send(message)
    assert out.incident is not None, _said(out)


def test_every_pack_answers_the_child_game_topic_with_refund_controls_and_when_to_report(resources):
    for language in ("en", "hi", "bn", "ur"):
        answer = resources.knowledge.answer("child_in_game_purchases", language)
        assert "Google Play" in answer and "Family Link" in answer and "Screen Time" in answer
        assert "cybercrime.gov.in" in answer and "1930" in answer
