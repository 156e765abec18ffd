"""Session 13, s13-intent (issues 11 and 13): first messages read as the wrong intent, fixed by concept. Every
message here was written for this file, apart from the blind sets, in English, Hindi (both scripts), Bengali and
Urdu. Rules only (bot/nlu/classify.py and the packs' words): the model is not retrained. Open cases are xfail(strict)."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

NOW = datetime(2026, 11, 27, 4, 30, tzinfo=timezone.utc)  # 10:00 in India


def _read(resources, message):
    return resources.classifier.classify(message, NOW)


def _right(result, intent: str) -> bool:
    """Right, or asked with the right intent among the choices (as bench/accuracy.py counts it)."""
    return intent in result.clarify if result.clarify else result.intent == intent


# -- a thing received (message, link, app, friend request, call) asked about before acting: the check ----------------
# asked as a question ("ye link sahi hai kya? ...") it gets its topic's answer and then the check (topics.py)
CHECKS = [
    "this number 98XXXXXX12 called saying my sim will be blocked today, is it genuine?",
    "should I install this loan app 'QuickRupee', it gives money without documents and wants my contacts",
    "ye message asli hai kya? 'aapka bijli connection aaj raat kata jayega, is number pe call kare'",
    "ek QR code bheja hai bol raha scan karo to cashback milega, scan karu kya?",
    "यह लिंक सही है क्या? मुफ्त स्कूटी योजना का फॉर्म भरने को बोला है",
    "एक अनजान नंबर से मैसेज आया कि आपका पार्सल रुका है, क्या ये फर्जी है?",
    "একটা মেসেজ এসেছে যে আমার বিদ্যুতের লাইন আজ রাতে কেটে দেবে, এই নম্বরে ফোন করতে বলছে, এটা কি আসল?",
    "ekta unknown number theke whatsapp e link pathiyeche, khulbo ki?",
    "ایک نمبر سے میسج آیا ہے کہ آپ کا انعام نکلا ہے، یہ اصلی ہے یا دھوکا؟",
    "ek ladki ka friend request aaya aur foran video call maang rahi hai, block kar doon?",
    "a missed call from +44 number on whatsapp, i did not answer. who could it be",
]


def test_a_thing_received_and_asked_about_is_not_urgent(resources):
    assert not [message for message in CHECKS if _read(resources, message).urgent]


@pytest.mark.xfail(strict=True, reason="open: the model reads the stranger's request as its safety topic (the answer "
                                      "on stranger video calls, without the check)")
def test_a_stranger_friend_request_asking_a_video_call_is_checked(resources):
    result = _read(resources, "a woman I don't know sent me a friend request on instagram and wants to video chat "
                              "right away, should I block her?")
    assert _right(result, "suspicious_contact"), (result.intent, result.clarify)


def test_a_question_in_general_stays_a_safety_question(resources):
    # the model reads a question in general as safety advice: not a check of something received
    for message in ("is it safe to scan QR codes at petrol pumps?", "OTP kisi ko batana chahiye kya?"):
        assert _read(resources, message).intent == "safety_advice", message


# -- a money fraud told after a greeting and a name, or with "please call me" / "how do I complain" -----------------
MONEY_TOLD = [
    "namaste ji, main Pune se Suresh bol raha hu, mere sath online thagi ho gayi",
    "good evening madam, my name is Anil from Nagpur, I have been cheated online",
    "হ্যালো দাদা, আমি হাওড়া থেকে বলছি, আমার সাথে প্রতারণা হয়েছে",
    "السلام علیکم، میں سرینگر سے بات کر رہا ہوں، میرے ساتھ آن لائن دھوکا ہوا ہے",  # right since session 14's retraining
    "parso 8000 kat gaye UPI se, shikayat kaise darj karu",
    "yesterday evening 15000 went from my account, how do I complain?",
    "thagi ho gayi hai please mujhe phone karo 98XXXXXX00",
    pytest.param("I got scammed, please call me back", marks=pytest.mark.xfail(
        strict=True, reason="open: no money named, so no loss is read; the model reads the call request")),
    "আমার সাথে টাকার প্রতারণা হয়েছে, আমাকে একটু ফোন করুন",
]



def test_money_gone_with_a_call_request_is_urgent(resources):
    # no time said: the golden hour may still be open, so 1930 comes first (triage)
    assert _read(resources, "thagi ho gayi hai please mujhe phone karo 98XXXXXX00").urgent


def test_a_greeting_alone_stays_a_greeting(resources):
    for message in ("namaste ji", "good evening madam", "السلام علیکم", "নমস্কার দাদা"):
        assert _read(resources, message).intent == "greeting", message


# -- a fake profile in the writer's name, or a caller posing as an official: impersonation --------------------------
IMPERSONATION = [
    "someone made a fake facebook id with my photo and is asking my relatives for money",
    "mere naam se kisi ne nakli instagram banaya hai, mere dosto se paise maang raha hai",
    "मेरी फोटो लगाकर किसी ने नकली व्हाट्सएप बनाया है और मेरे ग्राहकों से पैसे मांग रहा है",
    "আমার নামে কেউ ভুয়া হোয়াটসঅ্যাপ খুলে আমার ছাত্রদের কাছে টাকা চাইছে",
    "کسی نے میری تصویر لگا کر جعلی واٹس ایپ بنایا ہے اور میرے رشتہ داروں سے پیسے مانگ رہا ہے",
    "একজন ফোন করে বলছে সে থানা থেকে বলছে, আমার ছেলের নামে কেস হয়েছে, টাকা দিলে মিটিয়ে দেবে",
    "ایک آدمی فون پر خود کو بجلی کے محکمے کا افسر کہہ رہا ہے، کہتا ہے آج کنکشن کاٹ دیں گے",
    "কেউ নিজেকে সাইবার ক্রাইম অফিসার বলে ফোন করেছিল, বলছে আমার নামে ওয়ারেন্ট আছে। এটা কি সত্যি?",
    "ایک شخص کہتا ہے وہ فوج کا کرنل ہے، دکان سے سامان خریدے گا مگر پہلے ہم سے پیسے بھیجنے کو کہہ رہا ہے",
]


def _cases(intent: str, messages: list) -> list:
    """(message, intent) parameters, an open case keeping its xfail mark."""
    return [pytest.param(m.values[0], intent, marks=m.marks) if hasattr(m, "marks") else pytest.param(m, intent)
            for m in messages]


@pytest.mark.parametrize(("message", "intent"), [*_cases("suspicious_contact", CHECKS),
                                                 *_cases("financial_fraud", MONEY_TOLD),
                                                 *_cases("impersonation", IMPERSONATION)])
def test_a_first_message_reads_as_its_concept(resources, message, intent):
    """A thing received asked about is the check; a money fraud told after a greeting and a name, or with "please
    call me" / "how do I complain", is the money report; a fake profile or an official's name is impersonation."""
    result = _read(resources, message)
    assert _right(result, intent), (result.intent, result.clarify)


def test_a_fake_officer_over_your_video_is_impersonation_or_sextortion(resources):
    """A caller posing as police over "your video", asking money to end the matter, is both a fake officer and a
    sextortion: either report is right (both tell the resident not to pay). The model's reading has moved with each
    retrain (sextortion until session 17, impersonation then, sextortion again once the twenty-eighth sets were
    learned), so the test holds the pair, not one of them."""
    result = _read(resources, "فون پر کوئی کہتا ہے میں سائبر کرائم تھانے سے ہوں، آپ کی ویڈیو غلط جگہ پر ہے، معاملہ ختم کرنے کے لیے پیسے دو")
    assert _right(result, "impersonation") or _right(result, "sextortion"), (result.intent, result.clarify)
