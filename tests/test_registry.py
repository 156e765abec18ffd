"""The registry on SQLite and PostgreSQL: recording incidents (idempotent, counted once per incident),
check, lookup, status with its audit trail, links and the graph, search, figures."""
from __future__ import annotations

import itertools
import threading
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from bot.registry import records, search
from bot.store.db import make_engine, make_sessionmaker
from bot.store.models.residents import Contact, Incident
from bot.store.models.registry import Identifier, IdentifierLink, IdentifierReport, IdentifierStatusEvent
from bot.registry.normalising import RefusedIdentifier

NOW = datetime(2026, 11, 27, 4, 30, tzinfo=timezone.utc)
_refs = itertools.count(1)


@pytest.fixture
def Session(db_url):
    db = make_engine(db_url)
    yield make_sessionmaker(db)
    db.dispose()


def make_incident(session, fields, district=None, at=NOW, sender="+919812345678", category="financial_fraud"):
    contact = session.scalars(select(Contact).where(Contact.channel == "whatsapp", Contact.sender == sender)).first()
    if contact is None:
        contact = Contact(channel="whatsapp", sender=sender, phone=sender, created_at=at, last_seen_at=at)
        session.add(contact)
        session.flush()
    incident = Incident(reference=f"CS-261127-T{next(_refs):03d}", contact_id=contact.id, category=category,
                        flow_id=category, fields=fields, district=district, created_at=at, updated_at=at)
    session.add(incident)
    session.flush()
    return incident


def snapshot(session):
    """Everything the registry holds, for 'changes nothing' comparisons."""
    identifiers = [(i.kind, i.value, i.report_count, i.first_seen_at, i.last_seen_at, tuple(i.districts), i.status)
                   for i in session.scalars(select(Identifier).order_by(Identifier.kind, Identifier.value))]
    reports = sorted(session.execute(select(IdentifierReport.identifier_id, IdentifierReport.incident_id,
                                            IdentifierReport.district)).all())
    links = sorted(session.execute(select(IdentifierLink.a_id, IdentifierLink.b_id, IdentifierLink.reason)).all())
    return identifiers, reports, links


TARGET = {"upi_ids": ["Fraud@OkAxis"], "phones": ["+919876543210"], "urls": ["https://WWW.Sbi-Kyc.in/Login/"]}


def test_record_incident_counts_once_and_is_idempotent(Session):
    with Session.begin() as session:
        first = make_incident(session, {"target": TARGET, "initial_message": "paise gaye 098765 43210 ko"},
                              district="Pune")
        recorded = records.record_incident(session, first, NOW)
    assert {(r.kind, r.value) for r in recorded} == {
        ("phone", "+919876543210"), ("upi", "fraud@okaxis"), ("url", "sbi-kyc.in/login"), ("domain", "sbi-kyc.in")}
    assert all(r.others == 0 for r in recorded)

    with Session.begin() as session:
        before = snapshot(session)
        again = records.record_incident(session, session.get(Incident, first.id), NOW + timedelta(hours=1))
        assert snapshot(session) == before  # recording the same incident twice changes nothing
        assert [r.others for r in again] == [0, 0, 0, 0]

    later = NOW + timedelta(days=2)
    with Session.begin() as session:
        second = make_incident(session, {"other_side": {"phones": ["+91-98765-43210"]}}, district="Nagpur", at=later,
                               sender="+919811111111")
        recorded = records.record_incident(session, second, later)
    assert [(r.kind, r.value, r.others) for r in recorded] == [("phone", "+919876543210", 1)]

    with Session() as session:
        phone = records.lookup(session, "phone", "919876543210")
        assert phone.report_count == 2
        assert phone.first_seen_at == NOW and phone.last_seen_at == later
        assert phone.districts == ["Nagpur", "Pune"]
        assert records.lookup(session, "upi", "FRAUD@okaxis").report_count == 1
        assert records.lookup(session, "url", "http://sbi-kyc.in/login").report_count == 1
        assert records.lookup(session, "domain", "https://www.SBI-KYC.in/").report_count == 1
        assert records.lookup(session, "phone", "+919999999999") is None
        with pytest.raises(RefusedIdentifier):
            records.lookup(session, "phone", "12345")
        # identifiers named in the same incident are linked, once per pair
        links = session.execute(select(func.count(IdentifierLink.id))).scalar()
        assert links == 6  # 4 identifiers, 6 pairs; the second incident named one only


