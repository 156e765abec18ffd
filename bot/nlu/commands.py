"""Keywords that work in any state, but only as the whole message.

"MENU" is a command; "he won't stop calling me" is a report. The words are in each language pack,
lang/<code>/words/commands.yaml (with STOP/START, simple mode's words and the names of the languages). Matching is on the normalised
message with surrounding punctuation removed, so "Menu!" and "/menu" work and sentences never do.
"""
from __future__ import annotations

import logging
import re
from pathlib import Path

from ..content.datafile import DataError, read_yaml
from . import words
from .normalize import normalize

log = logging.getLogger(__name__)

_WORDS = words.load("commands")  # lang/<code>/words/commands.yaml, every pack's words merged
_BY_LANGUAGE = words.by_language("commands")
NAME_LISTS = ("language_names", "language_answers")  # a name in either picks its pack; each may have one pack
REFERENCE = "en"


def _claims(by_language: dict[str, dict[str, tuple[str, ...]]], order: list[str],
            list_name: str) -> dict[str, list[str]]:
    """{word: the packs whose ``list_name`` (or language_names) claims it, in ``order``}."""
    lists = ("language_names",) if list_name == "language_names" else NAME_LISTS
    claims: dict[str, list[str]] = {}
    for code in order:
        for each in lists:
            for word in by_language.get(code, {}).get(each, ()):
                if code not in claims.setdefault(word, []):
                    claims[word].append(code)
    return claims


def _order(codes, offered=()) -> list[str]:
    """The packs' order when two claim one name: the offered (config.languages' order), then English, then the rest
    alphabetically (content.packs.Packs' order of a shared script)."""
    rest = sorted(code for code in codes if code not in offered)
    return list(offered) + ([REFERENCE] if REFERENCE in rest else []) + [c for c in rest if c != REFERENCE]


LANGUAGE_NAMES = {word: codes[0] for word, codes in _claims(_BY_LANGUAGE, _order(_BY_LANGUAGE), "language_names").items()}
LANGUAGE_ANSWERS = {word: codes[0] for word, codes in
                    _claims(_BY_LANGUAGE, _order(_BY_LANGUAGE), "language_answers").items()}
COMMANDS: dict[str, tuple[str, ...]] = {
    "menu": _WORDS["menu"],
    "help": _WORDS["help"],
    "officer": _WORDS["officer"],
    "language": _WORDS["language"] + tuple(LANGUAGE_NAMES),  # "hindi" alone switches to Hindi at once
}
_LOOKUP = {word: name for name, words in COMMANDS.items() for word in words}
_LANGUAGE_REQUEST = frozenset(_WORDS["language_request"])
ASKED_WORDS = 6  # "please reply in urdu only": a request this long at most, not a story that names a language
_EDGE_PUNCT = re.compile(r"^[\s.!?,;:'\"()\-]+|[\s.!।?,;:'\"()\-]+$")

SKIP_WORDS = frozenset(_WORDS["skip"])
STATUS_WORDS = frozenset(_WORDS["status"])
DONE_WORDS = frozenset(_WORDS["done"])
CLOSING_WORDS = frozenset(_WORDS["closing"])  # "thanks", "no", "nahi", "ধন্যবাদ": a chat closed, nothing asked
THANKS_WORDS = frozenset(_WORDS["thanks"])  # "thanks", "dhanyavad", "شکریہ": thanks only, no "no" or "ok"


def clean(text: str) -> str:
    """Normalised text without surrounding punctuation: what whole-message keywords are matched on."""
    return _EDGE_PUNCT.sub("", normalize(text))


def command(text: str) -> str | None:
    """The command the whole message names (menu, help, officer, language), or None."""
    cleaned = clean(text)
    return _LOOKUP.get(cleaned) or ("language" if _language_asked(cleaned) else None)


def _language_asked(cleaned: str) -> str | None:
    """The pack a short message asks to be spoken in ("urdu mein baat karo", "please reply in bengali"): one
    language name and only request words around it, else None."""
    found = cleaned.split()
    if not 1 < len(found) <= ASKED_WORDS:
        return None
    named = [word for word in found if word in LANGUAGE_NAMES]
    if len(named) != 1 or not all(word in LANGUAGE_NAMES or word in _LANGUAGE_REQUEST for word in found):
        return None
    return LANGUAGE_NAMES[named[0]]


def language_named(text: str, answering: bool = False) -> str | None:
    """The pack a whole message names ("hindi", "हिंदी"; at the language question also "eng"), or None."""
    cleaned = clean(text or "")
    return (LANGUAGE_ANSWERS if answering else LANGUAGE_NAMES).get(cleaned) or _language_asked(cleaned)


def whole_message(text: str, table: dict[str, frozenset[str]]) -> str | None:
    """The name in ``table`` whose words include the whole (cleaned) message, else None."""
    cleaned = clean(text or "")
    for name, words in table.items():
        if cleaned in words:
            return name
    return None


