"""RUNBOOK.md, applied by its own commands, machine by machine, on loopback.

The example's bundle is built, and the fenced blocks of its generated RUNBOOK.md are run in
the runbook's order, each on the machine its `on=` names, as root from the bundle's folder:
nothing is retyped, so a changed runbook template changes what runs here. Each machine is
its own copy-on-write Debian (tests/e2e/machines.py: an overlay of this host's root in its
own mount namespace); all of them share one private network namespace, where each name of
the spec resolves to 127.0.0.1 through the machine's /etc/hosts, so nginx on :80 and
step-ca on :443 are the runbook's own ports and never the host's. Files move between
machines only by the runbook's carry blocks. systemctl is tests/e2e/systemctl.py, which
starts a unit from its own User=, Environment= and ExecStart= lines, and lists what it does
not emulate.

What the operator does that is not a command of the runbook, the test does the same way:
- installs step-ca 0.26.1 (the release the example names, and the guide's) as
  /usr/bin/step-ca, and the step CLI as /usr/bin/step, from the builds of tests/peers;
- chooses EXPORT, INTERMEDIATE_KEY and OUT, and writes down the root's fingerprint
  (FINGERPRINT) from what the root ceremony prints;
- gives passphrases through the files the runbook's variables name (PKISPEC_*_PASSFILE),
  and answers confirmations with PKISPEC_ASSUME_YES=1, as the runbook offers;
- types the provisioner's passphrase at the step CLI's prompt (tests/e2e/typist.py);
- on the Windows PC, which cannot run here, `certreq -new` is stood in for by openssl
  making the request the INF describes, and `certreq -accept` by reading the .p7b.

Not run, and why (each is proven elsewhere): see NOT_RUN.
"""

from __future__ import annotations

import base64
import re
import subprocess
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.serialization import pkcs7, pkcs12

from conftest import EXAMPLE, compile_checked, materialize, require
from e2e.machines import Machine, Network, carry, require_machines
from e2e.systemctl import NOT_EMULATED
from peers import peer
from runbook import Block, blocks, choices, section_blocks, variables

#: machines of the runbook that run here, each a machine of its own ("linux": any Linux
#: machine that trusts the root; the admin machine is one)
MACHINES = ("offline", "crl-host", "ca-server", "admin")
RUNS_ON = {**{m: m for m in MACHINES}, "linux": "admin"}
#: sections whose blocks belong to a later procedure, with the test that proves them
NOT_RUN = {
    8: "revoking an intermediate needs the spec changed first (test_revocation)",
    9: "rotating the intermediate needs the spec changed first (test_rotation)",
}
#: what the operator chooses, on every machine that has it
BUNDLE = "/root/bundle"  # where the bundle is carried on each machine
EXPORT, INTERMEDIATE_KEY, OUT = "/root/export", "/root/intermediate.key", "/root/out"
PASSPHRASES = {
    "PKISPEC_ROOT_PASSFILE": "the root's passphrase, typed at the ceremony",
    "PKISPEC_INTERMEDIATE_PASSFILE": "the intermediate's passphrase",
    "PKISPEC_PROVISIONER_PASSFILE": "the JWK provisioner's passphrase",
    "PKISPEC_P12_PASSFILE": "the phone's PKCS#12 passphrase",
}
BLOCK_TIMEOUT = 90  # seconds: every block here takes a few
TYPIST = Path(__file__).parent / "e2e" / "typist.py"
TYPIST_IN_MACHINE = "/usr/local/lib/pkispec-e2e/typist.py"  # a checkout in /tmp is not seen
FINGERPRINT = re.compile(r"(?i)sha256 Fingerprint=([0-9A-F:]{95})")


