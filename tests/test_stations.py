"""Several police stations on one deployment (README.md, "Several police stations").

Two stations, each with its own WhatsApp sender on the unit's Twilio account and its own Telegram bot, and the
unit's common number and bot beside them. The real twilio and python-telegram-bot clients talk to the local
fakes; every database test runs on SQLite and PostgreSQL.
"""
from __future__ import annotations

import dataclasses

import json
import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from bot.cases import cases, stations, station_figures
from bot.cases.casework import Casework
from bot.config import Station, load_config
from bot.content.datafile import DataError
from bot.conversation.engine import Engine
from bot.store.models.cases import AuditEvent, Case
from bot.store.models.residents import Contact
from bot.store.models.officers import Officer
from bot.store.models.operations import Outbox
from bot.cases.officers import add as add_officer
from conftest import NOW, Resident
from fakes import BOT_TOKEN, WEBHOOK_SECRET, FakeTelegram, FakeTwilioHttpClient, Updates, env
from fakes import clock, twilio_fake  # noqa: F401 (fixtures)
from test_console import PASSWORD, login
from test_whatsapp import GOLDEN_HOUR_ANSWERS, WhatsAppResident

PARK_NUMBER, LAL_NUMBER = "+913322220001", "+913322220002"
PARK_TOKEN, LAL_TOKEN = "223456:PARK-token_abcdefghijklmnopqrstu", "323456:LAL-token_abcdefghijklmnopqrstuv"
PARK_SECRET, LAL_SECRET = "park-secret_0123456789", "lal-secret_0123456789"
UNIT_CHAT, PARK_CHAT, LAL_CHAT = "-1000", "-1001", "-1002"
STATIONS = [
    {"id": "park_street", "name": {"en": "Park Street Police Station", "hi": "पार्क स्ट्रीट थाना"},
     "district": "Central", "whatsapp_numbers": [PARK_NUMBER], "telegram_bot": True,
     "officers_chat_id": PARK_CHAT, "official_contacts": {"phones": ["+913322871111"]},
     "sla_minutes": {"urgent": 1, "high": 10, "normal": 30}},
    {"id": "lalbazar", "name": {"en": "Lalbazar Police Station", "hi": "लालबाज़ार थाना"},
     "district": "North", "whatsapp_numbers": [LAL_NUMBER], "telegram_bot": True,
     "officers_chat_id": LAL_CHAT},
]
JURISDICTIONS = """\
park_street:
  pins: ["700016", "700071"]
  localities: ["Park Street", "Camac Street"]
lalbazar:
  pins: ["700001"]
  localities: ["Lalbazar", "BBD Bagh", "लालबाज़ार"]
"""


class FakeBots(FakeTelegram):
    """One Bot API server for several bots, as api.telegram.org is: each call is answered for its own token."""

    def __init__(self, *tokens: str):
        self.tokens = tokens
        self._guard = threading.Lock()
        super().__init__(tokens[0])

    def respond(self, record):
        token = next((t for t in self.tokens if f"bot{t}/" in record.path), self.tokens[0])
        with self._guard:
            self.token = token
            return super().respond(record)

    def sent_by(self, token: str) -> list[tuple[str, str]]:
        """(chat id, text) of the messages this bot sent."""
        return [(r.form["chat_id"], r.form["text"]) for r in self.calls("sendMessage")
                if r.accepted and r.path.startswith(f"/bot{token}/")]


@pytest.fixture
def unit(engine, tmp_path):
    """The test engine's database with a two-station configuration."""
    path = tmp_path / "jurisdictions.yaml"
    path.write_text(JURISDICTIONS, encoding="utf-8")
    base = engine.config
    config = base.model_copy(update={
        "stations": [Station.model_validate(s, context={"languages": ["en", "hi"]}) for s in STATIONS],
        "jurisdictions_file": str(path),
        "console": base.console.model_copy(update={"officers_chat_id": UNIT_CHAT})})
    res = engine.res
    return Engine(dataclasses.replace(res, config=config), engine.Session)


@pytest.fixture
def bots():
    fake = FakeBots(BOT_TOKEN, PARK_TOKEN, LAL_TOKEN)
    yield fake
    fake.stop()


