"""Client certificates carry a URI, not a DNS name; OpenSSL then checks a common name
that looks like a host name against the intermediate's DNS constraints. The spec's rule
(PKI109 on such client names) is shown here against openssl verify itself."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from conftest import require
from pkispec.errors import SpecError
from pkispec.spec import load

NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def _cert(
    subject: str,
    key: ec.EllipticCurvePrivateKey,
    issuer: x509.Name,
    signer: ec.EllipticCurvePrivateKey,
    *,
    ca: bool,
    extra: list[x509.ExtensionType],
) -> x509.Certificate:
    builder = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]))
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOW)
        .not_valid_after(NOW + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    for ext in extra:
        builder = builder.add_extension(ext, critical=isinstance(ext, x509.NameConstraints))
    return builder.sign(signer, hashes.SHA256())


@pytest.fixture(scope="module")
def chain(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, x509.Certificate, ec.EllipticCurvePrivateKey]:
    work = tmp_path_factory.mktemp("names")
    root_key, inter_key = (
        ec.generate_private_key(ec.SECP256R1()),
        ec.generate_private_key(ec.SECP256R1()),
    )
    root_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Test Root")])
    root = _cert("Test Root", root_key, root_name, root_key, ca=True, extra=[])
    inter = _cert(
        "Test Intermediate",
        inter_key,
        root_name,
        root_key,
        ca=True,
        extra=[x509.NameConstraints([x509.DNSName("home.example")], None)],
    )
    (work / "root.pem").write_bytes(root.public_bytes(serialization.Encoding.PEM))
    (work / "inter.pem").write_bytes(inter.public_bytes(serialization.Encoding.PEM))
    return work, inter, inter_key


@pytest.mark.parametrize(
    "name", ["phone.example.com", "phone.home.example", "My Phone", "laptop", "Anna's iPhone"]
)
def test_the_rule_agrees_with_openssl_verify(
    chain: tuple[Path, x509.Certificate, ec.EllipticCurvePrivateKey], name: str
) -> None:
    openssl = require("openssl")
    work, inter, inter_key = chain
    leaf = _cert(
        name,
        ec.generate_private_key(ec.SECP256R1()),
        inter.subject,
        inter_key,
        ca=False,
        extra=[
            x509.SubjectAlternativeName(
                [x509.UniformResourceIdentifier("pkispec://phone.home.example/client/phone")]
            )
        ],
    )
    (work / "leaf.pem").write_bytes(leaf.public_bytes(serialization.Encoding.PEM))
    done = subprocess.run(
        [
            openssl,
            "verify",
            "-CAfile",
            str(work / "root.pem"),
            "-untrusted",
            str(work / "inter.pem"),
            str(work / "leaf.pem"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode != 0) == refused_by_pkispec(name, work), done.stdout + done.stderr


def refused_by_pkispec(name: str, work: Path) -> bool:
    """Whether `pkispec validate` refuses a client of this name under the same constraint."""
    spec = work / "spec.pki.yaml"
    spec.write_text(SPEC.format(name=yaml_string(name)), encoding="utf-8")
    try:
        load(spec)
    except SpecError as error:
        assert [e.problem.code for e in error.errors] == ["PKI109"]
        return True
    return False


def yaml_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


SPEC = """\
pkispec: 1
name: names
subject: {{country: DE, organization: Example}}
root:
  common_name: Test Root
  lifetime: 20y
  crl: {{url: "http://pki.home.example/crls/root.crl", validity: 180d, renew_every: 90d}}
intermediates:
  - name: intermediate
    common_name: Test Intermediate
    lifetime: 10y
    name_constraints: {{permitted_dns: [home.example]}}
ca_server:
  name: CA
  dns_names: [ca.home.example]
  provisioners: [{{type: jwk, name: admin}}]
clients:
  - {{kind: pkcs12, name: {name}, platform: android, provisioner: admin}}
"""
