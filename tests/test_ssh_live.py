"""The SSH section of a bundle, proven by step-ca, sshd and ssh on loopback.

The ceremony runs; install-step-ca.sh makes the SSH CA's keys beside the intermediate's;
step-ca (both ends of the supported range) starts on the generated ca.json. In one
emulated machine (a copy-on-write view of this host, so this host's /etc/ssh and users
stay as they are) the bundle's install-ssh-host.sh gets the host certificate and lays out
sshd's drop-in; sshd (Debian's, with Debian's sshd_config) runs on 127.0.0.1:22 of the
machine's own network. The SSH tool signs the users' keys, and ssh connects trusting the
host through the `@cert-authority` line alone. Then the attacker's moves:

- a certificate for one account used to log in as another;
- a key without a certificate, and a certificate of the genuine CA that has expired;
- a valid certificate of a key the spec revokes;
- a host that presents a certificate of another CA under the host's name.

Each must be refused; and the host certificate renews as the bundle's timer runs it.
"""

from __future__ import annotations

import re
import shlex
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes

from conftest import require
from e2e.machines import Machine, Network, require_machines
from peers import EDGES, Edge, peer, release
from test_step_ca import install, install_step_ca

HOST = "host.pkispec.test"
USERS = ("alice", "bob", "carol")  # carol's key is revoked in the spec
PORT = 9443  # step-ca's, in the machine's own network
STEP_CA = "/usr/local/bin/step-ca"  # the release under test, in the machine
SPEC = """\
pkispec: 1
name: sshtest
subject: {{country: DE, organization: SSH Test}}
root:
  common_name: SSH Test Root CA
  key: {{type: ec, curve: secp256r1}}
  lifetime: 3650d
  crl: {{url: "http://crl.pkispec.test/crls/root.crl", validity: 180d, renew_every: 90d}}
intermediates:
  - name: intermediate
    common_name: SSH Test Intermediate CA
    key: {{type: ec, curve: secp256r1}}
    lifetime: 1825d
    name_constraints: {{permitted_dns: [pkispec.test, localhost]}}
ca_server:
  name: SSH Test CA
  dns_names: [localhost]
  address: "127.0.0.1:{port}"
  steppath: {steppath}
  version: {version}
  provisioners:
    - {{type: jwk, name: admin, admin: true}}
ssh:
  provisioner: admin
  host_lifetime: 2d
  hosts:
    - {{name: {host}, principals: [{host}, host]}}
  users:
    - {{name: alice}}
    - {{name: bob}}
    - {{name: carol}}
  revoked_keys:
    - {revoked}
"""
REFUSED = re.compile(r"Permission denied \(publickey[,)]")
HOST_REFUSED = re.compile(r"Host key verification failed")


@dataclass
class Site:
    machine: Machine
    bundle: Path
    root: Path  # the ceremony's root, on this host and at the same path in the machine
    keys: Path  # the users' keys (and -cert.pub beside each), made on this host
    steppath: Path
    edge: Edge

    def tool(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        """The bundle's SSH tool, with the provisioner's passphrase in a file."""
        command = shlex.join(
            ["python3", str(self.bundle / "devices" / "issue-certificate.py"), "ssh", *args]
        )
        return self.machine.run(
            command,
            env={"PKISPEC_PROVISIONER_PASSFILE": str(self.steppath.parent / "ca" / "admin.pass")},
            check=check,
        )

    def ssh(self, user: str, key: str, *options: str) -> subprocess.CompletedProcess[str]:
        """ssh as `user` with `key` (and its -cert.pub, if there is one), trusting hosts by
        /root/known_hosts alone."""
        argv = [
            "ssh",
            "-F",
            "/dev/null",
            *("-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes"),
            *("-o", "UserKnownHostsFile=/root/known_hosts", "-o", "GlobalKnownHostsFile=/dev/null"),
            *("-o", "IdentitiesOnly=yes", "-o", "ConnectTimeout=10"),
            *("-i", key, *options),
            f"{user}@{HOST}",
            "id -un",
        ]
        return self.machine.run(shlex.join(argv), check=False)


def _spec(work: Path, edge: Edge, revoked: str) -> str:
    return SPEC.format(
        port=PORT,
        steppath=work / "step",
        version=release("step-ca", edge).version,
        host=HOST,
        revoked=revoked,
    )


def _keygen(path: Path, comment: str) -> None:
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", str(path)], check=True
    )


