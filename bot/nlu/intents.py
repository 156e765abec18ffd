"""Intent matching: a keyword index picks candidate patterns, rapidfuzz scores them.

Cost per message does not grow with the number of patterns: candidates are drawn from the
posting lists of the message's rarest words and capped, and only those are scored. Words not in
the vocabulary (typos) are mapped to their nearest known word once and remembered.
"""
from __future__ import annotations

import heapq
import math
import threading
from operator import itemgetter
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field
from rapidfuzz import fuzz, process

from ..content.datafile import DataError, read_yaml, validate
from . import words
from .normalize import normalize, tokens

MAX_CANDIDATES = 60
_second = itemgetter(1)
STOPWORDS = frozenset(words.load("stopwords")["stopwords"])  # lang/<code>/words/stopwords.yaml, every pack's


class IntentFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    keywords: list[str] = Field(default_factory=list)
    patterns: list[str] = Field(min_length=1)


@dataclass(frozen=True)
class Match:
    intent: str
    score: int
    topic: str | None = None
    ranked_topics: tuple[tuple[str, int], ...] = ()
    intents: tuple[tuple[str, float], ...] = ()  # every intent the word model weighed, most likely first


@dataclass(frozen=True)
class _Pattern:
    text: str
    intent: str
    topic: str | None


