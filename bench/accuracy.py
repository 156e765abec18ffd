"""Intent and topic accuracy on every labelled set, for every approach, in one run.

    python bench/accuracy.py            # the default approach on the labelled and held-out sets
    python bench/accuracy.py --all      # every set in tests/data, every approach side by side
    python bench/accuracy.py --all -v   # ... and every wrong message of the chosen approach
    python bench/accuracy.py --cv       # leave-one-set-out over the used blind sets (a dev measure that flatters)
    python bench/accuracy.py --first-reply [SET.yaml ...]  # what the engine's first reply does (urgent sets)
    python bench/accuracy.py --used [-v]  # in-sample over every set learned from, with totals (flatters: read)

First-message sets (text, intent, optional also: [second acceptable intent], urgent) are scored on the
intent; a clarifying question counts as right when the right intent is among its choices, and how
often one is asked is reported. Safety-question sets (text, topic, optional also) are scored on what
the resident would get: the topic's answer, or "Did you mean" with the topic among the offered two;
a report flow is always wrong. See bench/README.md for the last figures.
"""
from __future__ import annotations

import sys
from collections import Counter, defaultdict
from datetime import datetime, timezone
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.conversation.engine import load_resources  # noqa: E402
from bot.nlu.classify import APPROACHES  # noqa: E402
from bot.nlu.topics import reply_for  # noqa: E402

DATA = ROOT / "tests" / "data"
LABELLED = DATA / "labelled_messages.yaml"
HELDOUT = DATA / "heldout_messages.yaml"
BLIND_FIRST = DATA / "blind_first_messages.yaml"
BLIND_SAFETY = DATA / "blind_safety_questions.yaml"
BLIND_FIRST_SETS = sorted(DATA.glob("blind_first_messages*.yaml"))  # every blind set, each reported apart
BLIND_SAFETY_SETS = sorted(DATA.glob("blind_safety_questions*.yaml"))
# First messages in a language pack's own script and romanised (issue 13's proof: Bengali, Urdu), reported apart
LANGUAGE_SETS = sorted(p for p in DATA.glob("blind_*_first_messages*.yaml"))
NOW = datetime(2026, 11, 27, 4, 30, tzinfo=timezone.utc)


def load(path: Path) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or []


def accepted_labels(item: dict, key: str) -> set[str]:
    """The item's label and its optional second ones: ``also`` is written either as one id or as a list of ids."""
    also = item.get("also") or []
    return {item[key], *([also] if isinstance(also, str) else also)}


def evaluate(classifier, items, approach: str | None = None) -> dict:
    """Intent figures for first messages: exact, right-or-asked-with-the-right-choice, how often asked."""
    per_intent: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    confusion: Counter = Counter()
    missed_urgent, false_urgent, wrong = [], [], []
    exact = asked = 0
    for item in items:
        result = classifier.classify(item["text"], NOW, approach)
        accepted = accepted_labels(item, "intent")
        exact += result.intent in accepted
        ok = bool(accepted & set(result.clarify)) if result.clarify else result.intent in accepted
        asked += bool(result.clarify)
        per_intent[item["intent"]][0] += ok
        per_intent[item["intent"]][1] += 1
        if not ok:
            got = "ask:" + "/".join(result.clarify) if result.clarify else result.intent
            confusion[(item["intent"], got)] += 1
            wrong.append((item["text"], item["intent"], got, result.score))
        if item.get("urgent") and not result.urgent:
            missed_urgent.append(item["text"])
        if result.urgent and not item.get("urgent"):
            false_urgent.append(item["text"])
    total = len(items)
    correct = sum(c for c, _n in per_intent.values())
    return {"accuracy": correct / total, "exact": exact / total, "asked": asked / total, "total": total,
            "per_intent": dict(per_intent), "confusion": confusion, "missed_urgent": missed_urgent,
            "false_urgent": false_urgent, "wrong": wrong, "urgent": sum(bool(i.get("urgent")) for i in items)}


