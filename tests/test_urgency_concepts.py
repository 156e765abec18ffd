"""Issue 11, session 8: urgency by concept (the golden-hour rule of DESIGN.md), in English, Hindi (Devanagari and
romanised), Bengali and Urdu. Every sentence was written for this file, apart from the labelled and blind sets: each
group is one idea behind a miss or a false flag, not a sentence from a set."""
from __future__ import annotations

from datetime import timedelta

import pytest

from bot.nlu import triage
from tests.triage_reading import NOW, read  # 10:00 in India, a Friday


# -- the time of the loss not known: urgent until told, whatever unit the not-knowing names ---------------------
@pytest.mark.parametrize("text", [
    "18000 went from my account, I am not sure of the time",
    "they took 7000 from my card, cant remember when",
    "mere khate se 9000 nikal gaye, kab nikle kisi ne bhi theek se nahi bataya",
    "बैंक से 9000 कट गए, कब कटे ये याद नहीं",
    "पापा के खाते से 12000 निकल गए, कितने दिन पहले ये भी नहीं पता",
    "মায়ের অ্যাকাউন্ট থেকে ৯০০০ টাকা কেটে গেছে, কবে কেটেছে মনে নেই",
    "امی کے کھاتے سے 9000 نکل گئے، کب نکلے یاد نہیں",
    # session 9: money gone with no amount either (triage.PAIRS money_noun, gone)
    "मेरा पैसा चला गया",
    "sara paisa kat gaya bhai",
    "all my money is gone from the account",
    "আমার টাকা চলে গেছে",
    "میرے پیسے چلے گئے",
])
def test_a_loss_whose_time_is_not_known_is_urgent(text):
    found = read(text)
    assert found.loss and found.age == "unknown" and found.urgent


def test_a_unit_said_beside_not_knowing_the_exact_time_still_dates_the_loss():
    assert not read("someone took 30000 from my account, no idea when exactly, the passbook shows last week").urgent


# -- an urgent loss: a payment after a negation its copula closes ("COD nahi tha, advance diya"); who took it, or
# "I paid" with no amount or time ---------------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "online shop se phone liya, cash on delivery nahi tha, 12000 advance diya, ab number band",
    "ऑनलाइन दुकान से फोन लिया, कैश ऑन डिलीवरी नहीं था, 12000 एडवांस दिया, अब नंबर बंद",
    "usne teen baar paise liye, ab phir dhamka raha hai",
    "उन्होंने दो बार पैसे लिए, अब फिर धमका रहा है",
    "انہوں نے دو بار پیسے لیے، اب پھر دھمکی دے رہا ہے",
    "he keeps threatening to post the video, I paid him already",
])
def test_a_payment_after_a_closed_negation_or_money_taken_with_no_time_is_an_urgent_loss(text):
    assert read(text).loss and read(text).urgent


def test_a_negated_payment_stays_no_loss():
    assert not read("advance nahi diya abhi tak, 12000 maang raha hai").loss


def test_a_bill_paid_beside_a_disconnection_message_is_no_loss():
    assert not read("sms says my power will be cut tonight, i paid my bill already, is it fake").urgent


# -- card details just sent: a photo of the card, a form with all its details ----------------------------------
@pytest.mark.parametrize("text", [
    "just now I sent a photo of my debit card to a man who said he is from the bank",
    "abhi abhi usko card ki photo bhej di, kuch kata nahi abhi",
    "अभी कार्ड की फोटो भेज दी एक आदमी को",
    "এইমাত্র একজনকে কার্ডের ছবি পাঠিয়ে দিয়েছি",
    "ابھی ایک فارم میں کارڈ کی پوری تفصیل ڈال دی",
])
def test_card_details_just_sent_are_urgent(text):
    assert read(text).details_typed and read(text).urgent


# -- a caller who asks the resident not to hang up is still on the line ----------------------------------------
@pytest.mark.parametrize("text", [
    "the bank guy told me dont cut the call, he is asking for the OTP",
    "bank wala bol raha call mat kaatna, otp maang raha hai",
])
def test_a_caller_saying_do_not_hang_up_and_asking_a_code_is_live(text):
    assert read(text).live_call


@pytest.mark.parametrize("text", [
    "ED ka officer bol ke skype pe hai abhi, 3 lakh maang raha",
    "ای ڈی کا افسر بن کر اسکائپ پر ہے اور ابھی پیسے مانگ رہا ہے",
    "the man from the bank is still talking to me on the other line and wants my card number",
])
def test_a_fake_officer_or_caller_still_connected_is_live(text):
    assert read(text).live_call and read(text).urgent


