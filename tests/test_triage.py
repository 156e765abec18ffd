"""bot/nlu/triage.py on the helpline's own examples (English, Hindi, romanised Hindi): one class per message."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from bot.nlu import triage
from bot.nlu.entities import times

NOW = datetime(2026, 11, 27, 4, 30, tzinfo=timezone.utc)  # 10:00 in India

EXAMPLES = [
    ("my account was hacked and 40000 withdrawn 15 minutes ago", "urgent_money"),
    ("someone took 20000 from my account 5 minutes ago", "urgent_money"),
    ("I paid 2 lakh to a fake CBI officer", "urgent_money"),  # the time not said: urgent until it is
    ("मेरे खाते से आधा घंटा पहले ₹२५,००० कट गए", "urgent_money"),
    ("paise kat rahe hain baar baar, kya karu", "urgent_money"),
    ("anydesk is still open and money is going", "live_call"),
    ("abhi 50000 kat gaye, caller abhi bhi line par hai", "live_call"),
    ("police wale video call pe hai abhi, digital arrest bol rahe", "live_call"),
    ("they won't let me cut the call, saying I am under digital arrest", "live_call"),
    ("my son is being held, they want ransom on upi now", "danger"),
    ("he is blackmailing me with my photos, I want to die", "danger"),
    ("someone is sending nude pictures to my 12 year old daughter", "danger"),
    ("मेरा बेटा गायब है, फिरौती मांग रहे हैं", "danger"),
    ("woh bol raha hai jaan se maar dega", "danger"),
    ("shared otp by mistake, no money gone yet", "no_loss"),
    ("mere paise nahi kate, sirf otp bataya", "no_loss"),
    ("money was not deducted but they have my card details", "no_loss"),
    ("I did not pay anything to the fake police", "no_loss"),
    ("last week I lost 5000 to a fake seller", "old_loss"),
    ("3 mahine pehle 12000 chale gaye loan app mein", "old_loss"),
    ("kal 5000 kat gaye", "loss"),  # within a day: 1930, not urgent
    ("How to avoid UPI fraud?", "none"),
    ("is this number genuine 9876543210", "none"),
    ("my whatsapp got hacked", "none"),
    ("ek ladki ne video call kiya aur video bana li, 10000 maang rahi hai", "none"),
    ("my phone was stolen yesterday", "none"),
    ("paytm se 2 baar 5000 cut hua hai abhi", "urgent_money"),
    ("5000 kat gaye nahi pata kaise", "urgent_money"),  # "nahi pata" is "don't know", not a negation
    ("20000 debited not by me", "urgent_money"),
    ("bhaiya meri mummy ke khate se 30 hazar nikal liye kisi ne", "urgent_money"),
    ("scammer is on video call with my father right now demanding money", "live_call"),
    ("my daughter 14 is chatting with a man who asks her for photos", "danger"),
    ("I received 2000 from unknown person, now he says return it", "none"),
    ("what should I do if money is deducted from my account by fraud?", "none"),
    ("what is digital arrest?", "none"),
    # issue 11, classes found in the first blind set's missed urgent messages (examples written apart from it):
    ("mera paisa gaya sir", "urgent_money"),  # singular "paisa gaya", time not said
    ("course ke liye 9000 diye the, ab unka number band hai", "urgent_money"),
    ("dukan wale page ne 2500 advance liya aur gayab", "urgent_money"),
    ("account got debited 4999 x 3 times, what do i do", "urgent_money"),  # a debit is money
    ("mummy ne abhi ek link pe card number and pin daal diya, paise nahi kate abhi", "urgent_money"),
    ("he typed his debit card number on a page from an sms just now, nothing gone yet", "urgent_money"),
    ("ek ladka meri 12 saal ki bhanji ko game pe milne bula raha hai", "danger"),
    ("a man online keeps asking my 10 year old to meet alone", "danger"),
    ("usne likha hai aaj tu nahi bachega", "danger"),
    ("कोई व्हाट्सएप पर जान से मारने की धमकी भेज रहा है", "danger"),
    # issue 11, classes found in the second blind set's missed urgent messages (examples written apart from it):
    ("rent ke naam pe ek aadmi 12k le gaya", "urgent_money"),  # "le gaya", time not said
    ("मेरे साथ 3000 रुपये का धोखा हो गया", "urgent_money"),
    ("पेंशन खाते से ₹40,000 की निकासी हुई है जो मैंने नहीं की", "urgent_money"),  # formal: a withdrawal done
    ("किसी ने बैंक वाला बनकर मेरे खाते से 60 हजार की राशि निकाल ली", "urgent_money"),
    ("apk wali file kholi thi, ab khata khali hai", "urgent_money"),  # an emptied account is money
    ("loan app ko 9000 chuka chuka hu phir bhi maang rahe hai", "urgent_money"),
    ("Rs 25,000 is missing from my savings account", "urgent_money"),
    ("approved a request of 8,000 on my upi app thinking I would receive money", "urgent_money"),
    ("two withdrawals in another country on my debit card", "urgent_money"),
    ("I entered my card details on a fake bank page 5 minutes ago, nothing debited yet", "urgent_money"),
    ("abhi abhi ek site pe card details daal di, paisa nahi kata", "urgent_money"),
    ("entered my card details on a shopping site, nothing debited", "no_loss"),  # no time: no money leaving now
    ("saw it in the passbook yesterday: 20k withdrawn, we don't know when it left", "urgent_money"),
    # ... and in its non-urgent messages flagged urgent
    ("paid 8000 in a task group, over the last 10 days", "old_loss"),
    ("transferred Rs 15,000 for a bike, this was an hour and a half ago", "loss"),
    ("20 hazar bheje the naukri ke liye, 2 hafte ho gaye", "old_loss"),
    ("usne photo bheji hai aur bola 10000 nahi diye to viral kar dunga", "none"),  # a threat, nothing paid
    ("1930 पर शिकायत की थी, मेरे पैसे कब मिलेंगे", "none"),  # a complaint made already: not a new loss
    ("I already complained on the portal, when will I get my money back?", "none"),
    ("akhbar me padha ek aadmi se 50 lakh thag liye, ye kaise hota hai", "none"),  # someone else, in the news
    ("डिजिटल अरेस्ट क्या होता है? क्या वीडियो कॉल पर पुलिस पकड़ सकती है?", "none"),  # asked, not on a call
    ("mere account me kisi anjaan ne 5000 bheje aur ab wapas maang raha hai", "none"),
]


@pytest.mark.parametrize("text,label", EXAMPLES)
def test_each_message_gets_its_class(text, label):
    assert triage.read(text, NOW).label == label


def test_a_loss_time_is_kept_and_aged():
    read = triage.read("40000 withdrawn 15 minutes ago", NOW)
    assert read.loss and read.age == "golden" and (NOW - read.loss_at).total_seconds() == 15 * 60
    assert triage.read("5000 gone yesterday night", NOW).age == "day"
    assert triage.read("someone took 5000 from my account", NOW).age == "unknown"


def test_facts_never_say_no_and_mark_an_unstated_time():
    assert triage.read("fraudsters took 15000 from my account", NOW).facts() == {
        "money_lost": True, "money_left_at_unknown": True}
    assert triage.read("shared otp by mistake, no money gone yet", NOW).facts() == {}
    child = triage.read("someone is sending nude pictures to my 12 year old daughter", NOW).facts()
    assert child["child_abuse"] is True and child["danger"] == ["child_abuse"]


@pytest.mark.parametrize(("text", "minutes"), [
    ("2 txns of Rs 4000 on my card, first at 9:10 pm, its 9:35 now", 25),
    ("50000 gaye 11:50 pe, ab 12:20 ho gaya", 30),  # across noon on a 12-hour clock
    ("lost 3000 at 1:05 pm, it is 1:45 pm now", 40),
    ("abhi 6:10 pe paise kate, ab 6:40 hua hai", 30),  # the last telling is the time now
])
def test_the_messages_own_clock_ages_the_loss(text, minutes):
    """A message that tells the time now ("its 9:35 now") ages its loss by its own clock, whatever the
    server's clock says (found in held-out messages that gave clock times)."""
    read = triage.read(text, NOW)
    assert read.loss and (NOW - read.loss_at).total_seconds() == minutes * 60
    assert read.age == "golden" and read.urgent


