"""What the fourth stranger trial of several police stations found (issue 14, E1-E3, O3), each as the resident
would notice it (tests/test_stations.py has the two stations). Every database test runs on SQLite and PostgreSQL.
"""
from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.store.models.residents import Incident
from conftest import Resident
from test_stations import case_of, unit  # noqa: F401 (fixture)
from test_stations_trial import said
from test_stations_trial3 import _fields


def _finish_report(resident, out) -> list[str]:
    """Answer every question (a name, the first choice, else SKIP) to the report's end; every question asked."""
    asked = []
    for _turn in range(25):
        if out.flow is None:
            return asked
        asked.append(out.texts[-1])
        text = out.texts[-1]
        out = resident.send("Sunita Devi" if "Your name" in text or "आपका नाम" in text
                            else "1" if "\n1. " in text or "Reply 1" in text else "skip")
    pytest.fail("the report never ended")


# -- E1. a PIN code or locality in the first message, or at the menu, is kept in the report -------------------
@pytest.mark.parametrize("first, station, district, pin", [
    ("my pin code is 700016, 10 minutes ago 25000 went from my account", "park_street", "Central", "700016"),
    ("sir mera pin code 700001 hai, abhi 10 minute pehle 5000 account se kat gaye", "lalbazar", "North", "700001"),
])
def test_a_pin_code_in_an_urgent_first_message_is_kept_in_the_report_and_never_asked_again(unit, first, station,
                                                                                           district, pin):
    sender = "+919855550001" if station == "park_street" else "+919855550002"
    resident = Resident(unit, sender=sender, phone=sender)
    out = resident.send(first)
    assert "1930" in out.texts[0]  # golden hour first
    assert ("Park Street Police Station" if station == "park_street" else "लालबाज़ार थाना") in said(out)
    assert case_of(unit, sender).station == station
    assert _fields(unit)["district"] == district and _fields(unit)["pin_code"] == pin
    asked = _finish_report(resident, out)
    assert not any("PIN code" in q or "पिन कोड" in q for q in asked), asked
    assert _fields(unit)["district"] == district and case_of(unit, sender).station == station


def test_a_pin_code_said_at_the_menu_before_a_loss_is_kept_in_the_report(unit):
    resident = Resident(unit, sender="+919855550003", phone="+919855550003")
    resident.send("hello")
    resident.send("1")  # English
    out = resident.send("my pin code is 700016")
    assert "Park Street Police Station is the police station for your area" in said(out) and out.flow is None
    out = resident.send("someone took 20000 from my account 10 minutes ago")
    assert "1930" in out.texts[0] and "Your request is with Park Street Police Station" in said(out)
    assert _fields(unit)["district"] == "Central" and _fields(unit)["pin_code"] == "700016"
    asked = _finish_report(resident, out)
    assert not any("PIN code" in q for q in asked), asked
    assert case_of(unit, "+919855550003").station == "park_street"
    chosen = Resident(unit, sender="+919855550008", phone="+919855550008")  # the menu's "Report money fraud"
    chosen.send("hello")
    chosen.send("1")
    chosen.send("I live near BBD Bagh")
    out = chosen.send("1")
    asked = _finish_report(chosen, out)
    assert not any("PIN code" in q for q in asked), asked
    with unit.Session() as s:
        fields = s.scalars(select(Incident).order_by(Incident.id.desc())).first().fields
    assert fields["district"] == "BBD Bagh" and case_of(unit, "+919855550008").station == "lalbazar"  # as mid-report


def test_a_place_in_a_non_urgent_first_message_is_told_routed_and_never_asked_again(unit):
    resident = Resident(unit, sender="+919855550004", phone="+919855550004")
    out = resident.send("hello sir I live in park street pin code 700016 and today morning 10000 rupees gone from "
                        "my account through phonepe")
    assert "1930" in out.texts[0]
    # money gone this morning (within 24 hours) opens its case at once: routed there and told so
    assert "Your request is with Park Street Police Station, the police station for your area" in said(out)
    asked = _finish_report(resident, out)
    assert not any("PIN code" in q for q in asked), asked
    assert _fields(unit)["district"] == "Central" and _fields(unit)["pin_code"] == "700016"
    assert case_of(unit, "+919855550004").station == "park_street"


# -- E2. a district in a sentence at the menu is a place ---------------------------------------------------
@pytest.mark.parametrize("text, station", [
    ("my district is North", "Lalbazar Police Station"), ("I live in North district", "Lalbazar Police Station"),
    ("I am from Central district", "Park Street Police Station"),
    ("mera district North hai", "Lalbazar Police Station"),
])
def test_a_district_said_in_a_sentence_at_the_menu_is_understood_as_a_place(unit, text, station):
    resident = Resident(unit, sender="+919855550005", phone="+919855550005")
    resident.send("hello")
    resident.send("1")
    out = resident.send(text)
    assert f"{station} is the police station for your area" in said(out), said(out)
    assert "did not understand" not in said(out) and "Did you mean" not in said(out)
    assert out.flow is None and out.case is None and "Report money fraud" in said(out)


# -- E3. a PIN said with a few words at the menu is a secret: the safety answer, never a report --------------
@pytest.mark.parametrize("language, text, warned, answer", [
    ("1", "meri pin 700016 hai", "never share an OTP, PIN", "Never share an OTP, UPI PIN"),
    ("2", "मेरा पिन 700016 है", "कभी किसी को न बताएँ", "OTP, UPI PIN, ATM PIN, CVV या पासवर्ड किसी को भी न बताएं"),
    ("1", "PIN 700016", "never share an OTP, PIN", "Never share an OTP, UPI PIN"),
])
def test_a_pin_said_with_a_few_words_at_the_menu_gets_the_safety_answer_and_starts_no_report(unit, language, text,
                                                                                            warned, answer):
    resident = Resident(unit, sender="+919855550006", phone="+919855550006")
    resident.send("hello")
    resident.send(language)
    out = resident.send(text)
    assert warned in said(out) and answer in said(out), said(out)
    assert "Is anyone in danger" not in said(out) and "did not understand" not in said(out)
    assert "समझ नहीं पाया" not in said(out) and out.flow is None and out.case is None
    with unit.Session() as s:
        assert s.scalars(select(Incident)).all() == []


# -- O3. a bare number at "When did the money leave?" is asked again cleanly ---------------------------------
def test_a_bare_number_as_the_time_is_asked_again_once_without_the_comfort_repeated(unit):
    resident = Resident(unit, sender="+919855550007", phone="+919855550007")
    asked = resident.send("someone took 20000 from my account")
    assert "I am sorry this happened" in said(asked)
    out = resident.send("700001")
    assert out.node == asked.node and "could not read the time" in said(out)
    assert "When did the money leave your account?" in out.texts[-1]
    assert "I am sorry this happened" not in said(out) and "Reply SKIP" not in said(out)
    assert said(out).count("don't know") == 1
    out = resident.send("10 minutes ago")
    assert out.node != asked.node
