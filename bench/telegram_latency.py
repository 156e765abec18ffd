"""Telegram reply latency end to end, under load: from the update's POST to the Bot API receiving the reply.

    python bench/telegram_latency.py [--database sqlite|postgresql] [--chats 16] [--messages 6] [--seconds 60]

The helpline runs as served (``gunicorn -w 2 webhook:app`` and ``python -m bot scheduler``, poll 5 s) on a
temporary data directory and a fresh database, with a local fake Bot API (tests/fakes.py's FakeTelegram) that
notes when each sendMessage arrives. ``--chats`` residents write at once, each sending its next message when
the reply to the last one has arrived (at most ``--seconds``). Printed: updates/s, reply latency p50/p95/max,
replies sent by the web workers vs. by the scheduler is not separable from outside, so also how many replies
arrived later than the scheduler's poll (a reply that waited for the scheduler). Only 127.0.0.1 is a target.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from datetime import timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from fakes import BOT_TOKEN, WEBHOOK_SECRET, FakeTelegram, Updates  # noqa: E402

_spec = importlib.util.spec_from_file_location("bench_webhook", Path(__file__).with_name("webhook.py"))
bench_webhook = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench_webhook)
TEXTS = ["hello", "1", "4", "how do I keep my OTP safe?", "menu", "2", "what is digital arrest", "menu"]


class TimedTelegram(FakeTelegram):
    """The fake Bot API, noting when each chat's sendMessage arrived."""

    def __init__(self):
        self.arrivals: dict[int, list[float]] = {}
        self.walls: dict[int, list[float]] = {}  # the same arrivals in wall time, to set beside the rows' times
        self.arrived = threading.Condition()
        super().__init__()

    def respond(self, record):
        answer = super().respond(record)
        if record.path.endswith("/sendMessage") and getattr(record, "accepted", False):
            with self.arrived:
                self.arrivals.setdefault(int(record.form["chat_id"]), []).append(time.monotonic())
                self.walls.setdefault(int(record.form["chat_id"]), []).append(time.time())
                self.arrived.notify_all()
        return answer


