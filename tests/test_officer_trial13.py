"""Session 13's officers' stranger trial (docs: /work/lead/trial-officer.md), reproduced with the real engine and the
real console routes (Flask test client), then held: facts told while an officer holds the chat reach the report, a
closed case's report flow is over, an urgent case handed back is under the SLA clock again, the search list names the
last holder as such."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.store.models.cases import AuditEvent, Case
from bot.store.models.residents import Incident, Message
from conftest import Resident
from test_console import app, login, token  # noqa: F401  (fixture)


def _claimed(app, engine, first: str, sender: str = "+919812345010"):  # noqa: F811
    """A resident's first message, then an officer (meena) claims the case: (resident, client, case id, csrf)."""
    resident = Resident(engine, sender=sender, phone=sender)
    resident.send(first)
    with engine.Session() as s:
        case_id = s.scalar(select(Case.id).order_by(Case.id.desc()))
    officer = app.test_client()
    login(officer)
    csrf = token(officer, f"/console/cases/{case_id}")
    assert officer.post(f"/console/cases/{case_id}/claim", data={"csrf_token": csrf}).status_code == 302
    return resident, officer, case_id, csrf


def _fields(engine, case_id):
    with engine.Session() as s:
        return dict(s.get(Incident, s.get(Case, case_id).incident_id).fields)


# -- F1: facts told during the hold ------------------------------------------------------------------------------
def test_the_1930_number_account_ending_and_name_told_to_the_officer_reach_the_freeze_request(app, engine):  # noqa: F811
    resident, officer, case_id, _ = _claimed(
        app, engine, "Rs 36,200 got debited from my Canara account by UPI just now, help")
    out = resident.send("Sir, I phoned 1930 already, my acknowledgement is 3101 2261 2055 66. "
                        "The card I use ends with 8832. My name is Farida Begum")
    assert out.texts == []  # the bot stays silent: the officer reads it
    fields = _fields(engine, case_id)
    assert fields["ack_1930"] == "31012261205566"
    assert fields["account_last_digits"] == "8832"
    assert fields["name"] == "Farida Begum"
    letter = officer.get(f"/console/cases/{case_id}/freeze").get_data(as_text=True)
    assert "31012261205566" in letter and "Farida Begum" in letter and "ending 8832" in letter
    with engine.Session() as s:
        told = s.scalars(select(AuditEvent).where(AuditEvent.case_id == case_id,
                                                  AuditEvent.action == "told_in_chat")).all()
        assert told and {"ack_1930", "account_last_digits", "name"} <= set().union(*(row.detail for row in told))
    found = officer.get("/console/search?q=31012261205566").get_data(as_text=True)
    assert f"/console/cases/{case_id}" in found  # a resident calling back with their 1930 number is found


def test_hindi_facts_told_during_the_hold_are_kept_too(app, engine):  # noqa: F811
    resident, _, case_id, _ = _claimed(app, engine, "abhi 5 minute pehle mere khate se 12000 kat gaye upi se",
                                       sender="+919812345011")
    resident.send("1930 pe call kar diya, unka number 31012261207788 hai. khate ke aakhri 4 ank 5521 hain")
    fields = _fields(engine, case_id)
    assert fields["ack_1930"] == "31012261207788" and fields["account_last_digits"] == "5521"


def test_words_to_the_officer_with_no_fact_add_nothing(app, engine):  # noqa: F811
    resident, _, case_id, _ = _claimed(app, engine, "25000 went from my account by UPI ten minutes ago",
                                       sender="+919812345012")
    before = _fields(engine, case_id)
    resident.send("I am very worried sir, please help me quickly")
    after = _fields(engine, case_id)
    assert "name" not in after and after.get("ack_1930") == before.get("ack_1930")


# -- F4: a closed case's report is over ---------------------------------------------------------------------------
def _close(client, case_id, csrf, outcome, **extra):
    return client.post(f"/console/cases/{case_id}/close", data={"csrf_token": csrf, "outcome": outcome, **extra})


def test_closing_ends_the_report_and_tells_the_outcome(app, engine):  # noqa: F811
    resident, officer, case_id, csrf = _claimed(app, engine, "18000 rupees left my account by UPI 5 minutes ago",
                                                sender="+919812345013")
    assert _close(officer, case_id, csrf, "bank_hold_requested", note="nodal mailed",
                  hold_bank="SBI", hold_sent_to="nodal@sbi.example").status_code == 302
    with engine.Session() as s:
        told = s.scalars(select(Message.text).where(Message.direction == "out", Message.case_id == case_id)
                         .order_by(Message.id)).all()[-1]
        fields = s.get(Incident, s.get(Case, case_id).incident_id).fields
    assert "asked the bank to hold the money" in told and "nodal mailed" not in told  # the note stays internal
    assert fields.get("report_state") != "collecting details"
    out = resident.send("Hi, has the bank managed to block that amount?")
    said = "\n".join(out.texts)
    assert "Which bank" not in said and "just the name" not in said and out.node is None
    assert "closed by an officer" in said and "asked the bank to hold the money" in said
    assert out.intent == "report_status"
    # the next message is read as new: a new loss starts a new report, 1930 first
    out = resident.send("again 3000 got debited from my account just now")
    assert out.flow == "financial_fraud" and "1930" in "\n".join(out.texts)


def test_the_closing_message_names_the_outcome_and_number_in_the_residents_language(app, engine):  # noqa: F811
    resident, officer, case_id, csrf = _claimed(app, engine, "mere khate se abhi 9000 rupaye kat gaye upi se",
                                                sender="+919812345014")
    _close(officer, case_id, csrf, "ncrp_filed", number="31012261200001")
    with engine.Session() as s:
        told = s.scalars(select(Message.text).where(Message.direction == "out", Message.case_id == case_id)
                         .order_by(Message.id)).all()[-1]
    assert "31012261200001" in told and "पोर्टल" in told
    assert resident.send("dhanyavad").node is None


