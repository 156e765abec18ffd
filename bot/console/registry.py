"""The registry in the console: search and filter identifiers, one identifier with its reports, status,
history and linked-identifier graph (drawn), officer links, CSV export and import (dry run first), and
figures per district and week. Every view and change is audited."""
from __future__ import annotations

import io
import math
from datetime import date

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from .. import edge
from ..registry import normalising, records, search, sharing
from ..cases.cases import record
from ..store.models.cases import Case
from ..store.models.registry import Identifier
from . import blueprint, ctx, need_to_know


def _date(name: str) -> date | None:
    value = request.args.get(name, "").strip()
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        flash(f"{name}: use a date like 2026-11-27")
        return None


def _known(name: str, allowed) -> str | None:
    """A filter from the query string that must be one of ``allowed`` (a kind: its aliases too); 400 otherwise."""
    value = request.args.get(name) or None
    if value is None:
        return None
    if allowed is normalising.KINDS:
        try:
            return normalising.kind_of(value)
        except ValueError:
            abort(400, f"unknown {name}")
    if value not in allowed:
        abort(400, f"unknown {name}")
    return value


def _cases_of_incidents(session, incident_ids) -> dict[int, int]:
    """incident id -> its latest case id, for links in the console."""
    if not incident_ids:
        return {}
    rows = session.execute(select(Case.incident_id, Case.id).where(Case.incident_id.in_(list(incident_ids)))
                           .order_by(Case.id))
    return {incident_id: case_id for incident_id, case_id in rows}


def _hidden(session) -> tuple[set[int], set[int]]:
    """(reports, identifiers) the officer may not see: the need-to-know reports, and what is known only
    through them (none for a supervisor)."""
    incidents = need_to_know.hidden_incident_ids(session, current_user, ctx().engine.config)
    return incidents, records.identifiers_only_in(session, incidents)


def matches_for_incident(session, incident) -> list[dict]:
    """The identifiers a case's report names, each with its count and the other cases that share it."""
    out = []
    hidden = need_to_know.hidden_incident_ids(session, current_user, ctx().engine.config)
    for identifier, others in records.identifiers_of_incident(session, incident.id):
        others = [i for i in others if i not in hidden]  # a need-to-know case is not named to whom may not see it
        cases = _cases_of_incidents(session, others)
        out.append({"id": identifier.id, "kind": identifier.kind, "value": identifier.value,
                    "report_count": identifier.report_count, "status": identifier.status,
                    "other_cases": [cases[i] for i in others if i in cases]})
    return out


@blueprint.get("/registry")
@login_required
def registry_page():
    args = request.args
    kind, status = _known("kind", normalising.KINDS), _known("status", records.STATUSES)
    with ctx().engine.Session.begin() as session:
        rows = search.search(session, args.get("q") or None, kind=kind,
                               status=status, district=args.get("district") or None,
                               since=_date("since"), until=_date("until"), limit=100)
        _, hidden = _hidden(session)
        rows = [r for r in rows if r.id not in hidden]
        record(session, None, current_user.actor, "registry_searched", ctx().now(),
               query=(args.get("q") or "")[:80], kind=args.get("kind"), status=args.get("status"))
        items = [{"id": r.id, "kind": r.kind, "value": r.value, "status": r.status, "count": r.report_count,
                  "districts": ", ".join(r.districts or []), "last_seen": r.last_seen_at.date().isoformat()}
                 for r in rows]
    return render_template("console/registry.html", me=current_user, items=items, args=args,
                           kinds=normalising.KINDS, statuses=records.STATUSES)


def _layout(graph) -> tuple[list[dict], list[dict]]:
    """Nodes on rings by distance from the root, edges between them: an SVG an officer can read."""
    by_depth: dict[int, list[dict]] = {}
    for node in graph.nodes:
        by_depth.setdefault(node.get("depth", 0), []).append(node)
    placed = {}
    for depth, nodes in by_depth.items():
        radius = 0 if depth == 0 else 120 * depth
        for i, node in enumerate(nodes):
            angle = 2 * math.pi * i / max(len(nodes), 1)
            placed[node["id"]] = {**node, "x": 330 + radius * math.cos(angle), "y": 280 + radius * math.sin(angle)}
    edges = [{"a": placed[e["a"]], "b": placed[e["b"]], "reason": e.get("reason", "")}
             for e in graph.edges if e["a"] in placed and e["b"] in placed]
    return list(placed.values()), edges


