"""The registry as residents meet it: checks, 'others have reported this too', the police's own numbers."""
from __future__ import annotations

from sqlalchemy import select

from bot import registry
from bot.models import Identifier
from conftest import Resident


def report_upi(engine, sender, upi="fraudster@ybl"):
    resident = Resident(engine, sender=sender, phone=sender)
    resident.send("15000 was debited from my account just now")
    for answer in ("sbi", "skip", "skip"):
        resident.send(answer)
    return resident, resident.send(f"paisa {upi} pe gaya")


def test_every_report_is_recorded_and_the_second_victim_is_told(engine):
    _, first = report_upi(engine, "+919800000001")
    assert not any("Others have reported" in t for t in first.texts)
    _, second = report_upi(engine, "+919800000002", upi="FRAUDSTER@YBL")
    assert any("Others have reported fraudster@ybl too" in t for t in second.texts)
    with engine.Session() as s:
        upi = registry.lookup(s, "upi", "fraudster@ybl")
        assert upi.report_count == 2
        # The victims' own numbers never enter the registry.
        assert s.scalar(select(Identifier).where(Identifier.value == "+919800000001")) is None


def test_check_a_number_says_reported_or_not_known_never_safe(engine):
    report_upi(engine, "+919800000001", upi="9812312312@ybl")
    checker = Resident(engine, sender="+919800000003", phone="+919800000003")
    checker.send("hello")
    checker.send("1")
    out = checker.send("is this fraud? 9812312312@ybl and bit.ly/Xy12")
    text = "\n".join(out.texts)
    assert "9812312312@ybl: reported 1 time(s)" in text
    assert "bit.ly/Xy12: no reports yet. That does not mean it is safe." in text
    assert "+919800000001" not in text  # never a victim's detail


def test_is_this_really_the_police(engine, resources):
    official = resources.config.official_contacts.phones[0]
    resident = Resident(engine, sender="+919800000004", phone="+919800000004")
    resident.send("hello")
    resident.send("1")
    out = resident.send(f"someone called from {official} saying he is police, is this really the police?")
    text = "\n".join(out.texts)
    assert "is an official contact" in text and "do not call back" not in text
    other = Resident(engine, sender="+919800000005", phone="+919800000005")
    other.send("hello")
    other.send("1")
    out = other.send("a CBI officer called from 9876501234 and says I am under digital arrest. is this real police?")
    text = "\n".join(out.texts)
    assert "+919876501234 is NOT one of" in text and "asks for money over a call" in text
