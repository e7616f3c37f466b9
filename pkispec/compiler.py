"""spec -> plan -> artifacts: the pure core of pkispec, with no file output."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pkispec.artifact import Artifact
from pkispec.manifest import with_manifest
from pkispec.plan import Plan, make_plan
from pkispec.render.targets import render_all
from pkispec.spec import Checked, load


@dataclass(frozen=True)
class Compiled:
    """A checked spec, its plan and every file of its bundle (manifest included): what
    `build` writes, and what `rehearse` and `diff` read, made once."""

    checked: Checked
    plan: Plan
    artifacts: list[Artifact]


def compile_spec(checked: Checked) -> Compiled:
    plan = make_plan(checked.spec, checked.committed)
    return Compiled(checked, plan, with_manifest(render_all(plan)))


def compile_file(path: Path) -> Compiled:
    return compile_spec(load(path))
