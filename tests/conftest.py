"""Shared test helpers: real tools, built bundles, and the golden-file update flag."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

from pkispec.bundle import write_tree
from pkispec.compiler import compile_spec
from pkispec.render import Artifact
from pkispec.spec import load

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "homelab.pki.yaml"
IN_CI = os.environ.get("CI") == "true"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-goldens", action="store_true",
                     help="rewrite tests/golden/*/expected and tests/invalid/*.err from the "
                     "current output (read the diff before committing)")


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))


def require(tool: str) -> str:
    """The path of a real tool; a missing tool skips a local run and fails in CI."""
    path = shutil.which(tool) or shutil.which(tool, path=str(Path(sys.executable).parent))
    if path is None:
        message = f"{tool} is not installed (scripts/setup.sh --test installs it)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return path


def compile_text(text: str, tmp_path: Path, name: str = "spec.pki.yaml") -> list[Artifact]:
    spec_file = tmp_path / name
    spec_file.write_text(text, encoding="utf-8")
    return compile_spec(load(spec_file))


def materialize(artifacts: list[Artifact], where: Path) -> Path:
    """Write a bundle tree (as `pkispec build` does) and return its folder."""
    where.mkdir(parents=True, exist_ok=True)
    write_tree(artifacts, where)
    return where


@pytest.fixture(scope="session")
def example_artifacts() -> list[Artifact]:
    return compile_spec(load(EXAMPLE))


@pytest.fixture(scope="session")
def example_bundle(tmp_path_factory: pytest.TempPathFactory,
                   example_artifacts: list[Artifact]) -> Path:
    return materialize(example_artifacts, tmp_path_factory.mktemp("bundle") / "homelab")
