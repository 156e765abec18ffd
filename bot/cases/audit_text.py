"""An audit row's detail as a person reads it (the console's audit log, its CSV, a case file's audit_trail.csv):
"outcome: Advice given · number: 3112…", not a Python dict or internal ids (an officer's "officer:2" is their name);
times in the unit's zone."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from .. import formats
from .casework import OUTCOMES
from .field_labels import LABELS as LABELS_OF_FIELDS

#: Internal ids a detail may hold, by key, and the words an officer reads for them.
LABELS: dict[str, dict[str, str]] = {"outcome": OUTCOMES}


def _value(value: Any, tz, names: dict[str, str] | None = None) -> str:
    if isinstance(value, str) and names and value in names:
        return names[value]  # "officer:2" (rows written before the name was) -> "SI Asha (asha)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if isinstance(value, list):
        return ", ".join(_value(v, tz, names) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{_key(k)} {_value(v, tz, names)}" for k, v in value.items())
    if isinstance(value, str) and len(value) >= 19 and value[4] == "-" and value[10] in "T ":
        try:
            return formats.local_time(datetime.fromisoformat(value), tz, "%d-%m-%Y %H:%M:%S")
        except ValueError:
            pass
    return str(value)


def _labelled(key: str, value: Any, tz, names: dict[str, str] | None) -> str:
    label = LABELS.get(key, {}).get(value) if isinstance(value, str) else None
    return label or _value(value, tz, names)


def readable(detail: dict | None, tz, names: dict[str, str] | None = None) -> str:
    """An audit row's detail as a person reads it: "outcome: NCRP complaint filed · number: 31121…"; ``names``:
    actor ids to officers' names ("officer:2" -> "SI Asha (asha)", ``officer_names``)."""
    if not detail:
        return ""
    return " · ".join(f"{_key(key)}: {_labelled(key, value, tz, names)}" for key, value in detail.items())


def _key(key: str) -> str:
    """A report's field key by its label ("Time the money left (first debit)" for money_left_at); another key of a
    detail as words ("outcome", "beat officer"). One-word keys stay words: "name" may be an officer's, not a victim's."""
    text = str(key)
    return (LABELS_OF_FIELDS.get(text) if "_" in text else None) or text.replace("_", " ")


def officer_names(session) -> dict[str, str]:
    """Every officer's actor id and the name the audit log shows: {"officer:2": "SI Asha (asha)"}."""
    from sqlalchemy import select

    from ..store.models.officers import Officer
    return {f"officer:{o.id}": f"{o.display_name} ({o.username})" for o in session.scalars(select(Officer))}
