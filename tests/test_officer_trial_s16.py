"""Session 16, a stranger's officers' trial (/work/officer-trial/REPORT.md), held with the real engine, console routes
(Flask's test client) and outbox: an urgent case handed back to the bot is alerted again (not taken for a claimed
one) and the officer handing it back is told it stays urgent; every UTR a resident tells is on the freeze request
beside its debit and found by search."""
from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from bot.cases import alerts_batch, sla
from bot.store.models.cases import Case
from bot.store.models.operations import Outbox
from conftest import IST, NOW, Resident
from test_console import app, token  # noqa: F401  (fixture)
from test_console import login as console_login
from test_console_trial_s15 import claim_and_hand_back, desk, flashed, normal_case  # noqa: F401  (fixture)
from test_households import login

OFFICERS, SUPERVISORS = "-100777", "-100888"


def _groups(engine):
    return engine.config.model_copy(update={"console": engine.config.console.model_copy(
        update={"officers_chat_id": OFFICERS, "supervisors_chat_id": SUPERVISORS, "group_alert_seconds": 0})})


def _alerts(engine) -> list[tuple[str, str, str]]:
    with engine.Session() as s:
        return [(row.recipient, row.status, row.text) for row in
                s.scalars(select(Outbox).where(Outbox.kind == "alert").order_by(Outbox.id))]


# -- 1. an urgent case handed back is held by nobody: its alerts go out ------------------------------------------
@pytest.mark.parametrize("first", [
    "a fake buyer sent me a QR code and 18500 left my account 4 minutes ago",
    "abhi 3 minute pehle mere khate se 22000 kat gaye, QR code scan karaya tha",
])
def test_an_urgent_case_handed_back_is_alerted_again_to_both_groups(engine, desk, first):  # noqa: F811
    app, clock = desk
    config = _groups(engine)
    resident = Resident(engine, sender="+919811160001", phone="+919811160001")
    out = resident.send(first)
    case_id = out.case["id"]
    assert out.case["priority"] == "urgent"
    clock.at = resident.clock + timedelta(minutes=1)
    client, response = claim_and_hand_back(app, case_id)
    told = flashed(client.get(response.headers["Location"]))
    assert "The chat is back with the bot." in told
    assert f"Case #{case_id} is urgent and its golden hour is still open" in told and "urgent queue" in told
    with engine.Session() as s:
        assert s.get(Case, case_id).status == "returned"
    at = clock.at
    for minutes in (1, 2, 4):  # the hand-back alert, then the SLA breach, each released by the batch's flush
        sla.check(engine.Session, config, engine.res.texts, at + timedelta(minutes=minutes))
        alerts_batch.flush(engine.Session, config, at + timedelta(minutes=minutes))
    sent = _alerts(engine)
    assert not [row for row in sent if row[1] == "dropped"], sent
    assert any(chat == OFFICERS and text.startswith("Handed back URGENT case") for chat, _, text in sent), sent
    assert any(chat == SUPERVISORS and text.startswith("SLA BREACH") for chat, _, text in sent), sent


def test_a_claimed_cases_alert_is_still_dropped(engine, desk):  # noqa: F811
    app, clock = desk
    config = _groups(engine)
    resident = Resident(engine, sender="+919811160002", phone="+919811160002")
    case_id = resident.send("9000 rupees went from my bank account by UPI 2 minutes ago").case["id"]
    with engine.Session.begin() as s:
        for row in s.scalars(select(Outbox).where(Outbox.kind == "alert")):
            row.status = "held"  # still waiting for the group's interval when the officer claims
    client = app.test_client()
    login(client, "meena")
    page = f"/console/cases/{case_id}"
    client.post(page + "/claim", data={"csrf_token": token(client, page)})
    alerts_batch.flush(engine.Session, config, resident.clock + timedelta(minutes=1))
    assert all(status == "dropped" for _, status, _ in _alerts(engine))


def test_a_normal_case_handed_back_says_nothing_of_urgency(engine, desk):  # noqa: F811
    app, _ = desk
    client, response = claim_and_hand_back(app, normal_case(engine, "+919811160003"))
    told = flashed(client.get(response.headers["Location"]))
    assert "The chat is back with the bot." in told and "urgent" not in told


# -- 2. every UTR: on the freeze request beside its debit, and found by search ------------------------------------
def _freeze_and_search(engine, app, messages, sender="+919811160010"):
    resident = Resident(engine, sender=sender, phone=sender, channel="telegram",
                        start=datetime(2026, 11, 27, 13, 0, tzinfo=IST))
    for text in messages:
        out = resident.send(text)
    client = app.test_client()
    login(client, "meena")
    case_id = out.case["id"]
    letter = client.get(f"/console/cases/{case_id}/freeze?download=1").get_data(as_text=True)
    return client, case_id, letter


