"""Rotating the intermediate, as RUNBOOK.md section 9 tells it, with the real step-ca.

One spec holds the outgoing and the incoming intermediate; one ceremony makes both. The
CA host is installed with the outgoing one, then cut over (PKISPEC_CUT_OVER=1) by the
bundle built after `ca_server.intermediate` moved: step-ca then signs with the incoming
intermediate, keeps its root, provisioners and database, and the proxies admit clients
of both intermediates.
"""

from __future__ import annotations

import filecmp
import json
import subprocess
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec

from ceremony_run import Ceremony
from conftest import compile_text, materialize
from peers import peer, release
from servers import free_port
from test_step_ca import SPEC, admin_key, install, install_step_ca, sign, step_ca

INCOMING = """\
  - name: issuing-2
    common_name: ACME Test Intermediate CA 2
    key: {{type: ec, curve: secp256r1}}
    lifetime: 1825d
    name_constraints: {{permitted_dns: [pkispec.test, localhost]}}
ca_server:
"""
CADDY = """\
proxies:
  caddy: {{server_name: app.pkispec.test, upstream: "127.0.0.1:8080", provisioner: acme}}
"""


def built(text: str, folder: Path) -> Path:
    folder.mkdir()
    return materialize(compile_text(text, folder), folder / "bundle")


def spec_text(port: int, steppath: Path, signer: str) -> str:
    text = SPEC.replace("ca_server:\n", INCOMING, 1) + CADDY
    text = text.replace(
        "  name: ACME Test CA\n", f"  name: ACME Test CA\n  intermediate: {signer}\n", 1
    )
    return text.format(
        port=port, steppath=steppath, database="", version=release("step-ca").version
    )


def cut_over(
    ceremony: Ceremony, bundle: Path, steppath: Path, **env: str
) -> subprocess.CompletedProcess[str]:
    key = ceremony.path("issuing-2", "private/issuing-2.key")
    return subprocess.run(
        ["bash", str(bundle / "ca-server" / "install-step-ca.sh"), str(ceremony.export), str(key)],
        capture_output=True,
        text=True,
        check=False,
        env={
            **ceremony.env,
            "STEPPATH": str(steppath),
            "PKISPEC_NO_CHOWN": "1",
            "PKISPEC_STEP_CA": str(peer("step-ca")),
            **env,
        },
    )


def issuer_of(steppath: Path, port: int, root: Path, name: str) -> x509.Name:
    with pytest.MonkeyPatch.context() as patch, step_ca(steppath, port, root) as server:
        from jwcrypto import jwa

        patch.setattr(jwa, "default_max_pbkdf2_iterations", 100_000)
        assert server.get("/roots.pem") == root.read_bytes()
        return sign(server, admin_key(server), name, ec.generate_private_key(ec.SECP256R1())).issuer


def test_cut_over_to_the_incoming_intermediate(tmp_path: Path) -> None:
    port, steppath = free_port(), tmp_path / "step"
    ceremony, before = install(tmp_path, spec_text(port, steppath, "intermediate"))
    after = built(spec_text(port, steppath, "issuing-2"), tmp_path / "b")
    # moving the signer changes nothing offline: the same ceremony serves both bundles
    assert not filecmp.dircmp(before / "offline", after / "offline").diff_files
    root = ceremony.export / "certs" / "root.pem"
    outgoing = x509.load_pem_x509_certificate(
        (ceremony.export / "certs" / "intermediate.pem").read_bytes()
    )
    incoming = x509.load_pem_x509_certificate(
        (ceremony.export / "certs" / "issuing-2.pem").read_bytes()
    )

    install_step_ca(ceremony, before, steppath)
    assert issuer_of(steppath, port, root, "before.pkispec.test") == outgoing.subject

    refused = cut_over(ceremony, after, steppath)  # without the switch nothing changes
    assert refused.returncode == 1
    assert "another intermediate is installed" in refused.stderr

    done = cut_over(ceremony, after, steppath, PKISPEC_CUT_OVER="1")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "restart it" in done.stdout
    retired = steppath / "certs" / "intermediate_ca.crt.retired"
    assert x509.load_pem_x509_certificate(retired.read_bytes()) == outgoing
    assert (steppath / "secrets" / "intermediate_ca_key.retired").exists()
    assert issuer_of(steppath, port, root, "after.pkispec.test") == incoming.subject

    again = cut_over(ceremony, after, steppath, PKISPEC_CUT_OVER="1")
    assert again.returncode == 0, again.stderr
    assert "nothing to cut over" in again.stdout


