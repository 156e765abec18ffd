"""Retention deletes exactly what is past its time, nothing on legal hold, and never the audit log (both databases)."""
from __future__ import annotations

from datetime import timezone

import pytest
from sqlalchemy import func, select

from bot.cases import retention
from bot.config import RetentionSettings
from bot.store.models.cases import AuditEvent, Case
from bot.store.models.residents import Contact, Evidence, Incident, Message
from conftest import NOW
from opsdata import attach, case_of, chat, close, days_ago, officer

NOW_UTC = NOW.astimezone(timezone.utc)


def messages_of(session, contact_id):
    return session.scalar(select(func.count(Message.id)).where(Message.contact_id == contact_id))


def populate(engine):
    """Six residents, each on one side of a retention line."""
    sup = officer(engine)
    people = {}
    people["old_chat"] = chat(engine, "+919800000001", days_ago(NOW_UTC, 200))            # past 180 days, no case
    people["new_chat"] = chat(engine, "+919800000002", days_ago(NOW_UTC, 20))             # within 180 days
    people["old_closed"] = chat(engine, "+919800000003", days_ago(NOW_UTC, 1500), case=True)
    people["held"] = chat(engine, "+919800000004", days_ago(NOW_UTC, 1500), case=True)
    people["old_open"] = chat(engine, "+919800000005", days_ago(NOW_UTC, 1500), case=True)
    people["recent_closed"] = chat(engine, "+919800000006", days_ago(NOW_UTC, 400), case=True)
    hashes = {name: attach(engine, r, name) for name, r in people.items() if name != "new_chat"}
    hashes["new_chat"] = attach(engine, people["new_chat"], "new_chat")
    close(engine, case_of(engine, people["old_closed"]), sup, days_ago(NOW_UTC, 1400))
    close(engine, case_of(engine, people["held"]), sup, days_ago(NOW_UTC, 1400))
    close(engine, case_of(engine, people["recent_closed"]), sup, days_ago(NOW_UTC, 300))
    with engine.Session.begin() as s:
        assert retention.set_hold(s, s.get(Case, case_of(engine, people["held"])), True, f"officer:{sup}",
                                  days_ago(NOW_UTC, 10), reason="FIR 12/2026, court order")
    return people, hashes


def snapshot(engine, people):
    with engine.Session() as s:
        out = {}
        for name, r in people.items():
            c = s.scalar(select(Contact).where(Contact.phone == r.phone)) or s.scalar(
                select(Contact).where(Contact.sender == r.sender))
            out[name] = c.id if c else None
        return out


