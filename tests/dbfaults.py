"""Real database faults for tests: a PostgreSQL cluster a test starts and stops itself, and a SQLite file
held under an exclusive lock by another connection.

initdb and postgres refuse to run as root, so as root (CI) the cluster runs as the ``postgres`` user
(``runuser``); its directory is a fresh temporary one that user owns. The port is a free one on 127.0.0.1.
"""
from __future__ import annotations

import os
import pwd
import shutil
import socket
import sqlite3
import subprocess
import tempfile
from pathlib import Path

from sqlalchemy import create_engine, text


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _tool(name: str) -> str:
    found = shutil.which(name) or (f"/usr/local/bin/{name}" if Path(f"/usr/local/bin/{name}").exists() else None)
    if found is None:
        found = next(iter(sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))), None)
    if found is None:
        raise FileNotFoundError(f"{name} (PostgreSQL server binaries) not found")
    return str(found)


class PostgresCluster:
    """A throw-away PostgreSQL server: ``start()``, ``stop()`` (immediate: like a crash), ``url``."""

    def __init__(self):
        self.port = free_port()
        self.root = Path(tempfile.mkdtemp(prefix="cs-pg-"))
        self.data = self.root / "data"
        self.as_postgres = os.geteuid() == 0
        if self.as_postgres:
            user = pwd.getpwnam("postgres")
            os.chown(self.root, user.pw_uid, user.pw_gid)
        self._run(_tool("initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync")
        self.start()
        admin = create_engine(self.admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text('CREATE DATABASE "helpline"'))
        admin.dispose()

    def _run(self, *argv: str) -> None:
        if self.as_postgres:
            argv = ("runuser", "-u", "postgres", "--", *argv)
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=120)

    @property
    def admin_url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/helpline"

    def start(self) -> None:
        self._run(_tool("pg_ctl"), "-D", str(self.data), "-l", str(self.root / "log"), "-w", "-t", "60", "-o",
                  f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off", "start")

    def stop(self) -> None:
        self._run(_tool("pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")

    def destroy(self) -> None:
        try:
            self.stop()
        except subprocess.CalledProcessError:
            pass  # already stopped
        shutil.rmtree(self.root, ignore_errors=True)


class SQLiteLock:
    """Another connection holding ``BEGIN EXCLUSIVE`` on a SQLite file: every write elsewhere waits, then
    fails with 'database is locked' (file modes would not stop root; a lock does)."""

    def __init__(self, path: Path):
        self.conn = sqlite3.connect(str(path), timeout=5, isolation_level=None, check_same_thread=False)

    def take(self) -> None:
        self.conn.execute("BEGIN EXCLUSIVE")

    def release(self) -> None:
        self.conn.execute("ROLLBACK")

    def close(self) -> None:
        self.conn.close()
