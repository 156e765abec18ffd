"""Households registered on a visit (issue 7): the welcome, the reply, the CSV import, the beat officer first,
reports made by a relative, voice notes, campaigns and the figures.

Every database test runs on SQLite and PostgreSQL. Messages are captured by the fake providers
(tests/fakes.py) that the real twilio and telegram clients talk to; time is a controllable clock.
"""
from __future__ import annotations

import json
import re
from datetime import timezone, timedelta

import pytest
from flask import Flask
from sqlalchemy import func, select

from bot.outreach import campaigns, households, proactive
from bot import console
from bot.cases import officers
from bot.config import ElderlySettings, WelcomeTemplate
from bot.messages import Media
from bot.store.models.cases import AuditEvent, Case
from bot.store.models.outreach import Campaign, CaseOffer, Household, ReminderSubscription
from bot.store.models.residents import Contact, Evidence, Incident
from bot.store.models.operations import Outbox
from conftest import NOW, Resident
from fakes import clock, make_app, telegram_fake, twilio_fake  # noqa: F401,F811 (fixtures)
from test_console import token
from test_whatsapp import WhatsAppResident

PASSWORD = "Correct-Horse-9"
WELCOME_SID = "HX" + "b" * 32
RESIDENT = "+919812345678"
SON = "+919811111111"
OGG = b"OggS" + b"\x00" * 60


# -- helpers (used by the other elderly test modules too) ----------------------------------------
def configure(engine, **sections):
    """Give this test's engine (and console) another config: never the shared session config."""
    config = engine.config.model_copy(update=sections)
    engine.config = engine.res.config = config
    return config


def with_welcome_template(engine):
    return configure(engine, elderly=ElderlySettings(welcome_template=WelcomeTemplate(content_sid=WELCOME_SID)))


def add_officers(engine):
    with engine.Session.begin() as s:
        meena = officers.add(s, "meena", "SI Meena", PASSWORD, "officer", NOW)
        ravi = officers.add(s, "ravi", "HC Ravi", PASSWORD, "officer", NOW)
        officers.add(s, "sup", "Insp Rao", PASSWORD, "supervisor", NOW)
        return meena.id, ravi.id


def visit(**changes) -> households.Visit:
    values = dict(resident_name="Kamala Devi", channel="whatsapp", number="98123 45678", language="hi",
                  birth_year="1946", address="12, Gali Number 3, Paharganj", pin="110055", station="Paharganj",
                  beat_officer="meena", family_name="Ravi Kumar", family_relation="son", family_number="98111 11111",
                  family_consent=True, reminders_consent=True)
    values.update(changes)
    if not values["family_number"]:
        values.update(family_name="", family_relation="", family_consent=False)
    return households.Visit(**values)


def register(engine, now=NOW, actor="officer:1", **changes) -> int:
    with engine.Session.begin() as s:
        checked = households.check(s, visit(**changes), engine.config, now)
        return households.register(s, checked, actor, now, engine.config, engine.res.texts).id


def numbered(text: str) -> int:
    return len(re.findall(r"^\s*\d+\s*[.)]", text, re.M))


# -- the visit ----------------------------------------------------------------------------------
def test_a_visit_links_the_contact_records_consent_and_queues_the_template_welcome(engine):
    with_welcome_template(engine)
    meena_id, _ = add_officers(engine)
    household_id = register(engine, actor=f"officer:{meena_id}")
    with engine.Session() as s:
        household = s.get(Household, household_id)
        contact = s.get(Contact, household.contact_id)
        assert (contact.channel, contact.sender, contact.language) == ("whatsapp", RESIDENT, "hi")
        assert contact.senior and contact.simple_mode and contact.language_chosen
        assert household.senior and household.consent_by == f"officer:{meena_id}" and household.consent_at == NOW
        sub = s.scalar(select(ReminderSubscription).where(ReminderSubscription.contact_id == contact.id))
        assert sub.active and sub.consent_by == f"officer:{meena_id}" and sub.frequency == "weekly"
        actions = set(s.scalars(select(AuditEvent.action)))
        assert {"household_registered", "reminders_consent"} <= actions
        row = s.get(Outbox, household.welcome_outbox_id)
        assert row.use_template and row.template_sid == WELCOME_SID and row.kind == "welcome"
        assert row.choices["template_variables"] == {"1": "Kamala Devi", "2": "SI Meena", "3": "साइबर सहायक"}
        assert "SI Meena" in row.text and row.language == "hi"


