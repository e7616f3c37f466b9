"""The spec's second phase: public certificates committed next to the spec after the
ceremony. With the root's certificate, a build can embed it (Apple's trust profile) and
its fingerprint (the trust scripts), and finds a root that no longer matches the spec.

Only public certificates are read, and only those the spec names; cryptography is
imported only then, so a spec without them validates as fast as before.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pkispec.errors import Problem, YamlPath
from pkispec.spec.model import EcKey, Spec

if TYPE_CHECKING:
    from cryptography import x509

@dataclass(frozen=True)
class Committed:
    """What the committed certificates give a build; all None before the ceremony."""

    root_der: bytes | None = None
    root_fingerprint: str | None = None   # SHA-256 of the DER, lowercase hex


def read_committed(spec: Spec, spec_dir: Path) -> tuple[Committed, list[Problem]]:
    relative = spec.root.certificate
    if relative is None:
        return Committed(), []
    path: YamlPath = ("root", "certificate")
    try:
        data = (spec_dir / relative).read_bytes()
    except OSError as exc:
        return Committed(), [Problem("PKI112", f"cannot read the committed root certificate "
                                     f"{relative}: {exc.strerror}", path,
                                     hint="commit certs/root.pem of the ceremony's export "
                                     "there, or remove root.certificate until then")]
    from cryptography import x509  # noqa: PLC0415 - only specs that name certificates
    from cryptography.hazmat.primitives import hashes, serialization  # noqa: PLC0415
    try:
        cert = x509.load_pem_x509_certificate(data)
    except ValueError:
        return Committed(), [Problem("PKI112", f"{relative} is not a PEM certificate", path,
                                     hint="commit certs/root.pem of the ceremony's export")]
    drift = list(_drift(spec, cert, path))
    der = cert.public_bytes(serialization.Encoding.DER)
    return Committed(der, cert.fingerprint(hashes.SHA256()).hex()), drift


def _drift(spec: Spec, cert: x509.Certificate, path: YamlPath) -> list[Problem]:
    from cryptography.hazmat.primitives.asymmetric import ec, rsa  # noqa: PLC0415
    from cryptography.x509.oid import NameOID  # noqa: PLC0415

    found: list[str] = []
    names = [a.value for a in cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)]
    if names != [spec.root.common_name]:
        found.append(f"its common name is {names[0] if names else 'missing'!r}, the spec "
                     f"says {spec.root.common_name!r}")
    if cert.issuer != cert.subject:
        found.append("it is not self-issued, so it is no root")
    key, want = cert.public_key(), spec.root.key
    if isinstance(want, EcKey):
        if not isinstance(key, ec.EllipticCurvePublicKey) or key.curve.name != want.curve:
            found.append(f"its key is not EC {want.curve}")
    elif not isinstance(key, rsa.RSAPublicKey) or key.key_size != want.bits:
        found.append(f"its key is not RSA {want.bits}")
    days = (cert.not_valid_after_utc - cert.not_valid_before_utc).days
    if days != spec.root.lifetime.days:
        found.append(f"it lives {days} days, the spec says {spec.root.lifetime.days}")
    return [Problem("PKI113", f"the committed root certificate does not match the spec: {f}",
                    path, hint="a changed root property needs a new root ceremony; or the "
                    "file is another CA's root") for f in found]
