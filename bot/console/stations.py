"""Police stations in the console (README.md, "Several police stations"): the queue's own-stations view, the
station of a case and its transfer to another station, who may act on which station's case, and the supervisors'
figures per station."""
from __future__ import annotations

from flask import abort, jsonify, render_template, request
from flask_login import current_user, login_required
from sqlalchemy import func, select
from sqlalchemy.orm import object_session

from ..cases import stations, station_figures
from ..cases.cases import record
from ..store.models.cases import AuditEvent, Case
from ..store.models.residents import Message
from ..store.models.officers import Officer
from . import _act, blueprint, ctx

# Console actions that belong to a case's station (bot/cases/stations.py ``may_act``); reply, hand back and transfer
# to an officer are the holder's own already (bot/cases/casework.py).
STATION_ACTIONS = {"console.claim": "claim", "console.close": "close", "console.transfer_station": "transfer_station"}


def _directory() -> stations.Stations:
    return stations.of(ctx().engine.config)


@blueprint.app_context_processor
def _station_values() -> dict:
    directory = _directory()
    return {"stations_on": directory.on, "station_choices": directory.choices(), "station_name": directory.name,
            "my_stations": _my_stations, "station_allows": _allows}


def _my_stations() -> list[str]:
    """The logged-in officer's stations (none: the unit's cyber cell)."""
    with ctx().engine.Session() as session:
        return stations.stations_of(session, current_user.id)


def _allows(case: Case, action: str) -> bool:
    """May the logged-in officer do ``action`` on ``case`` (the case page shows only what they may do)? Read in
    the page's own session (a second one would wait on SQLite for the page's audit row)."""
    session = object_session(case)
    me = session.get(Officer, current_user.id)
    if action == "transfer_station" and case.status == "claimed" and case.claimed_by != current_user.actor \
            and not stations.oversees(session, me, case):
        return False
    return stations.may_act(session, me, case, action)


@blueprint.before_request
def _own_stations_only():
    """Another station's case: a kind 403 page (JSON for the queue's claim button), and the refusal audited."""
    action = STATION_ACTIONS.get(request.endpoint or "")
    if action is None or request.method != "POST" or not _directory().on or not current_user.is_authenticated:
        return None
    engine = ctx().engine
    with engine.Session.begin() as session:
        case = session.get(Case, (request.view_args or {}).get("case_id"))
        if case is None or stations.may_act(session, session.get(Officer, current_user.id), case, action):
            return None
        record(session, case, current_user.actor, "station_refused", ctx().now(), wanted=action,
               station=case.station)
        case_id, name = case.id, _directory().name(case.station)
    if request.accept_mimetypes.best == "application/json":
        return jsonify(ok=False, error=f"Case {case_id} is with {name}: its officers or a supervisor act on it."), 403
    return render_template("console/station_refused.html", me=current_user, case_id=case_id, station=name,
                           action=action.replace("_station", "").replace("_", " ")), 403


def queue_view(session, cases: list[Case]) -> tuple[list[Case], dict]:
    """The cases the queue shows and what the page says about them.

    An officer who belongs to stations sees their own first (their stations' cases, the unit's unrouted cases
    and every urgent case), with a switch to all (own still first); supervisors and officers of no station see all."""
    directory = _directory()
    if not directory.on:
        return cases, {}
    own = set(stations.stations_of(session, current_user.id))
    default = "all" if stations.sees_all(current_user.role) or not own else "mine"
    view = request.args.get("view") if request.args.get("view") in ("mine", "all") else default
    mine, rest = stations.split_queue(cases, own)
    shown = mine if view == "mine" else mine + rest
    return shown, {"view": view, "own_stations": [directory.name(s) for s in sorted(own)], "others_hidden":
                   len(rest) if view == "mine" else 0}


def station_label(case: Case) -> str | None:
    """The case's station, and, when the resident now writes to another station's number or bot, which one:
    the officer's replies reach the resident there (bot/conversation/station_routing.py ``route``)."""
    directory = _directory()
    if not directory.on:
        return None
    label = directory.name(case.station) if case.station else "unit (no station yet)"
    contact = case.contact
    writes_to = directory.station_of_via(contact.channel, contact.via) if contact is not None else None
    if writes_to is not None and writes_to != case.station and case.status != "closed" and _wrote_since_moved(case):
        label += f" · the resident now writes to {directory.name(writes_to)}'s number; replies reach them there"
    return label


def _wrote_since_moved(case: Case) -> bool:
    """Has the resident written since the case last changed station? A case transferred away from the number the
    resident wrote to (and not written to since) is not one they "now write" to another number about."""
    session = object_session(case)
    moved = session.scalar(select(func.max(AuditEvent.at)).where(AuditEvent.case_id == case.id,
                                                                 AuditEvent.action.in_(stations.MOVES)))
    wrote = session.scalar(select(func.max(Message.created_at)).where(Message.contact_id == case.contact_id,
                                                                      Message.direction == "in"))
    return wrote is not None and (moved is None or wrote > moved)


@blueprint.post("/cases/<int:case_id>/station")
@login_required
def transfer_station(case_id: int):
    to = request.form.get("station", "")

    def go(session, me):
        return ctx().casework.transfer_station(session, case_id, me, to, ctx().now(), ctx().engine.config)

    response, _ = _act(case_id, go, f"Case transferred to {_directory().name(to)}; the resident was told.")
    return response


@blueprint.get("/figures/stations")
@login_required
def station_figures_page():
    if not stations.sees_all(current_user.role):
        abort(403, description="The station figures are for supervisors and station supervisors.")
    engine = ctx().engine
    with engine.Session.begin() as session:
        record(session, None, current_user.actor, "station_figures_viewed", ctx().now())
        data = station_figures.compute(session, engine.config)
    if request.accept_mimetypes.best == "application/json":
        return jsonify(data)
    return render_template("console/station_figures.html", me=current_user, data=data)

