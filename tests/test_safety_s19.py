"""Safety questions the twenty-ninth blind set (and session 18's leftovers) read as reports, closed by concept in the
packs (s19-safety, issue 11) and tested here in other words: a question is a question, not a report, unless it states
a loss or a danger now. A call the writer cut said with 'cut' alone and asked about with a tag question ('maine kat kar
diya. fake tha na?'); nothing sent said short ('bheja nahi', 'not sent'); asked in general (a thing real in law, how
to tell the police, what proof to keep, which law, the signs of a hack, money coming in or going out on a scan); a
relative's 'should my son'; the refund and overpayment trick in more words; a posting transfer that is no money; an
officer of a utility or of the army who is no police; a story closing with nothing given yet; fear said after a threat
with nothing paid (the sextortion advice first, the report offered). Real reports stay what they are."""
from __future__ import annotations

import pytest

from tests.test_safety_questions_s18b import _advised, _reply  # a topic's answer or "Did you mean", never a report


@pytest.mark.parametrize("message", [
    "abhi call aaya tha customs se, bola parcel me drugs hai, police se baat karo. maine kat kar diya. fake tha na?",
    "ابھی کال آئی کہ پولیس سے بات کریں آپ کے نام پر کیس ہے، میں نے کاٹ دیا۔ فراڈ تھا نا؟",
    "अभी एक कॉल आया, बोला आपके आधार पर केस दर्ज है, CBI से बात कराता हूँ... मैंने कट कर दिया। ये फ्रॉड था ना?",
])
def test_a_call_cut_with_cut_alone_and_asked_about_is_no_call_on(resources, message):
    result = _advised(resources, message, "digital_arrest_fake_police_calls")
    assert not result.urgent


@pytest.mark.parametrize("message", [
    "a lady from a courier company said my parcel has drugs and the police need 5000 to clear it. not sent. is it fake?",
    "courier wale ne kaha parcel me drugs hai, narcotics officer se baat karo, 5000 bhejo. bheja nahi. fake hai na?",
    "কুরিয়ার থেকে ফোন করে বলল পার্সেলে মাদক আছে, পুলিশ অফিসার ৫০০০ টাকা চাইছে। পাঠাইনি। এটা কি ভুয়া?",
])
def test_nothing_sent_said_short_is_asked_before_acting(resources, message):
    _advised(resources, message, "digital_arrest_fake_police_calls")


@pytest.mark.parametrize("message, topic", [
    ("Caller from cyber police said do not tell family and stay on the video. Is digital arrest really a thing in law?",
     "digital_arrest_fake_police_calls"),
    ("मेरे पड़ोस में कुछ लोग नकली कॉल सेंटर चला रहे हैं, रात भर विदेशियों को फोन करते हैं, पुलिस को कैसे बताऊं?",
     "illegal_call_centres"),
    ("hamare gaon me ek ghar me ladke raat bhar logo ko loan ke call karte hain, log bolte fake call centre hai, police "
     "ko kaise batayein", "illegal_call_centres"),
    ("instagram hack hone ke kya signs hote hain? kuch ajeeb login dikh rahe hain", "facebook_instagram_hacked"),
    ("signs that someone hacked my whatsapp? my chats show read when I didn't open them", "whatsapp_hacked"),
    ("stalking ke liye kya law hai? ek ladka mujhe har jagah msg karta hai", "stalking_online_harassment"),
    ("QR कोड स्कैन करने से पैसा आता है या जाता है? एक ग्राहक कह रहा है स्कैन करो पैसे मिलेंगे",
     "upi_collect_request_qr_code"),
    ("A guy keeps sending my wife abusive DMs on facebook. What evidence should we keep before blocking him?",
     "evidence_to_keep"),
    ("ek ladka meri behen ko insta pe gaaliyan bhej raha hai, block karne se pehle kya saboot rakhe?", "evidence_to_keep"),
    ("কেউ আমার বোনকে ফেসবুকে গালি দিচ্ছে, ব্লক করার আগে কী প্রমাণ রাখব?", "evidence_to_keep"),
    ("کوئی میری بہن کو فیس بک پر گالیاں بھیج رہا ہے، بلاک سے پہلے کیا ثبوت رکھیں؟", "evidence_to_keep"),
])
def test_asked_in_general_is_answered_though_a_story_is_told(resources, message, topic):
    _advised(resources, message, topic)


