"""A flow is a file (issue 13): flows declare the intent that starts them, whether free text starts them and their
place on the menus; the intent list, the report flows and both menus are derived from them, and start-up names the
file and line of a declaration that does not fit. The proof: a throwaway report flow in a temporary copy of the
project is on the menu, reached by its digit and by free text, and completed with a reference, with no code change."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from bot.content import catalogue, flows
from bot.outreach import simple
from bot.content.datafile import DataError
from bot.conversation.dispatch import MENU_HANDLED, SYSTEM_HANDLED
from bot.nlu.classify import INTENT_IDS
from conftest import Resident
from test_language_packs import ROOT, engine_for, project_copy

THROWAWAY_FLOW = """\
id: throwaway
intent: throwaway
report: true
menu: {position: 7, label: menu.label, button: menu.button}
title: title
start: what
nodes:
  what:
    ask: what.ask
    expect: text
    save: description
    next: district
  district:
    ask: district.ask
    expect: district
    save: district
    next: done
  done:
    do: [create_incident, submit]
    say: done.say
"""
THROWAWAY_WORDING = """\
title: "{x}Throwaway report"
menu.label: "{x}Report a throwaway problem"
menu.button: "{x}Throwaway problem"
what.ask: "{x}What happened to the throwaway?"
district.ask: "{x}Your district or PIN code."
done.say: "{x}Thank you. Your throwaway complaint is saved as {{reference}}."
"""
THROWAWAY_EXAMPLES = """\
id: throwaway
keywords:
  - zorblax
patterns:
  - my zorblax broke
  - someone broke my zorblax
"""


def copy_of_project(tmp_path: Path) -> Path:
    root = project_copy(tmp_path)
    shutil.copy(ROOT / "config.yaml", root / "config.yaml")
    return root


def add_throwaway(root: Path) -> None:
    """One flow file, its wording in every pack (whatever packs the copy has) and its intent's examples."""
    (root / "flows" / "throwaway.yaml").write_text(THROWAWAY_FLOW, encoding="utf-8")
    for pack in sorted((root / "lang").glob("*/pack.yaml")):
        marker = "" if pack.parent.name == "en" else f"[{pack.parent.name}] "
        (pack.parent / "flows" / "throwaway.yaml").write_text(THROWAWAY_WORDING.format(x=marker), encoding="utf-8")
    (root / "intents" / "throwaway.yaml").write_text(THROWAWAY_EXAMPLES, encoding="utf-8")


def test_the_lists_are_derived_from_the_flow_files(resources):
    cat = resources.catalogue
    assert cat.menu_actions == {"1": "financial_fraud", "2": "report_other", "3": "suspicious_contact",
                                "4": "safety_advice", "5": "report_status", "6": "talk_to_officer"}
    assert cat.simple_actions == {"1": "financial_fraud", "2": "suspicious_contact", "3": "report_other",
                                  "4": "talk_to_officer"}
    reports = {flow.intent: flow.id for flow in resources.flows.values() if flow.report}
    assert cat.report_flows == reports and "danger" not in reports and "report_other" not in reports.values()
    assert set(INTENT_IDS) == set(reports) | set(SYSTEM_HANDLED) == set(catalogue.classified())
    # what a clarifying question chooses between and what a safety question read as a report is: one list, the
    # report flows' (it was written out twice, in classify.py and topics.py)
    from bot.nlu import classify, topics
    assert set(topics.REPORTS) == set(reports) == set(catalogue.reports()) and classify.REPORTS is topics.REPORTS
    assert set(flows.INTENTS) == set(INTENT_IDS) | {"danger"} == set(cat.intents)
    assert set(MENU_HANDLED) <= set(SYSTEM_HANDLED)
    assert not hasattr(simple, "MENU")
    # the menus as residents read them, unchanged from when they were one text each
    assert resources.texts.get("menu", "en").splitlines()[1:3] == ["1. Report money fraud", "2. Report another cyber crime"]
    assert resources.texts.get("menu_simple", "hi").splitlines()[-2] == "4. किसी व्यक्ति से बात"


