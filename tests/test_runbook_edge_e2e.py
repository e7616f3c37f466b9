"""A spec with every proxy: its RUNBOOK.md applied by its own commands, proxies included.

The `edge` golden spec (Caddy and nginx with client certificates, nginx checking step-ca's
CRL, every kind of client, a profile signer) in its first phase, before any root exists,
is built and its runbook applied block by block by tests/e2e/operator.py on six machines,
each server a host of its own at its address, so that Caddy, nginx and step-ca each have
:80 and :443 to themselves as the runbook's hosts do: the air-gapped machine (on no wire),
the CRL host, the CA server, Caddy's host, nginx's host and the admin machine (which also
trusts the root as a Linux machine would). `apt install` finds Caddy, nginx and certbot
installed already, as on this host (Debian's packages: Caddy 2.6.2, nginx 1.22, certbot 2.1).

Before section 5 the operator's applications run behind the proxies (the spec's upstreams,
127.0.0.1:8080 and :8081 on the proxies' hosts). Each proxy then gets its certificate from
step-ca over ACME (http-01, answered by the proxy itself or by nginx's ACME site) and is
proven with the attacker's move: a client without a certificate, and a client whose
certificate step-ca revoked, against a client the spec names.

Not run here: the Traefik part of section 5 is prose (Compose and a container), proven by
test_traefik_live; sections 8 and 9 need the spec changed (test_runbook_e2e runs section 8
on the example; test_rotation proves section 9).
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12

from conftest import ROOT, compile_checked, materialize
from e2e.machines import require_machines
from e2e.operator import OUT, PASSPHRASES, Operator, Site, Workstation, prepare
from peers import EDGES, Edge, peer, release
from runbook import blocks, section_blocks

SPEC = ROOT / "tests" / "golden" / "edge" / "spec.yaml"
ADDRESSES: dict[str, str | None] = {
    "offline": None,
    "crl-host": "127.2.0.2",
    "ca-server": "127.2.0.3",
    "caddy-host": "127.2.0.4",
    "nginx-host": "127.2.0.5",
    "admin": "127.2.0.6",
}
SERVES = {
    "pki.oneill.example": "crl-host",
    "ca.oneill.example": "ca-server",
    "files.oneill.example": "caddy-host",
    "mail.oneill.example": "nginx-host",
    # the containers target's registry: section 4 names it, and nothing there reaches it
    # (test_trust_consumers runs a registry)
    "registry.oneill.example": "ca-server",
}
#: the runbook's machines played by others: any Linux machine and the desktop by the admin
#: machine, the SSH host files.oneill.example by Caddy's host, the SSH user's laptop by admin
STANDS_IN = {"linux": "admin", "desktop": "admin", "ssh-host": "caddy-host", "laptop": "admin"}
SSH_USERS = ("anna", "ops")
NOT_RUN = {
    8: "revoking an intermediate needs the spec changed first (test_runbook_e2e)",
    9: "rotating the intermediate needs the spec changed first (test_rotation)",
}
#: the operator's applications behind the proxies: the spec's upstreams
APPS = {"caddy-host": 8080, "nginx-host": 8081}
CADDY, NGINX = "https://files.oneill.example/", "https://mail.oneill.example/"
ISSUING = "CN=O'Neill Issuing CA,O=O'Neill & Söhne,C=CH"
JDK = "/usr/lib/jvm/java-17-openjdk-amd64"


def first_phase(spec: str) -> str:
    """The spec before its ceremony: no root certificate committed yet."""
    committed = (
        "  certificate: root.pem        # committed after the ceremony (the spec's second phase)\n"
    )
    assert committed in spec
    return spec.replace(committed, "")


def desktop_and_jdk(operator: Operator) -> None:
    """What section 4 presumes: the desktop's Firefox started once (it makes a profile), and
    a JDK with a cacerts of its own (Debian's, given one, as Temurin's has)."""
    operator.sh("desktop", "firefox-esr --headless --screenshot /tmp/first.png about:blank")
    operator.sh(
        "linux", f"cp --remove-destination /etc/ssl/certs/java/cacerts {JDK}/lib/security/cacerts"
    )
    operator.choices["JAVA_HOME"] = JDK


def ssh_accounts_and_key(operator: Operator) -> None:
    """What section 11 presumes: the users' accounts on the SSH host, the directory systemd
    would make for sshd (RuntimeDirectory=, which the stand-in systemctl does not make), and
    the user's key on the laptop."""
    for user in SSH_USERS:
        operator.sh("ssh-host", f"id -u {user} >/dev/null 2>&1 || useradd -m {user}")
    operator.sh("ssh-host", "install -d -m 755 /run/sshd")
    operator.sh("laptop", "rm -f /root/.ssh/id_ed25519* /root/.ssh/known_hosts")
    operator.sh("laptop", "ssh-keygen -q -t ed25519 -N '' -f /root/.ssh/id_ed25519")
    operator.choices["SSH_KEY"] = "/root/.ssh/id_ed25519"


