"""Reports made for someone else: who reported for whom.

- A registered family contact (written down on the resident's visit, with the resident's consent) who
  starts a report is asked first: "for <resident>, or for yourself?" (at most three residents and
  "myself": four choices). Choosing the resident records ``reported_for`` (their name), ``reported_by``
  (the relative and relation) and ``for_household`` (its id) in the report, so it is a senior's report:
  priority ``high`` at least, offered to the resident's beat officer first. The answer carries over when
  "another cyber crime" hands the report to that crime's own flow. An urgent report is never delayed by
  the question: it is not asked then (only a phrase, below, is recorded).
- Anyone may also say it in the message ("for my father", "mere papa ke account se", "मेरी माँ के लिए"):
  the relation is recorded as ``reported_for`` (the priority is not changed by a phrase alone).
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from sqlalchemy import bindparam, select

from ..conversation import states
from ..store.models.outreach import Household
from ..store.models.officers import Officer
from ..nlu import words
from ..nlu.commands import clean

if TYPE_CHECKING:
    from ..conversation.engine import Turn
    from ..conversation.hooks import Hooks

_WORDS = words.load("behalf")  # lang/<code>/words/behalf.yaml: relation -> words, my_words before them, self_words
_RELATIONS = {relation: found for relation, found in _WORDS.items() if relation not in ("my_words", "self_words")}
_WORD_TO_RELATION = {w: rel for rel, found in _RELATIONS.items() for w in found}
_MY = "|".join((r"\b" if word.isascii() else "") + r"\s+".join(re.escape(part) for part in word.split())
               for word in _WORDS["my_words"])
_PATTERN = re.compile(
    rf"(?:{_MY})\s+("
    + "|".join(sorted((re.escape(w) for w in _WORD_TO_RELATION), key=len, reverse=True)) + r")(?!\w)",
    re.IGNORECASE)
_SELF = frozenset(clean(word) for word in _WORDS["self_words"])  # "myself", "khud": the answer for oneself
MAX_RESIDENTS = 3
CARRIED = ("reported_for", "reported_by", "for_household")  # and states.Behalf, which carries itself


def relation_in(text: str) -> str | None:
    """'father', 'mother', ... when the message says it is about the writer's elder relative."""
    match = _PATTERN.search((text or "").lower())
    return _WORD_TO_RELATION.get(match.group(1).lower()) if match else None


def looked_after(session, contact) -> list[Household]:
    """Households naming this contact as their family contact (with the resident's consent). No resident's turn
    writes a household (officers register them: bot/outreach/households.py), so the turn's pending changes are not flushed
    for this read; they go out once, with the turn's replies."""
    with session.no_autoflush:
        return list(session.scalars(_LOOKED_AFTER, {"channel": contact.channel, "sender": contact.sender}))


# built once (issue 17: building a statement cost about as much as running it)
_LOOKED_AFTER = select(Household).where(
    Household.family_channel == bindparam("channel"), Household.family_sender == bindparam("sender"),
    Household.family_consent.is_(True)).order_by(Household.id).limit(MAX_RESIDENTS)


def prefill(turn: "Turn", text: str | None = None) -> dict[str, Any]:
    """Fields from the message that starts a report (``text``, else this turn's): who it is for, when it says so."""
    relation = relation_in(turn.text if text is None else text)
    return {"reported_for": f"the reporter's {relation}", "reported_by": "a relative (this chat)"} if relation else {}


def _question(turn: "Turn", residents: list[Household]) -> None:
    lines = [f"{i}. {turn.texts.get('for_whom_resident', turn.lang, resident=h.resident_name)}"
             for i, h in enumerate(residents, 1)]
    lines.append(f"{len(residents) + 1}. {turn.texts.get('for_whom_self', turn.lang)}")
    turn.pause_flow()
    turn.state.wait("for_whom", states.ForWhom([h.id for h in residents]))
    turn.say_as_written("\n".join([turn.texts.get("for_whom_question", turn.lang), *lines]), choices=lines)


def ask_first(turn: "Turn") -> bool:
    """A registered relative starts a (non-urgent) report: ask for whom before the first question."""
    fields = turn.conv.fields
    if turn.state.of(states.Behalf).for_whom is not None or fields.get("priority") == "urgent" \
            or turn.classify().urgent or not turn.family_contact():  # read with the turn's load: no look-up
        return False
    residents = looked_after(turn.session, turn.contact)
    if not residents:
        return False
    _question(turn, residents)
    return True


def answer(turn: "Turn") -> None:
    """The reply to "for whom?": record it and start the report's first question."""
    asked = turn.state.get(states.ForWhom)
    ids = asked.households if asked else []
    cleaned = clean(turn.text)
    choice = int(cleaned) if cleaned.isdigit() else None
    if cleaned in _SELF:
        choice = len(ids) + 1
    if choice is None or not 1 <= choice <= len(ids) + 1:
        turn.say("bad_choice")
        return _question(turn, [h for h in (turn.session.get(Household, i) for i in ids) if h is not None])
    turn.state.stop()
    values: dict[str, Any] = {}
    behalf = states.Behalf(for_whom="self" if choice == len(ids) + 1 else "resident")
    if choice <= len(ids):
        household = turn.session.get(Household, ids[choice - 1])
        officer = turn.session.get(Officer, household.beat_officer_id)
        who = household.family_name or "family contact"
        values.update({"reported_for": household.resident_name,
                       "reported_by": f"{who} ({household.family_relation})" if household.family_relation else who,
                       "for_household": household.id})
        behalf.household_id, behalf.for_senior = household.id, bool(household.senior)
        turn.say("for_whom_noted", resident=household.resident_name, officer=officer.display_name)
    turn.state.put(behalf)  # before the fields: a report for a senior is assessed as one
    turn.set_fields(values)
    turn.walk(turn.flow.start)


def _answered(turn: "Turn") -> bool:
    answer(turn)
    return True


states.register(states.Wait("for_whom", "a digit of the residents offered, the last one (or 'myself'): for myself",
                            "early", _answered, needs_flow=True))


def plug_in(hooks: "Hooks") -> None:
    """Who a report is for: read from the message that starts it, asked first of a registered relative."""
    hooks.on_flow_start.append(lambda turn, source, fields: {} if "reported_for" in fields else prefill(turn, source))
    hooks.ask_first.append(ask_first)
    hooks.carried.update(CARRIED)