@pytest.mark.parametrize("message", [
    "SMS says my electricity connection will be cut at 10 pm tonight, contact officer on 98XXXXXXXX. Is this genuine? "
    "I paid the bill",
    "বিদ্যুৎ বিল বাকি বলে অফিসারের নম্বর দিয়ে মেসেজ এসেছে, আজ রাতে লাইন কেটে দেবে। এটা কি আসল?",
])
def test_a_utilitys_officer_is_no_police_asked_about(resources, message):
    _advised(resources, message, "kyc_electricity_bill_sms")


def test_the_police_asked_about_beside_a_bill_stays_the_police_check(resources):
    for message in ("police officer ne bijli bill ke naam pe call kiya, kya ye asli police hai?",
                    "a police officer called and said I must pay a fine. is he a real police officer?"):
        assert _reply(resources, message)[0].intent == "impersonation"


@pytest.mark.parametrize("message", [
    "olx pe ek fauji ne bola uska transfer ho gaya hai, bike sasti bech raha hai, pehle 2000 advance bhejo. asli hai kya?",
    "ओएलएक्स पर एक आर्मी वाला कह रहा है उसका ट्रांसफर हो गया है, सामान बेचना है, पहले 1 रुपया भेजो। ये असली है?",
    "an army officer on olx says he got transferred and is selling his fridge cheap, asks me to send 1 rupee first to "
    "verify. is this real?",
])
def test_a_posting_transfer_is_no_money_and_an_army_officer_no_police(resources, message):
    result = _advised(resources, message)
    assert not result.urgent


def test_money_transferred_beside_a_posting_transfer_stays_the_urgent_report(resources):
    result, reply = _reply(resources, "olx pe army wale ne bola transfer ho gaya, maine 5000 transfer kar diye abhi "
                                      "10 min pehle")
    assert reply.kind == "report" and result.intent == "financial_fraud" and result.urgent


def test_a_relatives_should_my_asks(resources):
    _advised(resources, "a link came on whatsapp for a free laptop scheme asking aadhaar, should my son fill the form")


@pytest.mark.parametrize("message", [
    "a man rang and said 'I sent you 5000 by mistake, please return it' but no money came in my account. do I return it?",
    "customer bola galti se 3000 zyada chala gaya, 2500 wapas karo, par mere account me kuch aaya hi nahi. kya karu?",
])
def test_the_refund_trick_in_more_words_is_no_loss(resources, message):
    result = _advised(resources, message, "upi_sent_by_mistake")
    assert not result.urgent


def test_a_story_closing_with_nothing_given_yet_is_no_call_on(resources):
    result = _advised(resources, "शादी की साइट पर एक लड़का मिला, कभी मिलने नहीं आता, वीडियो कॉल नहीं करता, अब कह रहा "
                                 "है दुकान के लिए उधार चाहिए। कुछ दिया नहीं अभी", "romance_matrimonial_scam")
    assert not result.urgent


@pytest.mark.parametrize("message", [
    "someone recorded my video call and says pay 10000 or he sends it to my wife. i haven't paid anything, i am scared",
    "वीडियो कॉल रिकॉर्ड करके कोई धमकी दे रहा है कि पैसे दो वरना वीडियो वायरल कर दूंगा। मैंने अभी कुछ नहीं दिया, डर लग "
    "रहा है",
])
def test_a_threat_with_nothing_paid_and_fear_said_gets_the_advice_and_the_report_offered(resources, message):
    result = _advised(resources, message, "sextortion_dos_donts")
    assert result.offer == "sextortion"


@pytest.mark.parametrize("message", [
    "my ex is outside my house right now and says he will kill me, i am scared",
    "maine 20000 bhej diye abhi 10 min pehle, dar lag raha hai",
    "bank ka msg aaya tha, link pe net banking login kiya aur OTP daala 5 min pehle. ab dar lag raha hai",
    "entered my card number and cvv on a parcel site ten minutes ago, now i am scared",
])
def test_fear_beside_a_danger_a_loss_or_details_typed_stays_the_urgent_report(resources, message):
    result, reply = _reply(resources, message)
    assert reply.kind == "report" and result.urgent

