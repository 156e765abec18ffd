"""Session 17, an officers' trial: several debits told in one message, each with its own UTR ("10000 debited UTR ...01,
then 10000 debited UTR ...02"), put every UTR on the first debit of the freeze request. Each UTR now goes with the
debit told before it, or, listed after every debit, one each in order; whose a UTR is stays unclaimed when the
message does not say."""
from __future__ import annotations

import re

import pytest

from bot.nlu.entities.amounts import utrs_by_debit
from test_console import app, token  # noqa: F401  (fixture)
from test_console_trial_s15 import desk  # noqa: F401  (fixture)
from test_officer_trial_s16 import _freeze_and_search


@pytest.mark.parametrize("text, placed", [
    ("rs 6000 kata UTR 301100001111 fir 3000 kata UTR 301100002222", [["301100001111"], ["301100002222"]]),
    ("first 12000 debited (ref 301100003333), then 4000 debited ref 301100004444",
     [["301100003333"], ["301100004444"]]),
    ("pehle 7000 phir 2000 nikle, UTR 301100005555 aur 301100006666", [["301100005555"], ["301100006666"]]),
    ("প্রথমে ৮০০০ তারপর ২০০০ টাকা কেটে গেছে, UTR 301100007777 আর 301100008888", [["301100007777"], ["301100008888"]]),
])
def test_each_utr_goes_with_its_own_debit(text, placed):
    assert utrs_by_debit(text) == placed


@pytest.mark.parametrize("text", [
    "pehle 7000 phir 2000 nikle, UTR 301100005555",  # one UTR after two debits: whose is not said
    "9000 kat gaye UTR 301100005555",                 # one debit
    "5000 do baar kata UTR 301100005555 301100006666",  # one amount taken twice: no place of its own
    "pehle 7000 phir 2000 nikle",                     # no UTR
])
def test_no_placing_where_the_message_does_not_say(text):
    assert utrs_by_debit(text) == []


def test_the_freeze_request_lists_each_debit_with_its_own_utr(engine, desk):  # noqa: F811
    app, _ = desk
    per_debit = ["412300000001", "412300000002", "412300000003"]
    client, case_id, letter = _freeze_and_search(engine, app, [
        "Fraud just now! 10000 debited UTR 412300000001, then 10000 debited UTR 412300000002, then 5000 debited "
        "UTR 412300000003 from my SBI account"], sender="+919811170001")
    debits = dict(re.findall(r"^(Debit \d)\s+: (.*)$", letter, re.M))
    assert len(debits) == 3, letter
    for n, utr in enumerate(per_debit, 1):
        assert f"UTR {utr}" in debits[f"Debit {n}"], letter
        assert all(other not in debits[f"Debit {n}"] for other in per_debit if other != utr), letter
    assert re.search(r"^Transaction id / UTR\s+: (.*)$", letter, re.M).group(1) == ", ".join(per_debit)
    page = client.get(f"/console/cases/{case_id}").get_data(as_text=True)
    assert re.search(r"<dt>Debit 2</dt><dd>₹10,000, [^<]*UTR 412300000002\b", page), page
    assert "412300000001" not in re.search(r"<dt>Debit 2</dt><dd>([^<]*)", page).group(1)


def test_utrs_listed_after_two_further_debits_go_one_each(engine, desk):  # noqa: F811
    app, _ = desk
    _client, _case_id, letter = _freeze_and_search(engine, app, [
        "Rs 8000 was taken from my account through UPI at 12:50, UTR 523400001111",
        "phir 3000 aur fir 1500 kat gaye abhi, UTR 523400002222 aur 523400003333"], sender="+919811170002")
    debits = dict(re.findall(r"^(Debit \d)\s+: (.*)$", letter, re.M))
    assert len(debits) == 3, letter
    assert "UTR 523400002222" in debits["Debit 2"] and "523400003333" not in debits["Debit 2"], letter
    assert "UTR 523400003333" in debits["Debit 3"], letter
