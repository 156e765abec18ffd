"""Session 18 (s18-bnur, issue 13): the twenty-third Bengali and Urdu sets' misses, flags and wrong intents, fixed by
concept in the packs' words (lang/bn, lang/ur: triage.yaml, questions.yaml, time.yaml, language.yaml), and the
residents' trial findings (romanised Bengali answered in Bengali; "aaj sokal 5 ta" is 05:00). Every sentence is written
for this file in other words than the sets', in both scripts where the pack has them."""
from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from bot.nlu.entities.times import parse_time, told_now_gap
from bot.nlu.language import language_of
from conftest import Resident

NOW = datetime(2026, 11, 27, 4, 30, tzinfo=timezone.utc)  # 10:00 in Kolkata
OFFERED = ("en", "hi", "bn", "ur")

URGENT = [
    # debits found, when not known, "I gave nothing to anyone" (an unauthorised debit, no "no loss")
    "sokale uthe dekhi account theke 12000 taka nei, kokhon gelo bujhte parchi na, ami kauke kichu dini",
    "আজ মোবাইল খুলে দেখি তিনটে ডেবিট মেসেজ, মোট ২২,০০০। কখন কেটেছে বুঝতে পারছি না, আমি তো কাউকে কিছু দিইনি",
    "ابھی فون دیکھا تو تین ڈیبٹ کے میسج ہیں، کل ۲۰ ہزار، کب کٹے سمجھ نہیں آ رہا، میں نے کسی کو کچھ نہیں دیا",
    # money cut again and again, since when not known
    "میرے کارڈ سے کئی بار پیسے کٹتے رہے، کب سے یہ پتا نہیں، تقریباً ۱۸ ہزار",
    "আমার কার্ড থেকে বারবার টাকা কাটছিল, কবে থেকে জানি না, প্রায় ১৫ হাজার",
    # an emptied wallet names the money
    "mera jazz cash wallet khali ho gaya hai",
    "میرا ایزی پیسہ والٹ پورا خالی ہو گیا ہے",
    "amar mobikwik wallet ta puro khali hoye gelo",
    "আমার ফোনপে ওয়ালেট খালি হয়ে গেছে",
    # someone watched over on a video call by a fake officer (the Enforcement Directorate by its letters), told to pay
    "میری امی پرسوں سے ویڈیو کال پر ہیں، خود کو ای ڈی افسر کہنے والا ان پر نظر رکھے ہوئے ہے، آج ۵ لاکھ بھیجنے کو کہا",
    "আমার বাবা কাল থেকে ঘরে বন্ধ, একজন ইডি অফিসার সেজে ভিডিও কলে নজরে রেখেছে, আজ ব্যাংকে গিয়ে ৮ লাখ ট্রান্সফার করতে বলেছে",
    # a bank card's photo the writer sent just now (still urgent after the identity-card change)
    "ekhuni ekjon ke amar debit card er chobi pathiye diyechi",
]

NOT_URGENT = [
    # what one should do if ... (a question), whether police really arrest on a video call
    "jodi keu video call e bole ami CBI officer, apnar naame case ache, tahole ki kora uchit?",
    "কেউ যদি ভিডিও কলে বলে আপনি ডিজিটাল অ্যারেস্টে আছেন, তখন কী করা উচিত? পুলিশ কি সত্যি এভাবে গ্রেফতার করতে পারে?",
    # an identity card's photo asked for by a loan offer, not sent
    "৩ লাখ টাকার লোন দেবে, ভোটার কার্ডের ছবি আর প্যান কার্ডের ছবি চেয়েছে, পাঠিয়ে দেব?",
    # the refund trick paid back hours ago, the time now told (romanised hours, a part of the day with its ending)
    "ekjon bollo bhul kore 4000 pathiye feleche, ami ferot dilam, pore dekhi kono taka aseni. eta sokaler ghotona, ekhon raat 9ta",
    "কেউ বলল ভুল করে ৬০০০ পাঠিয়েছে, আমি ফেরত দিলাম, কিছুই আসেনি। এটা আজ সকালের ঘটনা, এখন রাত ৯টা।",
]


