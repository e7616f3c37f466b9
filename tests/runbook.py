"""The commands of a generated RUNBOOK.md, as the runbook gives them to a person.

Every command of the runbook is in a fenced block whose info string names the machine it runs
on (```` ```sh on=crl-host ````), and every move of files between machines is a ```` ```carry ````
block of `from-machine:path -> to-machine:path` lines; a ```` ```yaml ```` block holds keys the
operator writes into the spec by hand. What the operator chooses is a shell
variable (`$EXPORT`, `$OUT`, ...) named in the runbook's "you choose" table. The tests take
commands from here, never retyped, so a changed runbook changes what they run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

FENCE = re.compile(r"^```(\S*)(.*)$")
HEADING = re.compile(r"^## (\d+)\. (.*)$")
CARRY = re.compile(r"^([\w-]+):(\S+) -> ([\w-]+):(\S+)$")
VARIABLE = re.compile(r"\$\{?([A-Z_][A-Z0-9_]*)\}?")
CHOICE = re.compile(r"^\| `([A-Z_]+)` \| ")


@dataclass(frozen=True)
class Carry:
    """Files the operator carries from one machine to another."""

    source: str
    path: str
    target: str
    to: str


@dataclass(frozen=True)
class Block:
    """One fenced block: its section, where it runs, and its lines."""

    section: int | None  # the number of its `## N.` section; None before the first
    title: str
    number: int  # the line of its opening fence, from 1
    kind: str  # "sh", "carry", or "yaml" (keys the operator writes into the spec)
    machine: str | None  # for "sh": the machine named by on=
    lines: tuple[str, ...]

    @property
    def script(self) -> str:
        return "\n".join(self.lines) + "\n"

    @property
    def carries(self) -> tuple[Carry, ...]:
        out = []
        for line in self.lines:
            match = CARRY.match(line)
            if match is None:
                raise ValueError(f"RUNBOOK.md line {self.number}: not a carry line: {line!r}")
            out.append(Carry(*match.groups()))
        return tuple(out)

    @property
    def where(self) -> str:
        """How a failure names this block: the section and the line."""
        return f"section {self.section} ({self.title}), block at RUNBOOK.md line {self.number}"


def blocks(runbook: str) -> list[Block]:
    """Every fenced block of a runbook, in order."""
    out: list[Block] = []
    section: int | None = None
    title = "before the first section"
    lines = runbook.splitlines()
    i = 0
    while i < len(lines):
        heading = HEADING.match(lines[i])
        if heading:
            section, title = int(heading.group(1)), heading.group(2)
        fence = FENCE.match(lines[i])
        if fence is None:
            i += 1
            continue
        kind, info = fence.group(1), fence.group(2).split()
        end = lines.index("```", i + 1)
        attributes = dict(a.split("=", 1) for a in info)
        if kind not in ("sh", "carry", "yaml") or set(attributes) - {"on"}:
            raise ValueError(f"RUNBOOK.md line {i + 1}: unknown block {lines[i]!r}")
        if (kind == "sh") != ("on" in attributes):
            raise ValueError(f"RUNBOOK.md line {i + 1}: a command block names its machine")
        body = tuple(lines[i + 1 : end])
        out.append(Block(section, title, i + 1, kind, attributes.get("on"), body))
        i = end + 1
    return out


def section_blocks(runbook: str, section: int) -> list[Block]:
    return [b for b in blocks(runbook) if b.section == section]


def commands(runbook: str, section: int, machine: str | None = None) -> list[str]:
    """The command lines of a section's blocks (on one machine, if named)."""
    return [
        line
        for b in section_blocks(runbook, section)
        if b.kind == "sh" and machine in (None, b.machine)
        for line in b.lines
    ]


def choices(runbook: str) -> set[str]:
    """The names of the runbook's "you choose" table."""
    table = runbook[runbook.index("| you choose |") :].split("\n\n", 1)[0]
    return {m.group(1) for line in table.splitlines() if (m := CHOICE.match(line))}


def variables(block: Block) -> set[str]:
    """The shell variables a block uses."""
    return {m.group(1) for line in block.lines for m in VARIABLE.finditer(line)}
