"""Sharing the registry: CSV export and its round trip, the blocking list, imports (dry run, all-or-nothing
apply, idempotent re-import), and `python -m bot numbers` through a real subprocess."""
from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.registry import records, sharing
from bot.store.db import make_engine, make_sessionmaker
from bot.store.models.registry import IdentifierImport, IdentifierSource, IdentifierStatusEvent
from bot.registry.sharing import ImportRefused

from test_registry import NOW, Session, make_incident, snapshot  # noqa: F401 (Session: the fixture)

ROOT = Path(__file__).resolve().parent.parent
UNIT = "District Cyber Cell"  # config.yaml unit_name (the CLI reads it there)


def seed(Session):
    with Session.begin() as session:
        for n, district in enumerate(["Pune", "Pune", "Thane"]):
            incident = make_incident(session, {"target": {"phones": ["+919876543210"], "upi_ids": ["fraud@ybl"]}},
                                     district=district, at=NOW - timedelta(days=n), sender=f"+91981000000{n}")
            records.record_incident(session, incident, NOW)
        incident = make_incident(session, {"target": {"phones": ["+919876500000"], "urls": ["https://bit.ly/AbC"]}},
                                 district="Pune", at=NOW - timedelta(days=40))
        records.record_incident(session, incident, NOW)
        phone = records.lookup(session, "phone", "+919876543210")
        records.set_status(session, phone.id, "verified_scam", "officer:1", NOW)
        records.set_status(session, phone.id, "sent_for_blocking", "officer:1", NOW, where="Chakshu")


def export_text(Session, **filters) -> str:
    out = io.StringIO()
    with Session() as session:
        sharing.export_csv(session, out, UNIT, **filters)
    return out.getvalue()


def test_export_layout(Session):
    seed(Session)
    text = export_text(Session)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert text.splitlines()[0] == "kind,value,status,report_count,first_seen,last_seen,districts,status_detail,source"
    by_value = {row["value"]: row for row in rows}
    assert set(by_value) == {"+919876543210", "+919876500000", "fraud@ybl", "bit.ly/AbC"}
    phone = by_value["+919876543210"]
    assert phone == {
        "kind": "phone", "value": "+919876543210", "status": "sent_for_blocking", "report_count": "3",
        "first_seen": "2026-11-25T04:30:00Z", "last_seen": "2026-11-27T04:30:00Z", "districts": "Pune;Thane",
        "status_detail": '{"sent_for_blocking": {"date": "2026-11-27", "where": "Chakshu"}, "verified_scam": {}}',
        "source": UNIT,
    }
    # filters
    since = list(csv.DictReader(io.StringIO(export_text(Session, since=date(2026, 11, 1)))))
    assert "+919876500000" not in {row["value"] for row in since}
    only = list(csv.DictReader(io.StringIO(export_text(Session, status="sent_for_blocking"))))
    assert [row["value"] for row in only] == ["+919876543210"]
    kinds = list(csv.DictReader(io.StringIO(export_text(Session, kind=["upi", "url"]))))
    assert [row["value"] for row in kinds] == ["fraud@ybl", "bit.ly/AbC"]


def test_blocking_list(Session):
    seed(Session)
    with Session() as session:
        out = io.StringIO()
        assert sharing.export_blocking_list(session, out, status=["sent_for_blocking"]) == 1
        assert out.getvalue() == "+919876543210\n"
        out = io.StringIO()
        sharing.export_blocking_list(session, out, status=["reported", "sent_for_blocking", "cleared"],
                                         fmt="digits")
        assert out.getvalue() == "mobile_number\n919876500000\n919876543210\n"
        out = io.StringIO()
        assert sharing.export_blocking_list(session, out) == 0  # verified_scam by default: none left there


