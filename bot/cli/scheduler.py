"""``python -m bot scheduler [--db URL]``: the background jobs (outbox, SLAs, alerts, escalation), one process."""
from __future__ import annotations

import logging

from .db import add_db_option, open_runtime


def cmd_scheduler(args) -> int:
    from .. import scheduler

    logging.getLogger("bot").setLevel(logging.INFO)
    runtime = open_runtime(args)
    runtime.log_channels()
    scheduler.run(runtime)
    return 0


def add_parser(sub) -> None:
    sched = sub.add_parser("scheduler", help="run background jobs: outbox retries (one process)")
    add_db_option(sched)
    sched.set_defaults(func=cmd_scheduler)
