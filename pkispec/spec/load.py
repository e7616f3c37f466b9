"""Read a spec file: YAML 1.2 with every node's line and column kept.

This is the only module that reads the spec. It turns ruamel's round-trip nodes into plain
Python data plus an index from YAML path to position, so that every later problem, from
pydantic or from the rules, can point at the exact key or value it is about.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import (
    CommentedMap,
    CommentedOrderedMap,
    CommentedSeq,
    CommentedSet,
    TaggedScalar,
)
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from pkispec.errors import Located, Problem, SpecError, YamlPath

Position = tuple[int, int]  # 0-based line and column, as ruamel keeps them


@dataclass
class Document:
    """Plain data of a spec file and where each of its nodes stands."""

    file: str
    data: Any
    values: dict[YamlPath, Position] = field(default_factory=dict)
    keys: dict[YamlPath, Position] = field(default_factory=dict)

    def locate(self, problem: Problem) -> Located:
        line, col = self.position(problem.path, at_key=problem.at_key)
        return Located(problem, self.file, line + 1, col + 1)

    def position(self, path: YamlPath, *, at_key: bool = False) -> Position:
        """The nearest known position of `path`, walking up to a parent if needed."""
        for end in range(len(path), -1, -1):
            prefix = path[:end]
            table = self.keys if at_key and end == len(path) else self.values
            if prefix in table:
                return table[prefix]
            if prefix in self.keys:
                return self.keys[prefix]
        return (0, 0)

    def get(self, path: YamlPath) -> Any:
        """The plain value at `path`, or None when it is not there."""
        node = self.data
        for part in path:
            found, node = child(node, part)
            if not found:
                return None
        return node


def child(node: Any, part: str | int) -> tuple[bool, Any]:
    """(True, the child) of a mapping or list at `part`, or (False, None)."""
    if isinstance(node, Mapping) and part in node:
        return True, node[part]
    if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
        return True, node[part]
    return False, None


#: more nodes than any real spec has (100,000 clients are ~600,000): an alias bomb
MAX_NODES = 2_000_000


class _NodeError(Exception):
    """A node that has no place in a spec: a tag, a recursive or exploding alias."""

    def __init__(self, problem: Problem, position: Position) -> None:
        super().__init__()
        self.problem, self.position = problem, position


def _refuse_tags(node: Any, position: Position) -> None:
    tag = getattr(getattr(node, "tag", None), "value", None)
    odd = isinstance(node, TaggedScalar | bytes | CommentedSet | CommentedOrderedMap)
    if tag or odd:
        names: dict[type, str] = {bytes: "!!binary", CommentedSet: "!!set",
                                  CommentedOrderedMap: "!!omap"}
        name = tag or names.get(type(node), "a tag")
        raise _NodeError(Problem("PKI005", f"the YAML tag {name} is not allowed in a spec",
                                 hint="remove the tag; write plain strings, numbers, "
                                 "lists and mappings"), position)


def _where(node: Any, kind: str, key: Any) -> Position:
    """Line and column of a key, value or item; keys from a merge (<<) have none of their
    own, so they point at the mapping that merged them."""
    try:
        found = getattr(node.lc, kind)(key)
    except (KeyError, IndexError, TypeError):
        found = None
    return (found[0], found[1]) if found else (node.lc.line, node.lc.col)


def _plain(node: Any, path: YamlPath, doc: Document, parents: tuple[int, ...] = ()) -> Any:
    """Copy a ruamel node into plain dicts, lists and scalars, recording positions."""
    here = doc.values.get(path, (0, 0))
    _refuse_tags(node, here)
    if len(doc.values) > MAX_NODES:
        raise _NodeError(Problem("PKI001", f"the spec expands to more than {MAX_NODES:,} "
                                 "values", hint="an alias is repeated inside itself; copy "
                                 "the values you need instead"), here)
    if isinstance(node, CommentedMap | CommentedSeq):
        if id(node) in parents:
            raise _NodeError(Problem("PKI001", "an alias refers to the node that contains "
                                     "it", hint="a spec is a tree; copy the values instead "
                                     "of nesting an alias in itself"), here)
        parents = (*parents, id(node))
    if isinstance(node, CommentedMap):
        out: dict[Any, Any] = {}
        for key in node:
            child_path = (*path, key if isinstance(key, str) else str(key))
            doc.keys[child_path] = _where(node, "key", key)
            doc.values[child_path] = _where(node, "value", key)
            out[child_path[-1]] = _plain(node[key], child_path, doc, parents)
        return out
    if isinstance(node, CommentedSeq):
        items = []
        for index, item in enumerate(node):
            child_path = (*path, index)
            doc.values[child_path] = _where(node, "item", index)
            items.append(_plain(item, child_path, doc, parents))
        return items
    return _scalar(node)


def _scalar(node: Any) -> Any:
    # ruamel hands out subclasses (ScalarFloat, ScalarBoolean, TaggedScalar...);
    # pydantic in strict mode wants the plain built-in types.
    if node is None or isinstance(node, bool):
        return node
    if isinstance(node, int):
        return bool(node) if type(node).__name__ == "ScalarBoolean" else int(node)
    if isinstance(node, float):
        return float(node)
    if isinstance(node, str):
        return str(node)  # lone surrogates are refused by the fields that take text
    if isinstance(node, dt.date):
        return node  # an unquoted date; the model refuses it with a hint
    return str(node)


def _yaml_problem(exc: YAMLError, text: str) -> tuple[Problem, Position]:
    what = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    context = getattr(exc, "context", None)
    mark = getattr(exc, "problem_mark", None)
    opened = getattr(exc, "context_mark", None)
    if opened is not None and (mark is None or "<stream end>" in str(what)
                               or mark.line >= len(text.splitlines())):
        mark = opened  # an unclosed bracket or quote: point where it was opened
    if "duplicate key" in str(what) or type(exc).__name__ == "DuplicateKeyError":
        key = str(what).split('"')[1] if '"' in str(what) else ""
        position = (mark.line, mark.column) if mark is not None else (0, 0)
        return (
            Problem(
                "PKI002",
                f"duplicate key '{key}'" if key else "duplicate key",
                hint="YAML keeps only one of them; remove or rename the other",
            ),
            position,
        )
    position = (mark.line, mark.column) if mark is not None else (0, 0)
    message = f"{context}, {what}" if context else str(what)
    hint = _syntax_hint(f"{context} {what}")
    return Problem("PKI001", f"YAML syntax: {message}", hint=hint), position


def _syntax_hint(what: str) -> str:
    if "\\t" in what or "\t" in what or "tab" in what:
        return "indent with spaces; YAML does not allow tabs for indentation"
    if "flow sequence" in what or "flow mapping" in what:
        return "close the bracket opened here, or quote a value that contains ',' or ':'"
    if "quoted scalar" in what:
        return "close the quote opened here"
    if "mapping values are not allowed" in what:
        return ("a line indented deeper than its siblings, or a value containing ': ' "
                "that needs quotes")
    return "check the indentation and quoting on this line and the one above"


def read(path: Path, text: str | None = None) -> Document:
    """Parse `path` (or `text` given for it) into a Document; YAML errors raise SpecError."""
    name = str(path)
    if text is None:
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise SpecError([_at(name, Problem("PKI007", "no such file"), (0, 0))]) from None
        except UnicodeDecodeError as exc:
            problem = Problem("PKI001", f"not UTF-8 text ({exc.reason})",
                              hint="save the spec as UTF-8")
            raise SpecError([_at(name, problem, (0, 0))]) from None
    yaml = YAML(typ="rt")
    yaml.version = (1, 2)
    yaml.allow_duplicate_keys = False
    try:
        node = yaml.load(text)
    except MarkedYAMLError as exc:
        problem, position = _yaml_problem(exc, text)
        raise SpecError([_at(name, problem, position)]) from None
    except YAMLError as exc:
        problem = Problem("PKI001", f"YAML: {exc}", hint="check the file's structure")
        raise SpecError([_at(name, problem, (0, 0))]) from None
    except RecursionError:
        problem = Problem("PKI001", "the YAML is nested too deeply",
                          hint="a spec is a few levels deep; look for runaway brackets")
        raise SpecError([_at(name, problem, (0, 0))]) from None
    doc = Document(name, None)
    if not isinstance(node, CommentedMap):
        what = "the file is empty" if node is None else "the spec is not a mapping"
        problem = Problem(
            "PKI007",
            f"{what}; a spec is a mapping of keys such as 'name', 'root', 'intermediates'",
            hint="run 'pkispec init FILE' for a commented starting spec",
        )
        raise SpecError([_at(name, problem, (0, 0))])
    try:
        doc.data = _plain(node, (), doc)
    except _NodeError as exc:
        raise SpecError([_at(name, exc.problem, exc.position)]) from None
    return doc


def _at(file: str, problem: Problem, position: Position) -> Located:
    return Located(problem, file, position[0] + 1, position[1] + 1)