def start_apps(operator: Operator) -> None:
    """What the proxies forward to: a page naming its host, on the upstream's port."""
    for machine, port in APPS.items():
        operator.sh(machine, f"mkdir -p /srv/app && echo 'app on {machine}' >/srv/app/index.html")
        operator.sh(
            machine,
            f"setsid python3 -m http.server -d /srv/app -b 127.0.0.1 {port} >/dev/null 2>&1 &",
        )


@pytest.fixture(scope="module", params=EDGES)
def operator(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Operator]:
    """The edge spec's runbook, sections 0 to 7, 10 and 11, applied in order: with step-ca
    0.26.1 and Debian's Caddy, and with the newest step-ca and Caddy (installed over
    Debian's, as from Caddy's own packages), whose Go verifier is the strictest."""
    edge: Edge = request.param
    work = tmp_path_factory.mktemp("edge")
    require_machines(work)
    spec = work / "oneill.pki.yaml"
    spec.write_text(first_phase(SPEC.read_text(encoding="utf-8")), encoding="utf-8")
    bundle = materialize(compile_checked(spec), work / "oneill")
    with ExitStack() as stack:
        person = prepare(stack, work, bundle, Site(ADDRESSES, SERVES, STANDS_IN, edge))
        person.workstation = Workstation.before_the_ceremony(
            work / "workstation", spec.read_text(encoding="utf-8"), "oneill"
        )
        if edge == "newest":
            person.on("caddy-host").put(peer("caddy", edge), "/usr/bin/caddy")
        person.apply_all(
            NOT_RUN,
            before={
                4: lambda: desktop_and_jdk(person),
                5: lambda: start_apps(person),
                11: lambda: ssh_accounts_and_key(person),
            },
        )
        yield person


def client(operator: Operator, name: str, cert: x509.Certificate, key: bytes) -> str:
    """A client's certificate and key as PEM files on the admin machine; curl's options."""
    pem = cert.public_bytes(serialization.Encoding.PEM).decode()
    operator.on("admin").write_text(f"/root/clients/{name}.crt", pem)
    operator.on("admin").write_text(f"/root/clients/{name}.key", key.decode(), mode=0o600)
    return f"--cert /root/clients/{name}.crt --key /root/clients/{name}.key"


def from_p12(operator: Operator, path: str) -> tuple[x509.Certificate, bytes]:
    data = base64.b64decode(operator.sh("admin", f"base64 -w0 {path}"))
    p12 = pkcs12.load_pkcs12(data, PASSPHRASES["PKISPEC_P12_PASSFILE"].encode())
    assert p12.cert is not None and p12.key is not None
    key = p12.key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return p12.cert.certificate, key


def fetch(operator: Operator, url: str, options: str = "") -> tuple[int, str]:
    """curl on the admin machine, trusting the root through the system store (section 4):
    curl's exit status and what the site answered."""
    done = operator.on("admin").run(
        f"curl -sS --max-time 10 {options} {url}", check=False, timeout=30
    )
    return done.returncode, done.stdout + done.stderr


def served_certificate(operator: Operator, host: str) -> x509.Certificate:
    """The certificate a proxy shows (s_client fails after it: no client certificate)."""
    script = (
        f"{{ openssl s_client -connect {host}:443 -servername {host} </dev/null 2>/dev/null"
        " || true; } | openssl x509"
    )
    return x509.load_pem_x509_certificate(operator.sh("admin", script).encode())


def test_every_block_ran_but_the_named(operator: Operator) -> None:
    every = blocks(operator.runbook)
    skipped = [b for b in every if b.section in NOT_RUN]
    carried = [b for b in every if b.kind == "carry"]
    assert len(operator.ran) + len(skipped) + len(carried) == len(every)
    assert {"caddy-host", "nginx-host", "workstation"} <= {b.machine for b in operator.ran}


def test_the_releases_are_those_under_test(operator: Operator) -> None:
    edge = operator.site.step_ca
    step_ca = operator.sh("ca-server", "step-ca version")
    assert f"Smallstep CA/{release('step-ca', edge).version} " in step_ca
    caddy = operator.sh("caddy-host", "caddy version")
    assert caddy.removeprefix("v").startswith(release("caddy", edge).version), caddy


@pytest.mark.parametrize("host", ["files.oneill.example", "mail.oneill.example"])
def test_each_proxy_got_its_certificate_from_step_ca(operator: Operator, host: str) -> None:
    cert = served_certificate(operator, host)
    assert cert.issuer.rfc4514_string() == ISSUING
    names = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert names.get_values_for_type(x509.DNSName) == [host]


@pytest.mark.parametrize("url", [CADDY, NGINX])
def test_a_client_of_the_spec_reaches_the_application(operator: Operator, url: str) -> None:
    cert, key = from_p12(operator, f"{OUT}/build-server.p12")
    status, answer = fetch(operator, url, client(operator, "build-server", cert, key))
    assert status == 0, answer
    app = "caddy-host" if url == CADDY else "nginx-host"
    assert f"app on {app}" in answer


def test_caddy_refuses_a_client_without_a_certificate(operator: Operator) -> None:
    status, answer = fetch(operator, CADDY)
    assert status != 0 and "app on" not in answer  # the handshake fails: certificate required


