"""Private names shared between the engine's parts: ``python -m bot.cli.tools.part_calls [ROOT]``.

The turn (``Turn`` in bot/conversation/engine.py) is made of parts, one module each: the classes it inherits
from (``Dispatch`` in dispatch.py, ``FlowWalk`` in flow_walk.py, ...) and ``Turn`` itself. A part's private name
(``_x``: a method of its class, or an attribute it sets on ``self``) used from any other module of ``bot`` as
``self._x``, ``turn._x`` or ``Turn._x`` is a private cross-call: that module leans on how another part does its job.
What parts offer each other is public, with a docstring (docs/architecture.md, "The turn's parts"). Prints one line
per name (the part that owns it <- the modules that use it) and the counts; tests/test_engine_parts.py holds it at 0.

A feature (bot/conversation/hooks.py ``FEATURES``), the triage step and the clarifying question (golden.py and
clarify.py, ``CORE_CALLERS``) change the turn
only through its public methods: a write to the turn's data from one of them (``turn.conv.node_id = ...``,
``turn.conv.fields[...] = ...``, ``turn.case = ...``, ``turn.replies.append(...)``) is listed too (``feature_writes``),
also held at none. Reading is public. A write through a name bound to the turn's data first is seen too
(``fields = turn.conv.fields; fields[k] = v``, ``t = turn; t.case = c``, ``for reply in turn.replies: reply.text = ...``,
``told = turn.conv.fields.get("x") or []; told.append(y)``); a copy (``dict(...)``, ``list(...)``) is not the turn's
data, nor what ``turn.state.get`` answers (a new object each time) or ``turn.session.get`` (a database row). Not seen: the turn's data handed to a function
that writes it (``helper(turn.conv.fields)``): the name is followed inside one function, not across calls.
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


# the core's modules of functions held to the features' rule: the triage step and the clarifying question (station
# routing is not: the turn's station attributes and the contact's station are its own to set)
CORE_CALLERS = ("bot/conversation/golden.py", "bot/conversation/clarify.py")
RETURNS_INSIDE = {"get", "setdefault"}  # a dict's method whose answer is an object kept inside it
ANSWERS_NEW = {"state", "session"}  # turn.state.get answers a copy, turn.session.get a database row


def _root(node: ast.AST) -> str | None:
    while isinstance(node, (ast.Attribute, ast.Subscript)):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def _on_turn(node: ast.AST, turns: frozenset[str] = frozenset({"turn"}), data: frozenset[str] = frozenset()) -> bool:
    """``node`` is the turn's data: an attribute or item reached from ``turn`` (or a name bound to it, ``turns``),
    or a name bound to the turn's data (``data``), not the turn itself."""
    if isinstance(node, ast.Name):
        return node.id in data
    if not isinstance(node, (ast.Attribute, ast.Subscript)):
        return False
    return _root(node) in turns | data


def _value_is(node: ast.AST | None, turns: frozenset[str], data: frozenset[str]) -> str | None:
    """What binding ``node`` to a name makes it: "turn" (the turn itself), "data" (the turn's data) or None."""
    if isinstance(node, ast.Name) and node.id in turns:
        return "turn"
    if _on_turn(node, turns, data) if node is not None else False:
        return "data"
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in RETURNS_INSIDE \
            and not (isinstance(node.func.value, ast.Attribute) and node.func.value.attr in ANSWERS_NEW) \
            and _on_turn(node.func.value, turns, data):
        return "data"  # turn.conv.fields.get("danger"): the list kept in the fields ("state" answers copies)
    if isinstance(node, ast.BoolOp):
        found = [_value_is(value, turns, data) for value in node.values]
        return "turn" if "turn" in found else "data" if "data" in found else None
    if isinstance(node, ast.IfExp):
        found = [_value_is(node.body, turns, data), _value_is(node.orelse, turns, data)]
        return "turn" if "turn" in found else "data" if "data" in found else None
    if isinstance(node, ast.NamedExpr):
        return _value_is(node.value, turns, data)
    return None


