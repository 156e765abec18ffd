"""Police stations in the console (README.md, "Several police stations"): the queue's own-stations view, the
station of a case and its transfer to another station, and the supervisors' figures per station."""
from __future__ import annotations

from flask import abort, jsonify, render_template, request
from flask_login import current_user, login_required

from .. import stations, station_figures
from ..cases import record
from ..models import Case
from . import _act, blueprint, ctx


def _directory() -> stations.Stations:
    return stations.of(ctx().engine.config)


@blueprint.app_context_processor
def _station_values() -> dict:
    directory = _directory()
    return {"stations_on": directory.on, "station_choices": directory.choices(), "station_name": directory.name}


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
    directory = _directory()
    if not directory.on:
        return None
    return directory.name(case.station) if case.station else "unit (no station yet)"


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
        abort(403)
    engine = ctx().engine
    with engine.Session.begin() as session:
        record(session, None, current_user.actor, "station_figures_viewed", ctx().now())
        data = station_figures.compute(session, engine.config)
    if request.accept_mimetypes.best == "application/json":
        return jsonify(data)
    return render_template("console/station_figures.html", me=current_user, data=data)

