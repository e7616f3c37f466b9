"""Caddy and nginx on the generated edge files, with certificates from the real step-ca.

A ceremony makes the root and intermediate; the newest step-ca (tests/peers) issues from
it, with pebble-challtestsrv as its DNS so every test name is 127.0.0.1. Caddy imports the
bundle's Caddyfile unchanged and gets its certificate over ACME, as Debian's 2.6 (an older
Go) and as the newest release (Go 1.26, whose name-constraint check is stricter); nginx
serves the bundle's port-80 site while the bundle's obtain-certificate.sh runs certbot
through it, then the bundle's mTLS site, with the CRLs that the bundle's refresh script
fetched and checked (the root's from the ceremony over http, the intermediate's over https
from a server with a step-ca certificate for `localhost`, where step-ca serves its own).
Clients come from step-ca's JWK provisioner (URI SANs named as the bundle names devices,
outside the intermediate's DNS constraints) and from a throwaway openssl CA. Every server
listens on 127.0.0.1 only and stops at the end.

The nginx files are the bundle's except for their `listen` lines, which say 443 and [::]:443
(every interface): the copies nginx runs listen on 127.0.0.1 instead, and `nginx -t` checks
the files as shipped.
"""

from __future__ import annotations

import datetime as dt
import grp
import http.client
import os
import pwd
import shutil
import socket
import ssl
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import NamedTuple

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from jwcrypto import jwa, jwk

from ceremony_run import Ceremony
from conftest import compile_text, materialize, require
from peers import EDGES, Edge, peer, release
from servers import free_port, require_port, running
from test_step_ca import (
    Server,
    admin_key,
    challenge_dns,
    install,
    install_step_ca,
    post,
    step_ca,
    token,
)
from test_step_cli import runbook_step_lines, with_passfile

NAME = "edgetest"
P12_PASSPHRASE = "the tool phone's p12 passphrase"  # throwaway
CADDY_NAME = "caddy.pkispec.test"
NGINX_NAME = "nginx.pkispec.test"
CRL_UNIT = f"pkispec-{NAME}-nginx-crls"
MARKER = "pkispec upstream says hello"
SPEC = """\
pkispec: 1
name: {name}
subject: {{country: DE, organization: Edge Test}}
root:
  common_name: Edge Test Root CA
  key: {{type: ec, curve: secp256r1}}
  lifetime: 3650d
  crl: {{url: "http://crl.pkispec.test/crls/root.crl", validity: 180d, renew_every: 90d}}
intermediates:
  - name: intermediate
    common_name: Edge Test Intermediate CA
    key: {{type: ec, curve: secp256r1}}
    lifetime: 1825d
    name_constraints:          # the example's, with the test's domains
      permitted_dns: [pkispec.test, localhost]
      permitted_ip: [10.0.0.0/8, 192.168.0.0/16, "fd00::/8"]
ca_server:
  name: Edge Test CA
  dns_names: [localhost]
  address: "127.0.0.1:{port}"
  steppath: {steppath}
  version: {version}
{crl}  claims: {{default_tls_cert_duration: 24h}}
  provisioners:
    - {{type: acme, name: acme, challenges: [http-01, dns-01, tls-alpn-01]}}
    - {{type: jwk, name: admin, admin: true}}
clients:
  - {{kind: pkcs12, name: Tool Phone, platform: android, provisioner: admin}}
  - {{kind: pkcs12, name: Step Phone, platform: android, provisioner: admin}}
proxies:
  caddy:
    server_name: {caddy_name}
    upstream: "{upstream}"
    provisioner: acme
    mtls: {mtls}
    certs_dir: {caddy_dir}
  nginx:
    server_name: {nginx_name}
    upstream: "{upstream}"
    provisioner: acme
    mtls: {mtls}
    certs_dir: {nginx_dir}
    ipv6: {ipv6}
"""


def spec_text(work: Path, *, port: int, upstream: str, mtls: bool = True, ipv6: bool = True) -> str:
    """The spec of the newest step-ca, with its own CRL (which nginx needs)."""
    return SPEC.format(
        name=NAME,
        port=port,
        steppath=work / "step",
        upstream=upstream,
        version=release("step-ca").version,
        crl="  crl: {}\n",
        mtls=str(mtls).lower(),
        ipv6=str(ipv6).lower(),
        caddy_name=CADDY_NAME,
        nginx_name=NGINX_NAME,
        caddy_dir=work / "caddy-certs",
        nginx_dir=work / "nginx-certs",
    )


def run(
    cmd: list[str | Path], *, env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(c) for c in cmd],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def no_proxy_env(**extra: str) -> dict[str, str]:
    """The environment without proxy settings: every request here stays on loopback."""
    return {**{k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}, **extra}


# --- a loopback HTTP server: the upstream, and the CRLs the refresh script fetches --------


class _Http(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, tls: ssl.SSLContext | None) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        if tls is not None:
            self.socket = tls.wrap_socket(self.socket, server_side=True)
        self.files: dict[str, bytes] = {}
        self.subjects: list[str] = []  # X-Client-Subject of every upstream request

    @property
    def port(self) -> int:
        return int(self.server_address[1])


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        server = self.server
        assert isinstance(server, _Http)
        if self.path in server.files:
            body, kind = server.files[self.path], "application/pkix-crl"
        else:
            subject = self.headers.get("X-Client-Subject", "")
            server.subjects.append(subject)
            body, kind = f"{MARKER}\nX-Client-Subject: {subject}\n".encode(), "text/plain"
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def http_server(tls: ssl.SSLContext | None = None) -> Iterator[_Http]:
    server = _Http(tls)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


