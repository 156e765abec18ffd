"""A trained linear classifier over word and character n-grams, predicted in plain numpy.

``python -m bot.nlu.train`` fits it offline (scikit-learn logistic regression) on the intent and topic
examples kept as data (intents/*.yaml, intents/training/*.yaml, knowledge/*.yaml, lang/*/knowledge/*.yaml) and writes
``intents/model.npz``: the feature vocabulary, one weight matrix for intents and one for topics.
At run time nothing is downloaded or fitted: a message becomes a sparse vector of the features it
shares with the vocabulary (sub-linear counts, unit length, exactly as in training), and each head
is one small matrix product and a softmax. The features are words, word pairs and the 3- to
5-letter pieces of each word padded with spaces, so typos ("acount", "frod"), run-ons and
romanised Hindi spelled many ways still share most of their features with what was learned.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..content.datafile import DataError
from .normalize import normalize, tokens

MODEL_FILE = Path(__file__).resolve().parent.parent.parent / "intents" / "model.npz"
CHAR_SIZES = (3, 4, 5)
FORMAT = 1


@lru_cache(maxsize=50000)
def _word_features(word: str) -> tuple[str, ...]:
    padded = f" {word} "
    grams = [padded[i:i + n] for n in CHAR_SIZES for i in range(len(padded) - n + 1)]
    return (f"w:{word}", *grams)


def features(text: str) -> list[str]:
    """The n-grams of ``text`` the model reads (a feature may repeat: counts matter)."""
    words = tokens(normalize(text))
    found: list[str] = []
    for word in words:
        found.extend(_word_features(word))
    found.extend(f"b:{a} {b}" for a, b in zip(words, words[1:]))
    return found


def weigh(counts: dict[int, int]) -> tuple[np.ndarray, np.ndarray]:
    """Feature indices and their weights: 1 + log(count), scaled to unit length."""
    index = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
    values = 1.0 + np.log(np.fromiter(counts.values(), dtype=np.float32, count=len(counts)))
    norm = float(np.sqrt(values @ values))
    return index, values / norm if norm else values


@dataclass(frozen=True)
class Head:
    """One output of the model: labels, weights (features x labels) and biases."""

    labels: tuple[str, ...]
    weights: np.ndarray
    bias: np.ndarray


def _softmax(scores: np.ndarray) -> np.ndarray:
    scores = np.exp(scores - scores.max())
    return scores / scores.sum()


class LinearModel:
    def __init__(self, vocabulary: list[str], intents: Head, topics: Head, inputs_sha256: str, path: Path):
        self.vocabulary = {feature: i for i, feature in enumerate(vocabulary)}
        self.intents = intents
        self.topics = topics
        self.inputs_sha256 = inputs_sha256
        self.path = path
        # Both heads side by side in float32: one gather and one product a message.
        self._weights = np.hstack([intents.weights, topics.weights]).astype(np.float32)
        self._bias = np.concatenate([intents.bias, topics.bias]).astype(np.float32)
        self._split = len(intents.labels)
        self._word_indices = lru_cache(maxsize=50000)(self._known_features_of)

    def _known_features_of(self, word: str) -> tuple[int, ...]:
        vocabulary = self.vocabulary
        return tuple(vocabulary[f] for f in _word_features(word) if f in vocabulary)

    @classmethod
    def load(cls, path: str | Path = MODEL_FILE) -> "LinearModel":
        path = Path(path)
        try:
            with np.load(path, allow_pickle=False) as data:
                return cls.from_arrays(data, path)
        except (OSError, KeyError, ValueError) as exc:
            raise DataError(f"{path}: cannot read the intent model ({exc}); run python -m bot.nlu.train") from exc

    @classmethod
    def from_arrays(cls, data, path: Path = MODEL_FILE) -> "LinearModel":
        """The model from the arrays ``python -m bot.nlu.train`` writes (a loaded file, or trained in memory)."""
        if int(data["format"]) != FORMAT:
            raise DataError(f"{path}: model format {int(data['format'])}, expected {FORMAT}; "
                            "run python -m bot.nlu.train")
        vocabulary = data["vocabulary"].tolist()
        heads = [Head(tuple(data[f"{name}_labels"].tolist()), data[f"{name}_weights"], data[f"{name}_bias"])
                 for name in ("intent", "topic")]
        inputs = str(data["inputs_sha256"])
        for head in heads:
            if head.weights.shape != (len(vocabulary), len(head.labels)) or head.bias.shape != (len(head.labels),):
                raise DataError(f"{path}: weights do not match the vocabulary; run python -m bot.nlu.train")
        return cls(vocabulary, heads[0], heads[1], inputs, path)

    def vector(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """The message's known features: indices and weights, exactly as in training (see ``features``)."""
        words = tokens(text)
        counts: dict[int, int] = {}
        for word in words:
            for index in self._word_indices(word):
                counts[index] = counts.get(index, 0) + 1
        vocabulary = self.vocabulary
        for a, b in zip(words, words[1:]):
            index = vocabulary.get(f"b:{a} {b}")
            if index is not None:
                counts[index] = counts.get(index, 0) + 1
        if not counts:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        return weigh(counts)

    def predict(self, text: str) -> tuple[dict[str, float], dict[str, float]]:
        """(intent probabilities, topic probabilities) for one message."""
        index, values = self.vector(text)
        if len(index):
            scores = values @ self._weights[index] + self._bias
        else:  # nothing known: every label equally likely
            scores = np.zeros_like(self._bias)
        intents, topics = _softmax(scores[:self._split]), _softmax(scores[self._split:])
        if not len(index):
            return ({label: 1.0 / len(self.intents.labels) for label in self.intents.labels},
                    {label: 1.0 / len(self.topics.labels) for label in self.topics.labels})
        return (dict(zip(self.intents.labels, intents.tolist())), dict(zip(self.topics.labels, topics.tolist())))


def input_files(root: Path) -> list[Path]:
    """The data files the model is trained from (python -m bot.nlu.train)."""
    return sorted([*(root / "intents").rglob("*.yaml"), *(root / "knowledge").glob("*.yaml"),
                   *(root / "lang").glob("*/knowledge/*.yaml"),  # topic titles and answers (language packs)
                   *(root / "lang").glob("*/intents/*.yaml")])  # a pack's own intent examples and safety questions


def is_stale(model: "LinearModel", root: Path) -> bool:
    """True when the data files changed since the model was trained: run python -m bot.nlu.train."""
    return model.inputs_sha256 != inputs_digest(input_files(root), root)


def inputs_digest(paths: list[Path], root: Path) -> str:
    """SHA-256 over the training inputs (names and bytes): tells whether the shipped model is stale."""
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()
