"""Issue 10, defects a resident's trial found after the golden hour was built (SQLite and PostgreSQL):
self-harm in romanised Hindi, a paid digital arrest, a live call in the present tense, SKIP everywhere,
an IMEI anywhere in the lost-phone flow, a loss taken back, wording, a second loss, "still happening"."""
from __future__ import annotations

import pytest


# -- 1. self-harm in romanised Hindi, Devanagari and English ---------------------------------
@pytest.mark.parametrize("message", [
    "mujhe marna hai",
    "mujhe marna hai, wo log meri photo viral kar denge",
    "marne ka mann kar raha hai",
    "मुझे मरना है, अब जीने का मन नहीं",
    "I want to end it all, there is no reason to live",
])
def test_self_harm_gets_112_and_tele_manas_first_and_an_urgent_case(resident, message):
    out = resident.send(message)
    assert "112" in out.texts[0] and "14416" in out.texts[0]
    assert out.case["priority"] == "urgent"