FILE = """kind,value,status,report_count,first_seen,last_seen,districts,status_detail,source
phone,098765 43210,verified_scam,4,2026-10-01,2026-11-20T10:00:00Z,Nagpur;Wardha,,Nagpur Cyber Cell
upi,NEW.ONE@OKAXIS,reported,2,2026-11-01,2026-11-02,Nagpur,,Nagpur Cyber Cell
url,HTTPS://WWW.Scam-Shop.in/Deals/,blocked,7,,,,"{""blocked"": {""date"": ""2026-11-10""}}",Nagpur Cyber Cell
domain,scam-shop.in,reported,7,,,,,Nagpur Cyber Cell
phone,+91-98765-43210,verified_scam,3,2026-10-01,2026-11-20,,,Nagpur Cyber Cell
imei,490154203237518,reported,1,,,,,
phone,+919800000001,reported,9,,,,,"District Cyber Cell"
"""


def test_import_dry_run_apply_and_reimport(Session):
    seed(Session)
    data = FILE.encode()
    with Session() as session:
        before = snapshot(session)
        plan = sharing.dry_run(session, data, "nagpur-2026-11.csv", UNIT, source="Nagpur Cyber Cell")
        assert snapshot(session) == before  # a dry run writes nothing
    assert plan.ok and plan.rows == 7
    assert [(r.kind, r.value) for r in plan.new] == [("upi", "new.one@okaxis"), ("url", "scam-shop.in/deals"),
                                                    ("domain", "scam-shop.in"), ("imei", "490154203237518")]
    assert [(m[0].value, m[1], m[2]) for m in plan.matching] == [("+919876543210", 3, "sent_for_blocking")]
    assert plan.duplicates == [(6, 2)]  # row 6 is row 2's number written another way
    assert plan.own == [8]  # this unit's own data coming back is skipped
    assert plan.refused == []
    assert plan.summary() == ("nagpur-2026-11.csv: 7 rows, 4 new, 1 matching, 0 refused, "
                              "1 duplicates within the file, 1 this unit's own")

    with Session.begin() as session:
        applied = sharing.apply_import(session, data, "nagpur-2026-11.csv", UNIT, "officer:2", NOW,
                                           source="Nagpur Cyber Cell")
    assert applied.applied
    with Session() as session:
        phone = records.lookup(session, "phone", "+919876543210")
        assert phone.report_count == 3  # this unit's count is not changed by another unit's file
        assert phone.status == "sent_for_blocking"  # nor is an officer's status here
        assert phone.first_seen_at == datetime(2026, 10, 1, tzinfo=timezone.utc)  # but dates widen
        checks = records.check_text(session, "9876543210")
        assert checks == [records.Check("phone", "+919876543210", 3, "sent_for_blocking", 4)]
        url = records.lookup(session, "url", "scam-shop.in/deals")
        assert (url.status, url.report_count, url.source) == ("blocked", 0, "imported:Nagpur Cyber Cell")
        assert url.status_detail == {"blocked": {"date": "2026-11-10"}}
        event = session.scalars(select(IdentifierStatusEvent).where(
            IdentifierStatusEvent.identifier_id == url.id)).one()
        assert (event.actor, event.to_status) == ("import:Nagpur Cyber Cell", "blocked")
        imei = records.lookup(session, "imei", "490154203237518")
        assert imei.source == "imported:Nagpur Cyber Cell"  # rows without a source: the --source given
        assert records.lookup(session, "phone", "+919800000001") is None
        after = snapshot(session), session.scalar(select(func.count(IdentifierSource.id)))

    # the same file again: a no-op
    with Session.begin() as session:
        again = sharing.apply_import(session, data, "renamed.csv", UNIT, "officer:2", NOW + timedelta(days=1),
                                         source="Nagpur Cyber Cell")
    assert not again.applied and again.already_imported_at == NOW
    assert "already imported" in again.summary()
    # the same rows in another file (reordered, re-encoded): counts are set, never added
    lines = FILE.splitlines()
    other = "\r\n".join([lines[0]] + lines[1:][::-1]).encode("utf-8-sig")
    with Session.begin() as session:
        assert sharing.apply_import(session, other, "nagpur-again.csv", UNIT, "officer:2", NOW,
                                        source="Nagpur Cyber Cell").applied
    with Session() as session:
        assert (snapshot(session), session.scalar(select(func.count(IdentifierSource.id)))) == after
        assert session.scalar(select(func.count(IdentifierImport.id))) == 2
        # a newer file from the same unit replaces its figures
    newer = FILE.replace("verified_scam,4,", "verified_scam,6,").encode()
    with Session.begin() as session:
        sharing.apply_import(session, newer, "nagpur-12.csv", UNIT, "officer:2", NOW, source="Nagpur Cyber Cell")
    with Session() as session:
        assert records.check_text(session, "9876543210")[0].elsewhere == 6


