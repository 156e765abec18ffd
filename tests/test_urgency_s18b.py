"""Session 18 (s18-urg2, issue 11, "golden hour"): the twenty-eighth sets' urgent misses, fixed by concept in the packs'
words (lang/<code>/words/triage.yaml): a child held against money ("you will not see him again"), a child to be taken
from school or a minor's photo on a dating profile with someone asking about the home, a schoolchild asked for photos
by a stranger (a school class said in Bengali or Urdu words), a caller still calling or the writer still on the phone
now (for hours, the line busy), a relative sending the money now, a passbook fetched at a caller's word, card details
"just done", a fee paid ("fees de di", "فیس دے دی"). Sentences written for this file in other words than the sets';
each concept in a second language. Read by triage.read as tests/test_triage_concepts.py does, and a few through the
real engine: the case is urgent and the first reply is the golden-hour action."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from bot.nlu import triage
from tests.test_urgency_nineteenth import _acts_first

NOW = datetime(2026, 11, 27, 4, 30, tzinfo=timezone.utc)  # 10:00 in India

URGENT = [
    # a child held against money: "you will not see him again"
    "send 3 lakh by evening or you will never see your son again",
    "২ লাখ টাকা দাও নইলে ওকে আর কোনোদিন দেখতে পাবে না, মেয়ের টিউশনের সামনের ছবি পাঠিয়েছে",
    "پیسے بھیجو ورنہ اسے دوبارہ نہیں دیکھ پاؤ گے، بیٹے کی اسکول کے باہر کی تصویر بھیجی",
    # a child to be taken from school; a minor's photo on a dating app, someone asking about the home
    "a number on instagram says they will come to his school and take him away, my son is 10",
    "koi keh raha hai meri 12 saal ki beti ko school aakar le jayenge",
    "my 16 year old niece's pictures are on a dating site and some man was asking neighbours about our house",
    "আমার মেয়ের বয়স ১৪, ওর ছবি ডেটিং অ্যাপে দিয়েছে, কেউ বাড়ির খোঁজ নিচ্ছে",
    # a schoolchild asked for photos by a stranger, told to keep it from the parents (a school class said in words)
    "অচেনা একজন ক্লাস সেভেনের ছাত্রীকে ছবি পাঠাতে বলছে আর বাড়িতে না বলতে বলছে",
    "ایک انجان آدمی ساتویں جماعت کی بچی سے تصویریں مانگ رہا ہے اور کہتا ہے امی ابو کو مت بتانا",
    # a caller still calling now with an officer and a demand; the writer on the phone with them now
    "a man with a CBI logo on his whatsapp says my husband is arrested, he wants 80000 immediately, they're still calling",
    "ابھی بھی کال کر رہے ہیں، پولیس والا کہتا ہے بیٹا پکڑا گیا، ایک لاکھ مانگ رہا ہے",
    "ekhono call e achi, police bolche 30 hazar na dile dhore niye jabe",
    # a relative on the phone for hours with a fake officer, fetching the passbook, the line busy
    "বাবা তিন ঘণ্টা ধরে ফোনে মুম্বাই পুলিশের সঙ্গে, পাসবুক খুঁজছে",
    "dadi 2 ghante se phone pe hain, koi CBI wala, passbook dhoondh rahi hain, line busy hai",
    # a relative sending the money now at a caller's word
    "my aunt got a call that her grandson is in hospital and she is about to transfer 40000, how do i stop her",
    "নানা হাসপাতালের নাম শুনে এখন টাকা পাঠাতে যাচ্ছে",
    # card details typed just now on a link
    "put my card number and expiry on an sms link, just done, now an otp came for 9000",
    # a fee paid for a job, the company gone quiet (no time said: urgent until the resident says when)
    "naukri ke liye 2000 fees de di, ab number band hai",
    "ملازمت کی رجسٹریشن فیس ۴۰۰۰ روپے دے دی، اب کوئی جواب نہیں",
]

NOT_URGENT = [
    # digital arrest asked about in general; someone following online with no harm named; a child's safety asked about
    "can police really keep someone in digital arrest on a video call?",
    "ডিজিটাল অ্যারেস্ট কী? পুলিশ কি ভিডিও কলে গ্রেফতার করে?",
    "someone keeps viewing my stories from fake accounts, is that stalking?",
    "how do I keep my child safe on dating apps and games?",
    # a caller who called and is not picked up; an uncle who has sent nothing and will not
    "a police officer keeps calling again and again, i have not picked up, is it real?",
    "I saw a dating app ad on my phone, how to remove it",
    # a fee asked for and not paid
    "job ke liye 2000 registration fee maang rahe hain, du ki nahi?",
]


@pytest.mark.parametrize("message", URGENT)
def test_the_triage_reads_it_urgent(message):
    assert triage.read(message, NOW).urgent


@pytest.mark.parametrize("message", NOT_URGENT)
def test_its_neighbours_stay_below_urgent(message):
    assert not triage.read(message, NOW).urgent


ENGINE = [
    "send 3 lakh by evening or you will never see your son again",
    "a man with a CBI logo on his whatsapp says my husband is arrested, he wants 80000 immediately, they're still calling",
    "বাবা তিন ঘণ্টা ধরে ফোনে মুম্বাই পুলিশের সঙ্গে, পাসবুক খুঁজছে",
]


@pytest.mark.parametrize("message", ENGINE)
def test_the_case_is_urgent_and_the_first_reply_is_the_action(resident, message):
    out = resident.send(message)
    assert out.case and out.case["priority"] == "urgent", out.texts[:2]
    assert _acts_first(out), out.texts[:2]
