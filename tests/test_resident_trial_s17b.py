"""Session 17, a stranger's resident trial (S1-1, S1-2, S2-3): the first reply's lead for a threat to kill, someone
frightened on a call going on now, and a remote app in use now. Written in other words than the reports."""
from __future__ import annotations

import pytest


def _lead(out) -> str:
    return out.texts[0].split("\n\n")[0]


@pytest.mark.parametrize("text", [
    "woh mujhe maar daalne ki dhamki de raha hai",           # the 'to kill' noun with daalna, romanised
    "पड़ोसी मुझे मार डालने की धमकी देता है",                  # Devanagari
    "ex boyfriend bol raha hai maar dalenge tujhe",
    "usne mere bhai ko marwa dunga bola hai",
    "ও আমার ভাইকে মেরে ফেলতে চায় বলছে",                       # Bengali: wants to kill
    "وہ مجھے مار ڈالنے کا کہہ رہا ہے",                          # Urdu
    "kal kisi ne dhamki di thi ki maar dalega, ab sab theek hai",  # a threat to life is urgent whenever told
])
def test_a_threat_to_kill_in_any_form_leads_with_112(resident, text):
    out = resident.send(text)
    assert "112" in _lead(out) and out.incident["priority"] == "urgent"


@pytest.mark.parametrize("text, cut", [
    ("papa ke phone par abhi koi video call karke dhamka raha hai", "call kaat"),
    ("मेरी दादी को अभी कोई वीडियो कॉल पर डरा रहा है", "कॉल काट"),
    ("amar babake ekhon keu video call e bhoy dekhacche", "call kete din"),
    ("میرے ابو کو ابھی کوئی فون پر دھمکا رہا ہے", "کال کاٹ"),
    ("abhi koi call pe dara raha hai", "call kaat"),
])
def test_someone_frightened_on_a_call_now_is_told_to_cut_it(resident, text, cut):
    out = resident.send(text)
    assert cut in _lead(out) and out.incident["priority"] == "urgent"


@pytest.mark.parametrize("text", [
    "kal video call aaya tha, ab wo recording viral karne ke liye dara raha hai",
    "ek ladki ne video call record kar liya ab dara rahi hai",
    "papa ko kal video call pe dara rahe the, maine call kaat di",
    "ভিডিও কল রেকর্ড করে এখন ভয় দেখাচ্ছে",
])
def test_a_call_over_or_recorded_is_no_live_call(resident, text):
    lead = _lead(resident.send(text))
    assert not any(cut in lead for cut in ("kaat", "काट", "কেটে", "kete"))


@pytest.mark.parametrize("text, step", [
    ("بینک والے نے ایک ایپ ڈلوائی تھی، اب وہ میرا فون چلا رہے ہیں", "Wi-Fi"),
    ("कस्टमर केयर वाले ने एक ऐप डलवाया है और अभी मेरा फोन चला रहा है", "Wi-Fi"),
])
def test_a_remote_app_in_use_now_leads_with_data_off(resident, text, step):
    out = resident.send(text)
    lead = _lead(out)  # the remote-app steps first; 1930 only "if any money has left"
    assert step in lead and ("1930" not in lead or lead.index(step) < lead.index("1930"))
