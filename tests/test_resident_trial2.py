"""Defects strangers found playing residents (session 7, issue 11's facts): "kal" alone at "when?", the time of the
loss verb against an earlier clause's, "around 7", paune / sawa / dedh / dhai amounts, the balance before and after,
romanised Hindi answered in English, and an Urdu "what if" offered unrelated topics. Every test goes through the real
engine, as a resident would notice it: the replies, the case's priority and the report's fields."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from conftest import IST, NOW, Resident, first_action


def _money_report(resident, language="1"):
    resident.send("hello")
    resident.send(language)  # 1 English, 2 Hindi
    return resident.send("1")  # report money fraud: "when did the money leave?"


def _amount_question(resident):
    _money_report(resident)
    out = resident.send("10 minutes ago")
    assert out.node == "amount"
    return out


# -- paune / sawa / dedh / dhai ---------------------------------------------------------------------------------
@pytest.mark.parametrize("said, rupees", [
    ("paune do lakh", 175000), ("sawa lakh", 125000), ("dedh lakh", 150000), ("dhai hazaar", 2500),
    ("पौने दो लाख", 175000), ("सवा लाख", 125000), ("paune 2 lakh", 175000), ("sawa do lakh", 225000),
    ("paune lakh", 75000), ("পৌনে দুই লাখ", 175000), ("সোয়া লাখ", 125000), ("দেড় লাখ", 150000), ("আড়াই হাজার", 2500),
    ("پونے دو لاکھ", 175000), ("سوا لاکھ", 125000), ("ڈیڑھ لاکھ", 150000), ("ڈھائی ہزار", 2500),
])
def test_a_quarter_less_or_more_is_the_amount_the_report_keeps(resident, said, rupees):
    """A resident's "paune do lakh" (a quarter less than two lakh) was kept as Rs 2,00,000 and "sawa lakh" was
    asked again: the officer and the bank would have had the wrong amount."""
    _amount_question(resident)
    out = resident.send(said)
    assert out.node == "bank" and out.incident["amount"] == rupees


def test_a_first_message_in_romanised_hindi_keeps_paune_do_lakh(resident):
    out = resident.send("mere account se 10 minute pehle paune do lakh kat gaye")
    assert out.incident["amount"] == 175000 and out.case["priority"] == "urgent"


@pytest.mark.parametrize("said, at", [("sawa nau baje", (9, 15)), ("paune das baje", (9, 45))])
def test_a_quarter_hour_said_in_words_is_the_clock_time(resident, said, at):
    _money_report(resident)
    out = resident.send(said)
    left = datetime.fromisoformat(out.incident["money_left_at"]).astimezone(IST)
    assert (left.hour, left.minute) == at


# -- "around 7" ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("said", ["around 7", "at about 7", "7 ke aas paas", "लगभग 7", "تقریباً 7", "৭ নাগাদ"])
def test_around_seven_is_the_last_seven_oclock_like_7_baje(resident, said):
    """"around 7" at "when did the money leave?" (no baje, am or pm) was not read and asked again; it is the most
    recent 7 o'clock as "7 baje" reads it: at 10:00, 07:00 today, three hours ago: high, "the bank may be able to hold"
    (session 12: a bank may, not "can often", hold money still in the account it went to)."""
    _money_report(resident)
    out = resident.send(said)
    left = datetime.fromisoformat(out.incident["money_left_at"]).astimezone(IST)
    assert left == NOW.replace(hour=7, minute=0)
    assert "the bank may be able to hold it" in out.texts[0] and out.incident["priority"] == "high"
    assert out.node == "what_happened"


def test_around_seven_lakh_is_an_amount_not_a_time(resident):
    out = resident.send("mere account se around 7 lakh chale gaye")
    assert out.incident["amount"] == 700000 and out.incident.get("money_left_at") is None
    assert out.case["priority"] == "urgent"  # the time is not said: urgent until it is


# -- "kal" alone at "when did the money leave?" ---------------------------------------------------------------
LATE = NOW.replace(hour=16)  # at 16:00, yesterday noon is 28 hours ago: "kal" read as noon made the case normal


@pytest.mark.parametrize("language, said, dont_know", [
    ("1", "yesterday", "don't know"), ("1", "kal", "don't know"), ("2", "kal", "pata nahi"), ("2", "कल", "पता नहीं"),
    ("1", "gatkal", "don't know"), ("1", "গতকাল", "জানি না"), ("1", "کل", "معلوم نہیں"),
])
def test_yesterday_alone_stays_high_and_asks_the_hour_once(engine, language, said, dont_know):
    """A resident who says only "yesterday" may have lost the money within the last 24 hours: the report stays high
    with "banks can often still hold", is asked once, kindly, what time, and "don't know" keeps it high."""
    resident = Resident(engine, start=LATE)
    _money_report(resident, language)
    out = resident.send(said)
    assert out.node == "when_hour" and out.incident["priority"] == "high"
    assert "1930" in out.texts[0] and ("24" in out.texts[0] or "২৪" in out.texts[0])  # the within-a-day line
    out = resident.send(dont_know)
    assert out.node == "what_happened" and out.incident["priority"] == "high"
    assert out.incident["money_left_at_label"] == "yesterday"
    assert not any(text.startswith("Thank you. Do you remember") for text in out.texts)  # asked once


def test_the_hour_told_after_yesterday_is_on_that_day(engine):
    resident = Resident(engine, start=LATE)
    _money_report(resident, "2")
    out = resident.send("kal")
    assert out.texts[-1].startswith("धन्यवाद। क्या आपको याद है कि लगभग कितने बजे")
    out = resident.send("raat 9 baje")
    left = datetime.fromisoformat(out.incident["money_left_at"]).astimezone(IST)
    assert left == (LATE - timedelta(days=1)).replace(hour=21, minute=0) and out.incident["priority"] == "high"


def test_an_hour_more_than_a_day_back_lowers_high_with_a_note_never_silently(engine):
    resident = Resident(engine, start=LATE)
    _money_report(resident)
    resident.send("yesterday")
    out = resident.send("around 9 in the morning")  # yesterday 09:00: 31 hours ago
    assert out.incident["priority"] == "normal" and out.incident["money_left_at_label"] == "yesterday 09:00"
    assert "first told only the day (yesterday, possibly within 24 hours)" in out.incident["priority_note"]


def test_a_first_message_that_says_kal_keeps_high_and_asks_the_hour(engine):
    out = Resident(engine, start=LATE).send("kal mere account se 20000 kat gaye")
    assert out.incident["priority"] == "high" and out.node == "when_hour"
    assert "पिछले 24 घंटे" in out.texts[0]


def test_a_day_with_its_hour_is_not_asked_again(engine):
    resident = Resident(engine, start=LATE)
    _money_report(resident)
    out = resident.send("yesterday 9 pm")
    assert out.node == "what_happened" and out.incident["priority"] == "high"


# -- the time of the loss verb wins over an earlier clause's ----------------------------------------------------
@pytest.mark.parametrize("message, hour, days_back", [
    ("kal raat ko call aaya tha bank se, aur aaj subah 10 baje paise kat gaye 20000", 10, 0),
    ("kal raat ko call aaya aur aaj subah 10 baje 20000 kat gaye", 10, 0),
    ("कल रात को कॉल आया था और आज सुबह 10 बजे 20000 कट गए", 10, 0),
    ("kal raat 9 baje call aaya aur 9:30 pe 20000 kat gaye", 21, 1),
    ("I got a call yesterday evening and this morning at 9:45 am 20000 was debited", 9, 0),
])
def test_the_time_told_with_the_loss_verb_is_the_time_of_the_loss(engine, message, hour, days_back):
    """"kal raat ko call aaya ... aur aaj subah 10 baje paise kat gaye" was dated yesterday 22:00 (the call's night and
    the loss's hour): the report was high and "within the last 24 hours" for money that left 20 minutes ago."""
    out = Resident(engine, start=NOW.replace(hour=10, minute=20)).send(message)
    left = datetime.fromisoformat(out.incident["money_left_at"]).astimezone(IST)
    assert (left.hour, (NOW.date() - left.date()).days) == (hour, days_back)
    if days_back == 0:
        assert out.case["priority"] == "urgent" and "1930" in out.texts[0]


def test_the_time_of_the_loss_verb_at_the_when_question(engine):
    resident = Resident(engine, start=NOW.replace(hour=10, minute=20))
    _money_report(resident)
    out = resident.send("call came last night and then at 10 am the money was debited")
    assert out.incident["money_left_at_label"] == "today 10:00" and out.incident["priority"] == "urgent"


# -- the balance before and after -----------------------------------------------------------------------------
@pytest.mark.parametrize("language, said, shown", [
    ("1", "only 200 left, i had 48000", "I have noted the money taken as ₹47,800 (₹48,000 before, ₹200 left)"),
    ("2", "pehle 60 hazar the ab sirf 300 bache", "मैंने गई रकम ₹59,700 लिखी है (पहले ₹60,000 थे, अब ₹300 बचे)"),
    ("2", "पहले 48000 थे, अब सिर्फ़ 200 बचे", "मैंने गई रकम ₹47,800 लिखी है"),
])
def test_the_balance_before_and_after_make_the_loss_shown_to_correct(resident, language, said, shown):
    """"only 200 left, i had 48000" kept 48,000 for the officer and the bank: the loss is the difference, and the
    reply shows how it was worked out so the resident can correct it."""
    _money_report(resident, language)
    resident.send("10 min pehle")
    out = resident.send(said)
    assert out.incident["amount"] == int(shown.split("₹")[1].split(" ")[0].replace(",", "").rstrip(")"))
    assert out.texts[0].startswith(shown) and out.node == "bank"
    assert out.incident["amount_balance_before"] > out.incident["amount"]


def test_the_worked_out_loss_is_corrected_as_the_reply_says(resident):
    _amount_question(resident)
    resident.send("only 200 left, i had 48000")
    out = resident.send("amount was 48000")
    assert out.texts[0] == "Thank you, I have corrected the amount to ₹48,000." and out.incident["amount"] == 48000


@pytest.mark.parametrize("message, rupees", [
    ("only 200 left in my account, i had 48000, money gone 10 min ago", 47800),
    ("আগে ৪৮০০০ টাকা ছিল, এখন ২০০ টাকা বাকি, ১০ মিনিট আগে কেটে নিয়েছে", 47800),
    ("پہلے 48000 تھے، اب صرف 200 بچے، 10 منٹ پہلے پیسے نکل گئے", 47800),
])
def test_a_first_message_with_both_balances_keeps_the_difference_and_says_so(resident, message, rupees):
    out = resident.send(message)
    assert out.incident["amount"] == rupees and out.case["priority"] == "urgent"
    assert any("48,000" in text and "47,800" in text for text in out.texts)


def test_the_balance_left_alone_is_still_not_the_loss(resident):
    _amount_question(resident)
    out = resident.send("only 200 left")
    assert out.node == "amount" and "amount" not in out.incident


# -- romanised Hindi answered in Hindi --------------------------------------------------------------------------
def _devanagari(text: str) -> bool:
    return any("\u0900" <= char <= "\u097f" for char in text)


@pytest.mark.parametrize("message", [
    "pehle 60 hazar the ab sirf 300 bache, 10 minute pehle kate",
    "gpay pe collect request aya 'cashback receive karo' pin dala 2000 kat gaye",
    "password strong kaise banaye yaar",
    "complaint kaise kare online cyber wali",
    "fb id hack ho gyi h plz help",
])
def test_a_first_message_in_romanised_hindi_is_answered_in_hindi(engine, message):
    """Strangers' romanised Hindi ("... aya ... kat gaye", "kaise kare") was answered in English: the pack's romanised
    words lacked its common verbs and pronouns. The project's choice stands: romanised Hindi gets Devanagari."""
    out = Resident(engine).send(message)
    assert out.language == "hi" and _devanagari(out.texts[0])


@pytest.mark.parametrize("message", ["my account was hacked, please help", "what is the helpline number for cyber fraud",
                                     "I lost 5000 to a fake seller on facebook"])
def test_english_is_still_answered_in_english(engine, message):
    out = Resident(engine).send(message)
    assert out.language == "en" and not _devanagari(out.texts[0])


# -- an Urdu or Bengali "what if" gets its topic --------------------------------------------------------------
@pytest.mark.parametrize("question, topic_title", [
    ("اگر غلطی سے کسی فراڈ لنک پر کلک ہو جائے تو فوراً کیا کرنا چاہیے؟", "کیا یہ لنک محفوظ ہے؟ فشنگ لنک"),
    ("اگر کوئی میرے نام پر جعلی انسٹاگرام بنا لے تو کیا کروں", "کسی نے میرے نام سے جعلی پروفائل بنا لی"),
    ("যদি ভুল করে কোনো লিংকে ক্লিক করে ফেলি কিন্তু কিছু না লিখি, তাহলেও কি টাকা চলে যেতে পারে?", "এই লিংক কি নিরাপদ? ফিশিং লিংক"),
])
def test_a_what_if_in_urdu_or_bengali_gets_its_own_topic_first(engine, question, topic_title):
    """An Urdu "what if" (اگر ... تو کیا) was offered "lost or stolen phone" first for a link clicked: the Urdu and
    Bengali topic examples had no what-if, so its frame words pointed at the one topic that had them."""
    out = Resident(engine).send(question)
    text = "\n".join(out.texts)
    assert out.flow is None and out.case is None
    assert topic_title in text
    offered = [line for line in text.splitlines() if line[:2] in ("1.", "2.")]
    assert not offered or topic_title in offered[0]  # answered, or offered first


@pytest.mark.parametrize("question", [
    "اگر کوئی پولیس والا ویڈیو کال پر گرفتاری کی بات کرے تو کیا واقعی ایسا ہوتا ہے؟ میرے ساتھ نہیں ہوا بس خبر میں پڑھا تھا",
    "agar koi police wala video call pe arrest karne ki dhamki de to kya karna chahiye",
])
def test_a_what_if_about_a_fake_officer_is_answered_not_an_urgent_live_call(engine, question):
    """"If a policeman on a video call talks of arrest, is that real? It has not happened to me": it heard "Cut the call
    now" and became an urgent case. A what-if with no moment word tells of no call going on: it gets the topic."""
    out = Resident(engine).send(question)
    assert out.case is None and not any("کال کاٹ دیں" in t or "call kaat" in t.lower() for t in out.texts)
    assert "ڈیجیٹل" in "\n".join(out.texts) or "डिजिटल" in "\n".join(out.texts)


def test_a_fake_officer_on_a_video_call_now_is_still_a_live_call(engine):
    out = Resident(engine).send("abhi ek police wala video call pe hai, arrest karne ki dhamki de raha hai, agar paise nahi diye to kya hoga")
    assert out.case["priority"] == "urgent" and first_action(out.texts[0]).startswith("अभी कॉल काट दें")


# -- a part of the day with no hour (session 7, a resident's trial: "kal raat 20000 kat gaye" said at 22:27 was read as
# yesterday 21:00, 25 hours back: "not too late to report", no case, no hour asked) ------------------------------------
NIGHT = NOW.replace(hour=22, minute=27)


@pytest.mark.parametrize("message", [
    "kal raat 20000 kat gaye", "last night 20000 was taken from my account", "कल रात मेरे खाते से 20000 कट गए",
])
def test_last_night_may_be_within_a_day_so_it_stays_high_and_asks_the_hour(engine, message):
    out = Resident(engine, start=NIGHT).send(message)
    assert out.incident["priority"] == "high" and out.case["priority"] == "high", out.incident
    assert out.node == "when_hour"  # the hour decides: asked once
    assert "1930" in out.texts[0] and out.incident["reference"] in out.texts[0]


def test_the_hour_of_last_night_then_decides(engine):
    resident = Resident(engine, start=NIGHT)
    resident.send("kal raat 20000 kat gaye")
    out = resident.send("raat 11 baje")  # yesterday 23:00: 23 hours ago, within a day
    left = datetime.fromisoformat(out.incident["money_left_at"]).astimezone(IST)
    assert left == (NIGHT - timedelta(days=1)).replace(hour=23, minute=0) and out.incident["priority"] == "high"


@pytest.mark.parametrize("correction", ["sorry, kal nahi aaj subah hua tha", "कल नहीं, आज सुबह कटे थे"])
def test_a_day_taken_back_is_not_the_day(engine, correction):
    """A resident's trial: "sorry, kal nahi aaj subah hua tha" was set to yesterday morning."""
    resident = Resident(engine, start=LATE)
    _money_report(resident, "2")
    resident.send("kal")
    out = resident.send(correction)
    left = datetime.fromisoformat(out.incident["money_left_at"]).astimezone(IST)
    assert left.date() == LATE.date(), out.incident["money_left_at_label"]


def test_an_elderly_story_ending_with_no_money_left_hears_1930_first(engine):
    """A resident's trial: "…maine usko number bata diya…, ab paisa nahi hai khate mein" got the "what is this about?"
    menu, with no 1930 and no case."""
    out = Resident(engine).send("beta ne bataya ki koi bank wala bol raha tha, maine usko number bata diya jo aaya "
                                "tha, ab paisa nahi hai khate mein")
    assert "1930" in out.texts[0] and out.case is not None


@pytest.mark.parametrize("message", ["derh lakh rupay gaye", "sawa lakh gaye"])
def test_an_amount_said_in_romanised_hindi_is_answered_in_hindi(engine, message):
    """A resident's trial: these were answered in English."""
    out = Resident(engine).send(message)
    assert out.language == "hi" and "1930" in out.texts[0]


@pytest.mark.parametrize("message, code", [("urdu mein baat karo", "ur"), ("please reply in bengali", "bn"),
                                           ("हिंदी में बात करो", "hi")])
def test_a_short_request_for_a_language_switches_to_it(resident, message, code):
    """A resident's trial: "urdu mein baat karo" was ignored and the chat stayed in Hindi."""
    resident.send("namaste")
    out = resident.send(message)
    assert out.language == code, out.texts
