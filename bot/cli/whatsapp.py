"""``python -m bot whatsapp sync-content [--db URL]``: the WhatsApp buttons and lists (Twilio Content API)."""
from __future__ import annotations

import sys

from .db import add_db_option, open_runtime


def cmd_whatsapp(args) -> int:
    """Create the WhatsApp buttons and lists (Twilio Content API) of every question, once per language."""
    from twilio.base.exceptions import TwilioRestException

    from ..channels import interactive

    runtime = open_runtime(args)
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


def add_parser(sub) -> None:
    wa = sub.add_parser("whatsapp", help="WhatsApp: create the tap-able buttons and lists (Twilio Content API)")
    wa_sub = wa.add_subparsers(dest="whatsapp_command", required=True)
    sync = wa_sub.add_parser("sync-content", help="create or refresh the content of every menu and choice question")
    add_db_option(sync)
    sync.set_defaults(func=cmd_whatsapp)
