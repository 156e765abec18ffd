"""``python -m bot classify [TEXT]``: how a message is understood, as JSON (one message per stdin line without TEXT)."""
from __future__ import annotations

import json
import sys
from datetime import datetime, timezone


def cmd_classify(args) -> int:
    from ..config import load_config
    from ..conversation.engine import load_resources

    resources = load_resources(load_config())
    now = args.at or datetime.now(timezone.utc)
    lines = [args.text] if args.text is not None else (line.rstrip("\n") for line in sys.stdin)
    for text in lines:
        result = resources.classifier.classify(text, now)
        print(json.dumps(result.as_json(), ensure_ascii=False), flush=True)
    return 0


def add_parser(sub) -> None:
    classify = sub.add_parser("classify", help="how a message is understood, as JSON")
    classify.add_argument("text", nargs="?", help="the message; without it, one message per stdin line")
    classify.add_argument("--at", type=_moment, metavar="TIME",
                          help="read the message as if sent at TIME (ISO 8601 with its offset, e.g. "
                               "2026-06-01T12:00+05:30): 'kal raat' at 00:30 is another age than at noon")
    classify.set_defaults(func=cmd_classify)


def _moment(value: str) -> datetime:
    """An ISO 8601 moment with its UTC offset; argparse names the option when it is not one."""
    at = datetime.fromisoformat(value)
    if at.tzinfo is None:
        raise ValueError(value)
    return at
