"""Registered domains of the links residents send, from the Public Suffix List (the copy tldextract ships, offline).

One answer for every caller (the scam-identifier registry, the understanding's link finder and "is this an
official site?", the police check): ``sub.example.co.in`` -> ``example.co.in``, ``sbi-kyc.netlify.app`` is a
customer's site on a hosting platform and is kept whole, ``cybercrime.gov.in`` is a government site.

The list is the snapshot tldextract ships (``tldextract/.tld_set_snapshot``, found without importing tldextract): no
request is made at run time and nothing is cached on disk. A newer list comes with a newer tldextract
(requirements.txt). The PSL's private section (hosting platforms that give every customer a sub-domain) is
used; ``EXTRA_SUFFIXES`` adds the few such platforms, and India's bank-only ``bank.in`` / ``fin.in``
(RBI, 2025), that the bundled list does not have yet.

The look-up is tldextract's own algorithm (``TLDExtract(include_psl_private_domains=True, extra_suffixes=...)``:
its host parsing, wildcard and exception rules, punycode labels decoded with ``idna``), kept here over one dict of
the list's nodes (issue 17, a worker's memory): importing tldextract brought requests, urllib3, charset_normalizer
and filelock into every web worker, and it built two tries of ~10,000 objects, one never asked; ~12 MB a worker
(bench/README.md, session 13). ``tests/test_domains.py`` checks every answer against tldextract's on every suffix
of the list.
"""
from __future__ import annotations

import importlib.util
import ipaddress
import re
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple
from urllib.parse import scheme_chars, urlsplit

#: Not (yet) in the bundled Public Suffix List: hosting platforms whose customers get a sub-domain (a scam page
#: on one is the customer's host, never the platform), and the bank-only Indian zones (each bank its own domain).
EXTRA_SUFFIXES = ("bank.in", "fin.in", "wordpress.com", "weebly.com", "godaddysites.com", "mystrikingly.com",
                  "000webhostapp.com")
#: Public suffixes only the Government of India registers under.
GOVERNMENT_SUFFIXES = frozenset(("gov.in", "nic.in"))

_PRIVATE_SECTION = "// ===BEGIN PRIVATE DOMAINS==="
_SUFFIX_LINE = re.compile(r"^(?P<suffix>[.*!]*\w[\S]*)", re.UNICODE | re.MULTILINE)  # tldextract's reading of a line
_IPV4 = re.compile(r"^(?:(?:[0-9]|[1-9][0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-5])\.)"
                   r"{3}(?:[0-9]|[1-9][0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-5])$", re.ASCII)
_SCHEME_CHARS = frozenset(scheme_chars)


def snapshot_path() -> Path:
    """The Public Suffix List tldextract ships (located, not imported)."""
    spec = importlib.util.find_spec("tldextract")
    if spec is None or not spec.origin:
        raise RuntimeError("tldextract is not installed: pip install -r requirements.txt (its suffix list is used)")
    return Path(spec.origin).parent / ".tld_set_snapshot"


class SuffixList:
    """The list as tldextract's trie reads it, flattened: every node of the trie (a suffix or a part of one, labels
    joined right to left as in the host: ``"co.in"``, ``"*.ck"``, ``"!www.ck"``) -> (is a suffix, is private)."""

    def __init__(self, text: str, extra: tuple[str, ...] = ()):
        public_text, _, private_text = text.partition(_PRIVATE_SECTION)
        public = [m.group("suffix") for m in _SUFFIX_LINE.finditer(public_text)]
        private = [m.group("suffix") for m in _SUFFIX_LINE.finditer(private_text)]
        self.tlds = frozenset(public + private + list(extra))
        self.nodes: dict[str, tuple[bool, bool]] = {}
        for suffixes, is_private in ((frozenset(public + list(extra)), False), (frozenset(private), True)):
            for suffix in suffixes:
                labels = suffix.split(".")
                for at in range(len(labels) - 1, 0, -1):  # the parts on the way, as tldextract's add_suffix makes them
                    self.nodes.setdefault(".".join(labels[at:]), (False, False))
                self.nodes[suffix] = (True, is_private)

    def suffix_index(self, labels: list[str]) -> int | None:
        """Index of the first label of the public suffix (tldextract's ``suffix_index``), None when none."""
        node = ""
        suffix_idx = label_idx = len(labels)
        for label in reversed(labels):
            decoded = _decode_punycode(label)
            key = f"{decoded}.{node}" if node else decoded
            found = self.nodes.get(key)
            if found is not None:
                label_idx -= 1
                node = key
                if found[0]:
                    suffix_idx = label_idx
                continue
            if (f"*.{node}" if node else "*") in self.nodes:
                exception = (f"!{decoded}.{node}" if node else f"!{decoded}") in self.nodes
                return label_idx if exception else label_idx - 1
            break
        return None if suffix_idx == len(labels) else suffix_idx


def _decode_punycode(label: str) -> str:
    lowered = label.lower()
    if lowered.startswith("xn--"):
        import idna  # only for a punycode label (tldextract's dependency, as it decodes them)

        try:
            return idna.decode(lowered)
        except (UnicodeError, IndexError):
            pass
    return lowered


def _lenient_netloc(url: str) -> str:
    """The host of a URL-like string, as tldextract reads it (case kept, IPv6 brackets kept)."""
    start = url.find("//")
    if start == 0:
        url = url[2:]
    elif start >= 2 and url[start - 1] == ":" and not set(url[:start - 1]) - _SCHEME_CHARS:
        url = url[start + 2:]
    authority = url.partition("/")[0].partition("?")[0].partition("#")[0]
    after_userinfo = authority.rpartition("@")[-1]
    if after_userinfo and after_userinfo[0] == "[":
        maybe_ipv6 = after_userinfo.partition("]")
        if maybe_ipv6[1] == "]":
            return f"{maybe_ipv6[0]}]"
    return after_userinfo.partition(":")[0].strip().rstrip(".\u3002\uff0e\uff61")


class Parts(NamedTuple):
    domain: str
    suffix: str


@lru_cache(maxsize=1)
def _suffixes() -> SuffixList:
    return SuffixList(snapshot_path().read_text(encoding="utf-8"), EXTRA_SUFFIXES)


def split_host(host: str) -> Parts:
    """(domain, public suffix) of ``host`` exactly as tldextract's ``extract_str`` with the private section and
    ``EXTRA_SUFFIXES`` gives them (its ``domain`` and ``suffix``)."""
    netloc = _lenient_netloc(host).replace("\u3002", ".").replace("\uff0e", ".").replace("\uff61", ".")
    if len(netloc) >= 4 and netloc[0] == "[" and netloc[-1] == "]":
        try:
            ipaddress.IPv6Address(netloc[1:-1])
            return Parts(netloc, "")
        except ValueError:
            pass
    labels = netloc.split(".")
    index = _suffixes().suffix_index(labels)
    if index is None:
        is_ip = len(labels) == 4 and netloc[:1].isdecimal() and _IPV4.fullmatch(netloc) is not None
        return Parts(netloc if is_ip else labels[-1], "")
    return Parts(labels[index - 1] if index > 0 else "", ".".join(labels[index:]))


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
def _parts(host: str) -> Parts:
    return split_host(host)


def warm() -> None:
    """Build the suffix list's lookup now, at start-up, not at the first message with a link that each worker
    process answers (issue 17)."""
    _suffixes()


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
    return frozenset(suffix.rsplit(".", 1)[-1] for suffix in _suffixes().tlds)


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
