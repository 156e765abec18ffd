"""The registry as residents meet it: checks, 'others have reported this too', the police's own numbers."""
from __future__ import annotations

import io
from datetime import datetime, timezone

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import func, select

from bot.registry import records, sharing
from bot.store.db import alembic_config
from bot.store.models.residents import Contact, Incident
from bot.store.models.registry import Identifier, IdentifierReport
from conftest import NOW, Resident


def report_upi(engine, sender, upi="fraudster@ybl"):
    resident = Resident(engine, sender=sender, phone=sender)
    resident.send("15000 was debited from my account just now")
    for answer in ("sbi", "skip", "skip"):
        resident.send(answer)
    return resident, resident.send(f"paisa {upi} pe gaya")


def test_every_report_is_recorded_and_the_second_victim_is_told(engine):
    _, first = report_upi(engine, "+919800000001")
    assert not any("Others have reported" in t for t in first.texts)
    _, second = report_upi(engine, "+919800000002", upi="FRAUDSTER@YBL")
    assert any("Others have reported fraudster@ybl too" in t for t in second.texts)
    with engine.Session() as s:
        upi = records.lookup(s, "upi", "fraudster@ybl")
        assert upi.report_count == 2
        # The victims' own numbers never enter the registry.
        assert s.scalar(select(Identifier).where(Identifier.value == "+919800000001")) is None


def test_check_a_number_says_reported_or_not_known_never_safe(engine):
    report_upi(engine, "+919800000001", upi="9812312312@ybl")
    checker = Resident(engine, sender="+919800000003", phone="+919800000003")
    checker.send("hello")
    checker.send("1")
    out = checker.send("is this fraud? 9812312312@ybl and bit.ly/Xy12")
    text = "\n".join(out.texts)
    assert "9812312312@ybl: reported 1 time(s)" in text
    assert "bit.ly/Xy12: no reports yet. That does not mean it is safe." in text
    assert "+919800000001" not in text  # never a victim's detail


def check(engine, sender, value, targeted="2"):
    """A resident checks ``value`` in the suspicious-contact flow (menu 3); "2": only checking. A value that says it
    reached them ("this number called me") is not asked whether it did: recorded at once."""
    resident = _residents.setdefault((id(engine), sender), Resident(engine, sender=sender, phone=sender))
    resident.send("menu")
    resident.send("3")
    asked = resident.send(value)
    return (asked, asked) if asked.node != "targeted" else (asked, resident.send(targeted))


_residents: dict = {}


def exported(engine, unit="District Cyber Cell"):
    with engine.Session() as s:
        out = io.StringIO()
        sharing.export_csv(s, out, unit)
        rows = {(r["kind"], r["value"]): r for r in sharing.export_rows(s, unit)}
        blocking = io.StringIO()
        sharing.export_blocking_list(s, blocking, status=records.STATUSES)
        return rows, blocking.getvalue().split(), records.figures(s)


def test_a_resident_checking_five_times_is_not_a_report(engine):
    for _ in range(5):
        asked, done = check(engine, "+919800000011", "is this number a fraud? 9812398123")
        assert "+919812398123: no reports yet" in "\n".join(asked.texts)
        assert "noted your check" in "\n".join(done.texts)
    other = check(engine, "+919800000012", "9812398123 fraud?")[0]
    assert "+919812398123: no reports yet. That does not mean it is safe." in "\n".join(other.texts)
    with engine.Session() as s:
        phone = records.lookup(s, "phone", "9812398123")
        assert phone.report_count == 0
        kinds = s.scalars(select(IdentifierReport.kind).where(IdentifierReport.identifier_id == phone.id)).all()
        assert sorted(kinds) == ["check"] * 6  # kept for officers, as checks
    rows, blocking, figures = exported(engine)
    assert ("phone", "+919812398123") not in rows and "+919812398123" not in blocking
    assert figures == {"by_district": [], "by_week": []}


def test_a_real_report_counts_once_and_the_export_agrees(engine):
    check(engine, "+919800000011", "is 9812312312@ybl a fraud?")
    assert exported(engine)[0] == {}
    report_upi(engine, "+919800000021", upi="9812312312@ybl")  # a victim's money-fraud report
    after_report = exported(engine)
    asked, _ = check(engine, "+919800000012", "is 9812312312@ybl a fraud?")
    assert "9812312312@ybl: reported 1 time(s)" in "\n".join(asked.texts)
    rows, blocking, figures = exported(engine)
    assert rows[("upi", "9812312312@ybl")]["report_count"] == "1"
    assert (rows, blocking, figures) == after_report  # the later check changed no figure
    with engine.Session() as s:
        reports = s.scalar(select(func.count()).select_from(IdentifierReport).where(IdentifierReport.kind == "report"))
    assert sum(row["reports"] for row in figures["by_week"]) == reports


def test_a_targeted_resident_reports_once_however_often_they_say_so(engine):
    for _ in range(3):
        _, done = check(engine, "+919800000031", "this number called me asking for otp 9812398124", targeted="1")
        assert "recorded your report" in "\n".join(done.texts)
    asked, _ = check(engine, "+919800000032", "is 9812398124 fraud")
    assert "+919812398124: reported 1 time(s)" in "\n".join(asked.texts)
    rows, _, _ = exported(engine)
    assert rows[("phone", "+919812398124")]["report_count"] == "1"


def test_an_officer_status_is_told_even_with_no_report(engine):
    check(engine, "+919800000011", "is 9812398125 a fraud?")
    with engine.Session.begin() as s:
        records.set_status(s, records.lookup(s, "phone", "9812398125").id, "verified_scam", "officer:asha",
                            NOW.astimezone(timezone.utc))
    asked, _ = check(engine, "+919800000012", "is 9812398125 a fraud?")
    assert "+919812398125: in police records and confirmed as a scam" in "\n".join(asked.texts)
    rows, blocking, _ = exported(engine)
    assert rows[("phone", "+919812398125")]["report_count"] == "0" and "+919812398125" in blocking


