"""Console sessions end at once (logout, disable, password reset); log-ins are throttled per address without
locking an officer out; failed tries are one audit row per burst; the console has its own cookie and a CSP."""
from __future__ import annotations

import re

import pytest
from flask import Flask
from sqlalchemy import select

from bot import console
from bot.cases import logins, officers
from bot.store.models.cases import AuditEvent
from bot.store.models.officers import LoginBurst
from conftest import NOW
from fakes import clock, make_app, telegram_fake, twilio_fake  # noqa: F401 (fixtures)

PASSWORD = "Correct-Horse-9"
STRANGER = {"REMOTE_ADDR": "203.0.113.9"}
DESK = {"REMOTE_ADDR": "198.51.100.7"}


@pytest.fixture
def app(engine, clock):
    app = Flask(__name__)
    app.secret_key = "test-secret-key-" + "x" * 16
    console.init_app(app, engine, clock=clock.now)
    with engine.Session.begin() as s:
        officers.add(s, "meena", "SI Meena", PASSWORD, "supervisor", NOW)
        officers.add(s, "ravi", "HC Ravi", PASSWORD, "officer", NOW)
    return app


def token(client, path="/console/login", **environ):
    page = client.get(path, environ_base=environ or DESK).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def login(client, username="meena", password=PASSWORD, environ=None, csrf=None):
    return client.post("/console/login", environ_base=environ or DESK,
                       data={"username": username, "password": password,
                             "csrf_token": csrf or token(client, **(environ or DESK))})


def logged_in(client) -> bool:
    response = client.get("/console/queue.json", environ_base=DESK)
    return response.status_code == 200


def audit(engine, action, actor=None):
    with engine.Session() as s:
        query = select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
        if actor:
            query = query.where(AuditEvent.actor == actor)
        return list(s.scalars(query))


def officer_actor(engine, username) -> str:
    with engine.Session() as s:
        return f"officer:{officers.get(s, username).id}"


# -- 7. sessions end at once ------------------------------------------------------------------
def test_logout_ends_every_session_of_that_officer_at_once(app, engine):
    office, home, colleague = app.test_client(), app.test_client(), app.test_client()
    assert login(office).status_code == 302 and login(home).status_code == 302
    assert login(colleague, "ravi").status_code == 302
    stolen = app.test_client()  # a copy of the office cookie, taken before the logout
    stolen.set_cookie("session", office.get_cookie("session").value, domain="localhost")
    assert logged_in(office) and logged_in(home) and logged_in(stolen)
    office.post("/console/logout", data={"csrf_token": token(office, "/console/")}, environ_base=DESK)
    assert not logged_in(office)
    assert not logged_in(home)  # the other browser is logged out too
    assert not logged_in(stolen)  # and the old cookie is refused
    assert logged_in(colleague)  # another officer's session is untouched
    assert login(home).status_code == 302 and logged_in(home)  # logging in again works


def test_disabling_an_officer_or_resetting_a_password_ends_their_sessions(app, engine, clock):
    meena, ravi = app.test_client(), app.test_client()
    login(meena)
    login(ravi, "ravi")
    with engine.Session.begin() as s:
        officers.disable(s, "ravi", clock.now())
    assert not logged_in(ravi) and logged_in(meena)
    with engine.Session.begin() as s:
        officers.reset_password(s, "meena", "New-Password-42", clock.now())
    assert not logged_in(meena)
    assert login(meena).status_code == 401
    assert login(meena, password="New-Password-42").status_code == 302 and logged_in(meena)


