"""Whole conversations as a resident has them, on SQLite and PostgreSQL."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import select

from bot.messages import Media
from bot.store.models.cases import AuditEvent, Case
from bot.store.models.residents import Evidence, Incident, Message
from conftest import NOW, Resident

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_first_contact_greeting_offers_language_then_menu(resident):
    out = resident.send("hi")
    text = "\n".join(out.texts)
    assert "Cyber Sahayak" in text and "Privacy" in text
    assert "1 for English, 2 for हिंदी" in text
    out = resident.send("2")
    assert out.language == "hi"
    assert "भाषा हिंदी चुनी गई" in out.texts[0]
    assert "पैसों की धोखाधड़ी" in out.texts[-1]


def test_devanagari_first_message_picks_hindi(resident):
    out = resident.send("नमस्ते")
    assert out.language == "hi"
    assert any("नमस्ते" in t for t in out.texts)
    assert any("1. पैसों की धोखाधड़ी की शिकायत" in t for t in out.texts)


def test_language_can_be_changed_mid_report(resident):
    resident.send("hello")
    resident.send("1")
    resident.send("1")  # menu: report money fraud -> asks when
    out = resident.send("भाषा")
    assert "1 for English" in out.texts[0] or "English के लिए 1" in out.texts[0]
    out = resident.send("2")
    assert "पैसे आपके खाते से कब कटे" in out.texts[-1]


def test_golden_hour_hinglish_report_end_to_end(resident, engine):
    out = resident.send("mere account se abhi 15000 kat gaye")
    assert out.intent == "financial_fraud"
    assert "1930" in out.texts[0] and "बैंक" in out.texts[0]  # the very first reply, in the message's language
    assert out.language == "hi"
    assert out.incident["amount"] == 15000 and out.incident["priority"] == "urgent"
    assert out.node == "bank"  # amount and time were already in the message
    out = resident.send("english")  # this resident prefers English replies: the question again, in English
    assert out.language == "en" and "bank" in out.texts[-1].lower()
    resident.send("sbi")
    out = resident.send("card ending 12345678")
    assert "only the last 4 digits" in out.texts[0] and out.node == "last_digits"  # a long number is never kept
    resident.send("4471")
    resident.send("412345678901")
    out = resident.send("paisa fraudster@ybl pe gaya")
    assert out.case == {"id": out.case["id"], "priority": "urgent", "status": "waiting"}
    reference = out.incident["reference"]
    assert reference in out.texts[0]
    assert out.incident["target"] == {"upi_ids": ["fraudster@ybl"]}
    # The rest is asked after escalation.
    for answer in ("1", "Sunita Devi", "South", "same", "2"):
        out = resident.send(answer)
    assert any("three working days" in t for t in out.texts)
    assert "acknowledgement number" in out.texts[-1]  # issue 10: 1930's number, then the portal's, both optional
    resident.send("skip")
    resident.send("skip")
    out = resident.send("photo", media=(Media("image/png", data=PNG),))
    assert "1 so far" in out.texts[0]
    out = resident.send("done")
    assert reference in out.texts[0]
    assert out.incident["status"] == "submitted"
    assert out.incident["callback"] == "+919812345678"
    assert out.incident["account_last_digits"] == "4471"
    assert out.incident["bank"] == "State Bank of India" or "SBI" in out.incident["bank"]
    with engine.Session() as s:
        incident = s.scalar(select(Incident).where(Incident.reference == reference))
        assert incident.priority == "urgent" and int(incident.amount) == 15000
        assert incident.fields["name"] == "Sunita Devi"
        evidence = s.scalars(select(Evidence).where(Evidence.incident_id == incident.id)).all()
        assert len(evidence) == 1 and len(evidence[0].sha256) == 64
        assert s.scalar(select(Case).where(Case.incident_id == incident.id)).priority == "urgent"


def test_hindi_golden_hour_report(resident):
    out = resident.send("मेरे खाते से आधा घंटा पहले ₹२५,००० कट गए")
    assert out.language == "hi"
    assert "1930" in out.texts[0] and "बैंक" in out.texts[0]
    assert out.incident["amount"] == 25000
    assert out.incident["priority"] == "urgent"
    assert out.texts[-1].startswith("पैसे किस बैंक")


def test_menu_path_asks_time_first_and_outside_window_is_high(resident, engine):
    resident.send("hello")
    resident.send("1")  # English
    out = resident.send("1")  # report money fraud
    assert out.flow == "financial_fraud" and out.node == "when"
    out = resident.send("yesterday 9pm")
    # issue 10: every money loss hears 1930 and the portal; outside the golden hour it is not "act now".
    assert "1930" in out.texts[0] and "cybercrime.gov.in" in out.texts[0] and "Act now" not in out.texts[0]
    assert out.node == "what_happened"
    for answer in ("2", "1.5 lakh", "HDFC", "skip", "skip", "skip", "Ravi", "110017", "98765 43210", "1", "skip",
                   "skip", "skip"):
        out = resident.send(answer)
    assert out.incident["status"] == "submitted"
    assert out.incident["priority"] == "high"
    assert out.incident["amount"] == 150000
    assert out.incident["district"] == "PIN 110017"
    assert out.incident["callback"] == "+919876543210"
    assert out.incident["utr"] is None and out.incident["target"] is None
    assert out.case["priority"] == "high"


def start_money_report(resident):
    """Greet, choose English, choose 'report money fraud' from the menu."""
    resident.send("hello")
    resident.send("1")
    return resident.send("1")


def test_three_days_ago_is_normal(resident):
    start_money_report(resident)
    out = resident.send("3 din pehle")
    assert out.incident["priority"] == "normal"


def test_unknown_time_is_urgent(resident):
    start_money_report(resident)
    out = resident.send("pata nahi")
    assert "1930" in out.texts[0]
    assert out.incident["priority"] == "urgent"


def test_bad_input_at_every_step_is_reasked_kindly(resident):
    start_money_report(resident)
    out = resident.send("blue")
    assert "could not read the time" in out.texts[0] and out.node == "when"
    resident.send("5 hours ago")
    out = resident.send("12")
    assert "one of the numbers" in out.texts[0] and out.node == "what_happened"
    resident.send("upi")
    out = resident.send("a lot")
    assert "could not read an amount" in out.texts[0] and out.node == "amount"
    resident.send("Rs 4,999")
    out = resident.send("12")
    assert "bank" in out.texts[0].lower() and out.node == "bank"
    resident.send("paytm")
    resident.send("skip")
    out = resident.send("123")
    assert "12 digits" in out.texts[0] and out.node == "utr"
    assert "SKIP" in " ".join(out.texts)
    resident.send("skip")
    resident.send("skip")
    out = resident.send("12345")
    assert out.node == "name"
    resident.send("Asha")
    resident.send("South")
    out = resident.send("call me")
    assert "10-digit mobile number" in out.texts[0] and out.node == "callback"
    out = resident.send("98765 43210")
    assert out.incident["amount"] == 4999


def test_correction_updates_earlier_answer(resident):
    start_money_report(resident)
    resident.send("2 hours ago")
    resident.send("1")
    resident.send("2500")
    out = resident.send("amount was 25000 not 2500")
    assert "₹25,000" in out.texts[0]
    assert out.incident["amount"] == 25000
    assert out.node == "bank"


def test_secret_is_stored_redacted_and_resident_warned(resident, engine):
    resident.send("hello")
    out = resident.send("bank wale ne otp manga maine bata diya otp 482913")
    assert any("never share an OTP" in t for t in out.texts)
    with engine.Session() as s:
        stored = [m.text for m in s.scalars(select(Message).where(Message.direction == "in"))]
    assert not any("482913" in t for t in stored)
    assert any("[REDACTED-OTP]" in t for t in stored)


def test_status_answers_only_the_filer(resident, engine):
    resident.send("mere account se abhi 15000 kat gaye")
    resident.send("sbi")
    resident.send("skip")
    resident.send("skip")
    out = resident.send("skip")
    reference = out.incident["reference"]
    out = resident.send(f"status of {reference}")
    assert reference in out.texts[0] and "पैसों की धोखाधड़ी की शिकायत" in out.texts[0]  # Hinglish: answered in Hindi
    stranger = Resident(engine, sender="+919900000001", phone="+919900000001")
    stranger.send("hello")
    out = stranger.send(f"status of {reference}")
    assert "could not find" in out.texts[0]
    assert "15000" not in " ".join(out.texts) and "sbi" not in " ".join(out.texts).lower()


def test_menu_help_officer_only_as_whole_message(resident, engine):
    resident.send("hello")
    resident.send("1")
    out = resident.send("he won't stop calling me, please help")
    assert out.intent == "harassment"
    out = resident.send("MENU")
    assert "1. Report money fraud" in out.texts[0]
    out = resident.send("officer")
    assert out.case["priority"] in ("normal", "high")
    assert "officer" in out.texts[0].lower()
    with engine.Session() as s:
        assert len(s.scalars(select(Case)).all()) == 1


def test_two_misunderstandings_create_a_normal_case(resident):
    resident.send("hello")
    resident.send("1")
    out = resident.send("qwerty zxcv")
    assert "did not understand" in out.texts[0]
    assert out.case is None
    out = resident.send("asdf ghjk")  # ("blorp blorp", no word any pack knows, is not understood too since s19-flags)
    assert out.case["priority"] == "normal"
    assert "1. Report money fraud" in out.texts[-1]


def test_redelivered_message_is_a_no_op(resident, engine):
    resident.send("hello", provider_id="SMdup1")
    first = resident.send("1", provider_id="SMdup2")
    again = resident.send("1", provider_id="SMdup2")
    assert again.duplicate and again.texts == first.texts
    with engine.Session() as s:
        assert len(s.scalars(select(Message).where(Message.provider_id == "SMdup2")).all()) == 1


def test_a_message_id_another_resident_used_never_gives_their_replies(resident, engine):
    """Channels make their keys name the sender (WhatsApp's number with the sid, Telegram's chat, the web chat's
    browser); should one not, the engine still never answers with another resident's replies (session 6)."""
    first = resident.send("mere account se abhi 15000 kat gaye", provider_id="SMshared")
    other = Resident(engine, sender="+919833344455", phone="+919833344455").send("hello", provider_id="SMshared")
    assert first.texts and other.texts == [] and other.incident is None
    assert resident.send("hello again", provider_id="SMshared").texts == first.texts  # still the first one's redelivery


