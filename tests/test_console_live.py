"""The officers' console at a unit's volume (issue 15, part a): supervisors take cases back, a disabled officer's
cases return to the queue, queue.json costs the same statements at 10 and 500 cases and sends only changes,
the live change counter answers 304, reopened urgent cases are alerted again, group alerts are batched in a
burst and dropped once claimed, on-call escalation, login ?next=."""
from __future__ import annotations

from datetime import timedelta, timezone

import pytest
from sqlalchemy import event, select

from bot.cases import alerts_batch, cases, officers, oncall, sla
from bot.cases.casework import Casework
from bot.config import OnCallShift
from bot.store.models.cases import AuditEvent, Case, SlaAlert
from bot.store.models.residents import Contact, Incident, Message
from bot.store.models.officers import Officer
from bot.store.models.operations import Outbox
from conftest import NOW, Resident
from test_console import PASSWORD, app, login, report_with_screenshot, token  # noqa: F401  (fixture)

SLA = {"urgent": 2, "high": 15, "normal": 60}


def add_cases(engine, count: int, start: int = 0) -> list[int]:
    """``count`` open cases with a contact, an incident and a resident's message each, as the bot leaves them."""
    ids = []
    with engine.Session.begin() as s:
        for n in range(start, start + count):
            contact = Contact(channel="whatsapp", sender=f"+9198{n:08d}", language="hi" if n % 2 else "en")
            s.add(contact)
            s.flush()
            incident = Incident(reference=f"CS-T{n:06d}", contact_id=contact.id, category="financial_fraud",
                                flow_id="financial_fraud", amount=1000 + n, district="Pune", money_left_at=NOW)
            s.add(incident)
            s.flush()
            s.add(Message(contact_id=contact.id, channel="whatsapp", direction="in", text=f"help {n}", created_at=NOW))
            case, _ = cases.escalate(s, contact, incident, ("urgent", "high", "normal")[n % 3], "report", NOW, SLA)
            ids.append(case.id)
    return ids


def statements(engine, call) -> tuple[int, object]:
    db = engine.Session.kw["bind"]
    seen = []

    def count(conn, cursor, statement, *args):
        if not statement.startswith("BEGIN"):  # SQLite's BEGIN IMMEDIATE: a transaction, not a query
            seen.append(statement)
    event.listen(db, "before_cursor_execute", count)
    try:
        result = call()
    finally:
        event.remove(db, "before_cursor_execute", count)
    return len(seen), result


def test_queue_json_costs_the_same_statements_at_10_and_500_cases(app, engine):
    client = app.test_client()
    login(client)
    client.get("/console/")  # the officer's last-seen time is written (once a minute), outside the count
    add_cases(engine, 10)
    small, response = statements(engine, lambda: client.get("/console/queue.json"))
    assert response.status_code == 200 and len(response.get_json()["cases"]) == 10
    add_cases(engine, 490, start=10)
    large, response = statements(engine, lambda: client.get("/console/queue.json"))
    body = response.get_json()
    assert body["total"] == 500 and body["pages"] == 10 and len(body["cases"]) == 50  # paged
    assert large == small, f"queue.json ran {small} statements at 10 cases and {large} at 500"
    later, response = statements(engine, lambda: client.get("/console/queue.json?page=3&since=" + body["token"]))
    assert later == small + 1 and response.get_json()["cases"] == []  # +1: what changed; none: no rows
    assert len(response.get_json()["order"]) == 50


