"""Registry look-up and search speed at 10 thousand, 100 thousand and 1 million identifiers, on SQLite and
PostgreSQL, as ratios against baselines measured in the same run.

    python bench/registry.py [--quick] [--sqlite-only | --postgres-only] [--postgres URL]

--quick stops at 100 thousand. PostgreSQL: a database of the bench's own (cs_bench_registry) is created
on the server named by --postgres (default TEST_POSTGRES_URL or postgresql+psycopg://postgres@127.0.0.1:5432/test)
and dropped at the end. Identifiers are synthetic (phones, UPI ids, URLs, domains, e-mails), loaded in bulk
(SQLite: executemany in one transaction, the trigram index rebuilt once; PostgreSQL: COPY, the trigram index
built after the load). Figures are kept in bench/README.md.

Per size it prints, in microseconds (median of many calls, p95 beside it):
  * lookup(): bot.registry.records.lookup, normalising the value then one indexed query (what a check costs);
  * SQL look-up: the same query alone, by (kind, value);
  * check_text(): a forwarded message naming a phone, a UPI id and a link;
  * search(): "contains" search for a 6-digit fragment, most-reported first, 50 rows;
and the baselines: the same look-up forced to scan (no index) at 10 thousand, and every figure at 10 thousand
(growth). Ratios: speed-up over the scan at 10k; growth from 10k.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, make_url, text  # noqa: E402

from bot.registry import normalising, records  # noqa: E402
from bot.store.db import make_engine, make_sessionmaker, upgrade  # noqa: E402

BENCH_DB = "cs_bench_registry"
DEFAULT_PG = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
KINDS = ("phone", "upi", "url", "domain", "email")
START = datetime(2025, 1, 1, tzinfo=timezone.utc)


def synthetic(i: int) -> tuple[str, str]:
    """The i-th synthetic identifier: canonical, unique, spread over five kinds."""
    kind = KINDS[i % 5]
    n = i // 5
    if kind == "phone":
        return kind, f"+91{9800000000 + n * 7:010d}"
    if kind == "upi":
        return kind, f"pay{n}x@ok{('axis', 'sbi', 'hdfc', 'icici')[n % 4]}"
    if kind == "url":
        return kind, f"kyc-{n}.in/login/{n % 97}"
    if kind == "domain":
        return kind, f"refund-{n}.top"
    return kind, f"desk{n}@scam-{n % 1000}.in"


def rows(start: int, stop: int, rnd: random.Random):
    for i in range(start, stop):
        kind, value = synthetic(i)
        first = START + timedelta(minutes=rnd.randrange(0, 600 * 24 * 60))
        last = first + timedelta(minutes=rnd.randrange(0, 60 * 24 * 60))
        yield kind, value, first, last, rnd.choice((1, 1, 1, 2, 2, 3, 5, 8, 13, 40))


def load_sqlite(engine, start: int, stop: int, rnd: random.Random) -> None:
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.execute("BEGIN")
        for name in ("identifiers_fts_insert",):
            cur.execute(f"DROP TRIGGER IF EXISTS {name}")
        fmt = "%Y-%m-%d %H:%M:%S.%f"
        cur.executemany(
            "INSERT INTO identifiers (kind, value, first_seen_at, last_seen_at, report_count, status, status_detail,"
            " status_at, districts, source) VALUES (?, ?, ?, ?, ?, 'reported', '{}', NULL, '[\"Pune\"]', 'local')",
            ((k, v, f.strftime(fmt), l.strftime(fmt), c) for k, v, f, l, c in rows(start, stop, rnd)))
        cur.execute("INSERT INTO identifiers_fts(identifiers_fts) VALUES ('rebuild')")
        cur.execute("CREATE TRIGGER identifiers_fts_insert AFTER INSERT ON identifiers BEGIN "
                    "INSERT INTO identifiers_fts(rowid, value) VALUES (new.id, new.value); END")
        cur.execute("COMMIT")
        cur.execute("ANALYZE")
    finally:
        raw.close()


def load_postgres(engine, start: int, stop: int, rnd: random.Random) -> None:
    raw = engine.raw_connection()
    try:
        conn = raw.driver_connection
        with conn.cursor() as cur:
            cur.execute("DROP INDEX IF EXISTS ix_identifiers_value_trgm")
            with cur.copy("COPY identifiers (kind, value, first_seen_at, last_seen_at, report_count, status,"
                          " status_detail, districts, source) FROM STDIN") as copy:
                for k, v, f, l, c in rows(start, stop, rnd):
                    copy.write_row((k, v, f, l, c, "reported", "{}", '["Pune"]', "local"))
            cur.execute("CREATE INDEX ix_identifiers_value_trgm ON identifiers USING gin (value gin_trgm_ops)")
        conn.commit()
        with conn.cursor() as cur:
            conn.autocommit = True
            cur.execute("VACUUM ANALYZE identifiers")
            conn.autocommit = False
    finally:
        raw.close()


def timed(fn, items, repeat: int = 1) -> tuple[float, float]:
    """(median, p95) microseconds per call of fn(item)."""
    samples = []
    for _ in range(repeat):
        for item in items:
            t0 = time.perf_counter()
            fn(item)
            samples.append((time.perf_counter() - t0) * 1e6)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


def measure(Session, size: int, rnd: random.Random, dialect: str) -> dict:
    present = [synthetic(rnd.randrange(size)) for _ in range(1500)]
    missing = [("phone", f"+91{9700000000 + rnd.randrange(10**8):010d}") for _ in range(300)]
    probes = present + missing
    rnd.shuffle(probes)
    written = [(k, v if k != "phone" else f"0{v[3:8]} {v[8:]}") for k, v in probes]  # as a resident writes
    out: dict[str, tuple[float, float]] = {}
    with Session() as session:
        for k, v in probes[:200]:  # warm caches
            records.lookup(session, k, v)
        out["lookup"] = timed(lambda kv: records.lookup(session, kv[0], kv[1]), written)
        sql = text("SELECT id, report_count, status FROM identifiers WHERE kind = :k AND value = :v")
        out["sql"] = timed(lambda kv: session.execute(sql, {"k": kv[0], "v": kv[1]}).first(), probes)
        messages = []
        for _ in range(150):
            (_, phone), (_, upi), (_, url) = synthetic(5 * rnd.randrange(size // 5)), \
                synthetic(5 * rnd.randrange(size // 5) + 1), synthetic(5 * rnd.randrange(size // 5) + 2)
            messages.append(f"Dear customer, KYC pending. Call {phone[3:8]} {phone[8:]} or pay Rs 10 to {upi}, "
                            f"update at https://www.{url}")
        out["extract"] = timed(normalising.identifiers_in, messages)
        out["check_text"] = timed(lambda m: records.check_text(session, m), messages)
        fragments = [f"{rnd.randrange(10**6):06d}" for _ in range(60)]
        out["search"] = timed(lambda f: records.search(session, f, limit=50), fragments)
        # the baseline: the same look-up with the index defeated (fewer probes as the table grows)
        unindexed = text("SELECT id, report_count, status FROM identifiers WHERE kind || '' = :k AND "
                         "value || '' = :v")
        out["scan"] = timed(lambda kv: session.execute(unindexed, {"k": kv[0], "v": kv[1]}).first(),
                            probes[:max(5, 400_000 // size)])
        plan_sql = ("EXPLAIN QUERY PLAN " if dialect == "sqlite" else "EXPLAIN ") + \
            "SELECT id FROM identifiers WHERE kind = 'phone' AND value = '+919800000000'"
        out["plan"] = " / ".join(str(row[-1]) for row in session.execute(text(plan_sql)))
    return out


def run_backend(name: str, url: str, sizes: list[int], results: dict) -> None:
    engine = make_engine(url)
    upgrade(engine)
    Session = make_sessionmaker(engine)
    rnd = random.Random(20261127)
    loaded = 0
    for size in sizes:
        t0 = time.perf_counter()
        (load_sqlite if name == "sqlite" else load_postgres)(engine, loaded, size, rnd)
        load_s = time.perf_counter() - t0
        loaded = size
        figures = measure(Session, size, random.Random(size), engine.dialect.name)
        figures["load_s"] = load_s
        results[(name, size)] = figures
        print(f"{name:10} {size:>9,}  loaded in {load_s:6.1f}s  " + "  ".join(
            f"{key} {value[0]:8.0f}µs (p95 {value[1]:.0f})" for key, value in figures.items()
            if isinstance(value, tuple)), flush=True)
        print(f"{'':10} {'':>9}  plan: {figures['plan']}", flush=True)
    engine.dispose()


def report(results: dict, sizes: list[int]) -> None:
    print("\nRatios (same run). vs scan@10k = unindexed scan at 10k / figure; vs scan@N = unindexed scan at the same"
          " size / figure; growth = figure / figure at 10k. Medians in µs.")
    base = sizes[0]
    for name in sorted({key[0] for key in results}):
        b = results[(name, base)]
        scan10 = b["scan"][0]
        print(f"\n{name}")
        print(f"{'size':>10} {'lookup()':>9} {'SQL':>6} {'check':>6} {'(extract)':>9} {'search':>7} {'scan':>8}  "
              f"{'lookup vs scan@10k':>18} {'vs scan@N':>9} {'SQL vs scan@N':>13}  growth: "
              f"{'lookup':>6} {'SQL':>5} {'check':>5} {'search':>6}")
        for size in sizes:
            fig = results[(name, size)]
            print(f"{size:>10,} {fig['lookup'][0]:>9.0f} {fig['sql'][0]:>6.0f} {fig['check_text'][0]:>6.0f} "
                  f"{fig['extract'][0]:>9.0f} {fig['search'][0]:>7.0f} {fig['scan'][0]:>8.0f}  "
                  f"{scan10 / fig['lookup'][0]:>17.1f}x {fig['scan'][0] / fig['lookup'][0]:>8.0f}x "
                  f"{fig['scan'][0] / fig['sql'][0]:>12.0f}x          "
                  f"{fig['lookup'][0] / b['lookup'][0]:>6.2f} {fig['sql'][0] / b['sql'][0]:>5.2f} "
                  f"{fig['check_text'][0] / b['check_text'][0]:>5.2f} {fig['search'][0] / b['search'][0]:>6.2f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="stop at 100 thousand")
    parser.add_argument("--sqlite-only", action="store_true")
    parser.add_argument("--postgres-only", action="store_true")
    parser.add_argument("--postgres", default=DEFAULT_PG, help="a PostgreSQL server URL (any database on it)")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    sizes = [10_000, 100_000] if args.quick else [10_000, 100_000, 1_000_000]
    results: dict = {}
    if not args.postgres_only:
        with tempfile.TemporaryDirectory() as tmp:
            run_backend("sqlite", f"sqlite:///{tmp}/bench.sqlite3", sizes, results)
    if not args.sqlite_only:
        admin = create_engine(args.postgres, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{BENCH_DB}"'))
        try:
            url = make_url(args.postgres).set(database=BENCH_DB).render_as_string(hide_password=False)
            run_backend("postgresql", url, sizes, results)
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)'))
            admin.dispose()
    report(results, sizes)
    if args.json:
        Path(args.json).write_text(json.dumps({f"{k[0]}:{k[1]}": v for k, v in results.items()}, indent=1,
                                              default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
