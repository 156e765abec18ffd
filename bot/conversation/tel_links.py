"""Helpline numbers as ``tel:`` links, so a phone dials 1930 or 112 with one tap (web chat and console).

The same pattern is used by the web chat's script (bot/channels/web/static/chat.js) and the console's
(bot/console/static/case.js) for messages that arrive after the page was drawn.
"""
from __future__ import annotations

import re

from markupsafe import Markup, escape

# 1930 cyber fraud, 112 emergency, 1098 child helpline, 14416 Tele-MANAS: never part of a longer number
HELPLINES = re.compile(r"(?<![\d+/.-])(1930|112|1098|14416)(?![\d/.-]?\d)")


def tel_links(text: str | None) -> Markup:
    """``text`` escaped for HTML, with each helpline number a tel: link."""
    return Markup(HELPLINES.sub(r'<a class="tel" href="tel:\1">\1</a>', str(escape(text or ""))))
