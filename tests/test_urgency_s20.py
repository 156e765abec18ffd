"""Session 20 (s20-urg, issues 11 and 13): the thirty-first sets' urgent misses, fixed by concept in the packs' words
(lang/<code>/words/triage.yaml, every pack, both scripts and romanised): self-harm by means saved up or a fan looked at,
no point in living; a caller's threat to take the writer's own child unless paid; someone outside now after
following; a fake officer's call held or still on, someone kept in a room on a call; debits the
writer did not make, a balance that dropped, money put into a task scheme, money moved out, all with no time told; money paid in parts, the newest part minutes ago;
money sent in the refund trick minutes ago; someone held abroad and forced into online fraud. Sentences written for
this file in other words than the sets'; each concept has tests that fail on s20-blind."""
from __future__ import annotations

import pytest

from tests.test_urgency_nineteenth import _acts_first
from tests.triage_reading import NOW, read  # the same clock (10:00 in India, a Friday)

CONCEPTS = {
    # self-harm said by sleeping pills or poison saved up (harm_means with means_held / holding_means)
    "means_saved_up": [
        ("bn", "লোন অ্যাপের লোকেরা সবাইকে ছবি পাঠাচ্ছে। ঘুমের ওষুধগুলো জমিয়েছি, আর পারছি না"),
        ("bn-latn", "sobai amar chobi dekhe felche, ghumer oshudh gulo jomiye rekhechi"),
        ("hi-latn", "sab log video dekh chuke, neend ki goliyan jama karke rakhi hain"),
        ("hi", "सबको मेरी फोटो भेज दी, नींद की गोलियां इकट्ठी कर ली हैं"),
        ("ur", "سب کو میری تصویریں بھیج دیں، نیند کی گولیاں جمع کر کے رکھی ہیں"),
        ("en", "i have been saving up my sleeping pills, everyone has seen the video"),
    ],
    # looking at the ceiling fan after a loss or shame: hanging thought of (self_harm)
    "looking_at_the_fan": [
        ("hi-latn", "loan wale ghar walon ko call kar rahe, main bas pankhe ki taraf dekh raha hoon"),
        ("hi", "सब डूब गया, किसी को बता नहीं सकता, अब पंखे को देख रहा हूँ"),
        ("bn", "সব টাকা চলে গেছে, বাড়িতে বলতে পারছি না, এখন পাখার দিকে তাকিয়ে আছি"),
        ("bn-latn", "sob shesh, barite bolte parchi na, pakhar dike takiye achi"),
        ("ur", "سارا پیسہ ڈوب گیا، گھر والوں کو نہیں بتا سکتا، اب پنکھے کو دیکھ رہا ہوں"),
        ("en", "lost all my savings in trading, cant tell my wife, i keep staring at the ceiling fan"),
    ],
    # no point in living, said by the writer or of someone (self_harm / self_harm_other)
    "no_point_living": [
        ("bn-latn", "amar meye ke college e sobai khepay, o bolche benche theke ki labh"),
        ("bn", "ভাইকে অনলাইনে সবাই হেনস্থা করছে, ও বলছে বেঁচে থেকে কোনো লাভ নেই"),
        ("hi-latn", "beta bol raha hai ab jeene ka koi fayda nahi, sab uska mazak uda rahe"),
        ("hi", "मेरी बहन कह रही है कि जीने का कोई फायदा नहीं"),
        ("en", "my brother keeps saying there is no point in living after those posts"),
    ],
    # a caller threatening to take the writer's own child unless paid (kidnap)
    "own_child_threatened_for_money": [
        ("bn-latn", "phone kore bolche 5 lakh na dile amar meye ke college theke tule nebe"),
        ("bn", "একজন ফোনে বলছে টাকা না দিলে আমার ছেলেকে স্কুল থেকে তুলে নেবে"),
        ("hi-latn", "ek aadmi call karke bol raha 3 lakh nahi diye to meri beti ko tuition se utha lega"),
        ("ur", "ایک آدمی کہہ رہا ہے پیسے نہ دیے تو میرے بیٹے کو اسکول سے اٹھا لے گا"),
    ],
    # someone who follows the writer, standing outside now (nearby with a word of now)
    "outside_now": [
        ("hi-latn", "ek ladka roz office se follow karta hai, abhi bhi building ke bahar khada hai"),
        ("hi", "कोई रोज़ मेरा पीछा करता है, अभी भी बाहर खड़ा है"),
        ("bn", "একটা লোক রোজ পিছু করে, এখনও বাইরে দাঁড়িয়ে আছে"),
        ("ur", "کوئی ہر جگہ میرا پیچھا کرتا ہے، ابھی بھی باہر کھڑا ہے"),
    ],
    # a fake officer's call the writer holds while writing (live_call)
    "caller_on_hold": [
        ("hi-latn", "customs wala bol raha parcel me drugs mile, maine use hold par rakh ke message kiya hai, 40000 maang raha"),
        ("en", "a fake cbi officer is demanding 70000, i have put him on hold and am typing this"),
        ("ur", "ایک آدمی کسٹم افسر بن کر پیسے مانگ رہا ہے، میں نے اسے ہولڈ پر رکھا ہوا ہے"),
    ],
    # the call not cut, still on (live_call), though the money left hours ago or nothing is said of now
    "call_not_cut": [
        ("hi-latn", "subah 8 baje se ek CBI wala call pe tha, 9 baje 20000 bhej diye, ab 11 baj gaye, call abhi bhi on hai"),
        ("en", "someone claiming to be from customs said my parcel has drugs, i paid 15000 at 8 am, it is 10 now and the "
               "line is still open"),
        ("ur", "ایک آدمی نے کہا میں پولیس سے ہوں، آپ کی بیٹی پکڑی گئی ہے، پچاس ہزار بھیجو۔ لائن ابھی کٹی نہیں"),
        ("bn", "একজন বলছে সে পুলিশ, আমার ভাইকে ধরেছে, ৩০০০০ টাকা দিতে হবে। লাইন এখনো কাটেনি"),
    ],
    # someone on one call since a time, not let out of the room, no officer named (live_call)
    "kept_in_the_room_on_a_call": [
        ("hi-latn", "meri behen kal se ek call pe hai, wo log use kamre se bahar nahi aane de rahe, account details maang rahe"),
        ("en", "my son has been on one call since last night, the people wont let him leave his room and ask for bank details"),
        ("ur", "میری بہن کل سے ایک کال پر ہے، وہ لوگ اسے کمرے سے باہر نہیں آنے دے رہے، بینک کی تفصیل مانگ رہے ہیں"),
        ("bn", "আমার বোন কাল রাত থেকে একটা কলে আছে, ওরা ওকে ঘর থেকে বেরোতে দিচ্ছে না, ব্যাংকের ডিটেল চাইছে"),
    ],
    # debits the writer did not make, when not known (loss, time unknown)
    "debits_not_mine_when_unknown": [
        ("hi", "कार्ड के बिल में 2 लेनदेन हैं जो मैंने नहीं किए, कब हुए पता नहीं"),
        ("hi-latn", "account statement me 2 transaction hai jo maine nahi kiye, total 8000 rupaye, kab hue yaad nahi"),
        ("en", "there are 4 transactions on my card that i did not make, dont know when"),
        ("bn", "স্টেটমেন্টে তিনটে লেনদেন আছে যেগুলো আমি করিনি, মোট ১২০০০ টাকা, কবে হয়েছে জানি না"),
    ],
    # the balance dropped: so much left, so much there before (loss, time unknown)
    "balance_dropped": [
        ("hi-latn", "kab gaye pata nahi, khate me 120 rupaye bache hain jabki 25000 the"),
        ("hi", "खाते में 500 रुपये बचे हैं, 40000 थे"),
        ("ur", "اکاؤنٹ میں 300 روپے بچے ہیں، 20000 تھے"),
        ("en", "only 150 left in my account, there was 18000 in it"),
        ("bn", "অ্যাকাউন্টে ২০০ টাকা পড়ে আছে, ২৫০০০ ছিল"),
    ],
    # Telugu, romanised: someone took money from the account, when not known
    "telugu_taken_when_unknown": [
        ("hi-latn", "naa account nundi evaro 20000 teesukunnaru, eppudu teliyadu"),
    ],
    # money put into a task scheme, no time (loss, time unknown)
    "put_into_a_scheme": [
        ("ur", "ٹاسک کے نام پر دو لاکھ ڈال چکی ہوں، اب وہ واپس نہیں کر رہے"),
        ("hi-latn", "task wale group me 80000 daal chuka hun, paise wapas nahi de rahe"),
        ("hi", "टास्क वाले ग्रुप में 60000 डाल चुका हूँ, वापस नहीं दे रहे"),
    ],
    # money moved out of the account (loss, time unknown)
    "money_moved_out": [
        ("bn", "বাড়ি ফিরে দেখি অ্যাকাউন্ট থেকে টাকা সরিয়ে নিয়েছে"),
        ("bn-latn", "net banking e dhuke dekhi account theke taka sorano hoyeche"),
        ("en", "my sim stopped working and then someone moved money out of my account"),
    ],
    # money sent minutes ago in the refund trick, the credit faked (loss, golden)
    "refund_trick_sent_minutes_ago": [
        ("bn", "২ মিনিট আগে একজনকে ৫০০০ টাকা পাঠিয়ে ফেলেছি। সে বলেছিল ভুল করে টাকা পাঠিয়েছে, ফেরত দাও।"),
    ],
    # money paid in parts between two clock times, the time now told: the newest part dates the loss (another)
    "paid_in_parts": [
        ("en", "lost 45000 to a task scam, sent it in 3 parts between 1pm and 2:40pm, it is 3:05 now"),
        ("hi-latn", "fake job wale ko 4 hisso me 30000 bheje 1 baje se 2:30 baje tak, abhi 2:50 hue hai"),
        ("bn", "একটা টাস্ক স্ক্যামে ৩ ভাগে ২০০০০ টাকা পাঠিয়েছি ১টা থেকে ২:৩০ পর্যন্ত, এখন ২:৫০ বাজে"),
        ("ur", "ٹاسک والوں کو تین حصوں میں 25000 بھیجے، 1 بجے سے 2:30 بجے تک، اب 2:50 ہوئے ہیں"),
    ],
    # someone held abroad and forced into online fraud (kidnap: a person held)
    "held_abroad_forced_into_fraud": [
        ("en", "my brother went to myanmar for a job, now they are forcing him to do online fraud and have taken his passport"),
        ("hi-latn", "mera beta job ke liye cambodia gaya tha, wo log usse zabardasti online fraud karwa rahe hain"),
        ("hi", "बेटे से विदेश में ज़बरदस्ती ऑनलाइन फ्रॉड करवा रहे हैं, पासपोर्ट छीन लिया"),
        ("bn", "ছেলেকে বিদেশে জোর করে অনলাইন প্রতারণা করাচ্ছে, পাসপোর্ট কেড়ে নিয়েছে"),
        ("ur", "بیٹے سے بیرون ملک زبردستی آن لائن فراڈ کروا رہے ہیں، پاسپورٹ چھین لیا"),
    ],
}