# --- clients -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Client:
    cert: Path
    key: Path
    serial: int
    subject: str


def write_client(
    folder: Path, cert: x509.Certificate, private: ec.EllipticCurvePrivateKey
) -> Client:
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
    cn = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value
    return Client(crt, key, cert.serial_number, str(cn))


def step_sign(
    server: Server, admin: jwk.JWK, cn: str, san: x509.GeneralName
) -> tuple[x509.Certificate, str, ec.EllipticCurvePrivateKey]:
    """A certificate from the JWK provisioner, as `step ca certificate` gets one: the
    certificate, the intermediate (PEM) and the new key."""
    private = ec.generate_private_key(ec.SECP256R1())
    csr = (
        x509.CertificateSigningRequestBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)]))
        .add_extension(x509.SubjectAlternativeName([san]), critical=False)
        .sign(private, hashes.SHA256())
    )
    status, body = post(
        server,
        "/1.0/sign",
        {
            "csr": csr.public_bytes(serialization.Encoding.PEM).decode(),
            "ott": token(server, admin, "/1.0/sign", cn, [str(san.value)]),
        },
    )
    assert status == 201, body
    cert = x509.load_pem_x509_certificate(str(body["crt"]).encode())
    assert cert.extensions.get_extension_for_class(
        x509.SubjectAlternativeName
    ).value == x509.SubjectAlternativeName([san])
    return cert, str(body["ca"]), private


def step_client(
    server: Server, admin: jwk.JWK, name: str, uri: str = "pkispec://localhost/client/{name}"
) -> Client:
    """A client certificate with a URI SAN, named as devices/issue-certificate.py names
    them (the intermediate constrains DNS names only)."""
    san = x509.UniformResourceIdentifier(uri.format(name=name))
    cert, _, private = step_sign(server, admin, f"client-{name}", san)
    return write_client(server.work / "clients" / name, cert, private)


