"""What the second stranger trial of several police stations found (issue 14), each as the resident or officer
would notice it (tests/test_stations.py has the two stations). Every database test runs on SQLite and PostgreSQL.
"""
from __future__ import annotations

from sqlalchemy import select

from bot.cases.casework import Casework
from bot.store.models.cases import AuditEvent
from bot.store.models.residents import Incident
from bot.store.models.officers import Officer
from conftest import NOW, Resident
from fakes import clock, telegram_fake, twilio_fake  # noqa: F401 (fixtures)
from test_console import login, token
from test_stations import LAL_NUMBER, PARK_NUMBER, app, bots, case_of, officer, unit  # noqa: F401
from test_stations_trial import StationResident, said, to_district_question
from test_whatsapp import WhatsAppResident

LOSS = "someone took 20000 from my account 10 minutes ago"


def _audit(unit, action):
    with unit.Session() as s:
        return [e.detail for e in s.scalars(select(AuditEvent).where(AuditEvent.action == action)
                                             .order_by(AuditEvent.id))]


def _names(text: str) -> set[str]:
    return {name for name in ("Park Street Police Station", "Lalbazar Police Station", "पार्क स्ट्रीट थाना",
                              "लालबाज़ार थाना") if name in text}


# -- D1. a place named after a PIN code moves the waiting case, and the resident hears only where it is --------
def test_a_locality_named_after_a_pin_code_reroutes_the_waiting_case_and_says_so_once(unit):
    resident = Resident(unit, sender="+919877770001", phone="+919877770001")
    resident.send(LOSS)
    out = resident.send("my pin code is 700001")
    assert _names(said(out)) == {"Lalbazar Police Station"} and case_of(unit, "+919877770001").station == "lalbazar"
    out = resident.send("I live near Park Street")
    assert "Your request is with Park Street Police Station" in said(out)
    assert _names(said(out)) == {"Park Street Police Station"}  # one station, the one that holds the case
    assert case_of(unit, "+919877770001").station == "park_street"
    assert _audit(unit, "station_rerouted") == [{"station": "park_street", "before": "lalbazar",
                                                 "source": "jurisdiction"}]
    out = resident.send("HDFC")  # the report goes on; the PIN code on file never pulls the case back
    assert _names(said(out)) == set() and case_of(unit, "+919877770001").station == "park_street"
    assert len(_audit(unit, "station_rerouted")) == 1


def test_a_place_said_in_hindi_at_a_yes_no_question_moves_the_case_once_and_names_one_station(unit):
    resident = Resident(unit, sender="+919877770002", phone="+919877770002")
    out = resident.send("मेरे खाते से 10 मिनट पहले 20000 रुपये कट गए")
    for _turn in range(15):  # walk the report to "have you told the bank?", the district answered with a PIN code
        if out.node == "bank_told":
            break
        out = resident.send("700016" if out.node == "district" else "सुनीता देवी" if out.node == "name"
                            else "SAME" if out.node == "callback" else "skip")
    assert out.node == "bank_told" and case_of(unit, "+919877770002").station == "park_street"
    question = out.texts[-1]
    out = resident.send("मैं BBD Bagh के पास रहता हूँ")
    assert _names(said(out)) == {"लालबाज़ार थाना"} and out.texts[-1] == question
    assert case_of(unit, "+919877770002").station == "lalbazar"
    assert [e["station"] for e in _audit(unit, "station_rerouted")] == ["lalbazar"]  # and never straight back
    resident.send("1")
    assert case_of(unit, "+919877770002").station == "lalbazar"


def test_a_place_said_on_a_case_an_officer_placed_keeps_it_and_names_only_the_station_that_has_it(unit):
    resident = placed_at_lalbazar(unit, "+919877770003", "boss")
    out = resident.send("I live near Park Street")
    assert "Your request stays with Lalbazar Police Station" in said(out)
    assert _names(said(out)) == {"Lalbazar Police Station"} and case_of(unit, "+919877770003").station == "lalbazar"


def placed_at_lalbazar(unit, sender: str, boss: str) -> Resident:
    """A resident whose loss was routed to Park Street by a PIN code and then transferred to Lalbazar by a
    supervisor (``boss``)."""
    resident = Resident(unit, sender=sender, phone=sender)
    resident.send(LOSS)
    resident.send("my pin code is 700016")
    case = case_of(unit, sender)
    chief = officer(unit, boss, "supervisor", [])
    with unit.Session.begin() as s:
        Casework(unit.res.texts).transfer_station(s, case.id, s.get(Officer, chief.id), "lalbazar", resident.clock,
                                                  unit.config)
    return resident


# -- D2. a place said at a free-text question is no answer to it --------------------------------------------
def test_a_place_said_at_the_bank_question_routes_and_asks_the_bank_again(unit):
    resident = Resident(unit, sender="+919877770004", phone="+919877770004")
    asked = resident.send(LOSS)
    assert "Which bank or wallet" in asked.texts[-1]
    out = resident.send("I live near BBD Bagh")
    assert "Your request is with Lalbazar Police Station" in said(out)
    assert out.node == asked.node == "bank" and "Which bank or wallet" in out.texts[-1]
    assert case_of(unit, "+919877770004").station == "lalbazar"
    out = resident.send("I live near Park Street")  # a PIN or place on file: re-routed
    assert case_of(unit, "+919877770004").station == "park_street" and out.node == "bank"
    resident.send("SBI")
    with unit.Session() as s:
        assert s.scalars(select(Incident)).one().fields["bank"] == "State Bank of India"  # the bank, not the place


