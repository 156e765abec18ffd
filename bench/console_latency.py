"""The officers' console's latency, as a unit would see it (issue 15):

    python bench/console_latency.py [--postgres [URL]] [--urgent 20] [--burst 60] [--pages 20] [--webhooks 120]
                                    [--open-cases 230] [--queue-tabs] [--webhook-only]

Runs the helpline as in production (``gunicorn webhook:app``, 2 gthread workers, and ``python -m bot scheduler``,
tests/served.py) on SQLite (default) or on a PostgreSQL database of its own, with the fake Telegram and Twilio
servers of tests/fakes.py, an officers' Telegram group configured, and measures:

  * new urgent case -> browser: a resident's first message that makes an urgent case, from the moment the
    webhook request is sent to the moment the urgent banner appears on an open CASE page in Debian's Chromium
    (the page's own clock, read by a MutationObserver); median and p95 over --urgent cases, while --pages other
    console pages poll (simulated by HTTP clients doing what live.js and queue.js do);
  * new urgent case -> Telegram: from the same moment to the fake Telegram receiving a sendMessage to the
    officers' group that names the case's reference; median and p95;
  * a burst of --burst urgent cases in one minute -> Telegram: the same delay for each, median, p95 and max,
    and how many group messages carried them;
  * the WhatsApp webhook's p50 with --pages console pages open against none, in the same run, in alternating
    blocks (so a load change on the machine falls on both sides), and their ratio; with --open-cases N, N open
    cases are made first (through the webhook, as residents make them: two in five urgent), with --queue-tabs every
    open page is a queue tab (officer report s11: 6 tabs, 230 open cases), and the queue.json requests the tabs
    made meanwhile are counted and timed (200 and 304 apart); --pace S spreads the ordinary messages S seconds
    apart (by default they go back to back, a block within one or two polls). --webhook-only stops there.

Figures are kept in bench/README.md with the date. Absolute numbers move with the machine's load; the ratio much
less.
"""
from __future__ import annotations

import argparse
import contextlib
import itertools
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import requests  # noqa: E402

import served as served_module  # noqa: E402
from fakes import ACCOUNT_SID, BOT_TOKEN, WEBHOOK_SECRET, WHATSAPP_FROM, FakeTelegram, FakeTwilio, \
    twilio_signature  # noqa: E402

GROUP = "-100777"
PASSWORD = "Bench-Password-42"
URGENT_TEXT = "mere account se abhi {amount} kat gaye, abhi abhi"
REFERENCE = re.compile(r"CS-[0-9A-Z]+-[0-9A-Z]+")
_numbers = itertools.count(10_000)
_sids = itertools.count(1)


class TimedTelegram(FakeTelegram):
    """The fake Bot API, noting when each group message arrived (wall clock, seconds)."""

    def __init__(self):
        self.arrivals: list[tuple[float, str]] = []
        super().__init__()

    def respond(self, record):
        if record.path.endswith("/sendMessage") and record.form.get("chat_id") == GROUP:
            self.arrivals.append((time.time(), record.form.get("text", "")))
        return super().respond(record)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def summary(values: list[float]) -> str:
    return (f"median {statistics.median(values):.0f} ms, p95 {percentile(values, 95):.0f} ms, "
            f"max {max(values):.0f} ms (n={len(values)})")


# -- residents ------------------------------------------------------------------------------------
def send(base: str, text: str, number: str) -> tuple[float, str]:
    """One signed WhatsApp webhook request; (seconds it took, the TwiML answer)."""
    sid = f"SM{next(_sids):032x}"
    form = {"MessageSid": sid, "SmsMessageSid": sid, "SmsSid": sid, "AccountSid": ACCOUNT_SID, "NumMedia": "0",
            "From": f"whatsapp:{number}", "To": WHATSAPP_FROM, "Body": text, "WaId": number[1:],
            "ProfileName": "Bench", "ApiVersion": "2010-04-01"}
    url = base + "/webhooks/whatsapp"
    started = time.perf_counter()
    answer = requests.post(url, data=form, headers={"X-Twilio-Signature": twilio_signature(url, form)}, timeout=30)
    took = time.perf_counter() - started
    answer.raise_for_status()
    return took, answer.text


