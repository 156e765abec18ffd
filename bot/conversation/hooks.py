"""Named points of a turn where features register, instead of the engine calling them.

A feature module (the elderly residents': reminders, simple mode, households, relatives, voice notes) has a
``plug_in(hooks)`` function; the engine loads the modules named in ``FEATURES`` by name (importlib) when it is
made, so the conversation core imports none of them (the import-linter contract "core-no-features"). A feature
uses only the turn's public API (``say``, ``say_as_written``, ``set_fields``, ``walk``, ``ask``, ``reask_or_menu``,
``escalate``, ``keep_media``, ``menu``, ``command``, ``pause_flow``, ``set_preference``, ``file_under``,
``about_case``, ``state`` with its ``get``/``put``/``drop`` of the module's own typed state; for the golden-hour step,
bot/conversation/golden.py, also ``start_flow``, ``leave_flow``, ``next_of``, ``answer_context``, ``sync_incident``,
``open_case``, ``record_identifiers``), never a ``Turn._private`` method, and reads but never writes the turn's data
(``turn.conv.node_id = ...``, ``turn.replies.append(...)``): tests/test_engine_parts.py holds both at none
(bot/cli/tools/part_calls.py).

The points, in the order a turn meets them:

- ``on_message(turn) -> bool``: the message as it arrives, before a case held by an officer or a flood is
  looked at; True when it was answered (STOP / START).
- ``before_dispatch(turn) -> bool``: after the commands (MENU, HELP, OFFICER, LANGUAGE) and before anything
  the conversation waits for; True when handled (simple mode's "0", "simple mode", "full menu", LINK).
- ``on_media(turn, kept, in_flow) -> bool``: a file with no words; True when the feature answered it (a
  voice note).
- ``on_flow_start(turn, source, fields) -> dict``: fields a report starts with, read from the message that started it
  (who it is for: "for my father").
- ``ask_first(turn) -> bool``: just before a report's first question; True when the feature asked something
  first (a registered relative: "for whom?") and the report waits for it.
- ``on_escalate(turn, case, new)``: a case was made or raised (offered to a senior's beat officer).
- ``before_replies(turn, replies) -> replies``: the replies about to go out (simple mode hides links).

Three ask a feature how to show the conversation (the first answer that is not None is used):

- ``menu_actions(turn) -> {digit: action} | None``: the main menu's digits (simple mode: its menu of four).
- ``choice_lines(turn, node) -> lines | None``: a choice question's numbered lines (simple mode: three a page
  and "4. More").
- ``choice_answer(turn, node) -> str | None``: a digit read against what was shown ("more": the next page).

The resident's ``simple_mode`` itself is a column of the contact, read by the core (short wording, the menu
of four in ``menu_simple``).

``carried``: conversation fields a feature keeps when a report hands over to another flow.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:
    from .engine import Turn
    from ..content.flows import Node
    from ..messages import Reply
    from ..store.models.cases import Case

FEATURES = ("bot.outreach.reminders", "bot.outreach.simple", "bot.outreach.households", "bot.outreach.behalf", "bot.outreach.voicenotes")


@dataclass
class Hooks:
    on_message: list[Callable[["Turn"], bool]] = field(default_factory=list)
    before_dispatch: list[Callable[["Turn"], bool]] = field(default_factory=list)
    on_media: list[Callable[["Turn", int, bool], bool]] = field(default_factory=list)
    on_flow_start: list[Callable[["Turn", str, dict[str, Any]], dict[str, Any]]] = field(default_factory=list)
    ask_first: list[Callable[["Turn"], bool]] = field(default_factory=list)
    on_escalate: list[Callable[["Turn", "Case", bool], None]] = field(default_factory=list)
    before_replies: list[Callable[["Turn", list["Reply"]], list["Reply"]]] = field(default_factory=list)
    menu_actions: list[Callable[["Turn"], dict[str, str] | None]] = field(default_factory=list)
    choice_lines: list[Callable[["Turn", "Node"], list[str] | None]] = field(default_factory=list)
    choice_answer: list[Callable[["Turn", "Node"], str | None]] = field(default_factory=list)
    carried: set[str] = field(default_factory=set)

    # -- what the engine calls ----------------------------------------------------------------------------
    def handled(self, point: str, turn: "Turn", *args: Any) -> bool:
        """Run ``point``'s features in order until one says it handled the message."""
        return any(hook(turn, *args) for hook in getattr(self, point))

    def first(self, point: str, turn: "Turn", *args: Any) -> Any:
        """The first answer (not None) of ``point``'s features, else None."""
        return next((found for hook in getattr(self, point) if (found := hook(turn, *args)) is not None), None)

    def flow_fields(self, turn: "Turn", source: str, fields: dict[str, Any]) -> dict[str, Any]:
        """What the features read from ``source`` for a report starting with ``fields``."""
        found: dict[str, Any] = {}
        for hook in self.on_flow_start:
            found.update(hook(turn, source, {**fields, **found}))
        return found

    def escalated(self, turn: "Turn", case: "Case", new: bool) -> None:
        for hook in self.on_escalate:
            hook(turn, case, new)

    def replies(self, turn: "Turn", replies: list["Reply"]) -> list["Reply"]:
        for hook in self.before_replies:
            replies = hook(turn, replies)
        return replies


def load(features: tuple[str, ...] = FEATURES) -> Hooks:
    """Hooks with every feature module of ``features`` registered (imported by name)."""
    hooks = Hooks()
    for name in features:
        importlib.import_module(name).plug_in(hooks)
    return hooks
