"""Database engine and sessions: SQLite (WAL) by default, PostgreSQL through DATABASE_URL.

The schema is owned by Alembic migrations (bot/store/migrations); ``upgrade`` applies them and is
called on start, so a new machine and an old database both end on the current schema.
"""
from __future__ import annotations

import fcntl
import logging
import os
import queue
import re
import sqlite3
import threading
import time
import weakref
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from sqlalchemy import Engine, create_engine, event, insert, literal_column, select, text
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

if TYPE_CHECKING:
    from alembic.config import Config as AlembicConfig

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
log = logging.getLogger(__name__)


BUSY_SECONDS = 10  # SQLite: how long a write waits for another's lock (under Twilio's 15-second webhook limit)
SQLITE_CACHE_KIB = 512  # SQLite: each connection's page cache (SQLite's default is 2,000 KiB; _sqlite_pragmas)


_budget = threading.local()


@contextmanager
def busy_until(deadline: float | None) -> Iterator[None]:
    """Writes begun in this thread inside the block wait for SQLite's write lock at most until ``deadline``
    (time.monotonic), never longer than the busy timeout: a webhook that waited in gunicorn's queue has less of its
    provider's limit left (bot/arrival.py), and past it the write fails at once as busy, which the channel answers
    as an outage (the spool; "your message is safe with us"). None: the busy timeout alone."""
    previous = getattr(_budget, "deadline", None)
    _budget.deadline = deadline
    try:
        yield
    finally:
        _budget.deadline = previous


def busy_left(busy_seconds: float, monotonic=time.monotonic) -> float:
    """How long a write begun now in this thread may wait for the lock (``busy_until``)."""
    deadline = getattr(_budget, "deadline", None)
    return busy_seconds if deadline is None else max(0.0, min(busy_seconds, deadline - monotonic()))


_ENGINES: "weakref.WeakSet[Engine]" = weakref.WeakSet()  # every Engine make_engine made in this process


def _after_fork_in_child() -> None:
    """A forked child (gunicorn's workers, forked from a master that built the app: gunicorn.conf.py) never uses a
    database connection its parent opened: each engine's pool is replaced by an empty one, the parent's
    connections left to the parent (SQLAlchemy's ``dispose(close=False)``, its documented way for a fork). The
    child opens its own at its first query."""
    for engine in list(_ENGINES):
        engine.dispose(close=False)


os.register_at_fork(after_in_child=_after_fork_in_child)


def dispose_all() -> None:
    """Close every connection this process's engines hold (gunicorn's master before it forks its workers)."""
    for engine in list(_ENGINES):
        engine.dispose()


def make_engine(url: str, busy_seconds: float = BUSY_SECONDS) -> Engine:
    """An Engine for ``url``; SQLite gets WAL, foreign keys, a busy timeout and write-locking transactions.

    A database locked for longer than ``busy_seconds`` counts as down: the channels answer the resident
    and keep the message in the spool (bot/store/spool.py) rather than make the provider wait past its limit."""
    engine = _make_engine(url, busy_seconds)
    if not isinstance(engine.pool, StaticPool):  # an in-memory SQLite (tests) is its one connection: a child keeps its copy
        _ENGINES.add(engine)
    return engine


def _make_engine(url: str, busy_seconds: float) -> Engine:
    if url.startswith("sqlite"):
        memory = url in ("sqlite://", "sqlite:///:memory:")
        if not memory:
            _private_file(Path(url.split("sqlite:///", 1)[1]))
        connect_args = {"check_same_thread": False, "timeout": busy_seconds}
        if not memory:  # our own writers queue on a lock that wakes them, not on SQLite's sleeping busy wait
            connect_args["factory"] = WriterConnection
        engine = create_engine(
            url,
            connect_args=connect_args,
            poolclass=StaticPool if memory else None,
            hide_parameters=True,  # a logged database error never shows a resident's number or message
        )
        _sqlite_pragmas(engine, wal=not memory, busy_ms=int(busy_seconds * 1000),
                        path=None if memory else Path(url.split("sqlite:///", 1)[1]))
        return engine
    return create_engine(url, pool_pre_ping=True, hide_parameters=True, **pool_sizes())


