"""A first message that asks for help or states a problem is answered in its own language, at once."""
import pytest

from conftest import Resident

LANGUAGE_QUESTION = ("1 for English, 2 for हिंदी", "English के लिए 1")


@pytest.mark.parametrize("first, language, expected", [
    ("HELP money stolen", "en", "When did the money leave your account"),
    ("madad chahiye mera insta hack ho gaya", "hi", "अकाउंट कब से नहीं खुल रहा"),
    ("मदद करो", "hi", "1. पैसों की धोखाधड़ी की शिकायत"),
    ("please help me", "en", "1. Report money fraud"),
    ("bachao koi mujhe dhamki de raha hai", "hi", "क्या अभी कोई ख़तरे में है"),
])
def test_help_comes_in_the_language_of_the_first_message(engine, first, language, expected):
    out = Resident(engine).send(first)
    text = "\n".join(out.texts)
    assert out.language == language
    assert not any(question in text for question in LANGUAGE_QUESTION)
    assert expected in text


def test_a_greeting_alone_still_asks_the_language(engine):
    out = Resident(engine).send("hello")
    assert any(question in "\n".join(out.texts) for question in LANGUAGE_QUESTION)
