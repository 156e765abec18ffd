"""Prometheus metrics at /metrics (prometheus-client), protected by METRICS_TOKEN.

Two kinds:

- **Counted by the processes** (``count_*`` below): messages in and out per channel, outbox sends, provider
  errors by code, and the webhook latency histogram. Under gunicorn (several workers) and beside the scheduler,
  set PROMETHEUS_MULTIPROC_DIR to one writable folder for all of them: each process writes its own file there
  (named by host and pid, so containers sharing a volume never collide) and /metrics adds them up.
- **Read from the database at each scrape** (bot/store/gauges.py, ``DatabaseCollector``, which the app factory
  passes to ``exposition``): queue depth per priority, the oldest unclaimed urgent case's age,
  cases past their SLA and SLA breach alerts so far, outbox rows per state, and the scheduler's last tick.
  These are true for the whole deployment whichever worker answers.

/metrics answers 404 until METRICS_TOKEN is set, and 401 without ``Authorization: Bearer <METRICS_TOKEN>``;
the route is the app factory's (webhook.py): this module has no web framework in it.
"""
from __future__ import annotations

import os
import re
import socket

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest, values

from . import channel_registry as channels

MULTIPROC_DIR = os.environ.get("PROMETHEUS_MULTIPROC_DIR") or os.environ.get("prometheus_multiproc_dir")

if MULTIPROC_DIR:  # one file per process, named by host and pid: containers sharing the folder never collide
    _host = re.sub(r"[^A-Za-z0-9]", "", socket.gethostname())[:32] or "host"
    values.ValueClass = values.MultiProcessValue(lambda: f"{_host}-{os.getpid()}")

PREFIX = "cyber_sahayak"
_registry = None if MULTIPROC_DIR else CollectorRegistry()  # single process: our own registry, not the global one

MESSAGES = Counter(f"{PREFIX}_messages", "Messages handled: residents' messages in, the bot's replies out",
                   ["channel", "direction"], registry=_registry)
OUTBOX_SENT = Counter(f"{PREFIX}_outbox_sent", "Outbox messages a provider accepted (officers' replies, alerts, "
                      "tips, Telegram replies)", ["channel"], registry=_registry)
PROVIDER_ERRORS = Counter(f"{PREFIX}_provider_errors", "Sends a provider refused or that failed, by error code",
                          ["channel", "code"], registry=_registry)
WEBHOOK_SECONDS = Histogram(f"{PREFIX}_webhook_seconds", "Time to answer a webhook or web chat request",
                            ["channel"], registry=_registry,
                            buckets=(0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 15, 30))

FAILED_TURNS = Counter(f"{PREFIX}_failed_turns", "Residents' messages whose turn raised and was rolled back "
                       "(answered with the apology, put in a case officers see), by whether the triage read them urgent",
                       ["channel", "urgent"], registry=_registry)


def count_failed_turn(channel: str, urgent: bool) -> None:
    FAILED_TURNS.labels(channel=channel, urgent="yes" if urgent else "no").inc()


def count_message(channel: str, direction: str, n: int = 1) -> None:
    if n:
        MESSAGES.labels(channel=channel, direction=direction).inc(n)


def count_outbox_sent(channel: str) -> None:
    OUTBOX_SENT.labels(channel=channel).inc()


def count_provider_error(channel: str, error) -> None:
    """``error`` is an outbox.SendError: its provider code (63016, 429, 21211...), else what kind of failure."""
    code = getattr(error, "code", None)
    if code in (None, ""):
        code = ("timeout" if getattr(error, "ambiguous", False) else
                "refused" if not getattr(error, "retry", True) else "network")
    PROVIDER_ERRORS.labels(channel=channel, code=str(code)).inc()


def observe_request(path: str, seconds: float) -> None:
    channel = channels.webhook_label(path)  # each channel declares its paths (bot/channel_registry.py)
    if channel:
        WEBHOOK_SECONDS.labels(channel=channel).observe(seconds)


def exposition(*collectors) -> bytes:
    """This process's counters (every process's, under PROMETHEUS_MULTIPROC_DIR) and ``collectors``' figures (the
    app factory passes bot/store/gauges.py's ``DatabaseCollector``: the store is above this module)."""
    registry = CollectorRegistry()
    if MULTIPROC_DIR:
        from prometheus_client import multiprocess

        multiprocess.MultiProcessCollector(registry)
    else:
        registry.register(_Forward(_registry))
    for collector in collectors:
        registry.register(collector)
    return generate_latest(registry)


class _Forward:
    """This process's own counters, inside the scrape's registry."""

    def __init__(self, source: CollectorRegistry):
        self.source = source

    def collect(self):
        yield from self.source.collect()
