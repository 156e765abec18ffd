"""Fit the linear intent and topic model offline and write intents/model.npz.

    python -m bot.nlu.train            # reads intents/, intents/training/ and knowledge/, writes intents/model.npz
    python -m bot.nlu.train --check    # fits again and says whether the result equals the shipped file

What it learns from (all data, validated here with file and line):

* intents/<intent>.yaml: patterns and keywords;
* intents/training/<intent>.yaml: more examples, and templates whose {slots} are filled from
  intents/training/slots.yaml (a fixed seed per template: the same run gives the same examples);
* intents/training/topics.yaml and topics_*.yaml: safety questions per knowledge topic;
* lang/<code>/intents/<intent>.yaml and lang/<code>/intents/topics.yaml: a language pack's own examples and
  safety questions (its script and romanised);
* knowledge/<topic>.yaml: each topic's patterns (for its intent and its topic), title and answer lines;
* the blind sets listed in intents/training/used_sets.yaml: measured once and read, so training data now
  (read where they lie in tests/data, never copied or edited: they stay frozen).

Needs scikit-learn (training only; the bot predicts with numpy, see bot/nlu/linear.py).
"""
from __future__ import annotations

import random
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, RootModel

from ..content.datafile import DataError, read_yaml, validate
from .intents import IntentFile
from .linear import FORMAT, MODEL_FILE, features, input_files, inputs_digest, weigh

ROOT = Path(__file__).resolve().parent.parent.parent
FILLS_PER_TEMPLATE = 8
SLOT = re.compile(r"\{([a-z_]+)\}")
USED_SETS_FILE = "used_sets.yaml"
C = 20.0  # inverse regularisation, chosen on the labelled and held-out sets (bench/README.md)


class TrainingFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    templates: list[str] = Field(default_factory=list)
    examples: list[str] = Field(default_factory=list)


class Slots(RootModel[dict[str, list[str]]]):
    pass


class TopicQuestions(RootModel[dict[str, list[str]]]):
    pass


class UsedSets(BaseModel):
    """intents/training/used_sets.yaml: blind sets already measured, now training data (paths from the root)."""
    model_config = ConfigDict(extra="forbid")
    first_messages: list[str] = Field(default_factory=list)
    safety_questions: list[str] = Field(default_factory=list)


class FirstMessage(BaseModel):
    model_config = ConfigDict(extra="allow")
    text: str
    intent: str


class SafetyQuestion(BaseModel):
    model_config = ConfigDict(extra="allow")
    text: str
    topic: str


def used_sets(root: Path = ROOT) -> UsedSets:
    """The blind sets that are training data now (their one honest figure is in bench/README.md)."""
    path = root / "intents" / "training" / USED_SETS_FILE
    doc = read_yaml(path)
    sets = validate(UsedSets, doc)
    for key in ("first_messages", "safety_questions"):
        for number, name in enumerate(getattr(sets, key)):
            if not (root / name).is_file():
                raise doc.error((key, number), f"no such set {name!r}")
    return sets


class FirstMessages(RootModel[list[FirstMessage]]):
    pass


class SafetyQuestions(RootModel[list[SafetyQuestion]]):
    pass


def _used_items(root: Path, name: str, model: type[RootModel]) -> list:
    return validate(model, read_yaml(root / name)).root


@dataclass
class Examples:
    texts: list[str]
    labels: list[str]
    weights: list[float]

    def add(self, text: str, label: str, weight: float = 1.0) -> None:
        if text and text.strip():
            self.texts.append(text)
            self.labels.append(label)
            self.weights.append(weight)


def _expand(template: str, slots: dict[str, list[str]], seed: str, where: str) -> list[str]:
    names = SLOT.findall(template)
    for name in names:
        if name not in slots:
            raise DataError(f"{where}: template {template!r} names unknown slot {{{name}}}")
    if not names:
        return [template]
    rng = random.Random(seed)
    out: list[str] = []
    for _ in range(FILLS_PER_TEMPLATE):
        text = SLOT.sub(lambda m: rng.choice(slots[m.group(1)]), template)
        text = re.sub(r"\s+", " ", text).strip()
        if text not in out:
            out.append(text)
    return out


