"""Background jobs (APScheduler 3), run as one process: ``python -m bot scheduler``.

Jobs: drain the outbox every ``outbox.poll_seconds`` (retries with backoff, settling
unconfirmed sends, sending what officers and alerts queue), and check the cases' SLAs (bot/cases/sla.py:
new urgent cases announced, breaches re-announced to supervisors, residents told once, claimed
cases without a reply flagged), queue the opt-in safety tips and campaign messages (paced, never in
quiet hours: bot/outreach/proactive.py), and hand seniors' cases their beat officer did not claim to the whole
queue (bot/outreach/households.py), replay the spool and answer orphaned messages (bot/channels/recovery.py), and apply the
retention periods (bot/cases/retention.py). Each drain records a heartbeat (bot/store/heartbeats.py) that /metrics and
``doctor`` read. The job store is in memory: every job is added from this code at each start, and nothing else
reads it; kept in the database (it used to be, the ``apscheduler_jobs`` table is left by migration 0002), a locked
SQLite file or a PostgreSQL blip raised inside APScheduler's own loop while it rescheduled a job, killing its thread
and so the lease (an attacker's pass, session 17). Now a database fault costs one job run. Running two schedulers by mistake
sends nothing twice: each outbox row is claimed by one atomic UPDATE. Schedulers on several hosts elect
one active process with a lease row (bot/store/lease.py, ``run``); the standbys start no APScheduler.

Jobs are module-level functions; they find the process's Runtime through ``configure``.
"""
from __future__ import annotations

import functools
import logging
import signal
import threading
from datetime import timedelta
from typing import Any

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.blocking import BlockingScheduler

from .store import lease
from .store.lease import Lease

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
_lease: Lease | None = None  # set by ``run``: the jobs act only while this process holds it


def configure(runtime) -> None:
    """The Runtime (bot.channels.runtime) the jobs of this process use."""
    global _runtime
    _runtime = runtime


def _job(not_done: str, failure: str | None = None):
    """A scheduler job: nothing before configure() (``not_done`` is logged), nothing while another scheduler
    holds the lease (it runs the jobs then), and never raises (``failure`` is logged; the next run tries again)."""
    def wrap(body):
        @functools.wraps(body)
        def job():
            if _runtime is None:
                log.error("scheduler job ran before configure(); %s", not_done)
                return None
            if not _active_now():
                return None
            if failure is None:  # the body never raises
                return body()
            try:
                return body()
            except Exception:
                log.exception("%s failed; the next run tries again", failure)
                return None
        return job
    return wrap


@_job("nothing sent", "draining the outbox")
def drain_outbox():
    """The job: send every due outbox row; log what happened."""
    report = _runtime.drain()
    _beat()
    if report:
        log.info("outbox: %s sent, %s to retry, %s failed, %s unconfirmed, %s confirmed, %s to resend",
                 report.sent, report.retried, report.failed, report.unconfirmed, report.confirmed, report.resent)
    return report


@_job("no group alerts sent", "sending group alerts")
def send_group_alerts():
    """The job, every second: the officers' chats' alerts, joined in a burst (bot/cases/alerts_batch.py)."""
    from .cases import sla

    with _runtime.engine.Session.begin() as session:  # a new urgent case not yet announced (a webhook's own
        for case in sla.unannounced(session):        # announcement is usually there already)
            sla.announce(session, case, _runtime.config, _runtime.now())
    _runtime.drain_group_alerts()
    return None


@_job("no on-call check", "the on-call check")
def escalate_on_call():
    """The job: urgent cases past their SLA while no officer is on the console go to the on-call officer."""
    from .cases import oncall

    with _runtime.engine.Session.begin() as session:
        return oncall.escalate(session, _runtime.config, _runtime.now())


@_job("no SLA check", "the SLA check")
def check_slas():
    """The job: one pass of the SLA checks."""
    from .cases import sla

    report = sla.check(_runtime.engine.Session, _runtime.config, _runtime.engine.res.texts, _runtime.now())
    if report.announced or report.breached or report.reply_overdue or report.reply_failed:
        log.warning("sla: %s announced, %s breached, %s residents told, %s without a reply, %s replies not delivered",
                    len(report.announced), len(report.breached), len(report.residents_told),
                    len(report.reply_overdue), len(report.reply_failed))
    return report


@_job("no tips or campaigns queued", "queuing tips and campaigns")
def send_proactive():
    """The job: queue due safety tips and campaign messages, paced, never in quiet hours (bot/outreach/proactive.py)."""
    from .outreach import proactive

    engine = _runtime.engine
    report = proactive.tick(engine.Session, _runtime.config, engine.res.texts, engine.res.knowledge, _runtime.now())
    if report:
        log.info("proactive: %s tips queued (%s waiting), %s campaign messages queued, %s deferred for quiet hours",
                 report.tips, report.tips_waiting, report.campaign_rows, report.deferred)
    return report


@_job("no beat-officer offers checked", "checking beat-officer offers")
def lapse_offers():
    """The job: seniors' cases their beat officer did not claim in time go to the whole queue (bot/outreach/households.py)."""
    from .outreach import households

    with _runtime.engine.Session.begin() as session:
        lapsed = households.lapse_offers(session, _runtime.config, _runtime.now())
    if lapsed:
        log.warning("beat officer did not claim case(s) %s: open to every officer now", lapsed)
    return lapsed


