"""The command line: chat, classify, cases, db upgrade.

    python -m bot chat [--json] [--user ID] [--db URL]
    python -m bot classify [TEXT]
    python -m bot cases [--all] [--db URL]
    python -m bot db upgrade [--db URL]
    python -m bot scheduler [--db URL]
    python -m bot telegram set-webhook | poll [--db URL]
    python -m bot whatsapp sync-content [--db URL]
    python -m bot outbox [--db URL]
    python -m bot numbers import FILE [--apply] | export [--since DATE] [--blocking-list] [--out FILE]
    python -m bot households import FILE [--apply] [--actor USERNAME] [--no-welcome] | list
    python -m bot doctor | backup | restore FILE | legal-hold CASE | retention   (bot/cli/ops.py)
"""
from __future__ import annotations

import argparse
import json
import logging
import sys
from datetime import datetime, timezone
from pathlib import Path

from .cli.db import add_db_option
from .content.datafile import DataError

LOCAL_USER = "local-resident"


def _engine(args, migrate: bool = True):
    from .cli.db import open_engine

    return open_engine(args, migrate=migrate)


def _media_from_line(line: str):
    """The local chat may pass a file path (or '/attach PATH') as a screenshot."""
    from .store.evidence import content_type_for
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
    from .conversation.engine import load_resources

    resources = load_resources(load_config())
    now = datetime.now(timezone.utc)
    lines = [args.text] if args.text is not None else (line.rstrip("\n") for line in sys.stdin)
    for text in lines:
        result = resources.classifier.classify(text, now)
        print(json.dumps(result.as_json(), ensure_ascii=False), flush=True)
    return 0


def cmd_cases(args) -> int:
    from .cases import cases
    from . import formats
    from .privacy import mask

    engine = _engine(args)
    tz = engine.config.tz
    with engine.Session() as session:
        rows = cases.queue(session, include_closed=args.all)
        if not rows:
            print("No open cases.")
            return 0
        print(f"{'case':>5}  {'priority':8}  {'status':8}  {'reference':16}  {'category':18}  {'amount':>10}  "
              f"{'opened':20}  resident")
        for case in rows:
            incident = case.incident
            amount = formats.amount(incident.amount, missing="-") if incident else "-"
            print(f"{case.id:>5}  {case.priority:8}  {case.status:8}  {incident.reference if incident else '-':16}  "
                  f"{incident.category if incident else case.reason:18}  {amount:>10}  "
                  f"{formats.local_time(case.created_at, tz, '%Y-%m-%d %H:%M'):20}  "
                  f"{case.contact.channel}:{mask(case.contact.sender)}"
                  + (f"  ({incident.fields['report_state']})" if incident and incident.fields.get("report_state") else ""))
    return 0


def cmd_db(args) -> int:
    from .cli.db import open_db

    open_db(args).close()  # brought to the latest migration on opening
    print("Database is at the latest schema.")
    return 0


def _runtime(args):
    import os

    from .channels.runtime import Runtime
    from .channels.settings import ChannelSettings

    return Runtime(_engine(args), ChannelSettings.from_env(os.environ))


def cmd_scheduler(args) -> int:
    from . import scheduler

    logging.getLogger("bot").setLevel(logging.INFO)
    runtime = _runtime(args)
    runtime.log_channels()
    scheduler.run(runtime)
    return 0


def cmd_telegram(args) -> int:
    from .channels import telegram

    runtime = _runtime(args)
    if not runtime.settings.telegram_bot_token:
        print("error: set TELEGRAM_BOT_TOKEN first", file=sys.stderr)
        return 2
    if args.telegram_command == "set-webhook":
        try:
            url = telegram.set_webhook(runtime)
            station_urls = telegram.set_station_webhooks(runtime)  # police stations' own bots
        except ValueError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        for url in [url, *station_urls]:
            print(f"Telegram will post updates to {url} (with the secret token).")
        return 0
    logging.getLogger("bot").setLevel(logging.INFO)
    print("Long polling Telegram (the webhook is removed while this runs); Ctrl-C to stop.", flush=True)
    telegram.poll(runtime, max_cycles=args.cycles)
    return 0


def cmd_whatsapp(args) -> int:
    """Create the WhatsApp buttons and lists (Twilio Content API) of every question, once per language."""
    from twilio.base.exceptions import TwilioRestException

    from .channels import interactive

    runtime = _runtime(args)
    if not runtime.settings.whatsapp_on:
        print("error: set TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_WHATSAPP_FROM first", file=sys.stderr)
        return 2
    found = interactive.current_plan(runtime)
    try:
        with runtime.engine.Session.begin() as session:
            report = interactive.sync(session, runtime.twilio_client(), found, runtime.now())
    except TwilioRestException as exc:
        print(f"error: Twilio refused a content ({exc.status} {exc.code}): {exc.msg}", file=sys.stderr)
        return 1
    for name in report.created:
        print(f"created   {name}")
    for name in report.refreshed:
        print(f"refreshed {name} (its texts changed)")
    for question, why in sorted(report.numbered.items()):
        print(f"numbered  {question}: {why}")
    print(f"{len(report.created)} created, {len(report.refreshed)} refreshed, {report.unchanged} unchanged, "
          f"{len(report.numbered)} questions stay numbered text.")
    return 0


# what each status means to the one reading `python -m bot outbox`
OUTBOX_LABELS = {"pending": "waiting", "sending": "sending now", "failed": "failed",
                 "undelivered": "undelivered", "unconfirmed": "unconfirmed (may have arrived; delivery not known)"}


