"""The turn's parts (bot/conversation/engine.py ``Turn`` and the classes it is made of) call each other only through
public methods: no part's private method or attribute is used from another module (docs/architecture.md, "The
turn's parts"), and a private name used across parts is found and named."""
from __future__ import annotations

import shutil
from pathlib import Path

from bot.cli.tools import part_calls

ROOT = Path(__file__).resolve().parent.parent


def test_the_parts_are_the_turns_bases():
    found = part_calls.parts(ROOT)
    assert {"Turn", "Dispatch", "LanguageChoice", "Advice", "StatusLookup", "Escalation", "FlowWalk",
            "ReportAnswers", "TurnMedia", "RegistryCheck"} <= set(found)
    assert all(path.exists() for path in found.values())


def test_no_private_name_crosses_a_part():
    assert part_calls.cross_calls(ROOT) == {}


def test_a_private_call_across_parts_is_named(tmp_path):
    """In a copy: the advice part calling the engine's flood check and reading the turn's open cases, and a
    feature reaching into the dispatch: each is counted, with the part that owns it and who uses it."""
    shutil.copytree(ROOT / "bot", tmp_path / "bot", ignore=shutil.ignore_patterns("__pycache__", "static", "templates"))
    with (tmp_path / "bot" / "conversation" / "advice.py").open("a") as f:
        f.write("\n\ndef probe(self):\n    return self._flooding() or self._open_cases\n")
    with (tmp_path / "bot" / "outreach" / "simple.py").open("a") as f:
        f.write("\n\ndef probe(turn):\n    return turn._free_text(False)\n")
    found = part_calls.cross_calls(tmp_path)
    assert found == {"_flooding": ("bot/conversation/engine.py", {"bot/conversation/advice.py"}, 1),
                     "_open_cases": ("bot/conversation/engine.py", {"bot/conversation/advice.py"}, 1),
                     "_free_text": ("bot/conversation/dispatch.py", {"bot/outreach/simple.py"}, 1)}


def test_features_change_the_turn_only_through_its_public_methods():
    """bot/conversation/hooks.py says features use only the turn's public API; they set the question, the replies,
    the contact's simple mode and the report's fields directly (a maintainer's finding, session 8)."""
    assert part_calls.feature_writes(ROOT) == []


def test_a_feature_writing_the_turns_data_is_named(tmp_path):
    shutil.copytree(ROOT / "bot", tmp_path / "bot", ignore=shutil.ignore_patterns("__pycache__", "static", "templates"))
    with (tmp_path / "bot" / "outreach" / "behalf.py").open("a") as f:
        f.write("\n\ndef probe(turn):\n    turn.conv.node_id = None\n    turn.replies.append(None)\n"
                "    turn.conv.fields['_x'] = 1\n    turn.contact.simple_mode += 1\n    turn.say('ok')\n"
                "    return turn.conv.fields.get('_x')\n")
    lines = (tmp_path / "bot" / "outreach" / "behalf.py").read_text().count("\n")
    assert part_calls.feature_writes(tmp_path) == [
        ("bot/outreach/behalf.py", lines - 5, "turn.conv.node_id = None"),
        ("bot/outreach/behalf.py", lines - 4, "turn.replies.append(None)"),
        ("bot/outreach/behalf.py", lines - 3, "turn.conv.fields['_x'] = 1"),
        ("bot/outreach/behalf.py", lines - 2, "turn.contact.simple_mode += 1")]


def test_a_write_through_a_name_bound_to_the_turns_data_is_named(tmp_path):
    """A feature or the triage step writing the turn's data through a name bound to it first (until session 9 not
    seen: docs/architecture.md, "The turn's parts"); a copy, a rebinding and what the state answers are not writes."""
    shutil.copytree(ROOT / "bot", tmp_path / "bot", ignore=shutil.ignore_patterns("__pycache__", "static", "templates"))
    with (tmp_path / "bot" / "outreach" / "behalf.py").open("a") as f:
        f.write("\n\ndef probe(turn):\n"
                "    fields = turn.conv.fields\n"
                "    fields['_x'] = 1\n"                        # written through the name
                "    t = turn\n"
                "    t.case = None\n"                           # the turn under another name
                "    told = turn.conv.fields.get('danger') or []\n"
                "    told.append('kidnap')\n"                   # the list kept in the fields
                "    for reply in turn.replies:\n"
                "        reply.text = ''\n"                     # an item of the turn's replies
                "    copy = dict(turn.conv.fields)\n"
                "    copy['y'] = 2\n"                           # a copy: not the turn's
                "    page = turn.state.get(None)\n"
                "    page.page = 1\n"                           # the state answers a new object
                "    fields = {}\n"                             # rebinding the name: no write
                "    return copy, page, fields\n")
    with (tmp_path / "bot" / "conversation" / "golden.py").open("a") as f:
        f.write("\n\ndef probe(turn):\n    lines = turn.replies\n    lines.insert(0, None)\n")
    lines = (tmp_path / "bot" / "outreach" / "behalf.py").read_text().count("\n")
    golden = (tmp_path / "bot" / "conversation" / "golden.py").read_text().count("\n")
    assert part_calls.feature_writes(tmp_path) == [
        ("bot/conversation/golden.py", golden, "lines.insert(0, None)"),
        ("bot/outreach/behalf.py", lines - 12, "fields['_x'] = 1"),
        ("bot/outreach/behalf.py", lines - 10, "t.case = None"),
        ("bot/outreach/behalf.py", lines - 8, "told.append('kidnap')"),
        ("bot/outreach/behalf.py", lines - 6, "reply.text = ''")]