def test_the_visit_form_refuses_with_reasons(engine):
    add_officers(engine)
    with engine.Session() as s:
        with pytest.raises(households.VisitError) as refused:
            households.check(s, visit(resident_name="", number="12345", birth_year="", pin="", district="",
                                      family_consent=False, beat_officer="nobody"), engine.config, NOW)
    problems = refused.value.problems
    assert set(problems) >= {"resident_name", "number", "birth_year", "pin", "beat_officer", "family_consent"}
    register(engine)
    with engine.Session() as s, pytest.raises(households.VisitError) as again:
        households.check(s, visit(), engine.config, NOW)
    assert "already registered" in again.value.problems["number"]


def test_a_year_of_birth_decides_senior_and_a_younger_resident_keeps_the_full_menu(engine):
    add_officers(engine)
    register(engine, birth_year="1990", number="98000 00001", family_number="")
    with engine.Session() as s:
        contact = s.scalar(select(Contact).where(Contact.sender == "+919800000001"))
        assert not contact.senior and not contact.simple_mode


def test_the_welcome_reaches_twilio_as_the_template_and_the_reply_is_thanked(make_app, engine, clock, twilio_fake):
    with_welcome_template(engine)
    add_officers(engine)
    app = make_app()
    household_id = register(engine, now=clock.now())
    app.extensions["cyber_sahayak"].drain()
    sent = twilio_fake.created
    assert len(sent) == 1 and sent[0]["ContentSid"] == WELCOME_SID and "Body" not in sent[0]
    assert sent[0]["To"] == f"whatsapp:{RESIDENT}"
    assert json.loads(sent[0]["ContentVariables"]) == {"1": "Kamala Devi", "2": "SI Meena", "3": "साइबर सहायक"}

    resident = WhatsAppResident(app.test_client(), clock, number=RESIDENT, name="Kamala")
    replies = resident.send("1")
    assert "SI Meena" in replies[0] and "धन्यवाद" in replies[0]  # thanked, in Hindi, naming the beat officer
    assert numbered(replies[-1]) == 4  # the simple menu: not "1" read as a money-fraud report
    with engine.Session() as s:
        state = households.status(s, s.get(Household, household_id), engine.config.tz)
        assert state["replied"] and state["replies"][0]["text"] == "1" and state["template"]
        assert s.scalar(select(func.count()).select_from(Case)) == 0
    app.extensions["cyber_sahayak"].drain()
    assert len(twilio_fake.created) == 1  # the template said it all: no held text follows the reply


def test_a_telegram_household_gets_the_welcome_as_text(make_app, engine, clock, telegram_fake):
    add_officers(engine)
    app = make_app()
    register(engine, now=clock.now(), channel="telegram", number="987654321", language="en", family_number="")
    app.extensions["cyber_sahayak"].drain()
    texts = telegram_fake.sent_texts()
    assert len(texts) == 1 and "SI Meena" in texts[0] and "reply with any digit" in texts[0]


# -- paper visits ----------------------------------------------------------------------------------
CSV_HEADER = ("resident_name,channel,number,language,birth_year,senior,address,pin,district,station,beat_officer,"
              "family_name,family_relation,family_number,family_consent,reminders_consent,consent_taken_by,visited_on")


