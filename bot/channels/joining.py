"""One answer, one message: the replies of one answer joined into as few messages as a channel allows.

The engine answers with several short replies (the 1930 action, the welcome, the privacy line, the
question). A resident on WhatsApp or Telegram should get them as one notification, the action first,
and, on Telegram, without waiting one second per message. Replies are joined in order with a blank line
between them up to the channel's limit (its ``limit`` in bot/channel_registry.py: WhatsApp 1,600 characters
per message, Telegram 4,096 UTF-16 units); what is longer is cut at sentence ends or line breaks. The choices (the
buttons or keyboard) travel with the last message, where the question is.
"""
from __future__ import annotations

from ..store import outbox
from ..messages import Reply
from .. import channel_registry as registry

SEPARATOR = "\n\n"


def join(replies: list[Reply], channel: str) -> list[Reply]:
    """The replies as the fewest messages within ``channel``'s length limit, in the same order; the last
    choices given travel with the last message (the question is asked last)."""
    limit, measure = registry.limit_of(channel)
    if limit is None or not replies:
        return list(replies)
    whole = SEPARATOR.join(reply.text for reply in replies if reply.text.strip())
    parts = outbox.split_text(whole, limit, measure) if whole else []
    asking = next((reply for reply in reversed(replies) if reply.choices), None)
    choices, question = (list(asking.choices), asking.question) if asking else ([], None)
    last = len(parts) - 1
    return [Reply(part, choices=choices if index == last else [], kind=replies[0].kind,
                  question=question if index == last else None) for index, part in enumerate(parts)]
