"""``python -m bot doctor``: is this deployment healthy, and if not, what to fix.

Checks, in order: config.yaml, the environment (secrets and addresses), the database (reachable, migrations
at head), the evidence store (exists, ours, private, writable), each enabled channel against its provider
(Twilio: the account fetch; Telegram: getMe and getWebhookInfo, with the webhook URL this deployment
expects), each police station's own bot and WhatsApp numbers, PUBLIC_BASE_URL over https (its /healthz), and the scheduler's last tick. Prints one line per
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

from .. import channel_registry as channels
from ..e164 import bare
from ..secret_strength import GENERATE, weakness

OK, WARN, FAIL, SKIP = "ok", "warn", "FAIL", "skip"
SANDBOX_SENDER = "+14155238886"  # Twilio's shared WhatsApp sandbox number


def command(args: str) -> str:
    """A fix line's command in the README's two forms: ./helpline bot ... and, in containers, python -m bot ..."""
    return f"./helpline bot {args} (containers: docker compose exec web python -m bot {args})"


@dataclass
class Check:
    name: str
    status: str
    detail: str
    fix: str = ""


class Doctor:
    def __init__(self, environ: Mapping[str, str], db_url: str | None = None, network: bool = True,
                 clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc), timeout: float = 10.0):
        from ..channels.settings import ChannelSettings

        self.environ = environ
        self.settings = ChannelSettings.from_env(environ)
        self.db_url = db_url
        self.network = network
        self.clock = clock
        self.timeout = timeout
        self.config = None
        self.db = None
        self.schema_ok = False
        self.twilio = None  # the Twilio client, once the account answered
        self.results: list[Check] = []

    def add(self, name: str, status: str, detail: str, fix: str = "") -> None:
        self.results.append(Check(name, status, detail, fix))

    # -- the checks ----------------------------------------------------------------------------
    def check_config(self) -> None:
        from ..config import load_config
        from ..content.datafile import DataError

        try:
            self.config = load_config(self.environ.get("CYBER_SAHAYAK_CONFIG") or None)
        except DataError as exc:  # the message names the file (config.yaml or the jurisdiction file) and line
            where = str(exc).split(":", 1)[0] or "config.yaml"
            self.add("config", FAIL, str(exc), f"correct {where} at the line named above")
            return
        except OSError as exc:
            self.add("config", FAIL, f"cannot read config.yaml: {exc}", "set CYBER_SAHAYAK_CONFIG or restore the file")
            return
        self.add("config", OK, f"config.yaml valid ({', '.join(self.config.languages)}; "
                               f"retention {self.config.retention.unreported_conversations_days}/"
                               f"{self.config.retention.closed_cases_days}/{self.config.retention.evidence_days} days)")

    def check_database_password(self) -> None:
        """POSTGRES_PASSWORD (compose) and the password inside DATABASE_URL: never a placeholder."""
        from sqlalchemy.engine import make_url

        passwords = {}
        if self.environ.get("POSTGRES_PASSWORD"):
            passwords["POSTGRES_PASSWORD"] = self.environ["POSTGRES_PASSWORD"]
        if self.settings.database_url:
            try:
                password = make_url(self.settings.database_url).password
            except Exception:  # the database check reports an unreadable URL
                password = None
            if password:
                passwords["DATABASE_URL password"] = password
        for name, value in passwords.items():
            why = weakness(value)
            if why:
                self.add(name, FAIL, f"refused: {why}",
                         f"set a long random password ({GENERATE}) in .env and on the database "
                         "(ALTER ROLE helpline PASSWORD '...'), then restart")
            else:
                self.add(name, OK, "strong")

    def check_environment(self) -> None:
        s = self.settings
        public = not s.embedded
        why = weakness(s.secret_key)
        if s.secret_key and why:
            self.add("SECRET_KEY", FAIL, f"refused: {why}; the console and web chat are off (a known key lets anyone "
                                         "forge an officer's session)", f"put SECRET_KEY=<{GENERATE}> in .env")
        elif public and not s.secret_key:
            self.add("SECRET_KEY", FAIL, "not set: the console and web chat cannot sign sessions",
                     f"put SECRET_KEY=<{GENERATE}> in .env")
        else:
            self.add("SECRET_KEY", OK, "set" if s.secret_key else "generated into data_dir (embedded default)")
        provider_channels = [c for c in channels.channels() if c.env]  # those a provider calls back (webhooks)
        if any(not c.missing(s.environ) for c in provider_channels) and not s.public_base_url:
            self.add("PUBLIC_BASE_URL", FAIL, "not set, but a channel is on: providers cannot reach the webhooks",
                     "set PUBLIC_BASE_URL=https://your.domain in .env")
        elif s.public_base_url and not s.public_base_url.startswith("https://"):
            self.add("PUBLIC_BASE_URL", FAIL, f"{s.public_base_url} is not https",
                     "Twilio and Telegram need https: put Caddy or nginx in front (deploy/) and use its https URL")
        else:
            self.add("PUBLIC_BASE_URL", OK, s.public_base_url or "not set (local use only)")
        token = (self.environ.get("METRICS_TOKEN") or "").strip()
        if not token:
            self.add("METRICS_TOKEN", WARN, "not set: /metrics is off",
                     "set METRICS_TOKEN and give Prometheus the same bearer token")
        elif weakness(token):
            self.add("METRICS_TOKEN", FAIL, f"refused: {weakness(token)}; /metrics is off",
                     f"put METRICS_TOKEN=<{GENERATE}> in .env")
        else:
            self.add("METRICS_TOKEN", OK, "set")
        self.check_database_password()
        for name, missing, needed in ((c.name, c.missing(s.environ), c.env) for c in provider_channels):
            partly = missing and len(missing) < len(needed)
            if not missing:
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

        from ..store.db import alembic_config, make_engine

        if self.config is None and not self.db_url:
            self.add("database", SKIP, "config.yaml did not load")
            return
        url = self.db_url or self.config.database_url(self.environ)
        if url.startswith("sqlite:///") and not os.path.exists(url[len("sqlite:///"):]):
            self.add("database", FAIL, f"{url}: no database file yet",
                     "start the helpline once (./helpline start) or run: " + command("db upgrade"))
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
                     "run: " + command("db upgrade"))
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

        from ..channels.whatsapp import http_client

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
            self.add("twilio", OK, f"account {account.friendly_name!r} active")
            self.twilio = client  # the stations' numbers are checked against the same account
        self.check_twilio_sender(client)

    def check_twilio_sender(self, client) -> None:
        """TWILIO_WHATSAPP_FROM against the account's phone numbers; never 'ok' for a sender nobody checked."""
        number = bare(self.settings.twilio_whatsapp_from)
        if number == SANDBOX_SENDER:
            self.add("twilio sender", WARN, f"{number} is Twilio's WhatsApp sandbox: only residents who sent the "
                     "join code can write", "for the public helpline, register the unit's own WhatsApp sender "
                     "and put it in TWILIO_WHATSAPP_FROM")
            return
        self._check_sender(client, "twilio sender", number)

    def _check_sender(self, client, name: str, number: str) -> None:
        """One WhatsApp sender number against the account's phone numbers (warn when not found)."""
        try:
            found = client.api.v2010.accounts(self.settings.twilio_account_sid).incoming_phone_numbers.list(
                phone_number=number, limit=1)
        except Exception as exc:  # the account check above reports credentials and network
            self.add(name, WARN, f"{number}: not verified ({type(exc).__name__})",
                     "check Console > Messaging > Senders > WhatsApp senders")
            return
        if found:
            self.add(name, OK, f"{number} is a phone number of this account")
        else:
            self.add(name, WARN, f"{number}: not verified: it is not among this account's phone numbers",
                     "check it against Console > Messaging > Senders > WhatsApp senders "
                     "(a sender of another account makes every reply fail with 63007)")

    def check_telegram(self) -> None:
        s = self.settings
        if not s.telegram_bot_token:
            return
        self._check_bot("telegram", s.telegram_bot_token, s.telegram_webhook_secret, "/webhooks/telegram",
                        "TELEGRAM_BOT_TOKEN", "TELEGRAM_WEBHOOK_SECRET")

    def _check_bot(self, name: str, token: str, secret: str, path: str, token_env: str, secret_env: str) -> None:
        """One bot: getMe, then getWebhookInfo against the URL this deployment expects for it (``path``)."""
        s = self.settings
        if not self.network:
            self.add(name, SKIP, "--no-network")
            return
        from telegram.error import InvalidToken, TelegramError

        from ..channels.telegram import make_bot

        async def ask():
            bot = make_bot(s, self.timeout, token=token)
            async with bot:
                return await bot.get_me(), await bot.get_webhook_info()

        try:
            me, info = asyncio.run(ask())
        except InvalidToken:
            self.add(name, FAIL, "the bot token was refused", f"copy {token_env} again from @BotFather")
            return
        except TelegramError as exc:
            self.add(name, FAIL, f"Bot API error: {exc.message}",
                     f"check {token_env} (from @BotFather) and outbound https")
            return
        except Exception as exc:
            self.add(name, FAIL, f"cannot reach the Bot API: {type(exc).__name__}",
                     "check this server's outbound https (proxy, firewall, DNS)")
            return
        self.add(name, OK, f"bot @{me.username} answers getMe")
        expected = f"{s.public_base_url}{path}" if s.public_base_url else ""
        if not secret:
            self.add(f"{name} webhook", SKIP, f"no {secret_env}: long polling (./helpline bot telegram poll)")
        elif info.url != expected:
            self.add(f"{name} webhook", FAIL, f"Telegram posts to {info.url or 'nowhere'}; expected {expected}",
                     "run: " + command("telegram set-webhook"))
        elif info.last_error_message:
            when = info.last_error_date.isoformat() if info.last_error_date else "recently"
            self.add(f"{name} webhook", WARN, f"{expected}; last delivery error ({when}): {info.last_error_message}",
                     "check that PUBLIC_BASE_URL reaches this server over https")
        else:
            self.add(f"{name} webhook", OK, f"{expected} ({info.pending_update_count} updates pending)")

    def check_stations(self) -> None:
        """Each police station's own bot (its token and secret in the environment, getMe, its webhook at
        /webhooks/telegram/<station>) and its WhatsApp numbers (senders of the unit's Twilio account)."""
        if self.config is None or not self.config.stations:
            return
        s = self.settings
        known = {station.id for station in self.config.stations}
        for station_id, _, _ in s.station_bots:
            if station_id not in known:
                self.add(f"station {station_id}", WARN, f"TELEGRAM_BOT_TOKEN__{station_id.upper()} is set but "
                         f"config.yaml has no station {station_id!r}", "remove it from .env, or add the station")
        for station in self.config.stations:
            name, suffix = f"station {station.id}", station.id.upper()
            if station.telegram_bot:
                own = s.station_bot(station.id)
                if own is None:
                    self.add(f"{name} telegram", FAIL, f"telegram_bot is true but TELEGRAM_BOT_TOKEN__{suffix} is not "
                             "set: residents cannot reach its bot and its alerts leave from the unit's bot",
                             f"set TELEGRAM_BOT_TOKEN__{suffix} and TELEGRAM_WEBHOOK_SECRET__{suffix} (from @BotFather) "
                             "in .env, or set telegram_bot: false for it in config.yaml")
                elif not own[1]:
                    self.add(f"{name} telegram", FAIL, f"TELEGRAM_WEBHOOK_SECRET__{suffix} is not set: Telegram cannot "
                             "post to its webhook", f"set TELEGRAM_WEBHOOK_SECRET__{suffix} in .env, then run: "
                             + command("telegram set-webhook"))
                else:
                    self._check_bot(f"{name} telegram", own[0], own[1], f"/webhooks/telegram/{station.id}",
                                    f"TELEGRAM_BOT_TOKEN__{suffix}", f"TELEGRAM_WEBHOOK_SECRET__{suffix}")
            if station.whatsapp_numbers and not s.whatsapp_on:
                self.add(f"{name} whatsapp", FAIL, f"{', '.join(station.whatsapp_numbers)} configured but WhatsApp is "
                         "off", "set TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_WHATSAPP_FROM in .env")
            elif station.whatsapp_numbers and self.twilio is not None:
                for number in station.whatsapp_numbers:
                    self._check_sender(self.twilio, f"{name} whatsapp", number)

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

    def check_alerts(self) -> None:
        """Officers' alerts (new urgent cases, SLA breaches): a warning when they reach no one but the console."""
        if self.config is None:
            return
        from types import SimpleNamespace

        from ..cases.alerts_batch import unreachable

        channel = channels.get(self.config.console.alerts_channel)
        # what a channel's ``sending`` and ``on`` read of the runtime: its settings and config (no web page here)
        probe = SimpleNamespace(settings=self.settings, config=self.config, web_chat_on=False)
        why = unreachable(self.config, channel is not None and channel.can_send(probe))
        if why:
            self.add("alerts", WARN, f"urgent cases reach no one but the console's queue: {why}",
                     f"put the officers' group chat id in config.yaml (console section) and turn the "
                     f"{self.config.console.alerts_channel} channel on (README, \"Alerts and SLAs\"); until then "
                     "keep the console open")
        else:
            self.add("alerts", OK, f"urgent cases alert the officers' chats on {self.config.console.alerts_channel}")

    def check_scheduler(self) -> None:
        if self.db is None or not self.schema_ok:
            self.add("scheduler", SKIP, "the database is not ready (see above)")
            return
        from sqlalchemy.orm import Session

        from ..store import heartbeats

        try:
            with Session(self.db) as session:
                last = heartbeats.last(session)
        except Exception as exc:
            self.add("scheduler", FAIL, f"cannot read heartbeats: {type(exc).__name__}", "run: " + command("db upgrade"))
            return
        fix = ("./helpline start runs it in its own process; beside gunicorn start it: ./helpline bot scheduler "
               "(keep it running; as a service: systemctl start cyber-sahayak-scheduler; containers: docker compose "
               "up -d scheduler)")
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
        self.check_stations()
        self.check_public_url()
        self.check_alerts()
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
