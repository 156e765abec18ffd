"""`python -m bot doctor` against the local fakes: the real Twilio client and telegram.Bot talk to tests/fakes.py
(TWILIO_API_BASE_URL, TELEGRAM_API_BASE_URL), PUBLIC_BASE_URL is a local https server with its own certificate
(REQUESTS_CA_BUNDLE), and the database is the test's SQLite or PostgreSQL one."""
from __future__ import annotations

import os
import re
import shutil
import ssl
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from bot.cli import doctor
from bot.store import heartbeats
from fakes import ACCOUNT_SID, AUTH_TOKEN, BOT_TOKEN, STRONG_KEY, STRONG_TOKEN, WEBHOOK_SECRET, WHATSAPP_FROM
from fakes import telegram_fake, twilio_fake  # noqa: F401,F811 (fixtures)

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def https_health(tmp_path_factory):
    """A local https server answering /healthz, with a self-signed certificate for 127.0.0.1."""
    if shutil.which("openssl") is None:
        if os.environ.get("CI"):
            pytest.fail("openssl is needed on CI")
        pytest.skip("openssl not installed")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)

    class Health(BaseHTTPRequestHandler):
        def do_GET(self):
            status = 200 if self.path == "/healthz" else 404
            body = b'{"ok": true}'
            self.send_response(status)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Health)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"https://127.0.0.1:{server.server_address[1]}", cert
    server.shutdown()
    server.server_close()


@pytest.fixture
def deployment(engine, db_url, tmp_path, twilio_fake, telegram_fake, https_health, monkeypatch):
    """A healthy deployment's environment: config with its own data_dir, both channels, fakes, https, scheduler."""
    public, cert = https_health
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(cert))
    config = (ROOT / "config.yaml").read_text(encoding="utf-8").replace(
        'data_dir: "data"', f'data_dir: "{engine.config.data_path}"')
    (tmp_path / "config.yaml").write_text(config, encoding="utf-8")
    engine.config.evidence_path.mkdir(parents=True, mode=0o700)
    os.chmod(engine.config.evidence_path, 0o700)
    telegram_fake.webhook_url = f"{public}/webhooks/telegram"
    heartbeats.beat(engine.Session, heartbeats.SCHEDULER, doctor.datetime.now(doctor.timezone.utc))
    return {"CYBER_SAHAYAK_CONFIG": str(tmp_path / "config.yaml"), "DATABASE_URL": db_url,
            "TWILIO_ACCOUNT_SID": ACCOUNT_SID, "TWILIO_AUTH_TOKEN": AUTH_TOKEN, "TWILIO_WHATSAPP_FROM": WHATSAPP_FROM,
            "TWILIO_API_BASE_URL": twilio_fake.url, "TELEGRAM_BOT_TOKEN": BOT_TOKEN,
            "TELEGRAM_WEBHOOK_SECRET": WEBHOOK_SECRET, "TELEGRAM_API_BASE_URL": telegram_fake.base_url,
            "PUBLIC_BASE_URL": public, "SECRET_KEY": STRONG_KEY, "METRICS_TOKEN": STRONG_TOKEN}


def run(environ):
    d = doctor.Doctor(environ, timeout=5)
    results = {check.name: check for check in d.run()}
    return d, results


def test_a_healthy_deployment_passes_every_check(deployment, twilio_fake, telegram_fake):
    d, results = run(deployment)
    assert not d.failed, [(c.name, c.detail) for c in results.values() if c.status != "ok"]
    assert {name for name, c in results.items() if c.status == "ok"} >= {
        "config", "SECRET_KEY", "PUBLIC_BASE_URL", "database", "evidence store", "twilio", "telegram",
        "telegram webhook", "https", "scheduler"}
    # It asked the providers themselves, with the deployment's credentials.
    assert any(r.path == f"/2010-04-01/Accounts/{ACCOUNT_SID}.json" for r in twilio_fake.requests)
    assert telegram_fake.calls("getMe") and telegram_fake.calls("getWebhookInfo")


def test_the_command_exits_0_when_healthy_and_1_with_a_problem(deployment):
    env = {**os.environ, **deployment}
    ok = subprocess.run([sys.executable, "-m", "bot", "doctor"], cwd=ROOT, env=env, capture_output=True, text=True,
                        timeout=120)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "All checks passed." in ok.stdout
    bad = subprocess.run([sys.executable, "-m", "bot", "doctor"], cwd=ROOT, capture_output=True, text=True,
                         env={**env, "TWILIO_AUTH_TOKEN": "wrong-token-000000000000"}, timeout=120)
    assert bad.returncode == 1
    assert "FAIL  twilio: account fetch refused: 401 20003" in bad.stdout
    assert "fix: TWILIO_ACCOUNT_SID / TWILIO_AUTH_TOKEN are wrong" in bad.stdout
    assert "wrong-token" not in bad.stdout  # never prints a secret


def test_it_says_what_to_fix(deployment, telegram_fake, engine):
    telegram_fake.webhook_url = "https://old.example.org/webhooks/telegram"
    os.chmod(engine.config.evidence_path, 0o755)
    with engine.Session.begin() as s:
        from sqlalchemy import delete

        from bot.store.models.operations import Heartbeat
        s.execute(delete(Heartbeat))
    d, results = run({**deployment, "TWILIO_WHATSAPP_FROM": "", "SECRET_KEY": ""})
    assert d.failed
    expected = deployment["PUBLIC_BASE_URL"] + "/webhooks/telegram"
    assert results["telegram webhook"].status == "FAIL" and expected in results["telegram webhook"].detail
    assert "telegram set-webhook" in results["telegram webhook"].fix
    assert results["evidence store"].status == "FAIL" and "chmod 700" in results["evidence store"].fix
    assert results["scheduler"].status == "FAIL" and "never run" in results["scheduler"].detail
    assert "./helpline bot scheduler" in results["scheduler"].fix  # the README's own form, not only systemd
    assert results["channel whatsapp"].status == "FAIL" and "TWILIO_WHATSAPP_FROM" in results["channel whatsapp"].fix
    assert results["SECRET_KEY"].status == "FAIL"
    assert "twilio" not in results  # WhatsApp is off: its provider is not asked