def device_tool_client(bundle: Path, ceremony: Ceremony, folder: Path) -> Client:
    """The bundle's issue-certificate.py, run as the runbook says, by Debian's Python: the
    .p12 it writes, opened with its passphrase."""
    folder.mkdir(parents=True)
    (folder / "p12.pass").write_text(P12_PASSPHRASE + "\n", encoding="utf-8")
    env = no_proxy_env(
        PKISPEC_PROVISIONER_PASSFILE=str(ceremony.work / "admin.pass"),
        PKISPEC_P12_PASSFILE=str(folder / "p12.pass"),
    )
    done = run(
        [
            "/usr/bin/python3",
            bundle / "devices" / "issue-certificate.py",
            "tool-phone",
            "--root",
            ceremony.export / "certs" / "root.pem",
            "--out",
            folder,
        ],
        env=env,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    p12 = pkcs12.load_pkcs12((folder / "tool-phone.p12").read_bytes(), P12_PASSPHRASE.encode())
    assert p12.cert is not None and isinstance(p12.key, ec.EllipticCurvePrivateKey)
    return write_client(folder, p12.cert.certificate, p12.key)


def step_cli_client(bundle: Path, ceremony: Ceremony, folder: Path) -> Client:
    """The runbook's step CLI lines for "Step Phone", typed on an admin machine that holds
    the export's certs/: bootstrap, then the device's certificate."""
    shutil.copytree(ceremony.export / "certs", folder / "certs")
    lines = runbook_step_lines((bundle / "RUNBOOK.md").read_text(encoding="utf-8"))
    wanted = [
        line
        for line in lines
        if line.startswith("step ca bootstrap")
        or line.startswith("step ca certificate 'Step Phone'")
    ]
    assert len(wanted) == 2, lines
    root = x509.load_pem_x509_certificate((folder / "certs" / "root.pem").read_bytes())
    env = no_proxy_env(
        STEPPATH=str(folder / "step"),
        HOME=str(folder),
        FINGERPRINT=root.fingerprint(hashes.SHA256()).hex(),
        OUT=".",
    )
    env["PATH"] = f"{peer('step').parent}:{env['PATH']}"
    for line in wanted:
        done = run(
            [
                "bash",
                "-c",
                with_passfile(line).replace("admin.pass", str(ceremony.work / "admin.pass")),
            ],
            env=env,
            cwd=folder,
        )
        assert done.returncode == 0, line + "\n" + done.stdout + done.stderr
    cert = x509.load_pem_x509_certificate((folder / "step-phone.crt").read_bytes())
    key = serialization.load_pem_private_key((folder / "step-phone.key").read_bytes(), None)
    assert isinstance(key, ec.EllipticCurvePrivateKey)
    return write_client(folder / "pem", cert, key)


def openssl_client(folder: Path) -> Client:
    """A client certificate from a throwaway CA made with openssl, trusted by nobody here."""
    openssl = require("openssl")
    folder.mkdir(parents=True)
    ca_key, ca_pem = folder / "ca.key", folder / "ca.pem"
    key, csr, pem, ext = (folder / n for n in ("key.pem", "client.csr", "cert.pem", "ext"))
    ext.write_text(
        "basicConstraints = critical, CA:FALSE\nkeyUsage = critical, "
        "digitalSignature\nextendedKeyUsage = clientAuth\n"
        "subjectAltName = URI:pkispec://localhost/client/other\n",
        encoding="utf-8",
    )
    commands: list[list[str | Path]] = [
        [
            openssl,
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-noenc",
            "-keyout",
            ca_key,
            "-out",
            ca_pem,
            "-days",
            "2",
            "-subj",
            "/CN=Some Other CA",
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,keyCertSign,cRLSign",
        ],
        [
            openssl,
            "req",
            "-new",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-noenc",
            "-keyout",
            key,
            "-out",
            csr,
            "-subj",
            "/CN=client-other",
        ],
        [
            openssl,
            "x509",
            "-req",
            "-in",
            csr,
            "-CA",
            ca_pem,
            "-CAkey",
            ca_key,
            "-set_serial",
            "0x5e11",
            "-days",
            "1",
            "-extfile",
            ext,
            "-out",
            pem,
        ],
    ]
    for cmd in commands:
        done = run(cmd)
        assert done.returncode == 0, done.stderr
    return Client(pem, key, 0x5E11, "client-other")


@dataclass(frozen=True)
class Reply:
    status: int | None  # None: the TLS handshake or the connection was refused
    body: str = ""
    error: str = ""


def https_get(
    name: str, root: Path, client: Client | None = None, *, sni: str | None = None
) -> Reply:
    """GET / from 127.0.0.1:443 as `name`, trusting only `root`, with or without a client
    certificate. A refusal during the handshake (TLS 1.3: at the first read) is a Reply
    without status."""
    context = ssl.create_default_context(cafile=str(root))
    if client is not None:
        context.load_cert_chain(str(client.cert), str(client.key))
    if sni is not None:
        context.check_hostname = False
    request = f"GET / HTTP/1.1\r\nHost: {name}\r\nConnection: close\r\n\r\n".encode()
    try:
        with (
            socket.create_connection(("127.0.0.1", 443), timeout=10) as raw,
            context.wrap_socket(raw, server_hostname=sni or name) as tls,
        ):
            tls.sendall(request)
            response = http.client.HTTPResponse(tls)
            try:
                response.begin()
                return Reply(response.status, response.read().decode())
            finally:
                response.close()
    except (ssl.SSLError, ConnectionResetError, http.client.RemoteDisconnected) as exc:
        return Reply(None, error=str(exc))


def served_leaf(name: str, root: Path) -> x509.Certificate:
    """The certificate for `name` on 127.0.0.1:443, verified up to `root`."""
    context = ssl.create_default_context(cafile=str(root))
    with (
        socket.create_connection(("127.0.0.1", 443), timeout=5) as raw,
        context.wrap_socket(raw, server_hostname=name) as tls,
    ):
        der = tls.getpeercert(binary_form=True)
    assert der is not None
    return x509.load_der_x509_certificate(der)


# --- the PKI: ceremony, step-ca, DNS, upstream, CRL server, clients ------------------------


@dataclass
class Pki:
    work: Path
    ceremony: Ceremony
    edge: Path  # the bundle: step-ca's install and the proxies' files
    step: Server
    upstream: _Http  # what the proxies proxy to
    root_crl: _Http  # http://127.0.0.1:PORT/root.crl, as the CRL site serves it
    step_crl: _Http  # https://localhost:PORT/step.crl, as step-ca 0.23 serves its own
    good: Client
    revoked: Client
    other: Client
    hostless: Client  # named as pkispec named devices before: a URI without a host
    tool: Client  # from the bundle's devices/issue-certificate.py (a .p12)
    stepcli: Client  # from the runbook's `step ca certificate` line
    intermediate_key: ec.EllipticCurvePrivateKey = field(repr=False)

    @property
    def root(self) -> Path:
        return self.ceremony.export / "certs" / "root.pem"

    @property
    def intermediate(self) -> x509.Certificate:
        pem = self.ceremony.export / "certs" / "intermediate.pem"
        return x509.load_pem_x509_certificate(pem.read_bytes())

    def copy_certs(self, folder: Path) -> None:
        """What an operator copies from the export into a proxy's certs_dir."""
        folder.mkdir(exist_ok=True)
        for name in ("root.pem", "intermediate.pem"):
            shutil.copyfile(self.ceremony.export / "certs" / name, folder / name)


#: the clients every proxy must admit: made as the tests' step_sign does, by the bundle's
#: device tool, and by the runbook's step CLI line
CLIENTS_OF_THE_CA = ["good", "tool", "stepcli"]


def localhost_tls(server: Server, admin: jwk.JWK) -> ssl.SSLContext:
    """A TLS server context for `localhost` with a certificate from step-ca: step-ca's own
    name in the spec, so the refresh script fetches its CRL the way it would from step-ca."""
    cert, intermediate, private = step_sign(server, admin, "localhost", x509.DNSName("localhost"))
    files = write_client(server.work / "crl-server", cert, private)
    with files.cert.open("a", encoding="utf-8") as chain:
        chain.write(intermediate)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(str(files.cert), str(files.key))
    return context


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pki]:
    require("openssl")
    work = tmp_path_factory.mktemp("edge")
    port = free_port()
    with ExitStack() as stack:
        upstream = stack.enter_context(http_server())
        root_crl = stack.enter_context(http_server())
        text = spec_text(work, port=port, upstream=f"127.0.0.1:{upstream.port}")
        ceremony, edge = install(work, text, "ca")
        bundle = edge
        install_step_ca(ceremony, bundle, work / "step")
        key = ceremony.path("intermediate", "private/intermediate.key").read_bytes()
        private = serialization.load_pem_private_key(key, ceremony.passphrase("intermediate"))
        assert isinstance(private, ec.EllipticCurvePrivateKey)
        dns, _ = stack.enter_context(challenge_dns(work))
        server = stack.enter_context(
            step_ca(work / "step", port, ceremony.export / "certs" / "root.pem", dns)
        )
        patch = stack.enter_context(pytest.MonkeyPatch.context())
        # jwcrypto caps PBKDF2 at 16,384 rounds; step writes and reads 100,000
        patch.setattr(jwa, "default_max_pbkdf2_iterations", 100_000)
        admin = admin_key(server)
        step_crl = stack.enter_context(http_server(localhost_tls(server, admin)))
        yield Pki(
            work,
            ceremony,
            edge,
            server,
            upstream,
            root_crl,
            step_crl,
            step_client(server, admin, "good"),
            step_client(server, admin, "revoked"),
            openssl_client(work / "clients" / "other"),
            step_client(server, admin, "hostless", "urn:pkispec:{name}"),
            device_tool_client(bundle, ceremony, work / "clients" / "tool-phone"),
            step_cli_client(bundle, ceremony, work / "clients" / "step-phone"),
            private,
        )