def test_open_queue_tabs_fetch_nothing_while_messages_change_no_queue_row_at_230_cases(app, engine):
    """Officer report s11 defect 2: with 230 open cases every message made every open queue tab fetch the queue
    again. The queue's version moves only when a queue row can change: an unchanged queue answers 304 in the
    same two statements (the officer, the version) at 230 cases as at 10, and a bot's answer or a message from
    a resident with no open case leaves it as it was; a resident writing on an open case moves it."""
    app.config["CONSOLE_TOKEN_TTL"] = 0
    client = app.test_client()
    login(client)
    client.get("/console/")  # the officer's last-seen time is written (once a minute), outside the count
    add_cases(engine, 10)
    first = client.get("/console/queue.json")
    small, unchanged = statements(engine, lambda: client.get(
        "/console/queue.json?since=" + first.get_json()["token"], headers={"If-None-Match": first.headers["ETag"]}))
    assert unchanged.status_code == 304 and small == 2
    ids = add_cases(engine, 220, start=10)
    full, response = statements(engine, lambda: client.get("/console/queue.json"))
    body = response.get_json()
    assert response.status_code == 200 and body["total"] == 230 and len(body["cases"]) == 50
    again, _ = statements(engine, lambda: client.get("/console/queue.json"))
    assert again == full  # the same statements on every request, not one per case
    etag = response.headers["ETag"]
    live = client.get("/console/live.json").get_json()
    assert live["queue"] == body["token"]
    with engine.Session.begin() as s:  # a resident with no case asks a question and the bot answers
        stranger = Contact(channel="whatsapp", sender="+919800099999", language="en")
        s.add(stranger)
        s.flush()
        s.add(Message(contact_id=stranger.id, channel="whatsapp", direction="in", text="what is 1930", created_at=NOW))
        s.add(Message(contact_id=stranger.id, channel="whatsapp", direction="out", text="1930 is …", created_at=NOW))
        s.add(Message(contact_id=s.get(Case, ids[0]).contact_id, channel="whatsapp", direction="out",
                      text="Which bank?", created_at=NOW))  # the bot's question on an open case
    moved = client.get("/console/live.json").get_json()
    assert moved["token"] != live["token"] and moved["queue"] == body["token"]  # case pages hear; the queue does not
    count, unchanged = statements(engine, lambda: client.get(
        "/console/queue.json?since=" + body["token"], headers={"If-None-Match": etag}))
    assert unchanged.status_code == 304 and count == small  # 230 cases cost what 10 did
    on_page = body["order"][0]
    with engine.Session.begin() as s:  # the resident of an open case answers: that row changes (unread)
        s.add(Message(contact_id=s.get(Case, on_page).contact_id, channel="whatsapp", direction="in", text="SBI",
                      created_at=NOW))
    assert client.get("/console/live.json").get_json()["queue"] != body["token"]
    changed = client.get("/console/queue.json?since=" + body["token"], headers={"If-None-Match": etag})
    assert changed.status_code == 200 and [(c["id"], c["unread"]) for c in changed.get_json()["cases"]] == \
        [(on_page, True)]


def test_queue_json_sends_only_the_cases_that_changed_and_live_answers_304(app, engine):
    app.config["CONSOLE_TOKEN_TTL"] = 0  # each poll reads the token (in production a process reuses it 0.1 s)
    ids = add_cases(engine, 5)
    client = app.test_client()
    login(client)
    first = client.get("/console/queue.json").get_json()
    assert len(first["cases"]) == 5 and first["full"]
    live = client.get("/console/live.json")
    assert live.status_code == 200 and live.headers["ETag"].strip('"') == live.get_json()["token"]
    assert client.get("/console/live.json", headers={"If-None-Match": live.headers["ETag"]}).status_code == 304
    # a resident writes on one case: only that row comes, and it is unread for this officer
    with engine.Session.begin() as s:
        case = s.get(Case, ids[3])
        s.add(Message(contact_id=case.contact_id, channel="whatsapp", direction="in", text="any news?",
                      created_at=NOW))  # the tests' clock stands still: the view below is at the same time
    assert client.get("/console/live.json", headers={"If-None-Match": live.headers["ETag"]}).status_code == 200
    # a 304 needs a session checked at that token: logging out (an audit row) moves it, and the next poll is refused
    etag = client.get("/console/live.json").headers["ETag"]
    other = app.test_client()
    login(other, "ravi")
    other_etag = other.get("/console/live.json").headers["ETag"]
    with engine.Session.begin() as s:
        officers.disable(s, "ravi", NOW, actor="officer:1")
    refused = other.get("/console/live.json", headers={"If-None-Match": other_etag})
    assert refused.status_code in (302, 401)
    assert client.get("/console/live.json", headers={"If-None-Match": etag}).status_code == 200  # token moved
    changed = client.get("/console/queue.json?since=" + first["token"]).get_json()
    assert [c["id"] for c in changed["cases"]] == [ids[3]] and changed["cases"][0]["unread"]
    assert sorted(changed["order"]) == sorted(ids)
    client.get(f"/console/cases/{ids[3]}")  # opening the case reads it
    row = client.get("/console/queue.json").get_json()["cases"]
    assert not next(c for c in row if c["id"] == ids[3])["unread"]