def test_a_throwaway_flow_in_a_copy_is_on_the_menu_and_completes_without_code(tmp_path):
    root = copy_of_project(tmp_path)
    add_throwaway(root)
    engine = engine_for(root, tmp_path)
    assert engine.res.catalogue.report_flows["throwaway"] == "throwaway"
    assert "throwaway" in catalogue.reports(root / "flows")
    assert engine.res.catalogue.menu_actions["7"] == "throwaway"
    resident = Resident(engine, channel="local", sender="throwaway-menu", phone=None)
    resident.send("hello")
    out = resident.send("1")  # English
    assert out.texts[-1].splitlines()[-2] == "7. Report a throwaway problem"
    assert out.replies[-1].choices[-1] == "7. Report a throwaway problem"
    assert "Throwaway problem" in engine.res.texts.get("menu_buttons", "en").splitlines()
    out = resident.send("7")
    assert out.flow == "throwaway" and out.intent == "throwaway"
    assert out.texts[-1] == "What happened to the throwaway?"
    resident.send("it fell in the river")
    out = resident.send("110001")
    assert re.fullmatch(r"Thank you\. Your throwaway complaint is saved as CS-\d{6}-[0-9A-Z]{4}\.", out.texts[0])
    # free text before the linear model is retrained (python -m bot.nlu.train teaches it the new intent): a copy
    # of one of the intent's patterns reaches it (the matcher's exact route), in any language the resident chose
    other = Resident(engine, channel="local", sender="throwaway-text", phone=None)
    other.send("hello")
    other.send("2")  # हिंदी
    out = other.send("my zorblax broke")
    assert out.flow == "throwaway" and out.texts[-1] == "[hi] What happened to the throwaway?"
    engine.Session.kw["bind"].dispose()


def _load_error(root: Path, tmp_path: Path) -> str:
    with pytest.raises(DataError) as error:
        engine_for(root, tmp_path)
    return str(error.value)


def drop_lines(path: Path, start: str) -> None:
    path.write_text("".join(line for line in path.read_text(encoding="utf-8").splitlines(keepends=True)
                            if not line.startswith(start)), encoding="utf-8")


def _line_of(path: Path, start: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if line.startswith(start))


def test_a_menu_position_used_twice_names_both_places(tmp_path):
    root = copy_of_project(tmp_path)
    add_throwaway(root)
    path = root / "flows" / "throwaway.yaml"
    path.write_text(THROWAWAY_FLOW.replace("position: 7", "position: 3"), encoding="utf-8")
    message = _load_error(root, tmp_path)
    assert f"{path}:{_line_of(path, 'menu:')}: menu position 3 is used twice" in message \
        or f"suspicious_contact.yaml:{_line_of(root / 'flows' / 'suspicious_contact.yaml', 'menu:')}: menu position 3 " \
           "is used twice (also by 'throwaway'" in message


def test_a_menu_position_left_empty_is_named(tmp_path):
    root = copy_of_project(tmp_path)
    add_throwaway(root)
    path = root / "flows" / "throwaway.yaml"
    path.write_text(THROWAWAY_FLOW.replace("position: 7", "position: 9"), encoding="utf-8")
    assert f"{path}:{_line_of(path, 'menu:')}: menu position 9 leaves 7 empty" in _load_error(root, tmp_path)


def test_a_report_flow_whose_intent_has_no_examples_is_named(tmp_path):
    root = copy_of_project(tmp_path)
    add_throwaway(root)
    (root / "intents" / "throwaway.yaml").unlink()
    path = root / "flows" / "throwaway.yaml"
    message = _load_error(root, tmp_path)
    assert f"{path}:{_line_of(path, 'intent:')}: intent: intent 'throwaway' has no examples" in message


def test_examples_of_an_intent_no_flow_starts_are_named(tmp_path):
    root = copy_of_project(tmp_path)
    add_throwaway(root)
    (root / "flows" / "throwaway.yaml").write_text(THROWAWAY_FLOW.replace("report: true", "report: false"),
                                                   encoding="utf-8")
    path = root / "intents" / "throwaway.yaml"
    message = _load_error(root, tmp_path)
    assert f"{path}:{_line_of(path, 'id:')}: id: intent 'throwaway' has examples but no report flow starts it" in message


def test_a_system_intent_without_a_handler_is_named(tmp_path):
    root = copy_of_project(tmp_path)
    path = root / "flows" / "_system.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  greeting: {}", "  weather: {}"), encoding="utf-8")
    message = _load_error(root, tmp_path)
    assert f"{path}:{_line_of(path, '  weather:')}: intents.weather: the engine has no handler for 'weather'" in message


