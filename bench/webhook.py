"""The signed WhatsApp webhook under gunicorn, against a bare Flask app in the same run.

    python bench/webhook.py [--databases sqlite,postgresql] [--requests 4000] [--senders 1000]
                            [--connections 16] [--seconds 30] [--workers 2] [--sql-sample 200]

For each database: the helpline (``gunicorn -w 2 webhook:app``, the project's gunicorn.conf.py, on a temporary
data directory and a fresh database, migrated first by ``python -m bot db upgrade`` as every deployment does) and the baseline (``gunicorn -w 2 bench.bare_app:app``: a bare Flask app
answering constant TwiML, same settings) are driven one after the other by the same bounded load: at most
``--requests`` POSTs or ``--seconds`` each, on ``--connections`` keep-alive connections from two client
processes (wrk is used when it is installed: it is not here, so the Python client is the default; it costs CPU
on the same two cores, for both sides alike). Requests are pre-signed with twilio's RequestValidator
(unique MessageSids; ``--senders`` residents, each sending a short script in order: greetings, language and
menu digits, safety questions, report starts in English and romanised Hindi, "is this number a fraud").

Printed per database: requests/s, p50/p99 of both and their ratios, the helpline's worker RSS, and SQL
statements per message (SQLAlchemy's ``before_cursor_execute`` counted around each request, in-process on a
database of its own; BEGIN and SAVEPOINT lines are transaction control and not counted). Only 127.0.0.1 is
ever a target. Figures are kept in bench/README.md.
"""
from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from twilio.request_validator import RequestValidator  # noqa: E402

ACCOUNT_SID = "AC" + "0" * 31 + "7"
AUTH_TOKEN = "bench-auth-token-0123456789abcdef"
WHATSAPP_FROM = "whatsapp:+14155238886"
SECRET_KEY = "b3nchK3y-Lq8Zr2Wm5Tx9Vc4Nh7Pd1Fs6Gj0"
POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
PATH = "/webhooks/whatsapp"
# how a web worker's interpreter is started, as the Dockerfile's and compose.yaml's command starts it (``python -OO -m
# gunicorn``: no docstrings kept, README.md "Deployment and operations"); ``--python-flags ""`` measures without
PYTHON_FLAGS = "-OO"

# what residents send, in order, one script a sender (a sender's second message is its script's second line)
SCRIPTS = [
    ["hi", "1", "4"],
    ["how do I keep my OTP safe?", "menu", "2"],
    ["mere account se abhi 15000 kat gaye", "sbi", "4471"],
    ["namaste", "2", "1"],
    ["someone called asking for my KYC update, is it fraud?", "menu", "4"],
    ["is this number a fraud 9876543210", "1", "menu"],
    ["mera phone chori ho gaya metro me", "yesterday", "skip"],
    ["what is digital arrest", "menu", "6"],
]


# -- requests ------------------------------------------------------------------------------------
def messages(count: int, senders: int, offset: int = 0) -> list[tuple[str, dict[str, str]]]:
    """(sender, form) for ``count`` messages from ``senders`` residents, round-robin: the i-th message of a
    resident comes after every resident's (i-1)-th, so a resident's script stays in order."""
    out = []
    for index in range(count):
        sender, step = index % senders, index // senders
        script = SCRIPTS[sender % len(SCRIPTS)]
        text = script[step % len(script)]
        number = f"+9197{offset + sender:08d}"
        sid = f"SM{uuid.uuid4().hex}"
        out.append((number, {"MessageSid": sid, "SmsMessageSid": sid, "AccountSid": ACCOUNT_SID,
                             "From": f"whatsapp:{number}", "To": WHATSAPP_FROM, "Body": text, "NumMedia": "0",
                             "ProfileName": "Bench"}))
    return out


def signed(port: int, forms: list[dict[str, str]]) -> list[bytes]:
    """Each form as a whole HTTP/1.1 request, signed for http://127.0.0.1:port/webhooks/whatsapp."""
    validator = RequestValidator(AUTH_TOKEN)
    url = f"http://127.0.0.1:{port}{PATH}"
    out = []
    for form in forms:
        body = urlencode(form).encode()
        head = (f"POST {PATH} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                f"X-Twilio-Signature: {validator.compute_signature(url, form)}\r\n"
                "Content-Type: application/x-www-form-urlencoded\r\n"
                f"Content-Length: {len(body)}\r\nConnection: keep-alive\r\n\r\n")
        out.append(head.encode() + body)
    return out