# -- danger said in other ways ------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "kind"), [
    ("he says he has put a bomb in my shop and wants 2 lakh", "life"),
    ("कोई बोल रहा है मेरी गाड़ी में बम रखा है", "life"),
    ("মেসেজ এসেছে দোকানে বোমা রাখা আছে", "life"),
    ("دھمکی آئی کہ گاڑی میں بم ہے", "life"),
    ("wo roz follow karta hai, aaj usne mere ghar ke bahar ki photo bheji", "life"),
    ("ab mere paas marne ke alawa koi rasta nahi hai", "self_harm"),
    ("আমার আর মরা ছাড়া উপায় নেই", "self_harm"),
    ("my roommate posted bye everyone and locked her door", "self_harm"),
    ("मेरी 14 साल की बेटी हाथ पर ब्लेड से निशान बना रही है", "self_harm"),
    ("im 16 and a man online has my nudes", "child_abuse"),
    ("আমার ১২ বছরের ছেলেকে একজন অনলাইনে দেখা করতে বলেছে", "child"),
    ("मेरा 11 साल का बेटा किसी के कहने पर घर से निकल गया, अभी तक वापस नहीं आया", "child"),
    ("میری ۹ سال کی بیٹی کو کسی نے ملنے بلایا ہے", "child"),
])
def test_danger_said_in_other_words_is_urgent(text, kind):
    found = read(text)
    assert kind in found.danger and found.urgent


def test_a_self_harm_goodbye_is_not_a_greeting_of_everyday_use():
    assert not read("bye, thanks for the help").urgent


# -- an old loss told by a weekday, a month, years or a festival; "just now" in every style --------------------
@pytest.mark.parametrize("text", [
    "last wednesday 6000 was debited from my card",
    "budhwar ko mere khate se 6000 kat gaye",
    "बुधवार को मेरे खाते से 6000 कट गए",
    "গত বুধবার আমার কার্ড থেকে ৬০০০ টাকা কেটেছে",
    "پچھلے بدھ کو 6000 روپے کٹ گئے",
    "pichle mahine online game me 7000 chale gaye",
    "3 saal pehle 40000 ka fraud hua tha, paise gaye the",
    "on diwali someone took 7000 from my account",
    "holi ke din mere account se 3000 nikal gaye",
    "दीवाली पर ऑनलाइन सेल में 9000 कट गए",
    "পুজোর সময় ৪০০০ টাকা কেটে গেছে",
    "عید پر میرے کھاتے سے 5000 کٹ گئے",
    "eid pe 5000 ka fraud hua, paise chale gaye",
])
def test_an_old_loss_told_by_a_day_month_year_or_festival_is_not_urgent(text):
    found = read(text)
    assert found.loss and found.age == "old" and not found.urgent


@pytest.mark.parametrize("text", [
    "5000 got debited just now",
    "abhi abhi 5000 kat gaye",
    "अभी-अभी 5000 कट गए",
    "এইমাত্র ৫০০০ টাকা কেটে গেল",
    "ekhuni 5000 taka kete gelo",
    "ابھی ابھی 5000 کٹ گئے",
    "thodi der pehle 5000 nikal gaye",
    "تھوڑی دیر پہلے 5000 نکل گئے",
    "aaj diwali hai aur abhi 5000 kat gaye",
])
def test_a_loss_just_now_in_every_style_is_golden(text):
    found = read(text)
    assert found.loss and found.age == "golden" and found.urgent


# -- a call asked for, past or to come, is no call on now -----------------------------------------------------
@pytest.mark.parametrize("text", [
    "a caller from 'customs' says I must join a video call tomorrow for my statement, is it real?",
    "CBI wale bol rahe hain skype pe aane ko bola hai kal subah, jaun kya?",
    "ইডি থেকে বলছে আবার কল করবে, ভিডিও কলে আসতে বলেছে",
    "پولیس والا کہہ رہا ہے دوبارہ کال کرے گا، ویڈیو کال پر آنے کو کہا",
    "we did a video call last week, now a man says he is from the police and wants money. I paid nothing",
    "fake id ki complaint ki thi, id abhi bhi chal rahi hai",
])
def test_a_call_asked_for_or_over_is_no_live_call(text):
    assert not read(text).live_call


def test_a_fake_officer_on_the_call_now_is_still_live():
    assert read("CBI officer is on video call with me right now and says pay or be arrested").live_call


def test_a_call_the_resident_has_cut_is_not_live_though_it_came_just_now():
    assert not read("abhi ek call aaya, bol raha tha police se hai, maine phone kaat diya").live_call


# -- not urgent: no money of the writer's gone (an account taken over, a code's digits, money put into the writer's
# account); messages coming that are not debit messages; a ransom asked for an account, which holds no one ----------
@pytest.mark.parametrize("text", [
    "mera whatsapp kisi ne le liya, ab sabko mere naam se msg ja rahe",
    "my instagram was taken over, they took my account and changed the email",
    "मुझे 6 अंकों का कोड आया था, मैंने एक जान-पहचान वाले को भेज दिया, अब व्हाट्सएप बंद",
    "আমার ফোনে ৬ সংখ্যার কোড এসেছিল, দিয়ে দিলাম, এখন হোয়াটসঅ্যাপ খুলছে না",
    "kisi ne mere account me 15000 dal diye aur ab bol raha galti se aa gaye wapas karo",
    "ایک آدمی کہتا ہے غلطی سے آ گئے، واپس کرو، میرے کھاتے میں کچھ نہیں آیا",
    "koi mujhe msg kar raha hai, roz msg aa rahe hai ki photo viral kar dunga, 2000 bhejo",
    "वो मेरे दोस्तों को मेरे नाम से मैसेज भेज रहा है, अभी भी मैसेज आ रहे हैं",
    "they hacked my youtube channel and want a ransom in crypto to give it back",
])
def test_no_money_of_the_writer_gone_threat_messages_or_an_account_ransom_are_not_urgent(text):
    assert not read(text).urgent