def csv_file(tmp_path, *rows: str):
    path = tmp_path / "visits.csv"
    path.write_text("\n".join([CSV_HEADER, *rows]) + "\n", encoding="utf-8")
    return path


GOOD = [
    "Kamala Devi,whatsapp,9812345678,hi,1946,,12 Gali 3,110055,,Paharganj,meena,Ravi,son,9811111111,yes,yes,ravi,2026-11-20",
    "Suresh Pal,whatsapp,+91 98000 00002,en,,yes,4 Main Road,,Central,Paharganj,meena,,,,no,no,,2026-11-21",
    "Amina Bi,telegram,55501234,hi,1950,,7 Lane,110001,,Kamla Market,ravi,,,,,yes,,2026-11-22",
]


def run_import(db_url, path, *extra):
    from bot.__main__ import main
    return main(["households", "import", str(path), "--db", db_url, *extra])


def test_import_dry_run_lists_refused_rows_with_reasons_and_writes_nothing(engine, db_url, tmp_path, capsys):
    add_officers(engine)
    path = csv_file(tmp_path, *GOOD, "No Number,whatsapp,,hi,1940,,x,110001,,P,meena,,,,,yes,,2026-11-20",
                    "Wrong Date,whatsapp,9800000009,hi,1940,,x,110001,,P,meena,,,,,maybe,,20/11/2026",
                    "Same Again,whatsapp,98123 45678,hi,1940,,x,110001,,P,meena,,,,,yes,,2026-11-20")
    assert run_import(db_url, path) == 1
    out = capsys.readouterr().out
    assert "6 row(s): 3 new, 0 already registered, 3 refused" in out
    assert "row 5: number: the number is needed" in out and "row 6: 'maybe' is not yes or no" in out
    assert "row 7: the same number as row 2" in out
    assert run_import(db_url, path, "--apply") == 1 and "Nothing imported" in capsys.readouterr().out
    with engine.Session() as s:
        assert s.scalar(select(func.count()).select_from(Household)) == 0


def test_import_applies_all_paces_the_welcomes_and_is_idempotent(engine, db_url, tmp_path, capsys):
    add_officers(engine)
    path = csv_file(tmp_path, *GOOD)
    assert run_import(db_url, path) == 0 and "Dry run" in capsys.readouterr().out
    assert run_import(db_url, path, "--apply") == 0 and "Imported 3" in capsys.readouterr().out
    with engine.Session() as s:
        rows = s.scalars(select(Household).order_by(Household.id)).all()
        assert [h.resident_name for h in rows] == ["Kamala Devi", "Suresh Pal", "Amina Bi"]
        assert [h.source for h in rows] == ["import"] * 3 and rows[0].consent_by.startswith("officer:")
        assert rows[0].consent_at.astimezone(engine.config.tz).date().isoformat() == "2026-11-20"
        assert [h.senior for h in rows] == [True, True, True]
        subs = s.scalar(select(func.count()).select_from(ReminderSubscription))
        assert subs == 2  # Suresh said no
        welcomes = s.scalars(select(Outbox).where(Outbox.kind == "welcome").order_by(Outbox.id)).all()
        whatsapp = [w.next_attempt_at for w in welcomes if w.channel == "whatsapp"]
        assert len(welcomes) == 3 and whatsapp[1] - whatsapp[0] >= timedelta(seconds=1)
    assert run_import(db_url, path, "--apply") == 0
    assert "0 new, 3 already registered, 0 refused" in capsys.readouterr().out
    with engine.Session() as s:
        assert s.scalar(select(func.count()).select_from(Household)) == 3


# -- the beat officer first ----------------------------------------------------------------------
@pytest.fixture
def app(engine):
    app = Flask(__name__)
    app.secret_key = "test-secret-key-" + "x" * 16
    console.init_app(app, engine, clock=lambda: NOW.astimezone(timezone.utc))  # the tests' clock, not the wall's
    return app


