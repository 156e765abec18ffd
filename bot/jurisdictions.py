"""The unit's jurisdiction map: its file of PIN codes and localities to police stations (or, for a unit without
stations, to its districts), read and validated with file and line.

It lives below the packages, beside config.py: ``load_config`` checks the file at start-up without importing
``bot.cases`` (contract ``config-below`` in .importlinter), and the stations' lookups (bot/cases/stations.py,
``Stations``) build on the map this module reads.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from pydantic import BaseModel, ConfigDict, Field, RootModel

from .content.datafile import DataError, read_yaml, validate
from .nlu.normalize import normalize

if TYPE_CHECKING:  # config.py imports this module when it loads (a type hint only)
    from .config import Config

_PIN = re.compile(r"(?<!\d)([1-9]\d{5})(?!\d)")


# -- the jurisdiction file ---------------------------------------------------------------------
class _Area(BaseModel):
    model_config = ConfigDict(extra="forbid")
    pins: list[str | int] = Field(default_factory=list)  # an unquoted 700016 is read by YAML as a number
    localities: list[str] = Field(default_factory=list)


class _Jurisdictions(RootModel[dict[str, _Area]]):
    pass


@dataclass
class Jurisdictions:
    pins: dict[str, str] = field(default_factory=dict)  # PIN -> station id
    localities: dict[str, str] = field(default_factory=dict)  # normalised locality -> station id
    spelled: dict[str, str] = field(default_factory=dict)  # normalised locality -> as the file writes it
    pin_districts: dict[str, str] = field(default_factory=dict)  # PIN -> the unit's district (config districts)


def _pin_text(pin: str | int, doc, loc: tuple) -> str:
    """A PIN code as text. YAML reads an unquoted 700016 as a number (fine when it is a 6-digit PIN) and an
    unquoted 011001 as an octal number: a number that is not a PIN is refused asking for quotes."""
    if isinstance(pin, bool) or (isinstance(pin, int) and not 100000 <= pin <= 999999):
        raise doc.error(loc, f"PIN codes must be quoted, like '700016': {doc.where(loc)} was read as the number "
                             f"{pin!r}")
    return str(pin).strip()


def load_jurisdictions(path: Path, station_ids: Iterable[str], districts: dict[str, str | None] | None = None
                       ) -> Jurisdictions:
    """Read the PIN code and locality map; every problem names the file and line.

    A key is a station id (its PIN codes then also give the station's district) or, for a unit without
    stations, one of config.yaml's districts (its PIN codes give that district: postal districts are not
    police jurisdictions, so the unit keeps this map itself)."""
    districts = districts or {}
    known = set(station_ids)
    doc = read_yaml(path)
    areas = validate(_Jurisdictions, doc).root
    found = Jurisdictions()
    for station_id, area in areas.items():
        if station_id not in known and station_id not in districts:
            raise doc.error((station_id,), f"no station {station_id!r} in config.yaml stations"
                            + (" and no such district in districts" if districts else ""))
        district = districts.get(station_id) if station_id in districts else None
        for index, pin in enumerate(area.pins):
            pin = _pin_text(pin, doc, (station_id, "pins", index))
            if not _PIN.fullmatch(pin):
                raise doc.error((station_id, "pins", index), f"{pin!r} is not a 6-digit PIN code")
            if station_id in known:
                owner = found.pins.get(pin)
                if owner not in (None, station_id):
                    raise doc.error((station_id, "pins", index), f"PIN {pin} belongs to {owner} too")
                found.pins[pin] = station_id
            if district:
                owner = found.pin_districts.get(pin)
                if owner not in (None, district):
                    raise doc.error((station_id, "pins", index), f"PIN {pin} belongs to district {owner} too")
                found.pin_districts[pin] = district
        if station_id not in known:
            if area.localities:
                raise doc.error((station_id, "localities"), "localities belong to stations, not to districts")
            continue
        for index, name in enumerate(area.localities):
            key = normalize(name)
            if len(key) < 3:
                raise doc.error((station_id, "localities", index), f"{name!r} is too short to recognise")
            if found.localities.get(key, station_id) != station_id:
                raise doc.error((station_id, "localities", index),
                                f"locality {name!r} belongs to {found.localities[key]} too")
            found.localities[key] = station_id
            found.spelled[key] = name.strip()
    return found


def jurisdictions_path(config: Config) -> Path:
    """Where the unit's jurisdiction file is (``jurisdictions_file``, relative to config.yaml)."""
    path = Path(config.jurisdictions_file)
    return path if path.is_absolute() else config.base_dir / path


def map_of(config: Config) -> Jurisdictions:
    """The jurisdiction map of ``config`` (empty without stations and districts); DataError names the file and line."""
    path = jurisdictions_path(config)
    if config.stations and not path.is_file():  # load_config says so first, naming config.yaml's line
        raise DataError(f"{path}: not found: the unit's map of PIN codes and localities to its stations "
                        "(jurisdictions_file in config.yaml)")
    if not ((config.stations or config.districts) and path.is_file()):
        return Jurisdictions()
    # a station's PIN codes give its district; a unit without stations may map PINs straight to districts
    station_ids = [s.id for s in config.stations]
    districts = {s.id: s.district or None for s in config.stations}
    districts.update({d: d for d in config.districts if d not in station_ids})
    return load_jurisdictions(path, station_ids, districts)
