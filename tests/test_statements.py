"""SQL statements per inbound message (issue 17): a signed WhatsApp webhook, counted with SQLAlchemy's
``before_cursor_execute`` event, over a whole golden-hour report and a safety question, on SQLite and PostgreSQL.

The goal is at most 8 statements a message (median) and 12 at most for any one message: both are met (the first
urgent message opens the incident, the case, its audit and alert rows in 11 and 9; the registry write costs 12; since
session 19 each answered WhatsApp message counts one UPDATE after its response, which marks the answer given). On
SQLite the webhook's look at the chat's outbox comes with the turn's load (bot/conversation/engine.py ``_turn_load``),
on PostgreSQL with the writes at the turn's end (session 16: the SELECT of the statement whose data-modifying WITHs
write the replies, ``db.write_later(then=...)``): one statement fewer on each. Since session 14 a turn's audit and
alert rows and its replies go out at its end (``db.write_later``): one INSERT a table on SQLite, one statement for
all on PostgreSQL. A brand-new resident's contact is written in the language their first message's letters tell
(session 16), so no turn writes ``UPDATE contacts SET language`` after it: 12 and 10 in any language. Transaction
control (BEGIN, SAVEPOINT) is not counted. This counts work, never time: speed is measured in bench/webhook.py."""
from __future__ import annotations

import statistics

from sqlalchemy import event, select

from fakes import clock, make_app, telegram_fake, twilio_fake  # noqa: F401,F811 (fixtures)
from bot.store.models.cases import AuditEvent, Case, SlaAlert
from bot.store.models.residents import Contact, Incident
from test_whatsapp import GOLDEN_HOUR_ANSWERS, WhatsAppResident

# (median, max) a message: the chat's outbox state is read with the turn's load on SQLite, with its last write on
# PostgreSQL; the registry write costs the max
# Session 19 (attacker's trial F1): a WhatsApp answer counts as given only once its TwiML was handed to the connection,
# by one UPDATE after the response (bot/channels/whatsapp.py respond): one statement more a message, the issue's own
# goals (8 / 12) since
GOALS = {"sqlite": (8, 12), "postgresql": (8, 12)}
FIRST = "15000 was debited from my account just now"
SAFETY = ["how do I keep my OTP safe?", "what is digital arrest"]


def counted(engine, send, texts: list[str]) -> list[tuple[str, int, list[str]]]:
    """(text, statements, the statements) for each message sent."""
    db = engine.Session.kw["bind"]
    seen: list[str] = []

    def on_execute(_conn, _cursor, statement, *_args):
        if not statement.lstrip().upper().startswith(("BEGIN", "SAVEPOINT", "RELEASE SAVEPOINT")):
            seen.append(" ".join(statement.split())[:90])

    event.listen(db, "before_cursor_execute", on_execute)
    try:
        out = []
        for text in texts:
            seen.clear()
            replies = send(text)
            assert replies or text, text  # every message here is answered in its TwiML
            out.append((text, len(seen), list(seen)))
        return out
    finally:
        event.remove(db, "before_cursor_execute", on_execute)


def goals(engine) -> tuple[int, int]:
    return GOALS[engine.Session.kw["bind"].dialect.name]


def _report_and_question(make_app, engine, clock) -> tuple[list[int], str]:
    resident = WhatsAppResident(make_app().test_client(), clock)
    resident.send("hello")  # a resident who has written before: the report starts mid-conversation
    results = counted(engine, resident.send, [FIRST, *GOLDEN_HOUR_ANSWERS, *SAFETY])
    counts = [n for _text, n, _seen in results]
    worst = max(results, key=lambda item: item[1])
    return counts, f"per message {counts}; the costliest ({worst[0]!r}, {worst[1]}):\n  " + "\n  ".join(worst[2])


def test_a_golden_hour_report_and_a_safety_question_cost_few_statements_a_message(make_app, engine, clock):
    counts, detail = _report_and_question(make_app, engine, clock)
    median_goal, _max_goal = goals(engine)
    assert statistics.median(counts) <= median_goal, detail
    # every answer that only fills the report or asks a question; the two messages that open the urgent case
    # and record the scammer's UPI id in the registry cost more (next test)
    assert sorted(counts)[-3] <= median_goal, detail