# -- money paid over days or over a year, a loan repaid: not the golden hour; a drain of the account, payments in
# several goes with no time (the last may be minutes old), a time not known, debit messages still coming are -------------------------
@pytest.mark.parametrize("text", [
    "investment app pe 10 din me 60 hazar daal diye, ab withdrawal nahi ho raha",
    "लोन ऐप से 4000 लिया था, 6 दिन में 10000 वसूल लिए, फिर भी धमका रहे हैं",
    "I took a small loan from an app and have paid 11000 back, they still call my contacts",
    "৭ দিনে ৪০ হাজার টাকা দিয়েছি, এখন আর সাড়া দিচ্ছে না",
    "انشورنس کے نام پر سال بھر میں ایک لاکھ لے لیے",
])
def test_money_paid_over_days_or_in_many_goes_is_not_golden(text):
    found = read(text)
    assert found.loss and found.age == "old" and not found.urgent


@pytest.mark.parametrize("text", [
    "4 baar me mere khate se 30000 nikal gaye",
    "কয়েক দফায় ৪০ হাজার টাকা দিয়েছি, এখন আর সাড়া দিচ্ছে না",
    "gift ke customs ke naam pe 3 baar me 45000 bhar diye",
    "3 बार में 15000 गए, कब गए पता नहीं",
    "لون ایپ سے قرض لیا تھا، اب میرے کھاتے سے 8000 کاٹ لیے",
    "abhi bhi paise katne ke msg aa rahe hain",  # debit messages still coming
    "अभी भी डेबिट के मैसेज आ रहे हैं",
    "they have taken my brother and want ransom to give him back",  # a person held for ransom
])
def test_a_drain_of_the_account_a_time_not_known_debits_still_coming_or_a_person_held_stay_urgent(text):
    assert read(text).urgent


# -- a parent's settings question, a scammer using a relative's name or voice, a writer who is a student ---------
@pytest.mark.parametrize("text", [
    "my son is 12 and starting on whatsapp, which settings stop strangers from adding him to groups?",
    "मेरी बेटी 10 साल की है, उसके टैबलेट में कौन सी सेटिंग करें कि अनजान लोग मैसेज न करें",
    "আমার ১২ বছরের মেয়ের ফোনে কোন সেটিং করলে অচেনা লোক মেসেজ করতে পারবে না?",
    "میرے ۱۱ سال کے بیٹے کے فون میں کون سی سیٹنگ کریں کہ اجنبی بات نہ کر سکیں",
])
def test_a_parents_settings_question_is_no_child_at_risk(text):
    assert not read(text).danger


def test_a_writer_who_is_a_student_is_no_child():
    assert not read("paid 3000 deposit for a PG room to a broker, now he is not answering. i am a student").danger


@pytest.mark.parametrize("text", [
    "someone is doing sms bomb on my number, hundreds of otp messages",  # an 'sms bomb' app is no bomb
    "i am 15 days late on a loan app and they threaten to message my contacts",  # a unit after it: no age
])
def test_words_that_only_look_like_danger_are_not_urgent(text):
    assert not read(text).danger


# == session 8, round 2 (the tenth sets' misses, by concept; new sentences) =======================================
# -- a balance that was there and is now zero: a loss, its time not known (urgent) ------------------------------
@pytest.mark.parametrize("text", [
    "no clue when it happened but my wallet had 4200 and now 0",
    "papa ke account me 40 hazar the, dekha to balance 0 hai",
    "माँ के खाते में 18000 थे, अब 0 है",
    "মায়ের অ্যাকাউন্টে ২২০০০ টাকা ছিল, এখন ব্যালান্স শূন্য",
    "ابو کے کھاتے میں 15000 تھے، اب صفر ہے",
])
def test_a_balance_now_zero_is_an_urgent_loss(text):
    found = read(text)
    assert found.loss and found.urgent


# -- everything filled on a link just now, or bank details put in it: details typed (urgent, not a loss) -------
@pytest.mark.parametrize("text", [
    "just now I filled everything on that kyc page, password too",
    "I put my pan and bank details in the form just now",
    "ek sms ke link pe gaya aur abhi sab kuch bhar diya, card number bhi",
    "मैंने अभी लिंक पर जाकर सब भर दिया, पासवर्ड भी डाल दिया",
    "এইমাত্র একটা লিংকে গিয়ে সব তথ্য ভরে দিয়েছি, পাসওয়ার্ডও দিয়েছি",
    "ابھی ایک لنک پر جا کر سب کچھ بھر دیا، پاسورڈ بھی",
])
def test_everything_filled_on_a_link_just_now_is_details_typed(text):
    found = read(text)
    assert found.details_typed and found.urgent and not found.loss


