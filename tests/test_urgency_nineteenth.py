"""Session 13 (s13-urgency, issues 11 and 13): the eighteenth and nineteenth sets' urgent misses, fixed by concept in
the packs' words (lang/<code>/words/triage.yaml, time.yaml) and in how a loss is dated after the phone's network went
dead (triage._past_signal_lost), told here in new sentences through the real engine: the case is urgent and the first
reply is the golden-hour action (1930, 112, or cut the call / stop the payment). Every sentence was written for this
file, in other words than the sets'."""
from __future__ import annotations

import pytest

# the action a first reply opens with, in every pack: 1930, 112 / 14416, or cutting the call / stopping the payment
ACTIONS = ("1930", "112", "14416", "Cut the call", "cut the call", "कॉल काट", "कलটি কেটে", "কল কেটে", "کال کاٹ",
           "টাকা পাঠানো আটকান", "पैसे भेजना रोक", "Stop the payment", "ادائیگی روک")

LIVE_CALL = [
    # a caller still on: on hold, watching now, a video call going on for an hour, the room shut for it
    "the bank's 'security team' asked me to shift my savings to a new account and the man is waiting on hold while I type this",
    "a CBI officer on whatsapp video call says I am arrested, he is watching me on camera and wants 2 lakh",
    "my mother is in a video call with a lady in police uniform for the last hour, she says mom's aadhaar is in a money laundering case",
    "customs wala bol raha hai parcel me drugs mile, phone hold pe hai abhi, 50000 maang raha hai",
    "dadi ne kamra band karke video call pe baithi hai, koi police wala bol raha hai arrest hogi",
    "मम्मी को किसी ने डिजिटल अरेस्ट में रखा है सुबह से, एफडी तुड़वाने की बात कर रहे हैं",
    "আমার মা সকাল থেকে দরজা বন্ধ করে ভিডিও কলে বসে আছেন, বলছে সিবিআই, এখন ব্যাংকে টাকা পাঠাতে বেরোচ্ছেন",
    "میرے ابو کو صبح سے ڈیجیٹل اریسٹ میں رکھا ہوا ہے، کمرہ بند کر کے فون پر ہیں، ایف ڈی تڑوانے کا کہہ رہے ہیں",
]

REMOTE_OR_TYPED = [
    # an app a caller made the writer install, nothing gone yet; the phone controlled from afar
    "gas agency ke naam se call tha, unhone ek apk install karwaya abhi, paise abhi nahi kate par phone atak raha hai",
    "a courier caller made me install an app just now, no money has gone yet but the screen flickers",
    "ایک کال والے نے ابھی ایپ ڈاؤنلوڈ کروائی، اب فون اس کے کنٹرول میں ہے، پیسے ابھی نہیں گئے",
    "কাস্টমার কেয়ার বলে একজন এখনই একটা অ্যাপ ইনস্টল করিয়েছে, ফোন ওর কন্ট্রোলে চলে গেছে",
    # card or bank details filled into a page just now
    "a 'postal department' sms asked a small fee for redelivery, I entered my card details and the page is still loading",
    "reward points ke link pe card details bhar di, page abhi load ho raha hai",
    "ایک فارم میں ابھی اکاؤنٹ نمبر بھر دیا پنشن کے لیے، پیسے ابھی نہیں کٹے",
]

MONEY_TIME = [
    # the network gone since noon, money found gone now: its time not known
    "since afternoon there is no network on my phone, just checked on laptop and 45000 is transferred out",
    "দুপুর থেকে সিম বন্ধ হয়ে গেছে, এখন ল্যাপটপে দেখি ৬০ হাজার টাকা চলে গেছে",
    "dopahar se network nahi hai, abhi laptop pe dekha 40000 nikal gaye",
    # debit messages with the time now told by the message's own clock
    "got 2 debit messages for Rs 9,800, I did not do them. Time shown 4:05 pm. Now time is 4:30",
    # money taken a little at a time since last month and still going: a drain going on now (class bit_by_bit)
    "since last month small amounts are being deducted from my pension account little by little, 22000 gone so far",
    "pichle mahine se khate se thoda thoda paisa kat raha hai, kab shuru hua pata nahi",
    "গত মাস থেকে অ্যাকাউন্ট থেকে একটু একটু করে টাকা কেটে যাচ্ছে, কবে শুরু জানি না",
    "پچھلے مہینے سے پنشن کھاتے سے تھوڑے تھوڑے پیسے کٹ رہے ہیں",
    # payments going on from a lost or snatched phone's payment app, within the hour
    "my mobile was stolen in the bus 20 minutes back, now phonepe payments are happening from my account, 6000 gone so far",
    "phone chori hua aadha ghanta pehle, ab us phone se transaction ho rahe hain 12000 ke",
    "আধ ঘণ্টা আগে ফোন চুরি হয়েছে, এখন ওই ফোন থেকে লেনদেন হয়েছে ৮০০০ টাকার",
    "آدھا گھنٹہ پہلے فون چوری ہوا، اب اس فون سے ٹرانزیکشن ہوئی ۹۰۰۰ کی",
    # relatives who already sent money to a hacked number, time not known
    "मेरा फेसबुक हैक हो गया, उससे सबसे पैसे मांगे जा रहे हैं, तीन लोगों ने भेज भी दिए, कब भेजे पता नहीं",
    # someone else saying they sent nothing is no denial of the writer's payment
    "boss ke naam se message aaya gift card ke liye, maine 6000 bhej diye 15 min pehle, ab boss bol rahe unhone kuch nahi bheja",
    "the caller said he credited 10000 to me by mistake, I returned it 20 minutes ago, then saw he had sent no money",
    "اس نے کہا غلطی سے پیسے بھیج دیے واپس کرو، میں نے آدھا گھنٹہ پہلے ۱۵ ہزار بھیجے، بعد میں دیکھا اس نے کوئی پیسے نہیں بھیجے تھے",
]

