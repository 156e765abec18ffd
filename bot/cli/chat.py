"""``python -m bot chat [--json] [--user ID] [--db URL]``: talk to the helpline as a resident, in this terminal."""
from __future__ import annotations

import json
import sys
from datetime import datetime, timezone
from pathlib import Path

from .db import add_db_option, open_engine

LOCAL_USER = "local-resident"
LOCAL_PHONE = "+919000000001"  # the terminal's resident's number, as WhatsApp gives one: "SAME" reuses it (session 14)


def local_phone(args) -> str | None:
    """The number the terminal chat writes from: --phone, else --user when it is a number, else LOCAL_PHONE;
    --phone none for a chat with no number (as the web chat: "SAME" is then answered that no number is seen)."""
    from ..e164 import e164

    if args.phone is not None:
        return None if args.phone.lower() == "none" else e164(args.phone) or args.phone
    return e164(args.user) or LOCAL_PHONE


def _media_from_line(line: str):
    """The local chat may pass a file path (or '/attach PATH') as a screenshot."""
    from ..store.evidence import content_type_for
    from ..messages import Media

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
    from ..messages import Inbound

    engine = open_engine(args)
    phone = local_phone(args)
    interactive = sys.stdin.isatty() and not args.json
    if interactive:
        print("Cyber Sahayak local chat. Type as a resident would; Ctrl-D to quit.\n")
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
        media = _media_from_line(line)
        inbound = Inbound(channel="local", sender=args.user, text="" if media else line,
                          media=(media,) if media else (), received_at=datetime.now(timezone.utc), phone=phone)
        outcome = engine.handle(inbound)
        if args.json:
            print(json.dumps(outcome.as_json(line), ensure_ascii=False, default=str), flush=True)
        else:
            for reply in outcome.replies:
                print("bot> " + reply.text.replace("\n", "\n     "))
            if outcome.case and interactive:
                print(f"     [case {outcome.case['id']}, {outcome.case['priority']}]")
            print(flush=True)


def add_parser(sub) -> None:
    chat = sub.add_parser("chat", help="talk to the helpline as a resident, in this terminal")
    chat.add_argument("--json", action="store_true", help="one JSON object per input line")
    chat.add_argument("--user", default=LOCAL_USER, help="the sender id (default: %(default)s)")
    chat.add_argument("--phone", default=None, help=f"the resident's number, reused by SAME (default: --user when it "
                                                    f"is a number, else {LOCAL_PHONE}; 'none': no number, as the web chat)")
    add_db_option(chat)
    chat.set_defaults(func=cmd_chat)