# -- a "digital arrest" going on: sat on the call, kept from talking to anyone, about to go to the bank ----------
@pytest.mark.parametrize("text", [
    "my uncle is sitting on skype with a man who says he is from ED, they are not letting him talk to anyone",
    "mummy abhi video call pe baithi hai koi CBI wala hai, kisi se baat nahi karne de rahe",
    "আমার বাবা এখন ভিডিও কলে বসে আছে, একজন বলছে সিবিআই, কারো সাথে কথা বলতে দিচ্ছে না",
    "امی اس وقت ویڈیو کال پر بیٹھی ہیں، کوئی خود کو پولیس والا کہتا ہے، کسی سے بات نہیں کرنے دے رہے",
])
def test_someone_kept_on_a_fake_officers_call_now_is_a_live_call(text):
    assert read(text).live_call and read(text).urgent


@pytest.mark.parametrize("text", [
    "my aunt is getting ready to go to the bank to send them 4 lakh",
    "nani 2 lakh bhejne ke liye bank jane ki taiyari kar rahi hai",
    "দাদু টাকা পাঠাতে ব্যাংকে যাওয়ার জন্য তৈরি হচ্ছেন",
    "خالہ پیسے بھیجنے کے لیے بینک جانے کی تیاری کر رہی ہیں",
])
def test_getting_ready_to_go_to_the_bank_to_pay_is_money_going(text):
    assert read(text).ongoing and read(text).urgent


# -- a child asked by a stranger to come somewhere, now not home or not answering: danger (child) ---------------
@pytest.mark.parametrize("text", [
    "my 13 year old daughter was told in a game chat to come to the station, she is not at home now",
    "meri 11 saal ki beti ko kisi ne chat pe station pe aane ko bola, ab wo ghar pe nahi hai",
    "मेरे 12 साल के बेटे को गेम में किसी ने स्टेशन पर आने को कहा, वो घर पर नहीं है",
    "আমার ১১ বছরের মেয়েকে চ্যাটে কেউ স্টেশনে আসতে বলেছিল, মেয়ে বাড়িতে নেই",
    "میرے 12 سال کے بیٹے کو گیم میں کسی نے اسٹیشن پر آنے کو کہا، وہ گھر پر نہیں ہے",
])
def test_a_child_lured_somewhere_and_now_not_home_is_danger(text):
    assert "child" in read(text).danger


# -- a loss paid in parts: the time said of the last part is the loss's time ------------------------------------
@pytest.mark.parametrize("text", [
    "my father paid the fake customs officer 3 times, 2 lakh in all, the first on monday and the last payment 20 minutes ago",
    "papa ne teen baar me 80 hazar bhej diye, pehla parso, aakhri wala 15 minute pehle",
    "मम्मी ने दो बार में 50 हजार भेज दिए, पहला कल, आखिरी वाला आधा घंटा पहले",
    "বাবা তিনবারে ৭০ হাজার টাকা পাঠিয়েছে, প্রথমটা পরশু, শেষটা ২০ মিনিট আগে",
    "ابو نے تین بار میں 60 ہزار بھیج دیے، پہلی پرسوں، آخری والی 20 منٹ پہلے",
])
def test_the_last_part_of_a_loss_in_parts_dates_it(text):
    found = read(text)
    assert found.loss and found.age == "golden" and found.urgent


def test_the_last_part_paid_long_ago_stays_old():
    found = read("we paid him four times, 90000 in all, the last payment was 3 weeks ago")
    assert found.loss and found.age == "old" and not found.urgent


def test_a_relative_not_answering_during_a_fake_arrest_call_is_no_child_lured():
    # the fake-custody call ("we have your son, pay for bail") is no danger by itself; the son not answering is no lure
    assert not read("a caller says he is police and has my son in custody, my son is not picking up, I sent nothing").danger


# -- an old loss dated by a month "ki baat", a week passed (nukta spelling), "an hour and half", a date before the
# day it was found out: not the golden hour -----------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "maine 9000 ka phone order kiya tha, paise diye, wo august ki baat hai",
    "मैंने 9000 दिए थे फोन के लिए, ये अगस्त की बात है",
    "میں نے فون کے لیے 9000 دیے تھے، یہ اگست کی بات ہے",
    "मैंने 2 हज़ार भेजे थे, हफ़्ता हो गया, सामान नहीं आया",
    "i paid 12000 for a fake concert pass, it was an hour and half back",
    "my aunt sent 3 lakh to a fake customs officer in august. we came to know today. what can we do",
])
def test_an_old_loss_by_its_own_date_is_not_urgent(text):
    found = read(text)
    assert found.loss and found.age in ("day", "old") and not found.urgent


def test_a_day_then_its_minutes_in_the_next_sentence_still_dates_the_loss():
    assert read("aaj 15000 nikal gaye. 20 minute hue").age == "golden"