def test_record_follows_corrections_and_later_answers(Session):
    with Session.begin() as session:
        incident = make_incident(session, {"target": {"upi_ids": ["wrong@ybl"], "phones": ["9876543210"]}})
        records.record_incident(session, incident, NOW)
    with Session.begin() as session:
        incident = session.get(Incident, incident.id)
        incident.fields = {"target": {"upi_ids": ["right@ybl"], "phones": ["9876543210"]}}
        incident.district = "Thane"
        records.record_incident(session, incident, NOW)
    with Session() as session:
        assert records.lookup(session, "upi", "wrong@ybl") is None  # a typo nobody else reported is forgotten
        right = records.lookup(session, "upi", "right@ybl")
        phone = records.lookup(session, "phone", "9876543210")
        assert right.report_count == phone.report_count == 1
        assert phone.districts == ["Thane"]
        pairs = session.execute(select(IdentifierLink.a_id, IdentifierLink.b_id)).all()
        assert pairs == [tuple(sorted((right.id, phone.id)))]


def test_the_residents_own_numbers_are_never_recorded(Session):
    fields = {
        "initial_message": "mera number 9812345678 hai, fraud ne 9876543210 se call kiya, callback 9822222222",
        "callback": "+919822222222",
        "lost_number": "+919833333333",
        "account_id": "me@gmail.com",
        "target": {"phones": ["+919833333333"], "emails": ["me@gmail.com"], "upi_ids": ["fraud@ybl"]},
    }
    with Session.begin() as session:
        incident = make_incident(session, fields)
        recorded = records.record_incident(session, incident, NOW,
                                            exclude=[("phone", "+919876500000")])
    assert {(r.kind, r.value) for r in recorded} == {("phone", "+919876543210"), ("upi", "fraud@ybl")}


def test_lost_phone_imei_is_recorded_without_the_victims_number(Session):
    with Session.begin() as session:
        incident = make_incident(session, {"imei": "490154203237518", "lost_number": "+919876543210"},
                                 category="lost_phone")
        recorded = records.record_incident(session, incident, NOW)
    assert [(r.kind, r.value) for r in recorded] == [("imei", "490154203237518")]


def test_check_text_tells_counts_never_victims(Session):
    with Session.begin() as session:
        for n in range(3):
            incident = make_incident(session, {"target": {"phones": ["+919876543210"]}}, district=f"D{n}",
                                     sender=f"+91981234567{n}")
            records.record_incident(session, incident, NOW)
        incident = make_incident(session, {"target": {"accounts": ["123456789012"], "ifsc": ["SBIN0001234"]}})
        records.record_incident(session, incident, NOW)
    with Session() as session:
        checks = records.check_text(session, "Is 098765 43210 a fraud? He also sent bit.ly/abc and a/c 123456789012")
    by_kind = {c.kind: c for c in checks}
    assert by_kind["phone"] == records.Check("phone", "+919876543210", 3, "reported", 0)
    assert by_kind["url"] == records.Check("url", "bit.ly/abc", 0, None, 0)
    assert not by_kind["url"].known
    # a bare account number matches the same number reported with its IFSC
    assert by_kind["account"].report_count == 1
    assert set(records.Check.__dataclass_fields__) == {"kind", "value", "report_count", "status", "elsewhere"}


