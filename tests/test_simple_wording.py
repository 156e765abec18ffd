"""Simple mode speaks in short sentences: every question a senior is asked uses its short wording."""
from __future__ import annotations

import re

from bot.content.i18n import pick
from conftest import Resident


def words(text: str) -> int:
    """Words of the first line: its pieces between spaces that hold a letter or digit (a Bengali or Urdu vowel sign
    breaks no word, as ``\\w+`` would have it; a lone "।" or "(" is none)."""
    return sum(1 for piece in text.split("\n")[0].split() if re.search(r"\w", piece))


def test_every_question_has_a_short_wording_in_every_language(resources):
    """Every pack, not only English and Hindi (a maintainer's trial, session 18: eleven Bengali and Urdu short wordings
    were longer than the full ones, and the test looked at two languages of four)."""
    for flow in resources.flows.values():
        for node_id, node in flow.nodes.items():
            for full, short in ((node.ask, node.ask_simple), (node.say, node.say_simple)):
                if full is None:
                    continue
                assert short is not None, f"{flow.id}.{node_id} has no simple wording"
                for language in resources.config.languages:
                    assert words(pick(short, language)) <= words(pick(full, language)), (flow.id, node_id, language)


def test_a_senior_gets_the_short_question_and_everyone_else_the_full_one(engine, resources):
    when = resources.flows["financial_fraud"].nodes["when"]
    senior = Resident(engine, sender="+919877700001", phone="+919877700001")
    senior.send("hello")
    senior.send("1")
    senior.send("simple mode")
    out = senior.send("1")  # report money fraud
    assert out.texts[-1].startswith(pick(when.ask_simple, "en").split("(")[0].strip()[:20])
    other = Resident(engine, sender="+919877700002", phone="+919877700002")
    other.send("hello")
    other.send("1")
    out = other.send("1")
    assert out.texts[-1].startswith(pick(when.ask, "en")[:20])