# -- 8. throttling ----------------------------------------------------------------------------
def test_a_strangers_wrong_passwords_do_not_lock_the_officer_out(app, engine, monkeypatch):
    hashed = []
    real_check = logins.check_password_hash
    monkeypatch.setattr(logins, "check_password_hash", lambda *a: hashed.append(1) or real_check(*a))
    settings = engine.config.console
    second_worker = Flask(__name__)  # another gunicorn worker: its own app, the same database
    second_worker.secret_key = app.secret_key
    console.init_app(second_worker, engine, clock=app.extensions["cyber_sahayak_console"].clock)
    strangers = [(client, token(client, **STRANGER)) for client in (app.test_client(), second_worker.test_client())]
    answers = [login(strangers[i % 2][0], "meena", f"guess-{i}", STRANGER, strangers[i % 2][1]) for i in range(50)]
    stranger, csrf = strangers[0]
    tries = settings.login_tries_per_account
    assert [a.status_code for a in answers[:tries]] == [401] * tries
    assert {a.status_code for a in answers[tries:]} == {429}
    retry_after = int(answers[-1].headers["Retry-After"])
    assert 0 < retry_after <= settings.login_window_minutes * 60
    assert "Too many wrong passwords" in answers[-1].get_data(as_text=True)
    assert len(hashed) == tries  # refused tries are answered before any password hashing
    assert login(stranger, "meena", PASSWORD, STRANGER, csrf).status_code == 429  # even the right one, from there
    desk = app.test_client()
    assert login(desk).status_code == 302 and logged_in(desk)  # the officer, from her own desk
    meena = officer_actor(engine, "meena")
    bursts = audit(engine, "login_failed", meena)
    assert len(bursts) == 1  # one row for the whole burst, with its count and address
    detail = bursts[0].detail
    assert detail["tries"] == 51 and detail["addresses"] == ["203.0.113.9"]
    assert detail["reasons"] == {"wrong password": tries, "refused, waiting": 51 - tries}
    assert [e.action for e in audit(engine, "login", meena)] == ["login"]


def test_one_address_guessing_many_names_is_stopped_but_others_are_not(app, engine, clock):
    settings = engine.config.console
    stranger = app.test_client()
    csrf = token(stranger, **STRANGER)
    codes = [login(stranger, f"user{i}", "x", STRANGER, csrf).status_code
             for i in range(settings.login_tries_per_address + 5)]
    assert codes == [401] * settings.login_tries_per_address + [429] * 5
    assert login(app.test_client(), "ravi").status_code == 302
    clock.advance(settings.login_window_minutes * 60 + 1)  # the window is over: this address may try again
    assert login(stranger, "user0", "x", STRANGER, csrf).status_code == 401
    with engine.Session() as s:  # names that do not exist gather in one burst, not a row each
        assert [b.actor for b in s.scalars(select(LoginBurst))] == ["anonymous"]
    anonymous = audit(engine, "login_failed", "anonymous")
    assert len(anonymous) == 1 and anonymous[0].detail["tries"] == settings.login_tries_per_address + 5
    assert anonymous[0].detail["reasons"]["unknown user"] == settings.login_tries_per_address


def test_a_burst_that_stops_is_closed_into_one_audit_row(app, engine, clock):
    office = app.test_client()
    for _ in range(3):
        assert login(office, "ravi", "typo").status_code == 401
    assert audit(engine, "login_failed") == []  # still going on: kept in login_bursts, shown to supervisors
    supervisor = app.test_client()
    login(supervisor)
    page = supervisor.get("/console/audit", environ_base=DESK).get_data(as_text=True)
    assert "Failed log-ins going on now" in page and "HC Ravi" in page
    clock.advance(engine.config.console.login_window_minutes * 60 + 1)
    supervisor.get("/console/audit", environ_base=DESK)
    rows = audit(engine, "login_failed", officer_actor(engine, "ravi"))
    assert len(rows) == 1 and rows[0].detail["tries"] == 3 and rows[0].detail["addresses"] == ["198.51.100.7"]
    with engine.Session() as s:
        assert s.scalar(select(LoginBurst.id)) is None


