"""Officers' actions on cases, SLAs and the audit log, at the database level (SQLite and PostgreSQL)."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta, timezone

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from bot.cases import officers, sla
from bot.cases.casework import Casework, CaseworkError
from bot.store.models.cases import AuditEvent, Case
from bot.store.models.residents import Message
from bot.store.models.officers import Officer
from bot.store.models.operations import Outbox
from conftest import NOW, Resident

PASSWORD = "Correct-Horse-9"


def add_officer(engine, username, role="officer"):
    with engine.Session.begin() as s:
        return officers.add(s, username, username.title(), PASSWORD, role, NOW)


def golden_hour_case(engine, sender="+919812345678"):
    resident = Resident(engine, sender=sender, phone=sender)
    resident.send("15000 was debited from my account just now")
    for answer in ("sbi", "4471", "412345678901", "fraud@ybl"):
        out = resident.send(answer)
    return resident, out.case["id"]


def test_claim_is_atomic_one_of_two_officers_wins(engine):
    _, case_id = golden_hour_case(engine)
    a, b = add_officer(engine, "asha"), add_officer(engine, "bilal")
    work = Casework(engine.res.texts)

    def try_claim(officer):
        with engine.Session.begin() as s:
            return work.claim(s, case_id, s.get(Officer, officer.id), NOW)

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(try_claim, [a, b]))
    assert sorted(results) == [False, True]
    with engine.Session() as s:
        case = s.get(Case, case_id)
        assert case.status == "claimed" and case.claimed_by in (f"officer:{a.id}", f"officer:{b.id}")
        claims = s.scalars(select(AuditEvent).where(AuditEvent.case_id == case_id, AuditEvent.action == "claimed"))
        assert len(claims.all()) == 1


def test_takeover_reply_handback_close(engine):
    resident, case_id = golden_hour_case(engine)
    meena = add_officer(engine, "meena")
    work = Casework(engine.res.texts)
    with engine.Session.begin() as s:
        assert work.claim(s, case_id, s.get(Officer, meena.id), NOW)
    with engine.Session() as s:
        joined = s.scalars(select(Outbox).where(Outbox.kind == "officer")).all()
        assert any("Meena" in row.text for row in joined)  # display name only
        assert all(row.recipient == "+919812345678" for row in joined)
    out = resident.send("hello? is anyone there")
    assert out.silent  # the bot says nothing while an officer holds the chat
    with engine.Session.begin() as s:
        work.reply(s, case_id, s.get(Officer, meena.id), "I am calling your bank now.", NOW)
        with pytest.raises(CaseworkError):
            work.reply(s, case_id, s.get(Officer, meena.id), "   ", NOW)
    with engine.Session.begin() as s:
        work.hand_back(s, case_id, s.get(Officer, meena.id), NOW)
    out = resident.send("MENU")
    assert not out.silent and "1. Report money fraud" in out.texts[0]
    with engine.Session.begin() as s:
        with pytest.raises(CaseworkError):
            work.close(s, case_id, s.get(Officer, meena.id), "ncrp_filed", NOW)  # needs the number
    with engine.Session.begin() as s:
        work.close(s, case_id, s.get(Officer, meena.id), "ncrp_filed", NOW, number="31609240012345")
    with engine.Session() as s:
        case = s.get(Case, case_id)
        assert case.status == "closed" and case.outcome_detail["number"] == "31609240012345"
        actions = [e.action for e in s.scalars(select(AuditEvent).where(AuditEvent.case_id == case_id))]
        assert actions[:1] == ["escalated"] and {"claimed", "replied", "handed_back", "closed"} <= set(actions)
        officer_msg = s.scalar(select(Message).where(Message.author == f"officer:{meena.id}"))
        assert officer_msg.text == "I am calling your bank now." and officer_msg.case_id == case_id


def test_only_the_holder_replies_and_transfer_moves_the_chat(engine):
    _, case_id = golden_hour_case(engine)
    a, b = add_officer(engine, "asha"), add_officer(engine, "bilal")
    work = Casework(engine.res.texts)
    with engine.Session.begin() as s:
        work.claim(s, case_id, s.get(Officer, a.id), NOW)
    with engine.Session.begin() as s, pytest.raises(CaseworkError):
        work.reply(s, case_id, s.get(Officer, b.id), "hi", NOW)
    with engine.Session.begin() as s:
        work.transfer(s, case_id, s.get(Officer, a.id), s.get(Officer, b.id), NOW)
    with engine.Session.begin() as s:
        work.reply(s, case_id, s.get(Officer, b.id), "Bilal here.", NOW)


def test_bank_freeze_request_has_what_a_nodal_officer_needs(engine):
    resident, case_id = golden_hour_case(engine)
    for answer in ("1", "Sunita Devi", "South", "same"):
        resident.send(answer)
    meena = add_officer(engine, "meena")
    with engine.Session.begin() as s:
        body = Casework(engine.res.texts).freeze(s, case_id, s.get(Officer, meena.id), NOW, engine.config).text()
    for needed in ("Sunita Devi", "State Bank", "4471", "₹15,000", "412345678901", "fraud@ybl", "CS-"):
        assert needed in body, needed
    with engine.Session.begin() as s:
        Casework(engine.res.texts).freeze_sent(s, case_id, s.get(Officer, meena.id), "SBI nodal, nodal@sbi.co.in", NOW)
    with engine.Session() as s:
        sent = s.scalar(select(AuditEvent).where(AuditEvent.action == "freeze_request_sent"))
        assert sent.detail["sent_to"].startswith("SBI")


def test_audit_log_cannot_be_edited(engine):
    golden_hour_case(engine)
    with pytest.raises(DBAPIError):
        with engine.Session.begin() as s:
            s.execute(text("UPDATE audit_events SET actor = 'someone else'"))
    with pytest.raises(DBAPIError):
        with engine.Session.begin() as s:
            s.execute(text("DELETE FROM audit_events"))
    if engine.Session.kw["bind"].dialect.name == "postgresql":
        with pytest.raises(DBAPIError):
            with engine.Session.begin() as s:
                s.execute(text("TRUNCATE audit_events"))
    with engine.Session() as s:
        assert s.scalar(text("SELECT count(*) FROM audit_events")) > 0


def test_weak_or_default_passwords_are_refused(engine):
    with engine.Session.begin() as s:
        for weak in ("password", "admin", "Short1", "alllowercase123"):
            with pytest.raises(officers.OfficerError):
                officers.add(s, "x" + str(len(weak)), "X", weak, "officer", NOW)


def test_sla_with_a_controllable_clock(engine):
    config = engine.config.model_copy(update={"console": engine.config.console.model_copy(
        update={"officers_chat_id": "-100123"})})
    _, case_id = golden_hour_case(engine)
    with engine.Session() as s:
        created = s.get(Case, case_id).created_at
        alerts = s.scalars(select(Outbox).where(Outbox.recipient == "-100123")).all()
    assert len(alerts) == 0  # the engine's config has no group: the announcement was recorded only
    texts = engine.res.texts
    first = sla.check(engine.Session, config, texts, created + timedelta(seconds=30))
    assert first.breached == [] and first.announced == []  # already announced by the engine
    breach = sla.check(engine.Session, config, texts, created + timedelta(minutes=2, seconds=1))
    assert breach.breached == [case_id] and breach.residents_told == [case_id]
    again = sla.check(engine.Session, config, texts, created + timedelta(minutes=3))
    assert again.breached == [] and again.residents_told == []  # a second pass (or scheduler) sends nothing
    later = sla.check(engine.Session, config, texts, created + timedelta(minutes=7, seconds=5))
    assert later.breached == [case_id]  # re-announced after realert_minutes
    with engine.Session() as s:
        told = s.scalars(select(Outbox).where(Outbox.recipient == "+919812345678",
                                              Outbox.idempotency_key.like("%officer-coming%"))).all()
        assert len(told) == 1 and "1930" in told[0].text
        group = s.scalars(select(Outbox).where(Outbox.recipient == "-100123")).all()
        assert len(group) == 2 and all("+919812345678" not in row.text and "5678" in row.text for row in group)  # masked


def test_claimed_case_without_reply_is_flagged(engine):
    _, case_id = golden_hour_case(engine)
    meena = add_officer(engine, "meena")
    with engine.Session.begin() as s:
        Casework(engine.res.texts).claim(s, case_id, s.get(Officer, meena.id), NOW)
    report = sla.check(engine.Session, engine.config, engine.res.texts, NOW + timedelta(minutes=11))
    assert report.reply_overdue == [case_id]
    with engine.Session() as s:
        assert "reply_overdue" in sla.flags(s, s.get(Case, case_id))


def test_one_reply_form_posted_twice_at_the_same_moment_is_sent_once(engine):
    """F12 (session 20): the same reply form posted twice at once (a double click reaching two workers) queues one
    message; the other post is told "Already sent" and leaves nothing behind (no second message in the thread)."""
    import threading

    from bot.cases.casework import AlreadySent, new_form_id

    _, case_id = golden_hour_case(engine)
    meena = add_officer(engine, "meena")
    work = Casework(engine.res.texts)
    with engine.Session.begin() as s:
        assert work.claim(s, case_id, s.get(Officer, meena.id), NOW)
    form_id, start = new_form_id(), threading.Barrier(2)

    def post(_):
        start.wait()
        try:
            with engine.Session.begin() as s:
                work.reply(s, case_id, s.get(Officer, meena.id), "Please keep the SMS from the bank.", NOW, form_id)
            return "sent"
        except AlreadySent:
            return "already sent"

    with ThreadPoolExecutor(max_workers=2) as pool:
        assert sorted(pool.map(post, range(2))) == ["already sent", "sent"]
    with engine.Session() as s:
        assert len(s.scalars(select(Outbox).where(Outbox.text == "Please keep the SMS from the bank.")).all()) == 1
        assert len(s.scalars(select(Message).where(Message.text == "Please keep the SMS from the bank.")).all()) == 1
    with engine.Session.begin() as s:  # a token not of ours is refused, not taken for none
        with pytest.raises(CaseworkError):
            work.reply(s, case_id, s.get(Officer, meena.id), "x", NOW, "<script>")
