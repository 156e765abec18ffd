"""What a stranger's officer and resident trial of several police stations found (issue 14), each as the resident
or officer would notice it. Two stations with their own fake Twilio senders and Telegram bots (tests/test_stations.py);
every database test runs on SQLite and PostgreSQL.
"""
from __future__ import annotations

from datetime import timedelta, timezone

import pytest
from sqlalchemy import select

from bot.cli import doctor
from bot.cases import station_figures
from bot.cases.casework import Casework
from bot.config import load_config
from bot.content.datafile import DataError
from bot.messages import Inbound
from bot.store.models.cases import AuditEvent, Case
from bot.store.models.residents import Contact, Incident
from bot.store.models.officers import Officer
from bot.store.models.operations import Outbox
from conftest import NOW, Resident
from fakes import BOT_TOKEN, FakeTelegram, Updates
from fakes import clock, telegram_fake, twilio_fake  # noqa: F401 (fixtures)
from test_console import login, token
from test_doctor import https_health  # noqa: F401 (fixture)
from test_doctor import deployment  # noqa: F401 (fixture)
from test_stations import (LAL_NUMBER, LAL_SECRET, LAL_TOKEN, PARK_NUMBER, PARK_SECRET, PARK_TOKEN, STATION_A,
                           FakeBots, _config_file, app, bots, case_of, officer, runtime, telegram_post, unit)  # noqa: F401
from test_whatsapp import GOLDEN_HOUR_ANSWERS, WhatsAppResident


class StationResident(Resident):
    """A resident writing to a station's own WhatsApp number (``via``), straight to the engine."""

    def __init__(self, engine, sender: str, via: str | None):
        super().__init__(engine, sender=sender, phone=sender)
        self.via = via

    def send(self, text: str = "", media=(), minutes: float = 0.5, provider_id: str | None = None):
        self.clock += timedelta(minutes=minutes)
        inbound = Inbound(channel="whatsapp", sender=self.sender, text=text, media=media,
                          provider_id=provider_id or f"SM{next(self._ids):032d}",
                          received_at=self.clock.astimezone(timezone.utc), phone=self.phone, via=self.via)
        self.last = self.engine.handle(inbound)
        return self.last


def said(out) -> str:
    return "\n".join(out.texts)


def to_district_question(resident, first: str = "15000 was taken from my account just now"):
    """Walk a money-fraud report to its "district or PIN code" question; the last answer's outcome."""
    out = resident.send(first)
    answers = iter(GOLDEN_HOUR_ANSWERS[:4])
    for _turn in range(25):
        if "PIN code" in said(out):
            return out
        asked = said(out)
        out = resident.send("Sunita Devi" if "Your name" in asked else "1" if "\n1. " in asked
                            else next(answers, "skip"))
    pytest.fail("the report never asked for the district or PIN code")


# -- 1. the welcome on a station's own number names the station ----------------------------------------
def test_the_welcome_on_a_stations_number_names_the_station_in_the_residents_language(app, unit, bots):
    client = app.test_client()
    park = WhatsAppResident(client, app.clock, number="+919811110001")
    welcome = "\n".join(park.send("hello", To=f"whatsapp:{PARK_NUMBER}"))
    assert "the cyber-crime helpline of Park Street Police Station" in welcome
    common = "\n".join(WhatsAppResident(client, app.clock, number="+919811110002").send("hello"))
    assert "Park Street" not in common and "Lalbazar" not in common and "helpline of" in common
    assert telegram_post(client, Updates(chat_id=5561).text("नमस्ते, मदद चाहिए"), "lalbazar", LAL_SECRET).status_code == 200
    sent = "\n".join(text for _chat, text in bots.sent_by(LAL_TOKEN))
    assert "लालबाज़ार थाना की साइबर अपराध हेल्पलाइन" in sent  # in Hindi, from Lalbazar's own bot


# -- 2. a PIN code or locality at the menu routes, tells, and starts no report --------------------------
def test_a_pin_code_at_the_menu_is_routed_and_told_and_is_no_report(unit):
    resident = Resident(unit, sender="+919822220001", phone="+919822220001")
    resident.send("hello")
    resident.send("1")  # English
    out = resident.send("my pin code is 700016")
    assert "Park Street Police Station is the police station for your area" in said(out)
    assert "Report money fraud" in said(out)  # back at the menu: what they were doing
    assert out.flow is None and out.incident is None
    with unit.Session() as s:
        assert s.scalar(select(Contact.station).where(Contact.sender == "+919822220001")) == "park_street"
        assert s.scalars(select(Incident)).all() == [] and s.scalars(select(Case)).all() == []
    resident.send("I want to talk to an officer")
    assert case_of(unit, "+919822220001").station == "park_street"  # the case starts at their station


