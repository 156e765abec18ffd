"""Load YAML data files and validate them with pydantic, naming the file and line of any error.

Flows, knowledge, intents, texts and config.yaml are all data. A mistake in one of them must stop
start-up with a message a person can act on: ``flows/financial_fraud.yaml:42: nodes.amount.expect: ...``.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

M = TypeVar("M", bound=BaseModel)
# libyaml's loader when PyYAML was built with it (the wheels are): the same data and lines, about five times faster
# than the pure-Python one, which every start-up (each gunicorn worker, each CLI command, each test process) paid.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class DataError(Exception):
    """A data file is missing, is not valid YAML, or does not match its schema."""


class PlacedError(ValueError):
    """A model validator's error about one place deeper in the file than the model itself (``loc``, e.g.
    ``("stations", 1, "id")``): raised inside a pydantic validator, it names that key's line, not the model's."""

    def __init__(self, loc: tuple, message: str):
        super().__init__(message)
        self.loc = tuple(loc)


def _line_map(node: yaml.Node, path: tuple = (), lines: dict | None = None) -> dict[tuple, int]:
    """Map every key path in a composed YAML document to its 1-based line number."""
    lines = {} if lines is None else lines
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value
            lines[path + (key,)] = key_node.start_mark.line + 1
            _line_map(value_node, path + (key,), lines)
            lines[path + (key,)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _line_map(item, path + (index,), lines)
    return lines


class YamlDoc:
    """One parsed YAML file: its data and where each key stands."""

    def __init__(self, path: Path, data: Any, lines: dict[tuple, int]):
        self.path = path
        self.data = data
        self.lines = lines

    def where(self, loc: tuple = ()) -> str:
        """``file:line`` of the deepest known key on ``loc``."""
        loc = tuple(loc)
        while loc and loc not in self.lines:
            loc = loc[:-1]
        return f"{self.path}:{self.lines.get(loc, 1)}"

    def error(self, loc: tuple, message: str) -> DataError:
        dotted = ".".join(str(part) for part in loc)
        return DataError(f"{self.where(loc)}: {dotted + ': ' if dotted else ''}{message}")


def read_yaml(path: str | Path) -> YamlDoc:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DataError(f"{path}: cannot be read: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise DataError(f"{path}: is not UTF-8 text") from exc
    try:
        node = yaml.compose(text, Loader=LOADER)
        data = yaml.load(text, Loader=LOADER)  # noqa: S506 - a safe loader (CSafeLoader or SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        raise DataError(f"{path}:{line}: not valid YAML: {getattr(exc, 'problem', exc)}") from exc
    lines = _line_map(node) if node is not None else {(): 1}
    return YamlDoc(path, data, lines)


def _placed(doc: YamlDoc, error: dict) -> str:
    """One pydantic error as ``file:line: key: message``."""
    loc = tuple(part for part in error["loc"] if not (isinstance(part, str) and part.startswith("function-")))
    message = error["msg"]
    placed = (error.get("ctx") or {}).get("error")
    if isinstance(placed, PlacedError):
        loc, message = loc + placed.loc, str(placed)
    if error["type"] == "extra_forbidden":
        message = "unknown key"
    return str(doc.error(loc, message))


def validate(model: type[M], doc: YamlDoc, context: dict | None = None) -> M:
    """Validate ``doc`` against ``model``; the error names file, line and key of every mistake (one a line,
    the first first), so a new language's missing texts are all listed in one start-up."""
    try:
        return model.model_validate(doc.data if doc.data is not None else {}, context=context)
    except ValidationError as exc:
        lines = list(dict.fromkeys(_placed(doc, error) for error in exc.errors()))
        raise DataError("\n".join(lines[:40])) from exc


def load_model(model: type[M], path: str | Path, context: dict | None = None) -> M:
    return validate(model, read_yaml(path), context)
