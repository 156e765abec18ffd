"""Session 18 (s18-flags, issue 11): non-urgent first messages the triage flagged urgent, fixed by concept. Each concept
has its calm family (not urgent) and its urgent neighbours (still urgent), in English and at least one more pack (Hindi,
Bengali or Urdu). Every sentence here was written for this file, in other words than the blind-set messages."""
from __future__ import annotations

import pytest

from bot.nlu.entities import times
from tests.triage_reading import NOW, read  # 10:00 in India, a Friday


# -- a loss hours old, told loosely: "it's been N hours", "N hours have passed", "now evening", a time corrected ----
@pytest.mark.parametrize("text", [
    "bought a phone from an instagram page, paid 12000 and they vanished. it has been about 5 hours",
    "transferred 7000 to a flat owner for the deposit, no reply since. 4 hours have passed",
    "rent ka advance 7000 bheja tha owner ko, ab number band hai. lagbhag 4 ghante ho gaye",
    "paid 3000 to a courier guy by upi around 1 in the afternoon. now evening",
    "dupure 1 tay 3000 pathalam courier er lok ke, ekhon raat 9 ta",
    "এটা আজ বিকেলের ঘটনা, ৫০০০ টাকা পাঠিয়েছি, এখন রাত ৯টা",
    "I paid the electrician 4500 on a link 30 minutes ago... no wait, closer to 3 hours",
    "link pe 4500 bheje 30 minute pehle... nahi, dedh ghanta",
    "৩০ মিনিট আগে লিংকে ৪৫০০ টাকা দিয়েছি... না, প্রায় ৩ ঘণ্টা",
])
def test_a_loss_told_hours_old_in_loose_words_is_not_the_golden_hour(text):
    found = read(text)
    assert found.loss and found.age == "day" and not found.urgent, found


@pytest.mark.parametrize("text", [
    "paid 8000 to a fake seller, it has been 20 minutes",
    "I paid 4500 on a link 3 hours ago... no wait, 20 minutes",
    "4500 bheje 2 ghante pehle... nahi, 20 minute",
    "paid 6000 at 9:40, it is 10 now",
])
def test_a_loss_corrected_or_told_within_the_hour_stays_urgent(text):
    found = read(text)
    assert found.loss and found.age == "golden" and found.urgent, found


def test_a_length_said_before_its_ago_and_a_correction_are_read_as_times():
    for text, minutes in [("its been around 3 hours", 180), ("it has already been 2 hours", 120),
                          ("sent it 40 min back, sorry actually 2 hours", 120),
                          ("bheje 10 minute pehle... nahi, 1 ghanta", 60)]:
        answer = times.parse_time(text, NOW)
        assert answer is not None and answer.at is not None, text
        assert round((NOW - answer.at).total_seconds() / 60) == minutes, text


# -- threats with no danger to life: calls since the morning, followed online, the home known with no harm named ---
@pytest.mark.parametrize("text", [
    "somebody uploaded my number and flat address to a whatsapp group, random men keep phoning me since yesterday",
    "my phone went missing since last night, maybe in a cab, how do I block it",
    "kisi ne mera number group me daal diya, ab anjaan log subah se phone kar rahe hain",
    "a creep keeps following me on instagram, each time I block him he opens another profile",
    "koi ladka instagram pe follow karke roz gande message bhejta hai, block karti hu to nayi id bana leta hai",
    "someone keeps posting angry replies under my reels, says he knows where I live and he will visit me",
    "ek banda comment me likhta hai mera address pata hai, aayega milne",
])
def test_a_threat_with_no_danger_to_life_is_not_urgent(text):
    found = read(text)
    assert not found.danger and not found.live_call and not found.urgent, found


@pytest.mark.parametrize("text", [
    "he says he knows where I live and he is coming tonight to kill me",
    "he knows where I live and he is outside my gate right now",
    "wo bol raha hai address pata hai, aaj raat aakar maar dunga",
    "a man is following me on my way home right now",
])
def test_a_threat_to_life_or_someone_near_stays_urgent(text):
    assert read(text).danger, text


# -- shame said by someone threatened stays self-harm (the lead's decision, session 18) -------------------------------
# "I cannot show my face" after a threat to share pictures is the sextortion victim's warning sign: 112 and Tele-MANAS
# first. A false urgent case costs an officer's minute; a missed one may cost a life.
@pytest.mark.parametrize("text", [
    "he says he will share my pics with my office, I cannot show my face anywhere then",
    "wo meri photos relatives ko bhej dega, main kisi ko muh dikhane layak nahi rahungi",
    "ও আমার ছবি সবাইকে পাঠাবে বলছে, আমি কাউকে মুখ দেখাতে পারব না",
    "وہ میری تصویریں رشتہ داروں کو بھیج دے گا، میں منہ دکھانے کے قابل نہیں رہوں گی",
])
def test_shame_said_by_someone_threatened_stays_self_harm(text):
    found = read(text)
    assert "self_harm" in found.danger and found.urgent, found


