"""Traefik's files of a bundle, judged by what consumes them, not by pkispec's own idea.

Traefik's static and dynamic (file provider) configuration go through Traefik's published
JSON Schemas (SchemaStore, tests/reference_schemas.py). The duration Traefik expects is
compared with what the bundle's own step-ca ca.json makes step-ca issue, and the CA files
Traefik opens with the files the bundle's ceremony, run for real, exports. The schemas
are loose (keyType and clientAuthType are any string), so pkispec's spec is checked to
refuse what Traefik would silently take.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any, Literal

import pytest
from cryptography import x509
from ruamel.yaml import YAML

from ceremony_run import Ceremony
from conftest import EXAMPLE, ROOT, compile_text, materialize, require
from pkispec.plan import make_plan
from pkispec.spec import load
from reference_schemas import traefik_problems

TRAEFIK = Path("edge/traefik")
RESOLVER = "smallstep"  # the guide's certificate resolver
EXAMPLE_TEXT = EXAMPLE.read_text(encoding="utf-8")


def read_yaml(path: Path) -> Any:
    return YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))


def static_of(bundle: Path) -> dict[str, Any]:
    document: dict[str, Any] = read_yaml(bundle / TRAEFIK / "traefik.yml")
    return document


def dynamic_of(bundle: Path) -> dict[str, Any]:
    document: dict[str, Any] = read_yaml(bundle / TRAEFIK / "dynamic" / "mtls.yml")
    return document


def acme_of(static: dict[str, Any]) -> dict[str, Any]:
    acme: dict[str, Any] = static["certificatesResolvers"][RESOLVER]["acme"]
    return acme


def client_auth_of(dynamic: dict[str, Any]) -> dict[str, Any]:
    auth: dict[str, Any] = dynamic["tls"]["options"]["mtls"]["clientAuth"]
    return auth


def edited(replacements: dict[str, str]) -> str:
    """The example spec with some lines changed (each old text must be there once)."""
    text = EXAMPLE_TEXT
    for old, new in replacements.items():
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


def bundle_of(text: str, where: Path) -> Path:
    return materialize(compile_text(text, where), where / "bundle")


# --- Traefik's published schemas ------------------------------------------------------------


def test_example_static_and_dynamic_config_pass_traefik_v3_schemas(example_bundle: Path) -> None:
    static, dynamic = static_of(example_bundle), dynamic_of(example_bundle)
    assert traefik_problems(static, "3", "static") == []
    assert traefik_problems(dynamic, "3", "dynamic") == []
    assert acme_of(static)["caCertificates"] == ["/certs/root.pem"]  # Traefik 3.2 and on


def test_traefik_2_gets_no_ca_certificates_and_passes_the_v2_schemas(
    tmp_path: Path, example_bundle: Path
) -> None:
    bundle = bundle_of(edited({'version: "3"': 'version: "2"'}), tmp_path)
    static, dynamic = static_of(bundle), dynamic_of(bundle)
    assert "caCertificates" not in acme_of(static)
    assert traefik_problems(static, "2", "static") == []
    assert traefik_problems(dynamic, "2", "dynamic") == []
    # the check has teeth: Traefik 2 knows no caCertificates, and its schema says so
    assert traefik_problems(static_of(example_bundle), "2", "static") == [
        f"certificatesResolvers.{RESOLVER}.acme: Additional properties are not allowed "
        "('caCertificates' was unexpected)"
    ]
    # lego, inside either version, still trusts step-ca through its environment variable
    compose = read_yaml(bundle / TRAEFIK / "compose.traefik.yml")
    assert compose["services"]["traefik"]["environment"] == {
        "LEGO_CA_CERTIFICATES": "/certs/root.pem"
    }


def test_compose_override_carries_the_guides_router_labels(example_bundle: Path) -> None:
    compose = read_yaml(example_bundle / TRAEFIK / "compose.traefik.yml")
    labels = compose["services"]["traefik"]["labels"]
    assert all(isinstance(label, str) for label in labels)
    router = "traefik.http.routers.traefik-secure.tls"
    assert labels == [
        f"{router}=true",
        f"{router}.certresolver={RESOLVER}",
        f"{router}.domains[0].main=dmz.vlan.party",
        f"{router}.domains[0].sans=*.dmz.vlan.party",
        f"{router}.options=mtls@file",  # the dynamic file's option, from the file provider
    ]
    assert "mtls" in dynamic_of(example_bundle)["tls"]["options"]


# --- the duration step-ca issues ------------------------------------------------------------


def go_duration_hours(text: str) -> float:
    """A Go time.Duration string as step-ca's ca.json holds it ('24h', '72h0m0s')."""
    units = {"h": 3600.0, "m": 60.0, "s": 1.0}
    parts = re.findall(r"(\d+(?:\.\d+)?)(h|m|s)", text)
    assert "".join(n + u for n, u in parts) == text, f"not a duration step-ca writes: {text}"
    return sum(float(n) * units[u] for n, u in parts) / 3600


def issued_hours(ca_json: dict[str, Any], provisioner: str) -> float:
    """What step-ca issues over `provisioner` when the client asks for no duration: the
    provisioner's defaultTLSCertDuration, else the authority's, else step-ca's 24h."""
    authority = ca_json["authority"]
    (entry,) = [p for p in authority["provisioners"] if p["name"] == provisioner]
    assert entry["type"] == "ACME"
    for claims in (entry.get("claims") or {}, authority.get("claims") or {}):
        if "defaultTLSCertDuration" in claims:
            return go_duration_hours(claims["defaultTLSCertDuration"])
    return 24.0