def test_a_menu_label_missing_in_a_pack_is_named(tmp_path):
    root = copy_of_project(tmp_path)
    add_throwaway(root)
    wording = root / "lang" / "hi" / "flows" / "throwaway.yaml"
    drop_lines(wording, "menu.label:")
    flow = root / "flows" / "throwaway.yaml"
    assert f"{wording}: missing 'menu.label' (asked for at {flow}:{_line_of(flow, 'menu:')})" \
        in _load_error(root, tmp_path)


def test_a_pack_with_its_menus_as_whole_texts_is_split_into_the_menu_places(tmp_path, resources):
    """A pack written before flows declared their menu places (a merge brings one): python -m bot.cli.tools.split_menu
    moves each line of its old menu texts to the place declared at that digit; the menus read as before."""
    from bot.cli.tools import split_menu

    root = copy_of_project(tmp_path)
    hi = root / "lang" / "hi"
    old = {key: resources.texts.get(key, "hi") for key in ("menu", "menu_buttons", "menu_simple")}
    (hi / "flows" / "_system.yaml").unlink()
    for path in (hi / "flows").glob("*.yaml"):
        drop_lines(path, "menu.")
    with (hi / "texts" / "ui.yaml").open("a", encoding="utf-8") as ui:
        ui.write(f"menu: {json.dumps(old['menu'], ensure_ascii=False)}\n"
                 f"menu_buttons: {json.dumps(old['menu_buttons'], ensure_ascii=False)}\n")
    with (hi / "texts" / "elderly.yaml").open("a", encoding="utf-8") as elderly:
        elderly.write(f"menu_simple: {json.dumps(old['menu_simple'], ensure_ascii=False)}\n")
    split_menu.main(["--root", str(root)])
    split_menu.main(["--root", str(root)])  # again: nothing left to split
    assert "menu:" not in (hi / "texts" / "ui.yaml").read_text(encoding="utf-8")
    engine = engine_for(root, tmp_path)
    assert {key: engine.res.texts.get(key, "hi") for key in old} == old
    engine.Session.kw["bind"].dispose()


def test_a_throwaway_flow_reaches_the_clarifying_question_offered_by_its_title(tmp_path, monkeypatch):
    """A new report flow with no ``clarify_<intent>`` line in any pack (a maintainer's ``sim_swap`` crashed "my sim
    was swapped" with a KeyError, session 10): the question offers it by its flow's title, and its digit starts it."""
    root = copy_of_project(tmp_path)
    add_throwaway(root)
    with (root / "intents" / "throwaway.yaml").open("a", encoding="utf-8") as examples:
        examples.write("  - someone hacked my zorblax\n")  # a pattern the model also reads as a hacked account
    # the report intents the question chooses between are the shipped flows' (read once, from flows/): here, what
    # they are once the throwaway flow ships there
    from bot.nlu import classify, topics
    monkeypatch.setattr(classify, "REPORTS", catalogue.reports(root / "flows"))
    monkeypatch.setattr(topics, "REPORTS", classify.REPORTS)
    engine = engine_for(root, tmp_path)
    assert not engine.res.texts.has("clarify_throwaway")
    resident = Resident(engine, channel="local", sender="throwaway-clarify", phone=None)
    resident.send("hello")
    resident.send("1")  # English
    out = resident.send("someone hacked my zorblax")
    assert out.texts[-1].splitlines() == ["So that I help you the right way: is this about",
                                          "1. Throwaway report", "2. An account someone took over"]
    out = resident.send("1")
    assert out.flow == "throwaway" and out.texts[-1] == "What happened to the throwaway?"
    hindi = Resident(engine, channel="local", sender="throwaway-clarify-hi", phone=None)
    hindi.send("hello")
    hindi.send("2")  # हिंदी
    assert "1. [hi] Throwaway report" in hindi.send("someone hacked my zorblax").texts[-1].splitlines()


def test_an_askable_intent_with_no_wording_is_named_at_start_up(tmp_path):
    root = copy_of_project(tmp_path)
    for ui in sorted((root / "lang").glob("*/texts/ui.yaml")):
        drop_lines(ui, "clarify_safety_advice:")
    error = _load_error(root, tmp_path)
    assert "en/texts/ui.yaml: no text clarify_safety_advice" in error
