"""A threat going on, told and then asked about ("what do I do?", "should I pay?", "is this harassment under law?"),
gets its topic's advice first and then one line offering the report; "1" starts that report filled in from the
message. Told with no question, it is the report at once (issue 11, session 12). Messages written apart from every set.
"""
from __future__ import annotations

import pytest


def _said(out) -> str:
    return "\n".join(out.texts)


@pytest.mark.parametrize("message, topic, language", [
    ("a man I met online says he recorded our video chat and wants 15000 or he sends it to my office. should I pay? "
     "I have not paid him", "sextortion_dos_donts", "en"),
    ("mera purana dost dhamki de raha hai ki meri photos edit karke insta pe daal dega. abhi kuch daala nahi hai. "
     "kya karu", "morphed_photos_image_abuse", "hi"),  # romanised Hindi is answered in Hindi
])
def test_a_threat_asked_about_gets_the_advice_then_the_offer_to_report(resident, resources, message, topic, language):
    out = resident.send(message)
    said = _said(out)
    answer = resources.knowledge.answer(topic, language)
    assert answer.splitlines()[0] in said, said  # the topic's advice (don't pay, keep evidence) ...
    offer = resources.texts.get("report_offer", language)
    assert out.texts[-1] == offer  # ... and last, one line offering the report
    assert not out.case  # nothing filed on a question
    out = resident.send("1")
    assert out.intent in ("sextortion", "harassment"), out.texts  # the report starts, filled in from the message


def test_anything_but_1_after_the_offer_is_read_as_a_new_message(resident, resources):
    resident.send("my classmate keeps messaging me at night from new numbers after I blocked him. "
                  "is this harassment under law?")
    out = resident.send("how do I make my instagram private")
    assert out.intent == "safety_advice" and resources.texts.get("report_offer", "en") not in _said(out)


def test_the_same_threat_told_with_no_question_is_the_report(resident, resources):
    out = resident.send("a man I met online recorded our video chat and wants 15000 or he sends it to my office")
    assert out.intent == "sextortion"
    assert resources.texts.get("report_offer", "en") not in _said(out)