def test_a_supervisor_takes_over_and_reassigns_a_case_another_officer_holds(app, engine):
    resident, case_id = report_with_screenshot(engine)
    ravi, meena = app.test_client(), app.test_client()
    login(ravi, "ravi")
    login(meena, "meena")
    with engine.Session.begin() as s:
        officers.add(s, "asha", "SI Asha", PASSWORD, "officer", NOW)
    path = f"/console/cases/{case_id}"
    assert ravi.post(f"{path}/claim", data={"csrf_token": token(ravi, path)}).status_code == 302
    # another officer (not a supervisor) may neither take over nor assign
    assert ravi.post(f"{path}/assign", data={"to": "asha", "csrf_token": token(ravi, path)}).status_code == 403
    page = meena.get(path).get_data(as_text=True)
    assert 'id="takeover"' in page and "held by HC Ravi" in page
    assert 'id="reply-text"' in page and 'id="handback"' in page  # a supervisor may reply and hand back too
    meena.post(f"{path}/assign", data={"to": "asha", "csrf_token": token(meena, path)})
    with engine.Session() as s:
        case = s.get(Case, case_id)
        asha = officers.get(s, "asha")
        assert case.claimed_by == f"officer:{asha.id}"
        reassigned = s.scalars(select(AuditEvent).where(AuditEvent.case_id == case_id,
                                                        AuditEvent.action == "reassigned")).one()
        assert reassigned.detail == {"from": "HC Ravi (ravi)", "to": "SI Asha (asha)"}  # names, not ids (trial 2)
        told = s.scalars(select(Message).where(Message.case_id == case_id, Message.direction == "out")
                         .order_by(Message.id.desc())).first()
        assert "SI Asha" in told.text
    meena.post(f"{path}/takeover", data={"csrf_token": token(meena, path)})
    meena.post(f"{path}/reply", data={"text": "I am the supervisor, I will help.", "csrf_token": token(meena, path)})
    with engine.Session() as s:
        assert s.get(Case, case_id).claimed_by == f"officer:{officers.get(s, 'meena').id}"
        assert s.scalar(select(Message.text).where(Message.author == f"officer:{officers.get(s, 'meena').id}")) \
            == "I am the supervisor, I will help."
    # a supervisor's hand back works on any case, and "held by" then names nobody
    meena.post(f"{path}/handback", data={"csrf_token": token(meena, path)})
    assert "held by" not in meena.get(path).get_data(as_text=True).split("<h2>Conversation")[0]
    row = meena.get("/console/queue.json").get_json()["cases"][0]
    assert row["held_by"] is None and row["status"] == "returned"


