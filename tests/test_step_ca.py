"""step-ca on the generated ca.json, issuing to lego and certbot over ACME, on loopback.

The ceremony makes the root and intermediate; the generated install script lays out a
scratch STEPPATH; the real step-ca starts on it, at both ends of the range pkispec
supports (the guide's 0.26.1 and the newest, built by tests/peers). DNS for the test
names comes from pebble-challtestsrv, which answers every A query with 127.0.0.1 and
serves the TXT records of dns-01. http-01 and tls-alpn-01 are validated on ports 80 and
443 of 127.0.0.1, as ACME requires.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from jwcrypto import jwa, jwe, jwk, jwt

from ceremony_run import Ceremony
from conftest import compile_text, materialize, require
from peers import EDGES, Edge, peer, release
from pkispec.plan import make_plan
from pkispec.spec import load
from servers import free_port, port_open, require_port, running

SPEC = """\
pkispec: 1
name: acmetest
subject: {{country: DE, organization: ACME Test}}
root:
  common_name: ACME Test Root CA
  key: {{type: ec, curve: secp256r1}}
  lifetime: 3650d
  crl: {{url: "http://crl.pkispec.test/crls/root.crl", validity: 180d, renew_every: 90d}}
intermediates:
  - name: intermediate
    common_name: ACME Test Intermediate CA
    key: {{type: ec, curve: secp256r1}}
    lifetime: 1825d
    name_constraints: {{permitted_dns: [pkispec.test, localhost]}}
ca_server:
  name: ACME Test CA
  dns_names: [localhost]
  address: "127.0.0.1:{port}"
  steppath: {steppath}
  version: {version}
  claims: {{default_tls_cert_duration: 24h}}
{database}  provisioners:
    - {{type: acme, name: acme, challenges: [http-01, dns-01, tls-alpn-01]}}
    - {{type: jwk, name: admin, admin: true}}
"""
ADMIN_PASSPHRASE = "the admin provisioner's passphrase"  # throwaway, as in a rehearsal


def step_spec(port: int, steppath: Path, database: str = "", edge: Edge = "newest") -> str:
    """SPEC for a step-ca on loopback, written for the release the test runs."""
    return SPEC.format(
        port=port, steppath=steppath, database=database, version=release("step-ca", edge).version
    )


@dataclass
class Server:
    url: str
    root: Path
    dns: str
    management: str
    work: Path
    edge: Edge = "newest"

    def get(self, path: str) -> bytes:
        context = ssl.create_default_context(cafile=str(self.root))
        with urllib.request.urlopen(self.url + path, context=context, timeout=10) as reply:
            return bytes(reply.read())


def install(work: Path, text: str, name: str = "ca") -> tuple[Ceremony, Path]:
    """Compile `text`, run its ceremony, lay out its STEPPATH; the ceremony and STEPPATH."""
    folder = work / name
    folder.mkdir()
    spec_file = folder / "spec.pki.yaml"
    spec_file.write_text(text, encoding="utf-8")
    bundle = materialize(compile_text(text, folder), folder / "bundle")
    ceremony = Ceremony(bundle, folder, make_plan(load(spec_file).spec))
    ceremony.run_all()
    return ceremony, bundle


def install_step_ca(
    ceremony: Ceremony, bundle: Path, steppath: Path, edge: Edge = "newest", **extra_env: str
) -> None:
    (ceremony.work / "admin.pass").write_text(ADMIN_PASSPHRASE + "\n", encoding="utf-8")
    env = {
        **ceremony.env,
        "STEPPATH": str(steppath),
        "PKISPEC_NO_CHOWN": "1",
        "PKISPEC_PROVISIONER_PASSFILE": str(ceremony.work / "admin.pass"),
        "PKISPEC_STEP_CA": str(peer("step-ca", edge)),
        **extra_env,
    }
    key = ceremony.path("intermediate", "private/intermediate.key")
    proc = subprocess.run(
        ["bash", str(bundle / "ca-server" / "install-step-ca.sh"), str(ceremony.export), str(key)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    modes = {
        name: oct((steppath / name).stat().st_mode & 0o777)
        for name in ("secrets", "secrets/intermediate_ca_key", "secrets/password", "config/ca.json")
    }
    assert modes == {
        "secrets": "0o750",
        "secrets/intermediate_ca_key": "0o440",
        "secrets/password": "0o440",
        "config/ca.json": "0o440",
    }


@contextmanager
def step_ca(
    steppath: Path,
    port: int,
    root: Path,
    dns: str = "",
    edge: Edge = "newest",
    *,
    env: dict[str, str] | None = None,
) -> Iterator[Server]:
    """step-ca on STEPPATH; without secrets/password (a key on a token) it starts with no
    --password-file, as the bundle's unit does then."""
    binary = peer("step-ca", edge)
    s = Server(f"https://localhost:{port}", root, dns, "", steppath.parent, edge)
    resolver = ["--resolver", dns] if dns else []
    password = steppath / "secrets" / "password"
    flags: list[str | Path] = ["--password-file", password] if password.exists() else []
    with running(
        "step-ca",
        [
            binary,
            *flags,
            *resolver,
            steppath / "config" / "ca.json",
        ],
        steppath.parent / f"step-ca-{port}.log",
        lambda: b"ok" in s.get("/health"),
        env={**os.environ, "STEPPATH": str(steppath), **(env or {})},
    ):
        yield s


