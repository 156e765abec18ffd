"""``/console/queue.json``: the queue in a constant number of SQL statements, a page at a time, changes only.

Whatever the queue's length, one request runs the same statements: the change token, the open cases' ids in
queue order (light columns, for paging and the station view; the urgent ones' reports, to put those whose golden
hour is open first: ``cases.in_queue_order``), then for the page's changed cases only their
rows with incident and contact, holders, alert flags, beat-officer offers, the last message from the
resident and this officer's last view (unread). ``since`` (the token the page last drew) limits the rows to
cases with an audit row or a message after it; ``order`` always lists the page's ids, so the page moves,
adds and removes rows in place. Minutes waiting and SLA minutes left are counted by the page from the
timestamps sent (``now`` is the server's clock), so a row does not change only because time passed.
"""
from __future__ import annotations

from datetime import datetime

from flask import jsonify, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError

from .. import edge, formats
from ..cases import losses, sla
from ..cases.cases import OPEN, golden_open_ids, in_queue_order
from ..cases.casefile import numbers_line
from ..outreach.households import reserved
from ..store.models.cases import QUEUE_ORDER, AuditEvent, Case, CaseView, SlaAlert
from ..store.models.outreach import CaseOffer
from ..store.models.residents import Contact, Incident, Message
from ..store.models.officers import Officer
from . import _need_to_know, _station_pages, blueprint, ctx
from .live import not_modified, parse_token, queue_token

PAGE = 50


def _epoch(at: datetime | None) -> float | None:
    return None if at is None else round(at.timestamp(), 3)


def _changed(session, ids: list[int], since: tuple[int, int] | None) -> set[int]:
    """The page's cases with an audit row or a message newer than ``since`` (one statement)."""
    if since is None:
        return set(ids)
    audit, message = since
    by_audit = select(AuditEvent.case_id.label("id")).where(AuditEvent.id > audit, AuditEvent.case_id.in_(ids))
    by_message = (select(Case.id.label("id")).join(Message, Message.contact_id == Case.contact_id)
                  .where(Message.id > message, Case.id.in_(ids)))
    return {row[0] for row in session.execute(by_audit.union(by_message))}


def mark_viewed(session, case_id: int, actor: str, now: datetime) -> None:
    """This officer opened the case now: the latest opening, not the visit's first, is what unread compares with."""
    view = session.get(CaseView, (case_id, actor))
    if view is not None:
        view.at = now
        return
    try:
        with session.begin_nested():  # the same officer's two tabs opening it at once: one row
            session.add(CaseView(case_id=case_id, actor=actor, at=now))
    except IntegrityError:
        session.get(CaseView, (case_id, actor)).at = now


def rows(session, ids: list[int], now: datetime, me_actor: str, golden: dict | None = None) -> list[dict]:
    """The queue's rows for ``ids``: six statements, however many ids. ``golden``: the urgent cases whose golden
    hour is open (``cases.golden_open_ids``), each row says until when (the page re-reads the order then)."""
    found = session.execute(select(Case, Incident, Contact).join(Contact, Contact.id == Case.contact_id)
                            .outerjoin(Incident, Incident.id == Case.incident_id).where(Case.id.in_(ids))).all()
    holder_ids = {int(c.claimed_by.split(":", 1)[1]) for c, _, _ in found
                  if c.status == "claimed" and (c.claimed_by or "").startswith("officer:")}
    names = dict(session.execute(select(Officer.id, Officer.display_name).where(Officer.id.in_(holder_ids))).all())
    kinds: dict[int, list[str]] = {}
    for case_id, kind in session.execute(select(SlaAlert.case_id, SlaAlert.kind).where(SlaAlert.case_id.in_(ids))):
        kinds.setdefault(case_id, []).append(kind)
    offers = {offer.case_id: (offer, name) for offer, name in session.execute(
        select(CaseOffer, Officer.display_name).join(Officer, Officer.id == CaseOffer.officer_id)
        .where(CaseOffer.case_id.in_(ids)))}
    contact_ids = [contact.id for _, _, contact in found]
    last_in = {contact_id: (at, text_len) for contact_id, at, text_len in session.execute(
        select(Message.contact_id, func.max(Message.created_at), func.count(Message.id))
        .where(Message.contact_id.in_(contact_ids), Message.direction == "in").group_by(Message.contact_id))}
    viewed = dict(session.execute(select(CaseView.case_id, CaseView.at).where(
        CaseView.case_id.in_(ids), CaseView.actor == me_actor)).all())
    out = []
    for case, incident, contact in found:
        holder = names.get(int(case.claimed_by.split(":", 1)[1])) if case.status == "claimed" and \
            (case.claimed_by or "").startswith("officer:") else None
        offer = offers.get(case.id)
        last_at = last_in.get(contact.id, (None, 0))[0]
        seen = viewed.get(case.id)
        out.append({
            "id": case.id, "episode": case.episode or 0, "priority": case.priority, "status": case.status,
            "category": (incident.category if incident else case.reason).replace("_", " "),
            "reference": incident.reference if incident else None,
            "national_numbers": numbers_line(incident),  # issue 15 item 20
            **loss_cells(incident, ctx().engine.config.tz),  # the freshest loss, the total and the first's time
            "language": contact.language, "district": incident.district if incident else None,
            "created_at": _epoch(case.created_at), "sla_due_at": _epoch(case.sla_due_at),
            "held_by": holder, "mine": case.status == "claimed" and case.claimed_by == me_actor,
            "flags": sorted(sla.flags_of(case, kinds.get(case.id, []))),
            "beat_officer": None if offer is None else {
                "officer": offer[1], "officer_id": offer[0].officer_id, "expires_at": _epoch(offer[0].expires_at),
                "reserved": reserved(offer[0], case, now)},
            "station": _station_pages.station_label(case),
            "last_in_at": _epoch(last_at), "unread": last_at is not None and (seen is None or last_at > seen),
            "url": url_for("console.case_page", case_id=case.id),
            **golden_cells((golden or {}).get(case.id)),
        })
    position = {case_id: i for i, case_id in enumerate(ids)}
    return sorted(out, key=lambda row: position[row["id"]])


