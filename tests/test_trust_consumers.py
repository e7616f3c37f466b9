"""Each trust target of the bundle, proven by the programs it is for.

The example's ceremony runs for real; a site (nginx, with a certificate from the spec's
intermediate, and docker-registry) serves the spec's names, and the root at the URL the
trust scripts fetch it from. An attacker's host serves the same names with a look-alike
chain: a root with the same name and another key. Each target's scripts run as the runbook
gives them on a Linux machine of their own (a copy-on-write view of this host, so no store
of this host changes), and the target's programs are asked, in this order:

1. before the installer: every program refuses the site;
2. after it: every program accepts the site;
3. with the names pointing at the attacker: every program refuses the look-alike site, and
   the installer, now fetching the attacker's root, refuses it and changes nothing;
4. after the uninstaller: every program refuses the site again.

Windows, Apple devices and Android cannot run here (RUNBOOK.md says so).
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import io
import itertools
import json
import re
import shlex
import shutil
import sys
import tarfile
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from committed_pki import commit_example
from conftest import compile_checked, materialize, require
from e2e.machines import Machine, Network, require_machines

SITE = "app.dmz.vlan.party"  # inside the intermediate's name constraints
REGISTRY = "registry.dmz.vlan.party"
REGISTRY_PORT = 5000
ROOT_HOST = "pki-ca.dmz.vlan.party"  # the example's root URL: http://pki-ca.../certs/root.pem
ADDRESSES = {"site": "127.0.4.1", "attacker": "127.0.4.66", "linux": "127.0.4.2"}
TOKEN = "served-by-the-genuine-site"
USER = "alice"  # the desktop's user, for the per-user stores
JDK = "/usr/lib/jvm/java-17-openjdk-amd64"
#: requests as pip installs it (with certifi's list), for a Python that is not this venv's
REQUESTS = ("requests", "certifi", "urllib3", "idna", "charset_normalizer")
TOOLS = (
    "nginx",
    "docker-registry",
    "skopeo",
    "curl",
    "git",
    "java",
    "node",
    "chromium",
    "firefox-esr",
    "certutil",
    "runuser",
)

JAVA_PROBE = """\
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

public class Probe {
    public static void main(String[] args) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(args[0])).build();
        HttpResponse<String> r =
            HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        System.out.println(r.body());
    }
}
"""
PYTHON_PROBE = "import sys, requests; print(requests.get(sys.argv[1], timeout=10).text)"
NODE_PROBE = (
    "require('https').get(process.argv[2], r => { let b = ''; r.on('data', d => b += d); "
    "r.on('end', () => console.log(b)); }).on('error', e => { console.error(e.code); "
    "process.exit(1); });"
)


@dataclass(frozen=True)
class Chain:
    root: bytes  # PEM
    chain: bytes  # the site's leaf and its issuing CA, PEM
    key: bytes  # the site's key, PEM


def _name(common_name: str, like: x509.Name | None = None) -> x509.Name:
    if like is not None:
        return like
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _pem(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def _key_pem(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def site_leaf(
    issuer: x509.Certificate, issuer_key: ec.EllipticCurvePrivateKey
) -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey]:
    """A server certificate for the site's and the registry's names, for a day."""
    key = ec.generate_private_key(ec.SECP256R1())
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(SITE))
        .issuer_name(issuer.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName(SITE), x509.DNSName(REGISTRY), x509.DNSName(ROOT_HOST)]
            ),
            critical=False,
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()),
            critical=False,
        )
        .sign(issuer_key, hashes.SHA256())
    )
    return cert, key


def look_alike(root: x509.Certificate, intermediate: x509.Certificate) -> Chain:
    """A root and an intermediate with the genuine ones' names and other keys."""
    now = dt.datetime.now(dt.UTC)
    root_key = ec.generate_private_key(ec.SECP384R1())
    ca_key = ec.generate_private_key(ec.SECP384R1())

    def ca(
        subject: x509.Name,
        key: ec.EllipticCurvePrivateKey,
        signer: ec.EllipticCurvePrivateKey,
        issuer: x509.Name,
    ) -> x509.Certificate:
        return (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(issuer)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=2))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(
                x509.KeyUsage(False, False, False, False, False, True, True, False, False),
                critical=True,
            )
            .add_extension(
                x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False
            )
            .sign(signer, hashes.SHA384())
        )

    fake_root = ca(root.subject, root_key, root_key, root.subject)
    fake_ca = ca(intermediate.subject, ca_key, root_key, root.subject)
    leaf, key = site_leaf(fake_ca, ca_key)
    return Chain(_pem(fake_root), _pem(leaf) + _pem(fake_ca), _key_pem(key))


