"""What the twenty-third blind sets' run (session 15) missed that can cost money or a child's safety in minutes, closed
by concept (bot/nlu/triage.py, lang/<code>/words/triage.yaml), each tested here in OTHER words than the set's:
details just filled into a page, an amount beside a word of fraud, the writer's own clock ("8:42 ... abhi 9 baje"),
money sent told by what came after it, a remote app whose caller sees the screen, a child lured to meet or followed
home, a time said as "today or yesterday", the newest of two days' losses, the SIM dead days before a loss found
today, "don't know since when". Each gets its action first (1930 for money, 112 for a child) and an urgent case."""
from __future__ import annotations

import pytest

from conftest import Resident

MONEY = [
    # details filled into a page just now, nothing taken yet
    "ek link pe maine abhi apni saari details bhar di, paise abhi tak nahi kate",
    "আমি এইমাত্র একটা লিংকে আমার সব তথ্য ভরে দিয়েছি, টাকা এখনো কাটেনি",
    "I just filled in all my bank details on a page the customer care guy sent, no money gone yet",
    # an amount beside a word of fraud, no time
    "scammed 15000",
    "mere saath 30 hazar ki thagi hui",
    "৫০০০ টাকার প্রতারণা হয়েছে",
    # the writer's own clock: the debit's time and the time now
    "papa ke account se 5000 gaye, message 10:15 ka hai, ab 11 baj gaye",
    # money sent, told by what came after it, within the hour
    "মেয়ের নাম করে একজন টাকা চাইল, ২০০০০ পাঠানোর পরে মেয়েকে ফোন করে দেখি সে কিছু জানে না। আধ ঘণ্টা হয়েছে",
    # the time said as one of two days, one of them today
    "mummy ke account se 40000 nikle, aaj ya kal, unko yaad nahi",
    "80000 debited from my father's account, today or yesterday, he is not sure",
    # the newest of losses on two days within the hour
    "do baar paise gaye, kal 10000 aur aaj 15000, aaj wala aadha ghanta pehle",
    # the SIM dead days before, the loss found today
    "my sim stopped working 3 days ago and today i found 80000 gone from my account",
    "মামার সিম ৩ দিন আগে বন্ধ হয়েছিল, আজ দেখি অ্যাকাউন্ট থেকে ২ লাখ টাকা চলে গেছে",
    # not known since when
    "ajke passbook update kore dekhi 50 hajar tule niyeche, kokhon tuleche jani na",
    "দোকানের QR এর উপর কেউ অন্য QR লাগিয়ে দিয়েছে, পেমেন্ট অন্য অ্যাকাউন্টে যাচ্ছে, কত দিন ধরে জানি না",
]
REMOTE_NOW = [
    "कोई AnyDesk से मेरा स्क्रीन देख रहा है, बैंक ऐप खोलने को कह रहा है",
    "the teamviewer guy can see my screen and is telling me to open my bank app",
]
CHILD = [
    "আমার ১২ বছরের ছেলেকে একটা গেমে একজন লোক বলছে বাড়ির কাউকে না জানিয়ে কাল স্কুলের পরে দেখা করতে",
    "someone on a game chat is asking my 12 year old son to meet him at the station without telling anyone",
    "ek ladka meri 15 saal ki beti ka roz school se peecha karta hai, kal ghar ke bahar khada tha",
    "a man follows my 13 year old daughter home from tuition every day",
]


@pytest.mark.parametrize("text", MONEY)
def test_money_left_at_a_time_not_known_or_within_the_hour_gets_1930_first(engine, text):
    out = Resident(engine, sender="+919811112345").send(text)
    assert "1930" in out.texts[0]
    assert out.case is not None and out.case["priority"] == "urgent"


@pytest.mark.parametrize("text", REMOTE_NOW)
def test_a_remote_app_whose_caller_sees_the_screen_is_urgent_with_the_action_first(engine, text):
    out = Resident(engine, sender="+919822223456").send(text)
    assert out.replies[0].kind == "urgent"
    assert out.case is not None and out.case["priority"] == "urgent"


@pytest.mark.parametrize("text", CHILD)
def test_a_child_lured_to_meet_or_followed_home_gets_112_first(engine, text):
    out = Resident(engine, sender="+919833334567").send(text)
    assert "112" in out.texts[0]
    assert out.case is not None and out.case["priority"] == "urgent"


@pytest.mark.parametrize("text", [
    "maine ek site pe details bhar di thi par wo asli bank ki site thi, sab theek hai",  # no money, nothing now
    "is this a fraud? they want 5000 as registration fees",  # asked, nothing paid
    "my sim stopped working yesterday, no money gone, what should I do",
    "meri beti school se ghar aa gayi, sab theek hai, bas ek ladka insta pe follow request bhejta hai",  # adult-free, no risk
])
def test_what_did_not_happen_is_not_made_urgent(engine, text):
    out = Resident(engine, sender="+919844445678").send(text)
    assert out.case is None or out.case["priority"] != "urgent"