@pytest.fixture
def app(unit, bots, twilio_fake, clock):
    from webhook import create_app

    environ = env(TELEGRAM_API_BASE_URL=bots.base_url, TELEGRAM_FILE_BASE_URL=bots.file_url,
                  TELEGRAM_BOT_TOKEN__PARK_STREET=PARK_TOKEN, TELEGRAM_WEBHOOK_SECRET__PARK_STREET=PARK_SECRET,
                  TELEGRAM_BOT_TOKEN__LALBAZAR=LAL_TOKEN, TELEGRAM_WEBHOOK_SECRET__LALBAZAR=LAL_SECRET)
    application = create_app(unit, environ=environ, clock=clock,
                             twilio_http_client=FakeTwilioHttpClient(twilio_fake, timeout=2.0))
    application.clock = clock
    yield application
    application.extensions["cyber_sahayak"].close()


def runtime(app):
    return app.extensions["cyber_sahayak"]


def telegram_post(client, update: dict, station: str | None, secret: str):
    path = "/webhooks/telegram" + (f"/{station}" if station else "")
    response = client.post(path, data=json.dumps(update).encode(), content_type="application/json",
                           headers={"X-Telegram-Bot-Api-Secret-Token": secret})
    response.close()  # the after-response work runs, as under WSGI
    assert client.application.extensions["cyber_sahayak"].sends.wait_idle(30)  # the replies have been sent
    return response


def case_of(engine, sender: str) -> Case:
    with engine.Session() as s:
        contact = s.scalar(select(Contact).where(Contact.sender == sender))
        return s.scalars(select(Case).where(Case.contact_id == contact.id)).one()


def officer(engine, username: str, role: str, station_ids: list[str]) -> Officer:
    with engine.Session.begin() as s:
        person = add_officer(s, username, username.title(), PASSWORD, role, NOW)
        stations.set_stations(s, person, station_ids, engine.config, NOW)
        s.flush()
        s.expunge(person)
        return person


# -- numbers and bots of each station ---------------------------------------------------------------
def test_each_station_number_lands_in_its_queue_and_replies_leave_from_it(app, unit, twilio_fake):
    client = app.test_client()
    park = WhatsAppResident(client, app.clock, number="+919811111111")
    lal = WhatsAppResident(client, app.clock, number="+919822222222")
    assert park.send("I want to talk to an officer", To=f"whatsapp:{PARK_NUMBER}")  # answered in the TwiML
    assert lal.send("I want to talk to an officer", To=f"whatsapp:{LAL_NUMBER}")
    park_case, lal_case = case_of(unit, "+919811111111"), case_of(unit, "+919822222222")
    assert (park_case.station, park_case.station_source) == ("park_street", "number")
    assert (lal_case.station, lal_case.station_source) == ("lalbazar", "number")
    assert park_case.sla_due_at == park_case.created_at + timedelta(minutes=30)  # Park Street's own SLA
    meena = officer(unit, "meena", "officer", ["park_street", "lalbazar"])  # an officer of both stations
    work = Casework(unit.res.texts)
    with unit.Session.begin() as s:  # the officer takes both chats; each is told from its station's number
        me = s.get(Officer, meena.id)
        assert work.claim(s, park_case.id, me, NOW) and work.claim(s, lal_case.id, me, NOW)
        work.reply(s, lal_case.id, me, "Namaste, this is the Lalbazar desk.", NOW)
    runtime(app).drain()
    sent = [(m["To"], m["From"], m["Body"]) for m in twilio_fake.created]
    assert ("whatsapp:+919811111111", f"whatsapp:{PARK_NUMBER}") in {(to, frm) for to, frm, _ in sent}
    assert ("whatsapp:+919822222222", f"whatsapp:{LAL_NUMBER}", "Namaste, this is the Lalbazar desk.") in sent
    assert all(frm == f"whatsapp:{PARK_NUMBER}" for to, frm, _ in sent if to == "whatsapp:+919811111111")
    with unit.Session() as s:
        assert {r.sender for r in s.scalars(select(Outbox))} == {PARK_NUMBER, LAL_NUMBER}


