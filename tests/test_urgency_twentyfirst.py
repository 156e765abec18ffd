"""Session 14 (s14-urgency, issue 11, "golden hour"): the twentieth and twenty-first sets' urgent misses, fixed by concept
in the packs' words (lang/<code>/words/triage.yaml, time.yaml) and in triage / times (a clock said in words, a bare
"7pm", a negation of knowing, the balance gone down, an app still on the phone, debits "just now" by their clock
times), told through the real engine: the case is urgent and the first reply is the golden-hour action (1930, 112, or
cut the call / stop the payment). Each concept: the set's message, then sentences written for this file in other
words."""
from __future__ import annotations

import pytest

from tests.test_urgency_nineteenth import _acts_first

# money found gone (an amount short, the balance down, "money went"), its time not known
TIME_UNKNOWN = [
    "mera account check kiya toh 23000 kam hai, pata nahi kab gaye, koi msg bhi nahi aaya tha",
    "passbook update karwaya to khate me 15000 kam hai, pata nahi kab gaya",
    "checked my savings account, 18000 missing, no idea when it went",
    "آج کھاتہ دیکھا تو 12000 کم ہیں، پتہ نہیں کب گئے",
    "tk gese",
    "taka gese bank theke, kokhon gese jani na",
    "لگتا ہے سم سویپ ہو گیا، اچانک نیٹ ورک چلا گیا اور ساتھ ہی بینک سے دو لاکھ نکل گئے۔ وقت کا کوئی اندازہ نہیں، شام کو فون دیکھا تو پتہ چلا",
    "بینک سے ساٹھ ہزار نکل گئے، وقت کا کوئی اندازہ نہیں",
    # the balance gone down beside a debit sms asked about
    "I just got sms 'Rs 19,999 debited from a/c XX4521' but i did nothing. Is it a real or fake sms? my balance also reduced",
    "got a message that 8,500 was debited, i did not pay anyone, and my balance has come down too, is this a scam",
]

# the message's own clock: an hour said, then the time now in words or a bare "7pm"
OWN_CLOCK = [
    "sir 3 bje ek call aya tha bola apka bijli ka bill bakaya hai maine unke bolne pe app dala aur 1 rupay bheja fir 49000 kat gaya abhi 3 bajke 25 hue hai jaldi kuch kro",
    "5 baje 20000 kat gaye, abhi 5 bajkar 40 ho gaye",
    "Aunty next door in Guwahati lost 60,000 to someone who called saying her son had accident and needed money for hospital. She sent at 7pm, now it is 7.30. Son is fine, he is in office. I am typing for her",
    "my father transferred 40,000 to a fake insurance agent at 2pm, it is 2.40 now",
    # debits "just now", listed by their clock times
    "credit card se abhi abhi 3 transaction hue 8:10 8:12 8:13 pm total 75000, card block kar diya app se",
    "just now two debits of 5,000 each at 9:02 and 9:04 pm from my card, I did not make them",
    # an amount gone by UPI minutes ago, beside a SIM swap
    "Airtel sim swap ho gaya lagta hai, aur abhi 10 minute pehle account se 70000 UPI hua",
    "jio sim band ho gaya, 15 minute pehle 25000 transfer hua khate se",
]

# a caller (a fake officer) still on the line, or a relative still held on video
LIVE = [
    "CBI officer bol raha hai video call pe, papa ko kamre me band rehne bola hai, 2 ghante se call pe hu, ab 3 lakh verification ke liye maang rahe hai",
    "ED wala bol raha hai account freeze hoga, 1 ghante se call pe hoon, 2 lakh bhejne ko bol raha",
    "customs officer called saying my parcel has drugs, pay 35000 customs duty or FIR, I am on call now in other phone",
    "a man saying he is from the police says my aadhaar is in a crime, I am still on the call, he wants 50000 to close it",
    "my son in Bengaluru is being told by 'Mumbai cyber cell' on video to stay in his hotel room and not talk to anyone, he messaged me secretly. they want money for verification. please help he is still with them",
    "my daughter is on a video call with a 'police inspector' who is telling her on video to stay in her hostel room, she is still with them and they want 1 lakh",
    "ছেলে কলকাতায়, 'সিবিআই' ভিডিও কলে ঘরে থাকতে বলছে, টাকা চাইছে, ও এখনও ওদের সাথে",
]

# the caller's app still on the phone though the money left hours ago; the card's number told to a caller minutes ago
STILL_OPEN = [
    "my amma in chennai got a call that electricity bill not paid, they made her install some app and pay 10 rs, then 62000 went from her IOB account about 2 hours back. that app is still in her phone and the guy keeps calling her",
    "a caller made my father install an app, 30000 went 3 hours ago, the app is still on his phone",
    "got 'your card is blocked' call, guy knew last 4 digits, I shared the full number and expiry, cut the call 10 mins back, no money gone yet but scared",
    "bank ke naam se call tha, maine card ka pura number aur expiry bata diya 5 minute pehle, paise abhi nahi kate",
    # bank details or login typed into a link's page just now (read whatever the model says)
    "mujhe bijli bill ka link aaya tha usme apne bank ke details bhar diye abhi abhi, login id password sab, kuch hua to nahi abhi tak par dar lag raha hai",
    "kyc ke link pe abhi bank ki details bhar di, login id password bhi, paise abhi nahi gaye",
    "a pension link asked for my login id password, I put them in just now, nothing debited yet",
]


@pytest.mark.parametrize("message", TIME_UNKNOWN + OWN_CLOCK + LIVE + STILL_OPEN)
def test_the_case_is_urgent_and_the_first_reply_is_the_action(resident, message):
    out = resident.send(message)
    assert out.case and out.case["priority"] == "urgent", out.texts[:2]
    assert _acts_first(out), out.texts[:2]


NOT_URGENT = [
    # a balance question with no loss, an old loss found, a caller who called yesterday and is gone
    "my balance is low this month, can I get a small loan from the bank?",
    "3 mahine pehle 5000 gaye the, complaint bhi ki thi, ab tak wapas nahi aaye",
    "I uninstalled the app the caller made me install last week, nothing went",
    "kal ek customs wale ka call aaya tha, maine kuch nahi diya, call kaat diya",
]


@pytest.mark.parametrize("message", NOT_URGENT)
def test_its_neighbours_stay_below_urgent(resident, message):
    out = resident.send(message)
    assert not (out.case and out.case["priority"] == "urgent"), out.texts[:2]
