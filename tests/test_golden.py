"""Golden files: the whole bundle of each case, file by file, byte by byte.

A case is tests/golden/<case>/ with expected/ (the bundle tree) and either its own
spec.yaml or, when there is none, examples/<case>.pki.yaml. After an intended change:

    pytest tests/test_golden.py --update-goldens && git diff tests/golden

and read the diff before committing.
"""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest

from conftest import ROOT
from pkispec.artifact import Artifact
from pkispec.compiler import compile_spec
from pkispec.spec import load

GOLDEN = ROOT / "tests" / "golden"
CASES = sorted(p.name for p in GOLDEN.iterdir() if p.is_dir())


def _spec_of(case: str) -> Path:
    own = GOLDEN / case / "spec.yaml"
    return own if own.exists() else ROOT / "examples" / f"{case}.pki.yaml"


def _expected(folder: Path) -> dict[str, Path]:
    return {p.relative_to(folder).as_posix(): p for p in folder.rglob("*") if p.is_file()}


def _update(artifacts: list[Artifact], folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    for artifact in artifacts:
        target = folder / artifact.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(artifact.data)
        target.chmod(artifact.mode)


def _diff(expected: bytes, actual: bytes, name: str) -> str:
    lines = difflib.unified_diff(
        expected.decode("utf-8", "replace").splitlines(keepends=True),
        actual.decode("utf-8", "replace").splitlines(keepends=True),
        f"expected/{name}",
        f"actual/{name}",
    )
    return "".join(list(lines)[:80])


@pytest.mark.parametrize("case", CASES)
def test_bundle_matches_golden(case: str, update_goldens: bool) -> None:
    artifacts = compile_spec(load(_spec_of(case))).artifacts
    folder = GOLDEN / case / "expected"
    if update_goldens:
        _update(artifacts, folder)
    expected = _expected(folder)
    actual = {a.path.as_posix(): a for a in artifacts}
    regenerate = f"regenerate with: pytest tests/test_golden.py -k {case} --update-goldens"
    assert sorted(actual) == sorted(expected), f"the file list changed; {regenerate}"
    for name, artifact in actual.items():
        want = expected[name].read_bytes()
        diff = _diff(want, artifact.data, name)
        assert artifact.data == want, f"{name} changed:\n{diff}\n{regenerate}"
        executable = bool(expected[name].stat().st_mode & 0o111)
        assert executable == bool(artifact.mode & 0o111), f"{name}: mode changed; {regenerate}"
