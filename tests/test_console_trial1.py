"""Issue 15, defects a stranger's officer/attacker trial found in the console (SQLite and PostgreSQL)."""
from __future__ import annotations


# -- 9. a resident in the golden hour is never looped at a report question ---------------------
def test_golden_hour_resident_is_not_looped_at_the_last_4_question_and_a_utr_given_there_is_kept(resident):
    resident.send("I lost 2 lakh rupees, fraud on UPI 20 minutes ago")
    out = resident.send("HDFC")
    assert out.node == "last_digits"
    out = resident.send("200000")  # the amount again: asked once more
    assert out.node == "last_digits"
    out = resident.send("UTR 412345678901")  # kept where it belongs: "noted that" (session 7), and, read, it is
    assert any("noted" in t for t in out.texts) and out.incident["utr"] == "412345678901"  # no unreadable answer
    assert out.node == "last_digits"  # (session 8): the question once more
    out = resident.send("200000")  # the second answer it cannot read: noted as not known, the report goes on
    assert out.node == "target" and not any("UTR (12 digits" in t for t in out.texts)  # its question never asked
    out = resident.send("paid to ramesh@ybl")
    assert out.incident["target"]["upi_ids"] == ["ramesh@ybl"] and out.node == "name"


def test_a_fact_given_at_the_wrong_question_is_thanked_for_and_the_question_asked_once_more(resident):
    resident.send("I lost 2 lakh rupees, fraud on UPI 20 minutes ago")
    resident.send("HDFC")
    out = resident.send("money went to ramesh@ybl")
    assert out.node == "last_digits" and out.incident["target"]["upi_ids"] == ["ramesh@ybl"]
    assert "noted that" in out.texts[0]


# -- 5. the resident side of a child-danger case ----------------------------------------------
def test_child_danger_location_question_does_not_take_a_bare_2_and_the_last_reply_promises_no_claimed_officer(
        resident):
    resident.send("someone is threatening my 12 year old daughter, asking her for photos")
    out = resident.send("2")
    assert out.node == "where" and "could not find that" in out.texts[0]
    out = resident.send("South")
    assert out.node == "other_side" and out.incident["district"] == "South"
    resident.send("skip")
    out = resident.send("skip")
    assert out.case["status"] != "claimed"
    last = " ".join(out.texts)
    assert "an officer will take it up" in last and "an officer has it" not in last


# -- 1, 2, 4. need-to-know in search and the registry, and every refused opening audited ---------
from sqlalchemy import select  # noqa: E402

from bot.store.models.cases import AuditEvent, Case
from bot.store.models.registry import Identifier
from bot.store.models.residents import Incident  # noqa: E402
from conftest import Resident  # noqa: E402
from test_console_access import clock, login, make_app, people  # noqa: E402,F401

BLACKMAILER = "+919876501234"


def sensitive_case_naming_a_number(engine) -> tuple[int, str]:
    resident = Resident(engine, sender="+919800000077", phone="+919800000077")
    for text in ("someone is blackmailing me with my private video, asking for money",
                 "they message from 98765 01234 on instagram", "2", "2", "2", "yesterday", "2", "skip", "skip",
                 "skip"):
        resident.send(text)
    with engine.Session() as s:
        case = s.scalars(select(Case).where(Case.status == "waiting")).one()
        return case.id, s.get(Incident, case.incident_id).reference


def test_search_neither_lists_nor_counts_a_case_the_officer_may_not_see(engine, people, clock):
    case_id, reference = sensitive_case_naming_a_number(engine)
    app = make_app(engine, clock)
    ravi, meena = app.test_client(), app.test_client()
    login(ravi, "ravi"), login(meena, "meena")
    page = ravi.get("/console/search", query_string={"q": "98765 01234"}).get_data(as_text=True)
    assert reference not in page and "0 cases" in page
    assert "need-to-know" not in page and "visible only" not in page
    page = ravi.get("/console/search", query_string={"status": "all"}).get_data(as_text=True)
    assert reference not in page and "0 cases" in page
    assert reference in meena.get("/console/search", query_string={"q": "98765 01234"}).get_data(as_text=True)


def test_every_refused_opening_is_audited_but_a_page_left_open_polling_is_one_row(engine, people, clock):
    case_id, reference = sensitive_case_naming_a_number(engine)
    app = make_app(engine, clock)
    ravi = app.test_client()
    login(ravi, "ravi")
    assert ravi.get("/console/search", query_string={"q": f"#{case_id}"}, follow_redirects=True).status_code == 403
    assert ravi.get("/console/search", query_string={"q": reference}, follow_redirects=True).status_code == 403
    assert ravi.get(f"/console/cases/{case_id}").status_code == 403
    for _ in range(3):
        assert ravi.get(f"/console/cases/{case_id}/messages.json").status_code == 403
    with engine.Session() as s:
        refused = s.scalars(select(AuditEvent).where(AuditEvent.action == "need_to_know_refused")).all()
    assert len(refused) == 4 and {r.case_id for r in refused} == {case_id}


