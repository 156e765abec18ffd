"""The scheduler lease (bot/store/lease.py, issue 17), on SQLite and PostgreSQL: one holder at a time, renewed every
tick, taken over only once expired, given up at once on a clean stop; a holder cut off stops acting in time."""
from __future__ import annotations

from datetime import timedelta

from bot.store import lease
from bot.store.lease import Lease
from conftest import NOW

TTL, MARGIN = timedelta(seconds=15), timedelta(seconds=5)


def two(engine) -> tuple[Lease, Lease]:
    return (Lease(engine.Session, lease.SCHEDULER, "host-a:1:aaaa", TTL, MARGIN),
            Lease(engine.Session, lease.SCHEDULER, "host-b:2:bbbb", TTL, MARGIN))


def test_one_holder_until_the_lease_expires_then_the_standby_takes_it(engine):
    a, b = two(engine)
    assert a.acquire(NOW) and not b.acquire(NOW + timedelta(seconds=1))
    assert a.acquire(NOW + timedelta(seconds=5))  # renewed every tick
    assert not b.acquire(NOW + timedelta(seconds=19))  # 14 s after the renewal: still a's
    assert a.held(NOW + timedelta(seconds=14)) and not a.held(NOW + timedelta(seconds=15))  # a stops acting first
    assert b.acquire(NOW + timedelta(seconds=21))  # a stopped renewing (cut off, or killed): b takes over
    assert not a.acquire(NOW + timedelta(seconds=22)) and not a.held(NOW + timedelta(seconds=22))
    with engine.Session() as session:
        row = lease.current(session)
        assert row.holder == b.holder and row.acquired_at == NOW + timedelta(seconds=21)


def test_a_clean_stop_gives_the_lease_up_at_once(engine):
    a, b = two(engine)
    assert a.acquire(NOW)
    a.release(NOW + timedelta(seconds=2))
    assert not a.held(NOW + timedelta(seconds=2))
    assert b.acquire(NOW + timedelta(seconds=3))  # not 15 s later


def test_two_processes_starting_together_elect_one(engine):
    a, b = two(engine)
    results = [a.acquire(NOW), b.acquire(NOW)]
    assert results == [True, False]
    with engine.Session() as session:
        assert lease.current(session).holder == a.holder
