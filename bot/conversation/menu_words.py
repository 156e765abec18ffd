"""The menu by words: a resident who types a menu line instead of its digit ("report money fraud", "safety advice",
"सुरक्षा सलाह") gets that line, as if the digit had been sent. The lines are read from the menu text each pack
already shows (derived from the flow files, bot/content/catalogue.py), so nothing here lists them. A longer message that
only contains a line ("I want to report money fraud") counts too; a story with a line inside it ("report money
fraud, 20000 gone just now") is left to the understanding (and the triage has read it first)."""
from __future__ import annotations

import re
from typing import Iterable

from rapidfuzz import fuzz

from ..nlu.normalize import normalize

LINE = re.compile(r"^\s*(\d)\s*[.)]\s*(.+?)\s*$")
EXTRA_WORDS = 3  # "I want to ..." / "please ..." around a menu line
SIMILAR = 90  # a typo or two: "reprot money fraud"


def digit_for(text: str, menus: Iterable[str]) -> str | None:
    """The digit of the menu line ``text`` says, from any of ``menus`` (menu texts), else None."""
    said = normalize(text)
    if not said:
        return None
    words = len(said.split())
    for menu in menus:
        for line in menu.splitlines():
            match = LINE.match(line)
            label = normalize(match.group(2)) if match else ""
            if not label:
                continue
            if said == label or fuzz.ratio(said, label) >= SIMILAR or (
                    f" {label} " in f" {said} " and words - len(label.split()) <= EXTRA_WORDS):
                return match.group(1)
    return None


def choice_for(text: str, options: list[list[str]]) -> int | None:
    """The one offered choice ``text`` names in words ("upi" for "UPI collect requests and QR codes"), as the index
    into ``options`` (each option: its titles in the languages shown), else None (none, or more than one, match)."""
    said = normalize(text)
    if len(said) < 3:
        return None
    found = {index for index, titles in enumerate(options) for title in titles
             if f" {said} " in f" {normalize(title)} " or fuzz.ratio(said, normalize(title)) >= SIMILAR}
    return found.pop() if len(found) == 1 else None