def test_no_message_of_a_golden_hour_report_costs_more_than_twelve_statements(make_app, engine, clock):
    counts, detail = _report_and_question(make_app, engine, clock)
    assert max(counts) <= goals(engine)[1], detail
    # the urgent first message's case, its audit rows and alert row, and its replies go out at the turn's end:
    # one INSERT a table on SQLite (the ORM wrote the audit rows one by one), one statement on PostgreSQL
    assert counts[0] <= URGENT[engine.Session.kw["bind"].dialect.name], detail


# A resident the helpline has never heard from, whose very first message is a loss happening now (session 14: was 13
# on both databases, the costliest of bench/webhook.py's mix with 14): their contact, conversation and message, the
# claim, the turn's load, the incident, the urgent case, its two audit rows and alert row, the replies. A first
# message in another language than English cost one UPDATE contacts more until session 16 (13 on SQLite): the contact
# is now written in the language the message's letters tell (a pack's script: chosen; romanised words: not).
URGENT = {"sqlite": 11, "postgresql": 9}  # + the delivery mark after the response (session 19)
BRAND_NEW_URGENT = {"sqlite": 13, "postgresql": 11}  # + the delivery mark after the response (session 19)


def test_a_brand_new_residents_urgent_first_message_costs_at_most_twelve_statements(make_app, engine, clock):
    for number, text, language in (
            ("+919800077777", FIRST, ("en", False)),
            ("+919800077779", "someone just took 20000 out of my bank account, right now", ("en", False)),
            ("+919800077778", "mere khate se abhi 8000 rupaye kat gaye", ("hi", False)),
            ("+919800077771", "अभी अभी मेरे बैंक खाते से 9000 रुपये निकल गए", ("hi", True)),
            ("+919800077772", "এখনই আমার ব্যাংক অ্যাকাউন্ট থেকে ৭০০০ টাকা কেটে নিয়েছে", ("bn", True)),
            ("+919800077773", "ابھی ابھی میرے بینک اکاؤنٹ سے 6000 روپے نکل گئے", ("ur", True))):
        resident = WhatsAppResident(make_app().test_client(), clock, number=number)
        (_text, statements, seen), = counted(engine, resident.send, [text])
        detail = f"{text!r}: {statements} statements:\n  " + "\n  ".join(seen)
        assert statements <= BRAND_NEW_URGENT[engine.Session.kw["bind"].dialect.name], detail
        assert not any(line.startswith("UPDATE contacts") for line in seen), detail
        with engine.Session() as session:
            contact = session.scalar(select(Contact).where(Contact.sender == number))
            assert (contact.language, contact.language_chosen) == language, detail
            incident = session.scalars(select(Incident).order_by(Incident.id.desc())).first()
            assert incident.priority == "urgent", detail
            case_id = session.scalar(select(Case.id).where(Case.incident_id == incident.id))
            actions = session.scalars(select(AuditEvent.action).where(AuditEvent.case_id == case_id)).all()
            alerts = session.scalars(select(SlaAlert.kind).where(SlaAlert.case_id == case_id)).all()
        assert {"escalated", "announced"} <= set(actions) and alerts == ["announced"], (actions, alerts)


