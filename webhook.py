"""The WSGI app: ``gunicorn webhook:app``; ``python webhook.py`` serves it locally on the embedded SQLite default.

Routes: POST /webhooks/whatsapp, POST /webhooks/whatsapp/status, POST /webhooks/telegram, GET /healthz,
GET /metrics, and, when the web channel is on, the resident chat page at / (bot/channels/webchat.py). Each
channel is a blueprint under bot/channels/, registered in bot/channel_registry.py (each registered channel's
blueprint is mounted here), the console is bot/console/; this file only wires them together.

This is the app factory (``create_app``): with bot/channels and bot/console the only code that imports Flask or
werkzeug (the import contracts in .importlinter, docs/architecture.md). The web pieces of the cross-cutting
modules live here: the cleaned request (bot/edge.py's ``clean`` on every query and form parameter), the
``<int:...>`` converter and the /metrics route (bot/metrics.py's ``exposition``).

``app`` is created on first access (PEP 562), so importing ``create_app`` in tests or tools does not
touch the default database; ``gunicorn webhook:app`` and ``from webhook import app`` work as usual.
"""
from __future__ import annotations

import argparse
import hmac
import logging
import os
import re
import secrets
import signal
import sys
import threading
import time
import uuid
from pathlib import Path
from functools import cached_property
from typing import Any, Mapping

from flask import Blueprint, Flask, Request, Response, current_app, g, jsonify, request
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from sqlalchemy import text
from sqlalchemy.exc import InterfaceError, OperationalError
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from bot import console, logs, metrics
from bot.store import gauges  # the figures read from the database at each scrape
from bot.store import outbox
from bot import edge
from bot.conversation import tel_links
from bot import channel_registry as channels
from bot.channels import webchat
from bot.channels.runtime import Runtime, after_response, current
from bot.channels.settings import ChannelSettings
from bot.config import Config, load_config
from bot.store.db import sqlite_file_problem
from bot.secret_strength import GENERATE, weakness

log = logging.getLogger("webhook")
# Seconds a client is asked to wait before trying again: every 503 the app sends carries it (``_retry_after``)
RETRY_AFTER_SECONDS = 5


def _clean_multidict(values: MultiDict) -> MultiDict:
    return MultiDict([(edge.clean(key), edge.clean(value) if isinstance(value, str) else value)
                      for key, value in values.items(multi=True)])


class CleanRequest(Request):
    """Flask's request, with every query and form parameter (names too) passed through ``edge.clean``:
    a NUL typed into the console's search or a form never reaches the database. The raw body is
    untouched (the WhatsApp signature is computed over it)."""

    @cached_property
    def args(self) -> MultiDict:  # type: ignore[override]
        return _clean_multidict(super().args)

    def _load_form_data(self) -> None:
        super()._load_form_data()
        self.form = _clean_multidict(self.form)


class DatabaseInt(IntegerConverter):
    """``<int:...>`` in a URL: only numbers the database can hold (a larger one is a 404, not a 500)."""

    def __init__(self, map, fixed_digits=0, min=None, max=edge.MAX_DB_INT, signed=False):  # noqa: A002
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


metrics_blueprint = Blueprint("metrics", __name__)


@metrics_blueprint.get("/metrics")
def _metrics():
    """Prometheus metrics (bot/metrics.py): 404 until METRICS_TOKEN is set, 401 without its bearer token."""
    token = current_app.config.get("METRICS_TOKEN") or ""
    if not token:
        return Response("metrics are off: set METRICS_TOKEN\n", status=404, mimetype="text/plain")
    given = request.headers.get("Authorization", "")
    if not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        return Response("unauthorised\n", status=401, mimetype="text/plain",
                        headers={"WWW-Authenticate": 'Bearer realm="metrics"'})
    rt = current()
    return Response(metrics.exposition(gauges.DatabaseCollector(rt.engine.Session, rt.now)), mimetype=CONTENT_TYPE_LATEST,
                    headers={"Cache-Control": "no-store"})


def _unavailable_page(numbers) -> str:
    """A resident opening the chat page during a database outage still reads what to do, in both languages."""
    from bot.store.spool import NOT_KEPT

    lines = "".join(f"<p>{tel_links.tel_links(line, numbers)}</p>" for line in NOT_KEPT.splitlines())
    return ('<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">'
            f"<title>Cyber Sahayak</title></head><body>{lines}</body></html>")


def _secret_key(settings: ChannelSettings, config: Config) -> str | None:
    """SECRET_KEY from the environment; on the embedded default, one generated once into data_dir.

    A weak SECRET_KEY (short, or a placeholder such as .env.example's) counts as none: whoever knows it could
    forge an officer's session cookie."""
    if settings.secret_key:
        why = weakness(settings.secret_key)
        if why:
            log.error("SECRET_KEY refused (%s): console and web chat stay off; generate one with %s", why, GENERATE)
            return None
        return settings.secret_key
    if not settings.embedded:
        return None
    path = Path(config.data_path) / "secret_key"
    try:
        return path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(48)
        try:
            with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w", encoding="ascii") as handle:
                handle.write(key + "\n")
        except FileExistsError:  # another worker wrote it first
            return path.read_text(encoding="ascii").strip()
        return key