@pytest.mark.parametrize("messages, per_debit", [
    (["Rs 8000 was taken from my account through UPI at 12:50, to thief@okaxis, UTR 523400001111",
      "again 4000 went at 12:55, UTR 523400002222",
      "another 1500 was debited at 12:58 UTR 523400003333"],
     ["523400001111", "523400002222", "523400003333"]),
    (["mere khate se 6000 rupaye kat gaye 10 minute pehle UPI se, UTR 733300004444",
      "phir se 2500 kat gaye abhi abhi, UTR 733300005555"],
     ["733300004444", "733300005555"]),
])
def test_each_later_debits_utr_is_beside_it_and_searchable(engine, desk, messages, per_debit):  # noqa: F811
    app, _ = desk
    client, case_id, letter = _freeze_and_search(engine, app, messages)
    debits = dict(re.findall(r"^(Debit \d)\s+: (.*)$", letter, re.M))
    assert len(debits) == len(per_debit), letter
    for n, utr in enumerate(per_debit, 1):
        assert f"UTR {utr}" in debits[f"Debit {n}"], letter
        assert all(other not in debits[f"Debit {n}"] for other in per_debit if other != utr), letter
    row = re.search(r"^Transaction id / UTR\s+: (.*)$", letter, re.M).group(1)
    assert row == ", ".join(per_debit), letter
    for utr in per_debit:
        found = client.get(f"/console/search?q={utr}").get_data(as_text=True)
        assert f"/console/cases/{case_id}" in found, utr


def test_a_utr_told_after_a_further_debit_without_one_of_its_own_claims_no_debit(engine, desk):  # noqa: F811
    app, _ = desk
    client, case_id, letter = _freeze_and_search(
        engine, app, ["Rs 8000 was taken from my account through UPI at 12:50, UTR 523400001111",
                      "again 4000 went at 12:55", "sir the bank sms shows reference 523400009999"],
        sender="+919811160012")
    debits = dict(re.findall(r"^(Debit \d)\s+: (.*)$", letter, re.M))
    assert "523400009999" not in debits["Debit 1"] + debits["Debit 2"] and "UTR 523400001111" in debits["Debit 1"]
    assert "523400009999" in re.search(r"^Transaction id / UTR\s+: (.*)$", letter, re.M).group(1)
    assert f"/console/cases/{case_id}" in client.get("/console/search?q=523400009999").get_data(as_text=True)


def test_two_utrs_in_one_message_are_both_kept(engine, desk):  # noqa: F811
    app, _ = desk
    client, case_id, letter = _freeze_and_search(
        engine, app, ["I lost 30000 in two UPI payments 15 minutes ago, references 612200007777 and 612200008888"],
        sender="+919811160011")
    row = re.search(r"^Transaction id / UTR\s+: (.*)$", letter, re.M).group(1)
    assert row == "612200007777, 612200008888", letter
    assert f"/console/cases/{case_id}" in client.get("/console/search?q=612200008888").get_data(as_text=True)


# -- 3. an amount next to "OTP" is money, not an OTP; a code after "OTP" still is ------------------------------------
@pytest.mark.parametrize("text, amount", [
    ("The caller said he was from my bank, I read out the OTP, 31000 got deducted from my account 5 min ago", 31000),
    ("bank wale ne otp manga, otp diya, 18000 mere khate se nikal gaye abhi", 18000),
    ("ওটিপি বললাম, 14000 চলে গেছে এইমাত্র", 14000),
    ("او ٹی پی بتایا، 26000 میرے کھاتے سے نکل گئے ابھی", 26000),
    ("told him the OTP, ₹7500 gone from my account just now", 7500),
])
def test_an_amount_lost_next_to_otp_is_kept_as_money(engine, text, amount):
    from bot.nlu.redact import redact
    from bot.store.models.residents import Message

    assert "REDACTED" not in redact(text).text, redact(text).text
    resident = Resident(engine, sender="+919811160020", phone="+919811160020")
    out = resident.send(text)
    assert out.incident and float(out.incident.get("amount") or 0) == amount, out.incident
    with engine.Session() as s:
        stored = s.scalars(select(Message.text).where(Message.direction == "in")).all()
    assert any(str(amount) in t for t in stored)


@pytest.mark.parametrize("text, secret", [
    ("I gave OTP 556677 and then 25000 was debited", "556677"),
    ("my otp was 4829, after that the money was gone", "4829"),
    ("otp 731904 bata diya phir 9000 kat gaye", "731904"),
    ("ওটিপি 2468 দিয়েছি, তারপর টাকা কেটে নিয়েছে", "2468"),
    ("OTP: 90817263 I told him", "90817263"),
])
def test_a_code_after_otp_is_still_never_stored(engine, text, secret):
    from bot.nlu.redact import redact
    from bot.store.models.residents import Message

    assert secret not in redact(text).text
    Resident(engine, sender="+919811160021", phone="+919811160021").send(text)
    with engine.Session() as s:
        stored = " ".join(s.scalars(select(Message.text)).all())
    assert secret not in stored