def pool_sizes(environ=os.environ) -> dict[str, int]:
    """PostgreSQL connections of one process (a gunicorn worker, the scheduler): ``DB_POOL_SIZE`` kept open (5)
    plus ``DB_MAX_OVERFLOW`` more at a peak (5); a thread waits ``DB_POOL_TIMEOUT`` seconds (10) for one.
    A worker uses at most its threads (WEB_THREADS, 4) plus the sends after a response at once, so 5 + 5 is
    enough; budget hosts x workers x 10 + 10 per scheduler within the server's max_connections (README.md,
    "Scale-out on PostgreSQL")."""
    return {"pool_size": int(environ.get("DB_POOL_SIZE", "5")), "max_overflow": int(environ.get("DB_MAX_OVERFLOW", "5")),
            "pool_timeout": int(environ.get("DB_POOL_TIMEOUT", "10"))}


def _private_file(path: Path) -> None:
    """Create the SQLite file 0600 (owner only, like the evidence store) before SQLite opens it.

    SQLite gives its -wal, -shm and -journal files the mode of the database file, so they are 0600 too.
    A database created earlier with a looser mode is tightened, with its side files."""
    path.parent.mkdir(parents=True, exist_ok=True)
    os.close(os.open(path, os.O_RDWR | os.O_CREAT, 0o600))
    for name in (path, *(path.with_name(path.name + tail) for tail in ("-wal", "-shm", "-journal"))):
        try:
            if os.stat(name).st_mode & 0o077:
                os.chmod(name, 0o600)
        except FileNotFoundError:
            pass


def _file_id(path: Path) -> tuple[int, int] | None:
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_dev, found.st_ino


def sqlite_file_problem(connection) -> str | None:
    """On SQLite: why the file this connection opened (its path is in the process's own log, not in the answer) is no longer the database at its path (moved away, deleted,
    replaced by another file), else None. A connection opened before keeps reading the old file, so ``SELECT 1``
    alone cannot tell (/healthz, session 7); other databases: None."""
    info = connection.connection.info if hasattr(connection, "connection") else {}
    path, opened = info.get(SQLITE_FILE), info.get(SQLITE_FILE_ID)
    if path is None:
        return None
    now = _file_id(path)
    if now is None:
        return "the database file is gone (moved or deleted while the app ran)"
    if opened is not None and now != opened:
        return "the database file is not the one this process opened (replaced while the app ran)"
    return None


SQLITE_FILE, SQLITE_FILE_ID = "cyber_sahayak_sqlite_file", "cyber_sahayak_sqlite_file_id"


