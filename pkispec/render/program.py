"""A bundle program from its package file: the spec's data written into its one marked block.

The programs in `programs/` (Python scripts and the ceremony's shell library) are complete
files of the package, linted, type-checked and shellchecked as they are, with placeholder
values. A build changes two things in each: the header line (the file's second line) and
the assignments between the data markers, whose values it replaces by literals that the
caller quoted for the program's language (`quoting.python`, `quoting.python_table`,
`quoting.shell`). Comments, annotations and the layout around each value stay as the
package file has them, so the program's text has one source.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Mapping
from importlib import resources
from typing import Literal

PROGRAMS = resources.files("pkispec.render") / "programs"
HEADER = "# pkispec build writes the header line here: what made the file\n"
BEGIN = "# --- pkispec: the spec's data (pkispec build fills this block in) ---\n"
END = "# --- end of the spec's data ---\n"
Language = Literal["python", "shell"]
_SHELL_ASSIGNMENT = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)=(.*)")


class ProgramError(ValueError):
    """A program of the package is not in the shape the build fills in (a pkispec bug)."""


def package_text(name: str) -> str:
    return (PROGRAMS / name).read_text(encoding="utf-8")


def fill_program(name: str, header: str, values: Mapping[str, str]) -> str:
    """The package file `name` with `header` as its comment line and each assignment of its
    data block given the literal in `values` (already quoted; every name, and no other)."""
    kind: Language = "python" if name.endswith(".py") else "shell"
    return fill(package_text(name), header, values, kind=kind)


def fill(text: str, header: str, values: Mapping[str, str], *, kind: Language) -> str:
    """`text` filled in: where the first line is the interpreter's (#! or shellcheck's), the
    header is the second, as in every other file of the bundle."""
    head, block, tail = split(text)
    lines = head.splitlines(keepends=True)
    if len(lines) < 2 or lines[1] != HEADER:
        raise ProgramError(f"the second line is not the header placeholder {HEADER.strip()!r}")
    filled = _fill_python(block, values) if kind == "python" else _fill_shell(block, values)
    return "".join([lines[0], f"# {header}\n", *lines[2:], BEGIN, filled, END, tail])


def split(text: str) -> tuple[str, str, str]:
    """What comes before the data block, the block (without its markers), and what follows;
    a program has exactly one block, its markers on lines of their own."""
    lines = text.splitlines(keepends=True)
    for marker in (BEGIN, END):
        if lines.count(marker) != 1:
            raise ProgramError(f"{lines.count(marker)} lines {marker.strip()!r}, not one")
    start, end = lines.index(BEGIN), lines.index(END)
    if end < start:
        raise ProgramError("the end of the data block comes before its start")
    return "".join(lines[:start]), "".join(lines[start + 1 : end]), "".join(lines[end + 1 :])


def _check_names(found: list[str], values: Mapping[str, str]) -> None:
    if sorted(found) != sorted(values):
        raise ProgramError(f"the data block assigns {sorted(found)}, not {sorted(values)}")


def _fill_shell(block: str, values: Mapping[str, str]) -> str:
    """Shell: every line of the block is a comment or NAME=VALUE, VALUE replaced whole."""
    lines = block.splitlines(keepends=True)
    matches = [_SHELL_ASSIGNMENT.fullmatch(line.rstrip("\n")) for line in lines]
    for line, match in zip(lines, matches, strict=True):
        if match is None and not line.startswith("#"):
            raise ProgramError(f"neither a comment nor NAME=VALUE in the data block: {line!r}")
    _check_names([m[1] for m in matches if m], values)
    return "".join(
        f"{m[1]}={values[m[1]]}\n" if m else line for line, m in zip(lines, matches, strict=True)
    )


def _fill_python(block: str, values: Mapping[str, str]) -> str:
    """Python: every statement of the block assigns a literal to one name; the literal's
    own text is replaced (brackets or an annotation around it stay)."""
    data = block.encode()  # ast counts columns in UTF-8 bytes
    starts = [0]
    for line in data.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    try:
        statements = ast.parse(block).body
    except SyntaxError as exc:
        raise ProgramError(f"the data block is not Python: {exc}") from None
    spans = [_literal(node, starts) for node in statements]
    _check_names([name for name, _, _ in spans], values)
    pieces, done = [], 0
    for name, start, end in spans:
        pieces += [data[done:start], values[name].encode()]
        done = end
    return b"".join([*pieces, data[done:]]).decode()


def _literal(node: ast.stmt, starts: list[int]) -> tuple[str, int, int]:
    """The name `node` assigns, and where in the block's bytes its literal value starts and
    ends."""
    target: ast.expr | None = None
    value: ast.expr | None = None
    if isinstance(node, ast.AnnAssign):
        target, value = node.target, node.value
    elif isinstance(node, ast.Assign) and len(node.targets) == 1:
        target, value = node.targets[0], node.value
    if not isinstance(target, ast.Name) or value is None or value.end_lineno is None:
        raise ProgramError(f"not an assignment to one name, line {node.lineno} of the block")
    try:
        ast.literal_eval(value)
    except ValueError:
        raise ProgramError(f"{target.id} is not given a literal in the data block") from None
    start = starts[value.lineno - 1] + value.col_offset
    return target.id, start, starts[value.end_lineno - 1] + (value.end_col_offset or 0)