def test_empty_emoji_and_huge_messages_get_kind_answers(resident):
    resident.send("hello")
    resident.send("1")
    assert "empty message" in resident.send("").texts[0]
    assert "words and numbers" in resident.send("🙏🙏😭").texts[0]
    out = resident.send("paise " * 2000)
    assert any("very long" in t for t in out.texts)


def test_photo_without_text_is_kept(resident, engine):
    resident.send("hello")
    resident.send("1")
    out = resident.send("", media=(Media("image/jpeg", data=b"\xff\xd8\xff" + b"1" * 50),))
    assert "saved this file" in out.texts[0]
    out = resident.send("", media=(Media("application/x-msdownload", data=b"MZ" * 10),))
    assert "could not keep that file" in out.texts[0]
    with engine.Session() as s:
        assert len(s.scalars(select(Evidence)).all()) == 1


def test_urgent_cases_are_queued_first(engine):
    from bot.cases import cases

    slow = Resident(engine, sender="+919800000011")
    slow.send("hello")
    slow.send("1")
    slow.send("officer")
    fast = Resident(engine, sender="+919800000022")
    fast.send("mere account se abhi 15000 kat gaye")
    fast.send("sbi")
    fast.send("skip")
    fast.send("skip")
    fast.send("skip")
    with engine.Session() as s:
        queue = cases.queue(s)
        assert [c.priority for c in queue] == ["urgent", "normal"]
        assert s.scalars(select(AuditEvent).where(AuditEvent.action == "escalated")).all()


