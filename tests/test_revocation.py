"""Revoking an intermediate, by the runbook's section 8, refused by every proxy for real.

One PKI lives through the whole procedure. Before: a ceremony with one intermediate, the
newest step-ca on it, a client certificate from it, and Caddy, Traefik and nginx (each on
the bundle's files) admitting that client. Then the spec marks the intermediate revoked
(keyCompromise) and names a successor; the new bundle's runbook gives the steps, and
they run as written: the ceremony's lines of step 1 on the same CA folder, the CRL host's
publish, step-ca's cut-over and restart, and each proxy's commands of step 4 (Traefik's
`jq` line on the storage Traefik wrote). After: each proxy refuses the old client and a
certificate forged with the revoked intermediate's key (sent with the revoked
intermediate's certificate, the attacker's best chain), and admits a client of the
successor; each serves a certificate of the successor.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from jwcrypto import jwa

from ceremony_run import Ceremony
from conftest import compile_text, materialize, require, runbook_section
from peers import peer
from pkispec.plan import make_plan
from pkispec.spec import load
from runbook import blocks as runbook_blocks
from servers import free_port, require_port, running
from test_edge_live import (
    NGINX_NAME,
    Client,
    Nginx,
    caddy_env,
    caddyfile,
    http_server,
    https_get,
    no_proxy_env,
    run,
    served_leaf,
    spec_text,
    step_sign,
    write_client,
)
from test_step_ca import (
    Server,
    admin_key,
    challenge_dns,
    install,
    install_step_ca,
    post,
    step_ca,
)
from test_traefik_live import TRAEFIK, TRAEFIK_NAME, configure, read_yaml

CADDY_NAME = "caddy.pkispec.test"
SUCCESSOR = """\
    revoked: {date: 2026-12-01, reason: keyCompromise}
  - name: successor
    common_name: Edge Test Intermediate CA 2
    key: {type: ec, curve: secp256r1}
    lifetime: 1825d
    name_constraints:
      permitted_dns: [pkispec.test, localhost]
      permitted_ip: [10.0.0.0/8, 192.168.0.0/16, "fd00::/8"]
ca_server:
"""


@dataclass
class World:
    work: Path
    port: int
    ceremony: Ceremony
    before: Path  # the bundle before the revocation
    after: Path  # the bundle that revokes `intermediate`
    upstream_port: int
    web: Path  # the CRL host's web root
    web_port: int
    dns: str
    revoked: x509.Certificate  # the intermediate the spec revokes (no longer exported)
    old: Client  # issued by the revoked intermediate
    forged: Client  # made with its key after the revocation
    new: Client | None = None  # issued by the successor

    @property
    def root(self) -> Path:
        return self.ceremony.export / "certs" / "root.pem"

    @property
    def runbook(self) -> str:
        """The RUNBOOK.md of the bundle that revokes `intermediate`."""
        return (self.after / "RUNBOOK.md").read_text(encoding="utf-8")

    def cert(self, name: str) -> x509.Certificate:
        return x509.load_pem_x509_certificate(
            (self.ceremony.export / "certs" / f"{name}.pem").read_bytes()
        )


def texts(work: Path, port: int, upstream: int) -> tuple[str, str]:
    base = spec_text(work, port=port, upstream=f"127.0.0.1:{upstream}")
    base += TRAEFIK.format(
        version="3",
        challenge="{type: tls-alpn-01}",
        name=TRAEFIK_NAME,
        certs_dir=work / "traefik-certs",
    )
    after = base.replace("ca_server:\n", SUCCESSOR, 1)
    after = after.replace(
        "  name: Edge Test CA\n", "  name: Edge Test CA\n  intermediate: successor\n", 1
    )
    assert after.count("successor") == 2
    return base, after


def step_lines(section: str, step: int) -> list[str]:
    """The command lines of one numbered step of a runbook section, from its blocks."""
    body = section[section.index(f"\n{step}. ") :]
    following = re.search(rf"\n{step + 1}\. ", body)
    body = body[: following.start()] if following else body
    return [line for b in runbook_blocks(body) if b.kind == "sh" for line in b.lines]


def forge(world: World, key: ec.EllipticCurvePrivateKey) -> Client:
    """A client certificate an attacker makes with the revoked intermediate's key, sent
    with that intermediate's certificate."""
    private = ec.generate_private_key(ec.SECP256R1())
    issuer = world.revoked
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "forged")]))
        .issuer_name(issuer.subject)
        .public_key(private.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(True, False, False, False, False, False, False, False, False),
            critical=True,
        )
        .add_extension(
            x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False
        )
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.UniformResourceIdentifier("pkispec://localhost/client/forged")]
            ),
            critical=False,
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(key.public_key()), critical=False
        )
        .sign(key, hashes.SHA256())
    )
    client = write_client(world.work / "clients" / "forged", cert, private)
    with client.cert.open("ab") as chain:
        chain.write(issuer.public_bytes(serialization.Encoding.PEM))
    return client