def listeners(port: int) -> list[str]:
    """The addresses something listens on at TCP `port` (this network namespace)."""
    found = []
    for table, family in (("/proc/net/tcp", socket.AF_INET), ("/proc/net/tcp6", socket.AF_INET6)):
        path = Path(table)
        lines = path.read_text().splitlines()[1:] if path.exists() else []
        for line in lines:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                raw = b"".join(
                    bytes.fromhex(address[i : i + 8])[::-1] for i in range(0, len(address), 8)
                )
                found.append(socket.inet_ntop(family, raw))
    return found


def on_loopback_only(*ports: int) -> None:
    for port in ports:
        found = listeners(port)
        assert found, f"nothing listens on {port}"
        assert all(a.startswith("127.") for a in found), f"port {port}: {found}"


# --- Caddy -----------------------------------------------------------------------------------


def caddyfile(run_dir: Path, bundle: Path) -> Path:
    """Global options around the bundle's Caddyfile, which is imported unchanged."""
    run_dir.mkdir()
    conf = run_dir / "Caddyfile"
    conf.write_text(
        f"""\
{{
	admin off
	default_bind 127.0.0.1
	storage file_system {{
		root {run_dir}/data
	}}
}}

import {bundle}/edge/caddy/Caddyfile
""",
        encoding="utf-8",
    )
    return conf


def caddy_env(run_dir: Path) -> dict[str, str]:
    return no_proxy_env(
        HOME=str(run_dir),
        XDG_DATA_HOME=str(run_dir / "data"),
        XDG_CONFIG_HOME=str(run_dir / "config"),
    )


@pytest.fixture(
    scope="class", params=EDGES, ids=[release("caddy", e).label.replace(" ", "-") for e in EDGES]
)
def caddy_edge(request: pytest.FixtureRequest) -> Edge:
    edge: Edge = request.param
    return edge


@pytest.fixture(scope="class")
def caddy(pki: Pki, caddy_edge: Edge) -> Iterator[Pki]:
    tool = peer("caddy", caddy_edge)
    require_port(80, "Caddy answers http-01 there")
    require_port(443, "Caddy serves there and answers tls-alpn-01")
    pki.copy_certs(pki.work / "caddy-certs")
    conf = caddyfile(pki.work / f"caddy-{caddy_edge}", pki.edge)
    with running(
        "caddy",
        [tool, "run", "--adapter", "caddyfile", "--config", conf],
        conf.parent / "caddy.log",
        lambda: bool(served_leaf(CADDY_NAME, pki.root)),
        env=caddy_env(conf.parent),
        timeout=90,
    ):
        yield pki


class Variant(NamedTuple):
    mtls: bool = True
    upstream: str | None = None
    ipv6: bool = True


VARIANTS = {
    "without mtls": Variant(mtls=False),
    "upstream :port": Variant(upstream=":8080"),
    "nginx on IPv4 only": Variant(ipv6=False),
}


def variant(pki: Pki, folder: Path, v: Variant) -> Path:
    """The edge bundle of a variant of the spec, with the same certs_dir folders."""
    text = spec_text(
        pki.work,
        port=int(pki.step.url.rsplit(":", 1)[1]),
        mtls=v.mtls,
        upstream=v.upstream or f"127.0.0.1:{pki.upstream.port}",
        ipv6=v.ipv6,
    )
    return materialize(compile_text(text, folder), folder / "bundle")


