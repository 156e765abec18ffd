"""The bank freeze request in the console: as text, as a one-page PDF on the unit's letterhead, and by e-mail to a
bank's nodal address (when SMTP is configured); every view and send audited. Also the banks' answers per case and
the officer's own rank and contact ("My details"), which the request is signed with."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for, Response
from flask_login import current_user, login_required

from ..cases import bank_answers, freeze_mail, freeze_pdf
from ..cases.casework import CaseworkError
from ..store.models.cases import Case
from ..store.models.residents import Incident
from ..store.models.officers import Officer, OfficerDetails
from . import _audit, blueprint, ctx


def _request(session, case_id: int):
    """The freeze request signed by the logged-in officer (audited as viewed), or a CaseworkError."""
    engine = ctx().engine
    case = session.get(Case, case_id)
    if case is None:
        abort(404)
    incident = session.get(Incident, case.incident_id) if case.incident_id else None
    flow = engine.res.flows.get(incident.flow_id) if incident is not None else None
    return case, ctx().casework.freeze(session, case_id, session.get(Officer, current_user.id), ctx().now(),
                                       engine.config, flow)


def _back(case_id: int, message: str):
    flash(message)
    return redirect(url_for("console.case_page", case_id=case_id))


def _letter(case_id: int, audit: str | None = None):
    """The freeze request and the logged-in officer's own details in one transaction (``audit`` recorded too):
    (letter, details, None), or (None, None, the page back to the case saying why there is no request yet)."""
    with ctx().engine.Session.begin() as session:
        try:
            case, letter = _request(session, case_id)
        except CaseworkError as exc:
            return None, None, _back(case_id, str(exc))
        if audit:
            _audit(session, case, audit)
        return letter, session.get(OfficerDetails, current_user.id), None


@blueprint.get("/cases/<int:case_id>/freeze")
@login_required
def freeze(case_id: int):
    letter, details, back = _letter(case_id)
    if back:
        return back
    text = letter.text()
    if request.args.get("download"):
        return Response(text, mimetype="text/plain",
                        headers={"Content-Disposition": f"attachment; filename=freeze-request-case-{case_id}.txt"})
    return render_template("console/freeze.html", me=current_user, case_id=case_id, text=text, letter=letter,
                           incomplete=freeze_pdf.incomplete_band(letter),
                           smtp=freeze_mail.SmtpSettings.from_env() is not None, config_banks=ctx().engine.config.banks,
                           details_missing=not (details and details.rank and (details.phone or details.email)))


@blueprint.get("/cases/<int:case_id>/freeze.pdf")
@login_required
def freeze_pdf_file(case_id: int):
    config = ctx().engine.config
    letter, _, back = _letter(case_id, audit="freeze_request_pdf")
    if back:
        return back
    pdf = freeze_pdf.render(letter, config)  # after the commit: no database lock held while drawing
    return Response(pdf, mimetype="application/pdf", headers={
        "Content-Disposition": f"attachment; filename=freeze-request-{letter.reference}.pdf"})


@blueprint.post("/cases/<int:case_id>/freeze/email")
@login_required
def freeze_email(case_id: int):
    """Build (audited), then send with no transaction open (the mail server may be slow), then record the send."""
    config = ctx().engine.config
    settings = freeze_mail.SmtpSettings.from_env()
    if settings is None:
        return _back(case_id, "E-mail is not set up on this server (SMTP_HOST and SMTP_FROM): download the PDF instead.")
    prefix = request.form.get("bank", "")
    bank = next((b for b in config.banks if b.ifsc_prefix == prefix and b.nodal_email), None)
    if bank is None:
        return _back(case_id, "Choose a bank with a nodal address in config.yaml (banks).")
    letter, details, back = _letter(case_id)
    if back:
        return back
    reply_to = details.email if details and details.email else None
    message = freeze_mail.compose(letter, bank.nodal_email, freeze_pdf.render(letter, config), settings.sender,
                                  ctx().now().astimezone(config.tz), reply_to=reply_to)
    try:
        message_id, problem = freeze_mail.send(settings, message), None
    except freeze_mail.MailError as exc:
        message_id, problem = None, str(exc)
    with ctx().engine.Session.begin() as session:
        case = session.get(Case, case_id)
        if problem:
            _audit(session, case, "freeze_request_email_failed", bank=bank.name, to=bank.nodal_email, error=problem)
        else:
            bank_answers.record_sent(session, case, bank.name, bank.nodal_email, "email", current_user.actor,
                                     ctx().now(), message_id=message_id)
    if problem:
        flash(f"Not sent: {problem}. Download the PDF and send it another way.")
        return redirect(url_for("console.freeze", case_id=case_id))
    return _back(case_id, f"Freeze request e-mailed to {bank.name} ({bank.nodal_email}).")


@blueprint.post("/cases/<int:case_id>/freeze/sent")
@login_required
def freeze_sent(case_id: int):
    form = request.form
    with ctx().engine.Session.begin() as session:
        if session.get(Case, case_id) is None:
            abort(404)
        try:
            ctx().casework.freeze_sent(session, case_id, session.get(Officer, current_user.id), form.get("sent_to", ""),
                                       ctx().now(), bank=form.get("bank", ""), how=form.get("how", "text")[:16],
                                       config=ctx().engine.config, as_it_is=bool(form.get("as_it_is")))
        except CaseworkError as exc:
            session.rollback()
            return _back(case_id, str(exc))
    return _back(case_id, "Recorded: freeze request sent.")


@blueprint.post("/cases/<int:case_id>/bank-answer")
@login_required
def bank_answer(case_id: int):
    form = request.form
    with ctx().engine.Session.begin() as session:
        case = session.get(Case, case_id)
        if case is None:
            abort(404)
        try:
            bank_answers.record_answer(session, case, form.get("bank", ""), current_user.actor, ctx().now(),
                                       reply=form.get("reply", ""), reference=form.get("reference", ""),
                                       held=form.get("held", ""), refunded=form.get("refunded", ""))
        except bank_answers.BankAnswerError as exc:
            session.rollback()
            return _back(case_id, str(exc))
    return _back(case_id, "The bank's answer is recorded.")


@blueprint.route("/me", methods=["GET", "POST"])
@login_required
def my_details():
    """The officer's rank and official contact, printed on freeze requests and certificates."""
    with ctx().engine.Session.begin() as session:
        details = session.get(OfficerDetails, current_user.id)
        if request.method == "POST":
            if details is None:
                details = OfficerDetails(officer_id=current_user.id)
                session.add(details)
            details.rank = request.form.get("rank", "").strip()[:60] or None
            details.phone = request.form.get("phone", "").strip()[:20] or None
            details.email = request.form.get("email", "").strip()[:120] or None
            _audit(session, None, "officer_details_changed", rank=details.rank)
            flash("Your details are saved.")
            back = request.form.get("back", "")
            return redirect(back if back.startswith("/console/") else url_for("console.my_details"))
        view = {"rank": details.rank if details else "", "phone": details.phone if details else "",
                "email": details.email if details else ""}
    return render_template("console/me.html", me=current_user, details=view)
