"""The deployment files: compose and Caddyfile validated by their own tools, Caddy itself in front of the app
(tls internal, on loopback) with a Twilio-signed webhook passing through it, the systemd units verified, and the
alert rules and dashboard naming only metrics the app exports.

No container engine can pull images on these machines: nothing here starts a container (README.md says what
was not run). Tools that are missing locally skip with the reason; .ci/run installs them, and on CI they fail.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import ssl
import subprocess
import threading
import time
from pathlib import Path

import pytest
import requests
import yaml
from werkzeug.serving import make_server

from dbfaults import free_port
from fakes import ACCOUNT_SID, STRONG_TOKEN, WHATSAPP_FROM, env, twilio_signature
from fakes import clock, twilio_fake  # noqa: F401,F811 (fixtures)

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"


def need(tool: str, why: str) -> str:
    path = shutil.which(tool)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"{tool} is required on CI ({why}); .ci/run installs it")
        pytest.skip(f"{tool} is not installed here ({why}): apt-get install {tool}")
    return path


def project(tmp_path: Path, fill: bool = True) -> Path:
    """A copy of what `docker compose` reads: compose.yaml, .env (from .env.example, its empty secrets filled
    in as the README says unless ``fill`` is false), deploy/Caddyfile."""
    import secrets

    folder = tmp_path / "project"
    (folder / "deploy").mkdir(parents=True)
    shutil.copy(ROOT / "compose.yaml", folder)
    text = (ROOT / ".env.example").read_text()
    if fill:
        for name in ("SECRET_KEY", "POSTGRES_PASSWORD", "METRICS_TOKEN"):
            text = re.sub(rf"^{name}=$", f"{name}={secrets.token_urlsafe(48)}", text, flags=re.M)
    (folder / ".env").write_text(text)
    shutil.copy(DEPLOY / "Caddyfile", folder / "deploy")
    return folder


def test_compose_refuses_the_example_env_until_its_secrets_are_filled_in(tmp_path):
    tool = need("docker-compose", "validates compose.yaml")
    checked = subprocess.run([tool, "config", "-q"], cwd=project(tmp_path, fill=False), capture_output=True,
                             text=True, timeout=120)
    assert checked.returncode != 0 and "POSTGRES_PASSWORD" in checked.stderr
    only_postgres = tmp_path / "second"
    only_postgres.mkdir()
    folder = project(only_postgres)
    env = (folder / ".env").read_text()
    (folder / ".env").write_text(re.sub(r"(?m)^SECRET_KEY=.*$", "SECRET_KEY=", env))
    checked = subprocess.run([tool, "config", "-q"], cwd=folder, capture_output=True, text=True, timeout=120)
    assert checked.returncode != 0 and "set SECRET_KEY in .env" in checked.stderr


def test_compose_file_is_valid_for_docker_compose(tmp_path):
    tool = need("docker-compose", "validates compose.yaml")
    folder = project(tmp_path)
    checked = subprocess.run([tool, "config", "-q"], cwd=folder, capture_output=True, text=True, timeout=120)
    assert checked.returncode == 0, checked.stderr
    resolved = yaml.safe_load(subprocess.run([tool, "config"], cwd=folder, capture_output=True, text=True,
                                             timeout=120, check=True).stdout)
    assert set(resolved["services"]) == {"db", "web", "scheduler", "caddy"}
    assert {"pgdata", "data", "backups", "caddy_data"} <= set(resolved["volumes"])
    assert resolved["services"]["scheduler"]["command"] == ["python", "-m", "bot", "scheduler"]
    assert resolved["services"]["caddy"]["ports"]
    assert not resolved["services"]["web"].get("ports"), "the app is reached only through Caddy"
    # Without .env there is no deployment: compose refuses instead of starting without secrets.
    (folder / ".env").unlink()
    assert subprocess.run([tool, "config", "-q"], cwd=folder, capture_output=True, timeout=120).returncode != 0


def test_compose_file_with_the_docker_cli_plugin(tmp_path):
    docker = shutil.which("docker")
    if docker is None or subprocess.run([docker, "compose", "version"], capture_output=True).returncode != 0:
        pytest.skip("`docker compose` (the CLI plugin) is not installed here; docker-compose validated it instead")
    checked = subprocess.run([docker, "compose", "config", "-q"], cwd=project(tmp_path), capture_output=True,
                             text=True, timeout=120)
    assert checked.returncode == 0, checked.stderr


def test_secrets_live_only_in_env():
    """compose.yaml and the Dockerfile name secrets, never hold them; .env is never copied into the image."""
    example = dict(line.split("=", 1) for line in (ROOT / ".env.example").read_text().splitlines()
                   if line and not line.startswith("#"))
    # No value to copy: each secret is left empty with the command that makes one (a known value forges sessions).
    assert all(example[k] == "" for k in ("SECRET_KEY", "POSTGRES_PASSWORD", "METRICS_TOKEN"))
    assert "secrets.token_urlsafe(48)" in (ROOT / ".env.example").read_text()
    for name in ("compose.yaml", "Dockerfile", "deploy/Caddyfile"):
        text = (ROOT / name).read_text()
        assert not re.search(r"(SECRET_KEY|METRICS_TOKEN|POSTGRES_PASSWORD)\s*[:=]\s*[\w-]{8,}", text), name
    assert ".env" in (ROOT / ".dockerignore").read_text().split()
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert re.search(r"^FROM python:3\.11-slim", dockerfile, re.M)
    assert re.search(r"^USER helpline$", dockerfile, re.M) and "gunicorn webhook:app" in dockerfile


def test_the_image_installs_runtime_packages_only():
    """The Dockerfile keeps the lines of requirements.txt above '# Tests': gunicorn yes, pytest no."""
    command = re.search(r"sed '([^']+)' requirements.txt", (ROOT / "Dockerfile").read_text()).group(1)
    kept = subprocess.run(["sed", command, str(ROOT / "requirements.txt")], capture_output=True, text=True,
                          check=True).stdout
    names = {re.split(r"[<>=\[ ]", line)[0].lower() for line in kept.splitlines() if line and line[0].isalpha()}
    assert {"gunicorn", "flask", "prometheus-client", "psycopg"} <= names
    assert not names & {"pytest", "playwright", "hypothesis"}


def caddyfile_for(binary: str, folder) -> Path:
    """deploy/Caddyfile, or for a Caddy older than 2.6.4 (this machine's 2.6.2; compose runs caddy:2) a copy with
    ``request_buffers`` written as that version's ``buffer_requests`` + ``max_buffer_size`` (same meaning)."""
    version = subprocess.run([binary, "version"], capture_output=True, text=True, timeout=30).stdout
    found = re.match(r"v?(\d+)\.(\d+)\.(\d+)", version.strip())
    if found is None or tuple(map(int, found.groups())) >= (2, 6, 4):
        return DEPLOY / "Caddyfile"
    text = (DEPLOY / "Caddyfile").read_text()
    size = re.search(r"request_buffers (\S+)", text).group(1)
    copy = Path(folder) / "Caddyfile.deploy"
    copy.write_text(text.replace(f"request_buffers {size}", f"buffer_requests\n\t\tmax_buffer_size {size}"))
    return copy


def test_caddy_buffers_a_whole_request_body_before_the_app_sees_it():
    """Attacker trial, session 19 (F11): Caddy streamed a slow body to gunicorn byte by byte, holding a thread."""
    text = (DEPLOY / "Caddyfile").read_text()
    limit = int(re.search(r"max_size (\d+)MB", text).group(1))
    buffered = int(re.search(r"request_buffers (\d+)MB", text).group(1))
    assert buffered > limit  # the whole of any body the site accepts


def test_caddyfile_is_valid(tmp_path):
    caddy = need("caddy", "validates deploy/Caddyfile and runs in front of the app")
    result = subprocess.run([caddy, "validate", "--config", str(caddyfile_for(caddy, tmp_path)), "--adapter", "caddyfile"],
                            env={**os.environ, "SITE_ADDRESS": "helpline.example.gov.in", "ACME_EMAIL": "a@b.in"},
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "Valid configuration" in result.stdout + result.stderr


@pytest.fixture
def app_server(sqlite_engine, clock, twilio_fake):
    """The app on a loopback port, trusting one proxy (config.yaml trusted_proxies: 1), PUBLIC_BASE_URL unset:
    signatures are then checked against the URL the proxy reports."""
    from fakes import FakeTwilioHttpClient
    from webhook import create_app

    config = sqlite_engine.config.model_copy(update={"trusted_proxies": 1})
    app = create_app(sqlite_engine, config=config, environ=env(PUBLIC_BASE_URL=None, METRICS_TOKEN=STRONG_TOKEN),
                     clock=clock, twilio_http_client=FakeTwilioHttpClient(twilio_fake))
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_port
    server.shutdown()
    app.extensions["cyber_sahayak"].close()


@pytest.fixture
def caddy(app_server, tmp_path):
    """deploy/Caddyfile itself, imported under test-only global options: loopback ports, Caddy's own CA."""
    binary = need("caddy", "runs in front of the app")
    https, http, admin = free_port(), free_port(), free_port()
    config = tmp_path / "Caddyfile"
    config.write_text(f"{{\n\tadmin 127.0.0.1:{admin}\n\tskip_install_trust\n\thttp_port {http}\n"
                      f"\thttps_port {https}\n\tlocal_certs\n}}\n\nimport {caddyfile_for(binary, tmp_path)}\n")
    caddy_env = {**os.environ, "SITE_ADDRESS": "localhost", "ACME_EMAIL": "internal",
                 "UPSTREAM": f"127.0.0.1:{app_server}", "XDG_DATA_HOME": str(tmp_path / "xdg-data"),
                 "XDG_CONFIG_HOME": str(tmp_path / "xdg-config"), "HOME": str(tmp_path)}
    pidfile = tmp_path / "caddy.pid"
    log = tmp_path / "caddy.log"
    with open(log, "wb") as out:  # a file, not a pipe: the background Caddy keeps its output open
        started = subprocess.run([binary, "start", "--config", str(config), "--adapter", "caddyfile",
                                  "--pidfile", str(pidfile)], env=caddy_env, stdout=out, stderr=out, timeout=60)
    assert started.returncode == 0, log.read_text()
    root_ca = tmp_path / "xdg-data" / "caddy" / "pki" / "authorities" / "local" / "root.crt"
    try:
        yield f"https://localhost:{https}", root_ca
    finally:
        stopped = subprocess.run([binary, "stop", "--address", f"127.0.0.1:{admin}"], env=caddy_env,
                                 capture_output=True, timeout=30)
        if stopped.returncode and pidfile.exists():  # the admin API did not answer: stop the one we started
            os.kill(int(pidfile.read_text().strip()), 15)


def _through(url: str, root_ca: Path, method: str = "get", **kwargs) -> requests.Response:
    """One request through Caddy; the first may race the internal CA issuing localhost's certificate."""
    deadline = time.monotonic() + 10
    while True:
        try:
            return requests.request(method, url, verify=str(root_ca), timeout=10, **kwargs)
        except (requests.exceptions.SSLError, requests.exceptions.ConnectionError, ssl.SSLError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def test_caddy_in_front_forwards_https_and_twilio_signatures_check(caddy):
    public, root_ca = caddy
    health = _through(f"{public}/healthz", root_ca)
    assert health.status_code == 200 and health.json()["database"] is True
    assert re.fullmatch(r"[0-9a-f-]{36}", health.headers["X-Request-Id"])  # Caddy's request id, kept by the app
    assert health.headers.get("Strict-Transport-Security")

    form = {"MessageSid": "SM" + "c" * 32, "AccountSid": ACCOUNT_SID, "From": "whatsapp:+919812345678",
            "To": WHATSAPP_FROM, "Body": "hi", "NumMedia": "0"}
    url = f"{public}/webhooks/whatsapp"
    # Twilio signs the public https URL; the app sees it only through X-Forwarded-Proto/Host from Caddy.
    signed = _through(url, root_ca, "post", data=form, headers={"X-Twilio-Signature": twilio_signature(url, form)})
    assert signed.status_code == 200, signed.text
    assert "<Message>" in signed.text
    http_url = url.replace("https://", "http://")
    wrong = _through(url, root_ca, "post", data={**form, "MessageSid": "SM" + "d" * 32},
                     headers={"X-Twilio-Signature": twilio_signature(http_url, {**form, "MessageSid": "SM" + "d" * 32})})
    assert wrong.status_code == 403  # signed for http://: the app knows it was reached over https

    # /metrics is never served to the outside, even with the right token.
    hidden = _through(f"{public}/metrics", root_ca, headers={"Authorization": "Bearer " + STRONG_TOKEN})
    assert hidden.status_code == 404 and b"cyber_sahayak" not in hidden.content


def test_systemd_units_verify(tmp_path):
    analyze = need("systemd-analyze", "verifies the systemd units")
    root = tmp_path / "root"
    for tool in ("python", "gunicorn"):
        path = root / "opt/cyber-sahayak/.venv/bin" / tool
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("#!/bin/sh\n")
        path.chmod(0o755)
    (root / "bin").mkdir()
    shutil.copy("/bin/kill", root / "bin/kill")
    (root / "etc/cyber-sahayak").mkdir(parents=True)
    (root / "etc/cyber-sahayak/env").write_text("")
    shutil.copytree("/usr/lib/systemd/system", root / "usr/lib/systemd/system", symlinks=True)
    units = root / "etc/systemd/system"
    units.mkdir(parents=True)
    names = []
    for unit in sorted((DEPLOY / "systemd").glob("*.service")):
        shutil.copy(unit, units)
        names.append(unit.name)
        text = unit.read_text()
        assert "Restart=on-failure" in text and "NoNewPrivileges=yes" in text and "ProtectSystem=strict" in text
    assert names == ["cyber-sahayak-scheduler.service", "cyber-sahayak-web.service"]
    result = subprocess.run([analyze, "verify", f"--root={root}", *names], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and not result.stderr.strip(), result.stderr


def test_alerts_and_dashboard_name_only_exported_metrics(make_app_for_names):
    exported = make_app_for_names
    rules = yaml.safe_load((DEPLOY / "prometheus/alerts.yml").read_text())
    alerts = {rule["alert"]: rule["expr"] for group in rules["groups"] for rule in group["rules"]}
    assert {"UrgentCaseUnclaimedPastSLA", "OutboxFailing", "OutboxUnconfirmed", "SchedulerSilent"} <= set(alerts)
    dashboard = json.loads((DEPLOY / "grafana/cyber-sahayak.json").read_text())
    exprs = list(alerts.values()) + [t["expr"] for p in dashboard["panels"] for t in p["targets"]]
    used = {re.sub(r"_(bucket|count|sum)$", "", name) for e in exprs for name in re.findall(r"cyber_sahayak_\w+", e)}
    assert used and used <= exported, used - exported


@pytest.fixture
def make_app_for_names(sqlite_engine):
    """Every metric family name the app exports (counters with _total), read from a real scrape."""
    from prometheus_client.parser import text_string_to_metric_families

    from bot import metrics
    from webhook import create_app

    metrics.count_message("web", "in")
    metrics.count_outbox_sent("web")
    metrics.count_provider_error("web", None)
    metrics.observe_request("/chat/send", 0.01)
    app = create_app(sqlite_engine, environ={"METRICS_TOKEN": STRONG_TOKEN})
    body = app.test_client().get("/metrics", headers={"Authorization": "Bearer " + STRONG_TOKEN}).get_data(as_text=True)
    app.extensions["cyber_sahayak"].close()
    names = set()
    for family in text_string_to_metric_families(body):
        names.add(family.name)
        names.update(re.sub(r"_(bucket|count|sum|created)$", "", s.name) for s in family.samples)
    return names
