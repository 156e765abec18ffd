"""About 120 scripted conversations (tests/data/transcripts/conversations.yaml) replayed and compared byte for
byte with their recorded transcripts: a change that alters what a resident reads, in English, Hindi or
romanised Hindi, shows here as a diff. Re-record deliberately with ``python -m bot.cli.tools.transcripts record``
and explain the differences in the commit."""
from __future__ import annotations

from bot.cli.tools import transcripts


def test_every_scripted_conversation_reads_as_recorded(resources):
    played = transcripts.play_all(resources=resources)
    assert len(played) >= 100
    found = transcripts.differences(transcripts.RECORDED, played)
    assert not found, "transcripts differ (python -m bot.cli.tools.transcripts compare):\n" + "".join(found.values())[:20000]