@pytest.fixture(
    scope="module", params=EDGES, ids=[release("step-ca", e).label.replace(" ", "-") for e in EDGES]
)
def site(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Site]:
    for tool in ("ssh", "sshd", "ssh-keygen", "ssh-keyscan", "openssl", "curl"):
        require(tool)
    edge: Edge = request.param
    work = tmp_path_factory.mktemp("ssh")
    require_machines(work)
    keys = work / "keys"
    keys.mkdir()
    for user in USERS:
        _keygen(keys / user, f"{user}@laptop")
    revoked = (keys / "carol.pub").read_text(encoding="utf-8").strip()
    ceremony, bundle = install(work, _spec(work, edge, revoked))
    install_step_ca(ceremony, bundle, work / "step", edge)
    root = ceremony.export / "certs" / "root.pem"
    steppath = work / "step"
    with Network() as net, net.machine("host", work / "machine") as machine:
        machine.put(work / "ca", str(work / "ca"))  # the machine's /tmp is its own:
        machine.put(steppath, str(steppath))  # everything at the same paths there
        machine.put(keys, str(keys))
        machine.put(peer("step-ca", edge), STEP_CA)  # tests/peers may lie below /tmp too
        machine.hosts({HOST: "127.0.0.1"})
        stepca = shlex.join(
            [
                STEP_CA,
                "--password-file",
                str(steppath / "secrets" / "password"),
                str(steppath / "config" / "ca.json"),
            ]
        )
        machine.run(f"STEPPATH={shlex.quote(str(steppath))} {stepca} >/root/step-ca.log 2>&1 &")
        health = f"curl -fsS --cacert {shlex.quote(str(root))} https://localhost:{PORT}/health"
        machine.run(
            f"for _ in $(seq 100); do {health} 2>/dev/null && exit 0; sleep 0.1; done\n"
            "cat /root/step-ca.log; exit 1"
        )
        # a host of its own: fresh host keys, the users' accounts, sshd's run folder
        machine.run("rm -f /etc/ssh/ssh_host_*; ssh-keygen -A; mkdir -p /run/sshd")
        for user in USERS:
            machine.run(f"useradd -m {user}")
        yield Site(machine, bundle, root, keys, steppath, edge)


def _fingerprint(root: Path) -> str:
    cert = x509.load_pem_x509_certificate(root.read_bytes())
    return cert.fingerprint(hashes.SHA256()).hex()


@pytest.fixture(scope="module")
def sshd(site: Site) -> Site:
    """The host installed by the bundle's script, as the runbook runs it, and sshd started
    on Debian's sshd_config, which includes the drop-in."""
    m = site.machine
    script = site.bundle / "ssh" / "install-ssh-host.sh"
    m.run(
        shlex.join(["bash", str(script), HOST, _fingerprint(site.root), str(site.root)]),
        env={"PKISPEC_PROVISIONER_PASSFILE": str(site.steppath.parent / "ca" / "admin.pass")},
    )
    m.run("sshd -t")
    m.run("/usr/sbin/sshd -o ListenAddress=127.0.0.1 -p 22 -E /root/sshd.log")
    for user in USERS:
        site.tool("user", user, "--key", str(site.keys / f"{user}.pub"), "--root", str(site.root))
    site.tool("known-hosts", "--root", str(site.root), "--file", "/root/known_hosts")
    return site


def test_the_ssh_ca_keys_are_made_on_the_ca_host_under_the_intermediates_passphrase(
    site: Site,
) -> None:
    password = site.steppath / "secrets" / "password"
    for name in ("ssh_host_ca_key", "ssh_user_ca_key"):
        key = site.steppath / "secrets" / name
        assert key.read_text(encoding="utf-8").startswith("-----BEGIN ENCRYPTED PRIVATE KEY-----")
        assert oct(key.stat().st_mode & 0o777) == "0o440"
        opened = subprocess.run(
            ["openssl", "pkey", "-in", key, "-passin", f"file:{password}", "-noout"], check=False
        )
        assert opened.returncode == 0


def test_a_user_logs_in_trusting_the_host_through_cert_authority_alone(sshd: Site) -> None:
    known = sshd.machine.read_text("/root/known_hosts")
    assert known.startswith(f"@cert-authority {HOST},host ecdsa-sha2-nistp256 ")
    assert len(known.splitlines()) == 1  # no host key of its own: the CA vouches
    proc = sshd.ssh("alice", str(sshd.keys / "alice"))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "alice"


def test_a_certificate_for_one_account_is_refused_for_another(sshd: Site) -> None:
    proc = sshd.ssh("bob", str(sshd.keys / "alice"))
    assert proc.returncode == 255
    assert REFUSED.search(proc.stderr), proc.stderr
    assert "name is not a listed principal" in sshd.machine.read_text("/root/sshd.log")


def test_a_key_without_its_certificate_is_refused(sshd: Site) -> None:
    # the same private key, with no -cert.pub beside it
    sshd.machine.run(f"install -d /root/bare && install -m 600 {sshd.keys}/alice /root/bare/")
    proc = sshd.ssh("alice", "/root/bare/alice")
    assert REFUSED.search(proc.stderr), proc.stderr


