"""Indian formats: ₹1,50,000 (1.5 lakh) and times in the unit's zone with its label, wherever people read them."""
from datetime import datetime, timezone
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from bot import formats
from bot.cases.freeze import freeze_request
from bot.config import load_config
from bot.store.models.residents import Contact, Incident
from bot.store.models.officers import Officer
from bot.nlu.entities.amounts import parse_amount

IST = ZoneInfo("Asia/Kolkata")


@pytest.mark.parametrize("value, language, shown", [
    (999, "en", "₹999"),
    (15000, "en", "₹15,000"),
    (150000, "en", "₹1,50,000 (1.5 lakh)"),
    (150000, "hi", "₹1,50,000 (1.5 लाख)"),
    (1234.5, "en", "₹1,234.50"),
    (2500000, "en", "₹25,00,000 (25 lakh)"),
    (Decimal("20000000"), "en", "₹2,00,00,000 (2 crore)"),
    (125000000, "hi", "₹12,50,00,000 (12.5 करोड़)"),
])
def test_amounts_in_indian_grouping_with_lakh_and_crore(value, language, shown):
    assert formats.amount(value, language) == shown


@pytest.mark.parametrize("text, value", [
    ("1.5 lakh", 150000), ("dedh lakh", 150000), ("डेढ़ लाख", 150000), ("₹1,50,000", 150000),
    ("2 crore", 20000000), ("2 करोड़", 20000000), ("1 lakh 50 hazar", 150000), ("Rs 15,000", 15000),
])
def test_lakh_and_crore_are_understood(text, value):
    assert parse_amount(text) == value


def test_times_carry_the_units_zone_label():
    at = datetime(2026, 11, 27, 4, 32, tzinfo=timezone.utc)
    assert formats.local_time(at, IST) == "27-11-2026 10:02 IST"


def test_freeze_request_reads_indian_amount_and_ist_time():
    incident = Incident(reference="CS-261127-AB12", amount=Decimal(150000), fields={"bank": "State Bank of India"},
                        money_left_at=datetime(2026, 11, 27, 4, 32, tzinfo=timezone.utc),
                        created_at=datetime(2026, 11, 27, 4, 40, tzinfo=timezone.utc))
    text = freeze_request(incident, Contact(phone="+919812345678"), Officer(display_name="SI Meena"), None,
                          load_config(), datetime(2026, 11, 27, 5, 0, tzinfo=timezone.utc))
    assert "Amount debited           : ₹1,50,000 (1.5 lakh)" in text
    assert "Date and time of debit   : 27-11-2026 10:02 IST" in text
    assert "Date of request: 27-11-2026 10:30 IST" in text


def test_a_resident_correcting_the_amount_reads_it_back_in_indian_format(resident):
    resident.send("hello")
    resident.send("1")
    resident.send("1")  # money fraud: asks when
    out = resident.send("amount was 1.5 lakh not 15000")
    assert "₹1,50,000 (1.5 lakh)" in out.texts[0]
