"""Session 18 (s18-urg, issue 11, "golden hour"): the twenty-seventh sets' urgent misses and session 17's in-sample
leftovers, fixed by concept in the packs' words (lang/<code>/words/triage.yaml) and one clause of triage.read (a caller
said to be calling now): fear that someone may harm themselves, the phone worked from afar now with no install told,
not knowing when said of another or as "maybe X maybe Y", a stolen phone's day that dates no debit, "I gave nothing to
anyone" beside a debit, debit messages told with their total, money that kept being cut, a payment wallet emptied,
someone watched over on a video call, a caller calling again now with a demand (though the message asks "is it true?"),
someone who used the writer's card, an installed app's caller asking to see the screen, a swapped QR's money that was
going to him. Told through the real engine: the case is urgent and the first reply is the golden-hour action.
Sentences written for this file in other words than the sets'; each concept in a second language."""
from __future__ import annotations

import pytest

from tests.test_urgency_nineteenth import _acts_first

URGENT = [
    # fear said that someone may harm themselves (a parent's, a sibling's)
    "meri beti college me padhti hai, kisi ne uski photo edit karke daal di, wo ro rahi hai, mujhe darr hai wo kuch kar na baithe",
    "my brother is being blackmailed over a video and is not talking to anyone, i am scared he might do something to himself",
    "বোনের ছবি নিয়ে ব্ল্যাকমেল করছে, ও দরজা দিয়ে বসে আছে, ভয় হচ্ছে কিছু করে না বসে",
    "میرا بھائی بلیک میل ہو رہا ہے، کھانا نہیں کھا رہا، ڈر ہے کچھ کر نہ لے",
    # the phone worked from afar now, no install told
    "help someone is controlling my phone remotely, the screen is moving by itself and gpay opened",
    "میرے فون کی اسکرین اپنے آپ چل رہی ہے، کوئی ریموٹ سے چلا رہا ہے",
    "আমার ফোনের স্ক্রিন নিজে নিজে চলছে, কেউ রিমোট থেকে চালাচ্ছে, ব্যাংকের অ্যাপ খোলা",
    # not knowing when said of another, or a guess "maybe X maybe Y"
    "my uncle gave his card details to a caller and 22000 was deducted, he does not remember when it happened",
    "papa ne caller ko card ka number bata diya, 15000 kat gaye, shayad subah shayad kal raat",
    "امی نے کارڈ نمبر بتا دیا، ۲۵ ہزار کٹ گئے، شاید صبح شاید کل",
    # a stolen phone's day dates the phone, not the money taken from it since
    "my mobile was stolen in the metro on monday, today I checked and 45000 gone by upi",
    "গত সপ্তাহে ফোন চুরি হয়েছিল, এখন দেখি অ্যাকাউন্ট থেকে ৪০ হাজার টাকা চলে গেছে",
    # "I gave nothing to anyone" beside a debit; debit messages told with their total
    "আজ দেখি অ্যাকাউন্ট থেকে ১৫০০০ টাকা কেটে গেছে, আমি কাউকে কিছু দিইনি",
    "got 3 debit messages together, total 21500, i didnt share otp with anyone",
    # money that kept being cut, since when not known; a payment wallet emptied
    "beta ab bata raha hai ki uske game me mere card se paise katte rahe hain, kab se pata nahi, 20 hazar hoga",
    "my card kept getting charged by some subscription, no idea since when, about 12000",
    "someone emptied my mobikwik wallet",
    "آج دیکھا میرا والیٹ خالی ہو گیا ہے",
    # someone watched over on a video call now; a fake officer calling again now with a demand
    "nana ji ko CBI wale subah se video call par nigrani mein rakhe hue hain, FD todne ko bol rahe",
    "fake customs officers have my father under surveillance on a video call since last night, want 4 lakh today",
    "kya sach me police video call pe verification karti hai? ek inspector ne kaha ghar se bahar mat jana, abhi phir call kar raha hai aur bank details maang raha",
    "সত্যি কি পুলিশ ভিডিও কলে যাচাই করে? একজন অফিসার বলেছে ঘরে থাকতে, এখন আবার ফোন করছে আর এফডির তথ্য চাইছে",
    # someone used the writer's card, transaction messages now
    "somebody used my credit card in singapore, 2 transaction sms just now, card is with me",
    "kisi ne mera card use kiya abhi abhi, 2 transaction ke sms aaye",
    # an installed app's caller asking to see the screen now
    "the refund guy made me install an app and now he is asking me to share my screen",
    "ওরা একটা অ্যাপ ইনস্টল করিয়েছে, এখন স্ক্রিন শেয়ার করতে বলছে",
    # a swapped QR's money that was going to him, since when not known
    "someone stuck his QR over my shop QR, no idea since when, customers payments were going into his account",
    "دکان کے کیو آر پر کسی نے اپنا کیو آر لگا دیا، پتا نہیں کب سے گاہکوں کے پیسے اس کے اکاؤنٹ میں جا رہے تھے",
    # a login typed into a page minutes ago, nothing gone yet: "password. 3 mins back" is a time, not the password
    "I typed my internet banking user id and password. 3 mins back. nothing debited yet",
    "papa ne ek link pe net banking ka user id password daala 10 minute pehle, abhi tak kuch nahi kata",
]

NOT_URGENT = [
    # a fear of a hacker, said far from the fear word; a question about remote control
    "mujhe dar hai ki wo hacker mere account me kuch kar na le",
    "what is remote access, can someone control my phone remotely?",
    # a stolen phone with nothing taken; a loss dated the same night
    "my phone was stolen yesterday, I blocked the sim, nothing debited",
    "phone chori ho gaya 2 din pehle, kya karu",
    # "I gave nothing" with a demand only; cut money that stopped last year
    "they asked 5000 for the parcel, ami kauke kichu dini, is it a scam",
    "میرے کارڈ سے ہر مہینے پیسے کٹتے رہے، پچھلے سال تک، اب بند ہو گئے",
    # a watch on a call that is over; calls that keep coming, not picked up
    "پچھلے ہفتے ای ڈی والوں نے ابو کو دو دن نگرانی میں رکھا تھا اور ۵ لاکھ لے لیے",
    "a police officer keeps calling again and again since yesterday, i have not picked up, is it real?",
    # a card asked about; a lost wallet
    "can someone use my card in another country if it is with me?",
    "lost my wallet in the bus, what to do",
    "should i share my screen with the bank guy?",
]


def test_a_time_after_password_is_no_password():
    from bot.nlu.redact import redact
    assert "REDACTED" not in redact("entered my login password. 4 mins ago").text
    assert "REDACTED" not in redact("password 10 minute pehle daala").text
    assert "REDACTED" in redact("password: 4455 mins").text  # told with a colon: still the password
    assert "REDACTED" in redact("my password is 123456").text


@pytest.mark.parametrize("message", URGENT)
def test_the_case_is_urgent_and_the_first_reply_is_the_action(resident, message):
    out = resident.send(message)
    assert out.case and out.case["priority"] == "urgent", out.texts[:2]
    assert _acts_first(out), out.texts[:2]


@pytest.mark.parametrize("message", NOT_URGENT)
def test_its_neighbours_stay_below_urgent(resident, message):
    out = resident.send(message)
    assert not (out.case and out.case["priority"] == "urgent"), out.texts[:2]
