"""One state machine (bot/conversation/states.py): every wait is declared, each module's data is typed under its own key, and a
conversation stored by the version before (the ``awaiting`` column, loose ``pending`` fields) is answered exactly
as before after deployment: the upgrade (migration 0017) moves its wait and drops the column, its loose fields are
read once and moved. SQLite and PostgreSQL."""
from __future__ import annotations

import json
import re
from datetime import timezone

import pytest
from alembic import command
from sqlalchemy import inspect, select, text

from bot.conversation import states
from bot.store.db import alembic_config, upgrade
from bot.store.models.residents import Contact, Conversation, Incident
from conftest import Resident
from test_stations import unit  # noqa: F401  (a fixture: the test engine with two police stations)

OLD_KEYS = {"kb_choice": ("topics",), "for_whom": ("households",), "clarify": ("intents", "text"), "simple": ("links",)}


def _conversation(session, sender: str) -> Conversation:
    return session.scalar(select(Conversation).join(Contact, Contact.id == Conversation.contact_id)
                          .where(Contact.sender == sender))


def _downgrade(db, revision: str) -> None:
    cfg = alembic_config(db)
    with db.begin() as connection:
        cfg.attributes["connection"] = connection
        command.downgrade(cfg, revision)


def _store_as_before(engine, *senders: str) -> list[str | None]:
    """Store conversations the way the version before stored them, then deploy this one: the schema taken back to
    migration 0016 (the ``awaiting`` column), each row rewritten with its wait in ``awaiting`` and its data loose,
    then the upgrade every process runs at start (``bot.store.db.upgrade``). The waits as stored, one a sender."""
    db = engine.Session.kw["bind"]
    _downgrade(db, "0016")
    stored = []
    with db.begin() as connection:
        for sender in senders:
            row_id, awaiting, pending = connection.execute(text(
                "SELECT conversations.id, conversations.awaiting, conversations.pending FROM conversations JOIN "
                "contacts ON contacts.id = conversations.contact_id WHERE contacts.sender = :sender"),
                {"sender": sender}).one()  # the downgrade put the wait back in the column
            pending = dict(json.loads(pending) if isinstance(pending, str) else pending or {})
            assert states.WAIT not in pending
            for key, fields in OLD_KEYS.items():
                pending.update({name: value for name, value in (pending.pop(key, None) or {}).items() if name in fields})
            connection.execute(text("UPDATE conversations SET awaiting = :awaiting, pending = :pending WHERE id = :id"),
                               {"awaiting": awaiting, "pending": json.dumps(pending), "id": row_id})
            assert connection.execute(text("SELECT awaiting FROM conversations WHERE id = :id"),
                                      {"id": row_id}).scalar() == awaiting
            stored.append(awaiting)
    upgrade(db)
    with db.connect() as connection:  # the column is gone
        assert "awaiting" not in {column["name"] for column in inspect(connection).get_columns("conversations")}
    return stored


@pytest.mark.parametrize("first, answer, waiting", [
    (["Hello", "1", "4"], "1", "kb_choice"),  # "Did you mean": the first topic
    (["Hello", "1", "5"], "don't know", "status_ref"),  # the status question
    (["Hello", "report fraud"], "2", "clarify"),  # which report ("fraud" alone: the money report since session 5)
    (["Hello", "language"], "2", "language"),  # the language question
    (["Hello", "1"], "1", "menu"),  # a menu digit (after the language was chosen)
])
def test_a_conversation_stored_before_is_answered_as_a_new_one(engine, first, answer, waiting):
    new, old = Resident(engine, sender="+919800000001"), Resident(engine, sender="+919800000002")
    for text in first:
        new.send(text)
        old.send(text)
    assert _store_as_before(engine, old.sender) == [waiting]
    with engine.Session() as session:
        assert states.ConversationState(_conversation(session, old.sender)).waiting == waiting
    expected, got = new.send(answer), old.send(answer)
    assert got.texts == expected.texts and got.flow == expected.flow and got.intent == expected.intent
    with engine.Session() as session:  # moved once: the state machine holds it as it holds the new resident's
        before, after = _conversation(session, new.sender), _conversation(session, old.sender)
        assert after.pending == before.pending


