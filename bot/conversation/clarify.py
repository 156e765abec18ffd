"""Ask instead of guessing (issue 11): one short numbered question when a first message could be two reports
(or a report and a safety question).

The classifier names the report intents it cannot tell apart (``Classification.clarify``); it never
does so for an urgent message, so urgency never waits for this question. When money against no money
is the question, it is asked as such ("Has money already left your account? 1 Yes 2 No"); otherwise
the candidates are listed ("Is this about: 1 ... 2 ..."). The answer starts the chosen report, filled
from the first message (its amount, time, numbers). Anything that is not an answer is read as a new
message, so a resident who simply goes on writing is never stuck.

Each report is offered by its line ``clarify_<intent>`` (lang/<code>/texts/ui.yaml) when the packs word one, else by
its flow's own title (every pack words that: the flow files' completeness check), so a new report flow is asked
about without a text of its own (a maintainer's ``sim_swap`` flow crashed "my sim was swapped" on the missing key,
session 10). ``check`` names at start-up an intent the question may offer with neither (``safety_advice``, which
has no flow, needs its line).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from .answers import _yesno, ordinal
from .states import Clarify
from ..content.datafile import DataError
from ..nlu.commands import clean

if TYPE_CHECKING:
    from ..content.catalogue import Catalogue
    from ..content.flows import Flow
    from ..content.texts import Texts
    from .engine import Turn

MAX_KEPT = 2000  # characters of the first message kept for filling the report in


NO_LOSS = ("suspicious_contact", "safety_advice")  # what "no money has left" leaves


def _money_question(intents: list[str]) -> str | None:
    """The intent a "No" means, when the question is money lost against nothing lost; else None."""
    if len(intents) == 2 and "financial_fraud" in intents:
        other = intents[1] if intents[0] == "financial_fraud" else intents[0]
        return other if other in NO_LOSS else None
    return None


ASKABLE_SYSTEM = ("safety_advice",)  # the question may offer it beside the report flows (classify.clarify_between)


def label(texts: "Texts", flows: dict[str, "Flow"], catalogue: "Catalogue", intent: str, language: str) -> str:
    """How the question offers ``intent``: its ``clarify_<intent>`` line, else its report flow's title."""
    key = f"clarify_{intent}"
    if texts.has(key):
        return texts.get(key, language)
    return texts.render(flows[catalogue.report_flows[intent]].title, language)


def check(texts: "Texts", flows: dict[str, "Flow"], catalogue: "Catalogue") -> None:
    """Start-up: every intent the question may offer (the report flows' and ``ASKABLE_SYSTEM``) has its wording."""
    for intent in (*catalogue.report_flows, *ASKABLE_SYSTEM):
        flow = flows.get(catalogue.report_flows.get(intent, ""))
        if not texts.has(f"clarify_{intent}") and (flow is None or not flow.title):
            packs = texts.packs.root if texts.packs else "lang"
            raise DataError(f"{packs}/en/texts/ui.yaml: no text clarify_{intent} (how the clarifying question "
                            f"offers {intent!r}), and no report flow of that intent whose title could say it; "
                            "add the line in every pack")


def ask(turn: "Turn", intents: tuple[str, ...]) -> None:
    turn.state.wait("clarify", Clarify(list(intents), turn.text[:MAX_KEPT]))
    turn.read_as(None)
    if _money_question(list(intents)):
        lines = [f"1. {turn.texts.get('word_yes', turn.lang)}", f"2. {turn.texts.get('word_no', turn.lang)}"]
        question = turn.texts.get("clarify_money_left", turn.lang)
    else:
        lines = [f"{i}. {label(turn.texts, turn.res.flows, turn.res.catalogue, intent, turn.lang)}"
                 for i, intent in enumerate(intents, 1)]
        question = turn.texts.get("clarify_which", turn.lang)
    turn.say_as_written("\n".join([question, *lines]), choices=lines)


def chosen(turn: "Turn") -> str | None:
    """The intent the resident's answer picks, or None when the message is not an answer."""
    asked = turn.state.get(Clarify)
    intents = list(asked.intents) if asked else []
    no_means = _money_question(intents)
    if no_means:
        parsed = _yesno(turn.text)
        if not parsed.ok:
            return None
        return "financial_fraud" if parsed.value else no_means
    cleaned = clean(turn.text)
    place = ordinal(turn.text)  # "the second one", "dusra wala": its number (session 16)
    if place is None and len(intents) == 1 and _yesno(turn.text).value is True:
        place = 1  # "haan" at the one report offered ("I can take your report here: reply 1")
    if place is not None:
        cleaned = str(place)
    if cleaned.isdigit() and 1 <= int(cleaned) <= len(intents):
        return intents[int(cleaned) - 1]
    return None


def answer(turn: "Turn") -> bool:
    """Route the answer to the chosen report; False (and the question dropped) when it is not an answer."""
    asked = turn.state.get(Clarify)
    intent = chosen(turn)
    turn.state.stop()
    if intent is None:
        return False
    turn.read_as(intent)
    turn.route(intent, (asked.text if asked else "") or turn.text)
    return True