def test_a_clock_time_alone_is_not_the_time_now():
    assert times.told_now_gap("paid 5000 at 10:30 am") is None
    assert times.told_now_gap("it is 9:00 now") is None  # nothing else to measure from


@pytest.mark.parametrize(("text", "age"), [
    ("aaj subah 10 baje 50000 kat gaye", "unknown"),  # a time still to come: not "now", asked again (urgent)
    ("50000 debited today 10 am", "unknown"),
    ("kal subah 10 baje 50000 kat gaye", "day"),  # the words say the day before
])
def test_a_time_still_to_come_in_the_units_zone_is_not_now(text, age):
    """Issue 11 item 6: at 03:45 in India (22:15 UTC the day before), "today 10 am" has not happened yet."""
    early = datetime(2026, 11, 26, 22, 15, tzinfo=timezone.utc)
    read = triage.read(text, early, "Asia/Kolkata")
    assert read.loss and read.age == age
    assert (read.loss_at is None) == (age == "unknown")


@pytest.mark.parametrize(("text", "danger"), [
    # issue 11, fourth step: danger classes found missing in the third blind set, tested in other words
    ("usne likha hai kal subah ghar aake mere pati ko maar dalega", "life"),
    ("वो बोल रहा है कि मेरे चेहरे पर तेज़ाब फेंक देगा", "life"),
    ("he wrote that he will throw acid on my sister when she leaves college", "life"),
    ("meri bhanji 12 saal ki hai, ek aadmi tuition ke bahar roz follow karta hai", "child"),
    ("my nephew is 15 and a man on discord says he will send his photos to the class or else pay", "child"),
    ("मेरा भतीजा 14 साल का है, कोई उसे धमका रहा है कि घर का पता सबको बता देगा", "child"),
    ("a stranger told my son he knows where our flat is", "child"),
])
def test_a_threat_to_life_or_a_child_is_danger(text, danger):
    read = triage.read(text, NOW)
    assert danger in read.danger and read.urgent


