"""What a rehearsal checks in the files the ceremony made, read with `cryptography`.

Each check compares one property of a certificate, key or CRL with what the Plan says it
must be, so a rehearsal fails when the scripts, openssl.cnf or openssl itself disagree
with the spec.
"""

from __future__ import annotations

import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from pkispec.plan import CaPlan, Plan
from pkispec.spec.facts import DN_FIELDS, ec_label, rsa_label

#: openssl DN field (as the plan's subjects name them) -> its attribute type
OIDS = {dn.openssl: x509.ObjectIdentifier(dn.oid) for dn in DN_FIELDS}


@dataclass(frozen=True)
class Result:
    name: str
    passed: bool
    detail: str = ""

    def line(self) -> str:
        mark = "ok  " if self.passed else "FAIL"
        return f"{mark} {self.name}" + (f": {self.detail}" if self.detail else "")


def expect(name: str, actual: object, wanted: object) -> Result:
    if actual == wanted:
        return Result(name, True)
    return Result(name, False, f"found {actual!r}, the spec wants {wanted!r}")


def subject_of(ca: CaPlan) -> x509.Name:
    return x509.Name([x509.NameAttribute(OIDS[field], value) for field, value in ca.subject])


def key_label(key: object) -> str:
    if isinstance(key, ec.EllipticCurvePublicKey):
        return ec_label(key.curve.name)
    if isinstance(key, rsa.RSAPublicKey):
        return rsa_label(key.key_size)
    return type(key).__name__


def _ext(cert: x509.Certificate, kind: type[x509.ExtensionType]) -> x509.Extension[Any]:
    return cert.extensions.get_extension_for_class(kind)


def check_key(
    ca: CaPlan, path: Path, passphrase: bytes, cert: x509.Certificate
) -> Iterator[Result]:
    data = path.read_bytes()
    yield expect(
        f"{ca.slug}: key is encrypted PKCS#8",
        data.startswith(b"-----BEGIN ENCRYPTED PRIVATE KEY-----"),
        True,
    )
    key = serialization.load_pem_private_key(data, passphrase)
    yield expect(f"{ca.slug}: key type", key_label(key.public_key()), ca.key_label)
    yield expect(
        f"{ca.slug}: key belongs to the certificate",
        key.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        ),
        cert.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        ),
    )


def check_token_key(
    ca: CaPlan, public: bytes | None, key_file: Path, cert: x509.Certificate
) -> Iterator[Result]:
    """A key on a token: there, of the spec's type, the certificate's, and not in a file."""
    yield expect(f"{ca.slug}: key is on the token", public is not None, True)
    yield expect(f"{ca.slug}: no key file beside it", key_file.exists(), False)
    if public is None:
        return
    yield expect(
        f"{ca.slug}: key type", key_label(serialization.load_der_public_key(public)), ca.key_label
    )
    yield expect(
        f"{ca.slug}: the key on the token belongs to the certificate",
        public,
        cert.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        ),
    )


def no_private_keys(folder: Path) -> Result:
    """No file below `folder` holds a private key: every key stayed on its token."""
    found = [
        str(path.relative_to(folder))
        for path in sorted(folder.rglob("*"))
        if path.is_file() and b"PRIVATE KEY-----" in path.read_bytes()
    ]
    return expect("no private key file in the CA folder", found, [])


def check_ca_cert(
    ca: CaPlan, cert: x509.Certificate, issuer: x509.Certificate, plan: Plan
) -> Iterator[Result]:
    name = ca.slug
    yield expect(f"{name}: subject", cert.subject, subject_of(ca))
    yield expect(f"{name}: issuer", cert.issuer, issuer.subject)
    try:
        cert.verify_directly_issued_by(issuer)
        yield Result(f"{name}: signature by its issuer", True)
    except (ValueError, TypeError, InvalidSignature) as exc:
        yield Result(f"{name}: signature by its issuer", False, str(exc))
    lifetime = cert.not_valid_after_utc - cert.not_valid_before_utc
    yield expect(f"{name}: lifetime in days", lifetime.total_seconds() / 86400, ca.days)
    algorithm = cert.signature_hash_algorithm
    yield expect(f"{name}: digest", algorithm.name if algorithm else None, ca.digest)
    bc = _ext(cert, x509.BasicConstraints)
    yield expect(
        f"{name}: basicConstraints critical, CA, pathlen",
        (bc.critical, bc.value.ca, bc.value.path_length),
        (True, True, ca.pathlen),
    )
    ku = _ext(cert, x509.KeyUsage)
    yield expect(
        f"{name}: keyUsage critical, keyCertSign, cRLSign",
        (ku.critical, ku.value.key_cert_sign, ku.value.crl_sign),
        (True, True, True),
    )
    ski = x509.SubjectKeyIdentifier.from_public_key(cert.public_key())
    yield expect(f"{name}: subjectKeyIdentifier", _ext(cert, x509.SubjectKeyIdentifier).value, ski)
    aki = _ext(cert, x509.AuthorityKeyIdentifier).value
    issuer_ski = _ext(issuer, x509.SubjectKeyIdentifier).value
    yield expect(
        f"{name}: authorityKeyIdentifier is the issuer's key id",
        aki.key_identifier,
        issuer_ski.digest,
    )
    if ca.role == "intermediate":
        yield from _intermediate_extensions(ca, cert, plan)