# -- the load generator --------------------------------------------------------------------------
def _read_response(sock: socket.socket, buffer: bytearray) -> tuple[int, bool]:
    """Read one response from ``sock``; (status, keep-alive)."""
    while b"\r\n\r\n" not in buffer:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("closed")
        buffer += chunk
    head, _, _rest = bytes(buffer).partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    status = int(lines[0].split()[1])
    length, close = 0, False
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"content-length":
            length = int(value)
        elif name == b"connection" and value.strip().lower() == b"close":
            close = True
    need = len(head) + 4 + length
    while len(buffer) < need:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("closed")
        buffer += chunk
    del buffer[:need]
    return status, not close


def _client(port, requests, counter, deadline, threads, queue):
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    errors = [0]
    lock = threading.Lock()

    def connection():
        sock = None
        buffer = bytearray()
        mine: list[float] = []
        while time.time() < deadline:
            with counter.get_lock():
                index = counter.value
                counter.value += 1
            if index >= len(requests):
                break
            try:
                if sock is None:
                    sock = socket.create_connection(("127.0.0.1", port), timeout=30)
                    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                    buffer = bytearray()
                started = time.perf_counter()
                sock.sendall(requests[index])
                status, alive = _read_response(sock, buffer)
                mine.append(time.perf_counter() - started)
                with lock:
                    statuses[status] = statuses.get(status, 0) + 1
                if not alive:
                    sock.close()
                    sock = None
            except (OSError, ConnectionError, ValueError, IndexError):
                with lock:
                    errors[0] += 1
                if sock is not None:
                    sock.close()
                sock = None
        if sock is not None:
            sock.close()
        with lock:
            latencies.extend(mine)

    pool = [threading.Thread(target=connection) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    queue.put((latencies, statuses, errors[0]))


def drive(port: int, requests: list[bytes], connections: int, seconds: float) -> dict:
    """Send ``requests`` in order on ``connections`` keep-alive connections from two processes, at most
    ``seconds``; requests/s, p50, p99 (ms), statuses, errors."""
    ctx = mp.get_context("fork")
    counter = ctx.Value("i", 0)
    queue = ctx.Queue()
    processes = 2
    started = time.perf_counter()
    deadline = time.time() + seconds
    workers = [ctx.Process(target=_client, args=(port, requests, counter, deadline,
                                                  connections // processes + (i < connections % processes), queue))
               for i in range(processes)]
    for worker in workers:
        worker.start()
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    errors = 0
    for _ in workers:
        got, codes, errs = queue.get(timeout=seconds + 120)
        latencies += got
        for code, n in codes.items():
            statuses[code] = statuses.get(code, 0) + n
        errors += errs
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - started
    latencies.sort()
    pick = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000 if latencies else 0.0  # noqa: E731
    return {"done": len(latencies), "rps": len(latencies) / elapsed, "p50": pick(0.50), "p99": pick(0.99),
            "statuses": statuses, "errors": errors, "seconds": elapsed}


# -- servers -------------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def write_config(directory: Path) -> Path:
    text = (ROOT / "config.yaml").read_text(encoding="utf-8")
    text = re.sub(r'(?m)^data_dir: .*$', f'data_dir: "{directory / "data"}"', text)
    path = directory / "config.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def environment(config: Path, port: int, database_url: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("TWILIO_", "TELEGRAM_", "DATABASE_URL", "SECRET_KEY", "PUBLIC_BASE_URL",
                                "METRICS_TOKEN", "PROMETHEUS_MULTIPROC_DIR"))}
    env.update(CYBER_SAHAYAK_CONFIG=str(config), PYTHONPATH=str(ROOT), PUBLIC_BASE_URL=f"http://127.0.0.1:{port}",
               TWILIO_ACCOUNT_SID=ACCOUNT_SID, TWILIO_AUTH_TOKEN=AUTH_TOKEN, TWILIO_WHATSAPP_FROM=WHATSAPP_FROM,
               # the media/REST fakes are never needed: no message carries media, nothing is sent unasked
               TWILIO_API_BASE_URL="http://127.0.0.1:9", SECRET_KEY=SECRET_KEY, LOG_LEVEL="WARNING",
               WEB_CONCURRENCY="2")
    if database_url:
        env["DATABASE_URL"] = database_url.replace("postgresql+psycopg://", "postgresql://")
    return env


