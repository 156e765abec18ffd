"""Voice notes (WhatsApp audio/ogg, Telegram voice): kept as evidence, answered kindly, never transcribed.

Outside a report the resident gets a kind word and the numbered menu; a registered senior's voice note
also asks an officer to listen (a case, offered to their beat officer first). Inside a report, the
question is asked again after the kind word. Officers play it from the case view.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..cases import cases
from . import households

if TYPE_CHECKING:
    from ..conversation.engine import Turn
    from ..conversation.hooks import Hooks


def is_voice(turn: "Turn") -> bool:
    return any((m.content_type or "").lower().startswith("audio/") for m in turn.inbound.media)


def outside_flow(turn: "Turn", kept: int) -> bool:
    """Answer a message that is only a voice note; False when it is not one (or it could not be kept)."""
    if not kept or not is_voice(turn):
        return False
    if turn.contact.senior and households.of_contact(turn.session, turn.contact.id) is not None:
        case = turn.open_case()
        if case is None:
            case = turn.escalate(None, "high", "voice_note")
        turn.about_case(case)
        turn.say("voice_note_senior", case=case.id)
    else:
        turn.say("voice_note_kind")
    turn.menu()
    return True


def in_flow(turn: "Turn", kept: int) -> bool:
    """A voice note while a question waits for words: kept; the caller asks the question again."""
    if not kept or not is_voice(turn):
        return False
    turn.say("voice_note_in_flow")
    return True


def _answered(turn: "Turn", kept: int, in_report: bool) -> bool:
    return in_flow(turn, kept) if in_report else outside_flow(turn, kept)


def plug_in(hooks: "Hooks") -> None:
    """A voice note with no words: answered kindly (a senior's reaches their beat officer)."""
    hooks.on_media.append(_answered)
