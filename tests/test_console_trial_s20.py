"""Officers' trial, session 20 (a stranger in Chromium): a refused reply is loud, the close form checks the NCRP/FIR
number's shape, the claim is confirmed. Browser checks of the same findings: tests/test_browser_console_s20.py."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.cases import alerts_batch, sla
from bot.cases.casework import Casework, CaseworkError
from bot.store.models.cases import AuditEvent, Case
from bot.store.models.officers import Officer
from bot.store.models.operations import Outbox
from conftest import NOW
from fakes import clock, make_app, telegram_fake, twilio_fake  # noqa: F401  (fixtures)
from test_casework import add_officer, golden_hour_case

GROUP, SUPERVISORS = "-100777", "-100999"


def _config(engine):
    return engine.config.model_copy(update={"console": engine.config.console.model_copy(update={
        "officers_chat_id": GROUP, "supervisors_chat_id": SUPERVISORS})})


def _refused_reply(engine, make_app, clock, twilio_fake):
    """An urgent case claimed by ravi, whose reply WhatsApp refuses for good (Twilio 21211, as a wrong account or a
    blocked number would): the outbox drains it through the fake Twilio."""
    rt = make_app().extensions["cyber_sahayak"]
    _, case_id = golden_hour_case(engine)
    ravi = add_officer(engine, "ravi")
    work = Casework(engine.res.texts)
    with engine.Session.begin() as s:
        work.claim(s, case_id, s.get(Officer, ravi.id), NOW)
        work.reply(s, case_id, s.get(Officer, ravi.id), "Namaste, main SI Ravi. UTR number bataiye.", NOW)
    twilio_fake.plan = [(400, 21211)] * 20
    rt.drain()
    return rt, case_id, ravi


def test_a_reply_the_provider_refuses_is_alerted_flagged_and_not_counted_as_a_reply(engine, make_app, clock,
                                                                                   twilio_fake):
    _, case_id, _ = _refused_reply(engine, make_app, clock, twilio_fake)
    config = _config(engine)
    report = sla.check(engine.Session, config, engine.res.texts, NOW + timedelta(seconds=20))
    assert report.reply_failed == [case_id] and report.reply_overdue == []
    alerts_batch.flush(engine.Session, config, NOW + timedelta(seconds=20))
    with engine.Session() as s:
        case = s.get(Case, case_id)
        assert case.officer_replied_at is None  # a refused reply is no reply
        assert "reply_failed" in sla.flags(s, case)  # the queue row's and the case header's flag
        alerts = s.scalars(select(Outbox).where(Outbox.recipient.in_((GROUP, SUPERVISORS)),
                                                Outbox.status == "pending")).all()
        audit = s.scalars(select(AuditEvent).where(AuditEvent.action == "reply_failed")).one()
    assert {a.recipient for a in alerts} == {GROUP, SUPERVISORS}
    assert all(f"REPLY NOT DELIVERED - Ravi (ravi)'s reply did not reach the resident" in a.text
               and f"case #{case_id}" in a.text for a in alerts), [a.text for a in alerts]
    assert audit.detail["officer"] == "Ravi (ravi)"
    # once, not every pass
    assert sla.check(engine.Session, config, engine.res.texts, NOW + timedelta(seconds=40)).reply_failed == []
    # the reply SLA still runs: "No reply yet" after the reply minutes from the claim
    later = NOW + timedelta(minutes=engine.config.console.reply_sla_minutes, seconds=5)
    assert sla.check(engine.Session, config, engine.res.texts, later).reply_overdue == [case_id]


def test_a_refused_reply_after_one_that_reached_the_resident_is_alerted_but_the_reply_still_counts(
        engine, make_app, clock, twilio_fake):
    rt = make_app().extensions["cyber_sahayak"]
    _, case_id = golden_hour_case(engine)
    ravi = add_officer(engine, "ravi")
    work = Casework(engine.res.texts)
    with engine.Session.begin() as s:
        work.claim(s, case_id, s.get(Officer, ravi.id), NOW)
        work.reply(s, case_id, s.get(Officer, ravi.id), "Please call 1930 now.", NOW)
    rt.drain()  # reached
    with engine.Session.begin() as s:
        work.reply(s, case_id, s.get(Officer, ravi.id), "And tell me the bank's name.", NOW + timedelta(seconds=30))
    twilio_fake.plan = [(400, 21211)]
    clock.advance(30)
    rt.drain()
    report = sla.check(engine.Session, _config(engine), engine.res.texts, NOW + timedelta(minutes=30))
    assert report.reply_failed == [case_id] and report.reply_overdue == []
    with engine.Session() as s:
        assert s.get(Case, case_id).officer_replied_at is not None


def test_a_new_reply_from_the_officer_clears_the_flag(engine, make_app, clock, twilio_fake):
    _, case_id, ravi = _refused_reply(engine, make_app, clock, twilio_fake)
    sla.check(engine.Session, _config(engine), engine.res.texts, NOW + timedelta(seconds=20))
    with engine.Session.begin() as s:
        Casework(engine.res.texts).reply(s, case_id, s.get(Officer, ravi.id), "Trying again.", NOW + timedelta(minutes=1))
    with engine.Session() as s:
        assert "reply_failed" not in sla.flags(s, s.get(Case, case_id))
