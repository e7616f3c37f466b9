"""Every key pkispec writes into ca.json is one step-ca reads.

step-ca ignores keys it does not know, so a typo or a key of a newer release would leave
a CA that quietly does less. The keys step-ca 0.19 knows are read from its own Go sources
(the json tags of its config structs, from Debian's golang-github-smallstep-certificates-
dev); the few keys of later releases are listed with the release that brought them
(step-ca's CHANGELOG), and must be exactly the ones the spec rules gate by version.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLE, IN_CI, ROOT, compile_text
from pkispec.compiler import compile_spec
from pkispec.spec import load
from pkispec.spec.rules import STEP_FEATURES

SOURCES = Path("/usr/share/gocode/src/github.com/smallstep/certificates")
STRUCTS = {  # section of ca.json -> (source file, struct)
    "": ("authority/config/config.go", "Config"),
    "authority": ("authority/config/config.go", "AuthConfig"),
    "claims": ("authority/provisioner/claims.go", "Claims"),
    "acme": ("authority/provisioner/acme.go", "ACME"),
    "db": ("db/db.go", "Config"),
}
#: keys of later releases: (section, key) -> the version that reads it (CHANGELOG 0.23.0)
NEWER = {
    ("acme", "challenges"): (0, 23, 0),
    ("acme", "attestationFormats"): (0, 23, 0),
    ("", "crl"): (0, 23, 0),
    ("crl", "enabled"): (0, 23, 0),
    ("crl", "generateOnRevoke"): (0, 23, 0),
    ("crl", "cacheDuration"): (0, 23, 0),
    ("crl", "renewPeriod"): (0, 23, 0),
}
TAG = re.compile(r'`json:"([A-Za-z0-9]+)[,"]')


def json_tags(source: str, struct: str) -> set[str]:
    text = (SOURCES / source).read_text(encoding="utf-8")
    start = text.index(f"type {struct} struct {{")
    body = text[start:text.index("\n}\n", start)]
    return set(TAG.findall(body))


@pytest.fixture(scope="module")
def known() -> dict[str, set[str]]:
    if not SOURCES.is_dir():
        message = "step-ca's Go sources are not installed (scripts/setup.sh --test)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return {section: json_tags(*where) for section, where in STRUCTS.items()}


def keys(document: dict[str, Any]) -> set[tuple[str, str]]:
    """(section, key) of every key pkispec writes, sections named as in STRUCTS."""
    found = {("", key) for key in document}
    found |= {("authority", key) for key in document.get("authority", {})}
    found |= {("db", key) for key in document.get("db", {})}
    found |= {("crl", key) for key in document.get("crl", {})}
    claims = [document.get("authority", {}).get("claims", {})]
    for prov in document.get("authority", {}).get("provisioners", []):
        found |= {("acme", key) for key in prov}
        claims.append(prov.get("claims", {}))
    found |= {("claims", key) for block in claims for key in block}
    return found


def ca_json(artifacts: list[Any]) -> dict[str, Any]:
    document = next(a for a in artifacts if a.path.name == "ca.json")
    return dict(json.loads(document.data))


def test_the_sources_are_the_ones_we_think(known: dict[str, set[str]]) -> None:
    assert {"forceCN", "claims", "type", "name"} <= known["acme"]
    assert {"defaultTLSCertDuration", "disableRenewal"} <= known["claims"]
    assert "challenges" not in known["acme"] and "crl" not in known[""]  # 0.19 lacks them


def test_a_spec_for_step_ca_0_19_writes_only_keys_0_19_reads(
        known: dict[str, set[str]], tmp_path: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8").replace("version: 0.26.1", "version: 0.19.0")
    text = text.replace("""    - type: acme
      name: apple-afpl541u
      challenges: [device-attest-01]
      attestation_formats: [apple]
""", "").replace("""  - kind: apple-acme
    name: iPad
    client_identifier: iPad Serial Number
    provisioner: apple-afpl541u
    key_size: 384
""", "")  # device-attest-01 needs step-ca 0.23
    document = ca_json(compile_text(text, tmp_path))
    unknown = {(s, k) for s, k in keys(document) if k not in known.get(s, set())}
    assert unknown == set()


@pytest.mark.parametrize("spec", [EXAMPLE, ROOT / "tests" / "golden" / "ha-step-ca" /
                                  "spec.yaml"], ids=lambda p: p.parent.name)
def test_newer_keys_are_known_to_the_target_version(known: dict[str, set[str]],
                                                    spec: Path) -> None:
    checked = load(spec)
    assert checked.spec.ca_server is not None
    target = tuple(int(p) for p in checked.spec.ca_server.version.split("."))
    for section, key in keys(ca_json(compile_spec(checked))):
        if key in known.get(section, set()):
            continue
        assert (section, key) in NEWER, f"step-ca reads no {section or 'top-level'} key {key}"
        assert target >= NEWER[section, key]


def test_the_rules_gate_the_same_versions() -> None:
    assert STEP_FEATURES["challenges"] == NEWER["acme", "challenges"]
    assert STEP_FEATURES["attestation_formats"] == NEWER["acme", "attestationFormats"]
    assert STEP_FEATURES["its own CRL"] == NEWER["", "crl"]