class TestCaddy:
    def test_the_bundles_caddyfile_is_as_caddy_fmt_writes_it(
        self, pki: Pki, caddy_edge: Edge
    ) -> None:
        tool = peer("caddy", caddy_edge)
        done = run([tool, "fmt", pki.edge / "edge" / "caddy" / "Caddyfile"])
        assert done.returncode == 0, done.stderr
        assert done.stdout == (pki.edge / "edge" / "caddy" / "Caddyfile").read_text()

    def test_caddy_listens_on_loopback_only(self, caddy: Pki) -> None:
        on_loopback_only(80, 443)

    @pytest.mark.parametrize("v", VARIANTS.values(), ids=VARIANTS.keys())
    def test_variants_pass_caddy_validate(
        self, pki: Pki, v: Variant, tmp_path: Path, caddy_edge: Edge
    ) -> None:
        tool = peer("caddy", caddy_edge)
        pki.copy_certs(pki.work / "caddy-certs")
        conf = caddyfile(tmp_path / "run", variant(pki, tmp_path, v))
        done = run(
            [tool, "validate", "--adapter", "caddyfile", "--config", conf],
            env=caddy_env(conf.parent),
        )
        assert done.returncode == 0, done.stderr
        assert "Valid configuration" in done.stdout + done.stderr

    def test_caddy_gets_its_certificate_from_step_ca(self, caddy: Pki) -> None:
        leaf = served_leaf(CADDY_NAME, caddy.root)
        assert leaf.issuer == caddy.intermediate.subject
        san = leaf.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        assert san.get_values_for_type(x509.DNSName) == [CADDY_NAME]
        assert leaf.not_valid_after_utc - leaf.not_valid_before_utc == dt.timedelta(
            hours=24, minutes=1
        )

    @pytest.mark.parametrize("which", CLIENTS_OF_THE_CA)
    def test_a_client_of_the_ca_reaches_the_upstream(self, caddy: Pki, which: str) -> None:
        client: Client = getattr(caddy, which)
        before = len(caddy.upstream.subjects)
        reply = https_get(CADDY_NAME, caddy.root, client)
        assert reply.status == 200, reply
        assert MARKER in reply.body
        assert caddy.upstream.subjects[before:] == [f"CN={client.subject}"]

    def test_no_client_certificate_is_refused(self, caddy: Pki) -> None:
        before = len(caddy.upstream.subjects)
        reply = https_get(CADDY_NAME, caddy.root)
        assert reply.status is None, reply
        # Caddy 2.6.2 (an older Go) sends bad_certificate, newer ones TLS 1.3's
        # certificate_required
        assert "BAD_CERTIFICATE" in reply.error or "CERTIFICATE_REQUIRED" in reply.error
        assert len(caddy.upstream.subjects) == before

    def test_a_device_uri_without_a_host_is_refused_by_the_newest(
        self, caddy: Pki, caddy_edge: Edge
    ) -> None:
        """Why devices are named pkispec://<host>/...: Go 1.26 refuses a URI without a
        host in a name-constrained chain, whatever the constraints name."""
        before = len(caddy.upstream.subjects)
        reply = https_get(CADDY_NAME, caddy.root, caddy.hostless)
        if caddy_edge == "newest":
            assert reply.status is None, reply
            assert len(caddy.upstream.subjects) == before
        else:
            assert reply.status == 200, reply

    def test_a_client_of_another_ca_is_refused(self, caddy: Pki) -> None:
        before = len(caddy.upstream.subjects)
        reply = https_get(CADDY_NAME, caddy.root, caddy.other)
        assert reply.status is None, reply  # a bad_certificate alert, or just the close
        assert len(caddy.upstream.subjects) == before

    @pytest.mark.parametrize("sni", ["localhost", "CADDY.PKISPEC.TEST"])
    def test_another_sni_does_not_skip_the_client_check(self, caddy: Pki, sni: str) -> None:
        """The TLS policy that demands client certificates matches the SNI; a handshake
        for another name must not reach the site without one."""
        before = len(caddy.upstream.subjects)
        reply = https_get(CADDY_NAME, caddy.root, sni=sni)
        assert reply.status != 200, reply
        assert len(caddy.upstream.subjects) == before


# --- nginx -----------------------------------------------------------------------------------


