"""Session 20 (s20-urg2, issues 11 and 13): the thirty-second sets' urgent misses, fixed by concept in the packs' words
(lang/<code>/words/triage.yaml and time.yaml, every pack, both scripts and romanised): a wish to end everything, no
point any more (said by the writer or of a son), throwing oneself under a train; a threat to come and cut the writer;
a threat to take a child unless a complaint is withdrawn; a child's pictures on a Telegram channel; the card's
three back digits or both its sides given just now, bank details filled on a link; a debit or money gone with its
time or amount not known; an apology for writing at night (no time of the loss); less than an hour ago; someone
sitting locked in a room on a call. Sentences written for this file in other words than the sets'; each concept has
tests that fail on s20-integ2."""
from __future__ import annotations

import pytest

from tests.test_urgency_nineteenth import _acts_first
from tests.triage_reading import concept_cases, read  # at 10:00 in India, a Friday

CONCEPTS = {
    # a wish to end everything, said as wanting (self_harm)
    "want_to_end_everything": [
        ("hi-latn", "usne meri video sabko bhej di, ab main sab khatam kar dena chahta hu"),
        ("hi", "सबको फोटो भेज दी है, मैं सब खत्म कर देना चाहती हूँ"),
        ("ur", "سب رشتہ داروں کو ویڈیو بھیج دی، اب میں سب ختم کر دینا چاہتا ہوں"),
        ("bn", "সবাই ভিডিওটা দেখে ফেলেছে, আমি সব শেষ করে দিতে চাই"),
        ("en", "the loan app sent my pics to everyone in my contacts, i just want to end it all"),
    ],
    # no point any more, said by the writer (self_harm) or of someone else (self_harm_other)
    "no_point_any_more": [
        ("en", "my daughter lost her savings to a job scam and last night she said there is no point anymore"),
        ("en", "everyone at work has seen the morphed photos, theres no point anymore"),
        ("hi-latn", "mera bhai bol raha hai ab kuch matlab nahi raha, sab log uska mazak bana rahe"),
        ("bn", "ভাইয়ের ছবি সবাই দেখেছে, ও বলছে আর কিছুর মানে নেই"),
        ("ur", "میرا بیٹا کہہ رہا ہے اب کچھ مطلب نہیں رہا، سب اس کا مذاق اڑا رہے ہیں"),
    ],
    # throwing oneself under or before a train (self_harm)
    "under_a_train": [
        ("hi-latn", "loan wale roz gaali dete hai, mann karta hai train ke neeche aa jaun"),
        ("hi", "रोज़ धमकी मिल रही है, मन करता है ट्रेन के नीचे आ जाऊं"),
        ("bn", "রোজ ফোনে গালাগালি করছে, ইচ্ছে করছে ট্রেনের নিচে ঝাঁপ দিই"),
        ("ur", "قرض والے ہر روز دھمکیاں دیتے ہیں، دل چاہتا ہے ٹرین کے آگے کود جاؤں"),
        ("en", "they call my parents every day, i feel like i should jump in front of a train"),
    ],
    # a threat to come and cut the writer (life)
    "threat_to_cut": [
        ("bn-latn", "ekta fake id theke bolche barite ese kete felbo"),
        ("bn", "একজন মেসেজে লিখেছে বাড়ি এসে তোকে কেটে ফেলবো"),
        ("hi-latn", "ek aadmi insta pe likh raha hai ghar aake tukde tukde kar dunga"),
        ("hi", "एक आदमी लिख रहा है कि घर आकर टुकड़े टुकड़े कर दूंगा"),
        ("ur", "ایک آدمی کہہ رہا ہے گھر آ کر تمہارے ٹکڑے ٹکڑے کر دوں گا"),
        ("en", "a man on facebook says he will come at night and cut you into pieces, he means me"),
    ],
    # a threat to take a child unless a complaint is withdrawn: a condition, no school errand (kidnap)
    "child_taken_unless_complaint_withdrawn": [
        ("bn", "অভিযোগ তুলে না নিলে আমার মেয়েকে স্কুল থেকে তুলে নিয়ে যাবে"),
        ("bn-latn", "complain tule na nile amar chele ke school theke tule niye jabe"),
    ],
    # a child's pictures spread on a Telegram channel (child)
    "child_pictures_on_a_channel": [
        ("en", "someone is posting photos on a telegram channel of my son, he is only 14"),
        ("hi-latn", "meri 13 saal ki beti ki telegram channel pe photo daal di kisi ne"),
        ("bn", "আমার ১৪ বছরের মেয়ের টেলিগ্রাম চ্যানেলে ছবি দিচ্ছে কেউ"),
        ("ur", "میری ۱۴ سال کی بیٹی کی ٹیلیگرام چینل پر تصویریں ڈال رہا ہے کوئی"),
    ],
    # the card's back digits or both its sides given just now; bank details filled on a link just now (details given)
    "card_given_just_now": [
        ("hi-latn", "abhi 5 minute pehle maa ne phone pe card number aur peeche wale 3 digit bata diye"),
        ("hi-latn", "kyc ke naam pe abhi dono side ki photo bhej di card ki"),
        ("hi-latn", "electricity bill wale link pe abhi abhi bank ki details bhari, otp aane lage"),
        ("en", "just now i sent a photo of both sides of my card to a man who said he was from the bank"),
        ("en", "5 min ago i read out the 3 digits on the back of my card to a caller"),
        ("ur", "ابھی ابھی بینک والے کو کارڈ کے دونوں طرف کی تصویر بھیج دی"),
        ("bn", "এখনই একজনকে কার্ডের দুই দিকের ছবি পাঠিয়ে দিয়েছি"),
    ],
    # a debit seen, when or how much not known (loss, time unknown)
    "debit_seen_when_unknown": [
        ("hi", "पर्स चोरी हुआ, कार्ड से 12000 का लेनदेन हुआ है, कब का है पता नहीं"),
        ("hi-latn", "phone chori hua tha, usse 5000 ka transaction hua hai, kab pata nahi"),
        ("bn", "ফোন চুরি হয়েছে, এখন দেখছি টাকা নেই, কত গেছে জানি না"),
        ("en", "my phone was stolen, money is missing, i dont know how much is gone"),
    ],
    # an apology for writing at night gives no time of the loss (loss, time unknown)
    "sorry_for_writing_at_night": [
        ("en", "sorry to disturb you at night. a man took my upi pin on call and 25000 is gone"),
    ],
    # less than an hour ago (loss, within the golden hour)
    "less_than_an_hour": [
        ("ur", "ایک گھنٹے سے بھی کم ہوا ہے، میرے اکاؤنٹ سے ۹۰۰۰ روپے کٹ گئے"),
        ("hi-latn", "ek ghante se kam hua hai, mere account se 9000 rupaye kat gaye"),
        ("hi", "एक घंटे से कम हुआ है, खाते से 9000 रुपये कट गए"),
        ("bn", "এক ঘণ্টার কম হয়েছে, অ্যাকাউন্ট থেকে ৯০০০ টাকা কেটে নিয়েছে"),
        ("en", "less than an hour ago 9000 was debited from my account"),
    ],
    # someone sitting locked in a room on a call (kidnap: a person held)
    "sitting_locked_in_room": [
        ("en", "my grandfather is in digital arrest, sitting locked in room with his laptop, he went to the bank at 11"),
    ],
}


