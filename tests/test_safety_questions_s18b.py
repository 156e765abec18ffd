"""Safety questions the twenty-eighth blind set read as reports (s18-safety2), closed by concept in the packs and
tested in other words: a child's game purchase asked how to prevent ('kharidne se kaise roku'), romanised 'phansi'
said as 'stuck' (not hanging), a call that came and was picked up ('call aaya, utha liya': no one taken), money sent
to a wrong account asked in the subjunctive and ahead ('bhej diye jaayein to ... pehle se jaanna'), and how to protect
or warn other people (residents, members). Each gets advice, never a report's first question; real reports (a child
taken, a threat of hanging oneself) stay what they are."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from bot.nlu.topics import reply_for

NOON = datetime(2026, 12, 2, 6, 30, tzinfo=timezone.utc)  # noon in India


def _reply(resources, message):
    result = resources.classifier.classify(message, NOON)
    return result, reply_for(result, resources.knowledge)


def _advised(resources, message, topic=None):
    """``message`` gets a topic's answer or "Did you mean" (with ``topic`` if given), never a report flow."""
    result, reply = _reply(resources, message)
    assert reply.kind in ("answer", "offer"), (result.intent, result.question, result.topics)
    assert topic is None or topic in reply.topics, (reply, result.topics)
    return result


@pytest.mark.parametrize("message", [
    "meri beti 8 saal ki hai, mere mobile pe bgmi khelti hai. UC kharidne se kaise roku? mera card bhi isme save hai",
    "How do I stop my 9 year old son from buying gems in a game on my phone? My card is saved on it",
    "আমার ছেলে আমার ফোনে গেম খেলে। গেমে কিছু কেনা থেকে কীভাবে আটকাব?",
])
def test_a_childs_game_purchase_asked_ahead_is_the_in_game_answer(resources, message):
    _advised(resources, message, "child_in_game_purchases")


def test_phansi_said_as_stuck_is_no_self_harm(resources):
    result, _ = _reply(resources, "facebook wali friend kehti hai dubai me visa ke chakkar me phansi hai, 20000 chahiye. "
                                  "maine kuch nahi bheja. kya karu")
    assert "self_harm" not in (result.entities.get("danger") or ()) and result.intent != "unknown"
    assert not _reply(resources, "maine kuch nahi bheja, bas wo videsh me phansi hai bol rahi")[0].urgent


@pytest.mark.parametrize("message", [
    "raat ko anjaan number se video call aaya, utha liya to gandi video chal rahi thi, maine kaat diya. ab dhamki de "
    "rahe hai. paise bhejne chahiye kya?",
])
def test_a_call_picked_up_is_no_one_taken(resources, message):
    result, reply = _reply(resources, message)
    assert result.intent != "unknown" and reply.kind in ("answer", "offer"), (result.intent, result.topics)


def test_money_sent_to_a_wrong_account_asked_ahead_is_its_answer(resources):
    _advised(resources, "galat khata number daal ke paise bhej diye jaayen to kya bank wapas dilata hai? pehle se jaan "
                        "lena chahta hu", "upi_sent_by_mistake")


@pytest.mark.parametrize("message", [
    "Fake customs officer calls are going round our colony these days. How can I warn the residents?",
    "aajkal bijli vibhag ke naam se fake call aa rahe hain, police bata ke darate hain. logon ko isse kaise bachaye? "
    "main RWA president hu",
])
def test_protecting_other_people_is_advice(resources, message):
    assert not _advised(resources, message).urgent


@pytest.mark.parametrize("message", [
    "mere bete ko kisi ne utha liya, phone pe 2 lakh maang rahe hain",
    "ab aur nahi hota, aaj raat main phansi laga lungi",
])
def test_real_dangers_stay_dangers(resources, message):
    result, reply = _reply(resources, message)
    assert result.urgent and reply.kind != "answer", (result.intent, reply)


@pytest.mark.parametrize("message", [
    "Got a letter by courier saying I won a car in a lucky draw. They ask charges for registration. Kindly guide.",
    "whatsapp pe inaam jeetne ka message aaya, 5 lakh jeete bol rahe, registration fee maang rahe hain. salah dijiye",
])
def test_a_fee_asked_for_a_prize_with_advice_asked_is_the_lottery_answer(resources, message):
    assert not _advised(resources, message, "lottery_kbc_prize_scam").urgent


def test_a_prize_fee_paid_stays_an_urgent_report(resources):
    result, reply = _reply(resources, "I lost 50000 to a fake lottery, they asked processing charges and I paid. please advise")
    assert reply.kind == "report" and result.urgent