def test_set_status_keeps_an_audit_trail(Session):
    with Session.begin() as session:
        incident = make_incident(session, {"target": {"phones": ["+919876543210"]}})
        (recorded,) = records.record_incident(session, incident, NOW)
    identifier_id = recorded.identifier_id
    with Session.begin() as session:
        records.set_status(session, identifier_id, "verified_scam", "officer:7", NOW)
        records.set_status(session, identifier_id, "sent_for_blocking", "officer:7", NOW + timedelta(hours=1),
                            where="CyberSafe")
        assert records.set_status(session, identifier_id, "sent_for_blocking", "officer:7",
                                   NOW + timedelta(hours=2), where="CyberSafe", date="2026-11-27") is None
        records.set_status(session, identifier_id, "blocked", "officer:8", NOW + timedelta(days=1))
    with Session() as session:
        identifier = session.get(Identifier, identifier_id)
        assert identifier.status == "blocked"
        assert identifier.status_detail == {"verified_scam": {}, "sent_for_blocking": {"where": "CyberSafe",
                                            "date": "2026-11-27"}, "blocked": {}}
        events = records.history(session, identifier_id)
        assert [(e.actor, e.from_status, e.to_status) for e in events] == [
            ("officer:7", "reported", "verified_scam"), ("officer:7", "verified_scam", "sent_for_blocking"),
            ("officer:8", "sent_for_blocking", "blocked")]
        assert events[1].detail == {"where": "CyberSafe", "date": "2026-11-27"}
    with Session.begin() as session:
        with pytest.raises(ValueError, match="reason"):
            records.set_status(session, identifier_id, "cleared", "officer:9", NOW)
        with pytest.raises(ValueError, match="where"):
            records.set_status(session, identifier_id, "sent_for_blocking", "officer:9", NOW)
        with pytest.raises(ValueError, match="unknown status"):
            records.set_status(session, identifier_id, "banned", "officer:9", NOW)
        records.set_status(session, identifier_id, "cleared", "officer:9", NOW, reason="a bank's real helpline")
    with Session() as session:
        identifier = session.get(Identifier, identifier_id)
        assert identifier.status == "cleared"
        assert identifier.status_detail == {"cleared": {"reason": "a bank's real helpline"}}
        assert session.scalar(select(func.count(IdentifierStatusEvent.id))) == 4


def test_links_and_graph(Session):
    with Session.begin() as session:
        one = make_incident(session, {"target": {"phones": ["+919876543210"], "upi_ids": ["ab@ybl"]}})
        two = make_incident(session, {"target": {"upi_ids": ["ab@ybl"], "urls": ["https://bit.ly/x1"]}})
        three = make_incident(session, {"target": {"urls": ["https://bit.ly/x1"], "emails": ["c@scam.in"]}})
        for incident in (one, two, three):
            records.record_incident(session, incident, NOW)
        imei = records._get_or_create(session, "imei", "490154203237518", NOW)
        phone = records.lookup(session, "phone", "+919876543210")
        officer_link = records.link(session, imei.id, phone.id, "officer:3", NOW)
        assert records.link(session, phone.id, imei.id, "officer:3", NOW).id == officer_link.id
        with pytest.raises(ValueError):
            records.link(session, phone.id, phone.id, "officer:3", NOW)
    with Session() as session:
        phone = records.lookup(session, "phone", "+919876543210")
        g = records.graph(session, phone.id, depth=2)
        values = {n["value"]: n["depth"] for n in g.nodes}
        assert values == {"+919876543210": 0, "ab@ybl": 1, "490154203237518": 1, "bit.ly/x1": 2}
        assert {e["reason"] for e in g.edges} == {"same_incident", "officer"}
        assert all(e["a"] < e["b"] for e in g.edges)
        assert len(g.edges) == 3  # phone-upi, phone-imei, upi-url
        full = records.graph(session, phone.id, depth=3)
        assert "c@scam.in" in {n["value"] for n in full.nodes}
        small = records.graph(session, phone.id, depth=3, max_nodes=2)
        assert small.truncated and len(small.nodes) == 2


