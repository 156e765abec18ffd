"""Access to the console (issue 15, item 24): two-factor log-in, the allow-list of networks, need-to-know."""
from __future__ import annotations

import dataclasses

import re
import subprocess
import sys
from datetime import timedelta, timezone

import pyotp
import pytest
from flask import Flask
from sqlalchemy import select
from werkzeug.middleware.proxy_fix import ProxyFix

from bot import console
from bot.cases import officers
from bot.cases.casework import Casework
from bot.conversation.engine import Engine
from bot.messages import Media
from bot.store.models.cases import AuditEvent, Case
from bot.store.models.residents import Evidence
from bot.store.models.officers import Officer
from conftest import NOW, Resident
from test_console import PASSWORD, token

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


class Clock:
    def __init__(self):
        self.at = NOW.astimezone(timezone.utc)

    def __call__(self):
        return self.at


def with_console(engine, **settings) -> Engine:
    """The test engine's database with other console settings (the shared resources stay untouched)."""
    config = engine.config.model_copy(update={"console": engine.config.console.model_copy(update=settings)})
    res = engine.res
    return Engine(dataclasses.replace(res, config=config), engine.Session)


def make_app(engine, clock=None, **console_settings):
    if console_settings:
        engine = with_console(engine, **console_settings)
    app = Flask(__name__)
    app.secret_key = "test-secret-key-" + "x" * 16
    console.init_app(app, engine, clock=clock or Clock())
    return app


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def people(engine):
    with engine.Session.begin() as s:
        officers.add(s, "meena", "SI Meena", PASSWORD, "supervisor", NOW)
        officers.add(s, "ravi", "HC Ravi", PASSWORD, "officer", NOW)
        officers.add(s, "asha", "SI Asha", PASSWORD, "officer", NOW)


def password_step(client, username):
    return client.post("/console/login", data={"username": username, "password": PASSWORD,
                                               "csrf_token": token(client)})


def login(client, username):
    response = password_step(client, username)
    assert response.status_code == 302 and response.headers["Location"].endswith("/console/")
    return response


def enrol(client, now) -> tuple[str, list[str]]:
    page = client.get("/console/account/two-factor").get_data(as_text=True)
    secret = re.search(r'data-secret="([A-Z2-7]+)"', page).group(1)
    assert "<svg" in page  # the QR code, drawn inline
    done = client.post("/console/account/two-factor", data={
        "code": pyotp.TOTP(secret).at(now), "csrf_token": token(client, "/console/account/two-factor")})
    codes = re.findall(r"<code>([a-z2-9]{5}-[a-z2-9]{5})</code>", done.get_data(as_text=True))
    assert done.status_code == 200 and len(codes) == 10
    return secret, codes


def code_step(client, code):
    return client.post("/console/login/code", data={"code": code, "csrf_token": token(client, "/console/login/code")})


def actions(engine, actor=None) -> list[str]:
    with engine.Session() as s:
        query = select(AuditEvent.action).order_by(AuditEvent.id)
        if actor:
            query = query.where(AuditEvent.actor == actor)
        return list(s.scalars(query))


def officer_id(engine, username) -> int:
    with engine.Session() as s:
        return s.scalar(select(Officer.id).where(Officer.username == username))


# -- two-factor log-in -------------------------------------------------------------------------------
def test_an_enrolled_officer_needs_the_code_once_and_a_recovery_code_works_once(engine, people, clock):
    app = make_app(engine, clock)
    client = app.test_client()
    login(client, "ravi")
    secret, codes = enrol(client, clock())
    client.post("/console/logout", data={"csrf_token": token(client, "/console/")})
    clock.at += timedelta(seconds=30)  # the code used to enrol is spent: the next one

    client = app.test_client()
    step = password_step(client, "ravi")
    assert step.headers["Location"].endswith("/console/login/code")
    assert client.get("/console/queue.json").status_code in (302, 401)  # the password alone opens nothing
    assert code_step(client, "000000").status_code == 401
    code = pyotp.TOTP(secret).at(clock())
    assert code_step(client, code).headers["Location"].endswith("/console/")
    assert client.get("/console/queue.json").status_code == 200

    again = app.test_client()  # the same code cannot be used twice (someone looking over the shoulder)
    password_step(again, "ravi")
    assert code_step(again, code).status_code == 401
    assert code_step(again, codes[0]).headers["Location"].endswith("/console/")  # a recovery code instead
    third = app.test_client()
    password_step(third, "ravi")
    assert code_step(third, codes[0]).status_code == 401  # spent
    with engine.Session() as s:
        stored = s.get(Officer, officer_id(engine, "ravi")).totp_recovery["hashes"]
    assert len(stored) == 9 and all(len(h) == 64 and codes[1].replace("-", "") not in h for h in stored)
    ravi = f"officer:{officer_id(engine, 'ravi')}"
    assert actions(engine, ravi).count("login_code_failed") == 3
    assert "totp_enrolled" in actions(engine, ravi) and actions(engine, ravi).count("login_code_ok") == 2


