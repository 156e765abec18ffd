"""Threats to a child and to life missed by the twenty-first blind sets (session 14), read by concept in every pack:
a threat to take the hearer's child ("from school", "will not come back"), a stranger who knows a child's school, bus
or timings or asks what she is wearing, someone else who says they will die or sits behind a shut door, and someone
withdrawn while blackmailed. Each is urgent and its first reply carries the danger action (112). A parent's own
school errand, a call picked up, ordinary school words and someone quiet with no threat stay as they were."""
from __future__ import annotations

import pytest

from conftest import Resident

# the messages the twenty-first (and twentieth) sets' reading missed, as the residents wrote them
ORIGINALS = {
    "hi-stalker": ("मेरी बेटी 13 साल की है, एक लड़का रोज़ इंस्टाग्राम पर मैसेज करता है कि वो कहां है क्या पहना है, आज लिखा है "
                   "छुट्टी के बाद गाड़ी में ले जाऊंगा", "child"),
    "en-stalker": ("someone keeps commenting on all my daughter's reels with her school name and timings. she is 15. he "
                   "knows which bus she takes", "child"),
    "bn-ransom": ("একটা লোক ফোন করে বলছে তোর ছেলেকে স্কুল থেকে তুলে নেব, ২ লাখ রেডি রাখিস। আমার ছেলে এখন স্কুলে। কী করব "
                  "বলুন", "kidnap"),
    "bn-withdrawn": ("আমার ভাই (১৯) কদিন ধরে কারো সাথে কথা বলছে না, ঘর থেকে বেরোচ্ছে না। ওর ফোন দেখে বুঝলাম কেউ ওর ভিডিও "
                     "নিয়ে ব্ল্যাকমেল করছে, টাকা চাইছে। ও খাতায় লিখে রেখেছে 'সরি মা'। আমরা খুব ভয় পাচ্ছি", "self_harm_other"),
    "ur-school": ("وہ کہتا ہے تیرا گھر پتہ ہے، تیرے بیٹے کو اسکول سے اٹھا لوں گا۔ کل سے یہ میسج آ رہے ہیں", "kidnap"),
    "bn-door": ("আমার ছোট ভাই ক্লাস ইলেভেনে পড়ে। ইনস্টাগ্রামে কেউ ওর থেকে ছবি চেয়ে নিয়ে এখন টাকা চাইছে, না দিলে ছড়িয়ে "
                "দেবে। ও দরজা বন্ধ করে বসে আছে, বলছে মরে যাবে", "self_harm_other"),
    "hi-latn-sister": ("meri sister ki insta id se kisi ne private photos nikaal li aur dhamki de raha, sister ne abhi mujhe "
                       "bola wo suicide kar legi, main usse dusre sheher me hu", "self_harm_other"),
    "hi-latn-case": ("phone pe dhamki mil rahi hai ki tera beta school se wapas nahi aayega agar case wapas nahi liya, beta "
                     "abhi school me hai", "kidnap"),
}

# the same concepts in other words, every pack (romanised forms too)
TAKE_THE_CHILD = {
    "en": "a man keeps texting me that he will pick up your daughter on her way home from tuition",
    "hi-latn": "ek anjaan number se call aaya ki teri beti ko coaching ke bahar se utha lenge",
    "hi": "कोई धमका रहा है कि तुम्हारा बेटा कल से घर नहीं आएगा",
    "bn": "অচেনা নম্বর থেকে মেসেজ: তোমার মেয়েকে টিউশন থেকে ফেরার পথে তুলে নিয়ে যাব",
    "bn-latn": "ekta lok bolche tor meyeke tuition theke tule nebo",
    "ur": "کوئی کہہ رہا ہے کہ تمہاری بیٹی کو ٹیوشن کے راستے سے لے جائیں گے",
}
STRANGER_KNOWS_THE_CHILD = {
    "en": "a fake account sends my 12 year old son messages saying he knows his school and which bus he takes",
    "hi-latn": "meri 14 saal ki beti ko koi insta pe puchta hai aaj kya pehna hai aur kaun si bus se jaati ho",
    "hi": "मेरे 11 साल के बेटे को कोई अनजान आदमी मैसेज में पूछता है कि स्कूल की टाइमिंग क्या है",
    "bn": "আমার ১৩ বছরের মেয়েকে একটা অচেনা লোক মেসেজ করে জিজ্ঞেস করে আজ কী পরেছে আর কোন বাসে যায়",
    "ur": "میری 12 سال کی بیٹی کو کوئی انجان شخص پوچھتا ہے کہ آج کیا پہنا ہے اور کون سی بس میں جاتی ہو",
}
WITHDRAWN_AND_BLACKMAILED = {  # more than one sign of withdrawal, and blackmail
    "en": "my nephew is not talking to anyone and not coming out of his room, someone is blackmailing him with his photos",
    "hi-latn": "mera bhai kisi se baat nahi kar raha, khana nahi kha raha, koi uski video leke blackmail kar raha hai",
    "hi": "मेरी बहन कमरे से बाहर नहीं निकल रही, खाना नहीं खा रही, कोई उसकी फोटो से उसे ब्लैकमेल कर रहा है",
    "bn": "আমার বোন খাচ্ছে না, কারো সঙ্গে কথা বলছে না, কেউ ওর ছবি দিয়ে ব্ল্যাকমেল করছে",
    "ur": "میرا بھائی کسی سے بات نہیں کر رہا، کمرے سے باہر نہیں نکل رہا، کوئی اس کی ویڈیو سے بلیک میل کر رہا ہے",
}
SOMEONE_SAYS_THEY_WILL_DIE = {
    "en": "someone is threatening to post my cousin's pictures and she says she will die",
    "hi-latn": "koi bhai ki photo viral karne ki dhamki de raha, wo bol raha hai mar jayega",
    "hi": "कोई मेरी बहन की फोटो वायरल करने की धमकी दे रहा है, वो कह रही है मर जाएगी",
    "bn": "কেউ আমার বোনের ছবি ছড়িয়ে দেওয়ার হুমকি দিচ্ছে, ও বলছে মরে যাবে",
    "ur": "کوئی میری بہن کی تصویریں پھیلانے کی دھمکی دے رہا ہے، وہ کہہ رہی ہے مر جائے گی",
}

