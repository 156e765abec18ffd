"""Session 18, residents' trial leftovers (s18-res): each defect tested by concept, in other words than the trial's and
in a second language, through the real engine where a resident would see it."""
from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal

import pytest

from bot.nlu import triage
from bot.nlu.entities.amounts import debits_in, parse_amount
from bot.nlu.redact import redact
from bot.store.models.residents import Message
from fakes import clock, make_app, telegram_fake, twilio_fake  # noqa: F401,F811 (fixtures)
from test_web import Browser
from test_whatsapp import count


def _lead(out) -> str:
    return out.texts[0].split("\n\n")[0]


# -- an app they put on the phone, in use now: a romanised reader's lead is data off and the app removed -------------
@pytest.mark.parametrize("text", [
    "bank wale ne ek app install karwaya, ab mera screen koi aur chala raha hai",   # romanised Hindi
    "customer care theke ekta app install koriyechilo, ekhon ora amar phone chalacche",  # romanised Bengali
])
def test_a_remote_app_in_use_now_leads_with_data_off_not_the_case(sqlite_resident, resources, text):
    out = sqlite_resident.send(text)
    lead = _lead(out)
    assert out.incident["priority"] == "urgent"
    assert lead in {resources.texts.get("action_lead_romanised_app", lang) for lang in ("hi", "bn", "ur")}
    assert "Wi-Fi" in lead and "1930" not in lead


def test_money_gone_now_beside_the_app_still_leads_with_1930(sqlite_resident, resources):
    out = sqlite_resident.send("anydesk dalwaya tha kal, abhi 15000 kat gaye")
    assert _lead(out) == resources.texts.get("action_lead_romanised_money", "hi")


# -- debits listed by spaces after a count of them: no card, each kept ---------------------------------------------------
@pytest.mark.parametrize("text, debits", [
    ("4 transactions hue 2000 5000 1000 3000 raat me", [2000, 5000, 1000, 3000]),
    ("৪ বার টাকা কেটেছে ২০০০ ৫০০০ ১০০০ ৩০০০", [2000, 5000, 1000, 3000]),
    ("4 بار پیسے کٹے 2000 5000 1000 3000", [2000, 5000, 1000, 3000]),
])
def test_debits_listed_by_spaces_after_their_count_are_each_kept(text, debits):
    assert debits_in(text) == [Decimal(d) for d in debits]
    assert parse_amount(text) == sum(debits)


def test_a_card_number_beside_a_count_stays_no_amount():
    assert parse_amount("4 baar try kiya card 4111 1111 1111 1111 se") is None


def test_debits_listed_by_spaces_reach_the_report(sqlite_resident):
    out = sqlite_resident.send("kal raat 4 transactions hue 2000 5000 1000 3000, sab kat gaye")
    assert out.incident["amount"] == 11000 and out.incident["amount_debits"] == [2000, 5000, 1000, 3000]


# -- one amount times a count ("10k x 2") is that many debits, never an amount of 2 --------------------------------------
@pytest.mark.parametrize("text, debits", [
    ("15k x 2 debited", [15000, 15000]),
    ("2 x 5000 kat gaye", [5000, 5000]),
    ("12000 into 3 gaya", [12000, 12000, 12000]),
    ("১০০০০ x ২ কেটেছে", [10000, 10000]),
    ("10 हजार x 2 कटे", [10000, 10000]),
])
def test_an_amount_times_a_count_is_that_many_debits(text, debits):
    assert debits_in(text) == [Decimal(d) for d in debits]


@pytest.mark.parametrize("text, amount", [("1920 x 1080 screen", 1080), ("2 x 3", 3), ("3x zoom", None)])
def test_look_alikes_of_a_times_sign_keep_their_reading(text, amount):
    assert parse_amount(text) == amount


def test_an_amount_times_a_count_reaches_the_report(sqlite_resident):
    out = sqlite_resident.send("abhi 15k x 2 nikal gaye account se")
    assert out.incident["amount"] == 30000 and out.incident["amount_debits"] == [15000, 15000]


# -- the secret warning names the card's expiry when it was removed too ---------------------------------------------------
@pytest.mark.parametrize("text, lang", [
    ("maine card ka number 5500 0055 5555 5559, expiry 11/27 sab bata diya", "hi"),
    ("usko card ki expiry 11/27 bhi bata di", "hi"),  # the expiry told alone
    ("card 5500005555555559 valid thru 11/27 dile diyechi", "bn"),
])
def test_the_warning_says_the_expiry_was_removed_too(sqlite_resident, resources, text, lang):
    if lang == "bn":
        sqlite_resident.send("ami bangla bolbo")
    out = sqlite_resident.send(text)
    warnings = {resources.texts.get("secret_warning_expiry", code) for code in ("hi", "bn", "en")}
    assert any(t in warnings for t in out.texts), out.texts
    assert "11/27" not in " ".join(out.texts)


