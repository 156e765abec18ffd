"""Helpline numbers as ``tel:`` links, so a phone dials 1930 or 112 with one tap (web chat and console).

The numbers are the config's (config.yaml ``numbers``, ``bot.config.Numbers``), written nowhere else: the pages'
scripts (bot/channels/web/static/chat.js, bot/console/static/case.js), which link messages that arrive after the
page was drawn, read the same pattern from the page (``tel_pattern``), never a copy of it.
"""
from __future__ import annotations

import re
from functools import lru_cache, partial

from markupsafe import Markup, escape

from ..config import Numbers


def helpline_pattern(numbers: Numbers | None = None) -> str:
    """The regular expression of the helpline numbers (1930 cyber fraud, 112 emergency, 1098 child helpline,
    14416 Tele-MANAS by default), never part of a longer number; one group-free source that Python and the
    browsers' JavaScript read alike."""
    alternatives = "|".join(re.escape(number) for number in (numbers or Numbers()).model_dump().values())
    return rf"(?<![\d+/.-])(?:{alternatives})(?![\d/.-]?\d)"


@lru_cache(maxsize=8)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


# A case reference (PREFIX-YYMMDD-CODE, config.yaml ``reference_prefix``: 2-4 capitals), kept whole and left to right
# inside right-to-left text ("کال کرتے وقت CS-261202-511A بتائیں" was drawn "-CS-261202" / "511A": a resident's trial,
# session 18): a <bdi dir="ltr"> isolate that does not wrap. One group-free source for Python and the pages' scripts.
REFERENCE_PATTERN = r"(?<![\w-])[A-Z]{2,4}-\d{6}-[0-9A-Z]{4}(?![\w-])"


def tel_links(text: str | None, numbers: Numbers | None = None) -> Markup:
    """``text`` escaped for HTML, with each helpline number a tel: link and each case reference an isolate kept whole
    left to right (``REFERENCE_PATTERN``)."""
    linked = _compiled(helpline_pattern(numbers)).sub(r'<a class="tel" href="tel:\g<0>">\g<0></a>', str(escape(text or "")))
    return Markup(_compiled(REFERENCE_PATTERN).sub(r'<bdi dir="ltr" class="ref">\g<0></bdi>', linked))


def install(app, numbers: Numbers) -> None:
    """On a Flask app's templates: the ``tel_links`` filter and the ``tel_pattern`` the pages' scripts read
    (``app`` is duck-typed: the conversation core imports no Flask)."""
    app.add_template_filter(partial(tel_links, numbers=numbers), "tel_links")
    app.add_template_global(helpline_pattern(numbers), "tel_pattern")
    app.add_template_global(REFERENCE_PATTERN, "ref_pattern")
