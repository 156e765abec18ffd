"""Session 16, strangers' resident trial: what a resident found after the first message (through the real engine).
Written in other words than the reports."""
from __future__ import annotations

import pytest

from bot.cases import losses
from bot.conversation import answers
from bot.nlu.entities.amounts import debits_in, further_debit, parse_amount
from bot.store.models.residents import Incident


@pytest.mark.parametrize("text, parts", [
    ("pehle 20000 phir 3000 phir 1000 nikal gaye", [20000, 3000, 1000]),
    ("from my card they debited 7,500 and 2,500", [7500, 2500]),
    ("প্রথমে ৮০০০ তারপর ২০০০ টাকা কেটে গেছে", [8000, 2000]),
    ("pehle 6000 phir 4000 kat gaye", [6000, 4000]),
])
def test_debits_listed_in_one_message_are_each_kept(text, parts):
    assert [int(p) for p in debits_in(text)] == parts and parse_amount(text) == sum(parts)


@pytest.mark.parametrize("text", ["paid 3000 then 9000 demanded", "i had 60000, 15000 gone", "pehle 1 rupee bheja, phir 9000 kat gaye"])
def test_no_list_of_debits_read_where_there_is_none(text):
    assert debits_in(text) == []


def test_each_debit_of_a_first_message_reaches_the_report(resident):
    out = resident.send("pehle 20000 phir 3000 phir 1000 nikal gaye mere account se")
    with resident.engine.Session() as s:
        incident = s.get(Incident, s.query(Incident.id).filter_by(reference=out.incident["reference"]).scalar())
        assert [int(d.amount) for d in losses.debits(incident)] == [20000, 3000, 1000]
        assert losses.total(incident) == 24000 and int(losses.latest(incident).amount) == 1000


@pytest.mark.parametrize("text", ["another 4000 at 10", "aur 2500 abhi", "phir se 1500"])
def test_a_further_amount_without_a_loss_verb_is_a_further_debit(resident, text):
    resident.send("I lost 9000 to a fake customer care call")
    resident.send("15 minutes ago")
    assert further_debit(text)
    resident.send(text)
    assert "further loss" in resident.texts()
    with resident.engine.Session() as s:
        incident = s.query(Incident).one()
        assert losses.several(incident) and "later_losses" in incident.fields


def test_a_romanised_bengali_old_loss_is_old_not_urgent(resident):
    out = resident.send("3 bochhor age 40000 taka kete giyechilo")
    assert out.intent == "financial_fraud" and out.incident["priority"] != "urgent"


@pytest.mark.parametrize("text, value", [("the first one", True), ("second option", False), ("dusri wali", False),
                                         ("pehla wala", True), ("দ্বিতীয়টা", False), ("پہلا والا", True)])
def test_ordinal_words_answer_a_numbered_yes_no(text, value):
    assert answers._yesno(text).value is value


def test_an_ordinal_picks_a_numbered_question_in_chat(resident):
    resident.send("mobile kho gaya ya kisi ne chura liya samajh nahi aa raha")
    resident.send("doosra wala")
    assert "1 या 2" not in resident.texts() and "1 or 2" not in resident.texts()


@pytest.mark.parametrize("first, told", [("ab jeene ka mann nahi, main suicide kar lunga", "14416"),
                                         ("ami ar bachte chai na, nijeke sesh kore debo", "14416")])
def test_self_harm_in_latin_letters_leads_with_tele_manas(resident, first, told):
    out = resident.send(first)
    lead = out.texts[0].split("\n\n")[0]
    assert told in lead and "112" in lead


@pytest.mark.parametrize("answer", ["gpay se bheja tha", "PhonePe", "upi se"])
def test_a_payment_way_at_the_last_digits_question_moves_on(resident, answer):
    resident.send("mere account se 7000 chale gaye")
    resident.send("20 minute pehle")
    resident.send("HDFC")
    resident.send(answer)
    assert "UTR" in resident.texts()


@pytest.mark.parametrize("first", ["kal TRAI wale ka phone aaya ki mera number band ho jayega, maine kuch nahi bataya"])
def test_a_sim_block_call_told_gets_chakshu_not_police_words(resident, first):
    out = resident.send(first)
    if out.flow is None and "1." in resident.texts():  # "is this about 1 someone posing as police ... 2 a question"
        out = resident.send("1")
    for answer in ("2", "kal", "2"):
        if out.node in ("live", "when", "paid", "who"):
            out = resident.send({"who": "trai"}.get(out.node, answer))
    said = resident.texts()
    assert "sancharsaathi.gov.in" in said and "पुलिस" not in said.split("\n")[0]


@pytest.mark.parametrize("first", [
    "honestly i wish i could die, the scammers emptied my whole account and my husband doesnt know",
    "ab to marne ka mann karta hai, sab paise chale gaye",
    "मुझे मरने का मन करता है, किसी को बता नहीं सकती",
    "আমার শুধু মরে যেতে ইচ্ছে করে, সব টাকা চলে গেছে",
    "اب تو مرنے کو دل کرتا ہے، سب پیسے چلے گئے",
])
def test_a_wish_to_die_comes_first_even_beside_a_loss(resident, first):
    """A second resident's trial (session 16): "I wish I could just die, they took all my savings" got only the money
    report, and "apni jaan dene ka mann karta hai" a topic menu. A wish to die is self-harm: 112 and Tele-MANAS 14416
    in the very first reply, and an urgent case."""
    out = resident.send(first)
    assert "14416" in out.texts[0] and "112" in out.texts[0], out.texts[0]
    assert out.case and out.case.get("priority") == "urgent"


@pytest.mark.parametrize("said", ["otp bhi 739201 bata diya tha", "OTP also 739201, I gave it", "I told him the OTP too, it was 739201"])
def test_an_otp_told_at_the_amount_question_is_never_kept(resident, said):
    """The same trial: "OTP also 482913 I shared" typed at "How much money was taken?" was stored in clear and recorded as
    a loss of ₹4,82,913. A word of "also" or "it" between the keyword and the code keeps it an OTP (every pack)."""
    resident.send("mere account se paise kat gaye fraud call ke baad")
    resident.send(said)
    with resident.engine.Session() as s:
        from bot.store.models.residents import Message
        assert not [m.text for m in s.query(Message).all() if "739201" in (m.text or "")]
        incident = s.query(Incident).one()
        assert incident.amount is None or int(incident.amount) != 739201
