"""Safety questions the twenty-seventh blind set (and session 17's leftovers) read as reports (issue 11), closed by
concept in every pack and tested with other wordings: an install only asked for by a caller the writer cut off, a
prize never entered ("never bought a lottery"), a thing received told with nothing given at its close, a question
opening the message before what came ("what is a collect request? ..."), the task scam's first payout ("pehle ... bhej
bhi diye"), a threat with no money asked for yet (the advice, the report offered), a caller's "fraud department", a
"safe account" transfer only asked for and the promise of money back later, and whether such a rule exists at all.
Each gets its topic's answer (or "Did you mean" with it), never a report's first question; real reports stay reports."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from bot.nlu.topics import reply_for

NOON = datetime(2026, 11, 30, 6, 30, tzinfo=timezone.utc)  # noon in India


def _reply(resources, message):
    result = resources.classifier.classify(message, NOON)
    return result, reply_for(result, resources.knowledge)


def _advised(resources, message):
    """``message`` gets a topic's answer or "Did you mean", never a report flow: (its reading, the reply)."""
    result, reply = _reply(resources, message)
    assert reply.kind in ("answer", "offer"), (result.intent, result.question, result.topics)
    return result, reply


def _answered(resources, message, topic):
    """``message`` gets ``topic``'s answer or "Did you mean" with it, never a report flow."""
    result, reply = _advised(resources, message)
    assert topic in reply.topics, (reply, result.topics)
    return result


@pytest.mark.parametrize("message", [
    "A man claiming to be from SBI support wanted me to download AnyDesk so he could fix my KYC. I cut the call. "
    "Was he a fraud?",
    "ICICI ke naam se call aaya, anydesk install karne ko bola, maine phone kaat diya. kya wo fraud tha?",
])
def test_an_install_only_asked_for_by_a_caller_cut_off_is_no_app_on_the_phone(resources, message):
    result = _answered(resources, message, "fake_bank_call_screen_sharing")
    assert not result.urgent


@pytest.mark.parametrize("message", [
    "SMS aaya ki aapne 25 lakh jeete hain KBC me, processing fee bharo. maine to koi lottery li hi nahi",
    "I got an email that I won an iPhone in a lucky draw but I never bought any lottery ticket",
    "আমাকে মেসেজ এসেছে যে আমি ১০ লাখ টাকার লটারি জিতেছি, কিন্তু আমি কোনো লটারি কিনিনি",
    "whatsapp pe message aaya ki aapko car inaam me mili hai, registration fee bharni hai. maine abhi kuch nahi bheja",
    "Got a courier saying I won a prize in a scratch card contest, they want a fee. I have not paid anything",
])
def test_a_prize_never_entered_or_nothing_given_yet_is_the_lottery_answer(resources, message):
    _answered(resources, message, "lottery_kbc_prize_scam")


@pytest.mark.parametrize("message", [
    "UPI collect request kya hota hai? phonepe pe 2000 ka request aaya hai kisi anjaan id se",
    "What is a collect request? I got one on gpay for 1500 from someone@ybl",
])
def test_a_question_opening_the_message_before_what_came_is_answered(resources, message):
    _answered(resources, message, "upi_collect_request_qr_code")


@pytest.mark.parametrize("message", [
    "hotel rating wale job me pehle 3 review ke 120 rupay de bhi diye, ab 2000 deposit maang rahe. bharosa karu?",
    "پہلے دو ٹاسک کے 300 روپے بھیج بھی دیے، اب کہہ رہے ہیں پری پیڈ ٹاسک کرو۔ کیا ان پر بھروسہ کریں؟",
])
def test_the_task_scams_first_payout_is_no_loss(resources, message):
    result = _answered(resources, message, "part_time_job_task_scam")
    assert not result.urgent


def test_money_the_writer_sent_first_stays_a_loss(resources):
    result, reply = _reply(resources, "maine pehle 500 bhej bhi diye the task me, ab 3000 aur maang rahe")
    assert reply.kind == "report" and result.intent == "financial_fraud" and result.urgent


@pytest.mark.parametrize("message", [
    "meri behen ko koi bol raha hai uska video viral kar dega, abhi tak kuch nahi maanga. usse kya kehna chahiye?",
    "someone is threatening my cousin that they will post his private video online, but hasn't asked for money yet. "
    "what should he do?",
])
def test_a_threat_with_no_money_asked_for_yet_is_advice_not_a_report(resources, message):
    result, _ = _advised(resources, message)
    assert result.intent == "safety_advice" and result.question


@pytest.mark.parametrize("message", [
    "caller from the card fraud team told me to transfer my savings to a 'safe account' for protection. I refused. "
    "is that how it works?",
    "ek IT officer bola saare paise RBI ke safe account me dalne honge, jaanch ke baad wapas milenge. aisa koi niyam "
    "hai kya?",
])
def test_a_safe_account_transfer_only_asked_for_is_answered(resources, message):
    assert not _advised(resources, message)[0].urgent


@pytest.mark.parametrize("message", [
    "safe account me 2 lakh transfer kar diye abhi 10 min pehle, CBI wale ne bola tha",
    "bhai video call aaya tha, ab 5000 maang rahe hai warna video viral kar denge",
])
def test_real_reports_stay_reports(resources, message):
    result, reply = _reply(resources, message)
    assert reply.kind == "report", (result.intent, result.topics)
