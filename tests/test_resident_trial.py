"""Defects strangers found in resident conversations (session 6): card details typed or an app installed with no
money gone, "is this really the police?" asked about our own number in the middle of a report, a bare digit as
a first message, and the one money-age rule the priority and the 1930 line both read."""
from __future__ import annotations

import itertools
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.cases import priority
from bot.store.models.cases import Case
from bot.store.models.residents import Incident
from conftest import NOW


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
    first = out.texts[0]
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
