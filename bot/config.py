"""config.yaml: helpline settings, validated at start-up. Secrets come only from the environment."""
from __future__ import annotations

import ipaddress
import logging
import os
from pathlib import Path
from typing import Annotated, Literal, Mapping
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from . import channel_registry as channels
from .content.datafile import PlacedError, YamlDoc, load_model, read_yaml, validate
from .e164 import e164
from .content.i18n import DEFAULT_LANGUAGES, LocalText

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG = ROOT / "config.yaml"
log = logging.getLogger(__name__)


def _renamed(data, names: dict[str, str], where: str):
    """``data`` (a mapping about to be validated) with each old key of ``names`` ({old: new}) read as its new one,
    logged as deprecated; both written is an error (which one is meant?)."""
    if not isinstance(data, dict) or not any(old in data for old in names):
        return data
    data = dict(data)
    for old, new in names.items():
        if old not in data:
            continue
        if new in data:
            raise PlacedError((old,), f"{old} is the old name of {new}: write only {new}")
        data[new] = data.pop(old)
        log.warning("config.yaml: %s.%s is deprecated: write %s (a chat on console.alerts_channel, whichever channel "
                    "that is); read as it for now", where, old, new)
    return data


class Numbers(BaseModel):
    model_config = ConfigDict(extra="forbid")
    cyber_fraud: str = "1930"
    emergency: str = "112"
    child_helpline: str = "1098"    # Childline: a child in danger
    mental_health: str = "14416"    # Tele-MANAS: self-harm, distress
    kiran: str = "1800-599-0019"    # KIRAN: mental health, said beside Tele-MANAS for someone else at risk


class SlaMinutes(BaseModel):
    model_config = ConfigDict(extra="forbid")
    urgent: int = Field(2, ge=1)
    high: int = Field(15, ge=1)
    normal: int = Field(60, ge=1)


class OutboxSettings(BaseModel):
    """How messages sent outside a webhook's response are retried (bot/store/outbox.py)."""

    model_config = ConfigDict(extra="forbid")
    max_attempts: int = Field(12, ge=1, le=100)
    backoff_seconds: int = Field(2, ge=1, le=3600)
    max_backoff_seconds: int = Field(3600, ge=1, le=24 * 3600)
    confirm_minutes: int = Field(10, ge=1, le=24 * 60)
    # a WhatsApp send that timed out is first looked up at Twilio this long after (F6, session 20): found, it is
    # sent and the chat's next messages go at once, not confirm_minutes later; not found, they go too (README)
    lookup_seconds: int = Field(20, ge=1, le=3600)
    # a row still 'sending' this long after its claim: its process died (a claim covers one provider call, bounded by
    # send_timeout_seconds: Telegram's file upload 2 x + 5 s). Was stale_sending_minutes (5): every later reply of
    # that chat, "call 1930 now" included, waited 5 minutes behind a killed worker's claim (attacker trial, s19, F2)
    stale_sending_seconds: int = Field(45, ge=5, le=24 * 3600)
    stale_sending_minutes: int | None = Field(None, ge=1, le=24 * 60)  # old name: read as minutes if still set
    batch_size: int = Field(50, ge=1, le=1000)
    poll_seconds: int = Field(5, ge=1, le=3600)
    send_timeout_seconds: int = Field(10, ge=1, le=120)
    # chats one drain sends to at once (each chat's messages still one at a time, in order): a send that hangs up to
    # send_timeout_seconds holds its own chat only, not every resident's answer behind it (session 13)
    parallel_chats: int = Field(4, ge=1, le=32)
    # Alerts (kind "alert": urgent cases to officers, "an officer is coming" to residents) go first and are
    # retried on their own short schedule, so they follow a provider outage within seconds.
    alert_backoff_seconds: int = Field(5, ge=1, le=3600)
    alert_max_backoff_seconds: int = Field(15, ge=1, le=3600)
    alert_max_attempts: int = Field(240, ge=1, le=10000)

    @property
    def sending_lease_seconds(self) -> int:
        """How long a claim may be held by a live sender: never shorter than its longest provider call plus a margin
        (a lease shorter than a send in flight would send a Telegram message twice)."""
        chosen = self.stale_sending_minutes * 60 if self.stale_sending_minutes else self.stale_sending_seconds
        return max(chosen, 2 * self.send_timeout_seconds + 15)
    # A row left 'sending' by a process that died (SIGKILL, OOM), or whose send timed out, on a channel with no
    # look-up (Telegram): these kinds stay 'unconfirmed' for an officer to check (at most once: a second campaign
    # or reminder is spam, a missing one is harmless); every other kind is sent again (at least once, once after a timeout: a reply or an
    # alert never received is a lost message, a rare duplicate is not). README.md, "Reliability".
    at_most_once_kinds: list[str] = Field(default_factory=lambda: ["campaign", "reminder"])