def test_a_supervisor_assigns_a_waiting_case_from_the_queue(app, engine):
    _, case_id = report_with_screenshot(engine)
    meena = app.test_client()
    login(meena)
    answer = meena.post(f"/console/cases/{case_id}/assign", data={"to": "ravi"},
                        headers={"Accept": "application/json", "X-CSRFToken": token(meena, "/console/")})
    assert answer.get_json() == {"ok": True, "case": case_id}
    row = meena.get("/console/queue.json").get_json()["cases"][0]
    assert row["held_by"] == "HC Ravi" and row["status"] == "claimed"
    again = meena.post(f"/console/cases/{case_id}/assign", data={"to": "ravi"},
                       headers={"Accept": "application/json", "X-CSRFToken": token(meena, "/console/")})
    assert again.status_code == 409 and "holds this case already" in again.get_json()["error"]


def test_disabling_an_officer_returns_their_cases_and_the_resident_is_answered_again(app, engine, capsys):
    resident, case_id = report_with_screenshot(engine)
    ravi = app.test_client()
    login(ravi, "ravi")
    path = f"/console/cases/{case_id}"
    ravi.post(f"{path}/claim", data={"csrf_token": token(ravi, path)})
    assert resident.send("hello?").texts == []  # held by an officer: the bot is silent
    with engine.Session.begin() as s:
        officers.disable(s, "ravi", NOW + timedelta(minutes=3), actor="officer:1", texts=engine.res.texts)
    with engine.Session() as s:  # told at once, in their language, what happens now and 1930 for money
        told = s.scalars(select(Message).where(Message.direction == "out").order_by(Message.id.desc())).first()
        assert "दूसरे अधिकारी यहीं आपको लिखेंगे" in told.text and "1930" in told.text  # the resident wrote Hindi
    report = sla.check(engine.Session, engine.config, engine.res.texts, NOW + timedelta(minutes=3, seconds=5))
    assert case_id not in report.residents_told  # not a second, vaguer message 5 s later
    with engine.Session() as s:
        case = s.get(Case, case_id)
        assert case.status == "waiting" and case.claimed_by is None and case.episode == 1
        event_ = s.scalars(select(AuditEvent).where(AuditEvent.action == "returned_to_queue")).one()
        assert event_.case_id == case_id and event_.detail == {"reason": "officer_disabled", "officer": "ravi"}
    assert resident.send("hello?").texts  # the bot answers again until an officer claims it
    assert ravi.get("/console/queue.json").status_code in (302, 401)  # and ravi is logged out
    from bot.__main__ import main

    db = str(engine.Session.kw["bind"].url.render_as_string(hide_password=False))
    assert main(["officers", "enable", "ravi", "--db", db]) == 0
    assert main(["officers", "enable", "ravi", "--db", db]) == 2  # not disabled any more
    assert "Enabled ravi." in capsys.readouterr().out
    assert login(app.test_client(), "ravi").status_code == 302


def test_a_reopened_urgent_case_is_announced_and_breached_again(engine):
    config = engine.config.model_copy(update={"console": engine.config.console.model_copy(
        update={"officers_chat_id": "-100777"})})
    resident, case_id = report_with_screenshot(engine)
    work = Casework(engine.res.texts)
    with engine.Session.begin() as s:
        officer = officers.add(s, "asha", "SI Asha", PASSWORD, "officer", NOW)
        assert s.get(Case, case_id).priority == "urgent"
        assert not sla.announce(s, s.get(Case, case_id), config, NOW)  # announced when it came
        work.claim(s, case_id, officer, NOW)
        work.hand_back(s, case_id, officer, NOW)
    with engine.Session.begin() as s:  # the resident asks for an officer again
        case = s.get(Case, case_id)
        cases.escalate(s, s.get(Contact, case.contact_id), s.get(Incident, case.incident_id), "urgent",
                       "talk_to_officer", NOW + timedelta(minutes=5), SLA)
        assert sla.announce(s, case, config, NOW + timedelta(minutes=5))
    report = sla.check(engine.Session, config, engine.res.texts, NOW + timedelta(minutes=8))
    assert report.breached == [case_id]
    with engine.Session() as s:
        texts = [row.text for row in s.scalars(select(Outbox).where(Outbox.recipient == "-100777").order_by(Outbox.id))]
    assert texts[0].startswith("Reopened URGENT") and f"#{case_id}" in texts[0]
    assert texts[1].startswith("SLA BREACH") and len(texts) == 2
    with engine.Session() as s:
        kinds = set(s.scalars(select(SlaAlert.kind).where(SlaAlert.case_id == case_id)))
        assert {"announced", "announced#1", "breach:0#1"} <= kinds
        assert sla.flags(s, s.get(Case, case_id)) == {"sla_breached"}


