"""Media in a turn: files kept as evidence, and a file sent as the answer to a question.

Part of the turn (``bot.conversation.engine.Turn``, which is made of these parts).
"""
from __future__ import annotations

from . import states
from ..store import evidence
from ..content.flows import Node
from ..nlu import commands


class TurnMedia:
    """Files in a turn."""

    def media_answer(self, node: Node, media_kept: int) -> None:
        """A file sent at a question that asks for files (``media_kept``: how many this message kept); "done" goes on."""
        if media_kept:
            count = self.state.of(states.Evidence).count + media_kept
            self.state.change(states.Evidence, count=count)
            self.say("media_saved", count=count)
            return
        if self.inbound.media:
            self.say("media_refused", limit=self.config.max_evidence_mb)
            return
        if commands.is_done(self.text):
            return self.walk(self.next_of(node))
        self.say("media_expected")

    def keep_media(self) -> int:
        """Store every acceptable file of this message as evidence; how many were kept."""
        kept = 0
        root = self.config.evidence_path
        for media in self.inbound.media:
            if self.conv.fields.get("child_abuse") and not media.content_type.startswith("audio/"):
                self.say("child_media_refused")  # sexual images of a child are never asked for or kept
                continue
            row = evidence.store(self.session, root, self.config.max_evidence_mb * 1024 * 1024, self.contact.id,
                                 self.conv.incident_id, self.message.id, media, self.now)
            kept += row is not None
        return kept
