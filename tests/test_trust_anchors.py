"""Every check the generated scripts make with openssl trusts the spec's root alone.

`openssl verify -CAfile ROOT` and `openssl crl -CAfile ROOT` also load the system's CA
store unless told not to: a certificate from any public CA would pass "is it issued by
our root?". Shown with a system root posing as the intermediate.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT, compile_checked, materialize, require

SYSTEM_CERTS = Path("/etc/ssl/certs")


def system_root() -> Path:
    found = sorted(SYSTEM_CERTS.glob("*.pem"))
    if not found:
        pytest.skip("no system CA certificates in /etc/ssl/certs to pose as an intermediate")
    return found[0]


def test_openssl_alone_would_trust_the_system_store(tmp_path: Path) -> None:
    """The premise: without -no-CApath -no-CAstore a system root passes as 'ours'."""
    openssl = require("openssl")
    key, ours = tmp_path / "k.pem", tmp_path / "ours.pem"
    subprocess.run(
        [
            openssl,
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-keyout",
            str(key),
            "-out",
            str(ours),
            "-subj",
            "/CN=ours",
            "-days",
            "2",
        ],
        check=True,
        capture_output=True,
    )
    loose = subprocess.run(
        [openssl, "verify", "-CAfile", str(ours), str(system_root())],
        capture_output=True,
        check=False,
    )
    strict = subprocess.run(
        [openssl, "verify", "-no-CApath", "-no-CAstore", "-CAfile", str(ours), str(system_root())],
        capture_output=True,
        check=False,
    )
    assert (loose.returncode, strict.returncode) == (0, 2)


def test_obtain_certificate_refuses_an_intermediate_from_a_public_ca(tmp_path: Path) -> None:
    require("openssl")
    bundle = materialize(
        compile_checked(ROOT / "tests" / "golden" / "edge" / "spec.yaml"), tmp_path / "bundle"
    )
    export = tmp_path / "export" / "certs"
    export.mkdir(parents=True)
    (export / "root.pem").write_bytes(
        (ROOT / "tests" / "golden" / "edge" / "root.pem").read_bytes()
    )
    (export / "issuing.pem").write_bytes(system_root().read_bytes())
    done = subprocess.run(
        [
            "bash",
            str(bundle / "edge" / "nginx" / "obtain-certificate.sh"),
            str(tmp_path / "export"),
        ],
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 1
    assert "certs/issuing.pem is not issued by" in done.stderr


CHECK = re.compile(r"openssl (?:verify|crl)\b[^\n]*-CAfile")


def test_every_openssl_check_in_every_bundle_loads_no_system_store() -> None:
    specs = [
        ROOT / "examples" / "homelab.pki.yaml",
        *sorted((ROOT / "tests" / "golden").glob("*/spec.yaml")),
    ]
    found = 0
    for spec in specs:
        for artifact in compile_checked(spec):
            lines = artifact.data.decode("utf-8", "replace").splitlines()
            for line in (
                x for x in lines if CHECK.search(x) and not x.lstrip().startswith(("#", "|"))
            ):  # code, not comments or the runbook's tables
                found += 1
                assert "-no-CApath -no-CAstore" in line, f"{artifact.path}: {line}"
    assert found >= 10
