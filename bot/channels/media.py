"""Fetching a resident's files for the evidence store: bounded in size and in time, never fatal."""
from __future__ import annotations

import logging
import time
from contextlib import nullcontext
from dataclasses import dataclass
from urllib.parse import unquote, urljoin, urlsplit

import requests

from ..store.evidence import acceptable
from ..messages import Media

log = logging.getLogger("bot.channels")


def refused(content_type: str, **kw) -> Media:
    """A file the engine must refuse kindly (too big): evidence.store keeps no empty file."""
    return Media(content_type=content_type, data=b"", **kw)


# Twilio serves a message's media from its API (credentials required) and redirects to its media CDN for
# the bytes: mms.twiliocdn.com when media is protected by HTTP auth, s3-external-1.amazonaws.com/media.twiliocdn.com
# (the older public URLs) otherwise. Nothing else is fetched, and credentials go only to the API.
TWILIO_MEDIA_REDIRECTS = ("https://mms.twiliocdn.com/", "https://media.twiliocdn.com/",
                          "https://s3-external-1.amazonaws.com/media.twiliocdn.com/")
MAX_REDIRECTS = 3


@dataclass(frozen=True)
class Hosts:
    """Where files may be fetched from: ``api`` (URL prefixes that get the credentials, where a file's URL
    must start) and ``redirects`` (prefixes a redirect may lead to, fetched without credentials)."""

    api: tuple[str, ...]
    redirects: tuple[str, ...] = ()

    @classmethod
    def twilio(cls, base_url: str) -> "Hosts":
        return cls(api=(base_url.rstrip("/") + "/",), redirects=TWILIO_MEDIA_REDIRECTS)

    def credentials_for(self, url: str) -> bool:
        return _under(url, self.api)

    def allows(self, url: str) -> bool:
        return _under(url, self.api) or _under(url, self.redirects)


def _normal(url: str) -> str | None:
    """scheme://host[:port]/path with no user info, lower-cased scheme and host; None if not http(s)."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in ("https", "http") or not parts.hostname or parts.username or parts.password:
        return None
    if _climbs(parts.path):
        return None  # no climbing out of an allowed path
    default = 443 if parts.scheme == "https" else 80
    netloc = parts.hostname.lower() + (f":{port}" if port and port != default else "")
    return f"{parts.scheme}://{netloc}{parts.path or '/'}"


def _climbs(path: str, rounds: int = 3) -> bool:
    """Whether ``path`` has a ``.`` or ``..`` segment once percent-decoded (``%2e%2e``, ``%252e%252e``...: the server
    decodes it, an attacker's trial in session 10 had ``/%2e%2e/x`` fetched as ``/../x``), or is still encoded after
    ``rounds`` decodings; a backslash counts as a slash."""
    for _round in range(rounds + 1):
        segments = path.replace("\\", "/").split("/")
        if any(segment in (".", "..") for segment in segments):
            return True
        decoded = unquote(path)
        if decoded == path:
            return False
        path = decoded
    return True


def _under(url: str, prefixes: tuple[str, ...]) -> bool:
    normal = _normal(url)
    return normal is not None and any(normal.startswith(_normal(prefix) or "\0") for prefix in prefixes)


def download(url: str, content_type: str, *, max_bytes: int, deadline: float, auth=None, hosts: Hosts,
             session: requests.Session | None = None) -> Media:
    """GET ``url`` into a Media. A type we do not keep is not fetched; a file over ``max_bytes`` comes back
    empty (refused); a failure or running past ``deadline`` (time.monotonic) keeps only the reference.
    Only URLs under ``hosts.api`` are fetched (``auth`` sent only there); redirects are followed only
    to ``hosts.redirects``."""
    content_type = (content_type or "application/octet-stream").split(";")[0].strip().lower()
    reference = Media(content_type=content_type, url=url)
    if not acceptable(content_type):
        return reference
    if not hosts.credentials_for(url):
        log.warning("a file URL outside the provider's media hosts was not fetched; keeping its reference")
        return reference
    remaining = deadline - time.monotonic()
    if remaining < 0.2:
        log.warning("no time left to fetch a file; keeping its reference")
        return reference
    getter = session or requests
    try:
        with _get(getter, url, auth, hosts, remaining) as response:
            if response is None:
                return reference
            if response.status_code != 200:
                log.warning("fetching a file gave HTTP %s; keeping its reference", response.status_code)
                return reference
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                return refused(content_type, url=url)
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_content(64 * 1024):
                size += len(chunk)
                if size > max_bytes:
                    return refused(content_type, url=url)
                if time.monotonic() > deadline:
                    log.warning("fetching a file took too long; keeping its reference")
                    return reference
                chunks.append(chunk)
    except requests.RequestException as exc:
        log.warning("fetching a file failed (%s); keeping its reference", type(exc).__name__)
        return reference
    return Media(content_type=content_type, data=b"".join(chunks), url=url)


def _get(getter, url: str, auth, hosts: Hosts, remaining: float):
    """GET following at most MAX_REDIRECTS redirects, each to an allowed host (None otherwise)."""
    for _hop in range(MAX_REDIRECTS + 1):
        response = getter.get(url, auth=auth if hosts.credentials_for(url) else None, stream=True,
                              timeout=(min(3.0, remaining), remaining), allow_redirects=False)
        if not response.is_redirect:
            return response
        target = urljoin(url, response.headers.get("Location", ""))
        response.close()
        if not hosts.allows(target):
            log.warning("a file redirect to a host outside the provider's media hosts was not followed")
            return nullcontext()
        url = target
    log.warning("a file URL redirected too often; keeping its reference")
    return nullcontext()