def evaluate_topics(classifier, knowledge, items, approach: str | None = None) -> dict:
    """Safety questions: answered with the right topic, offered it among two, or wrong (a report flow is wrong)."""
    answered = offered = reports = 0
    per_topic: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    wrong, confusion = [], Counter()
    for item in items:
        result = classifier.classify(item["text"], NOW, approach)
        reply = reply_for(result, knowledge)
        accepted = accepted_labels(item, "topic")
        ok = False
        if reply.kind == "answer" and reply.topics[0] in accepted:
            answered += 1
            ok = True
        elif reply.kind == "offer" and accepted & set(reply.topics):
            offered += 1
            ok = True
        elif reply.kind == "report":
            reports += 1
        per_topic[item["topic"]][0] += ok
        per_topic[item["topic"]][1] += 1
        if not ok:
            got = f"{reply.kind}:{'/'.join(reply.topics) or result.intent}"
            confusion[(item["topic"], got)] += 1
            wrong.append((item["text"], item["topic"], got))
    total = len(items)
    return {"right": (answered + offered) / total, "answered": answered / total, "offered": offered / total,
            "reports": reports, "total": total, "per_topic": dict(per_topic), "wrong": wrong, "confusion": confusion}


def print_first(name: str, reports: dict[str, dict], chosen: str, verbose: bool) -> None:
    print(f"\n== {name}: {reports[chosen]['total']} first messages")
    print(f"{'approach':10} {'right':>7} {'exact':>7} {'asked':>7} {'urgent missed':>14} {'false urgent':>13}")
    for approach, r in reports.items():
        print(f"{approach:10} {r['accuracy']:>7.1%} {r['exact']:>7.1%} {r['asked']:>7.1%} "
              f"{len(r['missed_urgent']):>7} of {r['urgent']:<4} {len(r['false_urgent']):>13}")
    report = reports[chosen]
    print(f"per intent ({chosen}): {'correct':>8} {'total':>6} {'right':>7}")
    for intent, (correct, total) in sorted(report["per_intent"].items()):
        print(f"  {intent:20} {correct:>8} {total:>6} {correct / total:>7.1%}")
    print(f"confusion pairs ({chosen}, expected -> got: count)")
    for (expected, got), count in report["confusion"].most_common(12):
        print(f"  {expected} -> {got}: {count}")
    for text in report["missed_urgent"]:
        print(f"  urgent missed: {text}")
    if verbose:
        for text in report["false_urgent"]:
            print(f"  false urgent: {text}")
        for text, expected, got, score in report["wrong"]:
            print(f"  wrong: {expected} -> {got} ({score}): {text}")


def print_topics(name: str, reports: dict[str, dict], chosen: str, verbose: bool) -> None:
    print(f"\n== {name}: {reports[chosen]['total']} safety questions")
    print(f"{'approach':10} {'right':>7} {'answered':>9} {'offered':>8} {'report flow':>12}")
    for approach, r in reports.items():
        print(f"{approach:10} {r['right']:>7.1%} {r['answered']:>9.1%} {r['offered']:>8.1%} {r['reports']:>12}")
    report = reports[chosen]
    print(f"confusion ({chosen}, expected -> got: count)")
    for (expected, got), count in report["confusion"].most_common(12):
        print(f"  {expected} -> {got}: {count}")
    if verbose:
        for text, expected, got in report["wrong"]:
            print(f"  wrong: {expected} -> {got}: {text}")


def _fold_model(exclude: frozenset[str]):
    """The linear model trained without ``exclude``, in memory (intents/model.npz is never written). Kept in a
    cache under the temporary directory, keyed by the training inputs and code, so re-running --cv after a change
    of rules only measures."""
    import hashlib
    import tempfile

    import numpy as np

    from bot.nlu import train
    from bot.nlu.linear import LinearModel, input_files, inputs_digest

    digest = hashlib.sha256(inputs_digest(input_files(ROOT), ROOT).encode())
    for module in (train, sys.modules[LinearModel.__module__]):
        digest.update(Path(module.__file__).read_bytes())
    digest.update("\0".join(sorted(exclude)).encode())
    cache = Path(tempfile.gettempdir()) / "cyber-sahayak-cv" / f"{digest.hexdigest()[:24]}.npz"
    if not cache.exists():
        cache.parent.mkdir(exist_ok=True)
        np.savez_compressed(cache, **train.train(ROOT, exclude))
    with np.load(cache, allow_pickle=False) as data:
        return LinearModel.from_arrays(data, cache)


