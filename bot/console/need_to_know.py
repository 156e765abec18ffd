"""Need-to-know for the most sensitive cases (README.md, "Access to the console").

A case is sensitive when its incident's category is one of ``console.need_to_know.categories`` (sextortion) or the
resident told of a danger to a child (``need_to_know.danger``: triage's ``child_abuse`` and ``child`` kinds).
A sensitive case is seen only by the officer holding it, supervisors (the unit's and stations') and, where
``need_to_know.women_officers`` is on, officers marked as women. Everyone else does not find it in the queue
(or, for the callers that use ``visible``, in search) and gets a kind 403 on its pages, its messages and its
evidence; every refused attempt is an audit row (``need_to_know_refused``; only a page left open polling is one
row a visit).

``may_see(officer, case, incident)`` is the one rule; ``visible`` filters a list with one extra query; the guard
below covers every console route with a ``case_id`` or an ``evidence_id`` in its URL, today's and tomorrow's.
"""
from __future__ import annotations

from typing import Iterable

from flask import current_app, render_template, request
from flask_login import current_user
from sqlalchemy import String, cast, or_, select

from ..config import Config
from ..store.models.cases import Case
from ..store.models.residents import Evidence, Incident
from . import blueprint, ctx

SUPERVISORS = ("supervisor", "station_supervisor")


def sensitive(incident: Incident | None, config: Config) -> bool:
    if incident is None:
        return False
    rule = config.console.need_to_know
    if incident.category in rule.categories:
        return True
    danger = (incident.fields or {}).get("danger") or []
    return bool(set(danger if isinstance(danger, list) else [danger]) & set(rule.danger))


def may_see(officer, case: Case, incident: Incident | None, config: Config) -> bool:
    """Whether ``officer`` (an OfficerUser or Officer: ``role``, ``id``, ``woman``) may see ``case``."""
    if not sensitive(incident, config):
        return True
    if officer.role in SUPERVISORS:
        return True
    if case.status == "claimed" and case.claimed_by == f"officer:{officer.id}":
        return True
    return bool(config.console.need_to_know.women_officers and getattr(officer, "woman", False))


def hidden_open_cases(session, officer, config: Config, statuses: Iterable[str]) -> set[int]:
    """The ids of the cases in ``statuses`` that ``officer`` may not see: one statement however many cases (the
    queue's cost stays constant), reading only the sensitive candidates; none for those who see everything."""
    return {case.id for case, _ in _hidden(session, officer, config, statuses) if case is not None}


def visible(session, officer, cases: Iterable[Case], config: Config) -> list[Case]:
    """The cases of ``cases`` that ``officer`` may see (their incidents read in one query)."""
    cases = list(cases)
    ids = {c.incident_id for c in cases if c.incident_id}
    incidents = {i.id: i for i in session.scalars(select(Incident).where(Incident.id.in_(ids)))} if ids else {}
    return [c for c in cases if may_see(officer, c, incidents.get(c.incident_id), config)]


def _hidden(session, officer, config: Config, statuses: Iterable[str] | None = None
            ) -> list[tuple[Case | None, Incident]]:
    """(case, incident) pairs ``officer`` may not see (none for a supervisor). Candidates are read in one query
    (a sensitive category, or a danger told); the rule is ``may_see``. An incident without a case yet is nobody's:
    hidden from all but supervisors."""
    if officer.role in SUPERVISORS:
        return []
    rule = config.console.need_to_know
    query = (select(Case, Incident).select_from(Incident).outerjoin(Case, Case.incident_id == Incident.id)
             .where(or_(Incident.category.in_(rule.categories), cast(Incident.fields, String).like('%"danger"%'))))
    if statuses is not None:  # the queue: open cases only
        query = query.where(Case.status.in_(list(statuses)))
    candidates = session.execute(query)
    return [(case, incident) for case, incident in candidates if sensitive(incident, config)
            and (case is None or not may_see(officer, case, incident, config))]


def hidden_ids(session, officer, config: Config) -> set[int]:
    """The ids of the cases ``officer`` may not see: for lists and counts that must neither show nor count them
    (search)."""
    return {case.id for case, _ in _hidden(session, officer, config) if case is not None}


def hidden_incident_ids(session, officer, config: Config) -> set[int]:
    """The incidents (reports) ``officer`` may not see: none of their cases is visible to them (the registry)."""
    pairs = _hidden(session, officer, config)
    seen = {incident.id for case, incident in session.execute(
        select(Case, Incident).join(Incident, Incident.id == Case.incident_id)
        .where(Incident.id.in_({i.id for _, i in pairs}))) if may_see(officer, case, incident, config)} \
        if pairs else set()
    return {incident.id for _, incident in pairs} - seen


def _case_of_evidence(session, item: Evidence) -> tuple[Case | None, Incident | None]:
    incident = session.get(Incident, item.incident_id) if item.incident_id else None
    query = select(Case).where(Case.contact_id == item.contact_id).order_by(Case.created_at.desc())
    if incident is not None:
        case = session.scalars(query.where(Case.incident_id == incident.id)).first()
        if case is not None:
            return case, incident
    case = session.scalars(query).first()
    if case is not None and incident is None and case.incident_id:
        incident = session.get(Incident, case.incident_id)
    return case, incident


def refusal(session, officer_actor: str, case: Case | None, now, **detail):
    """Audit the refusal and answer with the kind 403 page. Every attempt is a row (a search that opens the case,
    its reference, a typed address); only a page left open polling (``*.json``, every few seconds after its case
    was handed back) is one row a visit."""
    from .audit_log import record, record_visit

    if request.path.endswith(".json"):
        record_visit(session, case, officer_actor, "need_to_know_refused", now, key="path",
                     path=request.path[:200], **detail)
    else:
        record(session, case, officer_actor, "need_to_know_refused", now, path=request.path[:200], **detail)
    return render_template("console/refused.html", me=current_user, reason="need_to_know"), 403


@blueprint.before_app_request
def _guard():
    if request.blueprint not in ("console", "elderly") or not current_user.is_authenticated:
        return None
    args = request.view_args or {}
    if "case_id" not in args and "evidence_id" not in args:
        return None
    engine, now = ctx().engine, ctx().now()
    config = engine.config
    with engine.Session.begin() as session:
        if "case_id" in args:
            case = session.get(Case, args["case_id"])
            if case is None:
                return None  # the route answers 404
            incident = session.get(Incident, case.incident_id) if case.incident_id else None
            detail = {}
        else:
            item = session.get(Evidence, args["evidence_id"])
            if item is None:
                return None
            case, incident = _case_of_evidence(session, item)
            if case is None:
                return None if not sensitive(incident, config) or current_user.role in SUPERVISORS else \
                    refusal(session, current_user.actor, None, now, evidence=item.id)
            detail = {"evidence": item.id}
        if may_see(current_user, case, incident, config):
            return None
        current_app.logger.info("need-to-know: case %s refused to %s", case.id, current_user.actor)
        return refusal(session, current_user.actor, case, now, **detail)
