"""Normalising what residents report into the registry's canonical forms (pure, no database): one function per
kind turns what a resident or a file
wrote into the one canonical value stored, or raises :class:`RefusedIdentifier` with the reason. Nothing is
ever stored half-normalised. :func:`normalise` dispatches by kind; :func:`identifiers_in` finds every
identifier in free text. The database side is bot/registry/records.py.

Canonical forms (README.md, "The scam-identifier registry", has the whole table):

========  ==============================================================================
phone     E.164 through phonenumbers, default region IN: ``+919876543210``
upi       lower-case ``local@handle``: ``name@okaxis``
account   digits, with the IFSC when known: ``001234567890@SBIN0001234`` or ``001234567890``
url       no scheme, no ``www.``, host lower-case, no default port, no trailing slash, no
          fragment; the path lower-case except on URL shorteners (kept as given)
domain    the registrable domain of a link's host: ``sbi-kyc.in`` (never a shortener's or a big
          platform's own domain, so ``bit.ly`` or ``instagram.com`` is never "reported")
email     lower-case ``local@domain.tld``
handle    ``platform:handle`` lower-case: ``instagram:fraud.guy``, ``telegram:easy_money``
app       trimmed, inner spaces collapsed, case-folded: ``quick loan pro``
imei      15 digits passing the Luhn check
========  ==============================================================================
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import parse_qs, urlsplit

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat, ValidationResult

from ..nlu import domains, words
from ..nlu.domains import SHORTENERS
from ..nlu.entities.devices import find_imeis
from ..nlu.entities.links import find_emails, find_urls
from ..nlu.entities.payments import find_accounts, find_ifsc, find_upi_ids
from ..nlu.entities.phones import find_phones
from ..nlu.redact import luhn_ok

__all__ = [
    "KINDS",
    "RefusedIdentifier",
    "expand",
    "identifiers_in",
    "normalise",
    "normalise_account",
    "normalise_app",
    "normalise_domain",
    "normalise_email",
    "normalise_handle",
    "normalise_imei",
    "normalise_phone",
    "normalise_upi",
    "normalise_url",
]


KINDS = ("phone", "upi", "account", "url", "domain", "email", "handle", "app", "imei")
MAX_VALUE = 500  # longer values are refused: an index entry must stay small on both databases

# Other spellings accepted for a kind (CSV files from other units, officers typing).
KIND_ALIASES = {
    "mobile": "phone", "number": "phone", "phone_number": "phone", "msisdn": "phone",
    "upi_id": "upi", "vpa": "upi",
    "bank_account": "account", "account_number": "account",
    "link": "url", "website": "url",
    "e-mail": "email", "mail": "email",
    "profile": "handle", "social": "handle", "social_handle": "handle",
    "app_name": "app",
}


class RefusedIdentifier(ValueError):
    """The value is not a valid identifier of the kind asked; ``reason`` says why, for a person."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _refuse(reason: str):
    raise RefusedIdentifier(reason)


def _prepare(value: Any, kind: str) -> str:
    if not isinstance(value, str):
        _refuse(f"a {kind} must be text")
    value = value.strip()
    if not value:
        _refuse(f"empty {kind}")
    if len(value) > MAX_VALUE:
        _refuse(f"longer than {MAX_VALUE} characters")
    return value


# --------------------------------------------------------------------------
# Phones
# --------------------------------------------------------------------------

_PHONE_CHARS = re.compile(r"[\d\s()+\-./]+")
_PHONE_REASONS = {
    ValidationResult.TOO_SHORT: "too short for a phone number",
    ValidationResult.TOO_LONG: "too long for a phone number",
    ValidationResult.INVALID_COUNTRY_CODE: "unknown country code",
    ValidationResult.INVALID_LENGTH: "wrong length for a phone number",
}

_PARSE_REASONS = {
    NumberParseException.INVALID_COUNTRY_CODE: "unknown country code",
    NumberParseException.NOT_A_NUMBER: "not a phone number",
    NumberParseException.TOO_SHORT_AFTER_IDD: "too short for a phone number",
    NumberParseException.TOO_SHORT_NSN: "too short for a phone number",
    NumberParseException.TOO_LONG: "too long for a phone number",
}


