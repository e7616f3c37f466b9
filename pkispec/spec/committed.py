"""The spec's second phase: public files committed next to the spec after a ceremony.

With the root's certificate, a build embeds it (Apple's trust profile) and its fingerprint
(the trust scripts); with the intermediates' certificates and the root's CRL, `pkispec
status` says what expires when. Every committed certificate is compared with the spec:
one whose name, key, lifetime, path length or name constraints differ is drift (PKI113),
and so is a root whose fingerprint is not the one the spec pins.

Only public files are read, and only those the spec names; cryptography is imported only
then, so a spec without them validates as fast as before.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from pkispec.errors import Problem, YamlPath
from pkispec.spec.facts import DN_FIELDS, key_label
from pkispec.spec.model import EcKey, Intermediate, KeySpec, Root, Spec, merged_subject

if TYPE_CHECKING:
    from cryptography import x509

#: reads a committed file by its path relative to the spec's folder; raises OSError
ReadFile = Callable[[str], bytes]

#: The code of a committed file that no longer matches the spec.
DRIFT = "PKI113"
DRIFT_HINT = "a changed CA property needs a new ceremony for that CA; or the file is another CA's"


@dataclass(frozen=True)
class Committed:
    """What the committed files give a build; empty before the ceremony."""

    root_der: bytes | None = None
    root_fingerprint: str | None = None  # SHA-256 of the DER, lowercase hex
    intermediates: dict[str, bytes] = field(default_factory=dict)  # name -> DER
    crl_der: bytes | None = None  # the root's last published CRL


def beside(spec_dir: Path) -> ReadFile:
    """Committed files from disk, next to the spec (the usual place)."""
    return lambda relative: (spec_dir / relative).read_bytes()


def _read(
    read_file: ReadFile, relative: str, path: YamlPath, what: str
) -> tuple[bytes | None, list[Problem]]:
    try:
        return read_file(relative), []
    except OSError as exc:
        return None, [
            Problem(
                "PKI112",
                f"cannot read the committed {what} {relative}: {exc.strerror}",
                path,
                hint="commit it from the ceremony's export, or leave the key out until then",
            )
        ]


def _certificate(
    read_file: ReadFile, relative: str, path: YamlPath, what: str
) -> tuple[x509.Certificate | None, list[Problem]]:
    from cryptography import x509

    data, problems = _read(read_file, relative, path, what)
    if data is None:
        return None, problems
    try:
        return x509.load_pem_x509_certificate(data), []
    except ValueError:
        return None, [
            Problem(
                "PKI112",
                f"{relative} is not a PEM certificate",
                path,
                hint="commit the PEM file from the ceremony's export",
            )
        ]


def _key_drift(cert: x509.Certificate, want: KeySpec) -> list[str]:
    from cryptography.hazmat.primitives.asymmetric import ec, rsa

    key = cert.public_key()
    if isinstance(want, EcKey):
        if not isinstance(key, ec.EllipticCurvePublicKey) or key.curve.name != want.curve:
            return [f"its key is not {key_label(want)}"]
    elif not isinstance(key, rsa.RSAPublicKey) or key.key_size != want.bits:
        return [f"its key is not {key_label(want)}"]
    return []


#: spec subject field -> the attribute's dotted OID
SUBJECT_OIDS = {dn.spec: dn.oid for dn in DN_FIELDS}


def _subject_drift(cert: x509.Certificate, spec: Spec, ca: Root | Intermediate) -> list[str]:
    from cryptography.x509.oid import NameOID

    names = [a.value for a in cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)]
    if names != [ca.common_name]:
        return [
            f"its common name is {names[0] if names else 'missing'!r}, the spec says "
            f"{ca.common_name!r}"
        ]
    want = {(SUBJECT_OIDS[k], v) for k, v in merged_subject(spec, ca.subject).items()}
    want.add((SUBJECT_OIDS["common_name"], ca.common_name))
    have = {(a.oid.dotted_string, str(a.value)) for a in cert.subject}
    return (
        []
        if have == want
        else [f"its subject is {cert.subject.rfc4514_string()!r}, not the spec's"]
    )


def _common_drift(cert: x509.Certificate, spec: Spec, ca: Root | Intermediate) -> list[str]:
    found = _subject_drift(cert, spec, ca)
    found += _key_drift(cert, ca.key)
    lives = (cert.not_valid_after_utc - cert.not_valid_before_utc).days
    if lives != ca.lifetime.days:
        found.append(f"it lives {lives} days, the spec says {ca.lifetime.days}")
    digest = cert.signature_hash_algorithm
    if digest is None or digest.name != ca.digest:
        found.append(
            f"it is signed with {digest.name if digest else 'no hash'}, the spec says {ca.digest}"
        )
    return found


Names = set[tuple[str, str]]  # (kind, value): a DNS name and an e-mail domain differ


def _constraint_names(cert: x509.Certificate) -> tuple[Names, Names]:
    from cryptography import x509

    kinds = {x509.DNSName: "dns", x509.IPAddress: "ip", x509.RFC822Name: "email"}

    def names(subtrees: list[x509.GeneralName] | None) -> Names:
        return {(kinds.get(type(n), type(n).__name__), str(n.value)) for n in subtrees or []}

    try:
        nc = cert.extensions.get_extension_for_class(x509.NameConstraints).value
    except x509.ExtensionNotFound:
        return set(), set()
    return names(nc.permitted_subtrees), names(nc.excluded_subtrees)


def _spec_constraints(inter: Intermediate) -> tuple[Names, Names]:
    nc = inter.name_constraints
    if nc is None:
        return set(), set()

    def ip(network: str) -> tuple[str, str]:
        return "ip", str(ipaddress.ip_network(network))

    return (
        {("dns", d) for d in nc.permitted_dns}
        | {ip(n) for n in nc.permitted_ip}
        | {("email", d) for d in nc.permitted_email},
        {("dns", d) for d in nc.excluded_dns} | {ip(n) for n in nc.excluded_ip},
    )


def _intermediate_drift(
    cert: x509.Certificate, spec: Spec, inter: Intermediate, root: x509.Certificate | None
) -> list[str]:
    from cryptography import x509
    from cryptography.exceptions import InvalidSignature

    found = _common_drift(cert, spec, inter)
    try:
        pathlen = cert.extensions.get_extension_for_class(x509.BasicConstraints).value.path_length
    except x509.ExtensionNotFound:
        pathlen = None
    if pathlen != inter.pathlen:
        found.append(f"its path length is {pathlen}, the spec says {inter.pathlen}")
    if _constraint_names(cert) != _spec_constraints(inter):
        found.append("its name constraints are not the spec's")
    if root is not None:
        try:
            cert.verify_directly_issued_by(root)
        except (InvalidSignature, ValueError, TypeError):
            found.append("it is not issued by the committed root")
    return found


def _drift(found: list[str], what: str, path: YamlPath) -> list[Problem]:
    return [
        Problem(
            DRIFT,
            f"the committed {what} does not match the spec: {f}",
            path,
            hint=DRIFT_HINT,
            finding=f,
        )
        for f in found
    ]


def _root(spec: Spec, read_file: ReadFile) -> tuple[x509.Certificate | None, list[Problem]]:
    relative = spec.root.certificate
    if relative is None:
        return None, []
    path: YamlPath = ("root", "certificate")
    cert, problems = _certificate(read_file, relative, path, "root certificate")
    if cert is None:
        return None, problems
    from cryptography.hazmat.primitives import hashes

    found = _common_drift(cert, spec, spec.root)
    if cert.issuer != cert.subject:
        found.append("it is not self-issued, so it is no root")
    pinned, actual = spec.root.fingerprint, cert.fingerprint(hashes.SHA256()).hex()
    if pinned is not None and pinned != actual:
        found.append(f"its fingerprint is {actual}, the spec pins {pinned}")
    return cert, _drift(found, "root certificate", path)


def read_committed(
    spec: Spec, spec_dir: Path, read_file: ReadFile | None = None
) -> tuple[Committed, list[Problem]]:
    """The committed files the spec names, read beside the spec in `spec_dir` or by
    `read_file` (`pkispec diff --rev` reads them from a git revision)."""
    read_file = read_file or beside(spec_dir)
    root, problems = _root(spec, read_file)
    from_der: dict[str, bytes] = {}
    for index, inter in enumerate(spec.intermediates):
        if inter.certificate is None:
            continue
        path: YamlPath = ("intermediates", index, "certificate")
        cert, found = _certificate(
            read_file, inter.certificate, path, f"certificate of intermediate '{inter.name}'"
        )
        problems += found
        if cert is not None:
            problems += _drift(
                _intermediate_drift(cert, spec, inter, root),
                f"certificate of intermediate '{inter.name}'",
                path,
            )
            from_der[inter.name] = _der(cert)
    crl_der = None
    if spec.root.crl.file is not None:
        crl_der, found = _read(read_file, spec.root.crl.file, ("root", "crl", "file"), "root CRL")
        problems += found
    if root is None:
        return Committed(None, None, from_der, crl_der), problems
    from cryptography.hazmat.primitives import hashes

    return Committed(
        _der(root), root.fingerprint(hashes.SHA256()).hex(), from_der, crl_der
    ), problems


def _der(cert: x509.Certificate) -> bytes:
    from cryptography.hazmat.primitives import serialization

    return cert.public_bytes(serialization.Encoding.DER)