def test_one_bad_row_refuses_the_whole_file(Session):
    bad = (FILE.splitlines()[0] + "\n"
           "phone,9876543210,reported,1,,,,,A\n"
           "phone,12345,reported,1,,,,,A\n"
           "upi,ok@ybl,maybe,1,,,,,A\n"
           "colour,red,reported,1,,,,,A\n"
           "imei,490154203237519,,,,,,,A\n"
           "email,x@scam.in,reported,many,,,,,A\n"
           "email,y@scam.in,reported,1,yesterday,,,,A\n"
           "email,z@scam.in,reported,1,2026-11-02,2026-11-01,,,A\n"
           "email,w@scam.in,reported,1,,,,[1],A\n")
    with Session() as session:
        plan = sharing.dry_run(session, bad.encode(), "bad.csv", UNIT)
    assert not plan.ok and len(plan.new) == 1
    assert plan.refused == [
        (3, "phone '12345': too short for a phone number"),
        (4, "unknown status 'maybe' (one of reported, verified_scam, sent_for_blocking, blocked, cleared)"),
        (5, "unknown kind 'colour' (one of phone, upi, account, url, domain, email, handle, app, imei)"),
        (6, "imei '490154203237519': the IMEI's check digit is wrong (Luhn)"),
        (7, "report_count 'many' is not a whole number"),
        (8, "first_seen 'yesterday' is not an ISO 8601 date"),
        (9, "first_seen is after last_seen"),
        (10, "status_detail is not a JSON object"),
    ]
    with Session() as session:
        before = snapshot(session)
    with Session() as session:
        with pytest.raises(ImportRefused) as refused:
            with session.begin():
                sharing.apply_import(session, bad.encode(), "bad.csv", UNIT, "officer:2", NOW)
        assert refused.value.plan.refused == plan.refused
    with Session() as session:
        assert snapshot(session) == before
        assert records.lookup(session, "phone", "9876543210") is None
        assert session.scalar(select(func.count(IdentifierImport.id))) == 0


@pytest.mark.parametrize(("data", "error"), [
    (b"", "empty"),
    (b"\xff\xfe k\x00", "UTF-8"),
    (b"name,number_of_things\nx,1\n", "kind and value"),
    (b"kind,value,kind\nphone,1,2\n", "repeated"),
])
def test_a_bad_file_is_refused_whole(Session, data, error):
    with Session() as session:
        plan = sharing.dry_run(session, data, "x.csv", UNIT)
    assert not plan.ok and error in plan.error


def test_a_plain_number_list_imports_as_phones(Session):
    with Session.begin() as session:
        plan = sharing.apply_import(session, b"mobile_number\n919876543210\n+91 98765 00000\n", "list.csv",
                                        UNIT, "officer:2", NOW, source="Haryana")
    assert [r.value for r in plan.new] == ["+919876543210", "+919876500000"]


def test_export_import_round_trip(Session, tmp_path, sqlite_template):
    """One unit's export, imported by another, gives the same identifiers, statuses and counts."""
    seed(Session)
    text = export_text(Session)
    import shutil
    other_path = tmp_path / "other.sqlite3"
    shutil.copy(sqlite_template, other_path)
    other_db = make_engine(f"sqlite:///{other_path}")
    Other = make_sessionmaker(other_db)
    with Other.begin() as session:
        plan = sharing.apply_import(session, text.encode(), "pune.csv", "Nagpur Cyber Cell", "officer:9", NOW)
    assert plan.applied and len(plan.new) == 4
    out = io.StringIO()
    with Other() as session:
        sharing.export_csv(session, out, "Nagpur Cyber Cell")
    other_db.dispose()
    assert list(csv.DictReader(io.StringIO(out.getvalue()))) == list(csv.DictReader(io.StringIO(text)))


