"""`pkispec rehearse` runs the whole ceremony and fails when any result is off."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from conftest import EXAMPLE, ROOT, require
from pkispec.cli import main
from pkispec.compiler import compile_spec
from pkispec.rehearse import rehearse
from pkispec.spec import load


def test_example_rehearses_cleanly(capsys: pytest.CaptureFixture[str]) -> None:
    require("openssl")
    assert main(["rehearse", str(EXAMPLE)]) == 0
    out = capsys.readouterr().out
    assert "FAIL" not in out
    passed = int(out.strip().splitlines()[-1].split()[0])
    assert passed >= 40  # every step, every property, publish, check and revoke


def test_a_wrong_openssl_cnf_fails_the_rehearsal() -> None:
    require("openssl")
    compiled = compile_spec(load(EXAMPLE))
    artifacts = [
        replace(a, data=a.data.replace(b"pathlen:0", b"pathlen:1"))
        if a.path.name == "root.cnf"
        else a
        for a in compiled.artifacts
    ]
    results = rehearse(compiled.plan, artifacts)
    failed = [r.name for r in results if not r.passed]
    assert failed == ["intermediate: basicConstraints critical, CA, pathlen"]


def test_keep_leaves_the_scratch_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    require("openssl")
    keep = tmp_path / "rehearsal"
    assert main(["rehearse", str(EXAMPLE), "--keep", str(keep)]) == 0
    assert (keep / "ca" / "certs" / "ca.pem").exists()
    assert (keep / "bundle" / "RUNBOOK.md").exists()
    capsys.readouterr()


def test_rsa_root_two_intermediates_and_odd_subjects_rehearse_cleanly(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """RSA and EC keys, pathlen 1, excluded names, and subjects with $ # " & and umlauts."""
    require("openssl")
    spec = ROOT / "tests" / "golden" / "two-intermediates" / "spec.yaml"
    assert main(["rehearse", str(spec)]) == 0
    out = capsys.readouterr().out
    assert "FAIL" not in out
    assert "ok   issuing-rsa: basicConstraints critical, CA, pathlen" in out
    assert "ok   issuing-ec: name constraints" in out