def _bindings(scope: ast.AST) -> list[tuple[ast.AST, ast.AST | None]]:
    """(target, value) of each name binding in ``scope``: assignments, walrus, ``for`` (each item), ``with ... as``."""
    found: list[tuple[ast.AST, ast.AST | None]] = []
    for node in ast.walk(scope):
        if isinstance(node, ast.Assign):
            found += [(target, node.value) for target in node.targets]
        elif isinstance(node, ast.AnnAssign):
            found.append((node.target, node.value))
        elif isinstance(node, ast.NamedExpr):
            found.append((node.target, node.value))
        elif isinstance(node, (ast.For, ast.AsyncFor, ast.comprehension)):
            found.append((node.target, ast.Subscript(node.iter, ast.Constant(0))))  # an item of what is walked
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            found += [(item.optional_vars, item.context_expr) for item in node.items if item.optional_vars]
    pairs: list[tuple[ast.AST, ast.AST | None]] = []
    for target, value in found:  # a, b = turn.conv, x: pairwise
        if isinstance(target, (ast.Tuple, ast.List)) and isinstance(value, (ast.Tuple, ast.List)) \
                and len(target.elts) == len(value.elts):
            pairs += list(zip(target.elts, value.elts))
        else:
            pairs.append((target, value))
    return pairs


def aliases(scope: ast.AST) -> tuple[frozenset[str], frozenset[str]]:
    """(names bound to the turn, names bound to the turn's data) in ``scope`` (a function, whole, or a module), in
    any order of the code: a name bound to either once is taken as bound to it everywhere in the scope."""
    turns, data = frozenset({"turn"}), frozenset()
    bindings = _bindings(scope)
    while True:
        more_turns, more_data = set(turns), set(data)
        for target, value in bindings:
            kind = _value_is(value, turns, data)
            if kind is None or not isinstance(target, ast.Name):
                continue
            (more_turns if kind == "turn" else more_data).add(target.id)
        if more_turns == turns and more_data == data:
            return turns, data
        turns, data = frozenset(more_turns), frozenset(more_data)


def _writes(scope: ast.AST, turns: frozenset[str], data: frozenset[str]) -> list[ast.AST]:
    found = []
    for node in ast.walk(scope):
        targets = node.targets if isinstance(node, (ast.Assign, ast.Delete)) else \
            [node.target] if isinstance(node, (ast.AugAssign, ast.AnnAssign)) else []
        # rebinding a name (fields = {...}) is no write, ``+=`` on one is (a list grows in place); an item or
        # attribute of one (fields[k] = v) is
        written = any(_on_turn(leaf, turns, data) and (not isinstance(leaf, ast.Name) or isinstance(node, ast.AugAssign))
                      for target in targets for leaf in ast.walk(target))
        changed = isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
            and node.func.attr in MUTATORS and _on_turn(node.func.value, turns, data)
        if written or changed:
            found.append(node)
    return found


def feature_writes(root: Path) -> list[tuple[str, int, str]]:
    """(module, line, statement) of each write to the turn's data in a feature module or golden.py, directly or
    through a name bound to it in the same function."""
    found = set()
    for path in [*features(root), *(root / name for name in CORE_CALLERS)]:
        module = str(path.relative_to(root))
        tree = ast.parse(path.read_text())
        scopes = [tree, *(node for node in ast.walk(tree)
                          if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)))]
        for scope in scopes:  # a function's names, whole (a nested function's writes are seen in it too)
            turns, data = aliases(scope) if scope is not tree else (frozenset({"turn"}), frozenset())
            for node in _writes(scope, turns, data):
                found.add((module, node.lineno, ast.unparse(node).splitlines()[0][:100]))
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
    print(f"{len(writes)} writes to the turn's data from feature modules and {', '.join(CORE_CALLERS)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