def test_each_station_bot_has_its_own_webhook_secret_and_replies_from_itself(app, unit, bots):
    client = app.test_client()
    park, lal = Updates(chat_id=5551), Updates(chat_id=5552)
    assert telegram_post(client, park.text("hello"), "park_street", LAL_SECRET).status_code == 403
    assert telegram_post(client, park.text("hello"), "nowhere", PARK_SECRET).status_code == 404
    assert telegram_post(client, park.text("hello"), "park_street", PARK_SECRET).status_code == 200
    assert telegram_post(client, lal.text("hello"), "lalbazar", LAL_SECRET).status_code == 200
    assert telegram_post(client, lal.text("I want to talk to an officer"), "lalbazar", LAL_SECRET).status_code == 200
    assert {chat for chat, _ in bots.sent_by(PARK_TOKEN)} == {"5551"}
    assert {chat for chat, _ in bots.sent_by(LAL_TOKEN)} == {"5552"}
    assert bots.sent_by(BOT_TOKEN) == []  # the unit's common bot sent nothing
    assert case_of(unit, "5552").station == "lalbazar"
    with unit.Session() as s:
        assert s.scalar(select(Contact.via).where(Contact.sender == "5552")) == "lalbazar"


def test_the_queue_shows_ones_own_station_first_with_a_switch_to_all(app, unit):
    client = app.test_client()
    for number, to in (("+919811111111", PARK_NUMBER), ("+919822222222", LAL_NUMBER), ("+919833333333", None)):
        resident = WhatsAppResident(client, app.clock, number=number)
        resident.send("I want to talk to an officer", **({"To": f"whatsapp:{to}"} if to else {}))
    officer(unit, "meena", "officer", ["park_street"])
    officer(unit, "boss", "supervisor", [])
    login(client, "meena")
    mine = client.get("/console/queue.json").get_json()
    assert mine["view"] == "mine" and mine["others_hidden"] == 1
    assert [c["station"] for c in mine["cases"]] == ["Park Street Police Station", "unit (no station yet)"]
    everything = client.get("/console/queue.json?view=all").get_json()
    assert [c["station"] for c in everything["cases"]][-1] == "Lalbazar Police Station"  # own first, then the rest
    client.post("/console/logout", data={"csrf_token": ""})
    boss = app.test_client()
    login(boss, "boss")
    assert boss.get("/console/queue.json").get_json()["view"] == "all"
    assert len(boss.get("/console/queue.json").get_json()["cases"]) == 3


# -- routing on the common number --------------------------------------------------------------------
def test_common_number_resident_is_routed_by_pin_code_and_rerouted_later(unit):
    resident = Resident(unit, sender="+919844444444", phone="+919844444444")
    resident.send("hello")
    resident.send("I want to talk to an officer")
    case = case_of(unit, "+919844444444")
    assert case.station is None  # the unit's until the resident says where they are
    out = resident.send("my pin code is 700016")
    assert "Park Street Police Station" in "\n".join(out.texts)
    assert case_of(unit, "+919844444444").station == "park_street"
    out = resident.send("sorry, I live near BBD Bagh")  # a locality given later: re-routed
    assert "Lalbazar Police Station" in "\n".join(out.texts)
    with unit.Session() as s:
        assert s.get(Case, case.id).station == "lalbazar"
        actions = list(s.scalars(select(AuditEvent.action).where(AuditEvent.case_id == case.id)))
    assert "station_assigned" in actions and "station_rerouted" in actions


def test_officer_transfers_a_case_and_the_resident_is_told(unit):
    resident = Resident(unit, sender="+919855555555", phone="+919855555555")
    resident.send("hello")
    resident.send("pin code 700016, I want to talk to an officer")
    case = case_of(unit, "+919855555555")
    assert case.station == "park_street"
    meena = officer(unit, "meena", "officer", ["park_street"])
    work = Casework(unit.res.texts)
    with unit.Session.begin() as s:
        me = s.get(Officer, meena.id)
        work.claim(s, case.id, me, NOW)
        work.transfer_station(s, case.id, me, "lalbazar", NOW, unit.config)
    with unit.Session() as s:
        moved = s.get(Case, case.id)
        assert (moved.station, moved.status, moved.claimed_by) == ("lalbazar", "waiting", None)
        told = s.scalars(select(Outbox.text).where(Outbox.recipient == "+919855555555")).all()
        event = s.scalars(select(AuditEvent).where(AuditEvent.action == "station_transferred")).one()
    assert any("Lalbazar Police Station" in text for text in told)
    assert event.actor == f"officer:{meena.id}" and event.detail["before"] == "park_street"
    resident.send("my pin code is 700016")  # the officer's decision stands
    assert case_of(unit, "+919855555555").station == "lalbazar"