class WriterLock:
    """One SQLite file's writers of this helpline, in a queue (issue 17): a thread lock in each process, then an
    exclusive ``flock`` on ``<database>.writers`` between processes (gunicorn's workers, the scheduler).

    SQLite's own busy handler makes a writer that finds the write lock taken sleep 1, 2, 5 … 25, 50, 100 ms before
    it looks again, however soon the holder commits; under load a worker waited tens of milliseconds past every
    commit (two workers with one thread each served fewer webhooks than one), and a busy worker's threads, awake,
    kept taking the lock from the other worker's sleeping one. Here a process's waiting writer is blocked in the
    kernel (``flock``), woken when the holder's transaction ends, as the holder's own next thread is: neither
    process starves. The wait is done by a thread of the lock's own, so the writer can stop waiting at its timeout
    (``flock`` has none); a wait given up drops the lock as soon as it gets it. Taken for ``BEGIN IMMEDIATE`` only,
    released at COMMIT or ROLLBACK; a process that dies holding it loses it with its file descriptor. Anyone else
    writing the file (a backup, the sqlite3 shell) is still waited for by SQLite's busy timeout."""

    _all: dict[tuple[int, str], "WriterLock"] = {}
    _guard = threading.Lock()

    def __init__(self, path: str):
        self.path = path
        self.thread_lock = threading.Lock()
        self.fd: int | None = None  # the descriptor holding the file lock while a transaction of this process runs
        self._waits: "queue.SimpleQueue[_Wait]" = queue.SimpleQueue()
        self._waiter: threading.Thread | None = None

    @classmethod
    def of(cls, database: str) -> "WriterLock":
        key = (os.getpid(), database)  # a forked worker opens its own files and its own waiting thread
        found = cls._all.get(key)
        if found is None:
            with cls._guard:
                found = cls._all.setdefault(key, cls(database + ".writers"))
        return found

    def acquire(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        if not self.thread_lock.acquire(timeout=max(timeout, 0)):
            return False
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:  # another process writes: wait in the kernel, not by polling
                if not self._wait(fd, deadline - time.monotonic()):
                    self.thread_lock.release()
                    return False
            self.fd = fd
            return True
        except BaseException:
            self.thread_lock.release()
            raise

    def _wait(self, fd: int, timeout: float) -> bool:
        wait = _Wait(fd)
        if self._waiter is None or not self._waiter.is_alive():
            self._waiter = threading.Thread(target=self._waiting, name="sqlite-writers", daemon=True)
            self._waiter.start()
        self._waits.put(wait)
        wait.done.wait(max(timeout, 0))
        with wait.mutex:
            if wait.done.is_set():
                if wait.failed:
                    os.close(fd)
                    return False
                return True
            wait.given_up = True  # the waiting thread drops the lock when it comes, and closes fd
        return False

    def _waiting(self) -> None:
        while True:
            wait = self._waits.get()
            try:
                fcntl.flock(wait.fd, fcntl.LOCK_EX)
            except OSError:
                wait.failed = True  # the writer goes on without it: SQLite's busy timeout decides
            with wait.mutex:
                if wait.given_up:
                    os.close(wait.fd)  # closing drops the lock
                else:
                    wait.done.set()

    def release(self) -> None:
        fd, self.fd = self.fd, None
        try:
            if fd is not None:
                os.close(fd)  # drops the file lock
        finally:
            self.thread_lock.release()


@dataclass
class _Wait:
    fd: int
    done: threading.Event = field(default_factory=threading.Event)
    mutex: threading.Lock = field(default_factory=threading.Lock)
    given_up: bool = False
    failed: bool = False


class WriterConnection(sqlite3.Connection):
    """A SQLite connection that holds its file's ``WriterLock`` from ``begin_write`` to the end of the transaction
    (COMMIT, ROLLBACK, or the connection closed)."""

    writer_lock: WriterLock | None = None

    def take_writer_lock(self, database: str, timeout: float) -> bool:
        """This file's writer lock, for the transaction about to begin; False when ``timeout`` passed without it."""
        lock = WriterLock.of(database)
        if not lock.acquire(timeout):
            return False
        self.writer_lock = lock
        return True

    def _release(self) -> None:
        lock, self.writer_lock = self.writer_lock, None
        if lock is not None:
            lock.release()

    def commit(self) -> None:
        try:
            super().commit()
        finally:
            if self.in_transaction is False:  # a failed COMMIT leaves the transaction open: still ours
                self._release()

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            self._release()

    def close(self) -> None:
        try:
            super().close()
        finally:
            self._release()


def _sqlite_pragmas(engine: Engine, wal: bool, busy_ms: int, path: Path | None = None) -> None:
    # pysqlite's own transaction handling is turned off so that every transaction starts with
    # BEGIN IMMEDIATE: two workers handling the same resident serialise instead of failing late.
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, record):
        if path is not None:  # which file this connection opened (SQLite creates an empty one if it is gone)
            record.info[SQLITE_FILE], record.info[SQLITE_FILE_ID] = path, _file_id(path)
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        if wal:
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={busy_ms}")
        # a page cache of 512 KiB, not SQLite's 2 MB: every connection of a worker filled its own, and under WAL a
        # connection drops its cache whenever another one wrote, at each transaction under load (issue 17)
        cursor.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        # a read-only look-up (execution option read_only) starts a deferred transaction: under WAL it reads
        # at once even while another connection holds the write lock, so an outage costs one busy wait, not two
        if conn.get_execution_options().get("read_only"):
            conn.exec_driver_sql("BEGIN")
            return
        raw = conn.connection.dbapi_connection
        if not isinstance(raw, WriterConnection) or path is None:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        elif raw.take_writer_lock(str(path), busy_left(busy_ms / 1000)):  # the writers' queue (WriterLock)
            try:
                _begin_within(conn, raw, busy_ms)
            except BaseException:
                raw._release()
                raise
        else:  # waited for the helpline's own writers: SQLite answers at once (busy: the outage path)
            _begin_within(conn, raw, busy_ms, 0)


