"""Session 17, a stranger playing a resident (s17-res): the defects found, each tested by concept in other words."""
from decimal import Decimal

import pytest

from bot.nlu.entities.amounts import debits_in, parse_amount


@pytest.mark.parametrize("text, debits", [
    ("3 debit hue 10000, 25000 aur 4999", [10000, 25000, 4999]),
    ("3 transactions happened 10000, 25000 and 4999", [10000, 25000, 4999]),
    ("teen baar paise kate 10000, 25000 aur 4999", [10000, 25000, 4999]),
    ("2 debits: 5000 and 7000", [5000, 7000]),
    ("मेरे खाते से 3 बार में 10000, 25000 और 4999 कटे", [10000, 25000, 4999]),
    ("3 بار میں 10000، 25000 اور 4999 کٹے", [10000, 25000, 4999]),
])
def test_a_count_of_debits_is_no_amount_and_its_list_is_each_debit(text, debits):
    assert debits_in(text) == [Decimal(d) for d in debits]
    assert parse_amount(text) == sum(debits)


@pytest.mark.parametrize("text, debits", [
    ("10:05 pe 5000, 10:20 pe 8000, 10:41 pe 2000 kata", [5000, 8000, 2000]),
    ("5000 at 10:05, 8000 at 10:20 and 2000 at 10:41 were debited", [5000, 8000, 2000]),
    ("10 baje 5000, 11 baje 8000 kat gaye", [5000, 8000]),
    ("10 am pe 5000 aur 11 am pe 3000 gaye", [5000, 3000]),
    ("10:05 এ ৫০০০, 10:20 তে ৮০০০ কেটেছে", [5000, 8000]),
    ("10:05 پر 5000، 10:20 پر 8000 کٹے", [5000, 8000]),
])
def test_debits_listed_by_clock_times_are_each_kept(text, debits):
    assert debits_in(text) == [Decimal(d) for d in debits]


@pytest.mark.parametrize("text, amount", [
    ("I got a call at 10:05, sent 5000", 5000),  # one amount, one time
    ("2 transactions of 9999", 19998),  # one amount taken twice, as before
    ("20 debit hue", 20),  # the only number is the amount
])
def test_look_alikes_keep_their_reading(text, amount):
    assert parse_amount(text) == amount


from datetime import datetime, timedelta, timezone  # noqa: E402

from bot.nlu.entities.times import parse_time  # noqa: E402

_IST = timezone(timedelta(hours=5, minutes=30))


@pytest.mark.parametrize("text", ["aaj subah", "this morning", "subah", "आज सुबह", "আজ সকালে", "آج صبح"])
def test_this_morning_said_early_in_the_morning_is_earlier_today(text):
    now = datetime(2026, 12, 2, 7, 5, tzinfo=_IST)
    answer = parse_time(text, now)
    assert not answer.future and answer.at is not None
    assert answer.at.astimezone(_IST).date() == now.date() and answer.at <= now


@pytest.mark.parametrize("text, hour", [("aaj subah 10 baje", 7), ("aaj subah", 2), ("aaj shaam", 7)])
def test_a_time_still_to_come_stays_so(text, hour):
    # an hour named, or the part of the day not begun yet, is still to come: asked again
    assert parse_time(text, datetime(2026, 12, 2, hour, 5, tzinfo=_IST)).future


from bot.nlu.commands import says_not_known  # noqa: E402
from bot.nlu.redact import redact  # noqa: E402
from bot.store.models.residents import Incident  # noqa: E402


@pytest.mark.parametrize("text", ["utr nahi pata", "UTR not known", "I don't know the UTR", "mujhe utr yaad nahi hai",
                                  "last 4 nahi pata", "यूटीआर पता नहीं", "UTR জানি না", "یو ٹی آر معلوم نہیں"])
def test_a_dont_know_said_of_the_thing_asked_is_skip(text):
    assert says_not_known(text)


@pytest.mark.parametrize("text", ["utr 123456789012 nahi pata",  # a number told is read, never skipped
                                  "mujhe nahi pata ki paise kaise gaye par 20000 kat gaye the kal raat"])
def test_a_dont_know_beside_a_story_or_a_number_is_no_skip(text):
    assert not says_not_known(text)


@pytest.mark.parametrize("answer", ["UTR not known", "utr nahi pata", "यूटीआर पता नहीं"])
def test_a_dont_know_at_the_utr_question_moves_on(resident, answer):
    resident.send("mere account se 7000 chale gaye")
    resident.send("20 minute pehle")
    resident.send("HDFC")
    resident.send("SKIP")
    assert "UTR" in resident.texts()
    resident.send(answer)
    assert "UTR" not in resident.texts()


@pytest.mark.parametrize("asked", ["STATUS", "status kya hai"])
def test_status_mid_report_is_answered_never_the_bank(resident, asked):
    out = resident.send("my account was debited 20000")
    reference = out.incident["reference"]
    resident.send("10 minutes ago")
    out = resident.send(asked)
    assert reference in resident.texts() and out.incident.get("bank") is None
    resident.send("SBI")
    assert resident.last.incident["bank"] == "State Bank of India"


@pytest.mark.parametrize("asked", ["is this really the police?", "kya ye sach me police hai?"])
def test_is_this_the_police_mid_report_gets_who_we_are(resident, asked):
    resident.send("my account was debited 20000")
    resident.send("10 minutes ago")
    out = resident.send(asked)
    assert "this chat is" in resident.texts().lower() or "यह चैट" in resident.texts()
    assert out.incident.get("bank") is None and out.node == "bank"


@pytest.mark.parametrize("late", ["abhi abhi", "just now", "5 min pehle"])
def test_a_late_time_at_another_question_updates_the_loss_and_its_urgency(resident, late):
    resident.send("mere account se 20000 kat gaye")
    out = resident.send("kal raat 9 baje")
    assert out.incident["priority"] != "urgent"
    resident.send("1")
    out = resident.send(late)
    assert out.incident["priority"] == "urgent" and out.incident.get("bank") in (None, "")
    with resident.engine.Session() as s:
        assert s.query(Incident).one().money_left_at.date() == resident.clock.date()


def test_an_expiry_typed_mid_report_is_stored_nowhere(resident):
    resident.send("someone used my card, 40000 debited. card 4111 1111 1111 1111 valid thru 08/29")
    resident.send("10 minutes ago, expiry 8/29 cvv 123")
    resident.send("exp 08/29")
    from sqlalchemy import text as sql
    with resident.engine.Session() as s:
        for table in ("messages", "incidents"):
            rows = s.execute(sql(f"select * from {table}")).fetchall()
            assert rows and not any("8/29" in str(value) for row in rows for value in row)
    assert redact("valid thru 08/29").kinds == ("expiry",)


@pytest.mark.parametrize("said", ["kal se pareshan hun, maine kuch share nahi kiya",
                                  "since yesterday I have not slept, please help me"])
def test_a_sentence_with_a_day_in_it_at_another_question_keeps_the_losss_time(resident, said):
    """Session 19 (the lead's trial): only a time ALONE at another question is the loss's time told late; a sentence
    that names a day for something else kept an urgent loss "yesterday" and lowered its case."""
    resident.send("mere account se abhi 15000 kat gaye")
    resident.send("sbi")
    out = resident.send(said)
    assert out.incident["priority"] == "urgent"
    with resident.engine.Session() as s:
        assert s.query(Incident).one().money_left_at.date() == resident.clock.date()