# -- session 9 (s9-urgency): concepts said as two word classes in a row (triage.PAIRS), in every pack -------------
# A secret a bank never asks for told or given just now (details shared: urgent though nothing has left yet), the
# balance now zero (a loss), debits going on and a resident sent to the bank to pay now (money leaving now).
@pytest.mark.parametrize(("text", "fact"), [
    ("abhi ek aadmi ko maine apna CVV de diya, kuch kata nahi abhi tak", "details_typed"),
    ("पापा ने अभी फोन पर किसी को एटीएम पिन बता दिया", "details_typed"),
    ("nani ne abhi kisi ko card ke piche wala number bata diya, phone rakh diya", "details_typed"),
    ("I just shared the OTP with a man who said he was from my bank, nothing debited yet", "details_typed"),
    ("bank wale ne call kiya, maine otp de diya, 10 minute hue, abhi tak kuch nahi kata", "details_typed"),
    ("মা এইমাত্র ফোনে একজনকে ওটিপি বলে দিয়েছে", "details_typed"),
    ("امی نے ابھی فون پر کسی کو او ٹی پی بتا دیا", "details_typed"),
    ("बैंक ऐप में बैलेंस अब शून्य दिखा रहा है", "loss"),
    ("balance ab zero ho gaya, kuch samajh nahi aa raha", "loss"),
    ("my balance is showing 0 suddenly", "loss"),
    ("আমার ব্যালেন্স এখন শূন্য", "loss"),
    ("میرا بیلنس اب صفر ہے", "loss"),
    ("abhi bhi mere account se transaction ho rahe hain, phone chori hua hai", "ongoing"),
    ("transactions are happening from my card right now", "ongoing"),
    ("আমার অ্যাকাউন্ট থেকে এখনও লেনদেন হচ্ছে", "ongoing"),
    ("میرے کھاتے سے ابھی ٹرانزیکشن ہو رہی ہیں", "ongoing"),
    ("dadi FD tudwane bank ja rahi hai, CBI wala phone pe bol raha hai paisa jama karo", "paying_now"),  # was "ongoing": since session 12 (s12-resfix) gone to the bank to pay at a caller's word, "stop the payment now"
    ("my grandfather is breaking his FD right now for a customs officer who called", "ongoing"),
    ("maine photo aur 5000 bheje abhi", "loss"),  # money named between the pictures and the verb: money sent
])
def test_a_concept_of_two_word_classes_is_urgent(text, fact):
    found = read(text)
    assert getattr(found, fact) and found.urgent


# ... and not when denied, asked as a what-if, told of long ago, a zero-balance account asked about, a transaction
# that fails, or money that did not go. Money gone with no amount (a money word then a word of going) is with the
# losses whose time is not known, test_a_loss_whose_time_is_not_known_is_urgent above.
@pytest.mark.parametrize(("text", "fact"), [
    ("maine OTP nahi bataya abhi, call kaat diya", "details_typed"),
    ("I did not share the OTP, I cut the call just now", "details_typed"),
    ("agar galti se OTP de diya to kya karna chahiye", "details_typed"),
    ("pichle mahine maine otp bata diya tha, bank ne card block kar diya", "details_typed"),
    ("i gave my otp to a delivery man this morning, nothing happened", "details_typed"),
    ("zero balance account kaise kholte hain", "loss"),
    ("transaction fail ho raha hai upi me abhi", "ongoing"),
    ("paise gaye nahi, bank ne rok liye", "loss"),
    ("i sent some pics to a girl on insta, now her 'brother' wants 10k", "loss"),  # pictures sent, not money
    ("usne meri photo bheji aur 20000 maang raha hai", "loss"),
    ("মেয়েটাকে ছবি পাঠিয়েছি, এখন ২০০০০ টাকা চাইছে", "loss"),
])
def test_a_concept_denied_asked_or_old_is_not_read(text, fact):
    assert not getattr(read(text), fact)


def test_a_fake_officer_still_on_the_line_for_hours_is_a_live_call():
    found = read("police wale bol rahe hain arrest hoga, mummy 2 ghante se video call pe hain, abhi paise maang rahe")
    assert found.live_call and found.urgent


# A loss verb said alone with no money within triage.MONEY_NEAR words has another object: no loss ("apk bheja hai",
# "stole my phone").
@pytest.mark.parametrize("text", [
    "ek company ne whatsapp pe offer letter bheja hai aur kehte hain registration fees 2000 bharo, bharu kya?",
    "someone stole my phone at the station, the bank has blocked my UPI already, I have 40000 in it",
    "they transferred my call to a 'cbi officer' who said pay 50000, I cut the call",
])
def test_a_loss_verb_with_no_money_by_it_is_no_loss(text):
    assert not read(text).loss


def test_a_loss_verb_with_money_by_it_is_a_loss():
    assert read("kisi ne mere account se 5000 bheje, maine kuch nahi kiya").loss


# The time now told as a part of the day and its hour ("ab shaam ke 7"): the loss hours before is not the golden hour.
@pytest.mark.parametrize("text", [
    "aaj dopahar 12 baje 9000 kat gaye, ab shaam ke 7",
    "subah 10 baje 5000 gaye the, abhi shaam ke 6 baj rahe hain",
])
def test_a_loss_hours_before_the_time_now_told_is_not_urgent(text):
    found = read(text)
    assert found.loss and found.age == "day" and not found.urgent


