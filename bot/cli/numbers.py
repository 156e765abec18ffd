"""``python -m bot numbers import FILE [--apply] | export [--since DATE] [--blocking-list] [--out FILE]``:
the registry shared with other units from the command line (bot/registry/sharing.py does the work)."""
from __future__ import annotations

from datetime import date, datetime, timezone

from sqlalchemy.orm import Session

# the registry is imported by the commands that use it: building `python -m bot`'s parser stays light



# --------------------------------------------------------------------------
# Command line: python -m bot numbers import|export (add_parser below, called by bot/__main__.py)
# --------------------------------------------------------------------------

def _open_db(args):
    from .db import open_db

    opened = open_db(args)
    config = opened.config
    return opened.engine, opened.Session, config.unit_name.get("en") or next(iter(config.unit_name.values()))


def _show(rows: list, limit: int, line) -> list[str]:
    shown = [line(item) for item in rows[:limit]]
    if len(rows) > limit:
        shown.append(f"  ... and {len(rows) - limit} more")
    return shown


def _audit(session: Session, actor: str, action: str, now: datetime, **detail) -> None:
    """Exports and imports from the command line land in the audit log like the console's."""
    from ..cases.cases import record

    record(session, None, f"cli:{actor}" if not str(actor).startswith(("cli", "officer:")) else actor, action,
           now, **detail)


def cli_import(args) -> int:
    """``numbers import FILE [--apply] [--source UNIT]``: a dry run unless --apply; exit 1 when refused."""
    import sys

    from ..registry.sharing import ImportRefused, apply_import, dry_run
    from pathlib import Path

    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        print(f"error: cannot read {path}: {exc.strerror}", file=sys.stderr)
        return 2
    engine, Session, unit = _open_db(args)
    now = datetime.now(timezone.utc)
    try:
        with Session() as session:
            if args.apply:
                try:
                    with session.begin():
                        plan = apply_import(session, data, path.name, unit, args.actor, now, source=args.source)
                        _audit(session, args.actor, "registry_import", now, file=path.name, sha256=plan.sha256,
                               applied=plan.applied, summary=plan.summary())
                except ImportRefused as exc:
                    plan = exc.plan
            else:
                plan = dry_run(session, data, path.name, unit, source=args.source)
    finally:
        engine.dispose()
    lines = [plan.summary()]
    if not plan.error and plan.already_imported_at is None:
        lines += _show(plan.refused, args.show, lambda r: f"  refused  row {r[0]}: {r[1]}")
        lines += _show(plan.new, args.show, lambda r: f"  new      row {r.number}: {r.kind} {r.value} "
                                                      f"({r.status}, {r.report_count} reports, from {r.source})")
        lines += _show(plan.matching, args.show,
                       lambda m: f"  matching row {m[0].number}: {m[0].kind} {m[0].value} (here: {m[1]} reports, "
                                 f"{m[2]}; {m[0].source}: {m[0].report_count}, {m[0].status})")
        lines += _show(plan.duplicates, args.show, lambda d: f"  duplicate row {d[0]} of row {d[1]}")
        lines += _show(plan.own, args.show, lambda n: f"  skipped  row {n}: this unit's own data")
    if plan.applied:
        lines.append("Imported.")
    elif plan.already_imported_at is not None:
        pass
    elif not plan.ok:
        lines.append("Nothing imported: the whole file is refused while any row is." if args.apply
                     else "This file cannot be imported until the refused rows are fixed or removed.")
    else:
        lines.append("Dry run: nothing written. Run again with --apply to import.")
    print("\n".join(lines))
    return 0 if plan.ok else 1


def cli_export(args) -> int:
    """``numbers export [--since DATE] [--status S] [--kind K] [--out FILE] [--blocking-list [--digits]]``."""
    import sys

    from ..registry.normalising import RefusedIdentifier
    from ..registry.sharing import BLOCKING_STATUSES, export_blocking_list, export_csv

    since = None
    if args.since:
        try:
            since = date.fromisoformat(args.since)
        except ValueError:
            print(f"error: --since {args.since!r} is not a date like 2026-11-01", file=sys.stderr)
            return 2
    engine, Session, unit = _open_db(args)
    out = open(args.out, "w", encoding="utf-8", newline="") if args.out else sys.stdout
    try:
        with Session.begin() as session:
            if args.blocking_list:
                count = export_blocking_list(session, out, since=since, status=args.status or BLOCKING_STATUSES,
                                             fmt="digits" if args.digits else "e164")
            else:
                count = export_csv(session, out, unit, since=since, status=args.status or None,
                                   kind=args.kind or None)
            _audit(session, getattr(args, "actor", None) or "cli", "registry_exported", datetime.now(timezone.utc),
                   blocking_list=bool(args.blocking_list), rows=count, since=args.since, file=args.out or "stdout")
    except (ValueError, RefusedIdentifier) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    finally:
        if args.out:
            out.close()
        engine.dispose()
    if args.out:
        what = "phone numbers" if args.blocking_list else "identifiers"
        print(f"{count} {what} written to {args.out}")
    return 0


def add_parser(sub) -> None:
    """python -m bot numbers import FILE [--apply] | export [--since DATE] [--status S] [--blocking-list]"""
    from .db import add_db_option

    numbers = sub.add_parser("numbers", help="the scam-identifier registry: import / export CSV (see README.md)")
    numbers_sub = numbers.add_subparsers(dest="numbers_command", required=True)
    imp = numbers_sub.add_parser("import", help="import a CSV from another unit (a dry run unless --apply)")
    imp.add_argument("file", help="the CSV file")
    imp.add_argument("--apply", action="store_true", help="write it (all or nothing); default: dry run")
    imp.add_argument("--dry-run", dest="apply", action="store_false", help="only report (the default)")
    imp.add_argument("--source", help="the sending unit, for rows without a source (default: the file name)")
    imp.add_argument("--actor", default="cli", help="who imports, for the record (default: %(default)s)")
    imp.add_argument("--show", type=int, default=20, help="rows listed per group (default: %(default)s)")
    add_db_option(imp)
    imp.set_defaults(func=cli_import)
    exp = numbers_sub.add_parser("export", help="export identifiers as CSV, or the phone list for blocking")
    exp.add_argument("--since", help="only identifiers reported or given a status on or after DATE (YYYY-MM-DD)")
    exp.add_argument("--status", action="append", help="only this status (repeatable)")
    exp.add_argument("--kind", action="append", help="only this kind (repeatable)")
    exp.add_argument("--blocking-list", action="store_true",
                     help="phone numbers for blocking, one E.164 a line (default status: verified_scam)")
    exp.add_argument("--digits", action="store_true", help="with --blocking-list: header mobile_number, no +")
    exp.add_argument("--out", help="write to this file (default: standard output)")
    add_db_option(exp)
    exp.set_defaults(func=cli_export)
