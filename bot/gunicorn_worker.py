"""gunicorn's gthread worker, stamping when each request was queued for a thread (bot/arrival.py).

gunicorn hands the app no arrival time: ``ThreadWorker.accept`` (or a keep-alive socket turning readable) calls
``enqueue_req``, which submits ``handle(conn)`` to a ``ThreadPoolExecutor``; the app only runs once a thread is free.
Here ``enqueue_req`` notes the time and ``handle`` (in the pool's thread, which then runs the app) passes it on. A
new connection is stamped at accept, before its bytes are read: the budget counts from a little earlier, never later.
gunicorn.conf.py names this class as ``worker_class``; everything else is gunicorn's own gthread worker.
"""
from __future__ import annotations

import time

from gunicorn.workers.gthread import ThreadWorker

from bot import arrival


class ArrivalWorker(ThreadWorker):
    def enqueue_req(self, conn):
        conn.cyber_sahayak_queued_at = time.monotonic()
        super().enqueue_req(conn)

    def handle(self, conn):
        arrival.stamp(getattr(conn, "cyber_sahayak_queued_at", None))
        try:
            return super().handle(conn)
        finally:
            arrival.stamp(None)
