"""Supervisors taking cases back, in the console: take over a case another officer holds, assign a case from
the queue or reassign it from the case page (logic and audit in bot/cases/assign.py)."""
from __future__ import annotations

from flask import abort, jsonify, request
from flask_login import current_user, login_required
from sqlalchemy import select

from ..cases import assign, officers
from ..cases.casework import CaseworkError
from ..store.models.officers import Officer
from . import _act, blueprint, ctx

ASSIGNERS = ("supervisor", "station_supervisor")


def _json() -> bool:
    return request.accept_mimetypes.best == "application/json"


@blueprint.post("/cases/<int:case_id>/takeover")
@login_required
def take_over(case_id: int):
    response, _ = _act(case_id, lambda s, me: assign.take_over(ctx().casework, s, case_id, me, ctx().now()),
                       "You hold this case now; the resident was told.")
    return response


@blueprint.post("/cases/<int:case_id>/assign")
@login_required
def assign_case(case_id: int):
    """Give the case to the officer named in ``to`` (a username). JSON callers (the queue) get ok/error."""
    if current_user.role not in ASSIGNERS:
        abort(403)

    def go(session, me):
        to = officers.get(session, request.form.get("to", ""))
        if to is None:
            raise CaseworkError("choose an officer")
        return assign.assign(ctx().casework, session, case_id, me, to, ctx().now())

    if _json():
        with ctx().engine.Session.begin() as session:
            me = session.get(Officer, current_user.id)
            try:
                case = go(session, me)
            except CaseworkError as exc:
                session.rollback()
                return jsonify(ok=False, error=str(exc)), 409
            return jsonify(ok=True, case=case.id)
    response, _ = _act(case_id, go, "Case assigned; the resident was told who helps them.")
    return response


@blueprint.get("/officers.json")
@login_required
def officers_json():
    """Active officers, for the queue's assign menu (supervisors only)."""
    if current_user.role not in ASSIGNERS:
        abort(403)
    with ctx().engine.Session() as session:
        rows = session.execute(select(Officer.username, Officer.display_name).where(Officer.active.is_(True))
                               .order_by(Officer.display_name)).all()
    return jsonify(officers=[{"username": u, "name": n} for u, n in rows])
