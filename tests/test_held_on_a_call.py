"""Someone held on a call or video call ("बेटे को वीडियो कॉल पर बंधक बनाकर रखा है, पैसे मांग रहे हैं") is a call going on
now: "cut the call" and 1930/112 in the very first reply and an urgent case, in every pack (a resident's trial,
session 14: the Hindi message got only "1 blackmail or 2 someone posing?" and no case). Said to have ended, it is not."""
from __future__ import annotations

import pytest

from conftest import Resident

HELD = [
    "मेरे बेटे को वीडियो कॉल पर बंधक बनाकर रखा है, पैसे मांग रहे हैं",
    "papa ko video call pe bandhak bana ke rakha hai, paise maang rahe hain",
    "my son is held hostage on a video call by 'police', they want money",
    "আমার মাকে ভিডিও কলে আটকে রেখেছে, টাকা চাইছে",
    "میری امی کو ویڈیو کال پر یرغمال بنا رکھا ہے، پیسے مانگ رہے ہیں",
]


@pytest.mark.parametrize("text", HELD)
def test_someone_held_on_a_call_is_urgent_with_the_action_first(engine, text):
    out = Resident(engine, sender="+919800004321").send(text)
    assert out.replies[0].kind == "urgent"
    assert out.case is not None and out.case["priority"] == "urgent"
