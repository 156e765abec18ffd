"""Opt-in safety tips (issue 7): STOP and START, a tip per week or month with no repeats, quiet hours and
pacing, all with a controllable clock. SQLite and PostgreSQL."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select

from bot.store import outbox
from bot.outreach import pacing, proactive, reminders
from bot.config import QuietHours
from bot.store.models.cases import AuditEvent, Case
from bot.store.models.residents import Contact, Message
from bot.store.models.operations import Outbox
from bot.store.models.outreach import ReminderSubscription
from conftest import IST, NOW, Resident
from fakes import clock, make_app, telegram_fake, twilio_fake  # noqa: F401,F811 (fixtures)
from test_households import RESIDENT, add_officers, configure, register
from test_whatsapp import WhatsAppResident

FIRST_DUE = datetime(2026, 12, 4, 11, 0, tzinfo=IST)  # a week after NOW (Friday 27 Nov, 10:00), at send_time


def tick(engine, at):
    return proactive.tick(engine.Session, engine.config, engine.res.texts, engine.res.knowledge, at)


def tips(engine) -> list[Outbox]:
    with engine.Session() as s:
        return list(s.scalars(select(Outbox).where(Outbox.kind == "reminder").order_by(Outbox.id)))


def subscription(engine) -> ReminderSubscription:
    with engine.Session() as s:
        return s.scalar(select(ReminderSubscription))


def senior(engine, **changes):
    add_officers(engine)
    register(engine, family_number="", **changes)
    return Resident(engine, sender=RESIDENT, start=NOW)


# -- STOP and START ---------------------------------------------------------------------------------
def test_stop_as_the_whole_message_stops_at_once_and_is_confirmed(engine):
    resident = senior(engine)
    tick(engine, FIRST_DUE)
    assert [row.status for row in tips(engine)] == ["pending"]
    out = resident.send("STOP")
    assert len(out.texts) == 1 and "अब आपको हमारी ओर से कोई सुझाव या संदेश नहीं आएगा" in out.texts[0]
    assert not subscription(engine).active and subscription(engine).stopped_at is not None
    assert [row.status for row in tips(engine)] == ["cancelled"]  # queued, not sent: never sent
    tick(engine, FIRST_DUE + timedelta(days=60))
    assert len(tips(engine)) == 1
    with engine.Session() as s:
        assert s.scalar(select(AuditEvent).where(AuditEvent.action == "reminders_stopped"))


def test_he_wont_stop_calling_is_not_a_stop(engine):
    resident = senior(engine)
    out = resident.send("he won't stop calling me, please help")
    assert subscription(engine).active
    assert not any("no more tips" in t or "कोई सुझाव या संदेश नहीं" in t for t in out.texts)
    assert out.intent not in (None, "unknown")
    for message in ("stop calling me", "please stop", "STOP!!", "बंद करें।"):
        reminders_word = reminders.keyword(message)
        assert reminders_word == ("stop" if message in ("STOP!!", "बंद करें।") else None), message


def test_hindi_stop_then_start_resumes_and_both_are_confirmed(engine):
    resident = senior(engine)
    out = resident.send("बंद करें")
    assert "START" in out.texts[0] and not subscription(engine).active
    out = resident.send("START")
    assert "सप्ताह" in out.texts[0] and subscription(engine).active  # "every week", in Hindi
    assert subscription(engine).next_due_at == datetime(2026, 12, 4, 11, 0, tzinfo=IST)


def test_start_and_stop_without_consent_never_subscribe(engine):
    resident = Resident(engine, sender="+919877777777", phone="+919877777777")
    resident.send("hello")
    resident.send("1")
    out = resident.send("START")
    assert "1. Report money fraud" in out.texts[-1]  # START keeps its old meaning: the menu
    out = resident.send("STOP")
    assert "only when you write to us" in out.texts[0]
    with engine.Session() as s:
        assert s.scalar(select(func.count()).select_from(ReminderSubscription)) == 0


def test_stop_in_the_middle_of_a_report_and_in_a_chat_an_officer_holds(engine):
    resident = senior(engine)
    resident.send("1")  # the welcome reply
    question = resident.send("1").texts[-1]  # "I lost money": the first question
    out = resident.send("STOP")
    assert out.texts[-1] == question and len(out.texts) == 2  # confirmed, then the same question again
    resident.send("START")
    out = resident.send("0")  # a person: the case an officer then holds
    with engine.Session.begin() as s:
        case = s.get(Case, out.case["id"])
        case.status, case.claimed_by = "claimed", "officer:1"
    out = resident.send("STOP")
    assert "START" in out.texts[0]
    with engine.Session() as s:
        stop = s.scalar(select(Message).where(Message.direction == "in").order_by(Message.id.desc()))
        assert stop.case_id == case.id and not s.scalar(select(ReminderSubscription.active))


def test_stop_is_answered_in_the_same_whatsapp_request(make_app, engine, clock):
    add_officers(engine)
    register(engine, now=clock.now(), family_number="")
    client = make_app().test_client()
    resident = WhatsAppResident(client, clock, number=RESIDENT)
    replies = resident.send("STOP")  # the TwiML answer to this very webhook request
    assert len(replies) == 1 and "START" in replies[0]
    assert not subscription(engine).active


# -- the tips ------------------------------------------------------------------------------------------
def test_one_tip_a_week_in_the_residents_language_never_repeated_until_all_were_sent(engine):
    senior(engine)
    topics = reminders.topic_order(engine.res.knowledge, 1)
    assert len(topics) == len(engine.res.knowledge.topics) == 45  # session 12: + child_in_game_purchases; session 11: + upi_sent_by_mistake, aadhaar_safety, rbi_zero_liability
    at = FIRST_DUE
    tick(engine, at - timedelta(minutes=1))
    assert tips(engine) == []  # not due yet
    for week in range(len(topics) + 1):
        tick(engine, at)
        tick(engine, at + timedelta(minutes=1))  # a second run the same day sends nothing more
        at = subscription(engine).next_due_at
        assert at.astimezone(IST).strftime("%a %H:%M") == "Fri 11:00"
    sent = [row.idempotency_key.split(":")[-1] for row in tips(engine)]
    assert len(sent) == len(topics) + 1
    assert sorted(sent[:len(topics)]) == sorted(topics)  # every topic once before any repeats
    assert sent[len(topics)] == sent[0] and subscription(engine).rounds == 1
    first = tips(engine)[0]
    assert first.text.startswith("साइबर सहायक का सुरक्षा सुझाव:") and "बंद करें" in first.text
    assert first.language == "hi" and first.channel == "whatsapp" and first.recipient == RESIDENT


def test_a_monthly_tip_and_nothing_to_anyone_who_did_not_opt_in(engine):
    add_officers(engine)
    register(engine, family_number="", frequency="monthly")
    register(engine, number="98000 00002", family_number="", reminders_consent=False)
    Resident(engine, sender="+919877777777").send("hello")
    assert subscription(engine).next_due_at == datetime(2026, 12, 27, 11, 0, tzinfo=IST)
    for day in range(0, 120, 3):
        tick(engine, NOW + timedelta(days=day))
    recipients = {row.recipient for row in tips(engine)}
    assert recipients == {RESIDENT} and len(tips(engine)) == 3  # 27 Dec, 27 Jan, 27 Feb
    with engine.Session() as s:  # only the two welcomes went to anyone else: no tips, no campaigns
        others = s.scalars(select(Outbox.kind).where(Outbox.recipient != RESIDENT)).all()
        assert others == ["welcome"]


# -- quiet hours and pacing ---------------------------------------------------------------------------
def many_seniors(engine, count: int):
    add_officers(engine)
    for i in range(count):
        register(engine, number=f"98000 {i:05d}", family_number="", resident_name=f"Resident {i}")


def test_nothing_in_quiet_hours_and_it_resumes_in_the_morning(engine):
    many_seniors(engine, 12)
    late = datetime(2026, 12, 4, 20, 59, 50, tzinfo=IST)  # due since 11:00; the scheduler was down all day
    report = tick(engine, late)
    queued = tips(engine)
    assert report.tips == len(queued) == 5  # 1 a second, and the last must leave 5 s before 21:00
    assert max(r.next_attempt_at for r in queued) < datetime(2026, 12, 4, 20, 59, 55, tzinfo=IST)
    for at in (datetime(2026, 12, 4, 21, 0, 0, tzinfo=IST), datetime(2026, 12, 5, 2, 0, tzinfo=IST),
               datetime(2026, 12, 5, 7, 59, 59, tzinfo=IST)):
        assert tick(engine, at).quiet and len(tips(engine)) == 5
    morning = datetime(2026, 12, 5, 8, 0, tzinfo=IST)
    assert tick(engine, morning).tips == 7
    assert min(r.next_attempt_at for r in tips(engine)[5:]) >= morning


def test_a_retry_that_falls_in_quiet_hours_waits_for_the_morning(engine):
    senior(engine)
    tick(engine, FIRST_DUE)
    with engine.Session.begin() as s:
        row = s.scalar(select(Outbox).where(Outbox.kind == "reminder"))
        row.attempts, row.next_attempt_at = 1, datetime(2026, 12, 4, 21, 30, tzinfo=IST)  # a backoff retry
        s.scalar(select(Outbox).where(Outbox.kind == "welcome")).status = "delivered"
    assert tick(engine, datetime(2026, 12, 4, 21, 31, tzinfo=IST)).deferred == 1
    assert tips(engine)[0].next_attempt_at == datetime(2026, 12, 5, 8, 0, tzinfo=IST)
    assert pacing.is_quiet(datetime(2026, 12, 5, 7, 0, tzinfo=IST), engine.config)
    assert not pacing.is_quiet(datetime(2026, 12, 5, 12, 0, tzinfo=IST), engine.config)


def test_quiet_hours_within_one_day_are_read_as_such(engine):
    config = configure(engine, reminders=engine.config.reminders.model_copy(
        update={"quiet_hours": QuietHours(start="13:00", end="15:00")}))
    assert pacing.is_quiet(datetime(2026, 12, 4, 14, 0, tzinfo=IST), config)
    assert not pacing.is_quiet(datetime(2026, 12, 4, 22, 0, tzinfo=IST), config)


def test_tips_are_paced_under_the_rate_and_sent_only_when_due(make_app, engine, clock, twilio_fake):
    many_seniors(engine, 4)
    configure(engine, reminders=engine.config.reminders.model_copy(update={"per_minute": {"whatsapp": 6,
                                                                                           "telegram": 600}}))
    runtime = make_app(config=engine.config).extensions["cyber_sahayak"]
    runtime.drain()  # the welcomes
    clock.advance((FIRST_DUE - NOW).total_seconds())
    assert tick(engine, clock.now()).tips == 4  # horizon 60 s: 0, 10, 20, 30 s
    due = [row.next_attempt_at for row in tips(engine)]
    assert [int((b - a).total_seconds()) for a, b in zip(due, due[1:])] == [10, 10, 10]
    sent = []
    for _ in range(4):
        runtime.drain()
        sent.append(len([m for m in twilio_fake.created if "सुरक्षा सुझाव" in m.get("Body", "")]))
        clock.advance(10)
    assert sent == [1, 2, 3, 4]  # one every ten seconds, never two at once


def test_tips_and_a_campaign_share_the_pace(engine):
    many_seniors(engine, 3)
    with engine.Session.begin() as s:
        outbox.enqueue(s, channel="whatsapp", recipient="+919999999999", text="x", key="k", now=FIRST_DUE,
                       kind="campaign")
    tick(engine, FIRST_DUE)
    with engine.Session() as s:
        times = sorted(s.scalars(select(Outbox.next_attempt_at).where(Outbox.kind.in_(("reminder", "campaign")))))
    assert [int((b - a).total_seconds()) for a, b in zip(times, times[1:])] == [1, 1, 1]
    with engine.Session() as s:
        assert s.scalar(select(func.count()).select_from(Contact).where(Contact.senior.is_(True))) == 3


def test_the_scheduler_jobs_queue_tips_and_lapse_offers(make_app, engine, clock):
    from bot import scheduler

    senior(engine)
    runtime = make_app().extensions["cyber_sahayak"]
    scheduler.configure(runtime)
    clock.advance((FIRST_DUE - NOW).total_seconds())
    assert scheduler.send_proactive().tips == 1  # the job itself, as the scheduler runs it
    resident = Resident(engine, sender=RESIDENT, start=clock.now())
    resident.send("0")
    clock.advance(60 * (engine.config.elderly.beat_officer_minutes + 1))
    assert len(scheduler.lapse_offers()) == 1
