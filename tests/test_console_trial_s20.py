"""Officers' trial, session 20 (a stranger in Chromium): a refused reply is loud, the close form checks the NCRP/FIR
number's shape, the claim is confirmed. Browser checks of the same findings: tests/test_browser_console_s20_officer.py."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.cases import alerts_batch, sla
from bot.cases.casework import Casework, CaseworkError
from bot.store.models.cases import AuditEvent, Case
from bot.store.models.officers import Officer
from bot.store.models.operations import Outbox
from conftest import NOW
from fakes import clock, make_app, telegram_fake, twilio_fake  # noqa: F401  (fixtures)
from test_casework import add_officer, golden_hour_case
from test_console_trial3 import desk  # noqa: F401  (a fixture: the console on the trial's evening)

GROUP, SUPERVISORS = "-100777", "-100999"


def _config(engine):
    return engine.config.model_copy(update={"console": engine.config.console.model_copy(update={
        "officers_chat_id": GROUP, "supervisors_chat_id": SUPERVISORS})})


def _claimed_with_reply(engine, make_app, text: str):
    """An urgent case claimed by ravi, who replies ``text``: (runtime, case id, ravi, casework)."""
    rt = make_app().extensions["cyber_sahayak"]
    _, case_id = golden_hour_case(engine)
    ravi = add_officer(engine, "ravi")
    work = Casework(engine.res.texts)
    with engine.Session.begin() as s:
        work.claim(s, case_id, s.get(Officer, ravi.id), NOW)
        work.reply(s, case_id, s.get(Officer, ravi.id), text, NOW)
    return rt, case_id, ravi, work


def _refused_reply(engine, make_app, clock, twilio_fake):
    """An urgent case claimed by ravi, whose reply WhatsApp refuses for good (Twilio 21211, as a wrong account or a
    blocked number would): the outbox drains it through the fake Twilio."""
    rt, case_id, ravi, _ = _claimed_with_reply(engine, make_app, "Namaste, main SI Ravi. UTR number bataiye.")
    twilio_fake.plan = [(400, 21211)] * 20
    rt.drain()
    return rt, case_id, ravi


def test_a_reply_the_provider_refuses_is_alerted_flagged_and_not_counted_as_a_reply(engine, make_app, clock,
                                                                                   twilio_fake):
    _, case_id, _ = _refused_reply(engine, make_app, clock, twilio_fake)
    config = _config(engine)
    report = sla.check(engine.Session, config, engine.res.texts, NOW + timedelta(seconds=20))
    assert report.reply_failed == [case_id] and report.reply_overdue == []
    alerts_batch.flush(engine.Session, config, NOW + timedelta(seconds=20))
    with engine.Session() as s:
        case = s.get(Case, case_id)
        assert case.officer_replied_at is None  # a refused reply is no reply
        assert "reply_failed" in sla.flags(s, case)  # the queue row's and the case header's flag
        alerts = s.scalars(select(Outbox).where(Outbox.recipient.in_((GROUP, SUPERVISORS)),
                                                Outbox.status == "pending")).all()
        audit = s.scalars(select(AuditEvent).where(AuditEvent.action == "reply_failed")).one()
    assert {a.recipient for a in alerts} == {GROUP, SUPERVISORS}
    assert all(f"REPLY NOT DELIVERED - Ravi (ravi)'s reply did not reach the resident" in a.text
               and f"case #{case_id}" in a.text for a in alerts), [a.text for a in alerts]
    assert audit.detail["officer"] == "Ravi (ravi)"
    # once, not every pass
    assert sla.check(engine.Session, config, engine.res.texts, NOW + timedelta(seconds=40)).reply_failed == []
    # the reply SLA still runs: "No reply yet" after the reply minutes from the claim
    later = NOW + timedelta(minutes=engine.config.console.reply_sla_minutes, seconds=5)
    assert sla.check(engine.Session, config, engine.res.texts, later).reply_overdue == [case_id]


def test_a_refused_reply_after_one_that_reached_the_resident_is_alerted_but_the_reply_still_counts(
        engine, make_app, clock, twilio_fake):
    rt, case_id, ravi, work = _claimed_with_reply(engine, make_app, "Please call 1930 now.")
    rt.drain()  # reached
    with engine.Session.begin() as s:
        work.reply(s, case_id, s.get(Officer, ravi.id), "And tell me the bank's name.", NOW + timedelta(seconds=30))
    twilio_fake.plan = [(400, 21211)]
    clock.advance(30)
    rt.drain()
    report = sla.check(engine.Session, _config(engine), engine.res.texts, NOW + timedelta(minutes=30))
    assert report.reply_failed == [case_id] and report.reply_overdue == []
    with engine.Session() as s:
        assert s.get(Case, case_id).officer_replied_at is not None


def test_a_new_reply_from_the_officer_clears_the_flag(engine, make_app, clock, twilio_fake):
    _, case_id, ravi = _refused_reply(engine, make_app, clock, twilio_fake)
    sla.check(engine.Session, _config(engine), engine.res.texts, NOW + timedelta(seconds=20))
    with engine.Session.begin() as s:
        Casework(engine.res.texts).reply(s, case_id, s.get(Officer, ravi.id), "Trying again.", NOW + timedelta(minutes=1))
    with engine.Session() as s:
        assert "reply_failed" not in sla.flags(s, s.get(Case, case_id))


# -- finding 3: the incomplete freeze request says what it lacks on the letter itself ------------------------------
def test_an_incomplete_freeze_request_carries_what_it_lacks_on_the_pdf_and_the_printed_letter(desk):
    import io

    from pypdf import PdfReader

    from conftest import Resident
    from test_casefile import logged_in, post
    from test_console_trial3 import EVENING

    eng, app, clock = desk
    resident = Resident(eng, sender="555000445", channel="telegram", phone=None, start=EVENING - timedelta(minutes=2))
    case_id = resident.send("just now 5000 rupees went from my account by UPI").case["id"]
    meena = logged_in(app, "meena")
    post(meena, f"/console/cases/{case_id}/claim")
    pdf = PdfReader(io.BytesIO(meena.get(f"/console/cases/{case_id}/freeze.pdf").data))
    text = " ".join(" ".join(pdf.pages[0].extract_text().split()).split())
    assert "INCOMPLETE - missing: bank" in text and "transaction id / UTR" in text and "beneficiary" in text
    page = meena.get(f"/console/cases/{case_id}/freeze").get_data(as_text=True)
    assert 'id="freeze-print"' in page and "INCOMPLETE - missing: bank" in page  # what Ctrl-P prints

    resident.send("SBI se gaye, UTR 498765432109, paise anil.fraud@okaxis pe gaye")  # complete now: no band
    pdf = PdfReader(io.BytesIO(meena.get(f"/console/cases/{case_id}/freeze.pdf").data))
    assert "INCOMPLETE" not in pdf.pages[0].extract_text()


# -- finding 2: the NCRP / FIR number's shape ----------------------------------------------------------------------
@pytest.mark.parametrize("outcome,number,told", [("ncrp_filed", "3151 2260 0123 45", "31512260012345"),
                                                 ("fir_registered", "PS-DWK 123 / 2026", "PS-DWK 123/2026"),
                                                 ("fir_registered", "45/26", "45/26")])
def test_a_well_formed_ncrp_or_fir_number_closes_the_case_tidied(engine, outcome, number, told):
    _, case_id = golden_hour_case(engine)
    asha = add_officer(engine, "asha")
    work = Casework(engine.res.texts)
    with engine.Session.begin() as s:
        work.claim(s, case_id, s.get(Officer, asha.id), NOW)
        work.close(s, case_id, s.get(Officer, asha.id), outcome, NOW, number=number)
    with engine.Session() as s:
        assert s.get(Case, case_id).outcome_detail["number"] == told


@pytest.mark.parametrize("outcome,number", [("ncrp_filed", "abc"), ("ncrp_filed", "12345"),
                                            ("ncrp_filed", "FIR 12/2026"), ("fir_registered", "abc"),
                                            ("fir_registered", "123"), ("fir_registered", "31512260012345")])
def test_a_number_of_the_wrong_shape_is_refused_and_nothing_is_sent(engine, outcome, number):
    _, case_id = golden_hour_case(engine)
    asha = add_officer(engine, "asha")
    work = Casework(engine.res.texts)
    with engine.Session.begin() as s:
        work.claim(s, case_id, s.get(Officer, asha.id), NOW)
    with engine.Session.begin() as s, pytest.raises(CaseworkError, match="does not look like that number"):
        work.close(s, case_id, s.get(Officer, asha.id), outcome, NOW, number=number)
    with engine.Session() as s:
        assert s.get(Case, case_id).status == "claimed"


# -- finding 1: /healthz says sends are failing; an operator sends a failed reply again, once ------------------------
def test_healthz_counts_refused_sends_and_the_operator_retries_a_failed_reply_once(engine, make_app, clock,
                                                                                   twilio_fake, capsys):
    from bot.__main__ import main

    rt, case_id, _ = _refused_reply(engine, make_app, clock, twilio_fake)
    app = make_app()
    health = app.test_client().get("/healthz").get_json()
    assert health["ok"] is True and health["failed_sends_15min"] >= 2  # "officer joined" and the reply
    with engine.Session() as s:
        reply = s.scalars(select(Outbox).where(Outbox.kind == "officer", Outbox.text.like("Namaste%"))).one()
    url = engine.Session.kw["bind"].url.render_as_string(hide_password=False)
    twilio_fake.plan = []  # the account fixed: Twilio takes messages again
    assert main(["outbox", "--retry", str(reply.id), "--db", url]) == 0
    assert "1 failed message(s) queued again" in capsys.readouterr().out
    rt.drain()
    assert [f["Body"] for f in twilio_fake.created].count("Namaste, main SI Ravi. UTR number bataiye.") == 1
    assert main(["outbox", "--retry", str(reply.id), "--db", url]) == 1  # sent now: never sent twice
    assert "never sent twice" in capsys.readouterr().out
    rt.drain()
    assert [f["Body"] for f in twilio_fake.created].count("Namaste, main SI Ravi. UTR number bataiye.") == 1