def _beat() -> None:
    """Record this tick for /metrics and `doctor` (a scheduler that stopped shows as silent)."""
    from .store import heartbeats

    try:
        detail = {"holder": _lease.holder} if _lease is not None else {}
        heartbeats.beat(_runtime.engine.Session, heartbeats.SCHEDULER, _runtime.now(), **detail)
    except Exception:
        log.exception("could not record the scheduler's heartbeat")


@_job("retention not applied", "applying retention")
def apply_retention():
    """The job: delete or anonymise what is past config.yaml's retention periods (bot/cases/retention.py); audited."""
    from .cases import retention

    with _runtime.engine.Session.begin() as session:
        return retention.run(session, _runtime.config, _runtime.now())


@_job("nothing recovered")
def recover_messages():
    """The job: replay what the spool kept during a database outage and answer messages a killed worker
    stored but never handled (older than engine.ORPHAN_AFTER), through the outbox (bot/channels/recovery.py)."""
    return _runtime.recover()  # never raises


class _Executor(ThreadPoolExecutor):
    """APScheduler's thread pool, except that a job handed over while the scheduler stops is dropped: APScheduler
    3's thread can pass the "paused?" check just before a stop and then hand a job to a pool already shut down
    (an error with a traceback at every clean stop, nothing else)."""

    _closed = False

    def shutdown(self, wait=True):
        self._closed = True
        super().shutdown(wait)

    def _do_submit_job(self, job, run_times):
        if not self._closed:
            super()._do_submit_job(job, run_times)


def build(runtime, blocking: bool = True):
    """A scheduler with the jobs registered; its job store is in memory (see the module's text: the database
    is touched only by the jobs themselves, which never raise, so a fault there cannot stop APScheduler's thread)."""
    configure(runtime)
    cls = BlockingScheduler if blocking else BackgroundScheduler
    scheduler = cls(jobstores={"default": MemoryJobStore()},
                    executors={"default": _Executor()},
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


LEASE_TICKS = 3  # the lease lasts this many ticks (outbox.poll_seconds) ...
LEASE_MIN_SECONDS = 15  # ... and at least this long: a slow tick on a loaded host never hands it over


def lease_for(runtime) -> Lease:
    """This process's claim on the scheduler lease (bot/store/lease.py)."""
    poll = runtime.config.outbox.poll_seconds
    return Lease(runtime.engine.Session, lease.SCHEDULER, lease.holder_name(),
                 ttl=timedelta(seconds=max(LEASE_MIN_SECONDS, LEASE_TICKS * poll)), margin=timedelta(seconds=poll))


def _active_now() -> bool:
    """Jobs run only while this process holds the lease (always, when no lease is in use: tests, tools)."""
    return _lease is None or _lease.held(_runtime.now())


def _renew(claim: Lease, runtime) -> bool:
    """Take or renew the lease; while the database is unreachable (or a SQLite file locked), keep acting only
    while the lease is surely ours. Never raises: a fault here must not end ``run``."""
    try:
        return claim.acquire(runtime.now())
    except Exception:
        log.exception("scheduler: could not renew the lease")
        return claim.held(runtime.now())


def _stop(scheduler) -> None:
    """Stop an APScheduler, waiting for a running job. Paused first under the lock its thread holds while it
    hands jobs to the executor, so it never hands one to an executor already shut down."""
    with getattr(scheduler, "_jobstores_lock", threading.RLock()):
        scheduler.pause()
    scheduler.shutdown(wait=True)


def run(runtime, stop: threading.Event | None = None) -> None:
    """Run until interrupted (``python -m bot scheduler``), on any number of hosts at once: every tick each
    process takes or renews the lease row; the one holding it runs APScheduler with the jobs, the others wait
    as standbys and start no APScheduler at all (its job store must never be shared by two running
    schedulers). A standby takes over within the lease's time when the active one stops or loses the database;
    a clean stop (SIGTERM, SIGINT) gives the lease up at once."""
    global _lease
    configure(runtime)
    stop = stop or threading.Event()
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stop.set())
    poll = runtime.config.outbox.poll_seconds
    _lease = claim = lease_for(runtime)
    active = None  # the APScheduler of this process, only while it holds the lease
    standby_told = False
    try:
        while not stop.is_set():
            holding = _renew(claim, runtime)
            if holding and active is None:
                log.warning("scheduler: draining the outbox every %s s (this process holds the scheduler lease)", poll)
                for job in (recover_messages, check_slas, drain_outbox, apply_retention):  # at once, not after a tick
                    job()
                    _renew(claim, runtime)
                active = build(runtime, blocking=False)
                active.start()
                standby_told = False
            elif active is not None and not claim.held(runtime.now()):
                log.warning("scheduler: the lease is lost; stopping the jobs (standby now)")
                _stop(active)
                active = None
            if active is None and not standby_told:
                log.warning("scheduler: standby (another scheduler holds the lease); checking every %s s", poll)
                standby_told = True
            stop.wait(poll)
    finally:
        if active is not None:
            _stop(active)
        if claim.renewed is not None:
            try:
                claim.release(runtime.now())
                log.warning("scheduler: stopped; lease given up")
            except Exception:
                log.exception("scheduler: could not give the lease up; it expires by itself")
        _lease = None