def normalise_phone(value: str, region: str = "IN") -> str:
    """``"098765 43210"``, ``"+91-98765-43210"``, ``"919876543210"`` -> ``"+919876543210"`` (E.164).

    A number without a country code is read in ``region`` (India by default)."""
    s = _prepare(value, "phone number")
    if s.lower().startswith("tel:"):
        s = s[4:].strip()
    if re.search(r"[^\W\d_]", s):
        _refuse("a phone number has no letters")
    if not _PHONE_CHARS.fullmatch(s):
        _refuse("a phone number has digits, spaces, dashes and a leading + only")
    if s.count("+") > 1 or ("+" in s and not s.lstrip("(").startswith("+")):
        _refuse("a + may only start a phone number")
    digits = re.sub(r"\D", "", s)
    if len(digits) < 6:
        _refuse("too short for a phone number")
    if len(digits) > 17:
        _refuse("too long for a phone number")
    try:
        number = phonenumbers.parse(s, region)
    except NumberParseException as exc:
        _refuse(_PARSE_REASONS.get(exc.error_type, "not a phone number"))
    if not phonenumbers.is_valid_number(number):
        reason = phonenumbers.is_possible_number_with_reason(number)
        _refuse(_PHONE_REASONS.get(reason, "not a valid phone number"))
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)


# --------------------------------------------------------------------------
# UPI ids, e-mail addresses, bank accounts, IMEIs, apps
# --------------------------------------------------------------------------

def display_phone(value: str) -> str:
    """A phone number as people read it (``+91 11 2345 6789``); the value as given if it does not parse."""
    try:
        return phonenumbers.format_number(phonenumbers.parse(value, "IN"), PhoneNumberFormat.INTERNATIONAL)
    except NumberParseException:
        return value


_UPI_RE = re.compile(r"[a-z0-9][a-z0-9._-]{1,255}@[a-z][a-z0-9]{1,63}")
_EMAIL_RE = re.compile(
    r"[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,24}|xn--[a-z0-9-]{2,59})"
)


def normalise_upi(value: str) -> str:
    """``"NAME@OKAXIS"`` -> ``"name@okaxis"``; a ``upi://pay?pa=...`` link gives its payee id."""
    s = _prepare(value, "UPI id")
    if s.lower().startswith("upi://"):
        payee = parse_qs(urlsplit(s).query).get("pa")
        if not payee:
            _refuse("a upi:// link without a payee (pa=)")
        s = payee[0].strip()
    s = s.lower()
    if "@" not in s:
        _refuse("a UPI id looks like name@bank")
    local, _, handle = s.rpartition("@")
    if "." in handle:
        _refuse("this is an e-mail address, not a UPI id (the part after @ has a dot)")
    if not _UPI_RE.fullmatch(s):
        _refuse("a UPI id has letters, digits, dots, dashes or underscores, then @ and the bank's handle")
    return s


def normalise_email(value: str) -> str:
    """``"Fraud.Desk@Example.COM"`` -> ``"fraud.desk@example.com"``."""
    s = _prepare(value, "e-mail address").lower()
    if s.startswith("mailto:"):
        s = s[7:].split("?", 1)[0].strip()
    if len(s) > 254:
        _refuse("longer than an e-mail address can be")
    if s.count("@") != 1:
        _refuse("an e-mail address has exactly one @")
    if not _EMAIL_RE.fullmatch(s):
        _refuse("not an e-mail address (name@domain.tld)")
    return s


_IFSC_CANDIDATE = re.compile(r"(?<![A-Z0-9])[A-Z]{4}[A-Z0-9]{7}(?![A-Z0-9])")
_IFSC_RE = re.compile(r"[A-Z]{4}0[A-Z0-9]{6}")
_ACCOUNT_LABELS = re.compile(r"\b(?:IFSC|A/C|AC|ACCOUNT|ACCT|NO|NUMBER|CODE)\b[.:]?")


