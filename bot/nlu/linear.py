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
from array import array
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..content.datafile import DataError
from .normalize import normalize, tokens

MODEL_FILE = Path(__file__).resolve().parent.parent.parent / "intents" / "model.npz"
CHAR_SIZES = (3, 4, 5)
FORMAT = 1


@lru_cache(maxsize=4096)  # the model caches its own rows per word (bounded memory in a long-running worker)
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
    """One output of the model: labels, weights and biases. ``rows`` maps a feature to its row of ``weights`` when
    the head keeps only its features' non-zero rows (then the last row is all zero, for the others); None when
    ``weights`` has a row for every feature."""

    labels: tuple[str, ...]
    weights: np.ndarray
    bias: np.ndarray
    rows: np.ndarray | None = None
    leading: int | None = None  # rows for the first ``leading`` features only, then the zero row (``leading_first``)

    @classmethod
    def compact(cls, labels: tuple[str, ...], weights: np.ndarray, bias: np.ndarray) -> "Head":
        """The head as a worker keeps it: without its all-zero rows when that saves more than their map costs (the
        topic head: a third of the features occur only in intent examples, and a feature a head was never trained
        on has weight 0 there). A kept row is the same float16 numbers, so the scores are the same."""
        zero = ~weights.any(axis=1)
        saved = int(zero.sum()) * weights.shape[1] * weights.itemsize
        if saved <= len(weights) * np.dtype(np.int32).itemsize:
            return cls(labels, weights, bias)
        kept = np.flatnonzero(~zero)
        rows = np.full(len(weights), len(kept), dtype=np.int32)  # an all-zero feature: the extra zero row
        rows[kept] = np.arange(len(kept), dtype=np.int32)
        kept_weights = np.zeros((len(kept) + 1, weights.shape[1]), dtype=weights.dtype)
        np.take(weights, kept, axis=0, out=kept_weights[:-1])
        return cls(labels, kept_weights, bias, rows)

    @property
    def nbytes(self) -> int:
        return self.weights.nbytes + self.bias.nbytes + (self.rows.nbytes if self.rows is not None else 0)

    def kept(self) -> np.ndarray:
        """For each feature: does this head keep a row of its own (True), or is its row the zero row."""
        if self.rows is None:
            return np.ones(len(self.weights) if self.leading is None else self.leading, dtype=bool)
        return self.rows != len(self.weights) - 1

    def leading_first(self, order: np.ndarray, kept: int) -> "Head":
        """The head without its map from feature to row (session 19: 0.7 MB a worker): features renumbered by
        ``order``, whose first ``kept`` are exactly this head's kept features; new feature ``i < kept`` has row
        ``i`` (the same float16 numbers), every later one the zero row."""
        rows = self.rows.take(order[:kept])
        weights = np.zeros((kept + 1, self.weights.shape[1]), dtype=self.weights.dtype)
        np.take(self.weights, rows, axis=0, out=weights[:-1])
        return Head(self.labels, weights, self.bias, None, kept)

    def in_order(self, order: np.ndarray) -> "Head":
        """The head with its features renumbered: new feature ``i`` is old feature ``order[i]`` (the same rows)."""
        if self.rows is not None:
            return Head(self.labels, self.weights, self.bias, self.rows.take(order))
        return Head(self.labels, self.weights.take(order, axis=0), self.bias)

    def gather(self, index: np.ndarray) -> np.ndarray:
        """The weights of the features at ``index`` (feature x label)."""
        if self.leading is not None:
            return self.weights.take(np.minimum(index, self.leading), axis=0)
        return self.weights.take(index if self.rows is None else self.rows.take(index), axis=0)


def _softmax(scores: np.ndarray) -> np.ndarray:
    scores = np.exp(scores - scores.max())
    return scores / scores.sum()


