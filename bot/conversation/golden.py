"""The triage step of a turn (README.md, "Golden hour"): the message's triage applied before any flow,
menu or language question, and the action and the case that follow from it.

``route(turn, first_contact)`` runs before dispatch. It starts the right report for a loss, a live call
or a danger (a loss dominates; a child's sexual images and kidnapping go to the danger report), records
new facts in the middle of a report (a corrected time, "it is still happening", a second loss, a danger),
and lets a resident who lost nothing leave the money-loss report. It returns True when it handled the
message.

``act(turn)`` runs after dispatch. It says the action first (112, 1098, Tele-MANAS, cut the call, 1930
and the portal), once per danger class and again only when the priority rises; it creates the case at
``urgent`` with its incident and reference at once, alerts officers, and marks it "collecting details";
and it applies an allowed fall of priority (urgent only because the time was unknown) with an audit row
and a note officers see.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from . import answers
from .states import Behalf, GoldenHour, Report
from .. import formats
from ..cases import cases, report_fields
from ..store.models.cases import PRIORITY_RANK, Case
from ..store.models.residents import Incident
from ..cases.priority import HIGH_CATEGORIES, assess, money_level
from ..nlu import commands, triage
from ..nlu.entities import amounts
from ..nlu.topics import ASKED_REPORTS
from ..nlu.classify import LOSS_READ_WORDS

if TYPE_CHECKING:  # pragma: no cover
    from ..config import Config
    from .engine import Turn

# Conversation fields that survive a change of flow (what was told, so it is not told again: the actions said are
# states.GoldenHour's, which carries them itself).
CARRIED = ("danger", "child_abuse", "life_threat", "live_call", "remote_app", "details_shared")
MONEY_FLOWS = {"financial_fraud"}  # the money-loss report a resident who lost nothing may leave
KEEP_LOSS_FLOWS = {"financial_fraud", "sextortion", "danger"}  # a loss told here stays in this report
DANGER_FLOW = "danger"
MONEY_LEVELS = {"old": 1, "day": 2, "urgent": 3}
# What is still connected or was just given away, least first: card or bank details typed into a page (block the
# card), an app installed or something still going on (cut the call if one is on, data off, uninstall the app),
# a call on now (cut the call). Each line is said once, and a higher one when it comes.
CONNECTION_LEVELS = {"details": 1, "app": 2, "connected": 3}
COLLECTING = "collecting details"
# Who the caller said they were (flows/impersonation.yaml `who`) that makes a live call a fake officer's: "there is no
# digital arrest" is said ("police will arrest me", then "yes, still on the video call")
OFFICER_CLAIMS = ("police", "agency")


def read(turn: "Turn", text: str | None = None) -> triage.Triage:
    """What ``text`` (by default this turn's message) says about loss, time, connection and danger."""
    return read_text(turn.config, turn.text if text is None else text, turn.now)


def read_text(config: "Config", text: str, now: datetime) -> triage.Triage:
    """What ``text`` says at ``now`` about loss, time, connection and danger, with the unit's time zone and golden
    hour (before a turn too: ``Engine.read_ahead``)."""
    return triage.read(text, now, config.timezone, config.golden_hour_minutes)


def tells(t: triage.Triage) -> bool:
    """Whether a message's triage starts a report by itself: a loss, money leaving, details just typed, a live
    call or app, a danger (what a flood's held messages are searched for, engine.Turn.catch_up)."""
    return bool(t.danger or t.connected or t.loss or t.ongoing or t.details_typed)


# -- before dispatch ------------------------------------------------------------------------
def route(turn: "Turn", first_contact: bool) -> bool:
    t = turn.triage
    if not turn.norm or commands.command(turn.text):
        return False
    if turn.conv.flow_id and turn.conv.node_id:
        handled = _in_report(turn, t)
    elif _asked_after_an_old_loss(turn, t):
        handled = False  # "my friend lost 5000 last year, how do I stay safe?": the safety answer (dispatch)
    elif tells(t) and _to_filed_report(turn, t):
        handled = True
    elif tells(t):
        _answer_asked(turn)
        _start_report(turn, t)
        handled = True
    elif len(turn.norm.split()) >= LOSS_READ_WORDS and turn.classify().loss_read:
        # a money loss told in words no loss phrase holds, read by the understanding: taken as told, 1930 first
        t = turn.assume_loss()
        _start_report(turn, t)
        handled = True
    else:
        # the money report read, or offered among "Did you mean" choices: the writer said nothing was lost (session 13:
        # "shared otp by mistake, no money gone yet" was asked "1 a call ... 2 money you lost ..." after a retrain)
        # a secret given with nothing lost is the same ("shared otp by mistake, no money gone yet" read as a check
        # after session 14's retraining: "send the number" is no advice for an OTP already given)
        handled = t.no_loss and ("financial_fraud" in (turn.classify().intent, *turn.classify().clarify)
                                 or triage.tells_secret_given(turn.text))
        if handled:
            no_loss_exit(turn)
    if handled:
        turn.keep_media()  # files sent with the message are kept as in any other turn
    return handled


def _asked_after_an_old_loss(turn: "Turn", t: triage.Triage) -> bool:
    """An old loss, nothing urgent, read by the understanding as a safety question (classify.asks_ahead: another's
    old loss with the writer asking how to stay safe): answered, not made the writer's own money report."""
    if not (t.loss and t.age == "old") or t.danger or t.connected or t.ongoing or t.details_typed:
        return False
    result = turn.classify()
    return result.intent == "safety_advice" and result.question


def _to_filed_report(turn: "Turn", t: triage.Triage) -> bool:
    """A further debit ("aur 5000 kat gaye abhi", "another 3000 went just now": a loss with class ``another`` and its
    amount) told after the resident's money report was filed, its case still open: added to that report
    (``report_fields.further_debit``: each debit, their total and the newest time, audited; the officer sees both),
    not a new report whose case would keep the old one's amount. 1930 is said for the new debit's age, and a debit
    within the golden hour makes the case urgent (a resident's trial, session 18)."""
    if not (t.loss and t.another and t.amount) or t.danger or t.connected:
        return False
    case = turn.open_case()
    incident = turn.session.get(Incident, case.incident_id) if case is not None and case.incident_id else None
    if incident is None or incident.category != "financial_fraud" or not (incident.fields or {}).get("money_lost"):
        return False
    at = t.loss_at or turn.now
    approx = t.loss_at is not None and answers.said_roughly(turn.text, turn.now, turn.config.timezone)
    added = report_fields.further_debit(turn.session, case, incident, t.amount, at, t.loss_at is not None, approx,
                                        turn.now, MAX_LATER_LOSSES)
    if not added:
        turn.say("later_losses_for_officer", count=MAX_LATER_LOSSES)
        return True
    level = money_level({"money_lost": True, "money_left_at": at.isoformat()}, turn.now, turn.config.golden_hour_minutes)
    if level:
        turn.say(f"action_money_{level}")
    if level == "urgent":
        turn.escalate(incident, "urgent", "golden_hour")
    turn.say("second_loss_noted", amount=f"({formats.amount(t.amount, turn.lang)})")
    turn.read_as("financial_fraud")
    return True


def _answer_asked(turn: "Turn") -> None:
    """A caller still on the line asked about by one who gave nothing yet ("bank wala TeamViewer download karwa raha,
    phone hold pe hai. karu kya?": classify.live_only): the topic's answer before the report, which stays urgent
    with "cut the call" said first (``act``), as an asked check gets it when nothing is on (dispatch.route)."""
    result = turn.classify()
    if result.question and result.intent in ASKED_REPORTS:
        turn.answer_topic(result)


def _flow_for(turn: "Turn", t: triage.Triage) -> str:
    intent = turn.classify().intent
    if {"kidnap", "child_abuse", "child"} & set(t.danger):
        return DANGER_FLOW
    if set(t.danger) == {"self_harm_other"} and not (intent == "sextortion" and t.threat):
        # someone else may harm themselves ("meri maa ne kaha wo jaan de degi"): where they are, even with a loss told
        # ("my friend lost all his money in an online game and says he wants to kill himself" heard "when did the
        # money leave your account?" in a resident's trial, session 9: the loss is theirs). The sextortion report
        # only when a threat or blackmail is told too ("मेरा भाई कह रहा है कि वो खुदकुशी कर लेगा" alone was read
        # as sextortion by the model and heard "please do not pay")
        return DANGER_FLOW
    if "self_harm" in t.danger and intent == "harassment" and not t.threat:
        # the writer may harm themselves, no one threatening them told ("chuhe maarne ki dawa kha lunga", "i have a rope
        # ready"): the danger report (where are you?), as in Bengali and Urdu, never the harassment flow's "keep every
        # message" and stalking menu (a resident's trial, session 19; the sextortion twin: classify.self_harm_alone)
        return DANGER_FLOW
    if t.danger and intent in ("sextortion", "harassment") and not t.violence:  # someone beaten now is no online
        # harassment ("my neighbour is being beaten right now" was asked "where is this happening? 1 WhatsApp ...")
        return intent
    if t.danger and not t.loss:
        return DANGER_FLOW
    if intent == "sextortion":
        return "sextortion"
    if t.fake_officer and not t.loss:
        return "impersonation"
    if t.connected and not t.loss:  # a caller on the line or a screen-sharing app on the phone, no money told gone:
        # a loss going on now, not one that happened. Never "when did the money leave?": the report about the caller
        # asks who they said they were and whether any money was sent (a resident's trial, session 9)
        return intent if intent == "account_hacked" else "impersonation"
    if t.no_loss and not t.loss:  # nothing lost: never the money-loss report
        return intent if intent in ("account_hacked", "impersonation") else "suspicious_contact"
    return "financial_fraud"


def _start_report(turn: "Turn", t: triage.Triage, keep: bool = False) -> None:
    flow_id = _flow_for(turn, t)
    turn.state.stop()
    turn.read_as(turn.res.flows[flow_id].intent)
    turn.start_flow(flow_id, prefill=True, keep=keep)


def _in_report(turn: "Turn", t: triage.Triage) -> bool:
    """A new fact in the middle of a report: record it and ask the current question again."""
    fields = turn.conv.fields
    node = turn.flow.nodes[turn.conv.node_id]
    if not t.loss and not t.no_loss and fields.get("money_lost") is True and t.amount is not None \
            and node.expect != "amount" and amounts.further_debit(turn.text):
        # "another 5000 at 11" with no loss verb, at "which bank?": a further debit, not the answer (session 16)
        t = replace(t, loss=True, another=True, loss_at=t.time_at)
    if t.no_loss and not t.loss and node.save == "paid":
        turn.set_fields({"paid": False})
        turn.walk(turn.next_of(node))
        return True
    if node.save == "paid" and (t.loss or answers.parse(node, turn.text, turn.answer_context()).value is True):
        # "yes I paid 2 lakh" / "1": the money-loss report (same incident), the amount and the time kept
        facts = paid_facts(turn, t)
        if "money_left_at" in facts:  # read from the message (or the call's own time): flows/impersonation.yaml
            turn.state.change(GoldenHour, paid_time_known=True)
        turn.set_fields(facts)
        turn.walk(turn.next_of(node))
        return True
    if t.no_loss and not t.loss and turn.conv.flow_id in MONEY_FLOWS:
        if t.details_typed:  # "I only typed my card number, nothing debited": the case says so
            turn.set_fields({"details_shared": True})
        no_loss_exit(turn)
        return True
    if t.danger and turn.conv.flow_id != DANGER_FLOW and _flow_for(turn, t) == DANGER_FLOW:
        # a danger to life told in another report ("my husband is beating me right now" at "which bank?"): the danger
        # report, as when told first (where are you?), keeping the report so far and its incident (attacker, session 11)
        _start_report(turn, t, keep=True)
        return True
    if t.loss and turn.conv.flow_id not in KEEP_LOSS_FLOWS and not t.danger and node.save != "paid":
        _start_report(turn, t)  # a loss told in another report: the money-loss report, 1930 first
        return True
    facts = {key: value for key, value in t.facts().items() if fields.get(key) != value}
    if fields.get("money_lost"):
        facts.pop("money_left_at_unknown", None)  # the loss told again, not a second one
    if "danger" in facts:
        facts["danger"] = sorted(set(fields.get("danger") or []) | set(facts["danger"]),
                                 key=triage.DANGER_ORDER.index)
    second = _second_loss(fields, t)
    beyond = bool(second) and len(fields.get("later_losses") or []) >= MAX_LATER_LOSSES
    if beyond:  # one number flooding "another N gone" (attacker trial, session 15): kept as messages, not as debits
        facts.pop("money_left_at", None)
        facts.pop("amount", None)
        facts["later_losses_not_added"] = int(fields.get("later_losses_not_added") or 0) + 1  # the officer goes
        second = False  # through them with the resident (the case shows how many)
    elif second:  # recorded for officers (amount and time), priority re-assessed from its own time
        facts.pop("money_left_at", None)
        facts.pop("amount", None)
        if second is not True:  # the later losses added up; the first loss stays the report's amount
            total = (fields.get("second_loss_amount") or 0) + second
            facts["second_loss_amount"] = int(total) if total == int(total) else total
        facts["second_loss"] = True
        facts["latest_loss_at"] = (t.loss_at or turn.now).isoformat()
        told = None if second is True else (int(second) if second == int(second) else second)
        parts = [answers.whole(part) for part in amounts.debits_in(turn.text)]  # "another 5000 and then 3000 more"
        approx = t.loss_at is not None and answers.said_roughly(turn.text, turn.now, turn.config.timezone)
        facts["later_losses"] = [*(fields.get("later_losses") or []),  # each debit for the freeze request
                                 *({"amount": part, "at": facts["latest_loss_at"], "time_told": t.loss_at is not None,
                                    "approx": approx} for part in (parts if sum(parts) == told else [told]))]
    elif t.loss and fields.get("money_lost") and t.loss_at is not None and fields.get("money_left_at"):
        facts.pop("money_left_at", None)  # a second loss: its own time, the report keeps the first
        if t.loss_at.isoformat() != fields.get("money_left_at"):
            facts["latest_loss_at"] = t.loss_at.isoformat()
    elif t.correction and t.time_at is not None and fields.get("money_lost") and fields.get("money_left_at") \
            and not t.loss:
        facts["money_left_at"] = t.time_at.isoformat()  # "sorry, it was 30 minutes ago, not 3 hours"
        facts["money_left_at_unknown"] = False
        time_node = turn.flow.field_nodes().get("money_left_at")  # its label too, as a first answer gives it (a
        parsed = answers.parse(time_node, turn.text, turn.answer_context()) if time_node else None  # resident's trial,
        if parsed is not None and parsed.ok:  # session 12: "10 minutes ago" kept beside a time corrected to 3 hours;
            # the priority follows the corrected time, audited: settle, tests/test_golden_hour.py)
            facts["money_left_at_label"] = parsed.extra.get("money_left_at_label")
        if t.loss_by is not None or fields.get("money_left_at_by"):  # a day only, or the hour of one told before
            facts["money_left_at_by"] = t.loss_by.isoformat() if t.loss_by is not None else None
        if t.loss_by is None and fields.get("money_left_at_day_only"):  # "kal nahi aaj subah 11 baje": the hour too,
            facts["money_left_at_day_only"] = False  # so the hour question is not asked again (a resident's trial, s18)
    if t.ongoing and fields.get("ongoing") is True and not facts and node.expect != "yesno":
        turn.say("ongoing_noted")  # "it is still happening", told again: noted, not read as an answer
        turn.ask(node)
        return True
    if facts and node.expect == "yesno" and node.save and node.save not in facts:
        parsed = answers.parse(node, turn.text, turn.answer_context())
        if parsed.ok:  # "yes, still on the video call" at "is the caller still on?": the answer too, not asked again
            facts = {**facts, node.save: parsed.value}
    if not facts or set(facts) <= {node.save, "money_lost", f"{node.save}_by"}:
        return False  # nothing new, or the answer to this very question: read it as the answer
    facts = {**turn.told_with(node), **facts}  # "through upi, 10 minutes ago": the method too, as any answer fills
    facts.update(turn.told_besides(node))  # "another 5000 to fraud@ybl": where it went is kept too
    if "money_left_at" in facts:  # "aaj subah": the freeze request says "about"
        facts["money_left_at_approx"] = answers.said_roughly(turn.text, turn.now, turn.config.timezone)
    turn.set_fields(facts)
    if beyond and facts["later_losses_not_added"] == 1:  # told once
        turn.say("later_losses_for_officer", count=MAX_LATER_LOSSES)
    elif second:  # its amount, else its own time: never a blank where the amount goes (an officer's trial)
        told = formats.amount(second, turn.lang) if second is not True else formats.local_time(t.loss_at, turn.config.tz)
        turn.say("second_loss_noted", amount=f"({told})")
    elif facts.get("ongoing") is True and node.expect != "yesno":
        turn.say("ongoing_noted")
    if "money_left_at" in facts and node.save != "money_left_at":
        shown = formats.local_time(datetime.fromisoformat(facts["money_left_at"]), turn.config.tz)
        turn.say("corrected", field=turn.texts.get("field_money_left_at", turn.lang), value=shown)
    if node.save and node.save in turn.conv.fields or node.hour_of and facts.get(f"{node.hour_of}_day_only") is False:
        turn.walk(turn.next_of(node))  # answered, or the hour asked for told with the corrected time
    else:
        turn.ask(node)
    return True


def paid_facts(turn: "Turn", t: triage.Triage) -> dict:
    """A payment told at "did you send them money?": paid, the amount, and when it left (told with it, else
    the call's own time), so the money-loss report that follows words 1930 for the payment's age."""
    fields = turn.conv.fields
    values: dict[str, Any] = {"paid": True}
    amount = answers.parse_amount(turn.text) if t.loss else None
    if amount is not None and not fields.get("amount"):
        values["amount"] = amount
    at = t.loss_at.isoformat() if t.loss_at is not None else fields.get("happened_at")
    if isinstance(at, str) and at:
        values.update({"money_left_at": at, "money_left_at_unknown": False})
    return values


MAX_LATER_LOSSES = 10  # further debits a report records one by one; beyond them an officer goes through the rest


def _second_loss(fields: dict, t: triage.Triage) -> float | bool:
    """A further loss told in the middle of a report: its amount (or True when none is named but a new time is),
    else False. The first loss told again (same amount, no "another"), or "another" with neither an amount nor a
    new time ("aur UPI id ..."), is not a second one. Told before the first loss's time is known (at "when did the
    money leave?": "5000 i paid that also"), a debit of another amount is one too, when the first one's is known."""
    recorded = fields.get("amount")
    if not (t.loss and fields.get("money_lost") is True and (fields.get("money_left_at") or recorded is not None)):
        return False
    new_time = t.loss_at is not None and fields.get("money_left_at") and t.loss_at.isoformat() != fields["money_left_at"]
    if t.amount is not None and recorded is not None and float(recorded) != t.amount:
        return t.amount
    if t.another and t.amount is not None and (recorded is None or float(recorded) != t.amount or new_time):
        return t.amount  # "another 12000 went at 11": the same amount again, at its own time (an officer's trial, s15)
    if t.another and t.amount is None and new_time:
        return True  # "aur paise gaye abhi": a loss verb with a new time, its amount not said
    return False  # "paise account ... me gaye, aur UPI id ...": where the first loss went, no second loss


def no_loss_exit(turn: "Turn") -> None:
    """Nothing was lost: the advice for that, and out of the money-loss report."""
    turn.read_as("suspicious_contact")
    if turn.conv.incident_id:  # a report begun as a loss: officers see that the resident says nothing was lost
        turn.set_fields({"money_lost": False, "report_state": "resident says no money was lost"})
        _lower_after_no_loss(turn)
    turn.leave_flow()
    turn.state.wait("menu")
    turn.say("no_loss_advice")


def _lower_after_no_loss(turn: "Turn") -> None:
    """A case urgent only because of a loss the resident now says did not happen falls (to what the report
    is without it), with an audit row and the note officers see. Danger or a live connection keeps it urgent."""
    fields = dict(turn.conv.fields)
    if fields.get("danger") or fields.get("life_threat") is True or fields.get("ongoing") is True \
            or fields.get("live_call") is True or fields.get("remote_app") is True \
            or fields.get("details_shared") is True:
        return
    case = turn.open_case()
    if case is None or case.priority != "urgent":
        return
    fresh = assess(turn.flow.intent, {**fields, "money_left_at_unknown": False}, turn.now,
                   turn.config.golden_hour_minutes, turn.contact.senior or turn.state.of(Behalf).for_senior)
    if fresh == "urgent":
        return
    note = (f"Priority lowered from urgent to {fresh}: urgent only because of a loss whose time was not known; "
            "the resident then said no money was lost.")
    turn.lower_priority(fresh, note)
    cases.lower(turn.session, case, fresh, turn.now, turn.config.sla_minutes.model_dump(), note)


def crash_lines(texts, language: str, t: triage.Triage) -> list[str]:
    """The action lines the message's triage alone calls for (a danger, a call or app still on, money leaving or
    just gone, details just typed): what a turn that raised still tells first (``Engine._apologise``), with no
    report's fields to read. Empty when the message is not urgent."""
    lines = [texts.get(f"action_danger_{kind}", language) for kind in t.danger]
    if t.connected:
        lines.append(texts.get("action_connected", language))
    if t.loss and t.age in ("golden", "unknown") or t.ongoing:
        lines.append(texts.get("action_money_urgent", language))
    elif t.details_typed:
        lines.append(texts.get("action_details" if t.on_page else "action_details_told", language))
    return lines


# -- after dispatch -------------------------------------------------------------------------
def act(turn: "Turn") -> None:
    if not turn.conv.flow_id:
        return
    fields = turn.conv.fields
    said = turn.state.of(GoldenHour)
    told = list(said.told)
    lines: list[str] = []
    danger = list(fields.get("danger") or [])
    if fields.get("life_threat") is True and not danger:
        danger = ["life_or_self"]  # a yes to "is anyone in danger, or thinking of harming yourself?"
    for kind in danger:
        if f"danger:{kind}" not in told:
            told.append(f"danger:{kind}")
            lines.append(turn.texts.get(f"action_danger_{kind}", turn.lang))
    if turn.triage is not None and turn.triage.release_fee and "release_fee" not in told:
        told.append("release_fee")  # "they now ask 40000 tax to withdraw": do not pay it, said first (once)
        lines.append(turn.texts.get("action_release_fee", turn.lang))
    connected = connection(turn, fields)
    connection_line = money_line = None
    if connected and CONNECTION_LEVELS[connected[0]] > max(
            (CONNECTION_LEVELS[mark] for mark in told if mark in CONNECTION_LEVELS), default=0):
        told.append(connected[0])
        connection_line = turn.texts.get(connected[1], turn.lang)
    level = money_level(fields, turn.now, turn.config.golden_hour_minutes) if fields.get("money_lost") is True \
        else None
    if level:
        if MONEY_LEVELS[level] > int(said.money_told or 0):
            money_line = turn.texts.get(f"action_money_{level}", turn.lang)
            turn.state.change(GoldenHour, money_told=MONEY_LEVELS[level])
    elif fields.get("money_lost") is True and not said.money_told and "money_unknown" not in told \
            and not answers.called_1930(turn.text or ""):  # "maine 1930 pe call kar diya": told to call it already
        # A money report whose time is not known yet (the menu's "I lost money", or a message the triage did not
        # read as a loss: "UPI fraud", "gpay shows a debit"): 1930 comes before "when did the money leave?"
        # (DESIGN.md: every money loss is told about 1930; the urgent line follows if the answer is recent).
        told.append("money_unknown")
        money_line = turn.texts.get("action_money_unknown", turn.lang)
    # A call or app still on is cut first; details given away when money has gone (a loss told with its time, or
    # urgent as its time is not known) come after 1930 (a resident's pass: "OTP bata diya aur 20000 kat gaye" heard
    # "block the card" before "Act now ... 1930"); "if money has already left" stays after "block the card".
    if connection_line and connected[0] == "details" and level:
        lines += [line for line in (money_line, connection_line) if line]
    else:
        lines += [line for line in (connection_line, money_line) if line]
    if told != said.told:
        turn.state.change(GoldenHour, told=told)
    opened = None
    if turn.conv.fields.get("priority") == "urgent":
        opened = _urgent_case(turn)
        if opened:
            lines.append(turn.texts.get("case_urgent", turn.lang, reference=opened))
    elif turn.conv.fields.get("priority") == "high" and level == "day":
        opened = _high_case(turn, "money_24h")
        if opened:  # the reference at once: the bank and 1930 ask for it (an officer's stranger trial)
            lines.append(turn.texts.get("case_day", turn.lang, reference=opened))
    elif turn.conv.fields.get("priority") == "high" and (turn.flow.intent in HIGH_CATEGORIES
                                                         or turn.conv.fields.get("threat") is True):
        opened = _high_case(turn, "high_report")  # sextortion, a threat: high by its kind (DESIGN.md), from the first
        if opened:  # message (a resident's trial: "blackmail, 20000 maang raha hai" left no case behind)
            lines += [turn.texts.get("case_high_comfort", turn.lang),  # a kind word before any case number
                      turn.texts.get("case_high", turn.lang, reference=opened)]
    fell = _apply_fall(turn)
    if fell:  # what changes for the resident, before the next question (after any action line)
        turn.say_first(turn.texts.get(f"priority_fell_{fell}", turn.lang))
    # a lead only above an action to take now: not above a day-old or old loss's advice nor a high case's (sextortion)
    lead = _lead(danger, connected, money_line if level == "urgent" else None,
                 case_said=bool(opened) and turn.conv.fields.get("priority") == "urgent")
    if lines and lead and turn.romanised_reader():  # the action's lead in the resident's letters, above the pack's script
        lines.insert(0, turn.texts.get(f"action_lead_romanised_{lead}", turn.lang))
    if lines:
        turn.say_first("\n\n".join(lines), kind="urgent")


def _lead(danger: list[str], connected: tuple[str, str] | None, money_line: str | None, case_said: bool) -> str | None:
    """Which lead line a romanised reader gets first (texts action_lead_romanised_*): a danger's 112 (a child's with
    Childline, the writer's own self-harm with Tele-MANAS), a call still on ("cut the call"), money to stop now (1930), an app they put on the phone (data off), else the urgent case's when one was
    opened; None above calm advice (a loss a day or more old, a high case): "Abhi turant 1930 ... yahi samay hai" would
    tell a week-old loss to hurry, and the not-flagged tests hold that no action opens a calm reply."""
    if danger:
        if any(kind.startswith("child") for kind in danger):
            return "child"
        return "self_harm" if danger[0] == "self_harm" else "danger"  # Tele-MANAS 14416 beside 112 (session 16)
    if connected and connected[0] == "connected":  # a call still on; details typed or an app installed with no call
        return "connected"  # on have no "cut the call" (their Devanagari line says block the card, remove the app)
    if money_line:
        return "money"
    if connected and connected[0] == "app":  # an app they put on the phone, in use now ("ab wo mera phone chala rahe
        return "app"  # hain"): data off and the app removed first, not the case's acknowledgement (a resident's trial, s18)
    return "case" if case_said else None


def connection(turn: "Turn", fields: dict) -> tuple[str, str] | None:
    """(level, text key) of what is still connected or was just given away: "cut the call" only when a call is
    on (the triage heard one, or the resident said yes to "is the caller still on a call?"); an app installed,
    or a "yes" to "is the caller or the app still on?", says it only as "if the caller is still on the line";
    card details typed into a page, nothing about a call at all."""
    impersonation = turn.flow.intent == "impersonation"
    if fields.get("paying_now") is True and fields.get("money_lost") is not True:  # gone to the bank to pay a caller:
        return "connected", "action_paying_now"  # stop them and the transfer now (not "when did the money leave?")
    if fields.get("live_call") is True or (impersonation and fields.get("ongoing") is True):
        # "there is no digital arrest" only where an officer is claimed (or the resident's yes to "are they still on
        # the call?" in a report about someone posing as one); a "customer care" caller still on gets "cut the call"
        officer = fields.get("fake_officer") is True or fields.get("claimed_to_be") in OFFICER_CLAIMS \
            or not (fields.get("live_call") or fields.get("remote_app"))
        return "connected", "action_fake_officer" if impersonation and officer and not fields.get("money_lost") \
            else "action_connected"
    # money still leaving with no call or app named ("debit ke msg aa rahe hai"): the money line (1930 and the bank
    # now) is the action; the app's advice only where an app was named or nothing has left yet
    if fields.get("remote_app") is True or (fields.get("ongoing") is True and fields.get("money_lost") is not True):
        return "app", "action_app"
    if fields.get("details_shared") is True:  # "close that page" only when the details were typed into one
        return "details", "action_details" if turn.triage.on_page else "action_details_told"
    return None


def _urgent_case(turn: "Turn") -> str | None:
    """The case at ``urgent`` from the first urgent message: its reference when opened or raised now."""
    known = turn.state.of(GoldenHour).urgent_case
    if known:
        case = turn.session.get(Case, known)
        if case is not None and (case.priority == "urgent" or case.status not in cases.OPEN):
            turn.about_case(case if case.status in cases.OPEN else None)  # an officer closed it: not reopened here
            return None
    if turn.conv.fields.get("report_state") is None:
        turn.set_fields({"report_state": COLLECTING})
    incident = turn.sync_incident(create=True)
    reason = "danger" if turn.conv.fields.get("danger") or turn.conv.fields.get("life_threat") else "golden_hour"
    case = turn.escalate(incident, "urgent", reason)
    turn.state.change(GoldenHour, urgent_case=case.id)
    turn.record_identifiers()  # "lost 20000 to fraud@okaxis": in the registry now, checked against later reports
    return incident.reference


def _high_case(turn: "Turn", reason: str) -> str | None:
    """A ``high`` report: money that left within the last 24 hours (``money_24h``), or a report high by its kind
    (``high_report``: sextortion, a threat). The case is in the officers' queue from that message, marked
    "collecting details", as an urgent one is (a resident's trial: one who told the time and then stopped answering
    never reached an officer; banks can often still hold money that left within a day; another: a sextortion
    demand left no case after its first message). Opened once; not announced to the officers' group (that is for
    urgent cases); the report's end raises or keeps it as for any case."""
    kept = turn.state.of(GoldenHour)
    if kept.day_case or kept.urgent_case:
        return None
    if turn.conv.fields.get("report_state") is None:
        turn.set_fields({"report_state": COLLECTING})
    incident = turn.sync_incident(create=True)
    case = turn.escalate(incident, "high", reason)
    turn.state.change(GoldenHour, day_case=case.id)
    turn.record_identifiers()
    return incident.reference


def _apply_fall(turn: "Turn") -> str | None:
    """A case urgent only because the time was unknown (or high only because just the day was told) falls when an
    older time is given: audited, noted. Returns the priority it fell to (the resident is told what that means for
    them, priority_fell_<priority>), or None."""
    fell = turn.state.of(Report).fell
    if not fell:
        return None
    case = turn.open_case()
    after = turn.conv.fields.get("priority", "normal")
    lowered = case is not None and PRIORITY_RANK[after] > PRIORITY_RANK[case.priority]
    if lowered:
        cases.lower(turn.session, case, after, turn.now, turn.config.sla_minutes.model_dump(), fell["reason"])
    turn.state.change(Report, fell=None)
    return after if lowered else None


def settle(previous: str | None, fresh: str, old: dict[str, Any], new: dict[str, Any]) -> tuple[str, dict | None]:
    """The priority after a new fact: it rises at once and never falls silently. The falls allowed: a report urgent
    only because the time was unknown, once the resident gives an older time; one urgent or high only because just
    the day was told ("aaj", "kal"), once the hour is told; a stated time the resident corrects to an older one
    (session 13: "it was 3 hours ago, not just now" is no golden-hour case for the officers' top of the queue).
    Returns (priority, the fall to record or None)."""
    if previous is None or PRIORITY_RANK[fresh] <= PRIORITY_RANK[previous]:
        return fresh, None
    if previous == "urgent" and old.get("money_left_at_unknown") and not old.get("money_left_at") \
            and new.get("money_left_at"):
        when = new.get("money_left_at_label") or new.get("money_left_at")
        return fresh, {"reason": f"Priority lowered from urgent to {fresh}: the time was not known at first; "
                                 f"the resident then said the money left {when}."}
    if previous in ("urgent", "high") and old.get("money_left_at_by") and not new.get("money_left_at_by") \
            and new.get("money_left_at") and old.get("money_left_at_label") != new.get("money_left_at_label"):
        when = new.get("money_left_at_label") or new.get("money_left_at")
        within = "the golden hour" if previous == "urgent" else "24 hours"  # "aaj" alone: as a time not known
        return fresh, {"reason": f"Priority lowered from {previous} to {fresh}: the resident first told only the day "
                                 f"({old.get('money_left_at_label')}, possibly within {within}), then said the money "
                                 f"left {when}."}
    if old.get("money_left_at") and new.get("money_left_at") \
            and datetime.fromisoformat(new["money_left_at"]) < datetime.fromisoformat(old["money_left_at"]):
        # a stated time corrected to an older one ("no wait, it was 3 hours ago, not just now"): the report is what
        # the resident now says; a case an officer holds is never re-assessed by the bot (Engine: a claimed case's
        # messages go to its officer), so this only moves a case still waiting in the queue
        was = old.get("money_left_at_label") or old.get("money_left_at")
        when = new.get("money_left_at_label") or new.get("money_left_at")
        return fresh, {"reason": f"Priority lowered from {previous} to {fresh}: the resident corrected the time the "
                                 f"money left from {was} to {when}."}
    return previous, None