def test_old_loose_fields_move_under_their_typed_keys():
    conv = Conversation(pending={"wait": "for_whom", "households": [7, 9], "links": ["https://cybercrime.gov.in"]})
    assert states.migrate(conv)
    state = states.ConversationState(conv)
    assert state.waiting == "for_whom"
    assert state.get(states.ForWhom) == states.ForWhom([7, 9])
    assert state.get(states.HiddenLinks).links == ["https://cybercrime.gov.in"]
    state.stop()  # the wait's own data goes with it; simple mode's links stay
    assert conv.pending == {"simple": {"links": ["https://cybercrime.gov.in"]}}
    assert not states.migrate(conv)  # idempotent


def test_every_wait_is_declared_with_what_it_accepts(engine):
    """The engine and the features (households, relatives) register their waits; each says what a resident may
    answer and, but the menu, has a named handler."""
    assert {"menu", "language", "status_ref", "kb_choice", "clarify", "welcome_reply", "for_whom"} <= set(states.WAITS)
    for wait in states.WAITS.values():
        assert wait.accepts and (wait.handler is not None or wait.stage == "menu")
    with pytest.raises(KeyError):
        states.ConversationState(Conversation(pending={})).wait("no_such_wait")
    with pytest.raises(ValueError):  # its data would be dropped with the wait (``stop``)
        states.register(states.Wait("golden_hour", "anything", "early", lambda turn: True))
    assert "golden_hour" not in states.WAITS


def test_for_whom_and_the_welcome_reply_stored_before_are_answered(engine):
    """The two waits the features register: a relative's "for whom?" and a senior's reply to the welcome, each
    stored the old way, are answered as the new version would."""
    from test_households import SON, add_officers, numbered, register
    add_officers(engine)
    senior = Resident(engine)  # wrote once before the visit
    senior.send("Hello")
    register(engine)
    son = Resident(engine, sender=SON, phone=SON)
    assert "1. For Kamala Devi" in son.send("someone called pretending to be from the bank and asked for the kyc").texts[-1]
    assert _store_as_before(engine, SON, senior.sender) == ["for_whom", "welcome_reply"]
    out = son.send("1")
    assert any("SI Meena" in t for t in out.texts) and out.flow is not None
    out = senior.send("1")
    assert "SI Meena" in out.texts[0] and numbered(out.texts[-1]) == 4  # thanked, then the simple menu
    assert out.flow is None and out.case is None  # "1" was no money-fraud report


def test_the_features_plug_in_and_call_no_private_method_of_the_turn():
    """bot/conversation/hooks.py: each feature module has plug_in(hooks) and uses only the turn's public API; so does the
    golden-hour step (bot/conversation/golden.py)."""
    import re
    from importlib import import_module
    from pathlib import Path

    from bot.conversation.hooks import FEATURES, load
    hooks = load()
    assert hooks.on_message and hooks.before_dispatch and hooks.on_media and hooks.on_flow_start \
        and hooks.ask_first and hooks.on_escalate and hooks.before_replies
    for name in (*FEATURES, "bot.conversation.golden"):
        source = Path(import_module(name).__file__).read_text(encoding="utf-8")
        assert not re.findall(r"turn\._\w+", source), name


