"""A question is answered, not reported (issue 11 item 5), and "Did you mean" offers topics on the question's
subject: transcripts through the engine, one new resident each. Messages written apart from every set."""
from __future__ import annotations

import pytest


def _said(out) -> str:
    return "\n".join(out.texts)


@pytest.mark.parametrize("message", [
    # told what came, then asked: the last sentence asks, nothing lost, nothing urgent
    "my neighbour got a whatsapp message that her electricity will be cut tonight unless she calls the officer "
    "number in it. should she call?",
    "एक मैसेज आया है कि आज रात बिजली कट जाएगी, उसमें दिए नंबर पर कॉल करूँ क्या?",
])
def test_a_scam_message_described_and_asked_about_gets_the_answer_first(resident, resources, message):
    out = resident.send(message)
    language = "hi" if any("\u0900" <= ch <= "\u097f" for ch in message) else "en"
    answer = resources.knowledge.answer("kyc_electricity_bill_sms", language)
    said = _said(out)
    assert answer.splitlines()[0] in said  # the topic's answer, in the resident's language
    assert not out.case or out.case.get("priority") != "urgent"
    assert "1930" not in said.split(answer.splitlines()[0])[0]  # no money-loss report before the answer


def test_a_question_with_a_link_gets_the_answer_and_then_the_check(resident, resources):
    out = resident.send("got a message that my electricity will be cut tonight, pay the bill at "
                        "http://power-bill-now.example.invalid. should i open it?")
    said = _said(out)
    assert resources.knowledge.answer("kyc_electricity_bill_sms", "en").splitlines()[0] in said
    assert out.intent == "suspicious_contact"  # the check starts after the answer, the link already in it
    answer_at = next(i for i, text in enumerate(out.texts) if "electricity" in text)
    checked = resources.texts.get("registry_unknown", "en", value="power-bill-now.example.invalid")
    check_at = next((i for i, text in enumerate(out.texts) if checked in text.splitlines()), None)
    assert check_at is not None and check_at > answer_at, out.texts  # the link's check, after the answer


def test_the_issues_child_question_is_answered_with_child_safety_not_elderly_parents(resident, resources):
    out = resident.send("how to protect kids online")
    said = _said(out)
    assert resources.knowledge.answer("child_safety_online", "en").splitlines()[0] in said
    assert "Did you mean" not in said
    assert resources.knowledge.title("elderly_parents_safety", "en") not in said


def test_did_you_mean_offers_topics_on_the_questions_subject(resident, resources):
    out = resident.send("which apps are safe")
    lines = _said(out).splitlines()
    assert "Did you mean:" in lines, lines
    offered = lines[lines.index("Did you mean:") + 1:][:2]
    assert len(offered) == 2 and all("app" in line.lower() or "apk" in line.lower() for line in offered), offered
    out = resident.send("1")
    assert out.intent == "safety_advice" and len(out.texts[0]) > 100