def login(client, username):
    client.post("/console/login", data={"username": username, "password": PASSWORD,
                                        "csrf_token": token(client, "/console/login")})


def senior_asks_for_a_person(engine, start=NOW):
    resident = Resident(engine, sender=RESIDENT, start=start)
    return resident, resident.send("0")


def test_a_seniors_request_is_high_and_offered_to_the_beat_officer_first(engine, app):
    meena_id, ravi_id = add_officers(engine)
    register(engine)
    _resident, out = senior_asks_for_a_person(engine)
    case_id = out.case["id"]
    assert out.case["priority"] == "high"
    with engine.Session() as s:
        offer = s.scalar(select(CaseOffer).where(CaseOffer.case_id == case_id))
        assert offer.officer_id == meena_id and offer.exclusive
        assert offer.expires_at == NOW + timedelta(minutes=0.5 + engine.config.elderly.beat_officer_minutes)

    ravi, meena = app.test_client(), app.test_client()
    login(ravi, "ravi")
    login(meena, "meena")
    row = ravi.get("/console/queue.json").get_json()["cases"][0]
    assert row["beat_officer"]["officer"] == "SI Meena" and row["beat_officer"]["reserved"]
    refused = ravi.post(f"/console/cases/{case_id}/claim", data={"csrf_token": token(ravi, f"/console/cases/{case_id}")},
                        follow_redirects=True)
    assert "beat officer, SI Meena, first" in refused.get_data(as_text=True)
    assert meena.post(f"/console/cases/{case_id}/claim",
                      data={"csrf_token": token(meena, f"/console/cases/{case_id}")}).status_code == 302
    with engine.Session() as s:
        assert s.get(Case, case_id).claimed_by == f"officer:{meena_id}"


def test_when_the_beat_officer_does_not_claim_the_queue_takes_over(engine, app):
    add_officers(engine)
    register(engine)
    _resident, out = senior_asks_for_a_person(engine)
    case_id = out.case["id"]
    later = NOW + timedelta(minutes=engine.config.elderly.beat_officer_minutes + 1)
    with engine.Session.begin() as s:
        assert households.lapse_offers(s, engine.config, later) == [case_id]
    with engine.Session() as s:
        assert s.scalar(select(AuditEvent).where(AuditEvent.action == "beat_officer_offer_lapsed",
                                                 AuditEvent.case_id == case_id))
        assert households.reserved_for(s, case_id, 999, later) is None
    ravi = app.test_client()
    login(ravi, "ravi")
    assert ravi.post(f"/console/cases/{case_id}/claim",
                     data={"csrf_token": token(ravi, f"/console/cases/{case_id}")}).status_code == 302
    with engine.Session() as s:
        assert s.get(Case, case_id).status == "claimed"


def test_a_seniors_golden_hour_loss_stays_urgent_and_open_to_every_officer(engine):
    add_officers(engine)
    register(engine)
    resident = Resident(engine, sender=RESIDENT)
    first = resident.send("mere account se abhi 15000 kat gaye")
    assert "1930" in first.texts[0]
    for answer in ("sbi", "skip", "skip", "skip", "skip", "skip"):
        out = resident.send(answer)
        if out.case:
            break
    assert out.case["priority"] == "urgent"
    with engine.Session() as s:
        offer = s.scalar(select(CaseOffer).where(CaseOffer.case_id == out.case["id"]))
        assert offer is not None and not offer.exclusive
        assert households.reserved_for(s, out.case["id"], 999, resident.clock) is None


