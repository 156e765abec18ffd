"""gunicorn settings for `gunicorn webhook:app` (read from the working directory; every value can be overridden
by the environment: BIND, WEB_CONCURRENCY, WEB_THREADS, LOG_LEVEL, PROMETHEUS_MULTIPROC_DIR).

Webhooks may wait up to media_download_seconds (8 s) fetching a resident's files, so each worker runs a few
threads. Logs are JSON lines (bot/logs.py); gunicorn's own access log is off because the app logs one line per
request with its request id (and never a query string).
"""
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
threads = int(os.environ.get("WEB_THREADS", "4"))
worker_class = "gthread"
timeout = 30
graceful_timeout = 20
accesslog = None
# Only the reverse proxy talks to gunicorn; which proxies the app trusts is config.yaml's trusted_proxies.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")


def on_starting(server):
    from bot import logs

    logs.setup(level=os.environ.get("LOG_LEVEL", "INFO"))
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder:
        os.makedirs(folder, exist_ok=True)
