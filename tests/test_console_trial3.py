"""Session 7, the stranger's officer/supervisor trial: what officers see of a later loss, of facts the resident
tells in chat while an officer holds the case, of a reference read over the phone, of a takeover, of a case
another officer holds, and of the figures page (over Flask's test client; residents through the real engine)."""
from __future__ import annotations

import dataclasses
import re
from datetime import timedelta, timezone

import pytest
from flask import Flask
from sqlalchemy import select

from bot import console
from bot.cases import officers
from bot.conversation.engine import Engine
from bot.store.models.cases import AuditEvent, Case
from bot.store.models.operations import Outbox
from bot.store.models.residents import Incident
from conftest import NOW, Resident
from test_casefile import PASSWORD, logged_in, post

GROUP = "-100777"
EVENING = NOW + timedelta(hours=10, minutes=50)  # 20:50 IST: the morning's loss is 710 minutes old
MORNING_LOSS = ["This morning around 9 someone took Rs 12000 from my HDFC account", "1", "skip", "skip", "skip",
                "Ramesh Kumar", "skip", "skip", "2", "skip", "skip"]


class Clock:
    def __init__(self, at):
        self.at = at

    def __call__(self):
        return self.at.astimezone(timezone.utc)


@pytest.fixture
def desk(engine):
    """The engine with an officers' group, its console on a clock the test moves, and three officers."""
    config = engine.config.model_copy(update={"console": engine.config.console.model_copy(
        update={"officers_chat_id": GROUP})})
    eng = Engine(dataclasses.replace(engine.res, config=config), engine.Session)
    app = Flask(__name__)
    app.secret_key = "test-secret-key-" + "x" * 16
    clock = Clock(EVENING)
    console.init_app(app, eng, clock=clock)
    with eng.Session.begin() as s:
        officers.add(s, "kavita", "Insp Kavita", PASSWORD, "supervisor", NOW)
        officers.add(s, "meena", "SI Meena", PASSWORD, "officer", NOW)
        officers.add(s, "ravi", "HC Ravi", PASSWORD, "officer", NOW)
    return eng, app, clock


def morning_loss(eng, answers=MORNING_LOSS):
    resident = Resident(eng, sender="555000222", channel="telegram", phone=None, start=EVENING - timedelta(minutes=6))
    for text in answers:
        out = resident.send(text)
    return resident, out.case["id"]


def group_alerts(eng) -> list[str]:
    with eng.Session() as s:
        return [row.text for row in s.scalars(select(Outbox).where(Outbox.recipient == GROUP).order_by(Outbox.id))]


# -- 1. a later loss, told after the hand back --------------------------------------------------------------
def test_a_later_loss_reaches_the_alert_the_queue_row_the_freeze_request_and_the_ncrp_summary(desk):
    eng, app, clock = desk
    resident, case_id = morning_loss(eng)
    meena = logged_in(app, "meena")
    assert post(meena, f"/console/cases/{case_id}/claim").status_code in (200, 302)
    post(meena, f"/console/cases/{case_id}/handback")
    clock.at = resident.clock + timedelta(minutes=1)
    out = resident.send("Hello? Is anyone there? They took another 5000 just now", minutes=1)
    assert out.case["priority"] == "urgent" and out.case["status"] == "waiting"
    reopened = group_alerts(eng)[-1]
    assert "latest loss ₹5,000" in reopened and "money left 0 min ago" in reopened
    assert "2 debits, ₹17,000 in all" in reopened and "₹12,000 |" not in reopened
    row = next(c for c in meena.get("/console/queue.json").get_json()["cases"] if c["id"] == case_id)
    # the first debit's time beside it: its golden hour ends first (an officer's trial, session 14)
    assert row["amount_text"] == "₹5,000 latest · ₹17,000 in all · first left about 09:00 IST"
    assert row["money_left_at"] == pytest.approx(resident.clock.timestamp(), abs=1)
    letter = meena.get(f"/console/cases/{case_id}/freeze?download=1").get_data(as_text=True)
    assert re.search(r"Amount debited\s+: ₹17,000 in all, 2 debits", letter)
    # the first debit as the one-debit letter says it: "about", told roughly (session 8: it lost "about")
    assert re.search(r"Debit 1\s+: ₹12,000, about 27-11-2026 09:00 IST \(morning; no exact time told\) "
                     r"\(first reported\)", letter)
    assert "To the Nodal Officer (cyber fraud), HDFC Bank," in letter  # the bank the resident named
    local = resident.clock.astimezone(eng.config.tz).strftime("%d-%m-%Y %H:%M")
    assert re.search(rf"Debit 2\s+: ₹5,000, {local} IST \(told later by the resident\)", letter)
    summary = meena.get(f"/console/cases/{case_id}/ncrp").get_data(as_text=True)
    assert "₹17,000" in summary and f"₹5,000, {local} IST" in summary
    card = meena.get(f"/console/cases/{case_id}").get_data(as_text=True)
    assert re.search(rf"Debit 2</dt>\s*<dd>₹5,000, {local} IST", card), card  # each debit with its time (s17)


