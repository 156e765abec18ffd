"""Session 13, issue 11 (s13-flags): the eighteenth and nineteenth sets' non-urgent first messages flagged urgent, fixed
by concept in the packs' words (lang/<code>/words/triage.yaml, time.yaml, ages.yaml) and in how a time is read
(bot/nlu/triage.py, bot/nlu/entities/times.py), told here in new sentences through the real engine: no urgent case
and a calm first reply (none of the golden-hour actions: "Act now", "Cut the call now", 112 for a life). Beside each
concept a message that stays urgent. Every sentence here was written for this file."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import yaml

from bot.nlu import triage
from bot.nlu.entities import times

ROOT = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 11, 27, 4, 30, tzinfo=timezone.utc)  # 10:00 in India, a Friday

NOT_URGENT = [
    # a loss with a stated time older than the hour: by the message's own clock, a span, a day corrected, a weekday
    # with the day of the finding out beside it, "3 hours ago" with "we only just found out"
    "amar account theke 15,000 kete geche sokal 7 tay, ekhon 10 ta baje",
    "maine ek scheme me 3 saal se paise lagaye, kul 4 lakh, ab website band hai",
    "beti ki fees bhari thi nakli site pe, 1 masher beshi holo, 8 hajar",  # romanised Bengali span in a mixed message
    "یہ کوئی ۱۲ دن پرانی بات ہے، ایک ویب سائٹ پر ۳۵۰۰ روپے دیے تھے، سامان نہیں آیا",
    "someone bought things on my credit card for 14000 in the last 1 week, i did not share anything",
    "bhai ko 8 hazar bheje the, aaj subah... nahi nahi, kal subah",
    "My card was misused for 9000 on Saturday, I only noticed today (Friday)",
    "মঙ্গলবার ১২,০০০ টাকা কেটেছে, আজ শুক্রবার জানতে পারলাম",
    "bank wala bankar call aaya tha, mummy ne OTP bata diya. 4 ghante pehle 25,000 nikle, humein abhi pata chala",
    # a caller told of in the past, the money paid hours ago; "abhi" telling the clock
    "ek aadmi ne CBI officer bankar call kiya tha ki abhi paise bhejo warna arrest, maine 5000 bhej diye 2 ghante pehle",
    "mujhe kal se video call pe digital arrest me rakha tha, maine subah 9 baje 2 lakh bhej diye. abhi 1 baje hain",
    # money held by the bank after a complaint, asked when it comes back
    "1930 pe complaint ki thi, bank ne bola amount hold ho gaya hai. ab paise kab wapas aayenge?",
    "I complained on the portal last week and they said the amount is on hold. When do I get it back?",
    "পরশু থানায় অভিযোগ করেছি, ব্যাংক টাকা আটকে দিয়েছে বলল। টাকা কবে পাব?",
    "بینک نے بتایا ہے کہ پیسے ہولڈ پر ہیں، شکایت کی تھی، اب کتنے دن لگیں گے؟",
    # money received into the writer's account and the account frozen
    "ek anjaan ne mere account me pichle hafte 25 hazar bhej diye, ab bank ne khata freeze kar diya, main kya karun",
    "someone I don't know transferred 30000 into my account and now my bank account is frozen. I did nothing wrong",
    # a stranger says money went into "your" account by mistake and asks it back (the refund trick): a check
    "কেউ একজন ফোন করে বলছে আপনার অ্যাকাউন্টে ভুল করে ৫০০০ টাকা চলে গেছে, একটা লিংক পাঠিয়েছে। কী করব?",
    "a caller says 8000 went to your account by mistake and sent a QR to return it. should I scan?",
    # a lost or picked-up phone is no person taken
    "bus me mera mobile kisi ne utha liya, naya sim kaise milega",
    "मेरा फोन बाजार में कहीं गिर गया, किसी ने उठा लिया होगा, अब क्या करूँ",
    "ٹرین میں میرا فون کسی نے اٹھا لیا، اب کیا کروں",
    "হাটে আমার ফোনটা কেউ তুলে নিয়ে গেছে, এখন কী করব",
    # someone else's words asked about: a message quoted, a forward
    "kya ye sms sach hai? \"Aapke bijli bill ka 2300 baaki hai, aaj raat connection kat jayega, is link pe pay karein\"",
    "Got this on WhatsApp: \"Your SBI account has been debited 49,999. If not you, call this number\" - is it real?",
    "Fwd msg: aaj raat se sabke bank account khali ho jayenge, sab groups me share karo. kya ye sach hai?",
    # a threat or demand with nothing paid and no danger to life: high, not urgent (sextortion by a loan app)
    "loan app wale ne meri morph ki hui photo mere office walon ko bhej di, ab 8000 maang rahe warna aur bhejenge",
    # calls that keep coming from a fake officer's number, nothing paid: no call going on
    "ek number se baar baar call aa rahe hai CBI wala bol ke, maine kuch nahi diya, kya karu",
    "calls keep coming to my father from a number claiming to be police, he has not paid anything, how do we stop it",
    "নকল পুলিশ পরিচয়ে একটা নম্বর থেকে বারবার ফোন আসছে, আমরা কোনো টাকা দিইনি",
    # a grown-up son told by "who is"
    "a caller claiming to be from the cyber cell told my son who is 22 that his nude video is with them, he paid nothing",
]

URGENT = [
    # the same concepts within the hour, or with the time not said, stay urgent
    "amar account theke 15,000 kete geche 9:30 e, ekhon 10 ta baje",
    "bhai ko 8 hazar bheje, kal nahi, aaj subah 9:45 pe",
    "bank wala bankar call aaya, mummy ne OTP bata diya, abhi abhi 25,000 nikle",
    "ek customer bola galti se aapke account me 10000 chale gaye, maine 10000 wapas bhej diye 10 minute pehle, ab pata chala fake tha",
    "ami 2000 ferot dilam je lok bollo bhul kore tomar account e pathiyechi, adh ghonta holo",
    "meri 12 saal ki beti ko kisi ne school ke bahar se utha liya, phone band hai",
    "Got an SMS about KYC, filled my card details on the link, now they are on the phone asking for the OTP",
    "CBI officer bankar abhi bhi video call pe hai, bol raha paise bhejo warna arrest",
]

# the first words of every golden-hour action, in every pack: none of them opens a calm first reply
ACTIONS = ("action_", "urgent_")


def _openings() -> list[str]:
    found = []
    for lang in ("en", "hi", "bn", "ur"):
        for name in ("golden.yaml", "ui.yaml"):
            texts = yaml.safe_load((ROOT / "lang" / lang / "texts" / name).read_text(encoding="utf-8")) or {}
            found += [value.split("{")[0][:24] for key, value in texts.items()
                      if key.startswith(ACTIONS) and key not in ("action_money_old", "action_money_day", "action_money_unknown")
                      and isinstance(value, str) and len(value.split("{")[0]) >= 12]
    return found


def assert_calm_first_reply(out) -> None:
    """No urgent case and no golden-hour action as the first reply (the later not-flagged tests share it)."""
    assert not (out.case and out.case["priority"] == "urgent"), out.texts[:2]
    assert not any(out.texts[0].startswith(opening) for opening in _openings()), out.texts[:2]


@pytest.mark.parametrize("message", NOT_URGENT)
def test_a_non_urgent_first_message_opens_no_urgent_case_and_a_calm_first_reply(resident, message):
    assert_calm_first_reply(resident.send(message))


@pytest.mark.parametrize("message", URGENT)
def test_beside_each_concept_an_urgent_message_stays_urgent(resident, message):
    out = resident.send(message)
    assert out.case and out.case["priority"] == "urgent", out.texts[:2]


def test_a_day_taken_back_after_its_part_of_the_day_gives_way_to_the_day_told():
    answer = times.parse_time("5000 gaye aaj shaam... nahi nahi, kal shaam", NOW)
    assert answer.at.date() == (NOW - timedelta(days=1)).date()


def test_the_day_of_the_finding_out_dates_no_loss():
    assert times.without_noticing("paid on Monday, noticed today (Friday)", NOW) .strip().startswith("paid on monday")
    read = triage.read("mere card se 6000 ki shopping hui somvar ko, aaj dekha", NOW)
    assert read.told_age == "old"


def test_a_now_that_tells_the_clock_is_no_call_going_on():
    read = triage.read("kal CBI wale ne video call pe rakha tha, subah 8 baje 50000 bheje. abhi 11 baje hain", NOW)
    assert read.loss and read.age == "day" and not read.live_call
