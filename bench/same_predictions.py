"""Every used set classified, to compare two trees or two model layouts (issue 17: a worker's memory).

    python bench/same_predictions.py OUT.json [--root TREE]   # writes one line a text
    python bench/same_predictions.py --compare A.json B.json  # exit 1 when any reading differs

Texts: the labelled and held-out sets, every set named in intents/training/used_sets.yaml (first messages and
safety questions). A line holds the text's whole classification (intent, score, urgent, language, topics, clarify,
question, loss_read, offer, happened, entities) and the model's raw probabilities as their float32 bytes (hex), so
"identical" means bit for bit, not rounded. A change that only makes the model smaller in memory must leave every
line as it was (bench/README.md, session 13)."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def dump(root: Path, out: Path) -> int:
    sys.path[:0] = [str(root), str(root / "bench")]
    import numpy as np

    import accuracy as A
    from bot.nlu.train import used_sets

    res = A.load_resources()
    classifier = res.classifier
    sets = used_sets(root)
    paths = [A.LABELLED, A.HELDOUT, *(root / n for n in sets.first_messages), *(root / n for n in sets.safety_questions)]
    model = getattr(classifier, "model", None) or getattr(classifier, "_model", None)
    count = 0
    with out.open("w") as handle:
        for path in paths:
            for item in A.load(path):
                text = item["text"]
                result = classifier.classify(text, A.NOW, classifier.approach).as_json()
                line = {"set": path.name, "text": text, "classification": result}
                if model is not None:
                    intents, topics = model.predict(text)
                    line["probabilities"] = [np.asarray(list(p.values()), dtype=np.float32).tobytes().hex()
                                             for p in (intents, topics)]
                handle.write(json.dumps(line, ensure_ascii=False, sort_keys=True, default=str) + "\n")
                count += 1
    return count


def compare(a: Path, b: Path) -> int:
    left, right = a.read_text().splitlines(), b.read_text().splitlines()
    differ = [(x, y) for x, y in zip(left, right) if x != y]
    print(f"{len(left)} and {len(right)} texts; {len(differ)} differ")
    for x, _y in differ[:10]:
        print("  ", json.loads(x)["text"])
    return 1 if differ or len(left) != len(right) else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", nargs="?")
    parser.add_argument("--root", default=str(Path(__file__).resolve().parent.parent))
    parser.add_argument("--compare", nargs=2, metavar=("A", "B"))
    args = parser.parse_args()
    if args.compare:
        raise SystemExit(compare(Path(args.compare[0]), Path(args.compare[1])))
    print(dump(Path(args.root).resolve(), Path(args.out)), "texts written to", args.out)


if __name__ == "__main__":
    main()
