"""Issue 11, session 11 (s11-urgency): the fifteenth sets' urgent misses and false flags, fixed by concept in the
packs' words (lang/<code>/words/triage.yaml, time.yaml) and told here in new sentences, through the real engine: the
first reply carries the golden-hour action (1930 for money, 112 for danger, "cut the call" for a caller still on)
and the case is urgent; the near words stay calm. Every sentence here was written for this file."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from bot.nlu import triage

NOW = datetime(2026, 11, 27, 4, 30, tzinfo=timezone.utc)  # 10:00 in India

# a caller claiming to be an officer keeps the resident on the line or on camera ("stay on the call", "cannot
# disconnect", "camera band mat karna"), or keeps a relative from talking to anyone, said in the habitual tense
LIVE_CALL = [
    "a man from the ED says I must stay on the call till the transfer is done, I am writing this from the bathroom",
    "the customs officer says I cannot disconnect or I will be arrested, he wants 2 lakh for clearance",
    "police wala kehta hai call pe bane raho, paise transfer karne ko bol raha hai",
    "मेरे पिताजी को कोई कहता है कि वो क्राइम ब्रांच से है, तीन दिन से किसी से बात नहीं करने देते, पैसे मांग रहे हैं",
    "ایک افسر ویڈیو پر ہے، کہتا ہے کیمرہ بند مت کرنا اور پیسے بھیجو",
    "একজন পুলিশ অফিসার বলছে ক্যামেরা বন্ধ করবেন না, টাকা পাঠাতে বলছে",
]

# money gone at a time not said ("nikale", "0 balance", "gpay se gaya", a greeting that names a part of the day, an age that dates
# only what came before the loss), or the last of several payments within the hour
MONEY_URGENT = [
    "meri dadi ke khate se kisi ne 90 hazaar nikale hain, wo bata nahi rahi kab hua",
    "Good morning madam. Someone pretending to be from my gas agency took my card details and 60,000 has been "
    "withdrawn. Please help.",
    "papa ne kisi ko video call pe ATM card dikha diya, ab account mein zero balance hai",
    "bazaar mein mobile chheen liya kisi ne, ab mere account se 25000 gpay se gaya hai",
    "অনলাইন কাজের জন্য প্রথমে ২০০০ দিলাম, পরে আরো ৩০০০ দিলাম, শেষ ৪০০০ টা দশ মিনিট আগে",
    "ফোনের সিম ৩ দিন আগে বন্ধ হয়ে গেছে, এখন দেখছি অ্যাকাউন্ট থেকে ১ লাখ চলে গেছে, কখন গেছে জানি না",
]

# a child told by an online stranger to be alone or to hide it from the mother, or to be met outside school
CHILD = [
    "a stranger on a gaming app told my 11 year old daughter to be alone in her room for a video call and not to tell mom",
    "mere 13 saal ke bete se koi instagram pe baat karta hai, bol raha hai kal school ke baahar milne aayega",
    "میری بیٹی ۱۲ سال کی ہے، کوئی آن لائن کہتا ہے کل اسکول کے باہر ملنے آئے گا",
    "আমার ১২ বছরের ছেলেকে অনলাইনে একজন বলেছে কাল স্কুলের বাইরে দেখা করবে",
]

# someone else who does not want to live any more
SELF_HARM_OTHER = [
    "আমার ভাই বলছে সে আর বাঁচতে চায় না, দরজা বন্ধ করে আছে",
    "my sister says she doesnt want to live anymore and has locked herself in",
]

# near words: a call not picked up, a letter sent, a picture sent by them, a greeting, a day or night in Bengali
CALM = [
    "Since Monday a customs officer keeps calling and says I must join a skype call, I have not picked up today",
    "company ne offer letter bheja hai aur joining fee 25000 maang rahe hain, sahi hai kya?",
    "they sent my morphed video to my friends and want 10000",
    "গতকালের ঘটনা, ৫০০০ টাকা কেটে গেছে",
    "কাল রাতে ফোন এসেছিল, রাতেই ১০ হাজার টাকা কেটে গেছে, সকালে দেখলাম",
    "Good morning. I lost 20000 to a fake buyer on 3rd of this month",
]


@pytest.mark.parametrize("message", LIVE_CALL)
def test_an_officer_keeping_the_resident_on_the_line_is_told_to_cut_the_call_first(resident, message):
    out = resident.send(message)
    first = out.texts[0].lower()
    assert any(cut in first for cut in ("cut the call", "कॉल काट", "کال کاٹ", "কলটি কেটে")), first
    assert "1930" in " ".join(out.texts[:2]) or "112" in " ".join(out.texts[:2])
    assert out.case["priority"] == "urgent"


@pytest.mark.parametrize("message", MONEY_URGENT)
def test_money_gone_at_an_unknown_time_or_within_the_hour_gets_1930_first_and_an_urgent_case(resident, message):
    out = resident.send(message)
    assert "1930" in out.texts[0]
    assert out.case["priority"] == "urgent"


@pytest.mark.parametrize("message", CHILD)
def test_a_child_lured_by_an_online_stranger_gets_112_and_1098_first(resident, message):
    out = resident.send(message)
    assert "112" in out.texts[0] and "1098" in " ".join(out.texts[:2])
    assert out.case["priority"] == "urgent"


@pytest.mark.parametrize("message", SELF_HARM_OTHER)
def test_someone_else_who_does_not_want_to_live_gets_112_and_tele_manas_first(resident, message):
    out = resident.send(message)
    assert "112" in out.texts[0] and "14416" in " ".join(out.texts[:2])
    assert out.case["priority"] == "urgent"


@pytest.mark.parametrize("message", CALM)
def test_the_near_words_stay_calm(resident, message):
    out = resident.send(message)
    assert not (out.case and out.case["priority"] == "urgent")


def test_a_greeting_is_no_time_and_a_zero_balance_account_no_loss():
    assert triage.read("Good evening, 5000 went from my account 10 minutes ago", NOW).age == "golden"
    assert triage.read("Good evening. 5000 went from my account", NOW).age == "unknown"
    assert not triage.read("my bank account is a zero balance account, they asked 500 to upgrade it", NOW).loss
