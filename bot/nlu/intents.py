"""Intent matching: a keyword index picks candidate patterns, rapidfuzz scores them.

Cost per message does not grow with the number of patterns: candidates are drawn from the
posting lists of the message's rarest words and capped, and only those are scored. Words not in
the vocabulary (typos) are mapped to their nearest known word once and remembered.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field
from rapidfuzz import fuzz, process

from ..datafile import DataError, read_yaml, validate
from .normalize import normalize, tokens

MAX_CANDIDATES = 60
STOPWORDS = frozenset(
    "a an the is are was were be been i me my mine we our you your he she it they them this that to of in on at "
    "for from with and or but so if do does did have has had can could will would should please pls plz sir madam "
    "ji hai hain tha thi the ho hua hui ka ki ke ko se me mein mera meri mere main mai ne ye yeh wo woh kya kyа "
    "है हैं था थी का की के को से में मेरा मेरी मेरे मैं ने यह वह क्या और तो भी".split()
)


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


@dataclass
class _Pattern:
    text: str
    intent: str
    topic: str | None
    words: frozenset = field(default_factory=frozenset)


class IntentMatcher:
    def __init__(self, threshold: int = 62):
        self.threshold = threshold
        self._patterns: list[_Pattern] = []
        self._postings: dict[str, list[int]] = defaultdict(list)
        self._keywords: dict[tuple[str, ...], set[str]] = defaultdict(set)
        self._max_kw_len = 1
        self._vocab: list[str] = []
        self._exact: dict[str, int] = {}

    # -- building -------------------------------------------------------------------------
    def add_pattern(self, text: str, intent: str, topic: str | None = None) -> None:
        norm = normalize(text)
        words = [w for w in tokens(norm) if w not in STOPWORDS] or tokens(norm)
        if not words:
            return
        index = len(self._patterns)
        self._patterns.append(_Pattern(norm, intent, topic, frozenset(words)))
        self._exact.setdefault(norm, index)
        for word in set(words):
            self._postings[word].append(index)

    def add_keyword(self, phrase: str, intent: str) -> None:
        words = tuple(tokens(normalize(phrase)))
        if words:
            self._keywords[words].add(intent)
            self._max_kw_len = max(self._max_kw_len, len(words))

    def finish(self) -> "IntentMatcher":
        self._vocab = sorted(w for w in self._postings if len(w) >= 3 and not w.isdigit())
        self._correct.cache_clear()
        return self

    @property
    def size(self) -> int:
        return len(self._patterns)

    @property
    def patterns(self) -> list[tuple[str, str]]:
        return [(p.text, p.intent) for p in self._patterns]

    # -- matching -------------------------------------------------------------------------
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

    def match(self, text: str) -> Match:
        norm = normalize(text)
        words = tokens(norm)
        if not words:
            return Match("unknown", 0)
        exact = self._exact.get(norm)
        if exact is not None:
            pattern = self._patterns[exact]
            return Match(pattern.intent, 100, pattern.topic, ((pattern.topic, 100),) if pattern.topic else ())
        known: list[str] = []
        for word in words:
            if word in self._postings:
                known.append(word)
            else:
                fixed = self._correct(word)
                if fixed:
                    known.append(fixed)
        hits = self._keyword_hits(words)
        content = [w for w in dict.fromkeys(known) if w not in STOPWORDS] or list(dict.fromkeys(known))
        content.sort(key=lambda w: len(self._postings[w]))
        candidates: list[int] = []
        seen: set[int] = set()
        for word in content:
            for index in self._postings[word]:
                if index not in seen:
                    seen.add(index)
                    candidates.append(index)
                    if len(candidates) >= MAX_CANDIDATES:
                        break
            if len(candidates) >= MAX_CANDIDATES:
                break
        query = " ".join(known) if known else norm
        intent_scores: dict[str, float] = defaultdict(float)
        topic_scores: dict[str, float] = defaultdict(float)
        if candidates:
            texts = [self._patterns[i].text for i in candidates]
            scored = process.extract(query, texts, scorer=fuzz.token_set_ratio, limit=None, score_cutoff=40)
            for _text, score, position in scored:
                pattern = self._patterns[candidates[position]]
                overlap = len(pattern.words & set(known)) / max(len(pattern.words), 1)
                value = score * (0.75 + 0.25 * overlap)
                if value > intent_scores[pattern.intent]:
                    intent_scores[pattern.intent] = value
                if pattern.topic and value > topic_scores[pattern.topic]:
                    topic_scores[pattern.topic] = value
        for intent, weight in hits.items():
            intent_scores[intent] = max(intent_scores[intent], 70.0) + 8.0 * min(weight, 3)
        ranked_topics = tuple(sorted(((t, int(round(min(s, 100)))) for t, s in topic_scores.items()),
                                     key=lambda item: -item[1])[:3])
        if not intent_scores:
            return Match("unknown", 0, None, ranked_topics)
        intent, score = max(intent_scores.items(), key=lambda item: item[1])
        score = int(round(min(score, 100)))
        if score < self.threshold:
            return Match("unknown", score, None, ranked_topics)
        topic = ranked_topics[0][0] if ranked_topics else None
        return Match(intent, score, topic, ranked_topics)


def load_intents(directory: str | Path, matcher: IntentMatcher, known_ids: tuple[str, ...]) -> None:
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