def _begin_within(conn, raw, busy_ms: int, left_ms: int | None = None) -> None:
    """``BEGIN IMMEDIATE`` waiting for another process's write lock (a backup, the sqlite3 shell) at most what this
    thread's budget has left (``busy_until``), the connection's busy timeout restored after."""
    left_ms = int(busy_left(busy_ms / 1000) * 1000) if left_ms is None else left_ms
    if left_ms >= busy_ms:
        conn.exec_driver_sql("BEGIN IMMEDIATE")
        return
    raw.execute(f"PRAGMA busy_timeout={left_ms}")
    try:
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    finally:
        raw.execute(f"PRAGMA busy_timeout={busy_ms}")


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def dialect_insert(session_or_name, model):
    """``INSERT`` for ``model`` in the session's dialect (``sqlite`` or ``postgresql``): the one with
    ``on_conflict_do_nothing`` / ``on_conflict_do_update``, which both spell alike (issue 17: one upsert instead of
    a look-up and an insert)."""
    name = session_or_name if isinstance(session_or_name, str) else session_or_name.get_bind().dialect.name
    if name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(model)


def in_period(query, column, since=None, until=None):
    """``query`` kept to the rows whose ``column`` is in [since, until); an end not given is open."""
    if since is not None:
        query = query.where(column >= since)
    if until is not None:
        query = query.where(column < until)
    return query


def in_constants(column, values):
    """``column IN ('a', 'b')`` with the code's own constant words written into the statement: a statement built
    once and run every message (issue 17). ``column.in_(values)`` binds them as an expanding parameter that
    SQLAlchemy writes out again at every execution (~45 µs each, against ~0 for constants in the SQL)."""
    words = tuple(values)
    if not words or not all(isinstance(word, str) and re.fullmatch(r"[a-z_]+", word) for word in words):
        raise ValueError(f"only lower-case words of the code are written into a statement: {words!r}")
    return column.in_([literal_column(f"'{word}'") for word in words])


def insert_returning(session: Session, statement, row: dict):
    """Run an ORM ``INSERT … RETURNING`` of one row (``statement`` built with ``.returning(Model)``) without
    flushing the session first (pending changes go out together at the end of the transaction); the new
    persistent object, or None when an ``ON CONFLICT DO NOTHING`` kept the row out."""
    with session.no_autoflush:
        return session.scalars(statement, [row]).first()


_LATER = "rows_written_at_end"  # session.info: {table: [rows]} a turn writes at its end (``write_later``)


def collect_later(session: Session) -> None:
    """From now on, the rows ``add_later`` is given in this session wait for ``write_later`` (a turn's audit and
    alert rows, its replies: issue 17, statements a message). A session that never called this writes them at once."""
    session.info.setdefault(_LATER, {})


def add_later(session: Session, table, row: dict) -> bool:
    """Keep ``row`` (every column but the key) for ``write_later``; False when this session does not collect
    (the caller then adds it as it would)."""
    later = session.info.get(_LATER)
    if later is None:
        return False
    later.setdefault(table, []).append(row)
    return True


