"""An audit row's detail as a person reads it (the console's audit log, its CSV, a case file's audit_trail.csv):
"outcome: Advice given · number: 3112…", not a Python dict or internal ids; times in the unit's zone."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from .. import formats
from .casework import OUTCOMES

#: Internal ids a detail may hold, by key, and the words an officer reads for them.
LABELS: dict[str, dict[str, str]] = {"outcome": OUTCOMES}


def _value(value: Any, tz) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if isinstance(value, list):
        return ", ".join(_value(v, tz) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{str(k).replace('_', ' ')} {_value(v, tz)}" for k, v in value.items())
    if isinstance(value, str) and len(value) >= 19 and value[4] == "-" and value[10] in "T ":
        try:
            return formats.local_time(datetime.fromisoformat(value), tz, "%d-%m-%Y %H:%M:%S")
        except ValueError:
            pass
    return str(value)


def _labelled(key: str, value: Any, tz) -> str:
    label = LABELS.get(key, {}).get(value) if isinstance(value, str) else None
    return label or _value(value, tz)


def readable(detail: dict | None, tz) -> str:
    """An audit row's detail as a person reads it: "outcome: NCRP complaint filed · number: 31121…"."""
    if not detail:
        return ""
    return " · ".join(f"{str(key).replace('_', ' ')}: {_labelled(key, value, tz)}" for key, value in detail.items())
