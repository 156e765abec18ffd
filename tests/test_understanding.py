"""Understanding, measured on resident messages written independently of the patterns."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from accuracy import LABELLED, evaluate  # noqa: E402

INTENT_IDS = {"financial_fraud", "sextortion", "harassment", "account_hacked", "impersonation",
              "suspicious_contact", "safety_advice", "lost_phone", "report_status", "talk_to_officer",
              "greeting", "unknown"}


@pytest.fixture(scope="module")
def labelled():
    items = yaml.safe_load(LABELLED.read_text(encoding="utf-8"))
    assert len(items) >= 250
    assert {item["intent"] for item in items} <= INTENT_IDS
    return items


def test_intent_accuracy_is_at_least_90_percent(resources, labelled):
    report = evaluate(resources.classifier, labelled)
    worst = report["confusion"].most_common(5)
    assert report["accuracy"] >= 0.90, f"accuracy {report['accuracy']:.1%}; most confused: {worst}"


def test_no_urgent_message_is_missed(resources, labelled):
    report = evaluate(resources.classifier, labelled)
    assert report["missed_urgent"] == []