def create_app(engine=None, config: Config | None = None, environ: Mapping[str, str] = os.environ, *,
               clock: Any = None, twilio_http_client: Any = None) -> Flask:
    """The Flask app. ``engine`` (an Engine) and ``config`` default to the ones config.yaml and DATABASE_URL name.

    ``clock`` (now/monotonic/sleep) and ``twilio_http_client`` let tests control time and point Twilio's
    REST client at a local fake."""
    from bot.conversation.engine import Engine

    settings = ChannelSettings.from_env(environ)
    if engine is None:
        config = config or load_config()
        engine = Engine.from_config(config, database_url=config.database_url(environ))
    config = config or engine.config
    runtime = Runtime(engine, settings, config=config, clock=clock, twilio_http_client=twilio_http_client)
    engine.warm_up()  # the understanding's patterns compiled now, not on the first resident's message

    app = Flask(__name__, static_folder=None)
    app.request_class = CleanRequest  # no NUL from any query or form parameter reaches the database
    app.url_map.converters["int"] = DatabaseInt  # /console/cases/<huge number> is a 404, not a 500
    app.config.update(
        MAX_CONTENT_LENGTH=(config.max_evidence_mb + 1) * 1024 * 1024,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.public_base_url.startswith("https://"),
        SESSION_COOKIE_NAME="cs_session",  # the console's; the web chat has its own cookie (bot/channels/webchat.py)
        SESSION_COOKIE_PATH="/console",
        PERMANENT_SESSION_LIFETIME=7 * 24 * 3600,
        JSON_AS_ASCII=False,
        PUBLIC_BASE_URL=settings.public_base_url,  # the console's own address, besides the one asked (Origin checks)
    )
    key = _secret_key(settings, config)
    if key:
        app.secret_key = key
    else:
        app.config["SECRET_KEY_PROBLEM"] = weakness(settings.secret_key)
    if not key and runtime.web_chat_on:
        log.warning("channel web: off (a public deployment needs a strong SECRET_KEY for its sessions)")
        runtime.web_chat_on = False
    if config.trusted_proxies:
        n = config.trusted_proxies
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n, x_port=n, x_prefix=n)
    app.extensions["cyber_sahayak"] = runtime
    app.json.ensure_ascii = False
    metrics_token = (environ.get("METRICS_TOKEN") or "").strip()
    if metrics_token and weakness(metrics_token):
        log.error("METRICS_TOKEN refused (%s): /metrics stays off; generate one with %s",
                  weakness(metrics_token), GENERATE)
        metrics_token = ""
    app.config["METRICS_TOKEN"] = metrics_token
    _request_context(app)
    app.register_blueprint(metrics_blueprint)

    tel_links.install(app, config.numbers)  # the web chat's and the console's helpline links
    for channel in channels.channels():  # each registered channel's webhook or page (bot/channel_registry.py)
        app.register_blueprint(channel.load_blueprint())
    console.init_app(app, engine, clock=runtime.now)

    @app.get("/healthz")
    def healthz():
        """A real read of the schema's own table (an empty file SQLite made where the database was has none), and on
        SQLite whether the file this process opened is still the one at its path (moved or deleted under a running
        app, a pooled connection still reads the old file): 503 with Retry-After otherwise."""
        rt = current()
        problem = None
        try:
            with rt.engine.Session() as session:  # a write transaction's begin: a SQLite held by another writer
                # (messages could not be stored) is unhealthy too, though it still reads
                session.execute(text("SELECT version_num FROM alembic_version"))
                problem = sqlite_file_problem(session.connection())
        except Exception as exc:  # the answer itself says what is wrong
            log.exception("health check: database unreachable")
            problem = f"database unreachable ({type(exc).__name__})"
        if problem:
            log.error("health check: %s (%s)", problem, rt.engine.Session.kw["bind"].url.render_as_string())
        body = {"ok": not problem, "database": not problem, "channels": rt.channels()}
        if not problem:  # sends the providers refused lately (a wrong account id, a revoked token): said, not
            with rt.engine.Session() as session:  # "unhealthy" (the web still takes messages; the officers are told)
                body["failed_sends_15min"] = outbox.recent_failures(session, rt.now())
        if problem:
            body["problem"] = problem
        return jsonify(body), 503 if problem else 200

    @app.errorhandler(RequestEntityTooLarge)
    def too_large(_exc):
        rt = current()
        log.warning("%s %s: a body over %d bytes refused (413)", request.method, request.path,
                    current_app.config["MAX_CONTENT_LENGTH"])
        if request.path.startswith("/chat/"):
            if (request.content_length or 0) <= current_app.config["MAX_CONTENT_LENGTH"]:
                return webchat.refused_form(rt)  # within the size: too many form parts (werkzeug's max_form_parts)
            return webchat.refused_file(rt, 413)  # the resident's own language
        return jsonify(error="too large"), 413

    @app.errorhandler(OperationalError)
    @app.errorhandler(InterfaceError)
    def database_unavailable(_exc):  # the database is down or locked: say so, never a 500
        log.error("database unavailable during %s %s", request.method, request.path)
        form = request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data")
        browser = not request.path.startswith("/webhooks") and not request.is_json and (
            form if request.method == "POST" else request.accept_mimetypes.accept_html) and not (
            request.path.endswith(".json"))  # live.json, queue.json: a 503 JSON the page's poll backs off on
        if browser and request.path.startswith("/console") and current_app.secret_key:
            return console.unavailable_page()  # an officer's page or form: the console's own page, 503
        if browser and request.method == "GET":
            return _unavailable_page(config.numbers), 503, {"Content-Type": "text/html; charset=utf-8"}
        return jsonify(error="the helpline's database is unavailable; try again shortly"), 503

    @app.after_request
    def _retry_after(response):  # every 503 (an outage, the spool failing too, the console without SECRET_KEY)
        if response.status_code == 503 and "Retry-After" not in response.headers:
            response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response

    @app.after_request
    def replay_spool(response):  # messages kept during an outage: handled once a request finds the spool non-empty
        if runtime.spool.pending():
            after_response(response, runtime.recover_if_spooled)
        return response

    runtime.log_channels()
    runtime.recover()  # at start-up: what the spool kept and messages a killed worker left unhandled
    return app