# -- 3. a reference read out over the phone -----------------------------------------------------------------
@pytest.mark.parametrize("heard", ["CS 261127 C0S4", "CS261127C0S4", "cs261127c0s4", "CS-261127-COS4",
                                   "cs-261127-c0s4", "CS 26II27 cos4",
                                   "CS 261127 C 0 S 4", "C S 2 6 1 1 2 7 C O S 4", "cs. 261127 - c0 s4"])
def test_a_reference_read_over_the_phone_opens_the_case_in_any_spacing_case_and_with_O_for_zero(desk, heard):
    eng, app, clock = desk
    _, case_id = morning_loss(eng, MORNING_LOSS[:1])
    with eng.Session.begin() as s:  # a reference with a zero in it, as the trial's case 5 had
        s.get(Incident, s.get(Case, case_id).incident_id).reference = "CS-261127-C0S4"
    ravi = logged_in(app, "ravi")
    found = ravi.get("/console/search", query_string={"q": heard})
    assert found.status_code == 302 and found.headers["Location"].endswith(f"/console/cases/{case_id}")


# -- 4, 5. a case another officer holds: who holds it, in the 409 and in a refused reply ----------------------
def test_a_refused_claim_and_a_refused_reply_name_who_holds_the_case(desk):
    eng, app, clock = desk
    _, case_id = morning_loss(eng, MORNING_LOSS[:1])
    meena, ravi, kavita = logged_in(app, "meena"), logged_in(app, "ravi"), logged_in(app, "kavita")
    post(meena, f"/console/cases/{case_id}/claim")
    refused = ravi.post(f"/console/cases/{case_id}/claim", data={"csrf_token": ravi.csrf},
                        headers={"Accept": "application/json"})
    assert refused.status_code == 409 and refused.get_json()["error"] == f"Case #{case_id} is already taken by SI Meena."
    row = next(c for c in ravi.get("/console/queue.json").get_json()["cases"] if c["id"] == case_id)
    assert row["held_by"] == "SI Meena" and not row["mine"]

    post(kavita, f"/console/cases/{case_id}/takeover")
    update = meena.get(f"/console/cases/{case_id}/messages.json?after=0").get_json()
    assert update["mine"] is False
    assert re.fullmatch(r"Insp Kavita \(supervisor\) took over this case at \d\d:\d\d IST\.", update["holder_notice"])
    sent = post(meena, f"/console/cases/{case_id}/reply", text="Please share the UTR")
    page = meena.get(sent.headers["Location"]).get_data(as_text=True)
    assert "Insp Kavita (supervisor) holds this case now: nothing was sent to the resident" in page
    with eng.Session() as s:
        assert not s.scalars(select(AuditEvent).where(AuditEvent.action == "replied")).all()


# -- 2. what the resident tells the officer, and the officer's corrections, reach the freeze request ----------
def test_facts_told_in_chat_on_a_claimed_case_reach_the_report_and_the_officer_corrects_the_rest(desk):
    import io

    from pypdf import PdfReader

    eng, app, clock = desk
    answers = [*MORNING_LOSS[:5], "haan bank ko bata diya", *MORNING_LOSS[6:]]  # the name answered one behind
    resident, case_id = morning_loss(eng, answers)
    meena = logged_in(app, "meena")
    post(meena, f"/console/cases/{case_id}/claim")
    out = resident.send("No app. UTR 334455667788, paise account 50100234567890 IFSC HDFC0001234 me gaye, "
                        "aur UPI id fraudster99@ybl")
    assert out.texts == []  # the bot stays silent while an officer holds the case
    letter = meena.get(f"/console/cases/{case_id}/freeze?download=1").get_data(as_text=True)
    assert re.search(r"Transaction id / UTR\s+: 334455667788", letter)
    assert "Account 50100234567890, IFSC HDFC0001234 (HDFC Bank)" in letter and "UPI id: fraudster99@ybl" in letter
    assert not re.search(r"Victim\s+: haan", letter)  # an answer is read by its kind (session 7): never the name
    page = meena.get(f"/console/cases/{case_id}").get_data(as_text=True)
    assert 'value="334455667788"' in page and "told_in_chat" in page

    changed = post(meena, f"/console/cases/{case_id}/report", **{
        "name": "Sunita Devi", "utr": "334455667788", "amount": "12,000", "bank": "HDFC Bank",
        "target.accounts": "50100234567890", "target.ifsc": "hdfc0001234", "target.upi_ids": "fraudster99@ybl"})
    assert "Report corrected" in meena.get(changed.headers["Location"]).get_data(as_text=True)
    bad = post(meena, f"/console/cases/{case_id}/report", **{"target.ifsc": "HDFC123"})
    assert "IFSC: 11 characters" in meena.get(bad.headers["Location"]).get_data(as_text=True)
    post(meena, f"/console/cases/{case_id}/handback")
    resident.send("thank you")  # the bot's turn again: the correction is not overwritten by the conversation
    pdf = PdfReader(io.BytesIO(meena.get(f"/console/cases/{case_id}/freeze.pdf").data))
    text = "".join(page.extract_text() for page in pdf.pages)
    assert "Sunita Devi" in text and "haan" not in text and "334455667788" in text
    with eng.Session() as s:
        rows = s.scalars(select(AuditEvent).where(AuditEvent.case_id == case_id).order_by(AuditEvent.id)).all()
        told = [r for r in rows if r.action == "told_in_chat"]
        assert told[0].actor == "resident" and told[0].detail["utr"] == ["334455667788"]
        assert told[0].detail["upi_ids"] == ["fraudster99@ybl"]
        corrected = [r.detail for r in rows if r.action == "report_corrected"]
        assert [(c["field"], c["after"]) for c in corrected] == [("Victim's name", "Sunita Devi")]
        assert corrected[0]["before"] != "haan bank ko bata diya"


