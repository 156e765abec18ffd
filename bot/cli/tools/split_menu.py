"""Split a pack's menus written as whole texts into the flows' menu places: ``python -m bot.cli.tools.split_menu``.

Before issue 13's "flows declare themselves" each pack held its menus as three texts (``menu`` and ``menu_buttons``
in texts/ui.yaml, ``menu_simple`` in texts/elderly.yaml). Now each flow declares its menu place (flows/*.yaml,
flows/_system.yaml) and the packs hold one label per place (``menu.label``, ``menu.button``, ``menu.simple_label``
in lang/<code>/flows/<flow>.yaml; ``<intent>.menu.*`` and each menu's first and last line in
lang/<code>/flows/_system.yaml); bot/content/catalogue.py builds the menus from them. A pack written the old way (a merge
brings one) is converted here: line N of its old menu goes to the place declared at position N. Deterministic and
safe to re-run: a pack without the old texts is left alone; every result is read back before anything is written.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

import yaml

from .to_packs import ROOT, upsert

OLD = {"menu": ("texts/ui.yaml", "position", "label", "menu"),
       "menu_buttons": ("texts/ui.yaml", "position", "button", None),
       "menu_simple": ("texts/elderly.yaml", "simple_position", "simple_label", "simple_menu")}
_ITEM = re.compile(r"^(\d+)\. (.*)$")
HEADER = "# Wording of flows/{name}.yaml, one language: each key is a text key the flow names.\n"


def places(root: Path) -> dict[tuple[str, int], tuple[str, str]]:
    """(position field, digit) -> (wording file name, text key prefix) of every declared menu place."""
    found = {}
    for path in sorted((root / "flows").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if path.name.startswith("_"):
            entries = [((entry or {}).get("menu"), f"{intent}.") for intent, entry in (data.get("intents") or {}).items()]
        else:
            entries = [(data.get("menu"), "")]
        for menu, prefix in entries:
            for field in ("position", "simple_position"):
                if isinstance(menu, dict) and menu.get(field):
                    found[(field, menu[field])] = (path.stem, prefix)
    return found


def split_pack(pack: Path, where: dict) -> dict[Path, str]:
    """{file: new text} for one pack; {} when it holds no old menu texts."""
    writes: dict[Path, str] = {}

    def read(path: Path) -> str:
        return writes.get(path) or (path.read_text(encoding="utf-8") if path.is_file() else "")

    for key, (file, field, label, frame) in OLD.items():
        source = pack / file
        data = yaml.safe_load(read(source)) or {}
        if not isinstance(data.get(key), str):
            continue
        lines = data[key].split("\n")
        items = [_ITEM.match(line) for line in lines]
        numbered = [match for match in items if match]
        if frame:
            if not (lines and not items[0] and not items[-1] and all(items[1:-1])):
                raise SystemExit(f"{source}: {key} is not a first line, numbered lines and a last line; split it by hand")
            intro_outro = {f"{frame}.intro": lines[0], f"{frame}.outro": lines[-1]}
            target = pack / "flows" / "_system.yaml"
            writes[target] = upsert(read(target), HEADER.format(name="_system"),
                                    {k: json.dumps(v, ensure_ascii=False) for k, v in intro_outro.items()})
            pairs = [(int(match.group(1)), match.group(2)) for match in numbered]
        else:
            pairs = list(enumerate(lines, 1))
        for number, text in pairs:
            if (field, number) not in where:
                raise SystemExit(f"{source}: {key} line {number} has no menu place declared at {field} {number}")
            name, prefix = where[(field, number)]
            target = pack / "flows" / f"{name}.yaml"
            writes[target] = upsert(read(target), HEADER.format(name=name),
                                    {f"{prefix}menu.{label}": json.dumps(text, ensure_ascii=False)})
        kept = [line for line in read(source).splitlines(keepends=True) if not line.startswith(f"{key}:")]
        writes[source] = "".join(kept)
    return writes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT)
    args = parser.parse_args(argv)
    where = places(args.root)
    for pack in sorted(path.parent for path in (args.root / "lang").glob("*/pack.yaml")):
        writes = split_pack(pack, where)
        for path, text in sorted(writes.items()):
            yaml.safe_load(text)  # reads back, or stops before anything of this pack is written
        for path, text in sorted(writes.items()):
            path.write_text(text, encoding="utf-8")
        if writes:
            print(f"{pack.name}: menus split into {len(writes)} files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
