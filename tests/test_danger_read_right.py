"""Danger to life read right (a strangers' trial, session 8), in every pack: a death threat over money is danger to life
and extortion (112 first, then the harassment report, or the money report when money left), sextortion only when
intimate photos or videos are the lever; someone else at risk of self-harm is answered with how to help them (stay
with them, 112, Tele-MANAS, KIRAN), not as if the writer were at risk; a child in danger gets 112 first and an urgent
case. Every sentence here was written for this file."""
from __future__ import annotations

import pytest

from conftest import Resident

DEATH_THREAT_OVER_MONEY = {
    "en": "they called again: pay 50000 by tonight or we will kill your husband",
    "hi-latn": "phone karke bol rahe hain 1 lakh do warna jaan se maar denge",
    "hi": "वो कह रहे हैं पचास हज़ार दो वरना जान से मार देंगे",
    "bn": "ফোন করে বলছে টাকা দাও নইলে তোমাকে খুন করব",
    "ur": "فون پر کہہ رہے ہیں پیسے دو ورنہ جان سے مار دیں گے",
}

SOMEONE_ELSE_SELF_HARM = {
    "en": "my father will end his life",
    "hi-latn": "meri maa ne kaha wo jaan de degi",
    "hi": "मेरा भाई कह रहा है कि वो खुदकुशी कर लेगा",
    "bn": "আমার বোন বলছে সে আত্মহত্যা করবে",
    "ur": "میری بہن کہہ رہی ہے کہ وہ خودکشی کر لے گی",
}

CHILD_IN_DANGER = {
    "en": "someone is threatening my 14 year old daughter to meet him alone",
    "hi-latn": "koi bachche ko kidnap karne ki dhamki de raha hai",
    "hi": "कोई मेरी 13 साल की बेटी को मिलने के लिए धमका रहा है",
    "bn": "কেউ আমার ১৪ বছরের মেয়েকে দেখা করার জন্য হুমকি দিচ্ছে",
    "ur": "کوئی میرے بچے کو اغوا کرنے کی دھمکی دے رہا ہے",
}


def pack(style: str) -> str:
    return style.split("-")[0]


@pytest.mark.parametrize("style", DEATH_THREAT_OVER_MONEY)
def test_a_death_threat_over_money_is_112_first_and_a_harassment_report_not_sextortion(engine, style):
    out = Resident(engine).send(DEATH_THREAT_OVER_MONEY[style])
    assert "112" in out.texts[0]
    assert engine.res.texts.get("action_danger_life", pack(style)) in out.texts[0]
    assert out.flow == "harassment" and out.incident["category"] == "harassment"
    assert out.case["priority"] == "urgent"


def test_sextortion_only_when_intimate_photos_or_videos_are_the_lever(engine):
    out = Resident(engine).send("he recorded my private video and says pay 20000 or he will kill me")
    assert "112" in out.texts[0] and out.flow == "sextortion" and out.case["priority"] == "urgent"
    out = Resident(engine, sender="+919812340001").send(
        "usne mera video bana liya hai, paise do warna jaan se maar dega")
    assert "112" in out.texts[0] and out.flow == "sextortion"
    # a fake officer on a video call is no photo held over the resident
    out = Resident(engine, sender="+919812340002").send("a CBI officer on video call says pay 50000 or we will kill you")
    assert "112" in out.texts[0] and out.flow == "harassment"


def test_a_death_threat_after_money_left_is_112_and_1930_then_the_money_report(engine):
    out = Resident(engine).send("I sent him 20000 ten minutes ago and now he says he will kill my family if I don't pay more")
    assert "112" in out.texts[0] and "1930" in out.texts[0]
    assert out.flow == "financial_fraud" and out.case["priority"] == "urgent"


@pytest.mark.parametrize("style", SOMEONE_ELSE_SELF_HARM)
def test_someone_else_at_risk_of_self_harm_is_told_how_to_help_them(engine, style):
    out = Resident(engine).send(SOMEONE_ELSE_SELF_HARM[style])
    first, texts = out.texts[0], engine.res.texts
    assert texts.get("action_danger_self_harm_other", pack(style)) in first
    assert texts.get("action_danger_self_harm", pack(style)) not in first  # not "if you might hurt yourself"
    assert "112" in first and "14416" in first and "1800-599-0019" in first
    assert out.flow == "danger" and out.case["priority"] == "urgent"


@pytest.mark.parametrize("text, style", [("I want to kill myself", "en"), ("मैं खुदकुशी कर लूंगा", "hi"),
                                         ("আমি আত্মহত্যা করব", "bn"), ("میں خودکشی کر لوں گا", "ur")])
def test_the_writers_own_self_harm_answer_is_as_before(engine, text, style):
    out = Resident(engine).send(text)
    assert engine.res.texts.get("action_danger_self_harm", style) in out.texts[0]
    assert engine.res.texts.get("action_danger_self_harm_other", style) not in out.texts[0]
    assert out.case["priority"] == "urgent"


def test_both_at_risk_hear_both(engine):
    out = Resident(engine).send("my daughter says she wants to die, and I want to die too")
    for key in ("action_danger_self_harm", "action_danger_self_harm_other"):
        assert engine.res.texts.get(key, "en") in out.texts[0]


@pytest.mark.parametrize("style", CHILD_IN_DANGER)
def test_a_child_in_danger_gets_112_first_and_an_urgent_case(engine, style):
    out = Resident(engine).send(CHILD_IN_DANGER[style])
    first = out.texts[0]
    assert "112" in first and "1098" in first
    assert engine.res.texts.get("action_danger_child", pack(style)) in first
    assert out.flow == "danger" and out.case["priority"] == "urgent"


def test_a_threat_to_life_told_at_once_is_not_asked_what_is_happening(engine):
    out = Resident(engine).send("pay 50000 or we will kill your son")
    assert out.flow == "harassment" and out.node == "platform"  # the kind is threats: the next question is where
    assert out.incident["kind"] == "threats"
