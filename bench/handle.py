"""``Engine.handle`` in-process against a minimal "store + constant reply" baseline, in the same run.

    python bench/handle.py [--messages 900] [--rounds 3] [--database URL] [--profile]

Both sides get the same message mix as bench/webhook.py (greetings, menu digits, safety questions, report
starts, from many residents in order) on a fresh database each round (a SQLite file by default: WAL,
BEGIN IMMEDIATE, as served). The baseline does what any durable helpline must: store the message in its own
transaction (deduped by provider id), then store one constant reply in a second one, through the same models
and sessions. The understanding is warmed up first, as the webhook's app does at start-up (``Engine.warm_up``:
without it the first round paid the triage's word classes, seconds of CPU). Rounds alternate, the fastest of
each side counts; each round's own ratio is printed too (on a shared machine one quiet moment can flatter either
side). ``--profile`` prints where the engine's time goes (cProfile, cumulative) and the SQL statements a message
by kind. The ratio is printed by wall time and by the process's CPU time (on a loaded machine the CPU ratio
moves less). Figures: bench/README.md.
"""
from __future__ import annotations

import argparse
import cProfile
import collections
import importlib.util
import pstats
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import event, select  # noqa: E402

from bot.store.db import make_engine, make_sessionmaker, upgrade  # noqa: E402
from bot.conversation.engine import Engine, load_resources  # noqa: E402
from bot.messages import Inbound  # noqa: E402
from bot.store.models.residents import Contact, Message  # noqa: E402

_spec = importlib.util.spec_from_file_location("bench_webhook", Path(__file__).with_name("webhook.py"))
bench_webhook = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench_webhook)
START = datetime(2026, 11, 30, 4, 30, tzinfo=timezone.utc)


def inbounds(count: int, senders: int) -> list[Inbound]:
    out = []
    for index, (number, form) in enumerate(bench_webhook.messages(count, senders)):
        out.append(Inbound(channel="whatsapp", sender=number, phone=number, text=form["Body"],
                           provider_id=form["MessageSid"], received_at=START + timedelta(seconds=index)))
    return out


class Baseline:
    """Store + constant reply: the least a durable helpline does with a message."""

    def __init__(self, Session):
        self.Session = Session

    def handle(self, inbound: Inbound) -> str:
        with self.Session.begin() as session:
            if session.scalar(select(Message.id).where(Message.channel == inbound.channel,
                                                       Message.provider_id == inbound.provider_id)) is not None:
                return "duplicate"
            contact = session.scalar(select(Contact).where(Contact.channel == inbound.channel,
                                                           Contact.sender == inbound.sender))
            if contact is None:
                contact = Contact(channel=inbound.channel, sender=inbound.sender, created_at=inbound.received_at,
                                  last_seen_at=inbound.received_at, language="en")
                session.add(contact)
                session.flush()
            message = Message(contact_id=contact.id, channel=inbound.channel, direction="in",
                              provider_id=inbound.provider_id, text=inbound.text, created_at=inbound.received_at)
            session.add(message)
            session.flush()
            contact_id, message_id = contact.id, message.id
        with self.Session.begin() as session:
            session.add(Message(contact_id=contact_id, channel=inbound.channel, direction="out", author="bot",
                                reply_to_id=message_id, text="Thank you. An officer will read this.",
                                status="replied", created_at=inbound.received_at))
        return "ok"


def fresh(url: str | None, directory: Path, n: int):
    db = make_engine(url or f"sqlite:///{directory / f'r{n}.sqlite3'}")
    upgrade(db)
    return db


def timed(handler, messages: list[Inbound]) -> tuple[float, float]:
    """Messages a second of wall time, and of this process's CPU time (less moved by other processes' load)."""
    start, cpu = time.perf_counter(), time.process_time()
    for inbound in messages:
        handler.handle(inbound)
    return len(messages) / (time.perf_counter() - start), len(messages) / (time.process_time() - cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--messages", type=int, default=900)
    parser.add_argument("--senders", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--database", help="a PostgreSQL URL (each round truncates nothing: use a fresh database)")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    resources = load_resources()
    Engine(resources, None).warm_up()  # as the webhook's app does at start-up (the triage's word classes: seconds)
    directory = Path(tempfile.mkdtemp(prefix="cs-handle-"))
    messages = inbounds(args.messages, args.senders)
    ours, base, ours_cpu, base_cpu = [], [], [], []
    for n in range(args.rounds):
        db = fresh(None, directory, 2 * n)
        wall, cpu = timed(Baseline(make_sessionmaker(db)), messages)
        base.append(wall), base_cpu.append(cpu)
        db.dispose()
        db = fresh(None, directory, 2 * n + 1)
        wall, cpu = timed(Engine(resources, make_sessionmaker(db)), messages)
        ours.append(wall), ours_cpu.append(cpu)
        db.dispose()
    print(f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}: {args.messages} messages from {args.senders} "
          f"residents, SQLite file, fastest of {args.rounds} alternating rounds")
    print(f"  Engine.handle: {max(ours):,.0f} messages/s; store + constant reply: {max(base):,.0f} messages/s; "
          f"ratio {max(ours) / max(base) * 100:.0f}%")
    pairs = [o / b * 100 for o, b in zip(ours, base)]  # each round's two sides ran back to back
    print(f"  each round's ratio: {', '.join(f'{r:.0f}%' for r in pairs)} (median {statistics.median(pairs):.0f}%)")
    cpu = [o / b * 100 for o, b in zip(ours_cpu, base_cpu)]
    print(f"  by CPU time: Engine.handle {max(ours_cpu):,.0f} messages/s ({1000 / max(ours_cpu):.2f} ms a message), "
          f"baseline {max(base_cpu):,.0f}; each round's ratio {', '.join(f'{r:.0f}%' for r in cpu)} "
          f"(median {statistics.median(cpu):.0f}%)")
    if args.profile:
        db = fresh(args.database, directory, 999)
        engine = Engine(resources, make_sessionmaker(db))
        kinds: collections.Counter[str] = collections.Counter()
        per: list[int] = []
        current = [0]

        def on_execute(_conn, _cursor, statement, *_args):
            current[0] += 1
            kinds[" ".join(statement.split())[:110]] += 1

        event.listen(db, "before_cursor_execute", on_execute)
        profile = cProfile.Profile()
        for index, inbound in enumerate(messages):
            current[0] = 0
            if index == len(messages) // 10:
                profile.enable()  # past the first messages (imports, caches)
            engine.handle(inbound)
            per.append(current[0])
        profile.disable()
        print(f"  statements a message (BEGIN included): median {statistics.median(per):g}, max {max(per)}")
        for statement, count in kinds.most_common(15):
            print(f"    {count / len(messages):5.2f}  {statement}")
        pstats.Stats(profile).sort_stats("cumulative").print_stats(30)


if __name__ == "__main__":
    main()