@pytest.mark.parametrize("text", URGENT)
def test_the_concepts_missed_are_urgent(resources, text):
    assert resources.classifier.classify(text, NOW).urgent


@pytest.mark.parametrize("text", NOT_URGENT)
def test_the_concepts_flagged_are_not_urgent(resources, text):
    assert not resources.classifier.classify(text, NOW).urgent


@pytest.mark.parametrize("text, intent", [
    # a what-if about a digital arrest is a safety question, not a report of a caller
    ("কেউ যদি ভিডিও কলে বলে আপনি ডিজিটাল অ্যারেস্টে আছেন, তখন কী করা উচিত? পুলিশ কি সত্যি এভাবে গ্রেফতার করতে পারে?",
     "safety_advice"),
    # whether a copy left at a shop can bring harm, asked in general
    ("সাইবার ক্যাফেতে ভোটার কার্ড প্রিন্ট করে এসেছি, ওখানে কপি থেকে গেছে, কোনো ক্ষতি হতে পারে?", "safety_advice"),
    ("میں نے موبائل کی دکان پر شناختی کارڈ کی فوٹو کاپی چھوڑ دی، کیا اس سے کوئی خطرہ ہے؟", "safety_advice"),
    # whether an app is safe for children, asked in general
    ("کیا اسنیپ چیٹ بچوں کے لیے ٹھیک ہے؟ میرا بیٹا ۱۲ سال کا ہے", "safety_advice"),
    ("ফেসবুক কি বাচ্চাদের জন্য নিরাপদ? আমার মেয়ের বয়স ১১, খুলতে চাইছে", "safety_advice"),
    # money cut again and again, a son's game named: a money report, not a check
    ("بیٹے نے بتایا کہ گیم کھیلتے ہوئے میرے کارڈ سے پیسے کٹتے رہے، کب سے یہ پتا نہیں، ۲۰ ہزار تک", "financial_fraud"),
])
def test_the_intent(resources, text, intent):
    assert resources.classifier.classify(text, NOW).intent == intent


@pytest.mark.parametrize("text", [
    "kokhon taka keteche jani na",
    "kobe theke katche jani na",
    "sokal theke call asche, ki korbo",
])
def test_short_romanised_bengali_is_bengali(text):
    assert language_of(text, OFFERED) == "bn"


@pytest.mark.parametrize("text", ["paise kab kate pata nahi", "mujhe nahi pata kab gaye"])
def test_romanised_hindi_stays_hindi(text):
    assert language_of(text, OFFERED) == "hi"


@pytest.mark.parametrize("text, hour", [
    ("na na gotokal na, aaj sokal 6 ta", 6),   # romanised hour with its ending, at the clause's end
    ("aaj sokal 7 te", 7),
    ("আজ সকাল ৬টা", 6),
])
def test_a_romanised_bengali_hour_with_its_ending_is_that_hour(text, hour):
    answer = parse_time(text, NOW, "Asia/Kolkata")
    local = answer.at.astimezone(ZoneInfo("Asia/Kolkata"))
    assert (local.date(), local.hour, local.minute) == (NOW.date(), hour, 0), answer


@pytest.mark.parametrize("text", ["4 ta debit message esechhe", "message aseche 3 ta"])
def test_a_count_with_the_ending_is_no_clock(text):
    answer = parse_time(text, NOW, "Asia/Kolkata")
    assert answer is None or answer.at is None or answer.label == "today"


@pytest.mark.parametrize("text, hours", [
    ("সকালের ব্যাপার, এখন রাত ৯টা", 12),
    ("eta dupurer ghotona, ekhon raat 8ta", 6),
])
def test_a_part_of_the_day_with_its_ending_and_the_time_now(text, hours):
    gap = told_now_gap(text)
    assert gap is not None and round(gap.total_seconds() / 3600) == hours


def test_romanised_bengali_is_answered_in_bengali(engine):
    out = Resident(engine).send("amar account theke kokhon taka keteche jani na")
    assert out.language == "bn"
    assert out.case and out.case["priority"] == "urgent"
    assert "১৯৩০" in out.texts[0] or "1930" in out.texts[0]
    assert not any(word in out.texts[0] for word in ("Act now", "every minute"))
