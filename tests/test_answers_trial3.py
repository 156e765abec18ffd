"""A resident's answers and times, from strangers' trials (session 8): an hour with no am or pm is its latest past
occurrence, "aaj" alone is a time not known within today, a priority that falls is explained to the resident, a bank
answer must look like a bank, the freeze request names the bank and renders every debit one way, and an answer kept
at another question never counts as unreadable."""
from __future__ import annotations

from datetime import datetime

import pytest

from conftest import IST, Resident
from test_answers_trial import papers, resident_case


def local(value: str) -> str:
    return datetime.fromisoformat(value).astimezone(IST).strftime("%d %H:%M")


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, 27, hour, minute, tzinfo=IST)


# -- 4. a bank answer must look like a bank ------------------------------------------------------------------------
def at_bank(engine) -> Resident:
    resident = Resident(engine)
    out = resident.send("15000 was debited from my account just now")
    assert out.node == "bank"
    return resident


def test_an_amount_at_the_bank_question_is_asked_again_kindly_and_never_kept_as_the_bank(engine):
    resident = at_bank(engine)
    out = resident.send("15000")
    assert out.node == "bank" and "bank" not in out.incident
    assert out.texts[0] == engine.res.texts.get("bad_bank", "en")
    out = resident.send("15000")  # told again: not known, never "15000"
    assert out.node != "bank" and out.incident.get("bank") is None


def test_a_sentence_is_asked_again_once_then_a_name_is_kept_as_told(engine):
    resident = at_bank(engine)
    out = resident.send("I am very worried please help me")
    assert out.node == "bank" and "bank" not in out.incident
    out = resident.send("Lakshmi Vilas")  # a bank the packs do not list, told again: kept as told
    assert out.node != "bank" and out.incident["bank"] == "Lakshmi Vilas"


@pytest.mark.parametrize(("said", "kept"), [("sbi", "State Bank of India"), ("Mahila Sahakari Bank", "Mahila Sahakari Bank")])
def test_a_bank_is_kept_at_once(engine, said, kept):
    resident = at_bank(engine)
    out = resident.send(said)
    assert out.node != "bank" and out.incident["bank"] == kept


# -- 6. an answer kept at another question is no unreadable answer -----------------------------------------------------
def test_a_utr_kept_at_the_amount_question_does_not_count_as_unreadable(engine):
    resident = Resident(engine)
    out = resident.send("money was debited from my account just now")
    assert out.node == "amount"
    out = resident.send("UTR 412345678901")
    assert out.incident["utr"] == "412345678901" and out.node == "amount"
    assert out.texts[0] == engine.res.texts.get("noted_out_of_order", "en")
    out = resident.send("hmm")  # the first answer it could not read: said so, asked again
    assert out.node == "amount" and out.texts[0] == engine.res.texts.get("bad_amount", "en")
    assert engine.res.texts.get("noted_not_known", "en") not in out.texts
    out = resident.send("hmm")  # the second: not known, and the report goes on
    assert out.node != "amount" and out.texts[0] == engine.res.texts.get("noted_not_known", "en")
