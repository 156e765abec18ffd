"""Simple mode (issue 7): registered seniors, and anyone who asks, never see more than four numbered choices,
across whole conversations; "0" reaches a person at any time; no links unless asked. SQLite and PostgreSQL."""
from __future__ import annotations

import itertools

import pytest
from sqlalchemy import select

from bot.outreach import simple
from bot.messages import Media
from bot.store.models.cases import Case
from bot.store.models.residents import Contact, Conversation
from conftest import Resident
from test_households import OGG, RESIDENT, add_officers, numbered, register

ANSWERS = {"yesno": "2", "amount": "5000", "time": "yesterday 3 pm", "phone": "same", "text": "a man called me",
           "name": "Kamala Devi", "district": "110055", "media": "done", "bank": "sbi", "utr": "skip",
           "target": "skip", "imei": "skip", "last_digits": "skip", "ack_number": "skip"}
OPENINGS = [
    ["1"], ["2"], ["3"], ["4"], ["0"], ["3", "4"], ["3", "4", "4"], ["3", "4", "2"], ["3", "1"], ["3", "2"],
    ["1", "yesterday", "4"], ["1", "yesterday", "4", "4"], ["1", "yesterday", "4", "4", "4"],
    ["mere account se paise kat gaye kal"], ["someone is blackmailing me with my photos"],
    ["my whatsapp was hacked"], ["a man called saying he is from cbi, digital arrest"], ["my phone was stolen"],
    ["safety tips"], ["how can I stay safe from otp fraud"], ["stalker is harassing me on instagram"],
    ["HELP"], ["LANGUAGE", "1"], ["asdf qwer", "zxcv"], ["MENU"], ["is this number a fraud 9876543210"],
]


def check(out, where: str) -> None:
    for reply in out.replies:
        assert numbered(reply.text) <= simple.MAX_CHOICES, f"{where}: {reply.text!r}"
        assert len(reply.choices) <= simple.MAX_CHOICES, f"{where}: {reply.choices!r}"


def answer_for(engine, out, digits) -> str:
    """What a resident replies next: a digit for a choice, a plausible answer for any other question."""
    if out.flow and out.node and out.flow in engine.res.flows:
        node = engine.res.flows[out.flow].nodes.get(out.node)
        if node is not None and node.expect:
            return next(digits) if node.expect == "choice" else ANSWERS[node.expect]
    return next(digits)


@pytest.mark.parametrize("language", ["hi", "en"])
def test_simple_mode_never_shows_more_than_four_choices_in_whole_conversations(engine, language):
    add_officers(engine)
    register(engine, family_number="", language=language)
    resident = Resident(engine, sender=RESIDENT)
    check(resident.send("1"), "welcome reply")
    for n, opening in enumerate(OPENINGS):
        digits = itertools.cycle(["1", "4", "2", "3"])
        out = None
        for text in ["MENU", *opening]:
            out = resident.send(text)
            check(out, f"{opening} / {text}")
        for step in range(30):
            if not out.flow and step > 2:
                break
            text = answer_for(engine, out, digits)
            out = resident.send(text)
            check(out, f"{opening} step {step} / {text}")
        with engine.Session.begin() as s:  # release any case, so the next conversation is the bot's again
            for case in s.scalars(select(Case).where(Case.status != "closed")):
                case.status = "closed"
    voice = resident.send("", media=(Media("audio/ogg", data=OGG),))
    check(voice, "voice note")


def test_zero_reaches_a_person_at_any_time(engine):
    add_officers(engine)
    register(engine, family_number="")
    resident = Resident(engine, sender=RESIDENT)
    resident.send("1")
    resident.send("1")  # "I lost money": in the middle of a report
    out = resident.send("0")
    assert out.case is not None and out.case["priority"] == "high" and out.flow is None
    ordinary = Resident(engine, sender="+919877777777", phone="+919877777777")
    ordinary.send("hello")
    ordinary.send("1")
    assert ordinary.send("0").case is None  # outside simple mode "0" is not a command


def test_anyone_may_ask_for_simple_mode_and_leave_it(engine):
    resident = Resident(engine, sender="+919877777777", phone="+919877777777")
    resident.send("hello")
    resident.send("2")  # हिंदी
    out = resident.send("सरल")
    assert "सरल मोड चालू है" in out.texts[0] and numbered(out.texts[1]) == 4
    with engine.Session() as s:
        assert s.scalar(select(Contact.simple_mode).where(Contact.sender == "+919877777777"))
    out = resident.send("MENU")
    assert numbered(out.texts[0]) == 4
    out = resident.send("full menu")
    assert numbered(out.texts[-1]) == 6
    assert numbered(resident.send("simple mode").texts[-1]) == 4


def test_a_long_choice_list_is_paged_and_read_against_the_page_shown(engine):
    add_officers(engine)
    register(engine, family_number="", language="en")
    resident = Resident(engine, sender=RESIDENT)
    resident.send("1")
    resident.send("1")  # I lost money
    first = resident.send("yesterday 3 pm").texts[-1]
    assert "1. UPI" in first and "4. More" in first and "Wallet" not in first
    second = resident.send("4").texts[-1]
    assert "1. Wallet" in second and "2. I shared an OTP" in second and "4. More" in second
    with engine.Session() as session:  # the page is simple mode's own typed state, not a hidden report field
        conv = session.scalars(select(Conversation).join(Contact, Conversation.contact_id == Contact.id)
                               .where(Contact.sender == RESIDENT)).one()
        assert conv.pending["choice_page"]["page"] == 1 and "_page" not in conv.fields
    out = resident.send("2")
    assert out.incident["method"] == "otp"
    assert "_page" not in out.incident


def test_no_links_unless_asked(engine):
    add_officers(engine)
    register(engine, family_number="", language="en")
    resident = Resident(engine, sender=RESIDENT)
    resident.send("1")
    out = resident.send("how do I file a complaint on the cyber crime portal")
    assert not any("https://" in t for t in out.texts) and any("reply LINK" in t for t in out.texts)
    links = resident.send("LINK")
    assert "https://cybercrime.gov.in" in links.texts[0]
    asked = resident.send("how do I file a complaint on the cyber crime portal, send the link")
    assert any("https://" in t for t in asked.texts)
