# Cyber Sahayak: one image for the web app (gunicorn) and the scheduler (python -m bot scheduler).
# docker compose builds it (compose.yaml); README.md, "Deployment and operations".
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    LOG_FORMAT=json \
    PROMETHEUS_MULTIPROC_DIR=/metrics \
    BIND=0.0.0.0:8000

# pg_dump/pg_restore for `python -m bot backup` (major version 15, the same as the postgres service); DejaVu fonts
# for the freeze request PDF (the ₹ sign; config unit.letterhead_font).
RUN apt-get update \
 && apt-get install -y --no-install-recommends postgresql-client-15 fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
# Runtime packages only: the lines above "# Tests" in requirements.txt.
COPY requirements.txt ./
RUN sed '/^# Tests/,$d' requirements.txt > /tmp/runtime.txt \
 && pip install -r /tmp/runtime.txt \
 && rm /tmp/runtime.txt

# The code belongs to root and is read-only for the service user; data and evidence live in /data (a volume).
COPY . .
RUN useradd --system --uid 10001 --home-dir /data --shell /usr/sbin/nologin helpline \
 && mkdir -p /data /metrics /backups \
 && chown helpline:helpline /data /metrics /backups \
 && chmod 700 /data /backups \
 && rm -rf /app/data && ln -s /data /app/data

USER helpline
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s \
  CMD python -c "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status != 200)"
# python -OO: a web worker keeps no docstrings (~5 MB of its memory; nothing of the app reads one): bench/README.md
CMD ["sh", "-c", "python -m bot db upgrade && exec python -OO -m gunicorn webhook:app"]