CASES = [pytest.param(text, id=f"{concept}-{lang}-{n}")
         for concept, items in CONCEPTS.items() for n, (lang, text) in enumerate(items)]


@pytest.mark.parametrize("text", CASES)
def test_the_triage_reads_it_urgent(text):
    assert read(text).urgent, text


@pytest.mark.parametrize("text", [
    "agent ne passport rakh liya aur 50000 le liye, 3 mahine pehle ki baat hai",  # a fraud by an agent, old
    "pichle mahine task wale group me 2 lakh daal chuka hun, ab kya karu",  # a scheme's loss a month old
    "statement me ek transaction hai jo maine nahi kiya, 3 mahine purana hai",  # an old debit
    "fake police ka call aaya tha, maine kaat diya, kuch nahi diya",  # the call cut, nothing paid
    "mujhe aaj bacchon ko school se utha lena hai, phir thane aaunga fake profile ke liye",  # an errand
    "sent 20000 in 3 parts yesterday from 3pm to 5pm",  # parts of yesterday
    "how do i know if a fan repair website is real? i want to buy a ceiling fan",  # a fan, no danger
])
def test_their_neighbours_stay_below_urgent(text):
    found = read(text)
    assert not found.urgent, found


@pytest.mark.parametrize("message", [
    "ঘুমের ওষুধগুলো জমিয়ে রেখেছি, আর সহ্য হচ্ছে না",
    "sab khatam, ghar walon ko nahi bata sakta, pankhe ko dekh raha hu",
    "jaali police wala 90000 maang raha hai, main usko hold pe rakh ke likh raha hu",
    "ছেলেকে বিদেশে জোর করে অনলাইন প্রতারণা করাচ্ছে, মারধর করছে",
])
def test_the_case_is_urgent_and_the_first_reply_is_the_action(resident, message):
    out = resident.send(message)
    assert out.case and out.case["priority"] == "urgent", out.texts[:2]
    assert _acts_first(out), out.texts[:2]
