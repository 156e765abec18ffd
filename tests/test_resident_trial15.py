"""A resident's trial (session 15), each finding fixed by concept and tested in other words than the one reported:
an install only asked about is a question, not an urgent case; a disconnection threat with nothing paid gets its
advice before the check; "I already called 1930" is the advice after 1930, not a lookup of our reference; a child
followed (the route or bus known) opens the urgent case at once; a romanised reader's action line is in Latin letters;
a clock taken back in the same message is not the loss's time."""
from __future__ import annotations

from datetime import datetime

import pytest

from conftest import IST, Resident
from bot.nlu import triage
from bot.nlu.entities import times

NOON = datetime(2026, 11, 27, 12, 0, tzinfo=IST)


def _first(engine, text, sender="+919800015001", start=None):
    resident = Resident(engine, sender=sender, phone=sender, **({"start": start} if start else {}))
    return resident, resident.send(text)


# -- 1. an install asked about -------------------------------------------------------------------------------------
ASKED_INSTALL = [
    "should I install anydesk?",
    "anydesk install karu kya bank wale bol rahe",
    "shall i download teamviewer, the bank guy said it will fix my kyc",
    "anydesk डाल दूँ क्या? बैंक वाले कह रहे हैं",
    "ব্যাংক থেকে ফোন করে anydesk ইনস্টল করতে বলেছিল, ইনস্টল করব?",
    "بینک والے کہہ رہے ہیں انی ڈیسک انسٹال کروں؟",
]


@pytest.mark.parametrize("text", ASKED_INSTALL)
def test_an_install_asked_about_is_a_safety_question_with_no_case(sqlite_engine, text):
    _, out = _first(sqlite_engine, text)
    assert out.case is None
    assert all(reply.kind != "urgent" for reply in out.replies)
    said = "\n".join(out.texts)
    if "choose your language" not in said:  # answered in its language at once (not asked which):
        assert "AnyDesk" in said  # the remote-access topic's advice


ON_THE_LINE = [
    "the caller is on the line asking me to install anydesk, should I?",
    "bank wala phone pe hai, bol raha anydesk install karo, karu kya?",
    "بینک والا کال پر ہے، انی ڈیسک انسٹال کرنے کو کہہ رہا ہے",
]


@pytest.mark.parametrize("text", ON_THE_LINE)
def test_a_caller_on_the_line_asking_for_an_install_hears_cut_the_call_and_no_case(sqlite_engine, text):
    _, out = _first(sqlite_engine, text)
    assert out.case is None
    assert any("AnyDesk" in reply.text and "1930" in reply.text and "sancharsaathi" in reply.text
               for reply in out.replies)  # cut it, install nothing, no 1930 needed, Chakshu


INSTALLED = [
    "I installed anydesk because the bank caller told me",
    "he is asking me to install anydesk, I already installed it and he can see my screen",
    "anydesk install kar liya bank wale ke kehne pe",
]


@pytest.mark.parametrize("text", INSTALLED)
def test_an_app_installed_for_a_caller_stays_urgent(sqlite_engine, text):
    _, out = _first(sqlite_engine, text)
    assert out.replies[0].kind == "urgent"
    assert out.case is not None and out.case["priority"] == "urgent"


# -- 2. a disconnection threat, nothing paid ---------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "bijli wale ka call aaya bola aaj raat connection kat jayega bill bharo, maine kuch nahi bheja",
    "got a call that my power connection will be cut tonight if I don't pay the bill, I didn't pay",
])
def test_a_disconnection_threat_with_nothing_paid_gets_the_advice_before_the_check(sqlite_engine, text):
    _, out = _first(sqlite_engine, text)
    said = "\n".join(out.texts)
    # the topic's answer (the official app or office, Chakshu), in the resident's language
    topic = sqlite_engine.res.knowledge.answer("kyc_electricity_bill_sms", out.language).splitlines()[0]
    assert "sancharsaathi.gov.in" in said and topic in said
    assert out.case is None


# -- 3. 1930 already called ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "I already called 1930, they gave me an acknowledgement number, what now?",
    "called 1930 an hour back and got a complaint number. what should I do next",
    "maine 1930 pe call kar diya, unhone ek number diya, ab kya karu?",
    "मैंने 1930 पर कॉल कर दिया, उन्होंने शिकायत नंबर दिया, अब क्या करूँ?",
    "আমি 1930 এ ফোন করেছি, ওরা একটা নম্বর দিয়েছে, এখন কী করব?",
    "میں نے 1930 پر کال کر دی، انہوں نے نمبر دیا، اب کیا کروں؟",
])
def test_1930_already_called_is_the_advice_after_it_not_a_lookup_of_our_reference(sqlite_engine, text):
    _, out = _first(sqlite_engine, text)
    said = "\n".join(out.texts)
    assert out.intent == "financial_fraud"
    assert "cybercrime.gov.in" in said and "24" in said
    assert sqlite_engine.res.texts.get("status_none", "en") not in said
    # the helpline's number is no loss, and one who called it is not told to call it now (a stranger's trial, s15:
    # the report had recorded a loss of 1930 and opened with "Abhi turant 1930 par call karein")
    assert out.incident is None or out.incident.get("amount") is None
    unknown = sqlite_engine.res.texts.get("action_money_unknown", out.language).split("{")[0]
    assert not out.texts[0].startswith(unknown) and not out.texts[0].startswith("Abhi turant")