def test_a_wrong_passphrase_cuts_nothing_over(tmp_path: Path) -> None:
    port, steppath = free_port(), tmp_path / "step"
    ceremony, before = install(tmp_path, spec_text(port, steppath, "intermediate"))
    after = built(spec_text(port, steppath, "issuing-2"), tmp_path / "b")
    install_step_ca(ceremony, before, steppath)
    installed = {p: p.read_bytes() for p in steppath.rglob("*") if p.is_file()}
    wrong = tmp_path / "wrong.pass"
    wrong.write_text("not the passphrase\n", encoding="utf-8")
    var = next(ca.passfile_var for ca in ceremony.plan.intermediates if ca.slug == "issuing-2")
    done = cut_over(ceremony, after, steppath, PKISPEC_CUT_OVER="1", **{var: str(wrong)})
    assert done.returncode == 1
    assert "does not open with this passphrase" in done.stderr
    assert {p: p.read_bytes() for p in steppath.rglob("*") if p.is_file()} == installed


def test_proxies_admit_clients_of_both_intermediates(tmp_path: Path) -> None:
    bundle = built(spec_text(9, tmp_path / "s", "issuing-2"), tmp_path / "b")
    caddyfile = (bundle / "edge" / "caddy" / "Caddyfile").read_text(encoding="utf-8")
    trusted = [
        line.split()[-1]
        for line in caddyfile.splitlines()
        if line.strip().startswith("trusted_ca_cert_file")
    ]
    assert trusted == ["/etc/caddy/pkispec/issuing-2.pem", "/etc/caddy/pkispec/intermediate.pem"]


def test_a_cut_over_to_another_root_is_refused_before_anything_moves(tmp_path: Path) -> None:
    port, steppath = free_port(), tmp_path / "step"
    ceremony, before = install(tmp_path, spec_text(port, steppath, "intermediate"))
    install_step_ca(ceremony, before, steppath)
    installed = {p: p.read_bytes() for p in steppath.rglob("*") if p.is_file()}
    other_text = spec_text(port, steppath, "issuing-2").replace(
        "ACME Test Root CA", "Another Root CA"
    )
    other, after = install(tmp_path, other_text, name="other")
    done = cut_over(other, after, steppath, PKISPEC_CUT_OVER="1")
    assert done.returncode == 1
    assert "a cut-over keeps the root" in done.stderr
    assert {p: p.read_bytes() for p in steppath.rglob("*") if p.is_file()} == installed


SSH = "ssh:\n  provisioner: admin\n"


def ssh_public_keys(steppath: Path) -> list[str]:
    """The SSH CA's public keys, opened with the passphrase step-ca is given."""
    password = steppath / "secrets" / "password"
    return [
        subprocess.run(
            [
                *("openssl", "pkey", "-pubout", "-in", steppath / "secrets" / name),
                *("-passin", f"file:{password}"),
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for name in ("ssh_host_ca_key", "ssh_user_ca_key")
    ]


def test_a_cut_over_keeps_the_ssh_ca_keys_under_the_new_passphrase(tmp_path: Path) -> None:
    """step-ca opens every key with the one passphrase it is given: after a cut-over the
    SSH CA's keys, the same keys, open with the incoming intermediate's."""
    port, steppath = free_port(), tmp_path / "step"
    ceremony, before = install(tmp_path, spec_text(port, steppath, "intermediate") + SSH)
    after = built(spec_text(port, steppath, "issuing-2") + SSH, tmp_path / "b")
    install_step_ca(ceremony, before, steppath)
    keys = ssh_public_keys(steppath)
    done = cut_over(ceremony, after, steppath, PKISPEC_CUT_OVER="1")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count("re-encrypted") == 2
    assert ssh_public_keys(steppath) == keys
    root = ceremony.export / "certs" / "root.pem"
    with step_ca(steppath, port, root) as server:
        roots = json.loads(server.get("/ssh/roots"))
    assert len(roots["userKey"]) == len(roots["hostKey"]) == 1
