"""Legal hold from the console: a supervisor puts a case on hold (retention never touches it) or lifts it.

Both are audited (``legal_hold_on`` / ``legal_hold_off`` with the reason); bot/cases/retention.py respects the hold."""
from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_login import current_user, login_required

from ..cases import retention
from ..store.models.cases import Case
from . import blueprint, ctx


@blueprint.post("/cases/<int:case_id>/hold")
@login_required
def legal_hold(case_id: int):
    if not current_user.supervisor:
        abort(403)
    on = request.form.get("hold") == "on"
    reason = request.form.get("reason", "").strip()
    if on and not reason:
        flash("Give the reason for the legal hold (FIR, court order, request).")
        return redirect(url_for("console.case_page", case_id=case_id))
    with ctx().engine.Session.begin() as session:
        case = session.get(Case, case_id)
        if case is None:
            abort(404)
        retention.set_hold(session, case, on, current_user.actor, ctx().now(), reason=reason)
    flash("Legal hold set: retention will not touch this case." if on else "Legal hold lifted.")
    return redirect(url_for("console.case_page", case_id=case_id))