class LinearModel:
    """The model as a worker keeps it (issue 17: a worker's memory): the weights in the float16 they were trained
    to and shipped in, each head without the rows that are all zero in it when that is smaller (``Head.compact``),
    and the vocabulary as a sorted array of the features' hashes rather than ~130,000 strings in a dict. A
    feature's row is found by binary search on its hash; every vocabulary hash is distinct (checked here), so a
    known feature always finds its own row and the scores are exactly those of a dict look-up."""

    def __init__(self, vocabulary, intents: Head, topics: Head, inputs_sha256: str, path: Path):
        self.inputs_sha256 = inputs_sha256
        self.path = path
        self.size = len(vocabulary)
        # Python's str hash: the same within a process, which computes both sides (never stored)
        hashes = np.fromiter(map(hash, vocabulary), dtype=np.int64, count=self.size)
        if self.size > 1:
            ordered = np.sort(hashes)
            if bool((ordered[1:] == ordered[:-1]).any()):
                raise DataError(f"{path}: two features share this process's string hash (about one start in a "
                                "billion); start again")
            del ordered
        # The features the topic head keeps a row for come first, then the others, each part in its hashes' order; the
        # heads' rows are put in that order, so a feature's row is where its hash is (no map from one to the other:
        # sessions 13 and 19, 0.6 + 0.7 MB a worker). A message gathers the same rows in the same order: the same
        # scores.
        kept = topics.kept()
        self._kept = int(kept.sum()) if topics.rows is not None else self.size
        order = np.lexsort((hashes, ~kept)) if topics.rows is not None else np.argsort(hashes, kind="stable")
        self._hashes = hashes[order]
        del hashes, kept
        intents = intents.in_order(order)
        topics = topics.leading_first(order, self._kept) if topics.rows is not None else topics.in_order(order)
        del order
        self.intents, self.topics = intents, topics
        # Both heads' rows side by side in one float32 matrix a message (exact: float16 -> 32), one product
        self._bias = np.concatenate([intents.bias, topics.bias]).astype(np.float32)
        self._split = len(intents.labels)
        self._word_indices = lru_cache(maxsize=20000)(self._known_features_of)

    @property
    def nbytes(self) -> int:
        """What the model's arrays hold in a worker (the heads' weights and row maps, the hashes)."""
        return self.intents.nbytes + self.topics.nbytes + self._hashes.nbytes + self._bias.nbytes

    def rows(self, features: list[str]) -> list[int]:
        """The rows of the features the model knows, in the order given (unknown ones left out)."""
        if not features:
            return []
        keys = np.fromiter(map(hash, features), dtype=np.int64, count=len(features))
        if self._kept == self.size:
            at = np.searchsorted(self._hashes, keys)
            at[at == self.size] = 0
            return at[self._hashes[at] == keys].tolist()
        # two sorted parts (``__init__``): the topic head's kept features, then the others
        first, second = self._hashes[:self._kept], self._hashes[self._kept:]
        at = np.searchsorted(first, keys)
        at[at == len(first)] = 0
        found = first[at] == keys if len(first) else np.zeros(len(keys), dtype=bool)
        later = np.searchsorted(second, keys)
        later[later == len(second)] = 0
        found_later = second[later] == keys if len(second) else np.zeros(len(keys), dtype=bool)
        return np.where(found, at, later + self._kept)[found | found_later].tolist()

    def _known_features_of(self, word: str) -> array:
        return array("i", self.rows(_word_features(word)))  # compact: a long-running worker caches many words

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
        vocabulary = data["vocabulary"]  # a numpy array of strings: hashed in __init__, never kept
        labels = [tuple(data[f"{name}_labels"].tolist()) for name in ("intent", "topic")]
        parts = [data[f"{name}_weights"] for name in ("intent", "topic")]
        biases = [data[f"{name}_bias"] for name in ("intent", "topic")]
        for names, part, bias in zip(labels, parts, biases):
            if part.shape != (len(vocabulary), len(names)) or bias.shape != (len(names),):
                raise DataError(f"{path}: weights do not match the vocabulary; run python -m bot.nlu.train")
        heads = [Head.compact(names, part.astype(np.float16, copy=False), bias)  # shipped as float16
                 for names, part, bias in zip(labels, parts, biases)]
        del parts
        return cls(vocabulary, *heads, str(data["inputs_sha256"]), path)

    def vector(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """The message's known features: indices and weights, exactly as in training (see ``features``)."""
        words = tokens(text)
        counts: dict[int, int] = {}
        for word in words:
            for index in self._word_indices(word):
                counts[index] = counts.get(index, 0) + 1
        for index in self.rows([f"b:{a} {b}" for a, b in zip(words, words[1:])]):
            counts[index] = counts.get(index, 0) + 1
        if not counts:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        return weigh(counts)

    def predict(self, text: str) -> tuple[dict[str, float], dict[str, float]]:
        """(intent probabilities, topic probabilities) for one message."""
        index, values = self.vector(text)
        if len(index):
            rows = np.concatenate((self.intents.gather(index), self.topics.gather(index)), axis=1)
            scores = values @ rows.astype(np.float32) + self._bias
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
