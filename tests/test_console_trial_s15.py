"""Session 15, an officer's trial of the console (one who had not written it): a campaign approved in quiet hours
says when it goes; an unsendable draft cannot be approved (button and server); the STOP footers name words that
work; human labels and language names; one clear message when a case is handed back to the bot; each debit of a
freeze request with its own time (over Flask's test client; residents through the real engine)."""
from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from flask import Flask
from sqlalchemy import select

from bot import console
from bot.config import QuietHours
from bot.outreach import campaigns
from bot.store.models.cases import AuditEvent
from bot.store.models.outreach import Campaign
from conftest import NOW, IST
from test_console import token
from test_console_trial3 import Clock  # the console's clock that a test moves
from test_households import add_officers, configure, login, register, register_readers


@pytest.fixture
def desk(engine):
    """The console on a clock the test moves, and the elderly pages' officers (sup is the supervisor)."""
    app = Flask(__name__)
    app.secret_key = "test-secret-key-" + "x" * 16
    clock = Clock(NOW)
    console.init_app(app, engine, clock=clock)
    add_officers(engine)
    return app, clock


def draft(engine, audience="seniors", district=None, **text) -> int:
    bodies = text or {"en": "Nobody from the pension office asks for OTP.", "hi": "पेंशन दफ़्तर से कोई OTP नहीं माँगता।"}
    with engine.Session.begin() as s:
        return campaigns.create(s, "Pension calls", audience, district, bodies, "officer:3", NOW, engine.config).id


def supervisor(app):
    client = app.test_client()
    login(client, "sup")
    return client


def approve(client, campaign_id):
    page = f"/console/campaigns/{campaign_id}"
    return client.post(page + "/send", data={"csrf_token": token(client, page)})


def flashed(response) -> str:
    return " ".join(re.findall(r'<div class="flash" role="status">(.*?)</div>', response.get_data(as_text=True), re.S))


# -- 1. a campaign approved in quiet hours says when it goes ------------------------------------------------------
@pytest.mark.parametrize("approved_at, goes", [
    (datetime(2026, 11, 27, 23, 10, tzinfo=IST), "08:00 IST on 28-11-2026"),   # late evening: tomorrow morning
    (datetime(2026, 11, 28, 2, 45, tzinfo=IST), "08:00 IST on 28-11-2026"),    # after midnight: this morning
])
def test_a_campaign_approved_in_quiet_hours_says_when_it_goes(engine, desk, approved_at, goes):
    app, clock = desk
    register(engine)
    campaign_id = draft(engine)
    clock.at = approved_at
    client = supervisor(app)
    page = client.get(f"/console/campaigns/{campaign_id}").get_data(as_text=True)
    assert f"If approved now: Held for quiet hours: goes at {goes}." in page
    response = approve(client, campaign_id)
    assert response.status_code == 302
    after = client.get(response.headers["Location"])
    assert "Approved for 1 resident(s): held for quiet hours" in flashed(after)  # once, and not "sending"
    shown = after.get_data(as_text=True)  # (session 16: the held line twice and the status "sending" while held)
    assert shown.count(f"Held for quiet hours: goes at {goes}") == 1 and "sending" not in flashed(after)
    assert 'id="campaign-status">held for quiet hours<' in shown
    assert f'id="quiet-hold" role="status">Held for quiet hours: goes at {goes}.' in \
        client.get(f"/console/campaigns/{campaign_id}").get_data(as_text=True)  # the page still says so, reloaded