def _group_config(engine, **console):
    return engine.config.model_copy(update={"console": engine.config.console.model_copy(
        update={"officers_chat_id": "-100777", **console})})


def _alert(s, case_id: int, kind: str, now):
    from bot.store import outbox

    outbox.enqueue(s, channel="telegram", recipient="-100777", text=f"alert {case_id} {kind}",
                   key=f"alert:{case_id}:{kind}", now=now, kind="alert", status=alerts_batch.HELD)


def _sent(s, rows_at):
    for row in s.scalars(select(Outbox).where(Outbox.status == "pending", Outbox.next_attempt_at <= rows_at)):
        row.status, row.claimed_at, row.provider_id = "sent", rows_at, f"t{row.id}"


def test_a_burst_of_group_alerts_leaves_as_one_message_per_slot_the_first_at_once(engine):
    config = _group_config(engine, group_alert_seconds=3)
    ids = add_cases(engine, 6)
    with engine.Session.begin() as s:
        _alert(s, ids[0], "announced", NOW)
    alerts_batch.flush(engine.Session, config, NOW)
    with engine.Session.begin() as s:
        first = s.scalars(select(Outbox).where(Outbox.recipient == "-100777")).one()
        assert first.next_attempt_at <= NOW and first.text == f"alert {ids[0]} announced"  # at once, alone
        _sent(s, NOW)
    second = NOW + timedelta(seconds=1)
    with engine.Session.begin() as s:
        for case_id in ids[1:]:
            _alert(s, case_id, "announced", second)
    alerts_batch.flush(engine.Session, config, second)  # within the slot: they wait for it, held
    with engine.Session() as s:
        assert not s.scalars(select(Outbox).where(Outbox.status == "pending")).all()
        assert len(s.scalars(select(Outbox).where(Outbox.status == "held")).all()) == 5
    with engine.Session.begin() as s:  # one of them is claimed meanwhile: its alert is dropped
        s.get(Case, ids[2]).status = "claimed"
    alerts_batch.flush(engine.Session, config, NOW + timedelta(seconds=3))
    with engine.Session() as s:
        pending = s.scalars(select(Outbox).where(Outbox.status == "pending")).all()
        assert len(pending) == 1 and pending[0].text.count("alert ") == 4
        assert f"alert {ids[2]}" not in pending[0].text
        assert s.scalars(select(Outbox.status).where(Outbox.idempotency_key == f"alert:{ids[2]}:announced")).one() \
            == "dropped"


def test_no_reply_alert_names_the_officer_and_goes_to_the_supervisors_chat(engine):
    config = _group_config(engine, supervisors_chat_id="-100999")
    _, case_id = report_with_screenshot(engine)
    with engine.Session.begin() as s:
        officer = officers.add(s, "asha", "SI Asha", PASSWORD, "officer", NOW)
        Casework(engine.res.texts).claim(s, case_id, officer, NOW)
    sla.check(engine.Session, config, engine.res.texts, NOW + timedelta(minutes=30))
    with engine.Session() as s:
        rows = s.scalars(select(Outbox).where(Outbox.idempotency_key.like(f"alert:{case_id}:reply_overdue%"))).all()
    assert {r.recipient for r in rows} == {"-100777", "-100999"}
    assert all("No reply yet from SI Asha (asha)" in r.text for r in rows)