def test_nginx_refuses_a_client_without_a_certificate(operator: Operator) -> None:
    status, answer = fetch(operator, NGINX)
    assert status == 0 and "400 No required SSL certificate was sent" in answer
    assert "app on" not in answer


def test_a_certificate_of_another_ca_is_refused_by_both(operator: Operator, tmp_path: Path) -> None:
    """A look-alike: the same subject, signed by a CA of the attacker's."""
    script = (
        "cd /root/clients && openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256"
        " -noenc -keyout evil-ca.key -out evil-ca.crt -subj '/CN=O'\\''Neill Issuing CA' -days 2"
        " && openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -noenc -keyout evil.key"
        " -subj /CN=build-server | openssl x509 -req -CA evil-ca.crt -CAkey evil-ca.key"
        " -days 1 -out evil.crt"
    )
    operator.sh("admin", "mkdir -p /root/clients && " + script)
    options = "--cert /root/clients/evil.crt --key /root/clients/evil.key"
    for url in (CADDY, NGINX):
        _status, answer = fetch(operator, url, options)
        assert "app on" not in answer, url


def test_nginx_refuses_a_revoked_client_once_its_crls_are_fetched(operator: Operator) -> None:
    """Section 6 renewed the phone (the old certificate revoked as superseded) and then
    revoked it as lost; the step CLI issued it anew under the same file names, so the
    revoked certificates are those of the PKCS#12 files. After the CRL refresh the runbook
    names (its timer's service, started as the timer would), nginx refuses both."""
    operator.sh("nginx-host", "systemctl start pkispec-oneill-nginx-crls.service")
    for p12 in ("anna-s-iphone.p12", "anna-s-iphone.p12.previous"):
        cert, key = from_p12(operator, f"{OUT}/{p12}")
        _status, answer = fetch(operator, NGINX, client(operator, p12, cert, key))
        assert "app on" not in answer, p12
        assert re.search(r"400 The SSL certificate error|certificate revoked", answer), answer


def test_caddy_admits_a_revoked_client_as_the_runbook_warns(operator: Operator) -> None:
    """The runbook says Caddy checks no CRL: that is true, and why its clients' lifetimes
    are short."""
    assert "Caddy checks no CRL" in operator.runbook
    cert, key = from_p12(operator, f"{OUT}/anna-s-iphone.p12")
    status, answer = fetch(operator, CADDY, client(operator, "anna-revoked", cert, key))
    assert status == 0 and "app on caddy-host" in answer


def test_the_proxies_are_redeployed_by_section_5_again(operator: Operator) -> None:
    """Section 9 says to redeploy the proxies' files by section 5: its blocks run a second
    time as written, and both proxies still admit the spec's client and no other."""
    assert "Redeploy the proxies' files (section 5)" in operator.runbook
    for block in section_blocks(operator.runbook, 5):
        operator.apply(block)
    cert, key = from_p12(operator, f"{OUT}/build-server.p12")
    for url in (CADDY, NGINX):
        status, answer = fetch(operator, url, client(operator, "build-server", cert, key))
        assert status == 0 and "app on" in answer, answer
        assert "app on" not in fetch(operator, url)[1]


def ssh_from_laptop(operator: Operator, account: str) -> tuple[int, str]:
    """ssh from the laptop with its key and certificate, as section 11 leaves them."""
    done = operator.on("laptop").run(
        "ssh -o BatchMode=yes -o ConnectTimeout=10 -i /root/.ssh/id_ed25519 "
        f"-l {account} files.oneill.example id -un",
        check=False,
        timeout=30,
    )
    return done.returncode, done.stdout + done.stderr


def test_the_ssh_host_is_trusted_through_its_certificate_alone(operator: Operator) -> None:
    known = operator.sh("admin", "cat /root/.ssh/known_hosts")
    assert known.startswith("@cert-authority files.oneill.example,files ecdsa-sha2-nistp256 ")
    assert len(known.splitlines()) == 1
    status, answer = ssh_from_laptop(operator, "ops")  # the last user section 11 signed
    assert status == 0 and answer.strip() == "ops", answer


def test_ssh_refuses_an_account_the_certificate_does_not_name(operator: Operator) -> None:
    status, answer = ssh_from_laptop(operator, "anna")  # the certificate is ops's now
    assert status == 255 and "Permission denied (publickey" in answer, answer


def test_the_host_certificate_is_step_cas_and_renews_by_its_timer(operator: Operator) -> None:
    cert = "/etc/ssh/ssh_host_ed25519_key-cert.pub"
    before = operator.sh("caddy-host", f"ssh-keygen -L -f {cert}")
    assert "Type: ssh-ed25519-cert-v01@openssh.com host certificate" in before
    operator.sh("caddy-host", "systemctl start pkispec-oneill-ssh-renew.service")
    after = operator.sh("caddy-host", f"ssh-keygen -L -f {cert}")
    serial = re.compile(r"Serial: (\d+)")
    assert serial.findall(after) != serial.findall(before)
    assert "files.oneill.example\n" in after and "files\n" in after
    status, answer = ssh_from_laptop(operator, "ops")
    assert status == 0, answer