def test_a_place_said_in_hindi_or_mid_report_is_told_and_the_question_asked_again(unit):
    resident = Resident(unit, sender="+919822220002", phone="+919822220002")
    resident.send("नमस्ते")  # Hindi from the first word: the menu in Hindi
    out = resident.send("मेरा पिन कोड 700001 है")
    assert "आपके क्षेत्र का पुलिस थाना लालबाज़ार थाना है" in said(out) and out.flow is None
    other = Resident(unit, sender="+919822220003", phone="+919822220003")
    other.send("hello")
    other.send("1")
    asked = other.send("1")  # report money fraud: its first question
    question = asked.texts[-1]
    out = other.send("I live near BBD Bagh")
    assert "Lalbazar Police Station is the police station for your area" in said(out)
    assert out.texts[-1] == question and out.node == asked.node  # the same question again, the report goes on
    unknown = Resident(unit, sender="+919822220005", phone="+919822220005")
    unknown.send("hello")
    unknown.send("1")
    out = unknown.send("my pin code is 110017")
    assert "PIN code 110017 is not in the areas of our police stations" in said(out) and out.flow is None


# -- 3 and 12. officers act on their own stations' cases; station supervisors transfer theirs ----------------
def _cases_at_both_stations(app, unit):
    client = app.test_client()
    for number, to in (("+919833330001", PARK_NUMBER), ("+919833330002", LAL_NUMBER)):
        WhatsAppResident(client, app.clock, number=number).send("I want to talk to an officer",
                                                                To=f"whatsapp:{to}")
    return case_of(unit, "+919833330001"), case_of(unit, "+919833330002")


def test_an_officer_cannot_claim_close_or_transfer_another_stations_case(app, unit):
    park_case, lal_case = _cases_at_both_stations(app, unit)
    officer(unit, "meena", "officer", ["park_street"])
    client = app.test_client()
    login(client, "meena")
    form = {"csrf_token": token(client, f"/console/cases/{lal_case.id}")}
    for path, extra in (("claim", {}), ("close", {"outcome": "advice_given"}), ("station", {"station": "park_street"})):
        refused = client.post(f"/console/cases/{lal_case.id}/{path}", data={**form, **extra})
        page = refused.get_data(as_text=True)
        assert refused.status_code == 403 and "This case is with Lalbazar Police Station" in page
        assert "ask your station supervisor" in page
    claim_json = client.post(f"/console/cases/{lal_case.id}/claim", data=form, headers={"Accept": "application/json"})
    assert claim_json.status_code == 403 and "Lalbazar" in claim_json.get_json()["error"]
    moved = case_of(unit, "+919833330002")
    assert (moved.station, moved.status) == ("lalbazar", "waiting")
    with unit.Session() as s:
        refusals = s.scalars(select(AuditEvent).where(AuditEvent.action == "station_refused")).all()
    assert [r.detail["wanted"] for r in refusals] == ["claim", "close", "transfer_station", "claim"]
    assert client.post(f"/console/cases/{park_case.id}/claim", data=form).status_code == 302  # her own station's
    assert case_of(unit, "+919833330001").status == "claimed"


def test_any_station_may_claim_an_urgent_case_and_a_unit_supervisor_acts_on_all(app, unit):
    client = app.test_client()
    resident = WhatsAppResident(client, app.clock, number="+919833330003")
    resident.send("mere account se abhi 15000 kat gaye", To=f"whatsapp:{LAL_NUMBER}")
    for answer in GOLDEN_HOUR_ANSWERS:
        with unit.Session() as s:
            if s.scalars(select(Case)).first() is not None:
                break
        resident.send(answer, To=f"whatsapp:{LAL_NUMBER}")
    urgent = case_of(unit, "+919833330003")
    assert (urgent.priority, urgent.station) == ("urgent", "lalbazar")
    officer(unit, "meena", "officer", ["park_street"])
    login(client, "meena")
    claimed = client.post(f"/console/cases/{urgent.id}/claim",
                          data={"csrf_token": token(client, f"/console/cases/{urgent.id}")})
    assert claimed.status_code == 302 and case_of(unit, "+919833330003").status == "claimed"  # golden hour first
    boss = officer(unit, "boss", "supervisor", [])
    work = Casework(unit.res.texts)
    with unit.Session.begin() as s:
        work.close(s, urgent.id, s.get(Officer, boss.id), "advice_given", NOW)
    assert case_of(unit, "+919833330003").status == "closed"