# -- a relative reports -------------------------------------------------------------------------------
def test_a_registered_relative_reports_for_the_senior_and_it_is_recorded(engine):
    meena_id, _ = add_officers(engine)
    register(engine)
    son = Resident(engine, sender=SON, phone=SON)
    out = son.send("someone called pretending to be from the bank and asked for the kyc")
    question = out.texts[-1]
    assert "1. For Kamala Devi" in question and "2. For myself" in question
    out = son.send("1")
    assert any("SI Meena" in t for t in out.texts)
    for answer in ("2", "yesterday", "2", "skip", "done", "110055", "same"):  # not on a call, ..., callback
        out = son.send(answer)
    assert out.case is not None
    with engine.Session() as s:
        incident = s.scalar(select(Incident))
        assert incident.fields["reported_for"] == "Kamala Devi" and incident.fields["reported_by"] == "Ravi Kumar (son)"
        assert incident.fields["for_household"] == 1
        assert incident.contact_id != s.get(Household, 1).contact_id  # filed from the son's chat
        assert incident.priority == "high"
        case = s.get(Case, out.case["id"])
        assert case.priority == "high" and case.contact_id == incident.contact_id
        offer = s.scalar(select(CaseOffer).where(CaseOffer.case_id == case.id))
        assert offer.officer_id == meena_id and offer.household_id == 1


def test_anyone_may_say_it_is_for_a_parent_and_urgent_reports_are_not_delayed(engine):
    add_officers(engine)
    register(engine)
    son = Resident(engine, sender=SON, phone=SON)
    out = son.send("mere papa ke account se abhi 20000 kat gaye")
    assert "1930" in out.texts[0] and not any("For Kamala Devi" in t for t in out.texts)
    assert out.incident["reported_for"] == "the reporter's father"
    stranger = Resident(engine, sender="+919877777777", phone="+919877777777")
    out = stranger.send("my mother got a fake electricity bill sms and paid 2000 yesterday")
    assert out.incident["reported_for"] == "the reporter's mother"


# -- voice notes -------------------------------------------------------------------------------------
def test_a_voice_note_is_kept_answered_kindly_with_the_menu_and_a_senior_gets_an_officer(engine, app):
    add_officers(engine)
    stranger = Resident(engine, sender="+919877777777", phone="+919877777777")
    stranger.send("hello")
    stranger.send("1")  # English
    out = stranger.send("", media=(Media("audio/ogg", data=OGG),))
    assert "voice message" in out.texts[0] and numbered(out.texts[1]) == 6 and out.case is None

    register(engine)
    senior = Resident(engine, sender=RESIDENT)
    out = senior.send("", media=(Media("audio/ogg; codecs=opus", data=OGG + b"1"),))
    assert "वॉइस संदेश" in out.texts[0] and numbered(out.texts[1]) == 4
    assert out.case["priority"] == "high"
    with engine.Session() as s:
        assert s.scalar(select(func.count()).select_from(Evidence).where(Evidence.content_type.like("audio/%"))) == 2
    client = app.test_client()
    login(client, "meena")
    page = client.get(f"/console/cases/{out.case['id']}").get_data(as_text=True)
    assert "<audio controls" in page


def test_a_voice_note_in_the_middle_of_a_report_asks_the_question_again(engine):
    resident = Resident(engine, sender="+919877777777", phone="+919877777777")
    resident.send("someone hacked my whatsapp")
    out = resident.send("", media=(Media("audio/ogg", data=OGG),))
    assert "voice message" in out.texts[0] and len(out.texts) == 2


