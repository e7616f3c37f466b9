"""The spec stage: read the YAML, give it shape, check its PKI meaning.

`load` is the one entry point later stages use; it returns a checked Spec and its
warnings, or raises SpecError with every problem found. `pkispec status` asks it to
return drift of the committed files (PKI113) instead of raising, so that it can report it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pkispec.errors import Located, SpecError
from pkispec.spec import rules, shape
from pkispec.spec.committed import DRIFT, Committed, ReadFile, read_committed
from pkispec.spec.model import Spec
from pkispec.spec.reader import read

__all__ = ["Checked", "Committed", "Spec", "load"]


@dataclass(frozen=True)
class Checked:
    spec: Spec
    warnings: list[Located]
    committed: Committed = field(default_factory=Committed)
    #: PKI113 problems, only with load(..., drift="report"); they raise otherwise
    drift: list[Located] = field(default_factory=list)


def load(
    path: Path,
    text: str | None = None,
    *,
    drift: Literal["error", "report"] = "error",
    name: str | None = None,
    read_file: ReadFile | None = None,
) -> Checked:
    """Read, shape and check the spec at `path`; SpecError lists every problem.

    `text` is the spec's text when it does not come from `path`, `name` what problems call
    the file (default: `path`; `pkispec diff --rev` says `REV:path`), and `read_file`
    reads the committed files of the second phase (default: from disk, relative to
    `path`'s folder).

    With drift="report", committed files that drifted from the spec (PKI113) do not
    raise but come back in `Checked.drift`; every other error still raises."""
    doc = read(path, text, name=name)
    spec, problems = shape.build(doc)
    committed = Committed()
    if spec is not None:
        problems = rules.check(spec)
        committed, found = read_committed(spec, path.parent, read_file)
        problems += found
    located = sorted(
        (doc.locate(problem) for problem in problems), key=lambda item: (item.line, item.column)
    )
    drifted: list[Located] = []
    if drift == "report":
        drifted = [item for item in located if item.problem.code == DRIFT]
        located = [item for item in located if item.problem.code != DRIFT]
    if spec is None or any(item.problem.severity == "error" for item in located):
        raise SpecError(located)
    return Checked(spec, located, committed, drifted)
