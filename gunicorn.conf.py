"""gunicorn settings for `gunicorn webhook:app` (read from the working directory; every value can be overridden
by the environment: BIND, WEB_CONCURRENCY, WEB_THREADS, LOG_LEVEL, PROMETHEUS_MULTIPROC_DIR, GUNICORN_CONTROL_SOCKET).

Webhooks may wait up to media_download_seconds (8 s) fetching a resident's files, so each worker runs a few
threads. Logs are JSON lines (bot/logs.py), gunicorn's own lines too (logconfig_dict below); gunicorn's access
log is off because the app logs one line per request with its request id (and never a query string). The
"No officer accounts yet" hint is printed once, by the master (when_ready), not by every worker.
"""
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
threads = int(os.environ.get("WEB_THREADS", "4"))
worker_class = "bot.gunicorn_worker.ArrivalWorker"  # gthread, stamping when a request was queued (bot/arrival.py)
timeout = 30
# The app (packs, flows, texts, the model) is built once, in the master (``when_ready``, after on_starting has set up
# the logs: gunicorn's own ``preload_app`` would build it before), and the workers are forked from it: each worker
# maps the master's pages copy-on-write and touches only what it uses (issue 17: a worker's resident memory at start
# 143-150 -> ~125 MB; bench/README.md, session 19). No database connection crosses the fork (the master closes its
# own before forking, and a child drops any it inherits: bot/store/db.py); threads (the Telegram loop, the senders,
# the SQLite writers' waiter) start in each worker at first use. A `kill -HUP` re-forks workers from the app the
# master holds: a new release needs a restart of the service, as the Dockerfile's and the unit's deploys do.
# BUILD_APP_IN_MASTER=0 builds the app in each worker instead (as before session 19).
build_app_in_master = os.environ.get("BUILD_APP_IN_MASTER", "1") != "0"
graceful_timeout = 20
accesslog = None
access_log_format = '"%(m)s %(U)s" %(s)s'  # should an access log be turned on: the path only, no query/referer/agent
# Only the reverse proxy talks to gunicorn; which proxies the app trusts is config.yaml's trusted_proxies.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# gunicorn 27's control socket (gunicornc) defaulted to $HOME/.gunicorn/gunicorn.ctl, one path for every helpline
# on the host (attacker trial, session 16): off, unless GUNICORN_CONTROL_SOCKET names this instance's own path
# (e.g. in its data directory). Older gunicorn ignores both settings.
control_socket_disable = not os.environ.get("GUNICORN_CONTROL_SOCKET")
if not control_socket_disable:
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]

# gunicorn's own lines ("Booting worker", "Listening at") through the app's formatter: one JSON object a line.
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "root": {"level": os.environ.get("LOG_LEVEL", "INFO").upper(), "handlers": []},
    "formatters": {"app": {"()": "bot.logs.formatter"}},
    "handlers": {"app": {"class": "logging.StreamHandler", "formatter": "app", "stream": "ext://sys.stderr"}},
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["app"], "propagate": False, "qualname": "gunicorn.error"},
        # gunicorn's access line is silenced: it carried the query string (an officer's search ?q=name@okaxis),
        # Referer and User-Agent in clear; the app's own line per request has the path only (webhook.py)
        "gunicorn.access": {"level": "CRITICAL", "handlers": [], "propagate": False,
                            "qualname": "gunicorn.access"},
    },
}


def on_starting(server):
    from bot import logs

    logs.setup(level=os.environ.get("LOG_LEVEL", "INFO"))
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder:
        os.makedirs(folder, exist_ok=True)
    os.environ["CYBER_SAHAYAK_HINT_ONCE"] = "1"  # the workers inherit it and leave the hint to when_ready


def post_worker_init(worker):
    """The app is loaded (packs, flows, texts, the model): everything made so far lives as long as the worker, so it
    leaves the collector's generations (``gc.freeze``). Otherwise each full collection walks it all again: 126-164 ms
    every ~900 webhooks in one thread, a pause that can fall inside SQLite's write lock (bench/README.md, session 11).
    Then the heap the start-up freed goes back to the system (``malloc_trim``): bot/worker_memory.py."""
    from bot import worker_memory

    worker_memory.settle()


def when_ready(server):
    """Once, in the master, before it forks the workers: the hint, then (``build_app_in_master``) the app built, the
    master's own database connections closed and the app settled as a worker settles (collected, frozen, heap
    trimmed), so the workers inherit no connection and no garbage."""
    from bot.console import print_first_officer_hint

    print_first_officer_hint()
    if build_app_in_master:
        from bot import worker_memory
        from bot.store.db import dispose_all

        server.app.wsgi()  # built here, once: each forked worker's load_wsgi returns this app
        dispose_all()
        worker_memory.settle()
