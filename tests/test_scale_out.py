"""The scale-out path (issue 17): four ``gunicorn webhook:app`` workers and two ``python -m bot scheduler``
processes on one database (a fresh SQLite file and a fresh PostgreSQL database), as subprocesses.

- One scheduler holds the lease row and runs the jobs; the other is a standby that starts no APScheduler.
- Under a bounded local load of Telegram updates (replies leave through the outbox; the fake Bot API refuses
  every third send with a 500, so retries fall to the schedulers), the active scheduler is stopped: the
  standby takes the lease and drains what is left.
- Every acknowledged update is stored, handled and answered; every outbox row is sent exactly once: the fake
  Bot API accepted exactly as many messages as there are rows, each row holding its own accepted message id.
"""
from __future__ import annotations

import itertools
import signal
import subprocess
import sys
import threading
import time

import pytest
import requests
from sqlalchemy import select

from bot.store.db import make_engine
from bot.store.models.operations import Lease, Outbox
from bot.store.models.residents import Message
from conftest import empty_postgres_database
from fakes import BOT_TOKEN, WEBHOOK_SECRET, FakeTelegram, Updates
from served import ROOT, Served

CHATS, TEXTS = 24, ["hello", "menu", "4", "how do I keep my OTP safe?", "menu", "2"]
LOAD_REQUESTS, LOAD_SECONDS, LOAD_THREADS, STOP_AFTER = len(TEXTS) * CHATS, 40, 6, 60
# Four gunicorn workers under load: one such test at a time (pytest-xdist runs the group on one worker).
pytestmark = pytest.mark.xdist_group("served_under_load")


@pytest.fixture(params=["sqlite", "postgresql"])
def fresh_database(request, tmp_path):
    if request.param == "sqlite":
        yield None, f"sqlite:///{tmp_path / 'data' / 'helpline.sqlite3'}"
        return
    with empty_postgres_database("cs_scale") as url:
        yield url, url


def _second_scheduler(served: Served) -> subprocess.Popen:
    log = open(served.directory / "scheduler2.log", "w+")
    return subprocess.Popen([sys.executable, "-m", "bot", "scheduler"], cwd=ROOT, env=served.env, stdout=log,
                            stderr=subprocess.STDOUT)


