"""Channel settings, from the environment only (secrets never go in config.yaml)."""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping

from ..config import database_url_from
from ..e164 import whatsapp_address
from .. import channel_registry as registry

log = logging.getLogger("bot.channels")

TELEGRAM_API = "https://api.telegram.org/bot"
TELEGRAM_FILES = "https://api.telegram.org/file/bot"
STATION_TOKEN, STATION_SECRET = "TELEGRAM_BOT_TOKEN__", "TELEGRAM_WEBHOOK_SECRET__"
TWILIO_API = "https://api.twilio.com"
TWILIO_CONTENT_API = "https://content.twilio.com"  # the Content API (WhatsApp buttons), same credentials


@dataclass(frozen=True)
class ChannelSettings:
    twilio_account_sid: str = ""
    twilio_auth_token: str = ""
    twilio_whatsapp_from: str = ""
    telegram_bot_token: str = ""
    telegram_webhook_secret: str = ""
    public_base_url: str = ""
    telegram_api_base_url: str = TELEGRAM_API
    telegram_file_base_url: str = TELEGRAM_FILES
    twilio_api_base_url: str = TWILIO_API
    twilio_media_base_url: str = TWILIO_API  # where MediaUrl must point (a local fake in tests); gets the credentials
    secret_key: str = ""
    database_url: str | None = None
    # Police stations' own Telegram bots: (station id, token, webhook secret), from TELEGRAM_BOT_TOKEN__<ID>
    # and TELEGRAM_WEBHOOK_SECRET__<ID> (README.md, "Several police stations").
    station_bots: tuple[tuple[str, str, str], ...] = ()
    # The whole environment, read-only: a registered channel's own settings (bot/channel_registry.py) come
    # from it; kept out of repr so no secret is ever logged with the settings.
    environ: Mapping[str, str] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> "ChannelSettings":
        def get(name: str, default: str = "") -> str:
            return (environ.get(name) or default).strip()

        return cls(
            twilio_account_sid=get("TWILIO_ACCOUNT_SID"),
            twilio_auth_token=get("TWILIO_AUTH_TOKEN"),
            twilio_whatsapp_from=get("TWILIO_WHATSAPP_FROM"),
            telegram_bot_token=get("TELEGRAM_BOT_TOKEN"),
            telegram_webhook_secret=get("TELEGRAM_WEBHOOK_SECRET"),
            public_base_url=get("PUBLIC_BASE_URL").rstrip("/"),
            telegram_api_base_url=get("TELEGRAM_API_BASE_URL", TELEGRAM_API),
            telegram_file_base_url=get("TELEGRAM_FILE_BASE_URL", TELEGRAM_FILES),
            twilio_api_base_url=get("TWILIO_API_BASE_URL", TWILIO_API).rstrip("/"),
            twilio_media_base_url=get("TWILIO_MEDIA_BASE_URL", TWILIO_API),
            secret_key=get("SECRET_KEY"),
            database_url=database_url_from(environ),
            station_bots=tuple(sorted(
                (name[len(STATION_TOKEN):].lower(), value.strip(), get(STATION_SECRET + name[len(STATION_TOKEN):]))
                for name, value in environ.items() if name.startswith(STATION_TOKEN) and (value or "").strip())),
            environ=MappingProxyType(dict(environ)),
        )

    def missing(self, channel: str) -> list[str]:
        """The environment variables a registered channel still needs to be on ([] when it needs none)."""
        spec = registry.get(channel)
        return spec.missing(self.environ) if spec is not None else []

    def station_bot(self, station: str | None) -> tuple[str, str] | None:
        """A station's own bot: (token, webhook secret); None when the station has none in the environment."""
        for station_id, token, secret in self.station_bots:
            if station_id == station:
                return token, secret
        return None

    @property
    def embedded(self) -> bool:
        """The embedded default: no DATABASE_URL, so SQLite under data_dir on one machine."""
        return not self.database_url

    @property
    def whatsapp_missing(self) -> list[str]:
        return self.missing("whatsapp")

    @property
    def whatsapp_on(self) -> bool:
        return not self.whatsapp_missing

    @property
    def telegram_missing(self) -> list[str]:
        return self.missing("telegram")

    @property
    def telegram_on(self) -> bool:
        """The webhook needs the token and the secret; long polling needs only the token."""
        return not self.telegram_missing

    @property
    def whatsapp_from(self) -> str:
        return whatsapp_address(self.twilio_whatsapp_from)