def write_later(session: Session, then: tuple[tuple, dict] | None = None):
    """Write the rows kept by ``add_later``, the session's pending changes flushed first (as before any statement).
    SQLite: one executemany a table. PostgreSQL: one statement for all, each earlier table's INSERT a
    data-modifying ``WITH`` of the last one's (the tables' order kept; nothing is read back).

    ``then`` (PostgreSQL only): ``(columns, params)`` of a read-only look the same statement answers, its
    ``SELECT`` after every INSERT as a ``WITH`` (the WhatsApp webhook's look at the chat's outbox: one statement
    fewer a message, issue 17). It sees the database as the statement starts, with the session's flushed changes
    and without the rows this statement inserts (``then`` must read none of their tables). Returns its row, or
    None when it was not answered here (SQLite, or no rows kept): the caller then reads it itself."""
    later = session.info.get(_LATER)
    if not later:
        return None
    tables = list(later.items())
    later.clear()
    postgresql = session.get_bind().dialect.name == "postgresql"
    if not postgresql or (len(tables) == 1 and then is None):
        for table, rows in tables:
            session.execute(insert(table), rows)
        return None
    if then is not None:
        columns, params = then
        statement, before = select(*columns), tables
    else:
        *before, (last, rows) = tables
        statement, params = insert(last).values(rows), {}
    for n, (table, earlier) in enumerate(before):
        statement = statement.add_cte(insert(table).values(earlier).cte(f"later_{n}"))
    result = session.execute(statement, params)
    return result.one() if then is not None else None


def alembic_config(engine: Engine | None = None) -> AlembicConfig:
    from alembic.config import Config as AlembicConfig  # Alembic (with Mako and Pygments) only where it migrates

    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if engine is not None:
        cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%"))
    return cfg


MIGRATION_LOCK = 0x43534D4947  # "CSMIG": the PostgreSQL advisory lock key every migrating process takes


@contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


_REVISION_LINE = re.compile(r"""^(down_revision|revision)\s*=\s*(?:None|["']([\w-]+)["'])\s*(?:#.*)?$""",
                            re.MULTILINE)


def head_revision() -> str | None:
    """The newest migration's revision, read from the files' own ``revision`` / ``down_revision`` lines without
    importing Alembic: the one revision no other names as its parent. None when the files say anything less
    plain (a merge, a branch, a line this does not read): then Alembic decides."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        lines = dict((m.group(1), m.group(2)) for m in _REVISION_LINE.finditer(path.read_text(encoding="utf-8")))
        if not lines.get("revision") or "down_revision" not in lines:
            return None
        revisions.add(lines["revision"])
        if lines["down_revision"]:
            parents.add(lines["down_revision"])
    heads = revisions - parents
    return next(iter(heads)) if len(heads) == 1 and parents <= revisions else None


def _at_revision(engine: Engine, revision: str) -> bool:
    """True when the database's schema is at ``revision`` (one row in alembic_version); False when not, or when
    there is no such table yet. Read in a deferred transaction (``read_only``): on SQLite under WAL it reads at once
    while another process holds the write lock (the scheduler, a backup), where ``BEGIN IMMEDIATE`` waited out the
    busy timeout and a worker booting then took a busy database for one behind its schema (session 15). Any other
    failure to read (the database down, still locked) is raised, not taken for "behind"."""
    with engine.connect() as connection:
        connection.execution_options(read_only=True)
        try:
            found = connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
        except SQLAlchemyError as exc:
            if _no_such_table(exc):
                return False
            raise
        return found == [revision]


def _no_such_table(exc: SQLAlchemyError) -> bool:
    """Whether ``exc`` says alembic_version does not exist yet (a new database), on SQLite or PostgreSQL."""
    message = str(getattr(exc, "orig", exc)).lower()
    return "no such table" in message or "does not exist" in message or "undefinedtable" in type(
        getattr(exc, "orig", exc)).__name__.lower()


def is_busy(exc: BaseException) -> bool:
    """SQLite's "database is locked" / "busy": another connection holds the write lock past the busy timeout."""
    message = str(getattr(exc, "orig", exc)).lower()
    return isinstance(exc, OperationalError) and ("database is locked" in message or "database is busy" in message)


_UNREACHABLE = ("connection refused", "could not connect", "connection failed", "connection timed out",
                "timeout expired", "server closed the connection", "could not translate host name",
                "name or service not known", "the database system is starting up",
                "the database system is shutting down", "the database system is in recovery mode",
                "terminating connection due to administrator command", "no route to host")


