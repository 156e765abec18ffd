"""After an officer hands a case back, the bot does not ask again for what the resident told the officer while
the case was held (officer stranger, session 11: "UTR is 512345678901, SBI" during the hold, then the bank question
again after the hand back). SQLite and PostgreSQL; the officers act over the console (Flask test client)."""
from __future__ import annotations

from sqlalchemy import select

from bot.store.models.cases import AuditEvent, Case
from conftest import NOW, Resident
from test_console import app, login, token  # noqa: F401  (fixture)


def test_a_bank_told_to_the_officer_is_not_asked_again_after_the_hand_back(app, engine):
    resident = Resident(engine)
    out = resident.send("15000 was debited from my account just now")
    assert out.node == "bank"  # the bot's open question when the officer takes the case
    with engine.Session() as s:
        case_id = s.scalar(select(Case.id))
    meena = app.test_client()
    login(meena)
    csrf = token(meena, f"/console/cases/{case_id}")
    meena.post(f"/console/cases/{case_id}/claim", data={"csrf_token": csrf})
    assert resident.send("UTR is 512345678901, SBI").texts == []  # held: the bot is silent, the officer reads it
    with engine.Session() as s:
        told = s.scalar(select(AuditEvent).where(AuditEvent.action == "told_in_chat"))
        assert told.detail["bank"] == "State Bank of India" and told.detail["utr"] == ["512345678901"]
    meena.post(f"/console/cases/{case_id}/handback", data={"csrf_token": csrf})
    with engine.Session() as s:
        assert s.get(Case, case_id).status == "returned"

    out = resident.send("hello? is anyone there")
    said = "\n".join(out.texts)
    assert out.node not in ("bank", "utr") and "Which bank or wallet" not in said and "just the name" not in said
    assert out.incident["bank"] == "State Bank of India" and out.incident["utr"] == "512345678901"
    assert out.texts and out.node  # the next open question is asked
