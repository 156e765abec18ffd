"""Session 19 (s19-flags, issue 11): the twenty-ninth first-message set's false urgents and wrong intents, closed by
concept. Each concept has its calm family (not urgent, or the right intent) and, where urgency could be lost, urgent
neighbours that stay urgent, in English and the other packs (Hindi, Bengali, Urdu). Every sentence here was written for
this file, in other words than the blind-set messages."""
from __future__ import annotations

import pytest

from tests.triage_reading import NOW, read  # 10:00 in India, a Friday


# -- a loss dated by the silence since it ("no reply since 1 week"), or paid over this month: old, not urgent --------
@pytest.mark.parametrize("text", [
    "ordered a kurta from a facebook page, paid 1500, no reply since 1 week",
    "paid 4000 for a phone on instagram, seller not answering since a month",
    "فیس بک پیج پر 1500 روپے بھیجے، ایک ہفتے سے کوئی جواب نہیں",
    "my mother paid 80000 as gst fee over this month in small parts, we came to know today",
    "grandpa transferred 60000 to a fake insurance agent throughout the month, we noticed today",
])
def test_a_loss_a_week_old_or_spread_over_the_month_is_not_urgent(text):
    found = read(text)
    assert found.loss and found.age == "old" and not found.urgent, found


@pytest.mark.parametrize("text", [
    "paid 1500 to a facebook page 10 minutes ago, no reply since",
    "no reply from the seller since 1 week, and today 20 minutes ago 3000 more was debited from my account",
])
def test_a_loss_within_the_hour_beside_a_silence_stays_urgent(text):
    assert read(text).urgent, read(text)


# -- a blackmailer's video sent to the writer's friends or contacts: no money of the writer's sent ----------------
@pytest.mark.parametrize("text", [
    "he made a fake nude of me and is demanding 10000, he already sent it to my contacts",
    "usne meri fake nangi video bana ke 10000 maange aur mere dosto ko bhej di",
    "اس نے میری جعلی ننگی ویڈیو بنا کر 10000 مانگے اور میرے دوستوں کو بھیج دی",
])
def test_a_video_sent_to_the_writers_circle_is_no_loss(text):
    found = read(text)
    assert not found.loss and not found.urgent, found


def test_money_sent_by_the_writer_beside_it_is_still_a_loss():
    found = read("he sent my morphed pic to my friends, so i paid him 5000 just now")
    assert found.loss and found.urgent, found


# -- an account held to ransom: no kidnapping, no child at risk (high, not urgent) ---------------------------------
@pytest.mark.parametrize("text", [
    "a hacker took over my youtube channel and is asking ransom of 300 dollars in bitcoin",
    "hacker ne meri beti ka account hack kiya aur photo delete karne ke badle paise maang raha hai",
    "میری بیٹی کا انسٹاگرام ہیک ہو گیا، ہیکر تصویریں ڈیلیٹ کرنے کے بدلے پیسے مانگ رہا ہے",
    "hacker ne mera insta le liya aur wapas dene ke 5000 maang raha hai",
])
def test_an_account_held_to_ransom_is_no_danger(text):
    found = read(text)
    assert not found.danger and not found.loss and not found.urgent, found


@pytest.mark.parametrize("text", [
    "they kidnapped my brother and are asking ransom of 5 lakh",
    "kisi ne mere bete ko utha liya aur firauti maang rahe hai",
    "my 12 year old daughter's instagram was hacked and the man says he will come to her school and take her away",
])
def test_a_person_held_for_ransom_or_a_child_threatened_stays_a_danger(text):
    assert read(text).danger, read(text)


# -- a call that will come back later: the call now is over ----------------------------------------------------------
@pytest.mark.parametrize("text", [
    "a caller said he is from mumbai police, my sim is used in a crime, they want to check my bank details on a whatsapp video call. he will call back in 5 minutes, what should i do?",
    "someone claiming ED officer said my pan is linked to hawala, he wants me on skype video to verify accounts, says will call back in 20 minutes. what to do",
    "police wala bol raha tha mera number 5 case me hai, 10 minute baad video call karenge bole, kya karu",
])
def test_a_call_said_to_come_back_is_no_call_on_now(text):
    found = read(text)
    assert not found.live_call and not found.urgent, found


def test_a_fake_officer_on_video_now_stays_urgent():
    found = read("a cbi officer is on whatsapp video call with me right now saying i am under arrest")
    assert found.live_call and found.urgent, found