def issue(server: Server, name: str) -> Client:
    """A client certificate from step-ca, sent with its intermediate as a .p12 holds it."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(jwa, "default_max_pbkdf2_iterations", 100_000)
        cert, intermediate, private = step_sign(
            server,
            admin_key(server),
            f"client-{name}",
            x509.UniformResourceIdentifier(f"pkispec://localhost/client/{name}"),
        )
    client = write_client(server.work / "clients" / name, cert, private)
    with client.cert.open("a", encoding="utf-8") as chain:
        chain.write(intermediate)
    return client


def publish(world: World, bundle: Path) -> str:
    done = run(
        ["bash", bundle / "crl-host" / "publish-crl.sh", world.ceremony.export],
        env=no_proxy_env(PKISPEC_WEB_ROOT=str(world.web)),
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


@contextmanager
def web_server(web: Path) -> Iterator[int]:
    """The CRL host's web root over http, as its nginx serves it."""
    with http_server() as server:

        class Files(dict[str, bytes]):
            def __contains__(self, path: object) -> bool:
                return isinstance(path, str) and (web / path.lstrip("/")).is_file()

            def __getitem__(self, path: str) -> bytes:
                return (web / path.lstrip("/")).read_bytes()

        server.files = Files()
        yield server.port


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    require("openssl")
    work = tmp_path_factory.mktemp("revocation")
    port = free_port()
    with ExitStack() as stack:
        upstream = stack.enter_context(http_server())
        before_text, after_text = texts(work, port, upstream.port)
        ceremony, before = install(work, before_text, "ca")
        install_step_ca(ceremony, before, work / "step")
        (work / "b").mkdir()
        after = materialize(compile_text(after_text, work / "b"), work / "b" / "bundle")
        web = work / "web"
        web_port = stack.enter_context(web_server(web))
        dns, _ = stack.enter_context(challenge_dns(work))
        key = serialization.load_pem_private_key(
            ceremony.path("intermediate", "private/intermediate.key").read_bytes(),
            ceremony.passphrase("intermediate"),
        )
        assert isinstance(key, ec.EllipticCurvePrivateKey)
        with step_ca(work / "step", port, ceremony.export / "certs" / "root.pem", dns) as s:
            old = issue(s, "old")
        world = World(
            work,
            port,
            ceremony,
            before,
            after,
            upstream.port,
            web,
            web_port,
            dns,
            x509.load_pem_x509_certificate(
                (ceremony.export / "certs" / "intermediate.pem").read_bytes()
            ),
            old,
            old,
        )
        publish(world, before)
        world.forged = forge(world, key)
        yield world


@contextmanager
def step_ca_of(world: World) -> Iterator[Server]:
    with step_ca(world.work / "step", world.port, world.root, world.dns) as server:
        yield server


# --- the proxies, each on one bundle --------------------------------------------------------


@contextmanager
def caddy(world: World, bundle: Path, data: str) -> Iterator[None]:
    """Caddy (the newest) on the bundle's Caddyfile; `data` names its storage folder."""
    require_port(443, "Caddy serves there")
    certs = world.work / "caddy-certs"
    certs.mkdir(exist_ok=True)
    for pem in ("root.pem", "intermediate.pem", "successor.pem"):
        if (world.ceremony.export / "certs" / pem).exists():
            shutil.copyfile(world.ceremony.export / "certs" / pem, certs / pem)
    conf = caddyfile(world.work / f"caddy-{data}", bundle)
    with running(
        "caddy",
        [peer("caddy"), "run", "--adapter", "caddyfile", "--config", conf],
        conf.parent / "caddy.log",
        lambda: bool(served_leaf(CADDY_NAME, world.root)),
        env=caddy_env(conf.parent),
        timeout=90,
    ):
        yield


@contextmanager
def traefik(world: World, bundle: Path, run_dir: Path) -> Iterator[None]:
    """Traefik (the newest) on the bundle's files, its storage in run_dir/acme.json."""
    require_port(443, "Traefik serves there and answers tls-alpn-01")
    certs = world.work / "traefik-certs"
    shutil.copytree(world.ceremony.export / "certs", certs, dirs_exist_ok=True)
    shutil.rmtree(run_dir / "dynamic", ignore_errors=True)
    run_dir.mkdir(exist_ok=True)
    conf = configure(world.upstream_port, bundle, run_dir)
    with running(
        "traefik",
        [peer("traefik"), f"--configFile={conf}"],
        run_dir / "traefik.log",
        lambda: bool(served_leaf(TRAEFIK_NAME, world.root)),
        env=caddy_env(run_dir),
        timeout=90,
        cwd=run_dir,
    ):
        yield