def test_an_expired_certificate_of_the_genuine_ca_is_refused(sshd: Site) -> None:
    """Signed with the SSH user CA's own key, valid from two days ago until yesterday."""
    secrets = sshd.steppath / "secrets"
    sshd.machine.run(
        "install -d -m 700 /root/expired && cd /root/expired && "
        f"openssl pkey -in {secrets}/ssh_user_ca_key -passin file:{secrets}/password -out ca && "
        f"install -m 600 {sshd.keys}/alice {sshd.keys}/alice.pub . && "
        "ssh-keygen -q -s ca -I alice -n alice -V -2d:-1d alice.pub"
    )
    proc = sshd.ssh("alice", "/root/expired/alice")
    assert REFUSED.search(proc.stderr), proc.stderr
    assert "expired" in sshd.machine.read_text("/root/sshd.log")


def test_a_revoked_key_is_refused_with_a_valid_certificate(sshd: Site) -> None:
    cert = sshd.machine.read_text(f"{sshd.keys}/carol-cert.pub")
    assert cert.startswith("ssh-ed25519-cert-v01@openssh.com ")  # step-ca signed it
    proc = sshd.ssh("carol", str(sshd.keys / "carol"))
    assert REFUSED.search(proc.stderr), proc.stderr
    assert "revoked" in sshd.machine.read_text("/root/sshd.log").lower()


def test_a_host_with_another_cas_certificate_is_refused(sshd: Site) -> None:
    """The attacker's sshd on the host's name: its own CA signed its host key for it."""
    m = sshd.machine
    m.run(
        "rm -rf /root/evil && mkdir /root/evil && cd /root/evil && "
        "ssh-keygen -q -t ecdsa -N '' -f ca && ssh-keygen -q -t ed25519 -N '' -f host && "
        f"ssh-keygen -q -s ca -h -I {HOST} -n {HOST},host -V -5m:+1d host.pub"
    )
    m.run("kill $(cat /run/sshd.pid); while [[ -e /run/sshd.pid ]]; do sleep 0.1; done")
    m.run(
        "/usr/sbin/sshd -o ListenAddress=127.0.0.1 -p 22 -E /root/evil.log -f /dev/null "
        "-o HostKey=/root/evil/host -o HostCertificate=/root/evil/host-cert.pub "
        "-o TrustedUserCAKeys=/etc/ssh/sshtest-user-ca.pub -o PidFile=/root/evil.pid"
    )
    try:
        evil = m.read_text("/root/evil/host-cert.pub").split()[1]
        assert evil in m.run(f"ssh-keyscan -c -t ed25519 {HOST} 2>/dev/null").stdout
        proc = sshd.ssh("alice", str(sshd.keys / "alice"))
        assert proc.returncode == 255
        assert HOST_REFUSED.search(proc.stderr), proc.stderr
    finally:
        m.run("kill $(cat /root/evil.pid); while [[ -e /root/evil.pid ]]; do sleep 0.1; done")
        m.run("/usr/sbin/sshd -o ListenAddress=127.0.0.1 -p 22 -E /root/sshd.log")


def _served_serial(m: Machine) -> int:
    scan = m.run(f"ssh-keyscan -c -t ed25519 {HOST} 2>/dev/null").stdout
    (line,) = [line for line in scan.splitlines() if "cert-v01" in line]
    kind, blob = line.split()[-2:]
    m.write_text("/root/served-cert.pub", f"{kind} {blob}\n")
    shown = m.run("ssh-keygen -L -f /root/served-cert.pub").stdout
    match = re.search(r"Serial: (\d+)", shown)
    assert match, shown
    return int(match.group(1))


def test_the_host_certificate_renews_as_the_timer_runs_it(sshd: Site) -> None:
    m = sshd.machine
    unit = (sshd.bundle / "ssh" / "systemd" / "pkispec-sshtest-ssh-renew.service").read_text(
        encoding="utf-8"
    )
    (exec_start,) = re.findall(r"^ExecStart=(.+)$", unit, re.M)
    before = m.read_text("/etc/ssh/ssh_host_ed25519_key-cert.pub")
    served = _served_serial(m)
    proc = m.run(exec_start)  # no passphrase: the host's key and certificate vouch
    assert "renewed /etc/ssh/ssh_host_ed25519_key-cert.pub" in proc.stdout
    after = m.read_text("/etc/ssh/ssh_host_ed25519_key-cert.pub")
    assert after != before
    m.run("kill -HUP $(cat /run/sshd.pid); sleep 1")  # what the unit's reload does
    assert _served_serial(m) != served
    shown = m.run("ssh-keygen -L -f /etc/ssh/ssh_host_ed25519_key-cert.pub").stdout
    assert f"{HOST}\n" in shown and "host\n" in shown  # the principals are kept
    assert sshd.ssh("alice", str(sshd.keys / "alice")).returncode == 0
