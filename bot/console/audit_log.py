"""The audit log page for supervisors (README.md, "Audit log"): filters, paging, CSV, readable details, and one
"viewed" row per visit.

- Filters: officer (or the bot, the scheduler, the command line), action, case, from and to dates (the unit's
  time zone). Newest first, ``PAGE`` rows a page, paged by id (``before``), so every row can be reached however
  long the log grows.
- CSV: every row that matches the filters (streamed), times in the unit's time zone with the offset, the detail
  readable and as JSON. The export itself is audited (``audit_exported``, with the filters).
- ``readable(detail)``: "outcome: NCRP filed · number: 3112…", not a Python dict; times in the unit's zone.
- ``record_visit``: opening a case again, reloading it, or its thumbnails loading, within
  ``console.view_visit_minutes`` of the officer's last row of that kind for that case (and evidence item) is the
  same visit: no new row.
"""
from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime, time, timedelta
from typing import Any, Iterator

from flask import Response, abort, g, render_template, request, stream_with_context, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from .. import edge, formats
from ..cases import logins
from ..cases.audit_text import officer_names as _names, readable
from ..cases.cases import record
from ..store.models.cases import AuditEvent, Case
from ..store.models.officers import LoginBurst, Officer
from . import blueprint, ctx

PAGE = 100
SYSTEM_ACTORS = ("bot", "scheduler", "cli", "anonymous")


# -- one visit, one row -----------------------------------------------------------------------
def record_visit(session, case: Case | None, actor: str, action: str, now: datetime, key: str = "evidence",
                 **detail) -> bool:
    """Record ``action`` unless this actor recorded it for this case (and the same ``detail[key]``: the evidence
    item, say) within the visit window. Returns whether a row was written."""
    window = timedelta(minutes=ctx().engine.config.console.view_visit_minutes)
    query = select(AuditEvent.detail).where(AuditEvent.actor == actor, AuditEvent.action == action,
                                            AuditEvent.at > now - window)
    query = query.where(AuditEvent.case_id == case.id) if case is not None else query.where(
        AuditEvent.case_id.is_(None))
    recent = session.scalars(query.order_by(AuditEvent.id.desc()).limit(50)).all()
    value = detail.get(key)
    if any(value is None or (d or {}).get(key) == value for d in recent):
        return False
    record(session, case, actor, action, now, **detail)
    return True


# -- readable details (bot/cases/audit_text.py) ---------------------------------------------------
def _readable_filter(detail) -> str:
    """The template filter: officers named as the audit log names them (their ids read once a request)."""
    if "audit_names" not in g:
        with ctx().engine.Session() as session:
            g.audit_names = _names(session)
    return readable(detail, ctx().engine.config.tz, g.audit_names)


blueprint.add_app_template_filter(_readable_filter, "readable")


# -- filters ----------------------------------------------------------------------------------
def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat((text or "").strip())
    except ValueError:
        return None


def filters(args, session, tz) -> tuple[dict, list]:
    """The filters asked for (as shown back in the form) and the SQL conditions they make."""
    shown: dict[str, Any] = {}
    where = []
    who = (args.get("officer") or "").strip().lower()
    if who in SYSTEM_ACTORS:
        where.append(AuditEvent.actor == who)
        shown["officer"] = who
    elif who:
        officer = session.scalar(select(Officer).where(Officer.username == who[:64]))
        where.append(AuditEvent.actor == (f"officer:{officer.id}" if officer else "officer:none"))
        shown["officer"] = who
    action = (args.get("action") or "").strip()[:32]
    if action:
        where.append(AuditEvent.action == action)
        shown["action"] = action
    case_id = edge.db_int((args.get("case") or "").strip().lstrip("#"))
    if case_id:
        where.append(AuditEvent.case_id == case_id)
        shown["case"] = case_id
    start, end = _day(args.get("from")), _day(args.get("to"))
    if start:
        where.append(AuditEvent.at >= datetime.combine(start, time.min, tz))
        shown["from"] = start.isoformat()
    if end:
        where.append(AuditEvent.at < datetime.combine(end + timedelta(days=1), time.min, tz))
        shown["to"] = end.isoformat()
    return shown, where