# -- golden hour first: every station at once ---------------------------------------------------------
def test_urgent_case_alerts_every_station_at_once(app, unit, bots):
    client = app.test_client()
    resident = WhatsAppResident(client, app.clock, number="+919866666666")
    resident.send("mere account se abhi 15000 kat gaye", To=f"whatsapp:{LAL_NUMBER}")
    for answer in GOLDEN_HOUR_ANSWERS:
        with unit.Session() as s:
            if cases.queue(s):
                break
        resident.send(answer, To=f"whatsapp:{LAL_NUMBER}")
    case = case_of(unit, "+919866666666")
    assert case.priority == "urgent" and case.station == "lalbazar"
    runtime(app).drain(channel="telegram")
    assert [chat for chat, _ in bots.sent_by(BOT_TOKEN)] == [UNIT_CHAT]
    assert [chat for chat, _ in bots.sent_by(PARK_TOKEN)] == [PARK_CHAT]  # not its case, alerted all the same
    assert [chat for chat, text in bots.sent_by(LAL_TOKEN)] == [LAL_CHAT]
    assert "Lalbazar Police Station" in bots.sent_by(PARK_TOKEN)[0][1] and "URGENT" in bots.sent_by(PARK_TOKEN)[0][1]


# -- "is this really the police?" ---------------------------------------------------------------------
def test_is_this_really_the_police_names_the_station(unit):
    resident = Resident(unit, sender="+919877777777", phone="+919877777777")
    resident.send("hello")
    resident.send("1")
    out = resident.send("someone called from +913322871111 saying he is police, is this really the police?")
    assert "+913322871111 is one of Park Street Police Station's published numbers" in "\n".join(out.texts)
    assert stations.official_contacts(unit.config)[("phone", "+913322871111")] == "Park Street Police Station"


# -- figures --------------------------------------------------------------------------------------------
def test_figures_per_station_add_up_to_the_units(app, unit):
    client = app.test_client()
    people = [("+919811111101", PARK_NUMBER), ("+919811111102", PARK_NUMBER), ("+919822222201", LAL_NUMBER),
              ("+919833333301", None)]
    for number, to in people:
        WhatsAppResident(client, app.clock, number=number).send(
            "I want to talk to an officer", **({"To": f"whatsapp:{to}"} if to else {}))
    meena = officer(unit, "meena", "officer", ["park_street"])
    work = Casework(unit.res.texts)
    first = case_of(unit, "+919811111101")
    with unit.Session.begin() as s:
        work.claim(s, first.id, s.get(Officer, meena.id), first.created_at + timedelta(minutes=6))
    with unit.Session() as s:
        data = station_figures.compute(s, unit.config)
        total_cases = s.scalar(select(func.count()).select_from(Case))
    rows = {r["station"]: r for r in data["stations"]}
    assert (rows["park_street"]["cases"], rows["lalbazar"]["cases"], rows[""]["cases"]) == (2, 1, 1)
    assert sum(r["cases"] for r in data["stations"]) == data["totals"]["cases"] == total_cases == 4
    assert sum(r["cases"] for r in data["by_district"]) == total_cases
    assert {r["district"]: r["cases"] for r in data["by_district"]} == {"Central": 2, "North": 1, "unknown": 1}
    assert rows["park_street"]["claimed"] == 1 and rows["park_street"]["claim_median_minutes"] == 6.0
    assert "claim_median_minutes" not in rows["lalbazar"]
    boss = officer(unit, "boss", "station_supervisor", ["lalbazar"])
    login(client, boss.username)
    page = client.get("/console/figures/stations").get_data(as_text=True)
    assert "Park Street Police Station" in page and 'id="unit-total"' in page


