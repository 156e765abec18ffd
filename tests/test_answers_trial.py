"""Answers that make no sense never reach the bank (an officer's trial, session 7, defects 5 and 8): every question's
answer is read by its kind, an answer that fits another question is kept there, every identifier in a message is
kept whichever question was asked, a KYC form is phishing (no "is the caller still on the line?"), "just got
debited" is now, and a time told roughly says "about" in the freeze request and the NCRP summary."""
from __future__ import annotations

import pytest

from bot.cases import casefile
from bot.cases.casework import Casework
from bot.conversation import answers
from bot.store.models.cases import Case
from bot.store.models.officers import Officer
from bot.store.models.residents import Contact, Incident
from conftest import NOW, Resident
from test_casework import add_officer


def papers(engine, case_id: int) -> tuple[str, str]:
    """The freeze request and the NCRP summary as an officer copies them from the console."""
    officer = add_officer(engine, f"meena{case_id}")
    with engine.Session.begin() as s:
        case = s.get(Case, case_id)
        incident = s.get(Incident, case.incident_id)
        flow = engine.res.flows.get(incident.flow_id)
        freeze = Casework(engine.res.texts).freeze(s, case_id, s.get(Officer, officer.id), NOW, engine.config,
                                                   flow).text()
        ncrp = casefile.ncrp_summary(incident, s.get(Contact, case.contact_id), engine.config, flow)
    return freeze, "\n".join(f"{label}: {value}" for label, value in ncrp)


def money_report_at_name(engine, sender="+919812345678"):
    """An urgent English money report answered up to "Your name, please."."""
    resident = Resident(engine, sender=sender, phone=sender)
    for answer in ("15000 was debited from my account just now", "sbi", "4471", "412345678901", "fraud@ybl", "1"):
        out = resident.send(answer)
    assert out.texts[-1] == "Your name, please."
    return resident, out


# -- the trial's resident, one question behind --------------------------------------------------------------
def test_a_resident_one_question_behind_puts_no_nonsense_in_the_freeze_request(engine):
    """The trial's WhatsApp resident, message for message: "haan" was the 1930 number, "haan bank ko bata diya" the
    victim's name, "SAME" the beneficiary, and the account, IFSC and UPI id sent at the last-4 question were lost
    behind "I added this second loss  to your complaint" (a blank for the amount)."""
    resident = Resident(engine, sender="+919811000001", phone="+919811000001")
    resident.send("mere account se abhi 15000 kat gaye UPI se, kisi ne call karke OTP liya")
    resident.send("SBI")
    resident.send("UTR 412345678901")
    out = resident.send("paise account 50100234567890 IFSC HDFC0001234 me gaye, aur UPI id fraudster99@ybl")
    said = "\n".join(out.texts)
    assert "दूसरा नुकसान" not in said and "second_loss" not in out.incident  # where the first loss went, no second
    assert out.texts[0] == "धन्यवाद, मैंने यह आपकी रिपोर्ट में दर्ज कर लिया है।"  # kept, never "noted as not known"
    assert out.incident["target"] == {"accounts": ["50100234567890"], "ifsc": ["HDFC0001234"],
                                      "upi_ids": ["fraudster99@ybl"]}
    assert out.node == "last_digits"  # what was kept never counts as unreadable: the question stays (session 8)
    for answer in ("SKIP", "Ramesh Kumar", "110017", "SAME", "haan bank ko bata diya", "1930 ack 31122600012345", "nahi",
                   "nahi", "SAME", "Ramesh Kumar", "110017", "haan", "31122600012345", "SKIP", "SKIP"):
        out = resident.send(answer)
        if out.flow is None:
            break
    freeze, ncrp = papers(engine, resident_case(engine))
    for paper in (freeze, ncrp):
        assert "haan" not in paper and "SAME" not in paper and "Described as" not in paper
        assert "31122600012345" in paper and "Account 50100234567890, IFSC HDFC0001234" in paper
        assert "fraudster99@ybl" in paper
    assert "Victim                   : Ramesh Kumar" in freeze


def resident_case(engine) -> int:
    with engine.Session() as s:
        return s.query(Case).order_by(Case.id.desc()).first().id


# -- each answer read by its kind -----------------------------------------------------------------------------
def test_yes_at_the_1930_question_is_asked_again_kindly_and_the_number_is_kept(engine):
    resident, _ = money_report_at_name(engine)
    for answer in ("Sunita Devi", "South", "same", "yes"):
        out = resident.send(answer)
    assert "acknowledgement number" in out.texts[-1]
    out = resident.send("yes")  # yes, I called 1930: but no number
    assert out.texts[0].startswith("Please send the number itself: it has 14 digits")
    assert "acknowledgement number" in out.texts[-1] and "ack_1930" not in out.incident
    out = resident.send("3101 1260 0123 49")  # passes the card check (Luhn): at its own question, not a card
    assert out.incident["ack_1930"] == "31011260012349"
    freeze, _ = papers(engine, out.case["id"])
    assert "1930 acknowledgement no. : 31011260012349" in freeze


def test_yes_i_told_the_bank_at_the_name_question_answers_did_you_tell_the_bank(engine):
    resident, _ = money_report_at_name(engine)
    out = resident.send("yes I told the bank")
    assert out.texts == ["Thank you, I have noted that with your report.", "Your name, please."]
    assert out.incident["bank_told"] is True and "name" not in out.incident
    for answer in ("Sunita Devi", "South", "same"):
        out = resident.send(answer)
    assert "Have you told your bank" not in "\n".join(out.texts)  # answered: never asked
    assert out.incident["name"] == "Sunita Devi"


