"""Issue 15 (officers' console), items 5, 7, 8, 9, 13, 14, 19, 20, 21, 22 over HTTP (Flask's test client), on SQLite
and PostgreSQL: find any case, private notes, labels, delivery ticks, the resident's phone, ready replies in the
resident's language, the bank freeze request as a nodal officer reads it (text, PDF, e-mail through a local SMTP
server), the national numbers and the NCRP summary, the banks' answers, and the court export with its hashes."""
from __future__ import annotations

import contextlib
import dataclasses

import hashlib
import io
import re
import zipfile
from datetime import timedelta, timezone
from decimal import Decimal

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message as MessageHandler
from pypdf import PdfReader
from sqlalchemy import select

from bot.cases import bank_answers, officers, sla
from bot.store import outbox
from bot.conversation.answers import Context, _district
from bot.conversation.engine import Engine
from bot.messages import Media
from bot.store.models.cases import AuditEvent, BankAnswer, Case, CaseNote
from bot.store.models.residents import Evidence, Incident, Message
from bot.store.models.operations import Outbox
from bot.cases.stations import Stations
from conftest import NOW, Resident
from dbfaults import free_port
from test_console import PASSWORD, app, token  # noqa: F401 (app: the console fixture)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
REPORT = ["2 lakh was debited from my account just now", "sbi", "4471", "412345678901",
          "account 123456789012 IFSC HDFC0001234, upi fraud@ybl", "1", "Sunita Devi", "South", "same", "1",
          "31015230012345", "skip"]


def logged_in(app, username="meena"):
    client = app.test_client()
    client.post("/console/login", data={"username": username, "password": PASSWORD, "csrf_token": token(client)})
    client.csrf = token(client, "/console/me")
    return client


def post(client, path, **data):
    return client.post(path, data={"csrf_token": client.csrf, **data})


def money_report(engine, sender="+919812345678", answers=REPORT, screenshot=False, phone="same as sender"):
    resident = Resident(engine, sender=sender, phone=sender if phone == "same as sender" else phone)
    for answer in answers:
        out = resident.send(answer)
    if screenshot:
        resident.send("", media=(Media("image/png", data=PNG),))
    with engine.Session() as s:
        case = s.scalars(select(Case).order_by(Case.id.desc())).first()
        return resident, case.id, s.get(Incident, case.incident_id).reference if case.incident_id else None


# -- 13: the freeze request --------------------------------------------------------------------------
def test_a_nodal_officer_reads_every_field_of_the_freeze_request(app, engine):
    _, case_id, reference = money_report(engine)
    client = logged_in(app)
    page = client.get(f"/console/cases/{case_id}/freeze").get_data(as_text=True)
    assert "Your rank and official phone or e-mail are not set" in page
    post(client, "/console/me", rank="Sub-Inspector", phone="+91 98100 11223", email="si.meena@example.gov.in")
    text = client.get(f"/console/cases/{case_id}/freeze?download=1").get_data(as_text=True)
    fields = dict(line.split(" : ", 1) for line in text.splitlines() if " : " in line)
    fields = {label.strip(): value for label, value in fields.items()}
    assert fields == {
        "Complaint reference": reference,
        "1930 acknowledgement no.": "31015230012345",
        "NCRP complaint no.": "not stated",
        "Victim": "Sunita Devi",
        "Victim's phone": "+919812345678",
        "Victim's bank / wallet": "State Bank of India",
        "Victim's account / card": "ending 4471",
        "Amount debited": "₹2,00,000 (2 lakh)",
        "Date and time of debit": "27-11-2026 10:00 IST",
        "Transaction id / UTR": "412345678901",
        "How it happened": "UPI (GPay, PhonePe, Paytm, QR code, collect request)",
    }
    for needed in ("1. Account 123456789012, IFSC HDFC0001234 (HDFC Bank)", "2. UPI id: fraud@ybl (Yes Bank)",
                   "Date of request: 27-11-2026 10:00 IST", "SI Meena, Sub-Inspector, District Cyber Cell",
                   "Contact: +91 98100 11223, si.meena@example.gov.in", f"quoting {reference}"):
        assert needed in text, needed
    assert "How it happened: upi" not in text and "Rs " not in text and "the district cyber cell" not in text
    with engine.Session() as s:
        assert s.scalar(select(AuditEvent).where(AuditEvent.action == "freeze_request_viewed"))