def genuine(work: Path) -> tuple[Chain, Path, str]:
    """The example's real PKI: the site's chain from its intermediate, the bundle of a spec
    with every Linux trust target, and the root's fingerprint."""
    pki = commit_example(work)
    keys = sorted((work / "ceremony" / "ca").rglob("intermediate*.key*"))
    assert len(keys) == 1, keys
    intermediate_key = serialization.load_pem_private_key(
        keys[0].read_bytes(), b"passphrase of intermediate"
    )
    assert isinstance(intermediate_key, ec.EllipticCurvePrivateKey)
    leaf, key = site_leaf(pki.intermediate, intermediate_key)
    spec = pki.variant(
        "trusting.pki.yaml",
        "  targets: [linux, windows, apple, android]\n",
        "  targets: [linux, firefox, chromium, java, python, node, containers]\n"
        f"  registries: [{REGISTRY}:{REGISTRY_PORT}]\n",
    )
    bundle = materialize(compile_checked(spec), work / "trusting")
    chain = Chain(_pem(pki.root), _pem(leaf) + _pem(pki.intermediate), _key_pem(key))
    return chain, bundle, pki.root.fingerprint(hashes.SHA256()).hex()


NGINX_SITE = """\
server {{
    listen 443 ssl;
    server_name {site} {root_host};
    ssl_certificate /etc/site/chain.pem;
    ssl_certificate_key /etc/site/key.pem;
    root /srv/www;
    access_log /var/log/nginx/site.log;
}}
server {{
    listen 80;
    server_name {root_host};
    root /srv/www;
}}
"""
REGISTRY_CONFIG = """\
version: 0.1
storage:
  filesystem:
    rootdirectory: /var/lib/registry
http:
  addr: :{port}
  tls:
    certificate: /etc/site/chain.pem
    key: /etc/site/key.pem
"""


def serve(machine: Machine, chain: Chain) -> None:
    """nginx with the site and the root (at the URL the scripts fetch), a git repository
    (git's dumb HTTP), and docker-registry on its port."""
    machine.write_text("/etc/site/chain.pem", chain.chain.decode())
    machine.write_text("/etc/site/key.pem", chain.key.decode(), mode=0o600)
    machine.write_text("/srv/www/index.html", f"{TOKEN}\n")
    machine.write_text("/srv/www/certs/root.pem", chain.root.decode())
    machine.write_text(
        "/etc/nginx/sites-enabled/default", NGINX_SITE.format(site=SITE, root_host=ROOT_HOST)
    )
    machine.run(
        "git init -q --bare /srv/www/repo.git && cd /srv/www/repo.git && "
        "git update-server-info && nginx -t 2>/dev/null && nginx >/dev/null 2>&1"
    )
    machine.write_text("/etc/registry.yml", REGISTRY_CONFIG.format(port=REGISTRY_PORT))
    machine.run(
        "setsid docker-registry serve /etc/registry.yml >/var/log/registry.log 2>&1 &\n"
        f"for _ in $(seq 50); do (echo >/dev/tcp/127.0.0.1/{REGISTRY_PORT}) 2>/dev/null && exit; "
        "sleep 0.1; done; cat /var/log/registry.log; exit 1"
    )