def test_a_card_alone_keeps_the_plain_warning(sqlite_resident, resources):
    out = sqlite_resident.send("mera card 5500 0055 5555 5559 kisi ko bata diya")
    assert any(t in {resources.texts.get("secret_warning", c) for c in ("hi", "en")} for t in out.texts)
    assert redact("card 5500005555555559 exp 11/27").kinds == ("card", "expiry")


# -- an instalment cut "since N months" is an old loss; an amount only demanded is no loss ---------------------------------
NOW = datetime(2026, 12, 2, 6, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize("text", [
    "an EMI of 2200 is being debited from my account since 5 months, no loan is mine",
    "since 6 months EMI is getting deducted from my salary account",
    "pichhle 4 mahine se har mahine EMI kat rahi hai, loan maine nahi liya",
])
def test_an_instalment_cut_for_months_is_no_money_going_now(text):
    read = triage.read(text, NOW)
    assert not read.urgent and not read.ongoing


def test_an_instalment_with_a_debit_just_now_stays_urgent():
    assert triage.read("since 3 months EMI is being deducted and just now 20000 more was debited", NOW).urgent


@pytest.mark.parametrize("text", [
    "লোন অ্যাপ থেকে ৪০০০ নিয়েছিলাম, এখন ওরা ২৫০০০ চাইছে",
    "maine loan app se 4000 liya tha, ab wo 25000 maang rahe hain",
    "I took 4000 from a loan app, now they are demanding 25000",
])
def test_an_amount_only_demanded_is_not_urgent(sqlite_resident, text):
    out = sqlite_resident.send(text)
    assert (out.incident or {}).get("priority") != "urgent"


@pytest.mark.parametrize("text", ["ora 30000 chaiche, ami 10000 pathiye diyechi",
                                  "20 min pehle 3000 ka payment kiya, ab wo aur 5000 maang raha hai"])  # more asked
def test_an_amount_demanded_after_a_payment_stays_urgent(sqlite_resident, text):
    out = sqlite_resident.send(text)
    assert out.incident["priority"] == "urgent"


# -- the web chat: an id failing its pattern is refused kindly, never handled as "no id" ----------------------------------
@pytest.mark.parametrize("bad", ["", "short", "has space 123", "../../etc/passwd", 12345678, "x" * 65])
def test_a_bad_client_id_is_a_400_with_a_kind_message_and_nothing_kept(make_app, engine, resources, bad):
    browser = Browser(make_app().test_client())
    before = count(engine, Message)
    response = browser.client.post("/chat/send", json={"text": "mere paise kat gaye", "id": bad},
                                   headers={"X-CSRF-Token": browser.csrf})
    assert response.status_code == 400
    assert response.json["replies"][0]["text"] in {resources.texts.get("web_bad_message_id", c) for c in ("en", "hi")}
    assert count(engine, Message) == before


def test_a_resend_with_the_same_good_id_is_handled_once(make_app, engine):
    browser = Browser(make_app().test_client())
    first = browser.send("mere paise kat gaye", id="resend-00000001")
    again = browser.send("mere paise kat gaye", id="resend-00000001")
    assert first.status_code == again.status_code == 200 and again.json["duplicate"] is True
    assert count(engine, Message, Message.direction == "in") == 1


# -- "how to block a stolen phone": decided (session 18) to keep the lost-phone report, CEIR's steps first ----------------
# The used first-message sets label such questions the lost-phone report (CEIR asks for the police report number this
# report gives); a question asked in advance or about a what-if gets the steps alone, no report.
@pytest.mark.parametrize("text", ["how can i get my stolen mobile blocked", "চুরি যাওয়া ফোন কিভাবে ব্লক করব"])
def test_a_stolen_phone_asked_how_to_block_gets_ceir_first(sqlite_resident, text):
    out = sqlite_resident.send(text)  # the report when the model reads one (English here), its question last
    told = " ".join(out.texts[:-1] if out.flow == "lost_phone" else out.texts)
    assert "sancharsaathi.gov.in" in told


def test_a_stolen_phone_asked_in_advance_gets_the_steps_alone(sqlite_resident):
    out = sqlite_resident.send("if my phone is ever stolen how do i block it? asking in advance")
    assert "sancharsaathi.gov.in" in " ".join(out.texts) and not out.flow