def cmd_outbox(args) -> int:
    """The outbox for an operator: the messages waiting to be sent (counted and listed), then those that failed, were
    not delivered or are unconfirmed (counted and listed, each labelled), numbers masked."""
    from .store import outbox

    engine = _engine(args)
    with engine.Session() as session:
        waiting, waiting_rows = outbox.pending_count(session), outbox.waiting(session, limit=args.limit)
        problems, problem_rows = outbox.problem_count(session), outbox.problems(session, limit=args.limit)
    print(f"{waiting} message(s) waiting to be sent" + (":" if waiting else "."))
    _outbox_rows(waiting_rows, waiting, engine.config.tz)
    if not problems:
        print("No failed, undelivered or unconfirmed messages.")
        return 0
    print(f"{problems} message(s) failed, undelivered or unconfirmed:")
    _outbox_rows(problem_rows, problems, engine.config.tz)
    return 0


def _outbox_rows(rows, total: int, tz) -> None:
    from .privacy import mask

    if not rows:
        return
    print(f"{'id':>6}  {'channel':9}  {'status':11}  {'tries':>5}  {'updated':16}  {'to':16}  error")
    for row in rows:
        print(f"{row.id:>6}  {row.channel:9}  {OUTBOX_LABELS.get(row.status, row.status):11}  {row.attempts:>5}  "
              f"{row.updated_at.astimezone(tz).strftime('%Y-%m-%d %H:%M'):16}  {mask(row.recipient):16}  "
              f"{row.error or ''}")
    if total > len(rows):
        print(f"... and {total - len(rows)} more (--limit)")


def add_numbers_parser(sub) -> None:
    """python -m bot numbers import FILE [--apply] | export [--since DATE] [--status S] [--blocking-list]"""

    def run_import(args):
        from .cli.numbers import cli_import
        return cli_import(args)

    def run_export(args):
        from .cli.numbers import cli_export
        return cli_export(args)

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
    imp.set_defaults(func=run_import)
    exp = numbers_sub.add_parser("export", help="export identifiers as CSV, or the phone list for blocking")
    exp.add_argument("--since", help="only identifiers reported or given a status on or after DATE (YYYY-MM-DD)")
    exp.add_argument("--status", action="append", help="only this status (repeatable)")
    exp.add_argument("--kind", action="append", help="only this kind (repeatable)")
    exp.add_argument("--blocking-list", action="store_true",
                     help="phone numbers for blocking, one E.164 a line (default status: verified_scam)")
    exp.add_argument("--digits", action="store_true", help="with --blocking-list: header mobile_number, no +")
    exp.add_argument("--out", help="write to this file (default: standard output)")
    add_db_option(exp)
    exp.set_defaults(func=run_export)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description="Cyber Sahayak helpline")
    sub = parser.add_subparsers(dest="command", required=True)

    chat = sub.add_parser("chat", help="talk to the helpline as a resident, in this terminal")
    chat.add_argument("--json", action="store_true", help="one JSON object per input line")
    chat.add_argument("--user", default=LOCAL_USER, help="the sender id (default: %(default)s)")
    add_db_option(chat)
    chat.set_defaults(func=cmd_chat)

    classify = sub.add_parser("classify", help="how a message is understood, as JSON")
    classify.add_argument("text", nargs="?", help="the message; without it, one message per stdin line")
    classify.set_defaults(func=cmd_classify)

    cases = sub.add_parser("cases", help="the officer queue, urgent first")
    cases.add_argument("--all", action="store_true", help="include closed cases")
    add_db_option(cases)
    cases.set_defaults(func=cmd_cases)

    db = sub.add_parser("db", help="database maintenance")
    db_sub = db.add_subparsers(dest="db_command", required=True)
    up = db_sub.add_parser("upgrade", help="apply migrations")
    add_db_option(up)
    up.set_defaults(func=cmd_db)

    sched = sub.add_parser("scheduler", help="run background jobs: outbox retries (one process)")
    add_db_option(sched)
    sched.set_defaults(func=cmd_scheduler)

    tg = sub.add_parser("telegram", help="Telegram: register the webhook, or long-poll instead")
    tg_sub = tg.add_subparsers(dest="telegram_command", required=True)
    hook = tg_sub.add_parser("set-webhook", help="register PUBLIC_BASE_URL/webhooks/telegram with the secret token")
    add_db_option(hook)
    hook.set_defaults(func=cmd_telegram)
    poll = tg_sub.add_parser("poll", help="long polling (getUpdates): for a unit without a public HTTPS address")
    add_db_option(poll)
    poll.add_argument("--cycles", type=int, help=argparse.SUPPRESS)
    poll.set_defaults(func=cmd_telegram)

    wa = sub.add_parser("whatsapp", help="WhatsApp: create the tap-able buttons and lists (Twilio Content API)")
    wa_sub = wa.add_subparsers(dest="whatsapp_command", required=True)
    sync = wa_sub.add_parser("sync-content", help="create or refresh the content of every menu and choice question")
    add_db_option(sync)
    sync.set_defaults(func=cmd_whatsapp)

    ob = sub.add_parser("outbox", help="messages waiting, failed or with unknown delivery")
    add_db_option(ob)
    ob.add_argument("--limit", type=int, default=50)
    ob.set_defaults(func=cmd_outbox)

    from .cli.officers import add_parser as add_officers_parser
    add_officers_parser(sub)
    from .cli.households import add_parser as add_households_parser  # README.md, "Elderly residents"
    add_households_parser(sub)
    add_numbers_parser(sub)
    from .cli.ops import add_parser as add_ops_parser  # doctor, backup, restore, legal-hold, retention
    add_ops_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    from .logs import setup

    setup()
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
