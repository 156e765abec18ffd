"""What the session-11 attacker found (/work/lead/attacker_report.md), as a resident would notice it, through the real
engine on SQLite and PostgreSQL: a reference quoted in the resident's script's digits; a quoted reference with no
length limit echoed back."""
from __future__ import annotations

import pytest

from test_residents_read_right import file_lost_phone, incidents

SCRIPT_DIGITS = {"devanagari": "०१२३४५६७८९", "bengali": "০১২৩৪৫৬৭৮৯", "arabic_indic": "٠١٢٣٤٥٦٧٨٩",
                 "urdu": "۰۱۲۳۴۵۶۷۸۹"}


@pytest.mark.parametrize("script", sorted(SCRIPT_DIGITS))
def test_our_reference_quoted_in_the_residents_script_digits_gives_its_status(resident, script):
    reference = file_lost_phone(resident, "my phone was lost")
    digits = SCRIPT_DIGITS[script]
    written = "".join(digits[int(ch)] if ch.isdigit() else ch for ch in reference)
    assert written != reference
    out = resident.send(f"status {written}")
    assert out.intent == "report_status"
    assert any(reference in t and "Lost or stolen phone" in t for t in out.texts), out.texts
    assert not any("could not find" in t for t in out.texts)


def test_a_reference_in_script_digits_not_ours_is_named_back_in_ascii(resident):
    out = resident.send("CS-२६१२०१-AB12")
    assert any("CS-261201-AB12" in t for t in out.texts), out.texts  # "शिकायत CS-261201-AB12 नहीं मिली"


@pytest.mark.parametrize("said", ["CS-261201-" + "Z" * 3000, "DCC-2026-" + "7" * 5000])
def test_an_endless_reference_is_never_echoed_back(resident, said):
    out = resident.send(said)
    assert out.texts and sum(len(t) for t in out.texts) < 1000, [len(t) for t in out.texts]
    assert not any("Z" * 30 in t or "7" * 30 in t for t in out.texts)


@pytest.mark.parametrize("before, danger, place", [
    (["someone took 5000 from my account 10 min ago via UPI"], "my husband is beating me right now", "Dwarka sector 5"),
    (["hello", "1", "2"], "padosi ko maar rahe hain abhi", "Dwarka"),
    (["hello", "1", "MENU", "no"], "my neighbour is being beaten right now", "Sector 5 Dwarka"),
])
def test_a_danger_told_in_another_flow_becomes_the_danger_report(resident, engine, before, danger, place):
    for said in before:
        resident.send(said)
    out = resident.send(danger)
    assert any("112" in t for t in out.texts)
    assert out.flow == "danger", (out.flow, out.node, out.texts)
    assert out.case is not None and out.case["priority"] == "urgent"
    assert "Where are you" in out.texts[-1] or "कहाँ" in out.texts[-1], out.texts[-1]
    out = resident.send(place)
    assert out.flow == "danger" and "Please send just the name" not in " ".join(out.texts)
    assert "one of the numbers" not in " ".join(out.texts)
    (incident,) = incidents(engine)
    assert incident.category == "danger" and incident.fields.get("danger"), (incident.category, incident.fields)
    if before[0].startswith("someone took"):
        assert incident.fields.get("amount") == 5000 and incident.fields.get("money_lost") is True  # kept


@pytest.mark.parametrize("bare", ["no", "yes", "nahi", "haan", "না", "نہیں"])
def test_a_bare_no_or_yes_at_the_menu_starts_no_report(sqlite_resident, bare):
    for said in ("hello", "1"):
        sqlite_resident.send(said)
    out = sqlite_resident.send(bare)
    assert out.flow is None and out.case is None, (out.flow, out.intent, out.texts)
    assert any("number" in t for t in out.texts), out.texts  # asked kindly to pick a number from the menu


def test_a_threat_told_beside_money_sent_to_a_wrong_upi_id_is_a_harassment_report(sqlite_resident):
    out = sqlite_resident.send("I sent 2000 to wrong UPI id by mistake and now he is not returning and threatening me")
    assert out.flow == "harassment" and out.incident, (out.flow, out.intent, out.texts)
    told = " ".join(out.texts)
    assert "not a cyber crime" not in told, told


@pytest.mark.parametrize("lang, nonsense", [("2", "ab/1ab " * 8000), ("1", "xy 2z " * 3000)])
def test_long_repetitive_nonsense_is_not_an_urgent_money_loss(sqlite_resident, lang, nonsense):
    for said in ("hello", lang):
        sqlite_resident.send(said)
    out = sqlite_resident.send(nonsense)
    assert out.case is None or out.case["priority"] != "urgent", out.case
    assert not any(t.startswith(("तुरंत कार्रवाई करें", "Act now")) for t in out.texts), out.texts
