"""``python -m bot telegram set-webhook | poll [--db URL]``: register the Telegram webhook, or long-poll instead."""
from __future__ import annotations

import argparse
import logging
import sys

from .db import add_db_option, open_runtime


def cmd_telegram(args) -> int:
    from ..channels import telegram

    runtime = open_runtime(args)
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


def add_parser(sub) -> None:
    tg = sub.add_parser("telegram", help="Telegram: register the webhook, or long-poll instead")
    tg_sub = tg.add_subparsers(dest="telegram_command", required=True)
    hook = tg_sub.add_parser("set-webhook", help="register PUBLIC_BASE_URL/webhooks/telegram with the secret token")
    add_db_option(hook)
    hook.set_defaults(func=cmd_telegram)
    poll = tg_sub.add_parser("poll", help="long polling (getUpdates): for a unit without a public HTTPS address")
    add_db_option(poll)
    poll.add_argument("--cycles", type=int, help=argparse.SUPPRESS)
    poll.set_defaults(func=cmd_telegram)
