"""Session 19's officers' console trial, the findings about police stations: who signs a freeze request (F10), and a
station supervisor's forms and refusals on a case that is not her stations' (F12). SQLite and PostgreSQL."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest

from bot.cases import assign
from bot.cases.casework import Casework, CaseworkError
from bot.store.models.cases import Case
from bot.store.models.officers import Officer
from conftest import NOW
from fakes import clock, telegram_fake, twilio_fake  # noqa: F401 (fixtures)
from test_console import login
from test_stations import LAL_NUMBER, app, bots, case_of, officer, unit  # noqa: F401
from test_whatsapp import GOLDEN_HOUR_ANSWERS, WhatsAppResident


def _urgent_at_lalbazar(app, unit, number="+919833339001", to=LAL_NUMBER):
    client = app.test_client()
    resident = WhatsAppResident(client, app.clock, number=number)
    where = {"To": f"whatsapp:{to}"} if to else {}
    resident.send("mere account se abhi 15000 kat gaye", **where)
    for answer in GOLDEN_HOUR_ANSWERS[:2]:
        resident.send(answer, **where)
    return case_of(unit, number)


def test_a_freeze_request_is_signed_by_the_signers_own_office_never_a_station_she_is_not_at(app, unit):
    urgent = _urgent_at_lalbazar(app, unit)
    assert urgent.station == "lalbazar"
    boss = officer(unit, "boss", "supervisor", [])
    ravi = officer(unit, "ravi", "officer", ["lalbazar"])
    meena = officer(unit, "meena", "officer", ["park_street"])
    work = Casework(unit.res.texts)
    signed = {}
    with unit.Session.begin() as s:
        for person in (boss, ravi, meena):
            signed[person.username] = work.freeze(s, urgent.id, s.get(Officer, person.id), NOW, unit.config).officer[0]
    assert signed["boss"].endswith(", District Cyber Cell") and "Lalbazar" not in signed["boss"]
    assert signed["ravi"].endswith(", Lalbazar Police Station")
    assert signed["meena"].endswith(", Park Street Police Station")


def test_a_station_supervisor_is_shown_no_close_form_she_cannot_use_and_refusals_name_the_station(app, unit):
    urgent = _urgent_at_lalbazar(app, unit, to=None)  # the unit's common number: no station's case
    assert urgent.station is None
    ravi = officer(unit, "ravi", "officer", ["lalbazar"])
    supps = officer(unit, "supps", "station_supervisor", ["park_street"])
    work = Casework(unit.res.texts)
    with unit.Session.begin() as s:
        assert work.claim(s, urgent.id, s.get(Officer, ravi.id), NOW)
    client = app.test_client()
    login(client, "supps")
    page = client.get(f"/console/cases/{urgent.id}").get_data(as_text=True)
    assert '<button id="close"' not in page and 'id="close-holder"' in page and "unit supervisor" in page
    with unit.Session.begin() as s:
        with pytest.raises(CaseworkError, match="not one of your stations'.*a unit supervisor can take over it"):
            assign.take_over(work, s, urgent.id, s.get(Officer, supps.id), NOW + timedelta(minutes=1))
    with unit.Session.begin() as s:
        with pytest.raises(CaseworkError, match="a unit supervisor can close it"):
            work.close(s, urgent.id, s.get(Officer, supps.id), "advice_given", NOW + timedelta(minutes=1))


def test_a_household_gets_its_district_from_the_pin_and_a_welcome_naming_its_station_with_times_in_ist(app, unit):
    """F6 and F5: "PIN / district 700016 / —" although the jurisdictions file puts 700016 in Park Street (Central);
    the welcome from Park Street's number named the District Cyber Cell; "Consent taken ... 16:09" had no zone."""
    from sqlalchemy import select

    from bot.outreach import households
    from bot.store.models.operations import Outbox

    officer(unit, "meena", "officer", ["park_street"])
    visit = households.Visit(resident_name="Kamla Devi", number="98111 22334", language="hi", birth_year="1948",
                             address="12 Camac Street", pin="700016", station="Park Street Police Station",
                             beat_officer="meena", reminders_consent=True)
    with unit.Session.begin() as s:
        household = households.register(s, households.check(s, visit, unit.config, NOW), "officer:1", NOW,
                                        unit.config, unit.res.texts)
        household_id = household.id
        assert household.district == "Central"
        welcome = s.scalars(select(Outbox).where(Outbox.kind == "welcome")).one()
    assert "पार्क स्ट्रीट" in welcome.text and "ज़िला साइबर सेल" not in welcome.text, welcome.text
    client = app.test_client()
    login(client, "meena")
    page = client.get(f"/console/households/{household_id}").get_data(as_text=True)
    assert re.search(r"Consent taken</dt><dd>by [^<]*, \d\d-\d\d-\d{4} \d\d:\d\d IST", page)
    assert re.search(r"Registered</dt><dd>by [^<]*, \d\d-\d\d-\d{4} \d\d:\d\d IST", page)
