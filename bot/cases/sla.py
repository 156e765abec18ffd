"""Alerts and SLAs: a new urgent case is announced at once; an unclaimed one past its SLA is announced
again and escalated to supervisors; its resident is told, once, that an officer is coming; a claimed
case with no officer reply past its SLA is flagged (naming the officer). Alerts are per waiting episode
(``cases.episode``): a case reopened after a hand back is announced and breached again. How the officers'
chats receive them under a burst: bot/cases/alerts_batch.py.

Deadlines live in the database (``cases.sla_due_at``). Each alert is claimed by inserting its
``SlaAlert`` row (unique per case and kind) in the same transaction that queues the message, so a
second scheduler started by mistake sends nothing twice. Every function takes ``now``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session, sessionmaker

from . import alerts_batch, losses, stations
from .. import formats
from ..store import outbox
from .cases import record
from ..config import Config
from ..store.db import add_later, dialect_insert
from .casework import named, officer_of
from ..store.models.cases import UNCLAIMED, AuditEvent, Case, SlaAlert
from ..store.models.operations import Outbox
from ..store.models.residents import Contact, Incident, Message
from ..privacy import mask
from ..content.texts import Texts


@dataclass
class SlaReport:
    announced: list[int] = field(default_factory=list)
    breached: list[int] = field(default_factory=list)
    residents_told: list[int] = field(default_factory=list)
    reply_overdue: list[int] = field(default_factory=list)
    reply_failed: list[int] = field(default_factory=list)


_CLAIM = {name: dialect_insert(name, SlaAlert).on_conflict_do_nothing(index_elements=["case_id", "kind"])
          .returning(SlaAlert.id) for name in ("sqlite", "postgresql")}


def _claim(session: Session, case: Case, kind: str, now: datetime, new: bool = False) -> bool:
    """Insert the alert row; False when it exists already (sent before, or by another scheduler): one
    ``INSERT … ON CONFLICT DO NOTHING`` (issue 17). ``new``: the case was made in this transaction, so nobody can
    hold its alerts yet: the row goes out with the transaction's other rows."""
    if new:
        row = dict(case_id=case.id, kind=kind, at=now)
        if not add_later(session, SlaAlert.__table__, row):
            session.add(SlaAlert(**row))
        return True
    return session.scalar(_CLAIM[session.get_bind().dialect.name],
                          {"case_id": case.id, "kind": kind, "at": now}) is not None


def mark_resident_told(session: Session, case: Case, now: datetime) -> bool:
    """The resident has been told an officer will write (bot/cases/assign.py): ``check`` does not tell them again."""
    return _claim(session, case, "resident_told", now)


def episode_kind(case: Case, kind: str) -> str:
    """The alert's kind for the case's current waiting episode: a case reopened after a hand back (or returned
    by a disabled officer) is announced and breached again. Episode 0 keeps the plain kind."""
    return f"{kind}#{case.episode}" if case.episode else kind


def case_link(case: Case) -> str:
    return alerts_batch.console_url(f"/console/cases/{case.id}")


def summary(session: Session, case: Case, config: Config, now: datetime) -> str:
    """The essentials of a case for the officers' group: no victim's name, the number masked."""
    incident = session.get(Incident, case.incident_id) if case.incident_id else None
    contact = session.get(Contact, case.contact_id)
    parts = [f"{case.priority.upper()} case #{case.id}"]
    if incident is not None:
        parts.append(f"{incident.reference} {incident.category.replace('_', ' ')}")
        parts += loss_parts(incident, now)
        if incident.district:
            parts.append(incident.district)
    else:
        parts.append(case.reason.replace("_", " "))
    if case.station:
        parts.append(stations.of(config).name(case.station))
    parts.append(f"{contact.channel} {mask(contact.sender)}, {contact.language}")
    return " | ".join(parts) + "\n" + case_link(case)