def golden_cells(until) -> dict:
    """Whether the row's golden hour is open, and when it ends (None: no end while the loss goes on or a life is at
    risk): at that time the page fetches the queue again, so the case moves below the fresh ones without a change."""
    return {"golden": until is not None, "golden_until": _epoch(until) if isinstance(until, datetime) else None}


def loss_cells(incident, tz) -> dict:
    """The row's amount and "min ago": the freshest debit's (a later loss told after the first one counts from
    its own time), with every debit's total beside it when there are several (bot/cases/losses.py), and the first
    debit's time: its golden hour ends first (an officer's trial, session 14: "₹8,000 latest, 0 min ago" hid that
    ₹12,000 had left 40 minutes before)."""
    newest = losses.latest(incident)
    if newest is None:
        return {"amount": None, "amount_text": None, "money_left_at": None, "debits": 0}
    count = len(losses.debits(incident))
    text = formats.amount(newest.amount) if newest.amount is not None else None
    if count > 1:
        total = losses.total(incident)
        text = f"{text or 'amount not told'} latest · {formats.amount(total) if total is not None else '?'} in all"
        first = losses.debits(incident)[0]
        if first.first and first.at is not None and first.at != newest.at:
            text += f" · first left {'about ' if first.approx else ''}{formats.local_time(first.at, tz, '%H:%M')}"
    return {"amount": int(newest.amount) if newest.amount is not None else None, "amount_text": text,
            "money_left_at": _epoch(newest.at), "debits": count}


@blueprint.get("/queue.json")
@login_required
def queue_json():
    now = ctx().now()
    page = max(edge.db_int(request.args.get("page")) or 1, 1)
    since = parse_token(request.args.get("since"))
    with ctx().engine.Session() as session:
        token = queue_token(session)
        unchanged = not_modified(token)  # the tab's queue is current: nothing more is read
        if unchanged is not None:
            return unchanged
        open_cases = session.execute(select(Case.id, Case.station, Case.priority, Case.status)
                                     .where(Case.status.in_(OPEN))
                                     .order_by(*QUEUE_ORDER)).all()
        hidden = _need_to_know.hidden_open_cases(session, current_user, ctx().engine.config, OPEN)
        open_cases = [c for c in open_cases if c.id not in hidden]  # the most sensitive: their holder, supervisors
        golden_minutes = ctx().engine.config.golden_hour_minutes
        golden = golden_open_ids(session, [c.id for c in open_cases if c.priority == "urgent"], now,
                                 golden_minutes)
        open_cases = in_queue_order(open_cases, golden)  # golden hour open first within urgent
        shown, view = _station_pages.queue_view(session, open_cases)  # own stations first
        pages = max((len(shown) + PAGE - 1) // PAGE, 1)
        page = min(page, pages)
        order = [c.id for c in shown[(page - 1) * PAGE:page * PAGE]]
        fresh = _changed(session, order, since)
        changed = [i for i in order if i in fresh]
        data = rows(session, changed, now, current_user.actor, golden)
    response = jsonify(token=token, now=_epoch(now), now_local=formats.local_time(
        now, ctx().engine.config.tz, "%H:%M:%S"), page=page, pages=pages, total=len(shown), order=order,
                       cases=data, full=since is None,
                       urgent_waiting=sum(1 for c in shown if c.priority == "urgent" and c.status == "waiting"),
                       **view)
    response.set_etag(token)
    return response
