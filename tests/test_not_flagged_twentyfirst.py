"""Session 14, issue 11 (s14-flags): the twentieth and twenty-first sets' non-urgent first messages flagged urgent,
fixed by concept in how a time is read (bot/nlu/triage.py) and in the packs' words (lang/<code>/words/triage.yaml,
time.yaml): the originals, then the same concepts in other words, through the real engine: no urgent case and a calm
first reply. Beside each concept a message that stays urgent (DESIGN.md "Golden hour and priorities")."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from bot.nlu import triage
from test_not_flagged_nineteenth import assert_calm_first_reply  # no urgent case, no golden-hour action first (every pack)

NOW = datetime(2026, 11, 27, 4, 30, tzinfo=timezone.utc)  # 10:00 in India, a Friday

ORIGINALS = [
    "PhonePe pe collect request aayi thi maine socha paise aa rahe hai pin daal diya 4999 kat gaye, 1 ghanta 30 min ho gaya",
    "Flipkart se order cancel karaya tha, refund ke liye call aaya, usne PhonePe pe request bheji maine PIN daal diya, "
    "9,800 chale gaye. ye kal dopahar hua",
    "ফোন পে তে রিওয়ার্ড পেয়েছেন বলে একটা স্ক্র্যাচ কার্ড এসেছিল, টাচ করে পিন দিতেই ৪৯৯৯ কেটে গেল। ২ ঘণ্টা হবে।",
    "OLX এ আলমারি বিক্রি করছিলাম। এক আর্মির লোক কিনবে বলে QR পাঠাল, তিনবারে ১৮,৫০০ কেটে গেছে। ঘণ্টা দুয়েক আগের ঘটনা",
    "इतवार को मेरे पिताजी के खाते से 40 हजार रुपये निकल गए, उन्होंने किसी को ओटीपी नहीं बताया। अब क्या करें?",
    "chetta amma de account il ninnu 30000 poyi, innale vaikunneram. njan Dubai il aanu, enthu cheyyanam",
    "ek aurat ne facebook pe dosti ki, bola UK se gift bheja hai, custom duty ke liye 35000 bhejo, maine abhi nahi bheja, "
    "customs officer ka call bhi aaya tha",
    "ابھی ایک آدمی نے مجھے ۱ روپیہ بھیجا اور کہا ۱۰ ہزار کی ریکویسٹ بھیجی ہے قبول کرو تاکہ باقی بھی بھیج سکوں۔ میں نے ابھی قبول نہیں کی",
    "mera dost ne bola ek app me 10000 lagao roz 500 milega, maine lagaya, 2 hafte paisa aaya phir app band. total 50000 doob gaye",
]

NOT_URGENT = [
    # details typed (a PIN, a password) that a loss dated hours or days ago followed: that old loss, no details still open
    "refund wale ne link bheja, maine UPI PIN dala aur 12,000 kat gaye, ye parso shaam ki baat hai",
    "I entered my card details on a delivery page and 6,500 was debited on Wednesday night",
    "রিফান্ডের লিংকে কার্ডের নম্বর আর ওটিপি দিয়েছিলাম, গতকাল রাতে ৮০০০ টাকা কেটে গেছে",
    # Bengali ages told as an attribute or as a guess: two hours or more
    "বিকাশের নামে একটা কল এসেছিল, ১২,০০০ টাকা চলে গেছে, ৩ ঘণ্টা হবে",
    "ঘণ্টা তিনেক আগের কথা, কার্ড থেকে ৫৫০০ টাকা কেটেছে",
    "amar account theke 7000 taka kete geche, 3 ghonta hobe",
    # a weekday named: days ago
    "रविवार को किसी ने मेरे कार्ड से 15 हजार की खरीदारी कर ली",
    "itwaar ko mere account se 8000 nikle, aaj statement dekha",
    # yesterday in romanised Malayalam mixed into a message
    "sir mone de account il ninnu 12000 poyi innale raathri",
    # money put in over days or weeks ('mein', a span of returns)
    "trading group ke kehne pe maine 4 din mein 60,000 lagaye, ab withdraw nahi ho raha",
    "ایک ٹاسک والے گروپ میں ۳ دن میں ۴۵ ہزار ڈال دیے، اب وہ اور مانگ رہے ہیں",
    "ek scheme me 3 hafte tak paisa mila, phir site band ho gayi, 30000 fas gaye",
    "I got returns for 2 weeks from an investment app, then it shut down and my 25000 is gone",
    # a payment asked for and not made "yet" (a request not accepted, a card not bought): no loss
    "ek number se call aaya, bola bijli ka 20000 bhejo warna connection kat jayega, maine abhi nahi bheja",
    "لاٹری کے نام پر ۵۰۰۰ کی ریکویسٹ آئی ہے، ابھی قبول نہیں کی",
    "ভিসার জন্য এজেন্ট ৪০ হাজার চাইছে, আমি এখনো টাকা দিইনি",
    "An agent wants 60000 for a Canada visa. Please check him before I pay",
]

URGENT = [
    # the same concepts within the hour, or with the time not said, stay urgent
    "collect request pe pin daal diya, 4999 kat gaye abhi abhi",
    "refund wale ne link bheja, maine UPI PIN dala aur 12,000 kat gaye",
    "এইমাত্র লিংকে পিন দিলাম, ৪৯৯৯ কেটে গেল",
    "मेरे पिताजी के खाते से 40 हजार रुपये निकल गए, पता नहीं कब",
    "aaj subah 9:40 pe mere account se 20000 nikal gaye",
    "bijli wale ne 20000 maange, maine abhi bhej diye",
]

@pytest.mark.parametrize("message", ORIGINALS + NOT_URGENT)
def test_a_non_urgent_first_message_opens_no_urgent_case_and_a_calm_first_reply(resident, message):
    assert_calm_first_reply(resident.send(message))


@pytest.mark.parametrize("message", URGENT)
def test_beside_each_concept_an_urgent_message_stays_urgent(resident, message):
    out = resident.send(message)
    assert out.case and out.case["priority"] == "urgent", out.texts[:2]


def test_details_typed_just_now_with_no_loss_stay_urgent():
    read = triage.read("bank ki site samajh ke netbanking password daal diya abhi", NOW)
    assert read.urgent and not read.loss


def test_a_weekday_dates_a_loss_days_ago():
    assert triage.read("इतवार को खाते से 40 हजार निकल गए", NOW).age == "old"