# -- 4. the supervisors' figures add every debit up, as the queue's "in all" does ---------------------------------
def test_money_reported_lost_counts_every_debit(engine, desk):  # noqa: F811
    app, clock = desk
    first = Resident(engine, sender="+919811160030", phone="+919811160030")
    first.send("20000 went from my account by UPI 10 minutes ago")
    first.send("another 6000 was debited just now")
    Resident(engine, sender="+919811160031", phone="+919811160031").send("I lost 4000 on UPI 20 minutes ago")
    client = app.test_client()
    login(client, "sup")
    day = NOW.astimezone(IST).date().isoformat()
    figures = client.get(f"/console/figures?from={day}&to={day}", headers={"Accept": "application/json"}).get_json()
    assert float(figures["money"]["lost"]) == 30000 and figures["money"]["lost_cases"] == 2


# -- 5. a case transferred to an officer sounds on their open pages, as a new urgent case does --------------------
def test_a_transfer_reaches_the_receivers_live_feed_not_the_givers(engine, app):  # noqa: F811
    resident = Resident(engine, sender="+919811160040", phone="+919811160040")
    case_id = resident.send("12000 left my account on UPI 3 minutes ago").case["id"]
    ravi, meena = app.test_client(), app.test_client()
    console_login(ravi, "ravi")
    console_login(meena, "meena")
    assert meena.get("/console/live.json").get_json()["given"] == []
    page = f"/console/cases/{case_id}"
    ravi.post(page + "/claim", data={"csrf_token": token(ravi, page)})
    assert ravi.get("/console/live.json").get_json()["given"] == []  # a claim of one's own does not sound
    ravi.post(page + "/transfer", data={"csrf_token": token(ravi, page), "to": "meena"})
    given = meena.get("/console/live.json").get_json()["given"]
    assert [key.split("@")[0] for key in given] == [str(case_id)]
    assert ravi.get("/console/live.json").get_json()["given"] == []


def test_an_urgent_case_handed_back_is_in_every_pages_urgent_list_again(engine, desk):  # noqa: F811
    app, clock = desk
    resident = Resident(engine, sender="+919811160041", phone="+919811160041")
    case_id = resident.send("my 16000 went by UPI 2 minutes ago").case["id"]
    client = app.test_client()
    login(client, "meena")
    page = f"/console/cases/{case_id}"
    before = client.get("/console/live.json").get_json()["urgent"]
    client.post(page + "/claim", data={"csrf_token": token(client, page)})
    assert not [k for k in client.get("/console/live.json").get_json()["urgent"] if k.startswith(f"{case_id}#")]
    client.post(page + "/handback", data={"csrf_token": token(client, page)})
    after = client.get("/console/live.json").get_json()["urgent"]
    assert [k for k in after if k.startswith(f"{case_id}#")] and not set(after) <= set(before)  # a new episode


# -- 6. small things: the header after a takeover, a place at "where did the money go?", the household's station --
def test_after_a_takeover_the_former_holders_page_learns_the_new_holder(engine, app):  # noqa: F811
    from bot.cases import officers
    from test_console import PASSWORD

    with engine.Session.begin() as s:
        officers.add(s, "asha", "SI Asha", PASSWORD, "officer", NOW)
    resident = Resident(engine, sender="+919811160050", phone="+919811160050")
    case_id = resident.send("I lost 8000 on UPI 5 minutes ago").case["id"]
    asha, meena = app.test_client(), app.test_client()
    console_login(asha, "asha")
    console_login(meena, "meena")
    path = f"/console/cases/{case_id}"
    asha.post(f"{path}/claim", data={"csrf_token": token(asha, path)})
    assert '<span id="held-by">· held by SI Asha</span>' in asha.get(path).get_data(as_text=True)
    assert asha.get(f"{path}/messages.json").get_json()["held_by"] == "SI Asha"
    meena.post(f"{path}/takeover", data={"csrf_token": token(meena, path)})
    feed = asha.get(f"{path}/messages.json").get_json()  # what her open page reads: case.js rewrites the header
    assert feed["mine"] is False and feed["held_by"] == "SI Meena"


@pytest.mark.parametrize("place", ["North", "south west", "दक्षिण", "Dwarka"])
def test_a_place_at_where_did_the_money_go_is_asked_again_not_kept(engine, place):
    resident = Resident(engine, sender="+919811160060", phone="+919811160060")
    for text in ("7000 was debited from my account by UPI 10 minutes ago", "SBI", "skip", "skip"):
        out = resident.send(text)
    assert "Where did the money go?" in out.texts[-1]
    out = resident.send(place)
    assert "Where did the money go?" in out.texts[-1] and "target" not in (out.incident or {})
    out = resident.send("it went to crook@okicici")
    assert out.incident["target"]["upi_ids"] == ["crook@okicici"]


def test_with_no_stations_configured_a_household_needs_no_police_station(engine):
    from bot.outreach import households
    from test_households import add_officers, visit

    assert not engine.config.stations  # the shipped config
    add_officers(engine)
    with engine.Session.begin() as s:
        checked = households.check(s, visit(station=""), engine.config, NOW)  # no VisitError: registered
        household = households.register(s, checked, "officer:1", NOW, engine.config, engine.res.texts)
        assert household.station == ""
