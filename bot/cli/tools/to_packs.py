"""Move inline wording (``{en: ..., hi: ...}``) into the language packs: ``python -m bot.cli.tools.to_packs``.

Deterministic and safe to re-run (after a merge brings new inline wording back):

* ``texts/<file>.yaml`` -> ``lang/<code>/texts/<file>.yaml`` (key: text; comments kept), then removed;
* ``flows/<flow>.yaml``: each ``title``, node ``say/say_simple/ask/ask_simple/ask_again`` and choice
  ``label/button`` held inline becomes a text key (``title``, ``<node>.<field>``, ``<node>.choices.<id>``,
  ``<node>.choices.<id>.button``) and its wording goes to ``lang/<code>/flows/<flow>.yaml``;
* ``knowledge/<topic>.yaml``: inline ``title``, ``answer`` and ``tip`` go to ``lang/<code>/knowledge/<topic>.yaml``
  and leave the topic file (which keeps id, intent, patterns and links).

The files are rewritten as text (comments and layout stay); each scalar is copied as written. Wording
already in a pack under the same key is replaced by the inline wording being moved (it is the newer).
Every result is read back and compared with what it came from before anything is written.
"""
from __future__ import annotations

import argparse
import re
import sys
import textwrap
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent.parent.parent
NODE_FIELDS = ("say", "say_simple", "ask", "ask_simple", "ask_again")
CHOICE_FIELDS = {"label": "", "button": ".button"}
TOPIC_FIELDS = ("title", "comfort", "answer", "tip")
_CODE = re.compile(r"^[a-z]{2,3}$")


def _wording(node) -> bool:
    """A mapping of language codes to texts: wording still held inline."""
    return (isinstance(node, yaml.MappingNode) and bool(node.value)
            and all(_CODE.match(str(k.value)) and isinstance(v, yaml.ScalarNode) for k, v in node.value))


def _raw(text: str, scalar: yaml.ScalarNode) -> str:
    """A scalar as written in the file (quotes and escapes kept); block scalars re-indented by two spaces."""
    raw = text[scalar.start_mark.index:scalar.end_mark.index].rstrip()
    if scalar.style in ("|", ">"):
        head, _, body = raw.partition("\n")
        raw = head + "\n" + textwrap.indent(textwrap.dedent(body), "  ")
    return raw


def _value_end(text: str, node: yaml.MappingNode) -> int:
    if node.flow_style:
        return node.end_mark.index
    end = node.value[-1][1].end_mark.index
    while end > 0 and text[end - 1] in " \n":
        end -= 1
    return end


def _comment(text: str, start: int, end: int) -> str:
    """A comment standing between a key and its value (``key:  # comment``), to keep."""
    between = text[start:end]
    found = re.search(r"#[^\n]*", between)
    return "  " + found.group(0).rstrip() if found else ""


class Found:
    """Inline wording found in one file: (key, key node, wording node) in file order."""

    def __init__(self, text: str):
        self.text = text
        self.items: list[tuple[str, yaml.Node, yaml.MappingNode]] = []

    def languages(self) -> list[str]:
        seen: list[str] = []
        for _key, _key_node, value in self.items:
            seen += [k.value for k, _v in value.value if k.value not in seen]
        return seen

    def wording(self, language: str) -> dict[str, str]:
        """{text key: the scalar as written} for one language."""
        out = {}
        for key, _key_node, value in self.items:
            for k, v in value.value:
                if k.value == language:
                    out[key] = _raw(self.text, v)
        return out

    def replaced(self, with_value) -> str:
        """The file with each wording value replaced by ``with_value(key, wording node)`` (None: key and value removed)."""
        text = self.text
        for key, key_node, value in sorted(self.items, key=lambda item: -item[1].start_mark.index):
            end = _value_end(text, value)
            new = with_value(key, value)
            if new is None:  # the whole line(s): from the key's line start to the value's line end
                start = text.rfind("\n", 0, key_node.start_mark.index) + 1
                stop = text.find("\n", end)
                text = text[:start] + text[(len(text) if stop < 0 else stop + 1):]
                continue
            start = key_node.end_mark.index
            comment = _comment(text, start, value.start_mark.index)
            text = text[:start] + ": " + new + comment + text[end:]
        return text


def _mapping(node, key: str):
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if k.value == key:
                return k, v
    return None, None


def find_flow_wording(text: str) -> Found:
    found = Found(text)
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    key_node, value = _mapping(root, "title")
    if _wording(value):
        found.items.append(("title", key_node, value))
    _k, nodes = _mapping(root, "nodes")
    seen: set[int] = set()
    for node_key, node in (nodes.value if nodes is not None else []):
        if id(node) in seen or node_key.value == "<<":
            continue  # an alias of a node already read: its wording has that node's keys
        seen.add(id(node))
        for field in NODE_FIELDS:
            key_node, value = _mapping(node, field)
            if _wording(value):
                found.items.append((f"{node_key.value}.{field}", key_node, value))
        _k, choices = _mapping(node, "choices")
        for choice in (choices.value if isinstance(choices, yaml.SequenceNode) else []):
            _k, choice_id = _mapping(choice, "id")
            for field, suffix in CHOICE_FIELDS.items():
                key_node, value = _mapping(choice, field)
                if _wording(value):
                    found.items.append((f"{node_key.value}.choices.{choice_id.value}{suffix}", key_node, value))
    return found


