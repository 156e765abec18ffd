"""A small per-process pool of sender threads: a webhook's thread hands a chat's sending over and returns at once.

One thread per chat at a time: a job handed over while the chat's thread is busy waits in the chat's queue
and runs next on that thread (never on a second one), so the chat's messages leave in order and no drain
stands back for another. Threads are started on first use, so after a gunicorn fork. What a job would send is already
committed in the outbox: a pool that is gone (the worker shutting down) or a job that dies leaves the rows
``pending`` for the next drain (the chat's next message, or the scheduler), never lost.
"""
from __future__ import annotations

import logging
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from collections import deque
from typing import Any, Callable, Hashable

log = logging.getLogger("bot.channels.sending")
THREADS = 4  # sends wait on the network, not the CPU; a chat waiting for its pacing slot holds one


class SendPool:
    def __init__(self, threads: int = THREADS):
        self.threads = threads
        self._lock = threading.Lock()
        self._idle = threading.Condition(self._lock)
        self._executor: ThreadPoolExecutor | None = None
        self._pid: int | None = None
        self._closed = False
        self._queued: dict[Hashable, deque] = {}  # chats with a thread: the jobs waiting for it
        self._timers: dict[threading.Timer, Hashable] = {}  # jobs to run later (_come_back), and their chats

    def submit(self, chat: Hashable, job: Callable[[], Any]) -> bool:
        """Run ``job`` for ``chat`` on a sender thread; False if the pool is closed (the rows wait for a drain).
        A job may return ``(seconds, next_job)``: the chat's thread is let go and ``next_job`` runs then."""
        with self._lock:
            if self._closed:
                return False
            if chat in self._queued:
                self._queued[chat].append(job)  # the chat's thread runs it after the job it is in
                return True
            if self._executor is None or self._pid != os.getpid():
                self._executor = ThreadPoolExecutor(self.threads, thread_name_prefix="send")
                self._pid = os.getpid()
            self._queued[chat] = deque()
            try:
                self._executor.submit(self._run, chat, job)
            except RuntimeError:  # the interpreter is shutting down
                del self._queued[chat]
                self._idle.notify_all()
                return False
            return True

    def _run(self, chat: Hashable, job: Callable[[], None] | None) -> None:
        try:
            while job is not None:
                try:
                    later = job()
                except Exception:
                    later = None
                    log.exception("a sender thread's job failed; its rows stay for the next drain")
                if later is not None:  # (seconds, job): the chat's next message may not go yet
                    self._come_back(chat, *later)
                    job = None
                    return
                with self._lock:  # decided under the lock: a submit meanwhile either queues here or starts anew
                    waiting = self._queued[chat]
                    job = waiting.popleft() if waiting else None
                    if job is None:
                        del self._queued[chat]
                        self._idle.notify_all()
        finally:
            if job is not None:  # the thread died inside a job: the chat's queue goes to a new thread
                with self._lock:
                    waiting = self._queued.pop(chat, deque())
                    self._idle.notify_all()
                for left in waiting:
                    self.submit(chat, left)

    def _come_back(self, chat: Hashable, seconds: float, job: Callable[[], None]) -> None:
        """Run ``job`` for ``chat`` after ``seconds`` without holding a thread meanwhile; the chat stays taken, so
        what is handed over for it in the meantime waits behind ``job``."""
        def resume() -> None:
            with self._lock:
                self._timers.pop(timer, None)
                executor = None if self._closed or self._pid != os.getpid() else self._executor
            try:
                if executor is not None:
                    executor.submit(self._run, chat, job)
                    return
            except RuntimeError:
                pass
            self._run(chat, job)  # the pool is closing: the timer's own thread sends (or the rows wait)

        timer = threading.Timer(seconds, resume)
        timer.daemon = True
        with self._lock:
            if self._closed:  # closing: the chat's rows wait in the outbox for the next drain
                self._queued.pop(chat, None)
                self._idle.notify_all()
                return
            self._timers[timer] = chat
        timer.start()

    def wait_idle(self, timeout: float = 30.0) -> bool:
        """Until no job is queued or running (tests, and a worker stopping); False on timeout."""
        with self._lock:
            return self._idle.wait_for(lambda: not self._queued, timeout)

    def close(self) -> None:
        """No new jobs; those queued still run (their rows are committed either way); a job waiting for its time
        (``_come_back``) is dropped, its rows left pending for the next drain (the scheduler's): a closed pool sends
        nothing later (a timer of a closed test app once sent another test's row of the same id on PostgreSQL)."""
        with self._lock:
            self._closed = True
            executor, self._executor = self._executor, None
            timers, self._timers = self._timers, {}
            for timer, chat in timers.items():
                timer.cancel()
                self._queued.pop(chat, None)
            self._idle.notify_all()
        if executor is not None and self._pid == os.getpid():
            executor.shutdown(wait=False)