def test_every_outcome_is_told_in_every_language(resources):
    from bot.cases.casework import OUTCOMES
    for language in ("en", "hi", "bn", "ur"):
        for outcome in OUTCOMES:
            said = resources.texts.get(f"case_outcome_{outcome}", language, number="123")
            assert said and "{" not in said
        assert "{" not in resources.texts.get("case_closed", language, reference="CS-1", outcome="x")


# -- F7: an urgent case handed back is under the SLA clock again --------------------------------------------------
def test_an_urgent_case_handed_back_is_announced_again_and_breached_to_supervisors(app, engine):  # noqa: F811
    from bot.cases import sla
    from bot.store.models.operations import Outbox
    from conftest import NOW
    resident, officer, case_id, csrf = _claimed(app, engine, "Someone moved 41000 out of my account via UPI 5 min ago",
                                                sender="+919812345015")
    config = engine.config.model_copy(update={"console": engine.config.console.model_copy(
        update={"officers_chat_id": "-100123", "supervisors_chat_id": "-100999"})})
    officer.post(f"/console/cases/{case_id}/handback", data={"csrf_token": csrf})
    soon = sla.check(engine.Session, config, engine.res.texts, NOW + timedelta(minutes=1))
    assert soon.announced == [case_id] and soon.breached == []  # "Handed back URGENT case": nobody holds it now
    late = sla.check(engine.Session, config, engine.res.texts, NOW + timedelta(minutes=2, seconds=5))
    assert late.breached == [case_id]
    with engine.Session() as s:
        case = s.get(Case, case_id)
        assert case.status == "returned" and "sla_breached" in sla.flags(s, case)
        assert s.scalar(select(AuditEvent).where(AuditEvent.case_id == case_id, AuditEvent.action == "sla_breached"))
        sent = [(row.recipient, row.text) for row in s.scalars(select(Outbox).where(Outbox.kind == "alert"))]
    assert any(chat == "-100123" and text.startswith("Handed back URGENT case") for chat, text in sent)
    assert any(chat == "-100999" and text.startswith("SLA BREACH") for chat, text in sent)


def test_a_normal_case_handed_back_stays_with_the_bot_unalerted(app, engine):  # noqa: F811
    from bot.cases import sla
    from conftest import NOW
    from bot.cases import cases
    from bot.store.models.residents import Contact
    Resident(engine, sender="+919812345016", phone="+919812345016").send("hello")
    with engine.Session.begin() as s:  # a normal case (an officer asked for), as the bot makes it
        case, _ = cases.escalate(s, s.scalar(select(Contact)), None, "normal", "officer_request", NOW,
                                 engine.config.sla_minutes.model_dump())
        s.flush()
        case_id = case.id
    officer = app.test_client()
    login(officer)
    csrf = token(officer, f"/console/cases/{case_id}")
    officer.post(f"/console/cases/{case_id}/claim", data={"csrf_token": csrf})
    officer.post(f"/console/cases/{case_id}/handback", data={"csrf_token": csrf})
    report = sla.check(engine.Session, engine.config, engine.res.texts, NOW + timedelta(days=2))
    assert case_id not in report.breached and case_id not in report.announced


# -- F2: after the hand back ---------------------------------------------------------------------------------------
def test_after_the_hand_back_the_hold_facts_are_not_asked_and_the_money_question_is_answered(app, engine):  # noqa: F811
    resident, officer, case_id, csrf = _claimed(
        app, engine, "My Kotak account lost 27,500 rupees by UPI about 15 minutes ago", sender="+919812345017")
    resident.send("Done sir, 1930 gave me acknowledgement no 31012261203344. Account ending 6120")
    officer.post(f"/console/cases/{case_id}/handback", data={"csrf_token": csrf})
    out = resident.send("What do I do now sir? Can I get my money back?")
    said = "\n".join(out.texts)
    assert "Nobody can promise" in said and "depends on where it is now" in said
    assert "already called 1930" in said and "If any money has left your account" not in said
    assert "last 4 digits" not in said and out.node not in ("last_digits", "ack_1930")


# -- F3: SKIP said once ----------------------------------------------------------------------------------------------
def test_an_unreadable_last_4_answer_mentions_skip_once(resident):
    resident.send("22000 rupees were debited from my account by upi 10 minutes ago")
    out = resident.send("HDFC")
    while out.node not in ("last_digits", None):
        out = resident.send("skip")
    assert out.node == "last_digits"
    out = resident.send("yes")
    said = "\n".join(out.texts)
    assert out.node == "last_digits" and said.count("SKIP") == 1 and "last 4 digits" in said


# -- F8: the search list names the last holder as such ------------------------------------------------------------
def test_the_search_list_names_a_handed_back_cases_last_holder_as_such(app, engine):  # noqa: F811
    resident, officer, case_id, csrf = _claimed(app, engine, "31000 debited from my account by upi 5 min ago",
                                                sender="+919812345018")
    held = officer.get("/console/search?q=98123+45018").get_data(as_text=True)
    assert "<td>SI Meena</td>" in held
    officer.post(f"/console/cases/{case_id}/handback", data={"csrf_token": csrf})
    back = officer.get("/console/search?q=98123+45018").get_data(as_text=True)
    assert "with the bot · last held by SI Meena" in back and "<td>SI Meena</td>" not in back
