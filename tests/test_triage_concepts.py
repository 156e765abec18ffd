"""Issue 11: the triage word classes broadened by concept, in every pack and writing style (English; Hindi in
Devanagari and romanised; Bengali in its script and romanised; Urdu in Perso-Arabic and romanised). Every
sentence here was written for this file, apart from the labelled and blind sets."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from bot.nlu import triage

NOW = datetime(2026, 11, 27, 4, 30, tzinfo=timezone.utc)  # 10:00 in India


def urgent(text: str) -> bool:
    return triage.read(text, NOW).urgent


# -- money gone, time not said: urgent until the resident says when ------------------------------------------
MONEY_GONE = {
    "en": [
        "my bank balance is zero now, someone emptied it",
        "they cleaned out my savings account",
        "my account has been drained",
        "money was siphoned from my account",
        "I was conned out of 20000 rupees",
        "rs 5000 left my account",
        "my salary got wiped from the account",
        "there is a debit of 7000 I did not do",
        "got a debit sms of rs 3000, I never paid anyone",
        "i have been robbed of 10000 online",
        "they made me transfer 45000 to a 'safe account'",
    ],
    "hi-latn": [
        "balance zero ho gaya",
        "mera sara paisa uda liya",
        "15000 ka debit msg aaya, maine kuch nahi kiya",
        "bank se 8000 rupaye katne ka message aaya",
        "mujhe 30000 ka chuna laga diya",
        "khata saaf kar diya kisi ne",
        "mere khate mein ab ek rupaya nahi bacha",  # nothing left: a loss, though it says "nahi"
        "meri behen ke paise lut gaye",
    ],
    "hi": [
        "मेरे साथ ठगी हो गई",
        "बैलेंस शून्य हो गया",
        "20 हजार रुपये का डेबिट मैसेज आया",
        "बैंक खाते से राशि कट गई",
        "पैसा ट्रांसफर हो गया मेरी मर्जी के बिना",
        "ठगों ने मेरी सारी जमा पूंजी लूट ली",
        "खाते में अब कुछ नहीं बचा",
        "किसी ने मेरा खाता साफ कर दिया",
    ],
    "bn": [
        "ব্যালেন্স শূন্য হয়ে গেছে",
        "কেউ আমার টাকা সরিয়ে নিয়েছে",
        "আমার সব টাকা লুট হয়ে গেছে",
        "অ্যাকাউন্টে আর এক টাকাও নেই",
        "আমাকে ঠকিয়ে ৮০০০ টাকা নিয়েছে",
        "বাবার পেনশনের টাকা কেউ তুলে নিয়েছে",
    ],
    "bn-latn": [
        "balance shunno hoye geche",
        "amake thokiye 5000 taka niye geche",
        "amar maa er account theke taka uthiye niyeche",
        "keu amar account khali kore diyeche",
    ],
    "ur": [
        "بیلنس صفر ہو گیا",
        "15000 کے ڈیبٹ کا میسج آیا",
        "امی کے اکاؤنٹ سے پنشن کے پیسے نکلوا لیے",
        "اکاؤنٹ میں اب ایک روپیہ بھی نہیں بچا",
        "میری ساری جمع پونجی لٹ گئی",
    ],
    "ur-latn": [
        "meri saari raqam ghaib ho gayi",
        "kisi ne mere paise nikalwa liye",
        "balance sifar ho gaya",
        "mere sath dhoka hua, 5000 chale gaye",
    ],
}


@pytest.mark.parametrize("text", [t for texts in MONEY_GONE.values() for t in texts])
def test_money_gone_in_every_language_is_an_urgent_loss_when_no_time_is_said(text):
    read = triage.read(text, NOW)
    assert read.loss and read.age == "unknown" and read.urgent
    assert read.facts()["money_left_at_unknown"] is True


def test_every_pack_and_writing_style_has_money_gone_examples():
    assert set(MONEY_GONE) == {"en", "hi", "hi-latn", "bn", "bn-latn", "ur", "ur-latn"}
    assert all(len(texts) >= 4 for texts in MONEY_GONE.values())


def test_a_loss_an_hour_and_more_ago_is_still_a_loss_but_not_urgent():
    read = triage.read("kal shaam ko balance zero ho gaya", NOW)
    assert read.loss and not read.urgent


# -- not a loss: a question, a what-if, a negation, an unchanged balance ----------------------------------------
@pytest.mark.parametrize("text", [
    "will my money be taken if i open the link?",
    "can money be withdrawn using only my account number?",
    "suppose money gets debited, whom should i call?",
    "i clicked a link but my balance is the same",
    "agar paise kat gaye to kya karna chahiye?",
    "kya link kholne se paise kat jaate hain?",
    "balance wahi hai, kuch nahi kata",
    "अगर पैसे कट जाएं तो क्या करें?",
    "खाते से कुछ नहीं कटा",
    "যদি টাকা কেটে যায় তাহলে কী করব?",
    "লিংকে ক্লিক করলে কি টাকা কেটে যায়?",
    "taka kateni, shudhu otp diyechi",
    "اگر پیسے کٹ جائیں تو کیا کریں؟",
    "کیا لنک کھولنے سے پیسے کٹ جاتے ہیں؟",
    "agar paisay kat jayen to kya karein?",
])
def test_a_question_or_a_negation_is_not_a_loss(text):
    read = triage.read(text, NOW)
    assert not read.loss and not read.urgent


# -- card or bank details just typed into a page ----------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "I just entered my card number and cvv on a link",
    "typed my atm pin into a website a few minutes ago",
    "just now put my debit card number and otp on a site",
    "abhi abhi link par card ki details bhar di",
    "अभी एक लिंक पर कार्ड नंबर और सीवीवी डाल दिया",
    "এইমাত্র একটা লিংকে কার্ডের নম্বর আর সিভিভি দিয়ে দিয়েছি",
    "ekhuni link e card details diye diyechi",
    "ابھی ایک لنک پر کارڈ نمبر اور سی وی وی ڈال دیا",
    "abhi link par card ki details daal di",
])
def test_card_details_just_typed_into_a_page_are_urgent(text):
    assert triage.read(text, NOW).label == "urgent_money"  # money about to leave, though none has yet


def test_card_details_typed_with_no_moment_said_are_not_urgent():
    assert not urgent("entered my card details on a shopping site last month, nothing debited")


# -- a remote-access app installed because a caller said so -----------------------------------------------------
@pytest.mark.parametrize("text", [
    "the caller told me to install anydesk and I did",
    "he made me install quick support on my phone",
    "usne bola to maine anydesk download kar liya",
    "कॉल करने वाले के कहने पर एनीडेस्क डाल लिया",
    "ফোনে যে বলল তার কথায় এনিডেস্ক ইনস্টল করেছি",
    "اس کے کہنے پر اینی ڈیسک انسٹال کر لیا",
    "uske kehne par anydesk install kar liya",
])
def test_a_remote_app_installed_on_a_callers_word_is_connected(text):
    read = triage.read(text, NOW)
    assert read.remote_app and read.label == "live_call"


@pytest.mark.parametrize("text", ["is it safe to install anydesk?", "anydesk kya hota hai?", "anydesk ki?", "anydesk kya hai?"])
def test_a_question_about_remote_apps_is_not_urgent(text):
    assert not urgent(text)


# -- danger ------------------------------------------------------------------------------------------------------
DANGER = [
    # threats to life: killing, burning the house, acid, rape, coming to the house with a threat
    ("they threatened to burn my house", "life"),
    ("he is threatening to rape me", "life"),
    ("he says he will throw acid on my face", "life"),
    ("they sent a threat that they will come to my house tonight", "life"),
    ("ghar jala denge bol rahe hain", "life"),
    ("rape karne ki dhamki de raha hai", "life"),
    ("dhamki di hai ki ghar aa jayenge", "life"),
    ("घर जला देंगे बोल रहे हैं", "life"),
    ("बलात्कार की धमकी दे रहा है", "life"),
    ("বাড়ি জ্বালিয়ে দেবে বলছে", "life"),
    ("ধর্ষণের হুমকি দিচ্ছে", "life"),
    ("হুমকি দিচ্ছে বাড়িতে চলে আসবে", "life"),
    ("ghor e agun lagiye debe bolche", "life"),
    ("گھر جلا دیں گے کہہ رہے ہیں", "life"),
    ("زیادتی کی دھمکی دے رہا ہے", "life"),
    ("دھمکی دی ہے کہ گھر آ جائیں گے", "life"),
    # kidnapping and ransom
    ("someone abducted my son", "kidnap"),
    ("मेरे बेटे का अपहरण हो गया है", "kidnap"),
    ("আমার ছেলেকে অপহরণ করেছে, মুক্তিপণ চাইছে", "kidnap"),
    ("میرے بیٹے کو اغوا کر لیا ہے، تاوان مانگ رہے ہیں", "kidnap"),
    # a child threatened, or approached by an adult online (school, address, pictures)
    ("a stranger online is asking my 11 year old daughter for her school name and address", "child"),
    ("some man on a game asks my son for photos and where he lives", "child"),
    ("mere bete ko dhamka raha hai koi", "child"),
    ("koi anjaan aadmi meri 12 saal ki beti se school ka naam aur ghar ka pata pooch raha hai", "child"),
    ("আমার ১২ বছরের মেয়ের কাছে অপরিচিত লোক স্কুলের নাম আর ঠিকানা চাইছে", "child"),
    ("ایک اجنبی میری 12 سال کی بیٹی سے اسکول کا نام اور گھر کا پتہ پوچھ رہا ہے", "child"),
    # self-harm, also said indirectly
    ("I can't face anyone anymore", "self_harm"),
    ("my life is over, I cannot face my family", "self_harm"),
    ("sab khatam kar dungi", "self_harm"),
    # shame alone ("munh dikhane layak nahi", "মুখ দেখাতে পারব না") is no self-harm (s18-flags: the used sets label it so);
    # beside a word of dying it is
    ("kisi ko munh dikhane layak nahi rahi, ab jeena nahi chahti", "self_harm"),
    ("मैं जीना नहीं चाहती", "self_harm"),
    ("কাউকে মুখ দেখাতে পারব না, মরে যেতে চাই", "self_harm"),
    ("sob shesh kore debo", "self_harm"),
    ("کسی کو منہ دکھانے کے قابل نہیں رہی، مرنا چاہتی ہوں", "self_harm"),
    ("میں سب ختم کر دوں گی", "self_harm"),
    ("I am thinking of ending my life", "self_harm"),
    ("main ab aur nahi jee sakti", "self_harm"),
    ("मैं अब और नहीं जी सकती", "self_harm"),
    ("ami ar pari na, morei jabo", "self_harm"),
    ("میں اب اور نہیں جی سکتی", "self_harm"),
    # the same threats said by or to a woman, in the first person
    ("wo bol rahi hai mujhe maar degi", "life"),
    ("উনি বলছেন তোকে খুন করে ফেলবো", "life"),
    ("ek aadmi mere 10 saal ke bete ko game me gift deta hai aur photo maangta hai", "child"),
]


@pytest.mark.parametrize(("text", "danger"), DANGER)
def test_danger_in_every_language_is_danger(text, danger):
    read = triage.read(text, NOW)
    assert danger in read.danger and read.label == "danger"


@pytest.mark.parametrize("text", [
    "how do I protect my child from online predators?",
    "he threatened to post my photos online",  # a threat: high, not urgent by itself
    "settle karne ke liye 20000 do to case khatam kar denge bol rahe",  # "khatam" of a case, not a person
    "bachon ko online kaise surakshit rakhein?",
    "বাচ্চাদের অনলাইনে কীভাবে নিরাপদ রাখব?",
    "بچوں کو آن لائن کیسے محفوظ رکھیں؟",
    "someone stole my debit card",  # the card, not money
    "my instagram account was taken over",
    "what is a debit sms",  # a question about a debit SMS, not one received
    "debit message kaisa dikhta hai",
    "ٹھگی سے کیسے بچیں؟",
    "ঠকিয়ে টাকা নেওয়ার নতুন কৌশল কী",
    "salary se tds deduction kyu hua",
    "bank wale ka call kat gaya, khate ki baat kar raha tha",
    "bina internet ke nahi jee sakta",  # a figure of speech, not self-harm
    "my son's school name was leaked in a data breach",  # no one is asking the child
    "how to open a zero balance account",
])
def test_everyday_words_near_the_new_phrases_stay_calm(text):
    assert not urgent(text)


# -- through the real engine: the action comes first -------------------------------------------------------------
def test_a_bengali_emptied_balance_hears_1930_first(resident):
    out = resident.send("ব্যালেন্স শূন্য হয়ে গেছে, কেউ আমার টাকা সরিয়ে নিয়েছে")
    assert "1930" in out.texts[0] and out.case["priority"] == "urgent"


def test_an_urdu_threat_to_burn_the_house_hears_112_first(resident):
    out = resident.send("وہ دھمکی دے رہا ہے کہ گھر جلا دیں گے")
    assert "112" in out.texts[0] and out.case["priority"] == "urgent"


# -- a caller still on the line asking for an OTP, PIN or card number (session 5, lead) -------------------------
@pytest.mark.parametrize("text", [
    "a caller from the bank is on the phone now asking for OTP",
    "someone from sbi is on the line asking for my card number",
    "bank wala phone pe hai otp maang raha hai",
    "ব্যাংক থেকে ফোনে আছে, ওটিপি চাইছে",
    "بینک والا فون پر ہے او ٹی پی مانگ رہا ہے",
])
def test_a_caller_on_the_line_asking_for_a_secret_is_a_live_call(text):
    assert triage.read(text, NOW).label == "live_call"


@pytest.mark.parametrize("text", [
    "what to do if someone is on the phone asking for otp?",
    "agar koi phone pe ho aur otp maang raha ho to kya karein",
    "he was on the phone asking for otp but i cut the call",
])
def test_a_question_or_an_ended_call_asking_for_a_secret_is_not_live(text):
    assert triage.read(text, NOW).label != "live_call"


# -- a resident's trial (session 5): threats to kill in Bengali and Urdu, a denied debit, calm questions -----------
@pytest.mark.parametrize("text", [
    "ফোনে বলছে আমাকে খুন করে দেবে",
    "amake khun kore debe bolche phone e",
    "وہ مجھے قتل کرنے کی دھمکی دے رہا ہے",
])
def test_a_threat_to_kill_in_bengali_and_urdu_is_danger(text):
    assert triage.read(text, NOW).label == "danger"


@pytest.mark.parametrize("text", [
    "account balance zero ho gaya achanak, maine koi paisa nahi nikala",
    "my bank balance is suddenly zero and i have not made any payment",
    "maine kuch nahi kiya phir bhi 10000 kat gaye",
])
def test_a_debit_the_resident_denies_making_is_a_loss_not_no_loss(text):
    assert triage.read(text, NOW).label == "urgent_money"


@pytest.mark.parametrize("text", [
    "how do i block my lost phone so nobody can use my upi",
    "my son plays online games, how to keep him safe from strangers",
])
def test_a_calm_question_is_not_urgent(text):
    assert not triage.read(text, NOW).urgent


# -- session 7: Bengali and Urdu by concept, both scripts and romanised (written for this file) --------------------
@pytest.mark.parametrize("text", [
    "এইমাত্র আমার অ্যাকাউন্ট থেকে ১২০০০ টাকা কেটে নিল, আমি কোনো পেমেন্ট করিনি",
    "ei matro paytm theke 5000 debit hoye geche, ami kono transaction korini",
    "ابھی ابھی میرے اکاؤنٹ سے ۲۰ ہزار روپے کٹ گئے، میں نے کوئی ادائیگی نہیں کی",
    "abhi abhi ammi ke khate se 9000 nikal gaye, maine kisi ko kuch nahi bheja",
])
def test_a_debit_the_writer_denies_making_in_bengali_and_urdu_is_an_urgent_loss(text):
    read = triage.read(text, NOW)
    assert read.loss and read.label == "urgent_money"


@pytest.mark.parametrize("text", [
    "ওই লিংকে কার্ডের নম্বর দিলাম, তারপরেই ৩০,০০০ টাকা কেটে গেল। ১৫ মিনিট হয়েছে",
    "লিংক খুলতেই ৪০০০ টাকা চলে গেল। দশ মিনিট হল",
    "کال آئی تھی کل رات ۹ بجے۔ آج لنک کھولا تو ۲۰ ہزار نکل گئے۔ دس منٹ ہو گئے",
])
def test_a_time_said_just_after_the_loss_is_its_time(text):
    read = triage.read(text, NOW)
    assert read.loss and read.age == "golden"


@pytest.mark.parametrize("text", [
    "৩ দিন হয়ে গেল অ্যাকাউন্ট থেকে ৫০০০ টাকা কেটে নিয়েছে",
    "ایک ہفتہ ہو گیا میرے پیسے کٹ گئے",
    "gato bochor online e 20000 taka thokechilam, ekhon ki kichu kora jabe",
])
def test_a_loss_days_or_a_year_ago_in_bengali_and_urdu_is_old(text):
    read = triage.read(text, NOW)
    assert not read.urgent


@pytest.mark.parametrize("text", [
    "লোকটা এখনও ফোনে আছে, কার্ডের পেছনের নম্বর চাইছে",
    "phone ekhono cholche, lokta otp bolte bolche",
    "وہ آدمی ابھی تک لائن پر ہے اور کارڈ کا نمبر مانگ رہا ہے",
    "wo abhi tak line par hai, otp batane ko keh raha hai",
])
def test_a_caller_still_on_the_line_in_bengali_and_urdu_is_live(text):
    assert triage.read(text, NOW).label == "live_call"


@pytest.mark.parametrize("text", [
    "ঘুমের ওষুধ জমিয়ে রেখেছি, আর পারছি না",
    "sobai bhalo theko, ami ar thakbo na",
    "نیند کی گولیاں جمع کر لی ہیں، اب برداشت نہیں ہوتا",
    "duniya chhod dungi, sab ne mera tamasha bana diya",
    "ফোনে বলছে তোর হাত পা ভেঙে দেব, পাড়ার মোড়ে দাঁড়িয়ে থাকে",
    "کہتا ہے گھر میں گھس کر ماریں گے",
    "দাদাকে আটকে রেখেছে, ছাড়াতে টাকা চাইছে",
    "بھائی کو بند کر کے رکھا ہے، چھوڑنے کے لیے پیسے مانگ رہے ہیں",
    "amar 12 bochorer chele ke game e keu barir thikana jiggesh korche",
    "میری ۱۳ سال کی بیٹی سے کوئی اجنبی کہہ رہا ہے گھر والوں کو مت بتانا",
])
def test_danger_said_indirectly_in_bengali_and_urdu_is_danger(text):
    assert triage.read(text, NOW).label == "danger"


@pytest.mark.parametrize("text", [
    "ব্যাংক বলছে টাকা হোল্ডে রেখেছে, থানার চিঠি লাগবে",  # money the bank holds is no call on hold
    "بینک کہتا ہے رقم ہولڈ پر ہے، کب ملے گی؟",
    "দোকানে শুনলাম কেউ আমার নামে নতুন সিম তুলে নিয়েছে, টাকা এখনো ঠিক আছে",
    "کسی نے میرے نام سے نئی سم نکلوا لی ہے، پیسے محفوظ ہیں",
])
def test_money_on_hold_or_a_sim_taken_out_is_not_urgent(text):
    assert not triage.read(text, NOW).urgent


# -- session 7: a loss told with a date, a month, a year or a spread: an old loss, not urgent -----------------
OLD_BY_DATE = [
    # a past day of the month, no month named
    "my card was used at an ATM on 9th, Rs 18000 withdrawn, bank told me only now",
    "someone took 6000 from my wallet app on 4th of this month",
    "meri behen ke khate se 9 tarikh ko 14 hazar kat gaye",
    "पापा के खाते से 5 तारीख को 30 हजार निकल गए",
    "میرے کھاتے سے ۸ تاریخ کو ۱۲ ہزار نکل گئے",
    # a month said alone
    "in march i paid 40000 to a fake travel agent for a Goa package",
    "फरवरी में मैंने 70 हजार एक फर्जी कंपनी को नौकरी के लिए दिए थे",
    "august me 25 hazar ka fraud hua tha online shopping me",
    # a year said alone
    "i lost 2 lakh to a chit fund app in 2023",
    "2021 me ek aadmi ne plot ke naam pe 1.5 lakh le liye",
    # a spread of months or years
    "ek aunty ne committee ke naam pe 8 mahine me 60 hazar le liye",
    "उसने 3 साल में मुझसे 5 लाख रुपये ले लिए शादी का झांसा देकर",
    "my uncle paid 4 lakh in small amounts over 2 years",
]


@pytest.mark.parametrize("text", OLD_BY_DATE)
def test_a_loss_told_with_a_date_month_year_or_spread_is_old(text):
    read = triage.read(text, NOW)
    assert read.loss and read.age == "old" and not read.urgent, (read.label, read.age)


# the same words with the money just gone, or a time past the golden hour said as "upar" / "thoda pehle"
STILL_URGENT = [
    "abhi abhi 9000 kat gaye, 9 tarikh wala emi nahi tha ye",
    "my account was debited 12000 just now, the bank sms says on 27th",
    "pension 1 tareekh ko aayi thi, 20 hazar nikal gaye, kab nikle pata nahi",
]


@pytest.mark.parametrize("text", STILL_URGENT)
def test_a_date_beside_a_loss_just_now_or_of_unknown_time_stays_urgent(text):
    assert urgent(text), triage.read(text, NOW)


@pytest.mark.parametrize("text", [
    "link pe UPI pin dala, 16000 gaya, 1 ghante se upar ho gaya",
    "QR scan kiya, 7000 kat gaye, ye 1 ghante se thoda pehle hua",
])
def test_a_loss_more_than_an_hour_ago_said_in_hindi_is_past_the_golden_hour(text):
    read = triage.read(text, NOW)
    assert read.loss and read.age == "day" and not read.urgent, (read.label, read.age)


@pytest.mark.parametrize("text", ["2000 me diye the ek aadmi ko, wapas nahi kar raha", "mar jaunga main, 5000 chale gaye"])
def test_an_amount_or_a_word_like_a_month_is_no_date(text):
    read = triage.read(text, NOW)
    assert read.age != "old", (read.label, read.age)


# -- session 8: Bengali and Urdu misses of the used sets, grown by concept (sentences written for this file) -------
@pytest.mark.parametrize("text, label", [
    # a child asked to meet (in any tense), or gone out at a stranger's word and not back
    ("আমার ১২ বছরের ছেলেকে গেমের এক বন্ধু পার্কে দেখা করতে বলেছে", "danger"),
    ("amar 14 bochorer meye ke ekjon online e dekha korte cheyeche", "danger"),
    ("আমার ৯ বছরের ছেলে ফোনে কারও কথা শুনে বাড়ি থেকে বেরিয়ে গেছে, এখনও ফেরেনি", "danger"),
    ("میری ۱۲ سال کی بیٹی کسی آن لائن دوست کے کہنے پر گھر سے نکل گئی ہے", "danger"),
    ("mera 11 saal ka beta game wale dost se milne chala gaya, abhi tak wapas nahi aaya", "danger"),
    # all the card's details filled in a form just now
    ("এইমাত্র একটা ফর্মে কার্ডের সব তথ্য দিয়ে দিলাম", "urgent_money"),
    ("ابھی ابھی ایک فارم میں کارڈ کی مکمل تفصیل بھر دی ہے", "urgent_money"),
    ("abhi abhi ek site pe card ki puri details bhar di", "urgent_money"),
    # a "digital arrest" on Skype now, the writer typing in secret
    ("ایک سی بی آئی افسر ابھی اسکائپ پر ہے، کہتا ہے گرفتار کر لیں گے", "live_call"),
    ("ابو کو کمرے میں بٹھایا ہوا ہے، میں چھپ کر لکھ رہا ہوں", "live_call"),
    ("একজন পুলিশ অফিসার বলে এখন স্কাইপে আছে, জেলে পাঠাবে বলছে", "live_call"),
    ("ওরা ক্যামেরায় দেখছে, আমি লুকিয়ে লিখছি", "live_call"),
    # apps opening by themselves now: the phone worked from afar (every pack)
    ("ফোনে এইমাত্র ব্যাংকের অ্যাপ নিজে নিজে খুলছে", "live_call"),
    ("ابھی فون میں بینک کی ایپ خود بخود کھل رہی ہے", "live_call"),
    ("अभी फोन में यूपीआई ऐप अपने आप खुल रहा है", "live_call"),
    ("my bank app is opening by itself right now", "live_call"),
    # money someone took twice, money put in an app that no longer opens, a balance less than before
    ("usne do baar paise liye, ab bhi rishtedaron ko photo bhejne ki dhamki deta hai", "urgent_money"),
    ("আমার মামা একটা ট্রেডিং অ্যাপে টাকা রেখেছিল, এখন অ্যাপটা আর খোলে না", "urgent_money"),
    ("balance theke 3000 kom hoye geche, ami kichu kini ni", "urgent_money"),
    ("بیلنس سے ۴۰۰۰ کم ہو گئے، میں نے کچھ نہیں خریدا", "urgent_money"),
    # session 10 round 3 (s10-bnur3): the tenth language sets' misses and flags, each concept in both packs
    # 'finish' said of the writer's child, the one who threatens waiting at the corner: danger
    ("ভাই ফোনে বলেছে ছেলেকে শেষ করে দেবে, ও এখন গলির মোড়ে দাঁড়িয়ে আছে", "danger"),
    # paid by RTGS after a fake officer's call, and asked for more now: money still going
    ("কাস্টমস অফিসার বলে ২ লক্ষ টাকা RTGS করেছি, এখন আরও টাকা চাইছে", "urgent_money"),
    # a relative has already sent money to a hacked number, minutes ago
    ("দিদির হোয়াটসঅ্যাপ হ্যাক হয়েছে, বউদি ইতিমধ্যে ৩০০০ পাঠিয়ে দিয়েছে ৫ মিনিট আগে", "urgent_money"),
    # still on the call, said with 'hi'
    ("کوریئر والے نے کال سائبر سیل کو دے دی، وہ سارا پیسہ ایک اکاؤنٹ میں ڈالنے کو کہہ رہے ہیں، میں کال پر ہی ہوں", "live_call"),
    # a 'fine' paid by card just now
    ("لیپ ٹاپ پر پولیس کا نوٹس آیا، میں نے ۵۰۰۰ کا جرمانہ کارڈ سے بھر دیا ابھی", "urgent_money"),
    # each concept in the other language too: bank details filled in on a link just now, nothing cut yet (urgent by
    # the rule); still on the call; a fine paid by card; a threat to finish a daughter with the man at the corner;
    # RTGS paid and more asked now
    ("ابھی ابھی ایک لنک میں بینک کی ساری تفصیلات بھر دیں، ابھی پیسے نہیں کٹے", "urgent_money"),
    ("কুরিয়ার থেকে ফোন, এখন কল সাইবার সেলে দিয়েছে, আমি এখনও কলেই আছি", "live_call"),
    ("ল্যাপটপে পুলিশের নোটিশ এল, ছেলে কার্ড দিয়ে ২০০০ জরিমানা দিয়ে দিয়েছে এইমাত্র", "urgent_money"),
    ("وہ کہتا ہے آج رات آ کر مجھے اور میری بیٹی کو ختم کر دے گا، ابھی نکڑ پر کھڑا ہے", "danger"),
    ("کسٹمز والوں کو ۳ لاکھ RTGS کیے، اب اور پیسے مانگ رہے ہیں", "urgent_money"),
    # last month said with গেল: an old loss, not urgent
    ("gelo maser 15 tarikhe amar 20 hajar taka kete geche", "old_loss"),
    # the money not gone yet, with 'yet' inside: no loss
    ("ایک خریدار نے زیادہ رقم کا میسج بھیجا ہے، باقی واپس مانگ رہا ہے، میرا پیسہ ابھی نہیں گیا", "no_loss"),
])
def test_bengali_and_urdu_misses_grown_by_concept(text, label):
    assert triage.read(text, NOW).label == label


@pytest.mark.parametrize("text", [
    "ব্যাংক ম্যানেজার কাল দেখা করতে বলেছে, কাগজপত্র নিয়ে যেতে হবে",  # asked to meet, no child
    "ابو صبح گھر سے نکل گئے تھے، ابھی تک واپس نہیں آئے، فون بند ہے",  # a grown-up not back, no child
    "ঘড়ির দাম আগের থেকে কম, কিনব?",  # less, with no money gone
])
def test_near_words_of_the_session_8_concepts_stay_calm(text):
    assert not urgent(text)


@pytest.mark.parametrize("text, age", [
    ("৫০০০ টাকা কেটে গেল। প্রায় দু ঘণ্টা আগের কথা", "day"),  # "আগের কথা": told as a time ago
    ("ঘটনা বারো দিন আগের, ১০ হাজার টাকা গেছে", "old"),
    ("মিনিট দশেক আগে ৮০০০ টাকা কেটে গেছে", "golden"),  # "about ten minutes ago", the unit first
    ("chand minute pehle 6000 nikal gaye", "golden"),
])
def test_bengali_and_urdu_ways_of_saying_how_long_ago(text, age):
    assert triage.read(text, NOW).age == age


# -- session 9: the seventh language sets' misses and the used sets' false alarms, grown by concept (sentences
# written for this file, apart from every set) ------------------------------------------------------------------
@pytest.mark.parametrize("text, label", [
    # when the money left not known, said with other verbs; a day word of an earlier event (the phone lost) does not date it
    ("গতকাল মানিব্যাগ হারিয়েছি, আজ দেখি অ্যাকাউন্ট থেকে ১২০০০ টাকা কেটেছে, কখন কাটল টের পাইনি", "urgent_money"),
    ("পরশু ফোন চুরি হয়েছে, আজ পাসবুক আপডেট করে দেখি ৮০০০ টাকা তুলে নিয়েছে, কখন তুলেছে খেয়াল করিনি", "urgent_money"),
    ("kal phone hariyechi, aaj dekhi gpay theke 5000 taka geche, kokhon geche bujhte parchi na", "urgent_money"),
    ("کل رات موبائل چوری ہوا، آج دیکھا اکاؤنٹ سے ۱۵ ہزار نکل گئے، کب نکلے سمجھ نہیں آ رہا", "urgent_money"),
    ("پرسوں پرس کھو گیا، آج بینک گیا تو پتا چلا ۹ ہزار کٹ گئے، کس وقت کٹے معلوم نہیں", "urgent_money"),
    ("parson wallet chori hua, aaj dekha account se 12000 kat gaye, kab kate khabar nahi", "urgent_money"),
    # a child told to meet alone, or have photos let out
    ("আমার ১৪ বছরের ছেলেকে গেমের একজন বলছে কাল স্কুলের পরে একা দেখা না করলে ওর ছবি সবাইকে পাঠিয়ে দেবে", "danger"),
    ("আমার ভাইঝির বয়স ১৩, ফেসবুকে একজন বলছে দেখা না করলে ওর ছবি পাড়ার গ্রুপে ছেড়ে দেবে", "danger"),
    ("amar 16 bochorer meye ke ekjon bolche eka dekha na korle chobi post kore debe", "danger"),
    ("میری ۱۴ سال کی بہن کو کوئی کہہ رہا ہے کل اکیلی ملنے نہیں آئی تو اس کی تصویریں سب کو بھیج دے گا", "danger"),
    # on the call for hours now (romanised)
    ("dadu 3 ghonta dhore phone e achen, bolche customs er lok", "live_call"),
    ("chacha 2 ghante se video call pe hain, police wale bol rahe hain case banega", "live_call"),
    ("nana ji ghanton se phone pe hain, koi narcotics officer ban ke baat kar raha hai", "live_call"),
    # sent to the bank to pay, now
    ("ফোনে একজন অফিসার বাবাকে এখন ব্যাংকে যেতে বলছে টাকা পাঠানোর জন্য", "urgent_money"),
    ("ওরা মাকে ব্যাংকে গিয়ে RTGS করতে বলছে", "urgent_money"),
    ("caller amar mama ke bank e jete bolche taka pathate", "urgent_money"),
    ("کال والا ابو کو بینک جا کر پیسے بھیجنے کو کہہ رہا ہے", "urgent_money"),
    ("وہ لوگ امی کو بینک جانے کو بول رہے ہیں آر ٹی جی ایس کرنے", "urgent_money"),
    ("woh log dadi ko bank jaane ko keh rahe hain paise bhejne", "urgent_money"),
    # the balance zero, in romanised words
    ("amar account e ekhon zero balance, sob taka nei", "urgent_money"),
    ("mere khate ka balance ab zero dikha raha hai", "urgent_money"),
    # the OTP told just now
    ("এইমাত্র ফোনে একজনকে ওটিপি বলে দিলাম", "urgent_money"),
    ("ekhuni ekjon ke otp bole dilam", "urgent_money"),
    ("ابھی ابھی ایک آدمی کو او ٹی پی بتا دیا", "urgent_money"),
])
def test_bengali_and_urdu_session_9_concepts_are_urgent(text, label):
    assert triage.read(text, NOW).label == label


@pytest.mark.parametrize("text", [
    # near words of the concepts above
    "মেয়ের স্কুলের স্যার কাল দেখা করতে বলেছেন, রেজাল্ট নিয়ে",
    "ভাই ২ ঘণ্টা ধরে ফোনে গেম খেলছে",
    "آپا گھنٹوں فون پر باتیں کرتی ہیں",
    "1930 walon ne kaha tha bank jaana, kal jaunga",
    # the time now told as a part of the day, hours after the loss (at 10:00 the server alone would call it golden)
    "সকাল ৯টায় ফোনপে থেকে ৪০০০ টাকা কেটেছে, এখন বিকেল",
    "ajke sokale 3000 taka kete geche, ekhon sondhe",
    "صبح دس بجے ۸ ہزار کٹ گئے، اس وقت شام کے چھ بج رہے ہیں",
    # about so long ago with the unit first, or paid over months
    "মাস দুয়েক আগে একটা অ্যাপে ৩০ হাজার টাকা দিয়েছিলাম",
    "বছর খানেক আগে ১৫ হাজার টাকা কেটে গেছে, এখন কি কিছু হবে?",
    "din doshek age 7000 taka niye niyeche",
    "ছয় মাস ধরে একটা গ্রুপে মোট ২ লাখ টাকা দিয়েছি",
    "ঘণ্টা দেড়েক আগে ৫০০০ টাকা পাঠিয়ে দিলাম",
    # a case already with the police, an app everyone downloads, messages from a new number with nothing sent
    "আমার আটকে থাকা টাকা কবে পাব? থানায় কেস নম্বর আছে",
    "پورے گاؤں میں یہ ایپ سب ڈاؤنلوڈ کر رہے ہیں، کیا یہ ٹھیک ہے؟",
    "নতুন নম্বর থেকে মেসেজ আসছে, বলছে আমি তোমার মামা, ১০০০০ পাঠাও। আমি পাঠাইনি",
])
def test_near_words_and_told_times_of_the_session_9_concepts_stay_calm(text):
    assert not urgent(text), triage.read(text, NOW)


# -- session 9, round 2: the twelfth Bengali and Urdu sets' misses, grown by concept (sentences written for this
# file, apart from every set) -------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, label", [
    # money being taken from the account as the resident writes
    ("মনে হচ্ছে কেউ আমার অ্যাকাউন্ট থেকে টাকা তুলছে, পাসবুকে অজানা খরচ", "urgent_money"),
    ("keu amar account theke taka katche, ami kichu kini ni", "urgent_money"),
    # money sent from a stolen phone or by an elder, told in the passive or with the respectful verb
    ("মোবাইল হারিয়েছে, সেই নম্বর থেকে ৯ হাজার পাঠানো হয়েছে, কবে হয়েছে বোঝা যাচ্ছে না", "urgent_money"),
    ("মা একটা লিংকে ঢুকে ৬ হাজার পাঠিয়ে দিয়েছেন", "urgent_money"),
    # the caller has told a parent to take money out at the bank
    ("একজন ইডি অফিসার সেজে মাকে টাকা তুলতে বলেছে, মা বাড়ির বাইরে যাচ্ছেন না", "urgent_money"),
    # the caller kept on hold while the resident writes
    ("পুলিশ অফিসার বলে একজন কেস মেটাতে টাকা চাইছে, কল কাটিনি, হোল্ডে রেখেছি", "live_call"),
    ("ekjon nijeke pulish bolche, case mitate taka chaiche, phone rakhini", "live_call"),
    # the phone working by itself after an app was installed
    ("মামা একটা অ্যাপ নামিয়েছেন, এখন মোবাইল নিজে নিজে চলছে", "live_call"),
    # not wanting to live, romanised; your end tonight with men outside
    ("keu jane na, ami ar banchte chai na", "danger"),
    ("para r chele ra bolche aj tor shesh, ora barir niche dariye ache", "danger"),
    # money sent that has not come back; a child threatened to be carried off
    ("usne kaha double milega, maine 4000 bhej diye, aadha ghanta hua koi paisa wapas nahi aaya", "urgent_money"),
    ("کوئی کہہ رہا ہے میرے ۱۰ سال کے بیٹے کے پیسے نہ بھیجے تو ٹیوشن سے اٹھا لیں گے", "danger"),
    ("mere 7 saal ke bhanje ki photo bhej ke bola 50000 do warna school se utha lenge", "danger"),
    # session 12 (s12-bnur): the seventeenth sets' misses, grown by concept (written apart from every set)
    # money gone in romanised Bengali spelt with 'chh', its time not known
    ("bhaier account theke 8000 taka ketechhe, kokhon gechhe seta keu jani na", "urgent_money"),
    # the card's 'detail' (singular) typed on a page just now
    ("এইমাত্র একটা অফারের পেজে কার্ডের ডিটেল দিয়ে ফেলেছি, টাকা এখনো কাটেনি", "urgent_money"),
    # 'feel like dying' in the subjunctive, both languages
    ("sobai amake niye hashche, mone hoy more jai", "danger"),
    ("قرض والے روز فون کرتے ہیں، دل کرتا ہے مر جاؤں", "danger"),
    # a child told by an online friend to meet and not to tell at home; a child not back, told where to meet
    ("amar 11 bochorer bon ke ekjon game er bondhu bolche kal dekha korte ashbe, barite na bolte", "danger"),
    ("میرا بارہ سال کا بیٹا ٹیوشن سے نہیں لوٹا، چیٹ میں کسی نے لکھا تھا مسجد کے باہر ملو", "danger"),
    # a denial said by 'we' beside money gone; a singular transaction whose time is not known
    ("ابو کے کھاتے سے ۸۰۰۰ نکل گئے، ہم نے کسی کو کچھ نہیں بھیجا", "urgent_money"),
    ("ڈیبٹ کارڈ سے ۲۵ ہزار کی ٹرانزیکشن ہوئی ہے، نہیں پتہ کب", "urgent_money"),
    # customers' money going to a stuck-over QR, since when not known
    ("ٹھیلے پر لگے QR پر کسی نے دوسرا QR لگا دیا، پتہ نہیں کب سے، پیسہ اسی کے کھاتے میں جا رہا ہے", "urgent_money"),
    # the overpayment trick paid back
    ("ایک گاہک نے کہا غلطی سے زیادہ پیسے بھیج دیے، میں نے ۳۰۰۰ واپس کر دیے، بیس منٹ ہوئے", "urgent_money"),
])
def test_bengali_and_urdu_session_9_round_2_and_12_concepts_are_urgent(text, label):
    assert triage.read(text, NOW).label == label, triage.read(text, NOW)


@pytest.mark.parametrize("text", [
    "ব্যাংক বলেছে মাসে একবার স্টেটমেন্ট দেখে নিতে",
    "আমি কাল ব্যাঙ্কে যাচ্ছি পাসবুক আপডেট করতে",
    "ফোনটা একটু হোল্ডে রেখে কথা বলতে হয়, এটা কি ঠিক?",
    "ami bachte chai, kintu bhoy lagche ora abar call korbe",
    "আমি অনেক দিন ধরে কোনো অ্যাপ নামাইনি",
    "میں کل بیٹی کو اسکول سے اٹھا لوں گا، ابھی دفتر میں ہوں",
    "paisa wapas nahi aaya refund ka, teen mahine pehle ka order hai",
    "بیٹی کو اسکول سے اٹھا لیں گے، آج ڈرائیور نہیں آیا",
])
def test_near_words_of_the_session_9_round_2_concepts_stay_calm(text):
    assert not urgent(text), triage.read(text, NOW)


# -- session 12 (s12-bnur): the seventeenth Bengali and Urdu sets' misses and flags, grown by concept (sentences
# written for this file, apart from every set) ----------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    # a payment spread over months, 'two months' as one word
    ("আমি গত দুমাসে চার বারে ৮০ হাজার জমা দিয়েছি একটা স্কিমে"),
    # a loan taken and repaid, harassed after
    ("لون ایپ سے دو ہزار لیے تھے، چھ ہزار واپس کر چکی ہوں، اب گالیاں دے رہے ہیں"),
    ("লোন অ্যাপ থেকে ২০০০ টাকা নিয়েছিলাম, শোধও করেছি, তবু ফোন করে গালি দিচ্ছে"),
    # the network gone with no money message; the overpayment trick with nothing sent back
    ("فون کا نیٹ ورک چلا گیا ہے، بینک میں پیسے ہیں، ابھی تک کوئی میسج نہیں"),
    ("ایک خریدار کہتا ہے غلطی سے زیادہ پیسے بھیج دیے، باقی واپس کرو، میرے کھاتے میں کچھ نہیں آیا"),
    # a loss hours ago with the time now told by its hour (in words, or with the Bengali counting ending)
    ("صبح آٹھ بجے ۵۰۰۰ کٹ گئے، ابھی دو بجے ہیں"),
    ("সকাল ৯টায় ৪০০০ টাকা কেটে গেছে, এখন ২টো বাজে"),
    ("صبح دس بجے پیسے گئے، اب شام کے چار بج رہے ہیں"),
])
def test_near_words_and_told_times_of_the_session_12_concepts_stay_calm(text):
    assert not urgent(text), triage.read(text, NOW)
