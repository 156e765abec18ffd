"""Links and e-mail addresses as residents write them: which endings make a link is a reading of residents' text
(registered domains are bot/nlu/domains.py's)."""

from __future__ import annotations

import re

from .. import domains
from .text import dedupe, prep

_EMAIL_RE = re.compile(
    r"(?<![\w.%+-])[a-z0-9][a-z0-9._%+-]*@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,24}(?![\w-])",
    re.IGNORECASE,
)


# Which endings make a link is a reading of residents' text, not a suffix list: these are the endings a
# link may have without "www." or a path; every one is a real top-level domain of the Public Suffix List
# (bot/nlu/domains.py, tested). Registered domains are bot/nlu/domains.py's alone.
# TLDs accepted on their own ("sbi-update.xyz").
_STRONG_TLDS = frozenset(
    """com net org info biz xyz top online site shop store club live app dev
    io co in ly cc tk ml ga cf gq uk ru cn pk bd np lk ai ws la su pw gd gl
    tv vip bid loan click link website tech cloud icu buzz rest cyou bank
    gov edu mil int news blog mobi asia sg hk au ca de fr nl eu jp kr ph vn
    th ng ke za br mx es""".split()
)
# Word-like TLDs, accepted only with a scheme, "www." or a path, so that a
# missing space after a full stop ("done.it", "paise gaye.help") is no link.
_WEAK_TLDS = frozenset(
    """me to it us my id is am at be do no so win work fun space pro today
    support help services finance money page one world life digital email
    agency center company network online""".split()
)
# Top-level names kept for examples and tests (RFC 2606, RFC 6761): a link in a forwarded sample or a test.
_RESERVED_TLDS = frozenset(("example", "invalid", "test"))
_URL_RE = re.compile(
    r"""(?<![\w@.\-/:])
    (?P<url>
      (?:(?P<scheme>https?|hxxps?|ftp)://)?  # "hxxp://": a link written defanged in a forward, still one to check
      (?P<host>
        (?P<www>www\.)?
        (?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+
        (?P<tld>[a-z]{2,24})
      )
      (?![\w@-])
      (?P<port>:\d{2,5})?
      (?P<path>[/?#][^\s<>"'`]*)?
    )""",
    re.IGNORECASE | re.VERBOSE,
)
_IP_URL_RE = re.compile(
    r"(?<![\w@.\-/])(?P<url>(?P<scheme>https?)://(?P<host>(?:\d{1,3}\.){3}\d{1,3})"
    r"(?P<port>:\d{2,5})?(?P<path>[/?#][^\s<>\"'`]*)?)",
    re.IGNORECASE,
)
_TRAILING_PUNCT = ".,;:!?)]}'\"”’>"


def email_matches(t: str) -> list[re.Match]:
    """Return e-mail address matches in prepared text ``t``."""
    return list(_EMAIL_RE.finditer(t)) if "@" in t else []


def find_emails(text: str) -> list[str]:
    """Return lower-cased e-mail addresses in ``text``, in order, deduplicated."""
    return dedupe([m.group().lower() for m in email_matches(prep(text))])


def _plausible_url(m: re.Match) -> bool:
    """Return True when a URL match has a believable top-level domain."""
    tld = m.group("tld").lower()
    if tld in _STRONG_TLDS or m.group("scheme"):  # "http://..." is a link whatever its ending
        return True
    if tld in _RESERVED_TLDS and "." in m.group("host").rstrip(".")[: -len(tld) - 1]:
        return True  # "sbi-points.example.invalid": the names kept for examples (RFC 2606), as residents' tests write
    explicit = m.group("www") or m.group("path")
    return bool(explicit) and (tld in _WEAK_TLDS or (len(tld) == 2 and domains.is_tld(tld)))


def _format_url(m: re.Match) -> str:
    """Return the URL as written, host (and scheme) lower-cased, trailing
    punctuation removed."""
    scheme = m.group("scheme")
    prefix = f"{scheme.lower()}://" if scheme else ""
    rest = (m.group("port") or "") + (m.group("path") or "")
    url = prefix + m.group("host").lower() + rest
    while url and url[-1] in _TRAILING_PUNCT:
        if url[-1] == ")" and url.count("(") >= url.count(")"):
            break
        url = url[:-1]
    return url


def url_matches(t: str) -> list[tuple[int, int, str]]:
    """Return (start, end, url) for links in prepared text ``t``."""
    if "." not in t:  # every host has a dot: skip both expressions
        return []
    found = []
    for m in _URL_RE.finditer(t):
        if _plausible_url(m):
            found.append((m.start(), m.end(), _format_url(m)))
    for m in _IP_URL_RE.finditer(t):
        rest = (m.group("port") or "") + (m.group("path") or "")
        url = f"{m.group('scheme').lower()}://{m.group('host')}{rest}".rstrip(_TRAILING_PUNCT)
        found.append((m.start(), m.end(), url))
    found.sort()
    return found


def find_urls(text: str) -> list[str]:
    """Return links in ``text`` ("bit.ly/3xYz", "https://sbi-kyc.in/login") as
    written, host lower-cased, trailing punctuation trimmed; deduplicated."""
    return dedupe([u for _, _, u in url_matches(prep(text))])
