"""The command line: chat, classify, cases, db upgrade.

    python -m bot chat [--json] [--user ID] [--db URL]
    python -m bot classify [TEXT]
    python -m bot cases [--all] [--db URL]
    python -m bot db upgrade [--db URL]
"""
from __future__ import annotations

import argparse
import json
import logging
import sys
from datetime import datetime, timezone
from pathlib import Path

from .datafile import DataError

LOCAL_USER = "local-resident"


def _engine(args, migrate: bool = True):
    from .engine import Engine

    return Engine.from_config(database_url=args.db, migrate=migrate)


def _media_from_line(line: str):
    """The local chat may pass a file path (or '/attach PATH') as a screenshot."""
    from .evidence import content_type_for
    from .messages import Media

    candidate = line.strip()
    if candidate.lower().startswith("/attach "):
        candidate = candidate[8:].strip()
    elif not candidate.startswith(("/", "~", ".")):
        return None
    path = Path(candidate).expanduser()
    try:
        if not path.is_file():
            return None
        data = path.read_bytes()
    except OSError:
        return None
    return Media(content_type=content_type_for(path), data=data, filename=path.name)


def cmd_chat(args) -> int:
    from .messages import Inbound

    engine = _engine(args)
    interactive = sys.stdin.isatty() and not args.json
    if interactive:
        print("Cyber Sahayak local chat. Type as a resident would; Ctrl-D to quit.\n")
    counter = 0
    while True:
        if interactive:
            try:
                line = input("you> ")
            except EOFError:
                print()
                return 0
        else:
            line = sys.stdin.readline()
            if not line:
                return 0
            line = line.rstrip("\n")
        counter += 1
        media = _media_from_line(line)
        inbound = Inbound(channel="local", sender=args.user, text="" if media else line,
                          media=(media,) if media else (), received_at=datetime.now(timezone.utc))
        outcome = engine.handle(inbound)
        if args.json:
            print(json.dumps(outcome.as_json(line), ensure_ascii=False, default=str), flush=True)
        else:
            for reply in outcome.replies:
                print("bot> " + reply.text.replace("\n", "\n     "))
            if outcome.case and interactive:
                print(f"     [case {outcome.case['id']}, {outcome.case['priority']}]")
            print(flush=True)


def cmd_classify(args) -> int:
    from .config import load_config
    from .engine import load_resources

    resources = load_resources(load_config())
    now = datetime.now(timezone.utc)
    lines = [args.text] if args.text is not None else (line.rstrip("\n") for line in sys.stdin)
    for text in lines:
        result = resources.classifier.classify(text, now)
        print(json.dumps(result.as_json(), ensure_ascii=False), flush=True)
    return 0


def cmd_cases(args) -> int:
    from . import cases
    from .privacy import mask

    engine = _engine(args)
    tz = engine.config.tz
    with engine.Session() as session:
        rows = cases.queue(session, include_closed=args.all)
        if not rows:
            print("No open cases.")
            return 0
        print(f"{'case':>5}  {'priority':8}  {'status':8}  {'reference':16}  {'category':18}  {'amount':>10}  "
              f"{'opened':16}  resident")
        for case in rows:
            incident = case.incident
            amount = f"₹{int(incident.amount):,}" if incident and incident.amount is not None else "-"
            print(f"{case.id:>5}  {case.priority:8}  {case.status:8}  {incident.reference if incident else '-':16}  "
                  f"{incident.category if incident else case.reason:18}  {amount:>10}  "
                  f"{case.created_at.astimezone(tz).strftime('%Y-%m-%d %H:%M'):16}  "
                  f"{case.contact.channel}:{mask(case.contact.sender)}")
    return 0


def cmd_db(args) -> int:
    from .config import load_config
    from .db import make_engine, upgrade

    url = args.db or load_config().database_url()
    upgrade(make_engine(url))
    print("Database is at the latest schema.")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description="Cyber Sahayak helpline")
    sub = parser.add_subparsers(dest="command", required=True)

    chat = sub.add_parser("chat", help="talk to the helpline as a resident, in this terminal")
    chat.add_argument("--json", action="store_true", help="one JSON object per input line")
    chat.add_argument("--user", default=LOCAL_USER, help="the sender id (default: %(default)s)")
    chat.add_argument("--db", help="database URL (default: DATABASE_URL or the embedded SQLite file)")
    chat.set_defaults(func=cmd_chat)

    classify = sub.add_parser("classify", help="how a message is understood, as JSON")
    classify.add_argument("text", nargs="?", help="the message; without it, one message per stdin line")
    classify.set_defaults(func=cmd_classify)

    cases = sub.add_parser("cases", help="the officer queue, urgent first")
    cases.add_argument("--all", action="store_true", help="include closed cases")
    cases.add_argument("--db", help="database URL")
    cases.set_defaults(func=cmd_cases)

    db = sub.add_parser("db", help="database maintenance")
    db_sub = db.add_subparsers(dest="db_command", required=True)
    up = db_sub.add_parser("upgrade", help="apply migrations")
    up.add_argument("--db", help="database URL")
    up.set_defaults(func=cmd_db)
    return parser


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except DataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
