"""Refused actions leave an audit row, and audit details name officers (officer stranger, session 11): an officer's
open tab replying, handing back and closing after a supervisor took the case over, and a plain officer opening the
supervisors' pages (403), are in the audit log; "held by: officer:2" reads "held by: HC Ravi (ravi)". Flask test
client, SQLite and PostgreSQL."""
from __future__ import annotations

from html import unescape

from sqlalchemy import select

from bot.cases.cases import record
from bot.store.models.cases import AuditEvent, Case
from bot.store.models.officers import Officer
from conftest import NOW, Resident
from test_console import app, login, token  # noqa: F401  (fixture)


def test_refused_actions_and_pages_are_audited_with_officers_names(app, engine):
    Resident(engine).send("15000 was debited from my account just now")
    with engine.Session() as s:
        case_id = s.scalar(select(Case.id))
        ravi_id = s.scalar(select(Officer.id).where(Officer.username == "ravi"))
    ravi, meena = app.test_client(), app.test_client()
    login(ravi, "ravi")
    login(meena)
    ravi_csrf, meena_csrf = token(ravi, f"/console/cases/{case_id}"), token(meena, f"/console/cases/{case_id}")
    ravi.post(f"/console/cases/{case_id}/claim", data={"csrf_token": ravi_csrf})
    meena.post(f"/console/cases/{case_id}/takeover", data={"csrf_token": meena_csrf})
    # ravi's tab, still open on the case, acts with its own token
    ravi.post(f"/console/cases/{case_id}/reply", data={"csrf_token": ravi_csrf, "text": "I am checking"})
    ravi.post(f"/console/cases/{case_id}/handback", data={"csrf_token": ravi_csrf})
    ravi.post(f"/console/cases/{case_id}/close", data={"csrf_token": ravi_csrf, "outcome": "advice_given"})
    ravi.post(f"/console/cases/{case_id}/claim", data={"csrf_token": ravi_csrf})
    for page in ("/console/figures", "/console/audit"):
        assert ravi.get(page).status_code == 403
    with engine.Session.begin() as s:  # a row written before names were stored in the detail
        record(s, s.get(Case, case_id), "scheduler", "reply_overdue", NOW, officer=f"officer:{ravi_id}")
    with engine.Session() as s:
        refused = s.scalars(select(AuditEvent).where(AuditEvent.action == "action_refused",
                                                     AuditEvent.actor == f"officer:{ravi_id}")).all()
        pages = s.scalars(select(AuditEvent.detail).where(AuditEvent.action == "page_refused")).all()
        case = s.get(Case, case_id)
    assert [r.detail["wanted"] for r in refused] == ["reply", "hand back", "close"]
    assert all(r.case_id == case_id for r in refused) and "SI Meena" in refused[0].detail["reason"]
    assert [p["page"] for p in pages] == ["/console/figures", "/console/audit"]
    assert case.claimed_by != f"officer:{ravi_id}" and case.status == "claimed"  # nothing ravi did went through

    log = unescape(meena.get(f"/console/audit?case={case_id}").get_data(as_text=True))
    assert "held by: SI Meena (meena)" in log and "officer: HC Ravi (ravi)" in log
    assert f": officer:{ravi_id}" not in log  # never an id in a detail
    assert "action_refused" in log and "wanted: hand back" in log