def loss_parts(incident: Incident, now: datetime) -> list[str]:
    """The freshest loss (amount, minutes ago) and, when the resident told more than one, the debits in all."""
    debits = losses.debits(incident)
    newest = losses.latest(incident)
    if newest is None:
        return []
    parts = []
    if len(debits) > 1:
        parts.append("latest loss " + (formats.amount(newest.amount) if newest.amount is not None else "amount not told"))
    elif newest.amount is not None:
        parts.append(formats.amount(newest.amount))
    if newest.at is not None:
        minutes = int((now - newest.at).total_seconds() // 60)
        parts.append(f"money left {max(minutes, 0)} min ago")
    if len(debits) > 1:
        total = losses.total(incident)
        parts.append(f"{len(debits)} debits" + (f", {formats.amount(total)} in all" if total is not None else ""))
    return parts


def _alert_officers(session: Session, case: Case, config: Config, kind: str, text: str, now: datetime,
                    everyone: bool = False, supervisors: bool = False) -> dict[str, str]:
    """The unit's officers' chat, and the case's station's (``everyone``: every station's) through its own bot;
    ``supervisors``: the supervisors' chat too, where one is configured. Sent (batched in a burst) by
    bot/cases/alerts_batch.py; its key names the case, so an alert about a case claimed meanwhile is dropped."""
    chats = stations.of(config).alert_chats(case, everyone)
    if supervisors and config.console.supervisors_chat_id:
        chats.append((config.console.supervisors_chat_id, None, ":supervisors"))
    for chat, sender, suffix in chats:
        outbox.enqueue(session, channel=config.console.alerts_channel, recipient=chat, text=text, key=f"alert:{case.id}:{kind}{suffix}",
                       now=now, kind="alert", sender=sender, status=alerts_batch.HELD)
    return _queued(config, len(chats))


def _queued(config: Config, chats: int) -> dict[str, str]:
    """What the alert's audit row says happened: queued for the officers' chats, or not sent (and why)."""
    if not chats:
        return {"not_sent": alerts_batch.NOT_SENT}
    return {"queued_for": f"{chats} officers' chat{'s' if chats > 1 else ''} on {config.console.alerts_channel}"}


def announce(session: Session, case: Case, config: Config, now: datetime, new: bool = False,
             actor: str = "scheduler") -> bool:
    """Announce a new urgent case in the officers' group (once); ``new``: made in this transaction; ``actor``: who
    announces it (the bot, in the resident's own turn, or the scheduler's pass). The audit row says whether an alert
    was queued, or that none could be (no officers' chat configured: the case is in the console's queue only)."""
    kind = episode_kind(case, "announced")
    if case.priority != "urgent" or not _claim(session, case, kind, now, new):
        return False
    text = ("New " if not case.episode else "Handed back " if case.status == "returned" else "Reopened ") \
        + summary(session, case, config, now)
    queued = _alert_officers(session, case, config, kind, text, now, everyone=True)  # every station at once
    record(session, case, actor, "announced", now, **({"episode": case.episode} if case.episode else {}), **queued)
    return True


#: An urgent case nobody holds: waiting, or handed back to the bot (``returned``: the bot answers the resident, the
#: case is under the SLA clock all the same; casework.hand_back starts its episode)
UNHELD_URGENT = and_(Case.status.in_(UNCLAIMED), Case.priority == "urgent")
#: what the SLA breach pass reads: every waiting case past its deadline, and an urgent one handed back
PAST_DUE = or_(Case.status == "waiting", UNHELD_URGENT)


def unannounced(session: Session) -> list[Case]:
    """Unheld urgent cases with no announcement for their current episode (one query; usually none)."""
    cases = list(session.scalars(select(Case).where(UNHELD_URGENT)))
    if not cases:
        return []
    done = set(session.execute(select(SlaAlert.case_id, SlaAlert.kind).where(
        SlaAlert.case_id.in_([c.id for c in cases]), SlaAlert.kind.like("announced%"))).all())
    return [c for c in cases if (c.id, episode_kind(c, "announced")) not in done]


def check(Session: sessionmaker[Session], config: Config, texts: Texts, now: datetime) -> SlaReport:
    """One pass over the open cases: the scheduler runs this every few seconds."""
    report = SlaReport()
    realert = timedelta(minutes=config.console.realert_minutes)
    reply_sla = timedelta(minutes=config.console.reply_sla_minutes)
    with Session.begin() as session:
        for case in session.scalars(select(Case).where(UNHELD_URGENT)):
            if announce(session, case, config, now):
                report.announced.append(case.id)
        for case in session.scalars(select(Case).where(PAST_DUE, Case.sla_due_at <= now)):
            late = now - case.sla_due_at
            round_ = int(late / realert)  # 0 at the breach, 1 after one re-alert interval, ...
            kind = episode_kind(case, f"breach:{round_}")
            if _claim(session, case, kind, now):
                text = (f"SLA BREACH ({int(late.total_seconds() // 60)} min past) - supervisors please assign: "
                        + summary(session, case, config, now))
                queued = _alert_officers(session, case, config, kind, text, now, supervisors=True)
                record(session, case, "scheduler", "sla_breached", now, round=round_, escalated_to="supervisors",
                       **queued)
                report.breached.append(case.id)
            if case.priority == "urgent" and _claim(session, case, "resident_told", now):
                contact = session.get(Contact, case.contact_id)
                body = texts.get("officer_coming", contact.language)
                from .casework import tell_resident  # stored in the conversation too (issue 15, item 19)

                tell_resident(session, case, contact, body, now, "bot", kind="alert", key=f"case:{case.id}:officer-coming")
                record(session, case, "scheduler", "resident_told_officer_coming", now)
                report.residents_told.append(case.id)
        report.reply_failed = failed_replies(session, config, now)
        for case in session.scalars(select(Case).where(
                Case.status == "claimed", Case.officer_replied_at.is_(None),
                or_(Case.claimed_at <= now - reply_sla, Case.priority == "urgent"))):
            held = holding(session, case)
            if now - (held.taken_at if case.priority == "urgent" else case.claimed_at) < reply_sla:
                continue
            kind = episode_kind(case, "reply_overdue")
            if _claim(session, case, kind, now):
                holder = officer_of(session, case.claimed_by)
                record(session, case, "scheduler", "reply_overdue", now, officer=named(holder, case.claimed_by),
                       got_it=held.how)
                who = named(holder) if holder else "an officer"
                _alert_officers(session, case, config, kind, held.words(who, config)
                                + summary(session, case, config, now), now, supervisors=True)
                report.reply_overdue.append(case.id)
    return report


#: An officer's reply the provider refused for good (``failed``) or the carrier did not deliver (``undelivered``)
NOT_REACHED = ("failed", "undelivered")
#: How far back the pass looks for refused replies (a failure is found within a tick or two of happening)
FAILED_LOOKBACK = timedelta(hours=6)


def failed_replies(session: Session, config: Config, now: datetime) -> list[int]:
    """Officers' replies on open cases that did not reach the resident (officers' trial, session 20: a refused reply
    showed only a small "failed" tick, and the reply SLA counted it as a reply). Each is alerted once to the officers'
    and supervisors' chats (``reply_failed:<message>``, which also flags the queue row) and audited; when none of the
    case's officer replies reached the resident, ``officer_replied_at`` is cleared so the reply SLA still runs and its
    "No reply yet" alert fires. Returns the cases alerted."""
    rows = session.execute(
        select(Case, Message.id, Message.author, Outbox.error)
        .join(Message, Message.id == Outbox.message_id).join(Case, Case.id == Message.case_id)
        .where(Outbox.status.in_(NOT_REACHED), Outbox.kind == "officer", Outbox.updated_at >= now - FAILED_LOOKBACK,
               Message.author.like("officer:%"), Case.status != "closed")).all()
    alerted = []
    for case, message_id, author, error in rows:
        kind = episode_kind(case, f"reply_failed:{message_id}")
        if not _claim(session, case, kind, now):
            continue
        if not _any_reply_reached(session, case):
            case.officer_replied_at = None  # the SLA's reply clock runs on: a refused reply is no reply
        writer = officer_of(session, author)
        record(session, case, "scheduler", "reply_failed", now, message_id=message_id, officer=named(writer, author),
               error=error or "")
        text = (f"REPLY NOT DELIVERED - {named(writer) if writer else 'an officer'}'s reply did not reach the resident "
                f"({error or 'refused by the provider'}); call the resident: " + summary(session, case, config, now))
        _alert_officers(session, case, config, kind, text, now, supervisors=True)
        alerted.append(case.id)
    return alerted


def _any_reply_reached(session: Session, case: Case) -> bool:
    """Whether an officer's reply on ``case`` (since it was last claimed) is sent, delivered, read or still on its
    way: only then was the resident answered."""
    since = case.claimed_at or case.created_at
    return session.scalar(select(Outbox.id).join(Message, Message.id == Outbox.message_id).where(
        Message.case_id == case.id, Message.author.like("officer:%"), Message.created_at >= since,
        Outbox.status.not_in(NOT_REACHED)).limit(1)) is not None


#: How the holder of a claimed case got it (the audit action), as the reply-overdue alert says it
HOW_HELD = {"claimed": "who claimed", "assigned": "who was assigned", "reassigned": "who was assigned",
            "transferred": "who was given", "taken_over": "who took over"}


@dataclass
class Holding:
    how: str  # an action of HOW_HELD
    taken_at: datetime  # when an officer first took the case from the queue in this chain of holders
    first_by: str | None  # who that was, when another officer than the holder now

    def words(self, who: str, config: Config) -> str:
        """"No reply yet since 16:00 IST (first taken by HC Ravi (ravi)) from SI Meena (meena), who was assigned": how
        the holder got the case, and when the chain of holders began when another officer began it."""
        since = f" since {formats.local_time(self.taken_at, config.tz, '%H:%M')} (first taken by {self.first_by})" \
            if self.first_by else ""
        return f"No reply yet{since} from {who}, {HOW_HELD[self.how]} "


def holding(session: Session, case: Case) -> Holding:
    """How the case's holder got it (their claim, an assignment, a transfer, a takeover) and when an officer took it
    from the queue (the last ``claimed`` or ``assigned``): an urgent case's reply clock runs from then, not restarted
    by a transfer, reassignment or takeover (session 19: a reassigned golden-hour case was first alerted 21 minutes
    after the money left, the first officer's silent minutes not counted)."""
    rows = session.execute(select(AuditEvent.action, AuditEvent.at, AuditEvent.actor, AuditEvent.detail).where(
        AuditEvent.case_id == case.id, AuditEvent.action.in_(HOW_HELD)).order_by(AuditEvent.id)).all()
    if not rows:
        return Holding("claimed", case.claimed_at, None)
    start = max((i for i, row in enumerate(rows) if row.action in ("claimed", "assigned")), default=0)
    first = rows[start]
    first_by = named(officer_of(session, first.actor), first.actor) if first.action == "claimed" else \
        (first.detail or {}).get("to")
    return Holding(rows[-1].action, first.at, first_by if start < len(rows) - 1 else None)


def flags(session: Session, case: Case) -> set[str]:
    """What the console marks on a case row: sla_breached, reply_overdue, reply_failed."""
    return flags_of(case, session.scalars(select(SlaAlert.kind).where(SlaAlert.case_id == case.id)))


def flags_of(case: Case, kinds) -> set[str]:
    """``flags`` from the case's alert kinds (the queue loads them for a page of cases in one query)."""
    current = [k for k in kinds if (k.rsplit("#", 1)[1] if "#" in k else "0") == str(case.episode or 0)]
    out = {"sla_breached"} if any(k.startswith("breach:") for k in current) else set()
    if any(k.startswith("reply_overdue") for k in current) and case.status == "claimed" \
            and case.officer_replied_at is None:
        out.add("reply_overdue")
    if any(k.startswith("reply_failed") for k in current) and case.status != "closed" \
            and case.officer_replied_at is None:  # cleared by the next reply the officer sends
        out.add("reply_failed")
    return out