def oci_layout(folder: Path) -> None:
    """A one-layer image in an OCI layout, as skopeo copies it to a registry."""
    blobs = folder / "blobs" / "sha256"
    blobs.mkdir(parents=True)

    def blob(data: bytes) -> tuple[str, int]:
        digest = hashlib.sha256(data).hexdigest()
        (blobs / digest).write_bytes(data)
        return f"sha256:{digest}", len(data)

    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
        info = tarfile.TarInfo("hello.txt")
        info.size, info.mtime = len(TOKEN), 0
        tar.addfile(info, io.BytesIO(TOKEN.encode()))
    layer = gzip.compress(raw.getvalue(), mtime=0)
    diff_id = "sha256:" + hashlib.sha256(raw.getvalue()).hexdigest()
    config = json.dumps(
        {
            "architecture": "amd64",
            "os": "linux",
            "rootfs": {"type": "layers", "diff_ids": [diff_id]},
        }
    ).encode()
    (layer_digest, layer_size), (config_digest, config_size) = blob(layer), blob(config)
    manifest = json.dumps(
        {
            "schemaVersion": 2,
            "mediaType": "application/vnd.oci.image.manifest.v1+json",
            "config": {
                "mediaType": "application/vnd.oci.image.config.v1+json",
                "digest": config_digest,
                "size": config_size,
            },
            "layers": [
                {
                    "mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
                    "digest": layer_digest,
                    "size": layer_size,
                }
            ],
        }
    ).encode()
    manifest_digest, manifest_size = blob(manifest)
    (folder / "oci-layout").write_text('{"imageLayoutVersion":"1.0.0"}', encoding="utf-8")
    index = {
        "schemaVersion": 2,
        "manifests": [
            {
                "mediaType": "application/vnd.oci.image.manifest.v1+json",
                "digest": manifest_digest,
                "size": manifest_size,
                "annotations": {"org.opencontainers.image.ref.name": "1"},
            }
        ],
    }
    (folder / "index.json").write_text(json.dumps(index), encoding="utf-8")


@dataclass
class World:
    network: Network
    site: Machine
    attacker: Machine
    bundle: Path
    fingerprint: str
    work: Path


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    for tool in TOOLS:
        require(tool)
    work = tmp_path_factory.mktemp("consumers")
    require_machines(work)
    chain, bundle, fingerprint = genuine(work / "pki")
    root = x509.load_pem_x509_certificate(chain.root)
    intermediate = x509.load_pem_x509_certificates(chain.chain)[1]
    with ExitStack() as stack:
        net = stack.enter_context(Network())
        site = stack.enter_context(net.machine("site", work / "site", ADDRESSES["site"]))
        attacker = stack.enter_context(
            net.machine("attacker", work / "attacker", ADDRESSES["attacker"])
        )
        site.hosts({REGISTRY: ADDRESSES["site"]})
        serve(site, chain)
        serve(attacker, look_alike(root, intermediate))
        oci_layout(work / "image")
        site.put(work / "image", "/srv/image")
        site.write_text("/tmp/root.pem", chain.root.decode())
        site.run(  # the image the containers' programs ask about
            f"mkdir -p /tmp/certs && cp /tmp/root.pem /tmp/certs/ca.crt && "
            f"skopeo copy -q --dest-cert-dir /tmp/certs oci:/srv/image:1 "
            f"docker://{REGISTRY}:{REGISTRY_PORT}/hello:1",
            env={"HOME": "/root"},
        )
        yield World(net, site, attacker, bundle, fingerprint, work)


# --- the programs, each asked on the machine whether it trusts the site -------------------

Ask = Callable[[World, Machine], bool]


#: OpenSSL's refusal of a chain: no path to a trusted root (curl 60), or a path to the
#: genuine root whose signature does not check (a look-alike's intermediate, curl 35)
OPENSSL_REFUSES = r"SSL certificate problem|error:06880006:asn1 encoding routines::EVP lib"


