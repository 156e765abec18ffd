"""Several police stations on one deployment (README.md, "Several police stations").

The stations are data: ``stations:`` in config.yaml (bot/config.py ``Station``) and the unit's own map of PIN
codes and localities to stations (``jurisdictions_file``, validated at start-up with file and line). A unit
with no stations behaves exactly as before: every function here then does nothing.

- Which station: a resident who writes to a station's WhatsApp number or Telegram bot belongs to that station;
  one who writes to the unit's common number is routed by the PIN code, locality or district they give, and
  re-routed when they give it later (an officer's transfer is never undone by the bot). The routing during a
  conversation (everything that takes a ``turn``) is bot/conversation/station_routing.py's; here are the
  stations' data and lookups, and ``assign``, which gives a case to a station.
- From which number: ``contacts.via`` keeps the station number or bot the resident last wrote to; every outbox
  row to them carries it (``outbox.sender``), so replies, officers' messages, alerts and reminders leave from
  the number or bot the resident knows.
- Alerts: a new urgent case goes to every station's officers' chat and the unit's at once (golden hour first,
  jurisdiction after); other alerts go to the case's station and the unit.
"""
from __future__ import annotations

import logging
import re
from functools import lru_cache
from datetime import datetime, timedelta
from typing import Iterable

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from . import cases as case_log
from .. import channel_registry as channels, jurisdictions
from ..e164 import bare
from ..config import Config, Station
from ..content.i18n import pick
from ..store.models.cases import Case
from ..store.models.residents import Contact
from ..store.models.officers import OfficerStation, Officer
from ..nlu import words
from ..nlu.normalize import normalize, to_ascii_digits, tokens

log = logging.getLogger(__name__)

MOVES = ("station_assigned", "station_rerouted", "station_followed", "station_transferred")  # audited station changes
ROLES = ("officer", "station_supervisor", "supervisor")  # supervisor: the unit's (cyber cell's) supervisor
_MARKER = re.compile(r"\[redacted-[a-z]+\]")  # a redacted secret ([REDACTED-PIN]) once normalized


@lru_cache(maxsize=1)
def _filler() -> frozenset[str]:
    """Words around a place that say nothing more ("my", "pin code", "I live near", "मेरा", "रहता हूँ")."""
    return frozenset(word for phrase in words.load("location").get("filler", ()) for word in tokens(normalize(phrase)))


@lru_cache(maxsize=1)
def _pin_said() -> re.Pattern[str]:
    """A PIN code said as one, the words before or after it ("my pin code is 700016", "700016 is my pin code",
    "700001 मेरा पिन कोड है"); the words are ``pin_words`` of ``lang/*/words/location.yaml``."""
    names = sorted({r"\s*".join(map(re.escape, normalize(w).split())) for w in words.load("location").get("pin_words", ())},
                   key=len, reverse=True) or ["pin code"]
    said = "(?<!\\w)(?:" + "|".join(names) + ")(?!\\w)"
    return re.compile(rf"{said}\D{{0,12}}?([1-9]\d{{5}})(?!\d)|(?<!\d)([1-9]\d{{5}})(?!\d)\D{{0,12}}?{said}", re.I)


def pins_said(text: str) -> list[str]:
    """The PIN codes ``text`` says as PIN codes (a bare 6-digit number may be an OTP: never one)."""
    return [a or b for a, b in _pin_said().findall(normalize(to_ascii_digits(text or "")))]