def new_number() -> str:
    return f"+9198{next(_numbers):08d}"


# -- console pages ---------------------------------------------------------------------------------
def log_in(base: str, username: str) -> requests.Session:
    session = requests.Session()
    page = session.get(base + "/console/login", timeout=10).text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    answer = session.post(base + "/console/login", data={"username": username, "password": PASSWORD,
                                                         "csrf_token": csrf}, allow_redirects=False, timeout=10)
    assert answer.status_code == 302, answer.status_code
    return session


class Pages:
    """``count`` open console pages: each polls live.json (If-None-Match) every 600 ms and, on a change,
    fetches what its page would (queue pages: queue.json?since=; case pages: the case's new messages)."""

    def __init__(self, base: str, count: int, case_id: int):
        self.base, self.count, self.case_id = base, count, case_id
        self.stop = threading.Event()
        self.requests = 0
        self.queue_ms: dict[int, list[float]] = {200: [], 304: []}  # queue.json answers by status
        self.queue_tabs = False
        self.sessions = [log_in(base, "bench") for _ in range(count)]
        self.threads = []

    def _run(self, session: requests.Session, queue_page: bool) -> None:
        etag, since, after = None, None, 0
        queue_etag = None
        time.sleep(0.6 * (self.sessions.index(session) / max(self.count, 1)))  # pages opened at different moments
        while not self.stop.is_set():
            try:
                answer = session.get(self.base + "/console/live.json", timeout=10,
                                     headers={"If-None-Match": etag} if etag else {})
                self.requests += 1
                if answer.status_code == 200:
                    etag = answer.headers.get("ETag")
                    if queue_page:  # as queue.js: only when live.json's queue version is not the one drawn
                        if since is not None and answer.json().get("queue") == since:
                            self.stop.wait(0.6)
                            continue
                        started = time.perf_counter()
                        queue = session.get(self.base + "/console/queue.json" + (f"?since={since}" if since else ""),
                                            headers={"If-None-Match": queue_etag} if queue_etag else {}, timeout=10)
                        self.queue_ms.setdefault(queue.status_code, []).append((time.perf_counter() - started) * 1000)
                        if queue.status_code == 200:
                            since, queue_etag = queue.json()["token"], queue.headers.get("ETag")
                    else:
                        data = session.get(f"{self.base}/console/cases/{self.case_id}/messages.json?after={after}",
                                           timeout=10).json()
                        after = max([after] + [m["id"] for m in data["messages"]])
                    self.requests += 1
            except requests.RequestException:
                pass
            self.stop.wait(0.6)

    def __enter__(self):
        self.threads = [threading.Thread(target=self._run, args=(s, self.queue_tabs or i % 2 == 0), daemon=True)
                        for i, s in enumerate(self.sessions)]
        for thread in self.threads:
            thread.start()
        time.sleep(1.5)  # every page has drawn once
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for thread in self.threads:
            thread.join(5)


# -- the measurements ------------------------------------------------------------------------------
def webhook_p50(base: str, pages: int, blocks: int, per_block: int, case_id: int, queue_tabs: bool = False,
                pace: float = 0.0) -> tuple[float, float, int, dict[int, list[float]]]:
    """p50 (ms) of ordinary messages with no console page and with ``pages`` open, in alternating blocks; and the
    pages' queue.json answers (ms) by status."""
    quiet, busy, polled, queue_ms = [], [], 0, {200: [], 304: []}
    residents = [new_number() for _ in range(8)]
    for number in residents:
        send(base, "hi", number)
    texts = itertools.cycle(["what is 1930", "how do I block a lost phone", "menu", "is this number safe 9876543210"])
    for block in range(blocks):
        for with_pages in (False, True):
            target = busy if with_pages else quiet
            open_pages = Pages(base, pages, case_id) if with_pages else None
            if open_pages:
                open_pages.queue_tabs = queue_tabs
            with open_pages or contextlib.nullcontext():
                for n in range(per_block):
                    took, _ = send(base, next(texts), residents[n % len(residents)])
                    target.append(took * 1000)
                    time.sleep(pace)  # messages spread over the block, as residents write, not all in one poll
                if open_pages:
                    polled += open_pages.requests
                    for status, took in open_pages.queue_ms.items():
                        queue_ms.setdefault(status, []).extend(took)
    return statistics.median(quiet), statistics.median(busy), polled, queue_ms


