"""Defects strangers found in resident conversations (session 6): card details typed or an app installed with no
money gone, "is this really the police?" asked about our own number in the middle of a report, a bare digit as
a first message, and the one money-age rule the priority and the 1930 line both read."""
from __future__ import annotations

import dataclasses
import itertools
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.cases import priority
from bot.config import Station
from bot.conversation.engine import Engine
from bot.store.models.cases import Case
from bot.store.models.residents import Incident
from conftest import NOW, Resident, first_action
from test_golden_hour import start_money_report


# -- one money-age rule -------------------------------------------------------------------------------
def test_the_priority_and_the_1930_line_read_one_money_age():
    """The case's priority and the 1930 line the resident hears come from priority.money_level: a loss the
    resident hears 'act now' for is urgent, 'within 24 hours' is high, 'not too late' is neither."""
    times = [None, (NOW - timedelta(minutes=20)).isoformat(), (NOW - timedelta(hours=5)).isoformat(),
             (NOW - timedelta(days=3)).isoformat()]
    for left, latest, unknown, age, ongoing in itertools.product(times, times, (None, True, False),
                                                                 (None, "day", "old"), (None, True)):
        fields = {"money_lost": True, "money_left_at": left, "latest_loss_at": latest,
                  "money_left_at_unknown": unknown, "money_left_age": age, "ongoing": ongoing}
        level = priority.money_level(fields, NOW, 60)
        expected = {"urgent": "urgent", "day": "high"}.get(level, "normal")
        assert priority.assess("financial_fraud", fields, NOW, 60) == expected, fields
    assert priority.money_level({"money_lost": True, "money_left_age": "old", "money_left_at_unknown": True},
                                NOW, 60) == "old"  # "two years ago", then SKIP at "when?": not urgent
    assert priority.money_level({"money_lost": True}, NOW, 60) is None  # not asked yet


# -- a bare digit from a resident who saw no menu -------------------------------------------------------
@pytest.mark.parametrize("digit", ["1", "2", "6", "१"])
def test_a_first_message_that_is_a_bare_digit_gets_the_menu_not_a_report(resident, digit):
    """A stranger's first message was "1": they were asked "has money already left?" and the next "1" started a
    money report with an amount of 1. Nobody had shown them a menu, so the digit answers nothing."""
    out = resident.send(digit)
    assert out.flow is None and out.incident is None and out.case is None
    assert out.texts[0].startswith("Namaste") and out.texts[-1].startswith("Please choose your language")
    out = resident.send("1")  # English: now the menu
    assert out.texts[-1].startswith("How can I help you? Reply with a number")
    out = resident.send("1")  # the menu's 1: the money report, nothing taken from the first digit
    assert out.flow == "financial_fraud" and out.node == "when"
    assert "amount" not in out.incident and out.incident.get("initial_message") is None


def test_a_bare_digit_after_the_menu_still_chooses(resident):
    resident.send("hello")
    resident.send("1")  # English
    out = resident.send("3")
    assert out.flow == "suspicious_contact"


# -- details shared or an app installed, no money gone ---------------------------------------------------
def _first_and_case(out):
    return out.texts[0], out.incident, out.case


def test_card_details_typed_with_no_money_gone_is_urgent_details_shared_not_a_loss(resident):
    out = resident.send("I just typed my card details into a page, no money has left")
    first, incident, case = _first_and_case(out)
    assert case["priority"] == "urgent" and incident["priority"] == "urgent"  # the loss may be under way
    assert out.flow != "financial_fraud" and incident["details_shared"] is True and "money_lost" not in incident
    assert first.startswith("Call your bank's fraud helpline now and ask them to block the card")
    assert "If any money has left, call 1930" in first
    assert "cut the call" not in first.lower()  # nobody is on a call
    assert "When did the money leave" not in "\n".join(out.texts)


def test_romanised_hindi_card_details_typed_gets_block_the_card_in_hindi(resident):
    out = resident.send("mummy ne abhi ek link pe card number and pin daal diya, paise nahi kate abhi")
    first = first_action(out.texts[0])
    assert first.startswith("अभी अपने बैंक की फ्रॉड हेल्पलाइन पर कॉल करें और कार्ड ब्लॉक करवाएँ") and "1930" in first
    assert "कॉल काट" not in first and out.case["priority"] == "urgent" and out.flow != "financial_fraud"
    assert out.incident["details_shared"] is True and "money_lost" not in out.incident


def test_an_app_installed_for_a_caller_with_no_money_gone_says_uninstall_and_cut_only_if_still_on(resident):
    out = resident.send("I just installed anydesk for a caller, no money has gone")
    first, incident, case = _first_and_case(out)
    assert case["priority"] == "urgent" and incident["remote_app"] is True and "money_lost" not in incident
    assert first.startswith("If the caller is still on the line, cut the call. Switch off mobile data and Wi-Fi")
    assert "uninstall it" in first and "If any money has left, call 1930" in first
    assert "Cut the call now" not in first


def test_a_call_on_now_still_hears_cut_the_call_now(resident):
    out = resident.send("the caller is still on the line and anydesk is open")
    assert out.texts[0].startswith("Cut the call now") and out.case["priority"] == "urgent"