# -- the stations of one configuration ------------------------------------------------------------
class Stations:
    """Lookups over ``config.stations`` and the jurisdiction map (built once per configuration)."""

    def __init__(self, config: Config):
        self.config = config
        self.by_id: dict[str, Station] = {s.id: s for s in config.stations}
        self.by_number = {number: s.id for s in config.stations for number in s.whatsapp_numbers}
        self.map = jurisdictions.map_of(config)  # PIN codes and localities -> stations (bot/jurisdictions.py)
        districts: dict[str, list[str]] = {}
        for s in config.stations:
            if s.district:
                districts.setdefault(normalize(s.district), []).append(s.id)
        self.by_district = {d: ids[0] for d, ids in districts.items() if len(ids) == 1}  # unambiguous only
        self._locality = (re.compile(r"(?<!\w)(" + "|".join(re.escape(k) for k in sorted(self.map.localities,
                                                                                         key=len, reverse=True))
                                     + r")(?!\w)") if self.map.localities else None)
        self._official: dict[str, dict[tuple[str, str], str]] = {}  # official_contacts per language

    @property
    def on(self) -> bool:
        return bool(self.by_id)

    def name(self, station_id: str | None, language: str = "en") -> str:
        station = self.by_id.get(station_id or "")
        if station is None:
            return pick(self.config.unit_name, language)
        return pick(station.name, language)

    def choices(self) -> list[tuple[str, str]]:
        return [(s.id, pick(s.name, "en")) for s in self.config.stations]

    def district_of_pin(self, pin: str | None) -> str | None:
        """The unit's district of a PIN code, from the jurisdiction file only (never guessed from postal data)."""
        return self.map.pin_districts.get(str(pin or ""))

    def district_of(self, station_id: str | None) -> str | None:
        station = self.by_id.get(station_id or "")
        return station.district or None if station else None

    # -- where a message came in ------------------------------------------------------------
    def via_for_whatsapp(self, to_number: str | None) -> str | None:
        """The station number a WhatsApp message was written to (Twilio's ``To``); None: the common number."""
        number = bare(to_number)
        return number if number in self.by_number else None

    def station_of_via(self, channel: str, via: str | None) -> str | None:
        """The station whose own way in on ``channel`` (bot/channel_registry.py ``station_vias``) is ``via``."""
        if not via:
            return None
        return next((s.id for s in self.config.stations if via in channels.station_vias(channel, s)), None)

    # -- routing by what the resident says ----------------------------------------------------
    def locate(self, *texts: str) -> str | None:
        """The station of a PIN code, locality or district named in ``texts`` (first found wins)."""
        for text in texts:
            if not text:
                continue
            for pin in pins_said(str(text)):  # "PIN code 700016" (a bare number may be an OTP)
                if pin in self.map.pins:
                    return self.map.pins[pin]
            norm = normalize(str(text))
            if self._locality is not None:
                found = self._locality.search(norm)
                if found:
                    return self.map.localities[found.group(1)]
            if norm in self.by_district:
                return self.by_district[norm]
        return None

    def locate_fields(self, fields: dict) -> str | None:
        """The station of a report's answers: its PIN code, then its district or locality answer."""
        pin = str(fields.get("pin_code") or "")
        if pin in self.map.pins:
            return self.map.pins[pin]
        district = fields.get("district")
        return self.locate(str(district)) if isinstance(district, str) and not district.startswith("PIN ") else None

    def statement(self, text: str) -> str | None:
        """The station of a message that says only where the resident is: a PIN code said as one ("my pin code
        is 700016"), a locality of the file or a district with one station, with nothing else but the words of
        ``lang/*/words/location.yaml`` ("I live near", "मेरा पिन कोड"). "" when it says only a PIN code that is
        none of the unit's; None for any other message (read as usual: a bare number may be an OTP)."""
        norm = normalize(to_ascii_digits(text or ""))
        pins = pins_said(norm)
        found = next((self.map.pins[p] for p in pins if p in self.map.pins), None)
        rest = _pin_said().sub(" ", norm)
        if self._locality is not None:
            hit = self._locality.search(rest)
            if hit:
                found = found or self.map.localities[hit.group(1)]
                rest = self._locality.sub(" ", rest)
        left = [word for word in tokens(rest) if word not in _filler()]
        if left and found is None and " ".join(left) in self.by_district:
            found, left = self.by_district[" ".join(left)], []
        if left:
            return None
        return found if found is not None else ("" if pins else None)

    def place_in(self, text: str) -> tuple[str, str] | None:
        """The place a longer message names ("my pin code is 700016, 10 minutes ago 25000 went", "I live in park
        street ... 10000 gone"), as (what the district question reads, its station or "" for a PIN code none of
        the unit's): a PIN code said as one (the unit's first), else a locality of the file. None: no place (a
        bare number may be an OTP or an amount, and a district word alone may mean anything in a story)."""
        norm = normalize(to_ascii_digits(text or ""))
        pins = pins_said(norm)
        pin = next((p for p in pins if p in self.map.pins), pins[0] if pins else None)
        if pin is not None:
            return pin, self.map.pins.get(pin, "")
        hit = self._locality.search(norm) if self._locality is not None else None
        return (hit.group(1), self.map.localities[hit.group(1)]) if hit else None

    def secret_only(self, text: str) -> bool:
        """A message that says nothing but a redacted secret among the words of a place statement ("meri pin
        700016 hai", "मेरा पिन 700016 है" once redacted): neither a place nor a report."""
        norm = normalize(text or "")
        rest = _MARKER.sub(" ", norm)
        return rest != norm and all(word in _filler() for word in tokens(rest))

    # -- what a station overrides -----------------------------------------------------------
    def sla_minutes(self, station_id: str | None) -> dict[str, int]:
        station = self.by_id.get(station_id or "")
        minutes = station.sla_minutes if station is not None and station.sla_minutes else self.config.sla_minutes
        return minutes.model_dump()

    def official_contacts(self, language: str = "en") -> dict[tuple[str, str], str]:
        """Every official phone and handle of the unit and of each station, as the registry writes them
        (``("phone", "+91...")``, ``("handle", "x:...")``) -> the unit's or station's name: what "is this really
        the police?" is checked against, and what is never recorded as a scam identifier. Read once per language
        (a read costs ~1 ms of phone-number parsing, and every answer of a report asks); do not change the dict."""
        found = self._official.get(language)
        if found is None:
            found = self._official[language] = self._read_official_contacts(language)
        return found

    def _read_official_contacts(self, language: str) -> dict[tuple[str, str], str]:
        from ..registry import normalising

        found: dict[tuple[str, str], str] = {}
        owners = [(self.config.official_contacts, None)] + [(s.official_contacts, s.id) for s in self.config.stations]
        for contacts, station_id in owners:
            station = self.by_id.get(station_id or "")
            helpline = [bare(n) for n in (station.whatsapp_numbers if station else ())]
            if station_id is None and self.config.unit.phone:  # the unit's letterhead number is its own too
                helpline.append(self.config.unit.phone)
            for kind, values in (("phone", [*contacts.phones, *helpline]), ("handle", contacts.handles)):
                for value in values:  # a station's own WhatsApp numbers are police numbers too, never a scam's
                    try:
                        key = (kind, normalising.normalise(kind, value))
                    except normalising.RefusedIdentifier:
                        continue
                    found.setdefault(key, self.name(station_id, language))
        return found

    def alert_chats(self, case: Case | None, everyone: bool) -> list[tuple[str, str | None, str]]:
        """(chat id, sending bot's station or None, key suffix) of the officers' chats to alert.

        The unit's chat always (its key is the one a unit without stations uses); every station's chat for an
        urgent announcement (``everyone``), else only the case's station's."""
        chats: list[tuple[str, str | None, str]] = []
        if self.config.console.officers_chat_id:
            chats.append((self.config.console.officers_chat_id, None, ""))
        for station in self.config.stations:
            if not station.officers_chat_id:
                continue
            if everyone or (case is not None and case.station == station.id):
                chats.append((station.officers_chat_id, station.id if station.telegram_bot else None,
                              f":{station.id}"))
        return chats


