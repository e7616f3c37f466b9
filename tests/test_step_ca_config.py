"""Every key pkispec writes into ca.json is one step-ca reads, at both ends of the range.

step-ca ignores keys it does not know, so a typo or a key of a newer release would leave
a CA that quietly does less. The keys each release knows are read from its own Go sources
(the json tags of its config structs), which tests/peers downloaded into Go's module cache
to build it: the oldest release pkispec supports (the guide's 0.26.1, which the spec rules
hold as the floor) and the newest it is tested with.
"""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLE, IN_CI, ROOT
from peers import EDGES, Edge, release
from pkispec.compiler import compile_spec
from pkispec.spec import load
from pkispec.spec.rules.step import STEP_NEWEST_TESTED, STEP_OLDEST

STRUCTS = {  # section of ca.json -> (source file, struct)
    "": ("authority/config/config.go", "Config"),
    "authority": ("authority/config/config.go", "AuthConfig"),
    "crl": ("authority/config/config.go", "CRLConfig"),
    "claims": ("authority/provisioner/claims.go", "Claims"),
    "acme": ("authority/provisioner/acme.go", "ACME"),
    "db": ("db/db.go", "Config"),
    "jwk": ("authority/provisioner/jwk.go", "JWK"),
    "options": ("authority/provisioner/options.go", "Options"),
    "x509": ("authority/provisioner/options.go", "X509Options"),
}
TAG = re.compile(r'`json:"([A-Za-z0-9]+)[,"]')
SPECS = [EXAMPLE, *sorted((ROOT / "tests" / "golden").glob("*/spec.yaml"))]


def module_cache() -> Path:
    """Go's module cache, where tests/peers' `go install` put the sources: what `go env`
    says (any go names it the same), or Go's default, $HOME/go/pkg/mod."""
    go = shutil.which("go") or shutil.which("go", path="/usr/local/go/bin")
    said = (
        subprocess.run(
            [go, "env", "GOMODCACHE"], capture_output=True, text=True, check=False
        ).stdout.strip()
        if go
        else ""
    )
    return Path(said or os.environ.get("GOMODCACHE") or Path.home() / "go" / "pkg" / "mod")


def sources(edge: Edge) -> Path:
    """step-ca's module in Go's module cache, as `go install` left it."""
    version = release("step-ca", edge).version
    where = module_cache() / f"github.com/smallstep/certificates@v{version}"
    if not where.is_dir():
        message = f"step-ca's Go sources are not at {where} (scripts/setup.sh --test)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return where


def json_tags(root: Path, source: str, struct: str) -> set[str]:
    text = (root / source).read_text(encoding="utf-8")
    start = text.index(f"type {struct} struct {{")
    body = text[start : text.index("\n}\n", start)]
    return set(TAG.findall(body))


@pytest.fixture(scope="module", params=EDGES)
def known(request: pytest.FixtureRequest) -> dict[str, set[str]]:
    root = sources(request.param)
    return {section: json_tags(root, *where) for section, where in STRUCTS.items()}


def keys(document: dict[str, Any]) -> set[tuple[str, str]]:
    """(section, key) of every key pkispec writes, sections named as in STRUCTS."""
    found = {("", key) for key in document}
    found |= {("authority", key) for key in document.get("authority", {})}
    found |= {("db", key) for key in document.get("db", {})}
    found |= {("crl", key) for key in document.get("crl", {})}
    claims = [document.get("authority", {}).get("claims", {})]
    for prov in document.get("authority", {}).get("provisioners", []):
        found |= {("jwk" if prov.get("type") == "JWK" else "acme", key) for key in prov}
        claims.append(prov.get("claims", {}))
        found |= {("options", key) for key in prov.get("options", {})}
        found |= {("x509", key) for key in prov.get("options", {}).get("x509", {})}
    found |= {("claims", key) for block in claims for key in block}
    return found


def jwk_entries(artifacts: list[Any]) -> list[dict[str, Any]]:
    """What add-jwk-provisioner.py adds to ca.json on the CA host, besides the key: the
    PROVISIONERS table of the generated script, read without running it."""
    script = next((a for a in artifacts if a.path.name == "add-jwk-provisioner.py"), None)
    if script is None:
        return []
    module = ast.parse(script.data.decode("utf-8"))
    (table,) = [
        node.value
        for node in module.body
        if isinstance(node, ast.AnnAssign)
        and isinstance(node.target, ast.Name)
        and node.target.id == "PROVISIONERS"
    ]
    assert table is not None
    entries: dict[str, dict[str, Any]] = ast.literal_eval(table)
    return [
        {"type": "JWK", "name": name, "key": {}, "encryptedKey": "", **extra}
        for name, extra in entries.items()
    ]


def test_the_sources_are_the_ones_we_think(known: dict[str, set[str]]) -> None:
    assert {"forceCN", "claims", "type", "name", "challenges", "attestationFormats"} <= known[
        "acme"
    ]
    assert {"defaultTLSCertDuration", "disableRenewal"} <= known["claims"]
    assert {"enabled", "generateOnRevoke", "cacheDuration", "renewPeriod"} <= known["crl"]


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.parent.name)
def test_every_key_written_is_read(known: dict[str, set[str]], spec: Path) -> None:
    artifacts = compile_spec(load(spec)).artifacts
    documents = [dict(json.loads(a.data)) for a in artifacts if a.path.name == "ca.json"]
    documents.append({"authority": {"provisioners": jwk_entries(artifacts)}})
    unknown = {(s, k) for d in documents for s, k in keys(d) if k not in known.get(s, set())}
    assert unknown == set()


def test_the_tested_releases_are_the_range_the_rules_state() -> None:
    def version(edge: Edge) -> tuple[int, ...]:
        return tuple(int(p) for p in release("step-ca", edge).version.split("."))

    assert version("oldest") == STEP_OLDEST
    assert version("newest") == STEP_NEWEST_TESTED