def issuer_served(world: World, name: str) -> x509.Name:
    return served_leaf(name, world.root).issuer


@contextmanager
def nginx(world: World, bundle: Path, *certbot_options: str) -> Iterator[Path]:
    """nginx on the bundle's port-80 site; the bundle's obtain-certificate.sh and CRL
    refresh (which reloads it), as the runbook orders them; then its mTLS site."""
    require_port(80, "step-ca validates http-01 there")
    require_port(443, "the mTLS site listens there")
    certbot = require("certbot")
    run_dir = world.work / f"nginx-run-{len(list(world.work.glob('nginx-run-*')))}"
    run_dir.mkdir()
    n = Nginx(None, run_dir, world.work / "nginx-certs")  # type: ignore[arg-type]
    edge = bundle / "edge" / "nginx"
    n.sites = (edge / f"{NGINX_NAME}-acme.conf",)
    n.write_conf()
    env = {
        k: v
        for k, v in no_proxy_env(
            PATH=f"{Path(certbot).parent}:{os.environ['PATH']}",
            PKISPEC_ROOT_CRL_URL=f"http://127.0.0.1:{world.web_port}/crls/root.crl",
            PKISPEC_NGINX_PID=str(run_dir / "nginx.pid"),
        ).items()
        if k != "REQUESTS_CA_BUNDLE"
    }
    folder = world.work / "certbot"
    with running("nginx", n.cmd(), run_dir / "stdout.log", lambda: n.probe_says(1), timeout=10):
        done = run(
            [
                "bash",
                edge / "obtain-certificate.sh",
                world.ceremony.export,
                "--config-dir",
                folder / "config",
                "--work-dir",
                folder / "work",
                "--logs-dir",
                folder / "logs",
                *certbot_options,
            ],
            env=env,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        done = run(["bash", edge / "sbin" / "pkispec-edgetest-nginx-crls"], env=env)
        assert done.returncode == 0, done.stdout + done.stderr
        n.sites = (*n.sites, edge / f"{NGINX_NAME}.conf")
        n.reload()
        yield run_dir / "error.log"


# --- the procedure ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def revoked(world: World) -> Iterator[World]:
    """Before, each proxy admits the old client; then the runbook's steps 1 to 3."""
    with step_ca_of(world):
        with caddy(world, world.before, "before"):
            assert https_get(CADDY_NAME, world.root, world.old).status == 200
        with traefik(world, world.before, world.work / "traefik"):
            assert https_get(TRAEFIK_NAME, world.root, world.old).status == 200
        with nginx(world, world.before):
            assert https_get(NGINX_NAME, world.root, world.old).status == 200
    section = runbook_section(world.runbook, 8)
    assert "This spec revokes `intermediate` (keyCompromise, 2026-12-01)" in section
    # step 2 before step 1: the new publish script keeps the chain while no CRL lists it
    early = run(
        ["bash", world.after / "crl-host" / "publish-crl.sh", world.ceremony.export],
        env=no_proxy_env(PKISPEC_WEB_ROOT=str(world.web)),
    )
    assert early.returncode == 1
    assert "does not list the certificate of" in early.stderr
    assert (world.web / "certs" / "intermediate.chain.pem").exists()
    # 1. the ceremony's lines, as written, on the CA folder of the first ceremony
    after = Ceremony(
        world.after, world.ceremony.work, make_plan(load(world.work / "b" / "spec.pki.yaml").spec)
    )
    lines = step_lines(section, 1)
    assert lines[0] == "offline/ceremony/revoke-intermediate.sh keyCompromise"
    for line in lines:
        script, *args = line.removeprefix("offline/ceremony/").split()
        after.run(script, *args)
    crl = x509.load_der_x509_crl((world.ceremony.export / "crls" / "root.crl").read_bytes())
    revoked_entry = crl.get_revoked_certificate_by_serial_number(world.revoked.serial_number)
    assert revoked_entry is not None
    assert (
        revoked_entry.extensions.get_extension_for_class(x509.CRLReason).value.reason
        == x509.ReasonFlags.key_compromise
    )
    assert not (world.ceremony.export / "certs" / "intermediate.pem").exists()
    # 2. the CRL host
    published = publish(world, world.after)
    assert f"withdrew {world.web}/certs/intermediate.chain.pem (revoked)" in published
    assert (world.web / "crls" / "root.crl").read_bytes() == (
        world.ceremony.export / "crls" / "root.crl"
    ).read_bytes()
    assert (world.web / "certs" / "successor.chain.pem").exists()
    assert "already published" in publish(world, world.after), "again: nothing breaks"
    # 3. the CA host: the cut-over line, then a restart (the step-ca above has stopped)
    (cut_over,) = step_lines(section, 3)[:1]
    assert cut_over.startswith("PKISPEC_CUT_OVER=1 ca-server/install-step-ca.sh ")
    key = after.path("successor", "private/successor.key")
    done = run(
        ["bash", world.after / "ca-server" / "install-step-ca.sh", world.ceremony.export, key],
        env={
            **after.env,
            "STEPPATH": str(world.work / "step"),
            "PKISPEC_NO_CHOWN": "1",
            "PKISPEC_CUT_OVER": "1",
            "PKISPEC_STEP_CA": str(peer("step-ca")),
        },
    )
    assert done.returncode == 0, done.stdout + done.stderr
    with step_ca_of(world) as server:
        world.new = issue(server, "new")
        yield world


def test_step_ca_issues_from_the_successor(revoked: World) -> None:
    assert revoked.new is not None
    leaf = x509.load_pem_x509_certificate(revoked.new.cert.read_bytes())
    assert leaf.issuer == revoked.cert("successor").subject


@pytest.mark.parametrize("proxy", ["caddy", "traefik"])
def test_go_proxies_refuse_the_revoked_intermediate(revoked: World, proxy: str) -> None:
    """Caddy and Traefik trust only the intermediates in service: neither the old client
    nor the forged one chains to an anchor; the successor's client does."""
    world = revoked
    assert world.new is not None
    if proxy == "caddy":
        # step 4: Caddy's certificate of the revoked chain goes, Caddy restarts
        context, name = caddy(world, world.after, "after"), CADDY_NAME
    else:
        # step 4: the runbook's jq line on the storage Traefik wrote before
        run_dir = world.work / "traefik"
        (line,) = re.findall(
            r"^ +(\(umask 077 && jq .*)$", runbook_section(world.runbook, 8), flags=re.MULTILINE
        )
        require("jq")
        done = run(["bash", "-c", line], cwd=run_dir)
        assert done.returncode == 0, done.stderr
        storage = read_yaml(run_dir / "acme.json")["smallstep"]
        assert "Certificates" not in storage
        assert storage["Account"], "the ACME account stays"
        assert oct((run_dir / "acme.json").stat().st_mode & 0o777) == "0o600"
        context, name = traefik(world, world.after, run_dir), TRAEFIK_NAME
    with context:
        assert issuer_served(world, name) == world.cert("successor").subject
        assert https_get(name, world.root, world.old).status is None
        assert https_get(name, world.root, world.forged).status is None
        assert https_get(name, world.root, world.new).status == 200


def test_nginx_refuses_the_revoked_intermediate_after_step_4(revoked: World) -> None:
    """The runbook's nginx commands of step 4: the new client CAs and nginx's own
    certificate from the successor, then the CRL refresh that reloads nginx."""
    world = revoked
    assert world.new is not None
    section = runbook_section(world.runbook, 8)
    assert 'edge/nginx/obtain-certificate.sh "$EXPORT" --force-renewal' in step_lines(section, 4)
    with nginx(world, world.after, "--force-renewal") as log:
        assert issuer_served(world, NGINX_NAME) == world.cert("successor").subject
        for client in (world.old, world.forged):
            seen = len(log.read_text(encoding="utf-8"))
            reply = https_get(NGINX_NAME, world.root, client)
            assert reply.status == 400, reply
            # refused for the root CRL's entry, not for a missing issuer or CRL
            assert "(23:certificate revoked)" in log.read_text(encoding="utf-8")[seen:]
        assert https_get(NGINX_NAME, world.root, world.new).status == 200


def test_step_ca_renews_a_forged_certificate_the_limit_the_runbook_names(revoked: World) -> None:
    """step-ca reads no CRL: it renews, over mTLS, a certificate made with the revoked key
    and sent with the revoked intermediate's, and the successor signs the renewal. The
    runbook says so (step 3 of section 8) and how to keep anyone from those paths."""
    world = revoked
    section = " ".join(runbook_section(world.runbook, 8).split())
    assert "**A limit of step-ca**: it renews over mTLS" in section
    server = Server(f"https://localhost:{world.port}", world.root, world.dns, "", world.work)
    status, body = post(server, "/1.0/renew", {}, client=(world.forged.cert, world.forged.key))
    assert status == 201, body
    renewed = x509.load_pem_x509_certificate(str(body["crt"]).encode())
    assert renewed.issuer == world.cert("successor").subject
