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
data, nor what ``turn.state.get`` answers (a new object each time) or ``turn.session.get`` (a database row), nor the
database session itself (``turn.session.add(row)``: a feature's own rows). Helper calls are followed, however
deep: the turn or its data handed to a function of ``bot`` named in the code (``helper(turn.conv.fields)``,
``module.helper(turn)``) is checked in that function, and so are the helpers it hands them on to; a write there is
named at the first call. Not seen: methods, functions reached other than by name, ``*args``/``**kwargs``, what a
helper answers (docs/architecture.md, "The turn's parts", lists it).
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
DATABASE = {"session"}  # the turn's database session is not the turn's data: a feature's own rows go through it


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
    first = node
    while isinstance(first.value, (ast.Attribute, ast.Subscript)):
        first = first.value
    if isinstance(first, ast.Attribute) and first.attr in DATABASE and isinstance(first.value, ast.Name) \
            and first.value.id in turns:
        return False  # turn.session.add(row): the database, where a feature keeps its own rows
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


def aliases(scope: ast.AST, turns: frozenset[str] = frozenset({"turn"}),
            data: frozenset[str] = frozenset()) -> tuple[frozenset[str], frozenset[str]]:
    """(names bound to the turn, names bound to the turn's data) in ``scope`` (a function, whole, or a module), in
    any order of the code: a name bound to either once is taken as bound to it everywhere in the scope. ``turns``
    and ``data`` seed it (a helper's parameters that a caller passes the turn or its data to)."""
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


def _module_file(root: Path, here: Path, module: str | None, level: int) -> Path | None:
    """The file of ``bot`` that ``from <level dots><module> import ...`` in ``here`` names, if it is one."""
    if level:
        base = here.parent
        for _ in range(level - 1):
            base = base.parent
    elif module and (module == "bot" or module.startswith("bot.")):
        base = root
    else:
        return None  # the standard library or a package: not ours to follow
    target = base.joinpath(*module.split(".")) if module else base
    for candidate in (target.with_suffix(".py"), target / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _functions(path: Path) -> dict[str, ast.FunctionDef | ast.AsyncFunctionDef]:
    return {node.name: node for node in ast.parse(path.read_text()).body
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))}


def _helpers(root: Path, path: Path, tree: ast.Module) -> tuple[dict[str, tuple[Path, ast.AST]], dict[str, Path]]:
    """What a module's calls can reach in ``bot``: {name: (file, function)} for its own module-level functions and
    those it imports by name, and {name: file} for the modules it imports (``relatives.notify(...)``)."""
    functions = {name: (path, node) for name, node in _functions(path).items()}
    modules: dict[str, Path] = {}
    for node in tree.body:
        if isinstance(node, ast.ImportFrom):
            source = _module_file(root, path, node.module, node.level)
            for alias in node.names:
                name = alias.asname or alias.name
                if source is not None and alias.name in _functions(source):
                    functions[name] = (source, _functions(source)[alias.name])
                    continue
                dotted = f"{node.module}.{alias.name}" if node.module else alias.name
                sub = _module_file(root, path, dotted, node.level)
                if sub is not None:
                    modules[name] = sub
        elif isinstance(node, ast.Import):
            for alias in node.names:
                source = _module_file(root, path, alias.name, 0)
                if source is not None and alias.asname:
                    modules[alias.asname] = source
    return functions, modules


def _callee(call: ast.Call, functions: dict, modules: dict) -> tuple[Path, ast.AST] | None:
    """The function of ``bot`` a call runs, when it can be named from the code: ``helper(...)`` or
    ``module.helper(...)``; a method (``obj.m(...)``, the turn's own public methods) is not followed."""
    if isinstance(call.func, ast.Name):
        return functions.get(call.func.id)
    if isinstance(call.func, ast.Attribute) and isinstance(call.func.value, ast.Name) \
            and call.func.value.id in modules:
        source = modules[call.func.value.id]
        function = _functions(source).get(call.func.attr)
        return (source, function) if function is not None else None
    return None