def test_the_quiet_hours_note_is_in_the_units_own_zone_and_hours_and_absent_by_day(engine, desk):
    app, clock = desk
    configure(engine, timezone="Asia/Dhaka",
              reminders=engine.config.reminders.model_copy(update={"quiet_hours": QuietHours(start="22:00",
                                                                                           end="06:30")}))
    register(engine)
    campaign_id = draft(engine)
    client = supervisor(app)
    clock.at = datetime(2026, 11, 28, 5, 0, tzinfo=IST)  # 05:30 in Dhaka: an hour before its quiet hours end
    assert "goes at 06:30 +06 on 28-11-2026" in client.get(f"/console/campaigns/{campaign_id}").get_data(as_text=True)
    clock.at = datetime(2026, 11, 28, 11, 0, tzinfo=IST)  # the day
    assert "quiet-hold" not in client.get(f"/console/campaigns/{campaign_id}").get_data(as_text=True)
    response = approve(client, campaign_id)
    assert "Held" not in flashed(client.get(response.headers["Location"]))


# -- 3. an unsendable draft: the button disabled with the reason, the server refusing too -------------------------
def test_a_draft_with_nobody_to_send_to_cannot_be_approved_on_the_page_or_by_a_forged_post(engine, desk):
    app, _ = desk
    register(engine)  # Paharganj, no district: nobody in "Central"
    campaign_id = draft(engine, audience="district", district="Central")
    client = supervisor(app)
    page = client.get(f"/console/campaigns/{campaign_id}").get_data(as_text=True)
    assert re.search(r'<button type="submit" id="send" class="primary big" disabled', page)
    assert "Cannot be approved: nobody in this group has opted in" in page
    refused = approve(client, campaign_id)  # what a stale tab or a hand-made request would send
    assert refused.status_code == 409 and "Not sent: nobody in this group has opted in" in refused.get_data(as_text=True)
    with engine.Session() as s:
        assert s.get(Campaign, campaign_id).status == "draft"
        event = s.scalars(select(AuditEvent).where(AuditEvent.action == "campaign_send_refused")).one()
        assert event.actor.startswith("officer:") and "nobody" in str(event.detail)


def test_a_draft_missing_a_readers_language_is_disabled_and_refused_and_enabled_once_written(engine, desk):
    app, _ = desk
    register_readers(engine, "hi")
    campaign_id = draft(engine, audience="all", hi="लोन ऐप से सावधान रहें।")
    register_readers(engine, "bn", first=12)  # a Bangla reader registered after the draft
    client = supervisor(app)
    page = client.get(f"/console/campaigns/{campaign_id}").get_data(as_text=True)
    assert " disabled " in page and "Cannot be approved: 1 recipient(s) read Bangla (bn)" in page
    assert approve(client, campaign_id).status_code == 409
    sendable = draft(engine, audience="all", hi="लोन ऐप से सावधान रहें।", bn="লোন অ্যাপ থেকে সাবধান থাকুন।")
    page = client.get(f"/console/campaigns/{sendable}").get_data(as_text=True)
    assert "Cannot be approved" not in page and re.search(r'id="send" class="primary big">Approve and send to 2', page)
    assert approve(client, sendable).status_code == 302
    with engine.Session() as s:
        assert s.get(Campaign, sendable).status == "sending" and s.get(Campaign, campaign_id).status == "draft"


# -- 4. every STOP footer names the words that really stop the messages ----------------------------------------
WITH_STOP = ("campaign_footer", "reminder_tip", "reminders_started")


@pytest.mark.parametrize("language", ["en", "hi", "bn", "ur"])
def test_every_footer_names_stop_and_its_own_languages_word_and_both_work(engine, language):
    from bot.nlu import words
    from bot.outreach import reminders

    own = words.by_language("commands")[language]
    for name, command, latin in [(key, "stop", "STOP") for key in WITH_STOP] + [("reminders_stopped", "start", "START")]:
        text = engine.res.texts.get(name, language)
        assert latin in text and reminders.keyword(latin) == command, (language, name)  # the word a resident sees
        named = [word for word in own[command] if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text, re.I)]
        assert named, f"{language} {name} names none of its own {command} words: {text}"
        assert all(reminders.keyword(word) == command for word in named)  # each one named works, typed alone


# -- 6. a resident's language by its name, not its code --------------------------------------------------------
@pytest.mark.parametrize("language, shown", [("hi", "Hindi (हिंदी)"), ("bn", "Bangla (বাংলা)"), ("ur", "Urdu (اردو)"),
                                             ("en", "English")])