def run_cli(*args, db_url, cwd=None):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    return subprocess.run([sys.executable, "-m", "bot", "numbers", *args, "--db", db_url], cwd=cwd or ROOT,
                          env=env, capture_output=True, text=True, timeout=120)


def test_cli_import_and_export(db_url, tmp_path, Session):
    seed(Session)
    path = tmp_path / "nagpur.csv"
    path.write_text(FILE, encoding="utf-8")

    dry = run_cli("import", str(path), "--source", "Nagpur Cyber Cell", db_url=db_url)
    assert dry.returncode == 0, dry.stderr
    assert "4 new, 1 matching, 0 refused" in dry.stdout
    assert "Dry run: nothing written" in dry.stdout
    with Session() as session:
        assert records.lookup(session, "upi", "new.one@okaxis") is None

    applied = run_cli("import", str(path), "--apply", "--source", "Nagpur Cyber Cell", db_url=db_url)
    assert applied.returncode == 0, applied.stderr
    assert "Imported." in applied.stdout
    again = run_cli("import", str(path), "--apply", db_url=db_url)
    assert again.returncode == 0 and "already imported" in again.stdout

    bad = tmp_path / "bad.csv"
    bad.write_text("kind,value\nphone,9876543211\nphone,12345\n", encoding="utf-8")
    refused = run_cli("import", str(bad), "--apply", db_url=db_url)
    assert refused.returncode == 1
    assert "refused  row 3: phone '12345': too short for a phone number" in refused.stdout
    assert "Nothing imported" in refused.stdout

    exported = run_cli("export", "--since", "2026-11-01", db_url=db_url)
    assert exported.returncode == 0, exported.stderr
    rows = list(csv.DictReader(io.StringIO(exported.stdout)))
    assert {row["value"] for row in rows} >= {"+919876543210", "new.one@okaxis", "scam-shop.in/deals"}
    out = tmp_path / "block.txt"
    listed = run_cli("export", "--blocking-list", "--status", "sent_for_blocking", "--out", str(out), db_url=db_url)
    assert listed.returncode == 0 and "1 phone numbers written" in listed.stdout
    assert out.read_text() == "+919876543210\n"
    wrong = run_cli("export", "--since", "last week", db_url=db_url)
    assert wrong.returncode == 2 and "not a date" in wrong.stderr


def test_cli_reads_database_url_from_the_environment(db_url, tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("number\n9876543210\n", encoding="utf-8")
    env = {**os.environ, "DATABASE_URL": db_url}
    result = subprocess.run([sys.executable, "-m", "bot", "numbers", "import", str(path), "--apply", "--source", "X"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "1 new" in result.stdout


def test_export_never_starts_a_free_text_cell_with_a_formula():
    from bot.registry.sharing import _cell

    assert _cell('=HYPERLINK("https://x.example")') == '\'=HYPERLINK("https://x.example")'
    assert _cell("@SUM(A1)") == "'@SUM(A1)" and _cell("South;Pune") == "South;Pune"


def test_command_line_export_and_import_are_audited(tmp_path, sqlite_template):
    import shutil

    from sqlalchemy import select

    from bot.__main__ import main
    from bot.store.db import make_engine, make_sessionmaker
    from bot.store.models.cases import AuditEvent

    path = tmp_path / "h.sqlite3"
    shutil.copy(sqlite_template, path)
    url = f"sqlite:///{path}"
    csv_file = tmp_path / "in.csv"
    csv_file.write_text("kind,value\nphone,098765 43210\n", encoding="utf-8")
    assert main(["numbers", "export", "--db", url, "--out", str(tmp_path / "out.csv")]) == 0
    assert main(["numbers", "import", str(csv_file), "--apply", "--actor", "si.meena", "--db", url]) == 0
    db = make_engine(url)
    with make_sessionmaker(db)() as s:
        actions = {(e.actor, e.action) for e in s.scalars(select(AuditEvent))}
    db.dispose()
    assert ("cli", "registry_exported") in actions and ("cli:si.meena", "registry_import") in actions