def test_a_station_supervisor_transfers_their_stations_case_even_when_an_officer_holds_it(app, unit):
    park_case, lal_case = _cases_at_both_stations(app, unit)
    meena = officer(unit, "meena", "officer", ["park_street"])
    officer(unit, "chief", "station_supervisor", ["park_street"])
    with unit.Session.begin() as s:
        assert Casework(unit.res.texts).claim(s, park_case.id, s.get(Officer, meena.id), NOW)
    client = app.test_client()
    login(client, "chief")
    page = client.get(f"/console/cases/{park_case.id}").get_data(as_text=True)
    assert "Transfer to this police station" in page
    moved = client.post(f"/console/cases/{park_case.id}/station",
                        data={"station": "lalbazar", "csrf_token": token(client, f"/console/cases/{park_case.id}")})
    assert moved.status_code == 302
    assert (case_of(unit, "+919833330001").station, case_of(unit, "+919833330001").status) == ("lalbazar", "waiting")
    other = client.post(f"/console/cases/{lal_case.id}/station",
                        data={"station": "park_street", "csrf_token": token(client, f"/console/cases/{lal_case.id}")})
    assert other.status_code == 403 and case_of(unit, "+919833330002").station == "lalbazar"


# -- 11. a unit supervisor's queue has no "My stations" --------------------------------------------------
def test_the_queue_offers_my_stations_only_to_an_officer_of_stations(app, unit):
    officer(unit, "meena", "officer", ["park_street"])
    officer(unit, "boss", "supervisor", [])
    mine = app.test_client()
    login(mine, "meena")
    assert 'id="view-mine"' in mine.get("/console/").get_data(as_text=True)
    boss = app.test_client()
    login(boss, "boss")
    page = boss.get("/console/").get_data(as_text=True)
    assert 'id="view-mine"' not in page and "All stations' cases" in page


# -- 4 and 5. figures: the claiming station keeps its claim; cases count in their station's district ---------
def test_a_claim_counts_for_the_station_that_claimed_it_after_a_transfer(unit):
    park = StationResident(unit, "+919844440001", PARK_NUMBER)
    park.send("hello")
    park.send("I want to talk to an officer")
    case = case_of(unit, "+919844440001")
    meena = officer(unit, "meena", "officer", ["park_street"])
    work = Casework(unit.res.texts)
    with unit.Session.begin() as s:
        me = s.get(Officer, meena.id)
        work.claim(s, case.id, me, case.created_at + timedelta(minutes=6))
        work.transfer_station(s, case.id, me, "lalbazar", case.created_at + timedelta(minutes=9), unit.config)
    with unit.Session() as s:
        data = station_figures.compute(s, unit.config)
    rows = {r["station"]: r for r in data["stations"]}
    assert (rows["park_street"]["cases"], rows["lalbazar"]["cases"]) == (0, 1)  # the case is Lalbazar's now
    assert (rows["park_street"]["claimed"], rows["park_street"]["claim_median_minutes"]) == (1, 6.0)
    assert rows["lalbazar"]["claimed"] == 0 and "claim_median_minutes" not in rows["lalbazar"]
    assert data["totals"]["claimed"] == 1


def test_cases_per_district_use_the_stations_district_not_the_residents_pin(unit):
    resident = StationResident(unit, "+919844440002", PARK_NUMBER)  # wrote to Park Street (Central)
    to_district_question(resident)
    resident.send("700001")  # a PIN of Lalbazar's area (North): the case stays with the number written to
    case = case_of(unit, "+919844440002")
    assert case.station == "park_street"
    with unit.Session() as s:
        data = station_figures.compute(s, unit.config)
    assert {r["district"]: r["cases"] for r in data["by_district"]} == {"Central": 1}


# -- 6. the district question takes districts, PIN codes and the unit's localities, nothing else -----------
def test_the_district_question_asks_again_for_a_yes_and_takes_a_locality(unit):
    resident = Resident(unit, sender="+919855550001", phone="+919855550001")
    to_district_question(resident)
    out = resident.send("yes")
    assert "could not find that among the districts we serve" in said(out) and "PIN code" in out.texts[-1]
    out = resident.send("I stay near Camac Street")  # a locality of Park Street's, in a sentence
    assert "Park Street Police Station" in said(out)
    with unit.Session() as s:
        incident = s.scalars(select(Incident)).one()
        assert incident.fields["district"] == "Camac Street"
    assert case_of(unit, "+919855550001").station == "park_street"


