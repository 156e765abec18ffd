"""Telegram replies leave from the worker's sender threads (bot/channels/sending.py), not the webhook's thread:
the webhook answers while a sender sends, a chat's messages keep their order, and a sender thread that dies
after the reply was committed loses nothing (the next drain sends it, once).

The real app, the real telegram.Bot and the local fake Bot API (tests/fakes.py); every database test runs on
SQLite and PostgreSQL (the ``engine`` fixture).
"""
from __future__ import annotations

import ctypes
import sys
import threading

from sqlalchemy import select

from bot.channels.sending import SendPool
from bot.store.models.operations import Outbox
from fakes import Updates
from fakes import clock, make_app, telegram_fake, twilio_fake  # noqa: F401,F811 (fixtures)
from test_telegram import post


def test_the_webhook_answers_while_a_sender_thread_is_still_sending(make_app, engine, clock, telegram_fake):
    app = make_app()
    rt = app.extensions["cyber_sahayak"]
    arrived, release = threading.Event(), threading.Event()
    telegram_fake.plan = [("gate", arrived, release)]  # Telegram is slow to answer this send
    response = post(app.test_client(), Updates(chat_id=111).text("hello"), wait=False)
    assert response.status_code == 200 and response.get_json() == {"ok": True}  # answered, the send still going
    assert arrived.wait(10)
    other = post(app.test_client(), Updates(chat_id=222).text("hello"), wait=False)  # another chat meanwhile
    assert other.status_code == 200
    release.set()
    assert rt.sends.wait_idle(20)
    assert sorted(r.form["chat_id"] for r in telegram_fake.calls("sendMessage") if r.accepted) == ["111", "222"]
    with engine.Session() as s:
        assert {r.status for r in s.scalars(select(Outbox))} == {"sent"}


def _thread_in(function: str) -> threading.Thread:
    """The one thread whose stack is inside ``function`` right now."""
    def inside(frame) -> bool:
        while frame is not None:
            if frame.f_code.co_name == function:
                return True
            frame = frame.f_back
        return False

    frames = sys._current_frames()
    [thread] = [t for t in threading.enumerate() if t.ident in frames and inside(frames[t.ident])]
    return thread


def _kill(thread: threading.Thread) -> None:
    """Make ``thread`` die: SystemExit raised inside it at its next Python instruction (a real fault)."""
    assert ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread.ident), ctypes.py_object(SystemExit)) == 1


def test_a_reply_is_delivered_once_when_the_sending_thread_dies_after_it_was_committed(
        make_app, engine, clock, telegram_fake):
    app = make_app()
    rt = app.extensions["cyber_sahayak"]
    resident = Updates(chat_id=333)
    post(app.test_client(), resident.text("/start"))
    post(app.test_client(), resident.text("1"))  # English: the menu
    before = len(telegram_fake.sent_texts())
    arrived, release = threading.Event(), threading.Event()
    telegram_fake.callback_plan = [("gate", arrived, release)]  # the sender first answers the button press ...
    clock.advance(30)
    post(app.test_client(), resident.callback("4"), wait=False)
    assert arrived.wait(10)
    with engine.Session() as s:  # ... the reply is committed, not yet sent
        waiting = s.scalars(select(Outbox).where(Outbox.status == "pending")).all()
        assert len(waiting) == 1 and waiting[0].recipient == "333"
    _kill(_thread_in("after"))  # ... and the thread dies there, before it claims the row
    release.set()
    assert rt.sends.wait_idle(20)
    assert len(telegram_fake.sent_texts()) == before  # nothing went out
    with engine.Session() as s:
        assert s.get(Outbox, waiting[0].id).status == "pending"  # nothing lost either: still due

    post(app.test_client(), resident.text("menu"))  # the next drain of the chat (here its next message's)
    sent = telegram_fake.sent_texts()[before:]
    assert len(sent) == 2 and sent[0] == waiting[0].text  # the waiting reply first, then the new answer, once each
    with engine.Session() as s:
        assert {r.status for r in s.scalars(select(Outbox))} == {"sent"}


def test_a_chat_waiting_for_its_pacing_slot_does_not_hold_a_sender_thread(make_app, engine, clock, telegram_fake):
    app = make_app()
    rt = app.extensions["cyber_sahayak"]
    rt.sends = SendPool(threads=1)  # one sender thread: whatever holds it holds every chat
    quick, other = Updates(chat_id=444), Updates(chat_id=555)
    for text in ("/start", "1", "menu"):  # three answers at once: the chat's burst
        post(app.test_client(), quick.text(text))
    post(app.test_client(), quick.text("menu"), wait=False)  # the fourth must wait for the chat's next second ...
    post(app.test_client(), other.text("/start"), wait=False)  # ... while another resident is answered at once
    assert rt.sends.wait_idle(20)
    order = [r.form["chat_id"] for r in telegram_fake.calls("sendMessage") if r.accepted]
    assert order == ["444"] * 3 + ["555", "444"]  # the fourth came back once its second had passed