def test_the_registry_does_not_name_a_need_to_know_case_to_an_officer_who_may_not_see_it(engine, people, clock):
    case_id, reference = sensitive_case_naming_a_number(engine)
    with engine.Session() as s:
        identifier_id = s.scalar(select(Identifier.id).where(Identifier.value == BLACKMAILER))
    assert identifier_id is not None
    app = make_app(engine, clock)
    ravi, meena = app.test_client(), app.test_client()
    login(ravi, "ravi"), login(meena, "meena")

    supervisor_page = meena.get(f"/console/registry/{identifier_id}").get_data(as_text=True)
    assert reference in supervisor_page and f"/console/cases/{case_id}" in supervisor_page
    assert ravi.get(f"/console/registry/{identifier_id}").status_code == 404
    listed = ravi.get("/console/registry", query_string={"q": "9876501234"}).get_data(as_text=True)
    assert BLACKMAILER not in listed
    assert BLACKMAILER in meena.get("/console/registry", query_string={"q": "9876501234"}).get_data(as_text=True)
    assert BLACKMAILER not in ravi.get("/console/registry/export.csv").get_data(as_text=True)
    assert BLACKMAILER in meena.get("/console/registry/export.csv").get_data(as_text=True)


def test_the_registry_shows_a_shared_number_without_the_need_to_know_case(engine, people, clock):
    case_id, reference = sensitive_case_naming_a_number(engine)
    other = Resident(engine, sender="+919800000088", phone="+919800000088")
    out = other.send("I lost 5000 on UPI yesterday, the money went to 98765 01234")
    for _ in range(12):
        if out.case and out.incident and out.incident.get("status") == "submitted":
            break
        out = other.send("skip")
    assert out.incident["status"] == "submitted"
    with engine.Session() as s:
        identifier_id = s.scalar(select(Identifier.id).where(Identifier.value == BLACKMAILER))
        other_reference = s.scalars(select(Incident.reference).where(Incident.category != "sextortion")).first()
    app = make_app(engine, clock)
    ravi = app.test_client()
    login(ravi, "ravi")
    page = ravi.get(f"/console/registry/{identifier_id}").get_data(as_text=True)
    assert other_reference in page and reference not in page and f"/console/cases/{case_id}" not in page
    assert BLACKMAILER in ravi.get("/console/registry/export.csv").get_data(as_text=True)


# -- 3. a sextortion demand never paid is not money lost -----------------------------------------
def money_lost(engine, clock) -> float:
    app = make_app(engine, clock)
    meena = app.test_client()
    login(meena, "meena")
    day = clock().date().isoformat()
    figures = meena.get(f"/console/figures?from={day}&to={day}", headers={"Accept": "application/json"}).get_json()
    return float(figures["money"]["lost"])


def test_a_sextortion_demand_never_paid_is_not_counted_as_money_lost(engine, people, clock):
    fraud = Resident(engine, sender="+919800000088", phone="+919800000088")
    fraud.send("I lost 15000 on UPI 20 minutes ago")  # urgent: a case at once
    blackmail = Resident(engine, sender="+919800000077", phone="+919800000077")
    blackmail.send("someone is blackmailing me to pay 50000 or they will leak my video")
    blackmail.send("2")  # no one in danger
    blackmail.send("2")  # Instagram
    out = blackmail.send("skip")  # "Have you paid them any money?"
    assert out.incident["amount_demanded"] == 50000 and out.incident.get("amount") is None
    for text in ("yesterday", "skip", "2", "skip", "skip", "skip"):
        out = blackmail.send(text)
    assert out.case["status"] == "waiting"
    with engine.Session() as s:
        sextortion = s.scalars(select(Incident).where(Incident.category == "sextortion")).one()
        assert sextortion.amount is None
    assert money_lost(engine, clock) == 15000


def test_a_sextortion_paid_is_asked_how_much_and_that_is_counted(engine, people, clock):
    blackmail = Resident(engine, sender="+919800000077", phone="+919800000077")
    blackmail.send("someone is blackmailing me to pay 50000 or they will leak my video")
    blackmail.send("2")
    blackmail.send("2")
    out = blackmail.send("1")  # yes, paid
    assert out.node == "paid_amount"  # the demand is not taken as what was paid
    out = blackmail.send("10000")
    assert out.incident["amount"] == 10000
    for text in ("yesterday", "skip", "2", "skip", "skip", "skip"):
        out = blackmail.send(text)
    assert out.case["status"] == "waiting"
    assert money_lost(engine, clock) == 10000