@pytest.mark.parametrize("text", [
    # issue 11, fourth step: money gone in words the classes did not know (written apart from the blind sets)
    "teen baar 2000 gaya account se, samajh nahi aa raha",
    "mera 75 hazar gaya trading app me",
    "loan app wale 4 baar me 9,000 mangwa liye",
    "मेरे खाते से हर हफ्ते 1,500 कट रहे हैं, मैंने कुछ नहीं किया",
    "after i pressed the code, a transfer of 15k happened",
])
def test_money_gone_in_other_words_is_a_loss(text):
    read = triage.read(text, NOW)
    assert read.loss and read.urgent


@pytest.mark.parametrize("text", [
    "मेरे दादाजी को तीन घंटे से 'सीबीआई' वाले वीडियो कॉल पर बैठाकर रखे हुए हैं",
    "my aunt is on a video call with 'customs' and they are not letting her leave the room",
])
def test_someone_held_on_a_call_now_is_live(text):
    read = triage.read(text, NOW)
    assert read.live_call and read.urgent


@pytest.mark.parametrize("text", [
    "teamviewer kya hai? bank wale kabhi install karwate hai kya",  # asks what the apps are
    "बच्चों को अनजान लोगों की वीडियो कॉल से कैसे बचें?",  # asks how children stay safe
    "fir was filed for the 40k fraud, who is the officer now?",  # a complaint already made, no new loss
])
def test_a_question_or_a_complaint_already_made_is_not_urgent(text):
    assert not triage.read(text, NOW).urgent


@pytest.mark.parametrize(("text", "danger"), [
    # issue 11, sixth step: danger classes found missing in the fourth blind set, tested in other words
    ("a man on free fire keeps asking my 11 year old son to come to the park alone on sunday", "child"),
    ("कोई आदमी मेरी बेटी को इंस्टा पर बोल रहा है अकेली मिलने आना, घरवालों को मत बताना", "child"),
    ("ek ladka meri 13 saal ki behen ko bol raha hai akele milne aa jao", "child"),
    # someone else at risk (session 8): the writer is told how to help her, not "if you might hurt yourself"
    ("some group is telling my daughter to cut herself and post the photo", "self_harm_other"),
    ("mere bete ko game me log bol rahe hain mar ja, khud ko nuksan pahuncha", "self_harm"),
    ("a page shared my address and asked its followers to finish him off, he is my brother", "life"),
    ("i keep getting death threats on telegram since the video", "life"),
    ("वो लिखता है तू मेरी नहीं तो किसी की नहीं, गोली मार दूंगा", "life"),
    ("ex bolta hai meri nahi hui to zinda nahi chhodunga", "life"),
])
def test_the_fourth_sets_danger_words_are_danger(text, danger):
    read = triage.read(text, NOW)
    assert danger in read.danger and read.urgent


@pytest.mark.parametrize("text", [
    # bank details just typed into a page, nothing taken yet: the loss is going on now (DESIGN.md), but the
    # resident said nothing left: details shared, no loss (tests/test_resident_trial.py)
    "I just entered my net banking user id and password on a site from an sms, no money gone yet",
    "abhi abhi ek form me apna card number aur expiry aur cvv dal diya, koi paisa nahi kata",
    "अभी एक साइट पर यूपीआई पिन डाल दिया, अभी तक पैसे नहीं कटे",
])
def test_details_just_typed_are_urgent_but_no_loss(text):
    read = triage.read(text, NOW)
    assert read.details_typed and read.urgent and read.no_loss and not read.loss and not read.ongoing
    assert read.facts() == {"details_shared": True}


def test_savings_being_moved_are_urgent():
    # a "crime branch" call moving savings now
    read = triage.read("they are on whatsapp call now and asking me to transfer all my savings to a safe account", NOW)
    assert read.ongoing and read.urgent and not read.no_loss


@pytest.mark.parametrize("text", [
    "मकान मालिक को 5000 एडवांस दिया था, अब न कमरा दे रहा न पैसे",  # a loss with no time: asked when, 1930 first
    "telegram task me pehle 200 mile fir 3000 dala fir 12000, ab aur maang rahe",
    "अभी 5 मिनट पहले 20,000 डेबिट हुआ, मैंने कोई पेमेंट नहीं किया",
])
def test_the_fourth_sets_loss_words_are_a_loss(text):
    read = triage.read(text, NOW)
    assert read.loss and read.urgent


@pytest.mark.parametrize("text", [
    "Your courier is held at the hub, update address: http://example.invalid",  # a parcel held is no kidnap
    "क्या पुलिस वीडियो कॉल पर पूछताछ कर सकती है?",  # asked in general
    "can police arrest me on a whatsapp video call?",
    "वो 10000 मांग रहा था पर मैंने कुछ नहीं भेजा",
    "settle karne ke liye 20000 do to case khatam kar denge bol rahe",  # "the case will be closed" is no threat
])
def test_the_fourth_sets_non_urgent_kinds_stay_calm(text):
    read = triage.read(text, NOW)
    assert not read.danger and not read.urgent