def test_webhook_delivery_errors_and_a_silent_scheduler(deployment, telegram_fake, engine):
    telegram_fake.webhook_error = "Connection timed out"
    heartbeats.beat(engine.Session, heartbeats.SCHEDULER,
                    doctor.datetime.now(doctor.timezone.utc) - doctor.timedelta(minutes=10))
    d, results = run(deployment)
    assert results["telegram webhook"].status == "warn" and "Connection timed out" in results["telegram webhook"].detail
    assert results["scheduler"].status == "FAIL" and "silent for" in results["scheduler"].detail


def test_unreachable_things_fail_with_a_fix(deployment, tmp_path):
    closed = "https://127.0.0.1:9"  # nothing listens on the discard port
    environ = {**deployment, "PUBLIC_BASE_URL": closed, "TELEGRAM_BOT_TOKEN": "999:" + "x" * 35,
               "DATABASE_URL": "postgresql://nobody@127.0.0.1:9/none"}
    d, results = run(environ)
    assert results["https"].status == "FAIL" and "unreachable" in results["https"].detail
    assert results["database"].status == "FAIL" and "DATABASE_URL" in results["database"].fix
    assert results["telegram"].status == "FAIL"
    assert results["scheduler"].status == "skip"
    http = run({**deployment, "PUBLIC_BASE_URL": "http://helpline.example.org"})[1]
    assert http["PUBLIC_BASE_URL"].status == "FAIL" and "https" in http["PUBLIC_BASE_URL"].fix


def test_an_unmigrated_database_is_reported(deployment, tmp_path):
    empty = tmp_path / "empty.sqlite3"
    import sqlite3
    sqlite3.connect(empty).close()
    d, results = run({**deployment, "DATABASE_URL": f"sqlite:///{empty}"})
    assert results["database"].status == "FAIL" and "db upgrade" in results["database"].fix


def test_no_network_skips_the_providers(deployment):
    d = doctor.Doctor(deployment, network=False)
    results = {c.name: c for c in d.run()}
    assert results["twilio"].status == results["telegram"].status == results["https"].status == "skip"


def test_placeholder_and_short_secrets_fail(deployment):
    d, results = run({**deployment, "SECRET_KEY": "change-me-to-a-long-random-value-000000000000000000000",
                      "METRICS_TOKEN": "metrics-token-0123", "POSTGRES_PASSWORD": "change-me"})
    assert d.failed
    assert results["SECRET_KEY"].status == "FAIL" and "placeholder" in results["SECRET_KEY"].detail
    assert "token_urlsafe(48)" in results["SECRET_KEY"].fix
    assert results["METRICS_TOKEN"].status == "FAIL" and "/metrics is off" in results["METRICS_TOKEN"].detail
    assert results["POSTGRES_PASSWORD"].status == "FAIL"
    d, results = run({**deployment, "POSTGRES_PASSWORD": STRONG_KEY + "pg"})
    assert results["SECRET_KEY"].status == results["METRICS_TOKEN"].status == results["POSTGRES_PASSWORD"].status == "ok"


def test_the_whatsapp_sender_is_checked_against_the_account(deployment, twilio_fake):
    """A sender the account does not own is never reported ok; the sandbox number is named as such."""
    d, results = run(deployment)
    assert results["twilio sender"].status == "warn" and "sandbox" in results["twilio sender"].detail
    own = {**deployment, "TWILIO_WHATSAPP_FROM": "whatsapp:+919876500001"}
    d, results = run(own)
    assert results["twilio sender"].status == "warn" and "not verified" in results["twilio sender"].detail
    assert any(r.path.endswith("/IncomingPhoneNumbers.json") and r.query.get("PhoneNumber") == ["+919876500001"]
               for r in twilio_fake.requests)
    twilio_fake.numbers.append("+919876500001")
    d, results = run(own)
    assert results["twilio sender"].status == "ok"


def test_alerts_that_reach_no_one_are_a_warning(deployment, tmp_path):
    """The shipped config (alerts on Telegram, no officers' chat): urgent cases reach only the console, and doctor
    says so (a warning: a unit may work from the console alone), naming what is missing."""
    d, results = run({**deployment, "TELEGRAM_BOT_TOKEN": "", "TELEGRAM_WEBHOOK_SECRET": ""})
    alerts = results["alerts"]
    assert alerts.status == "warn" and "reach no one but the console" in alerts.detail
    assert "no officers' chat" in alerts.detail and "telegram cannot send" in alerts.detail
    assert "officers' group chat id" in alerts.fix
    config = tmp_path / "config.yaml"
    text, count = re.subn(r'(?m)^(  officers_\w*chat_id): ""', r'\1: "-100123"', config.read_text(encoding="utf-8"))
    assert count == 1
    config.write_text(text, encoding="utf-8")
    d, results = run(deployment)  # the chat set, and Telegram's token
    assert results["alerts"].status == "ok" and "telegram" in results["alerts"].detail
