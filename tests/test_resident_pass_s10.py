"""What a stranger's resident pass found (session 10, 02:45), through the real engine as a resident would notice it:
money gone with an OTP told hears 1930 first and nothing about a page it never saw; an APK the family already
installed gets the advice for an installed app; a KBC lottery forward with a number gets the lottery warning with the
check."""
from __future__ import annotations

import pytest

from conftest import first_action


# -- 3. money gone and an OTP told: 1930 first, no page -----------------------------------------------------------------
@pytest.mark.parametrize("message, act_now, page", [
    ("I gave the OTP to a caller and 20000 was debited 10 min ago", "Act now", "Close that page"),
    ("I gave the OTP to a caller and 20000 was debited", "Act now", "Close that page"),  # its time not said
    ("میں نے کالر کو OTP بتا دیا اور ابھی 20000 کٹ گئے", "ابھی قدم اٹھائیں", "وہ صفحہ بند کر دیں"),
    ("maine caller ko OTP bata diya aur 20000 kat gaye 10 min pehle", "तुरंत कार्रवाई करें", "वह पेज बंद कर दें"),
    ("আমি এইমাত্র একজন কলারকে OTP দিয়েছি আর ২০০০০ টাকা কেটে গেছে", "এখনই ব্যবস্থা নিন", "ওই পেজটি বন্ধ করুন"),
])
def test_money_gone_with_an_otp_told_hears_1930_first_and_nothing_of_a_page(sqlite_resident, message, act_now, page):
    out = sqlite_resident.send(message)
    first = first_action(out.texts[0])
    assert first.startswith(act_now) and "1930" in first  # the firm 1930 line leads
    assert page not in "\n".join(out.texts)  # no page was involved
    assert out.case["priority"] == "urgent"


def test_an_otp_told_to_a_caller_with_no_loss_hears_block_the_card_but_nothing_of_a_page(sqlite_resident):
    out = sqlite_resident.send("I just gave OTP to a caller 2 minutes ago, no money gone yet")
    assert "block the card" in out.texts[0] and "Close that page" not in out.texts[0]


def test_card_details_typed_on_a_page_still_hear_close_that_page(sqlite_resident):
    out = sqlite_resident.send("I just typed my card details and cvv on a page, no money gone yet")
    assert "block the card" in out.texts[0] and "Close that page" in out.texts[0]


# -- 2. an APK the family already installed -----------------------------------------------------------------------------
@pytest.mark.parametrize("message, advice", [
    ("PM Kisan Yojana ki list me apna naam dekhe, ye APK download kare: pmkisan.apk -- ye msg papa ko aaya hai, "
     "unhone install kar liya", "इंटरनेट बंद करें"),
    ("I got an apk file on whatsapp and installed it", "switch off internet, uninstall it"),
    ("ابو نے واٹس ایپ پر آئی PM Kisan کی APK انسٹال کر لی", "انٹرنیٹ بند کریں"),
])
def test_an_apk_already_installed_gets_the_advice_for_an_installed_app(sqlite_resident, message, advice):
    out = sqlite_resident.send(message)
    said = "\n".join(out.texts)
    assert advice in said and "1930" in said


# -- 4. a KBC lottery forward with a number -----------------------------------------------------------------------------
def test_a_lottery_forward_with_a_number_gets_the_lottery_warning_and_the_check(sqlite_resident):
    out = sqlite_resident.send("Congratulations! You have won Rs 25,00,000 in KBC lottery. Contact Rana Pratap 9876543210 on "
                        "WhatsApp to claim. Pay Rs 15000 processing fee.")
    said = "\n".join(out.texts)
    assert "No real prize asks you to pay a fee" in said and "Chakshu" in said
    assert "+919876543210: no reports yet" in said  # the check still runs
    assert said.index("No real prize") < said.index("no reports yet")


def test_a_number_only_to_check_gets_no_topic_before_the_check(sqlite_resident):
    out = sqlite_resident.send("check this number 9876543210")
    assert "no reports yet" in "\n".join(out.texts) and "No real prize" not in "\n".join(out.texts)
