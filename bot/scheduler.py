"""Background jobs (APScheduler 3), run as one process: ``python -m bot scheduler``.

Jobs: drain the outbox every ``outbox.poll_seconds`` (retries with backoff, settling
unconfirmed sends, sending what officers and alerts queue), and check the cases' SLAs (bot/sla.py:
new urgent cases announced, breaches re-announced to supervisors, residents told once, claimed
cases without a reply flagged), queue the opt-in safety tips and campaign messages (paced, never in
quiet hours: bot/proactive.py), and hand seniors' cases their beat officer did not claim to the whole
queue (bot/households.py), replay the spool and answer orphaned messages (bot/recovery.py), and apply the
retention periods (bot/retention.py). Each drain records a heartbeat (bot/heartbeats.py) that /metrics and
``doctor`` read. The job store is the ``apscheduler_jobs`` table in the helpline's own database (created by our
migrations). Running two schedulers by mistake
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
PROACTIVE_JOB = "proactive-messages"
OFFERS_JOB = "beat-officer-offers"
RETENTION_JOB = "retention"
RECOVER_JOB = "recover-messages"
GROUP_ALERTS_JOB = "group-alerts"
ONCALL_JOB = "on-call"
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
    _beat()
    if report:
        log.info("outbox: %s sent, %s to retry, %s failed, %s unconfirmed, %s confirmed, %s to resend",
                 report.sent, report.retried, report.failed, report.unconfirmed, report.confirmed, report.resent)
    return report


def send_group_alerts():
    """The job, every second: the officers' chats' alerts, joined in a burst (bot/alerts_batch.py)."""
    if _runtime is None:
        log.error("scheduler job ran before configure(); no group alerts sent")
        return None
    from . import sla

    try:
        with _runtime.engine.Session.begin() as session:  # a new urgent case not yet announced (a webhook's own
            for case in sla.unannounced(session):        # announcement is usually there already)
                sla.announce(session, case, _runtime.config, _runtime.now())
        _runtime.drain_group_alerts()
    except Exception:
        log.exception("sending group alerts failed; the next run tries again")
    return None


def escalate_on_call():
    """The job: urgent cases past their SLA while no officer is on the console go to the on-call officer."""
    if _runtime is None:
        log.error("scheduler job ran before configure(); no on-call check")
        return None
    from . import oncall

    try:
        with _runtime.engine.Session.begin() as session:
            return oncall.escalate(session, _runtime.config, _runtime.now())
    except Exception:
        log.exception("the on-call check failed; the next run tries again")
        return None


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


def send_proactive():
    """The job: queue due safety tips and campaign messages, paced, never in quiet hours (bot/proactive.py)."""
    if _runtime is None:
        log.error("scheduler job ran before configure(); no tips or campaigns queued")
        return None
    from . import proactive

    engine = _runtime.engine
    try:
        report = proactive.tick(engine.Session, _runtime.config, engine.res.texts, engine.res.knowledge,
                                _runtime.now())
    except Exception:
        log.exception("queuing tips and campaigns failed; the next run tries again")
        return None
    if report:
        log.info("proactive: %s tips queued (%s waiting), %s campaign messages queued, %s deferred for quiet hours",
                 report.tips, report.tips_waiting, report.campaign_rows, report.deferred)
    return report


def lapse_offers():
    """The job: seniors' cases their beat officer did not claim in time go to the whole queue (bot/households.py)."""
    if _runtime is None:
        log.error("scheduler job ran before configure(); no beat-officer offers checked")
        return None
    from . import households

    try:
        with _runtime.engine.Session.begin() as session:
            lapsed = households.lapse_offers(session, _runtime.config, _runtime.now())
    except Exception:
        log.exception("checking beat-officer offers failed; the next run tries again")
        return None
    if lapsed:
        log.warning("beat officer did not claim case(s) %s: open to every officer now", lapsed)
    return lapsed


def _beat() -> None:
    """Record this tick for /metrics and `doctor` (a scheduler that stopped shows as silent)."""
    from . import heartbeats

    try:
        heartbeats.beat(_runtime.engine.Session, heartbeats.SCHEDULER, _runtime.now())
    except Exception:
        log.exception("could not record the scheduler's heartbeat")


def apply_retention():
    """The job: delete or anonymise what is past config.yaml's retention periods (bot/retention.py); audited."""
    if _runtime is None:
        log.error("scheduler job ran before configure(); retention not applied")
        return None
    from . import retention

    try:
        with _runtime.engine.Session.begin() as session:
            return retention.run(session, _runtime.config, _runtime.now())
    except Exception:
        log.exception("applying retention failed; the next run tries again")
        return None
def recover_messages():
    """The job: replay what the spool kept during a database outage and answer messages a killed worker
    stored but never handled (older than engine.ORPHAN_AFTER), through the outbox (bot/recovery.py)."""
    if _runtime is None:
        log.error("scheduler job ran before configure(); nothing recovered")
        return None
    return _runtime.recover()  # never raises


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
    scheduler.add_job(send_group_alerts, "interval", seconds=1, id=GROUP_ALERTS_JOB,
                      name="officers' group alerts", replace_existing=True)
    scheduler.add_job(escalate_on_call, "interval", seconds=runtime.config.outbox.poll_seconds, id=ONCALL_JOB,
                      name="on-call escalation", replace_existing=True)
    scheduler.add_job(send_proactive, "interval", seconds=runtime.config.reminders.check_seconds, id=PROACTIVE_JOB,
                      name="queue safety tips and campaigns", replace_existing=True)
    scheduler.add_job(recover_messages, "interval", seconds=runtime.config.outbox.poll_seconds, id=RECOVER_JOB,
                      name="replay the spool, answer orphaned messages", replace_existing=True)
    scheduler.add_job(lapse_offers, "interval", seconds=runtime.config.outbox.poll_seconds, id=OFFERS_JOB,
                      name="beat-officer offers", replace_existing=True)
    scheduler.add_job(apply_retention, "interval", hours=runtime.config.retention.check_hours, id=RETENTION_JOB,
                      name="retention", replace_existing=True)
    return scheduler


def run(runtime) -> None:
    """Run until interrupted (``python -m bot scheduler``)."""
    scheduler = build(runtime, blocking=True)
    log.warning("scheduler: draining the outbox every %s s", runtime.config.outbox.poll_seconds)
    recover_messages()
    check_slas()
    drain_outbox()  # at once, not only after the first interval
    apply_retention()
    try:
        scheduler.start()
    except (KeyboardInterrupt, SystemExit):
        pass