# what must stay no danger: a parent's own errand, a call picked up, ordinary school words, someone quiet with no threat
NOT_DANGER = [
    "main apne bete ko school se utha lunga phir bank jaunga, mera upi pin kaise reset hoga",
    "मैं बेटी को स्कूल से ले जाऊंगा, उसके बाद मेरा फ़ोन नंबर बदलना है, KYC कैसे करें",
    "আমি ছেলেকে স্কুল থেকে তুলে নেব, তার পর ব্যাংকে যাব। আমার কার্ড ব্লক করব কীভাবে",
    "میں بیٹے کو اسکول سے لے جاؤں گا، پھر بینک جانا ہے۔ میرا کارڈ کیسے بلاک کروں",
    "I will pick up my son from school and then go to the bank, how do I block my debit card",
    "unknown number se call aaya, maine utha liya aur usne OTP maanga, maine nahi diya",
    "my son's school asks for his aadhaar on a google form, is that safe?",
    "my father is not talking to anyone since he lost his phone, how do I block the sim",
    # one sign of withdrawal beside a threat stays high, as a used set labels it
    "koi meri behen ko uski recording bhej ke dhamka raha hai, wo dari hui hai, kisi se baat nahi kar rahi",
]


def pack(style: str) -> str:
    return style.split("-")[0]


def assert_danger_first(engine, text: str, style: str, kind: str, sender: str = "+919812345678"):
    out = Resident(engine, sender=sender).send(text)
    first = out.texts[0]
    assert "112" in first, first
    assert engine.res.texts.get(f"action_danger_{kind}", pack(style)) in first
    assert out.case["priority"] == "urgent"
    return out


@pytest.mark.parametrize("name", ORIGINALS)
def test_the_missed_messages_are_urgent_with_the_danger_action_first(engine, name):
    text, kind = ORIGINALS[name]
    out = assert_danger_first(engine, text, name, kind)
    if kind == "self_harm_other":  # told how to help them: Tele-MANAS beside 112
        assert "14416" in out.texts[0]


@pytest.mark.parametrize("style", TAKE_THE_CHILD)
def test_a_threat_to_take_the_hearers_child_is_danger(engine, style):
    assert_danger_first(engine, TAKE_THE_CHILD[style], style, "kidnap")


@pytest.mark.parametrize("style", STRANGER_KNOWS_THE_CHILD)
def test_a_stranger_who_knows_a_childs_school_or_bus_is_a_child_in_danger(engine, style):
    out = assert_danger_first(engine, STRANGER_KNOWS_THE_CHILD[style], style, "child")
    assert "1098" in out.texts[0]


@pytest.mark.parametrize("style", WITHDRAWN_AND_BLACKMAILED)
def test_someone_withdrawn_while_blackmailed_is_told_how_to_help(engine, style):
    out = assert_danger_first(engine, WITHDRAWN_AND_BLACKMAILED[style], style, "self_harm_other")
    assert "14416" in out.texts[0]


@pytest.mark.parametrize("style", SOMEONE_SAYS_THEY_WILL_DIE)
def test_someone_who_says_they_will_die_is_told_how_to_help(engine, style):
    out = assert_danger_first(engine, SOMEONE_SAYS_THEY_WILL_DIE[style], style, "self_harm_other")
    assert "14416" in out.texts[0]


@pytest.mark.parametrize("text", NOT_DANGER)
def test_errands_calls_and_school_words_are_no_danger(engine, text):
    out = Resident(engine).send(text)
    first, lang = out.texts[0], engine.res.texts
    for kind in ("kidnap", "self_harm", "self_harm_other", "child_abuse", "child", "life"):
        for code in ("en", "hi", "bn", "ur"):
            assert lang.get(f"action_danger_{kind}", code) not in first
    assert (out.case or {}).get("priority") != "urgent"