def normalise_account(value: str) -> str:
    """A bank account, 9-18 digits, with its IFSC when given: ``"0012 3456 7890, sbin0001234"`` ->
    ``"001234567890@SBIN0001234"``; without an IFSC, the digits alone."""
    s = _prepare(value, "bank account").upper()
    ifsc = None
    candidates = _IFSC_CANDIDATE.findall(s)
    if len(candidates) > 1:
        _refuse("more than one IFSC code")
    if candidates:
        ifsc = candidates[0]
        if not _IFSC_RE.fullmatch(ifsc):
            _refuse(f"IFSC {ifsc} is not valid (4 letters, a zero, then 6 letters or digits)")
        s = s.replace(ifsc, " ")
    rest = _ACCOUNT_LABELS.sub(" ", s)
    digits = re.sub(r"[\s\-@/,;:|.()#]", "", rest)
    if not digits:
        _refuse("no account number")
    if not digits.isdigit():
        _refuse("an account number has digits only")
    if not 9 <= len(digits) <= 18:
        _refuse(f"an account number has 9 to 18 digits, not {len(digits)}")
    if set(digits) == {"0"}:
        _refuse("an account number cannot be all zeros")
    return f"{digits}@{ifsc}" if ifsc else digits


def normalise_imei(value: str) -> str:
    """15 digits (spaces, dashes and slashes dropped) passing the Luhn check."""
    s = _prepare(value, "IMEI")
    s = re.sub(r"^IMEI\s*(?:NO\.?|NUMBER)?\s*[:#-]?\s*", "", s, flags=re.I)
    digits = re.sub(r"[\s\-/.]", "", s)
    if not digits.isdigit():
        _refuse("an IMEI has digits only")
    if len(digits) != 15:
        _refuse(f"an IMEI has 15 digits, not {len(digits)}")
    if len(set(digits)) == 1:
        _refuse("not a real IMEI (one digit repeated)")
    if not luhn_ok(digits):
        _refuse("the IMEI's check digit is wrong (Luhn)")
    return digits


def normalise_app(value: str) -> str:
    """An app's name as residents write it, trimmed, inner spaces collapsed, case-folded."""
    s = " ".join(_prepare(value, "app name").split()).casefold()
    if len(s) < 2 or len(s) > 100:
        _refuse("an app name has 2 to 100 characters")
    if not re.search(r"[^\W\d_]", s):
        _refuse("an app name has at least one letter")
    return s


# --------------------------------------------------------------------------
# Links, domains and social-media handles
# --------------------------------------------------------------------------

#: Each platform's own hosts, the one table (no other list of them): a platform's host is never a reported
#: domain; on its ``profiles`` hosts a link's path names an account (a handle), its ``other`` hosts serve videos,
#: short links or its own pages. WhatsApp's and Signal's links carry a phone number (``_profile_handle``).
#: Residents' names for the platforms ("insta", "इंस्टाग्राम") are data: lang/<code>/words/platforms.yaml.
PLATFORM_HOSTS: dict[str, dict[str, tuple[str, ...]]] = {
    "instagram": {"profiles": ("instagram.com", "instagr.am")},
    "facebook": {"profiles": ("facebook.com", "fb.com", "fb.me"), "other": ("fb.watch", "messenger.com")},
    "telegram": {"profiles": ("t.me", "telegram.me"), "other": ("telegram.org",)},
    "x": {"profiles": ("x.com", "twitter.com")},
    "youtube": {"profiles": ("youtube.com",), "other": ("youtu.be",)},
    "snapchat": {"profiles": ("snapchat.com",)},
    "linkedin": {"profiles": ("linkedin.com",)},
    "threads": {"profiles": ("threads.net",)},
    "tiktok": {"profiles": ("tiktok.com",)},
    "whatsapp": {"other": ("whatsapp.com", "wa.me")},
    "sharechat": {"other": ("sharechat.com",)},
    "moj": {"other": ("mojapp.in",)},
    "discord": {"other": ("discord.com", "discord.gg")},
    "signal": {"other": ("signal.org", "signal.me", "signal.group")},
}
PLATFORMS = tuple(PLATFORM_HOSTS)
#: Profile-link hosts -> platform; handles are stored as "platform:handle".
_PROFILE_HOSTS = {host: name for name, hosts in PLATFORM_HOSTS.items() for host in hosts.get("profiles", ())}
#: Big sites: a link on them may be an identifier, their own domain never is (the platforms' hosts, and these).
PLATFORM_DOMAINS = frozenset(
    """google.com google.co.in amazon.in amazon.com flipkart.com apple.com microsoft.com live.com outlook.com
    gmail.com yahoo.com play.google.com drive.google.com docs.google.com sites.google.com github.com gitlab.com
    pinterest.com reddit.com dropbox.com wetransfer.com mediafire.com""".split()
) | {host for hosts in PLATFORM_HOSTS.values() for group in hosts.values() for host in group}
_DEFAULT_PORTS = {"http": 80, "https": 443}
_LABEL_RE = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")
_IPV4_RE = re.compile(r"\d{1,3}(?:\.\d{1,3}){3}")