# -- 6. the freeze e-mail's headers as a mail client reads them ----------------------------------
from test_casefile import app, logged_in, money_report, post, smtp_with_hdfc  # noqa: E402,F401


class RawInbox:
    def __init__(self):
        self.raw: list[bytes] = []

    async def handle_DATA(self, server, session, envelope):
        self.raw.append(envelope.original_content)
        return "250 OK"


def test_the_freeze_email_has_a_one_line_subject_a_dated_zone_and_no_subject_in_its_body(app, engine, monkeypatch):
    inbox = RawInbox()
    with smtp_with_hdfc(inbox, engine, monkeypatch):
        _, case_id, reference = money_report(engine)
        client = logged_in(app)
        assert post(client, f"/console/cases/{case_id}/freeze/email", bank="HDFC").status_code == 302
    head, _, body = inbox.raw[0].partition(b"\r\n\r\n")
    lines = head.decode().split("\r\n")
    subject = next(line for line in lines if line.startswith("Subject:"))
    assert subject.startswith("Subject: Request to hold") and subject.endswith(reference)  # on one line
    date = next(line for line in lines if line.startswith("Date:"))
    assert date.endswith("+0530") and "-0000" not in date  # the unit's zone (Asia/Kolkata)
    assert b"Subject:" not in body and reference.encode() in body


# -- 7. audit details read as words, in the log and in the court export --------------------------
def test_an_outcome_reads_as_words_in_the_audit_log_and_the_court_exports_audit_trail(app, engine):
    import csv
    import io
    import zipfile

    _, case_id, _ = money_report(engine)
    client = logged_in(app)
    assert post(client, f"/console/cases/{case_id}/close", outcome="advice_given").status_code == 302
    page = client.get(f"/console/audit?case={case_id}").get_data(as_text=True)
    assert "outcome: Advice given" in page and "outcome: advice_given" not in page
    archive = zipfile.ZipFile(io.BytesIO(client.get(f"/console/cases/{case_id}/export.zip").data))
    trail = next(archive.read(n).decode() for n in archive.namelist() if n.endswith("audit_trail.csv"))
    rows = list(csv.DictReader(io.StringIO(trail)))
    closed = next(r for r in rows if r["action"] == "closed")
    assert closed["details"].startswith("outcome: Advice given") and '"outcome": "advice_given"' in closed["detail_json"]


# -- 8. smaller things an officer (or a browser) notices -----------------------------------------
def test_the_network_refusal_page_gets_its_style_sheet(engine, people):
    app = make_app(engine, allowed_networks=["10.20.0.0/16"])
    client = app.test_client()
    outside = {"REMOTE_ADDR": "203.0.113.9"}
    page = client.get("/console/", environ_base=outside)
    assert page.status_code == 403 and "/console/static/console.css" in page.get_data(as_text=True)
    css = client.get("/console/static/console.css", environ_base=outside)
    assert css.status_code == 200 and css.mimetype == "text/css"
    assert client.get("/console/queue.json", environ_base=outside).status_code == 403  # nothing else gets through


def test_csv_downloads_name_their_charset_once_and_the_registry_file_is_in_the_units_zone(engine, people, clock):
    sensitive_case_naming_a_number(engine)  # an identifier in the registry
    app = make_app(engine, clock)
    meena = app.test_client()
    login(meena, "meena")
    for path in ("/console/figures.csv", "/console/audit.csv", "/console/registry/export.csv"):
        response = meena.get(path)
        response.get_data(), response.close()  # a streamed download read to its end, as a browser does
        assert response.status_code == 200 and response.headers["Content-Type"] == "text/csv; charset=utf-8", path
    rows = meena.get("/console/registry/export.csv").get_data(as_text=True).splitlines()
    assert "first_seen" in rows[0]
    row = next(r for r in rows if BLACKMAILER in r)
    assert "+05:30" in row and "Z," not in row  # the unit's time (Asia/Kolkata), with its offset


def test_every_delivery_tick_has_a_glyph_in_the_fonts_chromium_has():
    import shutil
    import subprocess

    import pytest

    from bot.cases.casefile import TICKS
    if shutil.which("fc-list") is None:
        pytest.skip("fontconfig is not installed here")
    for state, tick in TICKS.values():
        for char in tick:
            fonts = subprocess.run(["fc-list", f":charset={ord(char):x}", "family"], capture_output=True,
                                   text=True, check=True).stdout
            assert fonts.strip(), f"{state}: {char!r} (U+{ord(char):04X}) would show as a missing-glyph box"