# -- a report's "_" fields (before session 9) ------------------------------------------------------------------
# where each typed attribute was kept before: a ``_`` key of the report's fields (docs/architecture.md, "What a
# report keeps"); written here by hand, not read from the code under test
OLD_FIELDS = {
    "report": {"started_at": "_started_at", "woman_officer_available": "_woman_officer_available",
               "channel_has_phone": "_channel_has_phone", "fell": "_fell"},
    "place_said": {"text": "_place_said"},
    "golden_hour": {"told": "_told", "money_told": "_money_told", "paid_time_known": "_paid_time_known",
                    "urgent_case": "_urgent_case", "day_case": "_day_case"},
    "evidence": {"count": "_evidence_count"},
    "registry": {"checked": "_checked", "told_others": "_told_others", "police_advice_told": "_police_advice_told",
                 "no_identifiers_yet": "_no_identifiers_yet"},
    "behalf": {"for_whom": "_for_whom", "household_id": "_household_id", "for_senior": "_for_senior"},
}


def _fields_as_before(Session, written: set[str]) -> None:
    """Every conversation rewritten the way the version before session 9 stored it: what the modules keep for the
    report back in ``_`` fields (only what that version wrote: a value set, and the start's two flags always)."""
    with Session.begin() as session:
        for conv in session.scalars(select(Conversation)):
            pending, fields = dict(conv.pending or {}), dict(conv.fields or {})
            for key, names in OLD_FIELDS.items():
                for attribute, value in (pending.pop(key, None) or {}).items():
                    if value not in (None, [], 0, False, "") or attribute in ("woman_officer_available",
                                                                             "channel_has_phone"):
                        fields[names[attribute]] = value
                        written.add(names[attribute])
            conv.pending, conv.fields = pending, fields


def test_reports_stored_with_their_old_fields_read_as_recorded(resources):
    """Every scripted conversation that walks a report, its row taken back to the old shape after EVERY message
    (the deployment could come at any of them): each reply is byte for byte the recorded one, so the typed keys
    read an old row as the ``_`` fields were read (1930 not said twice, one urgent case, the flows' conditions, the
    files counted, the registry's checks, for whom, a place said at the menu)."""
    from bot.cli.tools import transcripts
    scripts = [script for script in transcripts.load_scripts()
               if '"flow": "' in (transcripts.RECORDED / f"{script.name}.jsonl").read_text(encoding="utf-8")
               or script.name == "pin_code_at_menu"]
    assert len(scripts) >= 60
    written: set[str] = set()
    played = transcripts.play_all(scripts, resources, between=lambda Session: _fields_as_before(Session, written))
    found = transcripts.differences(transcripts.RECORDED, played)
    found = {name: diff for name, diff in found.items() if name in played}
    assert not found, "".join(found.values())[:20000]
    assert {"_started_at", "_woman_officer_available", "_channel_has_phone", "_told", "_money_told", "_urgent_case",
            "_day_case", "_checked", "_evidence_count", "_no_identifiers_yet"} <= written, written


def test_a_report_for_a_senior_stored_with_its_old_fields_stays_the_seniors(engine):
    """A relative's report for a registered senior (tests/test_households.py), the row taken back to the old shape
    before every answer: still high (a senior's), and offered to the senior's beat officer (the household)."""
    from test_households import SON, add_officers, register
    from bot.store.models.cases import Case
    from bot.store.models.outreach import CaseOffer
    meena_id, _ = add_officers(engine)
    register(engine)
    son = Resident(engine, sender=SON, phone=SON)
    assert "1. For Kamala Devi" in son.send("someone called pretending to be from the bank and asked for the kyc").texts[-1]
    written: set[str] = set()
    for answer in ("1", "2", "yesterday", "2", "skip", "done", "110055", "same"):
        out = son.send(answer)
        _fields_as_before(engine.Session, written)
    assert {"_for_whom", "_household_id", "_for_senior"} <= written
    with engine.Session() as session:
        case = session.get(Case, out.case["id"])
        assert case.priority == "high"
        offer = session.scalar(select(CaseOffer).where(CaseOffer.case_id == case.id))
        assert offer.officer_id == meena_id and offer.household_id == 1


