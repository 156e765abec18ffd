"""``python -m bot outbox [--limit N] [--db URL]``: messages waiting, failed or with unknown delivery."""
from __future__ import annotations

from .db import add_db_option, open_engine


# what each status means to the one reading `python -m bot outbox`
OUTBOX_LABELS = {"pending": "waiting", "sending": "sending now", "failed": "failed",
                 "undelivered": "undelivered", "unconfirmed": "unconfirmed (may have arrived; delivery not known)"}


def cmd_outbox(args) -> int:
    """The outbox for an operator: the messages waiting to be sent (counted and listed), then those that failed, were
    not delivered or are unconfirmed (counted and listed, each labelled), numbers masked."""
    from ..store import outbox

    engine = open_engine(args)
    if args.retry:
        from ..store.models.base import utcnow

        with engine.Session.begin() as session:
            done = outbox.retry_failed(session, args.retry, utcnow())
        skipped = sorted(set(args.retry) - set(done))
        print(f"{len(done)} failed message(s) queued again: {', '.join(map(str, done)) or 'none'}.")
        if skipped:
            print(f"Not queued again (not failed, or the provider had taken them: never sent twice): "
                  f"{', '.join(map(str, skipped))}.")
        return 0 if done else 1
    with engine.Session() as session:
        waiting, waiting_rows = outbox.pending_count(session), outbox.waiting(session, limit=args.limit)
        problems, problem_rows = outbox.problem_count(session), outbox.problems(session, limit=args.limit)
    print(f"{waiting} message(s) waiting to be sent" + (":" if waiting else "."))
    _outbox_rows(waiting_rows, waiting, engine.config.tz)
    if not problems:
        print("No failed, undelivered or unconfirmed messages.")
        return 0
    print(f"{problems} message(s) failed, undelivered or unconfirmed:")
    _outbox_rows(problem_rows, problems, engine.config.tz)
    return 0


def _outbox_rows(rows, total: int, tz) -> None:
    from ..privacy import mask

    if not rows:
        return
    print(f"{'id':>6}  {'channel':9}  {'status':11}  {'tries':>5}  {'updated':16}  {'to':16}  error")
    for row in rows:
        print(f"{row.id:>6}  {row.channel:9}  {OUTBOX_LABELS.get(row.status, row.status):11}  {row.attempts:>5}  "
              f"{row.updated_at.astimezone(tz).strftime('%Y-%m-%d %H:%M'):16}  {mask(row.recipient):16}  "
              f"{row.error or ''}")
    if total > len(rows):
        print(f"... and {total - len(rows)} more (--limit)")


def add_parser(sub) -> None:
    ob = sub.add_parser("outbox", help="messages waiting, failed or with unknown delivery")
    add_db_option(ob)
    ob.add_argument("--limit", type=int, default=50)
    ob.add_argument("--retry", type=int, nargs="+", metavar="ID",
                    help="send these failed messages again, once their cause is fixed (only those the provider "
                         "never took: nothing is sent twice)")
    ob.set_defaults(func=cmd_outbox)
