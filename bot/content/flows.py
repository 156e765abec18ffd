"""Flows as validated data: flows/*.yaml loaded into graphs the engine walks.

A flow is a set of nodes. A node may say something, run actions (``do``), ask a question and wait
for an answer of a kind (``expect``), save it to a field, and go on (``next``, or ``switch`` on a
field's value). ``if`` makes a node apply only when fields hold given values; an ``ask`` node whose
field is already known (filled from the first message, or answered before) is passed over.
An unknown node, a missing translation or an unreachable node stops start-up naming file and node.

The file holds structure; what a node says, asks and offers is a text key (``<node>.ask``) whose wording
each language pack keeps in ``lang/<code>/flows/<flow>.yaml`` (bot/content/packs.py).

A flow also declares itself: the intent that starts it (``intent:``), whether free text of that intent starts it
(``report: true``) and its place on the menus (``menu:``); the intent list, the report flows and the menus are
derived from these declarations and ``flows/_system.yaml`` (bot/content/catalogue.py), not written in code.
"""
from __future__ import annotations

import copy
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from . import catalogue
from .catalogue import MenuPlace
from .datafile import DataError, read_yaml, validate
from .i18n import LocalText
from .packs import Packs

EXPECTS = ("choice", "yesno", "amount", "time", "phone", "utr", "bank", "target", "text", "name",
           "district", "imei", "last_digits", "ack_number", "media")
Expect = Literal["choice", "yesno", "amount", "time", "phone", "utr", "bank", "target", "text", "name",
                 "district", "imei", "last_digits", "ack_number", "media"]
Action = Literal["create_incident", "escalate", "submit", "officer_request", "check_registry"]
INTENTS = catalogue.intents()  # every intent of the shipped flows/*.yaml and flows/_system.yaml


