"""`pkispec verify DIR` reports every changed, missing and added file of a bundle."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from pkispec.artifact import Artifact
from pkispec.bundle import write_bundle
from pkispec.cli import main


@pytest.fixture
def bundle(tmp_path: Path, example_artifacts: list[Artifact]) -> Path:
    tree, _ = write_bundle(example_artifacts, tmp_path, "homelab")
    return tree


def test_a_fresh_bundle_verifies(bundle: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify", str(bundle)]) == 0
    assert "every file matches" in capsys.readouterr().out


def test_changes_are_reported_one_by_one(bundle: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (bundle / "RUNBOOK.md").write_text("tampered\n", encoding="utf-8")
    (bundle / "offline" / "ceremony" / "02-root.sh").unlink()
    (bundle / "offline" / "extra.sh").write_text("echo hi\n", encoding="utf-8")
    assert main(["verify", str(bundle)]) == 1
    out = capsys.readouterr()
    assert out.out.splitlines() == [
        "changed: RUNBOOK.md",
        "missing: offline/ceremony/02-root.sh",
        "added: offline/extra.sh",
    ]
    assert "do not apply it" in out.err


def test_not_a_bundle_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify", str(tmp_path)]) == 2
    assert "SHA256SUMS is missing" in capsys.readouterr().err


def test_a_damaged_manifest_is_a_clear_error(
    bundle: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (bundle / "SHA256SUMS").write_text("garbage\n", encoding="utf-8")
    assert main(["verify", str(bundle)]) == 2
    assert "SHA256SUMS:1: not a sha256sum line" in capsys.readouterr().err


def test_build_check_passes_a_fresh_bundle_and_fails_a_stale_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = ROOT / "examples" / "homelab.pki.yaml"
    out = tmp_path / "pki"
    assert main(["build", str(spec), "-o", str(out), "--check"]) == 1  # nothing built yet
    assert main(["build", str(spec), "-o", str(out)]) == 0
    capsys.readouterr()
    assert main(["build", str(spec), "-o", str(out), "--check"]) == 0
    assert "up to date" in capsys.readouterr().out
    (out / "homelab" / "RUNBOOK.md").write_text("edited by hand\n", encoding="utf-8")
    (out / "homelab" / "offline" / "ceremony" / "02-root.sh").chmod(0o644)
    before = sorted(p.name for p in out.rglob("*"))
    assert main(["build", str(spec), "-o", str(out), "--check"]) == 1
    report = capsys.readouterr()
    assert report.out.splitlines()[:2] == [
        "changed: RUNBOOK.md",
        "changed: offline/ceremony/02-root.sh",
    ]
    assert "is stale" in report.err
    assert sorted(p.name for p in out.rglob("*")) == before, "--check wrote something"


#: what a build imports and a check of file hashes does not need
HEAVY = ("jinja2", "pydantic", "ruamel", "cryptography", "pkispec.plan", "pkispec.render")


def test_verify_loads_none_of_the_builds_libraries(bundle: Path) -> None:
    """`pkispec verify` runs where a bundle is applied: it hashes files and needs no more."""
    probe = (
        "import json, sys\n"
        "from pkispec.cli import main\n"
        "status = main(['verify', sys.argv[1]])\n"
        "print(json.dumps([status, sorted(sys.modules)]))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", probe, str(bundle)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    status, modules = json.loads(proc.stdout.splitlines()[-1])
    assert status == 0
    loaded = [m for m in modules if m.split(".")[0] in HEAVY or m.startswith(HEAVY)]
    assert loaded == []
