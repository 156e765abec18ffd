"""What the third stranger trial of several police stations found (issue 14, N1-N7), each as the resident or
officer would notice it (tests/test_stations.py has the two stations). Every database test runs on SQLite and
PostgreSQL.
"""
from __future__ import annotations

from sqlalchemy import select

from bot.store.models.residents import Incident
from conftest import Resident
from test_stations import LAL_NUMBER, case_of, unit  # noqa: F401 (fixture)
from test_stations_trial import StationResident, said, to_district_question
from test_stations_trial2 import placed_at_lalbazar

LOSS = "someone took 20000 from my account 10 minutes ago"


def _fields(unit) -> dict:
    with unit.Session() as s:
        return s.scalars(select(Incident)).one().fields


# -- N1. on a station's own number a place said mid-report is no answer, and the case stays there --------------
def test_a_place_said_at_the_bank_question_on_a_stations_number_is_no_bank_and_the_case_stays(unit):
    resident = StationResident(unit, "+919866660001", LAL_NUMBER)
    asked = resident.send(LOSS)
    assert asked.node == "bank"
    out = resident.send("I live near Park Street")
    assert "You are writing to the number of Lalbazar Police Station, so Lalbazar Police Station will help you" \
        in said(out)
    assert out.node == "bank" and "Which bank or wallet" in out.texts[-1] and "Park Street Police" not in said(out)
    out = resident.send("mera pin code 700016 hai")
    assert out.node == "bank" and "Lalbazar Police Station" in said(out)
    assert "bank" not in _fields(unit) and case_of(unit, "+919866660001").station == "lalbazar"
    resident.send("SBI")
    assert _fields(unit)["bank"] == "State Bank of India"
    assert case_of(unit, "+919866660001").station == "lalbazar"
    assert _fields(unit).get("district") in (None, "North")  # never Park Street's district on Lalbazar's case


# -- N2. on a station's own number a place at the menu is understood and starts nothing ---------------------
def test_a_place_at_the_menu_on_a_stations_number_is_understood_and_starts_no_report(unit):
    resident = StationResident(unit, "+919866660002", LAL_NUMBER)
    resident.send("hello")
    resident.send("1")  # English
    out = resident.send("my pin code is 700001")
    assert "Lalbazar Police Station is the police station for your area" in said(out)
    assert out.flow is None and out.incident is None and "Report money fraud" in said(out)
    out = resident.send("I live near Park Street")
    assert "You are writing to the number of Lalbazar Police Station" in said(out)
    assert "did not understand" not in said(out) and out.flow is None
    with unit.Session() as s:
        assert s.scalars(select(Incident)).all() == []


# -- N3. the number first, then "is my pin code" ------------------------------------------------------------
def test_pin_sentences_with_the_number_first_are_places_in_english_romanised_and_devanagari(unit):
    for sender, text, station in (("+919866660003", "700016 is my pin code", "Park Street Police Station"),
                                  ("+919866660004", "700001 mera pincode hai", "Lalbazar Police Station"),
                                  ("+919866660005", "700001 मेरा पिन कोड है", "लालबाज़ार थाना")):
        resident = Resident(unit, sender=sender, phone=sender)
        resident.send("hello")
        resident.send("1" if station.isascii() else "2")  # English, or हिंदी
        out = resident.send(text)
        assert station in said(out) and out.flow is None and out.incident is None, text


# -- N4. a redacted secret is never an answer ---------------------------------------------------------------
def test_pin_and_a_number_at_the_bank_question_is_a_secret_never_the_bank(unit):
    resident = Resident(unit, sender="+919866660006", phone="+919866660006")
    asked = resident.send(LOSS)
    out = resident.send("PIN 700016")
    assert "never share an OTP, PIN" in said(out)
    assert out.node == asked.node == "bank" and "Which bank or wallet" in out.texts[-1]
    assert "bank" not in _fields(unit) and "REDACTED" not in str(_fields(unit))


