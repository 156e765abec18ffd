"""Officers' Telegram alerts joined under a burst come in queue order, and a re-alert round with about 100 urgent
cases waiting is one short summary (officer stranger, session 11: 19 joined alerts in no order, #50, #240, #2 ...;
six messages of about 4,000 characters every 5 minutes). SQLite and PostgreSQL."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.cases import alerts_batch, sla
from bot.store.models.operations import Outbox
from conftest import NOW
from test_console_live import _alert, _group_config
from test_queue_golden_hour import add_case


def test_joined_alerts_are_in_queue_order_most_urgent_and_oldest_first(engine):
    config = _group_config(engine)
    normal = add_case(engine, 1, "normal", NOW - timedelta(hours=5))
    later = add_case(engine, 2, "urgent", NOW - timedelta(hours=2), NOW - timedelta(hours=2))
    older = add_case(engine, 3, "urgent", NOW - timedelta(hours=3), NOW - timedelta(hours=3))
    high = add_case(engine, 4, "high", NOW - timedelta(hours=4))
    fresh = add_case(engine, 5, "urgent", NOW - timedelta(minutes=5), NOW - timedelta(minutes=5))  # hour still open
    with engine.Session.begin() as s:
        for case_id in (normal, later, older, high, fresh):  # queued in the order the scheduler met them
            _alert(s, case_id, "breach:1", NOW)
    alerts_batch.flush(engine.Session, config, NOW)
    with engine.Session() as s:
        sent = s.scalars(select(Outbox).where(Outbox.status == "pending")).one()
    assert sent.text.split("\n\n") == [f"alert {c} breach:1" for c in (fresh, older, later, high, normal)]


def test_a_re_alert_round_with_100_urgent_cases_is_one_short_summary(engine, monkeypatch):
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://helpline.example.gov.in")
    config = _group_config(engine)
    ids = [add_case(engine, n, "urgent", NOW - timedelta(hours=3) + timedelta(minutes=n), NOW - timedelta(hours=3))
           for n in range(100)]
    sla.check(engine.Session, config, engine.res.texts, NOW + timedelta(minutes=20))  # every one breached
    alerts_batch.flush(engine.Session, config, NOW + timedelta(minutes=20))
    with engine.Session() as s:
        sent = s.scalars(select(Outbox).where(Outbox.recipient == "-100777", Outbox.status == "pending")).all()
        held = s.scalars(select(Outbox).where(Outbox.status == "held")).all()
    assert len(sent) == 1 and not held  # one message, nothing left for the next slots
    lines = sent[0].text.split("\n")
    assert lines[0].startswith("100 cases need an officer") and len(sent[0].text) < 2_500
    assert [line.split(".", 1)[0] for line in lines[1:11]] == [str(n) for n in range(1, 11)]
    assert f"#{ids[0]} " in lines[1] and f"#{ids[9]} " in lines[10]  # the oldest first
    assert lines[-1] == "All of them, most urgent first: https://helpline.example.gov.in/console/"
