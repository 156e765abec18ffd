"""Session 15 (s15-flags, issue 11, "golden hour"): the twenty-third sets' non-urgent first messages flagged urgent,
fixed by concept in the packs' words (lang/<code>/words/triage.yaml, time.yaml) and in times (today's weekday said
"on Friday"): a payment almost made, a hacker's price asked for an account, an SMS quoted with the balance unchanged,
"no money gone" with a word between, an old fraud, "not yet" said of another, the caller's phone off since. Told
through the real engine in other words than the sets': no urgent case and no golden-hour action first. Beside them,
messages that stay urgent (DESIGN.md "Golden hour and priorities")."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from bot.nlu import triage
from test_not_flagged_nineteenth import assert_calm_first_reply  # no urgent case, no golden-hour action first (every pack)

NOW = datetime(2026, 11, 27, 4, 30, tzinfo=timezone.utc)  # 10:00 in India, a Friday

NOT_URGENT = [
    # a payment almost made: none left
    "a fake charity page on facebook asked for donations for flood relief, my father nearly sent money",
    "someone pretending to be my boss asked for gift cards, I almost transferred 10000 before I called him",
    "नकली पुजारी ने ऑनलाइन दान माँगा, माँ भेजने ही वाली थी कि मैंने रोक दिया",
    # a hacker's price for an account: asked, not paid
    "mera facebook hack ho gaya, hacker keh raha hai account wapas chahiye to 3000 bhejo",
    "my gmail got hacked and the guy says if you want it back pay 2000",
    "ইনস্টাগ্রাম হ্যাক হয়েছে, হ্যাকার বলছে ফেরত চাইলে ৪০০০ টাকা দাও",
    # an SMS quoted, the balance unchanged
    "got sms 'Rs 9,999 debited from your account, call this number if not you'. I checked, balance is still the same",
    "message aaya 'aapke khate se 12000 kate gaye' lekin balance abhi bhi same hai",
    # no money gone, a word between
    "کسی نے بینک والا بن کر میرا کارڈ نمبر پوچھا، میں نے بتا دیا، لیکن پیسہ کوئی نہیں گیا",
    "usne aadhaar number le liya par paise koi nahi gaye",
    # an old fraud named, a fee asked to recover it
    "ek aadmi bol raha hai purane fraud ka paisa wapas dila dunga, 5000 processing fee do. mere 60000 gaye the",
    "someone on telegram says he can recover my old fraud money of 80000 for a fee, is it genuine?",
    # not yet paid, said of another
    "বাবাকে ফোন করে বলছে লটারি জিতেছে, ট্যাক্স দিতে হবে। বাবা এখনো টাকা পাঠায়নি",
    # a fake officer's calls over: their phone off since
    "fake CBI wale ne video call pe 2 din rakha aur 3 lakh le liye, parso last payment kiya, tab se phone band hai",
]

URGENT = [
    # the same concepts within the hour, or with the time not said, stay urgent
    "my father sent 20000 to a fake charity page just now",
    "mera facebook hack ho gaya aur mere account se 5000 kat gaye abhi",
    "got sms 'Rs 9,999 debited', and my balance is 9,999 less, just now",
    "fake CBI officer abhi bhi video call pe hai, papa ko bol raha 2 lakh bhejo",
]


@pytest.mark.parametrize("message", NOT_URGENT)
def test_a_non_urgent_first_message_opens_no_urgent_case_and_no_golden_hour_action_first(resident, message):
    assert_calm_first_reply(resident.send(message))


@pytest.mark.parametrize("message", URGENT)
def test_beside_each_concept_an_urgent_message_stays_urgent(resident, message):
    out = resident.send(message)
    assert out.case and out.case["priority"] == "urgent", out.texts[:2]


@pytest.mark.parametrize("message", [
    "Someone took 45,000 from my mother's account with a fake KYC call. It happened on Friday.",
    "my father lost 12000 to a fake lottery call, that was on Friday",
])
def test_todays_weekday_named_as_a_day_is_a_week_ago(message):
    # English "on Friday" only: "शुक्रवार को" said on a Friday, as the answer to "when did the money leave?", is
    # read as today (tests/test_found_defects.py), the safer reading of the golden hour
    read = triage.read(message, NOW)  # NOW is a Friday: "on Friday" is the last one, not today
    assert read.loss and read.age == "old" and not read.urgent


def test_a_bengali_weekday_of_dates_a_loss():
    read = triage.read("এটা গত বুধবারের ঘটনা, কার্ড থেকে ২০ হাজার টাকা কেটে গেছে", NOW)
    assert read.loss and read.age == "old" and not read.urgent


def test_today_said_with_its_weekday_stays_today():
    read = triage.read("today is Friday, 10 minute pehle 20000 kat gaye", NOW)
    assert read.urgent