def _handed(call: ast.Call, helper: ast.AST, turns: frozenset[str],
            data: frozenset[str]) -> tuple[frozenset[str], frozenset[str]]:
    """(the helper's parameters given the turn, those given the turn's data) by this call, matched by position and
    keyword (``*args`` and ``**kwargs`` are not followed)."""
    arguments = helper.args
    positional = [a.arg for a in [*arguments.posonlyargs, *arguments.args]]
    named = set(positional) | {a.arg for a in arguments.kwonlyargs}
    given: list[tuple[str, ast.AST]] = []
    for index, value in enumerate(call.args):
        if isinstance(value, ast.Starred) or index >= len(positional):
            break
        given.append((positional[index], value))
    given += [(keyword.arg, keyword.value) for keyword in call.keywords if keyword.arg in named]
    seeded_turns, seeded_data = set(), set()
    for parameter, value in given:
        kind = _value_is(value, turns, data)
        if kind == "turn":
            seeded_turns.add(parameter)
        elif kind == "data":
            seeded_data.add(parameter)
    return frozenset(seeded_turns), frozenset(seeded_data)


def _statement(node: ast.AST) -> str:
    return ast.unparse(node).splitlines()[0][:100]


class _Helpers:
    """The writes a helper makes to the turn's data handed to it, and those of the helpers it hands the data on
    to, however deep (a helper already being followed on the way is not followed again: recursion ends). Each
    file's imports are read once per run."""

    def __init__(self, root: Path, checked: list[Path]):
        self.root, self.checked = root, checked
        self._reach: dict[Path, tuple[dict, dict]] = {}

    def reach(self, path: Path) -> tuple[dict, dict]:
        if path not in self._reach:
            self._reach[path] = _helpers(self.root, path, ast.parse(path.read_text()))
        return self._reach[path]

    def writes(self, source: Path, helper: ast.AST, turns: frozenset[str], data: frozenset[str],
               following: frozenset = frozenset()) -> list[tuple[Path, ast.AST]]:
        key = (source, helper.lineno, turns, data)
        if key in following:
            return []
        turns, data = aliases(helper, turns, data)
        found = [(source, node) for node in _writes(helper, turns, data)]
        if source in self.checked:  # its writes through a parameter named ``turn`` are named where they are
            seen = {id(node) for node in _writes(helper, *aliases(helper))}
            found = [(path, node) for path, node in found if id(node) not in seen]
        functions, modules = self.reach(source)
        for call in (node for node in ast.walk(helper) if isinstance(node, ast.Call)):
            target = _callee(call, functions, modules)
            if target is None:
                continue
            handed = _handed(call, target[1], turns, data)
            if handed[0] or handed[1]:
                found += self.writes(*target, *handed, following | {key})
        return found


def feature_writes(root: Path) -> list[tuple[str, int, str]]:
    """(module, line, statement) of each write to the turn's data in a feature module or golden.py, directly,
    through a name bound to it in the same function, or in a helper of ``bot`` the turn or its data is handed to,
    or one that helper hands it on to (named at the first call as ``call -> helper's file:line: write``)."""
    found = set()
    checked = [*features(root), *(root / name for name in CORE_CALLERS)]
    helpers = _Helpers(root, checked)
    for path in checked:
        module = str(path.relative_to(root))
        tree = ast.parse(path.read_text())
        functions, modules = helpers.reach(path)
        scopes = [tree, *(node for node in ast.walk(tree)
                          if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)))]
        for scope in scopes:  # a function's names, whole (a nested function's writes are seen in it too)
            turns, data = aliases(scope) if scope is not tree else (frozenset({"turn"}), frozenset())
            for node in _writes(scope, turns, data):
                found.add((module, node.lineno, _statement(node)))
            for call in (node for node in ast.walk(scope) if isinstance(node, ast.Call)):
                target = _callee(call, functions, modules)
                if target is None:
                    continue
                handed_turns, handed_data = _handed(call, target[1], turns, data)
                if not handed_turns and not handed_data:
                    continue
                for source, node in helpers.writes(*target, handed_turns, handed_data):
                    found.add((module, call.lineno, f"{_statement(call)[:80]} -> "
                               f"{source.relative_to(root)}:{node.lineno}: {_statement(node)}"))
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