# -- campaigns --------------------------------------------------------------------------------------
def test_a_campaign_goes_only_to_the_opted_in_paced_and_counts_deliveries(engine, clock, make_app, twilio_fake):
    add_officers(engine)
    register(engine)  # senior, opted in, Paharganj 110055 (no district)
    register(engine, number="98000 00002", reminders_consent=False, family_number="")  # not opted in
    register(engine, number="98000 00003", district="Central", pin="", birth_year="1980", family_number="")
    configure(engine, reminders=engine.config.reminders.model_copy(update={"per_minute": {"whatsapp": 2,
                                                                                            "telegram": 30}}))
    with engine.Session.begin() as s:
        with pytest.raises(campaigns.CampaignError, match="allowed_link_hosts"):
            campaigns.create(s, "x", "all", None, {"en": "see https://evil.example/x", "hi": "देखें"}, "officer:3",
                             NOW, engine.config)
        everyone = campaigns.create(s, "Pension calls", "all", None,
                                    {"en": "Nobody from the pension office asks for OTP.",
                                     "hi": "पेंशन दफ़्तर से कोई OTP नहीं माँगता।"}, "officer:3", NOW, engine.config)
        preview = campaigns.preview(s, everyone, engine.res.texts, engine.config)
        assert preview["total"] == 2 and preview["by_language"] == {"hi": 2}
        assert "STOP" in preview["texts"]["en"] and "बंद करें" in preview["texts"]["hi"]
        seniors = campaigns.create(s, "x", "seniors", None, {"en": "a", "hi": "b"}, "officer:3", NOW, engine.config)
        central = campaigns.create(s, "x", "district", "Central", {"en": "a", "hi": "b"}, "officer:3", NOW,
                                   engine.config)
        assert campaigns.preview(s, seniors, engine.res.texts, engine.config)["total"] == 1
        assert campaigns.preview(s, central, engine.res.texts, engine.config)["total"] == 1
        assert campaigns.start(s, everyone, "officer:3", clock.now()) == 2
        campaign_id = everyone.id

    app = make_app()
    runtime = app.extensions["cyber_sahayak"]
    runtime.drain()  # the three welcomes
    clock.advance(60)
    report = proactive.tick(engine.Session, engine.config, engine.res.texts, engine.res.knowledge, clock.now())
    assert report.campaign_rows == 2
    with engine.Session() as s:
        due = sorted(r.next_attempt_at for r in s.scalars(select(Outbox).where(Outbox.kind == "campaign")))
        assert due[1] - due[0] >= timedelta(seconds=30)  # 2 a minute
    runtime.drain()
    def campaign_sent():
        return [m for m in twilio_fake.created if "OTP" in m.get("Body", "")]

    assert len(campaign_sent()) == 1  # the second waits for its slot
    clock.advance(30)
    runtime.drain()
    assert len(campaign_sent()) == 2
    with engine.Session.begin() as s:
        first = s.scalar(select(Outbox).where(Outbox.kind == "campaign").order_by(Outbox.id))
        first.status = "delivered"
        progress = campaigns.progress(s, s.get(Campaign, campaign_id))
    assert progress["status"] == "done" and progress["delivered"] == 1 and progress["sent"] == 1


def test_the_campaign_pages_preview_then_send(engine, app):
    add_officers(engine)
    register(engine)
    supervisor, officer = app.test_client(), app.test_client()
    login(supervisor, "sup")
    login(officer, "ravi")
    assert officer.get("/console/campaigns/new").status_code == 403
    form = {"csrf_token": token(supervisor, "/console/campaigns/new"), "title": "Pension", "audience": "seniors",
            "text_en": "Nobody from the pension office asks for OTP.", "text_hi": "पेंशन दफ़्तर से कोई OTP नहीं माँगता।"}
    response = supervisor.post("/console/campaigns/new", data=form)
    assert response.status_code == 302
    page = supervisor.get(response.headers["Location"]).get_data(as_text=True)
    assert 'id="recipient-count">1<' in page and "पेंशन दफ़्तर" in page and "Approve and send to 1" in page
    url = response.headers["Location"] + "/send"
    supervisor.post(url, data={"csrf_token": token(supervisor, response.headers["Location"])})
    progress = supervisor.get(response.headers["Location"] + "/progress.json").get_json()
    assert progress["status"] == "sending" and progress["total"] == 1 and progress["not_queued"] == 1