# -- session 9 (s9-urgency2, the twelfth sets' misses by concept); every sentence written for this file -------------
@pytest.mark.parametrize("text", [
    "wo log roz call karke gaali dete hain, maine kuch pi liya hai",
    "वो रोज़ धमकाता है, मैंने कुछ खा लिया है",
    "bahut pareshan hu, ab thak gayi hu ab kuch nahi chahiye",
    "they keep calling my relatives, I have taken something, I am sorry",
    "the blackmail has not stopped, i cant go on anymore",
])
def test_self_harm_said_indirectly_is_danger(text):
    assert "self_harm" in read(text).danger


@pytest.mark.parametrize("text", [
    "maine kal raat kuch khaya nahi, fraud ki tension hai",
    "I took a screenshot of the chat, what next",
    "aaj kaam se thak ke aaya, phir ye message dekha, link kholu kya?",
])
def test_eating_or_tiredness_alone_is_no_self_harm(text):
    assert "self_harm" not in read(text).danger


@pytest.mark.parametrize("text", [
    "mere bhai (class 7) ko instagram pe koi bol raha hai ghar se bhag ke aa ja",
    "मेरी बेटी को कोई बोल रहा है घर से भाग के आ जा",
    "a man is telling my son to run away from home and come to him",
    "someone is chatting with my 14 year old daughter and wants to meet her tonight",
    "he says he will leak my photos unless I send more. I am 15",
])
def test_a_child_lured_away_or_threatened_with_a_leak_is_danger(text):
    assert "child" in read(text).danger or "child_abuse" in read(text).danger


def test_running_away_said_of_an_adult_fraudster_is_no_child_danger():
    assert not read("the seller took 3000 in advance and ran away, number switched off, this was last month").danger


@pytest.mark.parametrize("text", [
    "a man calling as CBI says pay the fine now, he is on hold right now, what do I do",
    "customs officer bol raha hai abhi pay karo, call hold pe rakha hai",
    "the 'RBI officer' told me to transfer my FD for checking, I am on my way to the bank",
    "inspector ne kaha paise verify honge, main abhi bank ja rahi hu transfer karne",
])
def test_a_caller_on_hold_or_the_way_to_the_bank_to_pay_is_urgent(text):
    assert read(text).urgent


@pytest.mark.parametrize("text", [
    "mummy ke khate se 3 din se roj kat raha hai 1000, aaj bhi kata",
    "someone pasted his QR over mine at the shop, the money is going to his account",
    "sim band hai aur khate se paise nikalne ke message aa rahe hain",
    "debit messages are coming one after another on my email right now",
])
def test_debits_still_happening_are_money_leaving_now(text):
    found = read(text)
    assert found.ongoing and found.urgent


def test_a_debit_long_over_is_no_money_leaving_now():
    found = read("do mahine pehle roz 500 kate the, bank ne band kar diya, ab sab theek hai")
    assert not found.ongoing and not found.urgent


@pytest.mark.parametrize("text", [
    "parson 5000 gaye the aur abhi 5 minute pehle phir se 3000 kat gaye",
    "4000 went last week and again 6000 went 10 minutes ago from the same card",
])
def test_a_later_debit_within_the_hour_decides(text):
    found = read(text)
    assert found.loss and found.age == "golden" and found.urgent


def test_an_older_debit_then_and_now_with_no_time_stays_old():
    assert not read("2 saal pehle 5000 gaye the aur abhi tak kuch nahi hua").urgent


@pytest.mark.parametrize("text", [
    "bhai frd hogya 25k",
    "mera pesa chala gaya",
    "hamari saari bachat chali gayi",
    "बुढ़ापे की सारी बचत चली गई",
])
def test_money_gone_in_chat_spelling_is_an_urgent_loss(text):
    found = read(text)
    assert found.loss and found.urgent


@pytest.mark.parametrize("text", [
    "bachat khata kaise kholein",
    "fraud ho gaya to kya karein?",
])
def test_savings_or_a_fraud_asked_about_is_no_loss(text):
    assert not read(text).urgent


@pytest.mark.parametrize("text", [
    "Rs 12,500 debited from your a/c via UPI. got this a minute back and I did not pay anyone",
    "My account shows zero balance. Yesterday it had 52,000. I don't know what happened.",
    "phone was switched off yesterday, today I saw 30,000 debited from my account",
])
def test_a_debit_not_made_by_the_writer_or_seen_now_is_urgent(text):
    found = read(text)
    assert found.loss and not found.no_loss and found.urgent


def test_a_payment_not_made_with_nothing_debited_stays_no_loss():
    assert read("caller asked for 5000 but I did not pay anyone, no money left the account").no_loss


