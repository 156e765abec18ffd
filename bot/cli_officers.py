"""`python -m bot officers add|list|disable|enable|reset-password|stations`: console accounts from the command line.

Passwords are typed at a hidden prompt, or read from standard input with --password-stdin (for
scripts); they never appear as an argument, in config or in the repository.
"""
from __future__ import annotations

import getpass
import sys
from datetime import datetime, timezone

from sqlalchemy import select


def _password(args) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Password (10+ characters, upper and lower case and a digit): ")
    if getpass.getpass("Again: ") != first:
        raise SystemExit("error: the two passwords differ")
    return first


def _set_stations(session, officer, station_ids, now) -> list[str]:
    from . import officers
    from .config import load_config
    from .stations import set_stations

    try:
        return set_stations(session, officer, station_ids, load_config(), now)
    except ValueError as exc:
        raise officers.OfficerError(str(exc)) from None


def stations_of(session, officer_id: int) -> list[str]:
    from .stations import stations_of as own

    return own(session, officer_id)


def _session(args):
    from .config import load_config
    from .db import make_engine, make_sessionmaker, upgrade

    db = make_engine(args.db or load_config().database_url())
    upgrade(db)
    return make_sessionmaker(db)


def cmd_officers(args) -> int:
    from . import officers
    from .models import AuditEvent, Case, Officer

    Session = _session(args)
    now = datetime.now(timezone.utc)
    try:
        with Session.begin() as session:
            if args.officers_command == "add":
                officer = officers.add(session, args.username, args.display_name or args.username,
                                       _password(args), args.role, now)
                if args.station:
                    _set_stations(session, officer, args.station, now)
                print(f"Added {officer.username} ({officer.role}).")
            elif args.officers_command == "stations":
                officer = officers.get(session, args.username)
                if officer is None:
                    raise officers.OfficerError(f"no officer {args.username}")
                print(f"{officer.username}: " + (", ".join(_set_stations(session, officer, args.station, now))
                                                 or "no station (the unit's cyber cell)"))
            elif args.officers_command == "list":
                rows = session.scalars(select(Officer).order_by(Officer.username))
                for officer in rows:
                    state = "active" if officer.active else "disabled"
                    own = ",".join(stations_of(session, officer.id)) or "-"
                    print(f"{officer.username:24} {officer.role:10} {state:9} {own:20} {officer.display_name}")
            elif args.officers_command == "disable":
                officer = officers.disable(session, args.username, now)
                cases = session.scalars(select(Case.id).where(Case.status == "waiting", Case.id.in_(
                    select(AuditEvent.case_id).where(AuditEvent.action == "returned_to_queue",
                                                     AuditEvent.at == now)))).all()
                print(f"Disabled {officer.username}." + (f" Case(s) {', '.join(map(str, cases))} are back in the queue."
                                                       if cases else ""))
            elif args.officers_command == "enable":
                officers.enable(session, args.username, now)
                print(f"Enabled {args.username}.")
            elif args.officers_command == "reset-password":
                officers.reset_password(session, args.username, _password(args), now)
                print(f"New password set for {args.username}; the lock-out is cleared.")
    except officers.OfficerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


def add_parser(sub) -> None:
    parser = sub.add_parser("officers", help="console accounts: add, list, disable, enable, reset-password")
    commands = parser.add_subparsers(dest="officers_command", required=True)
    add = commands.add_parser("add", help="add an officer or supervisor")
    add.add_argument("username")
    add.add_argument("--display-name", help="the name residents see, e.g. 'SI Meena'")
    add.add_argument("--role", choices=("officer", "station_supervisor", "supervisor"), default="officer",
                     help="supervisor: the unit's (sees and manages every station)")
    add.add_argument("--station", action="append", default=[], help="a police station id (repeat for several)")
    own = commands.add_parser("stations", help="set the police stations an officer belongs to (none: the unit's)")
    own.add_argument("username")
    own.add_argument("station", nargs="*")
    commands.add_parser("list", help="list accounts")
    disable = commands.add_parser("disable", help="disable an account")
    disable.add_argument("username")
    enable = commands.add_parser("enable", help="let a disabled account log in again")
    enable.add_argument("username")
    reset = commands.add_parser("reset-password", help="set a new password and clear the lock-out")
    reset.add_argument("username")
    for command in commands.choices.values():
        command.add_argument("--db", help="database URL")
        command.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
        command.set_defaults(func=cmd_officers)