# -- the console pages ---------------------------------------------------------------------------------
def test_the_visit_form_over_http_and_the_figures(engine, app):
    add_officers(engine)
    client = app.test_client()
    login(client, "meena")
    form = {k: v for k, v in vars(visit()).items() if not isinstance(v, bool)}
    form.update({"senior": "", "family_consent": "1", "reminders_consent": "1",
                 "csrf_token": token(client, "/console/households/new")})
    bad = client.post("/console/households/new", data={**form, "number": "123"})
    assert bad.status_code == 400 and 'href="#number"' in bad.get_data(as_text=True)
    shown = bad.get_data(as_text=True)  # the channels a visit may name: the registered ones that write first
    assert 'value="whatsapp" checked' in shown and 'value="telegram" ' in shown and 'value="web"' not in shown
    assert "WhatsApp number, or Telegram chat id" in shown
    response = client.post("/console/households/new", data=form)
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Kamala Devi" in page and "Waiting for the resident" in page and "SI Meena (meena)" in page
    assert client.get("/console/households").get_data(as_text=True).count("Kamala Devi") == 1
    Resident(engine, sender=RESIDENT, start=NOW).send("1")
    status = client.get(response.headers["Location"] + "/status.json").get_json()
    assert status["replied"] and status["welcome"] == "pending"
    figures = client.get("/console/figures/elderly").get_data(as_text=True)
    assert "<svg" in figures and "Paharganj" in figures and "SI Meena" in figures
    assert 'data-series="households" data-value="1"' in figures


def test_a_unit_without_hindi_registers_a_visit_in_its_own_default_language(engine, app):
    configure(engine, languages=["en", "bn"])
    add_officers(engine)
    client = app.test_client()
    login(client, "meena")
    blank = client.get("/console/households/new").get_data(as_text=True)
    assert 'value="en" checked' in blank and 'value="hi"' not in blank  # the unit's default is picked
    form = {k: v for k, v in vars(visit()).items() if not isinstance(v, bool) and k != "language"}
    form.update({"senior": "", "family_consent": "1", "reminders_consent": "1",
                 "csrf_token": token(client, "/console/households/new")})
    response = client.post("/console/households/new", data=form)  # no language chosen on the form
    assert response.status_code == 302
    with engine.Session() as s:
        household = s.scalars(select(Household)).one()
        assert household.language == "en" and s.get(Contact, household.contact_id).language == "en"


def test_the_weekly_figures_count_households_seniors_reached_tips_and_reports(engine):
    from bot.outreach import figures

    add_officers(engine)
    household_id = register(engine)
    register(engine, number="98000 00002", birth_year="1990", family_number="", station="Kamla Market")
    resident = Resident(engine, sender=RESIDENT)
    resident.send("1")  # the welcome reply: this senior is reached this week
    for answer in ("1", "yesterday 3 pm", "1", "5000", "sbi", "skip", "skip", "skip", "Kamala Devi", "110055", "same",
                   "2", "skip", "skip", "done"):  # issue 10: 1930 and portal numbers, optional
        out = resident.send(answer)
    assert out.incident["reference"]
    next_week = NOW + timedelta(days=7, hours=1)
    proactive.tick(engine.Session, engine.config, engine.res.texts, engine.res.knowledge, next_week)
    with engine.Session.begin() as s:
        tip = s.scalar(select(Outbox).where(Outbox.kind == "reminder"))
        tip.status, tip.sent_at = "delivered", next_week
    with engine.Session() as s:
        data = figures.weekly(s, engine.config.tz, next_week)
        assert data["series"]["households"][-2:] == [2, 0]
        assert data["series"]["reached"][-2:] == [1, 1]  # wrote to us; then a tip delivered
        assert data["series"]["tips"][-2:] == [0, 1]
        assert data["series"]["reports"][-2:] == [1, 0]
        assert {(r["station"], r["households"]) for r in figures.per_officer(s)} == {("Paharganj", 1),
                                                                                     ("Kamla Market", 1)}
        assert figures.totals(s)["seniors"] == 1 and s.get(Household, household_id).senior