# -- session 10 (the thirteenth sets' misses and false flags, by concept; sentences written for this file) ---------
@pytest.mark.parametrize("text", [
    "a man says he is from ED, I must pay 50000 to clear my name, he is waiting on the call while I open my bank app",
    "CBI wala bol raha hai fine bharo, papa abhi phone pe hi hai",
    "police ka video call aaya hai, mummy call par hi hai aur paise bhejne ja rahi hai",
    "कस्टम्स वाला बोल रहा है 20000 भरो, मम्मी अभी फोन पर ही है",
    "someone in uniform on whatsapp video says I am named in a case, he wants a transfer for verification, call on hold now",
    "nanna ki police ani call vachindi, dabbulu pampamannaru, ippudu kuda line lo unnaru",
    "amma ku police nu solli call vandhuchu, panam anuppu nu solranga, ippo line la irukanga",
    "the bank's 'security team' had me install rust desk, he is guiding me now on the phone",
])
def test_a_caller_still_on_waiting_or_guiding_is_a_live_call(text):
    found = read(text)
    assert found.connected and found.urgent


@pytest.mark.parametrize("text", [
    "electricity office ke naam pe call aaya, apk file bheji, maine install kar di, ab debit ke msg aa rahe hai",
    "courier wale ne whatsapp pe apk bheji thi, install kar di, ab msg aa rahe hai paise katne ke",
    "my insta business page got hacked and now ads are running on my card",
    "mera facebook page hack hua, ab ulta seedha ads chal rahe hai mere card se",
    "they told my father to pay the bail now, he is standing in the bank queue to send the money",
    "fake inspector ne dhamkaya, mummy UPI khol rahi hai paise bhejne ke liye",
])
def test_debits_starting_after_an_apk_or_money_about_to_go_is_urgent(text):
    assert read(text).urgent


@pytest.mark.parametrize("text", [
    "mera khata khaali ho gaya",
    "phone band tha, aaj account check kiya to 40000 gayab",
    "jija ji ne ek trading app me 80 hazar invest karwaya, ab app band ho gaya",
    "my phone was dead since yesterday, today I checked my account and 40000 was missing",
    "my uncle's savings account has been emptied, around 1.6 lakh, nobody knows how or when",
    "a caller promised a refund and made my grandmother pay 15000 as tax. she cannot tell what time, today or yesterday",
    "bank se 12000 nikal gaye, aaj ya kal, time nahi bata pa rahe",
])
def test_an_account_emptied_or_a_payment_with_no_time_known_is_an_urgent_loss(text):
    found = read(text)
    assert found.loss and found.age == "unknown" and found.urgent


def test_a_decimal_amount_is_no_time_of_the_loss():
    """"Around 2.8 lakh" was split at its point and "Around 2" read as 02:00, the time of the loss."""
    found = read("My account was emptied. About 3.5 lakh.")
    assert found.loss and found.age == "unknown" and found.urgent


@pytest.mark.parametrize("text", [
    "some men said on instagram 'we will come and burn your shop' after my post",
    "local goons said they will set fire to my shop tonight",
    "wo log bol rahe hain dukan jala denge",
    "my neighbour is beating his wife right now, she is screaming, send police fast",
    "padosi abhi apni biwi ko maar raha hai, jaldi police bhejo",
])
def test_a_threat_to_burn_or_violence_going_on_is_danger(text):
    found = read(text)
    assert "life" in found.danger and found.urgent


@pytest.mark.parametrize("text", [
    "my phone network went suddenly and then a mail came about a password change, is it a sim swap? I have 2 lakh in the bank",
    "achanak network chala gaya, sim swap to nahi hua? khate me 80000 hai",
    "kisi ne mere naam pe loan le liya hai app pe, 3 loan dikha rahe hai jo maine nahi liye",
    "my facebook account taken over, 2 step verification changed, what do I do",
    "a tipster on telegram sells betting tips, many people in our colony paid. i didnt",
    "loan app agents are abusing me, I had taken a loan of 4000 and repaid it in full",
    "task wale group me 3 din me 60 hazar chale gaye, ab aur maang rahe hai",
    # the message's own clock, not the bench's (10:00 in India): "now at 1 pm", "अभी शाम के 5 बजे हैं"
    "it said 1200 went today at 9.40 am, it is now at 1 pm",
    "आज सुबह 10 बजे खाते से 3000 कटे, अभी शाम के 5 बजे हैं",
    "someone is using my cousin's name and photo on whatsapp asking relatives for money, no one has paid yet",
    "I got an apk file on telegram and installed it, is my phone safe?",
])
def test_no_money_of_the_writers_gone_or_gone_hours_ago_is_not_urgent(text):
    assert not read(text).urgent


