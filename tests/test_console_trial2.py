"""Issue 15, the stranger's second trial: what officers see in a burst of urgent cases. Group alerts (new urgent,
SLA breach, no reply yet) leave as one message per chat per ``group_alert_seconds``, the rest joined; a slow run
or Telegram's 429 only makes the next message longer; an alert about a case closed, claimed or replied to before
its message leaves is not sent. The burst runs on a controllable clock: the scheduler's one-second job is called
once per simulated second, no test waits."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.cases import alerts_batch, officers, sla
from bot.cases.casework import Casework
from bot.store.models.cases import Case
from bot.store.models.officers import Officer
from bot.store.models.operations import Outbox
from fakes import clock, make_app, telegram_fake, twilio_fake  # noqa: F401  (fixtures)
from conftest import NOW
from test_console import PASSWORD, app  # noqa: F401  (fixture)
from test_console_live import add_cases

GROUP, SUPERVISORS = "-100777", "-100999"


def _config(engine):
    return engine.config.model_copy(update={"console": engine.config.console.model_copy(update={
        "officers_chat_id": GROUP, "supervisors_chat_id": SUPERVISORS, "group_alert_seconds": 3})})


def _group_messages(fake, chat=GROUP) -> list[str]:
    return [r.form["text"] for r in fake.calls("sendMessage") if r.accepted and str(r.form.get("chat_id")) == chat]


def _announce(engine, config, case_id, now):
    with engine.Session.begin() as s:
        assert sla.announce(s, s.get(Case, case_id), config, now)


def test_a_burst_of_urgent_cases_reaches_the_group_as_one_joined_message_per_slot(engine, make_app, clock,
                                                                                   telegram_fake, monkeypatch):
    from bot.channels.telegram import TelegramSender

    config = _config(engine)
    runtime = make_app(config=config).extensions["cyber_sahayak"]
    urgent = add_cases(engine, 90)[::3]  # 30 urgent cases, as a burst brings them
    arriving = list(urgent[1:])
    send = TelegramSender.send

    def send_while_residents_write(self, item):  # residents keep writing while the job's drain is sending
        sent = send(self, item)
        if arriving:
            clock.advance(0.3)
            _announce(engine, config, arriving.pop(0), clock.now())
        return sent
    monkeypatch.setattr(TelegramSender, "send", send_while_residents_write)
    _announce(engine, config, urgent[0], clock.now())
    sent_at: list[tuple[float, int]] = []  # (second of the burst, group messages so far)
    for second in range(18):
        runtime.drain_group_alerts()  # the scheduler's one-second job
        sent_at.append((clock.now(), len(_group_messages(telegram_fake))))
        for _ in range(2):  # and two more a second between the job's runs
            if arriving:
                _announce(engine, config, arriving.pop(0), clock.now())
        clock.advance(1.0)
    messages = _group_messages(telegram_fake)
    assert sent_at[0][1] >= 1 and messages[0].count("URGENT") == 1  # the first at once, alone
    when = [at for (at, n), (_, before) in zip(sent_at, [(None, 0)] + sent_at) if n > before]
    assert all(n - before <= 1 for (_, n), (_, before) in zip(sent_at, [(None, 0)] + sent_at))
    assert all((b - a).total_seconds() >= 3 for a, b in zip(when, when[1:]))  # at most one message per 3 s
    assert len(messages) <= 6
    every = "\n".join(messages)
    assert all(f"#{case_id} " in every for case_id in urgent)  # none lost
    with engine.Session() as s:
        assert not s.scalars(select(Outbox).where(Outbox.recipient == GROUP, Outbox.status.in_(("held", "pending")))
                             ).all()


def test_a_slow_run_or_a_429_makes_the_next_message_longer_not_several_singles(engine, make_app, clock,
                                                                               telegram_fake):
    config = _config(engine)
    runtime = make_app(config=config).extensions["cyber_sahayak"]
    urgent = add_cases(engine, 36)[::3]
    _announce(engine, config, urgent[0], clock.now())
    runtime.drain_group_alerts()
    assert len(_group_messages(telegram_fake)) == 1
    for case_id in urgent[1:6]:  # the job did not run for 8 s (a slow run): five alerts piled up
        clock.advance(1.6)
        _announce(engine, config, case_id, clock.now())
    telegram_fake.plan = [(429, 5)]  # Telegram: too many requests, retry after 5 s
    runtime.drain_group_alerts()
    assert len(_group_messages(telegram_fake)) == 1
    for case_id in urgent[6:]:  # while Telegram asks to wait, more come; the job runs every second
        clock.advance(1.0)
        _announce(engine, config, case_id, clock.now())
        runtime.drain_group_alerts()
    clock.advance(3.0)
    runtime.drain_group_alerts()
    messages = _group_messages(telegram_fake)
    assert len(messages) == 3, messages  # the first; the five joined after the 429; the six that came meanwhile
    assert all(f"#{case_id}" in messages[1] for case_id in urgent[1:6])
    assert all(f"#{case_id}" in messages[2] for case_id in urgent[6:])


def test_breach_and_no_reply_alerts_are_joined_too_and_go_to_the_supervisors_once_per_slot(engine):
    config = _config(engine)
    ids = add_cases(engine, 12)
    with engine.Session.begin() as s:
        asha = officers.add(s, "asha", "SI Asha", PASSWORD, "officer", NOW)
    work = Casework(engine.res.texts)
    with engine.Session.begin() as s:
        for case_id in ids[:4]:
            work.claim(s, case_id, s.get(Officer, asha.id), NOW)
    sla.check(engine.Session, config, engine.res.texts, NOW + timedelta(minutes=90))  # breaches and no replies
    alerts_batch.flush(engine.Session, config, NOW + timedelta(minutes=90))
    with engine.Session() as s:
        released = s.scalars(select(Outbox).where(Outbox.recipient == SUPERVISORS, Outbox.status == "pending")).all()
    assert len(released) == 1
    assert released[0].text.count("No reply yet from SI Asha") == 4 and "SLA BREACH" in released[0].text


def test_an_alert_about_a_case_closed_or_replied_to_before_it_leaves_is_not_sent(engine, make_app, clock,
                                                                                telegram_fake):
    config = _config(engine)
    runtime = make_app(config=config).extensions["cyber_sahayak"]
    ids = add_cases(engine, 9)
    first, closed, kept = ids[0], ids[3], ids[6]  # urgent ones
    _announce(engine, config, first, clock.now())
    runtime.drain_group_alerts()
    clock.advance(1.0)
    _announce(engine, config, closed, clock.now())
    _announce(engine, config, kept, clock.now())
    with engine.Session.begin() as s:  # an officer closes it while its alert waits for the group's next slot
        officer = officers.add(s, "ravi", "SI Ravi", PASSWORD, "officer", clock.now())
        Casework(engine.res.texts).close(s, closed, officer, "advice_given", clock.now())
    clock.advance(3.0)
    runtime.drain_group_alerts()
    messages = _group_messages(telegram_fake)
    assert len(messages) == 2 and f"#{kept}" in messages[1] and f"#{closed}" not in messages[1]
    # "No reply yet": the officer who claimed replies before the alert's slot
    with engine.Session.begin() as s:
        Casework(engine.res.texts).claim(s, kept, s.get(Officer, officer.id), clock.now())
    later = clock.now() + timedelta(minutes=30)
    sla.check(engine.Session, config, engine.res.texts, later)
    with engine.Session.begin() as s:
        assert s.scalars(select(Outbox).where(Outbox.idempotency_key == f"alert:{kept}:reply_overdue")).one()
        Casework(engine.res.texts).reply(s, kept, s.get(Officer, officer.id), "Calling you now", later)
    clock.advance(1800.0)
    runtime.drain_group_alerts()
    assert not any("No reply yet" in m for m in _group_messages(telegram_fake))
    with engine.Session() as s:
        assert s.scalars(select(Outbox.status).where(Outbox.idempotency_key == f"alert:{kept}:reply_overdue")
                         ).one() == "dropped"


def test_opening_a_case_again_within_the_visit_clears_its_unread_dot(engine, clock):
    from flask import Flask

    from bot import console
    from bot.store.models.cases import AuditEvent
    from bot.store.models.residents import Message
    from test_console import login

    app = Flask(__name__)
    app.secret_key = "test-secret-key-" + "x" * 16
    console.init_app(app, engine, clock=clock.now)
    with engine.Session.begin() as s:
        officers.add(s, "meena", "SI Meena", PASSWORD, "supervisor", NOW)
    case_id = add_cases(engine, 1)[0]
    client = app.test_client()
    login(client)

    def unread() -> bool:
        return next(c for c in client.get("/console/queue.json").get_json()["cases"] if c["id"] == case_id)["unread"]
    client.get(f"/console/cases/{case_id}")
    assert not unread()
    clock.advance(120)
    with engine.Session.begin() as s:  # the resident writes again
        s.add(Message(contact_id=s.get(Case, case_id).contact_id, channel="whatsapp", direction="in",
                      text="any news?", created_at=clock.now()))
    assert unread()
    clock.advance(60)  # the officer opens it again, in the same 30-minute visit
    client.get(f"/console/cases/{case_id}")
    assert not unread()
    with engine.Session() as s:  # still one audit row for the visit
        assert len(s.scalars(select(AuditEvent).where(AuditEvent.case_id == case_id,
                                                      AuditEvent.action == "viewed")).all()) == 1


def test_a_closed_case_does_not_say_waiting(app, engine):  # noqa: F811
    from test_console import login, report_with_screenshot, token

    _, case_id = report_with_screenshot(engine)
    client = app.test_client()
    login(client, "ravi")
    path = f"/console/cases/{case_id}"
    client.post(f"{path}/claim", data={"csrf_token": token(client, path)})
    assert "waiting 0 min" in client.get(path).get_data(as_text=True)
    client.post(f"{path}/close", data={"csrf_token": token(client, path), "outcome": "advice_given"})
    page = client.get(path).get_data(as_text=True)
    assert "Closed:" in page and "waiting" not in page.split("<div class=\"grid\">")[0].split("</h1>")[1]
