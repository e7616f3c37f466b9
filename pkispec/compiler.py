"""spec -> plan -> artifacts: the pure core of pkispec, with no file output."""

from __future__ import annotations

from pathlib import Path

from pkispec.plan import make_plan
from pkispec.render import Artifact, render_all
from pkispec.render.manifest import with_manifest
from pkispec.spec import Checked, load


def compile_spec(checked: Checked) -> list[Artifact]:
    """Every file of the bundle, manifest included, for an already checked spec."""
    return with_manifest(render_all(make_plan(checked.spec, checked.committed)))


def compile_file(path: Path) -> tuple[Checked, list[Artifact]]:
    checked = load(path)
    return checked, compile_spec(checked)