_RESERVED_PATHS = {
    "instagram": {"p", "reel", "reels", "explore", "accounts", "tv", "direct", "about", "legal", "developer"},
    "facebook": {"groups", "events", "watch", "photo", "photo.php", "share", "sharer", "sharer.php", "story.php",
                 "permalink.php", "marketplace", "login", "login.php", "help", "pages", "hashtag", "reel", "video"},
    "telegram": {"joinchat", "c", "addstickers", "share", "proxy", "iv"},
    "x": {"i", "home", "search", "hashtag", "intent", "share", "explore", "settings", "login", "messages"},
    "youtube": {"watch", "shorts", "playlist", "results", "feed", "embed", "live"},
    "snapchat": {"discover", "spotlight", "lens", "stories"},
    "linkedin": {"company", "jobs", "feed", "posts", "pulse", "school"},
    "threads": set(),
    "tiktok": {"discover", "tag", "music", "video"},
}
_HANDLE_RE = re.compile(r"[a-z0-9._-]{1,64}")


@dataclass(frozen=True)
class _Link:
    host: str  # lower-case, IDNA, no www.
    port: str  # ":8080" or ""
    path: str  # as written
    query: str  # as written, without "?"
    shortener: bool
    fragment: str = ""  # as written, without "#": never part of the URL kept; signal.me's number is there


def _host_of(raw: str) -> str:
    host = raw.rstrip(".").lower()
    if not host:
        _refuse("a link without a host")
    if not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            _refuse("the link's host is not a valid domain name")
    if _IPV4_RE.fullmatch(host):
        if any(int(part) > 255 for part in host.split(".")):
            _refuse("not a valid IP address")
        return host
    labels = host.split(".")
    if len(labels) < 2:
        _refuse("a link's host has a dot (example.com)")
    if not all(_LABEL_RE.fullmatch(label) for label in labels):
        _refuse("the link's host has characters a domain cannot have")
    tld = labels[-1]
    if not (tld.isalpha() and len(tld) >= 2) and not tld.startswith("xn--"):
        _refuse("the link's host does not end in a top-level domain")
    if labels[0] == "www" and len(labels) > 2:
        host = ".".join(labels[1:])
    return host


def _parse_link(value: str) -> _Link:
    s = _prepare(value, "link")
    if any(ch.isspace() for ch in s):
        _refuse("a link has no spaces")
    if not re.match(r"[a-z][a-z0-9+.-]*://", s, re.I):
        if re.match(r"[a-z][a-z0-9+.-]*:(?!\d)", s, re.I) and not re.match(r"[^:/]+:\d", s):
            _refuse("only web links (http, https) are kept")
        s = "http://" + s
    try:
        parts = urlsplit(s)
        port = parts.port
    except ValueError:
        _refuse("the link's port is not a number")
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        _refuse("only web links (http, https) are kept")
    if parts.hostname is None:
        _refuse("a link without a host")
    host = _host_of(parts.hostname)
    port_text = ""
    if port is not None and port != _DEFAULT_PORTS[scheme]:
        port_text = f":{port}"
    return _Link(host=host, port=port_text, path=parts.path, query=parts.query, shortener=host in SHORTENERS,
                 fragment=parts.fragment)


