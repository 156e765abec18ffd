"""Session 12, issue 11 (s12-intent): the seventeenth sets' false "urgent" flags and wrong first intents, fixed by
concept in the packs' words (lang/<code>/words/triage.yaml, questions.yaml) and told here in new sentences, through
the real engine: a loan in the writer's name or one taken and repaid, a lottery fee asked and not paid, whether money
"comes back" asked in general, goods taken against a fake payment with no time said, a forward asked about, a feeling
that lasts beside "is digital arrest real?" open no urgent case; each concept has a message beside it that stays
urgent. Every sentence here was written for this file."""
from __future__ import annotations

import pytest

from conftest import NOW, Resident

NOT_URGENT = [
    # a loan taken out in the writer's name: no money of theirs gone (both scripts, Urdu, Bengali)
    "kisi ne mere PAN se mere naam par loan le liya, bank ka notice aaya hai, maine kabhi loan nahi liya",
    "मेरे नाम पे किसी ने ऐप से लोन ले लिया, अब रिकवरी वाले फोन कर रहे हैं",
    "someone took a personal loan in my name using my aadhaar, the bank is sending me notices",
    "میرے نام سے کسی نے لون لے لیا ہے، بینک والے فون کر رہے ہیں",
    # a loan the writer took from an app and repaid, now harassed
    "maine loan app se 2000 liya tha, 5000 wapas de diya, ab bhi mere rishtedaron ko gaali wale msg bhej rahe",
    "লোন অ্যাপ থেকে ২০০০ টাকা নিয়েছিলাম, শোধ করেছি, এখন আমার বন্ধুদের খারাপ মেসেজ পাঠাচ্ছে",
    # a fee asked for a prize, not paid: asked whether to pay
    "ek call aaya lottery me 10 lakh jeete ho, 8000 tax bhejo bol raha, bheje ki nahi?",
    # whether money comes back, asked in general in the habitual
    "kya online fraud me gaya paisa wapas mil jata hai?",
    # goods taken against a fake payment screenshot, its time not said
    "meri mobile shop pe ek ladka fake payment ka screenshot dikha ke chala gaya, 6000 ka samaan le liya",
    # a forward about kidnappers asked about
    "group me ye msg aaya: bachcha chor gang kidnapping kar rahi hai, share to all groups. kya ye sach hai?",
    # a lasting feeling is no moment: a digital arrest asked about in general
    "is digital arrest a real thing? my uncle got such a call last week and he is still scared",
]

URGENT = [
    # a loss with its time not said stays urgent beside a loan word
    "loan ke naam pe processing fee 4000 le liye aur ab phone band hai",
    # goods against a fake payment, said within the hour, stays urgent (the sets label it so)
    "ek customer fake screenshot dikha ke 9000 ka samaan le gaya, 10 minute pehle ki baat hai",
    # a kidnapping told by the writer (no forward) stays a danger
    "mera 10 saal ka beta school se nahi lauta, kisi ne call karke bola bachcha hamare paas hai, 5 lakh do",
]


@pytest.mark.parametrize("text", NOT_URGENT)
def test_a_first_message_with_no_money_of_the_writers_gone_opens_no_urgent_case(engine, text):
    out = Resident(engine).send(text)
    assert not (out.case and out.case["priority"] == "urgent"), out.texts


@pytest.mark.parametrize("text", URGENT)
def test_beside_each_concept_an_urgent_message_stays_urgent(engine, text):
    out = Resident(engine).send(text)
    assert out.case and out.case["priority"] == "urgent", out.texts


def test_asked_whether_the_helpline_is_the_police_the_welcome_says_who_we_are(engine):
    out = Resident(engine).send("kya aap log sach me police ho?")
    assert not out.case
    assert "Cyber Sahayak" in " ".join(out.texts) or "साइबर सहायक" in " ".join(out.texts)
    assert not any("कॉल काटें" in t or "cut the call" in t.lower() for t in out.texts)


def test_an_offer_received_and_not_paid_is_checked_not_only_advised(resources):
    clf = resources.classifier
    result = clf.classify("telegram pe hotel review ka kaam ka offer aaya, 100 rs per review. ye sach hai ya fraud? "
                          "maine koi paisa nahi diya", NOW)
    assert result.intent == "suspicious_contact" and not result.urgent