@dataclass
class Operator:
    """A person applying the runbook: the machines, the choices, and what ran."""

    runbook: str
    machines: dict[str, Machine]
    windows: Path  # the Windows PC's folder (stood in for)
    choices: dict[str, str] = field(
        default_factory=lambda: {"EXPORT": EXPORT, "INTERMEDIATE_KEY": INTERMEDIATE_KEY, "OUT": OUT}
    )
    ran: list[Block] = field(default_factory=list)
    crls: dict[int, x509.CertificateRevocationList] = field(default_factory=dict)

    def passfiles(self) -> dict[str, str]:
        """Each passphrase file the runbook's variables name, and the passphrase in it."""
        named = set(re.findall(r"`(PKISPEC_\w+_PASSFILE)`", self.runbook))
        return {name: PASSPHRASES.get(name, f"the passphrase of {name}") for name in named}

    def give_passphrases(self) -> None:
        """The passphrase files, on every machine (the operator's encrypted medium)."""
        for machine in self.machines.values():
            machine.run("install -d -m 700 /root/secrets")
            for name, passphrase in self.passfiles().items():
                machine.write_text(f"/root/secrets/{name.lower()}", passphrase + "\n", mode=0o600)

    def env(self) -> dict[str, str]:
        secrets = {name: f"/root/secrets/{name.lower()}" for name in self.passfiles()}
        return {**self.choices, **secrets, "PKISPEC_ASSUME_YES": "1"}

    def apply(self, block: Block) -> None:
        """One block as the runbook gives it; a failure names the section."""
        if block.kind == "carry":
            for c in block.carries:
                self.carry(c.source, c.path, c.target, c.to)
            return
        if block.machine == "windows-pc":
            certreq(self, block)
            self.ran.append(block)
            return
        name = RUNS_ON[block.machine or ""]
        script = f"cd {BUNDLE}\nset -euo pipefail\n{block.script}"
        if any(line.startswith("step ") for line in block.lines):
            # the step CLI reads the provisioner's passphrase from a terminal only
            self.machines[name].write_text("/root/block.sh", script, mode=0o700)
            passfile = self.env()["PKISPEC_PROVISIONER_PASSFILE"]
            typist = f"/usr/bin/python3 {TYPIST_IN_MACHINE} {passfile}"
            script = f"exec {typist} /bin/bash /root/block.sh"
        try:
            done = self.machines[name].run(
                script, env=self.env(), check=False, strict=False, timeout=BLOCK_TIMEOUT
            )
        except subprocess.TimeoutExpired as hung:
            output = hung.output.decode(errors="replace") if isinstance(hung.output, bytes) else ""
            pytest.fail(f"{block.where} did not finish in {BLOCK_TIMEOUT} s:\n{output[-3000:]}")
        output = done.stdout + done.stderr
        if done.returncode != 0:
            pytest.fail(f"{block.where} failed as written:\n{block.script}\n{output}")
        self.ran.append(block)
        if "FINGERPRINT" not in self.choices and (found := FINGERPRINT.search(output)):
            self.choices["FINGERPRINT"] = found.group(1).replace(":", "").lower()

    def carry(self, source: str, path: str, target: str, to: str) -> None:
        path, to = self.expand(path), self.expand(to)
        if target == "windows-pc":
            self.machines[RUNS_ON[source]].get(in_bundle(path), self.windows / to)
        elif source == "windows-pc":
            self.machines[RUNS_ON[target]].put(self.windows / path, in_bundle(to))
        else:
            into = self.machines[RUNS_ON[target]]
            into.run(f"rm -rf {in_bundle(to)}")  # a carried export replaces the one before
            carry(self.machines[RUNS_ON[source]], in_bundle(path), into, in_bundle(to))

    def expand(self, path: str) -> str:
        return re.sub(r"\$(\w+)", lambda m: self.choices[m.group(1)], path)

    def served_crl(self) -> x509.CertificateRevocationList:
        """The root CRL as any machine fetches it from the CRL host."""
        url = re.search(r"`(http://\S+\.crl)`", self.runbook)
        assert url, "the runbook names the CRL's URL"
        done = self.machines["admin"].run(f"curl -sf {url.group(1)} | base64 -w0", check=False)
        assert done.returncode == 0, done.stderr
        return x509.load_der_x509_crl(base64.b64decode(done.stdout))


def in_bundle(path: str) -> str:
    """A runbook path on a machine: relative paths are in the bundle's folder."""
    return path if path.startswith("/") else f"{BUNDLE}/{path}"