def _is_platform(domain: str, host: str) -> bool:
    return (domain in PLATFORM_DOMAINS or host in PLATFORM_DOMAINS or domain in SHORTENERS
            or host in SHORTENERS or domains.is_public_suffix(domain))


def _url_text(link: _Link) -> str:
    path = link.path if link.shortener else link.path.lower()
    path = path.rstrip("/")
    query = f"?{link.query}" if link.query else ""
    return f"{link.host}{link.port}{path}{query}"


def normalise_url(value: str) -> str:
    """``"HTTP://WWW.Example.com/Login/"`` -> ``"example.com/login"``; ``"https://bit.ly/3xYz"`` ->
    ``"bit.ly/3xYz"`` (a shortener's path keeps its case). The fragment (#...) is dropped; the query
    is kept as written."""
    return _url_text(_parse_link(value))


def normalise_domain(value: str) -> str:
    """The registrable domain of a link or host: ``"HTTP://WWW.Example.com/"``, ``"example.com"``,
    ``"login.example.com/x"`` -> ``"example.com"``; ``"x.co.in"`` keeps three labels, a customer's
    host on a hosting platform (``"sbi-kyc.netlify.app"``) is kept whole: the Public Suffix List says
    (bot/nlu/domains.py)."""
    link = _parse_link(value)
    return domains.registered_domain(link.host)


def _phone_of(written: str) -> tuple[str, str] | None:
    try:
        return "phone", normalise_phone("+" + written.strip().lstrip("+"))
    except RefusedIdentifier:
        return None


def _profile_handle(link: _Link) -> tuple[str, str] | None:
    """("platform", "handle") for a profile link, ("phone", E.164) for a WhatsApp or Signal chat link
    (``wa.me/91...``, ``api.whatsapp.com/send?phone=91...``, ``signal.me/#p/+91...``), else None."""
    host = link.host
    for prefix in ("m.", "mobile.", "web.", "business.", "l."):
        if host.startswith(prefix) and host[len(prefix):] in _PROFILE_HOSTS | {"whatsapp.com": ""}:
            host = host[len(prefix):]
    segments = [seg for seg in link.path.split("/") if seg]
    if host == "wa.me" and segments:
        return _phone_of(segments[0])
    if host in ("api.whatsapp.com", "whatsapp.com") and segments[:1] == ["send"]:
        phone = parse_qs(link.query).get("phone")
        return _phone_of(phone[0]) if phone else None
    if host == "signal.me" and link.fragment.lower().startswith("p/"):
        return _phone_of(link.fragment[2:])
    platform = _PROFILE_HOSTS.get(host)
    if platform is None or not segments:
        return None
    lowered = [seg.lower() for seg in segments]
    first = lowered[0]
    handle = None
    if platform == "facebook":
        if first == "profile.php":
            ids = parse_qs(link.query).get("id")
            handle = ids[0] if ids and ids[0].isdigit() else None
        elif first == "people" and len(lowered) >= 3 and lowered[2].isdigit():
            handle = lowered[2]
        elif first not in _RESERVED_PATHS["facebook"]:
            handle = first
    elif platform == "instagram":
        if first == "stories" and len(lowered) >= 2:
            handle = lowered[1]
        elif first not in _RESERVED_PATHS["instagram"]:
            handle = first
    elif platform == "telegram":
        if first == "s" and len(lowered) >= 2:
            handle = lowered[1]
        elif not first.startswith("+") and first not in _RESERVED_PATHS["telegram"]:
            handle = first
    elif platform == "youtube":
        if first.startswith("@"):
            handle = first
        elif first in ("c", "user", "channel") and len(lowered) >= 2:
            handle = lowered[1]
    elif platform == "snapchat":
        if first == "add" and len(lowered) >= 2:
            handle = lowered[1]
    elif platform == "linkedin":
        if first == "in" and len(lowered) >= 2:
            handle = lowered[1]
    elif platform in ("threads", "tiktok"):
        if first.startswith("@"):
            handle = first
    elif first not in _RESERVED_PATHS.get(platform, set()):
        handle = first
    if not handle:
        return None
    handle = handle.lstrip("@")
    if not _HANDLE_RE.fullmatch(handle) or not re.search(r"[a-z0-9]", handle):
        return None
    return platform, handle


