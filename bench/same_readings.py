"""Proof that a speed change changed no reading: every text's ``Classifier.classify`` and ``triage.read`` dumped,
and the trained model's own probabilities (``LinearModel.predict``, every intent and topic, all digits).

    python bench/same_readings.py dump OUT.txt      # one line a text, clock and reader
    python bench/same_readings.py compare A.txt B.txt

The texts: every used blind set (intents/training/used_sets.yaml), the labelled, held-out and triage sets, the
transcripts' lines, every training example (intents and topics) and a few edge texts, each read at two clocks (a
morning and an evening, India time) by the approach in use, and by ``triage.read`` with and without the entities'
reading; the model's probabilities once a text (they do not depend on the clock). Run ``dump`` before and after a
change in the same tree (other branches change the data meanwhile) and
``compare``: any differing line is printed.
"""
from __future__ import annotations

import sys
from datetime import datetime, timezone
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.conversation.engine import load_resources  # noqa: E402
from bot.nlu import triage  # noqa: E402
from bot.nlu.entities import reading as facts  # noqa: E402
from bot.nlu.train import collect, used_sets  # noqa: E402

DATA = ROOT / "tests" / "data"
CLOCKS = (datetime(2026, 11, 27, 4, 30, tzinfo=timezone.utc), datetime(2026, 11, 27, 17, 45, tzinfo=timezone.utc))
EDGE = ["", " ", "?", "1", "9876543210", "Rs 5,000 at 10:30 pm", "kal subah 9 baje", "2 ghante pehle 50000 gaye",
        "last monday", "परसों शाम ५ बजे", "গতকাল রাতে", "کل رات", "CS-261127-7KQ3", "http://x.y", "a@b.c upi@ybl"]


def texts() -> list[str]:
    sets = used_sets(ROOT)
    paths = [ROOT / p for p in (*sets.first_messages, *sets.safety_questions)]
    paths += [DATA / "labelled_messages.yaml", DATA / "heldout_messages.yaml", DATA / "triage_messages.yaml"]
    found: list[str] = []
    for path in paths:
        found += [item["text"] for item in yaml.safe_load(path.read_text(encoding="utf-8")) or []]
    for talk in yaml.safe_load((DATA / "transcripts" / "conversations.yaml").read_text(encoding="utf-8")):
        found += [line for line in talk.get("lines", []) if isinstance(line, str)]
    intents, topics = collect()
    found += [*intents.texts, *topics.texts, *EDGE]
    return list(dict.fromkeys(found))


def dump(out: Path) -> None:
    resources = load_resources()
    classifier = resources.classifier
    golden = int(classifier.golden.total_seconds() // 60)
    lines = [f"model {text!r}: {classifier.model.predict(text)!r}" for text in texts()]
    for now in CLOCKS:
        for text in texts():
            reading = facts.read(text, now, classifier.timezone)
            lines.append(f"{now:%H%M} classify {text!r}: {classifier.classify(text, now)!r}")
            lines.append(f"{now:%H%M} triage+ {text!r}: {triage.read(text, now, classifier.timezone, golden, reading)!r}")
            lines.append(f"{now:%H%M} triage {text!r}: {triage.read(text, now, classifier.timezone, golden)!r}")
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines):,} readings of {len(texts()):,} texts at {len(CLOCKS)} clocks (and the model's) -> {out}")


def compare(a: Path, b: Path) -> int:
    left, right = a.read_text(encoding="utf-8").splitlines(), b.read_text(encoding="utf-8").splitlines()
    if len(left) != len(right):
        print(f"{a}: {len(left):,} lines, {b}: {len(right):,} lines")
        return 1
    differ = [(x, y) for x, y in zip(left, right) if x != y]
    for x, y in differ[:20]:
        print(f"- {x}\n+ {y}")
    print(f"{len(left):,} readings, {len(differ):,} differ")
    return 1 if differ else 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "dump":
        dump(Path(sys.argv[2]))
    elif len(sys.argv) == 4 and sys.argv[1] == "compare":
        sys.exit(compare(Path(sys.argv[2]), Path(sys.argv[3])))
    else:
        sys.exit(__doc__)
