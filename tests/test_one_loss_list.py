"""One list of loss words (lang/<code>/words/triage.yaml ``loss``): the triage and the classifier's rules read the same
words, so a loss the triage hears is not taken for a question by the rules, and what the triage hears as no loss is no
loss to the rules either."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from bot.nlu import triage

NOW = datetime(2026, 11, 27, 4, 30, tzinfo=timezone.utc)  # 10:00 in India


@pytest.mark.parametrize("text", [
    "paisa gaya 8000, kya karu",  # money gone, said as a pair (money word + gone): the rules' own list lacked it
    "kya karein paise kat gaye 3000",
])
def test_a_loss_told_with_what_to_do_is_a_report_not_a_question(resources, text):
    result = resources.classifier.classify(text, NOW)
    assert result.intent == "financial_fraud" and not result.question and result.urgent


@pytest.mark.parametrize("text", ["5000 kete gechhe, ki korbo", "5000 بھیج دئیے، اب کیا کروں"])
def test_loss_spellings_the_rules_knew_are_a_loss_to_the_triage_too(text):
    read = triage.read(text, NOW)
    assert read.loss and read.urgent


@pytest.mark.parametrize("text", [
    "maine password me apna naam aur 786 daala hai, theek hai?",  # typed into a password: no money put anywhere
    "customer kehta hai payment ho gaya aur screenshot dikhata hai, kaise pehchaane?",  # a payer's claim
])
def test_what_is_no_money_gone_is_no_urgent_loss_to_either(resources, text):
    assert not triage.read(text, NOW).loss
    result = resources.classifier.classify(text, NOW)
    assert not result.urgent and result.intent != "financial_fraud"
