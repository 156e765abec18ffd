"""Issue 10, defects a resident's trial found after the golden hour was built (SQLite and PostgreSQL):
self-harm in romanised Hindi, a paid digital arrest, a live call in the present tense, SKIP everywhere,
an IMEI anywhere in the lost-phone flow, a loss taken back, wording, a second loss, "still happening"."""
from __future__ import annotations

import pytest


# -- 1. self-harm in romanised Hindi, Devanagari and English ---------------------------------
@pytest.mark.parametrize("message", [
    "mujhe marna hai",
    "mujhe marna hai, wo log meri photo viral kar denge",
    "marne ka mann kar raha hai",
    "मुझे मरना है, अब जीने का मन नहीं",
    "I want to end it all, there is no reason to live",
])
def test_self_harm_gets_112_and_tele_manas_first_and_an_urgent_case(resident, message):
    out = resident.send(message)
    assert "112" in out.texts[0] and "14416" in out.texts[0]
    assert out.case["priority"] == "urgent"


# -- 2. digital arrest, "yes, I paid" ---------------------------------------------------------
def test_digital_arrest_paid_yesterday_moves_to_the_money_report_with_the_day_wording_and_the_amount(resident):
    resident.send("a CBI officer video called me and said digital arrest, I cut the call")  # not live: "when?" asked
    resident.send("2")  # not on the call now
    resident.send("yesterday")  # when did they contact you
    out = resident.send("yes I paid 2 lakh")
    assert out.flow == "financial_fraud" and out.node != "paid"
    assert out.texts[0].startswith("Call 1930") and "last 24 hours" in out.texts[0]
    assert "Act now" not in out.texts[0]  # not the golden-hour wording for yesterday's payment
    assert int(out.incident["amount"]) == 200000
    assert not any("Did you send them any money" in t for t in out.texts)


def test_digital_arrest_plain_yes_moves_on_and_is_not_asked_again(resident):
    resident.send("someone from customs called saying a parcel in my name has drugs")
    resident.send("2")  # not on the call now
    resident.send("2 hours ago")
    out = resident.send("1")  # yes, paid
    assert out.flow == "financial_fraud"
    assert not any("Did you send them any money" in t for t in out.texts)
    assert "1930" in out.texts[0]


# -- 3. a live digital-arrest call in the present tense ---------------------------------------
def test_live_digital_arrest_in_the_present_tense_is_told_to_cut_the_call_and_not_asked_if_live(resident):
    out = resident.send("CBI officer on video call says I am under digital arrest")
    assert out.texts[0].startswith("Cut the call now")
    assert out.case["priority"] == "urgent"
    assert not any("still on a call" in t for t in out.texts)


def test_a_past_digital_arrest_call_is_not_live(resident):
    out = resident.send("a CBI officer video called me yesterday and said digital arrest, I cut the call")
    assert not out.texts[0].startswith("Cut the call now")


# -- 7. the within-24-hours wording never says "today" ----------------------------------------
def test_a_loss_from_yesterday_is_not_told_money_that_left_today(resident):
    out = resident.send("I lost 5000 through UPI yesterday evening")
    first = out.texts[0]
    assert "1930" in first and "today" not in first and "last 24 hours" in first


# -- 4. don't know / SKIP everywhere, and never a loop ----------------------------------------
def walk_to(resident, node, answer="skip", limit=15):
    out = resident.last
    for _ in range(limit):
        if out.node == node:
            return out
        out = resident.send(answer)
    raise AssertionError(f"never reached {node}, stuck at {out.node}")


def test_dont_know_is_accepted_at_every_money_report_question(resident):
    resident.send("I lost money")
    resident.send("pata nahi")  # when: not known
    out = walk_to(resident, "what_happened_after")
    assert "How was the money taken" in out.texts[-1]
    out = resident.send("pata nahi")
    assert out.node != "what_happened_after" and not any("This detail is needed" in t for t in out.texts)
    out = walk_to(resident, "district")
    out = resident.send("skip")
    assert out.node != "district" and not any("This detail is needed" in t for t in out.texts)
    out = walk_to(resident, "bank_told")
    out = resident.send("skip")
    assert out.node != "bank_told"
    assert any("tell your bank" in t for t in out.texts)  # not known: the advice all the same
    assert out.incident["bank_told"] is None


def test_digital_arrest_paid_not_known_goes_on_without_praise_for_not_paying(resident):
    resident.send("cbi officer called, said there is an arrest warrant against me")
    resident.send("2")
    resident.send("yesterday")
    out = resident.send("skip")
    assert out.node != "paid" and out.flow == "impersonation"
    assert not any("right thing by not paying" in t for t in out.texts)


def test_two_unreadable_answers_to_a_yes_no_question_are_noted_as_not_known(resident):
    resident.send("cbi officer called, said there is an arrest warrant against me")
    resident.send("2")
    resident.send("yesterday")
    out = resident.send("what do you mean")
    assert out.node == "paid"
    out = resident.send("hmm the officer was very rude")
    assert out.node != "paid" and any("not known" in t for t in out.texts)


