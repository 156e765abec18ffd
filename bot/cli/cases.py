"""``python -m bot cases [--all] [--db URL]``: the officer queue, urgent first, in this terminal."""
from __future__ import annotations

from .db import add_db_option, open_engine


def cmd_cases(args) -> int:
    from ..cases import cases, losses
    from .. import formats
    from ..privacy import mask

    engine = open_engine(args)
    tz = engine.config.tz
    with engine.Session() as session:
        rows = cases.queue(session, include_closed=args.all, golden_hour_minutes=engine.config.golden_hour_minutes)
        if not rows:
            print("No open cases.")
            return 0
        print(f"{'case':>5}  {'priority':8}  {'status':8}  {'reference':16}  {'category':18}  {'amount':>10}  "
              f"{'opened':20}  resident")
        for case in rows:
            incident = case.incident
            # every debit told, added up (a later "8000 more" too), as the console's queue and the freeze request say
            amount = formats.amount(losses.total(incident), missing="-") if incident else "-"
            print(f"{case.id:>5}  {case.priority:8}  {case.status:8}  {incident.reference if incident else '-':16}  "
                  f"{incident.category if incident else case.reason:18}  {amount:>10}  "
                  f"{formats.local_time(case.created_at, tz, '%Y-%m-%d %H:%M'):20}  "
                  f"{case.contact.channel}:{mask(case.contact.sender)}"
                  + (f"  ({incident.fields['report_state']})" if incident and incident.fields.get("report_state") else ""))
    return 0


def add_parser(sub) -> None:
    cases = sub.add_parser("cases", help="the officer queue, urgent first")
    cases.add_argument("--all", action="store_true", help="include closed cases")
    add_db_option(cases)
    cases.set_defaults(func=cmd_cases)