@lru_cache(maxsize=1)
def _platform_names() -> dict[str, str]:
    """Every name of a platform in every pack (casefolded) -> the platform's id; the ids name themselves."""
    names = {name: name for name in PLATFORMS}
    for platform, phrases in words.load("platforms").items():
        if platform not in PLATFORM_HOSTS:
            raise ValueError(f"lang/*/words/platforms.yaml: {platform!r} is not a platform of the registry "
                             f"(bot/registry/normalising.py PLATFORM_HOSTS: {', '.join(PLATFORMS)})")
        for phrase in phrases:
            names.setdefault(" ".join(phrase.casefold().split()), platform)
    return names


def _platform_name(name: str) -> str | None:
    return _platform_names().get(" ".join(name.casefold().split()))


def normalise_handle(value: str, platform: str | None = None) -> str:
    """A social-media account as ``platform:handle``, lower-case, from a profile link
    (``instagram.com/Fraud.Guy`` -> ``instagram:fraud.guy``), ``"platform:@handle"``, or ``"@handle"``
    with ``platform`` given."""
    s = _prepare(value, "handle")
    match = re.fullmatch(r"([A-Za-z]+)\s*:\s*@?(\S+)", s)
    if match and not match.group(2).startswith("//"):
        name = _platform_name(match.group(1))
        if name is None:
            _refuse(f"unknown platform {match.group(1)!r}")
        platform, s = name, match.group(2)
    elif "/" in s or (platform is None and re.search(r"\.[a-z]{2,}", s, re.I) and not s.startswith("@")):
        link = _parse_link(s)
        found = _profile_handle(link)
        if found is None or found[0] == "phone":
            _refuse("not a profile link on a platform we know")
        return f"{found[0]}:{found[1]}"
    else:
        if platform is None:
            _refuse("a handle needs its platform (for example instagram:@name)")
        name = _platform_name(platform)
        if name is None:
            _refuse(f"unknown platform {platform!r}")
        platform = name
    handle = s.lstrip("@").lower()
    if not _HANDLE_RE.fullmatch(handle) or not re.search(r"[a-z0-9]", handle):
        _refuse("a handle has letters, digits, dots, dashes or underscores (at most 64)")
    return f"{platform}:{handle}"


_NORMALISERS = {
    "phone": normalise_phone,
    "upi": normalise_upi,
    "account": normalise_account,
    "url": normalise_url,
    "domain": normalise_domain,
    "email": normalise_email,
    "handle": normalise_handle,
    "app": normalise_app,
    "imei": normalise_imei,
}


def kind_of(name: str) -> str:
    """The kind named by ``name`` (an alias like ``upi_id`` or ``bank_account`` allowed)."""
    key = (name or "").strip().lower().replace(" ", "_")
    key = KIND_ALIASES.get(key, key)
    if key not in KINDS:
        _refuse(f"unknown kind {name!r} (one of {', '.join(KINDS)})")
    return key


def normalise(kind: str, value: str, **options) -> str:
    """The canonical value of ``value`` as an identifier of ``kind``, or :class:`RefusedIdentifier`.

    ``options``: ``region`` for phones (default ``"IN"``), ``platform`` for handles."""
    kind = kind_of(kind)
    fn = _NORMALISERS[kind]
    if kind == "phone":
        return fn(value, region=options.get("region", "IN"))
    if kind == "handle":
        return fn(value, platform=options.get("platform"))
    return fn(value)