@pytest.mark.parametrize(("phone", "callback", "shown"), [
    (None, "skip", "+919812345678"),  # no number handed over by the channel, none given: the WhatsApp number
    ("98123 45678", "same", "+919812345678"),  # a number as a channel wrote it: E.164, as the NCRP summary has it
    ("+919812345678", "098123 45670", "+919812345670"),  # the callback the resident gave comes first
])
def test_the_freeze_request_and_the_ncrp_summary_give_the_victim_the_same_number(app, engine, phone, callback, shown):
    answers = [*REPORT[:8], callback, *REPORT[9:]]
    _, case_id, _ = money_report(engine, answers=answers, phone=phone)
    client = logged_in(app)
    letter = client.get(f"/console/cases/{case_id}/freeze?download=1").get_data(as_text=True)
    assert re.search(r"Victim's phone\s+: (.*)\n", letter).group(1) == shown
    assert shown in client.get(f"/console/cases/{case_id}/ncrp").get_data(as_text=True)


def test_the_freeze_request_tells_how_it_happened_about_the_victim_not_as_the_officer(app, engine):
    """Session 9's officer trial: the letter an officer signs read "How it happened : I shared an OTP"."""
    # where the money went told without its UPI id: "upi fraud@ybl" also answers how it happened (UPI) since session 11
    answers = [*REPORT[:4], "account 123456789012 IFSC HDFC0001234", "otp bata diya", *REPORT[6:]]
    _, case_id, _ = money_report(engine, answers=answers)
    text = logged_in(app).get(f"/console/cases/{case_id}/freeze?download=1").get_data(as_text=True)
    assert re.search(r"How it happened\s+: The victim shared an OTP\n", text)
    assert "I shared" not in text