def test_a_place_we_do_not_know_is_asked_once_more_then_kept_as_written(unit):
    resident = Resident(unit, sender="+919855550002", phone="+919855550002")
    to_district_question(resident)
    resident.send("Rampur Khurd")
    out = resident.send("Rampur Khurd village")
    assert "noted it as not known" in said(out) and "PIN code" not in out.texts[-1]  # never looped
    with unit.Session() as s:
        fields = s.scalars(select(Incident)).one().fields
    assert fields["district"] is None and fields["district_as_written"] == "Rampur Khurd village"
    assert case_of(unit, "+919855550002").station is None  # the unit's cyber cell until someone routes it


# -- 13. a resident who writes to a second station's number --------------------------------------------------
def test_an_unclaimed_case_follows_the_resident_to_the_station_they_now_write_to(unit):
    resident = StationResident(unit, "+919866660001", PARK_NUMBER)
    resident.send("hello")
    resident.send("I want to talk to an officer")
    assert case_of(unit, "+919866660001").station == "park_street"
    resident.via = LAL_NUMBER
    out = resident.send("hello? is anyone there")
    assert "Your request is now with Lalbazar Police Station, whose number you are writing to" in said(out)
    case = case_of(unit, "+919866660001")
    assert (case.station, case.station_source) == ("lalbazar", "number")
    with unit.Session() as s:
        event = s.scalars(select(AuditEvent).where(AuditEvent.action == "station_followed")).one()
    assert event.detail["before"] == "park_street"


def test_a_claimed_case_stays_with_its_officer_who_sees_the_new_number_and_replies_through_it(app, unit,
                                                                                               twilio_fake):
    client = app.test_client()
    resident = WhatsAppResident(client, app.clock, number="+919866660002")
    resident.send("I want to talk to an officer", To=f"whatsapp:{PARK_NUMBER}")
    case = case_of(unit, "+919866660002")
    meena = officer(unit, "meena", "officer", ["park_street"])
    with unit.Session.begin() as s:
        assert Casework(unit.res.texts).claim(s, case.id, s.get(Officer, meena.id), NOW)
    resident.send("I am writing from the other number now", To=f"whatsapp:{LAL_NUMBER}")
    held = case_of(unit, "+919866660002")
    assert (held.station, held.status, held.claimed_by) == ("park_street", "claimed", f"officer:{meena.id}")
    with unit.Session() as s:
        event = s.scalars(select(AuditEvent).where(AuditEvent.action == "resident_writes_to_station")).one()
    assert event.detail == {"station": "lalbazar", "case_station": "park_street"}
    login(client, "meena")
    page = client.get(f"/console/cases/{case.id}").get_data(as_text=True)
    assert "the resident now writes to Lalbazar Police Station&#39;s number" in page
    sent = client.post(f"/console/cases/{case.id}/reply",
                       data={"text": "I am still here with you.", "csrf_token": token(client, f"/console/cases/{case.id}")})
    assert sent.status_code == 302
    runtime(app).drain()
    assert ("whatsapp:+919866660002", f"whatsapp:{LAL_NUMBER}", "I am still here with you.") in [
        (m["To"], m["From"], m["Body"]) for m in twilio_fake.created]


# -- 7, 8, 9. start-up errors name the right file and line ---------------------------------------------------
def test_a_missing_jurisdictions_file_stops_start_up_naming_it(tmp_path):
    path = _config_file(tmp_path, STATION_A)  # no jurisdictions.yaml beside it
    with pytest.raises(DataError, match=r"config.yaml:\d+: .*jurisdictions.yaml not found") as stopped:
        load_config(path)
    line = int(str(stopped.value).split("config.yaml:", 1)[1].split(":", 1)[0])
    assert path.read_text(encoding="utf-8").splitlines()[line - 1].startswith("jurisdictions_file:")


def test_station_errors_name_their_own_line_in_config_yaml(tmp_path):
    second = STATION_A.replace("+913322220001", "+913322220009")
    with pytest.raises(DataError) as twice:
        load_config(_config_file(tmp_path, STATION_A + second, "park_street:\n  pins: ['700016']\n"))
    lines = (tmp_path / "config.yaml").read_text(encoding="utf-8").splitlines()
    line = int(str(twice.value).split("config.yaml:", 1)[1].split(":", 1)[0])
    assert line > 1 and lines[line - 1].strip() == "- id: park_street" and lines.index(lines[line - 1]) != line - 1
    assert "station 'park_street' is listed twice" in str(twice.value)
    with pytest.raises(DataError) as district:
        load_config(_config_file(tmp_path, STATION_A.replace("Central", "Howrah"), "park_street: {}\n"))
    line = int(str(district.value).split("config.yaml:", 1)[1].split(":", 1)[0])
    assert (tmp_path / "config.yaml").read_text(encoding="utf-8").splitlines()[line - 1].strip() == "district: Howrah"


