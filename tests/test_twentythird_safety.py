"""Safety questions the twenty-third blind set read as reports (issue 11), closed by concept in every pack and tested
with other wordings: a thing received and asked about before it is given ("bata du?", "should I share it?"), a caller
on the line asked "is this real?", a colleague's or a brother's friend's trouble, what to take care of or what to
tell a child, what kind of crime it is, "can it be unblocked", "is this link safe?". Each gets its topic's answer
(or "Did you mean" with it), never a report's first question; a caller still on the line stays urgent."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from bot.nlu.topics import reply_for

NOON = datetime(2026, 11, 30, 6, 30, tzinfo=timezone.utc)  # noon in India


def _answered(resources, message, topic):
    """``message`` gets ``topic``'s answer (or one of ``topic``'s when two serve it) or "Did you mean" with it, never
    a report flow."""
    result = resources.classifier.classify(message, NOON)
    reply = reply_for(result, resources.knowledge)
    assert reply.kind in ("answer", "offer"), (result.intent, result.question, result.topics)
    topics = {topic} if isinstance(topic, str) else set(topic)
    assert topics & set(reply.topics), (reply, result.topics)
    return result


@pytest.mark.parametrize("message", [
    "bank se call chal raha hai abhi, bol rahe hain jo OTP aaya hai wo batana padega warna card band. bata du kya?",
    "कॉल अभी चालू है, बैंक वाला कह रहा है मोबाइल पर जो OTP आया है वो बताना पड़ेगा। बता दूँ?",
    "a man from the bank is on the line right now asking for the otp that just came on my phone. should i share it?",
])
def test_a_code_asked_for_on_a_live_call_before_it_is_given_is_the_otp_answer_and_stays_urgent(resources, message):
    result = _answered(resources, message, "otp_pin_never_share")
    assert result.urgent  # the caller is still on the line: "cut the call" comes first


@pytest.mark.parametrize("message", [
    "someone saying he is from the narcotics bureau has kept me on a video call since morning, says a parcel in my "
    "name had drugs. is this real?",
    "ED officer bolke ek aadmi ne video call pe bitha ke rakha hai, keh raha mera account money laundering me hai. "
    "kya ye sahi hai?",
])
def test_a_fake_officer_on_a_live_video_call_asked_about_is_the_digital_arrest_answer(resources, message):
    result = _answered(resources, message, "digital_arrest_fake_police_calls")
    assert result.urgent


@pytest.mark.parametrize("message, topic", [
    ("My coworker has a loan app whose agents now message everyone in his phonebook and abuse him. I got one too. "
     "What should he do?", "instant_loan_apps"),
    ("bhai ka dost keh raha tha koi uski photo edit karke viral karne ki dhamki de raha hai. complaint karne se "
     "uska naam bahar aayega kya?", ("sextortion_dos_donts", "morphed_photos_image_abuse")),  # a photo edited and
    # threatened: both answers serve it (session 20's retrain answers with the morphed-photos topic)
])
def test_someone_elses_trouble_asked_about_gets_the_advice_for_them(resources, message, topic):
    result = _answered(resources, message, topic)
    assert result.intent == "safety_advice"


@pytest.mark.parametrize("message, topic", [
    ("meri maa 70 saal ki hai, pehli baar smartphone pe UPI chala rahi hai. kin baaton ka dhyan rakhe", "elderly_parents_safety"),
    ("আমার বাবার বয়স ৭২, নতুন স্মার্টফোন নিয়েছেন। ব্যাংকের কাজে কী কী খেয়াল রাখব", "elderly_parents_safety"),
    ("My son is joining his tuition WhatsApp group. What should I tell him about sharing his address and photos?",
     "child_safety_online"),
    ("if my stolen phone is blocked on CEIR and the police recover it later, can it be used again", "lost_stolen_phone"),
])
def test_asked_in_general_what_to_take_care_of_or_tell_or_whether_it_can_be_done(resources, message, topic):
    result = _answered(resources, message, topic)
    assert not result.urgent


@pytest.mark.parametrize("message", [
    "koi mujhe roz naye naye number se call karke pareshan karta hai, mana karne par bhi. ye kis tarah ka apradh hai?",
    "ایک شخص روز رات کو بار بار کال اور میسج کرتا ہے، منع کرنے کے بعد بھی۔ یہ کس قسم کا جرم ہے؟",
])
def test_what_kind_of_crime_it_is_gets_the_stalking_answer(resources, message):
    _answered(resources, message, "stalking_online_harassment")


def test_a_link_asked_about_gets_the_phishing_answer_and_then_its_check(resources):
    result = _answered(resources, "Is this link safe? kyc-verify-now.example.invalid came saying my account freezes "
                                  "tonight", "phishing_links")
    assert result.intent == "suspicious_contact"  # the link's check follows the answer (topics.reply_for)


@pytest.mark.parametrize("message", [
    "मम्मी के फोन में ऐसी कोई सेटिंग है क्या कि कोई भी apk इंस्टॉल ही न हो? रोज़ ऐसी फाइलें आती हैं",
    "is there a setting on my father's phone so an apk file can't be installed? he gets them daily on whatsapp",
])
def test_a_setting_so_no_app_file_installs_is_the_apk_answer(resources, message):
    _answered(resources, message, "apk_files_on_whatsapp")


def test_a_caller_who_told_to_install_a_screen_app_refused_is_asked_about(resources):
    result = _answered(resources, "swiggy refund ke liye google se number liya, usne anydesk download karne bola. main "
                                  "ruk gaya, theek kiya na?", "fake_customer_care_numbers")
    assert result.intent in ("suspicious_contact", "safety_advice")