def test_wrong_codes_are_counted_on_the_server(engine, people, clock):
    app = make_app(engine, clock)
    client = app.test_client()
    login(client, "ravi")
    secret, _ = enrol(client, clock())
    for n in range(5):
        fresh = app.test_client()  # a new cookie each time: the count is not the cookie's
        password_step(fresh, "ravi")
        assert code_step(fresh, f"{n:06d}").status_code == 401
    last = app.test_client()
    password_step(last, "ravi")
    refused = code_step(last, pyotp.TOTP(secret).at(clock() + timedelta(seconds=30)))
    assert refused.headers["Location"].endswith("/console/login")  # even the right code waits now


def test_required_two_factor_sends_an_officer_to_enrol_and_the_cli_resets_it(engine, people, clock, tmp_path):
    app = make_app(engine, clock, two_factor="required")
    client = app.test_client()
    first = password_step(client, "asha")
    assert first.headers["Location"].endswith("/console/account/two-factor")
    assert client.get("/console/").headers["Location"].endswith("/console/account/two-factor")
    enrol(client, clock())
    assert client.get("/console/").status_code == 200

    with engine.Session.begin() as s:
        from bot.console.totp import reset

        reset(s, s.get(Officer, officer_id(engine, "asha")), clock(), "cli")
    assert client.get("/console/").status_code in (302, 401)  # the reset ended her sessions
    assert "totp_reset" in actions(engine, "cli")


def test_reset_2fa_from_the_command_line(tmp_path):
    db = f"sqlite:///{tmp_path / 'cli.sqlite3'}"

    def run(*args):
        return subprocess.run([sys.executable, "-m", "bot", "officers", *args, "--db", db, "--password-stdin"],
                              input=PASSWORD + "\n", capture_output=True, text=True, timeout=120)

    assert run("add", "meena").returncode == 0
    done = run("reset-2fa", "meena")
    assert done.returncode == 0 and "cleared" in done.stdout
    assert run("reset-2fa", "nobody").returncode == 2
    assert run("woman", "meena").returncode == 0 and "[woman]" in run("list").stdout
    assert run("add", "asha", "--woman").returncode == 0
    assert run("woman", "meena", "--off").returncode == 0
    listed = {line.split()[0]: line for line in run("list").stdout.splitlines()}
    assert "[woman]" in listed["asha"] and "[woman]" not in listed["meena"]


# -- networks ----------------------------------------------------------------------------------------
def test_the_console_answers_only_allowed_networks_and_believes_only_its_proxy(engine, people):
    app = make_app(engine, allowed_networks=["10.20.0.0/16"], proxy_networks=["127.0.0.1/32"])
    client = app.test_client()
    outside = client.get("/console/login", environ_base={"REMOTE_ADDR": "203.0.113.9"})
    assert outside.status_code == 403 and "not open from this network" in outside.get_data(as_text=True)
    assert client.get("/console/login", environ_base={"REMOTE_ADDR": "10.20.3.4"}).status_code == 200
    assert client.get("/webhooks/nothing", environ_base={"REMOTE_ADDR": "203.0.113.9"}).status_code == 404

    app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1)  # as webhook.py does with trusted_proxies: 1
    via_proxy = {"REMOTE_ADDR": "127.0.0.1"}
    assert client.get("/console/login", environ_base=via_proxy,
                      headers={"X-Forwarded-For": "10.20.3.4"}).status_code == 200
    assert client.get("/console/login", environ_base=via_proxy,
                      headers={"X-Forwarded-For": "198.51.100.7"}).status_code == 403
    forged = client.get("/console/login", environ_base={"REMOTE_ADDR": "203.0.113.9"},
                        headers={"X-Forwarded-For": "10.20.3.4"})  # not from the proxy: the header is not believed
    assert forged.status_code == 403