# -- 10. the re-ask matches the question's own choices ----------------------------------------
def test_lost_phone_stolen_question_reasked_with_its_own_choices(resident):
    resident.send("my phone is not with me since morning")  # "my phone was lost" tells it (session 11): not asked
    out = resident.last
    assert "Reply 1 if stolen, 2 if lost" in out.texts[-1]
    out = resident.send("yesterday")
    assert out.node == "stolen"
    assert not any("1 for yes or 2 for no" in t for t in out.texts)
    assert "1 or 2" in out.texts[0] and "Reply 1 if stolen, 2 if lost" in out.texts[-1]


# -- 5. an IMEI anywhere in the lost-phone report is kept; a card with card words is not ---------
def stored_texts(engine):
    from sqlalchemy import select

    from bot.store.models.residents import Message
    with engine.Session() as s:
        return [m.text for m in s.scalars(select(Message).where(Message.direction == "in")).all()]


def test_imei_typed_at_any_lost_phone_question_is_kept(resident, engine):
    resident.send("my phone was lost")
    out = resident.send("490154203237518")  # at "Was it stolen?"
    assert "490154203237518" in stored_texts(engine)
    assert not any("REDACTED" in t for t in stored_texts(engine))
    assert not any("card" in t.lower() for t in out.texts)


def test_a_card_number_with_card_words_in_the_lost_phone_report_stays_redacted(resident, engine):
    resident.send("my phone was lost")
    resident.send("my debit card 4539578763621486 was in the cover too")
    assert not any("4539578763621486" in t for t in stored_texts(engine))
    assert any("[REDACTED-CARD]" in t for t in stored_texts(engine))


def test_a_15_digit_luhn_number_outside_a_phone_report_is_still_redacted(resident, engine):
    resident.send("I lost 5000 through UPI 10 minutes ago")
    resident.send("490154203237518")
    assert not any("490154203237518" in t for t in stored_texts(engine))


# -- 6. a resident who lost nothing mid-report is no longer an urgent case ---------------------
def test_no_loss_after_an_unknown_loss_lowers_the_urgent_case_with_an_audit_row_and_a_note(resident, engine):
    from sqlalchemy import select

    from bot.store.models.cases import AuditEvent, Case
    from bot.store.models.residents import Incident
    out = resident.send("I lost money")
    assert out.case["priority"] == "urgent"
    out = resident.send("wait actually I didn't pay, I only shared the OTP")
    assert out.flow is None and any("block" in t.lower() for t in out.texts)  # the no-loss advice
    with engine.Session() as s:
        case = s.scalars(select(Case)).one()
        assert case.priority == "normal"
        rows = s.scalars(select(AuditEvent).where(AuditEvent.case_id == case.id,
                                                  AuditEvent.action == "priority_lowered")).all()
        assert len(rows) == 1
        incident = s.get(Incident, case.incident_id)
        assert "no money was lost" in incident.fields["priority_note"]


def test_no_loss_does_not_lower_a_case_urgent_for_a_live_call(resident, engine):
    from sqlalchemy import select

    from bot.store.models.cases import Case
    resident.send("abhi 50000 kat gaye, caller abhi bhi line par hai")
    resident.send("sorry, no money gone, I only shared the OTP")
    with engine.Session() as s:
        assert s.scalars(select(Case)).one().priority == "urgent"


# -- 8. a second loss mid-report is recorded and acknowledged ---------------------------------
def test_a_second_loss_mid_report_is_recorded_acknowledged_and_the_question_asked_again(resident, engine):
    from sqlalchemy import select

    from bot.store.models.cases import Case
    from bot.store.models.residents import Incident
    resident.send("I lost 8000 through UPI 3 hours ago")
    out = resident.send("SBI")
    asked = out.node
    out = resident.send("and now another 10000 also gone just now")
    assert any("further loss (₹10,000)" in t for t in out.texts)
    assert out.node == asked  # the current question again
    assert out.case["priority"] == "urgent"  # re-assessed from the second loss's own time
    with engine.Session() as s:
        incident = s.get(Incident, s.scalars(select(Case)).one().incident_id)
        assert int(incident.amount) == 8000
        assert incident.fields["second_loss_amount"] == 10000 and incident.fields["second_loss"] is True


def test_the_first_loss_told_again_is_not_a_second_loss(resident):
    resident.send("I lost 8000 through UPI 20 minutes ago")
    out = resident.send("SBI")
    out = resident.send("the 8000 went 20 minutes ago")
    assert not any("further loss" in t for t in out.texts)


# -- 9. "it is still happening" mid-report ----------------------------------------------------
def test_still_happening_mid_report_is_recorded_not_read_as_a_bad_time(resident):
    out = resident.send("paise kat rahe hain bhai jaldi kuch karo")
    assert out.node == "when" and out.case["priority"] == "urgent"
    out = resident.send("haan abhi bhi msg aa rahe hain debit ke")
    texts = resident.engine.res.texts  # the conversation is in Hindi (a romanised-Hindi first message, issue 16)
    bad_time = {texts.get("bad_time", lang) for lang in ("en", "hi")}
    noted = {texts.get("ongoing_noted", lang) for lang in ("en", "hi")}
    assert not any(b in t for t in out.texts for b in bad_time)
    assert any(n in t for t in out.texts for n in noted)
    assert out.incident["ongoing"] is True and out.case["priority"] == "urgent"