def test_a_yes_or_a_sentence_with_no_other_question_to_fit_is_no_name(engine):
    resident, _ = money_report_at_name(engine)
    out = resident.send("haan ji")  # names no bank: it fits no other question, and is no name
    assert out.texts[-1] == "Your name, please." and "name" not in out.incident
    resident, _ = money_report_at_name(engine, sender="+919812345679")
    out = resident.send("they took all my money from my account yesterday")
    assert "name" not in out.incident and out.texts[-1] == "Your name, please."


@pytest.mark.parametrize("same", ["SAME", "wahi", "वही"])
def test_same_is_never_where_the_money_went(engine, same):
    resident = Resident(engine)
    for answer in ("15000 was debited from my account just now", "sbi", "4471", "412345678901"):
        resident.send(answer)
    out = resident.send(same)
    assert out.node == "target" and "target" not in out.incident
    assert out.texts[0].startswith("Please send where the money went")


@pytest.mark.parametrize(("language", "text"), [("bn", "হ্যাঁ ব্যাংককে জানিয়েছি"), ("ur", "ہاں بینک کو بتا دیا"),
                                                ("hi", "हाँ बैंक को बता दिया"), ("en", "yes")])
def test_a_yes_to_the_bank_is_no_name_in_any_pack(resources, language, text):
    node = resources.flows["financial_fraud"].nodes["name"]
    ctx = answers.Context(now=NOW, timezone="Asia/Kolkata", districts=[], language=language)
    assert not answers.parse(node, text, ctx).ok
    assert answers.parse(node, {"bn": "রমেশ কুমার", "ur": "رمیش کمار", "hi": "रमेश कुमार", "en": "Ramesh"}[language],
                         ctx).ok


# -- identifiers kept whichever question was asked --------------------------------------------------------------
def test_a_utr_and_a_upi_id_at_the_utr_question_both_reach_the_report(engine):
    resident = Resident(engine)
    for answer in ("15000 was debited from my account just now", "sbi", "4471"):
        resident.send(answer)
    out = resident.send("UTR 412345678901, it went to fraud.king@ybl and 9876501234")
    assert out.incident["utr"] == "412345678901"
    assert out.incident["target"] == {"upi_ids": ["fraud.king@ybl"], "phones": ["+919876501234"]}
    assert "Where did the money go" not in "\n".join(out.texts)  # answered: not asked


def test_a_further_identifier_after_the_beneficiary_question_is_added_not_lost(engine):
    resident, _ = money_report_at_name(engine)
    out = resident.send("also account 50100234567890 IFSC HDFC0001234")
    assert out.texts[-1] == "Your name, please."
    assert out.incident["target"]["upi_ids"] == ["fraud@ybl"]
    assert out.incident["target"]["accounts"] == ["50100234567890"]


def test_a_second_loss_needs_an_amount_or_a_new_time_and_never_shows_a_blank(engine):
    resident = Resident(engine)
    resident.send("15000 was debited from my account 20 minutes ago")
    out = resident.send("they took another 5000 just now")
    assert "I have added this further loss (₹5,000) to your report" in "\n".join(out.texts)
    assert out.incident["second_loss_amount"] == 5000


# -- how and when ------------------------------------------------------------------------------------------------
def test_a_kyc_form_filled_is_phishing_and_nobody_asks_about_a_caller(engine):
    resident = Resident(engine, sender="555000222", channel="telegram", phone=None)
    out = resident.send("This morning around 9 someone took Rs 12000 from my HDFC account after I filled a KYC form")
    assert out.incident["method"] == "phishing"
    assert not any("caller still on the line" in t for t in out.texts)
    freeze, ncrp = papers(engine, out.case["id"])
    assert "How it happened          : A link, form or fake page where the victim typed their details" in freeze
    assert "screen-sharing" not in freeze and "Other (phishing link or fake form)" in ncrp


def test_just_got_debited_is_now(engine):
    resident = Resident(engine)
    out = resident.send("Rs 20000 just got debited from my account after a fake bank call, please help")
    assert out.incident["money_left_at_label"] == "just now" and out.node != "when"
    freeze, _ = papers(engine, out.case["id"])
    assert "Date and time of debit   : 27-11-2026 10:00 IST" in freeze  # the message's own minute, not "not stated"


def test_a_time_told_roughly_says_about_and_an_exact_one_does_not(engine):
    resident = Resident(engine, sender="+919811000003", phone="+919811000003")
    out = resident.send("aaj subah mere account se 25000 nikal gaye, koi link pe click kiya tha")
    freeze, ncrp = papers(engine, out.case["id"])
    assert "Date and time of debit   : about 27-11-2026 09:00 IST (morning; no exact time told)" in freeze
    assert "Approximate date and time of incident: about 27-11-2026 09:00 IST (morning" in ncrp
    exact = Resident(engine, sender="+919811000004", phone="+919811000004")
    out = exact.send("25000 went from my account today at 9:15 am")
    freeze, ncrp = papers(engine, out.case["id"])
    assert "Date and time of debit   : 27-11-2026 09:15 IST" in freeze and "about" not in freeze.split("Date")[2][:40]
