"""Session 19 (s19-urg, issues 11 and 13, "no urgent message missed"): the twenty-ninth sets' urgent misses and
session 18's in-sample leftovers, fixed by concept in the packs' words (lang/<code>/words/triage.yaml) and triage.read:
self-harm said by the means at hand (poison, sleeping pills, a rope held, bought or kept ready; the writer on a roof's
edge or a railway track now), a threat to carry someone away said by the one who threatens, a relative on the call
with the callers who asked him to install an app (after a pasted scam text), the victim unable to tell when the money
was sent, a bare debit right after its amount, a school class named by a grown-up writer, hours on the phone said in
one word. Each concept in the languages where it applies; sentences written for this file in other words than the
sets'. Each concept's tests fail on main b91167b8 (their neighbours pass on both)."""
from __future__ import annotations

import pytest

from tests.test_urgency_nineteenth import _acts_first
from tests.triage_reading import concept_cases, read  # at 10:00 in India, a Friday


CONCEPTS = {
    # self-harm said by the means at hand, not by a wish to die (harm_means, means_held, holding_means)
    "means_at_hand": [
        ("en", "they leaked my chats to my office. i have a rope ready"),
        ("en", "i kept a noose ready in my room, nobody will miss me"),
        ("en", "nobody believes me anymore, the pills are here with me"),
        ("hi-latn", "loan wale roz gaali dete hai, maine zeher khareed liya hai"),
        ("hi-latn", "mere pass rassi hai, ab aur nahi jhel sakta"),
        ("hi-latn", "bhai video viral kar diya, rassi la ke rakhi hai"),
        ("hi", "मेरे पास ज़हर है, अब बर्दाश्त नहीं होता"),
        ("hi", "मेरे पास नींद की गोलियां हैं, अब कुछ नहीं बचा"),
        ("bn", "আমার কাছে ঘুমের ওষুধ আছে, আর পারছি না"),
        ("bn-latn", "loan app er lokera sobaike phone korche, ami bish kine enechi"),
        ("ur", "میرے پاس زہر ہے، اب برداشت نہیں ہوتا"),
        ("ur-latn", "sab ko meri video bhej di, maine zehar khareed liya hai"),
    ],
    # the writer at the place of a fall or a train now (self_harm): the means at hand said by the place
    "place_of_a_fall": [
        ("en", "they sent my video to my whole college. i am standing on the roof of the hostel"),
        ("en", "i am on the bridge, going to jump"),
        ("hi-latn", "main chhat pe khada hun, sab khatam ho gaya"),
        ("hi-latn", "main railway track pe baitha hun, video sabko bhej diya"),
        ("bn-latn", "ami rail line er upor boshe achi, ar parchi na"),
        ("ur", "میں چھت کے کنارے کھڑا ہوں، سب ختم"),
    ],
    # a threat to carry someone away, said by the one who threatens (kidnap)
    "abduct_threat": [
        ("hi-latn", "padosi ka ladka meri saheli ko bolta hai utha ke le jayenge"),
        ("hi-latn", "ek larka meri behan ko kehta hai utha kar le jaunga"),
        ("hi", "एक लड़का मेरी बहन को धमका रहा है कि उठा के ले जाऊंगा"),
        ("en", "someone keeps messaging my sister on snapchat that he will take her away from her hostel"),
        ("ur", "ایک لڑکا میری بہن کو کہتا ہے اٹھا کے لے جاؤں گا"),
        ("bn-latn", "ekta chele amar bon ke bolche uthiye niye jabo"),
    ],
    # a relative the callers asked to install an app, on the call with them (app_asked_other with on_call), after a
    # pasted scam text or not
    "relative_installing_on_call": [
        ("en", "URGENT: your SBI account is suspended, update PAN at this number. - my dad got this, he called and they "
               "told him to install an app, he is on the call"),
        ("en", "my mother called the courier number and they told her to install an app, she is on the call"),
        ("hi-latn", "papa ne number pe call kiya, unko ek app install karne ko bola, wo call pe hai"),
    ],
    # the victim unable to tell when the money was sent, though how long the threats went on is said (when_unknown;
    # English and Urdu read it so on main already)
    "cannot_tell_when": [
        ("hi-latn", "meri nani ko 2 hafte se CBI wala call karke daraata tha, unhone 5 lakh transfer kar diye, kab kiye ye bata nahi pa rahi"),
        ("hi", "दादी को 3 दिन से कोई पुलिस वाला धमका रहा था, उन्होंने 2 लाख भेज दिए, कब भेजे ये बता नहीं पा रहे"),
    ],
    # a school class said by a grown-up writer names a child (school_class)
    "school_class_by_a_teacher": [
        ("en", "i am a school principal, a boy from 8th class told me a man on instagram wants his pics and to meet him"),
        ("en", "i am a teacher, a girl of class 6 says an adult on snapchat keeps asking for her photos"),
    ],
    # hours on the phone said in one word with the number (on_call, "*ঘণ্টা ধরে ফোনে")
    "hours_on_the_phone_in_one_word": [
        ("bn", "বাবা দেড়ঘণ্টা ধরে ফোনে কথা বলছেন, বলছে সিবিআই অফিসার"),
    ],
}

CASES = concept_cases(CONCEPTS)


@pytest.mark.parametrize("text", CASES)
def test_the_triage_reads_it_urgent(text):
    assert read(text).urgent, text


@pytest.mark.parametrize("text", [
    "i cant take this anymore. they are calling everyone in my contacts. i have the rope with me",
    "mere paas zeher hai, video delete karwa do please",
    "chacha ne wo number milaya, unko ek app download karne ko bola, wo call pe hain",
    "mohalle ka ladka meri saheli ko raste me rokta hai aur kehta hai utha kar le jaunga",
    "ammi ko 3 din se koi ED wala dhamka raha tha, unhone 6 lakh bhej diye, kab bheje ye bata nahi pa rahe",
])
def test_the_case_is_urgent_and_the_first_reply_is_the_action(resident, text):
    out = resident.send(text)
    assert out.case and out.case["priority"] == "urgent", out.texts[:2]
    assert _acts_first(out), out.texts[:2]


# a bare debit right after its amount is money gone (class went), not a card's name after it (went_not_before)
@pytest.mark.parametrize("text", [
    "bank theke sms elo 20000 debit, ekhuni",
    "abhi 12000 deduct hua account se",
    "got an sms just now, 15000 debit from my account",
])
def test_a_bare_debit_after_its_amount_is_a_loss(text):
    found = read(text)
    assert found.loss and found.urgent


@pytest.mark.parametrize("text", [
    # pills ordered online, or a tablet that is a device; a bullet (goli) is no means held
    "i bought diet pills from an instagram page, never delivered, how do i complain",
    "mere paas koi proof nahi hai, bas uski chat ka screenshot hai",
    "maine suna hai zeher wale scam calls aate hai, ye kya hai",
    "my tablet was stolen from my car, my email is logged in on it",
    # the writer asked to install, deciding themselves; a relative's call that ended
    "they asked him to download an app yesterday, he hung up and blocked them",
    # a roof or a railway track that is only where something happened
    "i was on the roof when i noticed my phone was stolen",
    "railway track ke paas mera phone gir gaya tha, ab mil nahi raha",
    # a teacher asking in general; two debit cards
    "i am a teacher. how do i teach class 7 students about online safety?",
    "i have 2 debit cards, how do i set a limit on one",
])
def test_their_neighbours_stay_below_urgent_in_the_triage(text):
    found = read(text)
    assert not (found.danger or found.live_call or found.loss), found
