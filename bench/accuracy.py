"""Intent accuracy per intent, the confusion pairs, and missed urgent messages on tests/data/labelled_messages.yaml.

    python bench/accuracy.py            # a table; see bench/README.md for the last figures
    python bench/accuracy.py --heldout  # the same on the second set, never looked at while tuning
"""
from __future__ import annotations

import sys
from collections import Counter, defaultdict
from datetime import datetime, timezone
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.engine import load_resources  # noqa: E402

LABELLED = ROOT / "tests" / "data" / "labelled_messages.yaml"
HELDOUT = ROOT / "tests" / "data" / "heldout_messages.yaml"  # written later, never used for tuning
NOW = datetime(2026, 11, 27, 4, 30, tzinfo=timezone.utc)


def evaluate(classifier, items) -> dict:
    per_intent: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    confusion: Counter = Counter()
    missed_urgent, false_urgent, wrong = [], [], []
    for item in items:
        result = classifier.classify(item["text"], NOW)
        ok = result.intent == item["intent"]
        per_intent[item["intent"]][0] += ok
        per_intent[item["intent"]][1] += 1
        if not ok:
            confusion[(item["intent"], result.intent)] += 1
            wrong.append((item["text"], item["intent"], result.intent, result.score))
        if item["urgent"] and not result.urgent:
            missed_urgent.append(item["text"])
        if result.urgent and not item["urgent"]:
            false_urgent.append(item["text"])
    correct = sum(c for c, _n in per_intent.values())
    return {"accuracy": correct / len(items), "per_intent": dict(per_intent), "confusion": confusion,
            "missed_urgent": missed_urgent, "false_urgent": false_urgent, "wrong": wrong, "total": len(items)}


def main() -> None:
    classifier = load_resources().classifier
    path = HELDOUT if "--heldout" in sys.argv else LABELLED
    items = yaml.safe_load(path.read_text(encoding="utf-8"))
    report = evaluate(classifier, items)
    print(f"{path.name}: accuracy {report['accuracy']:.1%} on {report['total']} messages")
    print(f"{'intent':20} {'correct':>8} {'total':>6} {'accuracy':>9}")
    for intent, (correct, total) in sorted(report["per_intent"].items()):
        print(f"{intent:20} {correct:>8} {total:>6} {correct / total:>9.1%}")
    print("\nconfusion pairs (expected -> got: count)")
    for (expected, got), count in report["confusion"].most_common(15):
        print(f"  {expected} -> {got}: {count}")
    print(f"\nurgent missed: {len(report['missed_urgent'])}; non-urgent flagged urgent: {len(report['false_urgent'])}")
    for text in report["missed_urgent"]:
        print(f"  missed: {text}")
    if "-v" in sys.argv:
        for text in report["false_urgent"]:
            print(f"  false urgent: {text}")
        for text, expected, got, score in report["wrong"]:
            print(f"  wrong: {expected} -> {got} ({score}): {text}")


if __name__ == "__main__":
    main()
