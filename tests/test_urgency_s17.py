"""Session 17 (s17-urg, issue 11, "golden hour"): the twenty-sixth sets' urgent misses, fixed by concept in the packs'
words (lang/<code>/words/triage.yaml) and in triage / times (the phone worked from afar now, a tag question that
negates nothing, a reported threat to take the writer's child, pictures held against more, a "now" that begins the
next clock telling), told through the real engine: the case is urgent and the first reply is the golden-hour action.
Sentences written for this file in other words than the sets'."""
from __future__ import annotations

import pytest

from tests.test_urgency_nineteenth import _acts_first

URGENT = [
    # an app put on the phone, the phone now working by itself
    "maine wo app install kiya aur ab phone apne aap sabko message bhej raha hai",
    "I installed the file they sent and now my phone is sending messages by itself to my contacts",
    "ওদের পাঠানো অ্যাপ ইনস্টল করেছি, এখন ফোন নিজে থেকেই সবাইকে মেসেজ পাঠাচ্ছে",
    # a tag question before the loss ("aren't you?") negates nothing
    "آپ سائبر سیل والے ہیں نا؟ میرے اکاؤنٹ سے پچاس ہزار نکل گئے ابھی",
    "aap 1930 wale ho na? mere khate se abhi 20000 nikal gaye",
    # a stranger reported to say he will take the writer's child
    "ek anjaan aadmi bol raha hai meri beti ko utha le jayega",
    "someone on facebook says he will take my son from his school bus, he sent a photo of the bus",
    # a minor's pictures held against more
    "I am 15, a boy from instagram has my photos and says he will send them to my class unless I send more",
    "meri behen 14 saal ki hai, ek ladka bol raha aur photo nahi bheji to sabko bhej dega",
    # a "now" that begins the next clock telling
    "12,000 debited, sms came at 8.10 now time is 8.35",
    # someone kept on the phone by a caller, said in the present
    "CBI ne mamu ko 3 ghante se video call pe rakha hai, paise bhejne bol rahe",
    "my grandfather is being kept on the phone by a fake police officer, they have kept him on the phone for 2 hours asking for money",
    # the card put on a link, a debit alert just come
    "meri maa ne kal reward ke link pe credit card dala tha, abhi 8000 ka debit msg aaya",
]

NOT_URGENT = [
    # an install asked about, nothing done
    "agar maine anydesk install kar liya to kya phone apne aap chalega?",
    # a tag question with an old loss
    "aap 1930 wale ho na? pichle mahine 5000 gaye the, complaint kaise karu",
    # a parent's own errand
    "ami amar meyeke school theke tule niye jabo, tarpor thanay jabo",
    # an adult's pictures, no child
    "my ex has my photos and keeps asking to meet, I blocked him last month",
    # the clock told, the debit hours ago
    "sms came at 6.10 now time is 9.35, 3000 debited",
    # a call held long ago, over; a card put on a link days ago with nothing gone
    "pichle hafte CBI wale ne papa ko 5 ghante phone pe rakha tha aur 3 lakh le liye",
    "maine 3 din pehle ek link pe debit card dala tha, abhi tak kuch nahi kata, kya karu",
    # near misses and old losses
    "bhejne wala tha 5000 par beta aa gaya aur rok diya",
    "3 din pehle 12000 gaye the",
]


@pytest.mark.parametrize("message", URGENT)
def test_the_case_is_urgent_and_the_first_reply_is_the_action(resident, message):
    out = resident.send(message)
    assert out.case and out.case["priority"] == "urgent", out.texts[:2]
    assert _acts_first(out), out.texts[:2]


@pytest.mark.parametrize("message", NOT_URGENT)
def test_its_neighbours_stay_below_urgent(resident, message):
    out = resident.send(message)
    assert not (out.case and out.case["priority"] == "urgent"), out.texts[:2]
