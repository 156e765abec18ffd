"""A message typed in Latin letters is read against every pack's romanised words (lang/<code>/words/language.yaml,
bot/nlu/language.py): clearly Bengali is answered in Bengali, clearly Urdu in Urdu, and romanised Hindi, which
shares most of its words with romanised Urdu, stays Hindi unless two words Hindi lacks say otherwise."""
import pytest

from bot.config import load_config
from bot.conversation.engine import Engine, load_resources
from bot.nlu.language import language_of
from conftest import Resident

NOT_ENGLISH = ("Act now", "every minute")


def test_a_golden_hour_loss_in_romanised_bengali_gets_1930_first_in_bengali_and_an_urgent_case(engine, resources):
    out = Resident(engine).send("amar account theke taka kete geche")
    assert out.language == "bn"
    first = out.texts[0]
    assert "১৯৩০" in first or "1930" in first
    assert not any(word in first for word in NOT_ENGLISH)
    assert any("\u0980" <= char <= "\u09ff" for char in first)  # written in Bengali script
    assert out.case["priority"] == "urgent"


def test_the_same_loss_in_romanised_hindi_stays_hindi(engine):
    out = Resident(engine).send("mere account se paise nikal gaye")
    assert out.language == "hi"
    assert any("\u0900" <= char <= "\u097f" for char in out.texts[0])
    assert out.case["priority"] == "urgent"


def test_a_loss_told_with_urdu_courtesy_words_is_answered_in_urdu(engine):
    out = Resident(engine).send("shukriya janab, mere account se paise nikal gaye, meherbani karke madad karein")
    assert out.language == "ur"
    first = out.texts[0]
    assert "1930" in first and any("\u0600" <= char <= "\u06ff" for char in first)
    assert out.case["priority"] == "urgent"


@pytest.mark.parametrize("text", [
    "janab mera account hack ho gaya hai",  # one Urdu word among Hindi's: the unit's Hindi
    "shukriya bhai mere paise wapas aa gaye",  # "shukriya" is said in Delhi too
])
def test_one_urdu_word_in_romanised_hindi_is_still_answered_in_hindi(engine, text):
    out = Resident(engine).send(text)
    assert out.language == "hi"


def test_a_unit_offering_urdu_answers_romanised_hindustani_in_urdu(sqlite_engine):
    """Kashmir (config.yaml languages: [en, ur]): the words both share go to the offered pack."""
    config = load_config().model_copy(update={"languages": ["en", "ur"],
                                              "data_dir": sqlite_engine.res.config.data_dir})
    out = Resident(Engine(load_resources(config), sqlite_engine.Session)).send("mere account se paise nikal gaye")
    assert out.language == "ur"
    assert any("\u0600" <= char <= "\u06ff" for char in out.texts[0]) and out.case["priority"] == "urgent"


@pytest.mark.parametrize("text", ["my head ache is bad today", "please help me", "ami", "hello dada"])
def test_english_and_single_words_are_not_read_as_bengali(text):
    assert language_of(text, ("en", "hi")) == "en"


# -- session 11 (residents): romanised Hindi first messages answered in English -----------------------------------------
OPENERS = ["namaste ji", "thagi ho gayi", "loan app se pareshan hu", "cyber crime ki complaint krni h", "sir ek problem hai",
           "mujhe dhamki mil rahi hai", "ek call aaya bank ka", "dhokha hua hai mere saath", "mera phone kho gya",
           "account band karwana hai"]


@pytest.mark.parametrize("text", OPENERS)
def test_romanised_hindi_openers_are_read_as_hindi(text):
    assert language_of(text, ("en", "hi")) == "hi"


@pytest.mark.parametrize("text", ["namaste ji", "loan app se pareshan hu"])
def test_a_romanised_hindi_opener_is_answered_in_hindi(engine, text):
    out = Resident(engine).send(text)
    assert out.language == "hi" and any("\u0900" <= char <= "\u097f" for char in out.texts[-1])


@pytest.mark.parametrize("text", ["please help me", "my account was hacked, I need help", "hello sir, I lost my phone"])
def test_english_openers_stay_english(text):
    assert language_of(text, ("en", "hi")) == "en"