def certreq(operator: Operator, block: Block) -> str:
    """The Windows PC's certreq, stood in for: `-new` makes the INF's request with openssl
    (its subject, key algorithm and subject alternative names), `-accept` reads the .p7b."""
    out = []
    for line in block.lines:
        match line.split():
            case ["certreq", "-new", inf, csr]:
                out.append(openssl_request(operator.windows / inf, operator.windows / csr))
            case ["certreq", "-accept", "-user", p7b]:
                chain = pkcs7.load_der_pkcs7_certificates((operator.windows / p7b).read_bytes())
                out.append("\n".join(c.subject.rfc4514_string() for c in chain))
            case _:
                pytest.fail(f"{block.where}: no stand-in for {line!r} on the Windows PC")
    return "\n".join(out)


def openssl_request(inf: Path, csr: Path) -> str:
    text = inf.read_text(encoding="utf-8")
    subject = re.search(r'^Subject = "(.*)"$', text, re.MULTILINE)
    algorithm = re.search(r"^KeyAlgorithm = (\S+)$", text, re.MULTILINE)
    sans = re.findall(r'^_continue_ = "url=(.*)"$', text, re.MULTILINE)
    assert subject and algorithm and sans, f"{inf.name}: not the INF this stand-in reads"
    curves = {"ECDSA_P256": "P-256", "ECDSA_P384": "P-384"}
    key = (
        ["-newkey", "ec", "-pkeyopt", f"ec_paramgen_curve:{curves[algorithm.group(1)]}"]
        if algorithm.group(1) in curves
        else ["-newkey", "rsa:2048"]
    )
    done = subprocess.run(
        [
            require("openssl"),
            "req",
            "-new",
            *key,
            "-noenc",
            "-keyout",
            str(csr.with_suffix(".key")),
            "-out",
            str(csr),
            "-subj",
            "/" + subject.group(1).replace(", ", "/"),
            "-addext",
            "subjectAltName=" + ",".join(f"URI:{s}" for s in sans),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stderr


def names(runbook: str) -> set[str]:
    """The host names of the runbook's URLs, which every machine resolves to loopback."""
    return set(re.findall(r"https?://([a-z0-9.-]+)", runbook))


def prepare(stack: ExitStack, network: Network, work: Path, bundle: Path, runbook: str) -> Operator:
    """The machines as the operator finds them, the bundle carried to each."""
    machines = {}
    for name in MACHINES:
        machine = stack.enter_context(network.machine(name, work / name))
        machine.hosts({host: "127.0.0.1" for host in names(runbook)})
        machine.put(bundle, BUNDLE)
        machines[name] = machine
    machines["ca-server"].put(peer("step-ca", "oldest"), "/usr/bin/step-ca")
    machines["admin"].put(peer("step", "oldest"), "/usr/bin/step")
    machines["admin"].put(TYPIST, TYPIST_IN_MACHINE)
    machines["admin"].run(f"install -d {OUT}")
    windows = work / "windows-pc"
    windows.mkdir()
    person = Operator(runbook, machines, windows)
    person.give_passphrases()
    assert set(PASSPHRASES) <= set(person.passfiles()), "the runbook names these variables"
    return person


@pytest.fixture(scope="module")
def operator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Operator]:
    """The example's runbook, sections 0 to 7, applied in order."""
    work = tmp_path_factory.mktemp("runbook")
    require_machines(work)
    bundle = materialize(compile_checked(EXAMPLE), work / "homelab")
    runbook = (bundle / "RUNBOOK.md").read_text(encoding="utf-8")
    with ExitStack() as stack:
        network = stack.enter_context(Network())
        person = prepare(stack, network, work, bundle, runbook)
        for block in blocks(runbook):
            if block.section in NOT_RUN:
                continue
            if block.section not in person.crls and block.section in (3, 8):
                person.crls[block.section] = person.served_crl()  # after sections 2 and 7
            person.apply(block)
        person.crls[8] = person.served_crl()
        yield person


#: section 8's first paragraph, done to the example: the intermediate marked revoked, and
#: its successor, named for step-ca
REVOKED = "    revoked: {date: 2026-12-01, reason: keyCompromise}\n"
SUCCESSOR = """\
  - name: intermediate-2
    common_name: vlan.party Intermediate CA 2
    key: {type: ec, curve: secp384r1}
    lifetime: 3652d
    pathlen: 0
    name_constraints:
      permitted_dns: [vlan.party]
"""


def revoking_spec(text: str) -> str:
    """The example with its intermediate revoked and a successor in step-ca's service."""
    start = text.index("  - name: intermediate\n")
    end = text.index("\nceremony:")
    text = text[:end] + SUCCESSOR + text[end:]
    text = text[:start] + text[start:].replace("    pathlen: 0\n", "    pathlen: 0\n" + REVOKED, 1)
    return text.replace("  intermediate: intermediate\n", "  intermediate: intermediate-2\n", 1)


@pytest.fixture(scope="module")
def revoked(operator: Operator, tmp_path_factory: pytest.TempPathFactory) -> Operator:
    """Section 8 of the rebuilt bundle, on the same machines: the revocation, the
    successor, the CRL host, step-ca's cut-over, the devices' certificates again."""
    work = tmp_path_factory.mktemp("revoked")
    spec = work / "homelab.pki.yaml"
    spec.write_text(revoking_spec(EXAMPLE.read_text(encoding="utf-8")), encoding="utf-8")
    bundle = materialize(compile_checked(spec), work / "homelab")
    operator.runbook = (bundle / "RUNBOOK.md").read_text(encoding="utf-8")
    assert section_blocks(operator.runbook, 8), "the rebuilt runbook lists section 8's steps"
    for machine in operator.machines.values():  # the new bundle, carried to each machine
        machine.run(f"rm -rf {BUNDLE}")
        machine.put(bundle, BUNDLE)
    operator.give_passphrases()  # the successor's among them
    for block in section_blocks(operator.runbook, 8):
        operator.apply(block)
    return operator


def test_every_block_of_the_runbook_ran_or_is_named(operator: Operator) -> None:
    every = blocks(operator.runbook)
    ran = operator.ran
    skipped = [b for b in every if b.section in NOT_RUN]
    assert {b.section for b in skipped} <= set(NOT_RUN)
    assert len(ran) + len(skipped) + sum(b.kind == "carry" for b in every) == len(every)
    assert {b.machine for b in every if b.kind == "sh"} <= {*RUNS_ON, "windows-pc"}
    print("unit settings the stand-in systemctl does not emulate:", ", ".join(NOT_EMULATED))


def test_the_operators_choices_are_the_runbooks(operator: Operator) -> None:
    """Every variable a block uses is one of the runbook's choices (or a documented
    variable of the scripts), and the test chose each of them."""
    used = set().union(*(variables(b) for b in blocks(operator.runbook)))
    assert used == choices(operator.runbook)
    assert used <= {"EXPORT", *operator.choices}


def sh(operator: Operator, machine: str, script: str) -> str:
    done = operator.machines[machine].run(script, env=operator.env(), check=False)
    assert done.returncode == 0, f"{script}\n{done.stdout}{done.stderr}"
    return done.stdout


def test_the_ceremony_made_a_chain_openssl_verifies(operator: Operator) -> None:
    out = sh(
        operator,
        "offline",
        "openssl verify -CAfile /root/ca/certs/ca.pem /root/ca/intermediate/certs/intermediate.pem",
    )
    assert out.strip().endswith(": OK")


def test_the_fingerprint_written_down_is_the_roots(operator: Operator) -> None:
    pem = sh(operator, "admin", f"cat {EXPORT}/certs/root.pem")
    root = x509.load_pem_x509_certificate(pem.encode())
    assert operator.choices["FINGERPRINT"] == root.fingerprint(hashes.SHA256()).hex()


def test_step_ca_runs_as_its_unit_says(operator: Operator) -> None:
    """Started by the stand-in systemctl from step-ca.service: as the user `step`, which
    install-step-ca.sh made on the CA server only."""
    assert sh(operator, "ca-server", "ps -o user= -C step-ca").split() == ["step"]
    assert subprocess.run(["id", "step"], capture_output=True, check=False).returncode != 0


def test_the_trusting_machine_reaches_step_ca_by_its_name(operator: Operator) -> None:
    """After section 4 the admin machine's curl trusts step-ca through the system store,
    which this host's does not."""
    url = re.search(r'step-ca "[^"]+" at (https://\S+),', operator.runbook)
    assert url
    assert sh(operator, "admin", f"curl -sf {url.group(1)}/health").strip() == '{"status":"ok"}'


def test_the_phones_pkcs12_and_its_renewal(operator: Operator) -> None:
    """Section 6: the phone's PKCS#12 opens with its passphrase and holds a certificate of
    the intermediate; the renewal kept the first as *.previous."""
    listing = sh(operator, "admin", f"ls {OUT}").split()
    assert {"my-android-phone.p12", "my-android-phone.p12.previous"} <= set(listing)
    data = base64.b64decode(sh(operator, "admin", f"base64 -w0 {OUT}/my-android-phone.p12"))
    p12 = pkcs12.load_pkcs12(data, PASSPHRASES["PKISPEC_P12_PASSFILE"].encode())
    assert p12.cert is not None and p12.key is not None
    assert p12.cert.certificate.issuer.rfc4514_string() == (
        "CN=vlan.party Intermediate CA 1,O=vlan.party,C=DE"
    )


def test_the_desktops_request_came_back_with_its_chain(operator: Operator) -> None:
    chain = pkcs7.load_der_pkcs7_certificates((operator.windows / "my-desktop.p7b").read_bytes())
    subjects = [c.subject.rfc4514_string() for c in chain]
    assert "CN=My Desktop" in subjects
    assert "CN=vlan.party Intermediate CA 1,O=vlan.party,C=DE" in subjects


def test_the_re_signed_crl_is_served(operator: Operator) -> None:
    """Section 7's offline ceremony, carry and publish: the CRL host serves a newer CRL."""
    first, second = operator.crls[3], operator.crls[8]
    number = x509.CRLNumber
    assert (
        second.extensions.get_extension_for_class(number).value.crl_number
        == first.extensions.get_extension_for_class(number).value.crl_number + 1
    )


def test_the_revoked_intermediate_is_on_the_served_crl(revoked: Operator) -> None:
    pem = sh(revoked, "offline", "cat /root/ca/intermediate/certs/intermediate.pem")
    intermediate = x509.load_pem_x509_certificate(pem.encode())
    entry = revoked.served_crl().get_revoked_certificate_by_serial_number(
        intermediate.serial_number
    )
    assert entry is not None
    reason = entry.extensions.get_extension_for_class(x509.CRLReason).value.reason
    assert reason == x509.ReasonFlags.key_compromise


def test_step_ca_issues_from_the_successor_after_the_cut_over(revoked: Operator) -> None:
    """After section 8's cut-over the devices' certificates, issued again as section 8
    says, come from the successor; step-ca's old files stay as *.retired beside the new."""
    data = base64.b64decode(sh(revoked, "admin", f"base64 -w0 {OUT}/my-android-phone.p12"))
    p12 = pkcs12.load_pkcs12(data, PASSPHRASES["PKISPEC_P12_PASSFILE"].encode())
    assert p12.cert is not None
    assert p12.cert.certificate.issuer.rfc4514_string() == (
        "CN=vlan.party Intermediate CA 2,O=vlan.party,C=DE"
    )
    assert ".retired" in sh(revoked, "ca-server", "ls /etc/step/certs /etc/step/secrets")


def test_the_desktop_renewed_from_the_successor(revoked: Operator) -> None:
    chain = pkcs7.load_der_pkcs7_certificates((revoked.windows / "my-desktop.p7b").read_bytes())
    issuers = {
        c.issuer.rfc4514_string() for c in chain if c.subject.rfc4514_string() == "CN=My Desktop"
    }
    assert issuers == {"CN=vlan.party Intermediate CA 2,O=vlan.party,C=DE"}