@dataclass
class Nginx:
    pki: Pki
    run_dir: Path
    certs: Path
    sites: tuple[Path, ...] = ()
    generation: int = 0
    probe: int = field(default_factory=free_port)

    @property
    def conf(self) -> Path:
        return self.run_dir / "nginx.conf"

    def cmd(self, *extra: str) -> list[str | Path]:
        return [
            require("nginx"),
            "-e",
            self.run_dir / "error.log",
            "-p",
            self.run_dir,
            "-c",
            self.conf,
            *extra,
        ]

    def write_conf(self, *, listen_copies: bool = True) -> None:
        """A main nginx.conf including the sites. The workers run as the test's own user, so
        they read the pytest folder (mode 700) even when the test runs as root (not as
        root, nginx ignores `user`). A master process: nginx reloads only with one (with
        master_process off, a SIGHUP leaves it hanging). The probe server answers the
        config's generation, so a reload is seen to have happened."""
        self.generation += 1
        temps = "\n".join(
            f"    {kind}_temp_path {self.run_dir}/{kind}_temp;"
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        includes = "\n".join(
            f"    include {self.loopback(s) if listen_copies else s};" for s in self.sites
        )
        self.conf.write_text(
            f"""\
daemon off;
user {pwd.getpwuid(os.getuid()).pw_name} {grp.getgrgid(os.getgid()).gr_name};
worker_processes 1;
pid {self.run_dir}/nginx.pid;
error_log {self.run_dir}/error.log info;
events {{}}
http {{
    access_log {self.run_dir}/access.log;
{temps}
    server {{
        listen 127.0.0.1:{self.probe};
        return 200 "generation {self.generation}";
    }}
{includes}
}}
""",
            encoding="utf-8",
        )

    def loopback(self, site: Path) -> Path:
        """A copy of a bundle file that listens on 127.0.0.1 only; nothing else differs."""
        lines = site.read_text(encoding="utf-8").splitlines(keepends=True)
        kept = [
            line.replace("listen 80;", "listen 127.0.0.1:80;").replace(
                "listen 443 ssl;", "listen 127.0.0.1:443 ssl;"
            )
            for line in lines
            if not line.lstrip().startswith("listen [::]:")
        ]
        assert [line for line in lines if line not in kept] == [
            line for line in lines if "listen" in line
        ], "only listen lines change"
        copy = self.run_dir / f"loopback-{site.name}"
        copy.write_text("".join(kept), encoding="utf-8")
        return copy

    def probe_says(self, generation: int) -> bool:
        with (
            socket.create_connection(("127.0.0.1", self.probe), timeout=2) as s,
            s.makefile("rb") as reply,
        ):
            s.sendall(b"GET / HTTP/1.0\r\n\r\n")
            return reply.read().endswith(f"generation {generation}".encode())

    def workers(self) -> set[int]:
        """The master's children: its workers, old and new."""
        master = (self.run_dir / "nginx.pid").read_text().strip()
        found = set()
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue  # gone meanwhile
            if fields[1] == master:
                found.add(int(stat.parent.name))
        return found

    def reload(self) -> None:
        """`nginx -s reload` on a new generation of nginx.conf; wait until the new worker
        serves and the old one is gone (until then either may accept a connection)."""
        self.write_conf()
        old = self.workers()
        done = run(self.cmd("-s", "reload"))
        assert done.returncode == 0, done.stderr
        wait_for(
            lambda: self.probe_says(self.generation) and not old & self.workers(),
            "nginx reloads",
            self.run_dir / "error.log",
        )

    def refresh_crls(
        self, step_crl: bytes, pid_file: Path | None = None
    ) -> subprocess.CompletedProcess[str]:
        """Serve `step_crl` as step-ca's CRL and run the bundle's refresh script, which
        reloads this nginx through its pid file."""
        pki = self.pki
        pki.root_crl.files["/root.crl"] = (pki.ceremony.export / "crls" / "root.crl").read_bytes()
        pki.step_crl.files["/step.crl"] = step_crl
        return run(
            ["bash", pki.edge / "edge" / "nginx" / "sbin" / CRL_UNIT],
            env=no_proxy_env(
                PKISPEC_ROOT_CRL_URL=f"http://127.0.0.1:{pki.root_crl.port}/root.crl",
                PKISPEC_STEP_CRL_URL=f"https://localhost:{pki.step_crl.port}/step.crl",
                PKISPEC_NGINX_PID=str(pid_file or self.run_dir / "nginx.pid"),
            ),
        )


def wait_for(check: Callable[[], bool], what: str, log: Path, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            if check():
                return
        except OSError:
            pass
        if time.monotonic() > deadline:
            pytest.fail(f"{what}: not within {timeout:g} s\n{log.read_text(errors='replace')}")
        time.sleep(0.1)


def crl(
    pki: Pki,
    *revoked: Client,
    key: ec.EllipticCurvePrivateKey | None = None,
    age: dt.timedelta = dt.timedelta(0),
) -> bytes:
    """A DER CRL of the intermediate, as step-ca 0.23 serves at /1.0/crl: signed by the
    intermediate's key (or `key`), valid for a day from now (minus `age`)."""
    now = dt.datetime.now(dt.UTC) - age
    issuer = pki.intermediate
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(issuer.subject)
        .last_update(now - dt.timedelta(minutes=1))
        .next_update(now + dt.timedelta(days=1))
        .add_extension(x509.CRLNumber(int(now.timestamp())), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(
                issuer.public_key()  # type: ignore[arg-type]
            ),
            critical=False,
        )
    )
    for client in revoked:
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder()
            .serial_number(client.serial)
            .revocation_date(now - dt.timedelta(seconds=30))
            .build()
        )
    signed = builder.sign(key or pki.intermediate_key, hashes.SHA256())
    return signed.public_bytes(serialization.Encoding.DER)


@pytest.fixture(scope="class")
def nginx(pki: Pki) -> Iterator[Nginx]:
    """nginx on the bundle's port-80 site; obtain-certificate.sh through it; the CRLs in
    place; then a reload onto the bundle's mTLS site."""
    require("nginx")
    require("curl")
    certbot = require("certbot")
    require_port(80, "step-ca validates http-01 there")
    require_port(443, "the mTLS site listens there")
    run_dir = pki.work / "nginx"
    run_dir.mkdir()
    n = Nginx(pki, run_dir, pki.work / "nginx-certs")
    edge = pki.edge / "edge" / "nginx"
    acme, site = edge / f"{NGINX_NAME}-acme.conf", edge / f"{NGINX_NAME}.conf"
    n.sites = (acme,)
    n.write_conf()
    with running("nginx", n.cmd(), run_dir / "stdout.log", lambda: n.probe_says(1), timeout=10):
        folder = pki.work / "certbot"
        done = run(
            [
                "bash",
                edge / "obtain-certificate.sh",
                pki.ceremony.export,
                "--config-dir",
                folder / "config",
                "--work-dir",
                folder / "work",
                "--logs-dir",
                folder / "logs",
            ],
            # no REQUESTS_CA_BUNDLE: the script trusts step-ca by the root it installs
            env={
                k: v
                for k, v in no_proxy_env(
                    PATH=f"{Path(certbot).parent}:{os.environ['PATH']}"
                ).items()
                if k != "REQUESTS_CA_BUNDLE"
            },
        )
        assert done.returncode == 0, done.stdout + done.stderr
        assert f"ok: {n.certs}/{NGINX_NAME}.crt" in done.stdout
        done = n.refresh_crls(crl(pki))
        assert done.returncode == 0, done.stdout + done.stderr
        n.sites = (acme, site)
        n.reload()
        yield n


