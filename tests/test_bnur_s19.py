"""Session 19 (s19-bnur, issues 11 and 13): the twenty-ninth Bengali and Urdu sets' urgent misses and flags, fixed by
concept in the packs' words (lang/*/words/triage.yaml). Every sentence is written for this file in other words than
the sets', in Bengali script, romanised Bengali, Urdu script and romanised Urdu (romanised Hindi where the concept is
said the same way)."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from bot.nlu.entities.times import told_now_gap

NOW = datetime(2026, 11, 27, 4, 30, tzinfo=timezone.utc)  # 10:00 in Kolkata

URGENT = {
    # self-harm said by the means at hand, bought, brought or kept (poison, sleeping pills, rope), not by a wish to die
    "means_at_hand": [
        "ছবিগুলো ছড়িয়ে দেবে বলছে, আমি ঘুমের ওষুধ কিনে রেখেছি",
        "chobi gulo choriye debe bolche, ami bish kine rekhechi",
        "وہ ویڈیو سب کو بھیجنے کی دھمکی دے رہا ہے، میں زہر خرید لایا ہوں",
        "wo photos viral karne ki dhamki de raha hai, maine goliyan kharid li hain",
    ],
    # a child gone to meet someone from online, the place said between ("milne railway station gaya")
    "child_gone_to_meet": [
        "আমার ১৩ বছরের মেয়ে ইনস্টাগ্রামের এক বন্ধুর সাথে দেখা করতে হাওড়া স্টেশনে চলে গেছে, ফোন সুইচ অফ",
        "amar 11 bochorer chele game er ek bondhur sathe dekha korte mall e geche, phone off",
        "میری بارہ سال کی بیٹی انسٹاگرام کے ایک دوست سے ملنے بس اڈے چلی گئی ہے، فون بند ہے",
        "mera 13 saal ka beta pubg wale dost se milne railway station gaya hai, phone band aa raha",
    ],
    # a remote or screen-share app opened and kept open at a caller's word, a login asked for
    "remote_app_kept_open": [
        "ওরা বলল টিমভিউয়ার খুলতে, আমি খুলে রেখেছি, ও নেট ব্যাংকিং এ লগইন করতে বলছে",
        "bank theke bolche anydesk khule rakhun, ami khule rekhechi, ekhon net banking password chaiche",
        "customer care wala bola teamviewer kholo, maine khol rakha hai, wo net banking login karne ko bol raha",
    ],
    # an app installed, and the phone now sends messages by itself
    "phone_sends_by_itself": [
        "একটা বিদ্যুৎ বিলের অ্যাপ ইনস্টল করেছি, এখন ফোন নিজেই সবাইকে মেসেজ পাঠাচ্ছে",
        "ek apk install kiya tha, ab phone khud hi sabko message bhej raha hai",
    ],
    # money withdrawn by someone (AePS, the thumbprint), the time not told
    "withdrawn_time_unknown": [
        "আঙুলের ছাপ দিয়ে কেউ আমার অ্যাকাউন্ট থেকে টাকা তুলেছে, আমি কোথাও আঙুল দিইনি",
        "amar account theke AEPS e taka tuleche keu, ami kono dokane jaini",
    ],
    # a bank transfer named by its kind said done ("RTGS ho gaya")
    "transfer_done": [
        "آج 3 لاکھ RTGS ہو گیا ایک انجان اکاؤنٹ میں، منیجر کہتا ہے پولیس کو بتاؤ",
        "aaj 3 lakh RTGS hoye geche ekta ochena account e, manager bolche police e janan",
        "abhi abhi 80 hazaar IMPS ho gaya ek anjaan number pe, bank wale bol rahe thane jao",
    ],
    # someone shut in a room on a video call with a fake officer; getting ready to send the money (the Bengali
    # script says both already: ভিডিও কলে with a word of talking reads a live call on main)
    "held_and_about_to_pay": [
        "نانا جان کمرے میں بند ہیں کسی سے ویڈیو کال پر، کہتے ہیں سی بی آئی ہے",
        "dadi kamre me band hain video call pe, koi CBI wala bola hai",
        "ammi kamre me band hain video call pe, koi CBI wala hai, paise bhejne ki taiyari kar rahi hain",
        "papa customs officer ke kehne par 3 lakh bhejne ki taiyari kar rahe hain",
    ],
}

NOT_URGENT = {
    # a phone picked up by someone (with apps on it) is a lost phone, no money gone
    "phone_picked_up": [
        "মায়ের ফোনটা ট্রেনে কেউ তুলে নিয়েছে, ওতে ব্যাংকের অ্যাপ আছে",
    ],
    # the refund trick: a payment screenshot, nothing received, "too much went, return the rest"
    "refund_trick": [
        "ek aadmi ne paise bhejne ka screenshot bheja, mere account me kuch nahi aaya, ab bol raha zyada chale gaye baki wapas karo",
        "ایک صاحب نے پیسے بھیجنے کا اسکرین شاٹ بھیجا، میرے کھاتے میں کچھ نہیں آیا، کہتا ہے زیادہ چلے گئے واپس کرو",
    ],
    # a loss at 8 in the morning told at 2 in the afternoon, beside a threat of "tonight" (hours old: not urgent)
    "hours_since_told": [
        "বিদ্যুতের মেসেজে লিখেছিল আজ রাতে লাইন কাটবে, অ্যাপ নামালাম, ৪০০০০ টাকা চলে গেল। এটা সকাল ৮টার ঘটনা, এখন দুপুর ২টো",
    ],
    # a video call cut at once by the writer; a fake officer calls after (high, not urgent)
    "call_cut_at_once": [
        "ভিডিও কলে একটা মেয়ে খারাপ কিছু দেখাচ্ছিল, আমি সাথে সাথে কেটে দিলাম, এখন ভিডিও ছড়িয়ে দেবে বলছে আর একজন পুলিশ অফিসার সেজে ফোন করছে",
    ],
}


def _cases(table):
    return [pytest.param(text, id=f"{concept}-{i}") for concept, texts in table.items() for i, text in enumerate(texts)]


@pytest.mark.parametrize("text", _cases(URGENT))
def test_the_concepts_missed_are_urgent(resources, text):
    assert resources.classifier.classify(text, NOW).urgent


@pytest.mark.parametrize("text", _cases(NOT_URGENT))
def test_the_concepts_flagged_are_not_urgent(resources, text):
    assert not resources.classifier.classify(text, NOW).urgent


@pytest.mark.parametrize("message, lines", [
    # self-harm by the means at hand: 112 first, Tele-MANAS 14416 beside it
    ("ছবিগুলো ছড়িয়ে দেবে বলছে, আমি ঘুমের ওষুধ কিনে রেখেছি", ("112", "14416")),
    ("chobi gulo choriye debe bolche, ami bish kine rekhechi", ("112", "14416")),
    ("وہ ویڈیو سب کو بھیجنے کی دھمکی دے رہا ہے، میں زہر خرید لایا ہوں", ("112", "14416")),
    ("wo photos viral karne ki dhamki de raha hai, maine goliyan kharid li hain", ("112", "14416")),
    ("میری بارہ سال کی بیٹی انسٹاگرام کے ایک دوست سے ملنے بس اڈے چلی گئی ہے، فون بند ہے", ("112",)),
    ("amar account theke AEPS e taka tuleche keu, ami kono dokane jaini", ("1930",)),
])
def test_the_first_reply_is_the_action(resident, message, lines):
    out = resident.send(message)
    assert lines[0] in out.texts[0]
    assert all(line in " ".join(out.texts[:2]) for line in lines[1:])
    assert out.case["priority"] == "urgent"


@pytest.mark.parametrize("text", [
    "বিদ্যুতের মেসেজে লিখেছিল আজ রাতে লাইন কাটবে, অ্যাপ নামালাম, ৪০০০০ টাকা চলে গেল। এটা সকাল ৮টার ঘটনা, এখন দুপুর ২টো",
    "bijli ka msg aaya ki aaj raat connection kat jayega, call kiya to app dalwaya, 62000 gaye. ye subah 9 baje hua, ab shaam ke 4 baje hain",
    "بجلی کا میسج آیا کہ آج رات کنکشن کٹ جائے گا، ایپ ڈلوائی، ۶۲۰۰۰ چلے گئے۔ یہ صبح ۹ بجے ہوا، اب شام کے ۴ بجے ہیں",
    "message said power will be cut tonight, I called and installed an app, 62000 gone. it was 9 in the morning, now it is 4 pm",
])
def test_a_threat_of_tonight_does_not_hide_the_hours_since_the_loss(text):
    # the hour read with the message's first part of the day ("tonight") is past twelve hours: the clause just before
    # the time now tells the other time by itself (times.told_now_gap)
    gap = told_now_gap(text)
    assert gap is not None and gap.total_seconds() >= 5 * 3600