def telegram_delays(telegram: TimedTelegram, sent: dict[str, float], seconds: float) -> dict[str, float]:
    """Per reference, ms from its webhook request to the first group message naming it."""
    deadline, found = time.time() + seconds, {}
    while time.time() < deadline and len(found) < len(sent):
        for at, text in list(telegram.arrivals):
            for reference in REFERENCE.findall(text):
                if reference in sent and reference not in found:
                    found[reference] = (at - sent[reference]) * 1000
        time.sleep(0.05)
    return found


def urgent_to_browser(base: str, telegram: TimedTelegram, count: int, case_id: int, pages: int, chromium: str | None):
    """(browser ms list, Telegram ms list) for ``count`` urgent cases, one every ~2 s, with ``pages`` open."""
    browser_ms, after_ms, webhook_ms, sent = [], [], [], {}
    with Pages(base, pages, case_id), contextlib.ExitStack() as stack:
        page = None
        if chromium:
            from playwright.sync_api import sync_playwright

            p = stack.enter_context(sync_playwright())
            chrome = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
            stack.callback(chrome.close)
            page = chrome.new_page()
            page.goto(f"{base}/console/login?next=/console/cases/{case_id}")
            page.fill("input[name=username]", "bench")
            page.fill("input[name=password]", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url(f"{base}/console/cases/{case_id}")
            page.wait_for_timeout(1500)
        for n in range(count):
            if page is not None:
                page.evaluate("""() => { window.__shown = null; const banner = document.getElementById('urgent-banner');
                  banner.hidden = true; banner.querySelector('a').textContent = '';
                  new MutationObserver((_, observer) => { if (!banner.hidden) { window.__shown = Date.now();
                  observer.disconnect(); } }).observe(banner, {attributes: true, childList: true, subtree: true}); }""")
            started = time.time()
            took, answer = send(base, URGENT_TEXT.format(amount=20000 + n), new_number())
            webhook_ms.append(took * 1000)
            reference = REFERENCE.search(answer)
            if reference:
                sent[reference.group(0)] = started
            if page is not None:
                page.wait_for_function("() => window.__shown !== null", timeout=10_000)
                browser_ms.append(page.evaluate("window.__shown") - started * 1000)
                after_ms.append(browser_ms[-1] - took * 1000)
            time.sleep(1.2 + (n % 5) * 0.17)  # not in step with the pages' polling
    delays = telegram_delays(telegram, sent, 15)
    return browser_ms, after_ms, webhook_ms, list(delays.values()), len(sent)


def burst(base: str, telegram: TimedTelegram, count: int) -> tuple[list[float], int, int]:
    """``count`` urgent cases in one minute -> (Telegram delays ms, cases sent, group messages used)."""
    before = len(telegram.arrivals)
    sent = {}
    start = time.time()
    for n in range(count):
        wait = start + n * (60.0 / count) - time.time()
        if wait > 0:
            time.sleep(wait)
        at = time.time()
        _, answer = send(base, URGENT_TEXT.format(amount=50000 + n), new_number())
        reference = REFERENCE.search(answer)
        if reference:
            sent[reference.group(0)] = at
    delays = telegram_delays(telegram, sent, 30)
    used = sum(1 for _, text in telegram.arrivals[before:] if REFERENCE.search(text))
    return list(delays.values()), len(sent), used


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--postgres", nargs="?", const="postgresql+psycopg://postgres@127.0.0.1:5432/test",
                        help="run on a PostgreSQL database of the bench's own on this server")
    parser.add_argument("--urgent", type=int, default=20)
    parser.add_argument("--burst", type=int, default=60)
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--webhooks", type=int, default=120, help="ordinary messages per side for the p50")
    parser.add_argument("--open-cases", type=int, default=0, help="open cases made before measuring")
    parser.add_argument("--queue-tabs", action="store_true", help="every open page is a queue tab")
    parser.add_argument("--webhook-only", action="store_true", help="measure the webhook's p50 only")
    parser.add_argument("--pace", type=float, default=0.0, help="seconds between two ordinary messages")
    args = parser.parse_args(argv)

    telegram, twilio = TimedTelegram(), FakeTwilio()
    extra = {"TELEGRAM_BOT_TOKEN": BOT_TOKEN, "TELEGRAM_WEBHOOK_SECRET": WEBHOOK_SECRET,
             "TELEGRAM_API_BASE_URL": telegram.base_url, "TELEGRAM_FILE_BASE_URL": telegram.file_url,
             "TWILIO_API_BASE_URL": twilio.url, "TWILIO_MEDIA_BASE_URL": twilio.url, "LOG_LEVEL": "WARNING"}
    plain = served_module.environment
    served_module.environment = lambda *a: {**plain(*a), **extra}
    directory = Path(tempfile.mkdtemp(prefix="cs-bench-console-"))
    with contextlib.ExitStack() as stack:
        stack.callback(shutil.rmtree, directory, True)
        database_url = None
        if args.postgres:
            import os

            os.environ["TEST_POSTGRES_URL"] = args.postgres
            from conftest import empty_postgres_database

            database_url = stack.enter_context(empty_postgres_database("cs_bench_console"))
        app = served_module.Served(directory, database_url, workers=2, scheduler=True,
                                   officers_chat_id=f'"{GROUP}"')
        stack.callback(app.stop)
        app.wait_for(lambda: app.log().count("channel whatsapp: on") >= 2, 120, "two workers to start")
        subprocess.run([sys.executable, "-m", "bot", "officers", "add", "bench", "--role", "supervisor",
                        "--password-stdin"], input=PASSWORD + "\n", text=True, cwd=ROOT, env=app.env, check=True,
                       capture_output=True)
        base = app.url
        _, answer = send(base, URGENT_TEXT.format(amount=15000), new_number())  # the case page the observer opens
        case_id = 1
        for n in range(args.open_cases):  # a backlog, two cases in five urgent (a loss), the rest normal ("OFFICER")
            send(base, URGENT_TEXT.format(amount=30000 + n) if n % 5 in (1, 4) else "OFFICER", new_number())
        time.sleep(4)  # the scheduler is up and has announced the first case
        chromium = shutil.which("chromium") or shutil.which("chromium-browser")
        kind = "PostgreSQL" if database_url else "SQLite"
        opened = log_in(base, "bench").get(base + "/console/queue.json", timeout=30).json()["total"]
        print(f"# console latency on {kind}, gunicorn 2 gthread workers + scheduler, {args.pages} "
              f"{'queue tabs' if args.queue_tabs else 'pages'} open, {opened} open cases, "
              f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")

        quiet, busy, polled, queue_ms = webhook_p50(base, args.pages, blocks=4, per_block=max(args.webhooks // 4, 5),
                                                    case_id=case_id, queue_tabs=args.queue_tabs, pace=args.pace)
        print(f"webhook p50: {quiet:.1f} ms with no console page, {busy:.1f} ms with {args.pages} pages open: "
              f"ratio {busy / quiet:.2f}x ({polled} console requests meanwhile)")
        for status, took in sorted(queue_ms.items()):
            print(f"  queue.json answered {status}: {len(took)} times" + (f", {summary(took)}" if took else ""))
        if args.webhook_only:
            return 0

        browser_ms, after_ms, webhook_ms, telegram_ms, count = urgent_to_browser(
            base, telegram, args.urgent, case_id, args.pages, chromium)
        if browser_ms:
            print(f"new urgent case -> case page in Chromium ({args.pages} other pages open): {summary(browser_ms)}")
            print(f"  of which the webhook storing the case and answering: {summary(webhook_ms)}; "
                  f"after the answer: {summary(after_ms)}")
        else:
            print("new urgent case -> browser: not measured (no chromium)")
        print(f"new urgent case -> Telegram group: {summary(telegram_ms)} ({len(telegram_ms)} of {count} arrived)")

        delays, count, used = burst(base, telegram, args.burst)
        print(f"burst of {count} urgent cases in a minute -> Telegram: {summary(delays)}; "
              f"{len(delays)} arrived in {used} group messages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
