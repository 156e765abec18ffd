"""Flows, texts and config are validated at start-up, with errors that name the file and line."""
from __future__ import annotations

import textwrap

import pytest

from bot.config import load_config
from bot.content.datafile import DataError
from bot.content.flows import load_flow, load_flows

# Inline wording (read as it stands, bot/content/packs.py) must hold every shipped pack's language: en, hi, bn, ur.
FLOW = """\
id: demo
intent: lost_phone
title: {en: "Lost phone", hi: "खोया फ़ोन", bn: "হারানো ফোন", ur: "گمشدہ فون"}
start: when
nodes:
  when:
    ask: {en: "When?", hi: "कब?", bn: "কখন?", ur: "کب؟"}
    expect: time
    save: lost_at
    next: done
  done:
    say: {en: "Saved {reference}", hi: "सहेजा {reference}", bn: "সংরক্ষিত {reference}", ur: "محفوظ {reference}"}
"""


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_shipped_flows_load():
    flows = load_flows("flows", ["en", "hi"])
    assert "financial_fraud" in flows


def test_valid_flow_loads(tmp_path):
    flow = load_flow(write(tmp_path, "demo.yaml", FLOW), ["en", "hi"])
    assert flow.start == "when"


def test_unknown_node_names_file_line_and_node(tmp_path):
    path = write(tmp_path, "demo.yaml", FLOW.replace("next: done", "next: nowhere"))
    with pytest.raises(DataError) as err:
        load_flow(path, ["en", "hi"])
    message = str(err.value)
    assert f"{path}:10" in message and "'nowhere'" in message and "when" in message


def test_missing_hindi_names_the_node(tmp_path):
    path = write(tmp_path, "demo.yaml", FLOW.replace(', hi: "कब?"', ""))
    with pytest.raises(DataError) as err:
        load_flow(path, ["en", "hi"])
    assert f"{path}:7" in str(err.value) and "nodes.when.ask" in str(err.value) and "hi" in str(err.value)


def test_unreachable_node_is_refused(tmp_path):
    path = write(tmp_path, "demo.yaml", FLOW + "  orphan:\n    say: {en: x, hi: y, bn: z, ur: w}\n")
    with pytest.raises(DataError) as err:
        load_flow(path, ["en", "hi"])
    assert "orphan" in str(err.value) and "cannot be reached" in str(err.value)


def test_config_unknown_key_is_named(tmp_path):
    text = open("config.yaml", encoding="utf-8").read() + "\ngolden_hour: 30\n"
    path = write(tmp_path, "config.yaml", text)
    with pytest.raises(DataError) as err:
        load_config(path)
    assert "golden_hour" in str(err.value) and "unknown key" in str(err.value)


def test_config_bad_value_is_named(tmp_path):
    text = open("config.yaml", encoding="utf-8").read().replace("golden_hour_minutes: 60", "golden_hour_minutes: -5")
    path = write(tmp_path, "config.yaml", text)
    with pytest.raises(DataError) as err:
        load_config(path)
    assert "golden_hour_minutes" in str(err.value)
