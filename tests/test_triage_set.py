"""The blind triage set (tests/data/triage_messages.yaml, frozen) through Engine.handle, one new resident per
message, on SQLite and PostgreSQL. Each message is judged by what the resident and the officers get after
that one message:

  urgent_money  1930 in the first reply, and an urgent case
  danger        112 (or 1098) in the first reply, and an urgent case
  live_call     "cut the call" in the first reply
  no_loss       never in the money-loss report
  old_loss      not urgent
  none          not urgent (at most 2% may be)

A message's ``also`` classes are held to their rules too. Figures: bench/README.md (python bench/triage_set.py).
"""
from __future__ import annotations

from pathlib import Path

import yaml

from conftest import Resident

SET = Path(__file__).resolve().parent / "data" / "triage_messages.yaml"
NONE_FALSE_URGENT_ALLOWED = 0.02


def load() -> list[dict]:
    return yaml.safe_load(SET.read_text(encoding="utf-8"))


def _urgent(out) -> bool:
    return bool(out.case and out.case["priority"] == "urgent") or bool(
        out.incident and out.incident.get("priority") == "urgent")


def broken(label: str, out) -> str | None:
    """Why the outcome of one first message breaks the rule of ``label``, or None."""
    first = out.texts[0].lower() if out.texts else ""
    urgent_case = bool(out.case and out.case["priority"] == "urgent")
    if label == "urgent_money":
        if "1930" not in first:
            return "no 1930 in the first reply"
        return None if urgent_case else "no urgent case"
    if label == "danger":
        if "112" not in first and "1098" not in first:
            return "no 112/1098 in the first reply"
        return None if urgent_case else "no urgent case"
    if label == "live_call":  # in the resident's language: "cut the call" / "कॉल काट"
        return None if "cut the call" in first or "कॉल काट" in first else "no 'cut the call' in the first reply"
    if label == "no_loss":
        return "entered the money-loss report" if out.flow == "financial_fraud" else None
    if label in ("old_loss", "none"):
        return "urgent" if _urgent(out) else None
    raise ValueError(f"unknown triage class {label!r}")


def judge(engine) -> dict[str, list[tuple[str, str]]]:
    """{class: [(text, why)]} for every message of the set that breaks a rule of its classes; and the counts."""
    failures: dict[str, list[tuple[str, str]]] = {}
    for number, entry in enumerate(load()):
        resident = Resident(engine, sender=f"+9190000{number:05d}", phone=f"+9190000{number:05d}")
        out = resident.send(entry["text"])
        for label in [entry["triage"], *(entry.get("also") or [])]:
            why = broken(label, out)
            if why:
                failures.setdefault(label, []).append((entry["text"], why))
    return failures


def test_the_blind_triage_set(engine):
    entries = load()
    failures = judge(engine)
    nones = sum(1 for e in entries if e["triage"] == "none")
    false_urgent = failures.pop("none", [])
    assert len(false_urgent) <= NONE_FALSE_URGENT_ALLOWED * nones, false_urgent
    assert failures == {}
