"""The command line, `python -m bot <command>`: this file only builds the parser and runs the command; each
command lives in bot/cli/, one module a job (its `add_parser` and its handler):

    python -m bot chat [--json] [--user ID] [--db URL]                         cli/chat.py
    python -m bot classify [TEXT]                                             cli/classify.py
    python -m bot cases [--all] [--db URL]                                    cli/cases.py
    python -m bot db upgrade [--db URL]                                       cli/db.py
    python -m bot scheduler [--db URL]                                        cli/scheduler.py
    python -m bot telegram set-webhook | poll [--db URL]                      cli/telegram.py
    python -m bot whatsapp sync-content [--db URL]                            cli/whatsapp.py
    python -m bot outbox [--db URL]                                           cli/outbox.py
    python -m bot officers add | list | disable | ...                         cli/officers.py
    python -m bot households import FILE [--apply] [--actor USERNAME] [--no-welcome] | list   cli/households.py
    python -m bot numbers import FILE [--apply] | export [--since DATE] [--blocking-list] [--out FILE]   cli/numbers.py
    python -m bot doctor | backup | restore FILE | legal-hold CASE | retention   cli/ops.py
"""
from __future__ import annotations

import argparse
import sys

from .cli import cases, chat, classify, db, households, numbers, officers, ops, outbox, scheduler, telegram, whatsapp
from .content.datafile import DataError

# in the order `python -m bot --help` lists them
COMMANDS = (chat, classify, cases, db, scheduler, telegram, whatsapp, outbox, officers, households, numbers, ops)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description="Cyber Sahayak helpline")
    sub = parser.add_subparsers(dest="command", required=True)
    for command in COMMANDS:
        command.add_parser(sub)
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
