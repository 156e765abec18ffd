"""Language packs: one folder a language, ``lang/<code>/``.

    lang/<code>/pack.yaml             code, name (in its own script), scripts, direction, reviewed_by, status
    lang/<code>/texts/<file>.yaml     the bot's own texts: key: text
    lang/<code>/flows/<flow>.yaml     a flow's wording: text key (title, <node>.<field>, <node>.choices.<id>): text
    lang/<code>/knowledge/<topic>.yaml  a topic's title, answer and tip
    lang/<code>/words/<list>.yaml     the words the understanding needs (bot/nlu/words.py)

English is the reference: start-up checks every pack has every text key, flow text and topic answer English
has (and every key a flow names), and stops naming each missing one with the file and line that asks for it.
A pack no native speaker has reviewed (``status: draft``) is logged at start-up and marked in the console.
The data files keep structure only (``python -m bot.cli.tools.to_packs`` moves inline wording here); wording
still written inline (``{en: ..., hi: ...}``) is read as it stands.
"""
from __future__ import annotations

import logging
import unicodedata
from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .datafile import DataError, PlacedError, YamlDoc, read_yaml, validate

log = logging.getLogger(__name__)

REFERENCE = "en"
LANG_DIR = Path(__file__).resolve().parent.parent.parent / "lang"


class PackInfo(BaseModel):
    """pack.yaml: what a language is and who vouches for its wording."""

    model_config = ConfigDict(extra="forbid")

    code: str = Field(pattern=r"^[a-z]{2,3}$")
    name: str = Field(min_length=1)  # in its own script: what the language menu shows
    scripts: list[str] = Field(min_length=1)  # Unicode script names (Latin, Devanagari, Bengali, Arabic)
    direction: Literal["ltr", "rtl"] = "ltr"
    locale: str = Field("en_IN", pattern=r"^[a-z]{2,3}(_[A-Z]{2})?$")  # CLDR locale of numbers (bot/formats.py)
    reviewed_by: list[str] = Field(default_factory=list)
    status: Literal["draft", "reviewed"]

    @model_validator(mode="after")
    def _reviewer_named(self) -> "PackInfo":
        if self.status == "reviewed" and not self.reviewed_by:
            # the error names reviewed_by's line, the field to fill in (not the mapping's first line, code:)
            raise PlacedError(("reviewed_by",), "status: reviewed needs reviewed_by (the native speakers who "
                                                "reviewed it)")
        return self

    @property
    def draft(self) -> bool:
        return self.status == "draft"


def english_name(code: str) -> str:
    """A language's name in English from CLDR (Babel): "Bangla" for bn; the code when CLDR has none. For readers who
    cannot read the pack's own script: an officer's console, a resident who writes in Latin letters."""
    from babel import Locale
    return Locale("en").languages.get(code, code)


def script_of(char: str) -> str | None:
    """The Unicode script of a letter or digit ('DEVANAGARI', 'BENGALI', 'ARABIC', 'LATIN'), from its name."""
    if not (char.isalpha() or char.isdigit()) or ord(char) < 128:
        return "LATIN" if char.isalpha() else None
    name = unicodedata.name(char, "")
    return name.split(" ", 1)[0] if name else None