@contextmanager
def challenge_dns(work: Path) -> Iterator[tuple[str, str]]:
    """pebble-challtestsrv: every A query answers 127.0.0.1; TXT records over HTTP."""
    tool = require("pebble-challtestsrv")
    dns_port, mgmt_port = free_port(), free_port()
    with running(
        "pebble-challtestsrv",
        [
            tool,
            "-dns01",
            f"127.0.0.1:{dns_port}",
            "-http01",
            "",
            "-https01",
            "",
            "-tlsalpn01",
            "",
            "-management",
            f"127.0.0.1:{mgmt_port}",
            "-defaultIPv4",
            "127.0.0.1",
            "-defaultIPv6",
            "",
        ],
        work / "challtestsrv.log",
        lambda: port_open(mgmt_port),
    ):
        yield f"127.0.0.1:{dns_port}", f"http://127.0.0.1:{mgmt_port}"


@pytest.fixture(
    scope="module", params=EDGES, ids=[release("step-ca", e).label.replace(" ", "-") for e in EDGES]
)
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    """The bundle's step-ca at each end of the supported range, with its ACME clients."""
    require("openssl")
    edge: Edge = request.param
    work = tmp_path_factory.mktemp("stepca")
    port = free_port()
    ceremony, bundle = install(work, step_spec(port, work / "step", edge=edge))
    install_step_ca(ceremony, bundle, work / "step", edge)
    with (
        challenge_dns(work) as (dns, management),
        step_ca(work / "step", port, ceremony.export / "certs" / "root.pem", dns, edge) as s,
    ):
        s.management = management
        yield s


def test_roots_pem_is_the_ceremonys_root(server: Server) -> None:
    assert server.get("/roots.pem").strip() == server.root.read_bytes().strip()


def test_the_acme_directory_is_served(server: Server) -> None:
    directory = json.loads(server.get("/acme/acme/directory"))
    assert directory["newOrder"].startswith(server.url)