# -- a screen shared days ago, the account said fine: no app connected now ---------------------------------------------
@pytest.mark.parametrize("text", [
    "3 din pehle bank wale ke kehne par screen share kiya tha, abhi tak account me sab theek hai, koi dikkat?",
    "৩ দিন আগে ব্যাংকের লোকের কথায় স্ক্রিন শেয়ার করেছিলাম, অ্যাকাউন্টে সব ঠিক আছে, কোনো ভয় আছে?",
    "تین دن پہلے بینک والے کے کہنے پر اسکرین شیئر کی تھی، اکاؤنٹ میں سب ٹھیک ہے، کوئی خطرہ ہے؟",
])
def test_a_screen_shared_days_ago_with_the_account_fine_is_not_urgent(text):
    found = read(text)
    assert not found.remote_app and not found.urgent and not found.loss, found


@pytest.mark.parametrize("text", [
    "abhi bank wale ke kehne par screen share kiya hai, wo abhi bhi dekh raha hai",
    "3 din pehle anydesk dala tha, wo app abhi bhi phone me hai aur account me sab theek hai",
])
def test_a_screen_shared_now_or_an_app_still_there_stays_urgent(text):
    assert read(text).remote_app and read(text).urgent, read(text)


# -- calls that keep coming since a time, said how ("nonstop"): no call on now ------------------------------------------
def test_calls_nonstop_since_yesterday_are_no_call_on_now():
    found = read("someone put my number online saying i am an escort, i am getting calls nonstop since yesterday")
    assert not found.live_call and not found.urgent, found


# -- a failed payment with the money deducted: the bank's reversal, no loss to a fraudster ---------------------------
@pytest.mark.parametrize("text", [
    "my dth recharge of 599 failed but the amount was debited from my account yesterday, is this a scam?",
    "gas bill ka payment fail ho gaya lekin khate se 850 kat gaye, kya karu",
    "গ্যাস বিলের পেমেন্ট ফেল হয়েছে কিন্তু ৮৫০ টাকা কেটে গেছে, এটা কি প্রতারণা?",
    "بجلی کے بل کی پیمنٹ فیل ہو گئی لیکن 850 روپے کٹ گئے، کیا یہ فراڈ ہے؟",
])
def test_a_failed_payment_with_money_deducted_is_no_fraud_report(text, resources):
    found = read(text)
    assert found.failed_payment and not found.loss and not found.urgent, found
    assert resources.classifier.classify(text, NOW).intent == "unknown"


@pytest.mark.parametrize("text", [
    "payment failed so i called the customer care number from google, they made me install anydesk and 20000 got debited",
    "recharge fail hua to customer care wale ne otp maanga, maine bata diya aur 9000 kat gaye abhi",
])
def test_a_fraud_after_a_failed_payment_stays_an_urgent_report(text, resources):
    result = resources.classifier.classify(text, NOW)
    assert result.urgent and result.intent == "financial_fraud", result


# -- wrong intents -----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "intent"), [
    # a number asked whether it is the police's, with only a call or a summons told: the check of the number
    ("is this number really the police? 9812345678 called and told me to come to the thana tomorrow", "suspicious_contact"),
    ("এই নম্বরটা কি সত্যিই পুলিশের? 9812345678 থেকে ফোন করে বলল থানায় আসতে", "suspicious_contact"),
    # ... a threat of arrest told beside it keeps the impersonation report
    ("is this number police?? 9812345678 rang me and said i am under digital arrest", "impersonation"),
    # a request to talk to a real officer, not a bot
    ("i want to speak with a real police officer, not this automatic bot", "talk_to_officer"),
    ("mujhe asli officer se baat karni hai, bot se nahi", "talk_to_officer"),
    ("আমি আসল অফিসারের সাথে কথা বলতে চাই, বটের সাথে না", "talk_to_officer"),
    ("مجھے اصلی افسر سے بات کرنی ہے، بوٹ سے نہیں", "talk_to_officer"),
])
def test_intents_by_concept(text, intent, resources):
    assert resources.classifier.classify(text, NOW).intent == intent


# -- no word any pack knows: "I did not understand", not a guess --------------------------------------------------------
@pytest.mark.parametrize("text", ["blorp", "meep morp"])  # each was asked "harassment or ...?" before
def test_no_known_word_is_not_understood_and_no_question(text, resources, sqlite_resident):
    result = resources.classifier.classify(text, NOW)
    assert result.intent == "unknown" and not result.clarify, result
    sqlite_resident.send("hello")
    out = sqlite_resident.send(text)
    assert "did not understand" in out.texts[0], out.texts


@pytest.mark.parametrize("text", ["9812345678", "blorp 5000 gaya"])
def test_a_number_or_an_amount_is_still_read(text, resources):
    assert resources.classifier.classify(text, NOW).intent != "unknown"
