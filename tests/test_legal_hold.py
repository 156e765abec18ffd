"""Legal hold from the console (supervisors, with a reason) and from the command line; both audited."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from bot.store.models.cases import AuditEvent, Case
from test_console import app, login, report_with_screenshot, token  # noqa: F401 (app is a fixture)

ROOT = Path(__file__).resolve().parent.parent


def hold_form(client, case_id, **fields):
    return client.post(f"/console/cases/{case_id}/hold",
                       data={"csrf_token": token(client, f"/console/cases/{case_id}"), **fields})


def test_a_supervisor_puts_a_case_on_hold_and_lifts_it(app, engine):
    _, case_id = report_with_screenshot(engine)
    client = app.test_client()
    login(client)
    page = client.get(f"/console/cases/{case_id}").get_data(as_text=True)
    assert "Put on legal hold" in page and "Not on hold." in page
    refused = hold_form(client, case_id, hold="on", reason="")
    assert refused.status_code == 302
    with engine.Session() as s:
        assert not s.get(Case, case_id).legal_hold  # no reason, no hold
    assert hold_form(client, case_id, hold="on", reason="FIR 12/2026, PS Cyber").status_code == 302
    page = client.get(f"/console/cases/{case_id}").get_data(as_text=True)
    assert "retention will not" in page and "Lift legal hold" in page
    assert hold_form(client, case_id, hold="off").status_code == 302
    with engine.Session() as s:
        case = s.get(Case, case_id)
        assert not case.legal_hold
        events = [(e.action, e.detail.get("reason"), e.actor) for e in s.scalars(
            select(AuditEvent).where(AuditEvent.case_id == case_id, AuditEvent.action.like("legal_hold%"))
            .order_by(AuditEvent.id))]
    assert [e[:2] for e in events] == [("legal_hold_on", "FIR 12/2026, PS Cyber"), ("legal_hold_off", "")]
    assert all(actor.startswith("officer:") for _, _, actor in events)


def test_an_officer_cannot_and_a_forged_form_is_refused(app, engine):
    _, case_id = report_with_screenshot(engine)
    client = app.test_client()
    login(client, "ravi")
    assert "Put on legal hold" not in client.get(f"/console/cases/{case_id}").get_data(as_text=True)
    assert hold_form(client, case_id, hold="on", reason="x").status_code == 403
    supervisor = app.test_client()
    login(supervisor)
    forged = supervisor.post(f"/console/cases/{case_id}/hold", data={"hold": "on", "reason": "no token"})
    assert forged.status_code == 400
    with engine.Session() as s:
        assert not s.get(Case, case_id).legal_hold


def test_legal_hold_from_the_command_line(engine, db_url, tmp_path):
    from conftest import Resident

    resident = Resident(engine)
    resident.send("mere account se abhi 15000 kat gaye")
    for answer in ("sbi", "4471", "412345678901", "fraud@ybl"):
        resident.send(answer)
    with engine.Session() as s:
        case = s.get(Case, resident.last.case["id"])
        ref = case.incident.reference
    env = {**os.environ, "DATABASE_URL": db_url}
    run = lambda *a: subprocess.run([sys.executable, "-m", "bot", "legal-hold", *a], cwd=ROOT, env=env,  # noqa: E731
                                    capture_output=True, text=True, timeout=120)
    missing = run(ref)
    assert missing.returncode == 2 and "--reason" in missing.stderr
    done = run(ref, "--reason", "court order 5/2026", "--actor", "si.meena")
    assert done.returncode == 0 and f"Legal hold set on case {case.id}" in done.stdout
    with engine.Session() as s:
        held = s.get(Case, case.id)
        assert held.legal_hold and held.legal_hold_by == "cli:si.meena"
    env.pop("USER", None)  # as under sudo -u or in a container: still a person's name, never "cli:cli"
    assert run(str(case.id), "--off").returncode == 0
    with engine.Session() as s:
        assert not s.get(Case, case.id).legal_hold
        off = s.scalars(select(AuditEvent).where(AuditEvent.case_id == case.id,
                                                 AuditEvent.action == "legal_hold_off")).one()
        import getpass
        assert off.actor == f"cli:{getpass.getuser()}" and off.actor != "cli:cli"
        assert [e.action for e in s.scalars(select(AuditEvent).where(
            AuditEvent.case_id == case.id, AuditEvent.action.like("legal_hold%")).order_by(AuditEvent.id))] == [
            "legal_hold_on", "legal_hold_off"]
    assert run("CS-000000-XXXX", "--reason", "r").returncode == 1