def test_details_typed_then_no_money_left_leaves_the_money_report_and_stays_urgent(resident, engine):
    out = resident.send("I just typed my card details into a page")
    assert out.flow == "financial_fraud" and out.case["priority"] == "urgent"  # not said: asked when
    assert out.texts[0].startswith("Call your bank's fraud helpline now and ask them to block the card")
    out = resident.send("no money has left my account")
    assert out.flow is None and "I am glad no money has gone" in "\n".join(out.texts)
    with engine.Session() as s:
        incident = s.get(Incident, s.scalars(select(Case)).one().incident_id)
        case = s.scalars(select(Case)).one()
        assert incident.fields["money_lost"] is False and incident.fields["details_shared"] is True
        assert case.priority == "urgent"  # the card can still be used: not lowered


# -- "is this really the police?" about our own number, in the middle of a report ----------------------
def test_our_number_asked_about_in_a_money_report_is_said_to_be_ours_and_never_kept_as_the_scammers(
        resident, resources):
    """A stranger asked "is 01123456789 really the police?" at "when did the money leave?": the bot said
    "noted with your report" and kept the unit's own number as where the money went."""
    start_money_report(resident)
    out = resident.send("is 01123456789 really the police? they called me")
    said = "\n".join(out.texts)
    assert "+911123456789 is one of District Cyber Cell's published numbers, but a caller can fake it" in said
    assert "noted that with your report" not in said and "NOT one of" not in said
    assert "target" not in out.incident and "other_side" not in out.incident
    assert out.node == "when" and out.texts[-1] == "When did the money leave your account?"  # asked again
    assert resident.send("10 minutes ago").incident["priority"] == "urgent"  # the report goes on


def test_a_station_number_asked_about_mid_report_names_the_station(engine, tmp_path):
    from test_stations import JURISDICTIONS, STATIONS
    jurisdictions = tmp_path / "jurisdictions.yaml"
    jurisdictions.write_text(JURISDICTIONS, encoding="utf-8")
    config = engine.config.model_copy(update={"stations": [Station(**s) for s in STATIONS],
                                              "jurisdictions_file": str(jurisdictions)})
    unit = Engine(dataclasses.replace(engine.res, config=config), engine.Session)
    resident = Resident(unit, sender="+919877777779", phone="+919877777779")
    resident.send("my account was hacked")  # "which account?"
    out = resident.send("is +913322871111 really the police number?")
    said = "\n".join(out.texts)
    assert "+913322871111 is one of Park Street Police Station's published numbers" in said
    assert out.flow == "account_hacked" and out.node == "which"


def test_another_number_asked_about_mid_report_is_not_vouched_for(resident):
    start_money_report(resident)
    out = resident.send("is 9876501234 really the police?")
    said = "\n".join(out.texts)
    assert "+919876501234 is NOT one of District Cyber Cell's published numbers" in said
    assert "published numbers, but" not in said
    assert out.incident["target"] == {"phones": ["+919876501234"]}  # a stranger's number stays with the report


def test_the_units_letterhead_number_is_ours_too(engine):
    """The number on the unit's letterhead (config unit.phone), printed on every freeze request, is one of ours
    even when official_contacts leaves it out."""
    unit_details = engine.config.unit.model_copy(update={"phone": "+91 11 2345 0000"})
    config = engine.config.model_copy(update={"unit": unit_details})
    resident = Resident(Engine(dataclasses.replace(engine.res, config=config), engine.Session))
    out = resident.send("is 011 2345 0000 really the police? they called me")
    assert "+911123450000 is one of District Cyber Cell's published numbers" in "\n".join(out.texts)


@pytest.mark.parametrize("text", ["a caller made me install an app just now, no money has left",
                                  "I installed an app for the caller, nothing debited",
                                  "caller ne app install karwaya, paise nahi gaye"])
def test_any_app_a_caller_had_installed_is_a_remote_app(resident, text):
    out = resident.send(text)
    assert out.incident["remote_app"] is True and out.case["priority"] == "urgent" and out.flow != "financial_fraud"
    assert "1930" in out.texts[0]


def test_an_app_a_relative_asked_for_is_nothing_urgent(resident):
    out = resident.send("my son asked me to install an app for games")
    assert out.case is None and out.flow != "financial_fraud"


def test_the_scammers_unpaid_bill_is_not_the_residents_no_loss(resident):
    """'my bill was not paid' is what the caller said; '45000 rupees went from my account' is the loss (it was
    read as 'not paid': no loss, and the ₹45,000 never reached the report)."""
    out = resident.send("I got a call 20 minutes ago from a person who said he was from the electricity board and "
                        "my bill was not paid and then I saw that 45000 rupees went from my account")
    assert out.flow == "financial_fraud" and out.incident["money_lost"] is True and out.incident["amount"] == 45000
    assert "1930" in out.texts[0] and out.case["priority"] == "urgent"
    out = Resident(resident.engine, sender="+919800000099", phone="+919800000099").send(
        "they said my electricity bill was not paid, I have not paid them anything")
    assert out.flow != "financial_fraud" and out.case is None