_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
request_log = logging.getLogger("webhook.request")


def _request_context(app: Flask) -> None:
    """A request id for every request (the proxy's X-Request-Id when it is sane, else a new one), bound to the
    log context so the engine's lines carry it too; one log line per request; webhook latency for /metrics."""

    @app.before_request
    def _start():
        logs.clear()
        given = request.headers.get("X-Request-Id", "")
        g.request_id = given if _REQUEST_ID.match(given) else uuid.uuid4().hex
        g.started = time.perf_counter()
        logs.bind(request_id=g.request_id)

    @app.after_request
    def _finish(response):
        elapsed = time.perf_counter() - g.get("started", time.perf_counter())
        metrics.observe_request(request.path, elapsed)
        response.headers["X-Request-Id"] = g.get("request_id", "")
        request_log.info("request", extra={"method": request.method, "path": request.path,
                                           "status": response.status_code, "ms": round(elapsed * 1000, 1)})
        return response

    @app.teardown_request
    def _done(_exc):
        logs.clear()


def __getattr__(name: str):
    if name == "app":
        global app
        app = create_app()
        return app
    raise AttributeError(name)


def _scheduler_thread(runtime) -> tuple[threading.Thread, threading.Event]:
    """``python -m bot scheduler``'s loop in a thread of this one-process server (bot/scheduler.py ``run``): it takes
    the scheduler lease like any scheduler, so a second one (another ``python webhook.py``, or the scheduler service)
    on the same database stands by instead of sending twice."""
    from bot import scheduler

    stop = threading.Event()
    thread = threading.Thread(target=scheduler.run, args=(runtime, stop), name="scheduler", daemon=True)
    thread.start()
    return thread, stop


def main(argv: list[str] | None = None) -> int:
    """The local server (``./helpline start``): one process, the web app and, unless ``--no-scheduler``, the scheduler's
    jobs beside it (officers' replies and alerts sent, retries, SLA checks, retention), stopped with it."""
    parser = argparse.ArgumentParser(prog="webhook.py", description="Serve Cyber Sahayak locally (one process).")
    parser.add_argument("--no-scheduler", action="store_true",
                        help="do not run the scheduler's jobs here (a separate `python -m bot scheduler` runs them)")
    args = parser.parse_args(argv)
    logs.setup(level=os.environ.get("LOG_LEVEL") or logging.INFO)  # a server: a line per request and per message
    host = os.environ.get("HOST", "127.0.0.1")
    port = int(os.environ.get("PORT", "8000"))
    application = create_app()
    runtime = application.extensions["cyber_sahayak"]
    shown = "localhost" if host in ("127.0.0.1", "0.0.0.0") else host
    if runtime.web_chat_on:
        print(f"Cyber Sahayak is running. Chat as a resident: http://{shown}:{port}/", flush=True)
    else:
        print(f"Cyber Sahayak is running on http://{shown}:{port}/ (web chat off; health: /healthz)", flush=True)
    print(f"Officers' console: http://{shown}:{port}/console/", flush=True)
    scheduler = None
    if args.no_scheduler:
        print("Scheduler: not in this process (--no-scheduler): officers' replies and alerts leave only while "
              f"`{os.environ.get('CYBER_SAHAYAK_CLI', 'python -m bot')} scheduler` runs.", flush=True)
    else:
        scheduler = _scheduler_thread(runtime)
        print("Scheduler: in this process (officers' replies and alerts sent, retries, SLA checks, retention); "
              "it stops with it.", flush=True)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # a clean stop: the scheduler gives its lease up
    try:
        application.run(host=host, port=port, threaded=True, use_reloader=False)
    finally:
        if scheduler is not None:
            thread, stop = scheduler
            stop.set()
            thread.join(timeout=30)
        runtime.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