class SpoolSettings(BaseModel):
    """The outage spool (bot/store/spool.py): how much the disk may keep while the database is down. A message
    that would pass either limit is refused kindly (the resident is asked to write again in a few minutes;
    Telegram and the web page are told 503, so they deliver it again), never cut and never a 500."""

    model_config = ConfigDict(extra="forbid")
    max_mb: int = Field(64, ge=1, le=10_000)  # the spool file's size
    max_messages: int = Field(20_000, ge=1, le=10_000_000)  # lines waiting in it
    # the web chat's share of both limits: one anonymous web client filled the whole spool in a minute, and then
    # WhatsApp residents (whose messages Twilio never delivers again) were refused (attacker trial, session 19, F9)
    web_share_percent: int = Field(25, ge=1, le=100)


class WhatsAppSettings(BaseModel):
    """Non-secret WhatsApp settings; the Twilio credentials come from the environment."""

    model_config = ConfigDict(extra="forbid")
    template_content_sid: str = Field("", pattern=r"^(HX[0-9a-fA-F]{32})?$")
    template_variables: dict[str, str] = Field(default_factory=dict)
    interactive: bool = True  # menus and yes/no as tap-able buttons once `whatsapp sync-content` has run


class CannedReply(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    text: LocalText


class NeedToKnow(BaseModel):
    """The most sensitive cases (bot/console/need_to_know.py): seen only by the officer holding one, supervisors
    and, with ``women_officers``, officers marked as women (``python -m bot officers woman NAME``)."""

    model_config = ConfigDict(extra="forbid")
    categories: list[str] = Field(default_factory=lambda: ["sextortion"])  # incident categories
    danger: list[str] = Field(default_factory=lambda: ["child_abuse", "child"])  # triage's danger kinds (children)
    women_officers: bool = False


_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class OnCallShift(BaseModel):
    """One line of the duty roster (bot/cases/oncall.py): who is on call on which days between two times of the unit's
    time zone (an end before the start runs past midnight), and where to reach them."""

    model_config = ConfigDict(extra="forbid")
    officer: str = Field(pattern=r"^[a-z0-9][a-z0-9._-]{1,63}$")  # the console username
    days: list[Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]] = Field(default_factory=lambda: list(_DAYS))
    start: str = Field("00:00", pattern=r"^([01]\d|2[0-3]):[0-5]\d$")
    end: str = Field("24:00", pattern=r"^(([01]\d|2[0-3]):[0-5]\d|24:00)$")
    telegram_chat_id: str = ""  # the officer's own chat with the bot (kept as a key: read into ``reach``)
    whatsapp: str = ""  # E.164, where the unit's WhatsApp number may write to them (read into ``reach``)
    # where to reach them, by registered channel (bot/channel_registry.py): {"telegram": "555", "sms": "+91…"};
    # telegram_chat_id and whatsapp above are the same as reach.telegram and reach.whatsapp
    reach: dict[str, str] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _reachable(self):
        for name, value in (("telegram", self.telegram_chat_id), ("whatsapp", self.whatsapp)):
            if value:
                self.reach.setdefault(name, value)
        self.reach = {name: value.strip() for name, value in self.reach.items() if (value or "").strip()}
        if not self.reach:
            raise ValueError(f"on-call shift of {self.officer}: give telegram_chat_id or whatsapp (or reach)")
        for name, value in self.reach.items():
            channel = channels.get(name)
            if channel is None or channel.sender is None:
                raise ValueError(f"on-call shift of {self.officer}: {name} is not a channel that sends "
                                 f"({', '.join(c.name for c in channels.channels() if c.sender)})")
            if channel.phone_ids and (not value.startswith("+") or e164(value, None, valid=True) is None):
                raise ValueError(f"on-call shift of {self.officer}: {name} must be an E.164 number")
        return self