class IntentMatcher:
    def __init__(self, threshold: int = 62):
        self.threshold = threshold
        self._patterns: list[_Pattern] = []
        self._postings: dict[str, list[int]] = defaultdict(list)
        self._keywords: dict[tuple[str, ...], set[str]] = defaultdict(set)
        self._max_kw_len = 1
        self._vocab: list[str] = []
        self._exact: dict[str, int] = {}
        self._intent_model = _WordModel()
        self._topic_model = _WordModel()

    # -- building -------------------------------------------------------------------------
    def add_pattern(self, text: str, intent: str, topic: str | None = None) -> None:
        norm = normalize(text)
        words = [w for w in tokens(norm) if w not in STOPWORDS] or tokens(norm)
        if not words:
            return
        index = len(self._patterns)
        self._patterns.append(_Pattern(norm, intent, topic))
        self._exact.setdefault(norm, index)
        for word in set(words):
            self._postings[word].append(index)
        features = self._features(tokens(norm))
        self._intent_model.add(features, intent)
        if topic:
            self._topic_model.add(features, topic)

    def add_topic_text(self, text: str, topic: str, weight: float) -> None:
        """Teach the topic ranking more words (a title, an answer) without adding a pattern."""
        words = tokens(normalize(text))
        if words:
            self._topic_model.add(self._features(words), topic, weight)

    def add_keyword(self, phrase: str, intent: str) -> None:
        words = tuple(tokens(normalize(phrase)))
        if words:
            self._keywords[words].add(intent)
            self._max_kw_len = max(self._max_kw_len, len(words))
            self._intent_model.add(self._features(list(words)), intent, weight=2.0)

    def finish(self) -> "IntentMatcher":
        self._vocab = sorted(w for w in self._postings if len(w) >= 3 and not w.isdigit())
        self._correct.cache_clear()
        self._intent_model.finish()
        self._topic_model.finish()
        return self

    @property
    def size(self) -> int:
        return len(self._patterns)

    @property
    def patterns(self) -> list[tuple[str, str]]:
        return [(p.text, p.intent) for p in self._patterns]

    # -- matching -------------------------------------------------------------------------
    def exact(self, norm: str) -> str | None:
        """The intent of a pattern this normalised text copies exactly, else None."""
        index = self._exact.get(norm)
        return None if index is None else self._patterns[index].intent

    @lru_cache(maxsize=20000)
    def _correct(self, word: str) -> str | None:
        """The known word a typo most likely stands for ("acount" -> "account")."""
        if len(word) < 4 or word.isdigit() or not self._vocab:
            return None
        found = process.extractOne(word, self._vocab, scorer=fuzz.ratio, score_cutoff=84)
        return found[0] if found else None

    def _keyword_hits(self, words: list[str]) -> dict[str, int]:
        hits: dict[str, int] = defaultdict(int)
        for size in range(1, self._max_kw_len + 1):
            for start in range(0, len(words) - size + 1):
                for intent in self._keywords.get(tuple(words[start:start + size]), ()):
                    hits[intent] += size
        return hits

    def _features(self, words: list[str]) -> list[str]:
        content = [w for w in words if w not in STOPWORDS]
        return content + [f"{a} {b}" for a, b in zip(words, words[1:])]

    def _known_words(self, words: list[str]) -> list[str]:
        known: list[str] = []
        for word in words:
            if word in self._postings or word in STOPWORDS or word.isdigit():
                known.append(word)
            else:
                known.append(self._correct(word) or word)
        return known

    def _candidates(self, words: list[str]) -> list[int]:
        """Patterns sharing the message's rarest words, at most MAX_CANDIDATES of them."""
        content = sorted({w for w in words if w in self._postings and w not in STOPWORDS},
                         key=lambda w: len(self._postings[w]))
        candidates: list[int] = []
        seen: set[int] = set()
        for word in content:
            for index in self._postings[word][:MAX_CANDIDATES]:
                if index not in seen:
                    seen.add(index)
                    candidates.append(index)
            if len(candidates) >= MAX_CANDIDATES:
                break
        return candidates[:MAX_CANDIDATES]

    def match(self, text: str) -> Match:
        norm = normalize(text)
        words = tokens(norm)
        if not words:
            return Match("unknown", 0)
        exact = self._exact.get(norm)
        if exact is not None and self._patterns[exact].topic:
            pattern = self._patterns[exact]
            return Match(pattern.intent, 100, pattern.topic, ((pattern.topic, 100),), ((pattern.intent, 1.0),))
        words = self._known_words(words)
        features = self._features(words)
        intents = self._intent_model.posteriors(features)
        topics = self._topic_model.posteriors(features)
        # rapidfuzz over the candidates the keyword index picked: a near-copy of a pattern settles it.
        candidates = self._candidates(words)
        closeness: dict[str, float] = {}  # per topic: how close the nearest known question is (0-1)
        if candidates:
            query = " ".join(words)
            texts = [self._patterns[i].text for i in candidates]
            leading = {topic for topic, _p in heapq.nlargest(5, topics.items(), key=_second)}
            for index in candidates:
                pattern = self._patterns[index]
                if pattern.topic in leading:
                    score = fuzz.token_set_ratio(query, pattern.text) / 100.0
                    if score > closeness.get(pattern.topic, 0.0):
                        closeness[pattern.topic] = score
            best = process.extractOne(query, texts, scorer=fuzz.ratio, score_cutoff=88)
            if best is not None:
                pattern = self._patterns[candidates[best[2]]]
                intents = {pattern.intent: best[1] / 100.0}
                if pattern.topic:
                    topics = {pattern.topic: best[1] / 100.0, **{k: v for k, v in topics.items() if k != pattern.topic}}
        # A topic is a strong answer only when the word model favours it AND a known question is close.
        topics = {topic: (p + closeness.get(topic, 0.0)) / 2 for topic, p in topics.items()}
        if exact is not None:  # a copy of an intent pattern: that intent, whatever the word model says
            intents = {self._patterns[exact].intent: 1.0}
        hits = self._keyword_hits(words)
        if hits and intents and exact is None:
            # A distinctive keyword counts as strong evidence on top of the word model.
            for intent, weight in hits.items():
                intents[intent] = intents.get(intent, 0.0) + 0.25 * min(weight, 2)
            total = sum(intents.values())
            intents = {k: v / total for k, v in intents.items()}
        ranked_topics = tuple((t, int(round(p * 100))) for t, p in heapq.nlargest(3, topics.items(), key=_second))
        if not intents:
            return Match("unknown", 0, None, ranked_topics)
        ranked = tuple(sorted(intents.items(), key=_second, reverse=True))
        intent, probability = ranked[0]
        score = int(round(probability * 100))
        if score < self.threshold:
            return Match("unknown", score, None, ranked_topics, ranked)
        return Match(intent, score, ranked_topics[0][0] if ranked_topics else None, ranked_topics, ranked)