class Packs:
    """Every pack under ``lang/`` (English first), with the wording of each kind of file."""

    def __init__(self, root: Path, infos: dict[str, PackInfo], offered: list[str] | tuple[str, ...] = ()):
        self.root = root
        self.infos = infos
        self.offered = [code for code in offered if code in infos]  # config.languages, in the menu's order

    @classmethod
    def load(cls, root: str | Path | None = None, offered: list[str] | tuple[str, ...] = ()) -> "Packs":
        root = Path(root or LANG_DIR)
        infos: dict[str, PackInfo] = {}
        for path in sorted(root.glob("*/pack.yaml")):
            doc = read_yaml(path)
            info = validate(PackInfo, doc)
            if info.code != path.parent.name:
                raise doc.error(("code",), f"code {info.code!r} must equal the folder name {path.parent.name!r}")
            infos[info.code] = info
        if REFERENCE not in infos:
            raise DataError(f"{root / REFERENCE / 'pack.yaml'}: the English pack (the reference) is missing")
        ordered = {REFERENCE: infos.pop(REFERENCE), **infos}
        return cls(root, ordered, offered)

    @classmethod
    def beside(cls, data_dir: str | Path, offered: list[str] | tuple[str, ...] = ()) -> "Packs":
        """The packs of the project a data folder (flows/, knowledge/, texts/) is in; the shipped ones for a
        folder outside a project (a test's single file). ``offered``: config.languages (a shared script's order)."""
        lang = Path(data_dir).parent / "lang"
        return cls.load(lang if lang.is_dir() else LANG_DIR, offered)

    @property
    def codes(self) -> list[str]:
        return list(self.infos)

    def drafts(self) -> list[str]:
        return [code for code, info in self.infos.items() if info.draft]

    def log_drafts(self) -> None:
        for code in self.drafts():
            log.warning("language pack %s (%s) is a draft: no native speaker has reviewed it yet",
                        code, self.infos[code].name)

    def check_offered(self, languages: list[str], where: str = "config.yaml") -> None:
        unknown = [code for code in languages if code not in self.infos]
        if unknown:
            raise DataError(f"{where}: languages {', '.join(unknown)} have no pack in {self.root} "
                            f"(lang/<code>/pack.yaml); packs: {', '.join(self.codes)}")

    def check_words(self, languages: list[str]) -> None:
        """Every pack has each words file English has (lang/en/words/<list>.yaml): the understanding of a pack
        without, say, words/triage.yaml has no golden-hour words and would miss an urgent report. An offered
        pack (``languages``) missing one stops start-up (the unit offers it in the menu, so it must be whole); a
        pack only answering its own script is logged, naming each missing file, and still starts."""
        wanted = self.names("words")
        missing = {code: [f"{self.root / code / 'words' / (name + '.yaml')}" for name in wanted
                          if not (self.root / code / "words" / f"{name}.yaml").is_file()]
                   for code in self.infos}
        refused = [path for code in languages for path in missing.get(code, [])]
        if refused:
            raise DataError(f"language pack incomplete ({len(refused)} words files missing, the understanding "
                            f"would not read that language):\n  " + "\n  ".join(refused))
        for code, paths in missing.items():
            if paths:
                log.warning("language pack %s has no %s: messages in %s are read without those words "
                            "(not offered in config.yaml languages, so start-up goes on)",
                            code, ", ".join(paths), self.infos[code].name)

    # -- script detection -----------------------------------------------------------------------------
    def _script_order(self) -> list[str]:
        """Who wins a shared script: the offered packs in config.languages' order, then the others (English
        first, then alphabetical)."""
        return self.offered + [code for code in self.infos if code not in self.offered]

    @cached_property
    def _scripts(self) -> dict[str, list[str]]:
        """Script (upper case) -> the packs written in it, the one a message in it gets first (not Latin)."""
        found: dict[str, list[str]] = {}
        for code in self._script_order():
            for script in self.infos[code].scripts:
                if script.upper() != "LATIN":
                    found.setdefault(script.upper(), []).append(code)
        return found

    @cached_property
    def _by_script(self) -> dict[str, str]:
        """Script (upper case) -> the pack a message in it gets, for scripts other than Latin."""
        return {script: codes[0] for script, codes in self._scripts.items()}

    def shared_scripts(self) -> dict[str, list[str]]:
        """{script: packs written in it, the one a message gets first}, for scripts two or more packs share."""
        return {script: codes for script, codes in self._scripts.items() if len(codes) > 1}

    def log_shared_scripts(self) -> None:
        for script, codes in self.shared_scripts().items():
            log.warning("language packs %s share the %s script: a message written in it is answered in %s "
                        "(offered packs, in config.yaml languages order, come before packs not offered)",
                        ", ".join(codes), script.title(), codes[0])

    def by_script(self, text: str) -> str | None:
        """The pack a message's own script picks (Devanagari: hi), or None for Latin letters and digits only."""
        if not text or text.isascii():  # ASCII is Latin letters, digits and signs: no pack's script (Latin is none)
            return None
        for char in text:
            code = self._by_script.get(script_of(char) or "")
            if code:
                return code
        return None

    # -- wording ---------------------------------------------------------------------------------------
    def docs(self, kind: str, name: str) -> dict[str, YamlDoc | None]:
        """{code: lang/<code>/<kind>/<name>.yaml, or None where a pack has no such file}."""
        out = {}
        for code in self.infos:
            path = self.root / code / kind / f"{name}.yaml"
            out[code] = read_yaml(path) if path.is_file() else None
        return out

    def names(self, kind: str) -> list[str]:
        """The file names (without .yaml) English has for ``kind``."""
        return sorted(path.stem for path in (self.root / REFERENCE / kind).glob("*.yaml"))

    def wording(self, kind: str, name: str, required: dict[str, str] | None = None) -> dict[str, dict[str, str]]:
        """{key: {code: text}} of lang/*/<kind>/<name>.yaml; every pack must have every ``required`` key
        ({key: where it is asked for}, default: English's keys), else DataError naming each missing one."""
        docs = self.docs(kind, name)
        english = docs[REFERENCE]
        if required is None:
            if english is None:
                raise DataError(f"{self.root / REFERENCE / kind / (name + '.yaml')}: not found")
            required = {key: english.where((key,)) for key in (english.data or {})}
        problems = []
        merged: dict[str, dict[str, str]] = {key: {} for key in required}
        for code, doc in docs.items():
            path = self.root / code / kind / f"{name}.yaml"
            data = doc.data if doc is not None else {}
            if not isinstance(data, dict):
                raise doc.error((), "must be a mapping of text keys to texts")
            for key, where in required.items():
                value = data.get(key)
                if isinstance(value, str) and value.strip():
                    merged[key][code] = value
                elif key in data:
                    problems.append(f"{doc.where((key,))}: {key}: empty or not a text")
                else:
                    problems.append(f"{path}: missing {key!r} (asked for at {where})")
        if problems:
            raise DataError(f"language pack incomplete ({len(problems)}):\n  " + "\n  ".join(problems[:40]))
        return merged


def inline(value) -> bool:
    """Wording written inline in a data file ({en: ..., hi: ...}) instead of a text key."""
    return isinstance(value, dict)