def test_unquoted_pin_codes_are_taken_or_asked_to_be_quoted(tmp_path):
    config = load_config(_config_file(tmp_path, STATION_A, "park_street:\n  pins: [700016, '700071']\n"))
    from bot.cases import stations

    assert stations.of(config).locate("pin code 700016") == "park_street"
    with pytest.raises(DataError, match=r"jurisdictions.yaml:2: .*PIN codes must be quoted, like '700016'"):
        load_config(_config_file(tmp_path, STATION_A, "park_street:\n  pins: [011001]\n"))


# -- 7, 8, 10. doctor ------------------------------------------------------------------------------------
class HookedBots(FakeBots):
    """One Bot API server for several bots, each with its own webhook (getWebhookInfo answers per bot)."""

    def __init__(self, *tokens: str):
        self.hooks: dict[str, str] = {}
        super().__init__(*tokens)

    def respond(self, record):
        token = next((t for t in self.tokens if f"bot{t}/" in record.path), self.tokens[0])
        with self._guard:
            self.token, self.webhook_url = token, self.hooks.get(token, "")
            answer = FakeTelegram.respond(self, record)
            self.hooks[token] = self.webhook_url
            return answer


@pytest.fixture
def station_deployment(deployment, tmp_path):
    config = tmp_path / "config.yaml"
    text = config.read_text(encoding="utf-8")
    assert "\nstations: []\n" in text
    config.write_text(text.replace("\nstations: []\n", "\nstations:\n" + STATION_A + "    telegram_bot: true\n"),
                      encoding="utf-8")
    (tmp_path / "jurisdictions.yaml").write_text("park_street:\n  pins: ['700016']\n", encoding="utf-8")
    hooked = HookedBots(BOT_TOKEN, PARK_TOKEN)
    hooked.hooks[BOT_TOKEN] = deployment["PUBLIC_BASE_URL"] + "/webhooks/telegram"
    yield {**deployment, "TELEGRAM_API_BASE_URL": hooked.base_url}, hooked
    hooked.stop()


def test_doctor_fails_a_station_bot_without_a_token_and_checks_its_webhook(station_deployment):
    environ, hooked = station_deployment
    checked = doctor.Doctor(environ, timeout=5)
    results = {c.name: c for c in checked.run()}
    assert checked.failed and results["station park_street telegram"].status == "FAIL"
    assert "TELEGRAM_BOT_TOKEN__PARK_STREET" in results["station park_street telegram"].fix
    environ = {**environ, "TELEGRAM_BOT_TOKEN__PARK_STREET": PARK_TOKEN, "TELEGRAM_WEBHOOK_SECRET__PARK_STREET": PARK_SECRET}
    results = {c.name: c for c in doctor.Doctor(environ, timeout=5).run()}
    webhook = results["station park_street telegram webhook"]
    assert webhook.status == "FAIL" and webhook.detail.endswith("/webhooks/telegram/park_street")
    assert "telegram set-webhook" in webhook.fix
    hooked.hooks[PARK_TOKEN] = environ["PUBLIC_BASE_URL"] + "/webhooks/telegram/park_street"
    checked = doctor.Doctor(environ, timeout=5)
    results = {c.name: c for c in checked.run()}
    assert results["station park_street telegram"].status == results["station park_street telegram webhook"].status == "ok"
    assert results["station park_street whatsapp"].status == "warn"  # a number the account does not list
    assert not checked.failed, [(c.name, c.detail) for c in results.values() if c.status == "FAIL"]


def test_doctor_fails_a_missing_or_wrong_jurisdictions_file_naming_it(station_deployment, tmp_path):
    environ, _ = station_deployment
    (tmp_path / "jurisdictions.yaml").write_text("park_street:\n  pins: ['7000']\n", encoding="utf-8")
    results = {c.name: c for c in doctor.Doctor(environ, network=False).run()}
    assert results["config"].status == "FAIL" and "jurisdictions.yaml:2" in results["config"].detail
    assert results["config"].fix.startswith(f"correct {tmp_path / 'jurisdictions.yaml'}")
    (tmp_path / "jurisdictions.yaml").unlink()
    results = {c.name: c for c in doctor.Doctor(environ, network=False).run()}
    assert results["config"].status == "FAIL" and "jurisdictions.yaml not found" in results["config"].detail
    assert "config.yaml" in results["config"].fix
