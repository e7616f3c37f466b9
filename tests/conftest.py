"""Shared test helpers: real tools, built bundles, and the golden-file update flag."""

from __future__ import annotations

import base64
import math
import os
import re
import shutil
import sys
from collections import Counter
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization

from pkispec.artifact import Artifact
from pkispec.bundle import write_tree
from pkispec.compiler import compile_spec
from pkispec.spec import load

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "homelab.pki.yaml"
IN_CI = os.environ.get("CI") == "true"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        help="rewrite tests/golden/*/expected and tests/invalid/*.err from the "
        "current output (read the diff before committing)",
    )


def pytest_report_header(config: pytest.Config) -> list[str]:
    """The releases of the real programs the tests run, each as its binary says."""
    from peers import all_releases

    lines = []
    for r in all_releases():
        found = "not installed" if not r.path.is_file() else str(r.path)
        lines.append(f"peer {r.label}: {found}")
    return lines


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))


def require(tool: str) -> str:
    """The path of a real tool; a missing tool skips a local run and fails in CI."""
    path = shutil.which(tool) or shutil.which(tool, path=str(Path(sys.executable).parent))
    if path is None:
        message = f"{tool} is not installed (scripts/setup.sh --test installs it)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return path


PEM_SECRET = re.compile(rb"-----BEGIN [A-Z ]*PRIVATE KEY-----")
TOKEN = re.compile(rb"[A-Za-z0-9+]{20,}={0,2}")  # base64 or hex runs (paths split at /)


def entropy(token: bytes) -> float:
    counts = Counter(token)
    return -sum(n / len(token) * math.log2(n / len(token)) for n in counts.values())


def looks_random(token: bytes) -> bool:
    digits = sum(ch in b"0123456789" for ch in token)
    letters = sum(chr(ch).isalpha() for ch in token)
    return digits >= 2 and letters >= 2 and entropy(token) > 3.5


def public_tokens(spec_file: Path) -> frozenset[bytes]:
    """The random-looking but public text a bundle may hold: the SHA-256 fingerprint and
    the base64 lines of each certificate committed beside the spec (its second phase), and
    the SSH public keys the spec itself names."""
    spec = load(spec_file).spec
    named = spec.ssh.revoked_keys if spec.ssh else []
    tokens: set[bytes] = {key.split()[1].encode() for key in named}
    for pem in spec_file.parent.glob("*.pem"):
        cert = x509.load_pem_x509_certificate(pem.read_bytes())
        der = cert.public_bytes(serialization.Encoding.DER)
        tokens.add(cert.fingerprint(hashes.SHA256()).hex().encode())
        tokens.add(base64.b64encode(der))  # wrapped at any width, each piece is in here
    return frozenset(tokens)


def secrets_in(artifacts: list[Artifact], public: frozenset[bytes] = frozenset()) -> list[str]:
    """Private keys and random-looking tokens in a bundle (SHA256SUMS holds only digests),
    but for the public tokens given."""
    found = []
    for artifact in artifacts:
        if PEM_SECRET.search(artifact.data):
            found.append(f"{artifact.path}: a PEM private key")
        if artifact.path.name == "SHA256SUMS":
            continue
        found += [
            f"{artifact.path}: high-entropy {token[:12]!r}..."
            for token in TOKEN.findall(artifact.data)
            if looks_random(token) and not any(token in p for p in public)
        ]
    return found


def runbook_section(runbook: str, number: int) -> str:
    """Section `number` of a RUNBOOK.md's text, from its heading to the next one."""
    start = runbook.index(f"\n## {number}. ")
    end = runbook.find("\n## ", start + 1)
    return runbook[start:] if end < 0 else runbook[start:end]


def compile_checked(spec_file: Path) -> list[Artifact]:
    """Compile a spec as `pkispec build` does; every bundle the tests make is scanned."""
    artifacts = compile_spec(load(spec_file)).artifacts
    assert secrets_in(artifacts, public_tokens(spec_file)) == [], (
        "secret or random material in a bundle"
    )
    return artifacts


def compile_text(text: str, tmp_path: Path, name: str = "spec.pki.yaml") -> list[Artifact]:
    spec_file = tmp_path / name
    spec_file.write_text(text, encoding="utf-8")
    return compile_checked(spec_file)


def materialize(artifacts: list[Artifact], where: Path) -> Path:
    """Write a bundle tree (as `pkispec build` does) and return its folder."""
    where.mkdir(parents=True, exist_ok=True)
    write_tree(artifacts, where)
    return where


@pytest.fixture(scope="session")
def example_artifacts() -> list[Artifact]:
    return compile_checked(EXAMPLE)


@pytest.fixture(scope="session")
def example_bundle(
    tmp_path_factory: pytest.TempPathFactory, example_artifacts: list[Artifact]
) -> Path:
    return materialize(example_artifacts, tmp_path_factory.mktemp("bundle") / "homelab")
