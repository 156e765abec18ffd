"""Texts in every shipped language: the type used by config, flows, knowledge and texts/."""
from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, ValidationInfo

# The languages offered when config.yaml names none: the one place they are written (config.py and the
# validation context of every LocalText read them from here).
DEFAULT_LANGUAGES = ("en", "hi")


def _every_language(value: dict[str, str], info: ValidationInfo) -> dict[str, str]:
    languages = (info.context or {}).get("languages", DEFAULT_LANGUAGES)
    missing = [lang for lang in languages if not str(value.get(lang) or "").strip()]
    if missing:
        raise ValueError(f"missing text for language(s): {', '.join(missing)}")
    return value


LocalText = Annotated[dict[str, str], AfterValidator(_every_language)]


def pick(text: dict[str, str], language: str, fallback: str = "en") -> str:
    """The text in ``language``, or in ``fallback`` when a language has none."""
    return text.get(language) or text.get(fallback) or next(iter(text.values()), "")
