"""`python -m bot households import FILE [--apply] | list | campaign`: visits made on paper, the households, and a
campaign to the opted-in (``campaign --title T --audience all --text en=... --text hi=... [--send]``: drafted and
previewed; refused, naming the language, while a recipient reads one it has no text in; --send sends it paced).

The import is a dry run unless --apply: every row is checked and refused rows are listed with their
reasons. --apply writes all new rows in one transaction, or nothing while any row is refused. Rows
whose number is already registered are skipped, so importing the same file twice changes nothing.
Welcomes of imported households are queued paced and outside quiet hours (--no-welcome: none).
"""
from __future__ import annotations

import sys
from datetime import datetime, timezone

from sqlalchemy import select

from .db import add_db_option


def _open(args):
    from .db import open_engine

    return open_engine(args)


def cmd_import(args) -> int:
    from ..outreach import households
    from ..cases import officers

    try:
        data = open(args.file, "rb").read()
    except OSError as exc:
        print(f"error: cannot read {args.file}: {exc.strerror}", file=sys.stderr)
        return 2
    engine = _open(args)
    now = datetime.now(timezone.utc)
    actor = "cli"
    with engine.Session() as session:
        if args.actor:
            officer = officers.get(session, args.actor)
            if officer is None:
                print(f"error: no officer named {args.actor}", file=sys.stderr)
                return 2
            actor = f"officer:{officer.id}"
        with session.begin():
            plan = households.plan_import(session, data, engine.config, now)
            lines = [f"  refused  row {line}: {reason}" for line, reason in plan.refused[:args.show]]
            lines += [f"  skipped  row {line}: {reason}" for line, reason in plan.existing[:args.show]]
            lines += [f"  new      row {line}: {c.visit.resident_name} ({c.visit.channel}, beat officer "
                      f"{c.beat_officer.username}{', senior' if c.senior else ''})" for line, c, _b, _a in
                      plan.new[:args.show]]
            if args.apply and plan.ok:
                households.apply_import(session, plan, actor, now, engine.config, engine.res.texts,
                                        welcome=not args.no_welcome)
            else:
                session.rollback()
    print(plan.summary())
    print("\n".join(lines)) if lines else None
    if plan.error or plan.refused:
        print("Nothing imported: the whole file is refused while any row is." if args.apply else
              "This file cannot be imported until the refused rows are fixed or removed.")
        return 1
    print(f"Imported {plan.applied} household(s)." if args.apply else
          "Dry run: nothing written. Run again with --apply to import.")
    return 0


def cmd_list(args) -> int:
    from ..store.models.outreach import Household
    from ..store.models.officers import Officer
    from ..privacy import mask

    engine = _open(args)
    tz = engine.config.tz
    with engine.Session() as session:
        rows = session.execute(select(Household, Officer.username).join(Officer, Officer.id == Household.beat_officer_id)
                               .order_by(Household.station, Household.id)).all()
        if not rows:
            print("No households registered.")
        for household, officer in rows:
            print(f"{household.id:>5}  {household.station[:20]:20}  {officer:16}  {household.channel:9} "
                  f"{mask(household.sender):16}  {'senior' if household.senior else '      '}  "
                  f"{household.registered_at.astimezone(tz):%Y-%m-%d}  {household.resident_name}")
    return 0


def cmd_campaign(args) -> int:
    from ..outreach import campaigns

    text = dict(item.split("=", 1) for item in args.text if "=" in item)
    engine = _open(args)
    now = datetime.now(timezone.utc)
    try:
        with engine.Session.begin() as session:
            campaign = campaigns.create(session, args.title, args.audience, args.district, text, "cli", now,
                                        engine.config)
            shown = campaigns.preview(session, campaign, engine.res.texts, engine.config)
            print(f"Campaign {campaign.id} drafted: {shown['total']} recipient(s) "
                  + " ".join(f"{lang} {n}" for lang, n in shown["by_language"].items()))
            if args.send:
                print(f"Sending to {campaigns.start(session, campaign, 'cli', now)} resident(s), paced.")
                held = campaigns.held_note(now, engine.config)
                if held:
                    print(f"{held}.")
    except campaigns.CampaignError as exc:
        print(f"error: campaign refused: {exc}", file=sys.stderr)
        return 1
    return 0


def add_parser(sub) -> None:
    parser = sub.add_parser("households", help="elderly residents' households: import paper visits, list")
    commands = parser.add_subparsers(dest="households_command", required=True)
    imp = commands.add_parser("import", help="import a CSV of visits made on paper (a dry run unless --apply)")
    imp.add_argument("file")
    imp.add_argument("--apply", action="store_true", help="write it: all new rows, or nothing if any is refused")
    imp.add_argument("--actor", help="the officer (username) importing, for the audit log (default: cli)")
    imp.add_argument("--no-welcome", action="store_true", help="do not send the welcome to imported households")
    imp.add_argument("--show", type=int, default=50, help="rows listed per group (default: %(default)s)")
    imp.set_defaults(func=cmd_import)
    lst = commands.add_parser("list", help="registered households, by station")
    lst.set_defaults(func=cmd_list)
    camp = commands.add_parser("campaign", help="a message to opted-in residents, in every language they read")
    camp.add_argument("--title", required=True)
    camp.add_argument("--audience", required=True, choices=["seniors", "district", "all"])
    camp.add_argument("--district", help="the district (audience district)")
    camp.add_argument("--text", action="append", default=[], metavar="LANG=TEXT",
                      help="the message in one language (repeat for each language the recipients read)")
    camp.add_argument("--send", action="store_true", help="send it now, paced (default: draft and preview only)")
    camp.set_defaults(func=cmd_campaign)
    for command in (imp, lst, camp):
        add_db_option(command)
