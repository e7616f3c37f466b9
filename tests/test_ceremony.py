"""The generated offline ceremony, run for real with openssl and checked with cryptography.

These assertions are written from the spec's numbers (examples/homelab.pki.yaml) and
RFC 5280, not from pkispec's own code, so a wrong openssl.cnf or script shows up here.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from ceremony_run import Ceremony
from conftest import EXAMPLE, materialize, require
from pkispec.artifact import Artifact
from pkispec.plan import make_plan
from pkispec.spec import load


@pytest.fixture(scope="module")
def done(tmp_path_factory: pytest.TempPathFactory, example_bundle: Path) -> Ceremony:
    require("openssl")
    ceremony = Ceremony(
        example_bundle, tmp_path_factory.mktemp("ceremony"), make_plan(load(EXAMPLE).spec)
    )
    ceremony.run_all()
    return ceremony


def cert(ceremony: Ceremony, ca_dir: str, name: str) -> x509.Certificate:
    return x509.load_pem_x509_certificate(ceremony.path(ca_dir, name).read_bytes())


def test_root_is_a_p384_ca_for_25202_days(done: Ceremony) -> None:
    root = cert(done, "", "certs/ca.pem")
    assert isinstance(root.public_key(), ec.EllipticCurvePublicKey)
    assert root.public_key().curve.name == "secp384r1"  # type: ignore[union-attr]
    assert root.not_valid_after_utc - root.not_valid_before_utc == dt.timedelta(days=25202)
    assert isinstance(root.signature_hash_algorithm, hashes.SHA256)
    assert root.subject == root.issuer
    assert root.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == "vlan.party Root CA"
    bc = root.extensions.get_extension_for_class(x509.BasicConstraints)
    assert bc.critical and bc.value.ca and bc.value.path_length is None
    ku = root.extensions.get_extension_for_class(x509.KeyUsage)
    assert ku.critical and ku.value.key_cert_sign and ku.value.crl_sign
    assert not ku.value.digital_signature
    ski = root.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
    assert ski == x509.SubjectKeyIdentifier.from_public_key(root.public_key())
    root.verify_directly_issued_by(root)


def test_intermediate_is_signed_by_root_with_pathlen_0_cdp_and_constraints(done: Ceremony) -> None:
    root = cert(done, "", "certs/ca.pem")
    inter = cert(done, "intermediate", "certs/intermediate.pem")
    inter.verify_directly_issued_by(root)
    assert inter.not_valid_after_utc - inter.not_valid_before_utc == dt.timedelta(days=3652)
    assert inter.public_key().curve.name == "secp384r1"  # type: ignore[union-attr]
    bc = inter.extensions.get_extension_for_class(x509.BasicConstraints)
    assert bc.critical and bc.value.ca and bc.value.path_length == 0
    ku = inter.extensions.get_extension_for_class(x509.KeyUsage)
    assert ku.critical and ku.value.key_cert_sign and ku.value.crl_sign
    aki = inter.extensions.get_extension_for_class(x509.AuthorityKeyIdentifier).value
    root_ski = root.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
    assert aki.key_identifier == root_ski.digest
    cdp = inter.extensions.get_extension_for_class(x509.CRLDistributionPoints).value
    assert [n.value for p in cdp for n in p.full_name or []] == [
        "http://pki-ca.dmz.vlan.party/crls/root.crl"
    ]
    nc = inter.extensions.get_extension_for_class(x509.NameConstraints)
    assert nc.critical
    assert nc.value.permitted_subtrees is not None
    dns = [n.value for n in nc.value.permitted_subtrees if isinstance(n, x509.DNSName)]
    ips = [str(n.value) for n in nc.value.permitted_subtrees if isinstance(n, x509.IPAddress)]
    assert dns == ["vlan.party"]
    assert ips == ["10.0.0.0/8", "192.168.0.0/16", "fd00::/8"]
    assert inter.issuer == root.subject


def test_keys_are_encrypted_and_open_only_with_their_passphrase(done: Ceremony) -> None:
    for ca_dir, name, slug in (
        ("", "private/ca.key", "root"),
        ("intermediate", "private/intermediate.key", "intermediate"),
    ):
        data = done.path(ca_dir, name).read_bytes()
        assert data.startswith(b"-----BEGIN ENCRYPTED PRIVATE KEY-----")
        with pytest.raises(TypeError):
            serialization.load_pem_private_key(data, None)
        with pytest.raises(ValueError):  # bad padding or, 1 time in ~256 with CBC, bad DER
            serialization.load_pem_private_key(data, b"wrong")
        key = serialization.load_pem_private_key(data, done.passphrase(slug))
        assert isinstance(key, ec.EllipticCurvePrivateKey)


def test_files_get_the_guides_modes(done: Ceremony) -> None:
    def mode(path: Path) -> int:
        return path.stat().st_mode & 0o777

    assert mode(done.path("", "private")) == 0o700
    assert mode(done.path("intermediate", "private")) == 0o700
    assert mode(done.path("", "private/ca.key")) == 0o400
    assert mode(done.path("intermediate", "private/intermediate.key")) == 0o400
    assert mode(done.path("", "certs/ca.pem")) == 0o444
    assert mode(done.path("intermediate", "certs/intermediate.pem")) == 0o444
    assert mode(done.path("intermediate", "certs/ca-chain.pem")) == 0o444


def test_openssl_verifies_the_chain(done: Ceremony) -> None:
    proc = subprocess.run(
        [
            "openssl",
            "verify",
            "-CAfile",
            str(done.path("", "certs/ca.pem")),
            str(done.path("intermediate", "certs/intermediate.pem")),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().endswith(": OK")
    chain = done.path("intermediate", "certs/ca-chain.pem").read_bytes()
    certs = x509.load_pem_x509_certificates(chain)
    assert [c.subject for c in certs] == [
        cert(done, "intermediate", "certs/intermediate.pem").subject,
        cert(done, "", "certs/ca.pem").subject,
    ]


def test_root_crl_is_signed_valid_180_days_in_pem_and_der(done: Ceremony) -> None:
    root = cert(done, "", "certs/ca.pem")
    pem = x509.load_pem_x509_crl(done.path("", "crl/ca.crl.pem").read_bytes())
    der = x509.load_der_x509_crl(done.path("", "crl/ca.crl").read_bytes())
    assert pem == der
    assert der.is_signature_valid(root.public_key())  # type: ignore[arg-type]
    assert der.next_update_utc is not None
    assert der.next_update_utc - der.last_update_utc == dt.timedelta(days=180)
    assert der.extensions.get_extension_for_class(x509.CRLNumber).value.crl_number == 0x1000
    assert len(der) == 0


def _leaf(done: Ceremony, tmp_path: Path, name: str) -> tuple[Path, Path]:
    """A server certificate for `name`, signed by the intermediate with its openssl.cnf."""
    inter_dir = done.prefix / "intermediate"
    key, csr, crt = tmp_path / "leaf.key", tmp_path / "leaf.csr", tmp_path / "leaf.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-new",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-keyout",
            str(key),
            "-subj",
            f"/CN={name}",
            "-addext",
            f"subjectAltName=DNS:{name}",
            "-out",
            str(csr),
        ],
        check=True,
        capture_output=True,
    )
    extfile = tmp_path / "san.cnf"
    extfile.write_text(
        "[ server_cert ]\nbasicConstraints = critical, CA:FALSE\n"
        "keyUsage = critical, digitalSignature\nextendedKeyUsage = serverAuth\n"
        f"subjectAltName = DNS:{name}\nauthorityKeyIdentifier = keyid:always\n",
        encoding="utf-8",
    )
    subprocess.run(
        [
            "openssl",
            "ca",
            "-batch",
            "-config",
            str(inter_dir / "openssl.cnf"),
            "-extfile",
            str(extfile),
            "-extensions",
            "server_cert",
            "-days",
            "1",
            "-notext",
            "-passin",
            f"file:{done.env['PKISPEC_INTERMEDIATE_PASSFILE']}",
            "-in",
            str(csr),
            "-out",
            str(crt),
        ],
        check=True,
        capture_output=True,
        env=done.env,
    )
    return crt, done.path("intermediate", "certs/ca-chain.pem")


@pytest.mark.parametrize(("name", "allowed"), [("nas.vlan.party", True), ("google.com", False)])
def test_name_constraints_hold_in_openssl_verify(
    done: Ceremony, tmp_path: Path, name: str, allowed: bool
) -> None:
    crt, chain = _leaf(done, tmp_path, name)
    leaf = x509.load_pem_x509_certificate(crt.read_bytes())
    eku = leaf.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert list(eku) == [ExtendedKeyUsageOID.SERVER_AUTH]
    proc = subprocess.run(
        [
            "openssl",
            "verify",
            "-CAfile",
            str(done.path("", "certs/ca.pem")),
            "-untrusted",
            str(chain),
            str(crt),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (proc.returncode == 0) is allowed, proc.stdout + proc.stderr
    if not allowed:
        assert "name constraints" in (
            proc.stdout + proc.stderr
        ).lower() or "permitted subtree violation" in (proc.stdout + proc.stderr)


def test_revoke_lists_the_intermediate_in_a_new_crl(
    tmp_path: Path, example_artifacts: list[Artifact]
) -> None:
    require("openssl")
    bundle = materialize(example_artifacts, tmp_path / "bundle")
    ceremony = Ceremony(bundle, tmp_path, make_plan(load(EXAMPLE).spec))
    ceremony.run_all()
    inter = cert(ceremony, "intermediate", "certs/intermediate.pem")
    ceremony.run("revoke-intermediate.sh", "superseded")
    crl = x509.load_der_x509_crl(ceremony.path("", "crl/ca.crl").read_bytes())
    entry = crl.get_revoked_certificate_by_serial_number(inter.serial_number)
    assert entry is not None
    reason = entry.extensions.get_extension_for_class(x509.CRLReason).value.reason
    assert reason == x509.ReasonFlags.superseded
    crl.extensions.get_extension_for_class(x509.CRLNumber)
    again = ceremony.run("revoke-intermediate.sh")  # already revoked: re-signs, no error
    assert "already revoked" in again.stdout
    bad = ceremony.run("revoke-intermediate.sh", "because", check=False)
    assert bad.returncode != 0 and "unknown reason" in bad.stderr
