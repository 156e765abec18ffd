"""The helpline as it runs in production, for fault tests: ``gunicorn webhook:app`` workers and
``python -m bot scheduler`` as subprocesses on a temporary data directory and a database of their own."""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from dbfaults import free_port
from fakes import ACCOUNT_SID, AUTH_TOKEN, WHATSAPP_FROM

ROOT = Path(__file__).resolve().parent.parent


def write_config(directory: Path, **values) -> Path:
    """config.yaml with ``data_dir`` under ``directory`` and top-level ``values`` replaced (e.g. poll_seconds)."""
    text = (ROOT / "config.yaml").read_text(encoding="utf-8")
    text = re.sub(r'(?m)^data_dir: .*$', f'data_dir: "{directory / "data"}"', text)
    for key, value in values.items():
        text, count = re.subn(rf"(?m)^(\s*){key}: [^#\n]*", rf"\g<1>{key}: {value} ", text)
        assert count == 1, key
    path = directory / "config.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def environment(config: Path, port: int, database_url: str | None) -> dict[str, str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("TWILIO_", "TELEGRAM_", "DATABASE_URL",
                                                                         "SECRET_KEY", "PUBLIC_BASE_URL"))}
    environ.update(CYBER_SAHAYAK_CONFIG=str(config), PYTHONPATH=str(ROOT), PUBLIC_BASE_URL=f"http://127.0.0.1:{port}",
                   TWILIO_ACCOUNT_SID=ACCOUNT_SID, TWILIO_AUTH_TOKEN=AUTH_TOKEN, TWILIO_WHATSAPP_FROM=WHATSAPP_FROM,
                   SECRET_KEY="f4Ul7Tq2Wz9Rk3Mx8Pv1Nc6Bd5Hy0Ja-", PYTHONUNBUFFERED="1")
    if database_url:
        environ["DATABASE_URL"] = database_url.replace("postgresql+psycopg://", "postgresql://")
    return environ


class Served:
    """gunicorn with ``workers`` workers, and optionally the scheduler, started at the same moment."""

    def __init__(self, directory: Path, database_url: str | None, workers: int = 2, scheduler: bool = True,
                 env: dict[str, str] | None = None, app: str = "webhook:app", **config):
        self.port = free_port()
        self.directory = directory
        self.config = write_config(directory, **config)
        self.env = {**environment(self.config, self.port, database_url), **(env or {})}
        self.logs = {name: open(directory / f"{name}.log", "w+") for name in ("gunicorn", "scheduler")}
        argv = [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--bind", f"127.0.0.1:{self.port}",
                "--graceful-timeout", "2", app]
        self.gunicorn = subprocess.Popen(argv, cwd=ROOT, env=self.env, stdout=self.logs["gunicorn"],
                                         stderr=subprocess.STDOUT)
        self.scheduler = subprocess.Popen([sys.executable, "-m", "bot", "scheduler"], cwd=ROOT, env=self.env,
                                          stdout=self.logs["scheduler"], stderr=subprocess.STDOUT) \
            if scheduler else None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log(self, name: str = "gunicorn") -> str:
        return (self.directory / f"{name}.log").read_text(encoding="utf-8", errors="replace")

    def started(self, workers: int, channel: str) -> bool:
        """The app built (its ``channel <name>: on`` line: gunicorn.conf.py builds it once, in the master, before
        forking) and ``workers`` workers booted from it."""
        log = self.log()
        return f"channel {channel}: on" in log and log.count("Booting worker") >= workers

    def workers(self) -> list[int]:
        """The worker processes' ids (children of the gunicorn master)."""
        path = Path(f"/proc/{self.gunicorn.pid}/task/{self.gunicorn.pid}/children")
        try:
            return [int(pid) for pid in path.read_text().split()]
        except FileNotFoundError:
            return []

    def wait_for(self, predicate, seconds: float, what: str, poll: float = 0.1):
        """Poll ``predicate`` until it is true (returns its value) or ``seconds`` pass (fails, with the logs)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            value = predicate()
            if value:
                return value
            if self.gunicorn.poll() is not None:
                raise AssertionError(f"gunicorn exited ({self.gunicorn.returncode}) before {what}:\n{self.log()}")
            time.sleep(poll)
        raise AssertionError(f"timed out waiting for {what}:\n{self.log()[-4000:]}\n{self.log('scheduler')[-3000:]}")

    def stop(self) -> None:
        for process in (self.gunicorn, self.scheduler):
            if process is not None and process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in (self.gunicorn, self.scheduler):
            if process is not None:
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(timeout=5)
        for handle in self.logs.values():
            handle.close()