def _ask(machine: Machine, script: str, refusal: str, trusted: str = TOKEN) -> bool:
    """Whether the program trusted the site (its output has `trusted`) or refused its
    certificate (its output matches `refusal`); anything else is a broken probe."""
    done = machine.run(script, check=False, timeout=120)
    output = done.stdout + done.stderr
    if done.returncode == 0 and trusted in done.stdout:
        return True
    if re.search(refusal, output):
        return False
    raise AssertionError(f"neither trusted nor refused:\n{script}\n{output}")


def _as_user(command: str) -> str:
    """A login shell of the desktop's user: it reads /etc/profile.d as a person's does."""
    return f"runuser -l {USER} -c {shlex.quote(command)}"


def curl(w: World, m: Machine) -> bool:
    return _ask(m, f"curl -fsS --max-time 10 https://{SITE}/", OPENSSL_REFUSES)


def git(w: World, m: Machine) -> bool:
    script = f"git ls-remote https://{SITE}/repo.git && echo listed"
    return _ask(m, script, f"server certificate verification failed|{OPENSSL_REFUSES}", "listed")


def java(w: World, m: Machine) -> bool:
    return _ask(
        m, f"java /opt/probe/Probe.java https://{SITE}/", r"PKIX path (building|validation) failed"
    )


def skopeo(w: World, m: Machine) -> bool:
    script = f"HOME=/root skopeo inspect --raw docker://{REGISTRY}:{REGISTRY_PORT}/hello:1"
    return _ask(m, script, "certificate signed by unknown authority", "schemaVersion")


def requests_(w: World, m: Machine) -> bool:
    script = f"PYTHONPATH=/opt/requests python3 /opt/probe/probe.py https://{SITE}/"
    return _ask(m, _as_user(script), "CERTIFICATE_VERIFY_FAILED")


def node(w: World, m: Machine) -> bool:
    """Node as its project builds it: its own list of roots only (--use-bundled-ca)."""
    script = f"node --use-bundled-ca /opt/probe/probe.js https://{SITE}/"
    refusal = r"UNABLE_TO_(GET_ISSUER_CERT|VERIFY_LEAF)|CERT_SIGNATURE_FAILURE"
    return _ask(m, _as_user(script), refusal)


def chromium(w: World, m: Machine) -> bool:
    script = f"chromium --headless --no-sandbox --disable-gpu --dump-dom https://{SITE}/ 2>&1"
    return _ask(m, _as_user(script), "ERR_CERT_AUTHORITY_INVALID")


_asked = itertools.count()


def firefox(w: World, m: Machine) -> bool:
    """Firefox loads a page with an image from the site; the site's log tells whether the
    request came, which it does only once the TLS handshake is trusted."""
    path = f"/firefox-{next(_asked)}.png"
    page = f'<img src="https://{SITE}{path}">'
    m.write_text("/opt/probe/firefox.html", page)
    m.run(
        _as_user(
            "firefox-esr --headless --screenshot /tmp/shot.png file:///opt/probe/firefox.html"
            " >/dev/null 2>&1"
        ),
        timeout=120,
    )
    served = "".join(
        host.run("cat /var/log/nginx/site.log", check=False).stdout for host in (w.site, w.attacker)
    )
    return f"GET {path} " in served


# --- the machine and the steps of the runbook ------------------------------------------------


@pytest.fixture
def linux(world: World, tmp_path: Path) -> Iterator[Machine]:
    """A Linux machine with the bundle, the probes and a desktop user, its names at the site."""
    probe = tmp_path / "probe"
    probe.mkdir()
    (probe / "Probe.java").write_text(JAVA_PROBE, encoding="utf-8")
    (probe / "probe.py").write_text(PYTHON_PROBE, encoding="utf-8")
    (probe / "probe.js").write_text(NODE_PROBE, encoding="utf-8")
    site_packages = Path(next(p for p in sys.path if p.endswith("site-packages")))
    pip_installed = tmp_path / "requests"
    for package in REQUESTS:
        shutil.copytree(site_packages / package, pip_installed / package)
    with world.network.machine("linux", tmp_path / "linux", ADDRESSES["linux"]) as machine:
        machine.put(world.bundle, "/opt/bundle")
        machine.put(probe, "/opt/probe")
        machine.put(pip_installed, "/opt/requests")
        machine.run(f"useradd -m {USER} && chmod -R a+rX /opt")
        point_at(machine, "site")
        yield machine


