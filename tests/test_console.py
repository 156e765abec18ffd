"""The console over HTTP (Flask's test client): login, CSRF, access control, claim, reply, evidence."""
from __future__ import annotations

from datetime import timezone

import re

import pytest
from flask import Flask
from sqlalchemy import select

from bot import console
from bot.cases import officers
from bot.messages import Media
from bot.store.models.cases import AuditEvent
from bot.store.models.residents import Evidence
from bot.store.models.operations import Outbox
from conftest import NOW, Resident

PASSWORD = "Correct-Horse-9"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def app(engine):
    app = Flask(__name__)
    app.secret_key = "test-secret-key-" + "x" * 16
    console.init_app(app, engine, clock=lambda: NOW.astimezone(timezone.utc))  # the tests' clock, not the wall's
    with engine.Session.begin() as s:
        officers.add(s, "meena", "SI Meena", PASSWORD, "supervisor", NOW)
        officers.add(s, "ravi", "HC Ravi", PASSWORD, "officer", NOW)
    return app


def token(client, path="/console/login"):
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def login(client, username="meena", password=PASSWORD):
    return client.post("/console/login", data={"username": username, "password": password,
                                               "csrf_token": token(client)})


def report_with_screenshot(engine):
    resident = Resident(engine)
    resident.send("mere account se abhi 15000 kat gaye")
    for answer in ("sbi", "skip", "skip", "skip"):
        out = resident.send(answer)
    resident.send("", media=(Media("image/png", data=PNG),))
    return resident, out.case["id"]


def test_logged_out_user_gets_no_case_page_and_no_evidence(app, engine):
    _, case_id = report_with_screenshot(engine)
    with engine.Session() as s:
        evidence_id = s.scalar(select(Evidence.id))
    client = app.test_client()
    for path in ("/console/", f"/console/cases/{case_id}", f"/console/evidence/{evidence_id}", "/console/queue.json"):
        response = client.get(path)
        assert response.status_code in (302, 401) and b"Sunita" not in response.data
        assert response.status_code == 401 or "/console/login" in response.headers["Location"]


def test_login_then_queue_case_and_evidence(app, engine):
    _, case_id = report_with_screenshot(engine)
    client = app.test_client()
    assert login(client, password="wrong").status_code == 401
    assert login(client).status_code == 302
    queue = client.get("/console/queue.json").get_json()
    assert queue["cases"][0]["id"] == case_id and queue["cases"][0]["priority"] == "urgent"
    assert queue["cases"][0]["amount"] == 15000 and queue["urgent_waiting"] == 1
    page = client.get(f"/console/cases/{case_id}").get_data(as_text=True)
    assert "mere account se abhi 15000 kat gaye" in page and "Bank freeze request" in page
    with engine.Session() as s:
        evidence_id = s.scalar(select(Evidence.id))
        assert s.scalar(select(AuditEvent).where(AuditEvent.action == "viewed", AuditEvent.case_id == case_id))
    image = client.get(f"/console/evidence/{evidence_id}")
    assert image.status_code == 200 and image.data == PNG and image.mimetype == "image/png"


def test_a_form_without_csrf_token_fails(app, engine):
    _, case_id = report_with_screenshot(engine)
    client = app.test_client()
    assert client.post("/console/login", data={"username": "meena", "password": PASSWORD}).status_code == 400
    login(client)
    assert client.post(f"/console/cases/{case_id}/claim").status_code == 400
    assert client.post(f"/console/cases/{case_id}/claim",
                       data={"csrf_token": token(client, f"/console/cases/{case_id}")}).status_code == 302


def test_claim_reply_and_a_second_officer_cannot_claim(app, engine):
    _, case_id = report_with_screenshot(engine)
    first, second = app.test_client(), app.test_client()
    login(first)
    login(second, "ravi")
    t1, t2 = token(first, f"/console/cases/{case_id}"), token(second, f"/console/cases/{case_id}")
    assert first.post(f"/console/cases/{case_id}/claim", data={"csrf_token": t1}).status_code == 302
    refused = second.post(f"/console/cases/{case_id}/claim", data={"csrf_token": t2}, follow_redirects=True)
    assert "already taken by SI Meena" in refused.get_data(as_text=True)
    first.post(f"/console/cases/{case_id}/reply", data={"csrf_token": t1, "text": "Officer here, calling SBI."})
    with engine.Session() as s:
        sent = [row.text for row in s.scalars(select(Outbox).where(Outbox.kind == "officer"))]
    assert "Officer here, calling SBI." in sent and any("SI Meena" in text for text in sent)


def test_only_supervisors_read_the_audit_log(app, engine):
    report_with_screenshot(engine)
    officer, supervisor = app.test_client(), app.test_client()
    login(officer, "ravi")
    login(supervisor)
    assert officer.get("/console/audit").status_code == 403
    page = supervisor.get("/console/audit").get_data(as_text=True)
    assert "escalated" in page and "login" in page


def test_console_is_off_without_a_secret_key(engine):
    app = Flask(__name__)
    console.init_app(app, engine)
    response = app.test_client().get("/console/login")
    assert response.status_code == 503 and b"SECRET_KEY" in response.data


def test_an_svg_or_html_file_is_never_kept_or_served_as_evidence(app, engine):
    resident = Resident(engine)
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    resident.send("hello")
    out = resident.send("", media=(Media("image/svg+xml", data=svg), Media("text/html", data=b"<script>")))
    assert "could not keep that file" in " ".join(out.texts)
    with engine.Session() as s:
        assert s.scalar(select(Evidence.id)) is None


def test_evidence_is_served_sandboxed(app, engine):
    report_with_screenshot(engine)
    resident = Resident(engine)
    resident.send("", media=(Media("application/pdf", data=b"%PDF-1.4 statement"),))
    client = app.test_client()
    login(client)
    with engine.Session() as s:
        png_id, pdf_id = s.scalars(select(Evidence.id).order_by(Evidence.id)).all()
    image = client.get(f"/console/evidence/{png_id}")
    assert image.headers["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert "attachment" not in image.headers.get("Content-Disposition", "")
    pdf = client.get(f"/console/evidence/{pdf_id}")
    assert pdf.headers["Content-Disposition"].startswith("attachment")


def test_an_urgent_first_message_is_on_the_console_collecting_details_then_falls_with_a_note(app, engine):
    resident = Resident(engine)
    out = resident.send("fraudsters took 15000 from my account")  # issue 10: the case exists from here
    case_id = out.case["id"]
    client = app.test_client()
    login(client)
    queue = client.get("/console/queue.json").get_json()
    assert queue["cases"][0]["id"] == case_id and queue["cases"][0]["priority"] == "urgent"
    page = client.get(f"/console/cases/{case_id}").get_data(as_text=True)
    assert "collecting details" in page
    resident.send("5 hours ago")  # urgent only because the time was unknown: it falls, and officers see why
    page = client.get(f"/console/cases/{case_id}").get_data(as_text=True)
    assert "Priority lowered from urgent to high" in page
    assert client.get("/console/queue.json").get_json()["cases"][0]["priority"] == "high"