class ConsoleSettings(BaseModel):
    """The officers' console, alerts and SLAs (bot/console, bot/cases/sla.py)."""

    model_config = ConfigDict(extra="forbid")
    # The channel officers' alerts go through (bot/channel_registry.py: one with a sender); the chat ids below
    # are chats on it, whichever channel it is (officers_telegram_chat_id and supervisors_telegram_chat_id, their
    # names until session 8, are still read, with a deprecation warning)
    alerts_channel: str = "telegram"
    officers_chat_id: str = ""
    supervisors_chat_id: str = ""  # SLA breaches and replies overdue also go here (bot/cases/sla.py)
    group_alert_seconds: int = Field(3, ge=1, le=60)  # at most one message a chat this often; more are joined
    realert_minutes: int = Field(5, ge=1, le=120)
    reply_sla_minutes: int = Field(10, ge=1, le=24 * 60)
    session_hours: int = Field(12, ge=1, le=72)
    login_window_minutes: int = Field(15, ge=1, le=24 * 60)
    login_tries_per_account: int = Field(5, ge=1, le=100)  # wrong passwords for one account from one address
    login_tries_per_address: int = Field(20, ge=1, le=1000)  # wrong passwords from one address, any account
    canned_replies: list[CannedReply] = Field(default_factory=list)
    # Access (README.md, "Access to the console"): two-factor login, networks, need-to-know.
    two_factor: Literal["off", "optional", "required"] = "optional"  # required: no console until enrolled
    allowed_networks: list[str] = Field(default_factory=list)  # empty: any address; else only these (CIDR)
    proxy_networks: list[str] = Field(default_factory=list)  # where trusted_proxies' X-Forwarded-For may come from
    need_to_know: NeedToKnow = NeedToKnow()
    view_visit_minutes: int = Field(30, ge=1, le=24 * 60)  # one "viewed" audit row per case per visit this long
    # On call (bot/cases/oncall.py): an urgent case past its SLA while no officer has used the console for
    # watching_minutes goes straight to whoever the roster has on call.
    on_call: list[OnCallShift] = Field(default_factory=list)
    watching_minutes: int = Field(2, ge=1, le=60)

    @model_validator(mode="before")
    @classmethod
    def _old_names(cls, data):
        return _renamed(data, {"officers_telegram_chat_id": "officers_chat_id",
                               "supervisors_telegram_chat_id": "supervisors_chat_id"}, "console")

    @field_validator("alerts_channel")
    @classmethod
    def _alerts_channel(cls, value: str) -> str:
        if value not in channels.names() or channels.get(value).sender is None:
            able = ", ".join(c.name for c in channels.channels() if c.sender is not None)
            raise ValueError(f"{value!r} is not a channel that can send officers' alerts ({able})")
        return value

    @field_validator("allowed_networks", "proxy_networks")
    @classmethod
    def _networks(cls, value: list[str]) -> list[str]:
        for network in value:
            try:
                ipaddress.ip_network(network, strict=False)
            except ValueError:
                raise ValueError(f"{network!r} is not a network like 10.20.0.0/16 or 192.168.1.5") from None
        return value