def test_the_household_page_names_the_residents_language(engine, desk, language, shown):
    app, _ = desk
    household_id = register(engine, language=language, family_number="")
    client = supervisor(app)
    page = client.get(f"/console/households/{household_id}").get_data(as_text=True)
    assert f'<dd id="household-language">{shown}</dd>' in page


# -- 5. the report's fields by human labels on the case page, never the stored keys -----------------------------
def test_the_case_page_labels_every_field_in_words(engine, desk):
    from conftest import Resident

    app, _ = desk
    resident = Resident(engine, sender="+919811000515", phone="+919811000515")
    resident.send("Rs 15000 was debited from my SBI account at 10 am through a fake KYC link")
    resident.send("1")
    out = resident.send("they took another 4000 just now")
    client = app.test_client()
    login(client, "meena")
    page = client.get(f"/console/cases/{out.case['id']}").get_data(as_text=True)
    labels = re.findall(r"<dt>(.*?)</dt>", re.search(r'<dl class="fields">(.*?)</dl>', page, re.S).group(1))
    assert labels and not [label for label in labels if "_" in label or label == label.lower()], labels
    assert {"Time the money left (first debit)", "Debit 1", "Debit 2", "Total lost"} <= set(labels)  # each debit
    assert "Later debits (amount, time)" not in labels  # on its own line since session 17, not a list row too


def test_every_field_a_report_saves_has_a_label(engine):
    from bot.cases.field_labels import LABELS

    saved = {node.save for flow in engine.res.flows.values() for node in flow.nodes.values() if node.save}
    assert saved and not saved - set(LABELS), sorted(saved - set(LABELS))


def test_the_audit_log_names_a_field_key_by_its_label_and_keeps_other_words():
    from bot.cases.audit_text import readable

    shown = readable({"money_left_at": "2026-11-27T03:30:00+00:00", "beat_officer": "meena", "name": "x"}, IST)
    assert shown == "Time the money left (first debit): 27-11-2026 09:00:00 IST · beat officer: meena · name: x"


# -- 7. a case handed back: one clear message, in the resident's language -------------------------------------------
def _to_resident(engine, sender) -> list[str]:
    from bot.store.models.operations import Outbox

    with engine.Session() as s:
        return [row.text for row in s.scalars(select(Outbox).where(Outbox.recipient == sender).order_by(Outbox.id))]


def claim_and_hand_back(app, case_id: int):
    """An officer (meena) claims the case and hands it back to the bot: her client and the hand-back's redirect."""
    client = app.test_client()
    login(client, "meena")
    page = f"/console/cases/{case_id}"
    client.post(page + "/claim", data={"csrf_token": token(client, page)})
    return client, client.post(page + "/handback", data={"csrf_token": token(client, page)})


def normal_case(engine, sender: str) -> int:
    """A normal case (an officer asked for) for a resident who said hello, as the bot makes it: its id."""
    from bot.cases import cases
    from bot.store.models.residents import Contact
    from conftest import Resident

    Resident(engine, sender=sender, phone=sender).send("hello")
    with engine.Session.begin() as s:
        case, _ = cases.escalate(s, s.scalar(select(Contact)), None, "normal", "officer_request", NOW,
                                 engine.config.sla_minutes.model_dump())
        s.flush()
        return case.id


def _hand_back_urgent(app, clock, resident, first: str) -> str:
    """The resident's urgent first message, its case claimed and handed back by an officer: the page shown after."""
    out = resident.send(first)
    assert out.case["priority"] == "urgent"
    clock.at = resident.clock + timedelta(minutes=1)
    client, response = claim_and_hand_back(app, out.case["id"])
    return client.get(response.headers["Location"]).get_data(as_text=True)