def cross_validate(resources, verbose: bool) -> None:
    """Leave one used blind pair out: train without blind set k (first messages and safety questions), measure on
    it, for each k; then the mean. A development measure: the developer has read those sets' errors, so it flatters
    (bench/README.md); only a new blind set's first run measures the goals."""
    from bot.nlu.classify import Classifier
    from bot.nlu.train import used_sets

    sets = used_sets(ROOT)
    base = resources.classifier
    rows = []
    pairs = list(zip(sets.first_messages, sets.safety_questions))
    alone = [(first, None) for first in sets.first_messages[len(pairs):]]  # first-message sets with no safety pair
    for first, safety in pairs + alone:
        model = _fold_model(frozenset({first, safety} - {None}))
        classifier = Classifier(base.matcher, int(base.golden.total_seconds() // 60), base.timezone, model, "linear",
                                base.subjects)
        f = evaluate(classifier, load(ROOT / first))
        t = evaluate_topics(classifier, resources.knowledge, load(ROOT / safety)) if safety else None
        rows.append((Path(first).stem, f, t))
        if verbose:
            print_first(f"{Path(first).name} (left out)", {"linear": f}, "linear", True)
            if t is not None:
                print_topics(f"{Path(safety).name} (left out)", {"linear": t}, "linear", True)
    print(f"\n== leave-one-set-out over the used blind sets (linear; flatters: their errors were read)")
    print(f"{'left out':34} {'first':>6} {'exact':>6} {'asked':>6} {'urgent missed':>14} {'flagged':>8} "
          f"{'safety':>7} {'answered':>9} {'offered':>8} {'report':>7}")
    for name, f, t in rows:
        topics = f"{t['right']:>7.1%} {t['answered']:>9.1%} {t['offered']:>8.1%} {t['reports']:>7}" if t else ""
        print(f"{name:34} {f['accuracy']:>6.1%} {f['exact']:>6.1%} {f['asked']:>6.1%} "
              f"{len(f['missed_urgent']):>7} of {f['urgent']:<4} {len(f['false_urgent']):>8} {topics}")
    paired = [row for row in rows if row[2] is not None]
    mean = lambda key, part: sum(row[part][key] for row in (rows if part == 1 else paired)) / len(  # noqa: E731
        rows if part == 1 else paired)
    print(f"{'mean (urgent: total)':34} {mean('accuracy', 1):>6.1%} {mean('exact', 1):>6.1%} {mean('asked', 1):>6.1%} "
          f"{sum(len(r[1]['missed_urgent']) for r in rows):>7} of {sum(r[1]['urgent'] for r in rows):<4} "
          f"{sum(len(r[1]['false_urgent']) for r in rows):>8} {mean('right', 2):>7.1%} {mean('answered', 2):>9.1%} "
          f"{mean('offered', 2):>8.1%} {sum(r[2]['reports'] for r in paired):>7}")


def first_replies(resources, items) -> dict:
    """Each first message through the real engine (a new resident each, one fresh SQLite file, the clock at NOW):
    for urgent ones, whether the first reply is a golden-hour action line (1930 / 112 / cut the call: kind
    "urgent") and whether an urgent case was opened; for the others, whether an urgent case was opened."""
    import dataclasses
    import tempfile

    from bot.store.db import make_engine, make_sessionmaker, upgrade
    from bot.conversation.engine import Engine
    from bot.messages import Inbound

    out = {"urgent": 0, "action_first": 0, "urgent_case": 0, "calm": 0, "false_case": 0, "no_action": []}
    with tempfile.TemporaryDirectory(prefix="first-replies-") as workdir:
        config = resources.config.model_copy(update={"data_dir": workdir})
        db = make_engine(f"sqlite:///{workdir}/first.sqlite3")
        upgrade(db)
        engine = Engine(dataclasses.replace(resources, config=config), make_sessionmaker(db), clock=lambda: NOW)
        try:
            for number, item in enumerate(items):
                outcome = engine.handle(Inbound(channel="local", sender=f"first-{number}", text=item["text"],
                                                provider_id=f"first-{number}", received_at=NOW))
                action = bool(outcome.replies) and outcome.replies[0].kind == "urgent"
                urgent_case = bool(outcome.case) and outcome.case.get("priority") == "urgent"
                if item.get("urgent"):
                    out["urgent"] += 1
                    out["action_first"] += action
                    out["urgent_case"] += urgent_case
                    if not action:
                        out["no_action"].append(item["text"])
                else:
                    out["calm"] += 1
                    out["false_case"] += urgent_case
        finally:
            db.dispose()
    return out


def print_first_replies(paths: list[Path], resources, verbose: bool) -> None:
    print(f"{'set':42} {'urgent':>6} {'action first':>13} {'urgent case':>12} {'others':>7} {'urgent case':>12}")
    for path in paths:
        r = first_replies(resources, load(path))
        print(f"{path.name:42} {r['urgent']:>6} {r['action_first']:>13} {r['urgent_case']:>12} {r['calm']:>7} "
              f"{r['false_case']:>12}")
        if verbose:
            for text in r["no_action"]:
                print(f"  no action first: {text}")


def print_used(resources, verbose: bool) -> None:
    """In-sample figures over every set learned from (labelled, held-out and intents/training/used_sets.yaml): a line a
    set and the totals. They flatter (the sets' errors were read): a development measure to see that a change makes
    no used set worse, never the figure of a goal (only a new blind set's first run is)."""
    from bot.nlu.train import used_sets

    sets = used_sets(ROOT)
    classifier, chosen = resources.classifier, resources.classifier.approach
    n = right = missed = urgent = flagged = 0
    for path in [LABELLED, HELDOUT, *(ROOT / p for p in sets.first_messages)]:
        r = evaluate(classifier, load(path), chosen)
        n, right = n + r["total"], right + round(r["accuracy"] * r["total"])
        missed, urgent, flagged = missed + len(r["missed_urgent"]), urgent + r["urgent"], flagged + len(r["false_urgent"])
        print(f"{path.name:45} {r['total']:5} right {r['accuracy']:.1%} missed {len(r['missed_urgent'])}/{r['urgent']} "
              f"flagged {len(r['false_urgent'])}")
        if verbose:
            for text in r["missed_urgent"]:
                print("   MISSED", text)
            for text in r["false_urgent"]:
                print("   FLAG", text)
            for text, expected, got, _score in r["wrong"]:
                print(f"   WRONG {expected} -> {got}: {text}")
    print(f"TOTAL first {n} right {right / n:.3%} missed {missed}/{urgent} flagged {flagged}")
    n = right = reports = 0
    for path in (ROOT / p for p in sets.safety_questions):
        r = evaluate_topics(classifier, resources.knowledge, load(path), chosen)
        n, right, reports = n + r["total"], right + round(r["right"] * r["total"]), reports + r["reports"]
        print(f"{path.name:45} {r['total']:5} right {r['right']:.1%} reports {r['reports']}")
        if verbose:
            for text, expected, got in r["wrong"]:
                print(f"   WRONG {expected} -> {got}: {text}")
    print(f"TOTAL safety {n} right {right / n:.3%} reports {reports}")


def main(argv: list[str]) -> None:
    resources = load_resources()
    if "--used" in argv:
        print_used(resources, "-v" in argv)
        return
    if "--first-reply" in argv:
        named = [DATA / name for name in argv if name.endswith(".yaml")]
        print_first_replies(named or [p for p in (LABELLED, HELDOUT, *BLIND_FIRST_SETS, *LANGUAGE_SETS) if p.exists()],
                            resources, "-v" in argv)
        return
    if "--cv" in argv:
        cross_validate(resources, "-v" in argv)
        return
    classifier, knowledge = resources.classifier, resources.knowledge
    chosen = classifier.approach
    verbose = "-v" in argv
    if "--languages" in argv:  # the Bengali and Urdu sets, with a line per writing style (lang: bn, bn-latn, ...)
        print(f"approach in use: {chosen} (config intent_approach)")
        for path in LANGUAGE_SETS:
            items = load(path)
            print_first(path.name, {chosen: evaluate(classifier, items, chosen)}, chosen, verbose)
            for lang in sorted({item.get("lang", "?") for item in items}):
                part = [item for item in items if item.get("lang", "?") == lang]
                r = evaluate(classifier, part, chosen)
                print(f"  {lang:9} {len(part):>4} messages: right {r['accuracy']:.1%}, urgent missed "
                      f"{len(r['missed_urgent'])} of {r['urgent']}, flagged {len(r['false_urgent'])}")
        return
    if "--all" in argv:
        first = [p for p in (LABELLED, HELDOUT, *BLIND_FIRST_SETS, *LANGUAGE_SETS) if p.exists()]
        safety = list(BLIND_SAFETY_SETS)
        approaches = APPROACHES
    else:
        first, safety, approaches = [HELDOUT if "--heldout" in argv else LABELLED], [], (chosen,)
    print(f"approach in use: {chosen} (config intent_approach)")
    for path in first:
        items = load(path)
        print_first(path.name, {a: evaluate(classifier, items, a) for a in approaches}, chosen, verbose)
    for path in safety:
        items = load(path)
        print_topics(path.name, {a: evaluate_topics(classifier, knowledge, items, a) for a in approaches},
                     chosen, verbose)


if __name__ == "__main__":
    main(sys.argv[1:])
