"""Secrets without casualties: an IMEI in the lost-phone flow and an account next to its IFSC are kept;
a card number, an OTP, a PIN are still removed before anything is stored (issue 10, item 9)."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.store.models.residents import Conversation, Message
from bot.nlu.redact import redact
from conftest import Resident

IMEI = "490154203237518"  # passes Luhn, begins like a Visa card
CARD = "4111 1111 1111 1111"
ANSWERS = {"time": "yesterday 9 pm", "yesno": "2", "text": "Sadar market", "phone": "skip", "choice": "1",
           "amount": "5000", "bank": "sbi", "last_digits": "skip", "utr": "skip", "district": "Pune",
           "name": "Asha", "media": "skip", "imei": "skip", "target": "skip", "ack_number": "skip"}


def until(resident, resources, out, node_id):
    """Answer each question plainly until the flow asks ``node_id``."""
    for _ in range(20):
        if out.node == node_id:
            return out
        out = resident.send(ANSWERS[resources.flows[out.flow].nodes[out.node].expect])
    raise AssertionError(f"never reached {node_id}")


def stored(engine, resident) -> str:
    with engine.Session() as s:
        return s.scalars(select(Message.text).where(Message.direction == "in").order_by(Message.id.desc())).first()


def test_an_imei_in_the_lost_phone_flow_is_kept_and_saved(engine, resources):
    resident = Resident(engine)
    out = until(resident, resources, resident.send("mera phone chori ho gaya metro me"), "imei")
    out = resident.send(IMEI)
    assert stored(engine, resident) == IMEI
    assert not any(resources.texts.get("secret_warning", "en") == t for t in out.texts)
    assert out.incident["imei"] == IMEI and out.node == "model"


def test_a_card_in_the_lost_phone_flow_is_still_removed_but_an_imei_at_any_question_is_kept(engine, resources):
    resident = Resident(engine)
    out = until(resident, resources, resident.send("mera phone chori ho gaya metro me"), "where")
    out = resident.send(f"bus stand, I also lost {IMEI[:-1]}7 no wait {IMEI}")  # 15 digits in a phone report: an IMEI
    assert IMEI in stored(engine, resident) and "REDACTED" not in stored(engine, resident)
    # the IMEI told at another question fills the IMEI question (session 11: not asked again), so a second resident
    # reaches that question without having told it
    resident = Resident(engine, sender="+919812345679", phone="+919812345679")
    out = until(resident, resources, resident.send("mera phone chori ho gaya metro me"), "imei")
    out = resident.send(f"my card {CARD}")  # a card word at the IMEI question: still a card
    assert "[REDACTED-CARD]" in stored(engine, resident) and "1111" not in stored(engine, resident)
    warnings = {resources.texts.get("secret_warning", lang) for lang in ("en", "hi")}  # a Hinglish chat is in Hindi
    assert any(w in t for t in out.texts for w in warnings)
    out = resident.send("otp 482913")  # an OTP at the IMEI question: still removed
    assert stored(engine, resident) == "otp [REDACTED-OTP]"


def test_an_imei_named_in_the_first_message_is_kept(engine):
    resident = Resident(engine)
    resident.send(f"phone chori ho gaya, dabbe par IMEI {IMEI} likha hai")
    assert IMEI in stored(engine, resident)
    resident.send(f"mobile ke bill par {IMEI} hai")
    assert IMEI in stored(engine, resident)


def test_an_account_next_to_its_ifsc_is_kept_as_the_target(engine, resources):
    resident = Resident(engine)
    out = resident.send("I paid 20000 to a fake seller on olx yesterday 9 pm")
    out = until(resident, resources, out, "target")
    out = resident.send("50100123456706 HDFC0001234")
    assert stored(engine, resident) == "50100123456706 HDFC0001234"
    with engine.Session() as s:
        fields = s.scalars(select(Conversation.fields)).first()
    target = fields["target"]
    assert target["accounts"] == ["50100123456706"] and target["ifsc"] == ["HDFC0001234"]


@pytest.mark.parametrize("flow_id", ["financial_fraud", "sextortion", "harassment", "account_hacked",
                                     "impersonation", "suspicious_contact", "lost_phone", "report_other"])
def test_a_card_is_removed_at_every_question_of_every_flow(resources, flow_id):
    """Redaction depends on the question only through its ``expect``: every question of every flow is tried."""
    for node_id, node in resources.flows[flow_id].nodes.items():
        for text in (CARD, f"card {IMEI}", "378282246310005"):  # a 16-digit card, a card-worded 15, an Amex
            if node.expect == "imei" and text == "378282246310005":
                continue  # at the IMEI question, a bare 15-digit number is the IMEI asked for
            assert redact(text, expect=node.expect).kinds == ("card",), (flow_id, node_id, text)
        assert redact("my otp is 482913", expect=node.expect).kinds == ("otp",)
        assert redact("upi pin 1234", expect=node.expect).kinds == ("pin",)