class Server:
    def __init__(self, app: str, env: dict[str, str], port: int, workers: int, log: Path, flags: str = PYTHON_FLAGS):
        self.port = port
        self.log = open(log, "w+")
        argv = [sys.executable, *flags.split(), "-m", "gunicorn", "--workers", str(workers), "--bind", f"127.0.0.1:{port}",
                "--graceful-timeout", "2", app]
        self.process = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT)

    def wait(self, workers: int, seconds: float = 600) -> None:
        """Until every worker accepts (at load 13-18 two workers loading the app at once took 299 s: session 15)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.log.seek(0)
                raise SystemExit(f"gunicorn exited:\n{self.log.read()[-3000:]}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=2) as sock:
                    sock.sendall(f"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
                    if b" 200 " in sock.recv(200) and len(self.accepting()) >= workers:
                        return
            except OSError:
                pass
            time.sleep(0.3)
        raise SystemExit("gunicorn did not answer in time")

    def workers(self) -> list[int]:
        try:
            return [int(p) for p in Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()]
        except FileNotFoundError:
            return []

    def accepting(self) -> list[int]:
        """The workers that accept connections: gunicorn's gthread worker loads the app, then registers its
        listener in its epoll (``/proc/<pid>/fdinfo``: a ``tfd:`` line a registered descriptor). Until then a
        started worker takes no connection, and the 16 keep-alive connections opened at the start stay with
        the worker that was ready: session 10 found one worker serving 4,000 of 4,000 requests."""
        ready = []
        for pid in self.workers():
            try:
                for info in Path(f"/proc/{pid}/fdinfo").iterdir():
                    if "tfd:" in info.read_text():
                        ready.append(pid)
                        break
            except OSError:
                continue
        return ready

    def rss_mb(self) -> list[float]:
        out = []
        for pid in self.workers():
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    out.append(int(line.split()[1]) / 1024)
        return out

    def pss_mb(self) -> dict[str, list[float]]:
        """Each worker's and the master's proportional share (PSS: a page shared by n processes counts 1/n in each):
        with the app built in the master (``preload_app``) the workers' VmRSS counts the pages they share with it in
        full, each; PSS adds up to what the helpline takes from the machine. Also the master's VmRSS."""
        def rollup(pid: int, key: str) -> float:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith(key):
                    return int(line.split()[1]) / 1024
            return 0.0

        return {"workers": [rollup(pid, "Pss:") for pid in self.workers()],
                "master": [rollup(self.process.pid, "Pss:"), rollup(self.process.pid, "Rss:")]}

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


# -- SQL statements per message, in-process ---------------------------------------------------------
def sql_per_message(config_path: Path, database_url: str, forms: list[dict[str, str]]) -> list[int]:
    """Statements each signed webhook request makes (same app, same mix), counted with SQLAlchemy events."""
    from sqlalchemy import event

    from bot.config import load_config
    from bot.conversation.engine import Engine
    from webhook import create_app

    port = 8999
    env = environment(config_path, port, database_url)
    config = load_config(config_path)
    engine = Engine.from_config(config, database_url=env.get("DATABASE_URL") or database_url)
    app = create_app(engine=engine, config=config, environ=env)
    client = app.test_client()
    count = [0]

    def on_execute(_conn, _cursor, statement, *_args):
        if not statement.lstrip().upper().startswith(("BEGIN", "SAVEPOINT", "RELEASE SAVEPOINT")):
            count[0] += 1

    db = engine.Session.kw["bind"]
    event.listen(db, "before_cursor_execute", on_execute)
    validator = RequestValidator(AUTH_TOKEN)
    url = f"http://127.0.0.1:{port}{PATH}"
    counts = []
    for form in forms:
        count[0] = 0
        response = client.post(PATH, data=form, base_url=f"http://127.0.0.1:{port}",
                               headers={"X-Twilio-Signature": validator.compute_signature(url, form)})
        assert response.status_code == 200, response.status_code
        counts.append(count[0])
    event.remove(db, "before_cursor_execute", on_execute)
    db.dispose()
    return counts


# -- one database ----------------------------------------------------------------------------------
def postgres_database():
    from sqlalchemy import create_engine, make_url, text

    name = f"cs_bench_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop():
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    return make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False), drop