def _load(served: Served, stop_active) -> tuple[set[int], int]:
    """Telegram updates from CHATS residents (each chat's texts in order) on LOAD_THREADS threads, at most
    LOAD_REQUESTS or LOAD_SECONDS; ``stop_active`` is called once STOP_AFTER were sent. Returns the chat ids
    and message ids of the acknowledged updates as (chat_id * 1000 + message_id), and how many were sent."""
    residents = [Updates(chat_id=700000 + n, first_name=f"R{n}") for n in range(CHATS)]
    chat_locks = [threading.Lock() for _ in range(CHATS)]
    counter, lock = itertools.count(), threading.Lock()
    acknowledged: set[int] = set()
    sent = [0]
    deadline = time.monotonic() + LOAD_SECONDS

    def worker() -> None:
        while time.monotonic() < deadline:
            index = next(counter)
            if index >= LOAD_REQUESTS:
                return
            if index == STOP_AFTER:
                stop_active()
            chat = index % CHATS
            with chat_locks[chat]:  # a resident's messages go one after another, as from a phone
                update = residents[chat].text(TEXTS[index // CHATS])
                response = requests.post(f"{served.url}/webhooks/telegram", json=update, timeout=30,
                                         headers={"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET})
            assert response.status_code != 500, response.text
            with lock:
                sent[0] += 1
                if response.status_code == 200:
                    acknowledged.add(update["message"]["chat"]["id"] * 1000 + update["message"]["message_id"])

    threads = [threading.Thread(target=worker) for _ in range(LOAD_THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(LOAD_SECONDS + 60)
    return acknowledged, sent[0]


def test_four_workers_and_two_schedulers_send_every_reply_once(fresh_database, tmp_path):
    url, check_url = fresh_database
    fake = FakeTelegram()
    fake.plan = [500, "ok", "ok"] * (LOAD_REQUESTS * 4)  # every third send refused: retries go to the schedulers
    env = {"TELEGRAM_BOT_TOKEN": BOT_TOKEN, "TELEGRAM_WEBHOOK_SECRET": WEBHOOK_SECRET,
           "TELEGRAM_API_BASE_URL": fake.base_url, "TELEGRAM_FILE_BASE_URL": fake.file_url}
    served = Served(tmp_path, url, workers=4, scheduler=True, env=env, poll_seconds=1, backoff_seconds=1)
    second = None
    db = make_engine(check_url)
    try:
        served.wait_for(lambda: served.started(4, "telegram"), 180, "four workers to start")
        served.wait_for(lambda: "scheduler: draining the outbox" in served.log("scheduler"), 120,
                        "the first scheduler to take the lease")
        second = _second_scheduler(served)
        log2 = lambda: (tmp_path / "scheduler2.log").read_text(errors="replace")  # noqa: E731
        served.wait_for(lambda: "scheduler: standby" in log2(), 120, "the second scheduler to wait as a standby")
        assert "draining the outbox" not in log2()  # a standby starts no APScheduler and runs no job
        with db.connect() as conn:
            first_holder = conn.scalar(select(Lease.holder).where(Lease.name == "scheduler"))
        assert first_holder and first_holder.split(":")[1] == str(served.scheduler.pid)

        acknowledged, sent = _load(served, lambda: served.scheduler.send_signal(signal.SIGTERM))
        assert sent == LOAD_REQUESTS and len(acknowledged) == LOAD_REQUESTS  # every update acknowledged
        served.wait_for(lambda: "scheduler: draining the outbox" in log2(), 60, "the standby to take over")
        assert served.scheduler.wait(timeout=30) == 0  # the first one stopped cleanly, giving the lease up

        def settled() -> bool:
            with db.connect() as conn:
                waiting = conn.scalar(select(Message.id).where(
                    Message.direction == "in", Message.status.in_(("received", "handling"))).limit(1))
                unsent = conn.scalar(select(Outbox.id).where(Outbox.channel == "telegram",
                                                             Outbox.status != "sent").limit(1))
            return waiting is None and unsent is None

        served.wait_for(settled, 90, "every message handled and every reply sent", poll=0.5)
        with db.connect() as conn:
            stored = conn.execute(select(Message.provider_id, Message.status).where(
                Message.channel == "telegram", Message.direction == "in")).all()
            rows = conn.execute(select(Outbox.id, Outbox.provider_id, Outbox.message_id).where(
                Outbox.channel == "telegram")).all()
            holder = conn.scalar(select(Lease.holder).where(Lease.name == "scheduler"))
        assert holder.split(":")[1] == str(second.pid)
    finally:
        if second is not None and second.poll() is None:
            second.send_signal(signal.SIGTERM)
            second.wait(timeout=30)
        served.stop()
        fake.stop()
        db.dispose()
    assert len(stored) == LOAD_REQUESTS and all(status == "processed" for _pid, status in stored)
    answered = {message_id for _id, _provider, message_id in rows if message_id is not None}
    assert len(answered) == LOAD_REQUESTS  # every stored message has its reply row: none lost
    accepted = [r for r in fake.calls("sendMessage") if r.accepted]
    assert len(accepted) == len(rows)  # each row sent exactly once (a refused send is not a send)
    assert len({provider for _id, provider, _m in rows}) == len(rows)
    assert len(fake.calls("sendMessage")) > len(rows)  # the refusals happened and were retried
    logs = served.log() + served.log("scheduler") + log2()
    assert "Traceback" not in logs, logs[max(0, logs.find("Traceback") - 1500):logs.find("Traceback") + 2500]
