"""Text normalisation shared by the NLU layer.

Residents write English, Hindi in Devanagari and romanised Hindi (Hinglish),
often with emoji, zero-width joiners and Devanagari digits.  The helpers here
turn such text into a predictable form:

* :func:`clean` - NFKC, invisible format characters removed, emoji replaced by
  spaces, every Unicode decimal digit turned into ASCII, whitespace collapsed.
  Case is preserved (URL paths such as ``bit.ly/3xYz`` are case-sensitive).
  Letters an Arabic keyboard types for Urdu ones (ي ك ه ى) become Urdu's (ی ک ہ ی).
* :func:`normalize` - :func:`clean` plus lower-casing, and "؟" "۔" "।" read as "?" and "."; what intent
  matching and token look-ups use.

None of the functions raise on any ``str`` (lone surrogates included).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = [
    "NO_LETTER_AFTER",
    "NO_LETTER_BEFORE",
    "WORD_CHARS",
    "WORD_MARKS",
    "clean",
    "has_devanagari",
    "normalize",
    "to_ascii_digits",
    "tokens",
]

#: Letters an Arabic keyboard types for Urdu ones that look alike (yeh, kaf, heh, alef maksura): folded to Urdu's.
ARABIC_TO_URDU = {0x064A: 0x06CC, 0x0643: 0x06A9, 0x0647: 0x06C1, 0x0649: 0x06CC}
#: Full stops and question marks of other scripts, read as "." and "?" (Urdu ۔ ؟, the Devanagari/Bengali danda ।).
SCRIPT_PUNCTUATION = {0x06D4: ".", 0x061F: "?", 0x0964: "."}


def _mark_ranges() -> str:
    """Regex character-class ranges of every combining mark (Unicode categories Mn, Mc, Me) of the BMP: the vowel
    signs, viramas and nuktas of Indic scripts and the harakat of Arabic script, which ``\\w`` leaves out."""
    marks = [cp for cp in range(0x300, 0x10000) if unicodedata.category(chr(cp)).startswith("M")]
    ranges: list[list[int]] = []
    for cp in marks:
        if ranges and cp == ranges[-1][1] + 1:
            ranges[-1][1] = cp
        else:
            ranges.append([cp, cp])
    return "".join(f"\\u{a:04x}" + (f"-\\u{b:04x}" if b > a else "") for a, b in ranges)


#: Put inside ``[...]`` beside ``\\w``: a word's combining marks belong to the word (a word edge for every script).
WORD_MARKS = _mark_ranges()
#: Inside ``[...]``: a word's characters in any script (letters, digits, marks), not the danda or other punctuation.
WORD_CHARS = r"\w" + WORD_MARKS
#: A letter of any script (or its mark) does not come right before / right after: "rs" in "hrs", "टाका" in "टाकाय"
#: are no currency, in Bengali and Urdu as in Hindi and English (digits may touch: "rs500", "500rs").
NO_LETTER_BEFORE = rf"(?<![^\W\d_])(?<![{WORD_MARKS}])"
NO_LETTER_AFTER = rf"(?![^\W\d_]|[{WORD_MARKS}])"

_SURROGATES_RE = re.compile("[\ud800-\udfff]")
_WHITESPACE_RE = re.compile(r"\s+")
_DEVANAGARI_RE = re.compile("[\u0900-\u097f\ua8e0-\ua8ff]")

# A "word" character: Unicode letters/digits plus the combining vowel signs,
# viramas and nuktas of Indic scripts (which ``\w`` does not cover), but not
# the danda punctuation marks U+0964/U+0965.
_WORD_CHARS = (
    r"[^\W_]"
    "|[\u0300-\u036f\u0900-\u0963\u0966-\u097f\u0980-\u0dff\ua8e0-\ua8ff]"
)
_TOKEN_RE = re.compile(f"(?:{_WORD_CHARS})+")

# Characters removed outright (no space left behind): variation selectors,
# combining enclosing keycap, and skin-tone / hair modifiers handled below.
_VARIATION_SELECTORS = frozenset(
    list(range(0xFE00, 0xFE10)) + list(range(0xE0100, 0xE01F0)) + [0x20E3]
)
_EMOJI_MODIFIERS = range(0x1F3FB, 0x1F400)
_REGIONAL_INDICATORS = range(0x1F1E6, 0x1F200)

# Fast path: characters that never need per-character inspection.
_PLAIN_ASCII_RE = re.compile(r"[\x20-\x7e]*")


def to_ascii_digits(text: str) -> str:
    """Return ``text`` with every Unicode decimal digit (०-९, ٠-٩, ...) as 0-9."""
    if text.isascii():
        return text
    out = []
    for ch in text:
        if ch.isdecimal() and not ch.isascii():
            out.append(str(unicodedata.decimal(ch, 0)))
        else:
            out.append(ch)
    return "".join(out)


def _strip_surrogates(text: str) -> str:
    """Return ``text`` without lone UTF-16 surrogates (they cannot be encoded)."""
    return _SURROGATES_RE.sub("", text)


def _filter_char(ch: str) -> str:
    """Return the replacement for one non-ASCII character ("" drops it)."""
    cp = ord(ch)
    if cp in _VARIATION_SELECTORS or cp in _EMOJI_MODIFIERS:
        return ""
    category = unicodedata.category(ch)
    if category == "Cf":  # zero-width (ZWSP, ZWNJ, ZWJ, WJ, BOM), bidi marks, tags
        return ""
    if category in ("So", "Sk", "Cs", "Co", "Cn") or cp in _REGIONAL_INDICATORS:
        return " "  # emoji / pictographs / unassigned: keep words apart
    if category == "Cc":
        return " "
    if category == "Nd":
        return str(unicodedata.decimal(ch, 0))
    return chr(ARABIC_TO_URDU.get(cp, cp))


def clean(text: str) -> str:
    """Return ``text`` NFKC-normalised, without invisible characters and emoji,
    with ASCII digits and single spaces, stripped - but with case preserved."""
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    text = _strip_surrogates(text)
    text = unicodedata.normalize("NFKC", text)
    if not (text.isascii() and _PLAIN_ASCII_RE.fullmatch(text)):
        text = "".join(
            ch if (" " <= ch <= "~") else _filter_char(ch) for ch in text
        )
        # Removing a zero-width character can bring a letter and its combining
        # mark together; compose them so that clean(clean(x)) == clean(x).
        text = unicodedata.normalize("NFKC", text)
    return _WHITESPACE_RE.sub(" ", text).strip()


def normalize(text: str) -> str:
    """Return the canonical lower-case form of ``text`` (see module docstring), with the full stops and
    question marks of other scripts as "." and "?"."""
    return _normalized(text) if type(text) is str else _normalize(text)


@lru_cache(maxsize=64)
def _normalized(text: str) -> str:
    """``normalize`` of a ``str``, remembered for the last few texts: reading one message normalises the same
    text (and its normalised form, again) a dozen times, in the classifier, the triage and the language."""
    return _normalize(text)


def _normalize(text: str) -> str:
    text = clean(text).lower()
    return text if text.isascii() else text.translate(SCRIPT_PUNCTUATION)


def has_devanagari(text: str) -> bool:
    """Return True when ``text`` contains at least one Devanagari character."""
    if not isinstance(text, str):
        return False
    return _DEVANAGARI_RE.search(text) is not None


def tokens(text: str) -> list[str]:
    """Return the words of ``normalize(text)``: runs of letters, digits and
    Indic combining marks; everything else separates tokens."""
    return list(_tokens(text)) if type(text) is str else _TOKEN_RE.findall(normalize(text))


@lru_cache(maxsize=16)  # a message's few texts (itself, normalised, its last sentence), not the last message's
def _tokens(text: str) -> tuple[str, ...]:
    """``tokens`` of a ``str``, remembered for the last few texts (a new list each call): one message's words are
    asked for about a dozen times in reading it (the classifier's rules, the triage, the model, the topics)."""
    return tuple(_TOKEN_RE.findall(normalize(text)))