def test_officer_holds_chat_bot_is_silent(resident, engine):
    resident.send("hello")
    resident.send("1")
    out = resident.send("officer")
    with engine.Session.begin() as s:
        case = s.get(Case, out.case["id"])
        case.status, case.claimed_by = "claimed", "officer:1"
    out = resident.send("are you there?")
    assert out.silent and out.texts == []
    with engine.Session() as s:
        message = s.scalars(select(Message).where(Message.direction == "in").order_by(Message.id.desc())).first()
        assert message.case_id == out.case["id"] and message.text == "are you there?"


def test_concurrent_redelivery_and_first_messages_store_once(engine):
    """Two workers at once: the same redelivered message is stored once; a new resident's first two
    messages both land, under one contact."""
    from concurrent.futures import ThreadPoolExecutor

    from bot.messages import Inbound
    from bot.store.models.residents import Contact

    at = NOW.astimezone(timezone.utc)
    same = [Inbound(channel="whatsapp", sender="+919811111111", text="hello", provider_id="SMrace", received_at=at)
            for _ in range(2)]
    pair = [Inbound(channel="whatsapp", sender="+919822222222", text=text, provider_id=f"SMnew{i}",
                    received_at=at + timedelta(seconds=i)) for i, text in enumerate(["hello", "1"])]
    with ThreadPoolExecutor(max_workers=2) as pool:
        outcomes = list(pool.map(engine.handle, same))
        list(pool.map(engine.handle, pair))
    assert sorted(o.duplicate for o in outcomes) == [False, True]
    with engine.Session() as s:
        assert len(s.scalars(select(Message).where(Message.provider_id == "SMrace")).all()) == 1
        contacts = s.scalars(select(Contact).where(Contact.sender == "+919822222222")).all()
        assert len(contacts) == 1
        stored = s.scalars(select(Message).where(Message.contact_id == contacts[0].id,
                                                 Message.direction == "in")).all()
        assert len(stored) == 2


