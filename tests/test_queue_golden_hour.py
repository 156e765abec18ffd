"""The officers' queue puts an urgent case whose golden hour is open before the urgent backlog whose hour has passed
(officer stranger, session 11: with 98 urgent cases waiting, a loss 0 minutes old sat on page 3): on queue.json's
first page at once, on an open queue page without a reload, and below the fresh ones once its hour has passed."""
from __future__ import annotations

from datetime import timedelta, timezone

from flask import Flask
from sqlalchemy import select

from bot import console
from bot.cases import cases, officers
from bot.store.models.cases import Case
from bot.store.models.residents import Contact, Incident
from conftest import NOW
from test_console import PASSWORD, login

SLA = {"urgent": 2, "high": 15, "normal": 60}


def add_case(engine, n: int, priority: str, opened, money_left_at=None, **fields) -> int:
    with engine.Session.begin() as s:
        contact = Contact(channel="whatsapp", sender=f"+9197{n:08d}", language="en")
        s.add(contact)
        s.flush()
        incident = Incident(reference=f"CS-G{n:06d}", contact_id=contact.id, category="financial_fraud",
                            flow_id="financial_fraud", amount=2000, money_left_at=money_left_at, fields=fields)
        s.add(incident)
        s.flush()
        return cases.escalate(s, contact, incident, priority, "golden_hour", opened, SLA)[0].id


def backlog(engine, count: int) -> list[int]:
    """``count`` urgent cases whose money left 3 hours ago (opened one a minute, oldest first), and 5 high ones."""
    old = [add_case(engine, n, "urgent", NOW - timedelta(hours=3) + timedelta(minutes=n),
                    NOW - timedelta(hours=3)) for n in range(count)]
    for n in range(count, count + 5):
        add_case(engine, n, "high", NOW - timedelta(hours=4))
    return old


def clocked_app(engine, now: list):
    app = Flask(__name__)
    app.secret_key = "test-secret-key-" + "x" * 16
    console.init_app(app, engine, clock=lambda: now[0].astimezone(timezone.utc))
    with engine.Session.begin() as s:
        officers.add(s, "meena", "SI Meena", PASSWORD, "supervisor", NOW)
    return app


def test_a_fresh_loss_is_first_on_page_one_ahead_of_98_urgent_cases_whose_hour_passed(engine):
    now = [NOW]
    client = clocked_app(engine, now).test_client()
    login(client)
    old = backlog(engine, 98)
    still_on = add_case(engine, 900, "urgent", NOW - timedelta(hours=2), None, ongoing=True)  # "it is still going on"
    fresh = add_case(engine, 901, "urgent", NOW, NOW)  # money left 0 minutes ago, opened last
    body = client.get("/console/queue.json").get_json()
    assert body["order"][:2] == [still_on, fresh]  # the open golden hours first, oldest first among them
    assert body["order"][2:50] == old[:48]  # the hour passed: they keep their oldest-first order
    rows = {row["id"]: row for row in body["cases"]}
    assert rows[fresh]["golden"] and rows[fresh]["golden_until"] == (NOW + timedelta(minutes=60)).timestamp()
    assert rows[still_on]["golden"] and rows[still_on]["golden_until"] is None  # no end while it goes on
    assert not rows[old[0]]["golden"]
    last = client.get("/console/queue.json?page=3").get_json()["order"]
    assert last[-5:] == sorted(last[-5:]) and len(last) == 5 + 98 + 2 - 100  # high after every urgent case

    now[0] = NOW + timedelta(minutes=61)  # the fresh case's hour has passed: back in its oldest-first place
    order = client.get("/console/queue.json").get_json()["order"]
    assert order[0] == still_on and fresh not in order  # now the newest of 99 urgent: page 2
    with engine.Session() as s:  # the terminal's queue (python -m bot cases) in the same order
        assert [c.id for c in cases.queue(s, now=NOW)][:3] == [still_on, fresh, old[0]]


def test_a_second_loss_told_now_reopens_the_golden_hour_and_a_life_at_risk_is_first(engine):
    client = clocked_app(engine, [NOW]).test_client()
    login(client)
    old = backlog(engine, 3)
    again = add_case(engine, 50, "urgent", NOW - timedelta(hours=5), NOW - timedelta(hours=5),
                     later_losses=[{"amount": 5000, "at": (NOW - timedelta(minutes=10)).isoformat()}])
    threat = add_case(engine, 51, "urgent", NOW - timedelta(hours=6), None, life_threat=True)
    assert client.get("/console/queue.json").get_json()["order"][:5] == [threat, again, *old]
