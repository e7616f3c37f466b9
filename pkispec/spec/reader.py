"""Read a spec file: YAML 1.2, with every node's line and column kept.

This is the only module that reads the spec. ruamel.yaml composes the file into a node
tree (with libyaml's C parser when ruamel.yaml.clib is installed, else in pure Python);
the tree is turned into plain Python data and kept beside it, so that every later
problem, from pydantic or from the rules, can point at the exact key or value it is about.

libyaml reads YAML 1.1 syntax, which refuses a few YAML 1.2 documents (``[fd00::/8]``), so
any document the C parser refuses is read again in pure Python, whose answer is the one
that counts. Scalars are resolved with ruamel's own YAML 1.2 rules either way: ``NO`` stays
a string, ``0755`` is a number, an unquoted date is a date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.resolver import VersionedResolver

from pkispec.errors import Located, Problem, SpecError, YamlPath

Position = tuple[int, int]  # 0-based line and column, as ruamel keeps them

#: more values than any real spec has (100,000 clients are ~600,000): an alias bomb
MAX_NODES = 2_000_000
_CORE = "tag:yaml.org,2002:"
_PLAIN_TAGS = {f"{_CORE}str", f"{_CORE}map", f"{_CORE}seq"}
# what a parser may resolve a plain scalar to by itself; it is resolved again below
_IMPLICIT = _PLAIN_TAGS | {
    f"{_CORE}{kind}" for kind in ("int", "float", "bool", "null", "timestamp", "merge", "value")
}


class _Yaml12Resolver(VersionedResolver):
    """ruamel's YAML 1.2 resolver, with the version fixed instead of looked up per scalar.

    VersionedResolver asks its loader for the YAML version at every scalar, through two
    caught AttributeErrors when no loader has one (libyaml's parser never tells it, and
    `_scalar` uses it alone), then falls back to 1.2; that was half of a large spec's load.
    The rules are ruamel's own 1.2 rules either way."""

    @property
    def processing_version(self) -> tuple[int, int]:
        return (1, 2)


_RESOLVER = _Yaml12Resolver()


@dataclass
class Document:
    """Plain data of a spec file, and the node tree that says where each value stands."""

    file: str
    data: Any
    root: MappingNode

    def locate(self, problem: Problem) -> Located:
        line, col = self.position(problem.path, at_key=problem.at_key)
        return Located(problem, self.file, line + 1, col + 1)

    def position(self, path: YamlPath, *, at_key: bool = False) -> Position:
        """Where `path` stands; the nearest parent that exists when it does not."""
        node: Node = self.root
        for index, part in enumerate(path):
            found = _child_node(node, part)
            if found is None:
                break
            key, node = found
            if at_key and index == len(path) - 1 and key is not None:
                return key.start_mark.line, key.start_mark.column
        return node.start_mark.line, node.start_mark.column

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


def _entries(node: MappingNode) -> Iterator[tuple[Node, Node]]:
    """The key and value nodes of a mapping, those merged in with '<<' after its own."""
    merged: list[Node] = []
    for key, value in node.value:
        if _is_merge(key):
            merged += value.value if isinstance(value, SequenceNode) else [value]
        else:
            yield key, value
    for source in merged:
        if isinstance(source, MappingNode):
            yield from _entries(source)


def _child_node(node: Node, part: str | int) -> tuple[Node | None, Node] | None:
    if isinstance(node, MappingNode):
        for key, value in _entries(node):
            if isinstance(key, ScalarNode) and key.value == str(part):
                return key, value
    if isinstance(node, SequenceNode) and isinstance(part, int) and part < len(node.value):
        return None, node.value[part]
    return None


def _is_merge(key: Node) -> bool:
    return isinstance(key, ScalarNode) and key.value == "<<" and not key.style


class _NodeError(Exception):
    """A node that has no place in a spec; carries the problem and where it is."""

    def __init__(self, problem: Problem, node: Node) -> None:
        super().__init__()
        self.problem, self.position = problem, (node.start_mark.line, node.start_mark.column)