def test_migration_turns_old_suspicious_contact_rows_into_checks(engine):
    """Rows written before 0006 (every suspicious-contact check was a report) become checks, and counts drop."""
    now = datetime(2026, 11, 20, tzinfo=timezone.utc)
    with engine.Session.begin() as s:  # what a database before 0006 held: three reports of one number
        contact = Contact(channel="whatsapp", sender="+919800000041", created_at=now, last_seen_at=now)
        s.add(contact)
        s.flush()
        incidents = [Incident(reference=f"CS-OLD-{n}", contact_id=contact.id, category=category, flow_id=category,
                              status="submitted", fields={}, district=district, created_at=now, updated_at=now)
                     for n, (category, district) in enumerate((("suspicious_contact", "Pune"),
                                                               ("suspicious_contact", "Pune"),
                                                               ("financial_fraud", "Thane")))]
        s.add_all(incidents)
        phone = Identifier(kind="phone", value="+919812398126", first_seen_at=now, last_seen_at=now, report_count=3,
                           status="reported", status_detail={}, districts=["Pune", "Thane"], source="local")
        s.add(phone)
        s.flush()
        s.add_all(IdentifierReport(identifier_id=phone.id, incident_id=i.id, seen_at=now, district=i.district)
                  for i in incidents)
        s.flush()
        ids, phone_id = [i.id for i in incidents], phone.id
    db = engine.Session.kw["bind"]
    cfg = alembic_config(db)
    before = ScriptDirectory.from_config(cfg).get_revision("0006").down_revision
    for step, target in ((command.downgrade, before), (command.upgrade, "head")):
        with db.begin() as conn:
            cfg.attributes["connection"] = conn
            step(cfg, target)
    with engine.Session() as s:
        identifier = s.get(Identifier, phone_id)
        assert (identifier.report_count, identifier.districts) == (1, ["Thane"])
        kinds = dict(s.execute(select(IdentifierReport.incident_id, IdentifierReport.kind)).all())
        assert kinds == {ids[0]: "check", ids[1]: "check", ids[2]: "report"}


# A caller told beside the question: the caller is checked. Asked with nothing else ("is this really the police?"),
# it is asked of this chat, which says who it is and how to check it (session 14, tests/test_resident_trial14.py).
@pytest.mark.parametrize(("message", "expected"), [
    ("a caller says he is police, is this really the police?", "caller ID and a uniform on a video call can both be faked"),
    # romanised Hindi is answered in Hindi (issue 16)
    ("ek call aaya, bol raha hai police se hai, kya ye sach me police hai", "कॉलर ID और वीडियो कॉल पर वर्दी, दोनों नकली हो सकते हैं"),
    ("jis number se call aaya, ye number police ka hai kya", "कॉलर ID और वीडियो कॉल पर वर्दी, दोनों नकली हो सकते हैं"),
    ("कॉल आया, बोल रहा है पुलिस से है, क्या यह सच में पुलिस है", "कॉलर ID और वीडियो कॉल पर वर्दी, दोनों नकली हो सकते हैं"),
])
def test_is_this_really_the_police_in_every_language(engine, message, expected):
    resident = Resident(engine, sender="+919800000006", phone="+919800000006")
    out = resident.send(message)
    text = "\n".join(out.texts)
    assert out.intent == "impersonation"
    assert expected in text
    assert "https://echallan.parivahan.gov.in" in text and "+91 11 2345 6789" in text  # the unit's own number
    assert "OTP" in text


def test_our_own_number_is_ours_but_can_be_faked(engine, resources):
    official = resources.config.official_contacts.phones[0]
    resident = Resident(engine, sender="+919800000004", phone="+919800000004")
    resident.send("hello")
    resident.send("1")
    out = resident.send(f"is this really the police? {official} called me and asked me to pay a fine")
    text = "\n".join(out.texts)
    assert f"{official} is one of District Cyber Cell's published numbers, but a caller can fake it" in text
    assert "is an official contact" not in text and "do not call back" not in text
    assert "never collect money, fines or 'verification' payments by UPI or bank transfer during a call" in text
    assert "never ask for an OTP" in text and "never keep anyone on a video call" in text


def test_a_number_that_is_not_ours_gets_the_same_warning(engine):
    other = Resident(engine, sender="+919800000005", phone="+919800000005")
    other.send("hello")
    other.send("1")
    out = other.send("a CBI officer called from 9876501234 and says I am under digital arrest. is this real police?")
    text = "\n".join(out.texts)
    assert "+919876501234 is NOT one of" in text and "caller ID and a uniform" in text


def test_the_police_question_with_money_paid_is_a_money_loss_report(engine):
    resident = Resident(engine, sender="+919800000007", phone="+919800000007")
    out = resident.send("is this really the police? I paid 20000 to them 10 minutes ago")
    assert out.intent == "financial_fraud"


def test_a_handle_named_in_hindi_is_recorded_like_one_named_in_english(engine):
    _, done = check(engine, "+919800000041", "इंस्टाग्राम पर @fraud.seller123 ने पैसे मांगे", targeted="1")
    assert "आपकी शिकायत दर्ज कर ली" in "\n".join(done.texts)  # written in Devanagari: answered in Hindi
    asked, _ = check(engine, "+919800000042", "insta pe @fraud.seller123 fraud hai kya?")
    assert "instagram:fraud.seller123: reported 1 time(s)" in "\n".join(asked.texts)