# -- session 10 (s10-urgency3): the fourteenth first-message set's misses, by concept, in new sentences ----------
@pytest.mark.parametrize("text", [
    # a bank's debit message just arrived; a transfer named by its kind
    "phone ka network chala gaya aur abhi bank se sms aaya 60,000 debit",
    "papa ne abhi 15 minute pehle ek customer care wale ko 80 hazar NEFT kar diya",
    "I did an RTGS of 3 lakh to the 'RBI safe account' 10 minutes ago",
    # money just sent, said in romanised Telugu inside a message
    "courier case antu call chesaru, nanna ippude pampadu 20000",
    # the time not known: the balance had up to yesterday, a guess between two times, the exact time not known
    "bete ke account se sab nikal gaya, kal tak 40 hazar the, ab 0 dikha raha",
    "my aunt sent 12000 to a fake relative, maybe last week or this week, she cannot say",
    "dadi ne lottery wale ko 30 hazar bhej diye, shayad pichle hafte ya usse pehle",
    "Rs 25,000 was debited from my mother's account after she shared a code. We do not know the exact time",
    # the writer sending now or about to send; payments to a swapped QR going to someone else
    "they say they are from customs and I must pay 15000 today, i am about to send",
    "hamari chai ki dukan ke QR par kisi ne apna QR laga diya, paisa kisi aur ko ja raha hai",
    # elderly plain present: "i give"
    "man call me say your grandson in jail, send 10000, i give. please help",
])
def test_money_told_in_the_fourteenth_sets_ways_is_urgent(text):
    found = read(text)
    assert found.urgent and found.label == "urgent_money", found


@pytest.mark.parametrize("text", [
    "my son 14 has not come back from school and his phone is off, someone from a game was chatting with him",
    "मेरा बेटा 13 साल का स्कूल से नहीं लौटा, फोन भी बंद है",
    "my daughter (16) says a boy she met on snapchat is waiting outside the school and she is about to leave with him",
])
def test_a_child_not_back_from_school_or_about_to_leave_with_a_stranger_is_danger(text):
    found = read(text)
    assert "child" in found.danger and found.urgent


def test_a_fake_officer_on_a_video_call_asking_to_send_money_is_a_live_call():
    found = read("fake CBI officers are on a whatsapp video with my father right now asking him to pay 3 lakh")
    assert found.live_call and found.urgent


@pytest.mark.parametrize("text", [
    # a video call made before is no call on now
    "ek aadmi ne pichle mahine video call kiya tha, ab message karke bol raha hai paise do",
    # money a child spent on his own game id is not money taken
    "my nephew's game account got hacked, he spent a lot of money on it and now he is crying",
    # "one and half hour ago" is past the golden hour; a loss told again with its day ("paid on tuesday")
    "my uncle sent 9000 to a fake army officer. It was one and half hour ago",
    "i paid 4000 advance for a flat on olx. went to see it today, nobody there. paid on thursday",
    # yesterday in romanised Tamil
    "phonepe la 3000 anuppinen, seller block panitan. nethu",
])
def test_what_the_fourteenth_set_flagged_is_not_golden_hour(text):
    found = read(text)
    assert not found.urgent, found


def test_a_time_given_with_the_half_before_the_unit_counts_the_half():
    found = read("my uncle sent 9000 to a fake army officer. It was one and half hour ago")
    assert found.loss and found.age == "day" and NOW - found.loss_at == timedelta(minutes=90)


# -- session 11 (residents): someone beaten now; money sent to a wrong UPI id by the writer's own mistake ---------------
@pytest.mark.parametrize("text", [
    "two men are beating him up outside our shop right now",
    "gali mein ek ladke ko abhi peet rahe hain",
    "अभी सड़क पर एक आदमी की पिटाई हो रही है",
    "এখনই রাস্তায় একজনকে মারধর হচ্ছে",
    "ابھی گلی میں ایک لڑکے کو پیٹ رہے ہیں",
])
def test_someone_beaten_now_is_violence_a_danger_to_life(text):
    found = read(text)
    assert "life" in found.danger and found.violence and found.urgent


@pytest.mark.parametrize("text", ["my neighbour was beaten up last year", "they were hitting me with spam calls all day"])
def test_violence_told_of_the_past_or_of_calls_is_no_danger(text):
    assert not read(text).danger


@pytest.mark.parametrize("text", [
    "I sent 5000 to the wrong UPI id by mistake just now",
    "galti se galat UPI id par 5000 bhej diye abhi",
    "गलती से गलत खाते में 2000 भेज दिए",
    "ভুল করে ভুল UPI আইডিতে 3000 টাকা পাঠিয়ে দিয়েছি",
    "غلطی سے غلط UPI آئی ڈی پر 1500 بھیج دیے",
])
def test_money_sent_to_a_wrong_payee_by_mistake_is_no_loss_and_not_urgent(text):
    found = read(text)
    assert found.mistaken and not found.loss and not found.urgent


def test_a_stranger_asking_back_money_sent_by_mistake_is_the_refund_trick_not_a_mistake():
    found = read("he says he sent 5000 to my upi by mistake to the wrong number and asked me to send it back")
    assert found.refund_trick and not found.mistaken


@pytest.mark.parametrize("text", [
    "our supplier's email was faked with new bank details and we paid 3 lakh to the wrong account 20 minutes ago",
    "galat aadmi ko 4000 bhej diye abhi, bola tha lottery lagi hai",
])
def test_a_wrong_account_told_without_the_writers_own_slip_is_still_a_loss(text):
    found = read(text)
    assert found.loss and not found.mistaken and found.urgent