def test_retention_erases_exactly_what_is_past_its_time(engine):
    people, hashes = populate(engine)
    ids = snapshot(engine, people)
    store = engine.config.evidence_path
    with engine.Session() as s:
        before = {name: messages_of(s, cid) for name, cid in ids.items()}
        audit_before = s.scalar(select(func.count(AuditEvent.id)))
    assert all(before.values())

    with engine.Session.begin() as s:
        report = retention.run(s, engine.config, NOW_UTC)
    assert report

    with engine.Session() as s:
        after = {name: messages_of(s, cid) for name, cid in ids.items()}
        # Deleted: the case-less chat past 180 days and the case closed over three years ago.
        assert after["old_chat"] == 0 and after["old_closed"] == 0
        # Kept: a recent chat, the case on legal hold, the open case, the case closed 300 days ago.
        for name in ("new_chat", "held", "old_open", "recent_closed"):
            assert after[name] == before[name], name
        assert report.messages == before["old_chat"] + before["old_closed"]

        old_chat, old_closed = s.get(Contact, ids["old_chat"]), s.get(Contact, ids["old_closed"])
        assert old_chat.sender == f"erased:{old_chat.id}" and old_chat.phone is None
        assert old_closed.sender == f"erased:{old_closed.id}" and old_closed.phone is None
        assert s.get(Contact, ids["held"]).phone == people["held"].phone

        closed_case = s.scalar(select(Case).where(Case.contact_id == ids["old_closed"]))
        assert closed_case.erased_at is not None and closed_case.outcome == "advice_given"  # the case row stays
        incident = s.get(Incident, closed_case.incident_id)
        assert incident.fields == {"erased": True} and incident.reference and incident.amount == 15000
        held_incident = s.get(Incident, s.scalar(select(Case.incident_id).where(Case.contact_id == ids["held"])))
        assert held_incident.fields != {"erased": True} and held_incident.fields  # untouched details (a legal hold)

        kept_hashes = set(s.scalars(select(Evidence.sha256)))
        assert kept_hashes == {hashes[n] for n in ("new_chat", "held", "old_open", "recent_closed")}
        for name, sha in hashes.items():
            assert (store / sha[:2] / sha).exists() == (sha in kept_hashes), name

        # The audit log only grew, and says what was erased, with the deleted files' hashes.
        assert s.scalar(select(func.count(AuditEvent.id))) > audit_before
        summary = s.scalars(select(AuditEvent).where(AuditEvent.action == "retention")).one()
        assert summary.actor == "retention" and summary.detail["messages"] == report.messages
        deleted = [h for e in s.scalars(select(AuditEvent).where(AuditEvent.action == "retention_evidence_deleted"))
                   for h in e.detail["sha256"]]
        assert sorted(deleted) == sorted([hashes["old_chat"], hashes["old_closed"]])
        assert s.scalar(select(func.count(AuditEvent.id)).where(
            AuditEvent.action == "retention_erased", AuditEvent.case_id == closed_case.id)) == 1

    # A second run finds nothing more to do and writes nothing.
    with engine.Session.begin() as s:
        again = retention.run(s, engine.config, NOW_UTC)
    assert not again
    with engine.Session() as s:
        assert s.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action == "retention")) == 1


def test_lifting_the_hold_lets_retention_erase_and_both_are_audited(engine):
    people, _ = populate(engine)
    ids = snapshot(engine, people)
    case_id = case_of(engine, people["held"])
    with engine.Session.begin() as s:
        assert retention.set_hold(s, s.get(Case, case_id), False, "officer:1", NOW_UTC, reason="case disposed")
        assert not retention.set_hold(s, s.get(Case, case_id), False, "officer:1", NOW_UTC)  # no change, no row
    with engine.Session.begin() as s:
        retention.run(s, engine.config, NOW_UTC)
    with engine.Session() as s:
        assert messages_of(s, ids["held"]) == 0
        actions = [e.action for e in s.scalars(select(AuditEvent).where(AuditEvent.case_id == case_id)
                                               .order_by(AuditEvent.id))]
        assert actions.count("legal_hold_on") == 1 and actions.count("legal_hold_off") == 1
        assert actions.index("retention_erased") > actions.index("legal_hold_off")


def test_null_keeps_a_kind_of_data_forever(engine):
    people, hashes = populate(engine)
    ids = snapshot(engine, people)
    keep = engine.config.model_copy(update={"retention": RetentionSettings(
        unreported_conversations_days=None, closed_cases_days=None, evidence_days=None)})
    with engine.Session.begin() as s:
        assert not retention.run(s, keep, NOW_UTC)
    with engine.Session() as s:
        assert all(messages_of(s, cid) for cid in ids.values())
        assert s.scalar(select(func.count(Evidence.id))) == len(hashes)


def test_retention_settings_are_validated():
    from pydantic import ValidationError

    with pytest.raises(ValidationError):
        RetentionSettings(closed_cases_days=0)
    with pytest.raises(ValidationError):
        RetentionSettings(evidence_days="a year")


def test_the_scheduler_applies_retention_and_records_its_heartbeat(engine):
    """The scheduler's jobs as `python -m bot scheduler` runs them: retention with its audit row, a heartbeat
    on every outbox drain, and the retention job registered at config.yaml's check_hours."""
    from bot.store import heartbeats
    from bot import scheduler
    from bot.channels.runtime import Runtime
    from bot.channels.settings import ChannelSettings
    from fakes import FakeClock

    populate(engine)
    clock = FakeClock(NOW)
    runtime = Runtime(engine, ChannelSettings(), clock=clock)
    try:
        built = scheduler.build(runtime, blocking=False)
        job = built.get_job(scheduler.RETENTION_JOB)
        assert job.trigger.interval.total_seconds() == engine.config.retention.check_hours * 3600
        scheduler.drain_outbox()
        report = scheduler.apply_retention()
    finally:
        runtime.close()
    assert report and report.messages
    with engine.Session() as s:
        assert heartbeats.last(s) == NOW_UTC
        assert s.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action == "retention")) == 1


