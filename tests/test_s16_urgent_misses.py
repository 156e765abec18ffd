"""Session 16 (s16-urg): urgent first messages the understanding missed (the twenty-fourth sets' and strangers'
reports), closed by concept in the packs' words (lang/<code>/words/triage.yaml, questions.yaml) and tested here in
OTHER words than the reports': a fraud said to have happened with money named and no time ("UPI fraud hua hai, kahan
complaint karu"), a loss found today whose time nobody can tell ("kab gaya pata bhi nahi chala", the bank cannot say),
a SIM dead "since" a time (that time is the SIM's, not the loss's), a fake officer's call said to be going on now or
still calling, card details given on a page just now, money another of the family sent within the hour, a child urged
to run away from home to someone. Each gets the action first (1930, 112, cut the call) and an urgent case; their
neighbours (an old fraud, a near miss, a SIM dead with nothing gone, a call that ended) stay below urgent."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from bot.nlu import triage
from tests.test_urgency_nineteenth import _acts_first

MONEY = [
    # a fraud said to have happened, money named, no time: a loss whose time is not known (DESIGN: urgent)
    "mere saath UPI pe fraud ho gaya hai, report kahan likhwaun",
    "I was scammed on UPI, where should I complain",
    "میرے ساتھ UPI فراڈ ہوا ہے، شکایت کہاں درج کروں",
    # money found gone today, its time not known by the writer or the bank
    "aaj passbook update karwayi to 45000 kam the, kab nikle pata bhi nahi chala",
    "آج اے ٹی ایم پر دیکھا پچاس ہزار کم ہیں، کب نکلے بینک والا بھی نہیں بتا رہا",
    # the SIM dead since a time, the loss found later: that time is the SIM's
    "میری سم پرسوں شام سے بند ہے، آج پتا چلا کہ کھاتے سے 80 ہزار نکل گئے، کب نکلے کوئی نہیں بتا رہا",
    "papa ki sim kal raat se band hai, aaj dekha account se 1 lakh nikal gaye, kab gaye bank bhi nahi bata raha",
    # another of the family sent money at a fake officer's word, within the hour
    "মা আধ ঘণ্টা আগে ব্যাংকে গিয়ে একজন 'পুলিশ অফিসার'কে ৫ লাখ টাকা পাঠিয়ে দিয়েছেন",
]
LIVE = [
    # a fake officer's call still going on, or still calling, with a demand
    "a man claiming to be a CBI officer says my brother is arrested and wants 50000 for bail right now, he is still calling",
    "police wala ban ke bol raha hai bete ko chhodne ke liye abhi paise bhejo, abhi bhi call kar raha hai",
    # an old payment, the call going on now
    "I sent 90,000 last week to a customs officer. Now he wants 1 lakh more and the video call is going on now",
]
TYPED = [
    # card details given on a page just now, nothing taken yet
    "ekta cashback offer er link e amar credit card er details diye felechi ekhon, taka ekhono kateni",
    "I just gave my card details on a cashback site, no money gone yet",
]
CHILD = [
    # a child urged to run away from home to someone (a ticket sent)
    "meri 15 saal ki beti ko koi snapchat pe bol raha hai ghar se bhaag kar mere paas aa ja, bus ka ticket bhi bhej diya",
    "আমার ১৩ বছরের ভাইকে অনলাইনে একজন বলছে বাড়ি থেকে পালিয়ে চলে এসো",
    "a man online told my 13 year old to run away to him and sent her a train ticket for tomorrow",
    # a child followed, the stranger knowing the child's school bus
    "a stranger has been following my 10 year old daughter every day and knows which bus she takes",
]


@pytest.mark.parametrize("message", MONEY + LIVE + TYPED + CHILD)
def test_the_case_is_urgent_and_the_first_reply_is_the_action(resident, message):
    out = resident.send(message)
    assert out.case and out.case["priority"] == "urgent", out.texts[:2]
    assert _acts_first(out), out.texts[:2]


NOT_URGENT = [
    # a fraud long ago, already told; a fraud asked about, nothing happened
    "2 saal pehle mere saath UPI fraud hua tha, complaint bhi ki thi, paise wapas nahi aaye",
    "is UPI fraud common in India? how do people get scammed",
    # the SIM dead, nothing gone
    "میری سم کل سے بند ہے، کوئی پیسہ نہیں گیا، نئی سم کیسے لوں",
    # a call that ended, nothing paid
    "kal ek police wale ka call aaya tha paise maang raha tha, maine call kaat diya, kuch nahi bheja",
]


@pytest.mark.parametrize("message", NOT_URGENT)
def test_its_neighbours_stay_below_urgent(resident, message):
    out = resident.send(message)
    assert not (out.case and out.case["priority"] == "urgent"), out.texts[:2]


NOW = datetime(2026, 12, 2, 6, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize("message", [
    "main 20000 bhejne hi wali thi ki bhai ne rok diya",
    "I was about to send 15000 to him but stopped just in time",
    "آج 25000 بھیجنے ہی والا تھا، بیٹے نے روک دیا",
])
def test_a_near_miss_is_no_loss_and_no_amount_lost(message):
    read = triage.read(message, NOW)
    assert not read.loss and not read.urgent, read
