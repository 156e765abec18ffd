"""The bank or wallet a message names (lang/<code>/words/banks.yaml), exact aliases first, then small typos."""

from __future__ import annotations

from functools import lru_cache

from rapidfuzz import fuzz, process

from .. import words
from ..normalize import tokens
from .links import email_matches, url_matches
from .payments import own_account_matches, upi_matches
from .text import Span, prep

#: Canonical bank / wallet name -> aliases in every language (matched on normalised tokens): data in
#: lang/<code>/words/banks.yaml, shared with every form that asks for a bank.
BANKS: dict[str, tuple[str, ...]] = words.load("banks")

_FUZZY_MIN_LEN = 6
_MAX_ALIAS_TOKENS = 5
_FUZZY_CUTOFF = 88.0
# A window can match an alias with a typo only if its first word is near the alias's first word (a typo of
# "state" in "sate bank of india", "statebank" run together): words this far from every first word skip the
# typo matcher, which is most words of most messages (remembered per word).
_FIRST_WORD_CUTOFF = 60.0


@lru_cache(maxsize=1)
def _bank_alias_index() -> tuple[dict[tuple[str, ...], str], dict[int, dict[str, str]]]:
    """Return (exact token-tuple -> bank, {token count: {alias text: bank}} for
    fuzzy matching of aliases of at least ``_FUZZY_MIN_LEN`` characters)."""
    exact: dict[tuple[str, ...], str] = {}
    fuzzy: dict[int, dict[str, str]] = {}

    for bank, aliases in BANKS.items():
        for alias in aliases + (bank,):
            toks = tuple(tokens(prep(alias)))
            if not toks:
                continue
            exact.setdefault(toks, bank)
            text = " ".join(toks)
            if len(text) >= _FUZZY_MIN_LEN and text.isascii() and all(len(w) > 2 or w == "of" for w in toks):
                fuzzy.setdefault(len(toks), {})[text] = bank
    return exact, fuzzy


def _bank_exact_at(toks: list[str], i: int) -> str | None:
    """Return the bank whose longest alias starts exactly at token ``i``."""
    exact, _ = _bank_alias_index()
    for n in range(min(_MAX_ALIAS_TOKENS, len(toks) - i), 0, -1):
        bank = exact.get(tuple(toks[i : i + n]))
        if bank:
            return bank
    return None


@lru_cache(maxsize=1)
def _fuzzy_first_words() -> tuple[str, ...]:
    _, fuzzy = _bank_alias_index()
    return tuple(sorted({alias.split()[0] for aliases in fuzzy.values() for alias in aliases}))


@lru_cache(maxsize=50000)
def _may_start_alias(word: str) -> bool:
    """False when ``word`` is too far from the first word of every typo-matched alias to start one."""
    return process.extractOne(word, _fuzzy_first_words(), scorer=fuzz.ratio,
                              score_cutoff=_FIRST_WORD_CUTOFF) is not None


def _bank_fuzzy_at(toks: list[str], i: int) -> str | None:
    """Return the bank whose alias (longest first) matches the tokens starting
    at ``i`` with a small typo ("sate bank of india", "canra bank")."""
    if not _may_start_alias(toks[i]):
        return None
    _, fuzzy = _bank_alias_index()
    for n in sorted(fuzzy, reverse=True):
        if len(toks) - i < n:
            continue
        window = " ".join(toks[i : i + n])
        if len(window) < _FUZZY_MIN_LEN:
            continue
        bank = _fuzzy_bank(window, n)
        if bank:
            return bank
    return None


@lru_cache(maxsize=50000)
def _fuzzy_bank(window: str, n: int) -> str | None:
    """The bank an n-word window names with a small typo, remembered per window."""
    _, fuzzy = _bank_alias_index()
    hit = process.extractOne(window, fuzzy[n].keys(), scorer=fuzz.ratio, score_cutoff=_FUZZY_CUTOFF)
    return fuzzy[n][hit[0]] if hit else None


def _address_spans(t: str) -> list[Span]:
    """Return spans of links, e-mail addresses and UPI ids (merged)."""
    spans = [(s, e) for s, e, _ in url_matches(t)]
    spans += [m.span() for m in email_matches(t)] + [m.span() for m in upi_matches(t)]
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def bank_in(t: str) -> str | None:
    """Return the canonical bank/wallet name mentioned first in prepared text
    ``t``: exact aliases (whole tokens) win over typo matches at the same place.
    Links, e-mail addresses and UPI ids are ignored ("sbi-kyc.top" is a
    phishing site, "x@paytm" the receiver's wallet, not the resident's bank); else the bank of the writer's own account
    told with its IFSC ("my account ... ifsc SBIN0001234")."""
    own = [m["ifsc"][:4].lower() for m in own_account_matches(t) if m["ifsc"]]
    for start, end in sorted(_address_spans(t), reverse=True):
        t = t[:start] + " " + t[end:]
    toks = tokens(t)
    for i in range(len(toks)):
        bank = _bank_exact_at(toks, i) or _bank_fuzzy_at(toks, i)
        if bank:
            return bank
    # "my account number is ... ifsc SBIN0001234": the own account's bank, by its IFSC prefix (banks.yaml)
    return next((bank for prefix in own if (bank := _bank_exact_at([prefix], 0))), None)


def find_bank(text: str) -> str | None:
    """Return the canonical name of the first bank or wallet mentioned in
    ``text`` ("State Bank of India", "PhonePe", ...), or None."""
    return bank_in(prep(text))
