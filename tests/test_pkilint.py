"""Every certificate and CRL of the ceremony passes pkilint's RFC 5280 lints.

pkilint is DigiCert's linter; `-s WARNING` reports findings at WARNING and above only
(without it, INFO findings alone make it exit 1).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from ceremony_run import Ceremony
from conftest import EXAMPLE, require
from pkispec.plan import make_plan
from pkispec.spec import load


@pytest.fixture(scope="module")
def done(tmp_path_factory: pytest.TempPathFactory, example_bundle: Path) -> Ceremony:
    require("openssl")
    ceremony = Ceremony(
        example_bundle, tmp_path_factory.mktemp("lint"), make_plan(load(EXAMPLE).spec)
    )
    ceremony.run_all()
    ceremony.run("revoke-intermediate.sh", "keyCompromise")  # a CRL with an entry
    return ceremony


def lint(*args: str) -> None:
    tool = require(args[0])
    proc = subprocess.run([tool, *args[1:]], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, f"{' '.join(args)}:\n{proc.stdout}{proc.stderr}"
    assert proc.stdout.strip() == "", proc.stdout


def test_root_and_intermediate_certificates(done: Ceremony) -> None:
    for path in (
        done.path("", "certs/ca.pem"),
        done.path("intermediate", "certs/intermediate.pem"),
    ):
        lint("lint_pkix_cert", "lint", "-s", "WARNING", str(path))


def test_issuer_and_subject_pair(done: Ceremony) -> None:
    lint(
        "lint_pkix_signer_signee_cert_chain",
        "lint",
        "-s",
        "WARNING",
        str(done.path("", "certs/ca.pem")),
        str(done.path("intermediate", "certs/intermediate.pem")),
    )


def test_root_crl_as_an_authority_revocation_list(done: Ceremony) -> None:
    lint(
        "lint_crl",
        "lint",
        "-t",
        "ARL",
        "-p",
        "PKIX",
        "-s",
        "WARNING",
        str(done.path("", "crl/ca.crl.pem")),
    )