def collect(root: Path = ROOT, intent_ids: tuple[str, ...] | None = None,
            exclude: frozenset[str] = frozenset()) -> tuple[Examples, Examples]:
    """(intent examples, topic examples) from the data files; a bad file raises DataError with file and line.
    ``exclude``: used blind sets (paths as in used_sets.yaml) left out, for bench/accuracy.py --cv."""
    from ..config import load_config
    from ..content.knowledge import Knowledge
    from ..content import catalogue

    flows = root / "flows" if (root / "flows").is_dir() else catalogue.FLOWS_DIR  # a copy of the data alone: shipped
    known = intent_ids or catalogue.classified(flows)  # the intents the flows declare (bot/content/catalogue.py)
    intents, topics = Examples([], [], []), Examples([], [], [])
    for path in sorted((root / "intents").glob("*.yaml")):
        doc = read_yaml(path)
        data = validate(IntentFile, doc)
        for pattern in data.patterns:
            intents.add(pattern, data.id)
        for keyword in data.keywords:
            intents.add(keyword, data.id)
    training = root / "intents" / "training"
    slots = validate(Slots, read_yaml(training / "slots.yaml")).root
    # intents/training/<intent>.yaml, then each language pack's own examples (lang/<code>/intents/<intent>.yaml,
    # written in its script and romanised)
    for path in [*sorted(training.glob("*.yaml")), *sorted(root.glob("lang/*/intents/*.yaml"))]:
        if path.stem in ("slots", Path(USED_SETS_FILE).stem) or path.stem.startswith("topics"):
            continue
        doc = read_yaml(path)
        data = validate(TrainingFile, doc)
        if data.id not in known or data.id != path.stem:
            raise doc.error(("id",), f"id {data.id!r} must be an intent id and equal the file name {path.stem!r}")
        for example in data.examples:
            intents.add(example, data.id)
        for number, template in enumerate(data.templates):
            for text in _expand(template, slots, f"{path.stem}:{number}", doc.where(("templates", number))):
                intents.add(text, data.id)
    config = load_config()
    knowledge = Knowledge.load(root / "knowledge", list(config.languages), config.allowed_link_hosts)
    questions: dict[str, list[str]] = {}
    # topics.yaml, topics_<more>.yaml, and each language pack's lang/<code>/intents/topics.yaml
    for path in [*sorted(training.glob("topics*.yaml")), *sorted(root.glob("lang/*/intents/topics.yaml"))]:
        questions_doc = read_yaml(path)
        for topic_id, texts in validate(TopicQuestions, questions_doc).root.items():
            if topic_id not in knowledge.topics:
                raise questions_doc.error((topic_id,), f"unknown knowledge topic {topic_id!r}")
            questions.setdefault(topic_id, []).extend(texts)
    for topic in knowledge.topics.values():
        for pattern in topic.patterns:
            intents.add(pattern, topic.intent)
            topics.add(pattern, topic.id)
        for question in questions.get(topic.id, []):
            intents.add(question, "safety_advice")
            topics.add(question, topic.id)
        for title in topic.title.values():
            topics.add(title, topic.id)
        for answer in (*topic.answer.values(), *(topic.comfort or {}).values()):  # the comfort is the topic's too
            for line in answer.splitlines():
                topics.add(line, topic.id, 0.5)
    sets = used_sets(root)
    for name in [n for n in sets.first_messages if n not in exclude]:
        for item in _used_items(root, name, FirstMessages):
            if item.intent not in known:
                raise DataError(f"{name}: intent {item.intent!r} is not an intent id")
            intents.add(item.text, item.intent)
    for name in [n for n in sets.safety_questions if n not in exclude]:
        for item in _used_items(root, name, SafetyQuestions):
            if item.topic not in knowledge.topics:
                raise DataError(f"{name}: unknown knowledge topic {item.topic!r}")
            intents.add(item.text, "safety_advice")
            topics.add(item.text, item.topic)
    return intents, topics