def test_an_overdue_urgent_case_goes_to_the_officer_on_call_when_nobody_watches(engine):
    shift = OnCallShift(officer="asha", days=["fri"], start="20:00", end="08:00", telegram_chat_id="555")
    config = _group_config(engine, on_call=[shift])
    _, case_id = report_with_screenshot(engine)
    night = NOW.replace(hour=23)  # Friday 27 November 2026, 23:00 IST
    with engine.Session.begin() as s:
        s.get(Case, case_id).sla_due_at = night - timedelta(minutes=1)
        meena = officers.add(s, "meena2", "SI Meena", PASSWORD, "supervisor", NOW)
        meena.last_seen_at = night - timedelta(minutes=1)  # on the console a minute ago
    with engine.Session.begin() as s:
        assert oncall.escalate(s, config, night) == []  # someone is watching
        s.get(Officer, meena.id).last_seen_at = night - timedelta(minutes=30)
    with engine.Session.begin() as s:
        assert oncall.escalate(s, config, night) == [case_id]
        assert oncall.escalate(s, config, night) == []  # once per episode
    with engine.Session() as s:
        row = s.scalars(select(Outbox).where(Outbox.recipient == "555")).one()
        assert row.text.startswith("ON CALL") and f"#{case_id}" in row.text
        audit = s.scalars(select(AuditEvent).where(AuditEvent.action == "escalated_on_call")).one()
        assert audit.detail == {"officers": ["asha"], "channels": ["telegram"]}
    # past midnight into Saturday the Friday shift still covers; Saturday evening it does not
    assert oncall.on_call(config, NOW.replace(hour=3) + timedelta(days=1))
    assert not oncall.on_call(config, NOW.replace(hour=21) + timedelta(days=1))


def test_login_takes_the_officer_to_the_page_they_were_going_to(app, engine):
    client = app.test_client()
    sent_away = client.get("/console/cases/7")
    assert sent_away.status_code == 302 and "next=" in sent_away.headers["Location"]
    answer = client.post("/console/login?next=/console/cases/7",
                         data={"username": "meena", "password": PASSWORD, "csrf_token": token(client)})
    assert answer.headers["Location"].endswith("/console/cases/7")
    for evil in ("https://evil.example/console/", "//evil.example/console/", "/console/../x"):
        other = app.test_client()
        answer = other.post("/console/login?next=" + evil,
                            data={"username": "meena", "password": PASSWORD, "csrf_token": token(other)})
        assert answer.headers["Location"].endswith("/console/") and "evil" not in answer.headers["Location"]


def test_many_overdue_cases_reach_the_officer_on_call_as_one_message_not_one_each(engine):
    """A burst at night: the on-call officer's chat gets the overdue cases joined (like the officers' group), so
    their alerts never fill the outbox ahead of officers' replies to residents (stranger's trial: 166 single
    messages, a reply 85 s late)."""
    shift = OnCallShift(officer="asha", days=["fri"], start="20:00", end="08:00", telegram_chat_id="555")
    config = _group_config(engine, on_call=[shift])
    night = NOW.replace(hour=23)
    ids = []
    for n in range(5):
        Resident(engine, sender=f"+9198000011{n:02d}").send("someone took 20000 from my account 10 minutes ago")
    with engine.Session.begin() as s:
        for case in s.scalars(select(Case).where(Case.priority == "urgent")):
            case.sla_due_at = night - timedelta(minutes=1)
            ids.append(case.id)
    assert len(ids) == 5
    with engine.Session.begin() as s:
        assert sorted(oncall.escalate(s, config, night)) == sorted(ids)
    alerts_batch.flush(engine.Session, config, night)
    with engine.Session() as s:
        ready = s.scalars(select(Outbox).where(Outbox.recipient == "555", Outbox.status == "pending")).all()
        assert len(ready) == 1, [r.text[:40] for r in ready]
        assert all(f"#{case_id}" in ready[0].text for case_id in ids)