@blueprint.get("/registry/<int:identifier_id>")
@login_required
def identifier_page(identifier_id: int):
    with ctx().engine.Session.begin() as session:
        identifier = session.get(Identifier, identifier_id)
        hidden_incidents, hidden = _hidden(session)
        if identifier is None or identifier.id in hidden:
            abort(404)
        record(session, None, current_user.actor, "registry_viewed", ctx().now(), identifier=identifier_id)
        incidents = [i for i in records.incidents_naming(session, identifier_id) if i.id not in hidden_incidents]
        cases = _cases_of_incidents(session, [i.id for i in incidents])
        counted = records.entry_kinds_of(session, identifier_id)
        reports = [{"reference": i.reference, "category": i.category.replace("_", " "), "district": i.district,
                    "case": cases.get(i.id), "at": i.created_at.date().isoformat(),
                    "kind": counted.get(i.id, records.REPORT)} for i in incidents]
        history = [{"at": e.at.date().isoformat(), "who": e.actor, "from": e.from_status, "to": e.to_status,
                    "detail": e.detail} for e in records.history(session, identifier_id)]
        nodes, edges = _layout(records.graph(session, identifier_id, hidden_incidents=hidden_incidents))
        item = {"id": identifier.id, "kind": identifier.kind, "value": identifier.value, "status": identifier.status,
                "count": identifier.report_count, "detail": identifier.status_detail,
                "districts": ", ".join(identifier.districts or []), "source": identifier.source}
    return render_template("console/identifier.html", me=current_user, item=item, reports=reports,
                           history=history, nodes=nodes, edges=edges, statuses=records.STATUSES)


@blueprint.post("/registry/<int:identifier_id>/status")
@login_required
def identifier_status(identifier_id: int):
    form = request.form
    detail = {key: form.get(key, "").strip() for key in ("where", "reason", "note") if form.get(key, "").strip()}
    with ctx().engine.Session.begin() as session:
        try:
            records.set_status(session, identifier_id, form.get("status", ""), current_user.actor, ctx().now(),
                                **detail)
        except (ValueError, LookupError) as exc:
            session.rollback()
            flash(str(exc))
            return redirect(url_for("console.identifier_page", identifier_id=identifier_id))
        record(session, None, current_user.actor, "registry_status", ctx().now(), identifier=identifier_id,
               status=form.get("status"), **detail)
    flash("Status saved.")
    return redirect(url_for("console.identifier_page", identifier_id=identifier_id))


@blueprint.post("/registry/<int:identifier_id>/link")
@login_required
def identifier_link(identifier_id: int):
    kind, value = request.form.get("kind", ""), request.form.get("value", "")
    with ctx().engine.Session.begin() as session:
        try:
            other = records.lookup(session, kind, value)
        except normalising.RefusedIdentifier as exc:
            other, reason = None, str(exc)
        else:
            reason = "not in the registry yet"
        if other is None:
            flash(f"{value}: {reason}")
        else:
            records.link(session, identifier_id, other.id, current_user.actor, ctx().now())
            record(session, None, current_user.actor, "registry_linked", ctx().now(), a=identifier_id, b=other.id)
            flash(f"Linked with {other.value}.")
    return redirect(url_for("console.identifier_page", identifier_id=identifier_id))


@blueprint.get("/registry/export.csv")
@login_required
def registry_export():
    out = io.StringIO()
    since = _date("since")
    status = _known("status", records.STATUSES)
    with ctx().engine.Session.begin() as session:
        _, hidden = _hidden(session)  # an officer's file leaves out what only need-to-know reports named
        if request.args.get("blocking"):
            sharing.export_blocking_list(session, out, since=since, status=status or "verified_scam",
                                             leave_out=hidden)
            name = "blocking-list.txt"
        else:
            sharing.export_csv(session, out, ctx().engine.config.unit_name["en"], since=since, status=status,
                                   leave_out=hidden, tz=ctx().engine.config.tz)  # the unit's time, with its offset
            name = "identifiers.csv"
        record(session, None, current_user.actor, "registry_exported", ctx().now(), file=name,
               since=since.isoformat() if since else None, status=status)
    return Response(out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": f"attachment; filename={name}"})


@blueprint.route("/registry/import", methods=["GET", "POST"])
@login_required
def registry_import():
    if not current_user.supervisor:  # another unit's list written into the unit's registry: a supervisor's act
        abort(403, description="Importing another unit's list into the registry is for supervisors.")  # audited
    plan = None
    if request.method == "POST":
        upload = request.files.get("file")
        if upload is None or not upload.filename:
            flash("Choose a CSV file.")
        else:
            data = upload.read()
            unit = ctx().engine.config.unit_name["en"]
            source = edge.fit(request.form.get("source"), 120) or None
            upload.filename = edge.fit(upload.filename, 255)  # kept with the import and in the audit log
            with ctx().engine.Session.begin() as session:
                if request.form.get("apply"):
                    try:
                        plan = sharing.apply_import(session, data, upload.filename, unit, current_user.actor,
                                                        ctx().now(), source=source)
                    except sharing.ImportRefused as exc:  # nothing written; the page says why
                        plan = exc.plan
                else:
                    plan = sharing.dry_run(session, data, upload.filename, unit, source=source)
                record(session, None, current_user.actor, "registry_import", ctx().now(),
                       file=upload.filename, sha256=plan.sha256, applied=plan.applied, summary=plan.summary())
    return render_template("console/registry_import.html", me=current_user, plan=plan)


@blueprint.get("/registry/figures")
@login_required
def registry_figures():
    with ctx().engine.Session.begin() as session:
        figures = records.figures(session, tz=ctx().engine.config.tz)
        record(session, None, current_user.actor, "registry_figures_viewed", ctx().now())
    top = max([row["identifiers"] for row in figures["by_week"]] + [1])
    return render_template("console/registry_figures.html", me=current_user, figures=figures, top=top)