def post(port: int, update: dict) -> int:
    request = urllib.request.Request(f"http://127.0.0.1:{port}/webhooks/telegram", data=json.dumps(update).encode(),
                                     headers={"Content-Type": "application/json",
                                              "X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status


STAGES = ("POST -> message stored (messages.created_at)", "stored -> turn's end, replies queued (outbox.created_at)",
          "turn's end -> webhook answered (client got its 200)", "turn's end -> send starting (outbox.claimed_at)",
          "send starting -> Bot API got sendMessage (pacing + HTTP out)", "Bot API got it -> marked sent (outbox.sent_at)")


def breakdown(env: dict[str, str], timings: list[tuple[str, float, float, float]]) -> dict[str, list[float]]:
    """Each answered message's stages, from the rows' own times (the first reply row of each message)."""
    from sqlalchemy import create_engine, select

    from bot.config import load_config
    from bot.store.models.residents import Message
    from bot.store.models.operations import Outbox

    saved = os.environ.get("DATABASE_URL")
    os.environ.pop("DATABASE_URL", None)
    if env.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = env["DATABASE_URL"]
    try:
        engine = create_engine(load_config(env["CYBER_SAHAYAK_CONFIG"]).database_url())
    finally:
        os.environ.pop("DATABASE_URL", None)
        if saved is not None:
            os.environ["DATABASE_URL"] = saved
    wall = lambda moment: moment.replace(tzinfo=timezone.utc).timestamp() if moment.tzinfo is None \
        else moment.timestamp()  # noqa: E731
    stages: dict[str, list[float]] = {name: [] for name in STAGES}
    with engine.connect() as connection:
        rows = connection.execute(
            select(Message.provider_id, Message.created_at, Outbox.created_at, Outbox.claimed_at, Outbox.sent_at)
            .join(Outbox, Outbox.message_id == Message.id)
            .where(Message.channel == "telegram", Message.direction == "in").order_by(Outbox.id)).all()
    engine.dispose()
    first: dict[str, tuple] = {}
    for row in rows:
        first.setdefault(row[0], row)
    for key, posted, answered, arrived in timings:
        row = first.get(key)
        if row is None or row[3] is None or row[4] is None:
            continue
        stored, queued, claimed, marked = (wall(moment) for moment in row[1:])
        for name, value in zip(STAGES, (stored - posted, queued - stored, answered - queued, claimed - queued,
                                        arrived - claimed, marked - arrived)):
            stages[name].append(value)
    return stages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", default="sqlite", choices=("sqlite", "postgresql"))
    parser.add_argument("--chats", type=int, default=16)
    parser.add_argument("--messages", type=int, default=6)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    directory = Path(tempfile.mkdtemp(prefix="cs-bench-telegram-"))
    fake = TimedTelegram()
    drop = None
    url = None
    if args.database == "postgresql":
        url, drop = bench_webhook.postgres_database()
    config = bench_webhook.write_config(directory)
    port = bench_webhook.free_port()
    env = bench_webhook.environment(config, port, url)
    env.update(TELEGRAM_BOT_TOKEN=BOT_TOKEN, TELEGRAM_WEBHOOK_SECRET=WEBHOOK_SECRET,
               TELEGRAM_API_BASE_URL=fake.base_url, TELEGRAM_FILE_BASE_URL=fake.file_url)
    app = bench_webhook.Server("webhook:app", env, port, args.workers, directory / "app.log")
    scheduler_log = open(directory / "scheduler.log", "w+")
    scheduler = subprocess.Popen([sys.executable, "-m", "bot", "scheduler"], cwd=ROOT, env=env, stdout=scheduler_log,
                                 stderr=subprocess.STDOUT)
    latencies: list[float] = []
    first: list[float] = []  # every chat's first message: all sent at the same moment
    later: list[float] = []  # the rest: each sent as soon as the previous answer arrived
    missing = [0]
    timings: list[tuple[str, float, float, float]] = []  # provider key, POST sent, POST answered, reply arrived
    lock = threading.Lock()
    deadline = time.monotonic() + args.seconds
    try:
        app.wait(args.workers)
        started = time.monotonic()

        def resident(n: int) -> None:
            updates = Updates(chat_id=800000 + n, first_name=f"R{n}")
            for index in range(args.messages):
                if time.monotonic() > deadline:
                    return
                with fake.arrived:
                    before = len(fake.arrivals.get(updates.chat_id, []))
                update = updates.text(TEXTS[index % len(TEXTS)])
                sent_at, posted = time.monotonic(), time.time()
                post(port, update)
                answered = time.time()
                with fake.arrived:
                    got = fake.arrived.wait_for(lambda: len(fake.arrivals.get(updates.chat_id, [])) > before,
                                                timeout=max(0.1, min(30, deadline - time.monotonic())))
                    arrived = fake.arrivals.get(updates.chat_id, [])[before] if got else None
                    wall = fake.walls.get(updates.chat_id, [])[before] if got else None
                with lock:
                    if arrived is None:
                        missing[0] += 1
                    else:
                        latencies.append(arrived - sent_at)
                        (first if index == 0 else later).append(arrived - sent_at)
                        key = f"{update['update_id']}:{updates.chat_id}:{update['message']['message_id']}"
                        timings.append((key, posted, answered, wall))

        threads = [threading.Thread(target=resident, args=(n,)) for n in range(args.chats)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(args.seconds + 60)
        elapsed = time.monotonic() - started
        stages = breakdown(env, timings)
    finally:
        app.stop()
        if scheduler.poll() is None:
            scheduler.terminate()
            scheduler.wait(timeout=30)
        scheduler_log.close()
        fake.stop()
        if drop:
            drop()
        shutil.rmtree(directory, ignore_errors=True)
    late = sum(1 for value in latencies if value > 5.0)
    print(f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; load average {os.getloadavg()[0]:.2f}; "
          f"{args.database}; {args.chats} chats x {args.messages} messages; gunicorn -w {args.workers} + scheduler")
    p50, p95, top = ms(latencies)
    print(f"  {len(latencies)} replies in {elapsed:.1f} s ({len(latencies) / elapsed:.1f}/s); reply latency p50 "
          f"{p50:.0f} ms, p95 {p95:.0f} ms, max {top:.0f} ms; "
          f"{late} waited longer than the scheduler's poll (5 s); {missing[0]} not answered in time")
    for name, values in (("first messages (all chats at once)", first), ("later messages", later)):
        if values:
            p50, p95, top = ms(values)
            print(f"  {name}: {len(values)}, p50 {p50:.0f} ms, p95 {p95:.0f} ms")
    print("  where a reply's time went, ms (p50 / p95 / max), from the rows' own times:")
    for name, values in stages.items():
        if values:
            print(f"    {name:<58} " + " / ".join(f"{value:7.0f}" for value in ms(values)))


def ms(values: list[float]) -> tuple[float, float, float]:
    """p50, p95 and max of ``values`` (seconds), in milliseconds."""
    ordered = sorted(values)
    at = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000  # noqa: E731
    return at(0.5), at(0.95), ordered[-1] * 1000

if __name__ == "__main__":
    main()