# -- N5. a PIN code none of the unit's, said mid-report ------------------------------------------------------
def test_a_pin_outside_the_units_areas_mid_report_is_said_kindly_and_keeps_the_case(unit):
    resident = Resident(unit, sender="+919866660007", phone="+919866660007")
    resident.send(LOSS)
    resident.send("my pin code is 700016")
    out = resident.send("my pin code is 110017")
    assert "PIN code 110017 is not in the areas of our police stations, so your request stays with Park Street " \
           "Police Station" in said(out)
    assert "corrected" not in said(out) and out.node == "bank"
    assert case_of(unit, "+919866660007").station == "park_street"
    assert _fields(unit)["district"] == "Central" and _fields(unit)["pin_code"] == "700016"
    other = Resident(unit, sender="+919866660008", phone="+919866660008")  # no station yet: the unit helps
    other.send(LOSS)
    out = other.send("my pin code is 110017")
    assert "PIN code 110017 is not in the areas of our police stations, so District Cyber Cell will help you" \
        in said(out)
    assert case_of(unit, "+919866660008").station is None and out.node == "bank"


# -- N6. after a re-route the report's district and PIN agree with the case's station -------------------------
def test_a_reroute_by_a_locality_writes_the_district_and_clears_the_old_pin(unit):
    resident = Resident(unit, sender="+919866660009", phone="+919866660009")
    resident.send(LOSS)
    resident.send("my pin code is 700001")
    assert _fields(unit)["district"] == "North" and _fields(unit)["pin_code"] == "700001"
    resident.send("I live near Park Street")
    assert case_of(unit, "+919866660009").station == "park_street"
    assert _fields(unit)["district"] == "Park Street" and _fields(unit).get("pin_code") is None
    resident.send("my pin code is 700001")  # and back, by a PIN code
    assert case_of(unit, "+919866660009").station == "lalbazar"
    assert _fields(unit)["district"] == "North" and _fields(unit)["pin_code"] == "700001"


def test_a_place_said_on_a_case_an_officer_placed_does_not_change_its_district(unit):
    resident = placed_at_lalbazar(unit, "+919866660010", "boss3")
    resident.send("my pin code is 700071")  # Park Street's: the case stays, its district is not overwritten
    assert case_of(unit, "+919866660010").station == "lalbazar" and _fields(unit)["pin_code"] == "700016"


# -- N7. wording -------------------------------------------------------------------------------------------
def test_the_first_district_given_mid_report_is_noted_not_corrected(unit):
    resident = Resident(unit, sender="+919866660011", phone="+919866660011")
    resident.send(LOSS)
    out = resident.send("my district is North")
    assert "I have noted the district: North" in said(out) and "corrected" not in said(out)
    out = resident.send("my district is Central")
    assert "I have corrected the district to Central" in said(out)


def test_the_hindi_area_unknown_reply_names_the_unit_once(unit):
    resident = Resident(unit, sender="+919866660012", phone="+919866660012")
    resident.send("hello")
    resident.send("2")  # हिंदी
    out = resident.send("मेरा पिन कोड 110017 है")
    assert "इसलिए ज़िला साइबर सेल यहीं आपकी मदद करेगा" in said(out) and "का साइबर सेल" not in said(out)
    assert out.flow is None


def test_a_hindi_pin_mid_report_is_stored_and_the_district_is_not_asked_again(unit):
    resident = Resident(unit, sender="+919866660013", phone="+919866660013")
    out = resident.send("मेरे खाते से 10 मिनट पहले 20000 रुपये कट गए")
    out = resident.send("मेरा पिन कोड 700001 है")
    assert "लालबाज़ार थाना" in said(out) and case_of(unit, "+919866660013").station == "lalbazar"
    assert _fields(unit)["district"] == "North" and _fields(unit)["pin_code"] == "700001"
    for _turn in range(15):  # the rest of the report never asks the district again
        assert out.node != "district"
        if out.flow is None or out.node is None:
            break
        out = resident.send("सुनीता देवी" if out.node == "name" else "SAME" if out.node == "callback" else "skip")


def test_a_locality_in_devanagari_from_the_file_is_a_place(unit):
    resident = Resident(unit, sender="+919866660014", phone="+919866660014")
    resident.send("hello")
    resident.send("2")  # हिंदी
    out = resident.send("मैं लालबाज़ार के पास रहता हूँ")
    assert "लालबाज़ार थाना" in said(out) and out.flow is None


def test_the_district_question_still_takes_a_pin_sentence_with_the_number_first(unit):
    resident = Resident(unit, sender="+919866660015", phone="+919866660015")
    to_district_question(resident)
    out = resident.send("700016 is my pin code")
    assert "Park Street Police Station" in said(out) and out.node != "district"
    assert case_of(unit, "+919866660015").station == "park_street"
