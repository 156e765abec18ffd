"""The helpline's own SQLite writers queue on a lock that wakes them (bot/store/db.py, ``WriterLock``; issue 17),
and the queue never waits past the busy timeout: a write transaction of another worker held too long is an
outage, answered at once with 1930/112 and kept in the spool, as SQLite's own busy timeout did before."""
from __future__ import annotations

import shutil
import subprocess
import sys

from sqlalchemy import select

from bot.store.db import WriterLock, make_engine
from bot.store.models.residents import Message
from bot.store.spool import UNAVAILABLE
from fakes import clock, telegram_fake, twilio_fake  # noqa: F401 (fixtures)
from test_outage import app_on  # noqa: F401 (fixture)
from test_whatsapp import WhatsAppResident, bodies, signed_post

# another worker: a write transaction of the helpline's own kind, held until its stdin closes
OTHER_WORKER = """
import sys
from sqlalchemy import text
from bot.store.db import make_engine
db = make_engine(sys.argv[1])
with db.begin() as connection:
    connection.execute(text("UPDATE contacts SET language = language"))
    print("held", flush=True)
    sys.stdin.read()
"""


def test_a_write_held_by_another_worker_past_the_busy_timeout_is_an_outage_kept_in_the_spool(
        tmp_path, sqlite_template, app_on, clock):  # noqa: F811
    path = tmp_path / "helpline.sqlite3"
    shutil.copy(sqlite_template, path)
    app = app_on(f"sqlite:///{path}")  # busy_seconds=1
    rt = app.extensions["cyber_sahayak"]
    client = app.test_client()
    resident = WhatsAppResident(client, clock)
    other = subprocess.Popen([sys.executable, "-c", OTHER_WORKER, f"sqlite:///{path}"], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True)
    try:
        assert other.stdout.readline().strip() == "held"
        assert bodies(signed_post(client, resident.form("hello"))) == [UNAVAILABLE]  # not waiting for the holder
    finally:
        other.stdin.close()
        other.wait(timeout=30)
    assert len(rt.spool.path.read_text(encoding="utf-8").splitlines()) == 1  # kept, to be replayed
    response = signed_post(client, resident.form("namaste"))  # the holder gone: the queue takes writes again
    assert response.status_code == 200
    response.close()  # its answer queues behind the kept message's (tests/test_outage.py)
    with rt.engine.Session() as session:
        texts = session.scalars(select(Message.text).where(Message.direction == "in").order_by(Message.id)).all()
    assert texts == ["hello", "namaste"]  # the kept one first, nothing lost


def test_the_lock_passes_to_another_process_and_a_wait_gives_up_at_its_timeout(tmp_path):
    """One lock object a process a file; another process gets it when this one lets go, and a wait for it gives up
    at its timeout."""
    database = str(tmp_path / "x.sqlite3")
    make_engine(f"sqlite:///{database}").dispose()
    lock = WriterLock.of(database)
    assert lock.acquire(1)
    assert WriterLock.of(database) is lock
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sys; from bot.store.db import WriterLock; lock = WriterLock.of(sys.argv[1]); "
        "print(lock.acquire(30), flush=True); sys.stdin.read(); lock.release()"), database],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        lock.release()  # the other process (waiting, or about to ask) gets the lock
        assert holder.stdout.readline().strip() == "True"
        assert lock.acquire(0.3) is False  # held elsewhere: given up at the timeout, not waited for
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    assert lock.acquire(5)  # released when the other process let go
    lock.release()


def test_each_sqlite_connection_keeps_a_small_page_cache(tmp_path):
    """Issue 17 (worker memory): SQLite's default page cache is 2,000 KiB a connection and every pooled connection of a
    worker filled its own; the helpline's connections keep SQLITE_CACHE_KIB, and still read and write."""
    from sqlalchemy import text

    from bot.store.db import SQLITE_CACHE_KIB

    engine = make_engine(f"sqlite:///{tmp_path / 'cache.db'}")
    try:
        with engine.begin() as conn:
            assert conn.exec_driver_sql("PRAGMA cache_size").scalar() == -SQLITE_CACHE_KIB < 0
            conn.execute(text("CREATE TABLE t (x TEXT)"))
            conn.execute(text("INSERT INTO t VALUES (:x)"), [{"x": str(n) * 500} for n in range(2000)])
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM t")).scalar() == 2000
    finally:
        engine.dispose()
