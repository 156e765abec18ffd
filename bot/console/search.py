"""Find any case (/console/search): one box for a reference, case number, phone in any format, name, UPI id, UTR,
1930 / NCRP number or label, and the filters of the closed-and-all-cases view. A reference or case number that
names one case opens it at once (a resident calling back is found in one step). Phone numbers are masked in the
list; every search is audited without the query's personal data (only its kind)."""
from __future__ import annotations

from datetime import date

from flask import redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..cases import case_search, casefile
from .. import formats
from ..cases.casework import OUTCOMES
from ..store.models.cases import PRIORITIES
from ..store.models.officers import Officer
from ..nlu.normalize import to_ascii_digits
from . import _audit, blueprint, ctx, need_to_know

PAGE = 50


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(to_ascii_digits(text or "").strip()) if text else None
    except ValueError:
        return None


@blueprint.get("/search")
@login_required
def search_page():
    args = request.args
    query = args.get("q", "").strip()[:120]
    filters = case_search.Filters(
        status=args.get("status", "all") if args.get("status", "all") in (*case_search.STATUSES, "all") else "all",
        mine=args.get("mine") == "1", priority=args.get("priority", "")[:8], category=args.get("category", "")[:32],
        district=args.get("district", "")[:64], label=args.get("label", "")[:40],
        since=_day(args.get("since")), until=_day(args.get("until")))
    page = max(min(int(args.get("page", "1")) if args.get("page", "1").isdigit() else 1, 10_000), 1)
    engine = ctx().engine
    tz = engine.config.tz
    with engine.Session.begin() as session:
        hidden = need_to_know.hidden_ids(session, current_user, engine.config)  # neither listed nor counted
        found = case_search.find(session, query, filters, current_user.actor, tz, PAGE, (page - 1) * PAGE, hidden)
        if query:
            _audit(session, None, "searched", kind="phone" if found.phone else "reference" if found.exact else "text",
                   results=found.total)
        if found.exact is not None:
            return redirect(url_for("console.case_page", case_id=found.exact.id))  # its page guards need-to-know
        names = {f"officer:{o.id}": o.display_name for o in session.query(Officer)}
        labels = casefile.labels(session, [case.id for case, _, _ in found.rows])
        rows = [{
            "id": case.id, "url": url_for("console.case_page", case_id=case.id),
            "reference": incident.reference if incident else None, "status": case.status, "priority": case.priority,
            "category": (incident.category if incident else case.reason).replace("_", " "),
            "district": incident.district if incident else None,
            "opened": formats.local_time(case.created_at, tz), "held_by": holder_label(case, names),
            "outcome": OUTCOMES.get(case.outcome or "", case.outcome or ""),
            "phone": casefile.masked_phone(contact, incident),
            "amount": formats.amount(incident.amount) if incident and incident.amount is not None else "",
            "numbers": casefile.numbers_of(incident), "labels": labels.get(case.id, []),
        } for case, incident, contact in found.rows]
        offered = case_search.choices(session)
    return render_template("console/search.html", me=current_user, priorities=PRIORITIES, q=query, f=filters, rows=rows, total=found.total,
                           page=page, pages=max((found.total + PAGE - 1) // PAGE, 1), offered=offered,
                           args={k: v for k, v in args.items() if k != "page"}, zone=ctx().now().astimezone(tz).tzname())


def holder_label(case, names: dict[str, str]) -> str:
    """The "Held by / outcome" cell: who holds the case only while someone does; a case handed back to the bot
    names its last holder as such ("with the bot · last held by SI Asha", officers' trial, session 13: "SI Asha"
    alone on a case nobody held); a closed case shows its outcome (the template's), a waiting one nothing."""
    name = names.get(case.claimed_by or "")
    if case.status == "claimed":
        return name or ""
    if case.status == "returned":
        return f"with the bot · last held by {name}" if name else "with the bot"
    return ""