def test_a_place_said_at_the_menu_stored_as_before_is_the_next_reports_district(unit):
    """"My pin code is 700016" at the menu, kept the old way (``_place_said``) when the report starts: its district
    is the place said, as for a row stored by this version."""
    lines = ("hello", "1", "my pin code is 700016", "someone took 5000 from my account yesterday")
    new = Resident(unit, sender="+919844444401", phone="+919844444401")
    expected = [new.send(text) for text in lines]
    old, written = Resident(unit, sender="+919844444402", phone="+919844444402"), set()
    reference = re.compile(r"\bCS-\d{6}-[0-9A-Z]{4}\b")
    for text, want in zip(lines, expected):
        got = old.send(text)
        assert [reference.sub("REF", t) for t in got.texts] == [reference.sub("REF", t) for t in want.texts]
        assert got.flow == want.flow
        _fields_as_before(unit.Session, written)
    assert "_place_said" in written and got.incident["district"] == want.incident["district"] is not None


def test_a_reports_old_fields_move_under_their_typed_keys():
    conv = Conversation(fields={"amount": 5000, "_started_at": "2026-11-27T04:30:00+00:00", "_told": ["money_unknown"],
                                "_money_told": 3, "_channel_has_phone": True, "_woman_officer_available": False,
                                "_for_senior": True, "_fell": None, "_no_identifiers_yet": True},
                        pending={"wait": "menu"})
    assert states.migrate(conv)
    state = states.ConversationState(conv)
    assert conv.fields == {"amount": 5000}  # the answers only
    assert state.get(states.Report) == states.Report("2026-11-27T04:30:00+00:00", False, True, None)
    assert state.of(states.GoldenHour).told == ["money_unknown"] and state.of(states.GoldenHour).money_told == 3
    assert state.of(states.Behalf).for_senior and state.of(states.RegistryChecks).no_identifiers_yet
    assert state.fact("_channel_has_phone") is True and state.fact("_paid_time_known") is None
    assert state.waiting == "menu" and not states.migrate(conv)  # idempotent
    carried = state.report_carried(keep=False)  # a new report: what was said and for whom go on, nothing else
    assert carried == {"golden_hour": {"told": ["money_unknown"], "money_told": 3}, "behalf": {"for_senior": True}}
    state.end_report(carried)
    assert conv.pending == {"wait": "menu", **carried}


def test_every_name_a_flow_condition_reads_is_an_answer_or_declared(resources):
    """A flow's ``if:`` names a report's answer, or (``_name``) what a module keeps: states.FLOW_FACTS says which."""
    hidden = {name for flow in resources.flows.values() for node in flow.nodes.values()
              for name in node.if_ if name.startswith("_")}
    assert hidden and hidden <= set(states.FLOW_FACTS), hidden - set(states.FLOW_FACTS)


def test_a_report_the_resident_is_still_in_moves_with_every_turn(engine):
    """A report's ``updated_at`` is the resident's last activity on it while their conversation holds it: a turn
    that answers nothing (a question asked mid-report, which changes only bookkeeping or nothing) moves it with the
    conversation's (until session 10 only answers did, so retention's clock for a draft, "last changed", could run
    out under a resident still writing about it). A report the resident left is no longer touched."""
    resident = Resident(engine)
    resident.send("15000 was debited from my account just now")

    def times():
        with engine.Session() as s:
            conv = s.scalar(select(Conversation))
            incident = s.scalar(select(Incident))
            return conv.updated_at.replace(tzinfo=None), incident.updated_at.replace(tzinfo=None), conv.incident_id

    conversation, report, held = times()
    assert conversation == report and held
    resident.send("what is 1930?", minutes=60)  # no answer to "which bank?": the question is asked again
    assert "Which bank" in resident.texts()
    now = resident.clock.astimezone(timezone.utc).replace(tzinfo=None)
    assert times()[:2] == (now, now)

    resident.send("menu", minutes=60)  # out of the report: it keeps the time of the last turn in it
    resident.send("hello", minutes=60)
    conversation, report, held = times()
    assert held is None and report == now and conversation > now
