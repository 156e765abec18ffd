"""The WSGI app: ``gunicorn webhook:app``; ``python webhook.py`` serves it locally on the embedded SQLite default.

Routes: POST /webhooks/whatsapp, POST /webhooks/whatsapp/status, POST /webhooks/telegram, GET /healthz,
and, when the web channel is on, the resident chat page at / (bot/channels/webchat.py). Each channel is a
blueprint under bot/channels/; this file only wires them together.

``app`` is created on first access (PEP 562), so importing ``create_app`` in tests or tools does not
touch the default database; ``gunicorn webhook:app`` and ``from webhook import app`` work as usual.
"""
from __future__ import annotations

import logging
import os
import re
import secrets
import sys
import time
import uuid
from pathlib import Path
from typing import Any, Mapping

from flask import Flask, g, jsonify, request
from sqlalchemy import text
from sqlalchemy.exc import InterfaceError, OperationalError
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.middleware.proxy_fix import ProxyFix

from bot import console, edge, logs, metrics
from bot.channels import telegram, webchat, whatsapp
from bot.channels.runtime import Runtime, after_response, current
from bot.channels.settings import ChannelSettings
from bot.config import Config, load_config

log = logging.getLogger("webhook")


def _secret_key(settings: ChannelSettings, config: Config) -> str | None:
    """SECRET_KEY from the environment; on the embedded default, one generated once into data_dir."""
    if settings.secret_key:
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
    from bot.engine import Engine

    settings = ChannelSettings.from_env(environ)
    if engine is None:
        config = config or load_config()
        url = settings.database_url or f"sqlite:///{config.data_path / 'helpline.sqlite3'}"
        engine = Engine.from_config(config, database_url=url)
    config = config or engine.config
    runtime = Runtime(engine, settings, config=config, clock=clock, twilio_http_client=twilio_http_client)

    app = Flask(__name__, static_folder=None)
    app.request_class = edge.CleanRequest  # no NUL from any query or form parameter reaches the database
    app.url_map.converters["int"] = edge.DatabaseInt  # /console/cases/<huge number> is a 404, not a 500
    app.config.update(
        MAX_CONTENT_LENGTH=(config.max_evidence_mb + 1) * 1024 * 1024,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.public_base_url.startswith("https://"),
        SESSION_COOKIE_NAME="cs_session",  # the console's; the web chat has its own cookie (bot/channels/webchat.py)
        SESSION_COOKIE_PATH="/console",
        PERMANENT_SESSION_LIFETIME=7 * 24 * 3600,
        JSON_AS_ASCII=False,
    )
    key = _secret_key(settings, config)
    if key:
        app.secret_key = key
    elif runtime.web_chat_on:
        log.warning("channel web: off (a public deployment needs SECRET_KEY for its sessions)")
        runtime.web_chat_on = False
    if config.trusted_proxies:
        n = config.trusted_proxies
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n, x_port=n, x_prefix=n)
    app.extensions["cyber_sahayak"] = runtime
    app.json.ensure_ascii = False
    app.config["METRICS_TOKEN"] = (environ.get("METRICS_TOKEN") or "").strip()
    _request_context(app)
    app.register_blueprint(metrics.blueprint)

    app.register_blueprint(whatsapp.blueprint)
    app.register_blueprint(telegram.blueprint)
    app.register_blueprint(webchat.blueprint)
    console.init_app(app, engine, clock=runtime.now)

    @app.get("/healthz")
    def healthz():
        rt = current()
        try:
            with rt.engine.Session() as session:
                session.execute(text("SELECT 1"))
            database = True
        except Exception:  # the answer itself says what is wrong
            log.exception("health check: database unreachable")
            database = False
        body = {"ok": database, "database": database, "channels": rt.channels()}
        return jsonify(body), 200 if database else 503

    @app.errorhandler(RequestEntityTooLarge)
    def too_large(_exc):
        rt = current()
        if request.path.startswith("/chat/"):
            language = webchat._language(rt, webchat.chat_ids()[0])  # the resident's own language
            message = rt.engine.res.texts.get("media_refused", language, limit=config.max_evidence_mb)
            return jsonify(error="too large", replies=[{"text": message, "choices": []}]), 413
        return jsonify(error="too large"), 413

    @app.errorhandler(OperationalError)
    @app.errorhandler(InterfaceError)
    def database_unavailable(_exc):  # the database is down or locked: say so, never a 500
        log.error("database unavailable during %s %s", request.method, request.path)
        return jsonify(error="the helpline's database is unavailable; try again shortly"), 503, {"Retry-After": "5"}

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


def main() -> int:
    logs.setup()
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
    application.run(host=host, port=port, threaded=True, use_reloader=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
