"""The ceremony under stress: runs twice, wrong passphrases, odd umasks, a missing step."""

from __future__ import annotations

import hashlib
import os
import subprocess
from pathlib import Path

import pytest

from ceremony_run import Ceremony
from conftest import EXAMPLE, materialize, require
from pkispec.artifact import Artifact
from pkispec.plan import make_plan
from pkispec.spec import load


@pytest.fixture
def ceremony(tmp_path: Path, example_artifacts: list[Artifact]) -> Ceremony:
    require("openssl")
    bundle = materialize(example_artifacts, tmp_path / "bundle")
    work = tmp_path / "work"
    work.mkdir()
    return Ceremony(bundle, work, make_plan(load(EXAMPLE).spec))


def snapshot(folder: Path) -> dict[str, str]:
    """Hashes of every key, certificate, request and database file of the CA."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "crl" not in p.name and "export" not in p.parts
    }


def test_a_second_run_changes_no_key_certificate_or_database(ceremony: Ceremony) -> None:
    ceremony.run_all()
    before = snapshot(ceremony.prefix)
    assert any(name.endswith("private/ca.key") for name in before)
    for step in ceremony.steps():
        if step != ceremony.plan.scripts.crl:  # re-signing the CRL is the point of that step
            proc = ceremony.run(step)
            assert "making the encrypted key" not in proc.stdout
    assert snapshot(ceremony.prefix) == before


def test_a_wrong_passphrase_fails_cleanly(ceremony: Ceremony) -> None:
    ceremony.run_all()
    before = snapshot(ceremony.prefix)
    wrong = ceremony.work / "wrong.pass"
    wrong.write_text("not the passphrase\n", encoding="utf-8")
    proc = ceremony.run(
        ceremony.plan.scripts.crl, check=False, env={"PKISPEC_ROOT_PASSFILE": str(wrong)}
    )
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    assert snapshot(ceremony.prefix) == before
    assert not list(ceremony.prefix.rglob("*.tmp.*")), "a temporary file was left behind"
    again = ceremony.run(
        ceremony.plan.scripts.root, check=False, env={"PKISPEC_ROOT_PASSFILE": str(wrong)}
    )
    assert again.returncode != 0
    assert "cannot open" in again.stderr


@pytest.mark.parametrize("umask", [0o000, 0o077])
def test_modes_do_not_depend_on_the_callers_umask(ceremony: Ceremony, umask: int) -> None:
    old = os.umask(umask)
    try:
        ceremony.run_all()
    finally:
        os.umask(old)
    prefix = ceremony.prefix
    assert (prefix / "private").stat().st_mode & 0o777 == 0o700
    assert (prefix / "private/ca.key").stat().st_mode & 0o777 == 0o400
    assert (prefix / "certs/ca.pem").stat().st_mode & 0o777 == 0o444
    assert (prefix / "intermediate/private/intermediate.key").stat().st_mode & 0o777 == 0o400


def test_a_step_out_of_order_says_what_to_run_first(ceremony: Ceremony) -> None:
    proc = ceremony.run(ceremony.plan.scripts.root, check=False)
    assert proc.returncode != 0
    assert "run 01-prepare.sh first" in proc.stderr


def test_an_interrupted_signing_is_recovered_not_repeated(ceremony: Ceremony) -> None:
    """The root signed, but the copy into place was lost: the re-run takes that certificate."""
    for step in ceremony.steps()[:4]:
        ceremony.run(step)
    cert = ceremony.path("intermediate", "certs/intermediate.pem")
    chain = ceremony.path("intermediate", "certs/ca-chain.pem")
    issued = cert.read_bytes()
    cert.unlink()
    chain.unlink()
    proc = ceremony.run(ceremony.plan.scripts.sign["intermediate"])
    assert "already signed this request" in proc.stdout
    assert cert.read_bytes() == issued
    index = ceremony.path("", "index.txt").read_text(encoding="utf-8")
    assert len(index.splitlines()) == 1, "the root signed a second time"


def test_prepare_refuses_a_changed_openssl_cnf(ceremony: Ceremony) -> None:
    ceremony.run(ceremony.plan.scripts.prepare)
    cnf = ceremony.path("", "openssl.cnf")
    cnf.chmod(0o644)
    cnf.write_text(cnf.read_text(encoding="utf-8") + "# changed\n", encoding="utf-8")
    proc = ceremony.run(ceremony.plan.scripts.prepare, check=False)
    assert proc.returncode != 0
    assert "differs from this bundle's" in proc.stderr


def test_a_revoked_intermediate_is_neither_signed_again_nor_exported(ceremony: Ceremony) -> None:
    ceremony.run_all()
    ceremony.run("revoke-intermediate.sh", "keyCompromise")
    sign = ceremony.run(ceremony.plan.scripts.sign["intermediate"], check=False)
    assert sign.returncode != 0 and "is revoked; its successor is a new intermediate" in sign.stderr
    export = ceremony.run(ceremony.plan.scripts.export)
    assert "not exporting certs/intermediate.pem: its certificate is revoked" in export.stdout
    assert not (ceremony.export / "certs" / "intermediate.pem").exists()
    assert (ceremony.export / "crls" / "root.crl").exists()


def test_no_answer_at_a_confirmation_stops_with_a_message(ceremony: Ceremony) -> None:
    for step in ceremony.steps()[:3]:
        ceremony.run(step)
    env = {k: v for k, v in ceremony.env.items() if k != "PKISPEC_ASSUME_YES"}
    proc = subprocess.run(
        ["bash", str(ceremony.bundle / "offline" / "ceremony" / "04-intermediate-sign.sh")],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode != 0
    assert "no answer; nothing was changed" in proc.stderr
    assert not ceremony.path("intermediate", "certs/intermediate.pem").exists()


def test_an_exported_cdpath_does_not_confuse_the_scripts(ceremony: Ceremony) -> None:
    ceremony.run(ceremony.plan.scripts.prepare, env={"CDPATH": ".:/tmp"})
    assert ceremony.path("", "openssl.cnf").exists()


def test_an_unreadable_request_is_never_matched_with_an_unreadable_certificate(
    ceremony: Ceremony,
) -> None:
    """find_issued runs as a condition, where set -e stops nothing: two failed key reads
    used to compare equal (both empty) and committed the garbage as the intermediate."""
    scripts = ceremony.plan.scripts
    ceremony.run(scripts.prepare)
    ceremony.run(scripts.root)
    inter = ceremony.plan.intermediates[0]
    assert inter.files.csr is not None and inter.files.chain is not None
    csr = ceremony.path(inter.dir, inter.files.csr)
    csr.write_text("not a request\n", encoding="utf-8")
    (ceremony.prefix / "newcerts" / "01.pem").write_text("not a certificate\n", encoding="utf-8")
    proc = ceremony.run(scripts.sign[inter.slug], check=False)
    assert proc.returncode != 0
    assert not ceremony.path(inter.dir, inter.files.cert).exists()
    assert not ceremony.path(inter.dir, inter.files.chain).exists()


def test_an_empty_crlnumber_left_by_a_stopped_prepare_is_written_again(ceremony: Ceremony) -> None:
    scripts = ceremony.plan.scripts
    ceremony.run(scripts.prepare)
    (ceremony.prefix / "crlnumber").write_text("", encoding="utf-8")
    ceremony.run(scripts.prepare)
    assert (ceremony.prefix / "crlnumber").read_text(encoding="utf-8") == "1000\n"
