"""``python -m bot numbers import FILE [--apply] | export [--since DATE] [--blocking-list] [--out FILE]``:
the registry shared with other units from the command line (bot/registry/sharing.py does the work)."""
from __future__ import annotations

from datetime import date, datetime, timezone

from sqlalchemy.orm import Session

from ..registry.normalising import RefusedIdentifier
from ..registry.sharing import BLOCKING_STATUSES, ImportRefused, apply_import, dry_run, export_blocking_list, export_csv


# --------------------------------------------------------------------------
# Command line: python -m bot numbers import|export (wired in bot/__main__.py)
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