def provisioner_of(static: dict[str, Any]) -> str:
    match = re.fullmatch(r"https://[^/]+/acme/([^/]+)/directory", acme_of(static)["caServer"])
    assert match, acme_of(static)["caServer"]
    return match.group(1)


def ca_json_of(bundle: Path) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(
        (bundle / "ca-server" / "step" / "config" / "ca.json").read_text(encoding="utf-8")
    )
    return document


def test_certificates_duration_is_what_step_ca_issues(example_bundle: Path) -> None:
    static = static_of(example_bundle)
    hours = acme_of(static)["certificatesDuration"]
    assert isinstance(hours, int)
    assert hours == issued_hours(ca_json_of(example_bundle), provisioner_of(static)) == 24


def test_certificates_duration_follows_the_provisioners_own_claims(tmp_path: Path) -> None:
    text = edited(
        {
            "      name: acme-z9w4d11j\n": "      name: acme-z9w4d11j\n"
            "      claims:\n"
            "        default_tls_cert_duration: 72h\n"
            "        max_tls_cert_duration: 168h\n",
            "certificates_duration: 24h": "certificates_duration: 72h",
        }
    )
    bundle = bundle_of(text, tmp_path)
    static = static_of(bundle)
    assert acme_of(static)["certificatesDuration"] == 72
    assert issued_hours(ca_json_of(bundle), provisioner_of(static)) == 72


# --- the CA files, as the ceremony exports them ---------------------------------------------


def test_ca_files_are_the_files_the_ceremony_exports(example_bundle: Path, tmp_path: Path) -> None:
    """Traefik mounts the export's certs/ at /certs: every file it opens must be there."""
    require("openssl")
    ceremony = Ceremony(example_bundle, tmp_path, make_plan(load(EXAMPLE).spec))
    ceremony.run_all()
    static, dynamic = static_of(example_bundle), dynamic_of(example_bundle)
    compose = read_yaml(example_bundle / TRAEFIK / "compose.traefik.yml")
    ca_files = client_auth_of(dynamic)["caFiles"]
    opened = {
        *ca_files,
        *acme_of(static)["caCertificates"],
        compose["services"]["traefik"]["environment"]["LEGO_CA_CERTIFICATES"],
    }
    assert opened == {"/certs/root.pem", "/certs/intermediate.pem"}

    def exported(path: str) -> Path:
        assert path.startswith("/certs/")
        return ceremony.export / "certs" / path.removeprefix("/certs/")

    certs = {}
    for path in sorted(opened):
        data = exported(path).read_bytes()
        (certs[path],) = x509.load_pem_x509_certificates(data)  # exactly one, in PEM
    root, intermediate = certs["/certs/root.pem"], certs["/certs/intermediate.pem"]
    root.verify_directly_issued_by(root)
    intermediate.verify_directly_issued_by(root)
    done = subprocess.run(
        [
            "openssl",
            "verify",
            "-CAfile",
            str(exported("/certs/root.pem")),
            str(exported("/certs/intermediate.pem")),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    # step-ca signs with that intermediate: clients it issues chain to caFiles, which
    # hold no root (Traefik would admit the clients of any intermediate under it)
    assert ca_files == ["/certs/intermediate.pem"]
    assert client_auth_of(dynamic)["clientAuthType"] == "RequireAndVerifyClientCert"


# --- stricter than the schema ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "value", "where"),
    [
        (
            "key_type: EC256",
            "key_type: EC512",
            ("certificatesResolvers", RESOLVER, "acme", "keyType"),
        ),
        (
            "client_auth_type: RequireAndVerifyClientCert",
            "client_auth_type: Require",
            ("tls", "options", "mtls", "clientAuth", "clientAuthType"),
        ),
    ],
)
def test_pkispec_refuses_values_traefiks_schema_lets_through(
    example_bundle: Path, tmp_path: Path, line: str, value: str, where: tuple[str, ...]
) -> None:
    """Traefik's schemas take any string here, and Traefik itself takes an unknown key type
    for RSA4096 (GetKeyType) and fails on an unknown client auth type only when it builds
    the TLS option: the spec refuses both, exit 2, each at its line and column."""
    kind: Literal["static", "dynamic"] = "dynamic" if where[0] == "tls" else "static"
    document = static_of(example_bundle) if kind == "static" else dynamic_of(example_bundle)
    holder = document
    for key in where[:-1]:
        holder = holder[key]
    holder[where[-1]] = value.split(": ")[1]
    assert traefik_problems(document, "3", kind) == []

    spec = tmp_path / "bad.pki.yaml"
    spec.write_text(edited({line: value}), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "pkispec", "validate", str(spec)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2, done.stdout + done.stderr
    lines = spec.read_text(encoding="utf-8").splitlines()
    (number,) = [n for n, text in enumerate(lines, 1) if value in text]
    column = 1 + lines[number - 1].index(value.split(": ")[1])
    assert f"{spec}:{number}:{column}: error[PKI006]: " in done.stderr, done.stderr


@pytest.mark.parametrize("version", ["3.0", "3.1"])
def test_traefik_before_3_2_gets_no_ca_certificates(tmp_path: Path, version: str) -> None:
    """caCertificates came with Traefik 3.2; 3.0 and 3.1 refuse an unknown static key."""
    bundle = bundle_of(edited({'version: "3"': f'version: "{version}"'}), tmp_path)
    static = static_of(bundle)
    assert "caCertificates" not in acme_of(static)
    assert traefik_problems(static, "3", "static") == []
    compose = read_yaml(bundle / TRAEFIK / "compose.traefik.yml")
    assert compose["services"]["traefik"]["environment"] == {
        "LEGO_CA_CERTIFICATES": "/certs/root.pem"
    }