def find_top_wording(text: str, fields: tuple[str, ...] | None = None) -> Found:
    """Top-level keys whose values are inline wording (every key, or only ``fields``)."""
    found = Found(text)
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    for key_node, value in (root.value if isinstance(root, yaml.MappingNode) else []):
        if (fields is None or key_node.value in fields) and _wording(value):
            found.items.append((key_node.value, key_node, value))
    return found


def upsert(existing: str, header: str, entries: dict[str, str]) -> str:
    """A pack file (``key: text`` lines) with ``entries`` added, or replacing the same keys."""
    text = existing or header
    if existing.strip():
        current = Found(text)
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        replace = {}
        for key_node, value in (root.value if isinstance(root, yaml.MappingNode) else []):
            if key_node.value in entries:
                replace[key_node.value] = (key_node, value)
        text = current.text
        for key, (key_node, value) in sorted(replace.items(), key=lambda item: -item[1][0].start_mark.index):
            end = value.end_mark.index
            while end > 0 and text[end - 1] in " \n":
                end -= 1
            text = text[:key_node.end_mark.index] + ": " + entries[key] + text[end:]
        entries = {key: raw for key, raw in entries.items() if key not in replace}
    if entries and not text.endswith("\n"):
        text += "\n"
    return text + "".join(f"{key}: {raw}\n" for key, raw in entries.items())


def _check(path: Path, before, after) -> None:
    if before != after:
        raise SystemExit(f"{path}: the converted text does not read back as the original; nothing written")


class Plan:
    """Files to write and remove, checked before any is touched."""

    def __init__(self, root: Path):
        self.root = root
        self.writes: dict[Path, str] = {}
        self.removes: list[Path] = []

    def read(self, path: Path) -> str:
        if path in self.writes:
            return self.writes[path]
        return path.read_text(encoding="utf-8") if path.exists() else ""

    def pack_file(self, language: str, kind: str, name: str, header: str, entries: dict[str, str]) -> dict:
        path = self.root / "lang" / language / kind / f"{name}.yaml"
        text = upsert(self.read(path), header, entries)
        data = yaml.safe_load(text) or {}
        self.writes[path] = text
        return data

    def apply(self) -> None:
        for path, text in sorted(self.writes.items()):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        for path in self.removes:
            path.unlink()


def convert_texts(plan: Plan) -> int:
    moved = 0
    for path in sorted((plan.root / "texts").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        original = yaml.safe_load(text) or {}
        found = find_top_wording(text)
        for language in found.languages():
            target = plan.root / "lang" / language / "texts" / path.name
            if not target.exists() and target not in plan.writes:
                # the whole file, comments kept, each value in this language
                wording = found.wording(language)
                converted = found.replaced(lambda key, _value: wording.get(key, '""'))
                plan.writes[target] = converted
                data = yaml.safe_load(converted) or {}
            else:
                data = plan.pack_file(language, "texts", path.stem, "", found.wording(language))
            _check(target, {k: v[language] for k, v in original.items() if language in v},
                   {k: data.get(k) for k, v in original.items() if language in v})
        plan.removes.append(path)
        moved += len(found.items)
    return moved


def convert_flows(plan: Plan) -> int:
    moved = 0
    for path in sorted((plan.root / "flows").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        found = find_flow_wording(text)
        if not found.items:
            continue
        original = yaml.safe_load(text)
        structure = found.replaced(lambda key, _value: key)
        header = (f"# Wording of flows/{path.name}, one language: each key is a text key the flow names "
                  "(title, <node>.<field>, <node>.choices.<id>).\n")
        packs = {language: plan.pack_file(language, "flows", path.stem, header, found.wording(language))
                 for language in found.languages()}
        _check(path, _inline(original, packs), _inline(yaml.safe_load(structure), packs))
        plan.writes[path] = structure
        moved += len(found.items)
    return moved


def _inline(structure: dict, packs: dict[str, dict]) -> dict:
    """A converted flow with its keys looked up again: must equal the original."""
    def local(key):
        return {language: data[key] for language, data in packs.items() if key in data}

    if isinstance(structure.get("title"), str):
        structure["title"] = local(structure["title"])
    for node in (structure.get("nodes") or {}).values():
        for field in NODE_FIELDS:
            if isinstance(node.get(field), str):
                node[field] = local(node[field])
        for choice in node.get("choices") or []:
            for field in CHOICE_FIELDS:
                if isinstance(choice.get(field), str):
                    choice[field] = local(choice[field])
    return structure


def convert_knowledge(plan: Plan) -> int:
    moved = 0
    for path in sorted((plan.root / "knowledge").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        found = find_top_wording(text, TOPIC_FIELDS)
        if not found.items:
            continue
        original = yaml.safe_load(text)
        structure = found.replaced(lambda _key, _value: None)
        header = f"# Title, answer and tip of knowledge/{path.name}, one language.\n"
        packs = {language: plan.pack_file(language, "knowledge", path.stem, header, found.wording(language))
                 for language in found.languages()}
        restored = yaml.safe_load(structure)
        for key, _k, _v in found.items:
            restored[key] = {language: data[key] for language, data in packs.items() if key in data}
        _check(path, original, {key: restored[key] for key in original})
        plan.writes[path] = structure
        moved += len(found.items)
    return moved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.cli.tools.to_packs", description=__doc__.split("\n")[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="the project directory (default: this checkout)")
    args = parser.parse_args(argv)
    plan = Plan(args.root)
    counts = {"texts": convert_texts(plan), "flows": convert_flows(plan), "knowledge": convert_knowledge(plan)}
    plan.apply()
    print("moved to lang/: " + ", ".join(f"{count} inline {kind} wording(s)" for kind, count in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