class UnitDetails(BaseModel):
    """The unit's letterhead and the place its officers sign at: the freeze request's PDF and the court certificate
    (bot/cases/freeze_pdf.py, bot/cases/casefile_export.py)."""

    model_config = ConfigDict(extra="forbid")
    address: list[str] = Field(default_factory=list)  # letterhead lines under the unit's name
    phone: str = ""
    email: str = ""
    place: str = ""  # where certificates are signed ("New Delhi")
    # The system the records come from, as the section 63 certificate names it.
    records_system: str = ("the Cyber Sahayak helpline server of the unit (WhatsApp and Telegram messages, "
                           "its database and private evidence store)")
    letterhead_font: str = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"  # a TTF with the rupee sign; missing: Helvetica


class Bank(BaseModel):
    """A bank the unit sends freeze requests to: the first four letters of its IFSC, and its nodal officer's
    address for cyber-fraud holds (kept up to date by the unit).

    ``name`` is a canonical name of lang/en/words/banks.yaml, the one list of banks' names and spellings (every
    language; the understanding reads it too): how residents write a bank is said there, never here
    (``check_banks``, at start-up)."""

    model_config = ConfigDict(extra="forbid")
    ifsc_prefix: str = Field(pattern=r"^[A-Z]{4}$")
    name: str = Field(min_length=2, max_length=120)
    nodal_email: str = Field("", pattern=r"^$|^[^@\s]+@[^@\s]+\.[^@\s]+$")
    # The UPI handles (after the @) whose accounts this bank keeps or maps as the app's payment service provider
    # (NPCI's list of UPI apps and their PSP banks): the bank a freeze request goes to for "scammer@okaxis".
    upi_handles: list[str] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _no_own_spellings(cls, data):
        if isinstance(data, dict) and "aliases" in data:
            raise PlacedError(("aliases",), "a bank's spellings are kept in lang/<code>/words/banks.yaml only (the "
                                            "list the understanding reads too): remove aliases here")
        return data


class OfficialContacts(BaseModel):
    """This unit's real numbers, handles and officer ids: what "is this really the police?" is checked against."""

    model_config = ConfigDict(extra="forbid")
    phones: list[str] = Field(default_factory=list)
    handles: list[str] = Field(default_factory=list)
    officer_ids: list[str] = Field(default_factory=list)


class Station(BaseModel):
    """One police station of the unit (README.md, "Several police stations"); logic in bot/cases/stations.py.

    Its WhatsApp senders are numbers of the unit's Twilio account; its Telegram bot's token and webhook secret
    come from the environment only (TELEGRAM_BOT_TOKEN__<ID>, TELEGRAM_WEBHOOK_SECRET__<ID>)."""

    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^[a-z][a-z0-9_]{0,31}$")
    name: LocalText
    district: str = ""
    whatsapp_numbers: list[str] = Field(default_factory=list)  # E.164 sender numbers residents write to
    telegram_bot: bool = False
    officers_chat_id: str = ""  # its officers' chat on console.alerts_channel (officers_telegram_chat_id: old name)
    official_contacts: OfficialContacts = OfficialContacts()
    sla_minutes: SlaMinutes | None = None  # overrides the unit's for this station's cases

    @model_validator(mode="before")
    @classmethod
    def _old_names(cls, data):
        return _renamed(data, {"officers_telegram_chat_id": "officers_chat_id"}, "stations[]")

    @field_validator("whatsapp_numbers")
    @classmethod
    def _e164(cls, value: list[str]) -> list[str]:
        out = []
        for number in value:
            normal = e164(number, None) if number.startswith("+") else None
            if normal is None:
                raise ValueError(f"{number!r} is not a phone number in E.164 form (+91...)")
            out.append(normal)
        return out


def _clock_time(value: str) -> str:
    hours, _, minutes = value.partition(":")
    if not (hours.isdigit() and minutes.isdigit() and int(hours) < 24 and int(minutes) < 60 and len(minutes) == 2):
        raise ValueError(f"{value!r} is not a time like 21:00")
    return value


class QuietHours(BaseModel):
    """Nothing proactive (tips, campaigns, pasted visits' welcomes) between start and end, unit time zone."""

    model_config = ConfigDict(extra="forbid")
    start: str = "21:00"
    end: str = "08:00"

    @field_validator("start", "end")
    @classmethod
    def _times(cls, value: str) -> str:
        return _clock_time(value)


