"""README's first command, for real: ``./helpline start`` on the embedded default (SQLite, no DATABASE_URL, the
shipped config: alerts on Telegram, Telegram off, no officers' chat) is a working helpline by itself.

- An officer's reply typed in the console reaches a WhatsApp resident (a local fake of Twilio's API) with no
  second command: the scheduler runs in the server's own process, holds the lease, and stops with it.
- The server logs at INFO like gunicorn: a "message handled" line and a request line per message, the resident's
  number masked.
- An urgent case with nowhere to alert: start-up says so, and the audit says the bot queued the case and sent no
  alert ("not sent: no alerts channel configured"), not that the scheduler announced it.
"""
from __future__ import annotations

import hashlib
import json
import re
import signal
import stat
import subprocess
import sys
import time
import xml.etree.ElementTree as ET

import requests
from sqlalchemy import select

from bot.store.db import make_engine
from bot.store.models.cases import AuditEvent
from bot.store.models.operations import Outbox
from dbfaults import free_port
from fakes import ACCOUNT_SID, WHATSAPP_FROM, twilio_fake, twilio_signature  # noqa: F401 (twilio_fake: the fixture)
from served import ROOT, environment, write_config

PASSWORD = "Correct-Horse-9"
NUMBER = "+919876501234"
OFFICER_SAYS = "SI Meena here. Please keep your bank statement ready; I am calling you in five minutes."


def _venv(directory) -> dict[str, str]:
    """A VENV for ./helpline whose python is this test's (requirements already installed, so nothing is installed)."""
    venv = directory / "venv"
    (venv / "bin").mkdir(parents=True)
    python = venv / "bin" / "python"
    python.write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n')
    python.chmod(python.stat().st_mode | stat.S_IXUSR)
    stamp = hashlib.sha256((ROOT / "requirements.txt").read_bytes()).hexdigest()
    (venv / ".requirements.sha256").write_text(stamp + "\n")
    return {"VENV": str(venv)}


def _wait(predicate, seconds: float, what: str, log) -> object:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}:\n{log()[-4000:]}")


