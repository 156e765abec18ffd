"""``python -m bot outbox [--limit N] [--db URL]``: messages waiting, failed or with unknown delivery."""
from __future__ import annotations

from .db import add_db_option, open_engine


def cmd_outbox(args) -> int:
    from ..store import outbox
    from ..privacy import mask

    engine = open_engine(args)
    tz = engine.config.tz
    with engine.Session() as session:
        waiting = outbox.pending_count(session)
        rows = outbox.problems(session, limit=args.limit)
    print(f"{waiting} message(s) waiting to be sent.")
    if not rows:
        print("No failed or unconfirmed messages.")
        return 0
    print(f"{'id':>6}  {'channel':9}  {'status':11}  {'tries':>5}  {'updated':16}  {'to':16}  error")
    for row in rows:
        print(f"{row.id:>6}  {row.channel:9}  {row.status:11}  {row.attempts:>5}  "
              f"{row.updated_at.astimezone(tz).strftime('%Y-%m-%d %H:%M'):16}  {mask(row.recipient):16}  "
              f"{row.error or ''}")
    return 0


def add_parser(sub) -> None:
    ob = sub.add_parser("outbox", help="messages waiting, failed or with unknown delivery")
    add_db_option(ob)
    ob.add_argument("--limit", type=int, default=50)
    ob.set_defaults(func=cmd_outbox)
