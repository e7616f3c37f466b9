"""crl-host/publish-crl.sh: publishes only a CRL that is the root's, fresh and newer."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from ceremony_run import Ceremony
from conftest import EXAMPLE, materialize, require
from pkispec.artifact import Artifact
from pkispec.plan import make_plan
from pkispec.spec import load


def ceremony_in(work: Path, artifacts: list[Artifact]) -> Ceremony:
    work.mkdir()
    bundle = materialize(artifacts, work / "bundle")
    ceremony = Ceremony(bundle, work, make_plan(load(EXAMPLE).spec))
    ceremony.run_all()
    return ceremony


def publish(c: Ceremony, export: Path, web: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", str(c.bundle / "crl-host" / "publish-crl.sh"), str(export)],
        env={**c.env, "PKISPEC_WEB_ROOT": str(web)},
        capture_output=True,
        text=True,
        check=False,
    )


def reseal(export: Path) -> None:
    """Rewrite the export's SHA256SUMS, as someone tampering with it would."""
    files = sorted(
        p.relative_to(export).as_posix()
        for p in export.rglob("*")
        if p.is_file() and p.name != "SHA256SUMS"
    )
    sums = subprocess.run(
        ["sha256sum", *files], cwd=export, capture_output=True, text=True, check=True
    ).stdout
    (export / "SHA256SUMS").write_text(sums, encoding="utf-8")


@pytest.fixture
def two(tmp_path: Path, example_artifacts: list[Artifact]) -> tuple[Ceremony, Ceremony]:
    require("openssl")
    require("sha256sum")
    return ceremony_in(tmp_path / "a", example_artifacts), ceremony_in(
        tmp_path / "b", example_artifacts
    )


def test_a_crl_of_another_root_with_the_same_name_is_refused(
    two: tuple[Ceremony, Ceremony], tmp_path: Path
) -> None:
    a, b = two
    shutil.copy(b.export / "crls" / "root.crl", a.export / "crls" / "root.crl")
    reseal(a.export)
    proc = publish(a, a.export, tmp_path / "www")
    assert proc.returncode != 0
    assert "is not signed by the root" in proc.stderr
    assert not (tmp_path / "www" / "crls" / "root.crl").exists()


def test_another_root_never_replaces_the_published_one(
    two: tuple[Ceremony, Ceremony], tmp_path: Path
) -> None:
    a, b = two
    assert publish(a, a.export, tmp_path / "www").returncode == 0
    proc = publish(b, b.export, tmp_path / "www")
    assert proc.returncode != 0
    assert "holds another root" in proc.stderr


def test_an_older_crl_never_replaces_a_newer_one(
    two: tuple[Ceremony, Ceremony], tmp_path: Path
) -> None:
    a, _ = two
    old_export = tmp_path / "old-export"
    shutil.copytree(a.export, old_export)
    a.run("revoke-intermediate.sh", "keyCompromise")
    a.run(a.plan.scripts.export)
    web = tmp_path / "www"
    assert publish(a, a.export, web).returncode == 0
    newest = (web / "crls" / "root.crl").read_bytes()
    proc = publish(a, old_export, web)
    assert proc.returncode != 0
    assert "is not newer than the published one" in proc.stderr
    assert (web / "crls" / "root.crl").read_bytes() == newest