_CACHE: dict[int, tuple[Config, Stations]] = {}


def of(config: Config) -> Stations:
    """The stations of ``config`` (the jurisdiction file is read and validated on first use)."""
    cached = _CACHE.get(id(config))
    if cached is None or cached[0] is not config:
        cached = (config, Stations(config))
        if len(_CACHE) > 64:
            _CACHE.clear()
        _CACHE[id(config)] = cached
    return cached[1]


def official_contacts(config: Config, language: str = "en") -> dict[tuple[str, str], str]:
    """Official numbers and handles of the unit and every station -> the unit's or the station's name."""
    return of(config).official_contacts(language)


def sender_of(contact: Contact) -> str | None:
    """The station number or bot an outbox row to this resident leaves from (None: the common one)."""
    return contact.via


def station_sender(config: Config, station_id: str | None, channel: str) -> str | None:
    """How a station first writes to a resident on ``channel`` (a household's welcome after a visit): its first
    WhatsApp number, or its own bot; None when it has none (the common number or bot)."""
    station = of(config).by_id.get(station_id or "")
    vias = channels.station_vias(channel, station) if station is not None else ()
    return vias[0] if vias else None


def station_id_of(config: Config, text: str | None) -> str | None:
    """A station named by its id or any of its names (the visit form's free text), else None."""
    wanted = normalize(text or "")
    for station in config.stations:
        if wanted == station.id or wanted in {normalize(name) for name in station.name.values()}:
            return station.id
    return None


