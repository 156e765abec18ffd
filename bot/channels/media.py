"""Fetching a resident's files for the evidence store: bounded in size and in time, never fatal."""
from __future__ import annotations

import logging
import time

import requests

from ..evidence import acceptable
from ..messages import Media

log = logging.getLogger("bot.channels")


def refused(content_type: str, **kw) -> Media:
    """A file the engine must refuse kindly (too big): evidence.store keeps no empty file."""
    return Media(content_type=content_type, data=b"", **kw)


def download(url: str, content_type: str, *, max_bytes: int, deadline: float, auth=None,
             session: requests.Session | None = None) -> Media:
    """GET ``url`` into a Media. A type we do not keep is not fetched; a file over ``max_bytes`` comes back
    empty (refused); a failure or running past ``deadline`` (time.monotonic) keeps only the reference."""
    content_type = (content_type or "application/octet-stream").split(";")[0].strip().lower()
    reference = Media(content_type=content_type, url=url)
    if not acceptable(content_type):
        return reference
    remaining = deadline - time.monotonic()
    if remaining < 0.2:
        log.warning("no time left to fetch a file; keeping its reference")
        return reference
    getter = session or requests
    try:
        with getter.get(url, auth=auth, stream=True, timeout=(min(3.0, remaining), remaining),
                        allow_redirects=True) as response:
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
