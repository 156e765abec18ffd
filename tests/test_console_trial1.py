"""Issue 15, defects a stranger's officer/attacker trial found in the console (SQLite and PostgreSQL)."""
from __future__ import annotations


# -- 9. a resident in the golden hour is never looped at a report question ---------------------
def test_golden_hour_resident_is_not_looped_at_the_last_4_question_and_a_utr_given_there_is_kept(resident):
    resident.send("I lost 2 lakh rupees, fraud on UPI 20 minutes ago")
    out = resident.send("HDFC")
    assert out.node == "last_digits"
    out = resident.send("200000")  # the amount again: asked once more
    assert out.node == "last_digits"
    out = resident.send("UTR 412345678901")  # the second answer it cannot read: noted, the report goes on
    assert out.node != "last_digits" and any("not known" in t for t in out.texts)
    assert out.incident["utr"] == "412345678901"  # kept where it belongs, and its question never asked
    assert out.node == "target" and not any("UTR (12 digits" in t for t in out.texts)
    out = resident.send("paid to ramesh@ybl")
    assert out.incident["target"]["upi_ids"] == ["ramesh@ybl"] and out.node == "name"


def test_a_fact_given_at_the_wrong_question_is_thanked_for_and_the_question_asked_once_more(resident):
    resident.send("I lost 2 lakh rupees, fraud on UPI 20 minutes ago")
    resident.send("HDFC")
    out = resident.send("money went to ramesh@ybl")
    assert out.node == "last_digits" and out.incident["target"]["upi_ids"] == ["ramesh@ybl"]
    assert "noted that" in out.texts[0]


# -- 5. the resident side of a child-danger case ----------------------------------------------
def test_child_danger_location_question_does_not_take_a_bare_2_and_the_last_reply_promises_no_claimed_officer(
        resident):
    resident.send("someone is threatening my 12 year old daughter, asking her for photos")
    out = resident.send("2")
    assert out.node == "where" and "could not find that" in out.texts[0]
    out = resident.send("South")
    assert out.node == "other_side" and out.incident["district"] == "South"
    resident.send("skip")
    out = resident.send("skip")
    assert out.case["status"] != "claimed"
    last = " ".join(out.texts)
    assert "an officer will take it up" in last and "an officer has it" not in last
