"""Would a learned urgency score, OR-ed onto the rules, catch urgent messages they miss? (session 14, a measure only)

    python bench/urgency_cv.py [C]     # leave one round of used blind first-message sets out; C: regularisation (20)

For each round of used blind first-message sets (the sets first run together: one set of writers, grouped by the
"first run" time in intents/training/used_sets.yaml), a binary logistic regression on the `urgent` labels of all
other used first-message sets, over the features `bot/nlu/linear.py` reads and the vocabulary `bot/nlu/train.py`
would build without that round (words, and n-grams seen twice elsewhere), weights rounded to float16 as shipped.
Then, per round: urgent missed and non-urgent flagged by the rules alone (the shipped classifier's ``urgent``) and by
the rules OR the score >= t at several thresholds. The rules and the intent model have seen every used set (their
loss read included), so the rules' misses here are in-sample: few and hard; see bench/README.md, session 14.
Minutes: every used first message classified once, then one fit a round (45 s each on a loaded 2-core machine, 2026-12-01).
"""
from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import accuracy as A  # noqa: E402
from bot.nlu import train as T  # noqa: E402
from bot.nlu.linear import features  # noqa: E402

THRESHOLDS = (0.5, 0.7, 0.8, 0.9, 0.95, 0.98)


def rounds(names: list[str]) -> dict[str, list[str]]:
    """The used first-message sets by round: the sets whose used_sets.yaml comment gives the same first-run time."""
    groups: dict[str, list[str]] = {}
    for line in (ROOT / "intents" / "training" / T.USED_SETS_FILE).read_text(encoding="utf-8").splitlines():
        m = re.match(r"\s+- (\S+)(?:\s+#.*?first run (\d{4}-\d\d-\d\d \d\d:\d\d))?", line)
        if m and m.group(1) in names:
            groups.setdefault(m.group(2) or m.group(1), []).append(m.group(1))
    return groups


def main(argv: list[str]) -> None:
    from sklearn.linear_model import LogisticRegression
    from threadpoolctl import threadpool_limits

    C = float(argv[0]) if argv else 20.0
    clf = A.load_resources().classifier
    names = T.used_sets(ROOT).first_messages
    data = {}  # set -> [(urgent label, rules' urgent)]
    texts = {}
    for name in names:
        items = A.load(ROOT / name)
        data[name] = [(bool(i.get("urgent")), bool(clf.classify(i["text"], A.NOW).urgent)) for i in items]
        texts[name] = [i["text"] for i in items]
    intents, topics = T.collect(ROOT)
    seen: Counter = Counter()
    for text in intents.texts + topics.texts:
        seen.update(set(features(text)))
    probs = {}
    for key, held in rounds(names).items():
        out = Counter()
        for name in held:
            for text in texts[name]:
                out.update(set(features(text)))
        vocabulary = sorted(f for f, n in seen.items() if f.startswith("w:") or n - out.get(f, 0) >= 2)
        index = {f: i for i, f in enumerate(vocabulary)}
        rest = [n for n in names if n not in held]
        X = T._matrix([t for n in rest for t in texts[n]], index)  # as the model is trained
        y = np.array([u for n in rest for u, _ in data[n]])
        model = LogisticRegression(C=C, max_iter=3000)
        with threadpool_limits(limits=1):
            model.fit(X, y)
        w = model.coef_.ravel().astype(np.float16).astype(np.float32)
        for name in held:
            probs[name] = 1 / (1 + np.exp(-(T._matrix(texts[name], index) @ w + float(model.intercept_[0]))))
    print(f"{'left out (round by round)':36} {'msgs':>5} {'urgent':>6} {'rules':>8} | "
          + " | ".join(f"{'>= ' + str(t):>8}" for t in THRESHOLDS) + "   (missed/flagged)")
    total = {"n": 0, "u": 0, "rules": [0, 0], **{t: [0, 0] for t in THRESHOLDS}}

    def count(rows, urgent):
        return sum(u and not g for (u, _), g in zip(rows, urgent)), sum(g and not u for (u, _), g in zip(rows, urgent))

    for name in names:
        rows, p = data[name], probs[name]
        cells = [count(rows, [r for _, r in rows])] + [count(rows, [r or q >= t for (_, r), q in zip(rows, p)])
                                                        for t in THRESHOLDS]
        total["n"] += len(rows); total["u"] += sum(u for u, _ in rows)
        for k, (m, f) in zip(["rules", *THRESHOLDS], cells):
            total[k][0] += m; total[k][1] += f
        print(f"{Path(name).stem:36} {len(rows):>5} {sum(u for u, _ in rows):>6} "
              + " | ".join(f"{f'{m}/{f}':>8}" for m, f in cells))
    calm = total["n"] - total["u"]
    print(f"TOTAL {total['n']} messages, {total['u']} urgent; rules alone: missed {total['rules'][0]}, "
          f"flagged {total['rules'][1]} ({total['rules'][1] / calm:.2%} of non-urgent)")
    for t in THRESHOLDS:
        m, f = total[t]
        print(f"  + score >= {t}: missed {m}, flagged {f} (+{f - total['rules'][1]}, "
              f"+{(f - total['rules'][1]) / calm:.2%} of non-urgent)")
    every = [(u, r, q) for name in names for (u, r), q in zip(data[name], probs[name])]
    for t in THRESHOLDS:
        print(f"  score alone >= {t}: urgent {sum(q >= t for u, _, q in every if u)} of {total['u']}; of the rules' "
              f"misses {sum(q >= t for u, r, q in every if u and not r)} of {sum(u and not r for u, r, _ in every)}; "
              f"non-urgent {sum(q >= t for u, _, q in every if not u)} of {calm}")


if __name__ == "__main__":
    main(sys.argv[1:])
