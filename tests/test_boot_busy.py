"""A web worker that starts while another process holds SQLite's write lock (the scheduler, a backup, load) starts
anyway and answers as in an outage; it never exits with gunicorn's boot-error code, which made gunicorn's master shut
the whole helpline down (attacker trial, session 15).

The lock is real: another connection's ``BEGIN IMMEDIATE`` on the database file.
"""
from __future__ import annotations

import shutil
import sqlite3
import time

from bot.store.db import make_engine, upgrade_when_free
from fakes import env


class HeldWriteLock:
    """Another connection holding ``BEGIN IMMEDIATE`` on a SQLite file (what the scheduler's or a backup's write does)."""

    def __init__(self, path):
        self.conn = sqlite3.connect(str(path), timeout=5, isolation_level=None, check_same_thread=False)
        self.conn.execute("BEGIN IMMEDIATE")

    def release(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")
        self.conn.close()


def test_a_worker_built_while_the_write_lock_is_held_starts_and_serves_once_it_is_free(tmp_path, sqlite_template,
                                                                                       resources):
    from webhook import create_app

    path = tmp_path / "data" / "helpline.sqlite3"
    path.parent.mkdir()
    shutil.copy(sqlite_template, path)
    config = resources.config.model_copy(update={"data_dir": str(tmp_path / "data")})
    lock = HeldWriteLock(path)
    try:
        app = create_app(config=config, environ=env(DATABASE_URL=f"sqlite:///{path}"))  # Engine.from_config inside
        client = app.test_client()
        assert client.get("/healthz").status_code == 503  # still busy: said so, not a crash
    finally:
        lock.release()
    try:
        health = client.get("/healthz")
        assert health.status_code == 200 and health.get_json()["database"] is True
    finally:
        app.extensions["cyber_sahayak"].close()


def test_a_database_behind_its_schema_and_busy_is_tried_a_bounded_time_then_left(tmp_path):
    """A schema that needs migrating while the write lock stays held: retried with growing pauses, then the process
    goes on (False), never raising; with the lock free the same call migrates."""
    path = tmp_path / "helpline.sqlite3"
    sqlite3.connect(str(path)).close()  # an empty database: behind the schema
    db = make_engine(f"sqlite:///{path}", busy_seconds=0.2)
    lock = HeldWriteLock(path)
    pauses = []
    try:
        started = time.monotonic()
        assert upgrade_when_free(db, busy_for=2, sleep=lambda s: (pauses.append(s), time.sleep(s)), later=False) is False
        assert time.monotonic() - started < 6
        assert pauses and pauses == sorted(pauses) and pauses[-1] > pauses[0]  # backing off, bounded
    finally:
        lock.release()
    assert upgrade_when_free(db, busy_for=2) is True
    with sqlite3.connect(str(path)) as conn:
        assert conn.execute("SELECT count(*) FROM alembic_version").fetchone() == (1,)
    db.dispose()