DANGER = [
    # goodbye messages from someone not answering (self-harm: 112 and Tele-MANAS)
    "my brother sent goodbye messages to all of us after his photos got leaked and now his phone is switched off",
    "meri dost alvida ke message bhej rahi hai, phone nahi utha rahi",
    # a threat to kill said in Gujarati (romanised)
    "loan app vala kahe che ke tane ghare aavi ne maari nakhshe",
    # session 13, the twentieth sets read (by concept, lead): going to die now, said or quoted; shut in a room and not
    # answering after blackmail; a weapon's photo sent as a threat (every sentence written for this file)
    "meri behen ne call pe kaha wo marne ja rahi hai, ab phone switch off hai",
    "भाई बोल रहा है मैं मरने जा रहा हूँ, किसी ने उसकी फोटो वायरल कर दी",
    "আমার ছেলে বলছে ও মরতে যাচ্ছে, কেউ ওর ছবি ছড়িয়ে দিয়েছে",
    "میرا بھائی کہہ رہا ہے وہ مرنے جا رہا ہے، فون بند ہے",
    "my cousin locked himself in his room after the blackmail call and won't open the door",
    "a man sent me a picture of a gun and my home address on instagram",
    "ek ladke ne chaku ki photo bheji aur bola kal school ke bahar milna",
    # session 13, a resident's trial (by concept, lead): a child threatened to be taken from school unless money is
    # paid (no errand), and a parent kept on a video call for hours ("rakhe hain")
    "caller says if we don't pay 50000 they will pick up our daughter from school on monday",
    "फोन पर धमकी दी कि पैसे नहीं दोगे तो तुम्हारी बेटी को स्कूल से उठा लेंगे",
    "ওরা বলছে টাকা না দিলে মেয়েকে স্কুল থেকে তুলে নিয়ে যাবে",
    "dadaji ko customs wale 3 ghante se video call pe rakhe hain, paise transfer karne bol rahe",
]


def _acts_first(out) -> bool:
    return any(action in out.texts[0] for action in ACTIONS)


@pytest.mark.parametrize("message", LIVE_CALL + REMOTE_OR_TYPED + MONEY_TIME + DANGER)
def test_the_case_is_urgent_and_the_first_reply_is_the_action(resident, message):
    out = resident.send(message)
    assert out.case and out.case["priority"] == "urgent", out.texts[:2]
    assert _acts_first(out), out.texts[:2]


NOT_URGENT = [
    "my account is on hold since last week because of kyc, how do I get it released",  # an account on hold, no call
    "someone sent me an apk on whatsapp, I did not install it, is it safe?",  # not installed, asked
    "sim band ho gaya tha 3 din pehle, naya sim le liya, koi paisa nahi gaya",  # the SIM, no money gone
    # a 'digital arrest' told as over, days ago; details typed on a date long past; the writer's son who sent nothing
    "2 hafte pehle papa ko 3 din tak digital arrest me rakha, 5 lakh RTGS karwa liye",
    "گزشتہ مہینے ماموں کو دو دن ڈیجیٹل اریسٹ میں رکھا اور چار لاکھ لے لیے",
    "In March I entered my card details on a fake cashback site and 12,000 was debited the same day",
    "बेटे के इंस्टाग्राम से सबको पैसे मांगने के मैसेज जा रहे हैं, उसने कुछ नहीं भेजा, अकाउंट उसके हाथ से निकल गया",
    # the SIM gone, the money still there
    "রাত থেকে ফোনে নেটওয়ার্ক নেই, শুনলাম সিম অন্য কেউ তুলেছে, ব্যাংকে দেখলাম টাকা এখনও ঠিক আছে",
    # a last date that is a scam SMS's, not a threat; a room shut for a live call is the call's (urgent there)
    "sms aaya hai ki aaj KYC ka last day hai warna account band, ye sahi hai kya?",
    # a parent's own pick-up from school is an errand
    "I will pick up my son from school and then come to the cyber cell about the fake profile of my wife",
]


@pytest.mark.parametrize("message", NOT_URGENT)
def test_its_neighbours_stay_below_urgent(resident, message):
    out = resident.send(message)
    assert not (out.case and out.case["priority"] == "urgent"), out.texts[:2]
