"""The spec stage: read the YAML, give it shape, check its PKI meaning.

`load` is the one entry point later stages use; it returns a checked Spec and its
warnings, or raises SpecError with every problem found.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pkispec.errors import Located, SpecError
from pkispec.spec import rules, shape
from pkispec.spec.committed import Committed, read_committed
from pkispec.spec.model import Spec
from pkispec.spec.reader import read

__all__ = ["Checked", "Committed", "Spec", "load"]


@dataclass(frozen=True)
class Checked:
    spec: Spec
    warnings: list[Located]
    committed: Committed = field(default_factory=Committed)


def load(path: Path, text: str | None = None) -> Checked:
    """Read, shape and check the spec at `path`; SpecError lists every problem."""
    doc = read(path, text)
    spec, problems = shape.build(doc)
    committed = Committed()
    if spec is not None:
        problems = rules.check(spec)
        committed, drift = read_committed(spec, path.parent)
        problems += drift
    located = sorted((doc.locate(problem) for problem in problems),
                     key=lambda item: (item.line, item.column))
    if spec is None or any(item.problem.severity == "error" for item in located):
        raise SpecError(located)
    return Checked(spec, located, committed)