class WelcomeTemplate(BaseModel):
    """The approved WhatsApp template for the welcome after a visit (the resident has not written first)."""

    model_config = ConfigDict(extra="forbid")
    content_sid: str = Field("", pattern=r"^(HX[0-9a-fA-F]{32})?$")
    variables: dict[str, str] = Field(default_factory=lambda: {"1": "{resident}", "2": "{officer}",
                                                               "3": "{helpline}"})


class ElderlySettings(BaseModel):
    """Households registered on a visit, simple mode, beat officers (bot/outreach/households.py, README.md, "Elderly residents")."""

    model_config = ConfigDict(extra="forbid")
    senior_age: int = Field(60, ge=40, le=100)
    beat_officer_minutes: int = Field(10, ge=1, le=24 * 60)
    stations: list[str] = Field(default_factory=list)
    welcome_template: WelcomeTemplate = WelcomeTemplate()


class RemindersSettings(BaseModel):
    """Opt-in safety tips and campaigns: how often, when, and how fast (bot/outreach/reminders.py, bot/outreach/campaigns.py)."""

    model_config = ConfigDict(extra="forbid")
    frequency: Literal["weekly", "monthly"] = "weekly"
    send_time: str = "11:00"
    quiet_hours: QuietHours = QuietHours()
    # messages a minute per channel; default: each registered channel's own rate (bot/channel_registry.py)
    per_minute: dict[str, int] = Field(default_factory=lambda: {c.name: c.per_minute for c in channels.channels()
                                                                if c.per_minute})
    check_seconds: int = Field(30, ge=5, le=3600)

    @field_validator("send_time")
    @classmethod
    def _send_time(cls, value: str) -> str:
        return _clock_time(value)

    @field_validator("per_minute")
    @classmethod
    def _rates(cls, value: dict[str, int]) -> dict[str, int]:
        for channel, rate in value.items():
            if channel not in channels.names() or not 1 <= rate <= 6000:
                raise ValueError(f"{channel}: {rate} is not a rate of 1-6000 messages a minute for a known channel")
        return value


class RetentionSettings(BaseModel):
    """How long each kind of personal data is kept (bot/cases/retention.py); null keeps it until deleted by hand.

    The audit log is never deleted by the application, and a case on legal hold is never touched."""

    model_config = ConfigDict(extra="forbid")
    unreported_conversations_days: int | None = Field(180, ge=1, le=36500)
    closed_cases_days: int | None = Field(1095, ge=1, le=36500)
    evidence_days: int | None = Field(1095, ge=1, le=36500)
    check_hours: int = Field(6, ge=1, le=168)