@pytest.mark.parametrize("text", concept_cases(CONCEPTS))
def test_the_triage_reads_it_urgent(text):
    assert read(text).urgent, text


@pytest.mark.parametrize("text", [
    "sabzi kaat ke rakh dunga, tum khana bana lena",  # cutting vegetables, no threat to anyone
    "আমি সবজি কেটে ফেলবো, তুমি রান্না করো",  # the same in Bengali
    "maine kal 2000 ka transaction kiya tha, statement kaise nikalu",  # a payment the writer made, yesterday
    "good night, kal baat karte hai",  # a greeting only
    "how do i stop my kids photos being shared on social media? just asking",  # a question, no child named at risk
    "I lost 20000 two days ago, sorry for disturbing at night",  # an old loss, the night is only the writing time
])
def test_their_neighbours_stay_below_urgent(text):
    assert not read(text).urgent, read(text)


@pytest.mark.parametrize("message", [
    "sab log video dekh chuke, main sab khatam kar dena chahti hu",
    "দিনরাত গালাগালি, মনে হচ্ছে ট্রেনের নিচে ঝাঁপ দিই",
])
def test_the_case_is_urgent_and_the_first_reply_is_the_action(resident, message):
    out = resident.send(message)  # urgent, and the first reply tells the action (112 / Tele-MANAS 14416 first)
    assert out.case and out.case["priority"] == "urgent" and _acts_first(out), out.texts[:2]


@pytest.mark.parametrize("text", [
    # session 20 (lead, at the merge): the sixth set's "bank se 3 message aaye hai paise ke" was read urgent only
    # through the model's ranking, lost at the retrain; bank messages about money are a loss told, in every pack
    "kuch link khola tha, ab bank se do msg aaye hai paise ke, kya karu",
    "I clicked something and now 2 messages from the bank about money, what happened",
    "লিংকে চাপ দিয়েছিলাম, এখন ব্যাংক থেকে ২টো টাকার মেসেজ এসেছে",
    "ایک لنک دبایا تھا، اب بینک سے دو میسج آئے ہیں پیسوں کے",
])
def test_bank_messages_about_money_are_a_loss(text):
    assert read(text).urgent, read(text)


def test_a_bank_message_asking_for_kyc_is_no_loss():
    assert not read("bank se message aaya ki KYC karo warna paise ke transaction band").urgent


@pytest.mark.parametrize("message", [
    # session 20 (lead, a resident's trial, S1): the wish to die said plainly in Hindi and Urdu got a menu or "Did
    # you mean"; now 112 / Tele-MANAS 14416 first and an urgent case, in the resident's language (other words here)
    "मैं अब अपनी जान देना चाहती हूँ, कोई रास्ता नहीं बचा",
    "sab paisa doob gaya, jeene ka koi matlab nahi bacha",
    "میں اپنی جان دینا چاہتی ہوں، اب برداشت نہیں ہوتا",
    "i am still on hold, the man from the bank told me to stay on the line while he checks",
])
def test_the_wish_to_die_said_plainly_and_a_caller_holding_the_line_act_first(resident, message):
    out = resident.send(message)
    assert out.case and out.case["priority"] == "urgent" and _acts_first(out), out.texts[:2]