def nginx_t(nginx: Nginx, bundle: Path, tmp_path: Path) -> None:
    """`nginx -t` on a bundle's two sites as they are, with the live certs_dir's files."""
    edge = bundle / "edge" / "nginx"
    shipped = Nginx(
        nginx.pki,
        tmp_path / "run",
        nginx.certs,
        (edge / f"{NGINX_NAME}-acme.conf", edge / f"{NGINX_NAME}.conf"),
    )
    shipped.run_dir.mkdir()
    shipped.write_conf(listen_copies=False)
    done = run(shipped.cmd("-t"))
    assert done.returncode == 0, done.stderr


class TestNginx:
    def test_nginx_listens_on_loopback_only(self, nginx: Nginx) -> None:
        on_loopback_only(80, 443)

    def test_the_bundles_files_pass_nginx_t_as_shipped(self, nginx: Nginx, tmp_path: Path) -> None:
        nginx_t(nginx, nginx.pki.edge, tmp_path)

    @pytest.mark.parametrize("v", VARIANTS.values(), ids=VARIANTS.keys())
    def test_variants_pass_nginx_t(self, nginx: Nginx, v: Variant, tmp_path: Path) -> None:
        bundle = variant(nginx.pki, tmp_path, v)
        nginx_t(nginx, bundle, tmp_path)
        edge = bundle / "edge" / "nginx"
        if v.upstream:  # nginx: "no host in upstream" for ':8080'
            assert "proxy_pass http://127.0.0.1:8080;" in (edge / f"{NGINX_NAME}.conf").read_text()
        sites = [edge / f"{NGINX_NAME}.conf", edge / f"{NGINX_NAME}-acme.conf"]
        listens = [
            line.split()[1].rstrip(";")
            for site in sites
            for line in site.read_text().splitlines()
            if line.strip().startswith("listen ")
        ]
        assert listens == (["443", "[::]:443", "80", "[::]:80"] if v.ipv6 else ["443", "80"])

    def test_obtain_certificate_installed_what_nginx_reads(self, nginx: Nginx) -> None:
        certs = nginx.certs
        modes = {p.name: oct(p.stat().st_mode & 0o777) for p in certs.iterdir() if p.is_file()}
        assert modes == {
            f"{NGINX_NAME}.crt": "0o644",
            f"{NGINX_NAME}.key": "0o600",
            "root.pem": "0o644",
            "intermediate.pem": "0o644",
            "client-cas.pem": "0o644",
            "crls.pem": "0o644",
        }
        assert (certs / "client-cas.pem").read_bytes() == (certs / "root.pem").read_bytes() + (
            certs / "intermediate.pem"
        ).read_bytes()
        leaf = served_leaf(NGINX_NAME, nginx.pki.root)
        assert leaf.issuer == nginx.pki.intermediate.subject
        assert (
            leaf == x509.load_pem_x509_certificates((certs / f"{NGINX_NAME}.crt").read_bytes())[0]
        )

    def test_a_renewal_is_installed_by_the_deploy_hook(self, nginx: Nginx) -> None:
        """What certbot's own timer does: the hook certbot saved with the lineage installs
        the new certificate, and nginx serves it once reloaded."""
        pki, crt = nginx.pki, nginx.certs / f"{NGINX_NAME}.crt"
        before = crt.read_bytes()
        folder = pki.work / "certbot"
        renewal = (folder / "config" / "renewal" / f"{NGINX_NAME}.conf").read_text()
        assert f'renew_hook = install -m 0644 "$RENEWED_LINEAGE/fullchain.pem" {crt}.new' in renewal
        # the bundle's renewal unit, as systemd would run it (its Environment= and
        # ExecStart=), forced and with the test's certbot folders
        unit = (
            (
                nginx.pki.edge
                / "edge"
                / "nginx"
                / "systemd"
                / f"pkispec-{NAME}-nginx-certificate.service"
            )
            .read_text()
            .splitlines()
        )
        environment = dict(
            line.removeprefix("Environment=").split("=", 1)
            for line in unit
            if line.startswith("Environment=")
        )
        (start,) = [
            line.removeprefix("ExecStart=").split()
            for line in unit
            if line.startswith("ExecStart=")
        ]
        assert start[0] == "/usr/bin/certbot" and "--no-random-sleep-on-renew" in start
        done = run(
            [
                require("certbot"),
                *start[1:],
                "--force-renewal",
                "--non-interactive",
                "--config-dir",
                folder / "config",
                "--work-dir",
                folder / "work",
                "--logs-dir",
                folder / "logs",
            ],
            env={**no_proxy_env(), **environment},
        )
        assert done.returncode == 0, done.stdout + done.stderr
        assert crt.read_bytes() != before
        assert oct((nginx.certs / f"{NGINX_NAME}.key").stat().st_mode & 0o777) == "0o600"
        assert not list(nginx.certs.glob("*.new")), "the hook renamed what it copied"
        nginx.reload()
        assert (
            served_leaf(NGINX_NAME, pki.root)
            == x509.load_pem_x509_certificates(crt.read_bytes())[0]
        )

    def test_port_80_sends_everything_else_to_https(self, nginx: Nginx) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", 80, timeout=10)
        try:
            connection.request("GET", "/some/path?x=1", headers={"Host": NGINX_NAME})
            response = connection.getresponse()
            assert response.status == 301
            assert response.getheader("Location") == f"https://{NGINX_NAME}/some/path?x=1"
        finally:
            connection.close()

    @pytest.mark.parametrize("which", CLIENTS_OF_THE_CA)
    def test_a_client_of_the_ca_reaches_the_upstream(self, nginx: Nginx, which: str) -> None:
        pki = nginx.pki
        client: Client = getattr(pki, which)
        before = len(pki.upstream.subjects)
        reply = https_get(NGINX_NAME, pki.root, client)
        assert reply.status == 200, reply
        assert MARKER in reply.body
        assert pki.upstream.subjects[before:] == [f"CN={client.subject}"]

    def test_no_client_certificate_is_refused(self, nginx: Nginx) -> None:
        pki = nginx.pki
        before = len(pki.upstream.subjects)
        reply = https_get(NGINX_NAME, pki.root)
        assert reply.status == 400, reply
        assert "No required SSL certificate was sent" in reply.body
        assert len(pki.upstream.subjects) == before

    def test_a_client_of_another_ca_is_refused(self, nginx: Nginx) -> None:
        pki = nginx.pki
        before = len(pki.upstream.subjects)
        reply = https_get(NGINX_NAME, pki.root, pki.other)
        assert reply.status == 400, reply
        assert "The SSL certificate error" in reply.body
        assert len(pki.upstream.subjects) == before

    def test_a_revoked_client_is_refused_after_the_refresh(self, nginx: Nginx) -> None:
        pki = nginx.pki
        assert https_get(NGINX_NAME, pki.root, pki.revoked).status == 200, "before"
        revoking = crl(pki, pki.revoked)
        done = nginx.refresh_crls(revoking)
        assert done.returncode == 0, done.stdout + done.stderr
        master = (nginx.run_dir / "nginx.pid").read_text().strip()
        assert done.stdout == f"ok: {nginx.certs}/crls.pem updated; nginx (pid {master}) reloaded\n"
        # the script returns once the old workers take no connections: the test waits for
        # nothing before the attacker's request
        before = len(pki.upstream.subjects)
        reply = https_get(NGINX_NAME, pki.root, pki.revoked)
        assert reply.status == 400, reply
        assert "The SSL certificate error" in reply.body
        assert "certificate revoked" in (nginx.run_dir / "error.log").read_text()
        assert len(pki.upstream.subjects) == before
        end = b"-----END X509 CRL-----\n"
        installed = [
            x509.load_pem_x509_crl(pem + end)
            for pem in (nginx.certs / "crls.pem").read_bytes().split(end)
            if pem.strip()
        ]
        assert [c.issuer for c in installed] == [
            x509.load_pem_x509_certificate(pki.root.read_bytes()).subject,
            pki.intermediate.subject,
        ]
        assert installed[1].get_revoked_certificate_by_serial_number(pki.revoked.serial)
        reply = https_get(NGINX_NAME, pki.root, pki.good)
        assert reply.status == 200, reply
        again = nginx.refresh_crls(revoking)
        assert (again.returncode, again.stdout) == (0, ""), "nothing new: nothing done"

    def test_without_a_running_nginx_the_refresh_says_so(
        self, nginx: Nginx, tmp_path: Path
    ) -> None:
        (nginx.certs / "crls.pem").unlink()
        done = nginx.refresh_crls(crl(nginx.pki), pid_file=tmp_path / "no-nginx.pid")
        assert done.returncode == 0, done.stderr
        assert done.stdout == (
            f"ok: {nginx.certs}/crls.pem updated; nginx is not running, "
            "and reads it when it starts\n"
        )

    def test_a_crl_signed_by_another_key_is_not_installed(self, nginx: Nginx) -> None:
        before = (nginx.certs / "crls.pem").read_bytes()
        forged = crl(nginx.pki, key=ec.generate_private_key(ec.SECP256R1()))
        done = nginx.refresh_crls(forged)
        assert done.returncode == 1
        assert "/step.crl is not signed by the spec's CA" in done.stderr
        assert (nginx.certs / "crls.pem").read_bytes() == before

    def test_an_expired_crl_is_not_installed(self, nginx: Nginx) -> None:
        before = (nginx.certs / "crls.pem").read_bytes()
        done = nginx.refresh_crls(crl(nginx.pki, age=dt.timedelta(days=2)))
        assert done.returncode == 1
        assert "/step.crl has expired" in done.stderr
        assert (nginx.certs / "crls.pem").read_bytes() == before
