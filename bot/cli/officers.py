"""`python -m bot officers add|list|disable|enable|reset-password|reset-2fa|woman|stations`: console accounts from
the command line.

Passwords are typed at a hidden prompt, or read from standard input with --password-stdin (for
scripts); they never appear as an argument, in config or in the repository.
"""
from __future__ import annotations

import getpass
import sys
from datetime import datetime, timezone

from sqlalchemy import select

from .db import add_db_option


def _password(args) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Password (10+ characters, upper and lower case and a digit): ")
    if getpass.getpass("Again: ") != first:
        raise SystemExit("error: the two passwords differ")
    return first


def _set_stations(session, officer, station_ids, now) -> list[str]:
    from ..cases import officers
    from ..config import load_config
    from ..cases.stations import set_stations

    try:
        return set_stations(session, officer, station_ids, load_config(), now)
    except ValueError as exc:
        raise officers.OfficerError(str(exc)) from None


def stations_of(session, officer_id: int) -> list[str]:
    from ..cases.stations import stations_of as own

    return own(session, officer_id)


def _named(session, username: str):
    from ..cases import officers

    officer = officers.get(session, username)
    if officer is None:
        raise officers.OfficerError(f"no officer named {username}")
    return officer


def _mark_woman(session, officer, woman: bool, now) -> None:
    """Need-to-know (console.need_to_know.women_officers): audited."""
    from ..cases.cases import record

    officer.woman = woman
    record(session, None, "cli", "officer_marked", now, officer=officer.username, woman=woman)


def _session(args):
    from .db import open_db

    return open_db(args).Session


def cmd_officers(args) -> int:
    from ..cases import officers
    from ..store.models.cases import AuditEvent, Case
    from ..store.models.officers import Officer

    Session = _session(args)
    now = datetime.now(timezone.utc)
    try:
        with Session.begin() as session:
            if args.officers_command == "add":
                officer = officers.add(session, args.username, args.display_name or args.username,
                                       _password(args), args.role, now)
                if args.station:
                    _set_stations(session, officer, args.station, now)
                if args.woman:
                    _mark_woman(session, officer, True, now)
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
                    marks = ("2fa " if officer.totp_secret else "") + ("woman" if officer.woman else "")
                    print(f"{officer.username:24} {officer.role:10} {state:9} {own:20} {officer.display_name}"
                          + (f"  [{marks.strip()}]" if marks else ""))
            elif args.officers_command == "disable":
                from ..config import ROOT, load_config
                from ..content.texts import Texts

                config = load_config()
                texts = Texts.load(ROOT / "texts", list(config.languages), config.placeholders)
                officer = officers.disable(session, args.username, now, texts=texts)
                cases = session.scalars(select(Case.id).where(Case.status == "waiting", Case.id.in_(
                    select(AuditEvent.case_id).where(AuditEvent.action == "returned_to_queue",
                                                     AuditEvent.at == now)))).all()
                print(f"Disabled {officer.username}." + (f" Case(s) {', '.join(map(str, cases))} are back in the queue."
                                                       if cases else ""))
            elif args.officers_command == "enable":
                officers.enable(session, args.username, now)
                print(f"Enabled {args.username}.")
            elif args.officers_command == "reset-2fa":
                from ..console.totp import reset

                officer = _named(session, args.username)
                reset(session, officer, now, "cli")
                print(f"Two-factor log-in cleared for {officer.username}; their sessions ended. They set it up again "
                      "after their next log-in (or at once, where the unit requires it).")
            elif args.officers_command == "woman":
                officer = _named(session, args.username)
                _mark_woman(session, officer, not args.off, now)
                print(f"{officer.username}: " + ("marked as a woman officer (need-to-know cases, where the unit "
                                                 "allows)" if officer.woman else "not marked as a woman officer"))
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
    add.add_argument("--woman", action="store_true", help="a woman officer (need-to-know cases, where allowed)")
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
    totp = commands.add_parser("reset-2fa", help="clear an officer's two-factor log-in (lost phone); audited")
    totp.add_argument("username")
    woman = commands.add_parser("woman", help="mark an officer as a woman officer (console.need_to_know)")
    woman.add_argument("username")
    woman.add_argument("--off", action="store_true", help="remove the mark")
    for command in commands.choices.values():
        add_db_option(command)
        command.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
        command.set_defaults(func=cmd_officers)
