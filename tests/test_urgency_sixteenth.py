"""Session 11 (s11-urgency2): the sixteenth sets' urgent misses, fixed by concept in the packs' words
(lang/<code>/words/triage.yaml) and told here in new sentences, through the real engine: the first reply carries the
golden-hour action (1930 for money, 112 for danger, "cut the call" for a caller still on) and the case is urgent.
Every sentence here was written for this file."""
from __future__ import annotations

import pytest

# money gone: chat spelling with no time ('pese'), the western Bengali 'তুলে লিয়েছে', a payment app in Urdu with a time
# within the hour, a time not remembered in Urdu, the refund trick paid back
MONEY_URGENT = [
    "mere account se pese kat rahe hai, 2 baar 4000 4000, samajh nahi aa raha",
    "আমার বাবার একাউন্ট থেকে কেউ ৩০ হাজার টাকা তুলে লিয়েছে, আমরা কাউকে কিছু বলি নাই",
    "ابھی کچھ دیر پہلے ایک آدمی نے کہا آپ کے بھائی نے پیسے مانگے ہیں، میں نے چار ہزار فون پے کر دیے",
    "امی کے اکاؤنٹ سے بیس ہزار نکل گئے، یاد نہیں کب ہوا، کل یا پرسوں",
    "a man said 2000 reached my upi by mistake, I returned 2000 to him 15 minutes ago, my balance never had it",
    "ippude naa account nundi 1800 cut ayyindi, evariki OTP cheppaledu",  # romanised Telugu in a message
    "I paid 1499 as processing fee for an instant loan and the agent has blocked me",  # a fee paid, no time said
]

# card or login details typed on a link just now, nothing taken yet
TYPED = [
    "abhi ek message ke link pe credit card daal diya, OTP bhi, paise nahi kate abhi tak",
    "ابھی ایک لنک پر اپنے کارڈ کا نمبر اور سی وی وی لکھ دیا، ابھی کچھ نہیں کٹا",
    "একটা লিংকে নেট ব্যাংকিং এর আইডি আর পাসওয়ার্ড দিয়েছি, এখন ওটিপি চাইছে",
    "i entered my card number and the otp on a courier site 4 min ago, nothing debited yet",
]

# a child gone from home to meet someone met online, or those who followed her still waiting outside
CHILD = [
    "मेरा 15 साल का बेटा किसी गेम वाले दोस्त से मिलने घर से चला गया है, फोन नहीं उठा रहा",
    "my 12 year old daughter has gone to meet someone from snapchat, her phone is switched off",
    "two men on a bike followed my 15 year old niece from school and their bike is still parked outside our gate",
]

# self-harm said indirectly: standing on the roof (Bengali, both scripts), ending it all (Urdu)
SELF_HARM = [
    "সবাই ছবিটা দেখে ফেলেছে, আমি ছাদে দাঁড়িয়ে আছি",
    "oi chobi sobai dekhe feleche, ami chade dariye achi",
    "وہ میری تصویریں سب کو بھیج رہے ہیں، دل کرتا ہے سب ختم کر دوں",
]

# a caller still on the line: a fake relative on the phone with a parent now, a call told still on
LIVE_CALL = [
    "a man pretending to be my nephew is on a whatsapp number right now with my grandmother, she is about to pay 40000",
    "a woman says my brother had an accident and needs 20000 for the hospital, the call is on",
    "gas agency wale ne call pe ek app install karwaya, ab keh raha hai 5 rupaye bhejo, call abhi chal raha hai",
]


CUT = ("cut the call", "कॉल काट", "کال کاٹ", "কলটি কেটে")

# what the first reply (and the one after it) must carry, by concept: 1930 for money, 112 with 1098 for a child or
# 14416 for self-harm, "cut the call" for a caller still on
FIRST_REPLY = {
    "money": lambda texts: "1930" in texts[0],
    "typed": lambda texts: "1930" in texts[0],
    "child": lambda texts: "112" in texts[0] and "1098" in " ".join(texts[:2]),
    "self_harm": lambda texts: "112" in texts[0] and "14416" in " ".join(texts[:2]),
    "live_call": lambda texts: any(cut in texts[0].lower() for cut in CUT),
}
CASES = [(kind, message) for kind, messages in (("money", MONEY_URGENT), ("typed", TYPED), ("child", CHILD),
                                                ("self_harm", SELF_HARM), ("live_call", LIVE_CALL))
         for message in messages]


@pytest.mark.parametrize(("kind", "message"), CASES)
def test_the_first_reply_carries_the_golden_hour_action_and_the_case_is_urgent(resident, kind, message):
    out = resident.send(message)
    assert FIRST_REPLY[kind](out.texts), out.texts[:2]
    assert out.case["priority"] == "urgent"


def test_a_week_of_following_stays_below_urgent(resident):
    out = resident.send("a boy keeps following my 15 year old daughter to her tuition every day this month")
    assert not (out.case and out.case["priority"] == "urgent")