def _row(event: AuditEvent, names: dict[str, str], tz) -> dict:
    return {"id": event.id, "at": formats.local_time(event.at, tz, "%Y-%m-%d %H:%M:%S"),
            "who": names.get(event.actor, event.actor), "what": event.action, "case": event.case_id,
            "detail": readable(event.detail, tz, names)}


# -- the page and the CSV ---------------------------------------------------------------------
@blueprint.get("/audit")
@login_required
def audit_log():
    if not current_user.supervisor:
        abort(403, description="The audit log is for supervisors.")
    engine, now = ctx().engine, ctx().now()
    tz = engine.config.tz
    before = edge.db_int(request.args.get("before"))
    with engine.Session.begin() as session:
        logins.close_bursts(session, now, timedelta(minutes=engine.config.console.login_window_minutes))
        shown, where = filters(request.args, session, tz)
        record_visit(session, None, current_user.actor, "audit_viewed", now)
        query = select(AuditEvent).where(*where)
        if before:
            query = query.where(AuditEvent.id < before)
        events = list(session.scalars(query.order_by(AuditEvent.id.desc()).limit(PAGE + 1)))
        names = _names(session)
        rows = [_row(e, names, tz) for e in events[:PAGE]]
        bursts = [{"since": formats.local_time(b.first_at, tz, "%Y-%m-%d %H:%M:%S"),
                   "who": names.get(b.actor, b.actor), "tries": b.tries, "detail": readable(b.detail, tz, names)}
                  for b in session.scalars(select(LoginBurst).order_by(LoginBurst.first_at))]
        actions = sorted(session.scalars(select(AuditEvent.action).distinct()))
        officer_names = sorted(session.scalars(select(Officer.username)))
    older = url_for("console.audit_log", before=rows[-1]["id"], **shown) if len(events) > PAGE else None
    newest = url_for("console.audit_log", **shown) if before else None
    return render_template("console/audit.html", me=current_user, rows=rows, bursts=bursts, shown=shown,
                           actions=actions, officers=officer_names, system_actors=SYSTEM_ACTORS, older=older,
                           newest=newest, csv_url=url_for("console.audit_csv", **shown),
                           zone=formats.local_time(now, tz, "%Z").split()[-1], zone_name=engine.config.timezone)


@blueprint.get("/audit.csv")
@login_required
def audit_csv():
    if not current_user.supervisor:
        abort(403)
    engine, now = ctx().engine, ctx().now()
    tz = engine.config.tz
    with engine.Session.begin() as session:
        shown, _ = filters(request.args, session, tz)
        record(session, None, current_user.actor, "audit_exported", now, filters=shown)
    args = dict(request.args)

    def lines() -> Iterator[str]:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["id", "at", "time_zone", "actor", "who", "action", "case", "detail", "detail_json"])
        with engine.Session() as session:
            _, where = filters(args, session, tz)
            names = _names(session)
            query = select(AuditEvent).where(*where).order_by(AuditEvent.id.desc()).execution_options(yield_per=1000)
            for event in session.scalars(query):
                writer.writerow([event.id, event.at.astimezone(tz).isoformat(timespec="seconds"), engine.config.timezone,
                                 event.actor, names.get(event.actor, event.actor), event.action, event.case_id or "",
                                 readable(event.detail, tz, names), json.dumps(event.detail or {}, ensure_ascii=False,
                                                                        sort_keys=True, default=str)])
                yield out.getvalue()
                out.seek(0)
                out.truncate()
        yield out.getvalue()

    stamp = now.astimezone(tz).strftime("%Y%m%d-%H%M")
    return Response(stream_with_context(lines()), mimetype="text/csv",
                    headers={"Content-Disposition": f"attachment; filename=audit-{stamp}.csv"})