# -- 12. the console's Content-Security-Policy -------------------------------------------------
def test_every_console_page_sends_a_strict_csp(app, engine):
    client = app.test_client()
    login(client)
    for path in ("/console/login", "/console/", "/console/audit", "/console/registry", "/console/households",
                 "/console/campaigns", "/console/campaigns/new", "/console/households/new",
                 "/console/figures/elderly", "/console/registry/figures", "/console/registry/import"):
        response = client.get(path, environ_base=DESK)
        assert response.status_code in (200, 302), path
        csp = response.headers.get("Content-Security-Policy", "")
        assert "script-src 'self'" in csp and "style-src 'self'" in csp and "frame-ancestors 'none'" in csp, path
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        if response.status_code == 200:
            html = response.get_data(as_text=True)
            assert not re.search(r"<script(?![^>]*\bsrc=)", html), path  # no inline script would run
            assert not re.search(r"\son[a-z]+=", html) and "<style" not in html and " style=" not in html, path


# -- 13. the console and the web chat have separate cookies ------------------------------------
def test_opening_the_chat_page_does_not_log_the_officer_out(make_app, engine):
    app = make_app()
    with engine.Session.begin() as s:
        officers.add(s, "meena", "SI Meena", PASSWORD, "supervisor", NOW)
    client = app.test_client()
    assert login(client).status_code == 302 and logged_in(client)
    page = client.get("/")  # the resident chat page, in the same browser
    assert page.status_code == 200
    assert logged_in(client)  # still logged in to the console
    assert "cs_chat=" in page.headers["Set-Cookie"] and "cs_session" not in page.headers["Set-Cookie"]
    csrf = re.search(r'name="csrf-token" content="([^"]+)"', page.get_data(as_text=True)).group(1)
    assert client.post("/chat/send", json={"text": "hi", "id": "msg-00000001"},
                       headers={"X-CSRF-Token": csrf}).status_code == 200
    assert logged_in(client)  # the console still works
    assert client.get("/console/").status_code == 200


# -- session 13, an attacker's trial: 20 wrong names from a shared NAT address locked every officer there out ---------
NAT = {"REMOTE_ADDR": "100.64.0.9"}  # one address for the whole station (carrier-grade NAT)


def test_an_officers_own_browser_is_not_locked_out_with_its_shared_address(app, engine, clock):
    settings = engine.config.console
    ravi_desk = app.test_client()
    assert login(ravi_desk, "ravi", PASSWORD, NAT).status_code == 302  # yesterday: she logged in from this browser
    ravi_desk.get("/console/logout", environ_base=NAT)
    assert ravi_desk.get_cookie("cs_device", path="/console/login") is not None
    sprayer = app.test_client()  # someone else behind the same address guesses names
    csrf = token(sprayer, **NAT)
    codes = [login(sprayer, f"name{i}", "guess", NAT, csrf).status_code for i in range(settings.login_tries_per_address + 3)]
    assert codes[-1] == 429
    assert login(sprayer, "ravi", PASSWORD, NAT, csrf).status_code == 429  # a right password alone passes no lock
    assert login(app.test_client(), "meena", PASSWORD, NAT).status_code == 429  # a browser never used: waits
    assert login(ravi_desk, "ravi", PASSWORD, NAT).status_code == 302  # her own browser: in
    forged = app.test_client()
    forged.set_cookie("cs_device", "forged.value.sig", path="/console/login")
    assert login(forged, "ravi", PASSWORD, NAT).status_code == 429
    # her browser's cookie names her account only, and its own counter still stops guessing from it
    assert login(ravi_desk, "meena", PASSWORD, NAT).status_code == 429
    ravi_desk.get("/console/logout", environ_base=NAT)
    desk_csrf = token(ravi_desk, **NAT)
    wrong = [login(ravi_desk, "ravi", f"nope-{i}", NAT, desk_csrf).status_code
             for i in range(settings.login_tries_per_account + 1)]
    assert wrong == [401] * settings.login_tries_per_account + [429]