def is_unreachable(exc: BaseException) -> bool:
    """The database server cannot be reached (PostgreSQL stopped, starting, restarting; its host unknown): an
    outage to wait out, not a fault of the schema or of ours."""
    message = str(getattr(exc, "orig", exc)).lower()
    return isinstance(exc, OperationalError) and any(words in message for words in _UNREACHABLE)


def _waitable(exc: BaseException) -> bool:
    return is_busy(exc) or is_unreachable(exc)


BOOT_BUSY_SECONDS = float(os.environ.get("DB_START_WAIT_SECONDS", "12"))  # a process starting waits about this
RETRY_MAX_SECONDS = float(os.environ.get("DB_RETRY_MAX_SECONDS", "30"))  # then tries again, pauses up to this


def upgrade_when_free(engine: Engine, busy_for: float | None = None, sleep=time.sleep,
                      monotonic=time.monotonic, later: bool = True) -> bool:
    """``upgrade`` for a process starting (a web worker, the scheduler): a SQLite whose write lock another process
    holds (the scheduler, a backup, load) or a PostgreSQL that cannot be reached (stopped, still starting) is tried
    again with a growing pause (0.5, 1, 2 … s) for about ``busy_for`` seconds; still not free, the process starts
    anyway (False, logged) and answers as in a database outage (the spool, 1930 and 112: bot/store/spool.py), while
    a thread of its own (``later``) keeps trying, pauses doubling up to ``RETRY_MAX_SECONDS``, and migrates as soon
    as the database answers; the spool is replayed then. A gunicorn worker that raised here exited with the
    boot-error code and gunicorn's master shut the whole helpline down, for good (sessions 15 and 16). Other errors
    (a broken migration) are raised."""
    deadline, pause = monotonic() + (BOOT_BUSY_SECONDS if busy_for is None else busy_for), 0.5
    while True:
        try:
            upgrade(engine)
            return True
        except OperationalError as exc:
            if not _waitable(exc):
                raise
            why = "busy (another process holds its write lock)" if is_busy(exc) else "unreachable"
            if monotonic() + pause > deadline:
                log.error("database %s at start: starting anyway; messages are answered and kept as in an outage "
                          "until it answers, the schema brought up to date then", why)
                if later:
                    threading.Thread(target=_upgrade_later, args=(engine, pause, sleep), name="schema-retry",
                                     daemon=True).start()
                return False
            log.warning("database %s at start: trying again in %.1f s", why, pause)
            sleep(pause)
            pause *= 2


def _upgrade_later(engine: Engine, pause: float, sleep=time.sleep) -> None:
    while True:
        pause = min(pause * 2, RETRY_MAX_SECONDS)
        sleep(min(pause, RETRY_MAX_SECONDS))
        try:
            upgrade(engine)
        except OperationalError as exc:
            if _waitable(exc):
                log.warning("database still %s: trying again in %.0f s",
                            "busy" if is_busy(exc) else "unreachable", min(pause * 2, RETRY_MAX_SECONDS))
                continue
            log.exception("database answers but its schema could not be brought up to date; not tried again")
            return
        except Exception:
            log.exception("database answers but its schema could not be brought up to date; not tried again")
            return
        log.warning("database answers again: schema up to date, serving normally")
        return


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Apply Alembic migrations up to ``revision`` on ``engine``, one process at a time.

    Web workers and the scheduler all migrate when they start: on PostgreSQL the migration runs in one
    transaction holding an advisory lock (the next process waits, then finds the schema at head); on
    SQLite under an exclusive lock on ``<database>.migrate.lock`` beside the database file. A schema already
    at the files' head is left as it is without importing Alembic (issue 17: Alembic, Mako and Pygments are
    ~10 MB of every web worker that a started helpline never needs)."""
    if revision == "head":
        head = head_revision()
        if head is not None and _at_revision(engine, head):
            return
    from alembic import command

    cfg = alembic_config(engine)
    database = engine.url.database if engine.dialect.name == "sqlite" else None
    lock = _file_lock(Path(database + ".migrate.lock")) if database and database != ":memory:" else nullcontext()
    with lock, engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, revision)