@pytest.mark.parametrize("text", [
    "he will share my pics, I cannot show my face anywhere, I want to die",
    "photos bhej dega, muh dikhane layak nahi, main jeena nahi chahti",
    "ছবি পাঠিয়ে দেবে, মুখ দেখাতে পারব না, আমি আর বাঁচতে চাই না",
])
def test_shame_beside_words_of_dying_stays_self_harm(text):
    assert "self_harm" in read(text).danger, text


# -- a blackmailer paid before who asks again every week: payments over weeks --------------------------------------
@pytest.mark.parametrize("text", [
    "a woman from a dating site has my private chat, I already paid 3 times, she is demanding every week now",
    "video ke naam pe 3 baar paise de chuka hu, ab har hafte paise maang raha hai",
    "ভিডিওর জন্য ৩ বার টাকা দিয়েছি, এখন প্রতি সপ্তাহে টাকা চাইছে",
])
def test_a_blackmail_paid_before_and_asked_weekly_is_not_the_golden_hour(text):
    assert not read(text).urgent, read(text)


# -- someone else's payment the writer warned against; details asked for, asked whether to send ---------------------
@pytest.mark.parametrize("text", [
    "our supplier's email got hacked and a buyer is about to pay 2 lakh to a new account, I have warned them",
    "vendor ka mail hack hua, ek grahak 90000 naye khate me transfer karne ja raha tha, maine use rok diya",
    "a loan agent on whatsapp wants photos of my aadhaar and pan card for a zero interest loan. should I send?",
    "बिना ब्याज लोन के लिए आधार और पैन कार्ड की फोटो मांग रहे हैं, भेज दूं क्या?",
    "লোনের জন্য আধার আর প্যান কার্ডের ছবি চাইছে, পাঠাবো কি?",
])
def test_a_payment_warned_against_or_details_only_asked_for_is_not_urgent(text):
    found = read(text)
    assert not found.ongoing and not found.details_typed and not found.urgent, found


@pytest.mark.parametrize("text", [
    "I just typed my card number and cvv on their loan page",
    "লোনের জন্য কার্ডের ছবি এইমাত্র পাঠিয়ে দিয়েছি",
    "my father is about to pay 50000 to a caller right now, he is at the bank",
    "vendor ka mail hack hua, ek grahak 90000 naye khate me transfer karne ja raha hai",
])
def test_details_given_or_money_about_to_go_stays_urgent(text):
    """(the warned-against payment's neighbour: "ek grahak 90000 transfer karne ja raha hai" with no warning is urgent)"""
    assert read(text).urgent, text


# -- "if someone says ..." asks a what-if; a call on now stays a call -----------------------------------------------
@pytest.mark.parametrize("text", [
    "যদি কেউ ফোন করে বলে আপনি ডিজিটাল অ্যারেস্টে আছেন, তখন কী করব?",
    "jodi keu bole ami digital arrest e achi, ki korbo?",
])
def test_a_digital_arrest_asked_as_a_what_if_is_no_call(text):
    found = read(text)
    assert not found.live_call and not found.urgent, found


def test_a_digital_arrest_going_on_stays_a_call():
    assert read("আমি এখন ভিডিও কলে ডিজিটাল অ্যারেস্টে আছি, পুলিশ বলছে কল কাটা যাবে না").urgent


# -- a range of days guessed beside not knowing when: an old loss; a span still to come is no guess ----------------
@pytest.mark.parametrize("text", [
    "invested 15000 in an app that shut down, dont remember exactly, maybe 3-4 days",
    "trading app me 15 hazar lagaye, app band ho gaya. theek se yaad nahi, shayad 3-4 din",
    "15 হাজার টাকা একটা অ্যাপে দিয়েছিলাম, ঠিক মনে নেই, ৩-৪ দিন হবে",
])
def test_a_range_of_days_guessed_is_an_old_loss(text):
    assert read(text).told_age == "old", read(text)


@pytest.mark.parametrize("text", [
    "15000 gaye, pata nahi kab, bank 2-3 din me batayega",
    "15000 was debited, no idea when, bank said refund in 2-3 days",
])
def test_a_span_still_to_come_beside_a_time_not_known_stays_urgent(text):
    found = read(text)
    assert found.loss and found.age == "unknown" and found.urgent, found


@pytest.mark.parametrize("text", [
    "my aunt is shut in her room on a whatsapp video call with a fake ED officer since morning, he wants her to transfer money",
    "he is threatening me, I feel like ending it",
    "they will leak my photos, I am thinking of jumping from the roof",
])
def test_a_call_held_since_a_time_and_words_of_dying_stay_urgent(text):
    assert read(text).urgent, text
