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

from .db import add_db_option, open_db


def _open(args, migrate: bool = True):
    """(config, database engine) for a command; migrated to the latest schema unless ``migrate`` is false."""
    opened = open_db(args, migrate=migrate)
    return opened.config, opened.engine


def cmd_backup(args) -> int:
    from ..store import backup

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
    from ..store import backup

    config, db = _open(args, migrate=False)  # restore into what is there (an empty file is fine)
    try:
        manifest = backup.restore(db, config.evidence_path, Path(args.file), replace=args.replace,
                                  force_older=args.force_older, actor=f"cli:{args.actor}")
    except backup.BackupError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    counts = manifest["counts"]
    if manifest.get("rolled_back_audit_rows"):
        print(f"warning: {manifest['rolled_back_audit_rows']} audit row(s) newer than the backup were rolled back "
              "(--force-older); the restore is recorded in the audit log.", file=sys.stderr)
    print(f"Restored {args.file} (taken {manifest['created_at']}): {counts['cases']} cases, {counts['messages']} "
          f"messages, {len(manifest['evidence'])} evidence files, every hash checked.")
    return 0


def cmd_legal_hold(args) -> int:
    from sqlalchemy import select

    from ..cases import retention
    from ..store.db import make_sessionmaker
    from ..store.models.cases import Case
    from ..store.models.residents import Incident

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
    from ..cases import retention
    from ..store.db import make_sessionmaker

    config, db = _open(args)
    with make_sessionmaker(db).begin() as session:
        report = retention.run(session, config, datetime.now(timezone.utc))
    print(f"Retention: {report.as_dict()}" if report else "Retention: nothing is past its time.")
    return 0


def cmd_doctor(args) -> int:
    from . import doctor

    return doctor.main(args, os.environ)


def _os_user() -> str:
    """The login name of whoever runs the command (also without $USER, as under sudo -u or in containers)."""
    import getpass

    try:
        return getpass.getuser()
    except Exception:  # no passwd entry for this uid (some containers)
        return f"uid{os.getuid()}"


def add_parser(sub) -> None:
    doc = sub.add_parser("doctor", help="check config, environment, database, evidence store, providers, scheduler")
    add_db_option(doc)
    doc.add_argument("--no-network", action="store_true", help="skip the providers and PUBLIC_BASE_URL checks")
    doc.set_defaults(func=cmd_doctor)

    bak = sub.add_parser("backup", help="database + evidence store in one tar file with a SHA-256 manifest")
    bak.add_argument("--out", help="folder for the backup file (default: data_dir/backups)")
    add_db_option(bak)
    bak.set_defaults(func=cmd_backup)

    res = sub.add_parser("restore", help="restore a backup file (hashes checked first)")
    res.add_argument("file")
    res.add_argument("--replace", action="store_true", help="overwrite a database that already holds data")
    res.add_argument("--force-older", action="store_true",
                     help="with --replace: go back to this backup even though the target has newer audit rows "
                          "(they are lost; take a backup of the target first)")
    res.add_argument("--actor", default=_os_user(), help="who restores (for the audit log; default: your login)")
    add_db_option(res)
    res.set_defaults(func=cmd_restore)

    hold = sub.add_parser("legal-hold", help="put a case on legal hold (retention never touches it), or lift it")
    hold.add_argument("case", help="case number or reference (CS-...)")
    hold.add_argument("--reason", help="why: FIR number, court order, request (required to set)")
    hold.add_argument("--actor", default=_os_user(),
                      help="who sets it, e.g. 'SI Meena Sharma' (for the audit log; default: your login name)")
    hold.add_argument("--off", action="store_true", help="lift the hold")
    add_db_option(hold)
    hold.set_defaults(func=cmd_legal_hold)

    ret = sub.add_parser("retention", help="apply config.yaml's retention periods now (audited)")
    add_db_option(ret)
    ret.set_defaults(func=cmd_retention)
