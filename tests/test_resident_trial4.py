"""What residents found (session 10, issue 11's closing note): a fake-police call told in Bengali in the present tense
left waiting, "police" in Bengali script asked again; an amount after "account" lost; a sextortion demand told at the
danger question not kept; "my card got hacked" asked which social account; a child stalked with no Childline; the
helpline's number answered "Did you mean"; a parent fetching the children from school flagged as a kidnapping. Every
test goes through the real engine, as a resident or an officer would notice it: the replies, the case and its fields."""
from __future__ import annotations

import pytest


# -- 1. a 'digital arrest' in Bengali ----------------------------------------------------------------------------------
@pytest.mark.parametrize("message", [
    "আমাকে ডিজিটাল অ্যারেস্ট করছে",
    "amake digital arrest korche",
    "mujhe digital arrest kar rahe hain",
    "they are digitally arresting me",
])
def test_a_digital_arrest_being_done_now_gets_the_fake_police_advice_and_an_urgent_case(sqlite_resident, message):
    out = sqlite_resident.send(message)
    first = out.texts[0]
    assert "1930" in first and "112" in first
    assert any(cut in first for cut in ("Cut the call", "কলটি কেটে দিন", "कॉल काट दें"))
    assert out.flow == "impersonation" and out.case["priority"] == "urgent"


def test_police_in_bengali_script_is_who_they_said_they_were(sqlite_resident):
    sqlite_resident.send("পুলিশ আমাকে গ্রেফতার করবে")
    out = sqlite_resident.send("1")  # still on the call
    assert "112" in out.texts[0] and out.case["priority"] == "urgent"
    assert out.incident["claimed_to_be"] == "police" and out.node != "who"


@pytest.mark.parametrize("first, answer", [("পুলিশ আমাকে গ্রেফতার করবে", "হ্যাঁ, এখনও ভিডিও কলে আছে"),
                                           ("police will arrest me", "yes, still on video call")])
def test_a_yes_told_in_words_at_the_live_question_gets_the_fake_police_advice_and_goes_on(sqlite_resident, first, answer):
    sqlite_resident.send(first)
    out = sqlite_resident.send(answer)
    assert any(words in out.texts[0] for words in ("digital arrest", "ডিজিটাল অ্যারেস্ট"))  # not only "switch off data"
    assert out.case["priority"] == "urgent" and out.node == "paid"  # not asked again; a call still on is now (no "when?")


# -- 2. an amount after "account" --------------------------------------------------------------------------------------
def test_an_amount_after_account_is_the_money_lost(sqlite_resident):
    out = sqlite_resident.send("money gone from my account 25000")
    assert out.incident["amount"] == 25000 and out.case["priority"] == "urgent"


@pytest.mark.parametrize("message", ["money gone from my account no 4521", "money gone from a/c 123456789",
                                     "money gone from my account ending 1234, utr 1234"])
def test_an_account_number_is_still_no_amount(sqlite_resident, message):
    out = sqlite_resident.send(message)
    assert out.flow == "financial_fraud" and "amount" not in out.incident


# -- 3. a sextortion demand told at the danger question ----------------------------------------------------------------
@pytest.mark.parametrize("answer", ["paise maang raha hai 20000", "he is demanding 20000"])
def test_a_demand_told_at_the_danger_question_is_kept_and_the_question_asked_again(sqlite_resident, answer):
    sqlite_resident.send("someone is blackmailing me with my photos")
    out = sqlite_resident.send(answer)
    assert out.incident["amount_demanded"] == 20000 and "amount" not in out.incident
    assert out.node == "danger" and not any("could not read" in text for text in out.texts)
    out = sqlite_resident.send("2")
    assert out.node == "platform" and out.incident["amount_demanded"] == 20000


# -- 4. a card 'hacked' ------------------------------------------------------------------------------------------------
def test_a_hacked_card_asks_whether_money_left_and_yes_is_the_card_money_report(sqlite_resident):
    out = sqlite_resident.send("my card got hacked")
    assert "has money already left" in out.texts[-1] and "WhatsApp" not in out.texts[-1]
    out = sqlite_resident.send("1")
    assert out.flow == "financial_fraud" and out.incident["method"] == "card"


@pytest.mark.parametrize("message", ["my sim card got hacked", "my whatsapp got hacked"])
def test_a_sim_or_an_app_is_still_a_hacked_account(sqlite_resident, message):
    assert sqlite_resident.send(message).flow == "account_hacked"


# -- 5. a child stalked or harassed ------------------------------------------------------------------------------------
@pytest.mark.parametrize("message", ["someone is stalking my child", "mere bachche ko koi pareshan kar raha hai"])
def test_a_child_harassed_hears_childline_and_112_before_any_question(sqlite_resident, message):
    out = sqlite_resident.send(message)
    first = [text for text in out.texts if "1098" in text]
    assert first and "112" in first[0]
    assert out.texts.index(first[0]) < next(i for i, text in enumerate(out.texts) if "?" in text)


def test_a_grown_up_stalked_hears_no_childline(sqlite_resident):
    assert not any("1098" in text for text in sqlite_resident.send("someone is stalking me").texts)


# -- 6. the helpline's number ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("message", ["what is the cybercrime helpline number", "cyber crime helpline ka number kya hai",
                                     "সাইবার ক্রাইম হেল্পলাইন নম্বর কত"])
def test_the_helpline_number_is_answered_directly(sqlite_resident, message):
    out = sqlite_resident.send(message)
    reply = "\n".join(out.texts)
    assert "1930" in reply and "cybercrime.gov.in" in reply and "112" in reply
    assert out.node is None and not any(text.count("\n1.") for text in out.texts)  # no "Did you mean"


def test_a_complaint_number_asked_is_still_the_status(sqlite_resident):
    assert sqlite_resident.send("what is my complaint number").intent == "report_status"


# -- 7. a parent fetching the children ---------------------------------------------------------------------------------
def test_a_parent_picking_up_the_children_from_school_is_no_kidnapping(sqlite_resident):
    out = sqlite_resident.send("bachon ko school se utha lunga")
    assert out.case is None and out.incident is None and out.flow != "danger"


@pytest.mark.parametrize("message", ["tere bachhe ko utha lenge", "tere bachhe ko school se utha lunga"])
def test_a_threat_to_take_someones_child_stays_urgent(sqlite_resident, message):
    out = sqlite_resident.send(message)
    assert "112" in out.texts[0] and out.case["priority"] == "urgent"