def is_skip(text: str) -> bool:
    return clean(text) in SKIP_WORDS


_DONT_KNOW_RE = re.compile(r"(?<!\w)(?:" + "|".join(
    re.escape(normalize(w)) for w in sorted(_WORDS["dont_know"], key=len, reverse=True)) + r")(?!\w)")
DONT_KNOW_BESIDE = 4  # "UTR not known", "mujhe utr nahi pata", "I don't know the transaction id": a few words more


def says_not_known(text: str) -> bool:
    """SKIP, or a don't-know said of the thing asked ("utr nahi pata", "UTR not known", "last 4 yaad nahi"): a
    ``dont_know`` phrase (commands.yaml) with at most DONT_KNOW_BESIDE words more and no number longer than a digit
    (a resident's trial, session 17: asked again)."""
    cleaned = clean(text or "")
    if cleaned in SKIP_WORDS:
        return True
    found = _DONT_KNOW_RE.search(cleaned)
    if found is None or re.search(r"\d\d", cleaned):
        return False
    return len((cleaned[:found.start()] + " " + cleaned[found.end():]).split()) <= DONT_KNOW_BESIDE


def asks_status(text: str) -> bool:
    """The whole message asks the report's status ("STATUS", "status kya hai", "স্ট্যাটাস"; commands.yaml ``status``)."""
    return clean(text) in STATUS_WORDS


def is_closing(text: str) -> bool:
    """The whole message only closes the chat ("thanks", "no", "ok bye", "shukriya")."""
    return clean(text) in CLOSING_WORDS


def is_thanks(text: str) -> bool:
    """The whole message only thanks ("thanks", "dhanyavad", "ধন্যবাদ"): mid-report, no answer to the question."""
    return clean(text) in THANKS_WORDS


def is_done(text: str) -> bool:
    cleaned = clean(text)
    return cleaned in DONE_WORDS or cleaned in SKIP_WORDS


def check_language_names(packs) -> None:
    """Start-up check of the words that name a language (commands.yaml ``language_names``, ``language_answers``) in
    the packs under ``packs.root`` (content.packs.Packs, ``packs.offered``: config.languages). A word two offered
    packs claim stops start-up naming both files and lines (which language would "हिंदी" pick?); one an offered
    pack and another claim goes to the offered one, one two packs not offered claim to the first (English, then
    alphabetical), each logged with both places. A pack's own name (pack.yaml ``name``, what the language menu
    shows) must be among its language_names, typed as the menu shows it: an offered pack's missing name stops
    start-up, another's is logged."""
    root = Path(packs.root)
    docs = {code: read_yaml(root / code / "words" / "commands.yaml") for code in packs.infos
            if (root / code / "words" / "commands.yaml").is_file()}
    by_language = {code: {each: tuple(doc.data.get(each) or ()) for each in NAME_LISTS}
                   for code, doc in docs.items() if isinstance(doc.data, dict)}

    def where(code: str, word: str) -> str:
        for each in NAME_LISTS:
            found = by_language[code].get(each, ())
            if word in found:
                return docs[code].where((each, found.index(word)))
        return str(root / code / "words" / "commands.yaml")

    offered = [code for code in packs.offered if code in by_language]
    problems, chosen = [], {}
    for word, codes in _claims(by_language, _order(by_language, offered), "language_answers").items():
        if len(codes) < 2:
            continue
        places = ", ".join(f"{code} ({where(code, word)})" for code in codes)
        if sum(code in offered for code in codes) > 1:
            problems.append(f"{where(codes[1], word)}: {word!r} names two offered languages: {places}")
        else:
            chosen[word] = codes[0]
            log.warning("language name %r is claimed by %s: it picks %s (offered packs first, in config.yaml "
                        "languages' order)", word, places, codes[0])
    for code, info in packs.infos.items():
        if clean(info.name) in by_language.get(code, {}).get("language_names", ()):  # as language_named looks
            continue
        message = (f"{root / code / 'pack.yaml'}:{_name_line(root / code / 'pack.yaml')}: the menu shows "
                   f"{info.name!r}, but {root / code / 'words' / 'commands.yaml'} language_names lacks it: "
                   f"typed back, it would not be understood")
        if code in offered:
            problems.append(message)
        else:
            log.warning("%s", message)
    if problems:
        raise DataError("language names (lang/<code>/words/commands.yaml):\n  " + "\n  ".join(problems))
    if root == Path(words.LANG_DIR):  # the tables read at import: the offered pack wins a shared name
        for word, code in chosen.items():
            if word in LANGUAGE_NAMES:
                LANGUAGE_NAMES[word] = code
            LANGUAGE_ANSWERS[word] = code


def _name_line(path: Path) -> int:
    doc = read_yaml(path)
    return doc.lines.get(("name",), 1)
