"""Registered domains of the links residents send, from the Public Suffix List (tldextract, offline).

One answer for every caller (the scam-identifier registry, the understanding's link finder and "is this an
official site?", the police check): ``sub.example.co.in`` -> ``example.co.in``, ``sbi-kyc.netlify.app`` is a
customer's site on a hosting platform and is kept whole, ``cybercrime.gov.in`` is a government site.

tldextract reads the suffix list it ships (its bundled snapshot): no request is made at run time and nothing
is cached on disk (``suffix_list_urls=()``, ``cache_dir=None``). A newer list comes with a newer tldextract
(requirements.txt). The PSL's private section (hosting platforms that give every customer a sub-domain) is
used; ``EXTRA_SUFFIXES`` adds the few such platforms, and India's bank-only ``bank.in`` / ``fin.in``
(RBI, 2025), that the bundled list does not have yet.
"""
from __future__ import annotations

import ipaddress
import re
from functools import lru_cache
from urllib.parse import urlsplit

import tldextract

#: Not (yet) in the bundled Public Suffix List: hosting platforms whose customers get a sub-domain (a scam page
#: on one is the customer's host, never the platform), and the bank-only Indian zones (each bank its own domain).
EXTRA_SUFFIXES = ("bank.in", "fin.in", "wordpress.com", "weebly.com", "godaddysites.com", "mystrikingly.com",
                  "000webhostapp.com")
#: Public suffixes only the Government of India registers under.
GOVERNMENT_SUFFIXES = frozenset(("gov.in", "nic.in"))

_EXTRACT = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True,
                                 extra_suffixes=EXTRA_SUFFIXES)


def _clean(host: str) -> str:
    return host.strip().rstrip(".").lower()


def is_ip(host: str) -> bool:
    """True for an IPv4 or IPv6 address (``"1.2.3.4"``)."""
    try:
        ipaddress.ip_address(_clean(host).strip("[]"))
    except ValueError:
        return False
    return True


@lru_cache(maxsize=4096)
def _parts(host: str) -> tldextract.ExtractResult:
    return _EXTRACT.extract_str(host)


def warm() -> None:
    """Build the suffix list's lookup now, at start-up: tldextract builds it at its first question (~0.3 s on this
    machine), which was the first message with a link that each worker process answered (issue 17). Then what it
    built for questions this module never asks is let go (``_let_go_unasked``)."""
    _EXTRACT.extract_str("example.co.in")
    _top_labels()
    _let_go_unasked()


#: What tldextract's lookup builds besides the trie with the private section (the one every question here is
#: answered from: ``include_psl_private_domains=True``): a second trie without it and the suffixes as lists and
#: sets, read only by a question without the private section or by ``TLDExtract.tlds`` (``_top_labels`` has read it).
_UNASKED = ("tlds_excl_private_trie", "tlds_excl_private", "tlds_incl_private", "public_tlds", "private_tlds")


def _let_go_unasked() -> None:
    """A worker keeps one trie, not two (session 19: ~1 MB a worker). Left as built by a tldextract whose lookup
    lacks any of these names (a later version); a question that would read one fails loudly, never answers wrong."""
    lookup = getattr(_EXTRACT, "_extractor", None)
    if lookup is None or not getattr(lookup, "include_psl_private_domains", False) or not all(
            hasattr(lookup, name) for name in _UNASKED):
        return
    for name in _UNASKED:
        setattr(lookup, name, None)


def public_suffix(host: str) -> str:
    """The host's public suffix (``"co.in"``, ``"netlify.app"``), or ``""`` for an IP address or an unknown
    ending (``"foo.example"``)."""
    host = _clean(host)
    return "" if is_ip(host) else _parts(host).suffix


def registered_domain(host: str) -> str:
    """The domain its owner registered: ``"login.example.co.in"`` -> ``"example.co.in"``, ``"bit.ly"`` ->
    ``"bit.ly"``, ``"sbi-kyc.netlify.app"`` kept whole (a customer's site on a hosting platform). An IP address
    is itself; a host that is a public suffix (``"gov.in"``, ``"netlify.app"``) is itself; a host with an
    ending outside the list (``"x.y.example"``) keeps its last two labels. Lower-case, no trailing dot; IDN
    hosts come as written (punycode stays punycode)."""
    host = _clean(host)
    if is_ip(host):
        return host
    parts = _parts(host)
    if parts.domain and parts.suffix:
        return f"{parts.domain}.{parts.suffix}"
    if parts.suffix:
        return parts.suffix
    return ".".join(host.split(".")[-2:])


def is_public_suffix(host: str) -> bool:
    """True when the host is itself a public suffix (``"co.in"``, ``"netlify.app"``): nobody's own domain."""
    host = _clean(host)
    return bool(host) and not is_ip(host) and _parts(host).suffix == host


@lru_cache(maxsize=1)
def _top_labels() -> frozenset[str]:
    return frozenset(suffix.rsplit(".", 1)[-1] for suffix in _EXTRACT.tlds)


def is_tld(label: str) -> bool:
    """True for a top-level domain in the list (``"in"``, ``"com"``, ``"np"``, ``"xn--h2brj9c"``)."""
    return _clean(label) in _top_labels()


def is_government(host: str) -> bool:
    """True for a Government of India site (``cybercrime.gov.in``, ``x.nic.in``)."""
    host = _clean(host)
    return any(host == suffix or host.endswith("." + suffix) for suffix in GOVERNMENT_SUFFIXES)


def host_of(link: str) -> str:
    """The host of a link as residents write it (``"https://WWW.Sbi-kyc.in:8080/x"`` -> ``"www.sbi-kyc.in"``,
    ``"cybercrime.gov.in/abc"`` -> ``"cybercrime.gov.in"``); ``""`` when there is none."""
    link = link.strip()
    if not re.match(r"[a-z][a-z0-9+.-]*://", link, re.I):
        link = "http://" + link
    try:
        return _clean(urlsplit(link).hostname or "")
    except ValueError:
        return ""


#: Link shorteners: the path is the identifier and keeps its case; no domain identifier is derived.
SHORTENERS = frozenset(
    """bit.ly bitly.com tinyurl.com t.co goo.gl rb.gy cutt.ly is.gd shorturl.at ow.ly buff.ly tiny.cc
    v.gd s.id rebrand.ly t.ly bl.ink short.io shorte.st adf.ly lnkd.in surl.li urlz.fr clck.ru
    qr.ae trib.al dlvr.it soo.gd u.to 2.gy tiny.one shrtco.de rb.gy ln.run inshorturl.com
    forms.gle maps.app.goo.gl g.co""".split()
)
