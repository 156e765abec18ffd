"""The registry pages of the console: case matches, search, one identifier, status, links, CSV in and out."""
from __future__ import annotations

import io

from sqlalchemy import select

from bot.registry import records
from bot.store.models.cases import AuditEvent
from bot.store.models.registry import Identifier
from test_console import app, login, token  # noqa: F401  (fixtures and helpers)
from test_registry_engine import check, report_upi


def test_case_shows_identifiers_and_the_other_cases_sharing_them(app, engine):
    _, first = report_upi(engine, "+919800000001")
    _, second = report_upi(engine, "+919800000002")
    client = app.test_client()
    login(client)
    page = client.get(f"/console/cases/{second.case['id']}").get_data(as_text=True)
    assert "fraudster@ybl" in page and f"/console/cases/{first.case['id']}" in page


def test_search_detail_status_link_and_graph(app, engine):
    report_upi(engine, "+919800000001", upi="9812312312@ybl")
    client = app.test_client()
    login(client)
    page = client.get("/console/registry?q=98123").get_data(as_text=True)
    assert "9812312312@ybl" in page
    with engine.Session() as s:
        upi = records.lookup(s, "upi", "9812312312@ybl")
    detail = client.get(f"/console/registry/{upi.id}").get_data(as_text=True)
    assert "<svg" in detail and "9812312312@ybl" in detail
    csrf = token(client, f"/console/registry/{upi.id}")
    refused = client.post(f"/console/registry/{upi.id}/status", data={"csrf_token": csrf, "status": "sent_for_blocking"},
                          follow_redirects=True).get_data(as_text=True)
    assert "needs where" in refused
    client.post(f"/console/registry/{upi.id}/status",
                data={"csrf_token": csrf, "status": "sent_for_blocking", "where": "Chakshu"})
    client.post(f"/console/registry/{upi.id}/status", data={"csrf_token": csrf, "status": "verified_scam"})
    with engine.Session() as s:
        identifier = s.get(Identifier, upi.id)
        assert identifier.status == "verified_scam"
        assert s.scalar(select(AuditEvent).where(AuditEvent.action == "registry_status"))


def test_export_and_import_with_a_dry_run(app, engine):
    report_upi(engine, "+919800000001")
    client = app.test_client()
    login(client)
    csv_text = client.get("/console/registry/export.csv").get_data(as_text=True)
    assert csv_text.splitlines()[0] == "kind,value,status,report_count,first_seen,last_seen,districts,status_detail,source"
    assert "fraudster@ybl" in csv_text
    incoming = "kind,value,status\nphone,098765 43210,verified_scam\nphone,12345,reported\n"
    csrf = token(client, "/console/registry/import")
    dry = client.post("/console/registry/import", data={"csrf_token": csrf, "source": "Nagpur Cyber Cell",
                                                       "file": (io.BytesIO(incoming.encode()), "nagpur.csv")},
                      content_type="multipart/form-data").get_data(as_text=True)
    assert "Dry run" in dry and "row 3" in dry
    good = "kind,value,status\nphone,098765 43210,verified_scam\n"
    applied = client.post("/console/registry/import", data={"csrf_token": csrf, "apply": "1",
                                                           "file": (io.BytesIO(good.encode()), "nagpur.csv")},
                          content_type="multipart/form-data").get_data(as_text=True)
    assert "Applied" in applied
    with engine.Session() as s:
        assert records.lookup(s, "phone", "+919876543210") is not None
    figures = client.get("/console/registry/figures").get_data(as_text=True)
    assert "Per district" in figures and "<svg" in figures


def test_an_identifier_page_tells_reports_from_checks(app, engine):
    check(engine, "+919800000011", "is 9812312312@ybl a fraud?")
    report_upi(engine, "+919800000001", upi="9812312312@ybl")
    client = app.test_client()
    login(client)
    with engine.Session() as s:
        upi = records.lookup(s, "upi", "9812312312@ybl")
        assert upi.report_count == 1
    detail = client.get(f"/console/registry/{upi.id}").get_data(as_text=True)
    assert detail.count("check (not counted)") == 1 and "<td>report</td>" in detail


def test_a_plain_officer_may_export_but_not_import_and_the_refusal_is_audited(app, engine):
    report_upi(engine, "+919800000001")
    ravi = app.test_client()
    login(ravi, "ravi")
    assert "fraudster@ybl" in ravi.get("/console/registry/export.csv").get_data(as_text=True)  # need-to-know filtered
    assert ravi.get("/console/registry/import").status_code == 403
    csrf = token(ravi, "/console/registry")
    posted = ravi.post("/console/registry/import", data={"csrf_token": csrf, "apply": "1", "source": "Elsewhere",
                                                         "file": (io.BytesIO(b"kind,value,status\nphone,098765 43210,verified_scam\n"), "x.csv")},
                       content_type="multipart/form-data")
    assert posted.status_code == 403 and "for supervisors" in posted.get_data(as_text=True)
    with engine.Session() as s:
        pages = s.scalars(select(AuditEvent.detail).where(AuditEvent.action == "page_refused")).all()
        assert [p["page"] for p in pages] == ["/console/registry/import"] * 2
        assert s.scalar(select(Identifier).where(Identifier.value == "+919876543210")) is None  # nothing imported