def run_database(kind: str, args) -> dict:
    directory = Path(tempfile.mkdtemp(prefix=f"cs-bench-{kind}-"))
    drop = None
    try:
        if kind == "postgresql":
            url, drop = postgres_database()
            sql_url, sql_drop = postgres_database()
        else:
            url, sql_url, sql_drop = None, f"sqlite:///{directory / 'sql' / 'count.sqlite3'}", None
        config = write_config(directory)
        forms = [form for _n, form in messages(args.requests, args.senders)]

        port = free_port()
        # as every deployment starts it (the systemd unit's ExecStartPre, the Dockerfile, compose.yaml): the schema
        # migrated first, so the workers find it at head and none carries Alembic (bench/README.md: worker RSS)
        subprocess.run([sys.executable, "-m", "bot", "db", "upgrade"], cwd=ROOT, env=environment(config, port, url),
                       check=True, stdout=subprocess.DEVNULL, timeout=300)
        app = Server("webhook:app", environment(config, port, url), port, args.workers, directory / "app.log",
                     args.python_flags)
        try:
            app.wait(args.workers)
            ours = drive(port, signed(port, forms), args.connections, args.seconds)
            ours["rss_mb"], ours["pss_mb"] = app.rss_mb(), app.pss_mb()
        finally:
            app.stop()

        port = free_port()
        bare = Server("bench.bare_app:app", environment(config, port, None), port, args.workers,
                      directory / "bare.log", args.python_flags)
        try:
            bare.wait(args.workers)
            base = drive(port, signed(port, forms), args.connections, args.seconds)
            base["rss_mb"], base["pss_mb"] = bare.rss_mb(), bare.pss_mb()
        finally:
            bare.stop()

        sample = [form for _n, form in messages(args.sql_sample, max(1, args.sql_sample // 3), offset=50_000_000)]
        counts = sql_per_message(config, sql_url, sample)
        if sql_drop:
            sql_drop()
        return {"database": kind, "helpline": ours, "bare": base, "sql": counts}
    finally:
        if drop:
            drop()
        shutil.rmtree(directory, ignore_errors=True)


def report(result: dict) -> None:
    ours, base, counts = result["helpline"], result["bare"], result["sql"]
    print(f"\n== {result['database']} ==")
    for name, r in (("bare Flask", base), ("helpline", ours)):
        print(f"  {name:10s}: {r['rps']:8,.1f} req/s  p50 {r['p50']:7.1f} ms  p99 {r['p99']:7.1f} ms  "
              f"({r['done']} requests in {r['seconds']:.1f} s; statuses {r['statuses']}; errors {r['errors']}; "
              f"worker RSS {', '.join(f'{m:.0f}' for m in r['rss_mb'])} MB)")
    pss = ours["pss_mb"]
    print(f"  helpline memory: workers' PSS {', '.join(f'{m:.0f}' for m in pss['workers'])} MB, master PSS "
          f"{pss['master'][0]:.0f} MB (RSS {pss['master'][1]:.0f}); all its processes' PSS "
          f"{sum(pss['workers']) + pss['master'][0]:.0f} MB")
    print(f"  ratio: helpline at {ours['rps'] / base['rps'] * 100:.1f}% of bare Flask's requests/s; "
          f"p99 {ours['p99'] / base['p99']:.1f}x bare's")
    print(f"  SQL statements per message ({len(counts)} messages): median {statistics.median(counts):g}, "
          f"max {max(counts)}, mean {statistics.mean(counts):.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--requests", type=int, default=4000)
    parser.add_argument("--senders", type=int, default=1000)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--sql-sample", type=int, default=120)
    parser.add_argument("--python-flags", default=PYTHON_FLAGS,
                        help=f"the workers' interpreter flags, both apps (default {PYTHON_FLAGS!r}, as deployed)")
    parser.add_argument("--json", action="store_true", help="print each result as one JSON line too")
    args = parser.parse_args()
    if shutil.which("wrk"):
        print("note: wrk is installed but pre-signed bodies need the Python client; using it")
    print(f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; load average {os.getloadavg()[0]:.2f}; "
          f"{args.requests} requests max, {args.seconds:g} s max, {args.connections} connections, "
          f"{args.senders} senders, gunicorn -w {args.workers}")
    for kind in args.databases.split(","):
        result = run_database(kind.strip(), args)
        report(result)
        if args.json:
            print(json.dumps(result))


if __name__ == "__main__":
    main()