def test_after_1930_a_recent_loss_told_next_opens_the_urgent_case(sqlite_engine):
    resident, _ = _first(sqlite_engine, "I already called 1930, they gave me an acknowledgement number, what now?")
    out = resident.send("20 minutes ago")
    assert out.case is not None and out.case["priority"] == "urgent"


def test_a_status_asked_is_still_a_status(sqlite_engine):
    _, out = _first(sqlite_engine, "what is the status of my complaint?")
    assert out.intent == "report_status"


# -- 4. a child followed -----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "koi aadmi mere bete ki school bus ka peecha karta hai, use uska route pata hai",
    "एक आदमी मेरी 12 साल की बेटी का रोज़ पीछा करता है, उसे बस स्टॉप पता है",
    "some guy is stalking my 13 year old son, he knows his bus stop",
    "একটা লোক আমার মেয়ের স্কুল বাসের পিছু নেয়, ওর রাস্তা জানে",
    "ایک آدمی میرے بیٹے کا روز پیچھا کرتا ہے، اسے اس کا راستہ پتہ ہے",
])
def test_a_child_followed_opens_the_urgent_case_at_once(sqlite_engine, text):
    _, out = _first(sqlite_engine, text)
    assert out.replies[0].kind == "urgent" and "112" in out.replies[0].text
    assert out.case is not None and out.case["priority"] == "urgent"


@pytest.mark.parametrize("text", ["my ex keeps following me everywhere", "rasta pata hai kya police station ka?"])
def test_no_child_named_no_child_danger(text):
    assert "child" not in triage.read(text, NOON).danger


# -- 5. a romanised reader's action line -----------------------------------------------------------------------------
@pytest.mark.parametrize("text, number", [
    ("mere account se abhi 15000 kat gaye", "1930"),
    ("abhi abhi paise nikal gaye khate se 8000", "1930"),
    ("amar account theke ekhuni 5000 taka kete niyeche", "1930"),
    ("koi mujhe maarne ki dhamki de raha hai, ghar ke bahar khada hai abhi", "112"),
])
def test_a_romanised_first_message_gets_its_action_line_in_latin_letters(sqlite_engine, text, number):
    _, out = _first(sqlite_engine, text)
    lead = out.replies[0].text.split("\n")[0]
    assert out.replies[0].kind == "urgent" and number in lead
    assert lead.isascii()  # the first line in the letters the resident wrote in


def test_a_message_in_the_packs_script_gets_no_latin_lead(sqlite_engine):
    _, out = _first(sqlite_engine, "मेरे खाते से अभी 15000 कट गए")
    assert not out.replies[0].text.split("\n")[0].isascii()


# -- 6. a clock taken back -----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, label", [
    ("mere account se aaj 3 baje 20000 kat gaye, 3 baje nahi 3:30 baje", "today 15:30"),
    ("आज 3 बजे 20000 कट गए, 3 बजे नहीं 3:30 बजे", "today 15:30"),
    ("20000 went today at 3 pm, no not at 3 pm, at 3:30 pm", "today 15:30"),
    ("aaj 11 baje 5000 gaye... 11 baje nahi, 11:15 baje", "today 11:15"),
])
def test_a_clock_taken_back_in_the_same_message_is_not_the_label(text, label):
    assert times.parse_time(text, datetime(2026, 11, 27, 16, 0, tzinfo=IST)).label == label


def test_two_clocks_with_none_taken_back_keep_the_first():
    assert times.parse_time("aaj 3 baje 5000 gaye aur 4 baje 2000", datetime(2026, 11, 27, 16, 0, tzinfo=IST)).label \
        == "today 15:00"


def test_the_corrected_clock_is_the_cases_time(sqlite_engine):
    resident, out = _first(sqlite_engine, "mere account se aaj 3 baje 20000 kat gaye, 3 baje nahi 3:30 baje",
                           start=datetime(2026, 11, 27, 16, 14, tzinfo=IST))
    assert out.case is not None and out.case["priority"] == "urgent"  # 15:30 is within the hour at 16:14:30; 15:00 is not