def test_a_write_in_a_helper_the_turns_data_is_handed_to_is_named(tmp_path):
    """Helper calls are followed (until session 10 not, until session 11 one level only: docs/architecture.md, "The
    turn's parts"): a helper of ``bot`` that the turn or its data is handed to (by position or keyword, a function
    of the module or one imported by name or through its module), or a helper that one hands it on to, and that
    writes it is named at the first call; a helper calling itself ends. A copy handed over, the database session
    and a method of an object are not followed."""
    shutil.copytree(ROOT / "bot", tmp_path / "bot", ignore=shutil.ignore_patterns("__pycache__", "static", "templates"))
    with (tmp_path / "bot" / "nlu" / "commands.py").open("a") as f:  # helpers outside the checked modules
        f.write("\n\ndef probe_mark(told, what='x'):\n    told.append(what)\n"
                "\n\ndef probe_deeper(fields):\n    probe_mark(fields)\n"
                "\n\ndef probe_again(fields, n=2):\n    return probe_again(fields, n - 1) if n else fields.get('x')\n"
                "\n\ndef probe_store(db, row):\n    db.add(row)\n")
    with (tmp_path / "bot" / "outreach" / "behalf.py").open("a") as f:
        f.write("\n\nfrom ..nlu.commands import probe_again, probe_mark, probe_deeper, probe_store\n"
                "from ..nlu import commands as probe_module\n"
                "\n\ndef _probe_local(t, fields=None):\n"
                "    t.case = None\n"                                   # already named where it is (t: not 'turn')
                "    fields['_x'] = 1\n"
                "\n\ndef probe(turn):\n"
                "    _probe_local(turn, fields=turn.conv.fields)\n"     # the local helper, by keyword
                "    probe_mark(turn.replies)\n"                        # imported by name
                "    probe_module.probe_mark(turn.conv.fields.get('danger') or [])\n"  # through its module
                "    probe_mark(list(turn.replies))\n"                  # a copy: not the turn's
                "    probe_store(turn.session, None)\n"                 # the database, not the turn's data
                "    probe_deeper(turn.conv.fields)\n"                  # two levels: followed
                "    probe_again(turn.conv.fields)\n"                   # calls itself, writes nothing
                "    turn.replies.copy().append(None)\n")
    lines = (tmp_path / "bot" / "outreach" / "behalf.py").read_text().count("\n")
    helpers = (tmp_path / "bot" / "nlu" / "commands.py").read_text().count("\n")
    assert part_calls.feature_writes(tmp_path) == [
        ("bot/outreach/behalf.py", lines - 7, "_probe_local(turn, fields=turn.conv.fields) -> "
                                              f"bot/outreach/behalf.py:{lines - 12}: t.case = None"),
        ("bot/outreach/behalf.py", lines - 7, "_probe_local(turn, fields=turn.conv.fields) -> "
                                              f"bot/outreach/behalf.py:{lines - 11}: fields['_x'] = 1"),
        ("bot/outreach/behalf.py", lines - 6, "probe_mark(turn.replies) -> "
                                              f"bot/nlu/commands.py:{helpers - 12}: told.append(what)"),
        ("bot/outreach/behalf.py", lines - 5, "probe_module.probe_mark(turn.conv.fields.get('danger') or []) -> "
                                              f"bot/nlu/commands.py:{helpers - 12}: told.append(what)"),
        ("bot/outreach/behalf.py", lines - 2, "probe_deeper(turn.conv.fields) -> "
                                              f"bot/nlu/commands.py:{helpers - 12}: told.append(what)")]
