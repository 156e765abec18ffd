"""Background jobs (APScheduler 3), run as one process: ``python -m bot scheduler``.

Two jobs: drain the outbox every ``outbox.poll_seconds`` (retries with backoff, settling
unconfirmed sends, sending what officers and alerts queue), and check the cases' SLAs (bot/sla.py:
new urgent cases announced, breaches re-announced to supervisors, residents told once, claimed
cases without a reply flagged). The job store is the ``apscheduler_jobs``
table in the helpline's own database (created by our migrations). Running two schedulers by mistake
sends nothing twice: each outbox row is claimed by one atomic UPDATE.

Jobs are module-level functions (the job store keeps a reference to them, not the function itself);
they find the process's Runtime through ``configure``.
"""
from __future__ import annotations

import logging
from typing import Any

from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.blocking import BlockingScheduler

log = logging.getLogger(__name__)
OUTBOX_JOB = "outbox-drain"
SLA_JOB = "sla-check"
_runtime: Any = None


def configure(runtime) -> None:
    """The Runtime (bot.channels.runtime) the jobs of this process use."""
    global _runtime
    _runtime = runtime


def drain_outbox():
    """The job: send every due outbox row; log what happened. Never raises (the next run tries again)."""
    if _runtime is None:
        log.error("scheduler job ran before configure(); nothing sent")
        return None
    try:
        report = _runtime.drain()
    except Exception:
        log.exception("draining the outbox failed; the next run tries again")
        return None
    if report:
        log.info("outbox: %s sent, %s to retry, %s failed, %s unconfirmed, %s confirmed, %s to resend",
                 report.sent, report.retried, report.failed, report.unconfirmed, report.confirmed, report.resent)
    return report


def check_slas():
    """The job: one pass of the SLA checks. Never raises (the next run tries again)."""
    if _runtime is None:
        log.error("scheduler job ran before configure(); no SLA check")
        return None
    from . import sla

    try:
        report = sla.check(_runtime.engine.Session, _runtime.config, _runtime.engine.res.texts, _runtime.now())
    except Exception:
        log.exception("the SLA check failed; the next run tries again")
        return None
    if report.announced or report.breached or report.reply_overdue:
        log.warning("sla: %s announced, %s breached, %s residents told, %s without a reply",
                    len(report.announced), len(report.breached), len(report.residents_told),
                    len(report.reply_overdue))
    return report


def build(runtime, blocking: bool = True):
    """A scheduler whose job store is the helpline database, with the outbox job registered."""
    configure(runtime)
    db = runtime.engine.Session.kw["bind"]
    cls = BlockingScheduler if blocking else BackgroundScheduler
    scheduler = cls(jobstores={"default": SQLAlchemyJobStore(engine=db, tablename="apscheduler_jobs")},
                    job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 60},
                    timezone="UTC")
    scheduler.add_job(drain_outbox, "interval", seconds=runtime.config.outbox.poll_seconds, id=OUTBOX_JOB,
                      name="drain the outbox", replace_existing=True)
    scheduler.add_job(check_slas, "interval", seconds=runtime.config.outbox.poll_seconds, id=SLA_JOB,
                      name="check case SLAs", replace_existing=True)
    return scheduler


def run(runtime) -> None:
    """Run until interrupted (``python -m bot scheduler``)."""
    scheduler = build(runtime, blocking=True)
    log.warning("scheduler: draining the outbox every %s s", runtime.config.outbox.poll_seconds)
    check_slas()
    drain_outbox()  # at once, not only after the first interval
    try:
        scheduler.start()
    except (KeyboardInterrupt, SystemExit):
        pass
