"""When a request ARRIVED, not when a thread took it up (attacker trial, session 16).

gunicorn's gthread worker accepts a connection and puts it in its thread pool's queue; while SQLite's write lock is
held by another process every thread sits in the busy wait and later requests wait in that queue first, so a
WhatsApp webhook answered 17-21 s after Twilio sent it, when Twilio (15 s) had already thrown the TwiML away. Two
clocks say when a request came, the earliest wins:

- ``X-Request-Start`` set by the reverse proxy in front (deploy/Caddyfile: ``t=<unix ms>``, the convention of
  Heroku/New Relic; seconds or microseconds are read too). A value in the future or older than ``MAX_AGE`` is
  ignored (a client's own header; Caddy replaces it);
- the moment our gunicorn worker (bot/gunicorn_worker.py) put the connection in its thread pool's queue.

Without either (the Flask test client, another server) it is now: no worse than before.
"""
from __future__ import annotations

import threading
import time

HEADER = "HTTP_X_REQUEST_START"
MAX_AGE = 120.0  # seconds: an arrival further back than this is not believed

_thread = threading.local()


def stamp(queued_at: float | None) -> None:
    """The worker thread's request was queued at ``queued_at`` (time.monotonic); None once it is done."""
    _thread.queued_at = queued_at


def _header_age(value: str | None, wall: float) -> float | None:
    """How many seconds ago the proxy's ``X-Request-Start`` says the request came, or None."""
    if not value:
        return None
    try:
        number = float(value.strip().removeprefix("t="))
    except ValueError:
        return None
    for scale in (1.0, 1e3, 1e6):  # seconds, milliseconds (Caddy's unix_ms), microseconds (nginx/Apache style)
        if number / scale < wall * 10:
            age = wall - number / scale
            return age if 0 <= age <= MAX_AGE else None
    return None


def arrived(environ, monotonic=time.monotonic, wall=time.time) -> float:
    """The request's arrival on the ``time.monotonic`` clock: the earliest of now, the worker's queue stamp and the
    proxy's header."""
    now = monotonic()
    found = now
    queued = getattr(_thread, "queued_at", None)
    if queued is not None and 0 <= now - queued <= MAX_AGE:
        found = min(found, queued)
    age = _header_age(environ.get(HEADER), wall())
    if age is not None:
        found = min(found, now - age)
    return found