def test_a_first_message_the_turn_ends_before_reading_its_language_leaves_the_contact_as_before(engine, monkeypatch):
    """The store writes a brand-new resident's contact in the language of their first message's letters; a turn that
    never reaches its language step (STOP in Bengali or Hindi script as the first message) or that fails (the
    apology) leaves the contact as it always did: the unit's default, not chosen."""
    from bot.nlu import triage
    from conftest import Resident

    default = (engine.config.default_language, False)
    for sender, text in (("stop-bn", "বন্ধ করুন"), ("stop-hi", "बंद करो")):
        Resident(engine, channel="local", sender=sender, phone=None).send(text)
        with engine.Session() as session:
            contact = session.scalar(select(Contact).where(Contact.sender == sender))
            assert (contact.language, contact.language_chosen) == default, text

    def broken_read(*args, **kwargs):
        raise RuntimeError("a reading that raises")

    monkeypatch.setattr(triage, "read", broken_read)
    for sender, text in (("crash-hi", "paise kat gaye mere khate se abhi"), ("crash-ur", "میرے پیسے کٹ گئے")):
        out = Resident(engine, channel="local", sender=sender, phone=None).send(text)
        assert any(engine.res.texts.get("error_apology", code) in out.texts for code in ("en", "hi", "ur")), text
        with engine.Session() as session:
            contact = session.scalar(select(Contact).where(Contact.sender == sender))
            assert (contact.language, contact.language_chosen) == default, text


def test_a_whatsapp_message_takes_three_transactions_store_turn_and_delivery_mark(make_app, engine, clock):
    """Issue 17: the webhook's look at the chat's outbox (an earlier answer still waiting, texts held by the 24-hour
    window) is read at the end of the turn, in its transaction: a message is stored in one transaction and handled
    in a second, with no transaction of the webhook's own; since session 19 a third, after the response, marks the
    answer given (one UPDATE: a worker killed before it leaves the answer to the sweep, never lost). An answer still
    never overtakes an earlier one (tests/test_outbox_order.py)."""
    resident = WhatsAppResident(make_app().test_client(), clock)
    resident.send("hello")
    db = engine.Session.kw["bind"]
    begun: list[int] = []

    def on_begin(_conn):
        begun.append(1)

    event.listen(db, "begin", on_begin)
    try:
        for text in ["1", "how do I keep my OTP safe?", "menu"]:
            begun.clear()
            assert resident.send(text), text
            assert len(begun) == 3, (text, len(begun))  # store, turn; the delivery mark after the response (session 19)
    finally:
        event.remove(db, "begin", on_begin)


# A suspicious number checked and reported at once (bench/webhook.py's mix: "is this number a fraud 9876543210", then
# "1"): the report is made, submitted and its number recorded in the registry in one turn. Until session 13 the
# incident was inserted as a draft and then updated to submitted (13 statements on SQLite, 14 on PostgreSQL, whose
# chat look came at the turn's end); now it is inserted already submitted.
SUBMITTED_AT_ONCE = {"sqlite": 13, "postgresql": 13}  # + the delivery mark after the response (session 19)  # PostgreSQL 13 until session 16 (its chat look)


def test_a_report_made_and_submitted_in_one_turn_is_one_insert(make_app, engine, clock):
    resident = WhatsAppResident(make_app().test_client(), clock, number="+919800011122")
    replies = resident.send("is this number a fraud 9876543210")
    assert replies
    (text, statements, seen), = counted(engine, resident.send, ["1"])
    detail = f"{statements} statements:\n  " + "\n  ".join(seen)
    assert not any(line.startswith("UPDATE incidents") for line in seen), detail
    assert statements <= SUBMITTED_AT_ONCE[engine.Session.kw["bind"].dialect.name], detail
    with engine.Session() as session:
        incident = session.scalars(select(Incident).order_by(Incident.id.desc())).first()
        assert incident.status == "submitted" and incident.submitted_at is not None


def test_a_report_started_by_a_resident_no_household_names_looks_up_no_household(make_app, engine, clock):
    """"For whom?" is asked only of a registered relative (bot/outreach/behalf.py): whether households name the
    resident their family contact comes with the turn's load (session 16), so a report started by anyone else runs
    no households look-up of its own (the bench's "is this number a fraud": 11 -> 10 statements on both)."""
    resident = WhatsAppResident(make_app().test_client(), clock, number="+919800011133")
    resident.send("hello")
    for text in ("is this number a fraud 9812312345", "menu", "mera phone chori ho gaya bus me"):
        (_text, statements, seen), = counted(engine, resident.send, [text])
        assert not any(line.startswith("SELECT households") for line in seen), (text, seen)