# -- need-to-know --------------------------------------------------------------------------------------
def sextortion_case(engine) -> tuple[Resident, int]:
    resident = Resident(engine, sender="+919800000077")
    for text in ("someone is blackmailing me with my private video, asking for money", "skip", "skip", "skip",
                 "skip"):
        resident.send(text)
    resident.send("", media=(Media("image/png", data=PNG),))
    resident.send("OFFICER")
    with engine.Session() as s:
        return resident, s.scalar(select(Case.id).where(Case.status == "waiting"))


def test_a_sextortion_case_is_seen_only_by_its_holder_and_supervisors(engine, people, clock):
    _, case_id = sextortion_case(engine)
    with engine.Session() as s:
        evidence_id = s.scalar(select(Evidence.id))
    app = make_app(engine, clock)
    ravi, meena, asha = app.test_client(), app.test_client(), app.test_client()
    login(ravi, "ravi"), login(meena, "meena"), login(asha, "asha")

    assert [c["id"] for c in ravi.get("/console/queue.json").get_json()["cases"]] == []
    assert [c["id"] for c in meena.get("/console/queue.json").get_json()["cases"]] == [case_id]
    for path in (f"/console/cases/{case_id}", f"/console/cases/{case_id}/messages.json",
                 f"/console/evidence/{evidence_id}"):
        refused = ravi.get(path)
        assert refused.status_code == 403, path
        assert "kept to a few officers" in refused.get_data(as_text=True) and b"blackmail" not in refused.data
    assert ravi.post(f"/console/cases/{case_id}/claim", data={"csrf_token": token(ravi, "/console/")}).status_code == 403
    for _ in range(3):  # a page left open polls: one row a visit, not one a poll
        assert ravi.get(f"/console/cases/{case_id}/messages.json").status_code == 403
    with engine.Session() as s:
        refusals = s.scalars(select(AuditEvent).where(AuditEvent.action == "need_to_know_refused")).all()
    assert len(refusals) == 4 and {r.actor for r in refusals} == {f"officer:{officer_id(engine, 'ravi')}"}
    assert {r.case_id for r in refusals} == {case_id}

    assert meena.get(f"/console/cases/{case_id}").status_code == 200  # a supervisor sees it
    with engine.Session.begin() as s:  # and gives it to Asha
        Casework(engine.res.texts).claim(s, case_id, s.get(Officer, officer_id(engine, "asha")), clock())
    assert asha.get(f"/console/cases/{case_id}").status_code == 200  # the officer holding it sees it
    assert asha.get(f"/console/evidence/{evidence_id}").status_code == 200
    assert ravi.get(f"/console/cases/{case_id}").status_code == 403


def test_women_officers_see_them_where_the_unit_says_so(engine, people, clock):
    _, case_id = sextortion_case(engine)
    with engine.Session.begin() as s:
        s.get(Officer, officer_id(engine, "asha")).woman = True
    app = make_app(engine, clock, need_to_know=engine.config.console.need_to_know.model_copy(
        update={"women_officers": True}))
    asha, ravi = app.test_client(), app.test_client()
    login(asha, "asha"), login(ravi, "ravi")
    assert [c["id"] for c in asha.get("/console/queue.json").get_json()["cases"]] == [case_id]
    assert asha.get(f"/console/cases/{case_id}").status_code == 200
    assert ravi.get(f"/console/cases/{case_id}").status_code == 403


def test_an_ordinary_case_is_open_to_every_officer(engine, people, clock):
    resident = Resident(engine)
    resident.send("I want to talk to an officer")
    app = make_app(engine, clock)
    ravi = app.test_client()
    login(ravi, "ravi")
    rows = ravi.get("/console/queue.json").get_json()["cases"]
    assert len(rows) == 1 and ravi.get(rows[0]["url"]).status_code == 200
