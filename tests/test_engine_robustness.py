"""Bad input never crashes a conversation and never loses data."""
from __future__ import annotations

from datetime import timezone

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from bot.messages import Inbound
from bot.store.models.residents import Message
from conftest import NOW, Resident

_counter = iter(range(10**9))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(st.text(max_size=300), min_size=1, max_size=4))
def test_handle_never_raises_and_always_answers(sqlite_engine, texts):
    sender = f"hyp-{next(_counter)}"
    for text in texts:
        outcome = sqlite_engine.handle(Inbound(channel="local", sender=sender, text=text,
                                               received_at=NOW.astimezone(timezone.utc)))
        assert outcome.silent or outcome.replies, f"no reply to {text!r}"
        # answered by the turn, not by the apology of a turn that raised (a maintainer's trial: that counted too)
        apologies = {sqlite_engine.res.texts.get("error_apology", code) for code in sqlite_engine.res.texts.packs.codes}
        assert not apologies & set(outcome.texts), f"the turn raised on {text!r}"
    with sqlite_engine.Session() as s:
        stored = s.scalar(select(func.count()).select_from(Message).where(Message.direction == "in"))
        assert stored >= len(texts)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(answers=st.lists(st.one_of(st.text(max_size=40), st.sampled_from(
    ["skip", "1", "2", "9", "0", "-1", "₹", "1e9", "99999999999999", "MENU", "done", "same", "kal raat", "😀"])),
    min_size=1, max_size=12))
def test_money_fraud_flow_survives_any_answers(sqlite_engine, answers):
    sender = f"flow-{next(_counter)}"
    first = sqlite_engine.handle(Inbound(channel="local", sender=sender, text="mere account se abhi 15000 kat gaye",
                                         received_at=NOW.astimezone(timezone.utc)))
    assert "1930" in first.texts[0]
    for answer in answers:
        outcome = sqlite_engine.handle(Inbound(channel="local", sender=sender, text=answer,
                                               received_at=NOW.astimezone(timezone.utc)))
        assert outcome.replies
        assert not any("something went wrong" in t for t in outcome.texts), (answer, outcome.texts)


# -- a turn that raises (session 10): what the apology says is true ------------------------------------------------

class Broken(Exception):
    pass


def _raising(turn):
    raise Broken("a feature's bug")


def _failed(engine, outcome):
    from bot.store.models.cases import Case, CaseNote
    with engine.Session() as s:
        message = s.get(Message, outcome.message_id)
        case = s.get(Case, message.case_id) if message.case_id else None
        notes = [n.text for n in s.scalars(select(CaseNote).where(CaseNote.case_id == case.id))] if case else []
        return message.status, case and (case.priority, case.status, case.reason), notes


def _failed_turns(channel: str, urgent: str) -> float:
    from bot import metrics
    return metrics.FAILED_TURNS.labels(channel=channel, urgent=urgent)._value.get()


def test_a_crashed_urgent_turn_still_tells_1930_first_and_opens_an_urgent_case(sqlite_engine, caplog):
    """A feature hook that raises (registered here, as a feature registers) rolls the turn back: the resident still
    reads the golden hour's action in their language, and an urgent case holds the message for officers."""
    sqlite_engine.hooks.on_message.insert(0, _raising)
    before = _failed_turns("local", "yes")
    resident = Resident(sqlite_engine, channel="local", sender="crash-urgent", phone=None)
    out = resident.send("मेरे खाते से अभी 15000 रुपये कट गए")
    assert "1930" in out.texts[0] and out.replies[0].kind == "urgent"
    assert out.texts[0] == sqlite_engine.res.texts.get("action_money_urgent", "hi")  # in Hindi, as written
    assert out.texts[1] == sqlite_engine.res.texts.get("error_apology", "hi")
    status, case, notes = _failed(sqlite_engine, out)
    assert status == "failed" and case == ("urgent", "waiting", "golden_hour")
    assert out.case["priority"] == "urgent" and any("could not handle this message" in n for n in notes)
    assert _failed_turns("local", "yes") == before + 1
    logged = [r for r in caplog.records if r.getMessage().startswith("turn failed")]
    assert logged and "15000" not in logged[0].getMessage() and "crash-urgent" not in logged[0].getMessage()


def test_a_crashed_turn_in_danger_tells_112(sqlite_engine):
    sqlite_engine.hooks.on_message.insert(0, _raising)
    resident = Resident(sqlite_engine, channel="local", sender="crash-danger", phone=None)
    out = resident.send("someone is threatening to kill me right now, he is outside my house")
    assert "112" in out.texts[0]
    assert _failed(sqlite_engine, out)[1][0] == "urgent"


def test_a_crashed_ordinary_turn_is_in_a_case_an_officer_sees(sqlite_engine):
    """'Your message is saved and an officer can see it': a normal case holds the failed message."""
    sqlite_engine.hooks.on_message.insert(0, _raising)
    before = _failed_turns("local", "no")
    resident = Resident(sqlite_engine, channel="local", sender="crash-plain", phone=None)
    out = resident.send("how do I make my instagram account safer")
    assert out.texts[0] == sqlite_engine.res.texts.get("error_apology", "en") and "1930" not in out.texts[0]
    status, case, _ = _failed(sqlite_engine, out)
    assert status == "failed" and case == ("normal", "waiting", "bot_error")
    assert _failed_turns("local", "no") == before + 1
    from bot.cases import cases
    with sqlite_engine.Session() as s:  # the officers' queue
        assert out.case["id"] in [c.id for c in cases.queue(s)]
    sqlite_engine.hooks.on_message.remove(_raising)  # fixed: the next message is answered, and the case is kept
    out = resident.send("menu")
    assert not any("something went wrong" in t for t in out.texts)


def test_a_turn_whose_reading_itself_raises_is_still_apologised_for_and_filed(sqlite_engine, monkeypatch):
    """A fault injected where the turn and the apology both read the message (the triage): a reading that raises
    (as "9999-12-31" once did, an attacker's trial, session 10) failed the apology too, and the web chat answered 500.
    The resident gets the apology and a normal case holds the message for officers."""
    from bot.nlu import triage

    def broken_read(*args, **kwargs):
        raise Broken("a reading that raises")

    monkeypatch.setattr(triage, "read", broken_read)
    resident = Resident(sqlite_engine, channel="local", sender="crash-reading", phone=None)
    out = resident.send("mere account se abhi 5000 kat gaye")
    assert sqlite_engine.res.texts.get("error_apology", "en") in out.texts or \
        sqlite_engine.res.texts.get("error_apology", "hi") in out.texts
    status, case, notes = _failed(sqlite_engine, out)
    assert status == "failed" and case == ("normal", "waiting", "bot_error") and notes