@pytest.mark.parametrize("language, choose", [("hi", "hindi"), ("bn", "bangla"), ("ur", "urdu"), ("en", "english")])
def test_an_urgent_case_handed_back_tells_the_resident_one_state_in_their_language(engine, desk, language, choose):
    from bot.cases import sla
    from bot.content.packs import script_of
    from conftest import Resident

    app, clock = desk
    sender = f"55500{len(choose)}77"
    resident = Resident(engine, sender=sender, channel="telegram", phone=None)
    resident.send(choose)
    _hand_back_urgent(app, clock, resident, "20000 was debited from my account 5 minutes ago")
    before = len(_to_resident(engine, sender))
    for minutes in (3, 30, 90):  # past the SLA: officers are alerted again, the resident is not told a second state
        sla.check(engine.Session, engine.config, engine.res.texts, resident.clock + timedelta(minutes=minutes))
    sent = _to_resident(engine, sender)
    told = sent[before - 1]
    assert told == engine.res.texts.get("handed_back_queue", language) and len(sent) == before
    scripts = {s.upper() for s in engine.res.texts.packs.infos[language].scripts}
    assert {script_of(c) for c in told if c.isalpha()} <= scripts, told  # one language, one script
    assert "1930" in told and engine.res.texts.get("handed_back", language) not in sent


def test_a_normal_case_handed_back_is_with_the_assistant(engine, desk):
    app, _ = desk
    claim_and_hand_back(app, normal_case(engine, "+919812345016"))
    assert _to_resident(engine, "+919812345016")[-1] == engine.res.texts.get("handed_back", "en")


# -- 2. each debit of a freeze request with its own time ------------------------------------------------------------
FIRST = "Someone took Rs 12000 from my SBI account at 9 am today"


def _letter(engine, app, *messages) -> str:
    from conftest import Resident

    resident = Resident(engine, sender="+919811000215", phone="+919811000215",
                        start=datetime(2026, 11, 27, 13, 0, tzinfo=IST))
    for text in (FIRST, *messages):
        out = resident.send(text)
    client = app.test_client()
    login(client, "meena")
    return client.get(f"/console/cases/{out.case['id']}/freeze?download=1").get_data(as_text=True)


@pytest.mark.parametrize("later, when", [
    ("another 12000 went at 11 am", "27-11-2026 11:00 IST"),       # the same amount again: a debit of its own
    ("they took another 12000 at 11:45", "27-11-2026 11:45 IST"),
    ("another 5000 was debited at 10 am", "27-11-2026 10:00 IST"),
])
def test_a_later_debit_carries_its_own_time_not_the_first_ones(engine, desk, later, when):
    app, _ = desk
    letter = _letter(engine, app, later)
    debits = dict(re.findall(r"^(Debit \d)\s+: (.*)$", letter, re.M))
    assert debits["Debit 1"].startswith("₹12,000, 27-11-2026 09:00 IST"), letter
    assert when in debits["Debit 2"] and "09:00" not in debits["Debit 2"], letter


@pytest.mark.parametrize("later", ["another 5000 gone", "they took 5000 again"])
def test_a_later_debit_told_without_a_time_says_time_not_known(engine, desk, later):
    app, _ = desk
    letter = _letter(engine, app, later)
    debit = re.search(r"^Debit 2\s+: (.*)$", letter, re.M).group(1)
    assert debit.startswith("₹5,000, time not known (told to us 27-11-2026 13:01 IST)"), letter
    assert "09:00" not in debit


def test_an_urgent_case_handed_back_tells_the_officer_it_stays_in_the_urgent_queue(engine, desk):
    """Session 16, a stranger's trial: the officer's flash after handing back an urgent case said only "back with the
    bot"; it must say the case waits in the urgent queue (a normal one is only back with the bot)."""
    from conftest import Resident

    app, clock = desk
    resident = Resident(engine, sender="+919812345161", phone="+919812345161")
    text = _hand_back_urgent(app, clock, resident, "mere khate se 15000 abhi abhi nikal gaye")
    assert "stays in the urgent queue" in text and "back with the bot" in text