def verify_issued(server: Server, pem: Path, name: str) -> None:
    """The chain verifies to the root, and the leaf lasts 24h plus step-ca's 1m backdate."""
    certs = x509.load_pem_x509_certificates(pem.read_bytes())
    assert len(certs) == 2, "leaf and intermediate"
    leaf = certs[0]
    proc = subprocess.run(
        ["openssl", "verify", "-CAfile", str(server.root), "-untrusted", str(pem), str(pem)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    san = leaf.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert san.get_values_for_type(x509.DNSName) == [name]
    # forceCN: without it certbot's and lego's certificates have an empty subject
    assert leaf.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == name
    lifetime = leaf.not_valid_after_utc - leaf.not_valid_before_utc
    assert lifetime == dt.timedelta(hours=24, minutes=1)


def lego(server: Server, name: str, *challenge: str, **extra_env: str) -> Path:
    tool = require("lego")
    folder = server.work / f"lego-{name}"
    env = {
        **os.environ,
        **extra_env,
        "LEGO_CA_CERTIFICATES": str(server.root),
        "EXEC_POLLING_INTERVAL": "1",
        "EXEC_PROPAGATION_TIMEOUT": "20",
        "EXEC_SEQUENCE_INTERVAL": "1",
    }
    proc = subprocess.run(
        [
            tool,
            "--accept-tos",
            "--email",
            "test@pkispec.test",
            "--server",
            f"{server.url}/acme/acme/directory",
            "--path",
            str(folder),
            "--domains",
            name,
            *challenge,
            "run",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return folder / "certificates" / f"{name}.crt"


def test_lego_http_01(server: Server) -> None:
    require_port(80, "ACME validates http-01 there")
    pem = lego(server, "http.pkispec.test", "--http", "--http.port", "127.0.0.1:80")
    verify_issued(server, pem, "http.pkispec.test")


def test_lego_tls_alpn_01(server: Server) -> None:
    require_port(443, "ACME validates tls-alpn-01 there")
    pem = lego(server, "tls.pkispec.test", "--tls", "--tls.port", "127.0.0.1:443")
    verify_issued(server, pem, "tls.pkispec.test")


def test_lego_dns_01(server: Server) -> None:
    hook = server.work / "dns-hook"
    hook.write_text(
        f"#!{sys.executable}\n"
        "import json, sys, urllib.request\n"
        "action, fqdn, value = sys.argv[1:4]\n"
        "path = '/set-txt' if action == 'present' else '/clear-txt'\n"
        "body = json.dumps({'host': fqdn, 'value': value}).encode()\n"
        f"urllib.request.urlopen({server.management!r} + path, body, timeout=10)\n",
        encoding="utf-8",
    )
    hook.chmod(0o755)
    pem = lego(
        server,
        "dns.pkispec.test",
        "--dns",
        "exec",
        "--dns.resolvers",
        server.dns,
        "--dns.disable-cp",
        EXEC_PATH=str(hook),
    )
    verify_issued(server, pem, "dns.pkispec.test")


def test_certbot_http_01(server: Server) -> None:
    tool = require("certbot")
    require_port(80, "ACME validates http-01 there")
    folder = server.work / "certbot"
    proc = subprocess.run(
        [
            tool,
            "certonly",
            "--standalone",
            "--non-interactive",
            "--agree-tos",
            "--register-unsafely-without-email",
            "--server",
            f"{server.url}/acme/acme/directory",
            "--http-01-address",
            "127.0.0.1",
            "--http-01-port",
            "80",
            "-d",
            "certbot.pkispec.test",
            "--config-dir",
            str(folder / "config"),
            "--work-dir",
            str(folder / "work"),
            "--logs-dir",
            str(folder / "logs"),
        ],
        env={**os.environ, "REQUESTS_CA_BUNDLE": str(server.root)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    pem = folder / "config" / "live" / "certbot.pkispec.test" / "fullchain.pem"
    verify_issued(server, pem, "certbot.pkispec.test")


# --- the admin JWK provisioner: client certificates, CSRs, passive revocation ------------


def admin_key(server: Server) -> jwk.JWK:
    """The admin provisioner's private key, decrypted as `step ca token` does, by jwcrypto
    (an implementation independent of the one that encrypted it)."""
    config = json.loads((server.work / "step" / "config" / "ca.json").read_text())
    entry = next(p for p in config["authority"]["provisioners"] if p["name"] == "admin")
    envelope = jwe.JWE()
    envelope.deserialize(entry["encryptedKey"], key=jwk.JWK.from_password(ADMIN_PASSPHRASE))
    private = jwk.JWK.from_json(envelope.payload)
    public = {k: entry["key"][k] for k in ("kty", "crv", "x", "y")}
    assert json.loads(private.export_public()) | public == json.loads(private.export_public())
    assert private.thumbprint() == entry["key"]["kid"]
    return private


def token(
    server: Server, key: jwk.JWK, audience: str, subject: str, sans: list[str] | None = None
) -> str:
    now = int(time.time())
    claims: dict[str, object] = {
        "iss": "admin",
        "aud": server.url + audience,
        "sub": subject,
        "iat": now,
        "nbf": now,
        "exp": now + 300,
        "jti": uuid.uuid4().hex,
    }
    if sans is not None:
        claims["sans"] = sans
    signed = jwt.JWT(header={"alg": "ES256", "kid": key["kid"], "typ": "JWT"}, claims=claims)
    signed.make_signed_token(key)
    return str(signed.serialize())


def post(
    server: Server, path: str, body: dict[str, object], client: tuple[Path, Path] | None = None
) -> tuple[int, dict[str, object]]:
    context = ssl.create_default_context(cafile=str(server.root))
    if client is not None:
        context.load_cert_chain(str(client[0]), str(client[1]))
    request = urllib.request.Request(
        server.url + path, json.dumps(body).encode(), {"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, context=context, timeout=10) as reply:
            return reply.status, json.loads(reply.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"{}")


def sign(
    server: Server, key: jwk.JWK, name: str, private: ec.EllipticCurvePrivateKey
) -> x509.Certificate:
    csr = (
        x509.CertificateSigningRequestBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)]))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
        .sign(private, hashes.SHA256())
    )
    status, body = post(
        server,
        "/1.0/sign",
        {
            "csr": csr.public_bytes(serialization.Encoding.PEM).decode(),
            "ott": token(server, key, "/1.0/sign", name, [name]),
        },
    )
    assert status == 201, body
    return x509.load_pem_x509_certificate(str(body["crt"]).encode())


def save(
    folder: Path, cert: x509.Certificate, private: ec.EllipticCurvePrivateKey
) -> tuple[Path, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    crt, key = folder / "cert.pem", folder / "key.pem"
    crt.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key.write_bytes(
        private.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return crt, key


@pytest.fixture(scope="module")
def admin(server: Server) -> Iterator[jwk.JWK]:
    with pytest.MonkeyPatch.context() as patch:
        # jwcrypto caps PBKDF2 at 16,384 rounds; step writes and reads 100,000
        patch.setattr(jwa, "default_max_pbkdf2_iterations", 100_000)
        yield admin_key(server)


def test_admin_provisioner_issues_a_device_certificate(server: Server, admin: jwk.JWK) -> None:
    """The guide's `step ca certificate "My Android Phone"`, as the step CLI does it."""
    private = ec.generate_private_key(ec.SECP256R1())
    cert = sign(server, admin, "android.pkispec.test", private)
    crt, _ = save(server.work / "android", cert, private)
    chain = server.work / "step" / "certs" / "intermediate_ca.crt"
    proc = subprocess.run(
        ["openssl", "verify", "-CAfile", str(server.root), "-untrusted", str(chain), str(crt)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert cert.not_valid_after_utc - cert.not_valid_before_utc == dt.timedelta(hours=24, minutes=1)


def test_admin_provisioner_signs_a_p384_csr(server: Server, admin: jwk.JWK) -> None:
    """The guide's `step ca sign desktop.csr` for the Windows TPM request (ECDSA_P384)."""
    cert = sign(server, admin, "desktop.pkispec.test", ec.generate_private_key(ec.SECP384R1()))
    assert cert.public_key().curve.name == "secp384r1"  # type: ignore[union-attr]


def test_a_wrong_provisioner_passphrase_cannot_open_the_key(server: Server, admin: jwk.JWK) -> None:
    config = json.loads((server.work / "step" / "config" / "ca.json").read_text())
    entry = next(p for p in config["authority"]["provisioners"] if p["name"] == "admin")
    with pytest.raises(jwe.InvalidJWEData):
        jwe.JWE().deserialize(entry["encryptedKey"], key=jwk.JWK.from_password("wrong"))


def device(server: Server, key: jwk.JWK, uri: str) -> tuple[Path, Path]:
    """A device certificate with one URI SAN, as issue-certificate.py asks for it."""
    private = ec.generate_private_key(ec.SECP256R1())
    csr = (
        x509.CertificateSigningRequestBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "A Device")]))
        .add_extension(
            x509.SubjectAlternativeName([x509.UniformResourceIdentifier(uri)]), critical=False
        )
        .sign(private, hashes.SHA256())
    )
    status, body = post(
        server,
        "/1.0/sign",
        {
            "csr": csr.public_bytes(serialization.Encoding.PEM).decode(),
            "ott": token(server, key, "/1.0/sign", "A Device", [uri]),
        },
    )
    assert status == 201, body
    cert = x509.load_pem_x509_certificate(str(body["crt"]).encode())
    return save(server.work / uri.replace("/", "_").replace(":", "_"), cert, private)


def test_step_ca_renews_a_device_named_as_the_bundle_names_it(
    server: Server, admin: jwk.JWK
) -> None:
    """Renewal is mTLS to step-ca, whose Go 1.26 verifier reads the device's URI."""
    status, body = post(
        server,
        "/1.0/renew",
        {},
        client=device(server, admin, "pkispec://localhost/client/a-device"),
    )
    assert status == 201, body


def test_step_ca_cannot_renew_a_device_uri_without_a_host(server: Server, admin: jwk.JWK) -> None:
    """How pkispec named devices before: step-ca signs it, but built with Go 1.26 (as here)
    refuses it in the mTLS handshake under the intermediate's name constraints, so the
    device could never renew."""
    hostless = device(server, admin, "urn:pkispec:acmetest:a-device")
    # the alert reaches the client at its first read, or the connection just ends
    with pytest.raises(
        (ssl.SSLError, urllib.error.URLError), match=r"BAD_CERTIFICATE|EOF occurred"
    ):
        post(server, "/1.0/renew", {}, client=hostless)


def test_a_revoked_certificate_cannot_be_renewed(server: Server, admin: jwk.JWK) -> None:
    """Passive revocation, the guide's answer to short-lived certificates."""
    kept_key, gone_key = (ec.generate_private_key(ec.SECP256R1()) for _ in range(2))
    kept = save(server.work / "kept", sign(server, admin, "kept.pkispec.test", kept_key), kept_key)
    gone_cert = sign(server, admin, "gone.pkispec.test", gone_key)
    gone = save(server.work / "gone", gone_cert, gone_key)

    status, _ = post(server, "/1.0/renew", {}, client=kept)
    assert status == 201, "renewal works for a certificate that is not revoked"
    serial = str(gone_cert.serial_number)
    status, body = post(
        server,
        "/1.0/revoke",
        {
            "serial": serial,
            "ott": token(server, admin, "/1.0/revoke", serial),
            "passive": True,
            "reasonCode": 1,
            "reason": "key compromise",
        },
    )
    assert status == 200, body
    status, body = post(server, "/1.0/renew", {}, client=gone)
    assert status in (401, 403), body


# --- two step-ca instances behind one name, on one MariaDB -------------------------------

MYSQL = "  database: {type: mysql, database: stepca, dsn_file: /etc/step/mysql.dsn}\n"


@contextmanager
def mariadb(work: Path) -> Iterator[str]:
    """A private MariaDB on loopback (no grant tables: any user gets in); its DSN."""
    server, install_db = require("mariadbd"), require("mariadb-install-db")
    data, port = work / "mysql", free_port()
    subprocess.run(
        [
            install_db,
            "--no-defaults",
            f"--datadir={data}",
            "--user=root",
            "--skip-test-db",
            "--auth-root-authentication-method=normal",
        ],
        check=True,
        capture_output=True,
    )
    with running(
        "mariadbd",
        [
            server,
            "--no-defaults",
            f"--datadir={data}",
            f"--socket={data}/mysqld.sock",
            f"--port={port}",
            "--bind-address=127.0.0.1",
            "--user=root",
            "--skip-grant-tables",
            "--skip-name-resolve",
            f"--pid-file={data}/mysqld.pid",
        ],
        work / "mariadbd.log",
        lambda: port_open(port),
        timeout=60,
    ):
        yield f"root@tcp(127.0.0.1:{port})/"


def stored_serials(dsn: str) -> set[str]:
    """The serial numbers in step-ca's certificate table, read with MariaDB's own client."""
    port = dsn.rsplit(":", maxsplit=1)[-1].split(")", maxsplit=1)[0]
    proc = subprocess.run(
        [
            require("mariadb"),
            "--protocol=tcp",
            "-h",
            "127.0.0.1",
            "-P",
            port,
            "-u",
            "root",
            "-N",
            "-e",
            "SELECT nkey FROM stepca.x509_certs",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return set(proc.stdout.split())


def test_two_instances_share_one_mariadb(tmp_path: Path) -> None:
    """Both issue with the one admin key; each knows what the other did."""
    require("openssl")
    ports = free_port(), free_port()
    texts = [
        step_spec(port, tmp_path / name / "step", MYSQL)
        for port, name in zip(ports, ("a", "b"), strict=True)
    ]
    ceremony, bundle_a = install(tmp_path, texts[0], "a")
    (tmp_path / "b").mkdir()
    bundle_b = materialize(compile_text(texts[1], tmp_path / "b"), tmp_path / "b" / "bundle")
    root = ceremony.export / "certs" / "root.pem"
    with mariadb(tmp_path) as dsn:
        install_step_ca(ceremony, bundle_a, tmp_path / "a" / "step", PKISPEC_DSN=dsn)
        first = tmp_path / "a" / "step" / "config" / "ca.json"
        install_step_ca(
            ceremony,
            bundle_b,
            tmp_path / "b" / "step",
            PKISPEC_DSN=dsn,
            PKISPEC_PROVISIONERS_FROM=str(first),
        )
        for name in ("a", "b"):
            config = json.loads((tmp_path / name / "step" / "config" / "ca.json").read_text())
            assert config["db"] == {"type": "mysql", "dataSource": dsn, "database": "stepca"}
        with (
            step_ca(tmp_path / "a" / "step", ports[0], root) as a,
            step_ca(tmp_path / "b" / "step", ports[1], root) as b,
            pytest.MonkeyPatch.context() as patch,
        ):
            patch.setattr(jwa, "default_max_pbkdf2_iterations", 100_000)
            admin = admin_key(a)
            assert admin.thumbprint() == admin_key(b).thumbprint(), "one key on both hosts"
            x_key, y_key = (ec.generate_private_key(ec.SECP256R1()) for _ in range(2))
            x = sign(a, admin, "x.pkispec.test", x_key)
            y = sign(b, admin, "y.pkispec.test", y_key)
            assert {str(x.serial_number), str(y.serial_number)} <= stored_serials(dsn)
            serial = str(x.serial_number)
            status, body = post(
                b,
                "/1.0/revoke",
                {
                    "serial": serial,
                    "ott": token(b, admin, "/1.0/revoke", serial),
                    "passive": True,
                    "reasonCode": 0,
                    "reason": "test",
                },
            )
            assert status == 200, body
            status, _ = post(a, "/1.0/renew", {}, client=save(tmp_path / "y", y, y_key))
            assert status == 201, "a renews a certificate that b issued"
            status, body = post(a, "/1.0/renew", {}, client=save(tmp_path / "x", x, x_key))
            assert status in (401, 403), body


def test_install_refuses_a_step_ca_older_than_the_spec_targets(tmp_path: Path) -> None:
    """ca.json for the newest release on the oldest binary could be half-read: refused."""
    require("openssl")
    old, new = release("step-ca", "oldest"), release("step-ca", "newest")
    ceremony, bundle = install(tmp_path, step_spec(free_port(), tmp_path / "step"))
    key = ceremony.path("intermediate", "private/intermediate.key")
    proc = subprocess.run(
        ["bash", str(bundle / "ca-server" / "install-step-ca.sh"), str(ceremony.export), str(key)],
        env={
            **ceremony.env,
            "STEPPATH": str(tmp_path / "step"),
            "PKISPEC_NO_CHOWN": "1",
            "PKISPEC_STEP_CA": str(peer("step-ca", "oldest")),
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1
    assert f"is step-ca {old.version}, older than {new.version}" in proc.stderr
    # (step-ca itself makes an empty STEPPATH when asked for its version)
    written = [p for p in (tmp_path / "step").rglob("*")] if (tmp_path / "step").exists() else []
    assert written == [], "nothing is written before the checks pass"