def _contact_id(engine, resident):
    with engine.Session() as s:
        return s.scalar(select(Contact.id).where(Contact.sender == resident.sender))


def _store_on(engine, resident, incident_id, seed):
    from bot.store import evidence
    from bot.messages import Media
    from opsdata import png
    with engine.Session.begin() as s:
        return evidence.store(s, engine.config.evidence_path, 10 ** 6, _contact_id(engine, resident), incident_id,
                              None, Media(content_type="image/png", data=png(seed)), resident.clock).sha256


@pytest.mark.parametrize("today", ["case", "writing"])
def test_a_returning_resident_keeps_todays_report_and_evidence(engine, today):
    """An old case closed four years ago; the same resident reports again today with a screenshot (a finished
    report, or one still being written): the old report and file go, today's stay untouched."""
    from conftest import Resident
    sup = officer(engine)
    old = chat(engine, "+919800000011", days_ago(NOW_UTC, 1500), case=True)
    for answer in ("1", "Asha", "South", "SAME", "1", "skip", "skip", "done"):  # the old report finished
        old.send(answer)
    assert "CS-" in old.last.replies[0].text
    old_case = case_of(engine, old)
    old_hash = attach(engine, old, "old-screenshot")
    close(engine, old_case, sup, days_ago(NOW_UTC, 1400))
    again = Resident(engine, sender=old.sender, phone=old.phone, start=days_ago(NOW_UTC, 0.01))
    again.send("mere account se abhi 15000 kat gaye")
    answers = ("1", "Asha", "South", "SAME", "1", "skip", "skip", "done")  # UPI, name, district, ..., no more files
    for answer in answers if today == "case" else answers[:3]:
        again.send(answer)
    assert again.last.case  # golden hour: an urgent case at once, while the report is still being written
    contact_id = _contact_id(engine, old)
    with engine.Session() as s:
        old_incident = s.get(Case, old_case).incident_id
        new_incident = s.scalar(select(Incident.id).where(Incident.contact_id == contact_id,
                                                          Incident.id != old_incident))
        assert new_incident, "today's report should exist"
        new_fields = dict(s.get(Incident, new_incident).fields)
        assert new_fields
    new_hash = _store_on(engine, again, new_incident, "today-screenshot")
    with engine.Session() as s:
        todays_messages = s.scalar(select(func.count(Message.id)).where(
            Message.contact_id == contact_id, Message.created_at >= days_ago(NOW_UTC, 1)))
    assert todays_messages

    with engine.Session.begin() as s:
        retention.run(s, engine.config, NOW_UTC)

    store = engine.config.evidence_path
    with engine.Session() as s:
        assert set(s.scalars(select(Evidence.sha256).where(Evidence.contact_id == contact_id))) == {new_hash}
        assert (store / new_hash[:2] / new_hash).exists() and not (store / old_hash[:2] / old_hash).exists()
        assert s.get(Incident, new_incident).fields == new_fields  # today's report untouched
        assert s.get(Incident, old_incident).fields == {"erased": True}
        assert s.get(Case, old_case).erased_at is not None
        assert s.scalar(select(func.count(Message.id)).where(Message.contact_id == contact_id)) == todays_messages
        assert s.get(Contact, contact_id).phone == old.phone  # an active resident is not anonymised
        erased = s.scalars(select(AuditEvent).where(AuditEvent.action == "retention_erased")).one()
        assert erased.case_id == old_case and erased.detail["incident"]
        deleted = s.scalars(select(AuditEvent).where(AuditEvent.action == "retention_evidence_deleted")).one()
        assert deleted.case_id == old_case and deleted.detail["sha256"] == [old_hash]
        assert deleted.detail["incidents"] == [erased.detail["incident"]]