def _vocabulary(texts: list[str]) -> list[str]:
    """Every word; other n-grams seen in at least two examples (rarer ones are mostly noise)."""
    seen: Counter = Counter()
    for text in texts:
        seen.update(set(features(text)))
    return sorted(f for f, n in seen.items() if n >= 2 or f.startswith("w:"))


def _matrix(texts: list[str], vocabulary: dict[str, int]):
    from scipy.sparse import csr_matrix

    rows, cols, vals = [], [], []
    for row, text in enumerate(texts):
        counts: dict[int, int] = {}
        for feature in features(text):
            index = vocabulary.get(feature)
            if index is not None:
                counts[index] = counts.get(index, 0) + 1
        if counts:
            index, values = weigh(counts)
            rows.extend([row] * len(index))
            cols.extend(index.tolist())
            vals.extend(values.tolist())
    return csr_matrix((vals, (rows, cols)), shape=(len(texts), len(vocabulary)), dtype=np.float64)


def _fit(examples: Examples, vocabulary: dict[str, int]) -> tuple[list[str], np.ndarray, np.ndarray]:
    from sklearn.linear_model import LogisticRegression
    from threadpoolctl import threadpool_limits  # installed with scikit-learn

    matrix = _matrix(examples.texts, vocabulary)
    model = LogisticRegression(C=C, max_iter=3000, class_weight="balanced")
    # One BLAS thread: sums are then added in the same order every run, so lbfgs takes the same steps and
    # `--check` right after training finds the same weights (with several threads they differed by up to 0.06).
    with threadpool_limits(limits=1):
        model.fit(matrix, examples.labels, sample_weight=np.asarray(examples.weights))
    return list(model.classes_), model.coef_.T.astype(np.float16), model.intercept_.astype(np.float32)


def train(root: Path = ROOT, exclude: frozenset[str] = frozenset()) -> dict[str, np.ndarray]:
    """The model's arrays (as intents/model.npz holds them), fitted in memory; ``exclude`` as for ``collect``."""
    intents, topics = collect(root, exclude=exclude)
    vocabulary = _vocabulary(intents.texts + topics.texts)
    index = {feature: i for i, feature in enumerate(vocabulary)}
    arrays: dict[str, np.ndarray] = {"format": np.array(FORMAT), "vocabulary": np.array(vocabulary),
                                     "inputs_sha256": np.array(inputs_digest(input_files(root), root))}
    for name, examples in (("intent", intents), ("topic", topics)):
        labels, weights, bias = _fit(examples, index)
        arrays[f"{name}_labels"] = np.array(labels)
        arrays[f"{name}_weights"] = weights
        arrays[f"{name}_bias"] = bias
    return arrays


def same(arrays: dict[str, np.ndarray], path: Path = MODEL_FILE, tolerance: float = 2e-3) -> bool:
    """True when ``arrays`` equals the model at ``path`` (weights within ``tolerance``: BLAS may round differently)."""
    with np.load(path, allow_pickle=False) as shipped:
        if set(shipped.files) != set(arrays):
            return False
        for name, value in arrays.items():
            if value.dtype.kind in "fc":
                if value.shape != shipped[name].shape or not np.allclose(
                        value.astype(np.float32), shipped[name].astype(np.float32), atol=tolerance):
                    return False
            elif not np.array_equal(value, shipped[name]):
                return False
    return True


def main(argv: list[str]) -> int:
    arrays = train()
    if "--check" in argv:
        ok = same(arrays)
        print("the shipped model matches the data" if ok else "the shipped model is stale: run python -m bot.nlu.train")
        return 0 if ok else 1
    np.savez_compressed(MODEL_FILE, **arrays)
    print(f"wrote {MODEL_FILE.relative_to(ROOT)}: {len(arrays['vocabulary'])} features, "
          f"{len(arrays['intent_labels'])} intents, {len(arrays['topic_labels'])} topics")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
