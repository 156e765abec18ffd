"""Figures for the blind triage set: python bench/triage_set.py [-v]

Runs tests/data/triage_messages.yaml through Engine.handle on a fresh SQLite database (one new resident per
message) and prints, per class, how many messages meet the rule tests/test_triage_set.py holds.
"""
from __future__ import annotations

import collections
import dataclasses
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from bot.config import load_config  # noqa: E402
from bot.store.db import make_engine, make_sessionmaker, upgrade  # noqa: E402
from bot.conversation.engine import Engine, load_resources  # noqa: E402
from test_triage_set import judge, load  # noqa: E402


def main() -> int:
    data = tempfile.mkdtemp()
    resources = load_resources(load_config())
    config = resources.config.model_copy(update={"data_dir": data})
    resources = dataclasses.replace(resources, config=config)
    db = make_engine(f"sqlite:///{data}/triage.sqlite3")
    upgrade(db)
    failures = judge(Engine(resources, make_sessionmaker(db)))
    counts = collections.Counter()
    for entry in load():
        for label in [entry["triage"], *(entry.get("also") or [])]:
            counts[label] += 1
    total = sum(counts.values())
    failed = sum(len(v) for v in failures.values())
    for label in ("urgent_money", "danger", "live_call", "no_loss", "old_loss", "none"):
        wrong = len(failures.get(label, []))
        print(f"{label:13} {counts[label] - wrong:3}/{counts[label]:3} right")
        if "-v" in sys.argv:
            for text, why in failures.get(label, []):
                print(f"    {why}: {text}")
    print(f"{'all':13} {total - failed:3}/{total:3} right ({100 * (total - failed) / total:.1f}%)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