def assign(session: Session, case: Case, station_id: str, source: str, actor: str, now: datetime,
           sla_minutes: dict[str, int] | None = None, action: str | None = None) -> None:
    """Give ``case`` to a station (audited); a waiting case takes the station's own SLA (``sla_minutes``)."""
    before = case.station
    case.station, case.station_source = station_id, source
    action = action or ("station_assigned" if before is None else "station_rerouted")
    case_log.record(session, case, actor, action, now, station=station_id, before=before, source=source)
    if sla_minutes and case.status == "waiting" and case.created_at is not None:
        case.sla_due_at = case.created_at + timedelta(minutes=sla_minutes[case.priority])


# -- officers and their stations ------------------------------------------------------------------
def stations_of(session: Session, officer_id: int) -> list[str]:
    return sorted(session.scalars(select(OfficerStation.station).where(OfficerStation.officer_id == officer_id)))


def beat_officers(session: Session, config: Config, officers: Iterable[Officer]) -> dict[str, list[str]]:
    """Per configured station, the usernames of ``officers`` who may be its households' beat officer: the
    station's own officers (never another station's), or, at a station nobody belongs to yet, the unit's
    officers (of no station). One query."""
    officers = list(officers)
    belongs: dict[int, set[str]] = {}
    for officer_id, station in session.execute(select(OfficerStation.officer_id, OfficerStation.station)
                                               .where(OfficerStation.officer_id.in_([o.id for o in officers]))):
        belongs.setdefault(officer_id, set()).add(station)
    unit = [o.username for o in officers if o.id not in belongs]
    return {station.id: [o.username for o in officers if station.id in belongs.get(o.id, ())] or unit
            for station in config.stations}


def set_stations(session: Session, officer: Officer, station_ids: Iterable[str], config: Config, now: datetime,
                 actor: str = "cli") -> list[str]:
    """Make ``officer`` belong to exactly these stations (audited); unknown ids are refused."""
    wanted = sorted(set(station_ids))
    unknown = [s for s in wanted if s not in of(config).by_id]
    if unknown:
        raise ValueError(f"no such station: {', '.join(unknown)} (see stations: in config.yaml)")
    before = stations_of(session, officer.id)
    session.execute(delete(OfficerStation).where(OfficerStation.officer_id == officer.id))
    for station_id in wanted:
        session.add(OfficerStation(officer_id=officer.id, station=station_id))
    case_log.record(session, None, actor, "officer_stations_set", now, officer=officer.username, before=before,
                    after=wanted)
    return wanted


def oversees(session: Session, officer: Officer, case: Case) -> bool:
    """A unit supervisor oversees every case; a station supervisor their stations' cases (they may close or
    transfer one another officer holds)."""
    return officer.role == "supervisor" or (officer.role == "station_supervisor" and case.station is not None
                                            and case.station in stations_of(session, officer.id))


def may_act(session: Session, officer: Officer, case: Case, action: str) -> bool:
    """May ``officer`` claim, close or transfer (``action``) this case? Officers act on their own stations' cases
    and on cases no station has yet; officers of no station (the unit's cyber cell) and unit supervisors on
    all; whoever holds a case on it; and any station's officer may claim an urgent case (golden hour first)."""
    if officer.role == "supervisor" or case.station is None or case.claimed_by == f"officer:{officer.id}":
        return True
    own = stations_of(session, officer.id)
    if not own or case.station in own:
        return True
    return action == "claim" and case.priority == "urgent"


def sees_all(role: str) -> bool:
    return role in ("supervisor", "station_supervisor")


def split_queue(cases: list[Case], own: set[str]) -> tuple[list[Case], list[Case]]:
    """(the officer's own cases, the others): own = their stations' cases, the unit's unrouted cases, and every
    urgent case (visible to every station at once). Order within each part is the queue's."""
    mine, rest = [], []
    for case in cases:
        (mine if case.station is None or case.station in own or case.priority == "urgent" else rest).append(case)
    return mine, rest
