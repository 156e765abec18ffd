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


def _offering(sqlite_engine, languages):
    """The engine of a unit offering ``languages`` in its language menu (config.yaml languages:)."""
    import dataclasses

    from bot.conversation.engine import Engine

    resources = sqlite_engine.res
    config = resources.config.model_copy(update={"languages": languages})
    return Engine(dataclasses.replace(resources, config=config), sqlite_engine.Session)


@pytest.mark.parametrize("languages, first, hint", [
    (["en", "hi"], "HELP money stolen", "(Reply LANGUAGE at any time to switch to हिंदी.)"),
    (["en", "hi", "bn"], "HELP money stolen", "(Reply LANGUAGE at any time to switch to हिंदी, বাংলা.)"),
    (["en", "hi", "bn", "ur"], "madad chahiye mera insta hack ho gaya",
     # told in Latin letters: the hint in Latin letters too (session 9), the languages by their English names (CLDR)
     "(Jawab Hindi mein hai. Angrezi (English) ya koi aur bhasha chahiye to kabhi bhi LANGUAGE likhein: English, Bangla, Urdu.)"),
])
def test_the_language_hint_names_the_other_offered_languages(sqlite_engine, languages, first, hint):
    out = Resident(_offering(sqlite_engine, languages)).send(first)
    assert hint in out.texts


def test_no_language_hint_when_only_one_language_is_offered(sqlite_engine):
    out = Resident(_offering(sqlite_engine, ["en"])).send("HELP money stolen")
    assert not any("LANGUAGE" in text for text in out.texts) and out.language == "en"
