"""The spec's second phase: the root a real ceremony made, committed beside the spec.

The build then embeds it (Apple's trust profile, published schema) and its fingerprint
(the trust scripts' default), and a root that no longer matches the spec is an error.
"""

from __future__ import annotations

import http.server
import plistlib
import subprocess
import threading
from pathlib import Path
from typing import ClassVar

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization

from committed_pki import commit_example
from conftest import compile_checked, materialize, require
from pkispec.errors import SpecError
from pkispec.spec import load
from reference_schemas import apple_profile_problems, reference_dir


@pytest.fixture(scope="module")
def committed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, x509.Certificate]:
    """The example's ceremony run for real, its root committed next to a copy of the spec
    that names it."""
    pki = commit_example(tmp_path_factory.mktemp("phase2"))
    return pki.spec_file, pki.root


def test_a_root_from_the_ceremony_matches_its_spec(
    committed: tuple[Path, x509.Certificate],
) -> None:
    spec_file, root = committed
    checked = load(spec_file)  # no PKI113: names, keys, lifetimes, pathlen, constraints
    assert checked.committed.root_fingerprint == root.fingerprint(hashes.SHA256()).hex()
    assert set(checked.committed.intermediates) == {"intermediate"}
    crl = x509.load_der_x509_crl(checked.committed.crl_der or b"")
    assert crl.is_signature_valid(root.public_key())  # type: ignore[arg-type]


def test_the_apple_trust_profile_embeds_the_root(committed: tuple[Path, x509.Certificate]) -> None:
    spec_file, root = committed
    reference_dir("apple")
    artifacts = {str(a.path): a.data for a in compile_checked(spec_file)}
    profile = plistlib.loads(artifacts["trust/apple/homelab-root.mobileconfig"])
    assert apple_profile_problems(profile) == []
    (payload,) = profile["PayloadContent"]
    assert payload["PayloadType"] == "com.apple.security.root"
    assert payload["PayloadContent"] == root.public_bytes(serialization.Encoding.DER)


class _Proxy(http.server.BaseHTTPRequestHandler):
    """An HTTP proxy on loopback that knows one URL: the CRL host's root download."""

    served: ClassVar[dict[str, bytes]] = {}

    def do_GET(self) -> None:
        body = self.served.get(self.path)
        self.send_response(200 if body else 404)
        self.end_headers()
        self.wfile.write(body or b"")

    def log_message(self, format: str, *args: object) -> None:
        pass


def test_install_root_needs_no_argument_once_the_root_is_committed(
    committed: tuple[Path, x509.Certificate], tmp_path: Path
) -> None:
    """No fingerprint, no source: the script fetches the spec's URL (through a loopback
    proxy standing in for the CRL host) and checks the committed root's fingerprint."""
    require("curl")
    spec_file, root = committed
    bundle = materialize(compile_checked(spec_file), tmp_path / "bundle")
    script = bundle / "trust" / "linux" / "install-root.sh"
    env = {"PATH": "/usr/bin:/bin", "PKISPEC_CA_DIR": str(tmp_path / "store")}
    server = http.server.HTTPServer(("127.0.0.1", 0), _Proxy)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        env["http_proxy"] = f"http://127.0.0.1:{server.server_address[1]}"
        url = "http://pki-ca.dmz.vlan.party/certs/root.pem"
        _Proxy.served = {url: (spec_file.parent / "root.pem").read_bytes()}
        done = subprocess.run(
            ["bash", str(script)], env=env, capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, done.stderr
        installed = (tmp_path / "store" / "homelab-root.crt").read_bytes()
        assert x509.load_pem_x509_certificate(installed) == root
        # another root at that URL: the committed fingerprint refuses it
        other = Path(__file__).parent / "invalid" / "certs" / "oneill-root.pem"
        _Proxy.served = {url: other.read_bytes()}
        (tmp_path / "store" / "homelab-root.crt").unlink()
        done = subprocess.run(
            ["bash", str(script)], env=env, capture_output=True, text=True, check=False
        )
        assert done.returncode == 1
        assert "nothing installed" in done.stderr
        assert not (tmp_path / "store" / "homelab-root.crt").exists()
    finally:
        server.shutdown()
        server.server_close()


def test_a_changed_root_property_is_drift(committed: tuple[Path, x509.Certificate]) -> None:
    spec_file, _ = committed
    changed = spec_file.with_name("changed.pki.yaml")
    changed.write_text(
        spec_file.read_text(encoding="utf-8").replace(
            "curve: secp384r1}\n  digest", "curve: secp521r1}\n  digest", 1
        ),
        encoding="utf-8",
    )
    with pytest.raises(SpecError) as raised:
        load(changed)
    messages = [e.problem.message for e in raised.value.errors]
    assert messages == [
        "the committed root certificate does not match the spec: its key is not EC secp521r1"
    ]


def _problems(spec_file: Path, old: str, new: str) -> list[str]:
    changed = spec_file.with_name("changed.pki.yaml")
    text = spec_file.read_text(encoding="utf-8")
    assert old in text
    changed.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(SpecError) as raised:
        load(changed)
    return [e.problem.message for e in raised.value.errors]


@pytest.mark.parametrize(
    ("old", "new", "found"),
    [
        ("    pathlen: 0\n", "    pathlen: 1\n", "its path length is 0, the spec says 1"),
        (
            "      permitted_dns: [vlan.party]\n",
            "      permitted_dns: [vlan.party, example.org]\n",
            "its name constraints are not the spec's",
        ),
        ("    lifetime: 3652d", "    lifetime: 3000d", "it lives 3652 days, the spec says 3000"),
        (
            "      permitted_dns: [vlan.party]\n",
            "      permitted_email: [vlan.party]\n",
            "its name constraints are not the spec's",
        ),  # the same domain as another kind of name
        (
            "    digest: sha256\n    lifetime: 3652d",
            "    digest: sha384\n    lifetime: 3652d",
            "it is signed with sha256, the spec says sha384",
        ),
    ],
)
def test_a_changed_intermediate_property_is_drift(
    committed: tuple[Path, x509.Certificate], old: str, new: str, found: str
) -> None:
    assert _problems(committed[0], old, new) == [
        "the committed certificate of intermediate 'intermediate' does not match the spec: " + found
    ]


def test_a_root_with_another_fingerprint_than_the_pinned_one_is_refused(
    committed: tuple[Path, x509.Certificate],
) -> None:
    spec_file, root = committed
    actual = root.fingerprint(hashes.SHA256()).hex()
    pinned = "ab" * 32
    assert _problems(spec_file, actual, pinned) == [
        f"the committed root certificate does not match the spec: its fingerprint is "
        f"{actual}, the spec pins {pinned}"
    ]


def test_a_changed_subject_field_is_drift_of_both_cas(
    committed: tuple[Path, x509.Certificate],
) -> None:
    assert _problems(
        committed[0], "  organization: vlan.party\n", "  organization: vlan.party e.V.\n"
    ) == [
        "the committed root certificate does not match the spec: its subject is "
        "'CN=vlan.party Root CA,O=vlan.party,C=DE', not the spec's",
        "the committed certificate of intermediate 'intermediate' does not match the spec: "
        "its subject is 'CN=vlan.party Intermediate CA 1,O=vlan.party,C=DE', not the spec's",
    ]