def test_a_flood_is_kept_and_answered_once(engine):
    flooder = Resident(engine, sender="+919833333333")
    outcomes = [flooder.send(f"msg {i}", minutes=0.005) for i in range(40)]
    notices = [o for o in outcomes if any("many messages very quickly" in t for t in o.texts)]
    assert len(notices) == 1
    assert all(o.silent for o in outcomes[outcomes.index(notices[0]) + 1:])
    with engine.Session() as s:
        assert len(s.scalars(select(Message).where(Message.direction == "in")).all()) == 40
    later = flooder.send("hello", minutes=2)
    assert later.replies and not later.silent


def test_a_message_kept_in_an_outage_and_replayed_after_newer_ones_is_not_a_flood(engine):
    """A loss kept in the spool during an outage is stored after the resident's newer messages (a higher id, an
    earlier time). The flood count is of messages received up to its own time, so it is handled, with 1930 first
    (an attacker's trial, session 5: 14 acknowledged messages, most of them losses, were throttled)."""
    resident = Resident(engine, sender="+919844444444")
    for i in range(3):  # before the outage
        resident.send(f"hello {i}", minutes=0.01)
    kept_at = resident.clock + timedelta(minutes=0.9)  # the loss, told during the outage and kept in the spool
    resident.clock = kept_at + timedelta(minutes=0.5)
    for i in range(29):  # after it: 29 newer messages in under a minute, each within the limit of 30
        assert not resident.send(f"and {i}", minutes=0.01).silent
    resident.clock = kept_at  # the kept message, replayed now with its own time (and a higher id)
    out = resident.send("mere account se abhi 15000 kat gaye", minutes=0)
    assert not out.silent and "1930" in out.texts[0]
    with engine.Session() as s:
        assert s.scalar(select(Message.status).where(Message.id == out.message_id)) == "processed"


