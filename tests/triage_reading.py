"""What the per-session triage test files share: the clock they read at, ``read`` and a concept table's cases.

``CONCEPTS = {concept: [(language, text), ...]}`` tables (one concept, its tellings in each pack) become one
pytest case a telling with ``concept_cases``, named ``concept-language-n`` so a failure names its concept."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from bot.nlu import triage

NOW = datetime(2026, 11, 27, 4, 30, tzinfo=timezone.utc)  # 10:00 in India, a Friday


def read(text: str) -> triage.Triage:
    """The triage of ``text`` at ``NOW``."""
    return triage.read(text, NOW)


def concept_cases(concepts: dict[str, list[tuple[str, str]]]) -> list:
    """One ``pytest.param(text)`` a telling of each concept, its id ``concept-language-n``."""
    return [pytest.param(text, id=f"{concept}-{lang}-{n}")
            for concept, items in concepts.items() for n, (lang, text) in enumerate(items)]
