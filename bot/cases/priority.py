"""The golden-hour rule (DESIGN.md): urgent, high or normal, from what a report says."""
from __future__ import annotations

from datetime import datetime, timedelta

from ..store.models.cases import PRIORITY_RANK

HIGH_CATEGORIES = {"sextortion"}


def assess(category: str, fields: dict, now: datetime, golden_hour_minutes: int, senior: bool = False) -> str:
    """Priority of a report from its fields.

    urgent: money left within the golden hour, or when the resident cannot say (or has not said yet,
            after telling of a loss); a loss going on now, a caller or remote-access app still connected, card or
            bank details just typed into a page (``details_shared``: urgent, but not a loss);
            a threat to life, kidnapping, self-harm, or a child in danger.
    high:   money left within 24 hours; sextortion and threats; an elderly resident.
    normal: everything else.
    """
    if fields.get("life_threat") is True or fields.get("ongoing") is True or fields.get("danger"):
        return "urgent"
    if fields.get("live_call") is True or fields.get("remote_app") is True or fields.get("details_shared") is True \
            or fields.get("paying_now") is True:  # someone on the way to pay a caller: stopped now or never
        return "urgent"  # still connected, or card or bank details just typed into a page: the loss may be under way
    if fields.get("money_lost") is True:
        level = money_level(fields, now, golden_hour_minutes)
        if level == "urgent":
            return "urgent"
        if level == "day":
            return "high"
    if category in HIGH_CATEGORIES or fields.get("threat") is True or senior:
        return "high"
    return "normal"


def money_level(fields: dict, now: datetime, golden_hour_minutes: int) -> str | None:
    """How pressing a money loss is, from what the report holds (the one place it is worked out: the priority
    above and the 1930 line the resident hears, bot/conversation/golden.py, both read it):

    urgent: going on now, within the golden hour, or the time not known ("I don't know", or not said yet after
            telling of a loss; a day told with no hour whose end is within the golden hour: "aaj"), unless the resident said roughly when ("two years ago" then SKIP at "when?");
    day:    within 24 hours ("a few hours ago": told, if not to the hour), or may be: a day told with no time of it
            ("kal", ``money_left_at_by`` its end) whose end is within 24 hours, until the hour is told;
    old:    longer ago;
    None:   the report has not yet asked when (the menu's "report money fraud").
    """
    if fields.get("ongoing") is True:
        return "urgent"
    times = [fields[key] for key in ("money_left_at", "latest_loss_at") if fields.get(key)]
    if not times and fields.get("money_left_age") in ("day", "old"):  # told roughly, if not to the hour
        return fields["money_left_age"]
    if fields.get("money_left_at_unknown") is True:
        return "urgent"
    if not times:
        return None
    age = now - max(datetime.fromisoformat(value) for value in times)  # a second loss counts from its own time
    if age <= timedelta(minutes=golden_hour_minutes):
        return "urgent"
    latest = fields.get("money_left_at_by") if fields.get("money_left_at") else None
    if latest and fields.get("money_left_at_day_only") and \
            now - datetime.fromisoformat(latest) <= timedelta(minutes=golden_hour_minutes):
        return "urgent"  # "aaj" alone (or "kal" just after midnight): it may have left minutes ago, the time is not
        # known within the day, as "don't know" (the hour is asked once; "don't know" there keeps this)
    if age > timedelta(hours=24) and latest and now - datetime.fromisoformat(latest) <= timedelta(hours=24):
        return "day"  # "kal", no hour: it may have left within the last 24 hours (never "old" on a guess of noon)
    return "day" if age <= timedelta(hours=24) else "old"


def higher(a: str | None, b: str) -> str:
    """The more pressing of two priorities (a case is never downgraded by time passing)."""
    if a is None:
        return b
    return a if PRIORITY_RANK[a] <= PRIORITY_RANK[b] else b