def expand(kind: str, value: str, **options) -> list[tuple[str, str]]:
    """Every identifier ``value`` stands for, as (kind, canonical) pairs, primary first.

    A link gives its URL and its domain; a link with no path gives the domain alone (``example.com``
    is one identifier, not two); a profile link gives the handle; a ``wa.me`` link the phone number;
    a shortener's or a platform's bare domain gives nothing. Other kinds give themselves."""
    kind = kind_of(kind)
    if kind not in ("url", "domain"):
        return [(kind, normalise(kind, value, **options))]
    link = _parse_link(value)
    if kind == "url":
        found = _profile_handle(link)
        if found:
            return [found] if found[0] == "phone" else [("handle", f"{found[0]}:{found[1]}")]
    domain = domains.registered_domain(link.host)
    is_platform = _is_platform(domain, link.host)
    out: list[tuple[str, str]] = []
    url = _url_text(link)
    if kind == "url" and url != domain and not (is_platform and url == link.host):
        out.append(("url", url))
    if not is_platform:
        out.append(("domain", domain))
    if not out and kind == "url":
        _refuse("a platform's own address, not an identifier")
    if not out:
        _refuse(f"{domain} is a shortener's or a big platform's own domain")
    return out


def primary_key(kind: str, value: str, **options) -> tuple[str, str]:
    """The (kind, canonical) pair a lookup of ``value`` as ``kind`` looks for."""
    return expand(kind, value, **options)[0]


# --------------------------------------------------------------------------
# Identifiers in free text
# --------------------------------------------------------------------------

_MENTION_RE = re.compile(r"(?<![\w.@/])@([A-Za-z0-9._]{2,64})(?![\w@])")
#: WhatsApp's accounts are phone numbers: its name beside an @word names no handle (and does not hide the one
#: platform a report's text names: "on whatsapp, then insta @fraud.guy").
_NO_MENTIONS = frozenset({"whatsapp"})


@lru_cache(maxsize=1)
def _platform_words() -> tuple[tuple[re.Pattern, str], ...]:
    """(a pattern of every pack's names of a platform, the platform) for the platforms with @handles."""
    _platform_names()  # the packs' lists name platforms of the registry
    return tuple((re.compile(words.any_of(phrases), re.I), platform)
                 for platform, phrases in words.load("platforms").items() if platform not in _NO_MENTIONS)


def _platform_in(text: str) -> str | None:
    found = {name for rx, name in _platform_words() if rx.search(text)}
    return found.pop() if len(found) == 1 else None


def _add(out: dict[tuple[str, str], None], kind: str, value: str, **options) -> None:
    try:
        for pair in expand(kind, value, **options):
            out.setdefault(pair, None)
    except RefusedIdentifier:
        pass


def _add_accounts(out: dict[tuple[str, str], None], accounts: list[str], ifsc: list[str]) -> None:
    """One account number told with one IFSC is one identifier, "account@IFSC"; otherwise each account alone."""
    if len(accounts) == 1 and len(ifsc) == 1:
        _add(out, "account", f"{accounts[0]}@{ifsc[0]}")
    else:
        for account in accounts:
            _add(out, "account", account)


def identifiers_in(text: str, platform: str | None = None) -> list[tuple[str, str]]:
    """Every identifier in ``text`` as (kind, canonical) pairs, in a stable order, without repeats.

    Phone numbers, UPI ids, e-mail addresses, links (with their domains; profile links as handles;
    wa.me links as numbers), bank accounts (with the IFSC when exactly one account and one IFSC are
    given), IMEIs, and ``@handles`` when the platform is known (``platform``, or the one platform the
    text names: "on insta @fraud.guy")."""
    if not text or not text.strip():
        return []
    out: dict[tuple[str, str], None] = {}
    phones = find_phones(text)
    for phone in phones:
        _add(out, "phone", phone)
    for upi in find_upi_ids(text):
        _add(out, "upi", upi)
    for email in find_emails(text):
        _add(out, "email", email)
    urls = find_urls(text)
    for url in urls:
        _add(out, "url", url)
    imeis = find_imeis(text)
    phone_digits = {p.lstrip("+") for p in phones} | {p[3:] for p in phones if p.startswith("+91")}
    accounts = [a for a in find_accounts(text)
                if a not in phone_digits and a not in imeis and not any(a in u for u in urls)]
    _add_accounts(out, accounts, find_ifsc(text))
    for imei in imeis:
        _add(out, "imei", imei)
    platform = _platform_name(platform) if platform else _platform_in(text)
    if platform:
        for match in _MENTION_RE.finditer(text):
            _add(out, "handle", match.group(1).rstrip("."), platform=platform)
    return list(out)
