"""Operations from the command line (README.md, "Deployment and operations"):

    python -m bot doctor [--db URL] [--no-network]
    python -m bot backup [--out DIR] [--db URL]
    python -m bot restore FILE [--replace] [--db URL]
    python -m bot legal-hold CASE --reason TEXT --actor NAME | --off
    python -m bot retention [--db URL]          apply the retention periods now (the scheduler does it too)
"""
from __future__ import annotations

import os
import sys
from datetime import datetime, timezone
from pathlib import Path


def _config():
    from .config import load_config

    return load_config()


def _open(args, migrate: bool = True):
    """(config, database engine) for a command; migrated to the latest schema unless ``migrate`` is false."""
    from .db import make_engine, upgrade

    config = _config()
    db = make_engine(args.db or config.database_url())
    if migrate:
        upgrade(db)
    return config, db


def cmd_backup(args) -> int:
    from . import backup

    config, db = _open(args)
    out = Path(args.out) if args.out else config.data_path / "backups"
    try:
        result = backup.backup(db, config.evidence_path, out)
    except backup.BackupError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    counts = result.manifest["counts"]
    print(f"Backup written: {result.path}")
    print(f"  {counts['cases']} cases, {counts['messages']} messages, {len(result.manifest['evidence'])} evidence "
          f"files; every file's SHA-256 is in manifest.json. Copy it off this machine.")
    return 0


def cmd_restore(args) -> int:
    from . import backup
    from .db import upgrade

    config, db = _open(args, migrate=False)  # restore into what is there (an empty file is fine)
    try:
        manifest = backup.restore(db, config.evidence_path, Path(args.file), replace=args.replace)
    except backup.BackupError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    upgrade(db)  # a backup from an older version gets this version's migrations
    counts = manifest["counts"]
    print(f"Restored {args.file} (taken {manifest['created_at']}): {counts['cases']} cases, {counts['messages']} "
          f"messages, {len(manifest['evidence'])} evidence files, every hash checked.")
    return 0


def cmd_legal_hold(args) -> int:
    from sqlalchemy import select

    from . import retention
    from .db import make_sessionmaker
    from .models import Case, Incident

    config, db = _open(args)
    if not args.off and not args.reason:
        print("error: give --reason (FIR, court order, request) for a legal hold", file=sys.stderr)
        return 2
    with make_sessionmaker(db).begin() as session:
        if args.case.isdigit():
            case = session.get(Case, int(args.case))
        else:
            case = session.scalar(select(Case).join(Incident, Case.incident_id == Incident.id)
                                  .where(Incident.reference == args.case.strip().upper()))
        if case is None:
            print(f"error: no case {args.case}", file=sys.stderr)
            return 1
        changed = retention.set_hold(session, case, not args.off, f"cli:{args.actor}", datetime.now(timezone.utc),
                                     reason=args.reason or "")
        case_id = case.id
    state = "lifted" if args.off else "set"
    print(f"Legal hold {state} on case {case_id}." if changed else f"Case {case_id}: nothing to change.")
    return 0


def cmd_retention(args) -> int:
    from . import retention
    from .db import make_sessionmaker

    config, db = _open(args)
    with make_sessionmaker(db).begin() as session:
        report = retention.run(session, config, datetime.now(timezone.utc))
    print(f"Retention: {report.as_dict()}" if report else "Retention: nothing is past its time.")
    return 0


def cmd_doctor(args) -> int:
    from . import doctor

    return doctor.main(args, os.environ)


def add_parser(sub) -> None:
    doc = sub.add_parser("doctor", help="check config, environment, database, evidence store, providers, scheduler")
    doc.add_argument("--db", help="database URL (default: DATABASE_URL or the embedded SQLite file)")
    doc.add_argument("--no-network", action="store_true", help="skip the providers and PUBLIC_BASE_URL checks")
    doc.set_defaults(func=cmd_doctor)

    bak = sub.add_parser("backup", help="database + evidence store in one tar file with a SHA-256 manifest")
    bak.add_argument("--out", help="folder for the backup file (default: data_dir/backups)")
    bak.add_argument("--db", help="database URL")
    bak.set_defaults(func=cmd_backup)

    res = sub.add_parser("restore", help="restore a backup file (hashes checked first)")
    res.add_argument("file")
    res.add_argument("--replace", action="store_true", help="overwrite a database that already holds data")
    res.add_argument("--db", help="database URL")
    res.set_defaults(func=cmd_restore)

    hold = sub.add_parser("legal-hold", help="put a case on legal hold (retention never touches it), or lift it")
    hold.add_argument("case", help="case number or reference (CS-...)")
    hold.add_argument("--reason", help="why: FIR number, court order, request (required to set)")
    hold.add_argument("--actor", default=os.environ.get("USER", "cli"), help="who (for the audit log)")
    hold.add_argument("--off", action="store_true", help="lift the hold")
    hold.add_argument("--db", help="database URL")
    hold.set_defaults(func=cmd_legal_hold)

    ret = sub.add_parser("retention", help="apply config.yaml's retention periods now (audited)")
    ret.add_argument("--db", help="database URL")
    ret.set_defaults(func=cmd_retention)