class Choice(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    label: LocalText
    button: LocalText | None = None  # a short label for a WhatsApp button or list item (20 / 24 characters)
    report: LocalText | None = None  # what officers' papers say where the label speaks as the resident ("I shared")
    words: list[str] = Field(default_factory=list)  # extra words that pick this choice
    set: dict[str, Any] = Field(default_factory=dict)  # fields set when chosen


class Switch(BaseModel):
    model_config = ConfigDict(extra="forbid")
    field: str
    cases: dict[str, str]
    default: str


class Node(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    if_: dict[str, Any] = Field(default_factory=dict, alias="if")
    set: dict[str, Any] = Field(default_factory=dict)
    say: LocalText | None = None
    say_simple: LocalText | None = None  # simple mode (seniors): the same in short sentences
    do: list[Action] = Field(default_factory=list)
    ask: LocalText | None = None
    ask_simple: LocalText | None = None
    ask_again: LocalText | None = None  # the question asked again after an answer it could not read (no comfort twice)
    expect: Expect | None = None
    choices: list[Choice] = Field(default_factory=list)
    save: str | None = Field(None, pattern=r"^[a-z][a-z0-9_]*$")
    optional: bool = False
    prefill: bool = False  # may be filled from the message that started the flow
    # with expect: time, the hour of the day a field holds ("kal", then "raat 9 baje"): that field is rewritten with it
    # ("don't know" keeps it); this node's own field keeps the answer as read (bot/conversation/answers.py _hour)
    hour_of: str | None = Field(None, pattern=r"^[a-z][a-z0-9_]*$")
    prefill_as: str | None = Field(None, pattern=r"^[a-z][a-z0-9_]*$")  # ... but kept in this field instead
    # (sextortion: "blackmailing me to pay 50000" is a demand, kept as amount_demanded, never a loss)
    next: str | None = None
    switch: Switch | None = None
    start_flow: str | None = None  # hand over to another flow (e.g. after a "which crime?" choice)
    flow_by_choice: bool = False  # with expect: choice, the chosen id names the flow to start
    # words that tie an answer sent at another question to this one ("haan bank ko bata diya" at "your name?" is
    # the answer to "have you told your bank?"): kept here when it reads as this question's answer
    about: list[str] = Field(default_factory=list)
    # expect: yesno answered in the question's own words ("stolen" / "lost" at "was it stolen?"): the names of the
    # lists of lang/<code>/words/answers.yaml that say yes and no here; with prefill, only these words fill it
    # from the first message ("my phone was stolen from the bus"), never a bare yes or no
    yes_words: str | None = Field(None, pattern=r"^[a-z][a-z0-9_]*$")
    no_words: str | None = Field(None, pattern=r"^[a-z][a-z0-9_]*$")

    @model_validator(mode="before")
    @classmethod
    def _single_action(cls, data: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("do"), str):
            data = {**data, "do": [data["do"]]}
        return data

    @model_validator(mode="after")
    def _consistent(self) -> "Node":
        if self.ask and not self.expect:
            raise ValueError("a node that asks needs 'expect'")
        if self.expect and not self.ask:
            raise ValueError("'expect' needs 'ask'")
        if (self.ask_simple or self.ask_again) and not self.ask:
            raise ValueError("'ask_simple' and 'ask_again' need 'ask'")
        if self.say_simple and not self.say:
            raise ValueError("'say_simple' needs 'say'")
        if self.expect and self.expect != "media" and not self.save:
            raise ValueError("a question needs 'save' (the field its answer goes to)")
        if (self.yes_words or self.no_words) and (self.expect != "yesno" or not (self.yes_words and self.no_words)):
            raise ValueError("'yes_words' and 'no_words' go together, with expect: yesno")
        if self.hour_of and self.expect != "time":
            raise ValueError("'hour_of' goes with expect: time")
        if self.expect == "choice" and len(self.choices) < 2:
            raise ValueError("expect: choice needs at least two choices")
        if self.choices and self.expect != "choice":
            raise ValueError("'choices' only go with expect: choice")
        if self.next and self.switch:
            raise ValueError("use 'next' or 'switch', not both")
        return self

    def targets(self) -> list[tuple[str, str]]:
        """(key, node id) pairs this node can go to."""
        out = [("next", self.next)] if self.next else []
        if self.switch:
            out += [(f"switch.cases.{key}", target) for key, target in self.switch.cases.items()]
            out.append(("switch.default", self.switch.default))
        return out


class Flow(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    intent: str = Field(pattern=r"^[a-z][a-z0-9_]*$")  # the intent that starts it (bot/content/catalogue.py checks it)
    report: bool = False  # free text read as ``intent`` starts this flow (its intent needs examples in intents/)
    menu: MenuPlace | None = None
    title: LocalText
    start: str
    nodes: dict[str, Node]
    source: str = Field("", exclude=True)

    def node(self, node_id: str) -> Node:
        return self.nodes[node_id]

    def choice_words(self, language: str = "en") -> dict[tuple[str, str], str]:
        """(field, choice id) -> the choice's words for officers and banks instead of "upi": its ``report`` text
        where the label speaks as the resident ("I shared an OTP" would read, in a letter an officer signs, as
        the officer's), else its label."""
        return {(node.save, choice.id): (choice.report or choice.label).get(language)
                or (choice.report or choice.label).get("en", choice.id)
                for node in self.nodes.values() if node.save for choice in node.choices}

    def field_nodes(self) -> dict[str, Node]:
        """The first ask node saving each field (used for corrections and pre-filling)."""
        out: dict[str, Node] = {}
        for node in self.nodes.values():
            if node.save and node.save not in out:
                out[node.save] = node
        return out


def _check_graph(flow: Flow, doc) -> None:
    if flow.start not in flow.nodes:
        raise doc.error(("start",), f"unknown node {flow.start!r}")
    for node_id, node in flow.nodes.items():
        for key, target in node.targets():
            if target not in flow.nodes:
                raise doc.error(("nodes", node_id) + tuple(key.split(".")), f"node {node_id!r} goes to unknown node {target!r}")
    seen, todo = set(), [flow.start]
    while todo:
        node_id = todo.pop()
        if node_id in seen:
            continue
        seen.add(node_id)
        todo.extend(target for _key, target in flow.nodes[node_id].targets())
    for node_id in flow.nodes:
        if node_id not in seen:
            raise doc.error(("nodes", node_id), f"node {node_id!r} cannot be reached from {flow.start!r}")


NODE_TEXTS = ("say", "say_simple", "ask", "ask_simple", "ask_again")
CHOICE_TEXTS = ("label", "button", "report")
MENU_TEXTS = ("label", "button", "simple_label")


def menu_text_keys(menu, loc: tuple) -> list[tuple[tuple, str]]:
    """(place in the file, text key) of a ``menu:`` place's wording."""
    if not isinstance(menu, dict):
        return []
    return [(loc + (field,), menu[field]) for field in MENU_TEXTS if isinstance(menu.get(field), str)]


def _text_keys(data: dict) -> list[tuple[tuple, str]]:
    """(place in the file, text key) of every wording the flow names by key."""
    found = []
    if isinstance(data.get("title"), str):
        found.append((("title",), data["title"]))
    found += menu_text_keys(data.get("menu"), ("menu",))
    for node_id, node in (data.get("nodes") or {}).items():
        if not isinstance(node, dict):
            continue
        found += [(("nodes", node_id, field), node[field]) for field in NODE_TEXTS if isinstance(node.get(field), str)]
        for index, choice in enumerate(node.get("choices") or []):
            if isinstance(choice, dict):
                found += [(("nodes", node_id, "choices", index, field), choice[field])
                          for field in CHOICE_TEXTS if isinstance(choice.get(field), str)]
    return found


def _with_wording(doc, packs: Packs, name: str, find=_text_keys):
    """The file's data with each text key (``find`` says where they are) replaced by its wording in every pack."""
    keys = find(doc.data) if isinstance(doc.data, dict) else []
    if not keys:
        return doc.data
    wording = packs.wording("flows", name, {key: doc.where(loc) for loc, key in keys})
    data = copy.deepcopy(doc.data)
    for loc, key in keys:
        target = data
        for part in loc[:-1]:
            target = target[part]
        target[loc[-1]] = wording[key]
    return data


def load_flow(path: str | Path, languages: list[str] | None = None, packs: Packs | None = None) -> Flow:
    path = Path(path)
    packs = packs or Packs.beside(path.parent)
    doc = read_yaml(path)
    doc.data = _with_wording(doc, packs, path.stem)
    flow = validate(Flow, doc, {"languages": packs.codes})
    if path.stem != flow.id:
        raise doc.error(("id",), f"id {flow.id!r} must equal the file name {path.stem!r}")
    _check_graph(flow, doc)
    flow.source = str(path)
    return flow


def load_flows(directory: str | Path, languages: list[str] | None = None,
               packs: Packs | None = None) -> dict[str, Flow]:
    """Every flows/*.yaml with its wording from the packs, validated; the first problem raises DataError
    naming file and line."""
    directory = Path(directory)
    packs = packs or Packs.beside(directory)
    packs.check_offered(list(languages or []))
    flows = {}
    for path in sorted(directory.glob("*.yaml")):
        if path.name.startswith("_"):  # flows/_system.yaml: the engine's own intents (bot/content/catalogue.py)
            continue
        flow = load_flow(path, languages, packs)
        flows[flow.id] = flow
    if not flows:
        raise DataError(f"{directory}: no flows found")
    for flow in flows.values():
        for node_id, node in flow.nodes.items():
            targets = [node.start_flow] if node.start_flow else []
            if node.flow_by_choice:
                targets += [choice.id for choice in node.choices]
            for target in targets:
                if target not in flows:
                    raise DataError(f"{flow.source}: node {node_id!r} starts unknown flow {target!r}")
    return flows