# -- validated at start-up -------------------------------------------------------------------------------
def _config_file(tmp_path, stations_yaml: str, jurisdictions: str | None = None):
    base = (load_config().base_dir / "config.yaml").read_text(encoding="utf-8")
    path = tmp_path / "config.yaml"
    assert "\nstations: []\n" in base
    path.write_text(base.replace("\nstations: []\n", "\nstations:\n" + stations_yaml), encoding="utf-8")
    if jurisdictions is not None:
        (tmp_path / "jurisdictions.yaml").write_text(jurisdictions, encoding="utf-8")
    return path


STATION_A = """\
  - id: park_street
    name: {en: "Park Street PS", hi: "पार्क स्ट्रीट थाना", bn: "পার্ক স্ট্রিট থানা", ur: "پارک اسٹریٹ تھانہ"}
    district: Central
    whatsapp_numbers: ["+913322220001"]
"""


def test_config_and_jurisdiction_file_are_validated_with_file_and_line(tmp_path):
    config = load_config(_config_file(tmp_path, STATION_A, "park_street:\n  pins: ['700016']\n"))
    assert stations.of(config).locate("PIN code: 700016") == "park_street"
    assert stations.of(config).locate("700016") is None  # a bare number may be an OTP
    with pytest.raises(DataError, match="listed twice"):
        load_config(_config_file(tmp_path, STATION_A + STATION_A))
    with pytest.raises(DataError, match=r"jurisdictions.yaml:3: .*no station 'howrah'"):
        load_config(_config_file(tmp_path, STATION_A, "park_street:\n  pins: ['700016']\nhowrah:\n  pins: []\n"))
    with pytest.raises(DataError, match=r"jurisdictions.yaml:2: .*'7000' is not a 6-digit PIN code"):
        load_config(_config_file(tmp_path, STATION_A, "park_street:\n  pins: ['7000']\n"))
    with pytest.raises(DataError, match="not in districts"):
        load_config(_config_file(tmp_path, STATION_A.replace("Central", "Howrah")))


def test_a_unit_without_stations_is_unchanged(engine):
    resident = Resident(engine, sender="+919888888888", phone="+919888888888")
    resident.send("hello")
    resident.send("my pin code is 700016, I want to talk to an officer")
    with engine.Session() as s:
        case = s.scalars(select(Case)).one()
        assert case.station is None and s.scalar(select(Contact.via)) is None
        assert set(s.scalars(select(Outbox.sender))) <= {None}
    assert stations.of(engine.config).on is False


def test_the_pin_code_answered_in_a_report_routes_the_urgent_case(unit):
    resident = Resident(unit, sender="+919899999999", phone="+919899999999")
    out = resident.send("15000 was taken from my account just now")  # English (a Hinglish one is answered in Hindi)
    answers = iter(GOLDEN_HOUR_ANSWERS[:4])  # bank, account digits, UTR, where the money went
    for _turn in range(25):
        asked = "\n".join(out.texts)
        if "PIN code" in asked:
            break
        out = resident.send("Sunita Devi" if "Your name" in asked else "1" if "\n1. " in asked
                            else next(answers, "skip"))
    else:
        pytest.fail("the report never asked for the district or PIN code")
    case = case_of(unit, "+919899999999")
    assert case.priority == "urgent" and case.station is None  # golden hour first: every station saw it already
    out = resident.send("700001")
    assert case_of(unit, "+919899999999").station == "lalbazar"
    assert any("Lalbazar" in text or "लालबाज़ार" in text for text in out.texts)
    with unit.Session() as s:
        data = station_figures.compute(s, unit.config)
    assert {r["district"]: r["cases"] for r in data["by_district"]} == {"North": 1}


def test_station_bots_are_registered_at_their_own_paths(app, bots):
    from bot.channels import telegram

    rt = runtime(app)
    assert telegram.set_webhook(rt).endswith("/webhooks/telegram")
    urls = telegram.set_station_webhooks(rt)
    assert [u.rsplit("/", 1)[1] for u in urls] == ["park_street", "lalbazar"]
    calls = {c.path.split("/")[1]: c.form for c in bots.calls("setWebhook")}
    assert calls[f"bot{PARK_TOKEN}"]["secret_token"] == PARK_SECRET
    assert calls[f"bot{LAL_TOKEN}"]["url"].endswith("/webhooks/telegram/lalbazar")
    assert calls[f"bot{BOT_TOKEN}"]["secret_token"] == WEBHOOK_SECRET


