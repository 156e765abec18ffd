"""``python -m bot doctor``: is this deployment healthy, and if not, what to fix.

Checks, in order: config.yaml, the environment (secrets and addresses), the database (reachable, migrations
at head), the evidence store (exists, ours, private, writable), each enabled channel against its provider
(Twilio: the account fetch; Telegram: getMe and getWebhookInfo, with the webhook URL this deployment
expects), PUBLIC_BASE_URL over https (its /healthz), and the scheduler's last tick. Prints one line per
check and a "fix:" line under each problem; exit status 1 when any check failed (warnings do not fail).

The providers' addresses come from the environment like everything else (TWILIO_API_BASE_URL,
TELEGRAM_API_BASE_URL), which is how the tests point ``doctor`` at the local fakes in tests/fakes.py.
REQUESTS_CA_BUNDLE names an extra CA for the https check (a private CA, or Caddy's ``tls internal``).
"""
from __future__ import annotations

import asyncio
import os
import stat
import sys
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Callable, Mapping

OK, WARN, FAIL, SKIP = "ok", "warn", "FAIL", "skip"


@dataclass
class Check:
    name: str
    status: str
    detail: str
    fix: str = ""


class Doctor:
    def __init__(self, environ: Mapping[str, str], db_url: str | None = None, network: bool = True,
                 clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc), timeout: float = 10.0):
        from .channels.settings import ChannelSettings

        self.environ = environ
        self.settings = ChannelSettings.from_env(environ)
        self.db_url = db_url
        self.network = network
        self.clock = clock
        self.timeout = timeout
        self.config = None
        self.db = None
        self.schema_ok = False
        self.results: list[Check] = []

    def add(self, name: str, status: str, detail: str, fix: str = "") -> None:
        self.results.append(Check(name, status, detail, fix))

    # -- the checks ----------------------------------------------------------------------------
    def check_config(self) -> None:
        from .config import load_config
        from .datafile import DataError

        try:
            self.config = load_config(self.environ.get("CYBER_SAHAYAK_CONFIG") or None)
        except DataError as exc:
            self.add("config", FAIL, str(exc), "correct config.yaml at the line named above")
            return
        except OSError as exc:
            self.add("config", FAIL, f"cannot read config.yaml: {exc}", "set CYBER_SAHAYAK_CONFIG or restore the file")
            return
        self.add("config", OK, f"config.yaml valid ({', '.join(self.config.languages)}; "
                               f"retention {self.config.retention.unreported_conversations_days}/"
                               f"{self.config.retention.closed_cases_days}/{self.config.retention.evidence_days} days)")

    def check_environment(self) -> None:
        s = self.settings
        public = not s.embedded
        if public and not s.secret_key:
            self.add("SECRET_KEY", FAIL, "not set: the console and web chat cannot sign sessions",
                     "put SECRET_KEY=<python3 -c 'import secrets; print(secrets.token_urlsafe(48))'> in .env")
        elif s.secret_key and len(s.secret_key) < 32:
            self.add("SECRET_KEY", WARN, "shorter than 32 characters", "use secrets.token_urlsafe(48)")
        else:
            self.add("SECRET_KEY", OK, "set" if s.secret_key else "generated into data_dir (embedded default)")
        if (s.whatsapp_on or s.telegram_on) and not s.public_base_url:
            self.add("PUBLIC_BASE_URL", FAIL, "not set, but a channel is on: providers cannot reach the webhooks",
                     "set PUBLIC_BASE_URL=https://your.domain in .env")
        elif s.public_base_url and not s.public_base_url.startswith("https://"):
            self.add("PUBLIC_BASE_URL", FAIL, f"{s.public_base_url} is not https",
                     "Twilio and Telegram need https: put Caddy or nginx in front (deploy/) and use its https URL")
        else:
            self.add("PUBLIC_BASE_URL", OK, s.public_base_url or "not set (local use only)")
        token = (self.environ.get("METRICS_TOKEN") or "").strip()
        self.add("METRICS_TOKEN", OK if token else WARN, "set" if token else "not set: /metrics is off",
                 "" if token else "set METRICS_TOKEN and give Prometheus the same bearer token")
        for name, on, missing in (("whatsapp", s.whatsapp_on, s.whatsapp_missing),
                                  ("telegram", s.telegram_on, s.telegram_missing)):
            partly = missing and len(missing) < (3 if name == "whatsapp" else 2)
            if on:
                self.add(f"channel {name}", OK, "on")
            elif partly:
                self.add(f"channel {name}", FAIL, f"half configured: missing {', '.join(missing)}",
                         f"set {', '.join(missing)} in .env, or remove the others to turn {name} off")
            else:
                self.add(f"channel {name}", SKIP, "off (no credentials)")

    def check_database(self) -> None:
        from alembic.runtime.migration import MigrationContext
        from alembic.script import ScriptDirectory
        from sqlalchemy import text

        from .db import alembic_config, make_engine

        if self.config is None and not self.db_url:
            self.add("database", SKIP, "config.yaml did not load")
            return
        url = self.db_url or self.settings.database_url or self.config.database_url()
        if url.startswith("sqlite:///") and not os.path.exists(url[len("sqlite:///"):]):
            self.add("database", FAIL, f"{url}: no database file yet",
                     "start the helpline once (./helpline start) or run: python -m bot db upgrade")
            return
        try:
            self.db = make_engine(url)
            with self.db.connect() as conn:
                conn.execute(text("SELECT 1"))
                current = MigrationContext.configure(conn).get_current_revision()
        except Exception as exc:
            self.db = None
            self.add("database", FAIL, f"unreachable: {type(exc).__name__}: {str(exc).splitlines()[0][:200]}",
                     "check DATABASE_URL and that PostgreSQL is running (docker compose ps / systemctl status postgresql)")
            return
        head = ScriptDirectory.from_config(alembic_config()).get_current_head()
        where = self.db.url.render_as_string(hide_password=True)
        self.schema_ok = current == head
        if current != head:
            self.add("database", FAIL, f"{where}: schema at {current or 'nothing'}, code expects {head}",
                     "run: python -m bot db upgrade")
        else:
            self.add("database", OK, f"{where}: reachable, migrations at head ({head})")

    def check_evidence(self) -> None:
        if self.config is None:
            self.add("evidence store", SKIP, "config.yaml did not load")
            return
        root = self.config.evidence_path
        if not root.exists():
            parent = root.parent
            if os.access(parent if parent.exists() else parent.parent, os.W_OK):
                self.add("evidence store", OK, f"{root} will be created on the first file (mode 0700)")
            else:
                self.add("evidence store", FAIL, f"{root} does not exist and cannot be created",
                         f"mkdir -p {root} && chown <service user> {root} && chmod 700 {root}")
            return
        info = root.stat()
        problems, fixes = [], []
        if not stat.S_ISDIR(info.st_mode):
            self.add("evidence store", FAIL, f"{root} is not a folder", f"move it away; the store is a folder")
            return
        if info.st_uid != os.geteuid():
            problems.append("owned by another user")
            fixes.append(f"chown -R {os.geteuid()} {root}")
        if info.st_mode & 0o077:
            problems.append(f"readable by others (mode {oct(info.st_mode & 0o777)})")
            fixes.append(f"chmod 700 {root}")
        if not os.access(root, os.W_OK | os.X_OK):
            problems.append("not writable by this user")
        if problems:
            self.add("evidence store", FAIL, f"{root}: {', '.join(problems)}", "; ".join(fixes) or "fix permissions")
        else:
            self.add("evidence store", OK, f"{root}: private (0700), writable")

    def check_twilio(self) -> None:
        s = self.settings
        if not s.whatsapp_on:
            return
        if not self.network:
            self.add("twilio", SKIP, "--no-network")
            return
        from twilio.base.exceptions import TwilioRestException
        from twilio.rest import Client

        from .channels.whatsapp import http_client

        client = Client(s.twilio_account_sid, s.twilio_auth_token, http_client=http_client(s, self.timeout))
        try:
            account = client.api.v2010.accounts(s.twilio_account_sid).fetch()
        except TwilioRestException as exc:
            fix = ("TWILIO_ACCOUNT_SID / TWILIO_AUTH_TOKEN are wrong: copy them again from the Twilio console"
                   if exc.status in (401, 403, 404) else "try again; see https://status.twilio.com")
            self.add("twilio", FAIL, f"account fetch refused: {exc.status} {exc.code} {exc.msg}", fix)
            return
        except Exception as exc:  # network
            self.add("twilio", FAIL, f"cannot reach Twilio: {type(exc).__name__}",
                     "check this server's outbound https (proxy, firewall, DNS)")
            return
        if account.status != "active":
            self.add("twilio", FAIL, f"account {account.status}", "the Twilio account is not active: see its console")
        else:
            self.add("twilio", OK, f"account {account.friendly_name!r} active; sender {s.whatsapp_from}")

    def check_telegram(self) -> None:
        s = self.settings
        if not s.telegram_bot_token:
            return
        if not self.network:
            self.add("telegram", SKIP, "--no-network")
            return
        from telegram.error import InvalidToken, TelegramError

        from .channels.telegram import make_bot

        async def ask():
            bot = make_bot(s, self.timeout)
            async with bot:
                return await bot.get_me(), await bot.get_webhook_info()

        try:
            me, info = asyncio.run(ask())
        except InvalidToken:
            self.add("telegram", FAIL, "the bot token was refused", "copy TELEGRAM_BOT_TOKEN again from @BotFather")
            return
        except TelegramError as exc:
            self.add("telegram", FAIL, f"Bot API error: {exc.message}",
                     "check TELEGRAM_BOT_TOKEN (from @BotFather) and outbound https")
            return
        except Exception as exc:
            self.add("telegram", FAIL, f"cannot reach the Bot API: {type(exc).__name__}",
                     "check this server's outbound https (proxy, firewall, DNS)")
            return
        self.add("telegram", OK, f"bot @{me.username} answers getMe")
        expected = f"{s.public_base_url}/webhooks/telegram" if s.public_base_url else ""
        if not s.telegram_webhook_secret:
            self.add("telegram webhook", SKIP, "no TELEGRAM_WEBHOOK_SECRET: long polling (python -m bot telegram poll)")
        elif info.url != expected:
            self.add("telegram webhook", FAIL, f"Telegram posts to {info.url or 'nowhere'}; expected {expected}",
                     "run: python -m bot telegram set-webhook")
        elif info.last_error_message:
            when = info.last_error_date.isoformat() if info.last_error_date else "recently"
            self.add("telegram webhook", WARN, f"{expected}; last delivery error ({when}): {info.last_error_message}",
                     "check that PUBLIC_BASE_URL reaches this server over https")
        else:
            self.add("telegram webhook", OK, f"{expected} ({info.pending_update_count} updates pending)")

    def check_public_url(self) -> None:
        s = self.settings
        if not s.public_base_url.startswith("https://"):
            return
        if not self.network:
            self.add("https", SKIP, "--no-network")
            return
        import requests

        url = f"{s.public_base_url}/healthz"
        try:
            response = requests.get(url, timeout=self.timeout)
        except requests.exceptions.SSLError as exc:
            self.add("https", FAIL, f"{url}: certificate problem: {str(exc)[:200]}",
                     "check the proxy's certificate (Caddy gets one by itself when the name points at this server)")
            return
        except requests.exceptions.RequestException as exc:
            self.add("https", FAIL, f"{url}: unreachable: {type(exc).__name__}",
                     "check DNS, ports 80/443 open, and that the proxy (Caddy/nginx) is running")
            return
        if response.status_code != 200:
            self.add("https", FAIL, f"{url} answered {response.status_code}",
                     "check the proxy forwards to the app, and the app's database")
        else:
            self.add("https", OK, f"{url} answers 200 over https")

    def check_scheduler(self) -> None:
        if self.db is None or not self.schema_ok:
            self.add("scheduler", SKIP, "the database is not ready (see above)")
            return
        from sqlalchemy.orm import Session

        from . import heartbeats

        try:
            with Session(self.db) as session:
                last = heartbeats.last(session)
        except Exception as exc:
            self.add("scheduler", FAIL, f"cannot read heartbeats: {type(exc).__name__}", "run: python -m bot db upgrade")
            return
        fix = "start it: systemctl start cyber-sahayak-scheduler (or docker compose up -d scheduler)"
        if last is None:
            self.add("scheduler", FAIL, "has never run: nothing is retried, no SLA alerts, no retention", fix)
            return
        poll = self.config.outbox.poll_seconds if self.config else 5
        age = self.clock() - last
        if age > timedelta(seconds=max(60, 6 * poll)):
            self.add("scheduler", FAIL, f"silent for {int(age.total_seconds())} s (last tick {last.isoformat()})", fix)
        else:
            self.add("scheduler", OK, f"last tick {int(age.total_seconds())} s ago")

    def run(self) -> list[Check]:
        self.check_config()
        self.check_environment()
        self.check_database()
        self.check_evidence()
        self.check_twilio()
        self.check_telegram()
        self.check_public_url()
        self.check_scheduler()
        if self.db is not None:
            self.db.dispose()
        return self.results

    @property
    def failed(self) -> bool:
        return any(check.status == FAIL for check in self.results)


def report(results: list[Check], out=sys.stdout) -> None:
    for check in results:
        print(f"{check.status:4}  {check.name}: {check.detail}", file=out)
        if check.fix and check.status in (FAIL, WARN):
            print(f"      fix: {check.fix}", file=out)
    failures = sum(1 for check in results if check.status == FAIL)
    print(f"\n{failures} problem(s) to fix." if failures else "\nAll checks passed.", file=out)


def main(args, environ: Mapping[str, str]) -> int:
    doctor = Doctor(environ, db_url=args.db, network=not args.no_network)
    report(doctor.run())
    return 1 if doctor.failed else 0