# -- D3. a bare 6-digit number at the menu starts nothing -------------------------------------------------------
def test_a_bare_six_digit_number_at_the_menu_starts_no_report_and_is_answered_kindly(unit):
    resident = Resident(unit, sender="+919877770005", phone="+919877770005")
    resident.send("hello")
    resident.send("1")  # English (the language question)
    out = resident.send("700001")
    assert "never share it" in said(out) and "Report money fraud" in said(out)
    assert out.flow is None and out.incident is None and out.case is None
    with unit.Session() as s:
        assert s.scalars(select(Incident)).all() == []
    asked = resident.send("1")  # the money option
    out = resident.send("700001")  # as the time the money left: not a time, asked again
    assert "could not read the time" in said(out) and out.node == asked.node
    hindi = Resident(unit, sender="+919877770006", phone="+919877770006")
    hindi.send("नमस्ते")
    out = hindi.send("७०००१६")  # Devanagari digits too
    assert "कभी किसी को न बताएँ" in said(out) and out.flow is None


# -- D4. wording and order ------------------------------------------------------------------------------------
def test_a_case_that_follows_the_resident_to_a_number_says_so_and_not_for_your_area(unit):
    resident = StationResident(unit, "+919877770007", PARK_NUMBER)
    resident.send("hello")
    resident.send("I want to talk to an officer")
    resident.via = LAL_NUMBER
    out = resident.send("hello? is anyone there")
    assert "Lalbazar Police Station, whose number you are writing to" in said(out)
    assert "for your area" not in said(out)


def test_the_routing_notice_comes_before_the_next_question(unit):
    resident = Resident(unit, sender="+919877770008", phone="+919877770008")
    resident.send(LOSS)
    out = resident.send("my pin code is 700001")
    assert "Which bank or wallet" in out.texts[-1]
    assert out.texts.index(next(t for t in out.texts if "Your request is with" in t)) < len(out.texts) - 1
    other = Resident(unit, sender="+919877770009", phone="+919877770009")
    out = to_district_question(other)
    out = other.send("700016")
    texts = out.texts
    notice = next(i for i, t in enumerate(texts) if "Your request is with Park Street" in t)
    assert notice < len(texts) - 1 and "Park Street" not in texts[-1]


def test_the_district_question_asked_again_is_asked_once(unit):
    resident = Resident(unit, sender="+919877770010", phone="+919877770010")
    to_district_question(resident)
    out = resident.send("yes")
    assert "could not find that among the districts" in said(out)
    assert said(out).count("PIN code") == 1  # the question once, not twice


def test_another_stations_unclaimed_case_shows_no_claim_or_close_form(app, unit):
    client = app.test_client()
    WhatsAppResident(client, app.clock, number="+919877770011").send("I want to talk to an officer",
                                                                     To=f"whatsapp:{LAL_NUMBER}")
    WhatsAppResident(client, app.clock, number="+919877770012").send("I want to talk to an officer",
                                                                     To=f"whatsapp:{PARK_NUMBER}")
    lal, park = case_of(unit, "+919877770011"), case_of(unit, "+919877770012")
    officer(unit, "meena", "officer", ["park_street"])
    login(client, "meena")
    page = client.get(f"/console/cases/{lal.id}").get_data(as_text=True)
    assert 'id="claim"' not in page and 'id="close"' not in page and 'id="station-transfer"' not in page
    assert "This case is with Lalbazar Police Station" in page
    own = client.get(f"/console/cases/{park.id}").get_data(as_text=True)
    assert 'id="claim"' in own and 'id="close"' in own and 'id="station-owner"' not in own


def test_the_new_number_note_shows_only_once_the_resident_writes_from_it(app, unit):
    client = app.test_client()
    resident = WhatsAppResident(client, app.clock, number="+919877770013")
    resident.send("I want to talk to an officer", To=f"whatsapp:{PARK_NUMBER}")
    case = case_of(unit, "+919877770013")
    chief = officer(unit, "chief", "supervisor", [])
    app.clock.advance(60)
    with unit.Session.begin() as s:
        Casework(unit.res.texts).transfer_station(s, case.id, s.get(Officer, chief.id), "lalbazar", app.clock.now(),
                                                  unit.config)
    login(client, "chief")

    def station_shown():
        row = next(r for r in client.get("/console/queue.json").get_json()["cases"] if r["id"] == case.id)
        page = client.get(f"/console/cases/{case.id}").get_data(as_text=True)
        return row["station"], page

    station, page = station_shown()
    assert station == "Lalbazar Police Station" and "now writes to" not in page  # never written to since
    resident.send("any news?", To=f"whatsapp:{PARK_NUMBER}")
    station, page = station_shown()
    assert "the resident now writes to Park Street Police Station's number" in station
    assert "the resident now writes to Park Street Police Station&#39;s number" in page
