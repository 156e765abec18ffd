"""The supervisors' figures page, /console/figures (README.md, "Supervisors' figures"): charts drawn on the server
(console/charts.py), the same numbers in tables, and a CSV of them all; the period and every time in the unit's
time zone, labelled. The numbers are bot/cases/unit_figures.py's; the per-station table is bot/cases/station_figures.py's
(its own page, /console/figures/stations, remains for the households columns).
"""
from __future__ import annotations

import csv
import io

from flask import Response, abort, jsonify, render_template, request, url_for
from flask_login import current_user, login_required

from .. import formats
from ..cases import stations, unit_figures
from . import blueprint, charts, ctx
from .audit_log import record_visit


def _figures():
    if not stations.sees_all(current_user.role):
        abort(403, description="The figures are for supervisors and station supervisors.")
    engine, now = ctx().engine, ctx().now()
    when = unit_figures.period(request.args.get("from"), request.args.get("to"), now.astimezone(engine.config.tz).date())
    with engine.Session.begin() as session:
        data = unit_figures.compute(session, engine.config, when, now)
        record_visit(session, None, current_user.actor, "figures_viewed", now)
    return when, data


def _rupees(value) -> str:
    return formats.rupees(value) if value is not None else "—"


@blueprint.get("/figures")
@login_required
def figures_page():
    when, data = _figures()
    if request.accept_mimetypes.best == "application/json":
        return jsonify(data)
    money = data["money"]
    held_label = ("held by banks" if money["held_source"] == "bank_answers"
                  else "in cases closed as \"bank asked to hold\"")
    drawn = {
        "per_day": charts.columns(data["per_day"], "Cases per day"),
        "per_category": charts.bars([(r["category"], r["cases"]) for r in data["per_category"]], "Cases per category"),
        "per_priority": charts.bars([(r["priority"], r["cases"]) for r in data["per_priority"]], "Cases per priority"),
        "per_district": charts.bars([(r["district"], r["cases"]) for r in data["per_district"]], "Cases per district"),
        "per_station": charts.bars([(r["name"] if r["station"] else "unit (no station yet)", r["cases"])
                                    for r in data["per_station"]], "Cases per police station"),
        "claim": charts.against(data["response"][:3], "claim", "sla_minutes", "Minutes to claim against the SLA"),
        "reply": charts.against([dict(r, first_reply_sla=None) for r in data["response"][:3]], "first_reply",
                                "first_reply_sla", "Minutes to the first reply"),
        "outcomes": charts.bars([(r["label"], r["cases"]) for r in data["outcomes"]], "Outcomes"),
        "money": charts.bars([("reported lost", float(money["lost"])),
                              ("held by banks" if money["held_source"] == "bank_answers" else "hold requested",
                               float(money["held"]))]
                             + ([("refunded", float(money["refunded"]))] if money["refunded"] is not None else []),
                             "Money reported lost and held", fmt=_rupees),
    }
    return render_template("console/figures.html", me=current_user, data=data, charts=drawn, when=when,
                           held_label=held_label, rupees=_rupees,
                           csv_url=url_for("console.figures_csv", **{"from": when.start.isoformat(),
                                                                     "to": when.end.isoformat()}))


@blueprint.get("/figures.csv")
@login_required
def figures_csv():
    when, data = _figures()
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["figure", "label", "measure", "value"])
    period = data["period"]
    writer.writerow(["period", "from", "date", period["start"]])
    writer.writerow(["period", "to", "date", period["end"]])
    writer.writerow(["period", "time zone", "name", period["time_zone"]])
    for key, value in data["totals"].items():
        writer.writerow(["totals", "unit", key, value])
    for r in data["per_day"]:
        writer.writerow(["cases per day", r["day"], "cases", r["cases"]])
        writer.writerow(["cases per day", r["day"], "urgent", r["urgent"]])
    for name, key in (("cases per category", "category"), ("cases per priority", "priority"),
                      ("cases per district", "district")):
        for r in data[f"per_{key}"]:
            writer.writerow([name, r[key], "cases", r["cases"]])
    for r in data["per_station"]:
        for measure in ("cases", "urgent", "open", "closed", "claimed", "claim_median_minutes"):
            if measure in r:
                writer.writerow(["cases per station", r["name"] if r["station"] else "unit (no station yet)",
                                 measure, r[measure]])
    for r in data["response"]:
        for measure in ("cases", "sla_minutes", "reply_sla_minutes", "claim_met", "claim_missed", "claim_pending",
                        "claim_compliance", "reply_met", "reply_missed", "reply_pending", "reply_compliance"):
            writer.writerow(["response", r["priority"], measure, "" if r[measure] is None else r[measure]])
        for part in ("claim", "first_reply"):
            for stat in ("count", "median", "p90"):
                value = r[part][stat]
                writer.writerow(["response", r["priority"], f"{part}_{stat}_minutes" if stat != "count" else
                                 f"{part}_count", "" if value is None else value])
    for r in data["outcomes"]:
        writer.writerow(["outcomes", r["label"], "cases", r["cases"]])
    money = data["money"]
    writer.writerow(["money", "reported lost", "rupees", money["lost"]])
    writer.writerow(["money", "cases with an amount", "cases", money["lost_cases"]])
    writer.writerow(["money", "held by banks" if money["held_source"] == "bank_answers"
                     else "in cases closed as bank asked to hold", "rupees", money["held"]])
    if money["refunded"] is not None:
        writer.writerow(["money", "refunded", "rupees", money["refunded"]])
    name = f"figures-{when.start.isoformat()}-to-{when.end.isoformat()}.csv"
    return Response(out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": f"attachment; filename={name}"})