def test_the_freeze_request_pdf_is_one_page_on_the_units_letterhead(app, engine):
    _, case_id, reference = money_report(engine)
    client = logged_in(app)
    response = client.get(f"/console/cases/{case_id}/freeze.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    pdf = PdfReader(io.BytesIO(response.data))
    assert len(pdf.pages) == 1
    text = pdf.pages[0].extract_text()
    for needed in ("District Cyber Cell", "New Delhi 110001", reference, "HDFC0001234 (HDFC Bank)", "2,00,000",
                   "SI Meena", "412345678901", "IST", "Signature"):
        assert needed in text, needed
    with engine.Session() as s:
        assert s.scalar(select(AuditEvent).where(AuditEvent.action == "freeze_request_pdf"))


class Inbox(MessageHandler):
    def __init__(self):
        super().__init__()
        self.messages = []

    def handle_message(self, message):
        self.messages.append(message)


@contextlib.contextmanager
def smtp_with_hdfc(handler, engine, monkeypatch):
    """A local mail server (aiosmtpd, its mail to ``handler``) as the unit's, and HDFC's nodal address set."""
    smtp = Controller(handler, hostname="127.0.0.1", port=free_port())
    smtp.start()
    try:
        monkeypatch.setenv("SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("SMTP_PORT", str(smtp.port))
        monkeypatch.setenv("SMTP_FROM", "cybercell@example.gov.in")
        monkeypatch.setenv("SMTP_SECURITY", "none")
        hdfc = next(b for b in engine.config.banks if b.ifsc_prefix == "HDFC")
        monkeypatch.setattr(hdfc, "nodal_email", "nodal.cyber@hdfc.example.in")
        yield
    finally:
        smtp.stop()


def test_the_freeze_request_is_emailed_to_the_banks_nodal_address_and_audited(app, engine, monkeypatch):
    inbox = Inbox()
    with smtp_with_hdfc(inbox, engine, monkeypatch):
        _, case_id, reference = money_report(engine)
        client = logged_in(app)
        page = client.get(f"/console/cases/{case_id}/freeze").get_data(as_text=True)
        assert "HDFC Bank (nodal.cyber@hdfc.example.in)" in page
        response = post(client, f"/console/cases/{case_id}/freeze/email", bank="HDFC")
        assert response.status_code == 302
    assert len(inbox.messages) == 1
    mail = inbox.messages[0]
    assert mail["To"] == "nodal.cyber@hdfc.example.in" and reference in mail["Subject"]
    parts = {part.get_content_type(): part for part in mail.walk()}
    assert "Amount debited" in parts["text/plain"].get_payload(decode=True).decode()
    assert parts["application/pdf"].get_payload(decode=True).startswith(b"%PDF")
    with engine.Session() as s:
        sent = s.scalar(select(AuditEvent).where(AuditEvent.action == "freeze_request_sent"))
        assert sent.detail["how"] == "email" and sent.detail["sent_to"] == "nodal.cyber@hdfc.example.in"
        row = s.scalar(select(BankAnswer))
        assert row.bank == "HDFC Bank" and row.sent_how == "email" and row.sent_at is not None


def test_without_smtp_the_email_is_refused_kindly(app, engine, monkeypatch):
    monkeypatch.delenv("SMTP_HOST", raising=False)
    _, case_id, _ = money_report(engine)
    client = logged_in(app)
    page = client.get(f"/console/cases/{case_id}/freeze").get_data(as_text=True)
    assert "E-mail is off on this server" in page
    response = post(client, f"/console/cases/{case_id}/freeze/email", bank="HDFC")
    assert "E-mail is not set up" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_a_mail_server_that_refuses_leaves_an_audit_row_and_a_way_forward(app, engine, monkeypatch):
    monkeypatch.setenv("SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("SMTP_PORT", str(free_port()))  # nothing listens there
    monkeypatch.setenv("SMTP_FROM", "cybercell@example.gov.in")
    monkeypatch.setenv("SMTP_SECURITY", "none")
    monkeypatch.setattr(next(b for b in engine.config.banks if b.ifsc_prefix == "HDFC"), "nodal_email",
                        "nodal.cyber@hdfc.example.in")
    _, case_id, _ = money_report(engine)
    client = logged_in(app)
    response = post(client, f"/console/cases/{case_id}/freeze/email", bank="HDFC")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Not sent:" in page and "Download PDF" in page
    with engine.Session() as s:
        failed = s.scalar(select(AuditEvent).where(AuditEvent.action == "freeze_request_email_failed"))
        assert failed.detail["to"] == "nodal.cyber@hdfc.example.in"
        assert s.scalar(select(BankAnswer)) is None


# -- 21: the bank's answer ----------------------------------------------------------------------------
def test_the_banks_answer_feeds_money_lost_vs_held(app, engine):
    _, case_id, _ = money_report(engine)
    client = logged_in(app)
    post(client, f"/console/cases/{case_id}/freeze/sent", bank="HDFC Bank", sent_to="nodal@hdfc.example.in", how="pdf")
    post(client, f"/console/cases/{case_id}/bank-answer", bank="HDFC Bank", reply="Lien marked on the account",
         reference="HDFC/LIEN/4411", held="1,50,000")
    post(client, f"/console/cases/{case_id}/bank-answer", bank="HDFC Bank", refunded="50000")
    bad = post(client, f"/console/cases/{case_id}/bank-answer", bank="HDFC Bank", held="lots")
    assert "is not an amount" in client.get(bad.headers["Location"]).get_data(as_text=True)
    page = client.get(f"/console/cases/{case_id}").get_data(as_text=True)
    for needed in ("Lien marked on the account", "HDFC/LIEN/4411", "₹1,50,000 (1.5 lakh)", "₹50,000", "nodal@hdfc.example.in",
                   "UPI (GPay, PhonePe, Paytm, QR code, collect request)", "27-11 10:00:30 IST</span> bot: escalated"):
        assert needed in page, needed
    with engine.Session() as s:
        figures = bank_answers.money_lost_vs_held(s)
        assert (figures.lost, figures.held, figures.refunded) == (Decimal(200000), Decimal(150000), Decimal(50000))
        actions = [e.action for e in s.scalars(select(AuditEvent).where(AuditEvent.case_id == case_id))]
        assert actions.count("bank_answer_recorded") == 2 and "freeze_request_sent" in actions


# -- 7: notes, labels, delivery ticks -------------------------------------------------------------------
def test_a_private_note_is_never_sent_and_labels_are_searchable(app, engine):
    _, case_id, _ = money_report(engine)
    client = logged_in(app)
    with engine.Session() as s:
        outbox_before = len(s.scalars(select(Outbox)).all())
    post(client, f"/console/cases/{case_id}/notes", text="Caller sounded confused; check with her son.")
    post(client, f"/console/cases/{case_id}/labels", label="Mule account")
    page = client.get(f"/console/cases/{case_id}").get_data(as_text=True)
    assert "Caller sounded confused; check with her son." in page and "mule account" in page
    with engine.Session() as s:
        assert len(s.scalars(select(Outbox)).all()) == outbox_before
        assert not s.scalar(select(Message).where(Message.text.contains("confused")))
        event = s.scalar(select(AuditEvent).where(AuditEvent.action == "note_added"))
        assert "confused" not in str(event.detail)
    found = client.get("/console/search?q=mule+account").get_data(as_text=True)
    assert f"#{case_id}</a>" in found
    post(client, f"/console/cases/{case_id}/labels", label="mule account", remove="1")
    assert "No case matches" in client.get("/console/search?q=mule+account").get_data(as_text=True)


def test_officers_replies_show_queued_sent_delivered_read_and_failed(app, engine):
    _, case_id, _ = money_report(engine)
    client = logged_in(app)
    post(client, f"/console/cases/{case_id}/claim")
    post(client, f"/console/cases/{case_id}/reply", text="SI Meena here, calling HDFC now.")
    post(client, f"/console/cases/{case_id}/reply", text="Please keep the SMS.")
    with engine.Session() as s:
        rows = s.scalars(select(Outbox).where(Outbox.kind == "officer", Outbox.text.in_(
            ("SI Meena here, calling HDFC now.", "Please keep the SMS.")))).all()
        first, second = sorted(rows, key=lambda r: r.id)
        ids = (first.message_id, second.message_id)
    data = client.get(f"/console/cases/{case_id}/messages.json").get_json()
    states = {m["id"]: m["delivery"]["state"] for m in data["messages"] if m["delivery"]}
    assert states[ids[0]] == "queued" and states[ids[1]] == "queued"
    with engine.Session.begin() as s:
        for row, provider_id in ((s.get(Outbox, first.id), "SM1"), (s.get(Outbox, second.id), "SM2")):
            row.provider_id, row.status = provider_id, "sent"
        outbox.status_update(s, "whatsapp", "SM1", "delivered", NOW)
        outbox.status_update(s, "whatsapp", "SM1", "read", NOW)
        outbox.status_update(s, "whatsapp", "SM2", "undelivered", NOW, error_code="63003")
    last = max(m["id"] for m in data["messages"])
    ticks = client.get(f"/console/cases/{case_id}/messages.json?after={last}&ticks_since=0").get_json()["delivery"]
    assert ticks[str(ids[0])]["state"] == "read" and ticks[str(ids[1])]["state"] == "failed"
    page = client.get(f"/console/cases/{case_id}").get_data(as_text=True)
    assert "✓✓ read" in page and "✗ failed" in page

    # a reply the provider never answered for (a send that timed out) is shown as such, with why, not "queued"
    post(client, f"/console/cases/{case_id}/reply", text="Did my call reach you?")
    with engine.Session() as s:
        third = s.scalar(select(Outbox).where(Outbox.text == "Did my call reach you?"))
    item = outbox.claim(engine.Session, third.id, NOW)
    outbox.record_failure(engine.Session, item, outbox.SendError("no answer from Twilio", ambiguous=True), NOW,
                          engine.config.outbox)
    page = client.get(f"/console/cases/{case_id}").get_data(as_text=True)
    assert 'title="unconfirmed: no answer from Twilio">? unconfirmed' in page


# -- 8, 9, 14: phone, ready replies, one time zone ---------------------------------------------------------
def test_case_page_shows_the_phone_times_in_ist_and_ready_replies_in_hindi_with_english(app, engine):
    resident = Resident(engine, sender="+919811122233", phone="+919811122233")
    resident.send("mere account se abhi 15000 kat gaye")
    with engine.Session() as s:
        case_id = s.scalar(select(Case.id))
    client = logged_in(app)
    post(client, f"/console/cases/{case_id}/claim")
    page = client.get(f"/console/cases/{case_id}").get_data(as_text=True)
    assert 'href="tel:+919811122233"' in page
    assert "10:00 IST" in page or "10:01 IST" in page  # the resident wrote at 10:00:30 IST (04:30 UTC)
    assert "04:30" not in page
    assert "कृपया तुरंत 1930 पर कॉल करें" in page and "Please call 1930 now if you have not yet" in page
    listing = client.get("/console/search?status=all").get_data(as_text=True)
    assert "+91******2233" in listing and "+919811122233" not in listing


# -- 5: find any case ------------------------------------------------------------------------------------
def test_find_a_case_by_reference_phone_upi_utr_name_and_filters(app, engine):
    _, case_id, reference = money_report(engine)
    other = Resident(engine, sender="+919900000001", phone="+919900000001")
    other.send("someone is threatening to post my photos")
    client = logged_in(app)
    found = client.get("/console/search?q=" + reference.lower())  # a resident calling back: one step to the case
    assert found.status_code == 302 and found.headers["Location"].endswith(f"/console/cases/{case_id}")
    assert client.get(f"/console/search?q=%23{case_id}").headers["Location"].endswith(f"/console/cases/{case_id}")
    for query in ("98123 45678", "+91-98123-45678", "098123 45678", "919812345678", "fraud@ybl", "412345678901",
                  "sunita", "123456789012", "31015230012345"):
        page = client.get("/console/search", query_string={"q": query}).get_data(as_text=True)
        assert f"#{case_id}</a>" in page and "1 case " in page, query
    assert "No case matches" in client.get("/console/search?q=nobody@paytm").get_data(as_text=True)
    open_page = client.get("/console/search?status=open&priority=urgent").get_data(as_text=True)
    assert f"#{case_id}</a>" in open_page
    assert f"#{case_id}</a>" not in client.get("/console/search?status=closed").get_data(as_text=True)
    post(client, f"/console/cases/{case_id}/close", outcome="bank_hold_requested", hold_bank="HDFC Bank",
         hold_sent_to="nodal@hdfc.example")
    closed = client.get("/console/search?status=closed&category=financial_fraud&district=South"
                        "&since=2026-11-27&until=2026-11-27").get_data(as_text=True)
    assert f"#{case_id}</a>" in closed and "Bank asked to hold the money" in closed
    assert "No case matches" in client.get("/console/search?status=closed&since=2026-11-28").get_data(as_text=True)
    assert f"#{case_id}</a>" not in client.get("/console/search?mine=1&status=all").get_data(as_text=True)
    with engine.Session() as s:
        searched = s.scalars(select(AuditEvent).where(AuditEvent.action == "searched")).all()
        assert searched and all("9812345678" not in str(e.detail) for e in searched)


# -- 20: the national numbers, the NCRP summary -------------------------------------------------------------
def test_officers_edit_the_national_numbers_seen_in_the_queue_and_the_ncrp_summary(app, engine):
    _, case_id, reference = money_report(engine)
    client = logged_in(app)
    queue = client.get("/console/queue.json").get_json()["cases"]
    assert queue[0]["national_numbers"] == "1930 31015230012345"
    post(client, f"/console/cases/{case_id}/numbers", ack_1930="31015230012345", portal_complaint="23611250001234")
    bad = post(client, f"/console/cases/{case_id}/numbers", portal_complaint="<script>")
    assert "letters, digits" in client.get(bad.headers["Location"]).get_data(as_text=True)
    queue = client.get("/console/queue.json").get_json()["cases"]
    assert queue[0]["national_numbers"] == "1930 31015230012345 / NCRP 23611250001234"
    page = client.get("/console/search?q=23611250001234").get_data(as_text=True)
    assert f"#{case_id}</a>" in page
    summary = client.get(f"/console/cases/{case_id}/ncrp").get_data(as_text=True)
    order = ["Online Financial Fraud", "UPI Related Frauds", "31015230012345", "27-11-2026 10:00 IST", "South",
             "State Bank of India", "412345678901", "₹2,00,000 (2 lakh)", "HDFC0001234", "Sunita Devi",
             "+919812345678", reference]
    positions = [summary.index(item) for item in order]
    assert positions == sorted(positions)
    with engine.Session() as s:
        changed = s.scalar(select(AuditEvent).where(AuditEvent.action == "numbers_changed"))
        assert changed.detail == {"portal_complaint": "23611250001234"}


# -- 22: the court export -----------------------------------------------------------------------------------
def test_the_court_export_holds_transcript_fields_evidence_audit_and_certificate_with_true_hashes(app, engine):
    _, case_id, reference = money_report(engine, screenshot=True)
    client = logged_in(app)
    post(client, "/console/me", rank="Sub-Inspector", phone="+91 98100 11223", email="")
    post(client, f"/console/cases/{case_id}/notes", text="internal only")
    response = client.get(f"/console/cases/{case_id}/export.zip")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    names = archive.namelist()
    root = names[0].split("/")[0]
    assert root.startswith(reference)
    files = {name.split("/", 1)[1]: archive.read(name) for name in names}
    sums = dict(line.split("  ", 1)[::-1] for line in files["SHA256SUMS"].decode().splitlines())
    assert set(sums) == set(files) - {"SHA256SUMS", "certificate_section_63_BSA.txt"}
    for path, digest in sums.items():
        assert hashlib.sha256(files[path]).hexdigest() == digest, path
    with engine.Session() as s:
        stored = s.scalar(select(Evidence))
        evidence = [p for p in files if p.startswith("evidence/")]
        assert len(evidence) == 1 and files[evidence[0]] == PNG and stored.sha256 == sums[evidence[0]]
    transcript = files["transcript.txt"].decode()
    assert "<- resident: 2 lakh was debited from my account just now" in transcript
    assert "[27-11-2026 10:00:30 IST] <- resident" in transcript and "internal only" not in transcript
    assert b"internal only" not in response.data
    assert '"reference": "' + reference in files["case.json"].decode()
    assert "escalated" in files["audit_trail.csv"].decode()
    certificate = files["certificate_section_63_BSA.txt"].decode()
    for needed in ("SECTION 63", "Bharatiya Sakshya Adhiniyam, 2023".upper(), "SI Meena, Sub-Inspector", "District Cyber Cell",
                   reference, "Place: New Delhi", "Time (IST)", sums["transcript.txt"], sums[evidence[0]]):
        assert needed in certificate, needed
    with engine.Session() as s:
        assert s.scalar(select(AuditEvent).where(AuditEvent.action == "court_export", AuditEvent.case_id == case_id))


# -- 19: the officer-is-coming message, references, PIN codes and districts ----------------------------------
def test_officer_is_coming_is_in_the_conversation_and_requests_quote_the_reference(app, engine):
    resident, case_id, reference = money_report(engine, answers=REPORT[:5])
    sla.check(engine.Session, engine.config, engine.res.texts, NOW.astimezone(timezone.utc) + timedelta(minutes=10))
    with engine.Session() as s:
        told = s.scalar(select(Message).where(Message.case_id == case_id, Message.author == "bot",
                                              Message.direction == "out").order_by(Message.id.desc()))
        assert told.text == engine.res.texts.get("officer_coming", "en")
        row = s.scalar(select(Outbox).where(Outbox.idempotency_key == f"case:{case_id}:officer-coming"))
        assert row.message_id == told.id
    page = logged_in(app).get(f"/console/cases/{case_id}").get_data(as_text=True)
    assert engine.res.texts.get("officer_coming", "en")[:40] in page
    out = Resident(engine, sender="+919811100000").send("I want to talk to an officer")
    later = Resident(engine, sender="+919812345678", phone="+919812345678")
    later.send("menu")
    out = later.send("officer")
    assert reference in "\n".join(out.texts), out.texts


def test_a_pin_code_is_mapped_to_the_units_district_by_its_own_file_and_the_district_is_checked(engine, tmp_path):
    (tmp_path / "jurisdictions.yaml").write_text("South:\n  pins: ['110017', '110030']\nEast:\n  pins: ['110092']\n")
    config = engine.config.model_copy(update={"jurisdictions_file": str(tmp_path / "jurisdictions.yaml")})
    places = Stations(config).map.pin_districts
    assert places == {"110017": "South", "110030": "South", "110092": "East"}
    context = Context(now=NOW, timezone="Asia/Kolkata", districts=config.districts, pin_districts=places)
    assert _district("PIN code 110017", context).value == "South"
    assert _district("110001", context).value == "PIN 110001"  # not in the unit's file: kept as given, not guessed
    assert _district("Narnia", context).ok is False  # not a district of the unit nor of lang/*/words/districts.yaml
    assert _district("south delhi", context).value == "South"
    (tmp_path / "bad.yaml").write_text("South:\n  pins: ['110017']\nEast:\n  pins: ['110017']\n")
    with pytest.raises(Exception, match=r"bad.yaml.*line 4|line 4.*bad.yaml|110017 belongs to district South"):
        Stations(engine.config.model_copy(update={"jurisdictions_file": str(tmp_path / "bad.yaml")}))
    resources = dataclasses.replace(engine.res, config=config)
    mapped = Engine(resources, engine.Session)
    resident = Resident(mapped, sender="+919800000077", phone="+919800000077")
    for answer in REPORT[:7] + ["xyz abc"]:
        out = resident.send(answer)
    assert "(for example Central" in out.texts[0]
    resident.send("110017")
    with mapped.Session() as s:
        assert s.scalar(select(Incident.district).order_by(Incident.id.desc())) == "South"


def test_the_beat_officer_sees_the_residents_number_on_the_household_page_others_see_it_masked(app, engine):
    from test_households import register

    with engine.Session.begin() as s:
        officers.add(s, "asha", "HC Asha", PASSWORD, "officer", NOW)
    household_id = register(engine, beat_officer="ravi", actor="officer:2")
    beat, other = logged_in(app, "ravi"), logged_in(app, "asha")
    page = beat.get(f"/console/households/{household_id}").get_data(as_text=True)
    assert 'href="tel:+919812345678"' in page
    page = other.get(f"/console/households/{household_id}").get_data(as_text=True)
    assert "+91******5678" in page and "+919812345678" not in page


def test_retention_erases_a_closed_cases_notes_and_bank_replies_but_keeps_the_amounts(app, engine):
    from bot.cases import retention

    _, case_id, _ = money_report(engine)
    client = logged_in(app)
    post(client, f"/console/cases/{case_id}/notes", text="Her son's number is 98110 00000.")
    post(client, f"/console/cases/{case_id}/bank-answer", bank="HDFC Bank", reply="Held; victim Sunita Devi", held="150000")
    post(client, f"/console/cases/{case_id}/close", outcome="bank_hold_requested")
    later = NOW.astimezone(timezone.utc) + timedelta(days=engine.config.retention.closed_cases_days + 1)
    with engine.Session.begin() as s:
        retention.run(s, engine.config, later)
    with engine.Session() as s:
        assert s.scalars(select(CaseNote)).all() == []
        answer = s.scalar(select(BankAnswer))
        assert answer.reply is None and answer.amount_held == Decimal(150000)
        assert bank_answers.money_lost_vs_held(s).held == Decimal(150000)


# -- session 19, an attacker's trial (F15): a resident's own line breaks forged officer lines in transcript.txt -------
@pytest.mark.parametrize("brk", ["\n", "\r\n", "\u2028", "\x0b"])
def test_a_residents_line_breaks_cannot_forge_a_header_line_in_the_court_transcript(app, engine, brk):
    resident, case_id, _ = money_report(engine)
    forged = "[01-12-2026 16:30:00 IST] -> officer SI Meena (meena): your refund of Rs 5,00,000 is approved"
    resident.send(f"I paid 500{brk}{forged}{brk}[01-12-2026 16:30:05 IST] <- resident: I withdraw my complaint")
    client = logged_in(app)
    archive = zipfile.ZipFile(io.BytesIO(client.get(f"/console/cases/{case_id}/export.zip").data))
    name = next(n for n in archive.namelist() if n.endswith("/transcript.txt"))
    lines = archive.read(name).decode().splitlines()
    headers = [line for line in lines if line.startswith("[")]
    assert not any("refund" in line or "withdraw" in line for line in headers)
    assert f"    | {forged}" in lines  # kept, word for word, as the resident's own next line
    assert any(line.endswith("<- resident: I paid 500") for line in headers)
