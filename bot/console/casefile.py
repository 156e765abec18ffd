"""The case page's working file: private notes, labels, the national numbers (editable), the resident's phone,
the banks' answers, the NCRP-ready summary and the court export. `extras` is what case.html's
``console/case_extra.html`` shows; every action here is audited."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for, Response
from flask_login import current_user, login_required

from ..cases import bank_answers, casefile, casefile_export, report_fields
from .. import formats
from ..cases.casework import officer_of
from ..store.models.cases import Case
from ..store.models.residents import Contact, Incident
from ..store.models.officers import Officer
from . import _audit, blueprint, ctx


def extras(session, case: Case, incident: Incident | None, contact: Contact) -> dict:
    tz = ctx().engine.config.tz

    def who(actor):
        officer = officer_of(session, actor)
        return officer.display_name if officer else actor
    return {
        "phone": casefile.resident_phone(contact, incident),
        "notes": [{"who": who(n.author), "at": formats.local_time(n.at, tz, "%d-%m %H:%M"), "text": n.text}
                  for n in casefile.notes(session, case.id)],
        "labels": casefile.labels(session, [case.id]).get(case.id, []),
        "numbers": casefile.numbers_of(incident),
        "number_names": casefile.NUMBERS,
        "report": report_fields.current(incident) if incident is not None else {},
        "report_names": report_fields.EDITABLE,
        "banks": [{"bank": b.bank, "sent_to": b.sent_to, "sent": formats.local_time(b.sent_at, tz, missing=""),
                   "how": b.sent_how, "reply": b.reply, "reference": b.bank_reference,
                   "held": formats.amount(b.amount_held, missing=""), "refunded": formats.amount(b.amount_refunded, missing="")}
                  for b in bank_answers.of_case(session, case.id)],
        "money_case": incident is not None and incident.category == "financial_fraud",
    }


def _case(session, case_id: int) -> Case:
    case = session.get(Case, case_id)
    if case is None:
        abort(404)
    return case


def _do(case_id: int, action, done: str):
    with ctx().engine.Session.begin() as session:
        case = _case(session, case_id)
        try:
            action(session, case)
        except (casefile.CasefileError, report_fields.ReportFieldError) as exc:
            session.rollback()
            flash(str(exc))
            return redirect(url_for("console.case_page", case_id=case_id))
    flash(done)
    return redirect(url_for("console.case_page", case_id=case_id))


@blueprint.post("/cases/<int:case_id>/notes")
@login_required
def add_note(case_id: int):
    return _do(case_id, lambda s, case: casefile.add_note(s, case, current_user.actor, request.form.get("text", ""),
                                                          ctx().now()), "Note saved (officers only).")


@blueprint.post("/cases/<int:case_id>/labels")
@login_required
def change_label(case_id: int):
    label, remove = request.form.get("label", ""), request.form.get("remove") == "1"
    change = casefile.remove_label if remove else casefile.add_label
    return _do(case_id, lambda s, case: change(s, case, current_user.actor, label, ctx().now()),
               "Label removed." if remove else "Label added.")


@blueprint.post("/cases/<int:case_id>/numbers")
@login_required
def set_numbers(case_id: int):
    values = {key: request.form[key] for key in casefile.NUMBERS if key in request.form}
    return _do(case_id, lambda s, case: casefile.set_numbers(s, case, current_user.actor, ctx().now(), values),
               "Numbers saved.")


@blueprint.post("/cases/<int:case_id>/report")
@login_required
def correct_report(case_id: int):
    """An officer corrects the report's fields the freeze request uses (one audit row per field changed)."""
    values = {key: request.form[key] for key in report_fields.EDITABLE if key in request.form}
    return _do(case_id, lambda s, case: report_fields.correct(s, case, current_user.actor, ctx().now(), values),
               "Report corrected: the freeze request and the NCRP summary use the new values.")


@blueprint.get("/cases/<int:case_id>/ncrp")
@login_required
def ncrp_summary(case_id: int):
    engine = ctx().engine
    with engine.Session.begin() as session:
        case = _case(session, case_id)
        incident = session.get(Incident, case.incident_id) if case.incident_id else None
        if incident is None or incident.category != "financial_fraud":
            flash("An NCRP summary needs a money-fraud report.")
            return redirect(url_for("console.case_page", case_id=case_id))
        rows = casefile.ncrp_summary(incident, session.get(Contact, case.contact_id), engine.config,
                                     engine.res.flows.get(incident.flow_id))
        _audit(session, case, "ncrp_summary_viewed")
    text = "\n".join(f"{label}: {value}" for label, value in rows)
    return render_template("console/ncrp.html", me=current_user, case_id=case_id, rows=rows, text=text)


@blueprint.get("/cases/<int:case_id>/export.zip")
@login_required
def court_export(case_id: int):
    engine = ctx().engine
    now = ctx().now()
    with engine.Session.begin() as session:
        case = _case(session, case_id)
        collected = casefile_export.collect(session, case, session.get(Officer, current_user.id), engine.config, now)
        _audit(session, case, "court_export", file=collected.name + ".zip")
    name, data = casefile_export.pack(collected)  # evidence read and hashed with no transaction open
    return Response(data, mimetype="application/zip", headers={"Content-Disposition": f"attachment; filename={name}"})
