"""The SQLite database and its WAL/SHM files are private to the helpline's user (0600), like the evidence store."""
from __future__ import annotations

import os
import stat

from sqlalchemy import text

from bot.store.db import make_engine, upgrade


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_a_new_database_and_its_wal_files_are_0600(tmp_path):
    old = os.umask(0o022)  # the usual umask: files would be 0644
    try:
        path = tmp_path / "data" / "helpline.sqlite3"
        db = make_engine(f"sqlite:///{path}")
        upgrade(db)
        with db.connect() as conn:  # a reader keeps the WAL and SHM files open
            conn.execute(text("SELECT count(*) FROM contacts"))
            files = [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]
            assert all(f.exists() for f in files)
            assert {f.name: oct(mode(f)) for f in files} == {f.name: "0o600" for f in files}
        db.dispose()
    finally:
        os.umask(old)


def test_an_older_world_readable_database_is_tightened(tmp_path):
    path = tmp_path / "helpline.sqlite3"
    db = make_engine(f"sqlite:///{path}")
    upgrade(db)
    db.dispose()
    os.chmod(path, 0o644)
    db = make_engine(f"sqlite:///{path}")
    with db.connect() as conn:
        conn.execute(text("SELECT 1"))
    db.dispose()
    assert mode(path) == 0o600