class Config(BaseModel):
    model_config = ConfigDict(extra="forbid")

    helpline_name: LocalText
    unit_name: LocalText
    numbers: Numbers = Numbers()
    portal_url: str = "https://cybercrime.gov.in"
    golden_hour_minutes: int = Field(60, ge=5, le=24 * 60)
    timezone: str = "Asia/Kolkata"
    # the languages offered in the language menu, in its order: each has a pack, lang/<code>/pack.yaml
    # (checked at start-up, bot/content/packs.py); every shipped pack still answers a resident writing in its script
    languages: list[Annotated[str, Field(pattern=r"^[a-z]{2,3}$")]] = Field(default_factory=lambda: list(DEFAULT_LANGUAGES),
                                                                          min_length=1)
    districts: list[str] = Field(default_factory=list)
    sla_minutes: SlaMinutes = SlaMinutes()
    reference_prefix: str = Field("CS", pattern=r"^[A-Z]{2,4}$")
    data_dir: str = "data"
    max_evidence_mb: int = Field(16, ge=1, le=100)
    woman_officer_available: bool = False
    allowed_link_hosts: list[str] = Field(default_factory=list)
    intent_threshold: int = Field(62, ge=1, le=100)
    # How free text is read into an intent (issue 11, decided by measurement in bench/accuracy.py):
    # "keywords" (keyword index + word model), "linear" (trained n-gram model), "combined" (their average).
    intent_approach: Literal["keywords", "linear", "combined"] = "linear"
    flood_per_minute: int = Field(30, ge=5, le=1000)
    web_chat: bool | None = None
    # new web-chat residents one client address may start in 10 minutes (attacker trial, session 19, F3: one client
    # opened 100 urgent cases in 4 s, each new cookie a new resident); high enough for a cyber cafe or a carrier's NAT
    web_chat_new_per_address: int = Field(20, ge=1, le=100_000)
    trusted_proxies: int = Field(0, ge=0, le=5)
    media_download_seconds: int = Field(8, ge=1, le=60)
    orphan_after_seconds: int = Field(30, ge=1, le=3600)  # a stored message unhandled this long is swept
    outbox: OutboxSettings = OutboxSettings()
    spool: SpoolSettings = SpoolSettings()
    whatsapp: WhatsAppSettings = WhatsAppSettings()
    console: ConsoleSettings = ConsoleSettings()
    official_contacts: OfficialContacts = OfficialContacts()
    elderly: ElderlySettings = ElderlySettings()
    reminders: RemindersSettings = RemindersSettings()
    stations: list[Station] = Field(default_factory=list)
    jurisdictions_file: str = "jurisdictions.yaml"  # PIN codes and localities -> stations (bot/cases/stations.py)
    retention: RetentionSettings = RetentionSettings()
    unit: UnitDetails = UnitDetails()  # letterhead, place of signing (freeze request PDF, court certificate)
    banks: list[Bank] = Field(default_factory=list)  # IFSC prefixes, names and nodal addresses

    # Filled in by load_config, not by the file.
    base_dir: Path = Field(default=ROOT, exclude=True)

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    @field_validator("languages")
    @classmethod
    def _english_first_known(cls, value: list[str]) -> list[str]:
        if len(set(value)) != len(value):
            raise ValueError("languages are listed twice")
        return value

    @model_validator(mode="after")
    def _stations_consistent(self) -> "Config":
        """Errors name the station's own line in config.yaml (``PlacedError``), not the file's first."""
        seen_ids, seen_numbers = set(), set()
        for index, station in enumerate(self.stations):
            if station.id in seen_ids:
                raise PlacedError(("stations", index, "id"), f"station {station.id!r} is listed twice")
            seen_ids.add(station.id)
            for n, number in enumerate(station.whatsapp_numbers):
                if number in seen_numbers:
                    raise PlacedError(("stations", index, "whatsapp_numbers", n),
                                      f"WhatsApp number {number} belongs to another station")
                seen_numbers.add(number)
            if self.districts and station.district and station.district not in self.districts:
                raise PlacedError(("stations", index, "district"),
                                  f"district {station.district!r} is not in districts")
        return self

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def default_language(self) -> str:
        """The unit's default language: the first it offers (``languages``). A new contact's, and a household's
        when the visit names none."""
        return self.languages[0]

    @property
    def data_path(self) -> Path:
        path = Path(self.data_dir)
        return path if path.is_absolute() else self.base_dir / path

    @property
    def evidence_path(self) -> Path:
        return self.data_path / "evidence"

    def database_url(self, environ: Mapping[str, str] | None = None) -> str:
        """DATABASE_URL from the environment (``environ``, default os.environ), else the embedded SQLite file
        under data_dir."""
        url = database_url_from(os.environ if environ is None else environ)
        return url or f"sqlite:///{self.data_path / 'helpline.sqlite3'}"

    def placeholders(self, language: str) -> dict[str, str]:
        """Values every text may use: {helpline}, {unit}, {cyber_fraud}, {emergency}, {child_helpline},
        {mental_health}, {kiran}, {portal}."""
        return {
            "helpline": self.helpline_name.get(language) or self.helpline_name["en"],
            "unit": self.unit_name.get(language) or self.unit_name["en"],
            "cyber_fraud": self.numbers.cyber_fraud,
            "emergency": self.numbers.emergency,
            "child_helpline": self.numbers.child_helpline,
            "mental_health": self.numbers.mental_health,
            "kiran": self.numbers.kiran,
            "portal": self.portal_url,
        }


