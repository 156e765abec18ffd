"""Session 17 (s17-flags): non-urgent first messages the triage flagged urgent, fixed by concept, with their urgent
neighbours. English, Hindi (Devanagari and romanised), Bengali and Urdu; every sentence was written for this file,
in other words than the blind-set messages."""
from __future__ import annotations

import pytest

from bot.nlu.entities import amounts
from tests.triage_reading import read  # at 10:00 in India, a Friday


# -- a near miss: about to pay, stopped; a form filled and not submitted ---------------------------------------
@pytest.mark.parametrize("text", [
    "I nearly paid 25000 to a man saying he was my nephew, but stopped at the last minute",
    "mummy 10 hazar bhejne wali thi par maine call kaat di",
    "मैं पैसे भेजने वाला था पर तभी समझ आ गया, फोन रख दिया",
    "আমি টাকা দিতে যাচ্ছিলাম কিন্তু ছেলে এসে বাধা দিল",
    "abbu paise dene wale the par maine roka, phone band kar diya",
    "میں پیسے دینے والا تھا لیکن بیٹے نے روک دیا",
])
def test_a_near_miss_is_no_loss(text):
    found = read(text)
    assert not found.loss and not found.urgent, found


@pytest.mark.parametrize("text", [
    "almost paid the first time, but the second time I sent 20000 just now",
    "pehli baar dene wala tha par ruk gaya, doosri baar abhi 8000 bhej diye",
])
def test_a_payment_just_made_after_a_near_miss_stays_urgent(text):
    assert read(text).urgent


# -- money that will not come out of an app is none going; a loan's instalment cut for months is old -----------
@pytest.mark.parametrize("text", [
    "मेरे भाई ने ट्रेडिंग ऐप में 3 लाख डाले, अब उसमें से पैसे नहीं निकल रहे, दो महीने से यही हाल है",
    "kisi ne mere pan card pe loan liya, pichle 4 mahine se kisht kat rahi hai mere khate se",
    "আমার নামে কেউ লোন নিয়েছে, গত তিন মাস ধরে কিস্তি কাটছে",
    "میرے نام پر کسی نے قرض لیا، پچھلے دو مہینے سے قسط کٹ رہی ہے",
])
def test_money_not_coming_out_or_old_instalments_are_not_urgent(text):
    assert not read(text).urgent, read(text)


@pytest.mark.parametrize("text", [
    "money is being deducted from my account right now, 3 debits in 5 minutes",
    "abhi abhi mere account se paise kat rahe hai",
])
def test_money_going_now_stays_urgent(text):
    assert read(text).urgent


# -- payments that went over days (a swapped QR sticker) are an old loss -----------------------------------------
@pytest.mark.parametrize("text", [
    "someone pasted a different QR at my counter, people paid for 5 days to it, around 9000, came to know today",
    "meri dukaan ka scanner kisi ne badal diya, 4 din tak paise usme gaye, 6000 ke aas paas",
])
def test_payments_over_days_are_old(text):
    found = read(text)
    assert not found.urgent and (not found.loss or found.age == "old"), found


# -- threats going on for weeks, no word of now, no danger to life now -----------------------------------------
def test_threats_lasting_weeks_without_danger_now():
    assert not read("a fake profile has been sending me threats for 3 weeks, says it knows my address. no money asked").urgent


def test_someone_at_the_door_now_stays_urgent():
    assert read("he knows my address and is outside my house right now, threatening me").urgent


# -- nothing paid yet by those asked (a hacked mail's invoices), a QR sent as a demand -----------------------------
@pytest.mark.parametrize("text", [
    "my office email got hacked and they mailed fake invoices to customers, no one has paid yet",
    "he sent me a QR for 2000 and says he will delete the photos if I pay. should I?",
    "usne 5000 ka QR code bheja hai, bol raha pay karo warna video daal dunga, kya karu",
    "ওরা একটা qr পাঠিয়েছে ২০০০ টাকার, বলছে না দিলে ছবি ছড়াবে",
    "اس نے ۵۰۰۰ کا کیو آر بھیجا ہے، کہتا ہے پیسے دو ورنہ ویڈیو ڈال دوں گا",
])
def test_nothing_paid_is_no_urgent_loss(text):
    found = read(text)
    assert not found.loss and not found.urgent, found


# -- a fake notice's charge names no child at risk ---------------------------------------------------------------
def test_a_fake_notice_charge_is_no_child_in_danger():
    found = read("got an email from 'cyber police' saying I watched child porn, pay 15000 penalty today. I did not pay")
    assert not found.danger and not found.urgent, found


def test_a_child_shown_sexual_content_stays_urgent():
    assert read("a stranger is sending porn videos to my 12 year old son on instagram").urgent


# -- the refund trick told in a note; a complaint's status asked after ------------------------------------------
@pytest.mark.parametrize("text", [
    "getting ₹2 credits on phonepe with a note 'please return 3000 sent by mistake'. what should I do",
    "complaint status batao, acknowledgement no 31234567890123 hai, paisa kab milega",
    "আমার complaint status কী? টাকা কবে ফেরত পাব",
])
def test_a_trick_or_a_status_question_is_not_urgent(text):
    assert not read(text).urgent, read(text)


# -- a count with a multiplier is no money -----------------------------------------------------------------------
def test_followers_are_no_amount():
    assert amounts.parse_amount("mera 25k followers wala account hack ho gaya") is None
    assert amounts.parse_amount("25k gaye mere account se") == 25000