class _Converter:
    """Node tree -> plain dicts, lists and scalars, refusing what a spec cannot hold."""

    def __init__(self) -> None:
        self.count = 0

    def value(self, node: Node, parents: frozenset[int] = frozenset()) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise _NodeError(
                Problem(
                    "PKI001",
                    f"the spec expands to more than {MAX_NODES:,} values",
                    hint="an alias is repeated inside itself; copy the values you need instead",
                ),
                node,
            )
        implicit = _IMPLICIT if isinstance(node, ScalarNode) and not node.style else _PLAIN_TAGS
        if _tag(node.tag) not in implicit:
            raise _NodeError(
                Problem(
                    "PKI005",
                    f"the YAML tag {_tag(node.tag)} is not allowed in a spec",
                    hint="remove the tag; write plain strings, numbers, lists and mappings",
                ),
                node,
            )
        if isinstance(node, ScalarNode):
            return _scalar(node)
        if id(node) in parents:
            raise _NodeError(
                Problem(
                    "PKI001",
                    "an alias refers to the node that contains it",
                    hint="a spec is a tree; copy the values instead of nesting an alias in itself",
                ),
                node,
            )
        parents = parents | {id(node)}
        if isinstance(node, SequenceNode):
            return [self.value(item, parents) for item in node.value]
        assert isinstance(node, MappingNode)  # noqa: S101 - the three node kinds of YAML
        return self.mapping(node, parents)

    def mapping(self, node: MappingNode, parents: frozenset[int]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        own: set[str] = set()
        for key, value in _entries(node):
            if not isinstance(key, ScalarNode):
                raise _NodeError(
                    Problem(
                        "PKI005",
                        "a key must be plain text",
                        hint="write the key as a word, e.g. 'name:'",
                    ),
                    key,
                )
            name = str(key.value)
            mine = any(key is k for k, _ in node.value)
            if name in out:
                if mine and name in own:
                    raise _NodeError(
                        Problem(
                            "PKI002",
                            f"duplicate key '{name}'",
                            hint="YAML keeps only one of them; remove or rename the other",
                        ),
                        key,
                    )
                continue  # a merged key that the mapping sets itself
            if mine:
                own.add(name)
            out[name] = self.value(value, parents)
        return out


def _tag(tag: Any) -> str:
    """ruamel gives tags as text or as Tag objects, depending on the parser."""
    return tag if isinstance(tag, str) else str(getattr(tag, "value", tag))


def _scalar(node: ScalarNode) -> Any:
    """A scalar by YAML 1.2's rules: quoted is text; plain may be null, bool, int, float."""
    text = node.value
    if node.style:  # quoted or a block scalar: text (the C parser says '' for plain)
        return text
    kind = _tag(_RESOLVER.resolve(ScalarNode, text, (True, False))).removeprefix(_CORE)
    construct = _CONSTRUCT.get(kind)
    return construct(text) if construct else text


def _int(text: str) -> int:
    """YAML 1.2 integers: decimal (0755 is 755), 0o octal, 0x hexadecimal."""
    clean = text.replace("_", "")
    sign = -1 if clean.startswith("-") else 1
    digits = clean.lstrip("+-")
    for prefix, base in (("0x", 16), ("0o", 8)):
        if digits.startswith(prefix):
            return sign * int(digits[2:], base)
    return sign * int(digits)


def _float(text: str) -> float:
    lowered = text.lower().replace("_", "")
    if lowered.endswith(".inf"):
        return float("-inf") if lowered.startswith("-") else float("inf")
    return float("nan") if lowered == ".nan" else float(lowered)


def _timestamp(text: str) -> dt.date | str:
    for parse in (dt.date.fromisoformat, dt.datetime.fromisoformat):
        try:
            return parse(text)
        except ValueError:
            continue
    return text


_CONSTRUCT: dict[str, Callable[[str], Any]] = {
    "null": lambda _: None,
    "bool": lambda text: text.lower() == "true",
    "int": _int,
    "float": _float,
    "timestamp": _timestamp,
}


def _compose(text: str, *, fast: bool = True) -> Node | None:
    if fast:
        try:
            c_yaml = YAML(typ="base", pure=False)
            c_yaml.Resolver = _Yaml12Resolver  # libyaml never tells it a version: 1.2
            if "CParser" in getattr(c_yaml.Parser, "__name__", ""):
                return c_yaml.compose(text)  # type: ignore[no-any-return]
        except YAMLError:
            pass  # read again in pure Python: its answer, or its error, is the one that counts
    pure = YAML(typ="base", pure=True)
    pure.version = (1, 2)
    return pure.compose(text)  # type: ignore[no-any-return]


def _yaml_problem(exc: YAMLError, text: str) -> tuple[Problem, Position]:
    what = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    context = getattr(exc, "context", None)
    mark = getattr(exc, "problem_mark", None)
    opened = getattr(exc, "context_mark", None)
    if opened is not None and (
        mark is None or "<stream end>" in str(what) or mark.line >= len(text.splitlines())
    ):
        mark = opened  # an unclosed bracket or quote: point where it was opened
    position = (mark.line, mark.column) if mark is not None else (0, 0)
    message = f"{context}, {what}" if context else str(what)
    return Problem(
        "PKI001", f"YAML syntax: {message}", hint=_syntax_hint(f"{context} {what}")
    ), position


def _syntax_hint(what: str) -> str:
    if "\\t" in what or "\t" in what or "tab" in what:
        return "indent with spaces; YAML does not allow tabs for indentation"
    if "flow sequence" in what or "flow mapping" in what:
        return "close the bracket opened here, or quote a value that contains ',' or ':'"
    if "quoted scalar" in what:
        return "close the quote opened here"
    if "mapping values are not allowed" in what:
        return (
            "a line indented deeper than its siblings, or a value containing ': ' that needs quotes"
        )
    if "single document" in what:
        return "a spec file holds one document; remove the '---' that starts another"
    return "check the indentation and quoting on this line and the one above"


def _read_text(path: Path, name: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SpecError(
            [_at(name, Problem("PKI007", "no such file", hint="check the path"), (0, 0))]
        ) from None
    except UnicodeDecodeError as exc:
        problem = Problem("PKI001", f"not UTF-8 text ({exc.reason})", hint="save the spec as UTF-8")
        raise SpecError([_at(name, problem, (0, 0))]) from None


def read(path: Path, text: str | None = None, *, name: str | None = None) -> Document:
    """Parse `path` (or `text` given for it) into a Document; YAML errors raise SpecError.
    Problems name the file `name` (`REV:path` for a committed spec), else `path`."""
    name = str(path) if name is None else name
    if text is None:
        text = _read_text(path, name)
    try:
        node = _compose(text)
    except MarkedYAMLError as exc:
        problem, position = _yaml_problem(exc, text)
        raise SpecError([_at(name, problem, position)]) from None
    except YAMLError as exc:
        problem = Problem("PKI001", f"YAML: {exc}", hint="check the file's structure")
        raise SpecError([_at(name, problem, (0, 0))]) from None
    except RecursionError:
        problem = Problem(
            "PKI001",
            "the YAML is nested too deeply",
            hint="a spec is a few levels deep; look for runaway brackets",
        )
        raise SpecError([_at(name, problem, (0, 0))]) from None
    if not isinstance(node, MappingNode):
        what = "the file is empty" if node is None else "the spec is not a mapping"
        problem = Problem(
            "PKI007",
            f"{what}; a spec is a mapping of keys such as 'name', 'root', 'intermediates'",
            hint="run 'pkispec init FILE' for a commented starting spec",
        )
        raise SpecError([_at(name, problem, (0, 0))])
    try:
        data = _Converter().value(node)
    except _NodeError as exc:
        raise SpecError([_at(name, exc.problem, exc.position)]) from None
    except RecursionError:
        problem = Problem(
            "PKI001",
            "the YAML is nested too deeply",
            hint="a spec is a few levels deep; look for runaway brackets",
        )
        raise SpecError([_at(name, problem, (0, 0))]) from None
    return Document(name, data, node)


def _at(file: str, problem: Problem, position: Position) -> Located:
    return Located(problem, file, position[0] + 1, position[1] + 1)