def point_at(machine: Machine, host: str) -> None:
    machine.hosts({name: ADDRESSES[host] for name in (SITE, REGISTRY, ROOT_HOST)})


def step(machine: Machine, script: str, fingerprint: str, *, user: bool = False) -> str:
    """A script of the bundle as the runbook runs it, from the bundle's folder."""
    command = f"cd /opt/bundle && {script} {fingerprint}".strip()
    done = machine.run(_as_user(command) if user else command, check=False, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def refused(machine: Machine, script: str, fingerprint: str, *, user: bool = False) -> str:
    command = f"cd /opt/bundle && {script} {fingerprint}"
    done = machine.run(_as_user(command) if user else command, check=False, timeout=120)
    assert done.returncode != 0, done.stdout
    return done.stderr


def asked(world: World, machine: Machine, programs: list[Ask]) -> dict[str, bool]:
    return {program.__name__.rstrip("_"): program(world, machine) for program in programs}


def prove(
    world: World,
    machine: Machine,
    programs: list[Ask],
    install: str,
    uninstall: str,
    *,
    user: bool = False,
    fetches: bool = True,
) -> None:
    """The four steps of the module's docstring, for one target's scripts and programs;
    an installer that does not fetch the root (it points at the system store's) is not
    asked again with the attacker's."""
    none = dict.fromkeys((p.__name__.rstrip("_") for p in programs), False)
    every = dict.fromkeys(none, True)
    assert asked(world, machine, programs) == none, "trusted before the installer"
    assert "ok: " in step(machine, install, world.fingerprint, user=user)
    assert asked(world, machine, programs) == every, "not trusted after the installer"
    point_at(machine, "attacker")
    assert asked(world, machine, programs) == none, "the look-alike site is trusted"
    if fetches:
        error = refused(machine, install, world.fingerprint, user=user)
        assert f"not {world.fingerprint}; nothing installed" in error
    point_at(machine, "site")
    assert asked(world, machine, programs) == every, "the refused install changed something"
    step(machine, uninstall, "", user=user)
    assert asked(world, machine, programs) == none, "trusted after the uninstaller"


def test_linux_the_system_store_reaches_curl_git_java_and_skopeo(
    world: World, linux: Machine
) -> None:
    prove(
        world,
        linux,
        [curl, git, java, skopeo],
        "trust/linux/install-root.sh",
        "trust/linux/uninstall-root.sh",
    )


def test_the_system_store_does_not_reach_the_browsers_requests_or_node(
    world: World, linux: Machine
) -> None:
    step(linux, "trust/linux/install-root.sh", world.fingerprint)
    assert curl(world, linux)
    assert asked(world, linux, [chromium, firefox, requests_, node]) == {
        "chromium": False,
        "firefox": False,
        "requests": False,
        "node": False,
    }


def test_chromium_trusts_through_the_users_store(world: World, linux: Machine) -> None:
    prove(
        world,
        linux,
        [chromium],
        "trust/chromium/install-root.sh",
        "trust/chromium/uninstall-root.sh",
        user=True,
    )


def test_firefox_trusts_through_its_policy_until_the_profile_forgets(
    world: World, linux: Machine
) -> None:
    """The policy imports the root into the profile; taking the policy away leaves it
    there, as the runbook warns, and the user's uninstall-root.sh takes it out."""
    assert not firefox(world, linux)
    step(linux, "trust/firefox/install-policy.sh", world.fingerprint)
    assert firefox(world, linux)
    point_at(linux, "attacker")
    assert not firefox(world, linux)
    assert "nothing installed" in refused(
        linux, "trust/firefox/install-policy.sh", world.fingerprint
    )
    point_at(linux, "site")
    step(linux, "trust/firefox/uninstall-policy.sh", "")
    assert firefox(world, linux), "the profile forgot the root with the policy: fix the runbook"
    assert "removed: vlan.party Root CA - vlan.party" in step(
        linux, "trust/firefox/uninstall-root.sh", "", user=True
    )
    assert not firefox(world, linux)


def test_firefox_profiles_trust_through_certutil(world: World, linux: Machine) -> None:
    linux.run(
        _as_user("firefox-esr --headless --screenshot /tmp/first.png about:blank >/dev/null 2>&1")
    )
    prove(
        world,
        linux,
        [firefox],
        "trust/firefox/install-root.sh",
        "trust/firefox/uninstall-root.sh",
        user=True,
    )


def test_a_jdk_with_its_own_cacerts_trusts_through_keytool(world: World, linux: Machine) -> None:
    """Debian's JDK, given a cacerts of its own as a Temurin or Oracle JDK has."""
    keystore = f"{JDK}/lib/security/cacerts"
    assert "Debian's shared keystore" in refused(
        linux, f"JAVA_HOME={JDK} trust/java/install-root.sh", world.fingerprint
    )
    linux.run(f"cp --remove-destination /etc/ssl/certs/java/cacerts {keystore}")
    prove(
        world,
        linux,
        [java],
        f"JAVA_HOME={JDK} trust/java/install-root.sh",
        f"JAVA_HOME={JDK} trust/java/uninstall-root.sh",
    )


@pytest.mark.parametrize("program", [requests_, node], ids=["requests", "node"])
def test_a_runtimes_variables_reach_it_at_login(world: World, linux: Machine, program: Ask) -> None:
    """After the system store: pip's requests (certifi) and Node's own list still refuse
    until their target's profile.d file points them at it."""
    target = "python" if program is requests_ else "node"
    step(linux, "trust/linux/install-root.sh", world.fingerprint)
    prove(
        world,
        linux,
        [program],
        f"trust/{target}/install-root.sh",
        f"trust/{target}/uninstall-root.sh",
        fetches=False,
    )


def test_containers_trust_the_registry_alone(world: World, linux: Machine) -> None:
    """skopeo reads /etc/containers/certs.d/<registry>/: the registry is trusted, and no
    other program or name is."""
    prove(
        world,
        linux,
        [skopeo],
        "trust/containers/install-root.sh",
        "trust/containers/uninstall-root.sh",
    )
    step(linux, "trust/containers/install-root.sh", world.fingerprint)
    assert not curl(world, linux)
    docker = linux.run(f"ls /etc/docker/certs.d/{REGISTRY}:{REGISTRY_PORT}/").stdout.split()
    assert docker == ["homelab-root.crt"]


def test_bad_input_gets_one_line_and_changes_nothing(world: World, linux: Machine) -> None:
    wrong = f"{int(world.fingerprint, 16) ^ 1:064x}"
    error = refused(linux, "trust/linux/install-root.sh", wrong)
    assert error.count("\n") == 1 and "nothing installed" in error
    error = refused(linux, "trust/firefox/install-root.sh", world.fingerprint, user=True)
    assert error.startswith("error: no Firefox profile of /home/alice")
    assert error.count("\n") == 1
    linux.run("mv /usr/bin/certutil /usr/bin/certutil.away")
    error = refused(linux, "trust/chromium/install-root.sh", world.fingerprint, user=True)
    assert error == "error: certutil is missing: apt install libnss3-tools\n"
    assert not linux.run(f"ls -A /home/{USER}/.local/share/pki 2>/dev/null || true").stdout
    error = refused(linux, "trust/python/install-root.sh", world.fingerprint)
    assert "run trust/linux/install-root.sh first" in error and error.count("\n") == 1
    assert not re.search(r"homelab", linux.run("ls /etc/profile.d").stdout)