def test_facts_told_on_a_case_claimed_before_the_bot_asked_them_reach_the_report_silently(desk):
    """Session 9's officer trial: an urgent case claimed right after the first message has no UTR field yet; the
    resident's "UTR ..., account ... IFSC ..." answered "sorry, something went wrong" with the menu (a KeyError) and
    was lost. And a 12-digit account next to an IFSC went to the bank as a second UTR."""
    eng, app, clock = desk
    resident = Resident(eng, sender="555000333", channel="telegram", phone=None, start=EVENING - timedelta(minutes=2))
    first = resident.send("mere account se abhi 25000 kat gaye, kisi ne OTP maanga tha")
    assert first.case["priority"] == "urgent"
    case_id = first.case["id"]
    meena = logged_in(app, "meena")
    post(meena, f"/console/cases/{case_id}/claim")
    out = resident.send("UTR 412345678901, paisa account 123456789012 IFSC HDFC0001234 mein gaya. Mera bank SBI hai")
    assert out.texts == []  # silent while an officer holds the case: no "something went wrong", no menu
    out = resident.send("ek aur account mein bhi gaya: 223456789012 IFSC SBIN0001234, UPI fraudster@ybl")
    assert out.texts == []
    letter = meena.get(f"/console/cases/{case_id}/freeze?download=1").get_data(as_text=True)
    assert re.search(r"Transaction id / UTR\s+: 412345678901\n", letter)  # the second account is no UTR
    assert "Account 123456789012, IFSC HDFC0001234" in letter and "223456789012" in letter
    assert "UPI id: fraudster@ybl" in letter
    with eng.Session() as s:
        told = [r.detail for r in s.scalars(select(AuditEvent).where(
            AuditEvent.case_id == case_id, AuditEvent.action == "told_in_chat").order_by(AuditEvent.id))]
    assert told[0]["utr"] == ["412345678901"] and told[0]["accounts"] == ["123456789012"]
    assert "utr" not in told[1] and told[1]["accounts"] == ["223456789012"]


# -- 6. the figures: a console page for a plain officer, and the district from the report's PIN or district ----
def test_a_plain_officer_is_told_which_role_the_figures_need_and_cases_count_in_the_district_they_gave(desk):
    eng, app, clock = desk
    pin = [*MORNING_LOSS[:6], "110017", *MORNING_LOSS[7:]]
    morning_loss(eng, pin)
    named = Resident(eng, sender="+919811000001", start=EVENING - timedelta(minutes=3))
    for text in [*MORNING_LOSS[:6], "Central", *MORNING_LOSS[7:]]:
        named.send(text)
    ravi = logged_in(app, "ravi")
    refused = ravi.get("/console/figures")
    page = refused.get_data(as_text=True)
    assert refused.status_code == 403 and "The figures are for supervisors and station supervisors." in page
    assert "Your account's role: officer." in page and 'href="/console/"' in page  # the console's own page
    figures = logged_in(app, "kavita").get("/console/figures.csv").get_data(as_text=True)
    districts = {row.split(",")[1]: row.split(",")[3] for row in figures.splitlines()
                 if row.startswith("cases per district,")}
    assert districts == {"PIN 110017": "1", "Central": "1"}
