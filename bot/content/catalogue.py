"""What the flows declare (issue 13): the intents, the report flows and the menus, derived from data.

    flows/<flow>.yaml    intent: the intent that starts it; report: true when free text read as that intent
                         starts it (the classifier learns the intent); menu: {position, label, button,
                         simple_position, simple_label}: its digit on the full and the simple menu
    flows/_system.yaml   the intents the engine answers itself (safety advice, status, an officer, greeting,
                         unknown), their menu places, and the menus' first and last lines

Wording is in the packs (lang/<code>/flows/<flow>.yaml, lang/<code>/flows/_system.yaml). Nothing here lists
an intent or a menu line in code: a new report flow is one flow file, its wording in each pack and its
examples (intents/<intent>.yaml). Start-up stops, naming file and line, on a menu position used twice or left
empty, an intent with examples but no flow and no handler, a system intent the engine has no handler for, two
report flows of one intent, and a report flow whose intent has no examples.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .datafile import DataError, read_yaml, validate
from .i18n import LocalText

if TYPE_CHECKING:
    from .flows import Flow
    from .packs import Packs

FLOWS_DIR = Path(__file__).resolve().parent.parent.parent / "flows"
SYSTEM = "_system"  # flows/_system.yaml; a file whose name starts with "_" is not a flow


class MenuPlace(BaseModel):
    """Where a flow (or a system intent) stands on the menus: the digit that reaches it and its wording (text
    keys). ``position`` is its number on the full menu, ``simple_position`` on simple mode's (at most four)."""

    model_config = ConfigDict(extra="forbid")
    position: int | None = Field(None, ge=1, le=9)
    label: LocalText | None = None
    button: LocalText | None = None  # a short label for WhatsApp's list (24 characters); the label when absent
    simple_position: int | None = Field(None, ge=1, le=4)
    simple_label: LocalText | None = None

    @model_validator(mode="after")
    def _labelled(self) -> "MenuPlace":
        if self.position is None and self.simple_position is None:
            raise ValueError("a menu place needs 'position' or 'simple_position'")
        if (self.position is None) != (self.label is None):
            raise ValueError("'position' and 'label' go together")
        if (self.simple_position is None) != (self.simple_label is None):
            raise ValueError("'simple_position' and 'simple_label' go together")
        if self.button and self.position is None:
            raise ValueError("'button' needs 'position'")
        return self


class SystemIntent(BaseModel):
    model_config = ConfigDict(extra="forbid")
    menu: MenuPlace | None = None


class MenuFrame(BaseModel):
    """A menu's first line (the question) and last line (what else the resident may do)."""

    model_config = ConfigDict(extra="forbid")
    intro: LocalText
    outro: LocalText


class SystemFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    intents: dict[str, SystemIntent]
    menu: MenuFrame
    simple_menu: MenuFrame


# -- the declarations alone (no wording): what the understanding needs at import ---------------------------
def _flow_headers(flows_dir: Path) -> list[dict]:
    out = []
    for path in sorted(Path(flows_dir).glob("*.yaml")):
        data = read_yaml(path).data
        if not path.name.startswith("_") and isinstance(data, dict):
            out.append(data)
    return out


def _system_intents(flows_dir: Path) -> list[str]:
    path = Path(flows_dir) / f"{SYSTEM}.yaml"
    data = read_yaml(path).data if path.is_file() else None
    return list((data or {}).get("intents") or {}) if isinstance(data, dict) else []


def reports(flows_dir: str | Path = FLOWS_DIR) -> tuple[str, ...]:
    """The intents free text starts a report with: each report flow's (``report: true``), one a flow."""
    return tuple(dict.fromkeys(str(data.get("intent")) for data in _flow_headers(Path(flows_dir))
                               if data.get("report") is True))


def classified(flows_dir: str | Path = FLOWS_DIR) -> tuple[str, ...]:
    """The intents the understanding answers with: each report flow's and each system intent."""
    return tuple(dict.fromkeys([*reports(flows_dir), *_system_intents(Path(flows_dir))]))


def intents(flows_dir: str | Path = FLOWS_DIR) -> tuple[str, ...]:
    """Every intent: those the understanding answers with, and those only a flow has (danger, from triage)."""
    flows = [str(data.get("intent")) for data in _flow_headers(Path(flows_dir)) if data.get("intent")]
    return tuple(dict.fromkeys([*classified(flows_dir), *flows]))


# -- the checked catalogue, with the menus' wording ----------------------------------------------------------
def _system_text_keys(data: dict) -> list[tuple[tuple, str]]:
    from .flows import menu_text_keys

    found = []
    for intent, entry in (data.get("intents") or {}).items():
        if isinstance(entry, dict):
            found += menu_text_keys(entry.get("menu"), ("intents", intent, "menu"))
    for frame in ("menu", "simple_menu"):
        block = data.get(frame)
        if isinstance(block, dict):
            found += [((frame, part), block[part]) for part in ("intro", "outro") if isinstance(block.get(part), str)]
    return found


@dataclass(frozen=True)
class Entry:
    action: str  # the flow to start, or the system intent to answer
    place: MenuPlace
    where: str  # file:line of its menu place