def test_search_filters_and_order(Session):
    with Session.begin() as session:
        for n, (value, district, count) in enumerate([("+919876543210", "Pune", 3), ("+919876500000", "Thane", 1),
                                                      ("9876543210@ybl", "Pune", 2)]):
            for k in range(count):
                kind_key = "phones" if value.startswith("+") else "upi_ids"
                incident = make_incident(session, {"target": {kind_key: [value]}}, district=district,
                                         at=NOW - timedelta(days=10 * n), sender=f"+9198100000{n}{k}")
                records.record_incident(session, incident, NOW)
        records.record_incident(session, make_incident(session, {"target": {"emails": ["a_b@scam.in"]}}), NOW)
        records.record_incident(session, make_incident(session, {"target": {"emails": ["axb@scam.in"]}}), NOW)
        records.set_status(session, records.lookup(session, "upi", "9876543210@ybl").id, "verified_scam", "o:1", NOW)
    with Session() as session:
        values = lambda rows: [r.value for r in rows]  # noqa: E731
        assert values(search.search(session, "98765 43210")) == ["+919876543210", "9876543210@ybl"]
        assert values(search.search(session, "98765")) == ["+919876543210", "9876543210@ybl", "+919876500000"]
        assert values(search.search(session, "98765", kind="phone")) == ["+919876543210", "+919876500000"]
        assert values(search.search(session, "98765", status="verified_scam")) == ["9876543210@ybl"]
        assert values(search.search(session, "98765", district="Thane")) == ["+919876500000"]
        assert values(search.search(session, "98765", since=date(2026, 11, 20))) == ["+919876543210"]
        assert values(search.search(session, "98765", until=date(2026, 11, 10))) == ["9876543210@ybl"]
        assert values(search.search(session, "YBL")) == ["9876543210@ybl"]  # case does not matter
        assert values(search.search(session, "a_b")) == ["a_b@scam.in"]  # _ is not a wildcard
        assert values(search.search(session, "98", limit=1)) == ["+919876543210"]
        assert len(search.search(session, "")) == 5
        assert search.search(session, "nothing-like-this") == []


def test_search_by_period(Session):
    with Session.begin() as session:
        old = make_incident(session, {"target": {"phones": ["+919876500001"]}}, at=NOW - timedelta(days=30))
        new = make_incident(session, {"target": {"phones": ["+919876500002"]}}, at=NOW)
        records.record_incident(session, old, NOW)
        records.record_incident(session, new, NOW)
    with Session() as session:
        assert [i.value for i in search.search(session, since=NOW - timedelta(days=1))] == ["+919876500002"]
        assert [i.value for i in search.search(session, until=(NOW - timedelta(days=20)).date())] == [
            "+919876500001"]


def test_figures_per_district_and_week(Session):
    with Session.begin() as session:
        week1 = datetime(2026, 11, 23, 6, tzinfo=timezone.utc)  # Monday of ISO week 48
        week2 = week1 + timedelta(days=7)
        for at, district, phones in [(week1, "Pune", ["9876543210", "9876500000"]), (week1, "Pune", ["9876543210"]),
                                     (week2, "Thane", ["9876543210"]), (week2, None, ["9876511111"])]:
            records.record_incident(session, make_incident(session, {"target": {"phones": phones}},
                                                            district=district, at=at), NOW)
    with Session() as session:
        figures = records.figures(session)
    assert figures["by_district"] == [
        {"district": "Pune", "identifiers": 2, "reports": 3},
        {"district": "Thane", "identifiers": 1, "reports": 1},
        {"district": "unknown", "identifiers": 1, "reports": 1},
    ]
    assert figures["by_week"] == [{"week": "2026-W48", "identifiers": 2, "reports": 3},
                                  {"week": "2026-W49", "identifiers": 2, "reports": 2}]


