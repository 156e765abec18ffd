"""The menu works by words as well as by digits (a resident's pass found "report money fraud" answered with the
status of a complaint): a menu line typed at the menu, in the resident's language or another offered one, gets
that line; a digit the language question does not offer is asked again, never read as the menu's digit."""
from __future__ import annotations

import pytest

from conftest import Resident


def at_menu(sqlite_engine, language: str = "1") -> Resident:
    resident = Resident(sqlite_engine)
    resident.send("hi")
    resident.send(language)  # 1 English, 2 हिंदी: the menu follows
    return resident


@pytest.mark.parametrize("typed, expected", [
    ("report money fraud", "When did the money leave your account"),
    ("I want to report money fraud", "When did the money leave your account"),
    ("Report another cyber crime", "What happened?"),
    ("reprot money fraud", "When did the money leave your account"),  # a typo
    ("talk to an officer", "I have asked an officer"),
    # the Hindi line typed in an English chat: read, and answered in Hindi since session 11 (a resident who writes 3+
    # words in another pack's own script is answered in it, s11-resfix-b)
    ("पैसों की धोखाधड़ी की शिकायत", "पैसे आपके खाते से कब कटे"),
])
def test_a_menu_line_typed_in_words_gets_that_line(sqlite_engine, typed, expected):
    out = at_menu(sqlite_engine).send(typed)
    text = "\n".join(out.texts)
    assert expected in text
    assert "could not find a complaint" not in text


def test_the_hindi_menu_line_in_hindi(sqlite_engine):
    out = at_menu(sqlite_engine, "2").send("पैसों की धोखाधड़ी की शिकायत")
    # the money report in Hindi: 1930 first, then its first question (the "or" this replaced hid that the question's
    # wording had moved from "कब गए" to "कब कटे")
    assert out.flow == "financial_fraud" and out.node == "when" and "1930" in out.texts[0]
    assert "पैसे आपके खाते से कब कटे?" in out.texts[-1]


def test_a_story_with_a_menu_line_inside_is_read_as_a_story(sqlite_engine):
    out = at_menu(sqlite_engine).send("report money fraud, my uncle's account was emptied last month by a fake loan app")
    assert out.flow == "financial_fraud"
    assert "loan" in str(out.incident.get("method", "")) or out.incident.get("money_lost")


def test_a_digit_the_language_question_does_not_offer_asks_again(sqlite_engine):
    resident = at_menu(sqlite_engine)
    resident.send("language")
    out = resident.send("5")  # only 1 to 4 are offered (en, hi, bn, ur)
    assert "Please choose your language" in "\n".join(out.texts)
    assert out.flow is None
    assert resident.send("2").language == "hi"


@pytest.mark.parametrize("digit, language, words", [("3", "bn", "টাকার প্রতারণার অভিযোগ"),
                                                     ("4", "ur", "زبان اردو منتخب")])
def test_the_language_menu_offers_every_shipped_pack(sqlite_engine, digit, language, words):
    resident = at_menu(sqlite_engine)
    shown = "\n".join(resident.send("language").texts)
    assert all(name in shown for name in ("English", "हिंदी", "বাংলা", "اردو"))
    out = resident.send(digit)
    assert out.language == language
    assert out.flow is None and words in "\n".join(out.texts)
    later = resident.send("menu")  # the chosen language stays: the menu again, in it
    assert later.language == language


@pytest.mark.parametrize("language, word, expected", [
    ("1", "upi", "you never need to enter your UPI PIN"),  # "Did you mean" answered in words, not the digit
    ("2", "ओटीपी", "OTP, UPI PIN, ATM PIN, CVV या पासवर्ड किसी को भी न बताएं"),
])
def test_did_you_mean_answered_in_words(sqlite_engine, language, word, expected):
    resident = at_menu(sqlite_engine, language)
    resident.send("4")  # safety advice: the popular topics, numbered
    out = resident.send(word)
    assert expected in "\n".join(out.texts)
    assert out.flow is None  # never a report
