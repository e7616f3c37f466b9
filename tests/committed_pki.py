"""The example's ceremony run for real, its public files committed beside a copy of the
spec that names them: the spec's second phase, for the tests."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes

from ceremony_run import Ceremony
from conftest import EXAMPLE, compile_checked, materialize, require
from pkispec.plan import make_plan
from pkispec.spec import load


@dataclass(frozen=True)
class CommittedPki:
    spec_file: Path  # repo/homelab.pki.yaml, naming root.pem, intermediate.pem,
    root: x509.Certificate  # root.crl beside it and pinning the root's fingerprint
    intermediate: x509.Certificate
    crl: x509.CertificateRevocationList
    bundle: Path  # the bundle whose ceremony made them

    def variant(self, name: str, old: str, new: str) -> Path:
        """A copy of the spec beside the committed files, `old` replaced by `new` once."""
        text = self.spec_file.read_text(encoding="utf-8")
        assert old in text, old
        changed = self.spec_file.with_name(name)
        changed.write_text(text.replace(old, new, 1), encoding="utf-8")
        return changed


def commit_example(work: Path) -> CommittedPki:
    require("openssl")
    bundle = materialize(compile_checked(EXAMPLE), work / "bundle")
    (work / "ceremony").mkdir()
    ceremony = Ceremony(bundle, work / "ceremony", make_plan(load(EXAMPLE).spec))
    ceremony.run_all()
    spec_dir = work / "repo"
    spec_dir.mkdir()
    certs = ceremony.export / "certs"
    pem = (certs / "root.pem").read_bytes()
    (spec_dir / "root.pem").write_bytes(pem)
    (spec_dir / "intermediate.pem").write_bytes((certs / "intermediate.pem").read_bytes())
    crl = (ceremony.export / "crls" / "root.crl").read_bytes()
    (spec_dir / "root.crl").write_bytes(crl)
    root = x509.load_pem_x509_certificate(pem)
    text = (
        EXAMPLE.read_text(encoding="utf-8")
        .replace(
            "    renewal: offline\n",
            "    renewal: offline\n    file: root.crl\n"
            "  certificate: root.pem\n"
            f"  fingerprint: {root.fingerprint(hashes.SHA256()).hex()}\n",
            1,
        )
        .replace("    pathlen: 0\n", "    pathlen: 0\n    certificate: intermediate.pem\n", 1)
    )
    (spec_dir / "homelab.pki.yaml").write_text(text, encoding="utf-8")
    return CommittedPki(
        spec_dir / "homelab.pki.yaml",
        root,
        x509.load_pem_x509_certificate((certs / "intermediate.pem").read_bytes()),
        x509.load_der_x509_crl(crl),
        bundle,
    )
