"""Session 6, issue 11: a money loss told in words no loss phrase holds is read by the understanding (the linear
model sure it is the money-loss report, money named, nothing saying no loss or a what-if, no time older than the
golden hour) and taken as told: 1930 first and an urgent case, asked when. Times that add up ("1 hour 20 minutes
ago") are read whole; a grown-up son is not a child at risk; a child blackmailed with pictures is. Every sentence
here was written for this file, apart from the labelled and blind sets."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from bot.nlu import triage
from bot.nlu.entities import times
from conftest import Resident

NOW = datetime(2026, 11, 27, 4, 30, tzinfo=timezone.utc)  # 10:00 in India


@pytest.mark.parametrize("text", [
    "my phonepe app shows 18,500 transferred to someone called rakesh, not me, what is this",
    "gpay pe 9,999 ka debit dikha raha hai kisi anjaan naam pe, maine kuch nahi kiya",
    "mere papa ke account mein sirf 300 rupay bache hai, pehle 60 hazar the, pata nahi kaise",  # "sirf ... bache"
    "কেউ আমার কার্ড দিয়ে অনলাইনে ১২,০০০ টাকার জিনিস কিনেছে, আমি কিছুই কিনিনি",
])
def test_a_loss_in_new_words_gets_1930_first_and_an_urgent_case(engine, text):
    out = Resident(engine).send(text)
    assert "1930" in out.texts[0], out.texts[0]
    assert out.case and out.case["priority"] == "urgent"
    assert out.incident["money_lost"] is True and out.incident.get("money_left_at_unknown") is True
    assert out.flow == "financial_fraud"


@pytest.mark.parametrize("text", [
    "what should I do if someone takes 20000 from my account through a fake link",  # a what-if question
    "my phonepe shows 18,500 debit, 3 din pehle ki baat hai, bank ne kuch nahi kiya",  # three days ago
    "paise nahi kate, bas 2000 ka collect request aaya tha, maine reject kar diya",  # no loss said
])
def test_a_question_an_old_loss_or_no_loss_is_not_made_urgent(engine, text):
    out = Resident(engine).send(text)
    assert not (out.case and out.case["priority"] == "urgent"), out.texts[0]


@pytest.mark.parametrize(("text", "minutes"), [
    ("1 hour 20 minutes ago", 80),
    ("2 ghante 10 minute pehle", 130),
    ("1 घंटे 20 मिनट पहले", 80),
    ("an hour and 5 minutes ago", 65),
    ("১ ঘণ্টা ২০ মিনিট আগে", 80),
    ("40 मिनट हुए", 40),
    ("1 hafta ho gaya", 7 * 24 * 60),
])
def test_hours_and_minutes_said_together_add_up(text, minutes):
    answer = times.parse_time(text, NOW, "Asia/Kolkata")
    assert answer is not None and NOW - answer.at == timedelta(minutes=minutes)


def test_money_gone_an_hour_and_twenty_minutes_ago_is_not_the_golden_hour():
    read = triage.read("mere account se 11,200 kat gaye, 1 ghanta 20 minute pehle", NOW)
    assert read.loss and read.age == "day" and not read.urgent


def test_a_grown_up_son_blackmailed_is_not_a_child_in_danger_but_a_child_is():
    assert "child" not in triage.read("mera beta 24 saal ka hai, koi usko video ke naam pe blackmail kar raha hai",
                                      NOW).danger
    assert "child" in triage.read("meri beti 15 saal ki hai, ek ladka uski photos sabko dikha dunga bol raha hai",
                                  NOW).danger


def test_kal_is_yesterday_when_the_future_verb_is_far_off_in_what_someone_said():
    read = triage.read("kal shaam ko ek aadmi ne call karke bola aapko cashback milega, link khola to 8000 kat gaye", NOW)
    assert read.loss and read.age in ("day", "old") and not read.urgent
    assert triage.read("abhi 20000 kat gaye, bank kal khulega", NOW).urgent  # "kal" with its verb: tomorrow


@pytest.mark.parametrize("text", [
    "somebody did shopping with my card, i never bought these things",
    "मेरे कार्ड से किसी ने ऑनलाइन खरीदारी कर ली है",
    "phonepe me 4500 ka debit dikh raha hai jo maine nahi kiya",
    "amar card diye keu online e kinakata koreche",
    "my account balance shows 0 since morning",
    "खाते में सिर्फ 150 रुपये बचे हैं",
])
def test_a_card_used_to_buy_a_debit_shown_or_a_balance_left_is_an_urgent_loss(text):
    read = triage.read(text, NOW)
    assert read.loss and read.urgent, read


@pytest.mark.parametrize(("text", "danger"), [
    ("the loan agent says they will come tonight and burn it down with us inside", "life"),
    ("wo log bol rahe hai ghar aa ke maarenge", "life"),
    ("mere 9 saal ke bete se game me koi ghar ka address puch raha hai", "child"),
])
def test_threats_to_come_and_burn_or_beat_and_a_child_asked_for_the_address_are_danger(text, danger):
    assert danger in triage.read(text, NOW).danger


def test_a_debit_message_with_no_call_or_app_hears_1930_not_the_apps_advice(engine):
    out = Resident(engine).send("bhai phonepe pe debit ka msg aaya 7000 ka, maine koi payment nahi kiya")
    first = out.texts[0]
    assert "1930" in first and out.case and out.case["priority"] == "urgent"
    assert engine.res.texts.get("action_app", "hi")[:40] not in first  # "if the caller is still on the line ..."


def test_a_what_if_opened_by_agar_with_many_words_before_to_kya_is_no_report(engine):
    out = Resident(engine).send("agar kabhi mere papa ke account se galti se paise kat gaye to kya karna hoga")
    assert out.flow is None and not out.case


@pytest.mark.parametrize(("text", "label"), [
    ("aaj subah saade nau baje", "today 09:30"),
    ("aaj dopahar dhai baje", "today 14:30"),
    ("গতকাল রাত সাড়ে দশটায়", "yesterday 22:30"),
    ("کل رات ساڑھے دس بجے", "yesterday 22:30"),
    ("aaj sham saat baje", "today 19:00"),
])
def test_an_hour_said_in_words_with_a_half_is_read(text, label):
    later = NOW.replace(hour=16)  # 21:30 in India
    assert times.parse_time(text, later, "Asia/Kolkata").label == label


@pytest.mark.parametrize("text", [
    "mere khate se abhi 6000 kat gaye, maine koi payment nahi kiya",  # a denial beside a loss
    "my cousin wrote on her status she is going to end it tonight",
    "main chhat pe baitha hu, ab zinda nahi rehna",
    "nani ko call pe rakha hai aur otp maang raha hai, call abhi chal raha hai",
    "ek aadmi 7 saal ke bete ko park me akele bula raha hai, bola mummy ko mat batana",
    "wo aadmi abhi gate ke bahar khada hai aur bol raha hai darwaza khol",
    "ekjon bolche ami arrest, phone rakhte dicche na, taka chaiche",
])
def test_the_eighth_sets_misses_by_concept_are_urgent(text):
    """Written for this file after the eighth sets' misses were read (the concepts, not their sentences)."""
    assert triage.read(text, NOW).urgent