def _intermediate_extensions(ca: CaPlan, cert: x509.Certificate, plan: Plan) -> Iterator[Result]:
    cdp = _ext(cert, x509.CRLDistributionPoints).value
    urls = [n.value for point in cdp for n in point.full_name or []]
    yield expect(f"{ca.slug}: CRL distribution point", urls, [plan.crl.url])
    try:
        nc = _ext(cert, x509.NameConstraints)
        found: tuple[bool, str | None] = nc.critical, _constraint_text(nc.value)
    except x509.ExtensionNotFound:
        found = (False, None)
    wanted = (
        (True, ca.name_constraints.removeprefix("critical, "))
        if ca.name_constraints
        else (False, None)
    )
    yield expect(f"{ca.slug}: name constraints", found, wanted)


def _constraint_text(nc: x509.NameConstraints) -> str:
    def one(kind: str, name: x509.GeneralName) -> str:
        if isinstance(name, x509.IPAddress):
            net = name.value
            return f"{kind};IP:{net.network_address}/{net.netmask}"  # type: ignore[union-attr]
        label = {"DNSName": "DNS", "RFC822Name": "email"}[type(name).__name__]
        return f"{kind};{label}:{name.value}"

    permitted = [one("permitted", n) for n in nc.permitted_subtrees or []]
    excluded = [one("excluded", n) for n in nc.excluded_subtrees or []]
    order = {"DNS": 0, "IP": 1, "email": 2}
    permitted.sort(key=lambda s: order[s.split(";")[1].split(":")[0]])
    excluded.sort(key=lambda s: order[s.split(";")[1].split(":")[0]])
    return ", ".join(permitted + excluded)


def check_crl(
    plan: Plan, crl: x509.CertificateRevocationList, root: x509.Certificate
) -> Iterator[Result]:
    yield expect(
        "root CRL: signed by the root",
        crl.is_signature_valid(root.public_key()),  # type: ignore[arg-type]
        True,
    )
    span = crl.next_update_utc - crl.last_update_utc if crl.next_update_utc else None
    yield expect(
        "root CRL: validity in hours", span.total_seconds() / 3600 if span else None, plan.crl.hours
    )
    number = crl.extensions.get_extension_for_class(x509.CRLNumber)
    yield expect("root CRL: has a CRL number", number.value.crl_number > 0, True)
    aki = crl.extensions.get_extension_for_class(x509.AuthorityKeyIdentifier).value
    ski = _ext(root, x509.SubjectKeyIdentifier).value
    yield expect("root CRL: authorityKeyIdentifier", aki.key_identifier, ski.digest)


def check_modes(ca_dir: Path, ca: CaPlan) -> Iterator[Result]:
    def mode(path: Path) -> str:
        return oct(stat.S_IMODE(path.stat().st_mode))

    yield expect(f"{ca.slug}: private/ mode", mode(ca_dir / "private"), "0o700")
    if ca.token is None:
        yield expect(f"{ca.slug}: key mode", mode(ca_dir / ca.files.key), "0o400")
    yield expect(f"{ca.slug}: certificate mode", mode(ca_dir / ca.files.cert), "0o444")


def guarded(name: str, check: Callable[[], Iterator[Result]]) -> list[Result]:
    """Run a group of checks; a file that is missing or unreadable is one failed check."""
    try:
        return list(check())
    except (OSError, ValueError, TypeError, x509.ExtensionNotFound) as exc:
        return [Result(name, False, f"{type(exc).__name__}: {exc}")]