def _csrf(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def test_helpline_start_alone_delivers_an_officers_reply_and_logs_each_message(tmp_path, twilio_fake):
    port = free_port()
    config = write_config(tmp_path, poll_seconds=1)
    env = {k: v for k, v in environment(config, port, None).items() if not k.startswith("LOG_")}
    env.update(_venv(tmp_path), PORT=str(port), TWILIO_API_BASE_URL=twilio_fake.url, LOG_FORMAT="json")
    path = tmp_path / "helpline.log"
    with open(path, "w") as out:
        server = subprocess.Popen([sys.executable, str(ROOT / "helpline"), "start"], cwd=tmp_path, env=env,
                                  stdout=out, stderr=subprocess.STDOUT)

    def log() -> str:
        return path.read_text(encoding="utf-8", errors="replace")

    url = f"http://127.0.0.1:{port}"
    try:
        _wait(lambda: "scheduler: draining the outbox" in log() or server.poll() is not None, 180,
              "the server and its scheduler to start", log)
        assert server.poll() is None, log()
        assert "Scheduler: in this process" in log()  # start-up says what runs
        assert "officers' alerts: urgent cases reach no one but the console's queue" in log()
        added = subprocess.run([sys.executable, "-m", "bot", "officers", "add", "meena", "--role", "supervisor",
                                "--display-name", "SI Meena", "--password-stdin"], cwd=ROOT, env=env,
                               input=PASSWORD + "\n", text=True, capture_output=True, timeout=120)
        assert added.returncode == 0, added.stderr

        form = {"MessageSid": "SM" + "1" * 32, "AccountSid": ACCOUNT_SID, "From": f"whatsapp:{NUMBER}",
                "To": WHATSAPP_FROM, "Body": "15000 was debited from my account just now, my number is 9876501234",
                "NumMedia": "0", "ProfileName": "Kavita"}
        answer = requests.post(f"{url}/webhooks/whatsapp", data=form, timeout=60,
                               headers={"X-Twilio-Signature": twilio_signature(f"{url}/webhooks/whatsapp", form)})
        assert answer.status_code == 200, answer.text
        told = " ".join(ET.fromstring(answer.content).itertext()) + " ".join(
            m["Body"] for m in twilio_fake.created if m.get("To") == f"whatsapp:{NUMBER}")
        assert "1930" in told and "officers' queue" in told and "alerted" not in told  # true without any alert

        console = requests.Session()
        login = console.post(f"{url}/console/login", allow_redirects=False, timeout=30, data={
            "username": "meena", "password": PASSWORD, "csrf_token": _csrf(console.get(f"{url}/console/login").text)})
        assert login.status_code == 302, login.text
        case_id = console.get(f"{url}/console/queue.json", timeout=30).json()["cases"][0]["id"]
        token = _csrf(console.get(f"{url}/console/cases/{case_id}", timeout=30).text)
        for action, data in (("claim", {}), ("reply", {"text": OFFICER_SAYS})):
            done = console.post(f"{url}/console/cases/{case_id}/{action}", data={"csrf_token": token, **data},
                                allow_redirects=False, timeout=30)
            assert done.status_code == 302, (action, done.text)

        # No `python -m bot scheduler` was started: the server's own scheduler sends it to the resident's WhatsApp.
        _wait(lambda: any(m.get("Body") == OFFICER_SAYS and m.get("To") == f"whatsapp:{NUMBER}"
                          for m in twilio_fake.created), 60, "the officer's reply to reach Twilio", log)
    finally:
        server.send_signal(signal.SIGINT)  # Ctrl-C
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)
    assert server.returncode == 0, log()[-3000:]
    assert "scheduler: stopped; lease given up" in log()  # the scheduler stopped with the server

    lines = [json.loads(line) for line in log().splitlines() if line.startswith("{")]
    handled = [line for line in lines if line["event"] == "message handled"]
    assert handled and handled[0]["level"] == "info" and handled[0]["channel"] == "whatsapp"
    assert any(line["event"] == "request" and line.get("path") == "/webhooks/whatsapp" for line in lines)
    assert "9876501234" not in log() and "98765" not in log()  # the number masked everywhere (its last 4 may stay)

    db = make_engine(f"sqlite:///{tmp_path / 'data' / 'helpline.sqlite3'}")
    try:
        with db.connect() as conn:
            announced = conn.execute(select(AuditEvent.actor, AuditEvent.detail)
                                     .where(AuditEvent.action == "announced")).all()
            assert announced == [("bot", {"not_sent": "no alerts channel configured"})]
            assert conn.scalar(select(Outbox.id).where(Outbox.kind == "alert")) is None
            assert conn.scalar(select(Outbox.status).where(Outbox.text == OFFICER_SAYS)) in ("sent", "delivered")
    finally:
        db.dispose()


def test_helpline_test_runs_two_xdist_workers_unless_told_otherwise():
    """README's second command, ``./helpline test``: pytest on two pytest-xdist workers with xdist_group kept together
    (CI's 2 cores; serially the suite ran past CI's 45 minutes); a -n or --dist of the caller's own replaces that."""
    from importlib.machinery import SourceFileLoader
    from importlib.util import module_from_spec, spec_from_loader

    loader = SourceFileLoader("helpline_script", str(ROOT / "helpline"))
    script = module_from_spec(spec_from_loader(loader.name, loader))
    loader.exec_module(script)
    assert script.parallel_args([]) == script.parallel_args(["tests/test_web.py", "-x"]) == ["-n", "2", "--dist",
                                                                                            "loadgroup"]
    for own in (["-n", "0"], ["-n4"], ["--numprocesses=3"], ["--dist=load"], ["-p", "no:xdist"]):
        assert script.parallel_args(own) == [], own
