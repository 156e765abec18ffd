"""The bot's own texts (lang/<code>/texts/*.yaml, bot/content/packs.py), every one in every language pack."""
from __future__ import annotations

from pathlib import Path

from pydantic import RootModel

from .datafile import DataError, read_yaml, validate
from .i18n import LocalText, pick
from .packs import Packs


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
    def __init__(self, texts: dict[str, dict[str, str]], base_values, packs: Packs | None = None):
        self._texts = texts
        self._base_values = base_values  # language -> placeholder values from config
        self.packs = packs  # the language packs the texts came from (names, scripts, draft status)

    @classmethod
    def load(cls, directory: str | Path, languages: list[str] | None, base_values,
             packs: Packs | None = None) -> "Texts":
        """Every text of lang/*/texts/*.yaml (English's keys in every pack), plus any still written inline in
        ``directory``/*.yaml ({en:, hi:}; ``python -m bot.cli.tools.to_packs`` moves them); a key twice stops."""
        directory = Path(directory)
        packs = packs or Packs.beside(directory)
        packs.check_offered(list(languages or []))
        texts: dict[str, dict[str, str]] = {}
        where: dict[str, str] = {}
        for name in packs.names("texts"):
            english = packs.docs("texts", name)["en"]
            for key, text in packs.wording("texts", name).items():
                if key in texts:
                    raise english.error((key,), f"text {key!r} is defined twice (also at {where[key]})")
                texts[key], where[key] = text, english.where((key,))
        for path in sorted(directory.glob("*.yaml")):
            doc = read_yaml(path)
            for key in validate(_TextFile, doc, {"languages": packs.codes}).root:
                if key in texts:
                    raise doc.error((key,), f"text {key!r} is defined twice (also at {where[key]}); "
                                    "python -m bot.cli.tools.to_packs moves inline texts into the packs")
            texts.update(doc.data)
            where.update({key: doc.where((key,)) for key in doc.data})
        if not texts:
            raise DataError(f"{packs.root}: no texts found")
        return cls(texts, base_values, packs)

    def define(self, texts: dict[str, dict[str, str]], where: str) -> None:
        """Texts made from other data (the menus, from the flows' menu places: bot/content/catalogue.py)."""
        for key in texts:
            if key in self._texts:
                raise DataError(f"{where}: text {key!r} is made from the flows' menu places; "
                                "remove it from lang/<code>/texts")
        self._texts.update(texts)

    def has(self, key: str) -> bool:
        return key in self._texts

    def get(self, key: str, language: str, **values) -> str:
        return self.render(self._texts[key], language, **values)

    def render(self, text: dict[str, str], language: str, **values) -> str:
        return render(pick(text, language), {**self._base_values(language), **values})