class Patterns:
    """What the keyword matcher learns from, kept as given (a few thousand short texts), with the exact-copy
    look-up ready at once. The matcher itself (word models, postings: ~12 MB in a worker) is built the first
    time it is asked for: the linear approach in use (config ``intent_approach``) needs only ``exact``, so a
    web worker never builds it; bench/accuracy.py's keywords and combined approaches do (issue 17). Takes the
    same additions as ``IntentMatcher`` (``load_intents`` fills either)."""

    def __init__(self, threshold: int = 62):
        self.threshold = threshold
        self._additions: list[tuple[str, tuple]] = []
        self._exact: dict[str, str] = {}
        self._matcher: IntentMatcher | None = None
        self._lock = threading.Lock()

    def add_pattern(self, text: str, intent: str, topic: str | None = None) -> None:
        self._additions.append(("add_pattern", (text, intent, topic)))
        norm = normalize(text)
        if tokens(norm):  # as IntentMatcher.add_pattern: the first pattern of a text gives its intent
            self._exact.setdefault(norm, intent)

    def add_topic_text(self, text: str, topic: str, weight: float) -> None:
        self._additions.append(("add_topic_text", (text, topic, weight)))

    def add_keyword(self, phrase: str, intent: str) -> None:
        self._additions.append(("add_keyword", (phrase, intent)))

    def exact(self, norm: str) -> str | None:
        """The intent of a pattern this normalised text copies exactly, else None (as ``IntentMatcher.exact``)."""
        return self._exact.get(norm)

    @property
    def matcher(self) -> IntentMatcher:
        with self._lock:
            if self._matcher is None:
                matcher = IntentMatcher(self.threshold)
                for name, arguments in self._additions:
                    getattr(matcher, name)(*arguments)
                self._matcher = matcher.finish()
            return self._matcher


class _WordModel:
    """Multinomial naive Bayes over words and word pairs: the cost of a message does not grow with the data."""

    def __init__(self, alpha: float = 0.3):
        self.alpha = alpha
        self._counts: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        self._totals: dict[str, float] = defaultdict(float)
        self._log: dict[str, dict[str, float]] = {}
        self._unseen: dict[str, float] = {}

    def add(self, features: list[str], label: str, weight: float = 1.0) -> None:
        for feature in features:
            self._counts[feature][label] += weight
            self._totals[label] += weight

    def finish(self) -> None:
        labels = list(self._totals)
        vocabulary = max(len(self._counts), 1)
        denominators = {label: self._totals[label] + self.alpha * vocabulary for label in labels}
        self._unseen = {label: math.log(self.alpha / denominators[label]) for label in labels}
        # Sparse: per feature only the labels that saw it, as the gain over an unseen feature.
        self._log = {
            feature: tuple((label, math.log((count + self.alpha) / self.alpha)) for label, count in by_label.items())
            for feature, by_label in self._counts.items()
        }

    def posteriors(self, features: list[str]) -> dict[str, float]:
        """Probability of each label given the features this model knows; {} when it knows none."""
        known = [self._log[f] for f in features if f in self._log]
        if not known:
            return {}
        scores = {label: len(known) * base for label, base in self._unseen.items()}
        for row in known:
            for label, gain in row:
                scores[label] += gain
        top = max(scores.values())
        exps = {label: math.exp(score - top) for label, score in scores.items()}
        total = sum(exps.values())
        return {label: value / total for label, value in exps.items()}


def load_intents(directory: str | Path, matcher: IntentMatcher | Patterns, known_ids: tuple[str, ...]) -> None:
    """Add intents/*.yaml to ``matcher``; an unknown intent id names file and line."""
    paths = sorted(Path(directory).glob("*.yaml"))
    if not paths:
        raise DataError(f"{directory}: no intent files found")
    for path in paths:
        doc = read_yaml(path)
        data = validate(IntentFile, doc)
        if data.id not in known_ids:
            raise doc.error(("id",), f"unknown intent id {data.id!r} (DESIGN.md lists the ids)")
        if data.id != path.stem:
            raise doc.error(("id",), f"id {data.id!r} must equal the file name {path.stem!r}")
        for pattern in data.patterns:
            matcher.add_pattern(pattern, data.id)
        for keyword in data.keywords:
            matcher.add_keyword(keyword, data.id)