@dataclass
class Catalogue:
    intents: tuple[str, ...]  # every intent a flow or the engine answers
    report_flows: dict[str, str]  # intent -> the flow free text of that intent starts
    menu_actions: dict[str, str]  # digit -> flow id or system intent, on the full menu
    simple_actions: dict[str, str]  # ... on simple mode's menu
    texts: dict[str, dict[str, str]]  # the menus as texts: menu, menu_buttons, menu_simple ({key: {code: text}})

    @classmethod
    def load(cls, root: Path, flows: dict[str, "Flow"], packs: "Packs", handled: Iterable[str],
             on_menu: Iterable[str]) -> "Catalogue":
        """The catalogue of the project at ``root``; ``handled``: the intents the engine answers itself,
        ``on_menu``: those of them a menu digit may reach."""
        from .flows import _with_wording

        handled, on_menu = set(handled), set(on_menu)
        path = root / "flows" / f"{SYSTEM}.yaml"
        if not path.is_file():
            raise DataError(f"{path}: not found (the engine's own intents and the menus' first and last lines)")
        doc = read_yaml(path)
        doc.data = _with_wording(doc, packs, SYSTEM, find=_system_text_keys)
        system = validate(SystemFile, doc, {"languages": packs.codes})
        docs = {flow_id: read_yaml(flow.source) for flow_id, flow in flows.items()}
        for intent in system.intents:
            if intent not in handled:
                raise doc.error(("intents", intent), f"the engine has no handler for {intent!r} (it answers "
                                f"{', '.join(sorted(handled))}); a flow of its own is flows/<flow>.yaml")
        report_flows: dict[str, str] = {}
        for flow_id, flow in flows.items():
            if not flow.report:
                continue
            if flow.intent in system.intents:
                raise docs[flow_id].error(("intent",), f"{flow.intent!r} is answered by the engine "
                                          f"({doc.where(('intents', flow.intent))}); a report flow needs its own intent")
            if flow.intent in report_flows:
                raise docs[flow_id].error(("intent",), f"intent {flow.intent!r} already starts flow "
                                          f"{report_flows[flow.intent]!r}")
            if not _has_examples(root, flow.intent):
                raise docs[flow_id].error(("intent",), f"intent {flow.intent!r} has no examples: write "
                                          f"intents/{flow.intent}.yaml (keywords, patterns) or lang/<code>/intents/"
                                          f"{flow.intent}.yaml, then python -m bot.nlu.train")
            report_flows[flow.intent] = flow_id
        known = classified(root / "flows")
        for intent_path in sorted((root / "intents").glob("*.yaml")):
            intent_doc = read_yaml(intent_path)
            intent = (intent_doc.data or {}).get("id") if isinstance(intent_doc.data, dict) else None
            if intent not in known:
                raise intent_doc.error(("id",), f"intent {intent!r} has examples but no report flow starts it "
                                       "(report: true in flows/<flow>.yaml) and the engine does not answer it "
                                       "(flows/_system.yaml)")
        entries = [Entry(flow_id, flow.menu, docs[flow_id].where(("menu",)))
                   for flow_id, flow in flows.items() if flow.menu]
        for intent, entry in system.intents.items():
            if entry.menu:
                if intent not in on_menu:
                    raise doc.error(("intents", intent, "menu"), f"{intent!r} cannot be reached from a menu "
                                    f"(the menu answers {', '.join(sorted(on_menu))} and flows)")
                entries.append(Entry(intent, entry.menu, doc.where(("intents", intent, "menu"))))
        full = _ordered(entries, "position")
        simple = _ordered(entries, "simple_position")
        texts = {"menu": {}, "menu_buttons": {}, "menu_simple": {}}
        for code in packs.codes:
            texts["menu"][code] = _menu_text(system.menu, [(e.place.position, e.place.label) for e in full], code)
            texts["menu_buttons"][code] = "\n".join((e.place.button or e.place.label)[code] for e in full)
            texts["menu_simple"][code] = _menu_text(
                system.simple_menu, [(e.place.simple_position, e.place.simple_label) for e in simple], code)
        return cls(intents=tuple(dict.fromkeys([*known, *(flow.intent for flow in flows.values())])),
                   report_flows=report_flows,
                   menu_actions={str(e.place.position): e.action for e in full},
                   simple_actions={str(e.place.simple_position): e.action for e in simple},
                   texts=texts)


def _has_examples(root: Path, intent: str) -> bool:
    """intents/<intent>.yaml, intents/training/<intent>.yaml or a pack's lang/<code>/intents/<intent>.yaml."""
    return any(path.is_file() for path in (root / "intents" / f"{intent}.yaml",
                                           root / "intents" / "training" / f"{intent}.yaml",
                                           *root.glob(f"lang/*/intents/{intent}.yaml")))


def _ordered(entries: list[Entry], key: str) -> list[Entry]:
    """The entries on one menu by their digit; a digit used twice or skipped names the place that says it."""
    placed = sorted((e for e in entries if getattr(e.place, key) is not None), key=lambda e: getattr(e.place, key))
    taken: dict[int, Entry] = {}
    for entry in placed:
        number = getattr(entry.place, key)
        if number in taken:
            raise DataError(f"{entry.where}: menu {key} {number} is used twice (also by "
                            f"{taken[number].action!r} at {taken[number].where})")
        if number != len(taken) + 1:
            raise DataError(f"{entry.where}: menu {key} {number} leaves {len(taken) + 1} empty (digits go 1, 2, 3 …)")
        taken[number] = entry
    return placed


def _menu_text(frame: MenuFrame, lines: list[tuple[int, dict[str, str]]], code: str) -> str:
    return "\n".join([frame.intro[code], *(f"{number}. {label[code]}" for number, label in lines), frame.outro[code]])