# -- a campaign in every language its recipients read (session 14) ------------------------------------------
def register_readers(engine, *languages, first=11):
    for n, language in enumerate(languages, start=first):
        register(engine, number=f"98000 000{n}", language=language, family_number="")


def test_a_campaign_without_a_recipients_language_is_refused_naming_it(engine, app, db_url, capsys):
    from bot.__main__ import main
    add_officers(engine)
    register_readers(engine, "hi", "bn")
    with engine.Session.begin() as s, pytest.raises(campaigns.CampaignError, match=r"1 recipient\(s\) read Bangla \(bn\)"):
        campaigns.create(s, "Bank calls", "all", None, {"en": "Banks never ask for OTP.", "hi": "बैंक OTP नहीं माँगता।"},
                         "officer:3", NOW, engine.config)
    supervisor = app.test_client()
    login(supervisor, "sup")
    form = {"csrf_token": token(supervisor, "/console/campaigns/new"), "title": "KYC", "audience": "all",
            "text_en": "No bank closes your account over KYC on a call.", "text_hi": "कोई बैंक फ़ोन पर KYC नहीं करता।"}
    refused = supervisor.post("/console/campaigns/new", data=form)
    assert refused.status_code == 400 and "Bangla (bn)" in refused.get_data(as_text=True)
    assert main(["households", "campaign", "--db", db_url, "--title", "KYC", "--audience", "all",
                 "--text", "en=No bank asks KYC on a call.", "--text", "ur=کوئی بینک فون پر KYC نہیں کرتا۔"]) == 1
    err = capsys.readouterr().err
    assert "Hindi (hi)" in err and "Bangla (bn)" in err and "Urdu" not in err  # nobody here reads Urdu: not needed
    with engine.Session() as s:
        assert s.scalar(select(func.count()).select_from(Campaign)) == 0


def test_a_reader_registered_after_the_draft_stops_the_send_until_their_language_is_written(engine, clock):
    add_officers(engine)
    register_readers(engine, "hi")
    with engine.Session.begin() as s:
        draft = campaigns.create(s, "Loan apps", "all", None, {"hi": "लोन ऐप से सावधान रहें।"}, "officer:3", NOW,
                                 engine.config)
        campaign_id = draft.id
    register_readers(engine, "ur", first=12)  # an Urdu reader registered after the draft
    with engine.Session.begin() as s:
        campaign = s.get(Campaign, campaign_id)
        assert campaigns.preview(s, campaign, engine.res.texts, engine.config)["missing"] == {"Urdu (ur)": 1}
        with pytest.raises(campaigns.CampaignError, match=r"Urdu \(ur\)"):
            campaigns.start(s, campaign, "officer:3", clock.now())
        assert campaign.status == "draft"


def test_the_four_language_campaign_reaches_each_resident_in_their_own(engine, clock):
    add_officers(engine)
    register_readers(engine, "en", "hi", "bn", "ur")
    bodies = {"en": "Police never arrest anyone on a video call.", "hi": "पुलिस वीडियो कॉल पर गिरफ़्तारी नहीं करती।",
              "bn": "পুলিশ কখনও ভিডিও কলে গ্রেপ্তার করে না।", "ur": "پولیس ویڈیو کال پر گرفتاری نہیں کرتی۔"}
    with engine.Session.begin() as s:
        campaign = campaigns.create(s, "Digital arrest", "all", None, bodies, "officer:3", NOW, engine.config)
        assert campaigns.start(s, campaign, "officer:3", clock.now()) == 4
    clock.advance(60)
    proactive.tick(engine.Session, engine.config, engine.res.texts, engine.res.knowledge, clock.now())
    with engine.Session() as s:
        sent = {row.language: row.text for row in s.scalars(select(Outbox).where(Outbox.kind == "campaign"))}
    assert set(sent) == {"en", "hi", "bn", "ur"}
    for language, body in bodies.items():
        assert sent[language].startswith(body) and sent[language].endswith(engine.res.texts.get("campaign_footer", language))
