"""Private names shared between the engine's parts: ``python -m bot.cli.tools.part_calls [ROOT]``.

The turn (``Turn`` in bot/conversation/engine.py) is made of parts, one module each: the classes it inherits
from (``Dispatch`` in dispatch.py, ``FlowWalk`` in flow_walk.py, ...) and ``Turn`` itself. A part's private name
(``_x``: a method of its class, or an attribute it sets on ``self``) used from any other module of ``bot`` as
``self._x``, ``turn._x`` or ``Turn._x`` is a private cross-call: that module leans on how another part does its job.
What parts offer each other is public, with a docstring (docs/architecture.md, "The turn's parts"). Prints one line
per name (the part that owns it <- the modules that use it) and the counts; tests/test_engine_parts.py holds it at 0.

A feature (bot/conversation/hooks.py ``FEATURES``) changes the turn only through its public methods: a write to the
turn's data from a feature module (``turn.conv.node_id = ...``, ``turn.conv.fields[...] = ...``, ``turn.case = ...``,
``turn.replies.append(...)``) is listed too (``feature_writes``), also held at none. Reading is public; a write
through a name bound to the turn's data first (``fields = turn.conv.fields; fields[k] = v``) is not seen.
Only the standard library's ``ast``: the code is read, never imported.
"""
from __future__ import annotations

import ast
import sys
from pathlib import Path

CALLERS = {"self", "turn", "Turn"}


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def parts(root: Path) -> dict[str, Path]:
    """The turn's parts: each base class of ``Turn`` (found through engine.py's imports) and ``Turn`` -> its file."""
    engine = root / "bot" / "conversation" / "engine.py"
    tree = ast.parse(engine.read_text())
    imported = {alias.asname or alias.name: node.module for node in tree.body if isinstance(node, ast.ImportFrom)
                and node.level == 1 and node.module for alias in node.names}
    turn = next(node for node in tree.body if isinstance(node, ast.ClassDef) and node.name == "Turn")
    found = {"Turn": engine}
    for base in turn.bases:
        if isinstance(base, ast.Name) and base.id in imported:
            found[base.id] = engine.parent / f"{imported[base.id]}.py"
    return found


def owned(path: Path, class_name: str) -> set[str]:
    """The private names a part defines: its class's methods and the ``self._x`` attributes its module sets."""
    tree = ast.parse(path.read_text())
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name == class_name:
            names |= {item.name for item in node.body if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef))
                      and _private(item.name)}
            for item in ast.walk(node):
                targets = item.targets if isinstance(item, ast.Assign) else \
                    [item.target] if isinstance(item, (ast.AnnAssign, ast.AugAssign)) else []
                for target in targets:
                    for leaf in ast.walk(target):
                        if isinstance(leaf, ast.Attribute) and isinstance(leaf.value, ast.Name) \
                                and leaf.value.id == "self" and _private(leaf.attr):
                            names.add(leaf.attr)
    return names


def cross_calls(root: Path) -> dict[str, tuple[str, set[str], int]]:
    """{private name: (the part's module that owns it, the other modules that use it, how many uses)}."""
    owners: dict[str, str] = {}
    for class_name, path in parts(root).items():
        for name in owned(path, class_name):
            owners.setdefault(name, str(path.relative_to(root)))
    found: dict[str, tuple[str, set[str], int]] = {}
    for path in sorted((root / "bot").rglob("*.py")):
        module = str(path.relative_to(root))
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in CALLERS \
                    and node.attr in owners and owners[node.attr] != module:
                owner, users, uses = found.get(node.attr, (owners[node.attr], set(), 0))
                found[node.attr] = (owner, users | {module}, uses + 1)
    return found


# methods that change the object they are called on (lists, dicts, sets)
MUTATORS = {"append", "extend", "insert", "pop", "popitem", "remove", "clear", "update", "setdefault", "add",
            "discard", "sort", "reverse"}


def features(root: Path) -> list[Path]:
    """The feature modules bot/conversation/hooks.py loads (``FEATURES``), as files."""
    tree = ast.parse((root / "bot" / "conversation" / "hooks.py").read_text())
    names = next(ast.literal_eval(node.value) for node in tree.body if isinstance(node, ast.Assign)
                 and any(isinstance(t, ast.Name) and t.id == "FEATURES" for t in node.targets))
    return [root / (name.replace(".", "/") + ".py") for name in names]


def _on_turn(node: ast.AST) -> bool:
    """``node`` is the turn's data: an attribute or item reached from ``turn`` (not ``turn`` itself)."""
    if not isinstance(node, (ast.Attribute, ast.Subscript)):
        return False
    while isinstance(node, (ast.Attribute, ast.Subscript)):
        node = node.value
    return isinstance(node, ast.Name) and node.id == "turn"


def feature_writes(root: Path) -> list[tuple[str, int, str]]:
    """(module, line, statement) of each write to the turn's data in a feature module."""
    found = []
    for path in features(root):
        module = str(path.relative_to(root))
        for node in ast.walk(ast.parse(path.read_text())):
            targets = node.targets if isinstance(node, (ast.Assign, ast.Delete)) else \
                [node.target] if isinstance(node, (ast.AugAssign, ast.AnnAssign)) else []
            written = any(_on_turn(leaf) for target in targets for leaf in ast.walk(target))
            changed = isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                and node.func.attr in MUTATORS and _on_turn(node.func.value)
            if written or changed:
                found.append((module, node.lineno, ast.unparse(node).splitlines()[0][:100]))
    return sorted(found)


def main(argv: list[str]) -> int:
    root = Path(argv[0]) if argv else Path(__file__).resolve().parents[3]
    found = cross_calls(root)
    for name, (owner, users, uses) in sorted(found.items(), key=lambda item: (item[1][0], item[0])):
        print(f"{owner:40} {name:28} <- {', '.join(sorted(users))} ({uses})")
    print(f"{len(found)} private names of a part used outside it, {sum(u for _, _, u in found.values())} uses")
    writes = feature_writes(root)
    for module, line, statement in writes:
        print(f"{module}:{line}: {statement}")
    print(f"{len(writes)} writes to the turn's data from feature modules")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