def test_households_and_beat_officers_belong_to_stations(unit):
    from bot.outreach import households

    officer(unit, "meena", "officer", ["park_street"])
    visit = households.Visit(resident_name="Kamala Devi", number="98123 45678", language="hi", birth_year="1946",
                             address="12 Camac Street", pin="700016", station="Lalbazar Police Station",
                             beat_officer="meena", reminders_consent=True)
    with unit.Session.begin() as s:
        with pytest.raises(households.VisitError) as refused:
            households.check(s, visit, unit.config, NOW)
        assert "beat_officer" in refused.value.problems
        visit.station = "Thana Nowhere"
        with pytest.raises(households.VisitError) as refused:
            households.check(s, visit, unit.config, NOW)
        assert "station" in refused.value.problems
        visit.station = "Park Street Police Station"
        household = households.register(s, households.check(s, visit, unit.config, NOW), "officer:1", NOW,
                                        unit.config, unit.res.texts)
        assert household.station == "park_street"
        welcome = s.scalars(select(Outbox).where(Outbox.kind == "welcome")).one()
        assert welcome.sender == PARK_NUMBER  # the welcome leaves from the station's own number
    with unit.Session() as s:
        rows = {r["station"]: r for r in station_figures.compute(s, unit.config)["stations"]}
    assert rows["park_street"]["households"] == 1 and rows["lalbazar"]["households"] == 0


def test_officers_stations_from_the_command_line(tmp_path):
    import subprocess
    import sys

    config = _config_file(tmp_path, STATION_A, "park_street:\n  pins: ['700016']\n")
    db = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    environ = {**__import__("os").environ, "CYBER_SAHAYAK_CONFIG": str(config)}

    def run(*args):
        return subprocess.run([sys.executable, "-m", "bot", "officers", *args, "--db", db, "--password-stdin"],
                              input=PASSWORD + "\n", capture_output=True, text=True, env=environ, timeout=120)

    assert run("add", "meena", "--station", "park_street").returncode == 0
    refused = run("stations", "meena", "howrah")
    assert refused.returncode == 2 and "no such station: howrah" in refused.stderr
    listed = run("list")
    assert "park_street" in listed.stdout


def test_transfer_from_the_case_page(app, unit):
    from test_console import token

    client = app.test_client()
    WhatsAppResident(client, app.clock, number="+919811112222").send("I want to talk to an officer",
                                                                     To=f"whatsapp:{PARK_NUMBER}")
    case = case_of(unit, "+919811112222")
    officer(unit, "meena", "officer", ["park_street"])
    login(client, "meena")
    page = client.get(f"/console/cases/{case.id}").get_data(as_text=True)
    assert "Park Street Police Station" in page and "Transfer to this police station" in page
    refused = client.post(f"/console/cases/{case.id}/station",
                          data={"station": "nowhere", "csrf_token": token(client, f"/console/cases/{case.id}")})
    assert refused.status_code == 302 and case_of(unit, "+919811112222").station == "park_street"
    assert "choose a police station" in client.get(f"/console/cases/{case.id}").get_data(as_text=True)
    response = client.post(f"/console/cases/{case.id}/station",
                           data={"station": "lalbazar", "csrf_token": token(client, f"/console/cases/{case.id}")})
    assert response.status_code == 302
    assert case_of(unit, "+919811112222").station == "lalbazar"
    page = client.get(f"/console/cases/{case.id}").get_data(as_text=True)  # Lalbazar's now: not hers to move
    assert "Lalbazar Police Station" in page and "Transfer to this police station" not in page


def test_a_stations_own_whatsapp_number_is_a_police_number_never_a_scam(unit):
    """A resident checking the number they were given for their station hears it is the police's (a stranger's
    trial found it answered "no reports yet, that does not mean it is safe" and recorded it as reported)."""
    number = unit.config.stations[0].whatsapp_numbers[0].removeprefix("whatsapp:")
    assert ("phone", number) in stations.official_contacts(unit.config)
    resident = Resident(unit, sender="+919877777778", phone="+919877777778")
    resident.send("hello")
    resident.send("1")
    out = resident.send(f"is this really the police? {number} sent me a message")
    said = "\n".join(out.texts)
    assert f"{number} is one of Park Street Police Station's published numbers" in said
    assert "no reports yet" not in said