def test_officer_in_the_middle_of_a_golden_hour_report_keeps_it_urgent(resident, engine):
    resident.send("mere account se abhi 15000 kat gaye")
    out = resident.send("OFFICER")
    assert out.case["priority"] == "urgent"
    with engine.Session() as s:
        case = s.get(Case, out.case["id"])
        assert case.incident is not None and int(case.incident.amount) == 15000


def test_officer_again_after_a_hand_back_puts_the_case_back_in_the_queue(resident, engine):
    resident.send("hello")
    resident.send("1")
    out = resident.send("officer")
    with engine.Session.begin() as s:
        s.get(Case, out.case["id"]).status = "returned"
    out = resident.send("officer")
    assert "asked an officer" in out.texts[0] and out.case["status"] == "waiting"


def test_stuck_on_a_required_question_is_never_looped(resident):
    """DESIGN: nothing the resident does not know blocks anything; a second unreadable answer is noted as not
    known and the report goes on (issue 15 trial 1, item 9: it used to ask the same question eight times)."""
    start_money_report(resident)
    resident.send("5 hours ago")
    resident.send("1")
    for answer in ("skip", "skip", "skip", "skip", "skip"):  # amount and bank are optional since issue 10
        out = resident.send(answer)
    assert out.node == "name"
    out = resident.send("12345")
    assert out.node == "name"
    out = resident.send("12345")
    assert out.node == "district" and "not known" in out.texts[0]


def test_status_menu_with_dont_know_finds_the_latest_complaint(resident):
    resident.send("mere account se abhi 15000 kat gaye")
    for answer in ("sbi", "skip", "skip", "skip"):
        out = resident.send(answer)
    reference = out.incident["reference"]
    resident.send("MENU")
    resident.send("5")
    out = resident.send("dont know")
    assert reference in out.texts[0]


def test_a_message_stored_but_never_handled_is_answered_on_redelivery(resident, engine):
    resident.send("hello", provider_id="SMorphan1")
    with engine.Session.begin() as s:  # as if the worker died after storing the next message
        stored = Message(contact_id=s.scalar(select(Message.contact_id)), channel="whatsapp", direction="in",
                         provider_id="SMorphan2", author="resident", text="1", status="received",
                         created_at=resident.clock.astimezone(timezone.utc))
        s.add(stored)
    out = resident.send("1", provider_id="SMorphan2", minutes=1)
    assert not out.duplicate and "Language set to English" in out.texts[0]
    again = resident.send("1", provider_id="SMorphan2", minutes=0.1)
    assert again.duplicate and again.texts == out.texts


def test_a_received_offer_asked_about_gets_its_topic_then_the_check(resident):
    """Issue 11: "is this genuine?" about a job offer, nothing lost, nothing to check yet: the topic's answer
    first, then the suspicious-contact check asks for the number or link (written apart from every test set)."""
    out = resident.send("a woman on telegram pays 120 rupees for every hotel review I post, now she wants a "
                        "deposit first. is it genuine?")
    # Since the fifth blind sets were learned the model reads this one as a general question: the topic's answer
    # alone (before: the answer, then the check). Either way the resident gets the task-scam answer and no report.
    assert out.intent in ("suspicious_contact", "safety_advice")
    joined = "\n".join(out.texts)
    assert "1930" not in joined.split("\n")[0]  # nothing lost: no golden-hour action
    assert any("review" in text.lower() or "job" in text.lower() for text in out.texts)  # the topic's answer
    assert out.flow in (None, "suspicious_contact")  # never a money report
