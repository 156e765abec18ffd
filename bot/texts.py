"""The bot's own texts (texts/*.yaml), every one in every configured language."""
from __future__ import annotations

from pathlib import Path

from pydantic import RootModel

from .datafile import DataError, read_yaml, validate
from .i18n import LocalText, pick


class _TextFile(RootModel[dict[str, LocalText]]):
    pass


class SafeDict(dict):
    """str.format_map values: an unknown placeholder stays as written instead of raising."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def render(template: str, values: dict) -> str:
    try:
        return template.format_map(SafeDict(values))
    except (ValueError, IndexError):  # a stray brace in data: show the text as written
        return template


class Texts:
    def __init__(self, texts: dict[str, dict[str, str]], base_values):
        self._texts = texts
        self._base_values = base_values  # language -> placeholder values from config

    @classmethod
    def load(cls, directory: str | Path, languages: list[str], base_values) -> "Texts":
        texts: dict[str, dict[str, str]] = {}
        for path in sorted(Path(directory).glob("*.yaml")):
            doc = read_yaml(path)
            for key in validate(_TextFile, doc, {"languages": languages}).root:
                if key in texts:
                    raise doc.error((key,), f"text {key!r} is defined twice")
            texts.update(doc.data)
        if not texts:
            raise DataError(f"{directory}: no texts found")
        return cls(texts, base_values)

    def has(self, key: str) -> bool:
        return key in self._texts

    def get(self, key: str, language: str, **values) -> str:
        return self.render(self._texts[key], language, **values)

    def render(self, text: dict[str, str], language: str, **values) -> str:
        return render(pick(text, language), {**self._base_values(language), **values})