def database_url_from(environ: Mapping[str, str]) -> str | None:
    """DATABASE_URL as SQLAlchemy wants it (postgres:// and postgresql:// use psycopg 3), or None when unset."""
    url = (environ.get("DATABASE_URL") or "").strip()
    if not url:
        return None
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


def check_banks(config: Config, doc: YamlDoc, root: Path | None = None) -> None:
    """Start-up check that config ``banks`` and lang/*/words/banks.yaml are one list: every bank's ``name`` is a
    canonical name of lang/en/words/banks.yaml, and its ``ifsc_prefix`` is the IFSC alias that file gives the bank
    (the last alias, four letters: "sbin") and no other bank's. Errors name config.yaml's line and the word file's."""
    from .nlu import words  # the word lists' loader (content only); not at import: most commands read no banks

    spellings = words.by_language("banks", root).get("en", {})
    en_file = (root or words.LANG_DIR) / "en" / "words" / "banks.yaml"
    owner = {alias.lower(): canonical for canonical, aliases in spellings.items() for alias in aliases}
    seen: dict[str, int] = {}
    for index, bank in enumerate(config.banks):
        if bank.name not in spellings:
            named = owner.get(bank.name.lower())
            hint = f" (it spells {named!r}: write that)" if named else " (add the bank and its spellings there first)"
            raise doc.error(("banks", index, "name"), f"{bank.name!r} is not a bank of {en_file}{hint}")
        if bank.ifsc_prefix in seen:
            raise doc.error(("banks", index, "ifsc_prefix"), f"{bank.ifsc_prefix} is bank {seen[bank.ifsc_prefix]}'s too")
        seen[bank.ifsc_prefix] = index
        code = bank.ifsc_prefix.lower()
        ifsc_alias = next((a for a in spellings[bank.name][-1:] if len(a) == 4 and a.isascii() and a.isalpha()), None)
        line = read_yaml(en_file).where((bank.name,)) if en_file.is_file() else str(en_file)
        if owner.get(code) not in (None, bank.name):
            raise doc.error(("banks", index, "ifsc_prefix"), f"{bank.ifsc_prefix} is the IFSC alias of "
                                                             f"{owner[code]!r} in {en_file}, not of {bank.name!r} ({line})")
        if ifsc_alias not in (None, code):
            raise doc.error(("banks", index, "ifsc_prefix"), f"{bank.ifsc_prefix} differs from the IFSC alias "
                                                             f"{ifsc_alias!r} of {bank.name!r} at {line}")


def load_config(path: str | Path | None = None) -> Config:
    """Read and validate config.yaml (or CYBER_SAHAYAK_CONFIG); errors name the key and line."""
    path = Path(path or os.environ.get("CYBER_SAHAYAK_CONFIG") or DEFAULT_CONFIG)
    doc = read_yaml(path)
    languages = (doc.data or {}).get("languages") if isinstance(doc.data, dict) else None
    context = {"languages": languages if isinstance(languages, list) and languages else list(DEFAULT_LANGUAGES)}
    config = validate(Config, doc, context)
    config.base_dir = path.resolve().parent
    check_banks(config, doc)
    if config.stations or config.districts:  # the jurisdiction file is validated at start-up too
        from .jurisdictions import jurisdictions_path, map_of

        where = jurisdictions_path(config)
        if config.stations and not where.is_file():  # with stations it must exist (districts only: optional)
            raise doc.error(("jurisdictions_file",) if "jurisdictions_file" in (doc.data or {}) else ("stations",),
                            f"{where} not found: the unit's map of PIN codes and localities to its stations "
                            "(README.md, \"A two-station config\")")
        map_of(config)
    return config


__all__ = ["Config", "load_config", "load_model"]
