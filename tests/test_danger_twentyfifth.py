"""Dangers missed by the twenty-fifth blind sets (session 16), read by concept in every pack and tested in other words:
a wish to end everything, a child given a game's "task" or "challenge" to cut, jump or hang, a teenager sextorted
(pictures taken and money or more pictures demanded, an age under 18 said as "a girl, 16"), lewd comments on a young
child's photo. Each is urgent with the danger action (112) first; an adult's sextortion with no danger stays high."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from bot.nlu import triage
from conftest import Resident

NOW = datetime(2026, 11, 27, 4, 30, tzinfo=timezone.utc)  # 10:00 in India

WISH_TO_END = {
    "hi-latn": "teen din se wo ladka photo ke liye dhamka raha hai, ab lagta hai sab khatam kar lu",
    "hi": "दो दिन से ब्लैकमेल हो रहा हूँ, मन करता है सब खत्म कर दूँ",
    "hi-latn-2": "loan app wale roz gaali dete hai, ab jeene ka dil nahi karta",
    "en": "they keep sending my morphed photo to my contacts, honestly i feel like ending everything",
    "bn": "ওরা রোজ ভয় দেখাচ্ছে, আর বাঁচতে ইচ্ছে করে না",
    "bn-latn": "ora roj bhoy dekhacche, mone hoy sob shesh kore di",
    "ur": "ہر روز دھمکیاں آتی ہیں، دل کرتا ہے سب ختم کر لوں",
    "ur-latn": "roz dhamkiyan aati hain, jeene ko dil nahi karta",
}
CHILD_TASK = {
    "en": "my son is 12 and a player in free fire gives him tasks, the last task is to cut his hand with a blade tonight",
    "hi-latn": "mere bete ko ek online game me task de rahe hai, aaj ka task hai apna haath kaat ke photo bhejo",
    "hi": "बेटी 13 साल की है, कोई गेम का टास्क दे रहा है कि छत से कूदने को बोल रहा है",
    "bn": "আমার মেয়েকে একটা অনলাইন গেমে টাস্ক দিচ্ছে, ছাদ থেকে লাফ দিতে বলছে",
    "bn-latn": "amar chele ke ekta game e task dicche, haat katte bolche",
    "ur": "میرے بیٹے کو کوئی گیم کا ٹاسک دے رہا ہے، اپنا ہاتھ کاٹ کر تصویر بھیجنے کو کہا",
}
TEEN_SEXTORTED = {
    "en": "im a boy, 15. a girl on insta has my photos and is asking for money or she posts them",
    "en-2": "my daughter in class 9 sent pics to someone, now he is demanding money for those photos",
    "hi-latn": "meri beti 16 saal ki hai, kisi ne uski photo le li aur ab paise maang raha hai",
    "bn": "আমার ১৬ বছরের ছেলের ছবি নিয়ে কেউ টাকা চাইছে",
    "ur": "میری سولہ سال کی بیٹی کی تصویریں لے کر کوئی پیسے مانگ رہا ہے",
}
CHILD_PHOTO_LEWD = {
    "en": "someone took my 7 year old daughter's photo from facebook and the page has lewd comments on it",
    "hi": "मेरी 9 साल की बेटी की फोटो किसी पेज पर डाली है और उस पर गंदे कमेंट हैं",
    "hi-latn": "beti 6 saal ki hai, uski photo ek group me daali hai aur log gande comments likh rahe hai",
    "bn": "আমার ৮ বছরের মেয়ের ছবি একটা পেজে দিয়েছে, নিচে নোংরা মন্তব্য",
    "ur": "میری ۸ سال کی بیٹی کی تصویر کسی نے ڈال دی، اس پر گندے کمنٹس ہیں",
}
TEEN_PHOTO_COMMENTED = [  # a teenager's photo commented on is harassment, as the used sets label it
    "my daughter is in class 10 and boys keep writing dirty comments under her photos",
    "beti 9th class me hai, uski photo pe koi gandi comments kar raha hai",
]
ADULT_SEXTORTION = [
    "a woman recorded my video call and now she is asking for money, i am 34",
    "kisi ne meri photo le li aur ab paise maang raha hai, main 28 saal ka hoon",
]


def read(text):
    return triage.read(text, NOW)


@pytest.mark.parametrize("style", WISH_TO_END)
def test_a_wish_to_end_everything_is_self_harm(style):
    assert "self_harm" in read(WISH_TO_END[style]).danger


@pytest.mark.parametrize("style", CHILD_TASK)
def test_a_childs_game_task_to_hurt_himself_is_danger(style):
    danger = read(CHILD_TASK[style]).danger
    assert "self_harm_other" in danger or "self_harm" in danger, danger


@pytest.mark.parametrize("style", TEEN_SEXTORTED)
def test_a_teenager_sextorted_is_a_child_in_danger(style):
    danger = read(TEEN_SEXTORTED[style]).danger
    assert {"child", "child_abuse"} & set(danger), danger


@pytest.mark.parametrize("style", CHILD_PHOTO_LEWD)
def test_lewd_comments_on_a_childs_photo_are_child_abuse(style):
    assert "child_abuse" in read(CHILD_PHOTO_LEWD[style]).danger


@pytest.mark.parametrize("text", TEEN_PHOTO_COMMENTED)
def test_dirty_comments_on_a_teenagers_photo_are_no_danger(text):
    assert not read(text).danger


@pytest.mark.parametrize("text", ADULT_SEXTORTION)
def test_an_adults_sextortion_with_no_danger_is_not_urgent(text):
    got = read(text)
    assert not got.danger and not got.urgent


@pytest.mark.parametrize("text, kind", [
    (WISH_TO_END["hi-latn"], "self_harm"), (CHILD_PHOTO_LEWD["bn"], "child_abuse")])
def test_the_first_reply_is_the_danger_action(engine, text, kind):
    out = Resident(engine, sender="+919812345670").send(text)
    assert "112" in out.texts[0], out.texts[0]
    assert out.case["priority"] == "urgent"
    if kind == "self_harm":
        assert "14416" in out.texts[0]