def test_incident_view_for_officers(Session):
    with Session.begin() as session:
        one = make_incident(session, {"target": {"phones": ["9876543210"], "upi_ids": ["xy@ybl"]}})
        two = make_incident(session, {"target": {"phones": ["9876543210"]}})
        records.record_incident(session, one, NOW)
        records.record_incident(session, two, NOW)
    with Session() as session:
        rows = records.identifiers_of_incident(session, one.id)
        assert [(i.value, others) for i, others in rows] == [("+919876543210", [two.id]), ("xy@ybl", [])]
        phone = records.lookup(session, "phone", "9876543210")
        assert {i.id for i in records.incidents_naming(session, phone.id)} == {one.id, two.id}


def test_concurrent_records_of_a_new_identifier(Session, db_url):
    """Two workers recording incidents that name the same new number both count. On PostgreSQL both
    transactions are open at once (one waits on the other's new row); SQLite serialises them."""
    with Session.begin() as session:
        incidents = [make_incident(session, {"target": {"phones": ["+919876512345"], "upi_ids": [f"u{n}x@ybl"]}},
                                   sender=f"+91981234000{n}").id for n in range(2)]
    barrier = threading.Barrier(2) if db_url.startswith("postgresql") else None
    errors = []

    def work(incident_id):
        try:
            with Session.begin() as session:
                incident = session.get(Incident, incident_id)
                if barrier is not None:
                    barrier.wait(timeout=10)
                records.record_incident(session, incident, NOW)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in incidents]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    with Session() as session:
        assert records.lookup(session, "phone", "+919876512345").report_count == 2
        assert session.scalar(select(func.count(Identifier.id))) == 3


def test_a_correction_hands_shared_links_to_the_other_incident(Session):
    with Session.begin() as session:
        one = make_incident(session, {"target": {"phones": ["9876543210"], "upi_ids": ["bb@ybl"]}})
        two = make_incident(session, {"target": {"phones": ["9876543210"], "upi_ids": ["bb@ybl"]}})
        records.record_incident(session, one, NOW)
        records.record_incident(session, two, NOW)
        (shared,) = session.scalars(select(IdentifierLink)).all()
        assert shared.incident_id == one.id
    with Session.begin() as session:
        one = session.get(Incident, one.id)
        one.fields = {"target": {"phones": ["9876543210"], "upi_ids": ["cc@ybl"]}}
        records.record_incident(session, one, NOW)
    with Session() as session:
        bb = records.lookup(session, "upi", "bb@ybl")
        assert bb.report_count == 1  # still named by the second incident
        links = {(link.a_id, link.b_id): link for link in session.scalars(select(IdentifierLink))}
        phone = records.lookup(session, "phone", "9876543210")
        cc = records.lookup(session, "upi", "cc@ybl")
        kept = links[tuple(sorted((phone.id, bb.id)))]
        assert (kept.incident_id, kept.created_by) == (two.id, f"incident:{two.reference}")
        assert tuple(sorted((phone.id, cc.id))) in links and len(links) == 2


def test_handles_in_a_description_use_the_reports_platform(Session):
    with Session.begin() as session:
        incident = make_incident(session, {"platform": "instagram",
                                           "other_side": {"description": "his id is @Fraud.Guy and he wants money"}},
                                 category="sextortion")
        recorded = records.record_incident(session, incident, NOW)
    assert [(r.kind, r.value) for r in recorded] == [("handle", "instagram:fraud.guy")]


def test_official_links_and_numbers_can_be_excluded(Session):
    exclude = records.exclusions(hosts=["cybercrime.gov.in", "www.sbi.co.in"], numbers=["011 2345 6789"])
    assert ("domain", "sbi.co.in") in exclude and ("phone", "+911123456789") in exclude
    text = ("They said to file at https://cybercrime.gov.in/Webform/Index.aspx and call 011 2345 6789, then sent "
            "https://sbi.co.in.kyc-verify.top/login and https://www.sbi.co.in/web/personal-banking")
    with Session.begin() as session:
        incident = make_incident(session, {"initial_message": text})
        recorded = records.record_incident(session, incident, NOW, exclude=exclude)
    assert [(r.kind, r.value) for r in recorded] == [("domain", "kyc-verify.top"),
                                                    ("url", "sbi.co.in.kyc-verify.top/login")]
