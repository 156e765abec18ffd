"""``python -m bot classify [TEXT]``: how a message is understood, as JSON (one message per stdin line without TEXT)."""
from __future__ import annotations

import json
import sys
from datetime import datetime, timezone


def cmd_classify(args) -> int:
    from ..config import load_config
    from ..conversation.engine import load_resources

    resources = load_resources(load_config())
    now = datetime.now(timezone.utc)
    lines = [args.text] if args.text is not None else (line.rstrip("\n") for line in sys.stdin)
    for text in lines:
        result = resources.classifier.classify(text, now)
        print(json.dumps(result.as_json(), ensure_ascii=False), flush=True)
    return 0


def add_parser(sub) -> None:
    classify = sub.add_parser("classify", help="how a message is understood, as JSON")
    classify.add_argument("text", nargs="?", help="the message; without it, one message per stdin line")
    classify.set_defaults(func=cmd_classify)