def test_a_lost_phone_that_cannot_be_found_is_no_missing_child():
    assert not triage.read("মায়ের ফোনটা বাজারে পড়ে গেছে, খুঁজে পাচ্ছি না", NOW).danger


@pytest.mark.parametrize(("text", "amount"), [
    ("mere account me sirf 300 rupay bache hai", None),  # the balance, not the loss: asked
    ("صرف دو سو روپے بچے ہیں", None),
    ("15000 kat gaye, ab sirf 500 bache", 15000),
    ("খাতে ৫০০০ টাকা ছিল, এখন মাত্র ২০০ টাকা বাকি", 4800),  # the balance before and after: the difference (session 7)
])
def test_the_balance_left_is_not_taken_for_the_amount_lost(text, amount):
    from bot.nlu.entities import amounts

    found = amounts.parse_amount(text)
    assert (found if found is None else int(found)) == amount


def test_a_bare_digit_at_the_amount_question_is_asked_again_not_taken_as_one_rupee(engine):
    resident = Resident(engine)
    resident.send("someone took money from my account")
    resident.send("10 minutes ago")
    again = resident.send("1")
    assert again.node == "amount" and not (again.incident or {}).get("amount")
    assert resident.send("5000").incident["amount"] == 5000


def test_money_gone_within_a_day_is_in_the_officers_queue_from_the_first_message(engine):
    """A resident's trial: a loss told with its time (within 24 hours, "high") opened its case only when the report
    was finished, so a resident who stopped answering never reached an officer."""
    from sqlalchemy import select

    from bot.store.models.cases import Case
    from bot.store.models.residents import Incident

    out = Resident(engine).send("1 ghanta 20 minute pehle mere account se 20000 nikal gaye")
    assert "1930" in out.texts[0] and out.case["priority"] == "high"
    with engine.Session() as s:
        case = s.scalars(select(Case)).one()
        incident = s.get(Incident, case.incident_id)
        assert case.priority == "high" and incident.fields["report_state"] == "collecting details"
        assert int(incident.amount) == 20000
        # and the resident has its reference at once: the bank, 1930 and the officer's ready replies ask for it
        assert f"आपका मामला {incident.reference} अधिकारियों की सूची में है" in out.texts[0]  # romanised Hindi: Hindi
